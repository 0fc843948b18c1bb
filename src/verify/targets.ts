import { existsSync } from 'node:fs';
import path from 'node:path';
import { ShipreadyError } from '../errors.js';
import { isSkipped, planDockerfiles } from '../generators/dockerfile/dockerfile.generator.js';
import type { Choices } from '../model/choices.js';
import type { ProjectModel } from '../model/project.js';
import type { BackingService, ServiceKind } from '../model/service.js';

/** A service verify builds and runs: where its Dockerfile is and what its container looks like. */
export interface VerifyTarget {
  name: string;
  kind: ServiceKind;
  /** Repo-relative path of the Dockerfile (or Containerfile) that exists on disk. */
  dockerfile: string;
  /** Repo-relative build context. */
  context: string;
  /** Container port, or `null` for a worker (then verify checks it keeps running). */
  port: number | null;
  /** HTTP path that must answer 2xx; `null` means a TCP connect is the check. */
  healthPath: string | null;
  /** Folders the app writes besides /tmp: mounted as tmpfs so the root fs can stay read-only. */
  writableDirs: string[];
  /** Whether the app reads its environment (nginx serving files does not: no PORT for it). */
  runtimeEnv: boolean;
  backing: BackingService[];
}

export interface SkippedTarget {
  name: string;
  skipped: string;
}

export type PlannedTarget = VerifyTarget | SkippedTarget;

export function isSkippedTarget(t: PlannedTarget): t is SkippedTarget {
  return 'skipped' in t;
}

/** `Dockerfile` ↔ `Containerfile`: init may have written either, depending on the engine chosen then. */
function alternateName(file: string): string | null {
  const base = path.posix.basename(file);
  const dir = path.posix.dirname(file);
  const swapped = base.endsWith('Containerfile')
    ? base.replace(/Containerfile$/, 'Dockerfile')
    : base.endsWith('Dockerfile')
      ? base.replace(/Dockerfile$/, 'Containerfile')
      : null;
  return swapped === null ? null : dir === '.' ? swapped : `${dir}/${swapped}`;
}

/**
 * The services to verify, from the same plan `init` writes from. Throws a usage error naming
 * unknown `--service` names, and one naming the Dockerfiles `init` has not written yet.
 */
export function planTargets(
  root: string,
  model: ProjectModel,
  choices: Choices,
  only: readonly string[] = [],
): PlannedTarget[] {
  const known = model.services.map((s) => s.name);
  const unknown = only.filter((n) => !known.includes(n));
  if (unknown.length > 0) {
    throw new ShipreadyError(
      `no service named ${unknown.map((n) => `"${n}"`).join(', ')} in this repository`,
      { fix: `use --service with one of: ${known.join(', ') || '(none found)'}` },
    );
  }
  const plans = planDockerfiles(model, choices).filter(
    (p) => only.length === 0 || only.includes(p.service.name),
  );
  const missing: string[] = [];
  const targets = plans.map((p): PlannedTarget => {
    const s = p.service;
    if (isSkipped(p)) return { name: s.name, skipped: p.skipped };
    const candidates = [p.dockerfilePath, alternateName(p.dockerfilePath)].filter(
      (f): f is string => f !== null,
    );
    const found = candidates.find((f) => existsSync(path.join(root, f)));
    if (found === undefined) missing.push(p.dockerfilePath);
    const rt = p.runtime;
    // The image's HEALTHCHECK path; else the app's own health route (distroless images have no tool
    // to run a HEALTHCHECK, but the route still answers); else `/` for a static site.
    const healthPath =
      rt.healthPath ??
      (rt.port !== null && rt.port === s.port && s.healthPath !== null ? s.healthPath : null) ??
      (s.kind === 'static' && rt.port !== null ? '/' : null);
    return {
      name: s.name,
      kind: s.kind,
      dockerfile: found ?? p.dockerfilePath,
      context: p.contextPath,
      port: rt.port,
      healthPath,
      writableDirs: [...(rt.writableDirs ?? [])],
      runtimeEnv: rt.runtimeEnv,
      backing: s.backing,
    };
  });
  if (missing.length > 0) {
    throw new ShipreadyError(`${missing.join(', ')} not found`, {
      location: { file: root },
      fix: 'run `shipready init` first to generate the Dockerfiles, then verify them',
    });
  }
  return targets;
}
