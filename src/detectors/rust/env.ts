import type { Diagnostic } from '../../model/diagnostic.js';
import type { EnvVar } from '../../model/service.js';
import type { RepoFs } from '../../repo/repo-fs.js';
import { lineIn, type SourceFile } from '../shared/code-scan.js';
import { EnvCollector } from '../shared/env-collector.js';

const NAME = '[A-Za-z_][A-Za-z0-9_]*';

/** Set by Cargo or the Rust runtime, not configuration a person supplies. */
const IGNORED = (name: string): boolean =>
  name.startsWith('CARGO_') || name === 'RUST_BACKTRACE' || name === 'OUT_DIR';

/**
 * Environment variables a Rust service reads: `env::var("X")`, `std::env::var_os("X")`,
 * `dotenvy::var("X")`, clap arguments with `env = "X"`, plus example env files in `dir`. Defaults come
 * from `.unwrap_or(…)` / `.unwrap_or_else(|_| …)` in the same statement and clap's `default_value`.
 */
export function detectRustEnv(
  fs: RepoFs,
  dir: string,
  sources: readonly SourceFile[],
): { env: EnvVar[]; diagnostics: Diagnostic[] } {
  const acc = new EnvCollector(IGNORED);
  const read = new RegExp(String.raw`\b((?:std::)?env::var(?:_os)?|dotenvy?::var)\(\s*"(${NAME})"\s*\)`, 'g');
  const clap = new RegExp(
    String.raw`#\[(?:arg|clap)\(([^\]]{0,400}?)\benv\s*=\s*"(${NAME})"([^\]]{0,400})\]`,
    'g',
  );
  for (const src of sources) {
    const { code, path } = src;
    for (const m of code.matchAll(read)) {
      const name = m[2] as string;
      const statement = code
        .slice(m.index + m[0].length, m.index + m[0].length + 240)
        .split(';')[0] as string;
      const def =
        /^[^;]*?\.unwrap_or(?:_else)?\(\s*(?:\|[^|]*\|\s*)?(?:String::from\(\s*)?(?:"([^"\n]*)"|(-?\d+(?:\.\d+)?|true|false)\b)/.exec(
          statement,
        );
      acc.add(
        name,
        {
          file: path,
          line: lineIn(src, m.index),
          reason: `${m[1]}("${name}") in ${path}`,
          confidence: 'strong',
        },
        def ? (def[1] ?? def[2] ?? null) : null,
      );
    }
    for (const m of code.matchAll(clap)) {
      const attrs = `${m[1]} ${m[3]}`;
      const def = /\bdefault_value(?:_t)?\s*=\s*(?:"([^"\n]*)"|([\w.-]+))/.exec(attrs);
      acc.add(
        m[2] as string,
        {
          file: path,
          line: lineIn(src, m.index),
          reason: `clap argument env = "${m[2]}" in ${path}`,
          confidence: 'strong',
        },
        def ? (def[1] ?? def[2] ?? null) : null,
      );
    }
  }
  acc.addExampleFiles(fs, dir);
  return { env: acc.result(), diagnostics: acc.diagnostics };
}
