import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type FactName, Service } from '../../model/service.js';
import { DiskRepoFs } from '../../repo/repo-fs.js';
import { nodeDetector } from './node.detector.js';

const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/repos/', import.meta.url));

function detectFixture(name: string) {
  return nodeDetector.detect({ fs: new DiskRepoFs(`${FIXTURES}${name}`), dir: '.' });
}

/** What a fixture's service must be; unlisted fields are not checked. */
interface Expect {
  path: string;
  kind: Service['kind'];
  framework: string | null;
  packageManager: string;
  languageVersion?: string | null;
  commands: Service['commands'];
  port: number | null;
  healthPath?: string | null;
  outputDir?: string | null;
  env?: Record<string, boolean>;
  backing?: Record<string, string | null>;
  /** Facts that must carry evidence. */
  facts?: FactName[];
  /** A substring of some evidence reason of that fact (e.g. why Next's standalone start wins). */
  because?: Partial<Record<FactName, string>>;
}

const FRAMEWORKS: [string, Expect][] = [
  [
    'node-next-standalone',
    {
      path: '.',
      kind: 'web',
      framework: 'next',
      packageManager: 'npm',
      // `next start` cannot serve output: 'standalone'; the generated server can.
      commands: { install: 'npm ci', build: 'npm run build', start: 'node .next/standalone/server.js' },
      port: 3000,
      healthPath: '/api/health',
      outputDir: '.next',
      env: { STORE_REGION: false },
      facts: ['framework', 'start', 'port', 'healthPath'],
      because: { start: "output: 'standalone'" },
    },
  ],
  [
    'node-next-export',
    {
      path: '.',
      kind: 'static',
      framework: 'next',
      packageManager: 'pnpm',
      commands: { install: 'pnpm install --frozen-lockfile', build: 'pnpm run build', start: null },
      port: null,
      outputDir: 'out',
      env: { NEXT_PUBLIC_SITE_NAME: false },
      because: { kind: 'export', outputDir: 'out/' },
    },
  ],
  [
    'node-nuxt',
    {
      path: '.',
      kind: 'web',
      framework: 'nuxt',
      packageManager: 'npm',
      languageVersion: '22',
      commands: { install: 'npm ci', build: 'npm run build', start: 'node .output/server/index.mjs' },
      port: 3000,
      healthPath: '/api/healthz',
      outputDir: '.output',
      because: { start: 'no start script', healthPath: 'file-system routing' },
    },
  ],
  [
    'node-nuxt-generate',
    {
      path: '.',
      kind: 'static',
      framework: 'nuxt',
      packageManager: 'yarn',
      commands: { install: 'yarn install --frozen-lockfile', build: 'yarn build', start: null },
      port: null,
      outputDir: '.output/public',
      because: { kind: 'generate' },
    },
  ],
  [
    'node-sveltekit-node',
    {
      path: '.',
      kind: 'web',
      framework: 'sveltekit',
      packageManager: 'pnpm',
      commands: { install: 'pnpm install --frozen-lockfile', build: 'pnpm run build', start: 'node build' },
      port: 3000,
      healthPath: '/health',
      outputDir: 'build',
      // A SvelteKit public variable is inlined when building.
      env: { PUBLIC_API_BASE: false },
      because: { framework: 'adapter-node', env: 'build-time' } as Partial<Record<FactName, string>>,
    },
  ],
  [
    'node-sveltekit-static',
    {
      path: '.',
      kind: 'static',
      framework: 'sveltekit',
      packageManager: 'npm',
      commands: { install: 'npm install', build: 'npm run build', start: null },
      port: null,
      outputDir: 'build',
      // The config imports adapter-static; adapter-node is only installed.
      because: { framework: 'svelte.config uses @sveltejs/adapter-static' },
    },
  ],
  [
    'node-astro-static',
    {
      path: '.',
      kind: 'static',
      framework: 'astro',
      packageManager: 'npm',
      commands: { install: 'npm ci', build: 'npm run build', start: null },
      port: null,
      outputDir: 'dist',
      env: { PUBLIC_TITLE: false },
    },
  ],
  [
    'node-astro-server',
    {
      path: '.',
      kind: 'web',
      framework: 'astro',
      packageManager: 'pnpm',
      commands: {
        install: 'pnpm install --frozen-lockfile',
        build: 'pnpm run build',
        start: 'node ./dist/server/entry.mjs',
      },
      port: 4321,
      healthPath: '/api/health',
      env: { SESSION_SECRET: true },
      because: { start: "output: 'server'" },
    },
  ],
  [
    'node-react-router',
    {
      path: '.',
      kind: 'web',
      framework: 'react-router',
      packageManager: 'npm',
      commands: {
        install: 'npm ci',
        build: 'npm run build',
        start: 'node_modules/.bin/react-router-serve ./build/server/index.js',
      },
      port: 3000,
      healthPath: '/healthz',
      outputDir: 'build',
    },
  ],
  [
    'node-react-router-spa',
    {
      path: '.',
      kind: 'static',
      framework: 'react-router',
      packageManager: 'npm',
      commands: { install: 'npm install', build: 'npm run build', start: null },
      port: null,
      outputDir: 'build/client',
      because: { kind: 'ssr: false' },
    },
  ],
  [
    'node-remix',
    {
      path: '.',
      kind: 'web',
      framework: 'remix',
      packageManager: 'npm',
      commands: {
        install: 'npm ci',
        build: 'npm run build',
        start: 'node_modules/.bin/remix-serve ./build/index.js',
      },
      port: 3000,
      outputDir: 'build',
      env: { GIT_SHA: false },
    },
  ],
  [
    'node-angular',
    {
      path: '.',
      kind: 'static',
      framework: 'angular',
      packageManager: 'npm',
      // `ng serve` is a dev server: a static build needs no start.
      commands: { install: 'npm ci', build: 'npm run build', start: null },
      port: null,
      outputDir: 'dist/admin-ui/browser',
      because: { outputDir: 'application builder' },
    },
  ],
  [
    'node-gatsby',
    {
      path: '.',
      kind: 'static',
      framework: 'gatsby',
      packageManager: 'yarn',
      commands: { install: 'yarn install --frozen-lockfile', build: 'yarn build', start: null },
      port: null,
      outputDir: 'public',
    },
  ],
  [
    'node-tanstack-start',
    {
      path: '.',
      kind: 'web',
      framework: 'tanstack-start',
      packageManager: 'bun',
      commands: {
        install: 'bun install --frozen-lockfile',
        build: 'bun run build',
        start: 'node .output/server/index.mjs',
      },
      port: 3000,
      outputDir: '.output',
      because: { start: 'Nitro' },
    },
  ],
  [
    'node-expo-web',
    {
      path: '.',
      kind: 'static',
      framework: 'expo',
      packageManager: 'npm',
      commands: { install: 'npm ci', build: 'npm run build', start: null },
      port: null,
      outputDir: 'dist',
      env: { EXPO_PUBLIC_API_URL: false },
    },
  ],
  [
    'node-cra',
    {
      path: '.',
      kind: 'static',
      framework: 'create-react-app',
      packageManager: 'npm',
      commands: { install: 'npm ci', build: 'npm run build', start: null },
      port: null,
      outputDir: 'build',
      env: { REACT_APP_API_URL: false },
    },
  ],
];

