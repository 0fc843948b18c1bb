import type { Service } from '../../../model/service.js';
import type { Instruction } from '../../../render/dockerfile.js';
import {
  APP_DIR,
  COMMON_IGNORE_GROUPS,
  execArgv,
  HEALTHCHECK_TIMING,
  type IgnoreGroup,
  ignoreLines,
  missingHealthReason,
  noHealthcheckComment,
  ociLabels,
} from '../common.js';
import type { ImagePlan, Stack, StackPlan } from '../stack.js';
import { evidenceFile } from './evidence-files.js';

/**
 * Deno used when the repo pins none (.dvmrc, mise, .tool-versions), and the newest release of each
 * major for pins that name only a major or minor (denoland/deno publishes full versions only).
 * @see https://hub.docker.com/r/denoland/deno/tags
 */
export const DEFAULT_DENO_VERSION = '2.7.14';
export const LATEST_DENO_BY_MAJOR: Readonly<Record<number, string>> = {
  1: '1.46.3',
  2: DEFAULT_DENO_VERSION,
};
/** The denoland/deno image's `deno` user (uid 1993), by number so `runAsNonRoot` can verify it. */
export const DENO_USER = '1993:1993';
/** Deno's module cache: remote modules, JSR and npm packages the app imports at run time. */
export const DENO_DIR = '/deno-dir';
/** First major whose `deno install` (no arguments) installs a project's dependencies from deno.json. */
const FIRST_MAJOR_WITH_INSTALL = 2;
const DENO_MANIFESTS = ['deno.json', 'deno.jsonc'] as const;

/** `denoland/deno:<version>`: the Debian variant, with tini as PID 1 and the `deno` user. */
export function denoImage(version: string): string {
  return `denoland/deno:${version}`;
}

/** The image version for a detected pin, with a note when it is not the pin itself, or why none fits. */
export function denoVersionFor(
  languageVersion: string | null,
): { version: string; note: string | null } | { problem: string } {
  if (languageVersion === null) {
    return {
      version: DEFAULT_DENO_VERSION,
      note: `No Deno version is pinned; ${DEFAULT_DENO_VERSION} is used: pin yours in .dvmrc`,
    };
  }
  const v = languageVersion.trim();
  const exact = /^v?(\d+\.\d+\.\d+)$/.exec(v);
  if (exact?.[1]) return { version: exact[1], note: null };
  const major = /^(?:\^|~|>=|=)?\s*v?(\d+)(?:\.(?:\d+|x|\*))*$/.exec(v);
  const latest = major?.[1] ? LATEST_DENO_BY_MAJOR[Number(major[1])] : undefined;
  if (latest) {
    return {
      version: latest,
      note: `Deno "${v}" names no exact release; ${latest} is used: pin an exact version in .dvmrc`,
    };
  }
  return {
    problem: `Deno version "${v}" does not name a release this generator knows an image for: pin an exact version (e.g. ${DEFAULT_DENO_VERSION}) in .dvmrc`,
  };
}

/** Deno options that take their value as the next word (`--port 8080`); the rest use `--flag=value`. */
const VALUE_FLAGS = new Set([
  '--port',
  '--host',
  '-c',
  '--config',
  '--import-map',
  '--lock',
  '--location',
  '--seed',
  '--cert',
]);

/** The module a `deno run` / `deno serve` argv runs, or null (another command, or none found). */
export function denoEntryOf(argv: readonly string[]): string | null {
  if (argv[0] !== 'deno' || (argv[1] !== 'run' && argv[1] !== 'serve')) return null;
  for (let i = 2; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--') return argv[i + 1] ?? null;
    if (a.startsWith('-')) {
      if (VALUE_FLAGS.has(a)) i++;
      continue;
    }
    return a;
  }
  return null;
}

/** Deno services (web, worker); the runtime keeps the deno image, with the module cache baked in. */
export const denoStack: Stack = {
  id: 'deno',
  handles: (service) => service.language === 'deno',
  plan: planDeno,
  dockerignore: denoDockerignoreLines,
};

