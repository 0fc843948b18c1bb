import type { Diagnostic } from '../../model/diagnostic.js';
import type { Confidence, Evidence } from '../../model/evidence.js';
import type { EnvVar } from '../../model/service.js';
import type { RepoFs } from '../../repo/repo-fs.js';
import { joinRel } from '../paths.js';
import { ENV_EXAMPLE_FILES, isSecretEnv, parseDotenv } from '../shared/env.js';
import { lineAt } from '../text.js';
import type { PySource } from './source-files.js';

/** At most this many evidence entries are kept per variable. */
const MAX_EVIDENCE = 5;
const NAME = '[A-Za-z_][A-Za-z0-9_]*';
const Q = `['"]`;
/** A literal default: a string, a number, True/False/None. */
const LITERAL = String.raw`(?:[rbf]?(?<q>['"])(?<str>[^'"\n]*)\k<q>|(?<lit>-?\d+(?:\.\d+)?|True|False|None)\b)`;

export interface PyEnvPattern {
  id: string;
  /** Global regex with a `name` group and optional `str`/`lit` default groups. */
  re: RegExp;
  /** The pattern counts only in files that match this (an import of the library). */
  requires?: RegExp;
  confidence: Confidence;
  describe: (file: string) => string;
}

/** How Python code reads environment variables. */
export const PY_ENV_PATTERNS: readonly PyEnvPattern[] = [
  {
    // os.environ["X"], environ['X']
    id: 'environ-index',
    re: new RegExp(String.raw`\benviron\[\s*${Q}(?<name>${NAME})${Q}\s*\]`, 'g'),
    confidence: 'strong',
    describe: (f) => `os.environ[…] in ${f}`,
  },
  {
    // os.environ.get("X", "d"), os.getenv("X", 8000), getenv('X')
    id: 'environ-get',
    re: new RegExp(
      String.raw`\b(?:environ\.get|getenv)\(\s*${Q}(?<name>${NAME})${Q}(?:\s*,\s*(?:default\s*=\s*)?${LITERAL})?`,
      'g',
    ),
    confidence: 'strong',
    describe: (f) => `read with getenv in ${f}`,
  },
  {
    // django-environ: env("X"), env.str("X", default="d"), env.bool("DEBUG", default=False), env.db("DATABASE_URL")
    id: 'django-environ',
    re: new RegExp(
      String.raw`\benv(?:\.\w+)?\(\s*${Q}(?<name>${NAME})${Q}(?:\s*,\s*(?:default\s*=\s*)?${LITERAL})?`,
      'g',
    ),
    requires: /^\s*(?:import\s+environ\b|from\s+environ\s+import\b)/m,
    confidence: 'strong',
    describe: (f) => `read with django-environ in ${f}`,
  },
  {
    // python-decouple: config("X", default="d", cast=int)
    id: 'decouple',
    re: new RegExp(
      String.raw`\bconfig\(\s*${Q}(?<name>${NAME})${Q}(?:\s*,\s*(?:default\s*=\s*)?${LITERAL})?`,
      'g',
    ),
    requires: /^\s*from\s+decouple\s+import\b/m,
    confidence: 'strong',
    describe: (f) => `read with python-decouple in ${f}`,
  },
];

interface Acc {
  name: string;
  codeDefault: string | null;
  exampleValue: string | null;
  evidence: Evidence[];
}

/**
 * Environment variables the service reads: os.environ / getenv, django-environ, python-decouple,
 * pydantic BaseSettings fields (weak: the field name, upper-cased, with env_prefix), merged with
 * example env files in `dir`. `.env` itself is never read. Secret-looking variables get no default.
 */
export function detectPyEnv(
  fs: RepoFs,
  dir: string,
  sources: readonly PySource[],
): { env: EnvVar[]; diagnostics: Diagnostic[] } {
  const vars = new Map<string, Acc>();
  const diagnostics: Diagnostic[] = [];
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
    for (const p of PY_ENV_PATTERNS) {
      if (p.requires && !p.requires.test(src.code)) continue;
      for (const m of src.code.matchAll(new RegExp(p.re.source, p.re.flags))) {
        const g = m.groups ?? {};
        const def = g.str ?? (g.lit && g.lit !== 'None' ? g.lit : null);
        add(
          g.name as string,
          {
            file: src.path,
            line: lineAt(src.code, m.index),
            reason: p.describe(src.path),
            confidence: p.confidence,
          },
          def ?? null,
          null,
        );
      }
    }
    for (const f of settingsFields(src)) {
      add(
        f.name,
        {
          file: src.path,
          line: f.line,
          reason: `pydantic settings field in ${src.path}`,
          confidence: 'weak',
        },
        f.default,
        null,
      );
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

/** Fields of `class X(BaseSettings):` bodies: `database_url: str`, `port: int = 8000`. */
function settingsFields(src: PySource): { name: string; line: number; default: string | null }[] {
  const out: { name: string; line: number; default: string | null }[] = [];
  const cls = /^class\s+\w+\s*\([^)]*\bBaseSettings\b[^)]*\)\s*:[^\n]*\n/gm;
  for (const m of src.code.matchAll(cls)) {
    const bodyStart = m.index + m[0].length;
    const lines = src.code.slice(bodyStart).split('\n');
    let offset = bodyStart;
    const prefix = /env_prefix\s*=\s*['"]([A-Za-z0-9_]*)['"]/.exec(
      lines
        .slice(0, 60)
        .join('\n')
        .split(/\n(?=\S)/)[0] ?? '',
    );
    for (const line of lines) {
      if (/^\S/.test(line)) break; // the class body ended
      const f = new RegExp(
        String.raw`^\s+([a-z_][a-z0-9_]*)\s*:\s*[^=\n]+?(?:=\s*(?:${LITERAL}\s*$|[^\n]*))?$`,
      ).exec(line);
      if (f && f[1] !== 'model_config') {
        const g = f.groups ?? {};
        out.push({
          name: `${(prefix?.[1] ?? '').toUpperCase()}${(f[1] as string).toUpperCase()}`,
          line: lineAt(src.code, offset),
          default: g.str ?? (g.lit && g.lit !== 'None' ? g.lit : null),
        });
      }
      offset += line.length + 1;
    }
  }
  return out;
}
