import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type FactName, Service } from '../../model/service.js';
import { DiskRepoFs, MemoryRepoFs } from '../../repo/repo-fs.js';
import { goDetector } from './go.detector.js';

const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/repos/', import.meta.url));

function detectFixture(name: string) {
  return goDetector.detect({ fs: new DiskRepoFs(`${FIXTURES}${name}`), dir: '.' });
}

function detectMemory(files: Record<string, string | null>) {
  return goDetector.detect({ fs: new MemoryRepoFs(files), dir: '.' });
}

interface Row {
  fixture: string;
  path: string;
  name: string;
  kind: Service['kind'];
  framework: string | null;
  languageVersion: string | null;
  commands: Service['commands'];
  port: number | null;
  healthPath: string | null;
  backing: Record<string, string | null>;
  /** name → secret */
  env: Record<string, boolean>;
  facts: FactName[];
}

const build = (out: string, target: string, cgo = 0) =>
  `CGO_ENABLED=${cgo} go build -trimpath -ldflags="-s -w" -o ${out} ${target}`;

const ROWS: Row[] = [
  {
    // cmd/api serves, cmd/migrate does not: one service. toolchain beats go; PORT default beats gin's 8080.
    fixture: 'go-gin-cmd',
    path: '.',
    name: 'api',
    kind: 'web',
    framework: 'gin',
    languageVersion: '1.22.3',
    commands: { install: 'go mod download', build: build('bin/api', './cmd/api'), start: './bin/api' },
    port: 9090,
    healthPath: '/healthz',
    backing: { postgresql: 'DATABASE_URL', redis: 'REDIS_URL' },
    env: { DATABASE_URL: true, LOG_LEVEL: false, PORT: false, REDIS_URL: false, STRIPE_API_KEY: true },
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
    ],
  },
  {
    fixture: 'go-nethttp-root',
    path: '.',
    name: 'hello',
    kind: 'web',
    framework: 'net-http',
    languageVersion: '1.21',
    commands: { install: 'go mod download', build: build('bin/hello', '.'), start: './bin/hello' },
    port: 3000,
    healthPath: '/health',
    backing: {},
    env: { GREETING_NAME: false, PORT: false },
    facts: ['kind', 'languageVersion', 'framework', 'start', 'port', 'healthPath'],
  },
  {
    // Procfile passes --port 5000 (explicit) over the flag default 1323 in code; go-sqlite3 needs cgo.
    fixture: 'go-echo-procfile',
    path: '.',
    name: 'shop',
    kind: 'web',
    framework: 'echo',
    languageVersion: '1.22.4',
    commands: {
      install: 'go mod download',
      build: build('bin/shop', '.', 1),
      start: './bin/shop --port 5000',
    },
    port: 5000,
    healthPath: '/ping',
    backing: { sqlite: 'SQLITE_PATH' },
    env: { SQLITE_PATH: false },
    facts: ['kind', 'languageVersion', 'framework', 'build', 'start', 'port', 'healthPath'],
  },
  {
    fixture: 'go-workspace',
    path: 'api',
    name: 'api',
    kind: 'web',
    framework: 'chi',
    // go.work's go 1.22.2 is higher than api/go.mod's go 1.22: the toolchain must satisfy both.
    languageVersion: '1.22.2',
    commands: { install: 'go mod download', build: build('bin/api', '.'), start: './bin/api' },
    port: 8081,
    healthPath: '/livez',
    backing: {},
    env: { JWT_SECRET: true, METRICS_ADDR: false, PORT: false },
    facts: ['kind', 'framework', 'port', 'healthPath'],
  },
  {
    fixture: 'go-workspace',
    path: 'worker',
    name: 'worker',
    kind: 'worker',
    framework: null,
    languageVersion: '1.22.2',
    commands: { install: 'go mod download', build: build('bin/worker', '.'), start: './bin/worker' },
    port: null,
    healthPath: null,
    backing: { nats: 'NATS_URL', rabbitmq: 'AMQP_URL' },
    env: { AMQP_URL: false, NATS_URL: false },
    facts: ['kind', 'start'],
  },
];

