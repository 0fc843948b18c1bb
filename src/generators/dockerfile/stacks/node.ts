import path from 'node:path';
import type { Service } from '../../../model/service.js';
import { nodeDockerignoreLines } from '../dockerignore.js';
import { isNextStandalone, nodeServiceImage, staticSiteImage } from '../node-dockerfile.js';
import { nodeMajorFor } from '../node-version.js';
import { packageManagerSpec, resolveLockfile, UNSUPPORTED_PACKAGE_MANAGERS } from '../package-managers.js';
import type { Stack, StackPlan } from '../stack.js';

/** Node.js services (web, worker) and static sites built with Node (Vite, CRA, Astro static …). */
export const nodeStack: Stack = {
  id: 'node',
  handles: (service) => service.language === 'node',
  plan: planNode,
  dockerignore: nodeDockerignoreLines,
};

function planNode(service: Service): StackPlan {
  const unsupported = service.packageManager
    ? UNSUPPORTED_PACKAGE_MANAGERS.get(service.packageManager)
    : undefined;
  if (unsupported) return { skipped: `package manager "${service.packageManager}": ${unsupported}` };
  const major = nodeMajorFor(service.languageVersion);
  if (service.kind === 'static') {
    if (!service.outputDir) {
      return {
        skipped:
          'static site with no known output folder: set outputDir (e.g. dist) for it in shipready.config.yaml',
      };
    }
    // Prebuilt files need no package manager: nginx serves them as they are.
    if (service.commands.build === null) return staticSiteImage(service, null, major);
  } else if (!service.commands.start) {
    return {
      skipped:
        'no start command was detected: add a "start" script (e.g. "node dist/server.js") or set commands.start in shipready.config.yaml',
    };
  }
  const pm = packageManagerSpec(service.packageManager, service.commands.install);
  if (pm === null) {
    return {
      skipped: `package manager "${service.packageManager ?? 'none'}": this generator installs with npm, pnpm or yarn`,
    };
  }
  const lock = resolveLockfile(service, pm);
  if ('problem' in lock) return { skipped: lock.problem };
  if (lock.workspaceRoot !== undefined) {
    const root = lock.workspaceRoot;
    const dir = path.posix.normalize(service.path).replace(/\/+$/, '');
    const member = root === '.' ? dir : dir.slice(root.length + 1);
    if (service.kind !== 'static' && isNextStandalone(service)) {
      return {
        skipped: `a Next.js standalone build inside a workspace (${member}): its server.js layout depends on outputFileTracingRoot; write this Dockerfile by hand`,
      };
    }
    const image =
      service.kind === 'static'
        ? staticSiteImage(service, { pm, lockfile: lock.lockfile }, major, member)
        : nodeServiceImage(service, pm, lock.lockfile, major, member);
    return { ...image, context: root };
  }
  return service.kind === 'static'
    ? staticSiteImage(service, { pm, lockfile: lock.lockfile }, major)
    : nodeServiceImage(service, pm, lock.lockfile, major);
}
