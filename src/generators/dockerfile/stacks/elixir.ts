import path from 'node:path';
import type { Service } from '../../../model/service.js';
import type { CacheMount, Instruction } from '../../../render/dockerfile.js';
import {
  APP_DIR,
  APP_USER,
  aptInstall,
  COMMON_IGNORE_GROUPS,
  createAppUser,
  HEALTHCHECK_TIMING,
  ignoreLines,
  lockfileFromEvidence,
  missingHealthReason,
  noHealthcheckComment,
  ociLabels,
} from '../common.js';
import type { ImagePlan, Stack, StackPlan } from '../stack.js';
import { compareMinor, majorMinor, steps } from '../stack-kit.js';

/** One hexpm/elixir build of an Elixir line: the Elixir and OTP releases and the Debian snapshot. */
export interface ElixirBuild {
  elixir: string;
  otp: string;
  /** Debian bookworm snapshot date, shared by the builder and the runtime image. */
  debian: string;
}

/**
 * hexpm/elixir images, one per Elixir line. hexpm publishes every Elixir × OTP × Debian snapshot
 * combination as `<elixir>-erlang-<otp>-debian-bookworm-<YYYYMMDD>-slim`, and tags never move.
 * The runtime uses `debian:bookworm-<same date>-slim`, so the release runs on the glibc and OpenSSL
 * it was built against (as Phoenix's own `mix phx.gen.release --docker` does).
 * @see https://hub.docker.com/r/hexpm/elixir/tags
 */
export const ELIXIR_BUILDS: Readonly<Record<string, ElixirBuild>> = {
  '1.15': { elixir: '1.15.8', otp: '26.2.5.2', debian: '20240701' },
  '1.16': { elixir: '1.16.2', otp: '26.2.5', debian: '20240513' },
  '1.17': { elixir: '1.17.2', otp: '27.0.1', debian: '20240701' },
  '1.18': { elixir: '1.18.3', otp: '27.3.3', debian: '20250428' },
};
/** Elixir line used when the repo pins none (`.tool-versions`, mise, `elixir:` in mix.exs). */
export const DEFAULT_ELIXIR = '1.18';

export function elixirBuilderImage(b: ElixirBuild): string {
  return `hexpm/elixir:${b.elixir}-erlang-${b.otp}-debian-bookworm-${b.debian}-slim`;
}

export function elixirRuntimeImage(b: ElixirBuild): string {
  return `debian:bookworm-${b.debian}-slim`;
}

/** Hex's package cache (HEX_HOME is ~/.hex): downloads kept between builds. */
const HEX_CACHE: CacheMount = { type: 'cache', target: '/root/.hex/packages', id: 'hex' };
/** What a release needs from the OS: the C++ runtime, OpenSSL for :crypto, ncurses, a UTF-8 locale. */
const RUNTIME_PACKAGES = ['ca-certificates', 'libncurses6', 'libstdc++6', 'locales', 'openssl'];

/** Elixir services (Phoenix, Plug, OTP workers) built as a Mix release. */
export const elixirStack: Stack = {
  id: 'elixir',
  handles: (service) => service.language === 'elixir',
  plan: planElixir,
  dockerignore: elixirDockerignoreLines,
};

const lineOf = (key: string) => majorMinor(key) ?? { major: 0, minor: 0 };

/** The Elixir line to build with and a note when it differs from the detected one, or why none fits. */
export function elixirBuildFor(
  version: string | null,
): { line: string; build: ElixirBuild; note: string | null } | { problem: string } {
  const lines = Object.keys(ELIXIR_BUILDS).sort((a, b) => compareMinor(lineOf(a), lineOf(b)));
  const v = majorMinor(version);
  if (v === null)
    return { line: DEFAULT_ELIXIR, build: ELIXIR_BUILDS[DEFAULT_ELIXIR] as ElixirBuild, note: null };
  const key = `${v.major}.${v.minor}`;
  const exact = ELIXIR_BUILDS[key];
  if (exact) return { line: key, build: exact, note: null };
  const oldest = lines[0] as string;
  const newest = lines.at(-1) as string;
  if (compareMinor(v, lineOf(newest)) > 0) {
    return {
      problem: `Elixir ${version} is newer than the hexpm/elixir builds this generator pins (up to ${newest}); write a Dockerfile of your own or pin an Elixir ${newest} release`,
    };
  }
  return {
    line: oldest,
    build: ELIXIR_BUILDS[oldest] as ElixirBuild,
    note: `Elixir ${version} is older than the oldest pinned build; ${oldest} compiles code written for 1.x releases before it`,
  };
}

