import type { Diagnostic } from '../../model/diagnostic.js';
import type { Evidence } from '../../model/evidence.js';
import type { RepoFs } from '../../repo/repo-fs.js';
import { ancestorDirs, joinRel } from '../paths.js';
import { findToolchainPin } from '../shared/toolchain-pins.js';
import type { GoMod, GoWork } from './go-mod.js';

export interface VersionResult {
  version: string | null;
  /** The chosen source first, then the others that were found. */
  evidence: Evidence[];
  diagnostics: Diagnostic[];
}

/** Numeric parts of a version (`1.22.3` → [1, 22, 3]); null when it is not numeric. */
export function versionParts(v: string): number[] | null {
  const m = /^v?(\d+(?:\.\d+)*)/.exec(v.trim());
  return m ? (m[1] as string).split('.').map(Number) : null;
}

/** Compares two numeric versions part by part (missing parts count as 0). */
export function compareVersions(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * The Go version to build with, most explicit first: a tool-manager pin (mise, .tool-versions,
 * .go-version) names the toolchain developers use; go.mod's `toolchain` names the one Go itself
 * switches to; go.mod's `go` line is only the minimum language version. go.work is the fallback.
 */
export function detectGoVersion(
  fs: RepoFs,
  dir: string,
  mod: GoMod | null,
  work: GoWork | null,
): VersionResult {
  const candidates: { version: string; evidence: Evidence }[] = [];
  const diagnostics: Diagnostic[] = [];

  const pin = findToolchainPin(fs, dir, ['go', 'golang']);
  diagnostics.push(...pin.diagnostics);
  const goVersionFile = ancestorDirs(dir)
    .map((d) => joinRel(d, '.go-version'))
    .find((f) => fs.exists(f));
  let filePin: { version: string; evidence: Evidence } | null = null;
  if (goVersionFile) {
    const r = fs.readText(goVersionFile);
    const v = r.ok ? r.text.trim().split(/\s+/)[0] : undefined;
    if (v) {
      filePin = {
        version: v.replace(/^go/, ''),
        evidence: { file: goVersionFile, line: 1, reason: `.go-version is ${v}`, confidence: 'explicit' },
      };
    }
  }
  for (const p of [pin.pin, filePin]) {
    if (!p) continue;
    if (versionParts(p.version)) candidates.push(p);
    else
      diagnostics.push({
        severity: 'info',
        file: p.evidence.file,
        line: p.evidence.line,
        message: `Go version "${p.version}" is not a release number; the go.mod version is used instead`,
      });
  }
  if (mod?.toolchain) {
    candidates.push({
      version: mod.toolchain.version,
      evidence: {
        file: mod.file,
        line: mod.toolchain.line,
        reason: `toolchain go${mod.toolchain.version} in go.mod`,
        confidence: 'explicit',
      },
    });
  }
  if (work?.toolchain) {
    candidates.push({
      version: work.toolchain.version,
      evidence: {
        file: work.file,
        line: work.toolchain.line,
        reason: `toolchain go${work.toolchain.version} in go.work`,
        confidence: 'explicit',
      },
    });
  }
  // The toolchain must satisfy both minimums, so the higher `go` line comes first.
  const minimums: { version: string; evidence: Evidence }[] = [];
  if (mod?.go) {
    minimums.push({
      version: mod.go.version,
      evidence: {
        file: mod.file,
        line: mod.go.line,
        reason: `go ${mod.go.version} in go.mod (the minimum version)`,
        confidence: 'strong',
      },
    });
  }
  if (work?.go) {
    minimums.push({
      version: work.go.version,
      evidence: {
        file: work.file,
        line: work.go.line,
        reason: `go ${work.go.version} in go.work (the minimum version for the workspace)`,
        confidence: 'strong',
      },
    });
  }
  minimums.sort((a, b) => compareVersions(versionParts(b.version) ?? [], versionParts(a.version) ?? []));
  candidates.push(...minimums);
  const chosen = candidates[0];
  if (!chosen) return { version: null, evidence: [], diagnostics };

  // A pinned toolchain older than go.mod's minimum cannot build the module.
  const min = mod?.go ? versionParts(mod.go.version) : null;
  const have = versionParts(chosen.version);
  if (min && have && compareVersions(have, min) < 0 && mod?.go) {
    diagnostics.push({
      severity: 'warning',
      file: chosen.evidence.file,
      line: chosen.evidence.line,
      message: `Go ${chosen.version} is older than the go ${mod.go.version} that ${mod.file} requires`,
      fix: `raise the pin to at least ${mod.go.version}`,
    });
  }
  return { version: chosen.version, evidence: candidates.map((c) => c.evidence), diagnostics };
}
