import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type FactName, Service } from '../../model/service.js';
import { DiskRepoFs, MemoryRepoFs } from '../../repo/repo-fs.js';
import { elixirDetector } from './elixir.detector.js';
import { blankElixirComments, parseMixText } from './mix.js';

const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/repos/', import.meta.url));

function detectFixture(name: string) {
  return elixirDetector.detect({ fs: new DiskRepoFs(`${FIXTURES}${name}`), dir: '.' });
}

function detectMemory(files: Record<string, string | null>) {
  return elixirDetector.detect({ fs: new MemoryRepoFs(files), dir: '.' });
}

interface Row {
  fixture: string;
  name: string;
  kind: Service['kind'];
  languageVersion: string | null;
  framework: string | null;
  commands: Service['commands'];
  port: number | null;
  healthPath: string | null;
  backing: Record<string, string | null>;
  env: Record<string, { secret: boolean; default: string | null }>;
  facts: FactName[];
}

const ROWS: Row[] = [
  {
    fixture: 'elixir-phoenix',
    name: 'shop',
    kind: 'web',
    // .tool-versions pins it; mix.exs only requires ~> 1.15.
    languageVersion: '1.16.2',
    framework: 'phoenix',
    commands: {
      install: 'mix deps.get --only prod',
      build: 'MIX_ENV=prod mix compile && MIX_ENV=prod mix assets.deploy && MIX_ENV=prod mix release',
      start: '_build/prod/rel/shop/bin/shop start',
    },
    // runtime.exs: PORT || "4000"; dev.exs's 4005 does not count.
    port: 4000,
    healthPath: '/health',
    backing: { postgresql: 'DATABASE_URL' },
    env: {
      DATABASE_URL: { secret: false, default: null },
      PHX_HOST: { secret: false, default: 'example.com' },
      PHX_SERVER: { secret: false, default: 'true' },
      POOL_SIZE: { secret: false, default: '10' },
      PORT: { secret: false, default: '4000' },
      SECRET_KEY_BASE: { secret: true, default: null },
    },
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
    fixture: 'elixir-umbrella',
    name: 'platform',
    kind: 'web',
    // From the apps' `elixir: "~> 1.14"`.
    languageVersion: '1.14',
    framework: 'plug',
    commands: {
      install: 'mix deps.get --only prod',
      build: 'MIX_ENV=prod mix compile && MIX_ENV=prod mix release',
      start: '_build/prod/rel/platform/bin/platform start',
    },
    port: 4100,
    healthPath: '/healthz',
    backing: { redis: 'REDIS_URL' },
    env: { REDIS_URL: { secret: false, default: 'redis://localhost:6379' } },
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
    fixture: 'elixir-worker',
    name: 'ingest',
    kind: 'worker',
    languageVersion: '1.15',
    framework: null,
    commands: {
      install: 'mix deps.get --only prod',
      build: 'MIX_ENV=prod mix compile && MIX_ENV=prod mix release',
      start: '_build/prod/rel/ingest/bin/ingest start',
    },
    port: null,
    healthPath: null,
    backing: { rabbitmq: 'AMQP_URL' },
    env: { AMQP_URL: { secret: false, default: null }, QUEUE_NAME: { secret: false, default: 'events' } },
    facts: ['kind', 'language', 'languageVersion', 'packageManager', 'install', 'build', 'start'],
  },
];

describe('elixirDetector over fixture repos', () => {
  it.each(ROWS)('$fixture', (row) => {
    const { services, diagnostics } = detectFixture(row.fixture);
    expect(diagnostics).toEqual([]);
    expect(services).toHaveLength(1);
    const s = services[0] as Service;
    expect(Service.safeParse(s).success).toBe(true);
    expect({
      name: s.name,
      path: s.path,
      kind: s.kind,
      language: s.language,
      languageVersion: s.languageVersion,
      framework: s.framework,
      packageManager: s.packageManager,
      commands: s.commands,
      port: s.port,
      healthPath: s.healthPath,
    }).toEqual({
      name: row.name,
      path: '.',
      kind: row.kind,
      language: 'elixir',
      languageVersion: row.languageVersion,
      framework: row.framework,
      packageManager: 'mix',
      commands: row.commands,
      port: row.port,
      healthPath: row.healthPath,
    });
    expect(Object.fromEntries(s.backing.map((b) => [b.kind, b.envVar]))).toEqual(row.backing);
    expect(Object.fromEntries(s.env.map((e) => [e.name, { secret: e.secret, default: e.default }]))).toEqual(
      row.env,
    );
    for (const fact of row.facts) expect(s.evidence[fact]?.[0]?.file, `evidence for ${fact}`).toMatch(/\S/);
  });

  it('elixir-phoenix: the port comes from runtime.exs; dev-only deps and commented deps do not count', () => {
    const s = detectFixture('elixir-phoenix').services[0] as Service;
    expect(s.evidence.port?.[0]).toMatchObject({
      file: 'config/runtime.exs',
      line: 20,
      confidence: 'explicit',
    });
    expect(s.backing.map((b) => b.kind)).not.toContain('redis');
    expect(s.env.map((e) => e.name)).not.toContain('DEV_ONLY_TOKEN');
    // Phoenix outranks the bandit server it runs on.
    expect(s.evidence.framework?.[0]?.reason).toMatch(/outranks plug/);
  });

  it('elixir-library: a Mix project without an application callback is not a service', () => {
    expect(detectFixture('elixir-library')).toEqual({ services: [], diagnostics: [] });
  });
});

const mix = (project: string, extra = ''): string =>
  `defmodule A.MixProject do\n  use Mix.Project\n\n  def project do\n    [${project}]\n  end\n${extra}end\n`;

