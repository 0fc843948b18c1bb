import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type FactName, Service } from '../../model/service.js';
import { DiskRepoFs, MemoryRepoFs } from '../../repo/repo-fs.js';
import { nodeDetector } from './node.detector.js';

const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/repos/', import.meta.url));

function detectFixture(name: string) {
  return nodeDetector.detect({ fs: new DiskRepoFs(`${FIXTURES}${name}`), dir: '.' });
}

function detectMemory(files: Record<string, string | null>) {
  return nodeDetector.detect({ fs: new MemoryRepoFs(files), dir: '.' });
}

interface Row {
  fixture: string;
  path: string;
  name: string;
  kind: Service['kind'];
  framework: string | null;
  packageManager: string;
  languageVersion: string | null;
  commands: Service['commands'];
  port: number | null;
  healthPath: string | null;
  outputDir: string | null;
  backing: Record<string, string | null>;
  env: Record<string, boolean>;
  /** Facts that must carry evidence naming a file. */
  facts: FactName[];
}

const ROWS: Row[] = [
  {
    fixture: 'node-express-npm',
    path: '.',
    name: 'orders-api',
    kind: 'web',
    framework: 'express',
    packageManager: 'npm',
    languageVersion: '>=18',
    commands: { install: 'npm ci', build: null, start: 'node src/server.js' },
    port: 8080,
    healthPath: '/healthz',
    outputDir: null,
    backing: { mongodb: 'MONGODB_URI', rabbitmq: 'AMQP_URL' },
    env: {
      AMQP_URL: true,
      JWT_SECRET: true,
      LOG_LEVEL: false,
      MONGODB_URI: true,
      PORT: false,
      SENTRY_DSN: true,
    },
    facts: [
      'kind',
      'language',
      'languageVersion',
      'framework',
      'packageManager',
      'install',
      'start',
      'port',
      'healthPath',
    ],
  },
  {
    fixture: 'node-fastify-ts-pnpm',
    path: '.',
    name: 'billing-service',
    kind: 'web',
    framework: 'fastify',
    packageManager: 'pnpm',
    languageVersion: '20.11.1',
    commands: {
      install: 'pnpm install --frozen-lockfile',
      build: 'pnpm run build',
      start: 'node dist/server.js',
    },
    port: 3000,
    healthPath: '/health',
    outputDir: 'dist',
    backing: { postgresql: 'DATABASE_URL' },
    env: { DATABASE_URL: true, PORT: false, STRIPE_API_KEY: true },
    facts: [
      'kind',
      'language',
      'languageVersion',
      'framework',
      'packageManager',
      'install',
      'build',
      'start',
      'port',
      'healthPath',
      'outputDir',
    ],
  },
  {
    fixture: 'node-vite-spa',
    path: '.',
    name: 'dashboard',
    kind: 'static',
    framework: 'vite',
    packageManager: 'npm',
    languageVersion: null,
    commands: { install: 'npm ci', build: 'npm run build', start: null },
    port: null,
    healthPath: null,
    outputDir: 'dist',
    backing: {},
    env: {},
    facts: ['kind', 'language', 'framework', 'packageManager', 'install', 'build', 'outputDir'],
  },
  {
    fixture: 'node-nest-yarn',
    path: '.',
    name: 'catalog',
    kind: 'web',
    framework: 'nest',
    packageManager: 'yarn',
    languageVersion: '22.3.0',
    commands: { install: 'yarn install --frozen-lockfile', build: 'yarn build', start: 'node dist/main' },
    port: 3000,
    healthPath: '/health',
    outputDir: 'dist',
    backing: { redis: 'REDIS_URL' },
    env: { PORT: false, REDIS_URL: false },
    facts: [
      'kind',
      'languageVersion',
      'framework',
      'packageManager',
      'install',
      'build',
      'start',
      'port',
      'healthPath',
    ],
  },
  {
    fixture: 'node-worker',
    path: '.',
    name: 'email-worker',
    kind: 'worker',
    framework: null,
    packageManager: 'npm',
    languageVersion: null,
    commands: { install: 'npm install', build: null, start: 'node worker.js' },
    port: null,
    healthPath: null,
    outputDir: null,
    backing: { redis: 'REDIS_URL' },
    env: {
      CONCURRENCY: false,
      REDIS_URL: false,
      SMTP_HOST: false,
      SMTP_PASSWORD: true,
      SMTP_PORT: false,
      SMTP_USER: false,
    },
    facts: ['kind', 'packageManager', 'install', 'start'],
  },
  {
    fixture: 'node-main-only',
    path: '.',
    name: 'hello',
    kind: 'web',
    framework: null,
    packageManager: 'npm',
    languageVersion: null,
    commands: { install: 'npm install', build: null, start: 'node index.js' },
    port: 5000,
    healthPath: null,
    outputDir: null,
    backing: {},
    env: {},
    facts: ['kind', 'packageManager', 'start', 'port'],
  },
  {
    fixture: 'node-empty-lockfile',
    path: '.',
    name: 'ticker',
    kind: 'web',
    framework: 'koa',
    packageManager: 'yarn',
    languageVersion: null,
    commands: { install: 'yarn install --frozen-lockfile', build: null, start: 'node app.js' },
    port: 3000,
    healthPath: null,
    outputDir: null,
    backing: {},
    env: { PORT: false },
    facts: ['kind', 'framework', 'packageManager', 'install', 'start', 'port'],
  },
  {
    fixture: 'node-monorepo',
    path: 'apps/api',
    name: 'api',
    kind: 'web',
    framework: 'express',
    packageManager: 'npm',
    languageVersion: '20',
    commands: { install: 'npm ci', build: null, start: 'node src/index.js' },
    port: 4000,
    healthPath: '/ping',
    outputDir: null,
    backing: { redis: 'REDIS_URL' },
    env: { PORT: false, REDIS_URL: false },
    facts: [
      'kind',
      'languageVersion',
      'framework',
      'packageManager',
      'install',
      'start',
      'port',
      'healthPath',
    ],
  },
];

