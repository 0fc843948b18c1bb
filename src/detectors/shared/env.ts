/**
 * Example env files, read for names and sample values. `.env` itself is never read: it may hold
 * real secrets.
 */
export const ENV_EXAMPLE_FILES = ['.env.example', '.env.sample', '.env.template', '.env.dist'] as const;

const NAME_RE = '[A-Za-z_][A-Za-z0-9_]*';

/** Whether a variable looks like a credential, from its name and (for URLs) its example value. */
export function isSecretEnv(name: string, exampleValue: string | null = null): boolean {
  const upper = name.toUpperCase();
  if (/PASSWORD|PASSWD|SECRET|TOKEN|CREDENTIAL|APIKEY|PRIVATEKEY/.test(upper)) return true;
  const parts = upper.split('_');
  if (parts.includes('KEY') || parts.includes('KEYS') || parts.includes('DSN') || parts.includes('PASS'))
    return true;
  // A connection URL with user:password@ in its example value (postgres://app:app@db/app, redis://:pw@host).
  return exampleValue !== null && /^[a-z][a-z0-9+.-]*:\/\/[^/\s:@]*:[^/\s@]+@/i.test(exampleValue.trim());
}

export interface DotenvEntry {
  name: string;
  value: string;
  line: number;
}

/** Parses dotenv text: `NAME=value`, `export NAME=value`, quotes, `#` comments. Never throws. */
export function parseDotenv(text: string): DotenvEntry[] {
  const out: DotenvEntry[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const m = new RegExp(String.raw`^\s*(?:export\s+)?(${NAME_RE})\s*=\s*(.*)$`).exec(lines[i] as string);
    if (!m) continue;
    let value = (m[2] as string).trim();
    const q = value[0];
    if ((q === '"' || q === "'") && value.indexOf(q, 1) > 0) value = value.slice(1, value.indexOf(q, 1));
    else value = value.replace(/\s+#.*$/, '').trim();
    out.push({ name: m[1] as string, value, line: i + 1 });
  }
  return out;
}
