import type { Diagnostic } from '../../model/diagnostic.js';
import type { Evidence } from '../../model/evidence.js';
import type { EnvVar } from '../../model/service.js';
import type { RepoFs } from '../../repo/repo-fs.js';
import { joinRel } from '../paths.js';
import { lineAt } from '../text.js';
import type { SourceFile } from './source-files.js';

/**
 * Example env files, read for names and sample values. `.env` itself is never read: it may hold
 * real secrets.
 */
export const ENV_EXAMPLE_FILES = ['.env.example', '.env.sample', '.env.template', '.env.dist'] as const;

/** Set by the runtime or the package manager, not configuration a person supplies. */
const IGNORED = (name: string): boolean => name === 'NODE_ENV' || name.startsWith('npm_');

/** At most this many evidence entries are kept per variable. */
const MAX_EVIDENCE = 5;

const NAME_RE = '[A-Za-z_][A-Za-z0-9_]*';
/** `?? 'x'`, `|| "x"`, `?? 3000` after an env read (also after a closing paren: `Number(process.env.X) || 3`). */
const DEFAULT_RE = String.raw`\s*\)?\s*(?:\?\?|\|\|)\s*(?:(?<q>['"\`])(?<str>[^'"\`\n]*)\k<q>|(?<lit>-?\d+(?:\.\d+)?|true|false)\b)`;

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

interface Acc {
  name: string;
  codeDefault: string | null;
  exampleValue: string | null;
  evidence: Evidence[];
}

/**
 * Environment variables the service reads: `process.env.NAME`, `process.env['NAME']` and
 * `const { A, B = 'x' } = process.env` in the sources, merged with example env files in `dir`.
 * Secret-looking variables never get a default (a sample password must not become a real one).
 */
export function detectEnv(
  fs: RepoFs,
  dir: string,
  sources: readonly SourceFile[],
): { env: EnvVar[]; diagnostics: Diagnostic[] } {
  const vars = new Map<string, Acc>();
  const diagnostics: Diagnostic[] = [];
  const add = (name: string, ev: Evidence, codeDefault: string | null, exampleValue: string | null): void => {
    if (IGNORED(name)) return;
    const acc = vars.get(name) ?? { name, codeDefault: null, exampleValue: null, evidence: [] };
    acc.codeDefault ??= codeDefault;
    acc.exampleValue ??= exampleValue;
    if (
      acc.evidence.length < MAX_EVIDENCE &&
      !acc.evidence.some((e) => e.file === ev.file && e.line === ev.line)
    ) {
      acc.evidence.push(ev);
    }
    vars.set(name, acc);
  };

  const access = new RegExp(
    String.raw`process\.env(?:\.(?<dot>${NAME_RE})|\[\s*(?<bq>['"\`])(?<idx>${NAME_RE})\k<bq>\s*\])(?:${DEFAULT_RE})?`,
    'g',
  );
  const destructure = /\{([^{}]*)\}\s*=\s*process\.env\b/g;
  for (const src of sources) {
    for (const m of src.code.matchAll(access)) {
      const g = m.groups ?? {};
      const name = (g.dot ?? g.idx) as string;
      const def = g.str ?? g.lit ?? null;
      const line = lineAt(src.code, m.index);
      add(name, { file: src.path, line, reason: `read in ${src.path}`, confidence: 'strong' }, def, null);
    }
    for (const m of src.code.matchAll(destructure)) {
      const line = lineAt(src.code, m.index);
      for (const part of (m[1] as string).split(',')) {
        const d = new RegExp(
          String.raw`^\s*(${NAME_RE})\s*(?::\s*${NAME_RE}\s*)?(?:=\s*(?:(['"\`])([^'"\`]*)\2|(\d+)))?\s*$`,
        ).exec(part);
        if (!d) continue;
        const name = d[1] as string;
        add(
          name,
          {
            file: src.path,
            line,
            reason: `destructured from process.env in ${src.path}`,
            confidence: 'strong',
          },
          d[3] ?? d[4] ?? null,
          null,
        );
      }
    }
  }

  for (const name of ENV_EXAMPLE_FILES) {
    const file = joinRel(dir, name);
    if (!fs.exists(file)) continue;
    const r = fs.readText(file);
    if (!r.ok) {
      diagnostics.push({
        severity: 'warning',
        file,
        message: `cannot read ${name} (${r.reason}): ${r.message}`,
      });
      continue;
    }
    for (const e of parseDotenv(r.text)) {
      add(
        e.name,
        { file, line: e.line, reason: `listed in ${name}`, confidence: 'explicit' },
        null,
        e.value === '' ? null : e.value,
      );
    }
  }

  const env: EnvVar[] = [...vars.values()]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((v) => {
      const secret = isSecretEnv(v.name, v.exampleValue);
      return {
        name: v.name,
        secret,
        default: secret ? null : (v.codeDefault ?? v.exampleValue),
        evidence: v.evidence,
      };
    });
  return { env, diagnostics };
}
