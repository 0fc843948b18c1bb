import type { Service } from '../../../model/service.js';
import type { CacheMount, Instruction } from '../../../render/dockerfile.js';
import {
  APP_DIR,
  cleanDir,
  execArgv,
  HEALTHCHECK_TIMING,
  missingHealthReason,
  nginxRuntime,
  noHealthcheckComment,
  ociLabels,
  staticBuildArgs,
} from '../common.js';
import { nodeDockerignoreLines } from '../dockerignore.js';
import { NODE_USER, nodeHealthcheckArgv, nodeImage } from '../node-dockerfile.js';
import { nodeMajorFor } from '../node-version.js';
import type { ImagePlan, Stack, StackPlan } from '../stack.js';
import { evidenceFile, staysInContext } from './evidence-files.js';

/**
 * Bun line used when the repo pins none (`packageManager: "bun@x.y.z"` pins one). A minor-line tag
 * takes patch releases, like the Node stack's major tags.
 * @see https://hub.docker.com/r/oven/bun/tags
 */
export const DEFAULT_BUN_VERSION = '1.3';
/** The oven/bun image's `bun` user (uid 1000, gid 1000), by number so `runAsNonRoot` can verify it. */
export const BUN_USER = '1000:1000';
export const BUN_LOCKFILES = ['bun.lock', 'bun.lockb'] as const;
/** Bun's global install cache when it runs as root. */
const BUN_CACHE: CacheMount = { type: 'cache', target: '/root/.bun/install/cache', id: 'bun' };
const BUN_INSTALL = 'bun install --frozen-lockfile';
const BUN_PROD_INSTALL = 'bun install --frozen-lockfile --production';

/** `oven/bun:<version>-slim`: Debian slim with bun only (no build tools). */
export function bunImage(version: string): string {
  return `oven/bun:${version}-slim`;
}

/** The Bun version an explicit `packageManager: "bun@x.y.z"` pins, else the default line. */
export function bunVersionFor(service: Service): string {
  for (const e of service.evidence.packageManager ?? []) {
    const m = /"bun@(\d+\.\d+\.\d+)/.exec(e.reason);
    if (e.confidence === 'explicit' && m?.[1]) return m[1];
  }
  return DEFAULT_BUN_VERSION;
}

function startsWithBun(service: Service): boolean {
  const argv = service.commands.start ? execArgv(service.commands.start) : [];
  return argv[0] === 'bun' || argv[0] === 'bunx';
}

/**
 * Bun-managed Node packages (bun.lock / bun.lockb, `packageManager: bun@…`) and packages started
 * with bun. Listed before the Node stack, which would otherwise claim them (their language is node).
 */
export const bunStack: Stack = {
  id: 'bun',
  handles: (service) =>
    service.language === 'node' && (service.packageManager === 'bun' || startsWithBun(service)),
  plan: planBun,
  dockerignore: nodeDockerignoreLines,
};

/** The lockfile bun installs from, relative to the service folder, or why there is none to use. */
function bunLockfile(service: Service): { lockfile: string } | { problem: string } {
  const found = evidenceFile(service, BUN_LOCKFILES, ['packageManager', 'install']);
  if (found && 'outside' in found) {
    return {
      problem: `its lockfile ${found.outside} is outside the service folder (a workspace root), and the image is built from ${service.path}; build workspace packages from the root with a Dockerfile of your own`,
    };
  }
  if (found) return { lockfile: found.file };
  const install = service.commands.install?.trim().replace(/\s+/g, ' ') ?? null;
  if (install === null || !/--frozen-lockfile\b/.test(install)) {
    return {
      problem: `no bun.lock was found (install is "${install ?? 'none'}"), so oven/bun image builds would not be reproducible: run bun install and commit bun.lock`,
    };
  }
  return { lockfile: 'bun.lock' };
}

function planBun(service: Service): StackPlan {
  if (service.packageManager !== 'bun') {
    return {
      skipped: `it starts with bun but installs with ${service.packageManager ?? 'no package manager'}: run bun install, commit bun.lock, and the image installs with bun too`,
    };
  }
  const lock = bunLockfile(service);
  if ('problem' in lock) return { skipped: lock.problem };
  const version = bunVersionFor(service);

  if (service.kind === 'static') {
    if (!service.outputDir || !staysInContext(service.outputDir)) {
      return {
        skipped:
          'static site with no known output folder inside the service: set outputDir (e.g. dist) for it in shipready.config.yaml',
      };
    }
    return bunStaticImage(service, version, lock.lockfile, cleanDir(service.outputDir));
  }
  if (!service.commands.start) {
    return {
      skipped:
        'no start command was detected: add a "start" script (e.g. "bun src/index.ts") or set commands.start in shipready.config.yaml',
    };
  }
  const argv = execArgv(service.commands.start);
  const script = packageScriptOf(argv);
  if (script !== null) {
    return {
      skipped: `the start command runs the package script "${script}" through ${argv[0]}, which sits between the container and the app's signals: set commands.start to the command that script runs (e.g. "bun src/index.ts") in shipready.config.yaml`,
    };
  }
  return bunServiceImage(service, version, lock.lockfile, argv);
}

