import { describe, expect, it } from 'vitest';
import type { Service } from '../../../model/service.js';
import { makeService } from '../../test-helpers.js';
import { skipReason } from '../dockerfile.generator.js';
import {
  assertAuditClean,
  assertImage,
  dockerfileOf,
  type Expected,
  fixture,
  ignoreOf,
  planOf,
} from './interpreted-stacks.test-helpers.js';
import { lockedBundler, rubyCmd, rubyHealthcheckArgv, rubyLineFor } from './ruby.js';

const BUNDLE = { run: /bundle install/, copied: ['Gemfile', 'Gemfile.lock'] };

const cases: { name: string; service: () => Service; exp: Expected; writable?: string[] }[] = [
  {
    name: 'rails-postgres (puma, bootsnap, sprockets)',
    service: () => fixture('ruby-rails-postgres', 'blog-engine'),
    exp: {
      images: ['ruby:3.3-slim-bookworm', 'ruby:3.3-slim-bookworm'],
      cmd: ['bundle', 'exec', 'puma', '-C', 'config/puma.rb'],
      port: 3000,
      healthcheck: 'ruby',
      install: BUNDLE,
      env: { RAILS_ENV: 'production', BUNDLE_DEPLOYMENT: '1', BUNDLE_WITHOUT: 'development:test' },
    },
    writable: ['/app/tmp', '/app/log', '/app/storage'],
  },
  {
    name: 'rails sidekiq worker',
    service: () => fixture('ruby-rails-postgres', 'blog-engine-sidekiq'),
    exp: {
      images: ['ruby:3.3-slim-bookworm', 'ruby:3.3-slim-bookworm'],
      cmd: ['bundle', 'exec', 'sidekiq', '-C', 'config/sidekiq.yml'],
      port: null,
      healthcheck: null,
      install: BUNDLE,
      env: { RAILS_ENV: 'production', RAILS_LOG_TO_STDOUT: '1' },
    },
  },
  {
    name: 'rails-procfile (mysql, jsbundling with yarn)',
    service: () => fixture('ruby-rails-procfile', 'storefront'),
    exp: {
      images: ['node:22-bookworm-slim', 'ruby:3.2-slim-bookworm', 'ruby:3.2-slim-bookworm'],
      cmd: ['bundle', 'exec', 'rails', 'server', '-b', '0.0.0.0', '-p', '5000'],
      port: 5000,
      healthcheck: 'ruby',
      install: BUNDLE,
    },
  },
  {
    name: 'sinatra classic (ruby app.rb)',
    service: () => fixture('ruby-sinatra-classic'),
    exp: {
      images: ['ruby:3.3-slim-bookworm', 'ruby:3.3-slim-bookworm'],
      cmd: ['bundle', 'exec', 'ruby', 'app.rb'],
      port: 8080,
      healthcheck: 'ruby',
      install: BUNDLE,
      env: { APP_ENV: 'production', RACK_ENV: 'production' },
    },
  },
  {
    name: 'sinatra on rack with puma',
    service: () => fixture('ruby-sinatra-rack'),
    exp: {
      images: ['ruby:3.3-slim-bookworm', 'ruby:3.3-slim-bookworm'],
      cmd: ['bundle', 'exec', 'puma', '-b', 'tcp://0.0.0.0:9292'],
      port: 9292,
      healthcheck: 'ruby',
      install: BUNDLE,
    },
  },
  {
    name: 'rack with unicorn, no health path',
    service: () => fixture('ruby-rack-unicorn'),
    exp: {
      images: ['ruby:3.3-slim-bookworm', 'ruby:3.3-slim-bookworm'],
      cmd: ['bundle', 'exec', 'unicorn', '-c', 'config/unicorn.rb'],
      port: 8080,
      healthcheck: null,
      install: BUNDLE,
    },
  },
  {
    name: 'script worker',
    service: () => fixture('ruby-script-worker'),
    exp: {
      images: ['ruby:3.3-slim-bookworm', 'ruby:3.3-slim-bookworm'],
      cmd: ['bundle', 'exec', 'ruby', 'main.rb'],
      port: null,
      healthcheck: null,
      install: BUNDLE,
    },
  },
];

describe('ruby stack: real fixture services', () => {
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
        expect(plan.runtime.user).toBe('10001:10001');
        expect(plan.runtime.cmd).toEqual(c.exp.cmd);
        expect(plan.runtime.port).toBe(c.exp.port);
        expect(plan.runtime.writableDirs).toEqual(
          c.writable ??
            (c.service().framework === 'rails' ? ['/app/tmp', '/app/log', '/app/storage'] : undefined),
        );
        expect(plan.runtime.healthPath === null).toBe(c.exp.healthcheck === null);
      });

      it('is deterministic', () => {
        expect(planOf(c.service())).toEqual(plan);
      });
    });
  }
});

