import { describe, expect, it } from 'vitest';
import type { Service } from '../../../model/service.js';
import { makeService } from '../../test-helpers.js';
import { skipReason } from '../dockerfile.generator.js';
import { ELIXIR_BUILDS, elixirBuilderImage, elixirBuildFor, releaseName } from './elixir.js';
import {
  assertAuditClean,
  assertImage,
  dockerfileOf,
  type Expected,
  fixture,
  ignoreOf,
  planOf,
} from './interpreted-stacks.test-helpers.js';

const MIX = { run: /mix deps.get --only prod/, copied: ['mix.exs', 'mix.lock'] };
const locked = {
  packageManager: [{ file: 'mix.lock', reason: 'mix.lock pins', confidence: 'explicit' as const }],
};

/** The worker and umbrella fixtures commit no mix.lock; with one they build. */
function withLock(s: Service): Service {
  return { ...s, evidence: { ...s.evidence, ...locked } };
}

const cases: { name: string; service: () => Service; exp: Expected }[] = [
  {
    name: 'phoenix (assets, postgres)',
    service: () => fixture('elixir-phoenix'),
    exp: {
      images: [
        'hexpm/elixir:1.16.2-erlang-26.2.5-debian-bookworm-20240513-slim',
        'debian:bookworm-20240513-slim',
      ],
      cmd: ['/app/bin/shop', 'start'],
      port: 4000,
      healthcheck: 'curl',
      install: MIX,
      env: { PHX_SERVER: 'true', MIX_ENV: 'prod', RELEASE_TMP: '/tmp' },
    },
  },
  {
    name: 'umbrella with plug (Elixir ~> 1.14 raised to 1.15)',
    service: () => withLock(fixture('elixir-umbrella')),
    exp: {
      images: [
        'hexpm/elixir:1.15.8-erlang-26.2.5.2-debian-bookworm-20240701-slim',
        'debian:bookworm-20240701-slim',
      ],
      cmd: ['/app/bin/platform', 'start'],
      port: 4100,
      healthcheck: 'curl',
      install: { run: MIX.run, copied: ['mix.exs', 'mix.lock', 'apps'] },
    },
  },
  {
    name: 'OTP worker',
    service: () => withLock(fixture('elixir-worker')),
    exp: {
      images: [
        'hexpm/elixir:1.15.8-erlang-26.2.5.2-debian-bookworm-20240701-slim',
        'debian:bookworm-20240701-slim',
      ],
      cmd: ['/app/bin/ingest', 'start'],
      port: null,
      healthcheck: null,
      install: MIX,
    },
  },
];

describe('elixir stack: real fixture services', () => {
  for (const c of cases) {
    describe(c.name, () => {
      const plan = planOf(c.service());
      const text = dockerfileOf(plan);

      it('means what a production image should', () => {
        assertImage(text, c.exp);
      });

      it('passes the audit', () => {
        assertAuditClean(plan.dockerfilePath, text);
      });

      it('reports its runtime', () => {
        expect(plan.runtime).toMatchObject({ user: '10001:10001', cmd: c.exp.cmd, port: c.exp.port });
        expect(plan.runtime.baseImage).toBe(c.exp.images[1]);
      });

      it('is deterministic', () => {
        expect(planOf(c.service())).toEqual(plan);
      });
    });
  }
});

describe('elixir stack: details', () => {
  it('matches the golden Phoenix Dockerfile and .dockerignore', async () => {
    const plan = planOf(fixture('elixir-phoenix'));
    await expect(dockerfileOf(plan)).toMatchFileSnapshot('./__snapshots__/elixir-phoenix.Dockerfile');
    await expect(ignoreOf(plan).join('\n')).toMatchFileSnapshot(
      './__snapshots__/elixir-phoenix.dockerignore',
    );
  });

  it('compiles dependencies against config/ in the cached layer, then assets and the release', () => {
    const text = dockerfileOf(planOf(fixture('elixir-phoenix')));
    expect(text).toMatch(/mix deps.get --only prod\nCOPY config \.\/config\nRUN mix deps.compile\n/);
    expect(text).toMatch(/RUN mix compile && \\\n {4}mix assets.deploy && \\\n {4}mix release\n/);
    expect(text).toContain('COPY --from=build /app/_build/prod/rel/shop ./');
    expect(text).toMatch(
      /apt-get install -y --no-install-recommends ca-certificates curl libncurses6 libstdc\+\+6 locales openssl/,
    );
    // Migrations are not run at start.
    expect(text).not.toMatch(/migrate/);
  });

  it('compiles dependencies after the source when config/ is not known to exist', () => {
    const text = dockerfileOf(planOf(withLock(fixture('elixir-worker'))));
    expect(text).toMatch(/RUN mix deps.compile && \\\n {4}mix compile && \\\n {4}mix release/);
    // No curl without a health check to run.
    expect(text).not.toContain('curl');
  });

  it('pins one real hexpm/elixir build per Elixir line, with a documented default', () => {
    for (const b of Object.values(ELIXIR_BUILDS)) {
      expect(elixirBuilderImage(b)).toMatch(
        /^hexpm\/elixir:\d+\.\d+\.\d+-erlang-[\d.]+-debian-bookworm-\d{8}-slim$/,
      );
    }
    expect(elixirBuildFor(null)).toMatchObject({ line: '1.18', note: null });
    expect(elixirBuildFor('1.17.3-otp-27')).toMatchObject({ line: '1.17', note: null });
    expect(elixirBuildFor('1.12')).toMatchObject({ line: '1.15', note: expect.stringMatching(/older/) });
    expect(elixirBuildFor('1.19.0')).toMatchObject({ problem: expect.stringMatching(/newer/) });
  });

  it('reads the release from the start command', () => {
    expect(releaseName(fixture('elixir-phoenix'))).toBe('shop');
    expect(releaseName(makeService({ commands: { start: './my_cli' } }))).toBeNull();
  });

  it('keeps build output, deps and secrets out of the context', () => {
    const lines = ignoreOf(planOf(fixture('elixir-phoenix')));
    for (const p of ['_build', 'deps', '.elixir_ls', 'priv/static/assets', '**/.env'])
      expect(lines).toContain(p);
  });
});

describe('elixir stack: skipped services', () => {
  it.each<[string, Service, RegExp]>([
    ['no mix.lock (worker fixture)', fixture('elixir-worker'), /no mix.lock/],
    [
      'no release',
      makeService({
        language: 'elixir',
        packageManager: 'mix',
        evidence: locked,
        commands: { start: './cli' },
      }),
      /does not run a Mix release/,
    ],
    [
      'Elixir newer than the pinned builds',
      makeService({
        language: 'elixir',
        packageManager: 'mix',
        languageVersion: '1.20.0',
        evidence: locked,
        commands: { start: '_build/prod/rel/app/bin/app start' },
      }),
      /newer than the hexpm\/elixir builds/,
    ],
  ])('%s', (_name, service, reason) => {
    expect(skipReason(service)).toMatch(reason);
  });
});
