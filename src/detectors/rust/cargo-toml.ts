/** Cargo.toml reading with a real TOML parser (smol-toml), validated leniently: bad fields are dropped. */
import { parse as parseToml } from 'smol-toml';
import type { Diagnostic } from '../../model/diagnostic.js';
import type { RepoFs } from '../../repo/repo-fs.js';
import { dirOf } from '../paths.js';
import { lineOf } from '../shared/code-scan.js';
import { isRecord } from '../shared/is-record.js';
import { escapeRe } from '../shared/regex.js';
import { tomlDiagnostic } from '../shared/toml.js';

/** One dependency of a crate, after workspace inheritance. */
export interface CargoDep {
  /** The key in the manifest: the name the code uses. */
  key: string;
  /** The crate's real name (`package = "…"` renames a dependency). */
  crate: string;
  features: string[];
  defaultFeatures: boolean;
  /** The table it was declared in, e.g. `dependencies` or `target.'cfg(unix)'.dependencies`. */
  section: string;
  line?: number;
}

/** A `[[bin]]` table. */
export interface CargoBinDecl {
  name: string | null;
  path: string | null;
  line?: number;
}

export interface CargoPackage {
  name: string | null;
  nameLine?: number;
  /** `rust-version`; `workspace` when inherited (`rust-version.workspace = true`). */
  rustVersion: string | null;
  rustVersionLine?: number;
  rustVersionFromWorkspace: boolean;
  defaultRun: string | null;
  /** `autobins = false` turns off discovery of src/main.rs and src/bin/. */
  autobins: boolean;
}

export interface CargoWorkspace {
  members: string[];
  exclude: string[];
  /** `[workspace.package] rust-version`, inherited by members that ask. */
  rustVersion: string | null;
  rustVersionLine?: number;
  /** `[workspace.dependencies]`, by key. */
  dependencies: Map<string, CargoDep>;
  membersLine?: number;
}

export interface CargoManifest {
  file: string;
  dir: string;
  text: string;
  package: CargoPackage | null;
  workspace: CargoWorkspace | null;
  bins: CargoBinDecl[];
  /** Normal and target-specific dependencies (not dev- or build-dependencies), before inheritance. */
  dependencies: CargoDep[];
}

export type ParseCargoResult =
  | { ok: true; value: CargoManifest; diagnostics: Diagnostic[] }
  | { ok: false; diagnostics: Diagnostic[] };

/** Reads and parses a Cargo.toml; never throws. */
export function readCargoToml(fs: RepoFs, file: string): ParseCargoResult {
  const r = fs.readText(file);
  if (!r.ok) {
    return {
      ok: false,
      diagnostics: [
        {
          severity: 'error',
          file,
          message: `cannot read Cargo.toml (${r.reason}): ${r.message}`,
          fix: 'make the file readable',
        },
      ],
    };
  }
  return parseCargoTomlText(file, r.text);
}

