import path from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, type Node, parseAllDocuments } from 'yaml';
import type { Diagnostic } from '../../model/diagnostic.js';
import type { RepoFs } from '../../repo/repo-fs.js';
import { joinRel } from '../paths.js';

/** One setting from an application config file, flattened to a dotted key. */
export interface ConfigEntry {
  key: string;
  value: string;
  file: string;
  line: number;
  /** Spring/Quarkus/Micronaut profile the entry applies to (`prod`), or null for every profile. */
  profile: string | null;
}

/** Config files a JVM service reads at startup, relative to the module folder. */
export const CONFIG_DIR = 'src/main/resources';

/**
 * Larger config files are not read: real ones are a few KB, and the YAML parser needs seconds on
 * megabytes of broken input.
 */
export const MAX_CONFIG_CHARS = 256 * 1024;

/** Profiles that are the production configuration; others (dev, test, local) are ignored. */
export const PRODUCTION_PROFILES: ReadonlySet<string> = new Set(['prod', 'production']);

/**
 * Reads `application[-profile].properties|yml|yaml` and `application.conf` (HOCON, Ktor) from the
 * module's resources. Entries of non-production profiles are dropped. Never throws.
 */
export function readAppConfig(
  fs: RepoFs,
  moduleDir: string,
): { entries: ConfigEntry[]; diagnostics: Diagnostic[] } {
  const dir = joinRel(moduleDir, CONFIG_DIR);
  const entries: ConfigEntry[] = [];
  const diagnostics: Diagnostic[] = [];
  const files = fs
    .filesIn(dir)
    .filter((f) =>
      /^(application|bootstrap)(-[\w.-]+)?\.(properties|ya?ml|conf)$/.test(path.posix.basename(f)),
    )
    .sort((a, b) => configRank(a) - configRank(b) || a.localeCompare(b));
  for (const file of files) {
    const base = path.posix.basename(file);
    const fileProfile = /^(?:application|bootstrap)-([\w.-]+)\./.exec(base)?.[1] ?? null;
    if (fileProfile !== null && !PRODUCTION_PROFILES.has(fileProfile)) continue;
    const r = fs.readText(file);
    if (!r.ok) {
      if (r.reason !== 'missing') {
        diagnostics.push({
          severity: 'warning',
          file,
          message: `cannot read ${base} (${r.reason}): ${r.message}`,
        });
      }
      continue;
    }
    if (r.text.length > MAX_CONFIG_CHARS) {
      diagnostics.push({
        severity: 'warning',
        file,
        message: `${base} is larger than ${MAX_CONFIG_CHARS / 1024} KB; it is not read`,
        fix: 'keep application config small; settings in it (server port, datasource) are not detected',
      });
      continue;
    }
    if (base.endsWith('.properties')) {
      for (const e of parseProperties(r.text)) {
        // Quarkus profile prefix: %prod.quarkus.http.port
        const m = /^%([\w-]+)\.(.+)$/.exec(e.key);
        const profile = m ? (m[1] as string) : fileProfile;
        if (profile !== null && !PRODUCTION_PROFILES.has(profile)) continue;
        entries.push({ key: m ? (m[2] as string) : e.key, value: e.value, file, line: e.line, profile });
      }
    } else if (base.endsWith('.conf')) {
      for (const e of parseHoconLines(r.text)) entries.push({ ...e, file, profile: fileProfile });
    } else {
      const y = parseYamlConfig(r.text);
      if (y.error) {
        diagnostics.push({
          severity: 'warning',
          file,
          ...(y.error.line ? { line: y.error.line } : {}),
          message: `invalid YAML in ${base}: ${y.error.message}`,
          fix: 'fix the YAML syntax; settings in it (server port, datasource) are not read until then',
        });
      }
      for (const e of y.entries) {
        const profile = e.profile ?? fileProfile;
        if (profile !== null && !PRODUCTION_PROFILES.has(profile)) continue;
        entries.push({ key: e.key, value: e.value, line: e.line, file, profile });
      }
    }
  }
  return { entries, diagnostics };
}

function configRank(file: string): number {
  const base = path.posix.basename(file);
  // Base files first, then profile files (which override them).
  return /^(application|bootstrap)\./.test(base) ? 0 : 1;
}

/**
 * The effective value of a key: production-profile entries override base entries (as Spring and
 * Quarkus apply them). Keys compare in relaxed form (`server.port` = `server-port` casing aside).
 */
export function configValue(entries: readonly ConfigEntry[], key: string): ConfigEntry | null {
  const want = relaxed(key);
  let best: ConfigEntry | null = null;
  for (const e of entries) {
    if (relaxed(e.key) !== want) continue;
    if (!best || (best.profile === null && e.profile !== null)) best = e;
  }
  return best;
}

function relaxed(key: string): string {
  return key.toLowerCase().replace(/[-_]/g, '');
}

/** `.properties` text → entries (`key=value`, `key: value`, `key value`; `#`/`!` comments; `\` continuations). */
export function parseProperties(text: string): { key: string; value: string; line: number }[] {
  const out: { key: string; value: string; line: number }[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const startLine = i + 1;
    let raw = (lines[i] as string).replace(/^\s+/, '');
    if (raw === '' || raw.startsWith('#') || raw.startsWith('!')) continue;
    while (/(^|[^\\])(\\\\)*\\$/.test(raw) && i + 1 < lines.length) {
      raw = raw.slice(0, -1) + (lines[++i] as string).replace(/^\s+/, '');
    }
    const m = /^((?:\\.|[^=:\s\\])+)\s*[=:\s]\s*(.*)$/.exec(raw) ?? /^((?:\\.|[^=:\s\\])+)$/.exec(raw);
    if (!m) continue;
    out.push({
      key: (m[1] as string).replace(/\\(.)/g, '$1'),
      value: (m[2] ?? '').trim(),
      line: startLine,
    });
  }
  return out;
}

