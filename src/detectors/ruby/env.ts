import type { Diagnostic } from '../../model/diagnostic.js';
import type { Evidence } from '../../model/evidence.js';
import type { EnvVar } from '../../model/service.js';
import type { RepoFs } from '../../repo/repo-fs.js';
import { joinRel } from '../paths.js';
import { ENV_EXAMPLE_FILES, isSecretEnv, parseDotenv } from '../shared/env.js';
import { lineAt } from '../text.js';
import type { RubySource } from './ruby-source.js';

/** Set by the platform or Bundler to choose the environment, not configuration a person supplies. */
const IGNORED = (name: string): boolean =>
  name === 'RAILS_ENV' || name === 'RACK_ENV' || name === 'APP_ENV' || name.startsWith('BUNDLE_');

/** At most this many evidence entries are kept per variable. */
const MAX_EVIDENCE = 5;

const NAME = '[A-Za-z_][A-Za-z0-9_]*';
/** A literal default: a quoted string (group q/str) or a number/true/false (group lit). */
const LITERAL = String.raw`(?:(?<q>['"])(?<str>[^'"\n]*)\k<q>|(?<lit>-?\d+(?:\.\d+)?|true|false)\b)`;

/**
 * How Ruby reads the environment. Each regex has a `name` group and, when it can carry one, a default.
 * `ENV.fetch("X", "d")`, `ENV.fetch("X") { "d" }`, `ENV["X"] || "d"`, `ENV["X"]`, `ENV.key?("X")`.
 */
const KEY = String.raw`(?<nq>['"])(?<name>${NAME})\k<nq>`;
const ACCESS: readonly RegExp[] = [
  // Patterns with defaults come first, so the default is kept when a plainer pattern matches too.
  new RegExp(String.raw`ENV\.fetch\(\s*${KEY}\s*,\s*${LITERAL}`, 'g'),
  new RegExp(String.raw`ENV\.fetch\(\s*${KEY}\s*\)\s*\{\s*${LITERAL}\s*\}`, 'g'),
  new RegExp(String.raw`ENV\[\s*${KEY}\s*\]\s*\|\|\s*${LITERAL}`, 'g'),
  new RegExp(String.raw`ENV(?:\.fetch\(|\[|\.(?:key\?|has_key\?|include\?)\()\s*${KEY}`, 'g'),
];

/** An env var a library or framework reads by itself (Rails: RAILS_MASTER_KEY, DATABASE_URL). */
export interface ImplicitEnvVar {
  name: string;
  evidence: Evidence;
  /** Known to hold a credential even when the name does not say so (DATABASE_URL). */
  secret?: boolean;
}

interface Acc {
  name: string;
  secret: boolean;
  codeDefault: string | null;
  exampleValue: string | null;
  evidence: Evidence[];
}

/**
 * Environment variables a Ruby app reads: ENV access in its Ruby files and ERB config (database.yml,
 * puma.rb …), example env files in `dir` (`.env` itself is never read), and `implicit` ones. Secret
 * looking variables never get a default.
 */
export function detectRubyEnv(
  fs: RepoFs,
  dir: string,
  sources: readonly RubySource[],
  implicit: readonly ImplicitEnvVar[] = [],
): { env: EnvVar[]; diagnostics: Diagnostic[] } {
  const vars = new Map<string, Acc>();
  const diagnostics: Diagnostic[] = [];
  const add = (name: string, ev: Evidence, codeDefault: string | null, exampleValue: string | null): void => {
    if (IGNORED(name)) return;
    const acc = vars.get(name) ?? {
      name,
      secret: false,
      codeDefault: null,
      exampleValue: null,
      evidence: [],
    };
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
        const name = g.name as string;
        const def = g.str ?? g.lit ?? null;
        add(
          name,
          {
            file: src.path,
            line: lineAt(src.code, m.index),
            reason: `read in ${src.path}`,
            confidence: 'strong',
          },
          def,
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

  for (const i of implicit) {
    add(i.name, i.evidence, null, null);
    const acc = vars.get(i.name);
    if (acc && i.secret) acc.secret = true;
  }

  const env: EnvVar[] = [...vars.values()]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((v) => {
      const secret = v.secret || isSecretEnv(v.name, v.exampleValue);
      return {
        name: v.name,
        secret,
        default: secret ? null : (v.codeDefault ?? v.exampleValue),
        evidence: v.evidence,
      };
    });
  return { env, diagnostics };
}
