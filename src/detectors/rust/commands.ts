/**
 * Cargo install/build/start commands. Convention (shared with the Go detector): every command runs
 * in the service (crate) folder; the build copies the release binary to `bin/<name>` there and start
 * runs `./bin/<name>`. Cargo finds the workspace from a member folder, so members build in place; the
 * binary is copied from the workspace's `target/`.
 */
import path from 'node:path';
import type { Evidence } from '../../model/evidence.js';
import type { CargoDep } from './cargo-toml.js';

export interface RustBuildInput {
  binName: string;
  /** `-p <package>` is added for workspace members, where bin names may repeat across packages. */
  packageName: string | null;
  locked: boolean;
  /** `target` relative to the crate folder (`target`, `../target`). */
  targetDir: string;
  /** Where the binary must end up, relative to the crate folder. */
  output: string;
}

/** `cargo fetch`, with `--locked` when Cargo.lock is committed (the build then fails instead of re-resolving). */
export function cargoInstall(locked: boolean): string {
  return `cargo fetch${locked ? ' --locked' : ''}`;
}

/** `cargo build --release --locked --bin api && mkdir -p bin && cp target/release/api bin/api`. */
export function cargoBuild(i: RustBuildInput): string {
  const built = `${i.targetDir}/release/${i.binName}`;
  const build = `cargo build --release${i.locked ? ' --locked' : ''}${i.packageName ? ` -p ${i.packageName}` : ''} --bin ${i.binName}`;
  if (path.posix.normalize(i.output) === path.posix.normalize(built)) return build;
  return `${build} && mkdir -p ${path.posix.dirname(i.output)} && cp ${built} ${i.output}`;
}

export interface SystemDep {
  crate: string;
  /** The dependency needs these unless one of these features is on (e.g. `vendored`, `bundled`). */
  unlessFeatures?: readonly string[];
  /** Only with one of these features (diesel's backends). */
  withFeatures?: readonly string[];
  /** Only when default features are on (reqwest's default TLS is native-tls → OpenSSL). */
  defaultFeaturesOnly?: boolean;
  build: string;
  runtime: string;
}

/** Crates that link system libraries: the build image needs the -dev package, the runtime image the library. */
export const RUST_SYSTEM_DEPS: readonly SystemDep[] = [
  { crate: 'openssl-sys', unlessFeatures: ['vendored'], build: 'libssl-dev, pkg-config', runtime: 'libssl3' },
  { crate: 'openssl', unlessFeatures: ['vendored'], build: 'libssl-dev, pkg-config', runtime: 'libssl3' },
  { crate: 'native-tls', unlessFeatures: ['vendored'], build: 'libssl-dev, pkg-config', runtime: 'libssl3' },
  { crate: 'reqwest', defaultFeaturesOnly: true, build: 'libssl-dev, pkg-config', runtime: 'libssl3' },
  { crate: 'pq-sys', unlessFeatures: ['bundled'], build: 'libpq-dev', runtime: 'libpq5' },
  { crate: 'diesel', withFeatures: ['postgres'], build: 'libpq-dev', runtime: 'libpq5' },
  { crate: 'mysqlclient-sys', build: 'default-libmysqlclient-dev', runtime: 'libmariadb3' },
  { crate: 'diesel', withFeatures: ['mysql'], build: 'default-libmysqlclient-dev', runtime: 'libmariadb3' },
  { crate: 'libsqlite3-sys', unlessFeatures: ['bundled'], build: 'libsqlite3-dev', runtime: 'libsqlite3-0' },
  { crate: 'rusqlite', unlessFeatures: ['bundled'], build: 'libsqlite3-dev', runtime: 'libsqlite3-0' },
  { crate: 'diesel', withFeatures: ['sqlite'], build: 'libsqlite3-dev', runtime: 'libsqlite3-0' },
  { crate: 'rdkafka', build: 'cmake, a C++ compiler', runtime: '(statically linked)' },
];

/** Evidence for each system library the crate links, to show in the build fact. */
export function systemDeps(
  manifestFile: string,
  deps: readonly CargoDep[],
  table: readonly SystemDep[] = RUST_SYSTEM_DEPS,
): Evidence[] {
  const out: Evidence[] = [];
  const seen = new Set<string>();
  for (const sd of table) {
    const dep = deps.find((d) => d.crate === sd.crate);
    if (!dep) continue;
    if (sd.unlessFeatures?.some((f) => dep.features.includes(f))) continue;
    if (sd.withFeatures && !sd.withFeatures.some((f) => dep.features.includes(f))) continue;
    if (sd.defaultFeaturesOnly && !dep.defaultFeatures) continue;
    if (seen.has(sd.build)) continue;
    seen.add(sd.build);
    const reason = `${sd.crate} links a system library: the build needs ${sd.build}${sd.runtime.startsWith('(') ? '' : `, the runtime ${sd.runtime}`}`;
    out.push({ file: manifestFile, ...(dep.line ? { line: dep.line } : {}), reason, confidence: 'strong' });
  }
  return out;
}