describe('elixirDetector rules', () => {
  it('a Plug app with no port written down listens on 4000 (Plug.Cowboy and Bandit default)', () => {
    const s = detectMemory({
      'mix.exs': mix(
        'app: :edge, deps: deps()',
        '  def application, do: [mod: {Edge.App, []}]\n  defp deps do\n    [{:bandit, "~> 1.5"}]\n  end\n',
      ),
    }).services[0] as Service;
    expect(s).toMatchObject({ kind: 'web', framework: 'plug', port: 4000 });
    expect(s.evidence.port?.[0]?.confidence).toBe('weak');
  });

  it('a named release is started by its name, not the app name', () => {
    const s = detectMemory({
      'mix.exs': mix(
        'app: :core_app, releases: [edge_node: [include_executables_for: [:unix]]], deps: []',
        '  def application, do: [mod: {C.App, []}]\n',
      ),
    }).services[0] as Service;
    expect(s.commands.start).toBe('_build/prod/rel/edge_node/bin/edge_node start');
    expect(s.name).toBe('edge-node');
  });

  it('an escript is a job started from the script it builds', () => {
    const s = detectMemory({
      'mix.exs': mix('app: :cli, escript: [main_module: Cli, name: "mycli"], deps: []'),
    }).services[0] as Service;
    expect(s).toMatchObject({
      kind: 'job',
      commands: {
        install: 'mix deps.get --only prod',
        build: 'MIX_ENV=prod mix escript.build',
        start: './mycli',
      },
    });
  });

  it('an umbrella without releases has no start command and says how to add one', () => {
    const { services, diagnostics } = detectMemory({
      'mix.exs': mix('apps_path: "apps", deps: []'),
      'apps/a/mix.exs': mix('app: :a, deps: []', '  def application, do: [mod: {A.App, []}]\n'),
    });
    expect(services[0]?.commands.start).toBeNull();
    expect(diagnostics[0]).toMatchObject({ file: 'mix.exs', message: expect.stringMatching(/releases/) });
  });

  it('Phoenix without a readable runtime.exs still gets PHX_SERVER=true, weakly', () => {
    const s = detectMemory({
      'mix.exs': mix(
        'app: :web, deps: deps()',
        '  def application, do: [mod: {W.App, []}]\n  defp deps, do: [{:phoenix, "~> 1.7"}]\n',
      ),
    }).services[0] as Service;
    expect(s.env).toEqual([expect.objectContaining({ name: 'PHX_SERVER', default: 'true' })]);
    expect(s.env[0]?.evidence[0]?.confidence).toBe('weak');
  });

  it('reads dependency restrictions and ignores comments and strings holding #', () => {
    const r = parseMixText(
      'mix.exs',
      mix(
        'app: :x, deps: deps()',
        '  defp deps do\n    [\n      {:a, "~> 1.0"},\n      # {:b, "~> 1.0"},\n      {:c, "~> 1.0", only: [:dev, :test]},\n      {:d, "~> 1.0", only: [:prod]},\n      {:e, "#{@v}"}\n    ]\n  end\n',
      ),
    );
    expect(r.ok).toBe(true);
    if (r.ok)
      expect(r.project.deps.map((d) => [d.name, d.prod])).toEqual([
        ['a', true],
        ['c', false],
        ['d', true],
        ['e', true],
      ]);
  });

  it('blankElixirComments keeps offsets and string contents', () => {
    const src = 'a = "# not a comment" # a comment\nb = 1';
    const out = blankElixirComments(src);
    expect(out).toHaveLength(src.length);
    expect(out).toContain('"# not a comment"');
    expect(out).not.toContain('a comment\n'.slice(2));
  });
});

describe('elixirDetector never throws on bad manifests', () => {
  const GARBAGE = '\u0000\u00ff<<<{{{ :: [[ not a manifest = = "unterminated\n%%%';
  const VALID: Record<string, string> = {
    'mix.exs': mix(
      'app: :shop, elixir: "~> 1.15", deps: deps()',
      '  def application, do: [mod: {S.App, []}]\n  defp deps do\n    [{:phoenix, "~> 1.7"}, {:postgrex, ">= 0.0.0"}]\n  end\n',
    ),
    '.tool-versions': 'elixir 1.16.2-otp-26\nerlang 26.2\n',
    'mise.toml': '[tools]\nelixir = "1.16"\n',
    'config/runtime.exs': 'import Config\nport = String.to_integer(System.get_env("PORT") || "4000")\n',
  };
  const DIAGNOSED = new Set(['mix.exs', 'mise.toml']);
  const cases = Object.entries(VALID).flatMap(([file, valid]) => [
    { file, variant: 'empty', text: '', diagnosed: file === 'mix.exs' },
    {
      file,
      variant: 'truncated',
      text: valid.slice(0, Math.floor(valid.length / 2)),
      diagnosed: DIAGNOSED.has(file),
    },
    { file, variant: 'garbage', text: GARBAGE, diagnosed: DIAGNOSED.has(file) },
  ]);
  it.each(cases)('$variant $file', ({ file, text, diagnosed }) => {
    const files: Record<string, string> = { ...VALID, [file]: text };
    // .tool-versions is read before mise.toml: take it away so mise.toml is read.
    if (file === 'mise.toml') delete files['.tool-versions'];
    expect(() => detectMemory(files)).not.toThrow();
    const { services, diagnostics } = detectMemory(files);
    for (const s of services) expect(Service.safeParse(s).success).toBe(true);
    expect(
      diagnostics.some((d) => d.file === file),
      JSON.stringify(diagnostics),
    ).toBe(diagnosed);
  });
});
