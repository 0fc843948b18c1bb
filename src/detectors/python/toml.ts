import { parse, TomlError, type TomlTableWithoutBigInt } from 'smol-toml';
import type { Diagnostic } from '../../model/diagnostic.js';
import type { RepoFs } from '../../repo/repo-fs.js';

export type TomlTable = TomlTableWithoutBigInt;

export type TomlRead =
  | { ok: true; file: string; text: string; value: TomlTable }
  | { ok: false; file: string; diagnostic: Diagnostic | null };

/**
 * Reads and parses a TOML file. Never throws: a missing file gives no diagnostic, an unreadable or
 * invalid one a diagnostic naming the file (and the line, for syntax errors) and the fix.
 */
export function readToml(fs: RepoFs, file: string, severity: 'error' | 'warning' = 'error'): TomlRead {
  const r = fs.readText(file);
  if (!r.ok) {
    if (r.reason === 'missing') return { ok: false, file, diagnostic: null };
    return {
      ok: false,
      file,
      diagnostic: {
        severity: 'warning',
        file,
        message: `cannot read ${file} (${r.reason}): ${r.message}`,
        fix: 'make the file readable, or remove it',
      },
    };
  }
  const text = r.text.replace(/^\uFEFF/, '');
  try {
    return { ok: true, file, text, value: parse(text, { unsafeKeyBehaviour: 'drop', maxDepth: 50 }) };
  } catch (e) {
    const line = e instanceof TomlError && e.line > 0 ? e.line : undefined;
    const reason = (e instanceof Error ? e.message : String(e)).split('\n')[0] ?? 'syntax error';
    return {
      ok: false,
      file,
      diagnostic: {
        severity,
        file,
        ...(line ? { line } : {}),
        message: `invalid TOML: ${reason}`,
        fix: `fix the TOML syntax${line ? ` at line ${line}` : ''} (an unfinished file?)`,
      },
    };
  }
}

/** The table at a dotted path (`tool.poetry`), or null when absent or not a table. */
export function table(root: TomlTable | null | undefined, path: string): TomlTable | null {
  let cur: unknown = root;
  for (const key of path.split('.')) {
    if (!isTable(cur)) return null;
    cur = cur[key];
  }
  return isTable(cur) ? cur : null;
}

export function isTable(v: unknown): v is TomlTable {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

/** A string value, or null for anything else. */
export function str(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}

/** The strings of an array value, skipping non-strings; empty for anything else. */
export function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}
