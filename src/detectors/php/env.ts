import type { Evidence } from '../../model/evidence.js';
import type { EnvVar } from '../../model/service.js';
import { isSecretEnv } from '../shared/env.js';
import { lineAt } from '../text.js';
import type { ExampleEnv } from './backing.js';
import type { PhpSource } from './php-source.js';

const MAX_EVIDENCE = 5;
const NAME = '[A-Za-z_][A-Za-z0-9_]*';
const KEY = String.raw`(?<nq>['"])(?<name>${NAME})\k<nq>`;
const LITERAL = String.raw`(?:(?<q>['"])(?<str>[^'"\n]*)\k<q>|(?<lit>-?\d+(?:\.\d+)?|true|false)\b)`;

/**
 * How PHP reads the environment: Laravel's `env('X', default)`, `getenv('X')`, `$_ENV['X']`, and
 * Symfony's `%env(X)%` / `%env(int:X)%` in config. Patterns with defaults come first.
 */
const ACCESS: readonly RegExp[] = [
  new RegExp(String.raw`(?<![\w$>:])env\(\s*${KEY}\s*,\s*${LITERAL}`, 'g'),
  new RegExp(String.raw`(?<![\w$>:])env\(\s*${KEY}`, 'g'),
  new RegExp(String.raw`\bgetenv\(\s*${KEY}`, 'g'),
  new RegExp(String.raw`\$_ENV\[\s*${KEY}\s*\]`, 'g'),
  new RegExp(String.raw`%env\((?:[a-z_-]*:)*(?<name>${NAME})\)%`, 'g'),
];

interface Acc {
  name: string;
  codeDefault: string | null;
  exampleValue: string | null;
  evidence: Evidence[];
}

/**
 * Environment variables a PHP app reads, merged with its example env file. Secret-looking variables
 * never get a default; `null` defaults (Laravel's `REDIS_PASSWORD=null`) are not defaults.
 */
export function detectPhpEnv(
  sources: readonly PhpSource[],
  example: ExampleEnv | null,
  production: { values: Readonly<Record<string, string>>; evidence: Evidence } | null = null,
): EnvVar[] {
  const vars = new Map<string, Acc>();
  const add = (name: string, ev: Evidence, codeDefault: string | null, exampleValue: string | null): void => {
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
  for (const src of sources) {
    for (const re of ACCESS) {
      for (const m of src.code.matchAll(new RegExp(re.source, re.flags))) {
        const g = m.groups ?? {};
        add(
          g.name as string,
          {
            file: src.path,
            line: lineAt(src.code, m.index),
            reason: `read in ${src.path}`,
            confidence: 'strong',
          },
          g.str ?? g.lit ?? null,
          null,
        );
      }
    }
  }
  if (example) {
    const name = example.file.split('/').at(-1);
    for (const e of example.entries) {
      const v = e.value === '' || e.value === 'null' ? null : e.value;
      add(
        e.name,
        { file: example.file, line: e.line, reason: `listed in ${name}`, confidence: 'explicit' },
        null,
        v,
      );
    }
  }
  const overrides = production?.values ?? {};
  for (const [name, value] of Object.entries(overrides)) {
    add(
      name,
      {
        ...(production?.evidence as Evidence),
        reason: `${name}=${value} in production (the example file's value is for development)`,
      },
      null,
      null,
    );
  }
  return [...vars.values()]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((v) => {
      const secret = isSecretEnv(v.name, v.exampleValue);
      return {
        name: v.name,
        secret,
        default: secret ? null : (overrides[v.name] ?? v.codeDefault ?? v.exampleValue),
        evidence: v.evidence,
      };
    });
}
