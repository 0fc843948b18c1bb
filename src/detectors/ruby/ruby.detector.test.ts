import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type FactName, Service } from '../../model/service.js';
import { DiskRepoFs, MemoryRepoFs } from '../../repo/repo-fs.js';
import { BUNDLE_DEPLOYMENT } from './commands.js';
import { isRubyCommand, rubyDetector } from './ruby.detector.js';

const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/repos/', import.meta.url));

function detectFixture(name: string) {
  return rubyDetector.detect({ fs: new DiskRepoFs(`${FIXTURES}${name}`), dir: '.' });
}

function detectMemory(files: Record<string, string | null>) {
  return rubyDetector.detect({ fs: new MemoryRepoFs(files), dir: '.' });
}

interface Row {
  fixture: string;
  /** name → kind and start of every service, in order. */
  services: [string, Service['kind'], string | null][];
  framework: string | null;
  languageVersion: string | null;
  install: string;
  build: string | null;
  port: number | null;
  healthPath: string | null;
  backing: Record<string, string | null>;
  env: Record<string, boolean>;
  facts: FactName[];
}

const ROWS: Row[] = [
  {
    fixture: 'ruby-rails-postgres',
    services: [
      ['blog-engine', 'web', 'bundle exec puma -C config/puma.rb'],
      ['blog-engine-sidekiq', 'worker', 'bundle exec sidekiq -C config/sidekiq.yml'],
    ],
    framework: 'rails',
    languageVersion: '3.3.1',
    install: `${BUNDLE_DEPLOYMENT} && bundle exec bootsnap precompile --gemfile`,
    build: 'bundle exec rails assets:precompile && bundle exec bootsnap precompile app/ lib/',
    port: 3000,
    healthPath: '/up',
    backing: { postgresql: 'DATABASE_URL', redis: 'REDIS_URL', s3: 'S3_BUCKET' },
    env: {
      BLOG_DATABASE_PASSWORD: true,
      DATABASE_URL: true,
      PIDFILE: false,
      PORT: false,
      POSTS_PER_PAGE: false,
      RAILS_MASTER_KEY: true,
      RAILS_MAX_THREADS: false,
      RAILS_MIN_THREADS: false,
      REDIS_URL: false,
      S3_BUCKET: false,
      SENTRY_DSN: true,
      SENTRY_TRACES_SAMPLE_RATE: false,
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
    ],
  },
  {
    fixture: 'ruby-rails-procfile',
    services: [
      ['storefront', 'web', 'bundle exec rails server -b 0.0.0.0 -p 5000'],
      ['storefront-worker', 'worker', 'bundle exec sidekiq -q default -q mailers'],
    ],
    framework: 'rails',
    languageVersion: '3.2.4',
    install: `${BUNDLE_DEPLOYMENT} && yarn install --frozen-lockfile`,
    build: 'bundle exec rails assets:precompile',
    port: 5000,
    healthPath: '/healthz',
    backing: { memcached: 'MEMCACHE_SERVERS', mysql: 'DATABASE_URL', redis: 'REDIS_URL' },
    env: {
      DATABASE_URL: true,
      DB_HOST: false,
      MEMCACHE_SERVERS: false,
      PORT: false,
      RAILS_MAX_THREADS: false,
      REDIS_URL: false,
      SECRET_KEY_BASE: true,
      WEB_CONCURRENCY: false,
    },
    facts: ['kind', 'languageVersion', 'framework', 'install', 'build', 'start', 'port', 'healthPath'],
  },
  {
    fixture: 'ruby-sinatra-classic',
    services: [['app', 'web', 'ruby app.rb']],
    framework: 'sinatra',
    languageVersion: '3.3.4',
    install: BUNDLE_DEPLOYMENT,
    build: null,
    port: 8080,
    healthPath: '/health',
    backing: { redis: 'REDIS_URL' },
    env: { PORT: false, REDIS_URL: false },
    facts: ['kind', 'languageVersion', 'framework', 'install', 'start', 'port', 'healthPath'],
  },
  {
    fixture: 'ruby-sinatra-rack',
    services: [['app', 'web', 'bundle exec puma -b tcp://0.0.0.0:9292']],
    framework: 'sinatra',
    languageVersion: null,
    install: BUNDLE_DEPLOYMENT,
    build: null,
    port: 9292,
    healthPath: '/api/v1/healthz',
    backing: { postgresql: 'DATABASE_URL' },
    env: { DATABASE_URL: true, LOG_LEVEL: false },
    facts: ['kind', 'framework', 'install', 'start', 'port', 'healthPath'],
  },
  {
    fixture: 'ruby-rack-unicorn',
    services: [['app', 'web', 'bundle exec unicorn -c config/unicorn.rb']],
    framework: 'rack',
    languageVersion: null,
    install: BUNDLE_DEPLOYMENT,
    build: null,
    port: 8080,
    healthPath: null,
    backing: { mongodb: 'MONGODB_URI' },
    env: { MONGODB_URI: false, PORT: false, WEB_CONCURRENCY: false },
    facts: ['kind', 'framework', 'install', 'start', 'port'],
  },
  {
    fixture: 'ruby-script-worker',
    services: [['app', 'worker', 'ruby main.rb']],
    framework: null,
    languageVersion: null,
    install: BUNDLE_DEPLOYMENT,
    build: null,
    port: null,
    healthPath: null,
    backing: { rabbitmq: 'AMQP_URL' },
    env: { AMQP_URL: false, QUEUE_NAME: false },
    facts: ['kind', 'language', 'packageManager', 'install', 'start'],
  },
];

