import type { Diagnostic } from '../../model/diagnostic.js';
import type { EnvVar } from '../../model/service.js';
import type { RepoFs } from '../../repo/repo-fs.js';
import { lineIn, type SourceFile } from '../shared/code-scan.js';
import { EnvCollector } from '../shared/env-collector.js';
import { escapeRe } from '../shared/regex.js';

const NAME = '[A-Za-z_][A-Za-z0-9_]*';

/**
 * Environment variables a Go service reads: `os.Getenv("X")`, `os.LookupEnv("X")`, helpers such as
 * `getEnv("X", "default")`, config struct tags (`env:"X"`, `envconfig:"X"`; weak: a prefix may apply),
 * plus example env files in `dir`. Defaults come from `cmp.Or`, helper arguments, `if x == "" { x = … }`
 * and `envDefault`/`default` tags.
 */
export function detectGoEnv(
  fs: RepoFs,
  dir: string,
  sources: readonly SourceFile[],
): { env: EnvVar[]; diagnostics: Diagnostic[] } {
  const acc = new EnvCollector();
  for (const src of sources) {
    const { code, path } = src;
    const ev = (index: number, reason: string, confidence: 'strong' | 'weak' = 'strong') => ({
      file: path,
      line: lineIn(src, index),
      reason: `${reason} in ${path}`,
      confidence,
    });
    for (const m of code.matchAll(
      new RegExp(String.raw`\bos\.(Getenv|LookupEnv)\(\s*"(${NAME})"\s*\)`, 'g'),
    )) {
      const name = m[2] as string;
      acc.add(name, ev(m.index, `os.${m[1]}("${name}")`), goDefaultAfter(code, m.index, name));
    }
    // Helpers: getEnv("X", "d"), envOr("X", "d"), lookupEnvOrInt("X", 3). Upper-case names only, so
    // unrelated functions with "env" in their name do not count.
    for (const m of code.matchAll(
      /\b(\w{0,40}?(?:Env|env)\w{0,40})\(\s*"([A-Z][A-Z0-9_]*)"\s*(?:,\s*(?:"([^"\n]*)"|(-?\d+(?:\.\d+)?|true|false)\b))?/g,
    )) {
      const fn = m[1] as string;
      // os.Getenv is matched above; Setenv/Unsetenv write, they do not read.
      if (/^(?:Getenv|LookupEnv|Setenv|Unsetenv)$/.test(fn)) continue;
      acc.add(m[2] as string, ev(m.index, `${fn}("${m[2]}")`), m[3] ?? m[4] ?? null);
    }
    // Struct tags: `env:"DATABASE_URL,required"`, `envconfig:"PORT" default:"8080"`.
    for (const tag of code.matchAll(
      /`[^`\n]{0,300}?\b(?:env|envconfig)\s*:\s*"[^"\n]{0,200}"[^`\n]{0,300}`/g,
    )) {
      const t = tag[0];
      const nm = new RegExp(String.raw`\b(?:env|envconfig)\s*:\s*"(${NAME})[",]`).exec(t);
      if (!nm) continue;
      const def = /\b(?:envDefault|default)\s*:\s*"([^"]*)"/.exec(t);
      acc.add(
        nm[1] as string,
        ev(tag.index, `struct tag ${nm[0].replace(/[",]$/, '"')}`, 'weak'),
        def?.[1] ?? null,
      );
    }
  }
  acc.addExampleFiles(fs, dir);
  return { env: acc.result(), diagnostics: acc.diagnostics };
}

/** The default after an os.Getenv read: `cmp.Or(os.Getenv("X"), "d")` or `v := os.Getenv("X"); if v == "" { v = "d" }`. */
function goDefaultAfter(code: string, index: number, name: string): string | null {
  const before = code.slice(Math.max(0, index - 40), index);
  if (/\bcmp\.Or\(\s*$/.test(before)) {
    const m = new RegExp(String.raw`^os\.Getenv\(\s*"${escapeRe(name)}"\s*\)\s*,\s*"([^"\n]*)"`).exec(
      code.slice(index),
    );
    if (m) return m[1] as string;
  }
  const assign = /(\w+)\s*:?=\s*$/.exec(before);
  if (!assign) return null;
  const v = escapeRe(assign[1] as string);
  const after = code.slice(index, index + 260);
  const m = new RegExp(String.raw`\bif\s+${v}\s*==\s*""\s*\{\s*${v}\s*=\s*"([^"\n]*)"`).exec(after);
  return m ? (m[1] as string) : null;
}
