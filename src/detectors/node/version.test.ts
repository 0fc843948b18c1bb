import { describe, expect, it } from 'vitest';
import { MemoryRepoFs } from '../../repo/repo-fs.js';
import { type ParsedPackage, parsePackageJsonText } from './parse-package-json.js';
import { detectNodeVersion, parseVersionFile } from './version.js';

describe('parseVersionFile', () => {
  it.each([
    ['20.11.1\n', { kind: 'version', version: '20.11.1', line: 1 }],
    ['v20.11.1', { kind: 'version', version: '20.11.1', line: 1 }],
    ['\n\n  22  \n', { kind: 'version', version: '22', line: 3 }],
    ['# comment\n18.19', { kind: 'version', version: '18.19', line: 2 }],
    ['lts/iron', { kind: 'codename', version: '20', alias: 'lts/iron', line: 1 }],
    ['lts/*', { kind: 'alias', alias: 'lts/*', line: 1 }],
    ['node', { kind: 'alias', alias: 'node', line: 1 }],
    ['lts/unknownname', { kind: 'alias', alias: 'lts/unknownname', line: 1 }],
    ['', { kind: 'empty' }],
    ['twenty', { kind: 'invalid', value: 'twenty', line: 1 }],
  ])('%j', (text, expected) => {
    expect(parseVersionFile(text)).toEqual(expected);
  });

  it('reads nodejs from .tool-versions', () => {
    expect(parseVersionFile('python 3.12.1\nnodejs 20.11.1\n', { asdf: true })).toEqual({
      kind: 'version',
      version: '20.11.1',
      line: 2,
    });
  });
});

function target(files: Record<string, string>, file = 'package.json'): ParsedPackage {
  const r = parsePackageJsonText(file, files[file] as string);
  if (!r.ok) throw new Error('bad test input');
  return r.value;
}

describe('detectNodeVersion', () => {
  it('.nvmrc is explicit and beats engines', () => {
    const files = { 'package.json': '{"engines":{"node":">=18"}}', '.nvmrc': 'v20.11.1\n' };
    const r = detectNodeVersion(new MemoryRepoFs(files), target(files));
    expect(r.version).toBe('20.11.1');
    expect(r.evidence).toEqual([
      { file: '.nvmrc', line: 1, reason: expect.any(String), confidence: 'explicit' },
    ]);
  });

  it('.node-version in the package folder beats .nvmrc at the root', () => {
    const files = { 'api/package.json': '{}', 'api/.node-version': '22.3.0', '.nvmrc': '20' };
    const r = detectNodeVersion(new MemoryRepoFs(files), target(files, 'api/package.json'));
    expect(r.version).toBe('22.3.0');
    expect(r.evidence[0]?.file).toBe('api/.node-version');
  });

  it('engines.node keeps the raw range (strong) with its line', () => {
    const files = { 'package.json': '{\n  "name": "a",\n  "engines": {\n    "node": ">=20"\n  }\n}' };
    const r = detectNodeVersion(new MemoryRepoFs(files), target(files));
    expect(r.version).toBe('>=20');
    expect(r.evidence[0]).toMatchObject({ file: 'package.json', line: 4, confidence: 'strong' });
  });

  it('lts/* gives no version but says why, then engines is used', () => {
    const files = { 'package.json': '{"engines":{"node":"^20"}}', '.nvmrc': 'lts/*' };
    const r = detectNodeVersion(new MemoryRepoFs(files), target(files));
    expect(r.version).toBe('^20');
    expect(r.evidence.map((e) => [e.file, e.confidence])).toEqual([
      ['.nvmrc', 'weak'],
      ['package.json', 'strong'],
    ]);
  });

  it('lts/* alone → null with the reason', () => {
    const files = { 'package.json': '{}', '.nvmrc': 'lts/*' };
    const r = detectNodeVersion(new MemoryRepoFs(files), target(files));
    expect(r.version).toBeNull();
    expect(r.evidence[0]?.reason).toContain('alias');
  });

  it('a garbage .nvmrc is a warning, not a crash', () => {
    const files = { 'package.json': '{}', '.nvmrc': '\u0000\u0001garbage' };
    const r = detectNodeVersion(new MemoryRepoFs(files), target(files));
    expect(r.version).toBeNull();
    expect(r.diagnostics[0]).toMatchObject({ severity: 'warning', file: '.nvmrc', line: 1 });
  });

  it('nothing → null', () => {
    const files = { 'package.json': '{}' };
    expect(detectNodeVersion(new MemoryRepoFs(files), target(files))).toEqual({
      version: null,
      evidence: [],
      diagnostics: [],
    });
  });
});

describe('detectNodeVersion: mise and .tool-versions', () => {
  it.each([
    ['mise.toml', '[tools]\nnode = "20"\n', '20', 2],
    ['.mise.toml', '[tools]\nnode = ["22.3.0", "20"]\n', '22.3.0', 2],
    ['mise.toml', '[tools]\npython = "3.12"\nnode = { version = "18.19.0" }\n', '18.19.0', 3],
    ['mise.toml', '[tools]\nnodejs = "lts/iron"\n', '20', 2],
    ['.tool-versions', 'node 21.7.1\n', '21.7.1', 1],
  ])('%s %j → %s', (name, text, version, line) => {
    const files = { 'package.json': '{"engines":{"node":">=16"}}', [name]: text };
    const r = detectNodeVersion(new MemoryRepoFs(files), target(files));
    expect(r.version).toBe(version);
    expect(r.evidence[0]).toMatchObject({ file: name, line });
    expect(r.diagnostics).toEqual([]);
  });

  it('mise "latest" is an alias (weak); engines.node decides', () => {
    const files = {
      'package.json': '{"engines":{"node":"22.x"}}',
      'mise.toml': '[tools]\nnode = "latest"\n',
    };
    const r = detectNodeVersion(new MemoryRepoFs(files), target(files));
    expect(r.version).toBe('22.x');
    expect(r.evidence.map((e) => [e.file, e.confidence])).toEqual([
      ['mise.toml', 'weak'],
      ['package.json', 'strong'],
    ]);
  });

  it('precedence in one folder: .nvmrc first; a disagreeing mise.toml is a warning naming it', () => {
    const files = { 'package.json': '{}', '.nvmrc': '18', 'mise.toml': '[tools]\nnode = "20"\n' };
    const r = detectNodeVersion(new MemoryRepoFs(files), target(files));
    expect(r.version).toBe('18');
    expect(r.diagnostics).toEqual([
      expect.objectContaining({ severity: 'warning', file: 'mise.toml', line: 2 }),
    ]);
  });

  it('agreeing pins in one folder give no warning', () => {
    const files = { 'package.json': '{}', '.nvmrc': '20.11.1', '.tool-versions': 'nodejs 20.11.0\n' };
    expect(detectNodeVersion(new MemoryRepoFs(files), target(files)).diagnostics).toEqual([]);
  });

  it('an unparsable mise.toml is a warning naming it, never a crash', () => {
    const files = { 'package.json': '{}', 'mise.toml': '[tools\nnode = "20"' };
    const r = detectNodeVersion(new MemoryRepoFs(files), target(files));
    expect(r.version).toBeNull();
    expect(r.diagnostics[0]).toMatchObject({ severity: 'warning', file: 'mise.toml' });
  });
});