describe('rubyDetector over fixture repos', () => {
  it.each(ROWS)('$fixture', (row) => {
    const { services, diagnostics } = detectFixture(row.fixture);
    expect(diagnostics).toEqual([]);
    expect(services.map((s) => [s.name, s.kind, s.commands.start])).toEqual(row.services);
    for (const s of services) expect(() => Service.parse(s)).not.toThrow();
    const s = services[0] as Service;
    expect({
      path: s.path,
      language: s.language,
      packageManager: s.packageManager,
      framework: s.framework,
      languageVersion: s.languageVersion,
      install: s.commands.install,
      build: s.commands.build,
      port: s.port,
      healthPath: s.healthPath,
      outputDir: s.outputDir,
    }).toEqual({
      path: '.',
      language: 'ruby',
      packageManager: 'bundler',
      framework: row.framework,
      languageVersion: row.languageVersion,
      install: row.install,
      build: row.build,
      port: row.port,
      healthPath: row.healthPath,
      outputDir: null,
    });
    expect(Object.fromEntries(s.backing.map((b) => [b.kind, b.envVar]))).toEqual(row.backing);
    expect(Object.fromEntries(s.env.map((e) => [e.name, e.secret]))).toEqual(row.env);
    for (const b of s.backing) expect(b.evidence.length).toBeGreaterThan(0);
    for (const e of s.env) expect(e.evidence.length).toBeGreaterThan(0);
    for (const fact of row.facts) {
      const ev = s.evidence[fact];
      expect(ev?.length, `evidence for ${fact}`).toBeGreaterThan(0);
      for (const e of ev ?? [])
        expect(e.file.startsWith('/'), 'evidence paths are repo-relative').toBe(false);
    }
    // Workers share the app's install/build but never a port or health check.
    for (const w of services.slice(1)) {
      expect(w).toMatchObject({
        kind: 'worker',
        port: null,
        healthPath: null,
        commands: { install: row.install },
      });
      expect(w.evidence.port).toBeUndefined();
    }
  });

  it('ruby-jekyll-site: a static site, built into its destination folder', () => {
    const { services, diagnostics } = detectFixture('ruby-jekyll-site');
    expect(diagnostics).toEqual([]);
    expect(services).toHaveLength(1);
    const s = services[0] as Service;
    expect(() => Service.parse(s)).not.toThrow();
    expect(s).toMatchObject({
      kind: 'static',
      framework: 'jekyll',
      languageVersion: '3.3.2',
      commands: { install: BUNDLE_DEPLOYMENT, build: 'bundle exec jekyll build', start: null },
      port: null,
      outputDir: 'public',
    });
    expect(s.evidence.outputDir).toEqual([
      expect.objectContaining({ file: '_config.yml', line: 5, confidence: 'explicit' }),
    ]);
  });

  it('a web framework next to a static generator wins: the server serves the app', () => {
    const { services } = detectMemory({ Gemfile: 'gem "jekyll"\ngem "sinatra"\n', 'app.rb': '' });
    expect(services[0]).toMatchObject({ kind: 'web', framework: 'sinatra' });
  });

  it('ruby-gem-library: a gem is not a service', () => {
    expect(detectFixture('ruby-gem-library')).toEqual({ services: [], diagnostics: [] });
  });

  it('ruby-rails-procfile: the Procfile port wins; puma.rb and the framework default stay as evidence', () => {
    const s = detectFixture('ruby-rails-procfile').services[0] as Service;
    expect(s.port).toBe(5000);
    expect(s.evidence.port?.map((e) => [e.file, e.confidence])).toEqual([
      ['Procfile', 'explicit'],
      ['config/puma.rb', 'weak'],
      ['Gemfile', 'weak'],
    ]);
    // The release line is recorded, not run on every start.
    expect(s.evidence.start?.some((e) => /release step.*db:migrate/.test(e.reason))).toBe(true);
  });

  it('ruby-rails-postgres: migrations are noted as a release step, the lockfile Ruby is outranked', () => {
    const s = detectFixture('ruby-rails-postgres').services[0] as Service;
    expect(s.evidence.start?.map((e) => e.reason)).toContain(
      'release step (before each deploy): bundle exec rails db:migrate',
    );
    expect(s.evidence.languageVersion?.[1]).toMatchObject({ file: 'Gemfile.lock', confidence: 'weak' });
    // sqlite3 is in the development/test group: not a backing service in production.
    expect(s.backing.some((b) => b.kind === 'sqlite')).toBe(false);
  });
});