const RUNTIMES: [string, Expect][] = [
  [
    'node-bun-app',
    {
      path: '.',
      kind: 'web',
      framework: null,
      packageManager: 'bun',
      // bun init's layout: `module` is the entry, no start script.
      commands: { install: 'bun install --frozen-lockfile', build: null, start: 'bun index.ts' },
      port: 3000,
      env: { GREETING: false, PORT: false },
      facts: ['packageManager', 'start', 'port'],
      because: { start: 'module entry' },
    },
  ],
  [
    'node-yarn-berry',
    {
      path: '.',
      kind: 'web',
      framework: 'koa',
      packageManager: 'yarn',
      languageVersion: '22.11.0',
      commands: { install: 'yarn install --immutable', build: 'yarn build', start: 'node dist/index.js' },
      port: 4100,
      outputDir: 'dist',
      because: { languageVersion: 'mise.toml', install: 'Yarn Berry' },
    },
  ],
  [
    'node-mise-version',
    {
      path: '.',
      kind: 'worker',
      framework: null,
      packageManager: 'npm',
      // .mise.toml lists 20 first; it outranks engines.node (>=18).
      languageVersion: '20',
      commands: { install: 'npm install', build: null, start: 'node src/worker.js' },
      port: null,
      backing: { redis: 'REDIS_URL' },
      because: { languageVersion: '.mise.toml pins Node.js 20' },
    },
  ],
  [
    'node-procfile',
    {
      path: '.',
      kind: 'web',
      framework: 'express',
      packageManager: 'npm',
      // The Procfile's web process is explicit; its --port beats the code's PORT default (5000).
      commands: { install: 'npm ci', build: null, start: 'node server.js --port 8080' },
      port: 8080,
      healthPath: '/status',
      because: { start: 'Procfile web', port: '5000' },
    },
  ],
  [
    'node-prisma',
    {
      path: '.',
      kind: 'web',
      framework: 'express',
      packageManager: 'npm',
      commands: {
        install: 'npm ci',
        build: 'node_modules/.bin/prisma generate && npm run build',
        start: 'node dist/index.js',
      },
      port: 3000,
      healthPath: '/health',
      outputDir: 'dist',
      backing: { postgresql: 'DATABASE_URL' },
      because: { build: 'generates the Prisma client' },
    },
  ],
];

