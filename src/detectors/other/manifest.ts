import { parse as parseToml } from 'smol-toml';
import { parse as parseYaml } from 'yaml';
import type { Diagnostic } from '../../model/diagnostic.js';
import type { Evidence } from '../../model/evidence.js';
import type { RepoFs } from '../../repo/repo-fs.js';
import { isRecord } from '../shared/is-record.js';
import { lineAt } from '../text.js';

/** What a manifest reader is given. */
export interface ReadContext {
  fs: RepoFs;
  /** Repo-relative folder of the service. */
  dir: string;
  /** Repo path of the marker file that matched. */
  file: string;
  /** Its text; `''` for an empty file (present, content unknown). */
  text: string;
}

/** A value read from a manifest and where. */
export interface Found {
  value: string;
  evidence: Evidence;
}

/** What a reader learns from a manifest. Every field may stay empty: an empty manifest says nothing. */
export interface ManifestFacts {
  /** The project name (becomes the service name). */
  name: Found | null;
  /**
   * Values for the `{placeholders}` of the ecosystem's command templates (`exe`, `entry`, `jar` …),
   * each with its evidence.
   */
  vars: Record<string, Found>;
  /** Dependency names as the ecosystem writes them, for the framework table. */
  dependencies: { name: string; evidence: Evidence }[];
  /** The language version the manifest states (a minimum or an exact pin). */
  version: Found | null;
  /**
   * False when the manifest describes a library (no executable to run); null when the manifest says
   * nothing either way (empty or unknown), in which case the folder is treated as an application.
   */
  deployable: { value: boolean; reason: string } | null;
  /** Command templates that replace the ecosystem defaults for this project (e.g. `lein ring uberjar`). */
  commands: Partial<Record<'install' | 'build' | 'start', { template: string | null; evidence: Evidence }>>;
  /** The language when the manifest narrows it (CMake `project(x C)` is C, not C++). */
  language: Found | null;
  diagnostics: Diagnostic[];
}

export function emptyFacts(): ManifestFacts {
  return {
    name: null,
    vars: {},
    dependencies: [],
    version: null,
    deployable: null,
    commands: {},
    language: null,
    diagnostics: [],
  };
}

/** Evidence pointing at the first match of `re` in a manifest. */
export function at(
  ctx: ReadContext,
  re: RegExp | number | null,
  reason: string,
  confidence: Evidence['confidence'] = 'explicit',
): Evidence {
  const idx = typeof re === 'number' ? re : re ? ctx.text.search(re) : -1;
  return { file: ctx.file, ...(idx >= 0 ? { line: lineAt(ctx.text, idx) } : {}), reason, confidence };
}

/** A first regex capture with its evidence, or null. */
export function capture(ctx: ReadContext, re: RegExp, reason: (v: string) => string): Found | null {
  const m = re.exec(ctx.text);
  const value = m?.[1];
  if (!m || !value) return null;
  return { value, evidence: at(ctx, m.index, reason(value)) };
}

/** Parse YAML or TOML into a record; a syntax error becomes a diagnostic naming the file. Never throws. */
export function parseData(
  ctx: ReadContext,
  format: 'yaml' | 'toml',
  facts: ManifestFacts,
): Record<string, unknown> | null {
  if (ctx.text.trim() === '') return null;
  try {
    const data = format === 'yaml' ? parseYaml(ctx.text) : parseToml(ctx.text);
    if (isRecord(data)) return data;
    facts.diagnostics.push({
      severity: 'warning',
      file: ctx.file,
      message: `${ctx.file} does not hold a ${format.toUpperCase()} mapping; its settings are ignored`,
      fix: `write ${ctx.file} as key: value settings`,
    });
    return null;
  } catch (e) {
    const raw = e as { linePos?: { line: number }[]; line?: number };
    const line = raw.linePos?.[0]?.line ?? raw.line;
    facts.diagnostics.push({
      severity: 'warning',
      file: ctx.file,
      ...(typeof line === 'number' && line > 0 ? { line } : {}),
      message: `invalid ${format.toUpperCase()}: ${(e instanceof Error ? e.message : String(e)).split('\n')[0]}; its settings are ignored`,
      fix: `fix the ${format.toUpperCase()} syntax of ${ctx.file}`,
    });
    return null;
  }
}

/** The 1-based line of a `key:` / `key =` at the start of a line, for evidence. */
export function keyEvidence(ctx: ReadContext, key: string, reason: string): Evidence {
  const esc = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return at(ctx, new RegExp(`^\\s*["']?${esc}["']?\\s*[:=]`, 'm'), reason);
}

/** Replaces `{var}` placeholders; null when a placeholder has no value. */
export function fillTemplate(template: string, vars: Record<string, string>): string | null {
  let missing = false;
  const out = template.replace(/\{(\w+)\}/g, (_, k: string) => {
    const v = vars[k];
    if (v === undefined) missing = true;
    return v ?? '';
  });
  return missing ? null : out;
}
