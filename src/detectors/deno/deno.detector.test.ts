import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type FactName, Service } from '../../model/service.js';
import { DiskRepoFs, MemoryRepoFs } from '../../repo/repo-fs.js';
import { denoDetector } from './deno.detector.js';

const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/repos/', import.meta.url));

const detectFixture = (name: string) =>
  denoDetector.detect({ fs: new DiskRepoFs(`${FIXTURES}${name}`), dir: '.' });
const detectMemory = (files: Record<string, string | null>) =>
  denoDetector.detect({ fs: new MemoryRepoFs(files), dir: '.' });

interface Row {
  fixture: string;
  name: string;
  kind: Service['kind'];
  framework: string | null;
  languageVersion: string | null;
  commands: Service['commands'];
  port: number | null;
  healthPath: string | null;
  env?: Record<string, boolean>;
  backing?: Record<string, string | null>;
  facts: FactName[];
  /** Substrings some evidence of a fact must contain. */
  evidence?: Partial<Record<FactName, string>>;
}

const ROWS: Row[] = [
  {
    fixture: 'deno-fresh',
    name: 'app',
    kind: 'web',
    framework: 'fresh',
    languageVersion: '1.46.3',
    // task start watches files (development): the preview task serves the build.
    commands: { install: 'deno cache main.ts', build: 'deno task build', start: 'deno run -A main.ts' },
    port: 8000,
    healthPath: '/health',
    facts: [
      'language',
      'languageVersion',
      'framework',
      'packageManager',
      'install',
      'build',
      'start',
      'port',
      'kind',
      'healthPath',
    ],
    evidence: { start: 'task preview', framework: '$fresh/', languageVersion: '.dvmrc' },
  },
  {
    fixture: 'deno-hono',
    name: 'catalog-api',
    kind: 'web',
    framework: 'hono',
    languageVersion: '2.1.4',
    commands: {
      install: 'deno cache main.ts',
      build: null,
      start: 'deno run --allow-net --allow-env --allow-read main.ts',
    },
    // PORT ?? "8080" in main.ts; the commented-out 9999 and main_test.ts's 7777 do not count.
    port: 8080,
    healthPath: '/healthz',
    env: { DATABASE_URL: true, LOG_LEVEL: false, PORT: false },
    backing: { postgresql: 'DATABASE_URL' },
    facts: ['language', 'languageVersion', 'framework', 'start', 'port', 'kind', 'healthPath'],
    evidence: { start: 'task start', port: 'PORT defaults to 8080', framework: 'jsr:@hono/hono' },
  },
  {
    fixture: 'deno-oak-bare',
    name: 'app',
    kind: 'web',
    framework: 'oak',
    languageVersion: null,
    commands: {
      install: 'deno cache server.ts',
      build: null,
      start: 'deno run --allow-net --allow-env --allow-read server.ts',
    },
    port: 3000,
    healthPath: '/ping',
    facts: ['language', 'framework', 'start', 'port', 'kind'],
    evidence: { language: 'deno.land' },
  },
  {
    fixture: 'deno-with-package-json',
    name: 'app',
    kind: 'web',
    framework: null,
    languageVersion: null,
    commands: {
      install: 'deno cache src/main.ts',
      build: null,
      start: 'deno serve --allow-env --port 4000 src/main.ts',
    },
    port: 4000,
    healthPath: null,
    facts: ['language', 'start', 'port', 'kind'],
    evidence: { language: 'package.json has no start script', port: '--port 4000' },
  },
];

