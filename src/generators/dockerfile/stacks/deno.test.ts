import { describe, expect, it } from 'vitest';
import type { Service } from '../../../model/service.js';
import { makeChoices, makeService } from '../../test-helpers.js';
import { dockerfilePlanFor, isSkipped, skipReason, stackFor } from '../dockerfile.generator.js';
import {
  DEFAULT_DENO_VERSION,
  DENO_USER,
  denoEntryOf,
  denoStack,
  denoVersionFor,
  shellWord,
} from './deno.js';
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

function denoService(overrides: Parameters<typeof makeService>[0] = {}): Service {
  const { commands, ...rest } = overrides;
  return makeService({
    language: 'deno',
    packageManager: 'deno',
    evidence: {
      language: [
        { file: 'deno.json', reason: 'deno.json configures a Deno project', confidence: 'explicit' },
      ],
    },
    ...rest,
    commands: {
      install: 'deno cache main.ts',
      build: null,
      start: 'deno run --allow-net main.ts',
      ...commands,
    },
  });
}

const cases: { name: string; service: () => Service; exp: ImageExpectation }[] = [
  {
    name: 'hono-deno2-lock',
    service: () => fixtureService('deno-hono'),
    exp: {
      images: ['denoland/deno:2.1.4'],
      user: DENO_USER,
      cmd: ['deno', 'run', '--allow-net', '--allow-env', '--allow-read', 'main.ts'],
      port: 8080,
      healthcheck: 'deno',
      install: {
        run: /deno install --frozen;/,
        copied: ['deno.jsonc', 'deno.lock*', 'package.json*'],
        cacheMount: false,
      },
      env: { PORT: '8080', DENO_DIR: '/deno-dir' },
    },
  },
  {
    name: 'fresh-deno1-build',
    service: () => fixtureService('deno-fresh'),
    exp: {
      images: ['denoland/deno:1.46.3'],
      user: DENO_USER,
      cmd: ['deno', 'run', '-A', 'main.ts'],
      port: 8000,
      healthcheck: 'deno',
      install: null,
      env: { PORT: '8000' },
    },
  },
  {
    name: 'oak-bare-unpinned',
    service: () => fixtureService('deno-oak-bare'),
    exp: {
      images: [`denoland/deno:${DEFAULT_DENO_VERSION}`],
      user: DENO_USER,
      cmd: ['deno', 'run', '--allow-net', '--allow-env', '--allow-read', 'server.ts'],
      port: 3000,
      healthcheck: 'deno',
      install: null,
    },
  },
  {
    name: 'serve-no-health',
    service: () => fixtureService('deno-with-package-json'),
    exp: {
      images: [`denoland/deno:${DEFAULT_DENO_VERSION}`],
      user: DENO_USER,
      cmd: ['deno', 'serve', '--allow-env', '--port', '4000', 'src/main.ts'],
      port: 4000,
      healthcheck: null,
      install: {
        run: /deno install --frozen;/,
        copied: ['deno.json', 'deno.lock*', 'package.json*'],
        cacheMount: false,
      },
    },
  },
  {
    name: 'worker-no-port',
    service: () =>
      denoService({
        name: 'jobs',
        path: 'workers/jobs',
        kind: 'worker',
        languageVersion: 'v2.1.4',
        commands: { start: 'deno run --allow-env --allow-net=queue.internal:5672 worker.ts' },
        evidence: {
          language: [{ file: 'workers/jobs/deno.json', reason: 'deno.json', confidence: 'explicit' }],
        },
      }),
    exp: {
      images: ['denoland/deno:2.1.4'],
      user: DENO_USER,
      cmd: ['deno', 'run', '--allow-env', '--allow-net=queue.internal:5672', 'worker.ts'],
      port: null,
      healthcheck: null,
      install: {
        run: /deno install --frozen;/,
        copied: ['deno.json', 'deno.lock*', 'package.json*'],
        cacheMount: false,
      },
    },
  },
];