describe('goDetector over fixture repos', () => {
  it.each(ROWS)('$fixture $path', (row) => {
    const { services } = detectFixture(row.fixture);
    const s = services.find((x) => x.path === row.path) as Service;
    expect(s).toBeDefined();
    expect(() => Service.parse(s)).not.toThrow();
    expect({
      name: s.name,
      kind: s.kind,
      language: s.language,
      packageManager: s.packageManager,
      framework: s.framework,
      languageVersion: s.languageVersion,
      commands: s.commands,
      port: s.port,
      healthPath: s.healthPath,
      outputDir: s.outputDir,
    }).toEqual({
      name: row.name,
      kind: row.kind,
      language: 'go',
      packageManager: 'go',
      framework: row.framework,
      languageVersion: row.languageVersion,
      commands: row.commands,
      port: row.port,
      healthPath: row.healthPath,
      outputDir: 'bin',
    });
    expect(Object.fromEntries(s.backing.map((b) => [b.kind, b.envVar]))).toEqual(row.backing);
    expect(Object.fromEntries(s.env.map((e) => [e.name, e.secret]))).toEqual(row.env);
    for (const e of s.env) expect(e.evidence.length).toBeGreaterThan(0);
    for (const fact of row.facts) {
      const ev = s.evidence[fact];
      expect(ev?.length, `evidence for ${fact}`).toBeGreaterThan(0);
      for (const e of ev ?? []) expect(e.file.startsWith('/')).toBe(false);
    }
  });

  it('go-gin-cmd: migrate is a tool, reported, not a service; test files do not count', () => {
    const { services, diagnostics } = detectFixture('go-gin-cmd');
    expect(services.map((s) => s.name)).toEqual(['api']);
    expect(diagnostics).toEqual([expect.objectContaining({ severity: 'info', file: 'cmd/migrate/main.go' })]);
    // handlers_test.go sets PORT=1234 and mentions ":4444": neither leaks into the service.
    const s = services[0] as Service;
    expect(s.env.find((e) => e.name === 'PORT')?.default).toBe('9090');
    expect(s.evidence.port?.[0]).toMatchObject({ file: 'cmd/api/main.go', line: 20 });
    // Only direct requirements count: lib/pq is indirect.
    expect(s.backing.find((b) => b.kind === 'postgresql')?.via).toBe('github.com/jackc/pgx/v5');
  });

  it('go-echo-procfile: the Procfile port wins and the code port is kept as evidence', () => {
    const s = detectFixture('go-echo-procfile').services[0] as Service;
    expect(s.evidence.port?.map((e) => [e.file, e.confidence])).toEqual([
      ['Procfile', 'explicit'],
      ['main.go', 'strong'],
    ]);
    expect(s.evidence.port?.[1]?.reason).toMatch(/1323/);
    expect(s.evidence.build?.some((e) => /go-sqlite3/.test(e.reason))).toBe(true);
    expect(s.evidence.languageVersion?.[0]).toMatchObject({ file: '.tool-versions', line: 1 });
  });

  it('go-layout-only: empty sources fall back on the layout (main.go, cmd/<name>/main.go)', () => {
    const { services, diagnostics } = detectFixture('go-layout-only');
    expect(diagnostics).toEqual([]);
    expect(services.map((s) => [s.name, s.commands.build, s.kind, s.framework, s.port])).toEqual([
      ['feeds', build('bin/feeds', '.'), 'web', 'fiber', null],
      ['worker', build('bin/worker', './cmd/worker'), 'web', 'fiber', null],
    ]);
    expect(services[0]?.evidence.start?.[0]?.confidence).toBe('weak');
  });

  it('go-library: a library with a //go:build ignore generator and examples is not a service', () => {
    const { services, diagnostics } = detectFixture('go-library');
    expect(services).toEqual([]);
    expect(diagnostics).toEqual([expect.objectContaining({ severity: 'info', file: 'go.mod' })]);
  });

  it('go-workspace: the shared library module is not a service', () => {
    const { services, diagnostics } = detectFixture('go-workspace');
    expect(services.map((s) => s.path)).toEqual(['api', 'worker']);
    expect(diagnostics).toEqual([expect.objectContaining({ severity: 'info', file: 'shared/go.mod' })]);
  });

  it('not-node (no Go at all): nothing detected', () => {
    expect(detectFixture('not-node')).toEqual({ services: [], diagnostics: [] });
  });
});