/** YAML config → flattened entries; multi-document files keep each document's `on-profile`. */
export function parseYamlConfig(text: string): {
  entries: { key: string; value: string; line: number; profile: string | null }[];
  error: { message: string; line?: number } | null;
} {
  const lc = new LineCounter();
  let docs: ReturnType<typeof parseAllDocuments>;
  try {
    docs = parseAllDocuments(text, { lineCounter: lc, uniqueKeys: false });
  } catch (e) {
    return { entries: [], error: { message: e instanceof Error ? e.message : String(e) } };
  }
  if (!Array.isArray(docs)) return { entries: [], error: null };
  const entries: { key: string; value: string; line: number; profile: string | null }[] = [];
  let error: { message: string; line?: number } | null = null;
  for (const doc of docs) {
    const first = doc.errors[0];
    if (first) {
      error ??= {
        message: first.message.split('\n')[0] as string,
        line: first.linePos?.[0]?.line,
      };
      continue;
    }
    const flat: { key: string; value: string; line: number }[] = [];
    const walk = (node: Node | null | undefined, prefix: string, depth: number): void => {
      if (!node || depth > 20) return;
      if (isMap(node)) {
        for (const pair of node.items) {
          const k = isScalar(pair.key) ? String(pair.key.value) : null;
          if (k === null) continue;
          const key = prefix ? `${prefix}.${k}` : k;
          const v = pair.value as Node | null;
          if (isScalar(v)) {
            const line = v.range ? lc.linePos(v.range[0]).line : 1;
            flat.push({ key, value: v.value === null ? '' : String(v.value), line });
          } else walk(v, key, depth + 1);
        }
      } else if (isSeq(node)) {
        node.items.forEach((item, i) => {
          walk(item as Node, `${prefix}[${i}]`, depth + 1);
        });
      }
    };
    walk(doc.contents as Node | null, '', 0);
    const profileEntry = flat.find(
      (e) => e.key === 'spring.config.activate.on-profile' || e.key === 'spring.profiles',
    );
    const profile = profileEntry ? profileEntry.value.split(',')[0]?.trim() || null : null;
    for (const e of flat) entries.push({ ...e, profile });
  }
  return { entries, error };
}

/**
 * HOCON (`application.conf`) read line by line: `a { b = 1 }` blocks and `a.b = 1` / `a: 1` keys.
 * Enough for `ktor.deployment.port`; substitutions `${?PORT}` are kept as written.
 */
export function parseHoconLines(text: string): { key: string; value: string; line: number }[] {
  const out: { key: string; value: string; line: number }[] = [];
  const stack: string[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).replace(/(^|\s)(#|\/\/).*$/, '').trim();
    if (line === '') continue;
    const open = /^([\w.-]+)\s*[:=]?\s*\{\s*(.*)$/.exec(line);
    if (open) {
      stack.push(open[1] as string);
      const rest = (open[2] as string).replace(/\}\s*$/, '');
      const kv = /^([\w.-]+)\s*[:=]\s*(.+)$/.exec(rest);
      if (kv)
        out.push({ key: [...stack, kv[1]].join('.'), value: unquoteHocon(kv[2] as string), line: i + 1 });
      if (/\}\s*$/.test(open[2] as string)) stack.pop();
      continue;
    }
    if (line.startsWith('}')) {
      stack.pop();
      continue;
    }
    const kv = /^([\w.-]+)\s*[:=]\s*(.+)$/.exec(line);
    if (kv) out.push({ key: [...stack, kv[1]].join('.'), value: unquoteHocon(kv[2] as string), line: i + 1 });
  }
  return out;
}

function unquoteHocon(v: string): string {
  const t = v.trim().replace(/,$/, '');
  return /^"(.*)"$/.test(t) ? t.slice(1, -1) : t;
}

/** A `${NAME:default}` / `${NAME}` / `${?NAME}` placeholder: the env var it reads and its default. */
export interface Placeholder {
  name: string;
  default: string | null;
}

/** Placeholders in a config value. Property references (`${server.port}`) are not env vars and are left out. */
export function placeholders(value: string): Placeholder[] {
  const out: Placeholder[] = [];
  for (const m of value.matchAll(/\$\{\??([A-Za-z_][A-Za-z0-9_.-]*)(?::([^}]*))?\}/g)) {
    const name = m[1] as string;
    if (!/^[A-Z][A-Z0-9_]*$/.test(name)) continue;
    out.push({ name, default: m[2] ?? null });
  }
  return out;
}

/**
 * The port a config value sets: a number, or a placeholder's numeric default (`${PORT:8080}`).
 * `port` is null when the value only names an env var (`${PORT}`).
 */
export function portFromValue(value: string): { port: number | null; envVar: string | null } {
  const v = value.trim();
  if (/^\d{1,5}$/.test(v)) return { port: inRange(Number(v)), envVar: null };
  const ph = placeholders(v)[0];
  const def = /\$\{[^}:]+:(\d{1,5})\}/.exec(v)?.[1];
  return { port: def ? inRange(Number(def)) : null, envVar: ph?.name ?? null };
}

function inRange(n: number): number | null {
  return n >= 1 && n <= 65535 ? n : null;
}