describe('rubyDetector rules', () => {
  it('a Procfile web line that migrates first: the migration moves to a release step', () => {
    const { services } = detectMemory({
      Gemfile: 'gem "rails"\ngem "pg"\n',
      Procfile: 'web: rake db:migrate && bundle exec bin/rails server -b 0.0.0.0 -p ${PORT:-3000}\n',
    });
    expect(services[0]?.commands.start).toBe('bundle exec bin/rails server -b 0.0.0.0 -p ${PORT:-3000}');
    expect(services[0]?.port).toBe(3000);
    expect(services[0]?.evidence.start?.[0]?.reason).toMatch(/moved to a release step/);
  });

  it('Rails without a Puma config: rails server on 3000; with Thruster: thrust on 80', () => {
    const plain = detectMemory({ Gemfile: 'gem "rails"\n', 'config/application.rb': 'module Shop\nend\n' });
    expect(plain.services[0]).toMatchObject({
      name: 'shop',
      commands: { start: 'bundle exec rails server -b 0.0.0.0 -p 3000', build: null },
      port: 3000,
    });
    const thruster = detectMemory({
      Gemfile: 'gem "rails"\ngem "puma"\ngem "thruster", require: false\n',
      'config/puma.rb': 'port ENV.fetch("PORT", 3000)\n',
    });
    expect(thruster.services[0]).toMatchObject({
      commands: { start: 'bundle exec thrust bin/rails server' },
      port: 80,
    });
  });

  it('Hanami and Roda start their own way', () => {
    expect(detectMemory({ Gemfile: 'gem "hanami"\n' }).services[0]).toMatchObject({
      framework: 'hanami',
      commands: { start: 'bundle exec hanami server --host 0.0.0.0 --port 2300' },
      port: 2300,
    });
    expect(
      detectMemory({ Gemfile: 'gem "roda"\ngem "falcon"\n', 'config.ru': 'run App.freeze.app\n' })
        .services[0],
    ).toMatchObject({
      framework: 'roda',
      commands: { start: 'bundle exec falcon serve --bind http://0.0.0.0:9292' },
      port: 9292,
    });
  });

  it('a classic Sinatra app in a file with another name is found by its require', () => {
    const { services } = detectMemory({
      Gemfile: 'gem "sinatra"\n',
      'hello.rb': "require 'sinatra'\nget('/') { 'hi' }\n",
    });
    expect(services[0]).toMatchObject({ commands: { start: 'ruby hello.rb' }, port: 4567 });
  });

  it('a Procfile worker without web: only worker services', () => {
    const { services } = detectMemory({
      Gemfile: 'gem "sidekiq"\n',
      Procfile: 'worker: bundle exec sidekiq -r ./jobs.rb\n',
    });
    expect(services.map((s) => [s.name, s.kind, s.commands.start])).toEqual([
      ['app-worker', 'worker', 'bundle exec sidekiq -r ./jobs.rb'],
    ]);
  });

  it('apps in sub-folders are separate services named after their folder; nested apps own their files', () => {
    const { services } = detectMemory({
      'api/Gemfile': 'gem "sinatra"\n',
      'api/app.rb': 'require "sinatra"\nget("/health") { "ok" }\n',
      'api/tools/Gemfile': 'gem "rake"\n',
      'api/tools/main.rb': 'puts ENV["TOOL_TOKEN"]\n',
      'spec/fixtures/other/Gemfile': 'gem "rails"\n',
      'engine/spec/dummy/Gemfile': 'gem "rails"\n',
      'engine/spec/dummy/config/application.rb': 'module Dummy\nend\n',
    });
    expect(services.map((s) => [s.path, s.name, s.kind])).toEqual([
      ['api', 'api', 'web'],
      ['api/tools', 'tools', 'worker'],
    ]);
    expect(services[0]?.env.map((e) => e.name)).toEqual([]);
    expect(services[0]?.healthPath).toBe('/health');
  });

  it('a Procfile beside a tooling-only Gemfile belongs to another app, not to Ruby', () => {
    const { services } = detectMemory({
      Gemfile: 'gem "fastlane"\n',
      Procfile: 'web: node server.js\nworker: node jobs.js\n',
      'package.json': '{"scripts": {"start": "node server.js"}}',
    });
    expect(services).toEqual([]);
  });

  it.each([
    ['bundle exec puma -C config/puma.rb', true],
    ['RAILS_ENV=production bin/rails server', true],
    ['ruby --yjit app.rb', true],
    ['exec sidekiq -C config/sidekiq.yml', true],
    ['./bin/thrust ./bin/rails server', true],
    ['node server.js', false],
    ['gunicorn app:app', false],
  ])('isRubyCommand(%j) → %s', (cmd, expected) => {
    expect(isRubyCommand(cmd)).toBe(expected);
  });

  it('no lockfile: installs without deployment mode and says how to fix it', () => {
    const { services, diagnostics } = detectMemory({
      Gemfile: 'gem "rack"\n',
      'config.ru': 'run ->(e) { [200, {}, []] }\n',
    });
    expect(services[0]?.commands.install).toBe(
      'bundle config set --local without "development test" && bundle install',
    );
    expect(diagnostics).toEqual([
      expect.objectContaining({
        severity: 'info',
        file: 'Gemfile',
        fix: expect.stringContaining('bundle lock'),
      }),
    ]);
  });

  it('gems.rb is a Bundler manifest too', () => {
    const { services } = detectMemory({ 'gems.rb': 'gem "sinatra"\n', 'gems.locked': '', 'app.rb': '' });
    expect(services[0]).toMatchObject({
      language: 'ruby',
      framework: 'sinatra',
      commands: { start: 'ruby app.rb' },
    });
  });

  it('never reads .env', () => {
    const { services } = detectMemory({
      Gemfile: 'gem "sinatra"\n',
      'app.rb': 'require "sinatra"\n',
      '.env': 'SUPER_SECRET=hunter2\n',
    });
    expect(JSON.stringify(services)).not.toContain('hunter2');
    expect(services[0]?.env.map((e) => e.name)).not.toContain('SUPER_SECRET');
  });
});

