import { describe, expect, it } from 'vitest';
import type { Service } from '../../../model/service.js';
import { makeChoices, makeService } from '../../test-helpers.js';
import { STATIC_USER } from '../common.js';
import { dockerfilePlanFor, isSkipped, skipReason, stackFor } from '../dockerfile.generator.js';
import { BUN_USER, bunStack, bunVersionFor, DEFAULT_BUN_VERSION } from './bun.js';
import {
  assertAuditClean,
  assertImage,
  contentOf,
  fixtureService,
  generated,
  type ImageExpectation,
  instructionsOf,
  stagesOf,
} from './test-helpers.js';

const ev = (file: string, reason: string, confidence: 'explicit' | 'strong' = 'strong') => [
  { file, reason, confidence },
];

function bunService(overrides: Parameters<typeof makeService>[0] = {}): Service {
  const { commands, evidence, ...rest } = overrides;
  return makeService({
    packageManager: 'bun',
    ...rest,
    evidence: {
      packageManager: ev(`${rest.path ?? '.'}/bun.lock`.replace(/^\.\//, ''), 'lockfile bun.lock'),
      ...evidence,
    },
    commands: {
      install: 'bun install --frozen-lockfile',
      build: null,
      start: 'bun src/index.ts',
      ...commands,
    },
  });
}

const current = `oven/bun:${DEFAULT_BUN_VERSION}-slim`;

const cases: { name: string; service: () => Service; exp: ImageExpectation }[] = [
  {
    name: 'bun-init-app',
    service: () => fixtureService('node-bun-app'),
    exp: {
      images: [current],
      user: BUN_USER,
      cmd: ['bun', 'index.ts'],
      port: 3000,
      healthcheck: 'bun',
      install: {
        run: /bun install --frozen-lockfile$/,
        copied: ['package.json', 'bun.lock', 'bunfig.toml*'],
      },
      env: { NODE_ENV: 'production', PORT: '3000' },
    },
  },
  {
    name: 'elysia-pinned-lockb-health',
    service: () =>
      bunService({
        name: 'api',
        path: 'services/api',
        framework: 'elysia',
        port: 8080,
        healthPath: '/health',
        commands: { build: 'bun run build', start: 'bun run dist/index.js' },
        evidence: {
          packageManager: [
            {
              file: 'services/api/package.json',
              reason: 'packageManager is "bun@1.2.5"',
              confidence: 'explicit',
            },
            {
              file: 'services/api/bun.lockb',
              reason: 'bun.lockb agrees with packageManager',
              confidence: 'strong',
            },
          ],
        },
      }),
    exp: {
      images: ['oven/bun:1.2.5-slim'],
      user: BUN_USER,
      cmd: ['bun', 'run', 'dist/index.js'],
      port: 8080,
      healthcheck: 'bun',
      install: {
        run: /bun install --frozen-lockfile$/,
        copied: ['package.json', 'bun.lockb', 'bunfig.toml*'],
      },
    },
  },
  {
    name: 'bun-installed-node-started',
    service: () =>
      bunService({
        name: 'web',
        framework: 'express',
        languageVersion: '20',
        port: 3000,
        healthPath: '/healthz',
        commands: { build: 'bun run build', start: 'node dist/server.js' },
      }),
    exp: {
      images: [current, 'node:20-bookworm-slim'],
      user: '1000:1000',
      cmd: ['node', 'dist/server.js'],
      port: 3000,
      healthcheck: 'node',
      install: {
        run: /bun install --frozen-lockfile$/,
        copied: ['package.json', 'bun.lock', 'bunfig.toml*'],
      },
    },
  },
  {
    name: 'bun-worker',
    service: () => bunService({ name: 'jobs', kind: 'worker', commands: { start: 'bun src/worker.ts' } }),
    exp: {
      images: [current],
      user: BUN_USER,
      cmd: ['bun', 'src/worker.ts'],
      port: null,
      healthcheck: null,
      install: {
        run: /bun install --frozen-lockfile$/,
        copied: ['package.json', 'bun.lock', 'bunfig.toml*'],
      },
    },
  },
  {
    name: 'vite-spa-built-with-bun',
    service: () =>
      bunService({
        name: 'frontend',
        path: 'apps/frontend',
        kind: 'static',
        framework: 'vite',
        outputDir: 'dist',
        port: 5173,
        env: [
          { name: 'VITE_API_URL', secret: false, default: null, evidence: [] },
          { name: 'VITE_SENTRY_TOKEN', secret: true, default: null, evidence: [] },
        ],
        commands: { build: 'bun run build', start: null },
      }),
    exp: {
      images: [current, 'nginxinc/nginx-unprivileged:1.27-alpine'],
      user: STATIC_USER,
      cmd: ['nginx', '-g', 'daemon off;'],
      port: 8080,
      healthcheck: 'wget',
      install: {
        run: /bun install --frozen-lockfile$/,
        copied: ['package.json', 'bun.lock', 'bunfig.toml*'],
      },
    },
  },
];

describe('bun stack: realistic services', () => {
  for (const c of cases) {
    describe(c.name, () => {
      const service = c.service();
      const plan = generated(service);
      const text = contentOf(plan, 'dockerfile');

      it('is built by the bun stack, not the node stack', () => {
        expect(stackFor(service)?.id).toBe('bun');
      });

      it('means what a production Bun image should', () => {
        assertImage(text, c.exp);
        expect(plan.runtime.cmd).toEqual(c.exp.cmd);
        expect(plan.runtime.user).toBe(c.exp.user);
      });

      it('passes the audit', () => {
        assertAuditClean(plan.dockerfilePath, text);
      });

      it('is deterministic', () => {
        expect(generated(c.service())).toEqual(plan);
      });
    });
  }

  it('matches the golden Dockerfile (bun init app) and keeps production dependencies only', async () => {
    const plan = generated(fixtureService('node-bun-app'));
    const text = contentOf(plan, 'dockerfile');
    await expect(text).toMatchFileSnapshot('./__snapshots__/bun-init-app.Dockerfile');
    await expect(contentOf(plan, 'ignore')).toMatchFileSnapshot('./__snapshots__/bun-init-app.dockerignore');
    const build = stagesOf(text).find((s) => s.name === 'build');
    const run = build ? (instructionsOf(build, 'RUN')[0]?.getTextContent() ?? '') : '';
    expect(run).toMatch(/rm -rf node_modules && \\\n\s+bun install --frozen-lockfile --production$/);
    expect(contentOf(plan, 'ignore').split('\n')).toContain('**/node_modules');
  });

  it('passes public build settings to a static build and leaves secrets out', () => {
    const plan = generated(cases[4]?.service() as Service);
    const text = contentOf(plan, 'dockerfile');
    expect(text).toContain('ARG VITE_API_URL');
    expect(text).not.toContain('ARG VITE_SENTRY_TOKEN');
    expect(plan.runtime.buildArgs).toEqual(['VITE_API_URL']);
    expect(text).toContain('COPY --from=build /app/dist /usr/share/nginx/html/');
  });
});

describe('bun stack: skipped services', () => {
  it.each<[string, Service, RegExp]>([
    [
      'no lockfile',
      makeService({ packageManager: 'bun', commands: { install: 'bun install' } }),
      /no bun\.lock was found/,
    ],
    [
      'workspace lockfile',
      bunService({
        path: 'packages/api',
        evidence: { packageManager: ev('bun.lock', 'lockfile in the workspace root') },
      }),
      /outside the service folder/,
    ],
    [
      'a package script as start',
      bunService({ commands: { start: 'bun run start' } }),
      /package script "start"/,
    ],
    ['no start', bunService({ commands: { start: null } }), /no start command/],
    [
      'started with bun, installed with npm',
      makeService({ packageManager: 'npm', commands: { start: 'bun server.ts' } }),
      /installs with npm/,
    ],
    ['static without output', bunService({ kind: 'static', commands: { start: null } }), /outputDir/],
  ])('%s', (_n, service, reason) => {
    const plan = dockerfilePlanFor(service, makeChoices());
    expect(isSkipped(plan) && plan.skipped).toMatch(reason);
    expect(skipReason(service)).toMatch(reason);
  });
});

describe('bun stack: helpers', () => {
  it('claims bun-managed and bun-started node services only', () => {
    expect(bunStack.handles(bunService())).toBe(true);
    expect(bunStack.handles(makeService({ commands: { start: 'bun x.ts' } }))).toBe(true);
    expect(bunStack.handles(makeService())).toBe(false);
    expect(bunStack.handles(makeService({ language: 'deno', packageManager: 'bun' }))).toBe(false);
  });

  it('reads the Bun version from an explicit packageManager field only', () => {
    expect(bunVersionFor(bunService())).toBe(DEFAULT_BUN_VERSION);
    expect(
      bunVersionFor(
        bunService({
          evidence: { packageManager: ev('package.json', 'packageManager is "bun@1.1.38"', 'explicit') },
        }),
      ),
    ).toBe('1.1.38');
  });
});
