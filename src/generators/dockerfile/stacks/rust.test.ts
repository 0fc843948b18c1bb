import type { Instruction } from 'dockerfile-ast';
import { describe, expect, it } from 'vitest';
import { auditFiles } from '../../../audit/index.js';
import type { Service } from '../../../model/service.js';
import { makeChoices, makeService, type ServiceOverrides } from '../../test-helpers.js';
import { type GeneratedDockerfile, isSkipped, planDockerfiles } from '../dockerfile.generator.js';
import {
  assertImage,
  dockerfileOf,
  generatedFor,
  type ImageExpectation,
  ignoreOf,
  type Stage,
  skipOf,
  stagesOf,
} from './compiled.test-helpers.js';
import { rustTag, systemPackages } from './rust.js';
import { scanFixture } from './test-helpers.js';

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
    const member = (cp: string, lock = 'Cargo.lock') => ({
      ...base,
      path: 'crates/api',
      evidence: {
        install: [
          { file: lock, reason: 'Cargo.lock pins every dependency', confidence: 'explicit' as const },
        ],
      },
      commands: {
        install: 'cargo fetch --locked',
        build: `cargo build --release --locked -p api --bin api && mkdir -p bin && cp ${cp}/release/api bin/api`,
        start: './bin/api',
      },
    });
    // The target folder (the workspace root) must be a folder above the crate, inside the repository.
    expect(skipOf(member('../other/target'))).toMatch(
      /copies the binary out of \.\.\/other\/target, in crates\/other, not a folder above crates\/api/,
    );
    expect(skipOf({ ...member('../../../target'), path: 'crates/api' })).toMatch(/outside the repository/);
    // A Cargo.lock in an unrelated folder is not the one the workspace build uses.
    expect(skipOf(member('../../target', 'tools/Cargo.lock'))).toMatch(
      /its Cargo\.lock \(tools\/Cargo\.lock\) is not at the root of the workspace it is built in \(the repository root\)/,
    );
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

/** The parsed instructions of a stage with this keyword. */
function ofKind(stage: Stage | undefined, keyword: string): Instruction[] {
  return (stage?.body ?? []).filter((i) => i.getKeyword() === keyword);
}

/** The first source line of an instruction, flags included (the AST drops them from its arguments). */
function rawLine(text: string, ins: Instruction): string {
  return text.split('\n')[ins.getRange().start.line] ?? '';
}

