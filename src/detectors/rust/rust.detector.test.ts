import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type FactName, Service } from '../../model/service.js';
import { DiskRepoFs, MemoryRepoFs } from '../../repo/repo-fs.js';
import { rustDetector } from './rust.detector.js';

const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/repos/', import.meta.url));

function detectFixture(name: string) {
  return rustDetector.detect({ fs: new DiskRepoFs(`${FIXTURES}${name}`), dir: '.' });
}

function detectMemory(files: Record<string, string | null>) {
  return rustDetector.detect({ fs: new MemoryRepoFs(files), dir: '.' });
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
  /** name → default */
  env: Record<string, string | null>;
  facts: FactName[];
}

const ROWS: Row[] = [
  {
    // rust-toolchain.toml beats rust-version; migrate starts no server so it is not a service.
    fixture: 'rust-axum',
    path: '.',
    name: 'ledger-api',
    kind: 'web',
    framework: 'axum',
    languageVersion: '1.79.0',
    commands: {
      install: 'cargo fetch --locked',
      build:
        'cargo build --release --locked --bin ledger_api && mkdir -p bin && cp target/release/ledger_api bin/ledger_api',
      start: './bin/ledger_api',
    },
    port: 3000,
    healthPath: '/healthz',
    // mongodb is a dev-dependency: not shipped.
    backing: { postgresql: 'DATABASE_URL', redis: 'REDIS_URL' },
    env: { DATABASE_URL: null, PORT: '3000', REDIS_URL: null, RUST_LOG: 'info' },
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
    // A glob workspace member: -p names the package, the binary comes from the root's target/.
    fixture: 'rust-actix-workspace',
    path: 'crates/api',
    name: 'api',
    kind: 'web',
    framework: 'actix-web',
    languageVersion: '>=1.76',
    commands: {
      install: 'cargo fetch --locked',
      build:
        'cargo build --release --locked -p api --bin api && mkdir -p bin && cp ../../target/release/api bin/api',
      start: './bin/api',
    },
    port: 8080,
    healthPath: '/health',
    // diesel's postgres feature comes from [workspace.dependencies].
    backing: { postgresql: 'DATABASE_URL' },
    env: { DATABASE_URL: null },
    facts: ['kind', 'languageVersion', 'framework', 'build', 'port', 'healthPath'],
  },
  {
    fixture: 'rust-actix-workspace',
    path: 'crates/worker',
    name: 'stock-worker',
    kind: 'worker',
    framework: null,
    languageVersion: '>=1.76',
    commands: {
      install: 'cargo fetch --locked',
      build:
        'cargo build --release --locked -p stock-worker --bin stock-worker && mkdir -p bin && cp ../../target/release/stock-worker bin/stock-worker',
      start: './bin/stock-worker',
    },
    port: null,
    healthPath: null,
    backing: { rabbitmq: 'AMQP_URL' },
    env: { AMQP_URL: 'amqp://127.0.0.1:5672/%2f' },
    facts: ['kind', 'start'],
  },
  {
    // Rocket.toml [release] port 8080 (explicit) beats Rocket's default 8000; .tool-versions pins 1.80.1.
    fixture: 'rust-rocket-toml',
    path: '.',
    name: 'blog',
    kind: 'web',
    framework: 'rocket',
    languageVersion: '1.80.1',
    commands: {
      install: 'cargo fetch --locked',
      build: 'cargo build --release --locked --bin blog && mkdir -p bin && cp target/release/blog bin/blog',
      start: './bin/blog',
    },
    port: 8080,
    healthPath: '/ping',
    backing: { redis: null },
    env: {},
    facts: ['kind', 'languageVersion', 'framework', 'port', 'healthPath'],
  },
];

