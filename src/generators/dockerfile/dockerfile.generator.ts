import type { Choices } from '../../model/choices.js';
import type { ProjectModel } from '../../model/project.js';
import type { Service } from '../../model/service.js';
import { type Instruction, renderDockerfile } from '../../render/dockerfile.js';
import { generatedHeader } from '../../render/header.js';
import type { Artifact, Generator } from '../types.js';
import { serviceDir } from './common.js';
import type { RuntimeFacts, Stack, StackPlan } from './stack.js';
import { STACKS } from './stacks/index.js';

export const DOCKERFILE_GENERATOR_ID = 'dockerfile';
/** BuildKit frontend: `1` follows the latest stable 1.x syntax (cache mounts, heredocs). */
export const DOCKERFILE_SYNTAX = 'docker/dockerfile:1';
export const DOCKERIGNORE_FILE = '.dockerignore';

export interface DockerfilePlanOptions {
  /** File name of the Dockerfile; defaults to `Dockerfile` (`Containerfile` for podman). */
  fileName?: string;
}

/** A service the generator builds an image for. */
export interface GeneratedDockerfile {
  /** Repo-relative path of the Dockerfile (or Containerfile). */
  dockerfilePath: string;
  /** Repo-relative build context: the service folder. */
  contextPath: string;
  artifacts: Artifact[];
  runtime: RuntimeFacts;
  /** The HEALTHCHECK of the image's final stage, or null when it has none. */
  healthcheck: HealthcheckInstruction | null;
}

export type HealthcheckInstruction = Extract<Instruction, { kind: 'HEALTHCHECK' }>;

/** A service the generator leaves alone, and why (shown by the guide and the CLI). */
export interface SkippedDockerfile {
  skipped: string;
}

export type DockerfilePlan = GeneratedDockerfile | SkippedDockerfile;

export type ServiceDockerfilePlan = { service: Service } & DockerfilePlan;

export function isSkipped(plan: DockerfilePlan): plan is SkippedDockerfile {
  return 'skipped' in plan;
}

/** `Dockerfile`, or `Containerfile` when the chosen engine is Podman. */
export function defaultDockerfileName(choices: Choices): string {
  return choices.container === 'podman' ? 'Containerfile' : 'Dockerfile';
}

function join(dir: string, file: string): string {
  return dir === '.' ? file : `${dir}/${file}`;
}

/** The stack that builds a service, or null when no stack knows its language. */
export function stackFor(service: Service): Stack | null {
  return STACKS.find((s) => s.handles(service)) ?? null;
}

/** Decide how to build a service, or why this generator does not. */
function resolveService(service: Service): { stack: Stack; plan: StackPlan } | { skipped: string } {
  if (service.kind === 'job') {
    return { skipped: 'kind "job": this generator builds images for web, worker and static services' };
  }
  const stack = stackFor(service);
  if (!stack) return { skipped: `language "${service.language}": no Dockerfile generator for it yet` };
  const plan = stack.plan(service);
  return 'skipped' in plan ? plan : { stack, plan };
}

/** Why a service gets no Dockerfile from this generator, or `null` when it gets one. */
export function skipReason(service: Service): string | null {
  const r = resolveService(service);
  return 'skipped' in r ? r.skipped : null;
}

/**
 * The Dockerfile and .dockerignore for one service, or why there are none. Pure: the same service
 * and choices always give the same bytes.
 */
export function dockerfilePlanFor(
  service: Service,
  choices: Choices,
  opts: DockerfilePlanOptions = {},
): DockerfilePlan {
  const r = resolveService(service);
  if ('skipped' in r) return { skipped: r.skipped };
  const image = r.plan as Exclude<StackPlan, { skipped: string }>;

  const dir = serviceDir(service);
  const source = `service "${service.name}" at ${dir === '.' ? 'the repository root' : dir}`;
  const dockerfilePath = join(dir, opts.fileName ?? defaultDockerfileName(choices));
  const dockerfile: Artifact = {
    path: dockerfilePath,
    content: renderDockerfile({
      syntax: DOCKERFILE_SYNTAX,
      header: generatedHeader({ generator: DOCKERFILE_GENERATOR_ID, source, commentPrefix: '#' }),
      instructions: image.instructions,
    }),
    format: 'dockerfile',
    generator: DOCKERFILE_GENERATOR_ID,
    ownership: 'managed',
  };
  const context = image.context ?? dir;
  return {
    dockerfilePath,
    contextPath: context,
    artifacts: [
      dockerfile,
      dockerignoreArtifact(
        context,
        [service],
        context === dir ? source : `the workspace at ${context === '.' ? 'the repository root' : context}`,
      ),
    ],
    runtime: image.runtime,
    healthcheck: finalHealthcheck(image.instructions),
  };
}

