import type { Evidence } from '../../model/evidence.js';
import type { EnvVar } from '../../model/service.js';
import { isSecretEnv } from '../shared/env.js';
import { lineLocator } from '../shared/lines.js';
import { type ConfigEntry, placeholders } from './app-config.js';
import type { SourceFile } from './sources.js';

/** Set by the platform or the JVM launcher, not configuration a person supplies. */
const IGNORED = new Set(['JAVA_HOME', 'JAVA_OPTS', 'JAVA_TOOL_OPTIONS', 'HOME', 'PATH', 'HOSTNAME', 'USER']);
const MAX_EVIDENCE = 5;
const NAME = '[A-Za-z_][A-Za-z0-9_]*';

/** How Java and Kotlin code reads env vars; `def` is the default when the code states one. */
export const JVM_ENV_PATTERNS: readonly RegExp[] = [
  // System.getenv().getOrDefault("X", "d")
  new RegExp(
    String.raw`System\.getenv\(\)\.getOrDefault\(\s*"(?<name>${NAME})"\s*,\s*"(?<def>[^"\n]*)"`,
    'g',
  ),
  // System.getenv("X") ?: "d" | System.getenv("X")?.toInt() ?: 8080 (Kotlin) | System.getenv("X")
  new RegExp(
    String.raw`System\.getenv\(\s*"(?<name>${NAME})"\s*\)(?:\s*(?:\?\.\w+\(\s*\)\s*)*\?:\s*(?:"(?<def>[^"\n]*)"|(?<num>-?\d+(?:\.\d+)?)\b))?`,
    'g',
  ),
  // System.getenv().get("X") | System.getenv()["X"]
  new RegExp(String.raw`System\.getenv\(\)(?:\.get\(|\[)\s*"(?<name>${NAME})"`, 'g'),
];

interface Acc {
  name: string;
  def: string | null;
  evidence: Evidence[];
}

/**
 * Env vars a JVM service reads: `System.getenv` in the code, `${NAME}` / `${NAME:default}` in its
 * config files and in `@Value("${NAME:…}")` annotations. Only UPPER_CASE placeholders count:
 * `${server.port}` refers to another property, not the environment.
 */
export function detectJvmEnv(sources: readonly SourceFile[], config: readonly ConfigEntry[]): EnvVar[] {
  const vars = new Map<string, Acc>();
  const add = (name: string, ev: Evidence, def: string | null): void => {
    if (IGNORED.has(name)) return;
    const acc = vars.get(name) ?? { name, def: null, evidence: [] };
    acc.def ??= def;
    if (
      acc.evidence.length < MAX_EVIDENCE &&
      !acc.evidence.some((e) => e.file === ev.file && e.line === ev.line)
    ) {
      acc.evidence.push(ev);
    }
    vars.set(name, acc);
  };
  for (const src of sources) {
    const lineOf = lineLocator(src.code);
    for (const re of JVM_ENV_PATTERNS) {
      for (const m of src.code.matchAll(new RegExp(re.source, re.flags))) {
        const g = m.groups ?? {};
        add(
          g.name as string,
          {
            file: src.path,
            line: lineOf(m.index),
            reason: `read in ${src.path}`,
            confidence: 'strong',
          },
          g.def ?? g.num ?? null,
        );
      }
    }
    for (const m of src.code.matchAll(/@Value\(\s*"([^"\n]*)"/g)) {
      for (const ph of placeholders(m[1] as string)) {
        add(
          ph.name,
          {
            file: src.path,
            line: lineOf(m.index),
            reason: `@Value placeholder in ${src.path}`,
            confidence: 'strong',
          },
          ph.default,
        );
      }
    }
  }
  for (const e of config) {
    for (const ph of placeholders(e.value)) {
      add(
        ph.name,
        { file: e.file, line: e.line, reason: `${e.key} reads \${${ph.name}}`, confidence: 'explicit' },
        ph.default,
      );
    }
  }
  return [...vars.values()]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((v) => {
      const secret = isSecretEnv(v.name, v.def);
      return { name: v.name, secret, default: secret ? null : v.def, evidence: v.evidence };
    });
}