describe('nodeDetector over fixture repos', () => {
  it.each(ROWS)('$fixture', (row) => {
    const { services, diagnostics } = detectFixture(row.fixture);
    expect(diagnostics).toEqual([]);
    expect(services).toHaveLength(1);
    const s = services[0] as Service;
    expect(() => Service.parse(s)).not.toThrow();
    expect({
      path: s.path,
      name: s.name,
      kind: s.kind,
      language: s.language,
      framework: s.framework,
      packageManager: s.packageManager,
      languageVersion: s.languageVersion,
      commands: s.commands,
      port: s.port,
      healthPath: s.healthPath,
      outputDir: s.outputDir,
    }).toEqual({
      path: row.path,
      name: row.name,
      kind: row.kind,
      language: 'node',
      framework: row.framework,
      packageManager: row.packageManager,
      languageVersion: row.languageVersion,
      commands: row.commands,
      port: row.port,
      healthPath: row.healthPath,
      outputDir: row.outputDir,
    });
    expect(Object.fromEntries(s.backing.map((b) => [b.kind, b.envVar]))).toEqual(row.backing);
    expect(Object.fromEntries(s.env.map((e) => [e.name, e.secret]))).toEqual(row.env);
    for (const b of s.backing) expect(b.evidence.length).toBeGreaterThan(0);
    for (const e of s.env) expect(e.evidence.length).toBeGreaterThan(0);
    for (const fact of row.facts) {
      const ev = s.evidence[fact];
      expect(ev, `evidence for ${fact}`).toBeDefined();
      expect(ev?.length, `evidence for ${fact}`).toBeGreaterThan(0);
      for (const e of ev ?? []) {
        expect(e.file, `evidence file for ${fact}`).toMatch(/\S/);
        expect(e.file.startsWith('/'), 'evidence paths are repo-relative').toBe(false);
      }
    }
  });

  it('node-malformed: no service, an error naming the file and the line', () => {
    const { services, diagnostics } = detectFixture('node-malformed');
    expect(services).toEqual([]);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({
      severity: 'error',
      file: 'package.json',
      // The file stops after line 8 (the last line with content).
      line: 8,
      fix: 'fix the JSON syntax (an unfinished file?)',
    });
    expect(diagnostics[0]?.message).toMatch(/^invalid JSON: /);
  });

  it('not-node: nothing detected', () => {
    expect(detectFixture('not-node')).toEqual({ services: [], diagnostics: [] });
  });

  it('node-monorepo: the workspace root and the library are not services', () => {
    const { services } = detectFixture('node-monorepo');
    expect(services.map((s) => s.path)).toEqual(['apps/api']);
  });

  it('records why facts are null: TypeScript without a build script', () => {
    const { services } = detectMemory({
      'package.json': JSON.stringify({
        name: 'x',
        scripts: { start: 'ts-node src/x.ts' },
        dependencies: { express: '4' },
      }),
      'tsconfig.json': '{}',
      'src/x.ts': "import e from 'express'; e().listen(3000);",
    });
    const s = services[0] as Service;
    expect(s.commands.build).toBeNull();
    expect(s.evidence.build?.[0]).toMatchObject({ file: 'tsconfig.json', confidence: 'weak' });
    expect(s.commands.start).toBe('node_modules/.bin/ts-node src/x.ts');
    expect(s.evidence.start?.[0]?.confidence).toBe('weak');
  });
});