describe('denoDetector over fixtures', () => {
  it.each(ROWS)('$fixture', (row) => {
    const { services, diagnostics } = detectFixture(row.fixture);
    expect(diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
    expect(services).toHaveLength(1);
    const s = Service.parse(services[0]);
    expect(s).toMatchObject({
      name: row.name,
      path: '.',
      kind: row.kind,
      language: 'deno',
      packageManager: 'deno',
      framework: row.framework,
      languageVersion: row.languageVersion,
      commands: row.commands,
      port: row.port,
      healthPath: row.healthPath,
    });
    if (row.env) expect(Object.fromEntries(s.env.map((e) => [e.name, e.secret]))).toEqual(row.env);
    if (row.backing)
      expect(Object.fromEntries(s.backing.map((b) => [b.kind, b.envVar]))).toEqual(row.backing);
    for (const fact of row.facts) {
      expect(s.evidence[fact]?.length, `evidence for ${fact}`).toBeGreaterThan(0);
      expect(s.evidence[fact]?.[0]?.file).toBeTruthy();
    }
    for (const [fact, text] of Object.entries(row.evidence ?? {})) {
      expect(s.evidence[fact as FactName]?.map((e) => e.reason).join(' | ')).toContain(text);
    }
  });

  it('leaves a folder whose package.json has a start script to Node, saying why', () => {
    const { services, diagnostics } = detectFixture('deno-node-start');
    expect(services).toEqual([]);
    expect(diagnostics).toEqual([
      expect.objectContaining({
        severity: 'info',
        file: 'deno.json',
        message: expect.stringContaining('Node start'),
      }),
    ]);
  });

  it('does not make a JSR library (exports, no start, only mod.ts) a service', () => {
    expect(detectFixture('deno-library')).toEqual({ services: [], diagnostics: [] });
  });
});

describe('denoDetector edge cases', () => {
  it('takes a TypeScript entry with no manifest as Deno, weakly when its content says nothing', () => {
    const { services } = detectMemory({ 'src/index.ts': '' });
    expect(services[0]).toMatchObject({
      language: 'deno',
      kind: 'worker',
      commands: { start: 'deno run --allow-net --allow-env --allow-read src/index.ts' },
    });
    expect(services[0]?.evidence.language?.[0]?.confidence).toBe('weak');
  });

  it('does not claim a Bun script or a folder with another manifest', () => {
    expect(detectMemory({ 'main.ts': 'Bun.serve({ fetch() { return new Response() } })' }).services).toEqual(
      [],
    );
    expect(detectMemory({ 'main.ts': '', 'go.mod': 'module x\n' }).services).toEqual([]);
    expect(detectMemory({ 'main.ts': '', 'app.py': '' }).services).toEqual([]);
  });

  it('reads Deno.serve without a port as Deno’s default 8000, and a port option over it', () => {
    const bare = detectMemory({
      'deno.json': '{"tasks":{"start":"deno run -A main.ts"}}',
      'main.ts': 'Deno.serve((_req) => new Response("hi"));',
    });
    expect(bare.services[0]).toMatchObject({
      kind: 'web',
      port: 8000,
      commands: { start: 'deno run -A main.ts' },
    });
    const explicit = detectMemory({ 'main.ts': 'Deno.serve({ hostname: "0.0.0.0", port: 9090 }, handler);' });
    expect(explicit.services[0]?.port).toBe(9090);
  });

  it('strips --watch from a start task and follows `deno task` references', () => {
    const { services } = detectMemory({
      'deno.json': '{"tasks":{"start":"deno task serve","serve":"deno run --watch --allow-net app.ts"}}',
      'app.ts': '',
    });
    expect(services[0]?.commands.start).toBe('deno run --allow-net app.ts');
    expect(services[0]?.evidence.start?.[0]?.reason).toContain('without --watch');
  });

  it('uses the conventional entry when task start is not a deno command, noting the task', () => {
    const { services } = detectMemory({ 'deno.json': '{"tasks":{"start":"vite"}}', 'main.ts': '' });
    expect(services[0]?.commands.start).toBe('deno run --allow-net --allow-env --allow-read main.ts');
    expect(services[0]?.evidence.start?.map((e) => e.reason).join(' ')).toContain(
      'not a deno run/serve command',
    );
  });

  it('lets a Procfile web command outrank the start task, listing both', () => {
    const { services } = detectMemory({
      'deno.json': '{"tasks":{"start":"deno run -A main.ts"}}',
      Procfile: 'web: deno run --allow-net --allow-env main.ts --port=7000\n',
      'main.ts': 'Deno.serve({ port: 8000 }, h)',
    });
    expect(services[0]?.commands.start).toBe('deno run --allow-net --allow-env main.ts --port=7000');
    expect(services[0]?.port).toBe(7000);
    expect(services[0]?.evidence.start?.map((e) => e.file)).toEqual(['Procfile', 'deno.json']);
  });

  it('skips a workspace root with no start and detects its members', () => {
    const { services } = detectMemory({
      'deno.json': '{"workspace":["./api"]}',
      'api/deno.json': '{"name":"@acme/api","tasks":{"start":"deno run -A main.ts"}}',
      'api/main.ts': '',
    });
    expect(services.map((s) => [s.path, s.name])).toEqual([['api', 'api']]);
  });

  it('prefers deno.json over deno.jsonc in one folder, as Deno does', () => {
    const { services } = detectMemory({
      'deno.json': '{"tasks":{"start":"deno run -A a.ts"}}',
      'deno.jsonc': '{"tasks":{"start":"deno run -A b.ts"}}',
    });
    expect(services.map((s) => s.commands.start)).toEqual(['deno run -A a.ts']);
  });
});

describe('denoDetector fuzz: empty, truncated, garbage and unreadable inputs', () => {
  const GOOD: Record<string, string> = {
    'deno.json':
      '{"tasks":{"start":"deno run -A main.ts"},"imports":{"hono":"jsr:@hono/hono@4"},"importMap":"./import_map.json"}',
    'deno.jsonc': '{\n // c\n "tasks": { "start": "deno run -A main.ts", },\n}',
    'import_map.json': '{"imports":{"$fresh/":"https://deno.land/x/fresh@1.6.0/"}}',
    'package.json': '{"name":"x","devDependencies":{"prettier":"3"}}',
    '.dvmrc': '2.0.0\n',
    '.tool-versions': 'deno 2.0.0\n',
    'mise.toml': '[tools]\ndeno = "2.0.0"\n',
    Procfile: 'web: deno run -A main.ts\n',
    'main.ts': 'Deno.serve({ port: Number(Deno.env.get("PORT") ?? 8000) }, h);\n',
  };
  const GARBAGE = '{ "tasks": [ ,, } \u0000\ufffd = = [[ : :';
  const STRUCTURED = new Set(['deno.json', 'deno.jsonc', 'import_map.json', 'mise.toml', '.dvmrc']);
  const variants: [string, (s: string) => string | null][] = [
    ['empty', () => ''],
    ['truncated', (s) => s.slice(0, Math.floor(s.length / 2))],
    ['garbage', () => GARBAGE],
    ['unreadable', () => null],
  ];
  for (const file of Object.keys(GOOD)) {
    for (const [label, mutate] of variants) {
      it(`${file}: ${label}`, () => {
        const files: Record<string, string | null> = { ...GOOD, [file]: mutate(GOOD[file] as string) };
        if (file === 'deno.jsonc') delete files['deno.json'];
        // .dvmrc is nearer than mise.toml: without it, mise.toml is the pin that is read.
        if (file === 'mise.toml') delete files['.dvmrc'];
        const result = detectMemory(files);
        for (const s of result.services) Service.parse(s);
        if (label === 'garbage' && STRUCTURED.has(file)) {
          expect(result.diagnostics.some((d) => d.file === file && d.severity !== 'info')).toBe(true);
        }
        if (label === 'unreadable' && file.startsWith('deno.json')) {
          expect(result.diagnostics.some((d) => d.file === file)).toBe(true);
        }
      });
    }
  }
});