function check(fixture: string, services: Service[], e: Expect): void {
  const s = services.find((x) => x.path === e.path);
  expect(s, `${fixture}: a service at ${e.path}`).toBeDefined();
  if (!s) return;
  expect(() => Service.parse(s)).not.toThrow();
  expect({
    kind: s.kind,
    language: s.language,
    framework: s.framework,
    packageManager: s.packageManager,
    commands: s.commands,
    port: s.port,
  }).toEqual({
    kind: e.kind,
    language: 'node',
    framework: e.framework,
    packageManager: e.packageManager,
    commands: e.commands,
    port: e.port,
  });
  if (e.languageVersion !== undefined) expect(s.languageVersion).toBe(e.languageVersion);
  if (e.healthPath !== undefined) expect(s.healthPath).toBe(e.healthPath);
  if (e.outputDir !== undefined) expect(s.outputDir).toBe(e.outputDir);
  if (e.env) expect(Object.fromEntries(s.env.map((v) => [v.name, v.secret]))).toEqual(e.env);
  if (e.backing) expect(Object.fromEntries(s.backing.map((b) => [b.kind, b.envVar]))).toEqual(e.backing);
  for (const fact of ['kind', 'language', 'packageManager', 'install', ...(e.facts ?? [])] as FactName[]) {
    const ev = s.evidence[fact];
    expect(ev?.length, `${fixture}: evidence for ${fact}`).toBeGreaterThan(0);
    for (const x of ev ?? []) expect(x.file.startsWith('/')).toBe(false);
  }
  for (const [fact, text] of Object.entries(e.because ?? {})) {
    const reasons =
      fact === 'env'
        ? s.env.flatMap((v) => v.evidence.map((x) => x.reason))
        : (s.evidence[fact as FactName] ?? []).map((x) => x.reason);
    expect(reasons.join(' | '), `${fixture}: why ${fact}`).toContain(text);
  }
}

describe('nodeDetector: frameworks and their modes (fixture repos)', () => {
  it.each(FRAMEWORKS)('%s', (fixture, e) => {
    const { services, diagnostics } = detectFixture(fixture);
    expect(diagnostics).toEqual([]);
    expect(services).toHaveLength(1);
    check(fixture, services, e);
  });
});

describe('nodeDetector: runtimes, versions, Procfile, Prisma (fixture repos)', () => {
  it.each(RUNTIMES)('%s', (fixture, e) => {
    const { services, diagnostics } = detectFixture(fixture);
    expect(diagnostics).toEqual([]);
    expect(services).toHaveLength(1);
    check(fixture, services, e);
  });
});

