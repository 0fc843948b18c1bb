import { describe, expect, it } from 'vitest';
import { MemoryRepoFs } from '../../repo/repo-fs.js';
import { parseComposerJson } from './composer.js';
import { cleanPhpVersion, detectPhpVersion, phpConstraintVersion } from './version.js';

describe('phpConstraintVersion', () => {
  it.each([
    ['^8.2', '8.2'],
    ['~8.1.0', '8.1'],
    ['~8.3', '8.3'],
    ['>=8.1', '8.1'],
    ['>=8.1 <8.4', '8.1'],
    ['>=8.1, <8.4', '8.1'],
    ['8.2.*', '8.2'],
    ['8.*', '8.0'],
    ['^7.4 || ^8.0', '8.0'],
    ['^7.4|^8.1', '8.1'],
    ['8.3.1', '8.3'],
    ['*', null],
    ['dev-main', null],
  ])('%s → %s', (c, v) => {
    expect(phpConstraintVersion(c)).toBe(v);
  });
});

describe('cleanPhpVersion', () => {
  it.each([
    ['8.3', '8.3'],
    ['8.3.1', '8.3.1'],
    ['php-8.2.4', '8.2.4'],
    ['8', null],
    ['latest', null],
  ])('%s → %s', (raw, v) => {
    expect(cleanPhpVersion(raw)).toBe(v);
  });
});

describe('detectPhpVersion', () => {
  const composer = (json: object) => {
    const r = parseComposerJson('composer.json', JSON.stringify(json, null, 2));
    if (!r.ok) throw new Error('bad fixture');
    return r.value;
  };

  it('.php-version outranks composer.json; the constraint stays as weak evidence', () => {
    const r = detectPhpVersion(
      new MemoryRepoFs({ '.php-version': '8.3\n' }),
      '.',
      composer({ require: { php: '>=8.1' } }),
    );
    expect(r.version).toBe('8.3');
    expect(r.evidence.map((e) => [e.file, e.confidence])).toEqual([
      ['.php-version', 'explicit'],
      ['composer.json', 'weak'],
    ]);
  });

  it('config.platform.php outranks require.php', () => {
    const r = detectPhpVersion(
      new MemoryRepoFs({}),
      '.',
      composer({ require: { php: '^8.1' }, config: { platform: { php: '8.2.15' } } }),
    );
    expect(r.version).toBe('8.2.15');
    expect(r.evidence[0]?.reason).toMatch(/config\.platform\.php/);
  });

  it('reads mise.toml and .tool-versions in parent folders', () => {
    expect(detectPhpVersion(new MemoryRepoFs({ '.tool-versions': 'php 8.3.2\n' }), 'web', null).version).toBe(
      '8.3.2',
    );
    expect(
      detectPhpVersion(new MemoryRepoFs({ 'mise.toml': '[tools]\nphp = "8.4"\n' }), '.', null).version,
    ).toBe('8.4');
  });

  it('an unusable constraint or version file is reported, naming the file', () => {
    const r = detectPhpVersion(
      new MemoryRepoFs({ '.php-version': 'eight\n', 'mise.toml': 'tools = [' }),
      '.',
      composer({ require: { php: '*' } }),
    );
    expect(r.version).toBeNull();
    expect(r.diagnostics.map((d) => d.file).sort()).toEqual(['.php-version', 'composer.json', 'mise.toml']);
  });
});
