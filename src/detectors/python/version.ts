import type { Diagnostic } from '../../model/diagnostic.js';
import type { Confidence, Evidence } from '../../model/evidence.js';
import type { RepoFs } from '../../repo/repo-fs.js';
import { ancestorDirs, joinRel } from '../paths.js';
import type { PythonProject } from './project.js';
import { lineOf } from './python-text.js';
import { isTable, readToml, str, strings, table } from './toml.js';

/** What a version file says. */
export type PinParse =
  | { kind: 'version'; version: string; line: number; raw: string }
  | { kind: 'alias'; alias: string; line: number }
  | { kind: 'empty' }
  | { kind: 'invalid'; value: string; line: number };

/** A file that pins the Python version, how to read it, and its rank among files in one folder. */
export interface VersionFileEntry {
  file: string;
  /** Higher wins among files in the same folder. */
  priority: number;
  /** What the file looks like when it is wrong, for the fix. */
  example: string;
  parse: (text: string) => PinParse;
}

/** `3.12`, `3.12.1`, `3.13t`, `3.14.0rc1`, `pypy3.10-7.3.12` → the CPython-style number. */
const VERSION = /^(?:python-?|cpython-?)?(\d+(?:\.\d+){0,2})(?:[a-z]+\d*|t|-dev)?$/i;
/** Values that ask for "some Python" rather than a version. `latest` means the newest Python 3. */
const ALIASES = /^(latest|system|stable|current|3\.x|python3?)$/i;

function parseValue(value: string, line: number): PinParse {
  const v = value.trim();
  const m = VERSION.exec(v);
  if (m) return { kind: 'version', version: m[1] as string, line, raw: v };
  if (ALIASES.test(v)) return { kind: 'alias', alias: v.toLowerCase(), line };
  return { kind: 'invalid', value: v.slice(0, 40), line };
}

function firstLine(text: string, pick: (line: string) => string | null): PinParse {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const l = (lines[i] as string).replace(/#.*$/, '').trim();
    if (l === '') continue;
    const v = pick(l);
    if (v === null) continue;
    return parseValue(v, i + 1);
  }
  return { kind: 'empty' };
}

/** Files that pin the Python version (pyenv, Heroku, asdf, mise). */
export const PYTHON_VERSION_FILES: readonly VersionFileEntry[] = [
  {
    file: '.python-version',
    priority: 100,
    example: '3.12',
    // pyenv allows several versions, one a line or space-separated; the first is the one used.
    parse: (t) => firstLine(t, (l) => l.split(/\s+/)[0] ?? null),
  },
  {
    file: 'runtime.txt',
    priority: 90,
    example: 'python-3.12.4',
    parse: (t) => firstLine(t, (l) => l),
  },
  {
    file: '.tool-versions',
    priority: 80,
    example: 'python 3.12.4',
    parse: (t) => firstLine(t, (l) => /^python\s+(\S+)/.exec(l)?.[1] ?? null),
  },
];

/** mise config files; `[tools] python = "3.12"` (or a list, or `{ version = "3.12" }`). */
export const MISE_FILES = ['mise.toml', '.mise.toml', 'mise/config.toml', '.config/mise.toml'] as const;
const MISE_PRIORITY = 70;

export interface PythonVersionResult {
  /** `3.12`, `3.11.4`, or a raw range such as `>=3.11` when nothing pins one; null when unknown. */
  version: string | null;
  evidence: Evidence[];
  diagnostics: Diagnostic[];
}

interface Candidate {
  version: string;
  evidence: Evidence;
  /** 0 for pins, 1 for ranges: a pin always beats a range. */
  tier: number;
  distance: number;
  priority: number;
}

/**
 * The Python version a project runs on. Pins (.python-version, runtime.txt, .tool-versions, mise,
 * Pipfile `[requires]`) in the project folder or above win, nearest folder first; otherwise the raw
 * `requires-python` (or Poetry `python`) range. A pin outside the declared range is a warning.
 */
