import { describe, expect, it } from 'vitest';
import { MemoryRepoFs } from '../../repo/repo-fs.js';
import { gemIndex, isProductionGem, parseGemfile, parseLockfile, readGems } from './gemfile.js';

describe('parseGemfile', () => {
  const text = [
    'source "https://rubygems.org"', // 1
    'ruby "3.2.2"', // 2
    '', // 3
    'gem "rails", "~> 7.1"', // 4
    "gem 'pg' # postgres", // 5
    '# gem "mysql2"', // 6
    'gem "rspec-rails", group: :test', // 7
    'gem "pry", groups: [:development, :test]', // 8
    'group :development, :test do', // 9
    '  gem "debug"', // 10
    '  platforms :mri do', // 11
    '    gem "byebug"', // 12
    '  end', // 13
    'end', // 14
    'group :production do', // 15
    '  gem "rack-timeout"', // 16
    'end', // 17
    'if ENV["USE_REDIS"]', // 18
    '  gem "redis"', // 19
    'end', // 20
    'gem("puma", ">= 5")', // 21
  ].join('\n');
  const g = parseGemfile('Gemfile', text);

  it('reads gem lines with their lines, skipping commented ones', () => {
    expect(g.gems.map((x) => [x.name, x.line])).toEqual([
      ['rails', 4],
      ['pg', 5],
      ['rspec-rails', 7],
      ['pry', 8],
      ['debug', 10],
      ['byebug', 12],
      ['rack-timeout', 16],
      ['redis', 19],
      ['puma', 21],
    ]);
  });

  it('tracks groups from blocks and inline options', () => {
    const groups = Object.fromEntries(g.gems.map((x) => [x.name, x.groups]));
    expect(groups).toMatchObject({
      rails: [],
      'rspec-rails': ['test'],
      pry: ['development', 'test'],
      debug: ['development', 'test'],
      byebug: ['development', 'test'],
      'rack-timeout': ['production'],
      redis: [],
      puma: [],
    });
    const prod = g.gems.filter(isProductionGem).map((x) => x.name);
    expect(prod).toEqual(['rails', 'pg', 'rack-timeout', 'redis', 'puma']);
  });

  it('reads the ruby directive: a version, or a file it points at', () => {
    expect(g.ruby).toEqual({ requirement: '3.2.2', file: null, line: 2 });
    expect(parseGemfile('Gemfile', 'ruby file: ".ruby-version"\n').ruby).toEqual({
      requirement: null,
      file: '.ruby-version',
      line: 1,
    });
    expect(parseGemfile('Gemfile', "ruby File.read('.ruby-version').strip\n").ruby?.file).toBe(
      '.ruby-version',
    );
    expect(parseGemfile('Gemfile', 'ruby_version = "3"\n').ruby).toBeNull();
  });
});

describe('parseLockfile', () => {
  const lock = [
    'GEM',
    '  remote: https://rubygems.org/',
    '  specs:',
    '    puma (6.4.2)',
    '      nio4r (~> 2.0)',
    '    sqlite3 (1.7.3-x86_64-linux)',
    '',
    'PLATFORMS',
    '  x86_64-linux',
    '',
    'DEPENDENCIES',
    '  puma (>= 5.0)',
    '  sqlite3',
    '',
    'RUBY VERSION',
    '   ruby 3.1.2p20',
    '',
    'BUNDLED WITH',
    '   2.3.7',
  ].join('\n');

  it('reads specs, dependencies, the Ruby version without patch level, and Bundler', () => {
    const l = parseLockfile('Gemfile.lock', lock);
    expect(l).not.toBeNull();
    expect([...(l?.specs ?? [])]).toEqual([
      ['puma', '6.4.2'],
      ['sqlite3', '1.7.3'],
    ]);
    expect([...(l?.dependencies.keys() ?? [])]).toEqual(['puma', 'sqlite3']);
    expect(l?.rubyVersion).toEqual({ version: '3.1.2', line: 16 });
    expect(l?.bundledWith).toEqual({ version: '2.3.7', line: 19 });
  });

  it('returns null for text that is not a lockfile', () => {
    expect(parseLockfile('Gemfile.lock', 'hello world\nthis is not a lockfile')).toBeNull();
  });
});

describe('gemIndex', () => {
  it('a development-only gem is not a production gem, but is installed', () => {
    const idx = gemIndex(
      parseGemfile('Gemfile', 'group :development do\n  gem "sqlite3"\nend\n'),
      null,
      null,
    );
    expect(idx.direct('sqlite3')).toBeNull();
    expect(idx.any('sqlite3')).toMatchObject({ source: 'gemfile', line: 2 });
  });

  it('falls back to the lockfile DEPENDENCIES when the Gemfile is empty', () => {
    const lock = parseLockfile('Gemfile.lock', 'DEPENDENCIES\n  rails (~> 7.0)\n');
    const idx = gemIndex(parseGemfile('Gemfile', ''), lock, 'Gemfile.lock');
    expect(idx.direct('rails')).toMatchObject({ source: 'lock-dependency', file: 'Gemfile.lock', line: 2 });
  });

  it('transitive specs count only as installed', () => {
    const lock = parseLockfile(
      'Gemfile.lock',
      'GEM\n  specs:\n    rack (3.0.0)\n\nDEPENDENCIES\n  sinatra\n',
    );
    const idx = gemIndex(parseGemfile('Gemfile', 'gem "sinatra"\n'), lock, 'Gemfile.lock');
    expect(idx.direct('rack')).toBeNull();
    expect(idx.any('rack')).toMatchObject({ source: 'lock-spec' });
  });
});

describe('readGems', () => {
  it('an empty lockfile is present but says nothing; a garbage one is reported', () => {
    const empty = readGems(new MemoryRepoFs({ Gemfile: 'gem "puma"\n', 'Gemfile.lock': '' }), '.', 'Gemfile');
    expect(empty.index.lockFile).toBe('Gemfile.lock');
    expect(empty.index.lock).toBeNull();
    expect(empty.diagnostics).toEqual([]);
    const junk = readGems(new MemoryRepoFs({ Gemfile: '', 'Gemfile.lock': 'junk junk' }), '.', 'Gemfile');
    expect(junk.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'warning',
        file: 'Gemfile.lock',
        fix: 'regenerate it with `bundle lock`',
      }),
    ]);
  });

  it('an unreadable Gemfile is a warning naming it', () => {
    const r = readGems(new MemoryRepoFs({ 'api/Gemfile': null }), 'api', 'Gemfile');
    expect(r.diagnostics).toEqual([expect.objectContaining({ severity: 'warning', file: 'api/Gemfile' })]);
    expect(r.index.gemfile).toBeNull();
  });
});
