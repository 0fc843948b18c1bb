/** Test support for the Deno, Bun and static-site stacks: fixture scans and semantic checks of a Dockerfile. */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DockerfileParser, type Instruction } from 'dockerfile-ast';
import { expect } from 'vitest';
import { auditFiles } from '../../../audit/index.js';
import type { ProjectModel } from '../../../model/project.js';
import type { Service } from '../../../model/service.js';
import { scan } from '../../../pipeline.js';
import { makeChoices } from '../../test-helpers.js';
import { dockerfilePlanFor, type GeneratedDockerfile, isSkipped } from '../dockerfile.generator.js';

export const FIXTURES = path.resolve(import.meta.dirname, '../../../../test/fixtures/repos');

/** The model of a fixture repo, scanned from a temporary copy (the fixture itself is never touched). */
export function scanFixture(name: string): ProjectModel {
  const dir = mkdtempSync(path.join(tmpdir(), `shipready-${name}-`));
  try {
    cpSync(path.join(FIXTURES, name), dir, { recursive: true });
    return scan(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The only (or the named) service of a fixture repo. */
export function fixtureService(name: string, serviceName?: string): Service {
  const services = scanFixture(name).services;
  const s = serviceName ? services.find((x) => x.name === serviceName) : services[0];
  if (!s) throw new Error(`fixture ${name} has no service ${serviceName ?? ''}`);
  return s;
}

export function generated(service: Service): GeneratedDockerfile {
  const plan = dockerfilePlanFor(service, makeChoices());
  if (isSkipped(plan)) throw new Error(`unexpectedly skipped: ${plan.skipped}`);
  return plan;
}

export function contentOf(plan: GeneratedDockerfile, format: 'dockerfile' | 'ignore'): string {
  const a = plan.artifacts.find((x) => x.format === format);
  if (!a) throw new Error(`no ${format} artifact`);
  return a.content;
}

export interface Stage {
  name: string | null;
  image: string;
  body: Instruction[];
}

/** The parsed Dockerfile split into stages. */
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

export function instructionsOf(stage: Stage, keyword: string): Instruction[] {
  return stage.body.filter((i) => i.getKeyword() === keyword);
}

/** The source paths of a COPY (flags and destination dropped). */
export function copySources(ins: Instruction): string[] {
  return ins
    .getArguments()
    .map((a) => a.getValue())
    .filter((a) => !a.startsWith('--'))
    .slice(0, -1);
}

export interface ImageExpectation {
  /** The distinct images FROM names that are not previous stages, in order. */
  images: string[];
  user: string;
  cmd: string[];
  port: number | null;
  /** The HEALTHCHECK argv's first word, or null when the image must have none (then a reasoned suppression). */
  healthcheck: string | null;
  /** A RUN that installs dependencies, and the only files copied into its stage before it; null when none. */
  install: { run: RegExp; copied: string[]; cacheMount?: boolean } | null;
  /** ENV the final stage sets. */
  env?: Record<string, string>;
}

/** What every generated image must mean, checked on the parsed Dockerfile. */
export function assertImage(text: string, exp: ImageExpectation): void {
  expect(text.split('\n')[0]).toBe('# syntax=docker/dockerfile:1');
  const df = DockerfileParser.parse(text);
  const stages = stagesOf(text);
  const names = new Set<string>();
  const bases: string[] = [];
  for (const f of df.getFROMs()) {
    const image = f.getImage() ?? '';
    if (!names.has(image)) {
      if (!bases.includes(image)) bases.push(image);
      const tag = f.getImageTag();
      expect(tag, `FROM ${image} is pinned`).toBeTruthy();
      expect(tag).not.toBe('latest');
    }
    const stage = f.getBuildStage();
    if (stage) names.add(stage);
  }
  expect(bases).toEqual(exp.images);

  const final = stages.at(-1);
  if (!final) throw new Error('no stage');
  expect(final.name).toBe('runtime');
  const user = instructionsOf(final, 'USER').at(-1)?.getArgumentsContent() ?? '';
  expect(user).toBe(exp.user);
  expect(Number(user.split(':')[0])).toBeGreaterThan(0);

  const cmd = JSON.parse(instructionsOf(final, 'CMD').at(-1)?.getArgumentsContent() ?? 'null') as unknown;
  expect(cmd).toEqual(exp.cmd);
  expect(instructionsOf(final, 'ENTRYPOINT')).toEqual([]);
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
  for (const [k, v] of Object.entries(exp.env ?? {})) {
    const set = instructionsOf(final, 'ENV').some((i) =>
      (i.getArgumentsContent() ?? '').split(/\s+\\?\s*/).includes(`${k}=${v}`),
    );
    expect(set, `final stage sets ${k}=${v}`).toBe(true);
  }
  // The runtime stage copies built files only from earlier stages or the context, never runs installs.
  expect(instructionsOf(final, 'RUN')).toEqual([]);

  if (exp.install) {
    const run = exp.install.run;
    const stage = stages.find((s) => instructionsOf(s, 'RUN').some((i) => run.test(i.getTextContent())));
    expect(stage, `a stage runs ${run}`).toBeDefined();
    const body = stage?.body ?? [];
    const at = body.findIndex((i) => i.getKeyword() === 'RUN' && run.test(i.getTextContent()));
    const copied = body
      .slice(0, at)
      .filter((i) => i.getKeyword() === 'COPY')
      .flatMap(copySources);
    expect(copied).toEqual(exp.install.copied);
    // A cache mount keeps downloads between builds.
    const mounted = /^RUN --mount=type=cache,target=\S+/.test(body[at]?.getTextContent() ?? '');
    expect(mounted).toBe(exp.install.cacheMount ?? true);
  }
}

/** The real audit must find nothing in what we generate. */
export function assertAuditClean(file: string, content: string): void {
  expect(auditFiles([{ path: file, content }]).findings).toEqual([]);
}