describe('rubyDetector never throws on garbage', () => {
  const gemfile =
    'source "https://rubygems.org"\nruby "3.3.0"\ngem "rails"\ngem "pg"\ngroup :test do\n  gem "rspec"\nend\n';
  const lock =
    'GEM\n  remote: https://rubygems.org/\n  specs:\n    rails (7.1.0)\n\nDEPENDENCIES\n  pg\n  rails\n\nRUBY VERSION\n   ruby 3.3.0p0\n\nBUNDLED WITH\n   2.5.3\n';
  const database =
    'default: &default\n  adapter: postgresql\n  pool: <%= ENV.fetch("RAILS_MAX_THREADS") { 5 } %>\nproduction:\n  <<: *default\n';
  const procfile = 'web: bundle exec puma -C config/puma.rb\nworker: bundle exec sidekiq\n';
  const puma = 'port ENV.fetch("PORT") { 3000 }\n';
  const mise = '[tools]\nruby = "3.3.0"\n';
  const garbage = [
    '',
    ' ',
    '\u0000',
    '{',
    '}',
    '[[[[',
    'null',
    '=begin',
    'end\nend\nend',
    '<%= %>',
    ':',
    '*alias',
    '\uFEFFgem "x"',
  ];
  let seed = 7;
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
  const base: Record<string, string> = {
    Gemfile: gemfile,
    'Gemfile.lock': lock,
    '.ruby-version': '3.3.0\n',
    '.tool-versions': 'ruby 3.3.0\n',
    'mise.toml': mise,
    'config/database.yml': database,
    'config/puma.rb': puma,
    Procfile: procfile,
    'config/application.rb': 'module Blog\nend\n',
    'config/routes.rb': 'get "up" => "rails/health#show"\n',
  };

  it.each(Object.keys(base))('mutations of %s', (file) => {
    for (const variant of mutate(base[file] as string)) {
      let result: ReturnType<typeof detectMemory> | undefined;
      expect(() => {
        result = detectMemory({ ...base, [file]: variant });
      }, JSON.stringify(variant)).not.toThrow();
      for (const s of result?.services ?? []) expect(() => Service.parse(s)).not.toThrow();
    }
  });

  it.each([
    ['Gemfile.lock', 'this is not a lockfile'],
    ['config/database.yml', 'production: [\n  adapter: pg'],
    ['mise.toml', '[tools\nruby = '],
    ['.ruby-version', 'three point three'],
    ['Gemfile', 'gem "x"\u0000'],
  ])('an unparseable %s gives a diagnostic naming it', (file, text) => {
    const { diagnostics } = detectMemory({ ...base, [file]: text });
    expect(diagnostics.some((d) => d.file === file)).toBe(true);
  });

  it('unreadable files give diagnostics, not exceptions', () => {
    for (const file of Object.keys(base)) {
      const { diagnostics } = detectMemory({ ...base, [file]: null });
      expect(
        diagnostics.some((d) => d.file === file),
        file,
      ).toBe(true);
    }
  });
});
