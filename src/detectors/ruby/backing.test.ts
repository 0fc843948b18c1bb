import { describe, expect, it } from 'vitest';
import { MemoryRepoFs } from '../../repo/repo-fs.js';
import { detectRubyBacking, parseDatabaseYml } from './backing.js';
import { readGems } from './gemfile.js';

function backingOf(files: Record<string, string>, envNames: string[] = [], rails = false) {
  const fs = new MemoryRepoFs(files);
  return detectRubyBacking(fs, '.', readGems(fs, '.', 'Gemfile').index, new Set(envNames), rails);
}

describe('parseDatabaseYml', () => {
  it('reads the production adapter through ERB tags and YAML merge keys', () => {
    const text = [
      'default: &default',
      '  adapter: postgresql',
      '  pool: <%= ENV.fetch("RAILS_MAX_THREADS") { 5 } %>',
      'development:',
      '  <<: *default',
      '  adapter: sqlite3',
      'production:',
      '  <<: *default',
      '  url: <%= ENV["PRIMARY_DB_URL"] %>',
      '<% if ENV["X"] %>',
      '<% end %>',
    ].join('\n');
    expect(parseDatabaseYml(text)).toEqual({
      value: { adapter: 'postgresql', adapterLine: 2, urlEnv: 'PRIMARY_DB_URL' },
      invalid: null,
    });
  });

  it('reads Rails multi-database production sections', () => {
    const text = 'production:\n  primary:\n    adapter: mysql2\n  cache:\n    adapter: sqlite3\n';
    expect(parseDatabaseYml(text).value?.adapter).toBe('mysql2');
  });

  it('falls back to a line regex for invalid YAML and says so; an empty file is nothing', () => {
    const r = parseDatabaseYml('production:\n  adapter: trilogy\n  bad: [unclosed\n');
    expect(r.value?.adapter).toBe('trilogy');
    expect(r.invalid).toMatch(/\S/);
    expect(parseDatabaseYml('   \n')).toEqual({ value: null, invalid: null });
  });
});

describe('detectRubyBacking', () => {
  it('maps gems to kinds, only production gems, one entry per kind with merged evidence', () => {
    const { backing } = backingOf({
      Gemfile: [
        'gem "pg"',
        'gem "redis"',
        'gem "sidekiq"',
        'gem "bunny"',
        'gem "rdkafka"',
        'gem "mongoid"',
        'gem "aws-sdk-s3"',
        'gem "sqlite3", group: :development',
      ].join('\n'),
    });
    expect(backing.map((b) => [b.kind, b.via])).toEqual([
      ['kafka', 'rdkafka'],
      ['mongodb', 'mongoid'],
      ['postgresql', 'pg'],
      ['rabbitmq', 'bunny'],
      ['redis', 'redis'],
      ['s3', 'aws-sdk-s3'],
    ]);
    expect(backing.find((b) => b.kind === 'redis')?.evidence).toHaveLength(2);
  });

  it('names the env var the app reads, else the one the gem reads by itself', () => {
    const r = backingOf({ Gemfile: 'gem "sidekiq"\ngem "bunny"\n' }, ['CLOUDAMQP_URL']);
    expect(Object.fromEntries(r.backing.map((b) => [b.kind, b.envVar]))).toEqual({
      rabbitmq: 'CLOUDAMQP_URL',
      redis: 'REDIS_URL',
    });
    expect(r.implicitEnv.map((e) => e.name)).toEqual(['REDIS_URL']);
  });

  it('database.yml names the database; Rails reads DATABASE_URL by itself', () => {
    const r = backingOf(
      { Gemfile: 'gem "rails"\n', 'config/database.yml': 'production:\n  adapter: postgresql\n' },
      [],
      true,
    );
    expect(r.backing).toEqual([
      expect.objectContaining({ kind: 'postgresql', via: 'activerecord', envVar: 'DATABASE_URL' }),
    ]);
    expect(r.implicitEnv).toEqual([expect.objectContaining({ name: 'DATABASE_URL', secret: true })]);
  });

  it('reports invalid database.yml and unknown adapters, naming the file', () => {
    const bad = backingOf({ Gemfile: '', 'config/database.yml': 'production: [\n  adapter: postgresql\n' });
    expect(bad.diagnostics[0]).toMatchObject({ severity: 'warning', file: 'config/database.yml' });
    expect(bad.backing.map((b) => b.kind)).toEqual(['postgresql']);
    const odd = backingOf({
      Gemfile: '',
      'config/database.yml': 'production:\n  adapter: oracle_enhanced\n',
    });
    expect(odd.backing).toEqual([]);
    expect(odd.diagnostics[0]).toMatchObject({ severity: 'info', file: 'config/database.yml', line: 2 });
  });
});
