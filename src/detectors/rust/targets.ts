/**
 * Binary targets of a crate, following Cargo's target auto-discovery
 * (https://doc.rust-lang.org/cargo/reference/cargo-targets.html#target-auto-discovery), and workspace
 * membership (`[workspace] members` globs minus `exclude`).
 */
import path from 'node:path';
import type { Diagnostic } from '../../model/diagnostic.js';
import type { Evidence } from '../../model/evidence.js';
import type { RepoFs } from '../../repo/repo-fs.js';
import { isUnder, joinRel, relativeTo } from '../paths.js';
import { escapeRe } from '../shared/regex.js';
import type { CargoManifest } from './cargo-toml.js';

export interface RustBin {
  /** The binary's name (Cargo's, may hold `_`). */
  name: string;
  /** Repo-relative path of its entry file. */
  file: string;
  evidence: Evidence;
}

/** The crate's binaries: src/main.rs, src/bin/*.rs, src/bin/<name>/main.rs, and `[[bin]]` tables. */
export function findBins(fs: RepoFs, m: CargoManifest): { bins: RustBin[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  if (!m.package) return { bins: [], diagnostics };
  const pkgName = m.package.name ?? path.posix.basename(m.dir === '.' ? 'app' : m.dir);
  const found = new Map<string, RustBin>();
  const rel = (f: string) => joinRel(m.dir, f);

  if (m.package.autobins) {
    if (fs.exists(rel('src/main.rs'))) {
      found.set(pkgName, {
        name: pkgName,
        file: rel('src/main.rs'),
        evidence: {
          file: rel('src/main.rs'),
          reason: `src/main.rs builds the binary ${pkgName}`,
          confidence: 'strong',
        },
      });
    }
    const binDir = `${rel('src/bin')}/`;
    for (const f of fs.filesUnder(binDir.slice(0, -1))) {
      const parts = f.slice(binDir.length).split('/');
      let name: string | null = null;
      if (parts.length === 1 && parts[0]?.endsWith('.rs')) name = (parts[0] as string).slice(0, -3);
      else if (parts.length === 2 && parts[1] === 'main.rs') name = parts[0] as string;
      if (!name || found.has(name)) continue;
      found.set(name, {
        name,
        file: f,
        evidence: {
          file: f,
          reason: `${relativeTo(f, m.dir)} builds the binary ${name}`,
          confidence: 'strong',
        },
      });
    }
  }

  for (const decl of m.bins) {
    if (!decl.name) {
      diagnostics.push({
        severity: 'error',
        file: m.file,
        ...(decl.line ? { line: decl.line } : {}),
        message: 'a [[bin]] table has no name',
        fix: 'add name = "<binary name>" to the [[bin]] table',
      });
      continue;
    }
    const candidates = decl.path
      ? [decl.path]
      : [
          `src/bin/${decl.name}.rs`,
          `src/bin/${decl.name}/main.rs`,
          ...(decl.name === pkgName ? ['src/main.rs'] : []),
        ];
    const file = candidates.map(rel).find((f) => fs.exists(f));
    if (!file) {
      diagnostics.push({
        severity: 'warning',
        file: m.file,
        ...(decl.line ? { line: decl.line } : {}),
        message: `[[bin]] ${decl.name}: no entry file (looked for ${candidates.join(', ')})`,
        fix: 'set path = "<file>.rs" in the [[bin]] table or create the file',
      });
      continue;
    }
    // A declared target replaces the discovered one with the same name or the same file.
    for (const [k, v] of found) if (v.file === file) found.delete(k);
    found.set(decl.name, {
      name: decl.name,
      file,
      evidence: {
        file: m.file,
        ...(decl.line ? { line: decl.line } : {}),
        reason: `[[bin]] ${decl.name} (${relativeTo(file, m.dir)})`,
        confidence: 'explicit',
      },
    });
  }
  const bins = [...found.values()].sort((a, b) => a.name.localeCompare(b.name));
  return { bins, diagnostics };
}

/** A Cargo member glob (`crates/*`, `example/?pp`, `tools/**`) as a regex over folder paths. */
export function memberGlobRegex(pattern: string): RegExp {
  const clean = pattern.replace(/^\.\//, '').replace(/\/+$/, '');
  let re = '';
  for (let i = 0; i < clean.length; i++) {
    const c = clean[i] as string;
    if (c === '*' && clean[i + 1] === '*') {
      re += '.*';
      i++;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += escapeRe(c);
  }
  return new RegExp(`^${re}$`);
}

/** True when the crate folder `crateDir` is a member of the workspace rooted at `root`. */
export function isWorkspaceMember(root: CargoManifest, crateDir: string): boolean {
  const ws = root.workspace;
  if (!ws) return false;
  if (crateDir === root.dir) return root.package !== null;
  if (!isUnder(crateDir, root.dir)) return false;
  const rel = relativeTo(crateDir, root.dir);
  const member = ws.members.some((p) => memberGlobRegex(p).test(rel));
  // `exclude` entries are paths: they exclude the folder and everything below it.
  const excluded = ws.exclude.some((e) => {
    const p = e.replace(/^\.\//, '').replace(/\/+$/, '');
    return rel === p || rel.startsWith(`${p}/`) || memberGlobRegex(p).test(rel);
  });
  return member && !excluded;
}