/** The release the start command runs: `_build/prod/rel/<name>/bin/<name> start` → `<name>`. */
export function releaseName(service: Service): string | null {
  const m = /(?:^|\s)(?:\.\/)?_build\/prod\/rel\/([A-Za-z0-9_]+)\/bin\/([A-Za-z0-9_]+)\s+start\b/.exec(
    service.commands.start ?? '',
  );
  return m?.[1] && m[1] === m[2] ? m[1] : null;
}

function planElixir(service: Service): StackPlan {
  if (service.packageManager !== 'mix') {
    return { skipped: 'no mix.exs was found: this generator builds Elixir apps as Mix releases' };
  }
  const release = releaseName(service);
  if (release === null) {
    return {
      skipped:
        'the start command does not run a Mix release (_build/prod/rel/<name>/bin/<name> start): add a release to mix.exs or write a Dockerfile of your own',
    };
  }
  const version = elixirBuildFor(service.languageVersion);
  if ('problem' in version) return { skipped: version.problem };
  const lock = lockfileFromEvidence(service, ['mix.lock']);
  if ('missing' in lock) {
    return {
      skipped:
        'no mix.lock was found, so image builds would not be reproducible: run mix deps.get and commit mix.lock',
    };
  }
  if ('problem' in lock) return { skipped: lock.problem };
  return elixirImagePlan(service, version, lock.lockfile, release);
}

/** Files of the service the evidence names, relative to its folder. */
function knownFiles(service: Service): string[] {
  const dir = path.posix.normalize(service.path).replace(/\/+$/, '');
  const files = new Set<string>();
  const add = (f: string) => files.add(dir === '.' ? f : path.posix.relative(dir, f));
  for (const list of Object.values(service.evidence)) for (const e of list ?? []) add(e.file);
  for (const v of service.env) for (const e of v.evidence) add(e.file);
  for (const b of service.backing) for (const e of b.evidence) add(e.file);
  return [...files];
}

