import { describe, expect, it } from 'vitest';
import type { Service } from '../../../model/service.js';
import { makeService, type ServiceOverrides } from '../../test-helpers.js';
import {
  assertImage,
  dockerfileOf,
  generatedFor,
  type ImageExpectation,
  ignoreOf,
  skipOf,
} from './compiled.test-helpers.js';
import { rustTag, systemPackages } from './rust.js';

/** Services as `shipready scan --json` reports them for the test/fixtures/repos/rust-* repos. */
function rust(o: ServiceOverrides): Service {
  return makeService({ language: 'rust', packageManager: 'cargo', kind: 'web', outputDir: 'bin', ...o });
}

function cargoCommands(bin: string) {
  return {
    install: 'cargo fetch --locked',
    build: `cargo build --release --locked --bin ${bin} && mkdir -p bin && cp target/release/${bin} bin/${bin}`,
    start: `./bin/${bin}`,
  };
}

const ev = (reason: string) => [{ file: 'Cargo.toml', line: 9, reason, confidence: 'strong' as const }];
const CACHES = ['/usr/local/cargo/registry', '/usr/local/cargo/git/db'];
const DEPS = { run: /cargo fetch --locked/, copied: ['Cargo.toml', 'Cargo.lock'] };

const cases: { name: string; service: Service; exp: ImageExpectation }[] = [
  {
    name: 'axum-pinned-toolchain',
    service: rust({
      name: 'ledger-api',
      languageVersion: '1.79.0',
      framework: 'axum',
      commands: cargoCommands('ledger_api'),
      port: 3000,
      healthPath: '/healthz',
    }),
    exp: {
      from: ['rust:1.79.0-slim-bookworm', 'deps', 'gcr.io/distroless/cc-debian12:nonroot'],
      user: '65532:65532',
      entrypoint: ['/app/ledger_api'],
      port: 3000,
      healthcheck: false,
      cacheTargets: CACHES,
      deps: DEPS,
    },
  },
  {
    name: 'warp-multi-bin-default-toolchain',
    service: rust({
      name: 'public-gateway',
      languageVersion: null,
      framework: 'warp',
      commands: cargoCommands('public-gateway'),
      port: 3030,
      healthPath: '/healthz',
    }),
    exp: {
      from: ['rust:1.88-slim-bookworm', 'deps', 'gcr.io/distroless/cc-debian12:nonroot'],
      user: '65532:65532',
      entrypoint: ['/app/public-gateway'],
      port: 3030,
      healthcheck: false,
      cacheTargets: CACHES,
      deps: DEPS,
    },
  },
  {
    name: 'worker-linking-libpq',
    service: rust({
      name: 'stock-worker',
      kind: 'worker',
      languageVersion: '>=1.76',
      commands: cargoCommands('stock-worker'),
      evidence: { build: ev('diesel links a system library: the build needs libpq-dev, the runtime libpq5') },
    }),
    exp: {
      from: ['rust:1.88-slim-bookworm', 'deps', 'debian:bookworm-slim'],
      user: '10001:10001',
      entrypoint: ['/app/stock-worker'],
      port: null,
      healthcheck: false,
      cacheTargets: CACHES,
      deps: DEPS,
    },
  },
];