describe('nodeDetector rules', () => {
  it('a devDependency-only express does not make a Vite app a web server', () => {
    // Rule: server frameworks count only in `dependencies`; builders count in either section.
    const { services } = detectFixture('node-vite-spa');
    expect(services[0]?.kind).toBe('static');
    expect(services[0]?.port).toBeNull();
  });

  it('express in dependencies next to vite makes it a web server (SSR)', () => {
    const { services } = detectMemory({
      'package.json': JSON.stringify({
        name: 'ssr',
        scripts: { build: 'vite build', start: 'node server.js' },
        dependencies: { express: '4' },
        devDependencies: { vite: '5' },
      }),
      'index.html': '<!doctype html>',
      'server.js': "require('express')().listen(process.env.PORT || 5173)",
    });
    expect(services[0]).toMatchObject({ kind: 'web', framework: 'express', port: 5173 });
  });

  it('a listen in a comment or a test file does not beat the real one', () => {
    const { services } = detectMemory({
      'package.json': JSON.stringify({
        name: 'a',
        scripts: { start: 'node src/index.js' },
        dependencies: { express: '4' },
      }),
      'src/index.js':
        "// app.listen(3000)\n/* app.listen(4000) */\nconst app = require('express')();\napp.listen(process.env.PORT || 8081);\n",
      'src/index.test.js': 'app.listen(9999)',
      'test/helper.js': 'app.listen(7777)',
    });
    expect(services[0]?.port).toBe(8081);
    expect(services[0]?.evidence.port?.[0]).toMatchObject({ file: 'src/index.js', line: 4 });
  });

  it('explicit beats lockfile: packageManager pnpm with a package-lock.json', () => {
    const { services, diagnostics } = detectMemory({
      'package.json': JSON.stringify({
        name: 'a',
        packageManager: 'pnpm@9.1.0',
        scripts: { start: 'node a.js' },
      }),
      'package-lock.json': '{}',
      'a.js': '',
    });
    const s = services[0] as Service;
    expect(s.packageManager).toBe('pnpm');
    expect(s.commands.install).toBe('pnpm install');
    expect(s.evidence.packageManager?.map((e) => [e.file, e.confidence])).toEqual([
      ['package.json', 'explicit'],
      ['package-lock.json', 'weak'],
    ]);
    expect(diagnostics).toEqual([
      expect.objectContaining({ severity: 'warning', file: 'package-lock.json' }),
    ]);
  });

  it('Next.js: next start runs from node_modules/.bin', () => {
    const { services } = detectMemory({
      'package.json': JSON.stringify({
        name: 'site',
        scripts: { build: 'next build', start: 'next start' },
        dependencies: { next: '14', react: '18' },
      }),
      'pages/index.js': 'export default () => null',
    });
    expect(services[0]).toMatchObject({
      kind: 'web',
      framework: 'next',
      port: 3000,
      outputDir: '.next',
      commands: { install: 'npm install', build: 'npm run build', start: 'node_modules/.bin/next start' },
    });
    expect(services[0]?.evidence.start?.[0]?.confidence).toBe('strong');
  });

  it('a workspace root with its own start script is a service', () => {
    const { services } = detectMemory({
      'package.json': JSON.stringify({
        name: 'root',
        workspaces: ['packages/*'],
        scripts: { start: 'node server.js' },
      }),
      'server.js': "require('http').createServer().listen(3000)",
      'packages/a/package.json': JSON.stringify({ name: 'a', main: 'index.js' }),
      'packages/a/index.js': 'require("http").createServer().listen(9000)',
    });
    expect(services.map((s) => [s.path, s.port])).toEqual([['.', 3000]]);
  });

  it('libraries are not services: exports/types fields, or nothing that starts them', () => {
    const { services } = detectMemory({
      'package.json': JSON.stringify({ name: 'lib', main: 'dist/index.js', types: 'dist/index.d.ts' }),
      'tools/package.json': JSON.stringify({ name: 'tools', devDependencies: { typescript: '5' } }),
      'mw/package.json': JSON.stringify({
        name: 'mw',
        exports: './index.js',
        dependencies: { express: '4' },
      }),
    });
    expect(services).toEqual([]);
  });

  it('package.json files in test fixtures are not packages of the repo', () => {
    const { services } = detectMemory({
      'test/fixtures/app/package.json': JSON.stringify({ name: 'fx', scripts: { start: 'node x.js' } }),
    });
    expect(services).toEqual([]);
  });

  it('names services from the package name as a DNS label, else the folder, else app', () => {
    const { services } = detectMemory({
      'package.json': JSON.stringify({ scripts: { start: 'node a.js' } }),
      'svc/Web_Thing/package.json': JSON.stringify({ scripts: { start: 'node a.js' } }),
      'x/package.json': JSON.stringify({ name: '@acme/Web_App', scripts: { start: 'node a.js' } }),
    });
    expect(services.map((s) => s.name)).toEqual(['app', 'web-thing', 'web-app']);
  });

  it('a broken package does not stop the others from being detected', () => {
    const { services, diagnostics } = detectMemory({
      'a/package.json': '{ "name": "a", ',
      'b/package.json': JSON.stringify({ name: 'b', scripts: { start: 'node b.js' } }),
      'c/package.json': '',
      'd/package.json': null,
    });
    expect(services.map((s) => s.name)).toEqual(['b']);
    expect(diagnostics.map((d) => [d.file, d.severity])).toEqual([
      ['a/package.json', 'error'],
      ['c/package.json', 'warning'],
      ['d/package.json', 'error'],
    ]);
  });

  it('source files of a nested package belong to it, not to the parent', () => {
    const { services } = detectMemory({
      'package.json': JSON.stringify({ name: 'outer', scripts: { start: 'node index.js' } }),
      'index.js': 'setInterval(() => {}, 1000)',
      'inner/package.json': JSON.stringify({ name: 'inner', scripts: { start: 'node index.js' } }),
      'inner/index.js': "require('http').createServer().listen(4000)",
    });
    expect(services.map((s) => [s.name, s.kind, s.port])).toEqual([
      ['outer', 'worker', null],
      ['inner', 'web', 4000],
    ]);
  });

  it('never reads .env (it may hold real secrets)', () => {
    const fs = new MemoryRepoFs({
      'package.json': JSON.stringify({ name: 'a', scripts: { start: 'node a.js' } }),
      'a.js': '',
      '.env': 'REAL_SECRET=do-not-read',
    });
    const read: string[] = [];
    const spy = Object.assign(Object.create(fs), {
      readText: (p: string) => {
        read.push(p);
        return fs.readText(p);
      },
    });
    const { services } = nodeDetector.detect({ fs: spy, dir: '.' });
    expect(read).not.toContain('.env');
    expect(services[0]?.env).toEqual([]);
  });
});

