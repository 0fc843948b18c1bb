import { describe, expect, it } from 'vitest';
import { MemoryRepoFs } from '../../repo/repo-fs.js';
import { readGems } from './gemfile.js';
import { cleanRubyVersion, detectRubyVersion, rubyRequirementVersion } from './version.js';

function versionOf(files: Record<string, string | null>, dir = '.') {
  const fs = new MemoryRepoFs(files);
  const gems = readGems(fs, dir, 'Gemfile').index;
  return detectRubyVersion(fs, dir, gems);
}

describe('rubyRequirementVersion', () => {
  it.each([
    ['3.2.2', '3.2.2'],
    ['= 3.1.4', '3.1.4'],
    ['~> 3.2.0', '3.2'],
    ['~> 3.2', '3'],
    ['>= 3.1', '>= 3.1'],
  ])('%s → %s', (req, v) => {
    expect(rubyRequirementVersion(req)).toBe(v);
  });
});

describe('cleanRubyVersion', () => {
  it.each([
    ['3.3.0', '3.3.0'],
    ['ruby-3.2.2', '3.2.2'],
    ['3.2.2@myapp', '3.2.2'],
    ['2.7.8-p225', '2.7.8'],
    ['jruby-9.4.5.0', null],
    ['latest', null],
  ])('%s → %s', (raw, v) => {
    expect(cleanRubyVersion(raw)).toBe(v);
  });
});

describe('detectRubyVersion', () => {
  it('the Gemfile ruby directive outranks .ruby-version and the lockfile; all are evidence', () => {
    const r = versionOf({
      Gemfile: 'ruby "3.3.1"\ngem "rack"\n',
      '.ruby-version': '3.2.0\n',
      'Gemfile.lock': 'RUBY VERSION\n   ruby 3.1.2p20\n\nBUNDLED WITH\n   2.4.1\n',
    });
    expect(r.version).toBe('3.3.1');
    expect(r.evidence.map((e) => [e.file, e.confidence])).toEqual([
      ['Gemfile', 'explicit'],
      ['.ruby-version', 'weak'],
      ['Gemfile.lock', 'weak'],
    ]);
    expect(r.evidence[1]?.reason).toMatch(/outranked by Gemfile/);
  });

  it('follows ruby file: to the version file', () => {
    const r = versionOf({ Gemfile: 'ruby file: ".ruby-version"\n', '.ruby-version': 'ruby-3.3.4\n' });
    expect(r.version).toBe('3.3.4');
    expect(r.evidence[0]?.reason).toMatch(/reads the Ruby version from \.ruby-version/);
  });

  it('mise.toml outranks .ruby-version (mise reads its own file first); "latest" pins nothing', () => {
    expect(
      versionOf({ Gemfile: '', 'mise.toml': '[tools]\nruby = "3"\n', '.ruby-version': '3.2.1\n' }).version,
    ).toBe('3');
    expect(versionOf({ Gemfile: '', 'mise.toml': '[tools]\nruby = "latest"\n' }).version).toBeNull();
  });

  it('reads .tool-versions and version files of parent folders', () => {
    const r = versionOf({ 'api/Gemfile': '', '.tool-versions': 'nodejs 20.1.0\nruby 3.2.4\n' }, 'api');
    expect(r.version).toBe('3.2.4');
    expect(r.evidence[0]).toMatchObject({ file: '.tool-versions', line: 2 });
  });

  it('the lockfile RUBY VERSION is used last, as strong evidence', () => {
    const r = versionOf({ Gemfile: '', 'Gemfile.lock': 'RUBY VERSION\n   ruby 3.1.2p20\n' });
    expect(r.version).toBe('3.1.2');
    expect(r.evidence[0]?.confidence).toBe('strong');
  });

  it('reports a version file that holds no version, and broken mise.toml, naming the file', () => {
    const r = versionOf({ Gemfile: '', '.ruby-version': 'banana\n', 'mise.toml': '[tools\nruby=' });
    expect(r.version).toBeNull();
    expect(r.diagnostics.map((d) => d.file).sort()).toEqual(['.ruby-version', 'mise.toml']);
  });
});