export function detectPythonVersion(fs: RepoFs, project: PythonProject, stopDir = '.'): PythonVersionResult {
  const diagnostics: Diagnostic[] = [];
  const candidates: Candidate[] = [];
  const dirs = ancestorDirs(project.dir, stopDir);
  dirs.forEach((dir, distance) => {
    for (const entry of PYTHON_VERSION_FILES) {
      const file = joinRel(dir, entry.file);
      if (!fs.exists(file)) continue;
      const r = fs.readText(file);
      if (!r.ok) {
        diagnostics.push({
          severity: 'warning',
          file,
          message: `cannot read ${entry.file} (${r.reason}): ${r.message}`,
        });
        continue;
      }
      const parsed = entry.parse(r.text);
      const c = fromPin(parsed, file, entry.file, entry.example, diagnostics);
      if (c) candidates.push({ ...c, tier: 0, distance, priority: entry.priority });
    }
    for (const name of MISE_FILES) {
      const file = joinRel(dir, name);
      if (!fs.exists(file)) continue;
      const t = readToml(fs, file, 'warning');
      if (!t.ok) {
        if (t.diagnostic) diagnostics.push(t.diagnostic);
        continue;
      }
      const raw = table(t.value, 'tools')?.python;
      const first = str(raw) ?? strings(raw)[0] ?? (isTable(raw) ? str(raw.version) : null);
      if (first === null) continue;
      const line = lineOf(t.text, /^\s*["']?python["']?\s*=/, 'tools') ?? 1;
      const c = fromPin(parseValue(first, line), file, name, 'python = "3.12"', diagnostics);
      if (c) candidates.push({ ...c, tier: 0, distance, priority: MISE_PRIORITY });
    }
  });

  const ranges = [...project.pythonSpecs];
  // Pipfile [requires] python_version is a pin; python_full_version is its exact form, kept as evidence.
  const pipfilePin =
    ranges.find((s) => s.source === '[requires] python_version') ??
    ranges.find((s) => s.source === '[requires] python_full_version');
  if (pipfilePin && VERSION.test(pipfilePin.value)) {
    const full = ranges.find((s) => s.source === '[requires] python_full_version' && s !== pipfilePin);
    candidates.push({
      version: (VERSION.exec(pipfilePin.value)?.[1] as string) ?? pipfilePin.value,
      evidence: ev(
        pipfilePin.file,
        pipfilePin.line,
        `Pipfile ${pipfilePin.source} is "${pipfilePin.value}"${full ? ` (exactly ${full.value})` : ''}`,
        'explicit',
      ),
      tier: 0,
      distance: 0,
      priority: 60,
    });
  }
  const rangeSpecs = ranges.filter((s) => !s.source.startsWith('[requires]'));
  rangeSpecs.forEach((s, i) => {
    candidates.push({
      version: s.value,
      evidence: ev(s.file, s.line, `${s.source} is "${s.value}"`, 'strong'),
      tier: 1,
      distance: 0,
      priority: s.source === 'requires-python' ? 50 - i : 40 - i,
    });
  });

  candidates.sort((a, b) => a.tier - b.tier || a.distance - b.distance || b.priority - a.priority);
  const best = candidates[0];
  if (!best) return { version: null, evidence: [], diagnostics };

  if (best.tier === 0) {
    for (const s of rangeSpecs) {
      // A short pin (`3.12`) means its newest patch release; warn only when no release of it fits.
      const releases =
        (parseRelease(best.version)?.length ?? 3) < 3
          ? [`${best.version}.0`, `${best.version}.999`]
          : [best.version];
      if (releases.every((r) => satisfies(r, s.value) === false)) {
        diagnostics.push({
          severity: 'warning',
          file: best.evidence.file,
          ...(best.evidence.line ? { line: best.evidence.line } : {}),
          message: `Python ${best.version} is pinned here, but ${s.file} declares ${s.source} "${s.value}"`,
          fix: `pin a version that satisfies "${s.value}", or widen ${s.source}`,
        });
      }
    }
  }
  // The winner first, then the other sources, so a person sees every place that names a version.
  const evidence = [
    best.evidence,
    ...candidates.slice(1).map((c) => ({ ...c.evidence, confidence: 'weak' as const })),
  ];
  return { version: best.version, evidence, diagnostics };
}

function fromPin(
  parsed: PinParse,
  file: string,
  name: string,
  example: string,
  diagnostics: Diagnostic[],
): { version: string; evidence: Evidence } | null {
  switch (parsed.kind) {
    case 'empty':
      return null;
    case 'version':
      return {
        version: parsed.version,
        evidence: ev(file, parsed.line, `${name} pins Python ${parsed.raw}`, 'explicit'),
      };
    case 'alias':
      if (parsed.alias === 'latest') {
        return {
          version: '3',
          evidence: ev(file, parsed.line, `${name} asks for the latest Python (3)`, 'explicit'),
        };
      }
      diagnostics.push({
        severity: 'info',
        file,
        line: parsed.line,
        message: `${name} says "${parsed.alias}", which is not a version`,
        fix: `pin a version, e.g. ${example}`,
      });
      return null;
    case 'invalid':
      diagnostics.push({
        severity: 'warning',
        file,
        line: parsed.line,
        message: `${name} has "${parsed.value}", which is not a Python version`,
        fix: `write a version such as ${example}`,
      });
      return null;
  }
}

function ev(file: string, line: number | undefined, reason: string, confidence: Confidence): Evidence {
  return { file, ...(line ? { line } : {}), reason, confidence };
}

/** `3.11.4` → [3, 11, 4]; null when not a release number. */
export function parseRelease(v: string): number[] | null {
  const m = /^\s*v?(\d+(?:\.\d+)*)/.exec(v);
  return m ? (m[1] as string).split('.').map(Number) : null;
}

function compare(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * Whether `version` satisfies a PEP 440 specifier set (`>=3.9,<3.13`, `==3.11.*`, `~=3.10`) or a
 * Poetry constraint (`^3.10`, `~3.11`, `>=3.9 || ^2.7`). Null when the specifier is not understood.
 */
export function satisfies(version: string, spec: string): boolean | null {
  const v = parseRelease(version);
  if (!v) return null;
  const alternatives = spec.split(/\|\||\bor\b/);
  let understood = false;
  for (const alt of alternatives) {
    const clauses = alt
      .split(/,|\s+(?=[<>=!~^])/)
      .map((c) => c.trim())
      .filter(Boolean);
    if (clauses.length === 0) continue;
    let all = true;
    for (const clause of clauses) {
      const r = clauseHolds(v, clause);
      if (r === null) return null;
      if (!r) all = false;
    }
    understood = true;
    if (all) return true;
  }
  return understood ? false : null;
}

function clauseHolds(v: number[], clause: string): boolean | null {
  if (clause === '*') return true;
  const m = /^(===|==|!=|~=|>=|<=|>|<|\^|~|=)?\s*(\d+(?:\.\d+)*)(\.\*)?$/.exec(clause);
  if (!m) return null;
  const op = m[1] ?? '==';
  const target = (m[2] as string).split('.').map(Number);
  const wildcard = m[3] !== undefined;
  const prefixEq = (): boolean => target.every((n, i) => (v[i] ?? 0) === n);
  switch (op) {
    case '==':
    case '===':
    case '=':
      // A bare or short version (`3.11`) in Poetry means that series; PEP 440 pads with zeros.
      return wildcard || target.length < 3 ? prefixEq() : compare(v, target) === 0;
    case '!=':
      return wildcard ? !prefixEq() : compare(v, target) !== 0;
    case '>=':
      return compare(v, target) >= 0;
    case '<=':
      return compare(v, target) <= 0;
    case '>':
      return compare(v, target) > 0;
    case '<':
      return compare(v, target) < 0;
    case '~=': {
      if (target.length < 2) return null;
      const upper = [...target.slice(0, -2), (target[target.length - 2] as number) + 1];
      return compare(v, target) >= 0 && compare(v, upper) < 0;
    }
    case '^': {
      const i = target.findIndex((n) => n !== 0);
      const idx = i === -1 ? target.length - 1 : i;
      const upper = [...target.slice(0, idx), (target[idx] as number) + 1];
      return compare(v, target) >= 0 && compare(v, upper) < 0;
    }
    case '~': {
      const idx = target.length >= 2 ? 1 : 0;
      const upper = [...target.slice(0, idx), (target[idx] as number) + 1];
      return compare(v, target) >= 0 && compare(v, upper) < 0;
    }
    default:
      return null;
  }
}