/** The script name when argv runs a package.json script (`bun run start`, `npm start`), else null. */
function packageScriptOf(argv: readonly string[]): string | null {
  const [tool, sub, name] = argv;
  if (tool === 'npm' || tool === 'yarn' || tool === 'pnpm')
    return sub === 'run' ? (name ?? 'start') : (sub ?? 'start');
  // `bun run <x>` runs a file when x has an extension or a path, else a package.json script.
  if (tool === 'bun' && sub === 'run' && name !== undefined && !/[./]/.test(name)) return name;
  return null;
}

/** `deps`: package.json, the lockfile and bunfig.toml only, so the install survives code edits. */
function depsStage(version: string, lockfile: string): Instruction[] {
  return [
    {
      kind: 'comment',
      text: `deps: install every dependency from ${lockfile} (cached until the manifest or lockfile changes).`,
    },
    { kind: 'FROM', image: bunImage(version), as: 'deps' },
    { kind: 'WORKDIR', path: APP_DIR },
    // bunfig.toml may set registries and install options; the glob keeps it optional.
    { kind: 'COPY', src: ['package.json', lockfile, 'bunfig.toml*'], dest: './' },
    { kind: 'RUN', mounts: [BUN_CACHE], commands: [BUN_INSTALL] },
    { kind: 'blank' },
  ];
}

function bunHealthcheckArgv(port: number, healthPath: string): string[] {
  const url = `http://127.0.0.1:${port}${healthPath}`;
  const lit = /^[^'\\]*$/.test(url) ? `'${url}'` : JSON.stringify(url);
  return ['bun', '-e', `fetch(${lit}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))`];
}

/** A Bun web or worker service: deps → build (then production dependencies only) → runtime. */
function bunServiceImage(service: Service, version: string, lockfile: string, argv: string[]): ImagePlan {
  const build = service.commands.build;
  // A bun-installed app started with node runs on the Node image (bun's node_modules layout is npm's).
  const onNode = argv[0] === 'node';
  const major = nodeMajorFor(service.languageVersion);
  const image = onNode ? nodeImage(major) : bunImage(version);
  const user = onNode ? NODE_USER : BUN_USER;
  const port = service.port;
  const noHealthcheckReason = missingHealthReason(service);
  const healthPath = noHealthcheckReason === null ? service.healthPath : null;

  const out: Instruction[] = [
    ...depsStage(version, lockfile),
    {
      kind: 'comment',
      text: `build: copy the source${build ? ', build the app' : ''}, then keep production dependencies only.`,
    },
    { kind: 'FROM', image: 'deps', as: 'build' },
    { kind: 'COPY', src: ['.'], dest: '.' },
    {
      kind: 'RUN',
      mounts: [BUN_CACHE],
      commands: [...(build ? [build] : []), 'rm -rf node_modules', BUN_PROD_INSTALL],
    },
    { kind: 'blank' },
    {
      kind: 'comment',
      text: `runtime: a fresh ${onNode ? 'Node' : 'Bun'} image with production dependencies and the app only.`,
    },
    ...(noHealthcheckReason === null ? [] : [noHealthcheckComment(noHealthcheckReason)]),
    { kind: 'FROM', image, as: 'runtime' },
    {
      kind: 'ENV',
      vars: [['NODE_ENV', 'production'], ...(port !== null ? [['PORT', String(port)] as const] : [])],
    },
    { kind: 'WORKDIR', path: APP_DIR },
    { kind: 'comment', text: 'Files stay owned by root: the app can read its code but not change it.' },
    { kind: 'COPY', from: 'build', src: [APP_DIR], dest: './' },
    { kind: 'USER', user },
  ];
  if (port !== null) out.push({ kind: 'EXPOSE', port });
  if (port !== null && healthPath !== null) {
    out.push({
      kind: 'HEALTHCHECK',
      cmd: onNode ? nodeHealthcheckArgv(major, port, healthPath) : bunHealthcheckArgv(port, healthPath),
      ...HEALTHCHECK_TIMING,
    });
  }
  out.push(
    ...ociLabels(service),
    {
      kind: 'comment',
      text: `Exec form: ${argv[0]} runs as PID 1 and receives SIGTERM directly; run with --init to reap zombies.`,
    },
    { kind: 'CMD', argv },
  );
  return {
    instructions: out,
    runtime: {
      port,
      healthPath,
      user,
      baseImage: image,
      cmd: argv,
      noHealthcheckReason,
      buildArgs: [],
      runtimeEnv: true,
      copiedDirs: null,
    },
  };
}

/** A static site built with bun (Vite, Astro … with bun.lock), or prebuilt files, served by nginx. */
function bunStaticImage(service: Service, version: string, lockfile: string, outputDir: string): ImagePlan {
  const build = service.commands.build;
  if (build === null) {
    const runtime = nginxRuntime(service, { path: outputDir === '.' ? './' : `${outputDir}/` }, outputDir);
    return runtime;
  }
  const args = staticBuildArgs(service);
  const out: Instruction[] = [
    ...depsStage(version, lockfile),
    { kind: 'comment', text: 'build: copy the source and build the site.' },
    { kind: 'FROM', image: 'deps', as: 'build' },
    { kind: 'COPY', src: ['.'], dest: '.' },
    ...args.instructions,
    { kind: 'RUN', commands: [build] },
    { kind: 'blank' },
  ];
  const runtime = nginxRuntime(
    service,
    { from: 'build', path: outputDir === '.' ? APP_DIR : `${APP_DIR}/${outputDir}` },
    outputDir,
    args.names,
  );
  return { instructions: [...out, ...runtime.instructions], runtime: runtime.runtime };
}
