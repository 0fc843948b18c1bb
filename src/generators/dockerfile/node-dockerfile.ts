import path from 'node:path';
import type { Service } from '../../model/service.js';
import type { Instruction } from '../../render/dockerfile.js';
import {
  APP_DIR,
  execArgv,
  HEALTHCHECK_TIMING,
  missingHealthReason,
  nginxRuntime,
  noHealthcheckComment,
  ociLabels,
  staticBuildArgs,
} from './common.js';
import { installCommandFor, type NodePackageManagerSpec } from './package-managers.js';
import type { ImagePlan } from './stack.js';

/** `-bookworm-slim`: Debian stable without build tools or docs; glibc keeps native addons working. */
export const NODE_IMAGE_VARIANT = 'bookworm-slim';
/** The node image's `node` user, by number so Kubernetes `runAsNonRoot` can verify it. */
export const NODE_USER = '1000:1000';
/** Node majors after this one no longer bundle Corepack, so it is installed from npm first. */
export const LAST_NODE_MAJOR_WITH_COREPACK = 24;
export const COREPACK_PACKAGE = 'corepack@0.36';
/** `fetch` is global from Node 18; older lines use the http module. */
const FIRST_NODE_MAJOR_WITH_FETCH = 18;

export function nodeImage(major: number): string {
  return `node:${major}-${NODE_IMAGE_VARIANT}`;
}

/** Options that take a value in the next argument, so that argument is not the entry script. */
const NODE_VALUE_FLAGS = new Set([
  '-r',
  '--require',
  '--import',
  '--loader',
  '--experimental-loader',
  '--env-file',
  '-C',
  '--conditions',
  '--title',
  '--stack-size',
]);

/**
 * The top-level folder holding the script `node` runs (`dist` for `node dist/server.js`), or
 * `null` when the command needs more of the tree than that folder: not `node`, an `--eval`, a
 * root-level script, or a preload (`-r ./x`) from the repo.
 */
export function startEntryDir(argv: readonly string[]): string | null {
  if (argv[0] !== 'node') return null;
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '-e' || arg === '--eval' || arg === '-p' || arg === '--print' || arg === '-') return null;
    if (NODE_VALUE_FLAGS.has(arg)) {
      if (isLocalPath(argv[i + 1] ?? '')) return null;
      i++;
      continue;
    }
    if (arg.startsWith('-')) {
      const eq = arg.indexOf('=');
      if (eq !== -1 && NODE_VALUE_FLAGS.has(arg.slice(0, eq)) && isLocalPath(arg.slice(eq + 1))) return null;
      continue;
    }
    const script = path.posix.normalize(arg);
    const first = script.split('/')[0] ?? '';
    if (!script.includes('/') || first === '..' || first === '' || first === '.') return null;
    return first;
  }
  return null;
}

function isLocalPath(p: string): boolean {
  return p.startsWith('.') || p.startsWith('/');
}

