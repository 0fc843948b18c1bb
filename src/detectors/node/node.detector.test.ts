import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type FactName, Service } from '../../model/service.js';
import { DiskRepoFs, MemoryRepoFs } from '../../repo/repo-fs.js';
import { classifyPackage, isDelegatingScript, nodeDetector } from './node.detector.js';
import { parsePackageJsonText } from './parse-package-json.js';

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
      // Prisma with a schema: the client is generated before the build (the install runs without the schema).
      build: 'node_modules/.bin/prisma generate && pnpm run build',
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
    // import.meta.env.VITE_API_URL: a build-time variable (Vite inlines it).
    env: { VITE_API_URL: false },
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
    // node:http handler comparing req.url === '/ping'
    healthPath: '/ping',
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

describe('classifyPackage', () => {
  const pkgOf = (obj: object) => {
    const r = parsePackageJsonText('package.json', JSON.stringify(obj));
    if (!r.ok) throw new Error('bad input');
    return r.value;
  };
  const base = { framework: null, manager: 'npm' as const, workspaceRoot: null, member: false };
  const has = (files: string[]) => (f: string) => files.includes(f);
  const wsRoot = { dir: '.', tools: ['workspaces' as const], globs: ['a/*'], members: [], evidence: [] };

  it.each([
    ['start script', { scripts: { start: 'node a.js' } }, {}, true],
    [
      'workspace root delegating with nx serve',
      { scripts: { start: 'nx serve' } },
      { workspaceRoot: wsRoot },
      false,
    ],
    [
      'workspace root delegating with turbo',
      { scripts: { start: 'turbo run start --filter=web' } },
      { workspaceRoot: wsRoot },
      false,
    ],
    [
      'workspace root delegating with -w',
      { scripts: { start: 'npm run start -w apps/api' } },
      { workspaceRoot: wsRoot },
      false,
    ],
    [
      'workspace root with its own start',
      { scripts: { start: 'node server.js' } },
      { workspaceRoot: wsRoot },
      true,
    ],
    ['a lone package may start with nx', { scripts: { start: 'nx serve' } }, {}, true],
    [
      'bun workspace root running its module',
      { module: 'index.ts' },
      { workspaceRoot: wsRoot, manager: 'bun', files: ['index.ts'] },
      true,
    ],
    [
      'bun init layout (module + typescript peer)',
      { module: 'index.ts', peerDependencies: { typescript: '^5' } },
      { manager: 'bun', files: ['index.ts'] },
      true,
    ],
    ['module under npm is a library', { module: 'index.mjs' }, { files: ['index.mjs'] }, false],
    ['main that exists', { main: 'app.js' }, { files: ['app.js'] }, true],
    ['main missing: reported, the start is weak', { main: 'index.js' }, {}, true],
    [
      'main missing beside a Gemfile: the Ruby app’s toolchain',
      { main: 'index.js' },
      { otherManifest: 'Gemfile' },
      false,
    ],
    ['main missing but built', { main: 'dist/index.js', scripts: { build: 'tsc' } }, {}, true],
    ['member with main only', { main: 'index.js' }, { member: true, files: ['index.js'] }, false],
    ['Procfile process', {}, { procfile: true }, true],
  ])('%s → %s', (_label, manifest, input, service) => {
    const { files, ...rest } = input as { files?: string[] };
    const v = classifyPackage(pkgOf(manifest), { ...base, ...rest, hasFile: has(files ?? []) });
    expect(v.service).toBe(service);
    expect(v.reason).toMatch(/\S/);
  });

  it.each([
    ['nx serve', true],
    ['npx nx run api:serve', true],
    ['pnpm --filter web start', true],
    ['yarn workspace api start', true],
    ['lerna run start --scope web', true],
    ['node packages/api/index.js', false],
    ['next start', false],
  ])('isDelegatingScript(%s) → %s', (script, delegating) => {
    expect(isDelegatingScript(script)).toBe(delegating);
  });
});

describe('nodeDetector: Procfiles and workspaces (memory repos)', () => {
  it("a Procfile that starts another ecosystem's app is not the Node package's (Ruby app with a JS toolchain)", () => {
    const { services } = detectMemory({
      'package.json': JSON.stringify({
        name: 'assets',
        main: 'index.js',
        dependencies: { 'webpack-cli': '4' },
      }),
      'package-lock.json': '',
      Gemfile: "source 'https://rubygems.org'",
      Procfile: 'web: ruby app.rb',
    });
    // Neither the Procfile command nor npm init's missing main make it a Node service.
    expect(services).toEqual([]);
  });

  it('a Procfile that runs node beside a Gemfile is the Node package’s', () => {
    const { services } = detectMemory({
      'package.json': JSON.stringify({ name: 'hybrid' }),
      Gemfile: '',
      Procfile: 'web: node server.js\nworker: bundle exec sidekiq',
      'server.js': '',
    });
    expect(services.map((s) => [s.commands.start, s.kind])).toEqual([['node server.js', 'web']]);
  });

  it('a Procfile worker process makes a worker, even with a web framework', () => {
    const { services } = detectMemory({
      'package.json': JSON.stringify({ name: 'jobs', dependencies: { express: '4' } }),
      Procfile: 'worker: node jobs.js',
      'jobs.js': "require('express')",
    });
    expect(services[0]).toMatchObject({ kind: 'worker', port: 3000, commands: { start: 'node jobs.js' } });
  });

  it('bun workspaces: the root runs its own module; members with only `module` are libraries', () => {
    const { services } = detectMemory({
      'package.json': JSON.stringify({ name: 'root', module: 'index.ts', workspaces: ['packages/*'] }),
      'bun.lock': '',
      'index.ts': '',
      'packages/a/package.json': JSON.stringify({ name: 'a', module: 'index.ts' }),
      'packages/a/index.ts': '',
    });
    expect(services.map((s) => [s.path, s.packageManager, s.commands.start])).toEqual([
      ['.', 'bun', 'bun index.ts'],
    ]);
  });

  it('members share the root lockfile: the conflict warning is reported once', () => {
    const { services, diagnostics } = detectMemory({
      'package.json': JSON.stringify({ name: 'root', workspaces: ['apps/*'] }),
      'package-lock.json': '',
      'yarn.lock': '',
      'apps/a/package.json': JSON.stringify({ name: 'a', scripts: { start: 'node a.js' } }),
      'apps/b/package.json': JSON.stringify({ name: 'b', scripts: { start: 'node b.js' } }),
    });
    expect(services.map((s) => s.commands.build)).toEqual([null, null]);
    expect(diagnostics.filter((d) => d.file === 'yarn.lock')).toHaveLength(1);
  });
});

