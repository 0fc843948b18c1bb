import { DockerfileParser, type Instruction } from 'dockerfile-ast';
import { describe, expect, it } from 'vitest';
import { auditFiles } from '../../audit/index.js';
import type { Choices } from '../../model/choices.js';
import type { Service } from '../../model/service.js';
import { generateAll } from '../index.js';
import {
  expressJsPnpm,
  fastifyTsApi,
  makeChoices,
  makeModel,
  makeService,
  queueWorker,
  viteSpa,
} from '../test-helpers.js';
import {
  dockerfileGenerator,
  dockerfilePlanFor,
  type GeneratedDockerfile,
  isSkipped,
  planDockerfiles,
  skipReason,
} from './dockerfile.generator.js';

function generated(service: Service, choices: Choices = makeChoices()): GeneratedDockerfile {
  const plan = dockerfilePlanFor(service, choices);
  if (isSkipped(plan)) throw new Error(`unexpectedly skipped: ${plan.skipped}`);
  return plan;
}

function contentOf(plan: GeneratedDockerfile, format: 'dockerfile' | 'ignore'): string {
  const a = plan.artifacts.find((x) => x.format === format);
  if (!a) throw new Error(`no ${format} artifact`);
  return a.content;
}

interface Expectation {
  port: number;
  healthcheck: boolean;
  argv0: 'node' | 'nginx';
  /** The stage that installs, or null when the image is built without one. */
  install: RegExp | null;
}

const LOCKFILES = new Set(['package-lock.json', 'npm-shrinkwrap.json', 'pnpm-lock.yaml', 'yarn.lock']);