describe('ruby stack: details', () => {
  const rails = () => fixture('ruby-rails-postgres', 'blog-engine');

  it('matches the golden Rails Dockerfile and .dockerignore', async () => {
    const plan = planOf(rails());
    await expect(dockerfileOf(plan)).toMatchFileSnapshot('./__snapshots__/ruby-rails-postgres.Dockerfile');
    await expect(ignoreOf(plan).join('\n')).toMatchFileSnapshot(
      './__snapshots__/ruby-rails-postgres.dockerignore',
    );
  });

  it('precompiles assets with a dummy secret and bootsnap in the build stage only', () => {
    const text = dockerfileOf(planOf(rails()));
    expect(text).toContain('SECRET_KEY_BASE_DUMMY=1 bundle exec rails assets:precompile');
    expect(text).toContain('bundle exec bootsnap precompile --gemfile');
    expect(text).toContain('bundle exec bootsnap precompile app/ lib/');
    // No migrations at start: they belong to the release step.
    expect(text).not.toMatch(/db:(migrate|prepare)/);
  });

  it('installs compilers and -dev headers in deps, the runtime library in runtime', () => {
    const text = dockerfileOf(planOf(rails()));
    const [deps, , runtime] = text.split(/^FROM /m).slice(1);
    expect(deps).toMatch(/build-essential .*libpq-dev/);
    expect(runtime).toContain('libpq5');
    expect(runtime).not.toMatch(/build-essential|libpq-dev/);
    const mysql = dockerfileOf(planOf(fixture('ruby-rails-procfile', 'storefront')));
    expect(mysql).toContain('default-libmysqlclient-dev');
    expect(mysql.split(/^FROM /m).at(-1)).toContain('libmariadb3');
  });

  it('installs the locked Bundler version and caches gem downloads', () => {
    expect(lockedBundler(rails())).toBe('2.5.11');
    const text = dockerfileOf(planOf(rails()));
    expect(text).toContain('gem install bundler -v 2.5.11 --no-document');
    expect(text).toContain('--mount=type=cache,target=/root/.bundle/cache');
  });

  it('brings Node.js into deps for a JavaScript asset build and drops node_modules after it', () => {
    const text = dockerfileOf(planOf(fixture('ruby-rails-procfile', 'storefront')));
    expect(text).toContain('COPY --from=node /usr/local/bin/node /usr/local/bin/');
    expect(text).toMatch(
      /COPY package.json yarn.lock \.\/\nRUN --mount=type=cache,target=\/usr\/local\/share\/.cache\/yarn,id=yarn \\\n {4}yarn install --frozen-lockfile/,
    );
    expect(text).toMatch(/assets:precompile && \\\n {4}rm -rf node_modules/);
  });

  it('maps the detected version to an image line, with a documented default', () => {
    expect(rubyLineFor('3.3.1')).toEqual({ line: '3.3' });
    expect(rubyLineFor('ruby-3.4.0')).toEqual({ line: '3.4' });
    expect(rubyLineFor(null)).toEqual({ line: '3.3' });
    expect(rubyLineFor('2.7.8')).toMatchObject({ problem: expect.stringMatching(/slim-bookworm/) });
  });

  it('runs commands under bundle exec, in exec form', () => {
    expect(rubyCmd('ruby app.rb')).toEqual(['bundle', 'exec', 'ruby', 'app.rb']);
    expect(rubyCmd('bundle exec puma')).toEqual(['bundle', 'exec', 'puma']);
    expect(rubyCmd('a && b')).toEqual(['sh', '-c', 'a && b']);
  });

  it('probes with Ruby, sending X-Forwarded-Proto so force_ssl does not redirect', () => {
    const argv = rubyHealthcheckArgv(3000, '/up');
    expect(argv.slice(0, 3)).toEqual(['ruby', '-rnet/http', '-e']);
    expect(argv[3]).toContain('"http://127.0.0.1:3000/up"');
    expect(argv[3]).toContain('"X-Forwarded-Proto" => "https"');
  });

  it('keeps gems, caches, local state and secrets out of the context', () => {
    const lines = ignoreOf(planOf(rails()));
    for (const p of [
      'vendor/bundle',
      '.bundle',
      'tmp',
      'log',
      'storage',
      'public/assets',
      '**/*.key',
      '**/.env',
    ]) {
      expect(lines).toContain(p);
    }
  });

  it('creates the writable Rails folders owned by the app user, the rest owned by root', () => {
    const text = dockerfileOf(planOf(rails()));
    expect(text).toContain('chown 10001:10001 tmp log storage');
    expect(text).toContain('PIDFILE=/tmp/server.pid');
  });
});

describe('ruby stack: skipped services', () => {
  const ruby = (o: Parameters<typeof makeService>[0]) =>
    makeService({
      language: 'ruby',
      packageManager: 'bundler',
      framework: 'sinatra',
      commands: { install: 'bundle install', build: null, start: 'bundle exec puma' },
      evidence: {
        packageManager: [{ file: 'Gemfile.lock', reason: 'Bundler lockfile', confidence: 'explicit' }],
      },
      ...o,
    });
  it.each<[string, Service, RegExp]>([
    ['no Gemfile.lock', ruby({ evidence: {} }), /no Gemfile.lock/],
    ['Ruby too old', ruby({ languageVersion: '2.6.10' }), /slim-bookworm/],
    ['no start command', ruby({ commands: { start: null } }), /no start command/],
    [
      'bun asset install',
      ruby({ commands: { install: 'bundle install && bun install --frozen-lockfile' } }),
      /bun/,
    ],
    [
      'lockfile outside the folder',
      ruby({
        path: 'apps/web',
        evidence: { packageManager: [{ file: 'Gemfile.lock', reason: 'lockfile', confidence: 'explicit' }] },
      }),
      /outside the service folder/,
    ],
  ])('%s', (_name, service, reason) => {
    expect(skipReason(service)).toMatch(reason);
  });

  it('builds the synthetic baseline it skips from', () => {
    expect(skipReason(ruby({}))).toBeNull();
  });
});
