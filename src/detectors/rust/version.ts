import { parse as parseToml } from 'smol-toml';
import type { Diagnostic } from '../../model/diagnostic.js';
import type { Evidence } from '../../model/evidence.js';
import type { RepoFs } from '../../repo/repo-fs.js';
import { ancestorDirs, joinRel } from '../paths.js';
import { isRecord } from '../shared/is-record.js';
import { tomlDiagnostic } from '../shared/toml.js';
import { findToolchainPin } from '../shared/toolchain-pins.js';
import type { CargoManifest } from './cargo-toml.js';

export interface RustVersionResult {
  /** A release (`1.79.0`), a dated or plain `nightly`/`beta` channel, `>=X` for a minimum, or null. */
  version: string | null;
  evidence: Evidence[];
  diagnostics: Diagnostic[];
}

/** A toolchain channel as written in rust-toolchain(.toml) or a tool pin. */
interface Channel {
  channel: string;
  evidence: Evidence;
}

/**
 * The Rust toolchain, most explicit first: rust-toolchain.toml / rust-toolchain (rustup uses it for
 * every cargo command, searching the folder and its parents), then a mise/.tool-versions pin, then
 * `rust-version` in Cargo.toml, the minimum supported version (reported as `>=X`, since newer
 * compilers build it too). `stable`/`latest` pin nothing: the newest stable is meant.
 */
export function detectRustVersion(
  fs: RepoFs,
  crateDir: string,
  manifest: CargoManifest,
  workspaceRoot: CargoManifest | null,
): RustVersionResult {
  const diagnostics: Diagnostic[] = [];
  const channels: Channel[] = [];

  for (const d of ancestorDirs(crateDir)) {
    const toml = joinRel(d, 'rust-toolchain.toml');
    const legacy = joinRel(d, 'rust-toolchain');
    const file = fs.exists(toml) ? toml : fs.exists(legacy) ? legacy : null;
    if (!file) continue;
    const r = fs.readText(file);
    if (!r.ok) {
      diagnostics.push({
        severity: 'warning',
        file,
        message: `cannot read ${file} (${r.reason}): ${r.message}`,
      });
      break;
    }
    const text = r.text.trim();
    if (text === '') break;
    if (file === legacy && !text.includes('[')) {
      // The legacy file may hold just the channel name.
      const channel = text.split(/\s+/)[0] as string;
      channels.push({
        channel,
        evidence: { file, line: 1, reason: `rust-toolchain is ${channel}`, confidence: 'explicit' },
      });
      break;
    }
    try {
      const data = parseToml(r.text) as Record<string, unknown>;
      const tc = isRecord(data.toolchain) ? data.toolchain : null;
      const channel = tc && typeof tc.channel === 'string' ? tc.channel : null;
      if (channel) {
        const line = r.text.split(/\r?\n/).findIndex((l) => /^\s*channel\s*=/.test(l)) + 1;
        channels.push({
          channel,
          evidence: {
            file,
            ...(line > 0 ? { line } : {}),
            reason: `[toolchain] channel = "${channel}"`,
            confidence: 'explicit',
          },
        });
      } else {
        diagnostics.push({
          severity: 'warning',
          file,
          message: `${file} has no [toolchain] channel`,
          fix: 'add channel = "<version>" under [toolchain]',
        });
      }
    } catch (e) {
      diagnostics.push(tomlDiagnostic(file, e, 'fix the TOML syntax of the toolchain file'));
    }
    break;
  }

  const pin = findToolchainPin(fs, crateDir, ['rust']);
  diagnostics.push(...pin.diagnostics);
  if (pin.pin) channels.push({ channel: pin.pin.version, evidence: pin.pin.evidence });

  const evidence: Evidence[] = [];
  let version: string | null = null;
  for (const c of channels) {
    if (/^(stable|latest)$/i.test(c.channel)) {
      evidence.push({
        ...c.evidence,
        reason: `${c.evidence.reason}: the newest stable release`,
        confidence: 'weak',
      });
      continue;
    }
    version ??= c.channel;
    evidence.push(c.evidence);
  }

  const pkg = manifest.package;
  let msrv: { version: string; evidence: Evidence } | null = null;
  if (pkg?.rustVersion) {
    msrv = {
      version: pkg.rustVersion,
      evidence: {
        file: manifest.file,
        ...(pkg.rustVersionLine ? { line: pkg.rustVersionLine } : {}),
        reason: `rust-version = "${pkg.rustVersion}" (the minimum supported Rust version)`,
        confidence: 'strong',
      },
    };
  } else if (pkg?.rustVersionFromWorkspace && workspaceRoot?.workspace?.rustVersion) {
    const ws = workspaceRoot.workspace;
    msrv = {
      version: ws.rustVersion as string,
      evidence: {
        file: workspaceRoot.file,
        ...(ws.rustVersionLine ? { line: ws.rustVersionLine } : {}),
        reason: `[workspace.package] rust-version = "${ws.rustVersion}" (the minimum supported Rust version)`,
        confidence: 'strong',
      },
    };
  }
  if (msrv) {
    version ??= `>=${msrv.version}`;
    evidence.push(msrv.evidence);
  }
  return { version, evidence, diagnostics };
}