/** What every generated Dockerfile must mean, checked on the parsed file rather than its text. */
function assertSemantics(text: string, exp: Expectation): void {
  const df = DockerfileParser.parse(text);
  expect(text.split('\n')[0]).toBe('# syntax=docker/dockerfile:1');
  expect(df.getDirectives()[0]?.getName()).toBe('syntax');

  // Split into stages.
  const stages: { name: string | null; image: string; body: Instruction[] }[] = [];
  for (const ins of df.getInstructions()) {
    if (ins.getKeyword() === 'FROM') {
      const from = df.getFROMs().find((f) => f.getRange().start.line === ins.getRange().start.line);
      stages.push({ name: from?.getBuildStage() ?? null, image: from?.getImage() ?? '', body: [] });
    } else {
      stages.at(-1)?.body.push(ins);
    }
  }
  expect(stages.length).toBeGreaterThanOrEqual(exp.install ? 2 : 1);

  // Every FROM is a previous stage or a pinned image (a tag that is not latest).
  const seen = new Set<string>();
  for (const f of df.getFROMs()) {
    const name = f.getImageName() ?? '';
    if (!seen.has(name)) {
      const tag = f.getImageTag();
      expect(tag, `FROM ${f.getImage()} is pinned`).toBeTruthy();
      expect(tag).not.toBe('latest');
      expect(f.getImage()).not.toContain('$');
    }
    const stage = f.getBuildStage();
    if (stage) seen.add(stage);
  }

  const final = stages.at(-1);
  if (!final) throw new Error('no stage');
  const of = (kw: string) => final.body.filter((i) => i.getKeyword() === kw);

  // Runs as a fixed, numeric, non-root uid.
  const user = of('USER').at(-1)?.getArgumentsContent() ?? '';
  const uid = user.split(':')[0] ?? '';
  expect(uid).toMatch(/^\d+$/);
  expect(Number(uid)).toBeGreaterThan(0);

  // CMD in exec form, starting the process directly.
  const cmd = of('CMD').at(-1)?.getArgumentsContent() ?? '';
  const argv = JSON.parse(cmd) as string[];
  expect(Array.isArray(argv)).toBe(true);
  expect(argv[0]).toBe(exp.argv0);
  expect(['npm', 'yarn', 'pnpm']).not.toContain(argv[0]);

  expect(of('EXPOSE').map((i) => i.getArgumentsContent())).toEqual(exp.port ? [String(exp.port)] : []);
  expect(of('HEALTHCHECK')).toHaveLength(exp.healthcheck ? 1 : 0);
  if (exp.healthcheck) {
    const hc = of('HEALTHCHECK')[0]?.getArgumentsContent() ?? '';
    expect(hc).toMatch(/CMD \[/);
  }

  if (exp.install) {
    // The install runs in a stage that copied only package.json and the lockfile before it.
    const installStage = stages.find((s) =>
      s.body.some((i) => i.getKeyword() === 'RUN' && exp.install?.test(i.getArgumentsContent() ?? '')),
    );
    expect(installStage, 'a stage installs from the lockfile').toBeDefined();
    const body = installStage?.body ?? [];
    const installAt = body.findIndex(
      (i) => i.getKeyword() === 'RUN' && exp.install?.test(i.getArgumentsContent() ?? ''),
    );
    const copied = body
      .slice(0, installAt)
      .filter((i) => i.getKeyword() === 'COPY')
      .flatMap((i) => {
        const args = i.getArguments().map((a) => a.getValue());
        return args.filter((a) => !a.startsWith('--')).slice(0, -1);
      });
    expect(copied).toContain('package.json');
    expect(copied.some((f) => LOCKFILES.has(f))).toBe(true);
    for (const f of copied)
      expect(f === 'package.json' || LOCKFILES.has(f) || f === '.yarnrc.yml*').toBe(true);
  }
}

/** The real audit must find nothing to warn about in what we generate. */
function assertAuditClean(path: string, content: string): void {
  const result = auditFiles([{ path, content }]);
  expect(result.findings).toEqual([]);
}

const cases: {
  name: string;
  service: () => Service;
  choices?: Partial<Choices>;
  exp: Expectation;
  file: string;
}[] = [
  {
    name: 'fastify-ts-npm',
    service: fastifyTsApi,
    exp: { port: 3000, healthcheck: true, argv0: 'node', install: /npm ci/ },
    file: 'services/api/Dockerfile',
  },
  {
    name: 'express-js-pnpm',
    service: expressJsPnpm,
    exp: { port: 8080, healthcheck: true, argv0: 'node', install: /pnpm install --frozen-lockfile/ },
    file: 'Dockerfile',
  },
  {
    name: 'vite-spa-static',
    service: viteSpa,
    exp: { port: 8080, healthcheck: true, argv0: 'nginx', install: /npm ci/ },
    file: 'apps/frontend/Dockerfile',
  },
  {
    name: 'worker-yarn-no-port',
    service: queueWorker,
    exp: { port: 0, healthcheck: false, argv0: 'node', install: /yarn install --frozen-lockfile/ },
    file: 'workers/jobs/Dockerfile',
  },
  {
    name: 'podman-fastify',
    service: fastifyTsApi,
    choices: { container: 'podman' },
    exp: { port: 3000, healthcheck: true, argv0: 'node', install: /npm ci/ },
    file: 'services/api/Containerfile',
  },
];

describe('dockerfile generator: golden files', () => {
  for (const c of cases) {
    describe(c.name, () => {
      const plan = generated(c.service(), makeChoices(c.choices));
      const dockerfile = contentOf(plan, 'dockerfile');

      it('matches the golden Dockerfile', async () => {
        await expect(dockerfile).toMatchFileSnapshot(`./__snapshots__/${c.name}.Dockerfile`);
      });

      it('matches the golden .dockerignore', async () => {
        await expect(contentOf(plan, 'ignore')).toMatchFileSnapshot(`./__snapshots__/${c.name}.dockerignore`);
      });

      it('is written where the engine looks for it', () => {
        expect(plan.dockerfilePath).toBe(c.file);
        expect(plan.artifacts.map((a) => a.path)).toEqual([
          c.file,
          c.file.replace(/[^/]+$/, '.dockerignore'),
        ]);
        for (const a of plan.artifacts) {
          expect(a.ownership).toBe('managed');
          expect(a.generator).toBe('dockerfile');
        }
      });

      it('means what a production Dockerfile should', () => {
        assertSemantics(dockerfile, c.exp);
      });

      it('passes the audit', () => {
        assertAuditClean(c.file, dockerfile);
      });

      it('is deterministic', () => {
        expect(generated(c.service(), makeChoices(c.choices))).toEqual(plan);
      });
    });
  }
});

describe('dockerfile generator: details', () => {
  it('pins the Node image to the detected major, defaulting to 22', () => {
    const from = (v: string | null) =>
      DockerfileParser.parse(contentOf(generated(makeService({ languageVersion: v })), 'dockerfile'))
        .getFROMs()
        .map((f) => f.getImage());
    expect(from('^18.17')[0]).toBe('node:18-bookworm-slim');
    expect(from('lts/iron').at(-1)).toBe('node:22-bookworm-slim');
    expect(from(null).at(-1)).toBe('node:22-bookworm-slim');
  });

  it('copies only the start script folder when the build output is known', () => {
    const text = contentOf(generated(fastifyTsApi()), 'dockerfile');
    expect(text).toContain('COPY --from=build /app/dist ./dist');
    expect(text).not.toContain('COPY --from=build /app ./');
  });

  it('lays out a Next.js standalone build the way its server.js expects', () => {
    const plan = generated(
      makeService({
        framework: 'next',
        port: 3000,
        healthPath: '/api/health',
        commands: { build: 'npm run build', start: 'node .next/standalone/server.js' },
      }),
    );
    const text = contentOf(plan, 'dockerfile');
    const runtime = text.slice(text.lastIndexOf('FROM '));
    expect(runtime).toContain('COPY --from=build /app/.next/standalone/ ./');
    expect(runtime).toContain('COPY --from=build /app/.next/static ./.next/static');
    expect(runtime).toContain('COPY --from=build /app/public ./public');
    // public/ may not exist in the repo: the build stage makes sure COPY finds it.
    expect(text).toMatch(/RUN mkdir -p public && npm run build/);
    expect(runtime).not.toContain('node_modules');
    expect(runtime).toMatch(/HOSTNAME=0\.0\.0\.0/);
    expect(runtime).toContain('CMD ["node","server.js"]');
    expect(plan.runtime.writableDirs).toEqual(['/app/.next/cache']);
    assertAuditClean('Dockerfile', text);
  });

  it('copies the whole built app when the start script is at the root', () => {
    const text = contentOf(
      generated(makeService({ commands: { build: 'npm run build', start: 'node server.js' } })),
      'dockerfile',
    );
    expect(text).toContain('COPY --from=build /app ./');
  });

  it('falls back to sh -c, still in exec form, for a start command that needs a shell', () => {
    const text = contentOf(
      generated(makeService({ commands: { start: 'node a.js && node b.js' } })),
      'dockerfile',
    );
    expect(text).toContain('CMD ["sh","-c","node a.js && node b.js"]');
  });

  it('leaves out HEALTHCHECK with a reasoned audit suppression when there is no health path', () => {
    const text = contentOf(generated(makeService({ port: 3000 })), 'dockerfile');
    expect(text).not.toMatch(/^HEALTHCHECK/m);
    expect(text).toMatch(/# shipready-ignore dockerfile\/healthcheck -- no HEALTHCHECK: no health endpoint/);
    assertAuditClean('Dockerfile', text);
  });

  it('uses Yarn Berry commands when the install says --immutable', () => {
    const text = contentOf(
      generated(makeService({ packageManager: 'yarn', commands: { install: 'yarn install --immutable' } })),
      'dockerfile',
    );
    expect(text).toContain('COPY package.json yarn.lock .yarnrc.yml* ./');
    expect(text).toContain('yarn install --immutable');
    expect(text).toContain('yarn workspaces focus --all --production');
  });

  it('installs corepack first on Node majors that no longer bundle it', () => {
    const text = contentOf(
      generated(makeService({ packageManager: 'pnpm', languageVersion: '26' })),
      'dockerfile',
    );
    expect(text).toMatch(/npm install --global corepack@[\d.]+ && \\\n {4}corepack enable/);
  });

  it('uses the lockfile named by the evidence (npm-shrinkwrap.json)', () => {
    const s = makeService({
      path: 'api',
      evidence: {
        packageManager: [{ file: 'api/npm-shrinkwrap.json', reason: 'lockfile', confidence: 'strong' }],
      },
    });
    expect(contentOf(generated(s), 'dockerfile')).toContain('COPY package.json npm-shrinkwrap.json ./');
  });

  it('serves prebuilt static files without a build stage', () => {
    const s = makeService({
      kind: 'static',
      outputDir: 'public',
      packageManager: null,
      commands: { start: null },
    });
    const plan = generated(s);
    const text = contentOf(plan, 'dockerfile');
    expect(text).toContain('COPY public/ /usr/share/nginx/html/');
    expect(DockerfileParser.parse(text).getFROMs()).toHaveLength(1);
    // The folder it serves must stay in the build context.
    expect(contentOf(plan, 'ignore').split('\n')).not.toContain('public');
  });

  it('keeps a committed start folder in the build context when nothing builds it', () => {
    const plan = generated(makeService({ commands: { build: null, start: 'node dist/index.js' } }));
    expect(contentOf(plan, 'ignore').split('\n')).not.toContain('dist');
    expect(contentOf(generated(fastifyTsApi()), 'ignore').split('\n')).toContain('dist');
  });

  it('keeps secrets and dependencies out of the build context', () => {
    const lines = contentOf(generated(fastifyTsApi()), 'ignore').split('\n');
    for (const p of [
      '.git',
      '**/node_modules',
      '**/.env',
      '**/.env.*',
      '!**/.env.example',
      '**/*.pem',
      '**/*.key',
    ]) {
      expect(lines).toContain(p);
    }
    expect(lines[0]).toMatch(/^# Generated by shipready \(dockerfile generator\)/);
    // The exception must come after the pattern it excepts.
    expect(lines.indexOf('!**/.env.example')).toBeGreaterThan(lines.indexOf('**/.env.*'));
  });
});

describe('dockerfile generator: workspace members', () => {
  const member = (over: Partial<Service>) =>
    makeService({
      evidence: {
        packageManager: [
          { file: 'package-lock.json', reason: 'lockfile in the workspace root', confidence: 'strong' },
        ],
      },
      ...over,
    });

  it('builds a member from the workspace root and runs it from its folder', () => {
    const api = member({
      name: 'api',
      path: 'apps/api',
      port: 4000,
      healthPath: '/healthz',
      commands: { install: 'npm ci', build: null, start: 'node src/index.js' },
    });
    const web = member({
      name: 'web',
      path: 'apps/web',
      kind: 'static',
      port: null,
      outputDir: 'dist',
      commands: { install: 'npm ci', build: 'npm run build -w apps/web', start: null },
    });
    const plans = planDockerfiles(makeModel([api, web]), makeChoices());
    const [pa, pw] = plans as [
      GeneratedDockerfile & { service: Service },
      GeneratedDockerfile & { service: Service },
    ];
    expect(pa.contextPath).toBe('.');
    expect(pa.dockerfilePath).toBe('apps/api/Dockerfile');
    const text = contentOf(pa, 'dockerfile');
    // The install sees the whole workspace (every member's manifest), then the app runs from its folder.
    const deps = text.slice(text.indexOf('AS deps'), text.indexOf('AS build'));
    expect(deps).toContain('COPY . .');
    expect(deps).toMatch(/npm ci/);
    const runtime = text.slice(text.lastIndexOf('FROM '));
    expect(runtime).toContain('COPY --from=build /app ./');
    expect(runtime).toContain('WORKDIR /app/apps/api');
    expect(runtime).toContain('CMD ["node","src/index.js"]');
    assertAuditClean('apps/api/Dockerfile', text);
    // The static member is served from its own output folder.
    expect(contentOf(pw, 'dockerfile')).toContain(
      'COPY --from=build /app/apps/web/dist /usr/share/nginx/html/',
    );
    // One .dockerignore at the shared context, carried by the first member only.
    const ignores = plans.flatMap((p) =>
      isSkipped(p) ? [] : p.artifacts.filter((a) => a.format === 'ignore'),
    );
    expect(ignores.map((a) => a.path)).toEqual(['.dockerignore']);
    expect(() => generateAll(makeModel([api, web]), makeChoices())).not.toThrow();
  });
});

describe('dockerfile generator: skipped services', () => {
  it.each<[string, Service, RegExp]>([
    [
      'cobol',
      makeService({ language: 'cobol', framework: null, packageManager: null }),
      /no Dockerfile generator for it yet/,
    ],
    ['job', makeService({ kind: 'job' }), /kind "job"/],
    ['bun', makeService({ packageManager: 'bun', commands: { install: 'bun install' } }), /oven\/bun/],
    ['no start', makeService({ commands: { start: null } }), /no start command/],
    ['static without output dir', makeService({ kind: 'static', commands: { start: null } }), /outputDir/],
    ['no lockfile', makeService({ commands: { install: 'npm install' } }), /no lockfile/],
    [
      'lockfile in a sibling folder',
      makeService({
        path: 'packages/api',
        evidence: {
          packageManager: [
            { file: 'tools/package-lock.json', reason: 'a lockfile elsewhere', confidence: 'strong' },
          ],
        },
      }),
      /outside the service folder/,
    ],
  ])('%s', (_name, service, reason) => {
    const plan = dockerfilePlanFor(service, makeChoices());
    expect(isSkipped(plan) && plan.skipped).toMatch(reason);
    expect(skipReason(service)).toMatch(reason);
  });

  it('emits nothing for skipped services but still the others', () => {
    const model = makeModel([
      makeService({ name: 'a', path: 'a', commands: { start: null } }),
      fastifyTsApi(),
    ]);
    expect(dockerfileGenerator.generate(model, makeChoices()).map((a) => a.path)).toEqual([
      'services/api/Dockerfile',
      'services/api/.dockerignore',
    ]);
  });
});

describe('dockerfile generator: registry behaviour', () => {
  it('applies only when some service gets an image', () => {
    expect(dockerfileGenerator.applies(makeModel([fastifyTsApi()]), makeChoices())).toBe(true);
    expect(dockerfileGenerator.applies(makeModel([makeService({ language: 'cobol' })]), makeChoices())).toBe(
      false,
    );
  });

  it('names Dockerfiles per service when services share a folder, with one .dockerignore', () => {
    const web = makeService({ name: 'web', port: 3000, commands: { start: 'node web.js' } });
    const worker = makeService({ name: 'worker', kind: 'worker', commands: { start: 'node worker.js' } });
    const plans = planDockerfiles(makeModel([web, worker]), makeChoices());
    expect(plans.map((p) => (isSkipped(p) ? p.skipped : p.dockerfilePath))).toEqual([
      'web.Dockerfile',
      'worker.Dockerfile',
    ]);
    const paths = dockerfileGenerator.generate(makeModel([web, worker]), makeChoices()).map((a) => a.path);
    expect(paths).toEqual(['web.Dockerfile', '.dockerignore', 'worker.Dockerfile']);
  });
});
