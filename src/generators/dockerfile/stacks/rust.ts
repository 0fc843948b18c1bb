/**
 * Rust binaries built with Cargo, run from distroless (or Debian slim when they link system
 * libraries distroless lacks). A member of a Cargo workspace is built from the workspace root, where
 * its Cargo.lock and target/ are.
 *
 * @see https://docs.docker.com/guides/rust/build-images/
 * @see https://github.com/GoogleContainerTools/distroless/blob/main/cc/README.md
 */
import path from 'node:path';
import type { Service } from '../../../model/service.js';
import type { CacheMount, Instruction } from '../../../render/dockerfile.js';
import {
  APP_DIR,
  APP_USER,
  argvOf,
  COMMON_IGNORE_GROUPS,
  execComment,
  healthPlan,
  ignoreLines,
  ociLabels,
} from '../common.js';
import type { Stack, StackPlan } from '../stack.js';
import { bestEffort, flagValue } from './compiled-common.js';

/** Toolchain when the project pins none (or only a minimum below it). */
export const DEFAULT_RUST = '1.88';
/** Debian 12: the builder's glibc matches distroless cc-debian12 at run time. */
export const RUST_VARIANT = 'slim-bookworm';
/** glibc, libgcc, libssl and CA certificates; runs as uid 65532. */
export const DISTROLESS_CC = 'gcr.io/distroless/cc-debian12:nonroot';
export const DISTROLESS_USER = '65532:65532';
/** Runtime for binaries linking libraries distroless does not ship (libpq, MariaDB client, SQLite). */
export const DEBIAN_SLIM = 'debian:bookworm-slim';

const REGISTRY: CacheMount = { type: 'cache', target: '/usr/local/cargo/registry' };
const GIT_DB: CacheMount = { type: 'cache', target: '/usr/local/cargo/git/db' };
/** Where the build stage leaves the binary (the target folder is a cache mount, not part of the layer). */
const OUT_DIR = '/out';

/** System libraries by crate, matched on the detector's build evidence (`<crate> links a system library`). */
const SYSTEM_LIBS: readonly { crate: RegExp; build: string[]; runtime: string | null }[] = [
  { crate: /^(openssl-sys|openssl|native-tls|reqwest)$/, build: ['libssl-dev', 'pkg-config'], runtime: null },
  { crate: /^(pq-sys|diesel)$/, build: ['libpq-dev'], runtime: 'libpq5' },
  { crate: /^(mysqlclient-sys|diesel)$/, build: ['default-libmysqlclient-dev'], runtime: 'libmariadb3' },
  { crate: /^(libsqlite3-sys|rusqlite|diesel)$/, build: ['libsqlite3-dev'], runtime: 'libsqlite3-0' },
  { crate: /^rdkafka$/, build: ['cmake', 'g++'], runtime: null },
];

export const rustStack: Stack = {
  id: 'rust',
  handles: (service) => service.language === 'rust',
  plan: planRust,
  dockerignore: () =>
    ignoreLines([
      ...COMMON_IGNORE_GROUPS.slice(0, 1),
      { why: 'Build output is rebuilt inside the image', patterns: ['target', '*/target', '**/*.rs.bk'] },
      ...COMMON_IGNORE_GROUPS.slice(1),
    ]),
};

/** The `rust:` image tag for a detected version: exact pins kept, minimums raised to the default. */
export function rustTag(languageVersion: string | null): string {
  const v = (languageVersion ?? '').trim();
  if (/^\d+\.\d+(\.\d+)?$/.test(v)) return v;
  const min = /^>=\s*(\d+\.\d+(?:\.\d+)?)$/.exec(v)?.[1];
  if (min !== undefined && compareVersions(min, DEFAULT_RUST) > 0) return min;
  return DEFAULT_RUST;
}

function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** System packages the build and the runtime need, from the detector's evidence. */
export function systemPackages(service: Service): { build: string[]; runtime: string[] } {
  const build = new Set<string>();
  const runtime = new Set<string>();
  for (const e of service.evidence.build ?? []) {
    const m = /^(\S+) links a system library: the build needs (.+?)(?:, the runtime (\S+))?$/.exec(e.reason);
    if (!m) continue;
    const needs = m[2] as string;
    for (const lib of SYSTEM_LIBS) {
      // diesel links libpq, the MySQL client or SQLite depending on its features: the evidence says which.
      if (!lib.crate.test(m[1] as string) || !needs.includes(lib.build[0] as string)) continue;
      for (const p of lib.build) build.add(p);
      if (lib.runtime !== null) runtime.add(lib.runtime);
    }
  }
  return { build: [...build].sort(), runtime: [...runtime].sort() };
}