describe('nodeDetector never throws on garbage in the other files it reads', () => {
  const files: Record<string, string> = {
    'package.json': JSON.stringify(
      {
        name: 'root',
        workspaces: ['apps/*'],
        devDependencies: { nx: '19', turbo: '2' },
        scripts: { build: 'turbo run build' },
      },
      null,
      2,
    ),
    'apps/web/package.json': JSON.stringify(
      {
        name: 'web',
        scripts: { build: 'next build', start: 'next start' },
        dependencies: {
          next: '14',
          '@sveltejs/kit': '2',
          astro: '5',
          '@angular/core': '17',
          '@react-router/dev': '7',
        },
      },
      null,
      2,
    ),
    'apps/web/next.config.js': "module.exports = { output: 'standalone' };\n",
    'apps/web/svelte.config.js': "import adapter from '@sveltejs/adapter-node';\n",
    'apps/web/astro.config.mjs': "export default { output: 'server' };\n",
    'apps/ng/angular.json':
      '{ "projects": { "a": { "architect": { "build": { "options": { "outputPath": "dist/a" } } } } } }\n',
    'apps/ng/package.json': JSON.stringify({
      name: 'ng',
      scripts: { build: 'ng build' },
      dependencies: { '@angular/core': '17' },
    }),
    'apps/web/react-router.config.ts': 'export default { ssr: false };\n',
    'apps/web/vite.config.ts': "export default { build: { outDir: 'out' } };\n",
    'apps/web/Procfile': 'web: npm start\n',
    'apps/job/project.json':
      '{\n  "name": "job",\n  "targets": { "serve": { "executor": "@nx/js:node" }, "build": { "options": { "outputPath": "dist/job", "main": "apps/job/src/main.ts" } } }\n}\n',
    'nx.json': '{\n  "defaultProject": "job"\n}\n',
    'turbo.json': '{\n  "tasks": {}\n}\n',
    'lerna.json': '{\n  "packages": ["apps/*"]\n}\n',
    'pnpm-workspace.yaml': "packages:\n  - 'apps/*'\n",
    'mise.toml': '[tools]\nnode = "20"\npnpm = "9"\n',
    '.tool-versions': 'nodejs 20.1.0\n',
    'bunfig.toml': '[install]\n',
    'pnpm-lock.yaml': "lockfileVersion: '9.0'\n",
    'apps/web/package-lock.json': '{\n  "name": "web",\n  "lockfileVersion": 3\n}\n',
    'apps/web/.node-version': '20.11.1\n',
    'apps/web/.mise.toml': '[tools]\nnode = ["20"]\n',
    'apps/web/.env.example': 'VITE_API_URL=http://localhost\nSECRET_KEY=\n',
    'apps/web/yarn.lock': '__metadata:\n  version: 8\n',
    'apps/web/.yarnrc.yml': 'nodeLinker: node-modules\n',
  };
  const garbage = [
    '',
    ' ',
    '{',
    '[]',
    'null',
    '42',
    '\u0000\u0001',
    ': :',
    '[tools',
    '{"targets": 3}',
    'packages: 7',
  ];
  let seed = 99;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  const variants = (s: string) => [
    ...Array.from({ length: 12 }, () => s.slice(0, rand(s.length + 1))),
    ...Array.from({ length: 12 }, () => {
      const at = rand(s.length);
      return s.slice(0, at) + String.fromCharCode(rand(128)) + s.slice(at + 1);
    }),
    ...garbage,
  ];

  it.each(Object.keys(files))('mutations of %s', (file) => {
    for (const v of variants(files[file] as string)) {
      let result: ReturnType<typeof detectMemory> | undefined;
      expect(() => {
        result = detectMemory({ ...files, [file]: v });
      }, JSON.stringify(v)).not.toThrow();
      for (const s of result?.services ?? []) expect(() => Service.parse(s)).not.toThrow();
      for (const d of result?.diagnostics ?? []) expect(d.message).toMatch(/\S/);
    }
  });

  it.each([
    ['pnpm-workspace.yaml', 'packages: [\n'],
    ['lerna.json', '{ "packages": ['],
    ['nx.json', '{ "a": 1, }'],
    ['turbo.json', '{ "tasks": '],
    ['apps/job/project.json', '{"name": '],
    ['mise.toml', '[tools\nnode = "20"'],
    ['apps/ng/angular.json', '{ "projects": '],
  ])('an unparsable %s gives a diagnostic naming it', (file, text) => {
    const r = detectMemory({ ...files, [file]: text });
    expect(r.diagnostics.map((d) => d.file)).toContain(file);
  });
});