describe('goDetector rules', () => {
  it('a main.go without go.mod is a Go service built from its files, with a warning', () => {
    const { services, diagnostics } = detectMemory({
      'main.go': '',
      'nixpacks.toml': '[variables]\nCGO_ENABLED = "1"\n',
    });
    expect(services[0]).toMatchObject({
      name: 'app',
      packageManager: null,
      commands: { install: null, build: build('bin/app', 'main.go', 1), start: './bin/app' },
    });
    expect(services[0]?.evidence.build?.some((e) => e.file === 'nixpacks.toml' && e.line === 2)).toBe(true);
    expect(diagnostics).toEqual([expect.objectContaining({ severity: 'warning', file: 'main.go' })]);
  });

  it('import "C" turns cgo on', () => {
    const { services } = detectMemory({
      'go.mod': 'module example.com/c\n\ngo 1.22\n',
      'main.go': 'package main\n\n// #include <stdio.h>\nimport "C"\n\nfunc main() {}\n',
    });
    expect(services[0]?.commands.build).toBe(build('bin/c', '.', 1));
  });

  it('requirements without go.sum: a warning naming go.mod', () => {
    const { diagnostics } = detectMemory({
      'go.mod': 'module example.com/a\n\ngo 1.22\n\nrequire github.com/gin-gonic/gin v1.10.0\n',
      'main.go': '',
    });
    expect(diagnostics).toEqual([
      expect.objectContaining({
        severity: 'warning',
        file: 'go.mod',
        message: expect.stringMatching(/go\.sum/),
      }),
    ]);
  });

  it('a module missing from go.work is flagged; a use without go.mod too', () => {
    const { diagnostics } = detectMemory({
      'go.work': 'go 1.22\n\nuse ./a\nuse ./gone\n',
      'a/go.mod': 'module example.com/a\n\ngo 1.22\n',
      'a/main.go': '',
      'b/go.mod': 'module example.com/b\n\ngo 1.22\n',
      'b/main.go': '',
    });
    expect(diagnostics.map((d) => [d.file, d.line ?? null, d.message])).toEqual([
      ['go.work', 4, 'go.work uses gone, which has no go.mod'],
      ['go.work', null, expect.stringContaining('b/go.mod is not listed in go.work')],
    ]);
  });

  it('several binaries that all serve are one service each', () => {
    const server = (port: string) =>
      `package main\n\nimport "net/http"\n\nfunc main() { http.ListenAndServe(":${port}", nil) }\n`;
    const { services } = detectMemory({
      'go.mod': 'module example.com/multi\n\ngo 1.22\n',
      'cmd/public/main.go': server('8080'),
      'cmd/admin/main.go': server('9000'),
    });
    expect(services.map((s) => [s.name, s.port, s.framework])).toEqual([
      ['admin', 9000, 'net-http'],
      ['public', 8080, 'net-http'],
    ]);
  });

  it('a main package in a top-level folder builds from there', () => {
    const { services } = detectMemory({
      'go.mod': 'module example.com/svc\n\ngo 1.22\n',
      'server/main.go':
        'package main\n\nimport "net/http"\n\nfunc main() { http.ListenAndServe(":8080", nil) }\n',
      'store/store.go': 'package store\n',
    });
    expect(services.map((s) => [s.name, s.commands.build, s.commands.start, s.port])).toEqual([
      ['server', build('bin/server', './server'), './bin/server', 8080],
    ]);
  });

  it('a root main and cmd/<same name> do not overwrite each other in bin/', () => {
    const { services } = detectMemory({
      'go.mod': 'module example.com/tool\n\ngo 1.22\n',
      'main.go': '',
      'cmd/tool/main.go': '',
    });
    expect(services.map((s) => s.commands.start)).toEqual(['./bin/tool', './bin/tool-2']);
  });

  it('listening on 127.0.0.1 is a warning with the line', () => {
    const { services, diagnostics } = detectMemory({
      'go.mod': 'module example.com/l\n\ngo 1.22\n',
      'main.go':
        'package main\n\nimport "net/http"\n\nfunc main() {\n\thttp.ListenAndServe("127.0.0.1:8000", nil)\n}\n',
    });
    expect(services[0]?.port).toBe(8000);
    expect(diagnostics).toEqual([expect.objectContaining({ severity: 'warning', file: 'main.go', line: 6 })]);
  });

  it('gin Run() with no address: 8080 from the code (strong), not only the framework default', () => {
    const { services } = detectMemory({
      'go.mod': 'module example.com/g\n\ngo 1.22\n\nrequire github.com/gin-gonic/gin v1.10.0\n',
      'go.sum': '',
      'main.go':
        'package main\n\nimport "github.com/gin-gonic/gin"\n\nfunc main() {\n\tr := gin.Default()\n\tr.Run()\n}\n',
    });
    expect(services[0]?.port).toBe(8080);
    expect(services[0]?.evidence.port?.[0]).toMatchObject({ file: 'main.go', line: 7, confidence: 'strong' });
  });

  it('a Procfile worker entry makes its binary a worker', () => {
    const { services } = detectMemory({
      'go.mod': 'module example.com/w\n\ngo 1.22\n',
      'main.go': '',
      Procfile: 'worker: bin/w\n',
    });
    expect(services[0]).toMatchObject({ kind: 'worker', commands: { start: './bin/w' } });
    expect(services[0]?.evidence.kind?.[0]).toMatchObject({ file: 'Procfile', confidence: 'explicit' });
  });
});

/** Empty, truncated and garbage versions of every file the detector reads. */
const GO_MOD =
  'module github.com/acme/x\n\ngo 1.22\n\ntoolchain go1.22.3\n\nrequire (\n\tgithub.com/gin-gonic/gin v1.10.0\n)\n';