/** A word for a shell command line: bare when it is plain, else single-quoted. */
export function shellWord(word: string): string {
  return /^[A-Za-z0-9_./:@%+=,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * `deno <sub> [args]`, with `--frozen` (fail instead of changing the lockfile) when deno.lock
 * exists: the detector does not report whether it does, so the shell decides at build time.
 */
function frozen(sub: string, args: readonly string[] = []): string {
  const tail = args.map(shellWord).join(' ');
  const plain = ['deno', sub, tail].filter(Boolean).join(' ');
  const locked = ['deno', sub, '--frozen', tail].filter(Boolean).join(' ');
  return `if [ -f deno.lock ]; then ${locked}; else ${plain}; fi`;
}

function planDeno(service: Service): StackPlan {
  if (service.kind === 'static') {
    return { skipped: 'a static Deno site: set outputDir and build it with a Dockerfile of your own' };
  }
  const start = service.commands.start;
  if (!start) {
    return {
      skipped:
        'no start command was detected: add a "start" task (e.g. "deno run --allow-net main.ts") or set commands.start in shipready.config.yaml',
    };
  }
  const argv = execArgv(start);
  if (argv[0] === 'deno' && argv[1] === 'task') {
    return {
      skipped: `the start command runs a task (${start}), which sits between the container and the app's signals: set commands.start to the deno run command the task runs, in shipready.config.yaml`,
    };
  }
  const resolved = denoVersionFor(service.languageVersion);
  if ('problem' in resolved) return { skipped: resolved.problem };
  const manifest = evidenceFile(service, DENO_MANIFESTS, ['language', 'packageManager']);
  if (manifest && 'outside' in manifest) {
    return {
      skipped: `its configuration ${manifest.outside} is outside the service folder (a workspace root), and the image is built from ${service.path}; build workspace members from the root with a Dockerfile of your own`,
    };
  }
  return denoServiceImage(service, resolved.version, resolved.note, manifest?.file ?? null, argv);
}

function denoHealthcheckArgv(port: number, healthPath: string): string[] {
  const url = `http://127.0.0.1:${port}${healthPath}`;
  const lit = /^[^'\\]*$/.test(url) ? `'${url}'` : JSON.stringify(url);
  // `deno eval` has every permission; --no-config keeps it from reading the app's deno.json.
  return ['deno', 'eval', '--no-config', `const r=await fetch(${lit});Deno.exit(r.ok?0:1)`];
}

function denoServiceImage(
  service: Service,
  version: string,
  versionNote: string | null,
  manifest: string | null,
  argv: string[],
): ImagePlan {
  const image = denoImage(version);
  const major = Number(version.split('.')[0]);
  const entry = denoEntryOf(argv);
  const build = service.commands.build;
  const port = service.port;
  const noHealthcheckReason = missingHealthReason(service);
  const healthPath = noHealthcheckReason === null ? service.healthPath : null;
  const installs = major >= FIRST_MAJOR_WITH_INSTALL;

  const out: Instruction[] = [];
  if (versionNote) out.push({ kind: 'comment', text: `${versionNote}.` });
  // Caching what the entry imports (beyond deno.json's imports) needs the source, so it runs in build.
  const cacheEntry =
    entry === null
      ? null
      : installs
        ? frozen('install', ['--entrypoint', entry])
        : `deno cache ${shellWord(entry)}`;
  const buildCommands = [...(cacheEntry ? [cacheEntry] : []), ...(build ? [build] : [])];
  if (installs && manifest !== null) {
    out.push(
      {
        kind: 'comment',
        text: `deps: install what ${manifest} imports into ${DENO_DIR} (cached until ${manifest} or deno.lock changes).`,
      },
      {
        kind: 'comment',
        text: `No cache mount: ${DENO_DIR} is the module store the app reads at run time, so it must stay in the layer.`,
      },
      { kind: 'FROM', image, as: 'deps' },
      { kind: 'ENV', vars: [['DENO_DIR', DENO_DIR]] },
      { kind: 'WORKDIR', path: APP_DIR },
      // deno.lock and package.json are optional; the globs keep COPY from failing without them.
      { kind: 'COPY', src: [manifest, 'deno.lock*', 'package.json*'], dest: './' },
      { kind: 'RUN', commands: [frozen('install')] },
      { kind: 'blank' },
      {
        kind: 'comment',
        text: `build: copy the source${buildCommands.length > 0 ? ` and ${build ? 'build the app' : 'cache what the entry imports'}` : ''}.`,
      },
      { kind: 'FROM', image: 'deps', as: 'build' },
      { kind: 'COPY', src: ['.'], dest: '.' },
    );
  } else {
    if (manifest !== null) {
      out.push({
        kind: 'comment',
        text: `Deno ${major} has no manifest-only install (deno install needs Deno 2): modules are cached with the source.`,
      });
    }
    out.push(
      {
        kind: 'comment',
        text: `build: copy the source and cache what ${entry ?? 'the app'} imports into ${DENO_DIR}${build ? ', then build the app' : ''}.`,
      },
      { kind: 'FROM', image, as: 'build' },
      { kind: 'ENV', vars: [['DENO_DIR', DENO_DIR]] },
      { kind: 'WORKDIR', path: APP_DIR },
      { kind: 'COPY', src: ['.'], dest: '.' },
    );
  }
  if (buildCommands.length > 0) out.push({ kind: 'RUN', commands: buildCommands });
  out.push(
    { kind: 'blank' },
    {
      kind: 'comment',
      text: 'runtime: a fresh Deno image with the app and its cached modules; tini (the entrypoint) forwards SIGTERM.',
    },
    ...(noHealthcheckReason === null ? [] : [noHealthcheckComment(noHealthcheckReason)]),
    { kind: 'FROM', image, as: 'runtime' },
    {
      kind: 'ENV',
      vars: [
        ['DENO_DIR', DENO_DIR],
        ['DENO_NO_UPDATE_CHECK', '1'],
        ...(port !== null ? [['PORT', String(port)] as const] : []),
      ],
    },
    { kind: 'WORKDIR', path: APP_DIR },
    {
      kind: 'comment',
      text: 'Files stay owned by root: the app reads its code and module cache but cannot change them.',
    },
    { kind: 'COPY', from: 'build', src: [DENO_DIR], dest: DENO_DIR },
    { kind: 'COPY', from: 'build', src: [APP_DIR], dest: './' },
    { kind: 'USER', user: DENO_USER },
  );
  if (port !== null) out.push({ kind: 'EXPOSE', port });
  if (port !== null && healthPath !== null) {
    out.push({ kind: 'HEALTHCHECK', cmd: denoHealthcheckArgv(port, healthPath), ...HEALTHCHECK_TIMING });
  }
  out.push(
    ...ociLabels(service),
    { kind: 'comment', text: 'Exec form with the permission flags of the detected start command.' },
    { kind: 'CMD', argv },
  );
  return {
    instructions: out,
    runtime: {
      port,
      healthPath,
      user: DENO_USER,
      baseImage: image,
      cmd: argv,
      noHealthcheckReason,
      buildArgs: [],
      runtimeEnv: true,
      copiedDirs: null,
    },
  };
}

/** Deno's .dockerignore: the common groups plus what `deno install` and the build recreate. */
export function denoDockerignoreLines(services: readonly Service[]): string[] {
  const built = services.some((s) => s.commands.build !== null);
  const groups: IgnoreGroup[] = [
    ...COMMON_IGNORE_GROUPS,
    {
      why: 'Dependencies are installed inside the image from deno.json and deno.lock',
      patterns: ['**/node_modules'],
    },
    {
      // vendor/ is not listed: with "vendor": true it holds the dependencies the app runs with.
      why: 'Build output, caches and test output are recreated inside the image',
      patterns: [...(built ? ['_fresh'] : []), 'coverage', 'cov_profile', '.deno'],
    },
  ];
  return ignoreLines(groups);
}