describe('nodeDetector: monorepos (fixture repos)', () => {
  it('pnpm + Turborepo: each app is a service, built through turbo from the root; libraries are not', () => {
    const { services, diagnostics } = detectFixture('node-pnpm-turbo');
    expect(diagnostics).toEqual([]);
    // The root only delegates (`turbo run start`); packages/ui is a library; packages/legacy is
    // excluded from the workspace by `!packages/legacy` but still starts on its own.
    expect(services.map((s) => s.path)).toEqual(['apps/api', 'apps/web', 'packages/legacy']);
    check('node-pnpm-turbo', services, {
      path: 'apps/api',
      kind: 'web',
      framework: 'fastify',
      packageManager: 'pnpm',
      languageVersion: '20.18.0',
      commands: {
        install: 'pnpm install --frozen-lockfile',
        build: 'node_modules/.bin/turbo run build --filter=@acme/api',
        start: 'node dist/main.js',
      },
      port: 8081,
      healthPath: '/healthz',
      outputDir: 'dist',
      because: { install: 'workspace root', build: 'turbo builds @acme/api' },
    });
    check('node-pnpm-turbo', services, {
      path: 'apps/web',
      kind: 'web',
      framework: 'next',
      packageManager: 'pnpm',
      // pnpm links each member's binaries into its own node_modules/.bin.
      commands: {
        install: 'pnpm install --frozen-lockfile',
        build: 'node_modules/.bin/turbo run build --filter=web',
        start: 'node_modules/.bin/next start -p 3100',
      },
      port: 3100,
      because: { port: 'start command sets port 3100' },
    });
    const legacy = services.find((s) => s.path === 'packages/legacy');
    expect(legacy?.commands.build).toBeNull();
  });

  it('npm workspaces: a root start that runs a member file deploys that member (one service)', () => {
    const { services, diagnostics } = detectFixture('node-npm-root-start');
    expect(diagnostics).toEqual([]);
    expect(services.map((s) => s.path)).toEqual(['.']);
    check('node-npm-root-start', services, {
      path: '.',
      kind: 'web',
      framework: 'express',
      packageManager: 'npm',
      commands: { install: 'npm ci', build: null, start: 'node packages/api/server.js' },
      port: 3000,
      healthPath: '/health',
      because: { start: 'belongs to the workspace package packages/api', framework: 'packages/api' },
    });
  });

  it('Nx: applications from project.json, built and started from the workspace root', () => {
    const { services, diagnostics } = detectFixture('node-nx');
    expect(diagnostics).toEqual([]);
    // The root's `nx serve` delegates; libs/util is a library; apps/tools has nothing that starts it.
    expect(services.map((s) => s.path)).toEqual(['apps/api', 'apps/site']);
    check('node-nx', services, {
      path: 'apps/api',
      kind: 'web',
      // Root dependencies are shared; the project imports express.
      framework: 'express',
      packageManager: 'npm',
      languageVersion: '20.15.1',
      commands: {
        install: 'npm ci',
        build: 'node_modules/.bin/nx run api:build:production',
        start: 'node dist/apps/api/main.js',
      },
      port: 3333,
      healthPath: '/api/health',
      outputDir: 'dist/apps/api',
      backing: { postgresql: 'DATABASE_URL' },
      facts: ['build', 'start', 'outputDir', 'framework'],
      because: { start: 'where Nx runs commands', framework: 'imports express' },
    });
    check('node-nx', services, {
      path: 'apps/site',
      kind: 'web',
      framework: 'next',
      packageManager: 'npm',
      commands: {
        install: 'npm ci',
        build: 'node_modules/.bin/nx run site:build:production',
        start: 'node_modules/.bin/next start dist/apps/site',
      },
      port: 3000,
      outputDir: 'dist/apps/site',
    });
  });

  it('Lerna + Yarn classic: members built with lerna --scope; hoisted binaries from the root', () => {
    const { services, diagnostics } = detectFixture('node-lerna');
    expect(diagnostics).toEqual([]);
    expect(services.map((s) => s.path)).toEqual(['packages/web', 'packages/worker']);
    check('node-lerna', services, {
      path: 'packages/worker',
      kind: 'worker',
      framework: null,
      packageManager: 'yarn',
      commands: {
        install: 'yarn install --frozen-lockfile',
        build: 'node_modules/.bin/lerna run build --scope=@jobs/worker',
        start: 'node dist/index.js',
      },
      port: null,
      backing: { rabbitmq: 'AMQP_URL' },
    });
    check('node-lerna', services, {
      path: 'packages/web',
      kind: 'web',
      framework: 'nuxt',
      packageManager: 'yarn',
      commands: {
        install: 'yarn install --frozen-lockfile',
        build: null,
        start: '../../node_modules/.bin/nuxt start',
      },
      port: 3000,
      because: { start: 'hoists workspace dependencies' },
    });
  });
});