const VARIANTS: Record<string, string | null> = {
  empty: '',
  truncated: GO_MOD.slice(0, 60),
  garbage: '\u0000\u00ff}{][ =="\n\tmodule\n(\n))) require',
  binaryish: '\uFFFD'.repeat(50),
  unreadable: null,
};

describe('goDetector never throws on bad files', () => {
  const files = [
    'go.mod',
    'go.work',
    'go.sum',
    'mise.toml',
    '.tool-versions',
    '.go-version',
    'Procfile',
    'nixpacks.toml',
    '.env.example',
    'main.go',
  ];
  for (const file of files) {
    for (const [variant, content] of Object.entries(VARIANTS)) {
      it(`${file}: ${variant}`, () => {
        const repo: Record<string, string | null> = {
          'go.mod': GO_MOD,
          'go.sum': '',
          'main.go': 'package main\n\nfunc main() {}\n',
          [file]: content,
        };
        let result: ReturnType<typeof detectMemory> | undefined;
        expect(() => {
          result = detectMemory(repo);
        }).not.toThrow();
        for (const s of result?.services ?? []) expect(() => Service.parse(s)).not.toThrow();
      });
    }
  }

  it('garbage go.mod: an error naming the file and the line', () => {
    const { diagnostics } = detectMemory({ 'go.mod': 'module x\n\nthis is not go.mod\n', 'main.go': '' });
    expect(diagnostics).toContainEqual(
      expect.objectContaining({
        severity: 'error',
        file: 'go.mod',
        line: 3,
        message: expect.stringMatching(/unknown directive "this"/),
      }),
    );
  });

  it('truncated go.mod (an unclosed require block): an error naming the file', () => {
    const { diagnostics } = detectMemory({ 'go.mod': GO_MOD.slice(0, GO_MOD.indexOf(')')), 'main.go': '' });
    expect(diagnostics).toContainEqual(
      expect.objectContaining({
        severity: 'error',
        file: 'go.mod',
        line: 7,
        message: expect.stringMatching(/never closed/),
      }),
    );
  });

  it('empty go.mod: a warning naming the file; the main package is still a service', () => {
    const { services, diagnostics } = detectMemory({ 'go.mod': '', 'main.go': '' });
    expect(services).toHaveLength(1);
    expect(diagnostics).toContainEqual(expect.objectContaining({ severity: 'warning', file: 'go.mod' }));
  });

  it('unreadable go.mod: an error naming it', () => {
    const { diagnostics } = detectMemory({ 'go.mod': null, 'main.go': '' });
    expect(diagnostics).toContainEqual(expect.objectContaining({ severity: 'error', file: 'go.mod' }));
  });

  it('invalid mise.toml: an error naming it; the go.mod version is used', () => {
    const { services, diagnostics } = detectMemory({
      'go.mod': GO_MOD,
      'go.sum': '',
      'main.go': '',
      'mise.toml': '[tools\ngo = ',
    });
    expect(diagnostics).toContainEqual(
      expect.objectContaining({ severity: 'error', file: 'mise.toml', line: 1 }),
    );
    expect(services[0]?.languageVersion).toBe('1.22.3');
  });

  it('garbage go.work: an error naming it', () => {
    const { diagnostics } = detectMemory({
      'go.work': 'use (\n./a\n',
      'a/go.mod': 'module a\n',
      'a/main.go': '',
    });
    expect(diagnostics).toContainEqual(expect.objectContaining({ severity: 'error', file: 'go.work' }));
  });

  // Inputs that made earlier regexes quadratic: one huge identifier, thousands of env reads or tags
  // (line numbers per match), unterminated quotes in go.mod.
  const MB = 1024 * 1024;
  it.each([
    ['main.go', 'one 1 MB identifier', `package main\n${'getEnvironment'.repeat(MB / 14)}\n`],
    ['main.go', '1 MB of env reads on one line', `package main\n${'os.Getenv("PORT") '.repeat(MB / 18)}`],
    ['main.go', '1 MB of struct tags', `package main\n${'`env:"PORT" '.repeat(MB / 12)}`],
    ['main.go', '1 MB of import blocks', `package main\n${'import ( '.repeat(MB / 9)}`],
    ['go.mod', '1 MB of quotes and backslashes', `${'"\\'.repeat(MB / 2)}\n`],
    ['go.work', '1 MB of quotes and backslashes', `${'"\\'.repeat(MB / 2)}\n`],
  ])('%s, %s: linear time', (file, _name, content) => {
    const start = performance.now();
    detectMemory({ 'go.mod': GO_MOD, 'go.sum': '', 'main.go': 'package main\n', [file]: content });
    expect(performance.now() - start).toBeLessThan(3000);
  });
});
