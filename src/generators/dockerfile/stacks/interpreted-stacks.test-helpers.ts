/** Semantic checks shared by the Ruby, PHP and Elixir stack tests, on the dockerfile-ast parse. */
import { DockerfileParser } from 'dockerfile-ast';
import { expect } from 'vitest';
import { auditFiles } from '../../../audit/index.js';
import type { Service } from '../../../model/service.js';
import { makeChoices } from '../../test-helpers.js';
import { dockerfilePlanFor, type GeneratedDockerfile, isSkipped } from '../dockerfile.generator.js';
import { copySources, fixtureService, instructionsOf, type Stage, stagesOf } from './test-helpers.js';

const scanned = new Map<string, Service>();

/** A fixture repo's service, scanned once per test file (scans copy the repo to a temp dir). */
export function fixture(repo: string, name?: string): Service {
  const key = `${repo}/${name ?? ''}`;
  let s = scanned.get(key);
  if (!s) {
    s = fixtureService(repo, name);
    scanned.set(key, s);
  }
  return structuredClone(s);
}

export function planOf(service: Service): GeneratedDockerfile {
  const plan = dockerfilePlanFor(service, makeChoices());
  if (isSkipped(plan)) throw new Error(`unexpectedly skipped: ${plan.skipped}`);
  return plan;
}

export function dockerfileOf(plan: GeneratedDockerfile): string {
  return plan.artifacts.find((a) => a.format === 'dockerfile')?.content ?? '';
}

export function ignoreOf(plan: GeneratedDockerfile): string[] {
  return (plan.artifacts.find((a) => a.format === 'ignore')?.content ?? '').split('\n');
}

export interface Expected {
  /** Every FROM image that is not an earlier stage, in order. */
  images: string[];
  cmd: string[];
  port: number | null;
  /** First word of the HEALTHCHECK argv, or null for none (then a reasoned suppression). */
  healthcheck: string | null;
  /** The dependency install: its RUN, and exactly the files copied into its stage before it. */
  install: { run: RegExp; copied: string[] };
  /** ENV the final stage sets. */
  env?: Record<string, string>;
}

/** What every Ruby, PHP and Elixir image must mean. */
export function assertImage(text: string, exp: Expected): Stage[] {
  expect(text.split('\n')[0]).toBe('# syntax=docker/dockerfile:1');
  const df = DockerfileParser.parse(text);
  const stages = stagesOf(text);
  // Multi-stage: dependencies, a build, and a runtime.
  expect(stages.length).toBeGreaterThanOrEqual(3);
  const names = new Set<string>();
  const bases: string[] = [];
  for (const f of df.getFROMs()) {
    const image = f.getImage() ?? '';
    if (!names.has(image)) {
      bases.push(image);
      expect(f.getImageTag(), `${image} is pinned`).toMatch(/^[\w][\w.-]*$/);
      expect(f.getImageTag()).not.toBe('latest');
    }
    const stage = f.getBuildStage();
    if (stage) names.add(stage);
  }
  expect(bases).toEqual(exp.images);

  const final = stages.at(-1) as Stage;
  expect(final.name).toBe('runtime');
  const user = instructionsOf(final, 'USER').at(-1)?.getArgumentsContent() ?? '';
  expect(user).toBe('10001:10001');
  expect(JSON.parse(instructionsOf(final, 'CMD').at(-1)?.getArgumentsContent() ?? 'null')).toEqual(exp.cmd);
  expect(instructionsOf(final, 'EXPOSE').map((i) => i.getArgumentsContent())).toEqual(
    exp.port === null ? [] : [String(exp.port)],
  );
  const hc = instructionsOf(final, 'HEALTHCHECK');
  if (exp.healthcheck === null) {
    expect(hc).toEqual([]);
    expect(text).toMatch(/^# shipready-ignore dockerfile\/healthcheck -- no HEALTHCHECK: .+\.$/m);
  } else {
    expect(hc).toHaveLength(1);
    const argv = JSON.parse((hc[0]?.getArgumentsContent() ?? '').replace(/^[\s\S]*?CMD\s+/, '')) as string[];
    expect(argv[0]).toBe(exp.healthcheck);
  }
  // ENV of the final stage and of the earlier stages it is built FROM.
  const lineage: Stage[] = [];
  for (let st: Stage | undefined = final; st; st = stages.find((x) => x.name === st?.image)) lineage.push(st);
  const env = lineage
    .flatMap((st) => instructionsOf(st, 'ENV'))
    .flatMap((i) => (i.getArgumentsContent() ?? '').split(/\s+\\?\s*/).filter((w) => w.includes('=')));
  for (const [k, v] of Object.entries({
    ...exp.env,
    ...(exp.port !== null ? { PORT: String(exp.port) } : {}),
  })) {
    expect(env, `runtime sets ${k}=${v}`).toContain(`${k}=${v}`);
  }
  // The runtime copies the app owned by root: no --chown on its COPYs.
  for (const c of instructionsOf(final, 'COPY')) expect(rawLine(text, c)).not.toContain('--chown');

  // The install runs with a cache mount, after copying only the manifest and lockfile.
  const stage = stages.find((s) =>
    instructionsOf(s, 'RUN').some((i) => exp.install.run.test(i.getArgumentsContent() ?? '')),
  );
  expect(stage, `a stage runs ${exp.install.run}`).toBeDefined();
  const body = stage?.body ?? [];
  const at = body.findIndex(
    (i) => i.getKeyword() === 'RUN' && exp.install.run.test(i.getArgumentsContent() ?? ''),
  );
  const copied = body
    .slice(0, at)
    .filter((i) => i.getKeyword() === 'COPY' && !fromStage(text, i))
    .flatMap(copySources);
  expect(copied).toEqual(exp.install.copied);
  const runLine = body[at] ? rawLine(text, body[at]) : '';
  expect(runLine).toMatch(/^RUN --mount=type=cache,target=\S+/);
  // The source comes in only after that install, in a later stage.
  const sourceStage = stages.findIndex((s) =>
    instructionsOf(s, 'COPY').some((c) => copySources(c).includes('.') && !fromStage(text, c)),
  );
  expect(sourceStage).toBeGreaterThan(stages.indexOf(stage as Stage));
  return stages;
}

/** The first source line of an instruction, flags included (the AST drops them from its arguments). */
function rawLine(text: string, ins: { getRange(): { start: { line: number } } }): string {
  return text.split('\n')[ins.getRange().start.line] ?? '';
}

/** True for `COPY --from=…`: files from an image or stage, not the build context. */
function fromStage(text: string, ins: { getRange(): { start: { line: number } } }): boolean {
  return /^COPY\s+(?:--\S+\s+)*--from=/.test(rawLine(text, ins));
}

export function assertAuditClean(file: string, content: string): void {
  expect(auditFiles([{ path: file, content }]).findings).toEqual([]);
}