function planRust(service: Service): StackPlan {
  const { build, start, install } = service.commands;
  if (service.packageManager !== 'cargo') {
    return {
      skipped: `package manager "${service.packageManager ?? 'none'}": this generator builds Rust with Cargo`,
    };
  }
  const argv = build === null ? null : argvOf(build.split('&&')[0]?.trim() ?? '');
  const bin = argv === null ? null : flagValue(argv, '--bin');
  if (build === null || argv === null || argv[0] !== 'cargo' || bin === null) {
    return {
      skipped:
        'no "cargo build --release --bin <name>" build command was detected: set commands.build for it',
    };
  }
  if (start === null)
    return { skipped: 'no start command was detected: set commands.start (e.g. ./bin/<name>)' };
  if (!argv.includes('--locked') && !(install ?? '').includes('--locked')) {
    return {
      skipped:
        'no Cargo.lock: commit one (run `cargo generate-lockfile`) so the image builds the versions you tested',
    };
  }
  const workspace = cargoWorkspace(service, build);
  if (workspace !== null && 'problem' in workspace) return { skipped: workspace.problem };
  const pkg = flagValue(argv, '-p', '--package');
  const startArgv = argvOf(start) ?? [];
  const args = startArgv.slice(1);

  const tag = rustTag(service.languageVersion);
  const builder = `rust:${tag}-${RUST_VARIANT}`;
  const sys = systemPackages(service);
  const distroless = sys.runtime.length === 0;
  const runtimeImage = distroless ? DISTROLESS_CC : DEBIAN_SLIM;
  const user = distroless ? DISTROLESS_USER : APP_USER;
  const binary = `${APP_DIR}/${bin}`;
  const entry = [binary, ...args];
  const targetDir = workspace?.target ?? 'target';
  const cargoBuild = [
    'cargo build --release --locked',
    ...(pkg !== null ? ['-p', pkg] : []),
    '--bin',
    bin,
  ].join(' ');

  const out: Instruction[] =
    workspace === null
      ? [
          {
            kind: 'comment',
            text: 'deps: Cargo.toml and Cargo.lock only, then fetch the locked crates into the cache.',
          },
        ]
      : [
          {
            kind: 'comment',
            text: `deps: ${workspace.member} is a member of the Cargo workspace at ${where(workspace.root)}, which is the build context. The whole workspace is copied, not just Cargo.toml and Cargo.lock: Cargo loads every member (its manifest, its targets, its path dependencies) to resolve the workspace, and which members exist is only known from the workspace itself.`,
          },
          {
            kind: 'comment',
            text: 'Downloaded and compiled crates stay in the registry and target/ cache mounts, so a source edit recompiles only the workspace crates.',
          },
        ];
  out.push({ kind: 'FROM', image: builder, as: 'deps' });
  if (sys.build.length > 0) {
    out.push({
      kind: 'RUN',
      commands: [
        'apt-get update',
        `apt-get install -y --no-install-recommends ${sys.build.join(' ')}`,
        'rm -rf /var/lib/apt/lists/*',
      ],
    });
  }
  out.push({ kind: 'WORKDIR', path: APP_DIR });
  if (workspace === null) {
    out.push(
      { kind: 'COPY', src: ['Cargo.toml', 'Cargo.lock'], dest: './' },
      {
        kind: 'comment',
        text: 'Cargo needs a target to read the manifest: empty stand-ins, removed once the crates are fetched.',
      },
      {
        kind: 'RUN',
        mounts: [REGISTRY, GIT_DB],
        commands: [
          'mkdir -p src',
          'touch src/main.rs src/lib.rs',
          bestEffort('cargo fetch --locked', 'cargo fetch'),
          'rm -rf src',
        ],
      },
      { kind: 'blank' },
      {
        kind: 'comment',
        text: 'build: the full source, compiled against the lockfile; the binary is copied out of the cached target/.',
      },
      { kind: 'FROM', image: 'deps', as: 'build' },
      { kind: 'COPY', src: ['.'], dest: '.' },
    );
  } else {
    out.push(
      { kind: 'COPY', src: ['.'], dest: '.' },
      { kind: 'RUN', mounts: [REGISTRY, GIT_DB], commands: ['cargo fetch --locked'] },
      { kind: 'blank' },
      {
        kind: 'comment',
        text: `build: the ${pkg ?? bin} package only, compiled against the workspace Cargo.lock; the binary is copied out of the cached ${targetDir}/.`,
      },
      { kind: 'FROM', image: 'deps', as: 'build' },
    );
  }
  out.push(
    {
      kind: 'RUN',
      mounts: [REGISTRY, GIT_DB, { type: 'cache', target: `${APP_DIR}/${targetDir}` }],
      commands: [cargoBuild, `mkdir -p ${OUT_DIR}`, `cp ${targetDir}/release/${bin} ${OUT_DIR}/${bin}`],
    },
    { kind: 'blank' },
  );

  const noTool = distroless
    ? 'distroless images have no shell or HTTP client to run a probe'
    : 'the Debian slim runtime has no HTTP client to run a probe';
  const health = healthPlan(service, null, noTool);
  const port = service.port;
  out.push(
    {
      kind: 'comment',
      text: distroless
        ? `runtime: ${runtimeImage} (glibc, libssl, CA certificates, no shell) with the binary only.`
        : `runtime: ${runtimeImage} with the shared libraries the binary links (${sys.runtime.join(', ')}).`,
    },
    ...health.beforeFrom,
    { kind: 'FROM', image: runtimeImage, as: 'runtime' },
  );
  if (!distroless) {
    out.push({
      kind: 'RUN',
      commands: [
        'apt-get update',
        `apt-get install -y --no-install-recommends ca-certificates ${sys.runtime.join(' ')}`,
        'rm -rf /var/lib/apt/lists/*',
      ],
    });
  }
  out.push({ kind: 'WORKDIR', path: APP_DIR });
  const env: [string, string][] = [];
  if (port !== null) env.push(['PORT', String(port)]);
  // Rocket listens on 127.0.0.1 unless told otherwise, which nothing outside the container reaches.
  if (service.framework === 'rocket') {
    env.push(['ROCKET_ADDRESS', '0.0.0.0']);
    if (port !== null) env.push(['ROCKET_PORT', String(port)]);
  }
  if (env.length > 0) out.push({ kind: 'ENV', vars: env });
  out.push({ kind: 'COPY', from: 'build', src: [`${OUT_DIR}/${bin}`], dest: binary });
  if (hasRocketToml(service)) {
    const folder = workspace === null ? APP_DIR : `${APP_DIR}/${workspace.member}`;
    out.push({ kind: 'COPY', from: 'build', src: [`${folder}/Rocket.toml`], dest: './' });
  }
  out.push(
    {
      kind: 'comment',
      text: 'Files the binary reads at run time (templates, static assets, migrations) must be copied here too.',
    },
    { kind: 'USER', user },
  );
  if (port !== null) out.push({ kind: 'EXPOSE', port });
  out.push(...health.healthcheck, ...ociLabels(service), execComment(`the ${bin} binary`, false), {
    kind: 'ENTRYPOINT',
    argv: entry,
  });

  return {
    instructions: out,
    runtime: {
      port,
      healthPath: health.healthPath,
      user,
      baseImage: runtimeImage,
      cmd: entry,
      noHealthcheckReason: health.noHealthcheckReason,
      buildArgs: [],
      runtimeEnv: true,
      copiedDirs: [],
    },
    ...(workspace === null ? {} : { context: workspace.root }),
  };
}

