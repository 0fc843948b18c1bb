import path from 'node:path';
import type { Service } from '../../model/service.js';
import type { CacheMount } from '../../render/dockerfile.js';

/** The Node package managers the Dockerfile generator can install with reproducibly. */
export type NodePackageManagerId = 'npm' | 'pnpm' | 'yarn-classic' | 'yarn-berry';

/** How one package manager installs from its lockfile inside an image. A data table, not an if-chain. */
export interface NodePackageManagerSpec {
  readonly id: NodePackageManagerId;
  /** Command name, as in `service.packageManager`. */
  readonly manager: 'npm' | 'pnpm' | 'yarn';
  /** Lockfile names this manager reads; the first is the usual one. */
  readonly lockfiles: readonly string[];
  /** Config files copied with the manifest and lockfile (globs, so an absent file is no error). */
  readonly extraManifests: readonly string[];
  /** Lockfile-exact install commands this manager accepts; the first is the default. */
  readonly installs: readonly string[];
  /** Removes dev dependencies in place after the build. */
  readonly prune: string;
  /** Download cache kept between builds (BuildKit / Buildah cache mount). */
  readonly cache: CacheMount;
  /** Installed through Corepack (pnpm, yarn); npm ships with Node. */
  readonly corepack: boolean;
  /** Extra build-stage environment for the manager. */
  readonly env: readonly (readonly [string, string])[];
}

export const NODE_PACKAGE_MANAGERS: Readonly<Record<NodePackageManagerId, NodePackageManagerSpec>> = {
  npm: {
    id: 'npm',
    manager: 'npm',
    lockfiles: ['package-lock.json', 'npm-shrinkwrap.json'],
    extraManifests: [],
    installs: ['npm ci'],
    prune: 'npm prune --omit=dev',
    cache: { type: 'cache', target: '/root/.npm', id: 'npm' },
    corepack: false,
    env: [],
  },
  pnpm: {
    id: 'pnpm',
    manager: 'pnpm',
    lockfiles: ['pnpm-lock.yaml'],
    extraManifests: [],
    installs: ['pnpm install --frozen-lockfile'],
    prune: 'pnpm prune --prod',
    // With PNPM_HOME set, pnpm keeps its store in $PNPM_HOME/store (https://pnpm.io/docker).
    cache: { type: 'cache', target: '/pnpm/store', id: 'pnpm' },
    corepack: true,
    env: [['PNPM_HOME', '/pnpm']],
  },
  'yarn-classic': {
    id: 'yarn-classic',
    manager: 'yarn',
    lockfiles: ['yarn.lock'],
    extraManifests: [],
    installs: ['yarn install --frozen-lockfile'],
    // Yarn 1 has no prune; a production install over the tree removes dev dependencies.
    prune: 'yarn install --frozen-lockfile --production',
    cache: { type: 'cache', target: '/usr/local/share/.cache/yarn', id: 'yarn' },
    corepack: true,
    env: [],
  },
  'yarn-berry': {
    id: 'yarn-berry',
    manager: 'yarn',
    lockfiles: ['yarn.lock'],
    // .yarnrc.yml carries nodeLinker; without `nodeLinker: node-modules` there is no node_modules to copy.
    extraManifests: ['.yarnrc.yml*'],
    installs: ['yarn install --immutable'],
    // `workspaces focus` is built into Yarn 4 (a plugin in Yarn 3).
    prune: 'yarn workspaces focus --all --production',
    cache: { type: 'cache', target: '/root/.yarn/berry/cache', id: 'yarn-berry' },
    corepack: true,
    env: [],
  },
};

/** Package managers the generator deliberately does not handle, with the reason shown to the user. */
export const UNSUPPORTED_PACKAGE_MANAGERS: ReadonlyMap<string, string> = new Map([
  [
    'bun',
    'bun-managed apps need an oven/bun base image, which this generator does not produce; no Dockerfile was written rather than an npm-based one that ignores bun.lock',
  ],
]);

/**
 * The spec for a service's package manager, or `null` when it has none we support. Yarn Berry is
 * recognised by its install command (`--immutable`); otherwise Yarn means Yarn 1 (Corepack's default).
 */
export function packageManagerSpec(
  packageManager: string | null,
  install: string | null,
): NodePackageManagerSpec | null {
  switch (packageManager) {
    case 'npm':
      return NODE_PACKAGE_MANAGERS.npm;
    case 'pnpm':
      return NODE_PACKAGE_MANAGERS.pnpm;
    case 'yarn':
      return install && /\s--immutable\b/.test(install)
        ? NODE_PACKAGE_MANAGERS['yarn-berry']
        : NODE_PACKAGE_MANAGERS['yarn-classic'];
    default:
      return null;
  }
}

/** The detected install command when it is one this manager's lockfile-exact forms, else the default. */
export function installCommandFor(spec: NodePackageManagerSpec, install: string | null): string {
  const normalized = install?.trim().replace(/\s+/g, ' ');
  const match = spec.installs.find((c) => c === normalized);
  return match ?? (spec.installs[0] as string);
}

/** Install commands that do not pin the lockfile: what the detector reports when there is none. */
const LOOSE_INSTALLS = new Set(['npm install', 'npm i', 'pnpm install', 'pnpm i', 'yarn', 'yarn install']);

/**
 * The lockfile a service installs from, as a path relative to the service folder, or why it cannot
 * be used: none was found (installs would float), or it sits outside the service folder (a
 * workspace root), which is not part of the build context.
 */
export function resolveLockfile(
  service: Service,
  spec: NodePackageManagerSpec,
): { lockfile: string; workspaceRoot?: string } | { problem: string } {
  const dir = path.posix.normalize(service.path).replace(/\/+$/, '');
  const candidates = [...(service.evidence.packageManager ?? []), ...(service.evidence.install ?? [])]
    .filter((e) => e.confidence !== 'weak' && spec.lockfiles.includes(path.posix.basename(e.file)))
    .map((e) => e.file);
  const found = candidates[0];
  if (found !== undefined) {
    const rel = dir === '.' ? found : path.posix.relative(dir, found);
    const foundDir = path.posix.dirname(found);
    // A lockfile in a folder above the service: a workspace member, built from that root.
    if (rel.includes('/') && (foundDir === '.' || dir.startsWith(`${foundDir}/`))) {
      return { lockfile: path.posix.basename(found), workspaceRoot: foundDir };
    }
    if (rel.includes('/')) {
      return {
        problem: `its lockfile ${found} is outside the service folder (a workspace root), and the image is built from ${dir}; build workspace packages from the root with a Dockerfile of your own`,
      };
    }
    return { lockfile: rel };
  }
  const install = service.commands.install?.trim().replace(/\s+/g, ' ');
  if (install && LOOSE_INSTALLS.has(install)) {
    return {
      problem: `no lockfile was found (install is "${install}"), so image builds would not be reproducible: run ${spec.manager} install and commit ${spec.lockfiles[0]}`,
    };
  }
  return { lockfile: spec.lockfiles[0] as string };
}