describe('rustDetector over fixture repos', () => {
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
      language: 'rust',
      packageManager: 'cargo',
      framework: row.framework,
      languageVersion: row.languageVersion,
      commands: row.commands,
      port: row.port,
      healthPath: row.healthPath,
      outputDir: 'bin',
    });
    expect(Object.fromEntries(s.backing.map((b) => [b.kind, b.envVar]))).toEqual(row.backing);
    expect(Object.fromEntries(s.env.map((e) => [e.name, e.default]))).toEqual(row.env);
    for (const b of s.backing) expect(b.evidence.length).toBeGreaterThan(0);
    for (const fact of row.facts) {
      const ev = s.evidence[fact];
      expect(ev?.length, `evidence for ${fact}`).toBeGreaterThan(0);
      for (const e of ev ?? []) expect(e.file.startsWith('/')).toBe(false);
    }
  });

  it('rust-axum: comments, tests/ and build.rs do not leak ports or env vars; OpenSSL is noted', () => {
    const { services, diagnostics } = detectFixture('rust-axum');
    expect(services.map((s) => s.name)).toEqual(['ledger-api']);
    expect(diagnostics).toEqual([expect.objectContaining({ severity: 'info', file: 'src/bin/migrate.rs' })]);
    const s = services[0] as Service;
    expect(s.evidence.port?.[0]).toMatchObject({ file: 'src/main.rs', line: 31 });
    expect(s.env.map((e) => e.name)).not.toContain('BUILD_PROFILE');
    expect(s.evidence.build?.some((e) => /reqwest .*libssl-dev/.test(e.reason))).toBe(true);
    expect(s.evidence.languageVersion?.map((e) => e.file)).toEqual(['rust-toolchain.toml', 'Cargo.toml']);
  });

  it('rust-actix-workspace: the library member (renamed dependency) is not a service', () => {
    const { services, diagnostics } = detectFixture('rust-actix-workspace');
    expect(services.map((s) => s.path)).toEqual(['crates/api', 'crates/worker']);
    expect(diagnostics).toEqual([
      expect.objectContaining({ severity: 'info', file: 'crates/core/Cargo.toml' }),
    ]);
  });

  it('rust-rocket-toml: both the Rocket.toml port and the framework default are evidence, no address warning', () => {
    const { services, diagnostics } = detectFixture('rust-rocket-toml');
    const s = services[0] as Service;
    expect(s.evidence.port?.map((e) => [e.file, e.line, e.confidence])).toEqual([
      ['Rocket.toml', 6, 'explicit'],
    ]);
    expect(diagnostics).toEqual([]);
  });

  it('rust-warp-bins: two serving binaries are two services; a loopback bind is a warning', () => {
    const { services, diagnostics } = detectFixture('rust-warp-bins');
    expect(services.map((s) => [s.name, s.port, s.healthPath])).toEqual([
      ['admin-gateway', 3031, '/status'],
      ['public-gateway', 3030, '/healthz'],
    ]);
    // autobins = false: src/bin/unused.rs is not a target.
    expect(services.some((s) => s.name === 'unused')).toBe(false);
    expect(diagnostics).toEqual([
      expect.objectContaining({
        severity: 'warning',
        file: 'src/bin/admin.rs',
        line: 7,
        message: expect.stringContaining('127.0.0.1:3031'),
      }),
    ]);
  });

  it('rust-lib: a library crate is not a service (its examples do not count)', () => {
    const { services, diagnostics } = detectFixture('rust-lib');
    expect(services).toEqual([]);
    expect(diagnostics).toEqual([expect.objectContaining({ severity: 'info', file: 'Cargo.toml' })]);
  });

  it('not-node (no Rust at all): nothing detected', () => {
    expect(detectFixture('not-node')).toEqual({ services: [], diagnostics: [] });
  });
});