describe('deno stack: realistic services', () => {
  for (const c of cases) {
    describe(c.name, () => {
      const service = c.service();
      const plan = generated(service);
      const text = contentOf(plan, 'dockerfile');

      it('is built by the deno stack', () => {
        expect(stackFor(service)?.id).toBe('deno');
      });

      it('means what a production Deno image should', () => {
        assertImage(text, c.exp);
        expect(plan.runtime.cmd).toEqual(c.exp.cmd);
        expect(plan.runtime.user).toBe(DENO_USER);
        expect(plan.runtime.healthPath === null).toBe(c.exp.healthcheck === null);
        expect(plan.runtime.noHealthcheckReason === null).toBe(c.exp.healthcheck !== null);
      });

      it('bakes the module cache into the runtime, owned by root', () => {
        const runtime = stagesOf(text).at(-1);
        const copies = runtime ? instructionsOf(runtime, 'COPY').map((i) => i.getTextContent()) : [];
        expect(copies).toEqual(['COPY --from=build /deno-dir /deno-dir', 'COPY --from=build /app ./']);
      });

      it('passes the audit', () => {
        assertAuditClean(plan.dockerfilePath, text);
      });

      it('is deterministic', () => {
        expect(generated(c.service())).toEqual(plan);
      });
    });
  }

  it('matches the golden Dockerfile and .dockerignore (hono on Deno 2)', async () => {
    const plan = generated(fixtureService('deno-hono'));
    const text = contentOf(plan, 'dockerfile');
    await expect(text).toMatchFileSnapshot('./__snapshots__/deno-hono.Dockerfile');
    await expect(contentOf(plan, 'ignore')).toMatchFileSnapshot('./__snapshots__/deno-hono.dockerignore');
    // Semantics beside the snapshot: deps keyed on the manifest, the entry cached with the source.
    const [deps, build, runtime] = stagesOf(text);
    expect(deps?.name).toBe('deps');
    expect(build?.name).toBe('build');
    expect(runtime?.name).toBe('runtime');
    expect(instructionsOf(build as never, 'RUN')[0]?.getTextContent()).toContain(
      'deno install --frozen --entrypoint main.ts',
    );
    expect(text).toContain('CMD ["deno","eval","--no-config",');
    const ignore = contentOf(plan, 'ignore').split('\n');
    for (const p of ['**/node_modules', '**/.env', '.git']) expect(ignore).toContain(p);
    expect(ignore).not.toContain('vendor');
  });

  it('builds Fresh on Deno 1 without a manifest-only layer, and says why', () => {
    const text = contentOf(generated(fixtureService('deno-fresh')), 'dockerfile');
    expect(text).toContain('# Deno 1 has no manifest-only install');
    expect(text).toMatch(/RUN deno cache main\.ts && \\\n {4}deno task build/);
    expect(contentOf(generated(fixtureService('deno-fresh')), 'ignore').split('\n')).toContain('_fresh');
  });
});

describe('deno stack: skipped services', () => {
  it.each<[string, Service, RegExp]>([
    ['no start', denoService({ commands: { start: null } }), /no start command/],
    ['a task as start', denoService({ commands: { start: 'deno task start' } }), /runs a task/],
    ['unknown major', denoService({ languageVersion: '9' }), /does not name a release/],
    [
      'workspace config outside the folder',
      denoService({
        path: 'apps/api',
        evidence: { language: [{ file: 'deno.json', reason: 'workspace root', confidence: 'explicit' }] },
      }),
      /outside the service folder/,
    ],
    ['static', denoService({ kind: 'static', commands: { start: null } }), /static Deno site/],
  ])('%s', (_n, service, reason) => {
    const plan = dockerfilePlanFor(service, makeChoices());
    expect(isSkipped(plan) && plan.skipped).toMatch(reason);
    expect(skipReason(service)).toMatch(reason);
  });
});

describe('deno stack: helpers', () => {
  it('pins exact versions and maps partial ones to the newest of their major', () => {
    expect(denoVersionFor('2.1.4')).toEqual({ version: '2.1.4', note: null });
    expect(denoVersionFor('v1.46.3')).toEqual({ version: '1.46.3', note: null });
    expect(denoVersionFor('1')).toMatchObject({ version: '1.46.3' });
    expect(denoVersionFor('2.x')).toMatchObject({ version: DEFAULT_DENO_VERSION });
    expect(denoVersionFor(null)).toMatchObject({ version: DEFAULT_DENO_VERSION });
    expect(denoVersionFor('latest')).toHaveProperty('problem');
  });

  it('finds the entry module past flags and their values', () => {
    expect(denoEntryOf(['deno', 'serve', '--port', '4000', '-A', 'src/main.ts'])).toBe('src/main.ts');
    expect(denoEntryOf(['deno', 'run', '--allow-net=x:1', 'main.ts', '--flag'])).toBe('main.ts');
    expect(denoEntryOf(['node', 'main.js'])).toBeNull();
  });

  it('quotes entries that are not plain words for the shell', () => {
    expect(shellWord('src/main.ts')).toBe('src/main.ts');
    expect(shellWord("it's $HOME.ts")).toBe(`'it'\\''s $HOME.ts'`);
  });

  it('claims deno services only', () => {
    expect(denoStack.handles(denoService())).toBe(true);
    expect(denoStack.handles(makeService())).toBe(false);
  });
});