describe('rust stack', () => {
  for (const c of cases) {
    it(`${c.name}: builds a production image the audit accepts`, () => {
      const plan = generatedFor(c.service);
      assertImage(plan.dockerfilePath, dockerfileOf(plan), c.exp);
      expect(plan.runtime.cmd).toEqual(c.exp.entrypoint);
      expect(plan.runtime.noHealthcheckReason).not.toBeNull();
    });
  }

  it('matches the golden axum Dockerfile and .dockerignore', async () => {
    const plan = generatedFor(cases[0]?.service as Service);
    const text = dockerfileOf(plan);
    await expect(text).toMatchFileSnapshot('./__snapshots__/rust-axum.Dockerfile');
    await expect(ignoreOf(plan)).toMatchFileSnapshot('./__snapshots__/rust.dockerignore');
    // The binary leaves the cached target/ in the same RUN that builds it.
    expect(text).toMatch(
      /--mount=type=cache,target=\/app\/target \\\n\s+cargo build --release --locked --bin ledger_api && \\\n\s+mkdir -p \/out && \\\n\s+cp target\/release\/ledger_api \/out\/ledger_api/,
    );
    expect(text).toContain('COPY --from=build /out/ledger_api /app/ledger_api');
    expect(text).toMatch(
      /no HEALTHCHECK: distroless images have no shell or HTTP client.*GET \/healthz on port 3000/,
    );
    expect(ignoreOf(plan).split('\n')).toContain('target');
  });

  it('builds a workspace package with -p and keeps start arguments', () => {
    const text = dockerfileOf(
      generatedFor(
        rust({
          commands: {
            install: 'cargo fetch --locked',
            build:
              'cargo build --release --locked -p api --bin api && mkdir -p bin && cp target/release/api bin/api',
            start: './bin/api --serve',
          },
        }),
      ),
    );
    expect(text).toContain('cargo build --release --locked -p api --bin api');
    expect(text).toContain('ENTRYPOINT ["/app/api","--serve"]');
  });

  it('serves Rocket on all interfaces and ships its Rocket.toml', () => {
    const text = dockerfileOf(
      generatedFor(
        rust({
          framework: 'rocket',
          commands: cargoCommands('blog'),
          port: 8080,
          evidence: { port: [{ file: 'Rocket.toml', line: 6, reason: 'port', confidence: 'explicit' }] },
        }),
      ),
    );
    expect(text).toMatch(/ROCKET_ADDRESS=0\.0\.0\.0/);
    expect(text).toContain('COPY --from=build /app/Rocket.toml ./');
  });

  it('pins exact toolchains and raises minimums to the default', () => {
    expect(rustTag('1.80.1')).toBe('1.80.1');
    expect(rustTag('1.80')).toBe('1.80');
    expect(rustTag('>=1.76')).toBe('1.88');
    expect(rustTag('>=1.90')).toBe('1.90');
    expect(rustTag('nightly-2024-05-01')).toBe('1.88');
    expect(rustTag(null)).toBe('1.88');
  });

  it('installs build packages for linked system libraries', () => {
    const s = rust({
      evidence: {
        build: [
          ...ev(
            'openssl-sys links a system library: the build needs libssl-dev, pkg-config, the runtime libssl3',
          ),
          ...ev(
            'diesel links a system library: the build needs default-libmysqlclient-dev, the runtime libmariadb3',
          ),
        ],
      },
    });
    expect(systemPackages(s)).toEqual({
      build: ['default-libmysqlclient-dev', 'libssl-dev', 'pkg-config'],
      runtime: ['libmariadb3'],
    });
  });

  it('skips what it cannot build, saying why', () => {
    const base = { language: 'rust', packageManager: 'cargo' } as const;
    expect(
      skipOf({
        ...base,
        path: 'crates/api',
        commands: {
          install: 'cargo fetch --locked',
          build:
            'cargo build --release --locked -p api --bin api && mkdir -p bin && cp ../../target/release/api bin/api',
          start: './bin/api',
        },
      }),
    ).toMatch(/workspace member: Cargo builds it from the workspace root \(the repository root\)/);
    expect(
      skipOf({
        ...base,
        commands: {
          install: 'cargo fetch',
          build: 'cargo build --release --bin a && mkdir -p bin && cp target/release/a bin/a',
          start: './bin/a',
        },
      }),
    ).toMatch(/no Cargo\.lock/);
    expect(skipOf({ ...base, commands: { install: null, build: null, start: './bin/a' } })).toMatch(
      /--bin <name>/,
    );
    expect(skipOf({ ...base, packageManager: null })).toMatch(/with Cargo/);
  });
});