function elixirImagePlan(
  service: Service,
  version: { line: string; build: ElixirBuild; note: string | null },
  lockfile: string,
  release: string,
): ImagePlan {
  const builder = elixirBuilderImage(version.build);
  const runtimeImage = elixirRuntimeImage(version.build);
  const files = knownFiles(service);
  // An umbrella's apps declare their dependencies in apps/*/mix.exs, next to their code.
  const umbrella = files.some((f) => /^apps\/[^/]+\/mix\.exs$/.test(f));
  // Dependencies compile against config/; with it known to exist they compile in the cached layer.
  const hasConfig = files.some((f) => f.startsWith('config/'));
  const phoenix = service.framework === 'phoenix';
  const build = steps(service.commands.build).map((s) => s.replace(/^MIX_ENV=prod\s+/, ''));
  if (!build.some((s) => s.startsWith('mix release'))) build.push('mix release');
  if (!hasConfig) build.unshift('mix deps.compile');

  const out: Instruction[] = [
    {
      kind: 'comment',
      text: `deps: Hex packages from ${lockfile} (cached until mix.exs or ${lockfile} changes) on Elixir ${version.build.elixir} / OTP ${version.build.otp}.`,
    },
  ];
  if (version.note) out.push({ kind: 'comment', text: `${version.note}.` });
  out.push(
    { kind: 'FROM', image: builder, as: 'deps' },
    aptInstall(['build-essential', 'git']),
    { kind: 'WORKDIR', path: APP_DIR },
    { kind: 'ENV', vars: [['MIX_ENV', 'prod']] },
    { kind: 'RUN', commands: ['mix local.hex --force', 'mix local.rebar --force'] },
    { kind: 'COPY', src: ['mix.exs', lockfile], dest: './' },
  );
  if (umbrella) {
    out.push(
      {
        kind: 'comment',
        text: "Umbrella: each app's mix.exs sits beside its code, so apps/ comes in whole.",
      },
      { kind: 'COPY', src: ['apps'], dest: './apps' },
    );
  }
  out.push({ kind: 'RUN', mounts: [HEX_CACHE], commands: ['mix deps.get --only prod'] });
  if (hasConfig) {
    out.push(
      { kind: 'COPY', src: ['config'], dest: './config' },
      { kind: 'RUN', commands: ['mix deps.compile'] },
    );
  }
  out.push(
    { kind: 'blank' },
    {
      kind: 'comment',
      text: `build: the source, ${build.includes('mix assets.deploy') ? 'digested assets, ' : ''}then the release.`,
    },
    { kind: 'FROM', image: 'deps', as: 'build' },
    { kind: 'COPY', src: ['.'], dest: '.' },
    { kind: 'RUN', commands: build },
    { kind: 'blank' },
  );

  const port = service.port;
  const noHealthcheckReason = missingHealthReason(service);
  const healthPath = noHealthcheckReason === null ? service.healthPath : null;
  const cmd = [`${APP_DIR}/bin/${release}`, 'start'];
  const packages = [...RUNTIME_PACKAGES, ...(healthPath !== null ? ['curl'] : [])];

  out.push({
    kind: 'comment',
    text: `runtime: Debian with the release only (it bundles the Erlang runtime)${healthPath !== null ? '; curl for the HEALTHCHECK' : ''}.`,
  });
  if (noHealthcheckReason !== null) out.push(noHealthcheckComment(noHealthcheckReason));
  out.push(
    { kind: 'FROM', image: runtimeImage, as: 'runtime' },
    aptInstall(packages),
    {
      kind: 'RUN',
      commands: ["sed -i '/en_US.UTF-8/s/^# //' /etc/locale.gen", 'locale-gen', createAppUser()],
    },
    { kind: 'WORKDIR', path: APP_DIR },
    {
      kind: 'ENV',
      vars: [
        ['LANG', 'en_US.UTF-8'],
        ['LANGUAGE', 'en_US:en'],
        ['LC_ALL', 'en_US.UTF-8'],
        ['MIX_ENV', 'prod'],
        // The release writes its runtime config (from runtime.exs) here at boot: /tmp stays writable.
        ['RELEASE_TMP', '/tmp'],
        ...(phoenix ? [['PHX_SERVER', 'true'] as const] : []),
        ...(port !== null ? [['PORT', String(port)] as const] : []),
      ],
    },
    { kind: 'comment', text: 'Files stay owned by root: the app can read its code but not change it.' },
    { kind: 'COPY', from: 'build', src: [`${APP_DIR}/_build/prod/rel/${release}`], dest: './' },
    { kind: 'USER', user: APP_USER },
  );
  if (port !== null) out.push({ kind: 'EXPOSE', port });
  if (port !== null && healthPath !== null) {
    out.push({
      kind: 'HEALTHCHECK',
      cmd: ['curl', '-fsS', '-o', '/dev/null', `http://127.0.0.1:${port}${healthPath}`],
      ...HEALTHCHECK_TIMING,
    });
  }
  out.push(...ociLabels(service), {
    kind: 'comment',
    text: 'Exec form: the release script execs the BEAM, which gets SIGTERM and shuts down cleanly; migrations belong in a release step (bin/<release> eval).',
  });
  out.push({ kind: 'CMD', argv: cmd });

  return {
    instructions: out,
    runtime: {
      port,
      healthPath,
      user: APP_USER,
      baseImage: runtimeImage,
      cmd,
      noHealthcheckReason,
      buildArgs: [],
      runtimeEnv: true,
      copiedDirs: [`_build/prod/rel/${release}`],
    },
  };
}

/** The .dockerignore for Elixir services sharing one build context. */
export function elixirDockerignoreLines(services: readonly Service[]): string[] {
  const phoenix = services.some((s) => s.framework === 'phoenix');
  return ignoreLines([
    ...COMMON_IGNORE_GROUPS,
    {
      why: 'Dependencies are fetched and compiled inside the image from mix.lock',
      patterns: ['deps', '**/node_modules'],
    },
    {
      why: 'Build output and caches are rebuilt inside the image',
      patterns: [
        '_build',
        '.elixir_ls',
        '.lexical',
        '.fetch',
        'erl_crash.dump',
        '*.ez',
        ...(phoenix && services.some((s) => (s.commands.build ?? '').includes('assets.deploy'))
          ? ['priv/static/assets', 'priv/static/cache_manifest.json']
          : []),
      ],
    },
    { why: 'Test output and docs', patterns: ['cover', 'doc'] },
  ]);
}