/** Parses Cargo.toml text; never throws. An empty or invalid file gives a diagnostic naming it. */
export function parseCargoTomlText(file: string, text: string): ParseCargoResult {
  if (text.trim() === '') {
    return {
      ok: false,
      diagnostics: [
        {
          severity: 'warning',
          file,
          message: 'Cargo.toml is empty; the crate is skipped',
          fix: 'add a [package] table (cargo init) or delete the empty file',
        },
      ],
    };
  }
  let data: Record<string, unknown>;
  try {
    data = parseToml(text) as Record<string, unknown>;
  } catch (e) {
    return {
      ok: false,
      diagnostics: [
        tomlDiagnostic(file, e, 'fix the TOML syntax (run `cargo metadata` to see Cargo’s own error)'),
      ],
    };
  }
  const diagnostics: Diagnostic[] = [];
  const line = (re: RegExp) => lineOf(text, re);

  let pkg: CargoPackage | null = null;
  if (isRecord(data.package)) {
    const p = data.package;
    const rv = p['rust-version'];
    pkg = {
      name: typeof p.name === 'string' && p.name.trim() !== '' ? p.name : null,
      nameLine: line(/^\s*name\s*=/m),
      rustVersion: typeof rv === 'string' ? rv : null,
      rustVersionLine: line(/^\s*rust-version\b/m),
      rustVersionFromWorkspace: isRecord(rv) && rv.workspace === true,
      defaultRun: typeof p['default-run'] === 'string' ? p['default-run'] : null,
      autobins: p.autobins !== false,
    };
    if (pkg.name === null) {
      diagnostics.push({
        severity: 'warning',
        file,
        message: '[package] has no name',
        fix: 'add name = "<crate name>" to [package]',
      });
    }
  }

  let workspace: CargoWorkspace | null = null;
  if (isRecord(data.workspace)) {
    const w = data.workspace;
    const wp = isRecord(w.package) ? w.package : {};
    const deps = new Map<string, CargoDep>();
    if (isRecord(w.dependencies)) {
      for (const d of readDeps(w.dependencies, 'workspace.dependencies', text)) deps.set(d.key, d);
    }
    workspace = {
      members: strings(w.members),
      exclude: strings(w.exclude),
      rustVersion: typeof wp['rust-version'] === 'string' ? wp['rust-version'] : null,
      rustVersionLine: line(/^\s*rust-version\s*=/m),
      dependencies: deps,
      membersLine: line(/^\s*members\s*=/m),
    };
  }

  if (!pkg && !workspace) {
    diagnostics.push({
      severity: 'warning',
      file,
      message: 'Cargo.toml has neither [package] nor [workspace]',
      fix: 'add a [package] table with the crate name, or a [workspace] table listing members',
    });
  }

  const bins: CargoBinDecl[] = [];
  if (Array.isArray(data.bin)) {
    for (const [i, b] of data.bin.entries()) {
      if (!isRecord(b)) continue;
      bins.push({
        name: typeof b.name === 'string' ? b.name : null,
        path: typeof b.path === 'string' ? b.path.replace(/^\.\//, '') : null,
        line: nthLine(text, /^\s*\[\[bin\]\]/gm, i),
      });
    }
  }

  const dependencies: CargoDep[] = [];
  if (isRecord(data.dependencies)) dependencies.push(...readDeps(data.dependencies, 'dependencies', text));
  if (isRecord(data.target)) {
    for (const [cfg, t] of Object.entries(data.target)) {
      if (isRecord(t) && isRecord(t.dependencies)) {
        dependencies.push(...readDeps(t.dependencies, `target.'${cfg}'.dependencies`, text));
      }
    }
  }
  return {
    ok: true,
    value: { file, dir: dirOf(file), text, package: pkg, workspace, bins, dependencies },
    diagnostics,
  };
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

function readDeps(table: Record<string, unknown>, section: string, text: string): CargoDep[] {
  const out: CargoDep[] = [];
  for (const [key, spec] of Object.entries(table)) {
    const dep: CargoDep = {
      key,
      crate: key,
      features: [],
      defaultFeatures: true,
      section,
      line: depLine(text, section, key),
    };
    if (isRecord(spec)) {
      if (typeof spec.package === 'string') dep.crate = spec.package;
      dep.features = strings(spec.features);
      if (spec['default-features'] === false || spec.default_features === false) dep.defaultFeatures = false;
      if (spec.workspace === true) dep.section = `${section} (workspace)`;
    } else if (typeof spec !== 'string') continue;
    out.push(dep);
  }
  return out;
}

/** `key = …` after the section's header, or `[section.key]`; else the first `key = …` anywhere. */
function depLine(text: string, section: string, key: string): number | undefined {
  const k = escapeRe(key);
  const keyRe = new RegExp(String.raw`^\s*["']?${k}["']?\s*=`, 'm');
  const header = new RegExp(String.raw`^\s*\[\s*${escapeRe(section).replace(/'/g, `["']`)}\s*\]`, 'm').exec(
    text,
  );
  if (header) {
    const offset = header.index + header[0].length;
    const rest = text.slice(offset);
    const nextHeader = /^\s*\[/m.exec(rest);
    const inSection = keyRe.exec(nextHeader ? rest.slice(0, nextHeader.index) : rest);
    if (inSection) return lineOf(text, keyRe, offset);
  }
  return (
    lineOf(text, new RegExp(String.raw`^\s*\[[^\]\n]*dependencies\.["']?${k}["']?\]`, 'm')) ??
    lineOf(text, keyRe)
  );
}

function nthLine(text: string, re: RegExp, n: number): number | undefined {
  let i = 0;
  for (const m of text.matchAll(re)) {
    if (i++ === n) return text.slice(0, m.index + (m[0].length - m[0].trimStart().length)).split('\n').length;
  }
  return undefined;
}

/**
 * A member's dependencies with `workspace = true` entries resolved against `[workspace.dependencies]`:
 * the real crate name and default-features come from the workspace; features are the union.
 */
export function resolveDeps(manifest: CargoManifest, workspace: CargoWorkspace | null): CargoDep[] {
  return manifest.dependencies.map((d) => {
    if (!d.section.endsWith('(workspace)')) return d;
    const ws = workspace?.dependencies.get(d.key);
    if (!ws) return d;
    return {
      ...d,
      crate: ws.crate,
      features: [...new Set([...ws.features, ...d.features])],
      defaultFeatures: ws.defaultFeatures,
    };
  });
}