/** Rocket reads Rocket.toml from its working directory; the detector cites it when it set the port. */
function hasRocketToml(service: Service): boolean {
  const want = path.posix.normalize(path.posix.join(service.path, 'Rocket.toml'));
  return Object.values(service.evidence).some((list) =>
    (list ?? []).some((e) => path.posix.normalize(e.file) === want),
  );
}

/** A Cargo workspace member's build: the workspace root (repo-relative), the member folder under it, and the target folder under the root. */
interface CargoWorkspace {
  root: string;
  member: string;
  target: string;
}

function where(dir: string): string {
  return dir === '.' ? 'the repository root' : dir;
}

/**
 * The workspace a crate is built in, read from the detected build (`cp ../../target/release/…`
 * copies out of the workspace root's target/); `null` for a crate built in its own folder, or why
 * the build cannot be reproduced from an ancestor folder.
 */
function cargoWorkspace(service: Service, build: string): CargoWorkspace | null | { problem: string } {
  const targetDir = /\bcp\s+(\S+)\/release\//.exec(build)?.[1] ?? 'target';
  if (!targetDir.startsWith('..')) return null;
  const dir = path.posix.normalize(service.path.replace(/\\/g, '/')).replace(/\/+$/, '') || '.';
  const root = path.posix.normalize(path.posix.join(dir, path.posix.dirname(targetDir)));
  const lock = [...(service.evidence.install ?? []), ...(service.evidence.packageManager ?? [])].find(
    (e) => e.confidence !== 'weak' && path.posix.basename(e.file) === 'Cargo.lock',
  );
  const lockDir = lock === undefined ? null : path.posix.dirname(path.posix.normalize(lock.file));
  const ancestor = root === '.' ? dir !== '.' : dir.startsWith(`${root}/`);
  if (root.startsWith('..') || !ancestor) {
    const at = root.startsWith('..')
      ? 'outside the repository'
      : `in ${where(root)}, not a folder above ${dir}`;
    return {
      problem: `its build copies the binary out of ${targetDir}, ${at}: this generator builds a crate from its own folder or from the root of its Cargo workspace; set commands.build for it`,
    };
  }
  if (lockDir !== null && lockDir !== root) {
    return {
      problem: `its Cargo.lock (${lock?.file}) is not at the root of the workspace it is built in (${where(root)}), so the build would not use it; commit the workspace's Cargo.lock at its root`,
    };
  }
  return {
    root,
    member: root === '.' ? dir : dir.slice(root.length + 1),
    target: path.posix.relative(root, path.posix.join(dir, targetDir)),
  };
}
