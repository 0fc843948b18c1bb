/** Test helpers for the JVM, Rust and .NET stacks: semantic checks on the parsed Dockerfile. */
import { DockerfileParser, type Instruction } from 'dockerfile-ast';
import { expect } from 'vitest';
import { auditFiles } from '../../../audit/index.js';
import type { Service } from '../../../model/service.js';
import { makeChoices, makeService, type ServiceOverrides } from '../../test-helpers.js';
import { dockerfilePlanFor, type GeneratedDockerfile, isSkipped } from '../dockerfile.generator.js';

export interface Stage {
  name: string | null;
  image: string;
  body: Instruction[];
}

export function stagesOf(text: string): Stage[] {
  const df = DockerfileParser.parse(text);
  const stages: Stage[] = [];
  for (const ins of df.getInstructions()) {
    if (ins.getKeyword() === 'FROM') {
      const from = df.getFROMs().find((f) => f.getRange().start.line === ins.getRange().start.line);
      stages.push({ name: from?.getBuildStage() ?? null, image: from?.getImage() ?? '', body: [] });
    } else {
      stages.at(-1)?.body.push(ins);
    }
  }
  return stages;
}

/** Arguments of an instruction without its `--flag` options. */
function plainArgs(ins: Instruction): string[] {
  return ins
    .getArguments()
    .map((a) => a.getValue())
    .filter((a) => !a.startsWith('--'));
}

export interface ImageExpectation {
  /** FROM images of the stages, in order (earlier stages by name). */
  from: string[];
  user: string;
  entrypoint: string[];
  port: number | null;
  healthcheck: boolean;
  /** Cache mount targets the dependency RUN uses. */
  cacheTargets: string[];
  /** The dependency RUN, and the only files COPYed before it in its stage. */
  deps: { run: RegExp; copied: string[] };
}

/** Everything a production image of ours must mean, checked on the parsed file, plus a clean audit. */
export function assertImage(path: string, text: string, exp: ImageExpectation): void {
  expect(text.split('\n')[0]).toBe('# syntax=docker/dockerfile:1');
  const stages = stagesOf(text);
  expect(stages.map((s) => s.image)).toEqual(exp.from);
  expect(stages.length).toBeGreaterThanOrEqual(3);
  for (const s of stages) {
    if (stages.some((o) => o.name === s.image)) continue;
    const tag = s.image.split(':').at(-1) ?? '';
    expect(s.image, `${s.image} is pinned`).toMatch(/:[^/]+$/);
    expect(tag).not.toBe('latest');
  }

  const final = stages.at(-1) as Stage;
  const of = (kw: string) => final.body.filter((i) => i.getKeyword() === kw);
  const user = of('USER').at(-1)?.getArgumentsContent() ?? '';
  expect(user).toBe(exp.user);
  expect(user).toMatch(/^[1-9]\d*:\d+$/);
  expect(of('CMD')).toHaveLength(0);
  const entry = JSON.parse(of('ENTRYPOINT').at(-1)?.getArgumentsContent() ?? 'null') as unknown;
  expect(entry).toEqual(exp.entrypoint);
  expect(of('EXPOSE').map((i) => i.getArgumentsContent())).toEqual(exp.port ? [String(exp.port)] : []);
  if (exp.port !== null) {
    const env = of('ENV').flatMap((i) => plainArgs(i));
    expect(env).toContain(`PORT=${exp.port}`);
  }
  expect(of('HEALTHCHECK')).toHaveLength(exp.healthcheck ? 1 : 0);
  if (exp.healthcheck) expect(of('HEALTHCHECK')[0]?.getArgumentsContent()).toMatch(/CMD \["/);
  else expect(text).toMatch(/^# shipready-ignore dockerfile\/healthcheck -- no HEALTHCHECK: .+\.$/m);
  // Files are root-owned: nothing is chowned to the app user.
  expect(text).not.toMatch(/--chown/);
  // Only the final stage's own COPY --from=build brings files in: no build context in the runtime.
  for (const c of of('COPY')) expect(c.getTextContent()).toMatch(/^COPY --from=build /);

  // The dependency step: only manifests (and lockfile) copied before it, with the cache mounts.
  const depsStage = stages.find((s) =>
    s.body.some((i) => i.getKeyword() === 'RUN' && exp.deps.run.test(i.getArgumentsContent() ?? '')),
  );
  expect(depsStage, 'a stage resolves dependencies').toBeDefined();
  const body = depsStage?.body ?? [];
  const at = body.findIndex(
    (i) => i.getKeyword() === 'RUN' && exp.deps.run.test(i.getArgumentsContent() ?? ''),
  );
  const copied = body
    .slice(0, at)
    .filter((i) => i.getKeyword() === 'COPY')
    .flatMap((i) => plainArgs(i).slice(0, -1));
  expect(copied).toEqual(exp.deps.copied);
  const run = body[at]?.getTextContent() ?? '';
  const mounts = [...run.matchAll(/--mount=type=cache,target=([^,\s]+)/g)].map((m) => m[1]);
  expect(mounts).toEqual(exp.cacheTargets);
  // The source is copied after the dependency step, in a later stage.
  const sourceAt = stages.findIndex((s) =>
    s.body.some((i) => i.getKeyword() === 'COPY' && plainArgs(i)[0] === '.'),
  );
  expect(sourceAt).toBeGreaterThan(stages.indexOf(depsStage as Stage));

  expect(auditFiles([{ path, content: text }]).findings).toEqual([]);
}

export function generatedFor(service: Service): GeneratedDockerfile {
  const plan = dockerfilePlanFor(service, makeChoices());
  if (isSkipped(plan)) throw new Error(`unexpectedly skipped: ${plan.skipped}`);
  return plan;
}

export function dockerfileOf(plan: GeneratedDockerfile): string {
  return plan.artifacts.find((a) => a.format === 'dockerfile')?.content ?? '';
}

export function ignoreOf(plan: GeneratedDockerfile): string {
  return plan.artifacts.find((a) => a.format === 'ignore')?.content ?? '';
}

/** Why the generator skips this service (fails the test when it does not). */
export function skipOf(overrides: ServiceOverrides): string {
  const plan = dockerfilePlanFor(makeService(overrides), makeChoices());
  if (!isSkipped(plan)) throw new Error('expected a skip');
  return plan.skipped;
}
