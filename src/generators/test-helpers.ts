/** Builders for generator tests: a complete Service / ProjectModel / Choices from a few overrides. */
import type { Choices } from '../model/choices.js';
import { PROJECT_MODEL_VERSION, type ProjectModel } from '../model/project.js';
import type { Service } from '../model/service.js';

export type ServiceOverrides = Partial<Omit<Service, 'commands'>> & {
  commands?: Partial<Service['commands']>;
};

/** A Node web service (npm, no build, no port) with `overrides` applied on top. */
export function makeService(overrides: ServiceOverrides = {}): Service {
  const { commands, ...rest } = overrides;
  return {
    name: 'app',
    path: '.',
    kind: 'web',
    language: 'node',
    languageVersion: null,
    framework: null,
    packageManager: 'npm',
    port: null,
    healthPath: null,
    outputDir: null,
    backing: [],
    env: [],
    evidence: {},
    ...rest,
    commands: { install: 'npm ci', build: null, start: 'node index.js', ...commands },
  };
}

export function makeModel(services: Service[], overrides: Partial<ProjectModel> = {}): ProjectModel {
  return { schemaVersion: PROJECT_MODEL_VERSION, services, diagnostics: [], existingInfra: [], ...overrides };
}

export function makeChoices(overrides: Partial<Choices> = {}): Choices {
  return { platform: null, ci: null, monitoring: null, strategy: null, container: 'docker', ...overrides };
}

/** Evidence at `file:line`, for sample services. */
function ev(file: string, line: number, reason: string) {
  return [{ file, line, reason, confidence: 'strong' as const }];
}

/** Fastify + TypeScript, npm, compiled to dist/, PostgreSQL through `pg`. */
export function fastifyTsApi(): Service {
  return makeService({
    name: 'api',
    path: 'services/api',
    framework: 'fastify',
    languageVersion: '>=20',
    packageManager: 'npm',
    commands: { install: 'npm ci', build: 'npm run build', start: 'node dist/server.js' },
    port: 3000,
    healthPath: '/health',
    backing: [
      {
        kind: 'postgresql',
        via: 'pg',
        envVar: 'DATABASE_URL',
        evidence: ev('services/api/src/db.ts', 3, 'new Pool({ connectionString: process.env.DATABASE_URL })'),
      },
    ],
    env: [
      {
        name: 'DATABASE_URL',
        secret: true,
        default: null,
        evidence: ev('services/api/src/db.ts', 3, 'process.env.DATABASE_URL'),
      },
      {
        name: 'LOG_LEVEL',
        secret: false,
        default: 'info',
        evidence: ev('services/api/src/server.ts', 5, "process.env.LOG_LEVEL ?? 'info'"),
      },
      {
        name: 'JWT_SECRET',
        secret: true,
        default: 'dev-secret',
        evidence: ev('services/api/src/auth.ts', 8, 'process.env.JWT_SECRET'),
      },
    ],
    evidence: {
      languageVersion: ev('services/api/package.json', 6, 'engines.node is ">=20"'),
      framework: ev('services/api/package.json', 12, 'dependency fastify'),
      packageManager: ev('services/api/package-lock.json', 1, 'lockfile package-lock.json'),
      build: ev('services/api/package.json', 8, 'scripts.build is "tsc -p ."'),
      start: ev('services/api/package.json', 9, 'scripts.start is "node dist/server.js"'),
      port: ev('services/api/src/server.ts', 21, 'listen({ port: Number(process.env.PORT ?? 3000) })'),
      healthPath: ev('services/api/src/routes/health.ts', 4, "app.get('/health')"),
    },
  });
}

/** Express in plain JavaScript, pnpm, no build step, at the repository root. */
export function expressJsPnpm(): Service {
  return makeService({
    name: 'shop',
    path: '.',
    framework: 'express',
    languageVersion: '20.x',
    packageManager: 'pnpm',
    commands: { install: 'pnpm install --frozen-lockfile', build: null, start: 'node src/index.js' },
    port: 8080,
    healthPath: '/healthz',
    env: [
      {
        name: 'PORT',
        secret: false,
        default: '8080',
        evidence: ev('src/index.js', 4, 'process.env.PORT || 8080'),
      },
      {
        name: 'STRIPE_API_KEY',
        secret: true,
        default: null,
        evidence: ev('src/payments.js', 2, 'process.env.STRIPE_API_KEY'),
      },
    ],
    evidence: {
      packageManager: ev('pnpm-lock.yaml', 1, 'lockfile pnpm-lock.yaml'),
      port: ev('src/index.js', 4, 'process.env.PORT || 8080'),
      healthPath: ev('src/index.js', 9, "app.get('/healthz')"),
    },
  });
}

/** A Vite single-page app built to dist/ and served as static files. */
export function viteSpa(): Service {
  return makeService({
    name: 'frontend',
    path: 'apps/frontend',
    kind: 'static',
    framework: 'vite',
    languageVersion: '22',
    packageManager: 'npm',
    commands: { install: 'npm ci', build: 'npm run build', start: null },
    port: 5173,
    outputDir: 'dist',
    env: [
      {
        name: 'VITE_API_URL',
        secret: false,
        default: null,
        evidence: ev('apps/frontend/src/api.ts', 1, 'import.meta.env.VITE_API_URL'),
      },
    ],
    evidence: {
      framework: ev('apps/frontend/package.json', 14, 'devDependency vite'),
      outputDir: ev('apps/frontend/vite.config.ts', 6, 'build.outDir defaults to dist'),
    },
  });
}

/** A queue worker with no HTTP port, Yarn 1, Redis through ioredis. */
export function queueWorker(): Service {
  return makeService({
    name: 'jobs',
    path: 'workers/jobs',
    kind: 'worker',
    languageVersion: 'v18.19.0',
    packageManager: 'yarn',
    commands: { install: 'yarn install --frozen-lockfile', build: null, start: 'node worker.js' },
    backing: [
      {
        kind: 'redis',
        via: 'ioredis',
        envVar: 'REDIS_URL',
        evidence: ev('workers/jobs/worker.js', 2, 'new Redis(process.env.REDIS_URL)'),
      },
    ],
    env: [
      {
        name: 'REDIS_URL',
        secret: true,
        default: null,
        evidence: ev('workers/jobs/worker.js', 2, 'process.env.REDIS_URL'),
      },
      {
        name: 'CONCURRENCY',
        secret: false,
        default: '4',
        evidence: ev('workers/jobs/worker.js', 5, 'Number(process.env.CONCURRENCY ?? 4)'),
      },
    ],
  });
}