/** The last HEALTHCHECK after the last FROM: the one the built image carries. */
function finalHealthcheck(instructions: readonly Instruction[]): HealthcheckInstruction | null {
  const lastFrom = instructions.findLastIndex((i) => i.kind === 'FROM');
  const hc = instructions
    .slice(lastFrom + 1)
    .filter((i): i is HealthcheckInstruction => i.kind === 'HEALTHCHECK')
    .at(-1);
  return hc ?? null;
}

function dockerignoreArtifact(dir: string, services: readonly Service[], source: string): Artifact {
  // Services sharing a context may come from different stacks: every stack's lines, once each group.
  const stacks = [...new Set(services.map((s) => stackFor(s)).filter((s): s is Stack => s !== null))];
  const body: string[] = [];
  for (const stack of stacks) {
    const own = stack.dockerignore(services.filter((s) => stackFor(s) === stack));
    for (const line of own) {
      if (line !== '' && !line.startsWith('#') && body.includes(line)) continue;
      body.push(line);
    }
  }
  const lines = [
    ...generatedHeader({ generator: DOCKERFILE_GENERATOR_ID, source, commentPrefix: '#' }),
    '',
    ...body,
  ];
  return {
    path: join(dir, DOCKERIGNORE_FILE),
    content: `${lines.join('\n')}\n`,
    format: 'ignore',
    generator: DOCKERFILE_GENERATOR_ID,
    ownership: 'managed',
  };
}

/**
 * The plan for every service of the model, in model order. Services sharing a folder each get
 * `<name>.Dockerfile` (or `<name>.Containerfile`) and share one .dockerignore.
 */
export function planDockerfiles(model: ProjectModel, choices: Choices): ServiceDockerfilePlan[] {
  const eligible = model.services.filter((s) => skipReason(s) === null);
  const byDir = new Map<string, Service[]>();
  for (const s of eligible) {
    const dir = serviceDir(s);
    byDir.set(dir, [...(byDir.get(dir) ?? []), s]);
  }
  const plans = model.services.map((service): ServiceDockerfilePlan => {
    const shared = byDir.get(serviceDir(service)) ?? [];
    if (shared.length <= 1) return { service, ...dockerfilePlanFor(service, choices) };
    return {
      service,
      ...dockerfilePlanFor(service, choices, {
        fileName: `${service.name}.${defaultDockerfileName(choices)}`,
      }),
    };
  });
  // One .dockerignore per build context, carried by the first service built from it: services in
  // one folder share it, and so do workspace members built from their workspace root.
  const byContext = new Map<string, Service[]>();
  for (const p of plans) {
    if (isSkipped(p)) continue;
    byContext.set(p.contextPath, [...(byContext.get(p.contextPath) ?? []), p.service]);
  }
  return plans.map((p): ServiceDockerfilePlan => {
    if (isSkipped(p)) return p;
    const group = byContext.get(p.contextPath) ?? [p.service];
    if (group.length <= 1) return p;
    const artifacts = p.artifacts.filter((a) => a.format !== 'ignore');
    if (group[0] === p.service) {
      const names = group.map((s) => `"${s.name}"`).join(', ');
      const where = p.contextPath === '.' ? 'the repository root' : p.contextPath;
      artifacts.push(dockerignoreArtifact(p.contextPath, group, `services ${names} at ${where}`));
    }
    return { ...p, artifacts };
  });
}

/** Dockerfile + .dockerignore for each Node service (web, worker, static). */
export const dockerfileGenerator = {
  id: DOCKERFILE_GENERATOR_ID,
  description: 'Multi-stage Dockerfile (Containerfile for Podman) and .dockerignore for each service',
  supports: { container: ['docker', 'podman'] },
  applies(model: ProjectModel, _choices: Choices): boolean {
    return model.services.some((s) => skipReason(s) === null);
  },
  generate(model: ProjectModel, choices: Choices): Artifact[] {
    return planDockerfiles(model, choices).flatMap((p) => (isSkipped(p) ? [] : p.artifacts));
  },
} as const satisfies Generator;