describe('rustDetector rules', () => {
  const pkg = (extra = '') => `[package]\nname = "svc"\nversion = "0.1.0"\nedition = "2021"\n${extra}`;

  it('Rocket without configuration: port 8000 (weak) and a warning about 127.0.0.1', () => {
    const { services, diagnostics } = detectMemory({
      'Cargo.toml': pkg('\n[dependencies]\nrocket = "0.5"\n'),
      'Cargo.lock': '',
      'src/main.rs': '',
    });
    expect(services[0]).toMatchObject({ port: 8000, framework: 'rocket', kind: 'web' });
    expect(services[0]?.evidence.port?.[0]?.confidence).toBe('weak');
    expect(diagnostics).toEqual([
      expect.objectContaining({
        severity: 'warning',
        file: 'Cargo.toml',
        fix: expect.stringContaining('ROCKET_ADDRESS=0.0.0.0'),
      }),
    ]);
  });

  it('a Procfile web entry with a port beats the code and sets the binary path', () => {
    const { services } = detectMemory({
      'Cargo.toml': pkg('\n[dependencies]\naxum = "0.7"\n'),
      'Cargo.lock': '',
      Procfile: 'web: ./target/release/svc --port 5000\n',
      'src/main.rs': 'fn main() { let l = tokio::net::TcpListener::bind("0.0.0.0:3000"); }\n',
    });
    expect(services[0]).toMatchObject({
      port: 5000,
      commands: {
        build: 'cargo build --release --locked --bin svc',
        start: './target/release/svc --port 5000',
      },
    });
    expect(services[0]?.evidence.port?.map((e) => e.file)).toEqual(['Procfile', 'src/main.rs']);
  });

  it('no Cargo.lock: no --locked, and a warning', () => {
    const { services, diagnostics } = detectMemory({ 'Cargo.toml': pkg(), 'src/main.rs': '' });
    expect(services[0]?.commands).toEqual({
      install: 'cargo fetch',
      build: 'cargo build --release --bin svc && mkdir -p bin && cp target/release/svc bin/svc',
      start: './bin/svc',
    });
    expect(diagnostics).toEqual([
      expect.objectContaining({
        severity: 'warning',
        file: 'Cargo.toml',
        message: expect.stringContaining('Cargo.lock'),
      }),
    ]);
  });

  it('channel = "stable" pins nothing; rust-version then gives the minimum', () => {
    const { services } = detectMemory({
      'Cargo.toml': pkg('rust-version = "1.70"\n'),
      'Cargo.lock': '',
      'rust-toolchain.toml': '[toolchain]\nchannel = "stable"\n',
      'src/main.rs': '',
    });
    expect(services[0]?.languageVersion).toBe('>=1.70');
    expect(services[0]?.evidence.languageVersion?.map((e) => e.confidence)).toEqual(['weak', 'strong']);
  });

  it('a legacy rust-toolchain file with just a channel', () => {
    const { services } = detectMemory({
      'Cargo.toml': pkg(),
      'Cargo.lock': '',
      'rust-toolchain': 'nightly-2024-05-01\n',
      'src/main.rs': '',
    });
    expect(services[0]?.languageVersion).toBe('nightly-2024-05-01');
  });

  it('a [[bin]] without an entry file is reported and skipped', () => {
    const { services, diagnostics } = detectMemory({
      'Cargo.toml': pkg('\n[[bin]]\nname = "ghost"\n'),
      'Cargo.lock': '',
      'src/main.rs': '',
    });
    expect(services.map((s) => s.name)).toEqual(['svc']);
    expect(diagnostics).toEqual([
      expect.objectContaining({ severity: 'warning', file: 'Cargo.toml', line: 6 }),
    ]);
  });

  it('a workspace member listed but missing is a warning', () => {
    const { diagnostics } = detectMemory({
      'Cargo.toml': '[workspace]\nmembers = ["api", "gone"]\n',
      'api/Cargo.toml': pkg(),
      'api/src/main.rs': '',
    });
    expect(diagnostics).toContainEqual(
      expect.objectContaining({
        severity: 'warning',
        file: 'Cargo.toml',
        line: 2,
        message: expect.stringContaining('gone'),
      }),
    );
  });

  it('a root package that is also a workspace builds with -p and its own target/', () => {
    const { services } = detectMemory({
      'Cargo.toml': `${pkg()}\n[workspace]\nmembers = ["tools/*"]\n`,
      'Cargo.lock': '',
      'src/main.rs': '',
    });
    expect(services[0]?.commands.build).toBe(
      'cargo build --release --locked -p svc --bin svc && mkdir -p bin && cp target/release/svc bin/svc',
    );
  });
});