/** A HEALTHCHECK argv that needs only node (slim images have no curl or wget). */
export function nodeHealthcheckArgv(major: number, port: number, healthPath: string): string[] {
  const url = `http://127.0.0.1:${port}${healthPath}`;
  const lit = /^[^'\\]*$/.test(url) ? `'${url}'` : JSON.stringify(url);
  const js =
    major >= FIRST_NODE_MAJOR_WITH_FETCH
      ? `fetch(${lit}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))`
      : `require('http').get(${lit},r=>process.exit(r.statusCode>=200&&r.statusCode<300?0:1)).on('error',()=>process.exit(1))`;
  return ['node', '-e', js];
}

function corepackCommands(major: number): string[] {
  return major > LAST_NODE_MAJOR_WITH_COREPACK
    ? [`npm install --global ${COREPACK_PACKAGE}`, 'corepack enable']
    : ['corepack enable'];
}

/** `deps`: manifest and lockfile only, then a lockfile-exact install, so this layer survives code edits. */
function depsStage(
  major: number,
  pm: NodePackageManagerSpec,
  lockfile: string,
  install: string,
  member: string | null = null,
): Instruction[] {
  const env: (readonly [string, string])[] = [...pm.env];
  // Corepack asks before downloading a package manager; a build has nobody to answer.
  if (pm.corepack) env.push(['COREPACK_ENABLE_DOWNLOAD_PROMPT', '0']);
  const out: Instruction[] = [
    {
      kind: 'comment',
      text:
        member === null
          ? `deps: install every dependency from ${lockfile} (cached until the manifest or lockfile changes).`
          : `deps: ${member} is a workspace member: the whole workspace is copied so the install sees every member's manifest and ${lockfile}.`,
    },
    { kind: 'FROM', image: nodeImage(major), as: 'deps' },
  ];
  if (pm.id === 'yarn-berry') {
    out.push({ kind: 'comment', text: 'Yarn Berry: expects `nodeLinker: node-modules` in .yarnrc.yml.' });
  }
  out.push({ kind: 'WORKDIR', path: APP_DIR });
  if (env.length > 0) out.push({ kind: 'ENV', vars: env });
  if (pm.corepack) out.push({ kind: 'RUN', commands: corepackCommands(major) });
  out.push(
    member === null
      ? { kind: 'COPY', src: ['package.json', lockfile, ...pm.extraManifests], dest: './' }
      : { kind: 'COPY', src: ['.'], dest: '.' },
    { kind: 'RUN', mounts: [pm.cache], commands: [install] },
    { kind: 'blank' },
  );
  return out;
}

/** `build`: the full source on top of deps; runs the build, then optionally drops dev dependencies. */
function buildStage(
  build: string | null,
  prune: { pm: NodePackageManagerSpec } | null,
  buildArgs: readonly Instruction[] = [],
): Instruction[] {
  const commands = [...(build ? [build] : []), ...(prune ? [prune.pm.prune] : [])];
  const what = [build ? 'build the app' : null, prune ? 'remove dev dependencies' : null]
    .filter((x) => x !== null)
    .join(', then ');
  const out: Instruction[] = [
    { kind: 'comment', text: `build: copy the source${what ? ` and ${what}` : ''}.` },
    { kind: 'FROM', image: 'deps', as: 'build' },
    { kind: 'COPY', src: ['.'], dest: '.' },
    ...buildArgs,
  ];
  if (commands.length > 0) {
    out.push({ kind: 'RUN', commands, ...(prune ? { mounts: [prune.pm.cache] } : {}) });
  }
  out.push({ kind: 'blank' });
  return out;
}

/** A multi-stage image for a Node web or worker service. `service.commands.start` must be set. */
export function nodeServiceImage(
  service: Service,
  pm: NodePackageManagerSpec,
  lockfile: string,
  major: number,
  member: string | null = null,
): ImagePlan {
  const start = service.commands.start as string;
  const build = service.commands.build;
  // Next.js `output: 'standalone'`: a self-contained server with its own traced node_modules.
  const standalone = member === null && isNextStandalone(service);
  const cmd = standalone ? ['node', 'server.js'] : execArgv(start);
  const entryDir = startEntryDir(cmd);
  const outputDir = service.outputDir ? path.posix.normalize(service.outputDir).replace(/\/+$/, '') : null;
  // Copy only what the start command runs when that is knowable; otherwise the whole built app.
  const narrow =
    member === null && build !== null && entryDir !== null && (outputDir === null || outputDir === entryDir);
  const port = service.port;
  const healthPath = port !== null ? service.healthPath : null;

  const noHealthcheckReason = missingHealthReason(service);

  const out: Instruction[] = [
    ...depsStage(major, pm, lockfile, installCommandFor(pm, service.commands.install), member),
    ...(standalone
      ? buildStage(build === null ? 'mkdir -p public' : `mkdir -p public && ${build}`, null)
      : buildStage(build, { pm })),
    {
      kind: 'comment',
      text: standalone
        ? 'runtime: a fresh Node image with the standalone server, its static assets and public/ only.'
        : 'runtime: a fresh Node image with production dependencies and the app only.',
    },
    // The audit reads this as a reasoned suppression of its HEALTHCHECK rule for the final stage.
    ...(noHealthcheckReason === null ? [] : [noHealthcheckComment(noHealthcheckReason)]),
    { kind: 'FROM', image: nodeImage(major), as: 'runtime' },
    {
      kind: 'ENV',
      vars: [
        ['NODE_ENV', 'production'],
        ...(port !== null ? [['PORT', String(port)] as const] : []),
        // The standalone server binds to HOSTNAME; the container's own name would not be reachable.
        ...(standalone ? [['HOSTNAME', '0.0.0.0'] as const] : []),
      ],
    },
    { kind: 'WORKDIR', path: APP_DIR },
    { kind: 'comment', text: 'Files stay owned by root: the app can read its code but not change it.' },
  ];
  if (standalone) {
    // The layout `next build` expects: server.js at the root, .next/static and public beside it.
    // @see https://nextjs.org/docs/app/api-reference/config/next-config-js/output
    out.push(
      { kind: 'COPY', from: 'build', src: [`${APP_DIR}/.next/standalone/`], dest: './' },
      { kind: 'COPY', from: 'build', src: [`${APP_DIR}/.next/static`], dest: './.next/static' },
      { kind: 'COPY', from: 'build', src: [`${APP_DIR}/public`], dest: './public' },
    );
  } else if (narrow) {
    out.push(
      { kind: 'COPY', from: 'build', src: [`${APP_DIR}/node_modules`], dest: './node_modules' },
      { kind: 'COPY', from: 'build', src: [`${APP_DIR}/package.json`], dest: './package.json' },
      { kind: 'COPY', from: 'build', src: [`${APP_DIR}/${entryDir}`], dest: `./${entryDir}` },
      {
        kind: 'comment',
        text: `Files the app reads at run time outside ${entryDir}/ (views, public, migrations) must be copied here too.`,
      },
    );
  } else {
    out.push({ kind: 'COPY', from: 'build', src: [APP_DIR], dest: './' });
    // The start command runs from the member's folder; hoisted node_modules are found above it.
    if (member !== null) out.push({ kind: 'WORKDIR', path: `${APP_DIR}/${member}` });
  }
  out.push({ kind: 'USER', user: NODE_USER });
  if (port !== null) out.push({ kind: 'EXPOSE', port });

  if (port !== null && healthPath !== null) {
    out.push({
      kind: 'HEALTHCHECK',
      cmd: nodeHealthcheckArgv(major, port, healthPath),
      ...HEALTHCHECK_TIMING,
    });
  }
  out.push(...ociLabels(service));
  out.push({
    kind: 'comment',
    text: 'Exec form: node runs as PID 1 and receives SIGTERM directly; run with --init to reap zombies.',
  });
  out.push({ kind: 'CMD', argv: cmd });

  return {
    instructions: out,
    runtime: {
      port,
      healthPath,
      user: NODE_USER,
      baseImage: nodeImage(major),
      cmd,
      noHealthcheckReason,
      buildArgs: [],
      runtimeEnv: true,
      copiedDirs: standalone
        ? ['.next/standalone', '.next/static', 'public']
        : narrow
          ? [entryDir as string]
          : null,
      // Next caches optimised images and ISR pages under .next/cache at run time.
      ...(standalone ? { writableDirs: [`${APP_DIR}/.next/cache`] } : {}),
    },
  };
}

/** True for a Next.js app built with `output: 'standalone'` (the detector starts its server.js). */
export function isNextStandalone(service: Service): boolean {
  return service.framework === 'next' && service.commands.start === 'node .next/standalone/server.js';
}

/** A static site: built with Node when it has a build command, served by unprivileged nginx. */
export function staticSiteImage(
  service: Service,
  deps: { pm: NodePackageManagerSpec; lockfile: string } | null,
  major: number,
  member: string | null = null,
): ImagePlan {
  const outputDir = path.posix.normalize(service.outputDir as string).replace(/\/+$/, '');
  const build = service.commands.build;
  const out: Instruction[] = [];
  let src: { from?: string; path: string };
  const buildArgs: string[] = [];
  if (build !== null && deps !== null) {
    const install = installCommandFor(deps.pm, service.commands.install);
    const args = staticBuildArgs(service);
    buildArgs.push(...args.names);
    out.push(
      ...depsStage(major, deps.pm, deps.lockfile, install, member),
      ...buildStage(build, null, args.instructions),
    );
    src = { from: 'build', path: `${APP_DIR}/${member === null ? '' : `${member}/`}${outputDir}` };
  } else {
    src = { path: `${outputDir}/` };
  }
  const runtime = nginxRuntime(service, src, outputDir, buildArgs);
  return { instructions: [...out, ...runtime.instructions], runtime: runtime.runtime };
}