describe('nodeDetector never throws on garbage', () => {
  const base = JSON.stringify(
    {
      name: 'fuzz',
      main: 'index.js',
      scripts: { start: 'NODE_ENV=production node index.js', build: 'tsc' },
      engines: { node: '>=20' },
      dependencies: { express: '4', pg: '8', '@prisma/client': '5' },
    },
    null,
    2,
  );
  const nvmrc = 'v20.11.1\n';
  const schema = 'datasource db {\n  provider = "postgresql"\n  url = env("DATABASE_URL")\n}\n';
  const garbage = [
    '',
    ' ',
    '\u0000',
    '{',
    '}',
    '[]',
    'null',
    '"str"',
    '42',
    '{"scripts": 1, "dependencies": [], "engines": "x", "workspaces": 3, "main": {}}',
    '{"scripts": {"start": 5}, "packageManager": "nope@1"}',
    '\uFEFF{"name":"bom","scripts":{"start":"node a.js"}}',
    '{"name": "\\ud800"}',
    '[[[[[[[[[[[[[[[[[[[[',
    'lts/*',
    'datasource {',
    'datasource db { provider = "sqlserver" }',
  ];
  // Deterministic pseudo-random truncations and byte flips.
  let seed = 42;
  const rand = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  const mutate = (s: string): string[] => {
    const out: string[] = [];
    for (let i = 0; i < 20; i++) out.push(s.slice(0, rand(s.length + 1)));
    for (let i = 0; i < 20; i++) {
      const at = rand(s.length);
      out.push(s.slice(0, at) + String.fromCharCode(rand(128)) + s.slice(at + 1));
    }
    return [...out, ...garbage];
  };

  it.each([
    ['package.json', base],
    ['.nvmrc', nvmrc],
    ['prisma/schema.prisma', schema],
  ])('mutations of %s', (file, original) => {
    for (const variant of mutate(original)) {
      const files: Record<string, string> = {
        'package.json': base,
        '.nvmrc': nvmrc,
        'prisma/schema.prisma': schema,
        'index.js': 'require("express")().listen(process.env.PORT || 3000)',
        [file]: variant,
      };
      let result: ReturnType<typeof detectMemory> | undefined;
      expect(() => {
        result = detectMemory(files);
      }, JSON.stringify(variant)).not.toThrow();
      for (const s of result?.services ?? []) expect(() => Service.parse(s)).not.toThrow();
    }
  });
});