describe('rust stack: Cargo workspace members (test/fixtures/repos/rust-actix-workspace)', () => {
  const model = scanFixture('rust-actix-workspace');
  const plans = planDockerfiles(model, makeChoices());
  const generated = plans.filter((p): p is typeof p & GeneratedDockerfile => !isSkipped(p));
  const byName = (name: string) => generated.find((p) => p.service.name === name) as GeneratedDockerfile;

  it('builds both binary members from the workspace root, with one .dockerignore there', () => {
    expect(model.services.map((s) => `${s.name}@${s.path}`)).toEqual([
      'api@crates/api',
      'stock-worker@crates/worker',
    ]);
    expect(generated.map((p) => [p.service.name, p.contextPath, p.dockerfilePath])).toEqual([
      ['api', '.', 'crates/api/Dockerfile'],
      ['stock-worker', '.', 'crates/worker/Dockerfile'],
    ]);
    expect(generated.flatMap((p) => p.artifacts.map((a) => a.path))).toEqual([
      'crates/api/Dockerfile',
      '.dockerignore',
      'crates/worker/Dockerfile',
    ]);
    const ignore = generated.flatMap((p) => p.artifacts).find((a) => a.format === 'ignore')?.content ?? '';
    expect(ignore.split('\n')).toContain('target');
    expect(ignore).toContain('services "api", "stock-worker" at the repository root');
    const all = generated.flatMap((p) => p.artifacts.map((a) => ({ path: a.path, content: a.content })));
    expect(auditFiles(all).findings).toEqual([]);
  });

  for (const row of [
    {
      name: 'api',
      pkg: 'api',
      runtime: 'debian:bookworm-slim',
      user: '10001:10001',
      port: 8080 as number | null,
      build: ['libpq-dev'],
    },
    {
      name: 'stock-worker',
      pkg: 'stock-worker',
      runtime: 'gcr.io/distroless/cc-debian12:nonroot',
      user: '65532:65532',
      port: null,
      build: [] as string[],
    },
  ]) {
    it(`${row.name}: copies the workspace, builds -p ${row.pkg} with cache mounts, runs the binary alone`, () => {
      const plan = byName(row.name);
      const text = dockerfileOf(plan);
      const stages = stagesOf(text);
      expect(stages.map((s) => [s.name, s.image])).toEqual([
        ['deps', 'rust:1.88-slim-bookworm'],
        ['build', 'deps'],
        ['runtime', row.runtime],
      ]);
      const [deps, build, runtime] = stages;

      // deps: the whole workspace (root Cargo.toml, Cargo.lock, every member), then a locked fetch.
      const copies = ofKind(deps, 'COPY').map((c) => c.getArgumentsContent());
      expect(copies).toEqual(['. .']);
      const fetch = ofKind(deps, 'RUN').find((r) =>
        /cargo fetch --locked/.test(r.getArgumentsContent() ?? ''),
      );
      expect(fetch, 'a locked fetch').toBeDefined();
      expect((deps?.body ?? []).indexOf(fetch as Instruction)).toBeGreaterThan(
        (deps?.body ?? []).findIndex((i) => i.getKeyword() === 'COPY'),
      );
      expect(
        [...rawLine(text, fetch as Instruction).matchAll(/target=(\S+?)(?=[ ,\\]|$)/g)].map((m) => m[1]),
      ).toEqual(['/usr/local/cargo/registry', '/usr/local/cargo/git/db']);
      expect(text).toMatch(
        /^# deps: .*Cargo workspace at the repository root.*The whole workspace is copied, not just Cargo\.toml and Cargo\.lock: Cargo loads every member/m,
      );
      const apt = ofKind(deps, 'RUN')
        .map((r) => r.getArgumentsContent() ?? '')
        .join('\n');
      for (const p of row.build) expect(apt).toContain(p);

      // build: the one package and binary, against the lockfile; the binary leaves the cached target/ in that RUN.
      expect(ofKind(build, 'COPY')).toEqual([]);
      const runs = ofKind(build, 'RUN');
      expect(runs).toHaveLength(1);
      const run = runs[0] as Instruction;
      const args = run.getArgumentsContent() ?? '';
      expect(args).toMatch(new RegExp(`cargo build --release --locked -p ${row.pkg} --bin ${row.name}`));
      expect(args).toContain(`cp target/release/${row.name} /out/${row.name}`);
      expect(rawLine(text, run)).toContain('--mount=type=cache,target=/usr/local/cargo/registry');
      expect(rawLine(text, run)).toContain('--mount=type=cache,target=/app/target');

      // runtime: the binary only, as a numeric non-root user.
      expect(ofKind(runtime, 'COPY').map((c) => rawLine(text, c))).toEqual([
        `COPY --from=build /out/${row.name} /app/${row.name}`,
      ]);
      expect(ofKind(runtime, 'USER').at(-1)?.getArgumentsContent()).toBe(row.user);
      expect(JSON.parse(ofKind(runtime, 'ENTRYPOINT').at(-1)?.getArgumentsContent() ?? 'null')).toEqual([
        `/app/${row.name}`,
      ]);
      expect(ofKind(runtime, 'CMD')).toEqual([]);
      expect(ofKind(runtime, 'EXPOSE').map((e) => e.getArgumentsContent())).toEqual(
        row.port === null ? [] : [String(row.port)],
      );
      expect(plan.runtime).toMatchObject({ user: row.user, port: row.port, cmd: [`/app/${row.name}`] });
      expect(auditFiles([{ path: plan.dockerfilePath, content: text }]).findings).toEqual([]);
    });
  }

  it('matches the golden workspace-member Dockerfile', async () => {
    await expect(dockerfileOf(byName('api'))).toMatchFileSnapshot(
      './__snapshots__/rust-workspace-api.Dockerfile',
    );
  });

  it('builds a member of a nested workspace from that workspace, and ships its Rocket.toml', () => {
    const plan = generatedFor(
      rust({
        name: 'blog',
        path: 'backend/crates/blog',
        framework: 'rocket',
        port: 8000,
        commands: {
          install: 'cargo fetch --locked',
          build:
            'cargo build --release --locked -p blog --bin blog && mkdir -p bin && cp ../../target/release/blog bin/blog',
          start: './bin/blog',
        },
        evidence: {
          install: [{ file: 'backend/Cargo.lock', reason: 'lock', confidence: 'explicit' }],
          port: [
            { file: 'backend/crates/blog/Rocket.toml', line: 2, reason: 'port', confidence: 'explicit' },
          ],
        },
      }),
    );
    expect(plan.contextPath).toBe('backend');
    expect(plan.dockerfilePath).toBe('backend/crates/blog/Dockerfile');
    expect(plan.artifacts.find((a) => a.format === 'ignore')?.path).toBe('backend/.dockerignore');
    const text = dockerfileOf(plan);
    expect(text).toContain('cargo build --release --locked -p blog --bin blog');
    expect(text).toContain('COPY --from=build /app/crates/blog/Rocket.toml ./');
    expect(auditFiles([{ path: plan.dockerfilePath, content: text }]).findings).toEqual([]);
  });
});
