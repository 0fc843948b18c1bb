import { describe, expect, it } from 'vitest';
import { MemoryRepoFs } from '../../repo/repo-fs.js';
import { parseGoModText, parseGoWorkText } from './go-mod.js';
import { compareVersions, detectGoVersion, versionParts } from './version.js';

const mod = (text: string, file = 'go.mod') => parseGoModText(file, text).mod;

describe('detectGoVersion', () => {
  it.each([
    ['go only', { 'go.mod': 'module a\ngo 1.21\n' }, '1.21', 'go.mod'],
    ['toolchain beats go', { 'go.mod': 'module a\ngo 1.21\ntoolchain go1.22.3\n' }, '1.22.3', 'go.mod'],
    [
      'mise beats go.mod',
      { 'go.mod': 'module a\ngo 1.21\ntoolchain go1.22.3\n', 'mise.toml': '[tools]\ngo = "1.23.1"\n' },
      '1.23.1',
      'mise.toml',
    ],
    [
      '.tool-versions (golang)',
      { 'go.mod': 'module a\ngo 1.21\n', '.tool-versions': 'golang 1.22.5\n' },
      '1.22.5',
      '.tool-versions',
    ],
    ['.go-version', { 'go.mod': 'module a\ngo 1.21\n', '.go-version': '1.22.6\n' }, '1.22.6', '.go-version'],
    [
      'mise "latest" pins nothing',
      { 'go.mod': 'module a\ngo 1.21\n', 'mise.toml': '[tools]\ngo = "latest"\n' },
      '1.21',
      'go.mod',
    ],
  ])('%s', (_name, files, version, file) => {
    const fs = new MemoryRepoFs(files);
    const r = detectGoVersion(fs, '.', mod(files['go.mod']), null);
    expect(r.version).toBe(version);
    expect(r.evidence[0]?.file).toBe(file);
  });

  it('a pin older than go.mod requires is a warning', () => {
    const fs = new MemoryRepoFs({ '.tool-versions': 'golang 1.20.1\n' });
    const r = detectGoVersion(fs, '.', mod('module a\ngo 1.21\n'), null);
    expect(r.version).toBe('1.20.1');
    expect(r.diagnostics).toEqual([
      expect.objectContaining({ severity: 'warning', file: '.tool-versions', line: 1 }),
    ]);
  });

  it('a module without a version falls back on go.work', () => {
    const work = parseGoWorkText('go.work', 'go 1.22.1\nuse ./a\n').work;
    const r = detectGoVersion(new MemoryRepoFs({}), 'a', mod('module a\n', 'a/go.mod'), work);
    expect(r).toMatchObject({
      version: '1.22.1',
      evidence: [expect.objectContaining({ file: 'go.work', line: 1 })],
    });
  });

  it('nothing pinned: null', () => {
    expect(detectGoVersion(new MemoryRepoFs({}), '.', null, null).version).toBeNull();
  });
});

describe('version helpers', () => {
  it('compares numerically, not as strings', () => {
    expect(compareVersions(versionParts('1.9') ?? [], versionParts('1.10') ?? [])).toBeLessThan(0);
    expect(compareVersions(versionParts('1.22') ?? [], versionParts('1.22.0') ?? [])).toBe(0);
    expect(versionParts('latest')).toBeNull();
  });
});