const CARGO = `[package]\nname = "svc"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\naxum = "0.7"\nsqlx = { version = "0.7", features = ["postgres"] }\n`;
const VARIANTS = {
  empty: '',
  truncated: CARGO.slice(0, CARGO.indexOf('features')),
  garbage: '\u0000\u00ff}{][ =="\n[[[package\nname = = "x"',
  binaryish: '\uFFFD'.repeat(50),
  unreadable: null,
} satisfies Record<string, string | null>;

describe('rustDetector never throws on bad files', () => {
  const files = [
    'Cargo.toml',
    'Cargo.lock',
    'rust-toolchain.toml',
    'rust-toolchain',
    'Rocket.toml',
    'mise.toml',
    '.tool-versions',
    'Procfile',
    'src/main.rs',
  ];
  for (const file of files) {
    for (const [variant, content] of Object.entries(VARIANTS)) {
      it(`${file}: ${variant}`, () => {
        const repo: Record<string, string | null> = {
          'Cargo.toml': CARGO,
          'Cargo.lock': '',
          'src/main.rs': '',
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

  it.each([
    ['truncated', VARIANTS.truncated, 'error'],
    ['garbage', VARIANTS.garbage, 'error'],
    ['empty', '', 'warning'],
    ['unreadable', null, 'error'],
  ] as const)('Cargo.toml %s: no service, a diagnostic naming the file', (_v, content, severity) => {
    const { services, diagnostics } = detectMemory({ 'Cargo.toml': content, 'src/main.rs': '' });
    expect(services).toEqual([]);
    expect(diagnostics).toContainEqual(expect.objectContaining({ severity, file: 'Cargo.toml' }));
  });

  it('invalid TOML reports the line', () => {
    const { diagnostics } = detectMemory({
      'Cargo.toml': '[package]\nname = "a"\nversion = \n',
      'src/main.rs': '',
    });
    expect(diagnostics).toEqual([
      expect.objectContaining({
        severity: 'error',
        file: 'Cargo.toml',
        line: 3,
        message: expect.stringMatching(/^invalid TOML: /),
      }),
    ]);
  });

  it.each(['rust-toolchain.toml', 'Rocket.toml', 'mise.toml'])(
    'invalid %s: an error naming it, detection goes on',
    (file) => {
      const { services, diagnostics } = detectMemory({
        'Cargo.toml': CARGO.replace('axum = "0.7"', 'rocket = "0.5"'),
        'Cargo.lock': '',
        'src/main.rs': '',
        [file]: '[toolchain\nchannel = ',
      });
      expect(services).toHaveLength(1);
      expect(diagnostics).toContainEqual(expect.objectContaining({ severity: 'error', file }));
    },
  );

  // Inputs that made earlier regexes quadratic: unclosed attributes and struct literals, many matches.
  const MB = 1024 * 1024;
  const sample =
    'let p = env::var("PORT").unwrap_or("8080".into()); let l = TcpListener::bind("0.0.0.0:3000"); ';
  it.each([
    ['1 MB of unclosed clap attributes', '#[arg('.repeat(MB / 6)],
    ['1 MB of unclosed Config literals', 'Config { '.repeat(MB / 9)],
    ['the sample repeated on one 1 MB line', sample.repeat(MB / sample.length)],
    ['1 MB of raw string openers', 'r#"'.repeat(MB / 3)],
    ['1 MB of lifetimes', "&'a ".repeat(MB / 4)],
  ])('src/main.rs, %s: linear time', (_name, content) => {
    const start = performance.now();
    detectMemory({ 'Cargo.toml': CARGO, 'Cargo.lock': '', 'src/main.rs': content });
    expect(performance.now() - start).toBeLessThan(3000);
  });
});
