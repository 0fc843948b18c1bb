/**
 * Helpers shared by the Ruby, PHP and Elixir image stacks (not in common.ts so those stacks can be
 * added without editing a file every stack imports).
 */
import path from 'node:path';
import type { Service } from '../../model/service.js';
import type { Instruction } from '../../render/dockerfile.js';
import { APP_DIR } from './common.js';
import { type NodePackageManagerSpec, packageManagerSpec } from './package-managers.js';

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

/** `COPY --from=<stage> /app ./`: the built app, owned by root so the app cannot change its code. */
export function copyApp(from: string): Instruction {
  return { kind: 'COPY', from, src: [APP_DIR], dest: './' };
}

/** A folder inside APP_DIR as an absolute path (`tmp` → `/app/tmp`). */
export function inApp(dir: string): string {
  return path.posix.join(APP_DIR, dir);
}
