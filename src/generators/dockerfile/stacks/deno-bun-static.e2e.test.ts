import { describe, expect, it } from 'vitest';
import { auditFiles } from '../../../audit/index.js';
import { generateAll } from '../../index.js';
import { makeChoices } from '../../test-helpers.js';
import { DOCKERFILE_GENERATOR_ID } from '../dockerfile.generator.js';
import { scanFixture, stagesOf } from './test-helpers.js';

/** Fixture repo → scan → every generator → the dockerfile generator's files pass the real audit. */
describe('end to end: Deno, Bun and static-site fixtures through generateAll', () => {
  it.each([
    ['deno-hono', 'denoland/deno:2.1.4'],
    ['node-bun-app', 'oven/bun:1.3-slim'],
    ['static-mkdocs', 'nginxinc/nginx-unprivileged:1.27-alpine'],
    ['ruby-jekyll-site', 'nginxinc/nginx-unprivileged:1.27-alpine'],
  ])('%s', (fixture, runtimeImage) => {
    const model = scanFixture(fixture);
    const artifacts = generateAll(model, makeChoices()).filter(
      (a) => a.generator === DOCKERFILE_GENERATOR_ID,
    );
    expect(artifacts.map((a) => a.path)).toEqual(['.dockerignore', 'Dockerfile']);
    const dockerfile = artifacts.find((a) => a.path === 'Dockerfile')?.content ?? '';
    expect(stagesOf(dockerfile).at(-1)?.image).toBe(runtimeImage);
    const result = auditFiles(artifacts.map((a) => ({ path: a.path, content: a.content })));
    expect(result.findings).toEqual([]);
  });
});
