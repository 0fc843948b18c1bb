/**
 * Helpers shared by the Ruby, PHP and Elixir image stacks (not in common.ts so those stacks can be
 * added without editing a file every stack imports).
 */
import path from 'node:path';
import type { Service } from '../../model/service.js';
import { splitCommand } from '../../render/argv.js';
import type { CacheMount, Instruction } from '../../render/dockerfile.js';
import { APP_DIR, APP_USER } from './common.js';
import { type NodePackageManagerSpec, packageManagerSpec } from './package-managers.js';

/** Name of the account created for APP_USER, so tools that look the user up find one. */
export const APP_USER_NAME = 'app';

/**
 * APT caches kept between builds instead of in a layer; `locked` because apt cannot share them.
 * @see https://docs.docker.com/build/cache/optimize/#use-cache-mounts
 */
export const APT_CACHE_MOUNTS: readonly CacheMount[] = [
  { type: 'cache', target: '/var/cache/apt', sharing: 'locked' },
  { type: 'cache', target: '/var/lib/apt/lists', sharing: 'locked' },
];

/** `apt-get install` of Debian packages, the package lists and downloads in cache mounts. */
export function aptInstall(packages: readonly string[]): Instruction {
  return {
    kind: 'RUN',
    mounts: APT_CACHE_MOUNTS,
    commands: [
      'apt-get update',
      `apt-get install -y --no-install-recommends ${[...new Set(packages)].sort().join(' ')}`,
    ],
  };
}

/**
 * Creates the APP_USER account (uid/gid 10001, no login shell). Its home is /tmp: with a read-only
 * root filesystem that is the one place a tool writing to `$HOME` can write.
 */
export function createAppUser(): string {
  const [uid, gid] = APP_USER.split(':');
  return `groupadd --system --gid ${gid} ${APP_USER_NAME} && useradd --system --uid ${uid} --gid ${gid} --home-dir /tmp --no-create-home --shell /usr/sbin/nologin ${APP_USER_NAME}`;
}

/** The first `X.Y` in a version string (`3.3.1` → `3.3`, `~> 1.15` → `1.15`, `8` → `8.0`), or null. */
export function majorMinor(version: string | null): { major: number; minor: number } | null {
  if (!version) return null;
  const m = /(\d+)(?:\.(\d+))?/.exec(version);
  if (!m?.[1]) return null;
  return { major: Number(m[1]), minor: m[2] === undefined ? 0 : Number(m[2]) };
}

/** Compare two `X.Y` versions. */
export function compareMinor(
  a: { major: number; minor: number },
  b: { major: number; minor: number },
): number {
  return a.major - b.major || a.minor - b.minor;
}

/**
 * The lockfile named by the service's (non-weak) evidence, relative to the service folder; `missing`
 * when none is named, or a problem when it lies outside the build context.
 */
export function lockfileFromEvidence(
  service: Service,
  names: readonly string[],
): { lockfile: string } | { missing: true } | { problem: string } {
  const dir = path.posix.normalize(service.path).replace(/\/+$/, '');
  const found = [...(service.evidence.packageManager ?? []), ...(service.evidence.install ?? [])].find(
    (e) => e.confidence !== 'weak' && names.includes(path.posix.basename(e.file)),
  );
  if (!found) return { missing: true };
  const rel = dir === '.' ? found.file : path.posix.relative(dir, found.file);
  if (rel.includes('/')) {
    return {
      problem: `its lockfile ${found.file} is outside the service folder, and the image is built from ${dir}; build it from that folder with a Dockerfile of your own`,
    };
  }
  return { lockfile: rel };
}

/** The `&&`-separated steps of a detected command line (the detectors join steps that way). */
export function steps(command: string | null): string[] {
  if (!command) return [];
  return command
    .split('&&')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

const JS_TOOLS = new Set(['npm', 'yarn', 'pnpm', 'bun', 'npx']);

/** True for a step run by a JavaScript package manager (`npm ci`, `yarn build` …). */
export function isJsStep(step: string): boolean {
  return JS_TOOLS.has(step.split(/\s+/)[0] ?? '');
}

/** A front-end toolchain the image must install (Rails jsbundling, Laravel Vite …). */
export interface JsToolchain {
  spec: NodePackageManagerSpec;
  lockfile: string;
  install: string;
}

/**
 * The JavaScript install a service's install command carries, with its lockfile; null when there is
 * none, or why it cannot be built reproducibly.
 */
export function jsToolchain(service: Service): JsToolchain | null | { problem: string } {
  const install = steps(service.commands.install).find(isJsStep);
  if (!install) return null;
  const tool = install.split(/\s+/)[0] as string;
  if (tool === 'bun') {
    return {
      problem:
        'its front-end build installs with bun, which needs an oven/bun image this generator does not produce',
    };
  }
  const spec = packageManagerSpec(tool, install);
  if (!spec?.installs.includes(install.replace(/\s+/g, ' '))) {
    return {
      problem: `its front-end install "${install}" does not use a lockfile, so image builds would not be reproducible: commit the lockfile of ${tool}`,
    };
  }
  return { spec, lockfile: spec.lockfiles[0] as string, install };
}

/** argv for CMD: the command split without a shell, else `sh -c` (still exec form). */
export function execArgv(command: string): string[] {
  return splitCommand(command) ?? ['sh', '-c', command];
}

/** `COPY --from=<stage> /app ./`: the built app, owned by root so the app cannot change its code. */
export function copyApp(from: string): Instruction {
  return { kind: 'COPY', from, src: [APP_DIR], dest: './' };
}

/** A folder inside APP_DIR as an absolute path (`tmp` → `/app/tmp`). */
export function inApp(dir: string): string {
  return path.posix.join(APP_DIR, dir);
}
