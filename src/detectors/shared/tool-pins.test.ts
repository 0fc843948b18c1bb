import { describe, expect, it } from 'vitest';
import { MemoryRepoFs } from '../../repo/repo-fs.js';
import { findToolPin, toolVersionsPin } from './tool-pins.js';

describe('findToolPin', () => {
  it('prefers a version file, then mise, then .tool-versions, nearest folder first', () => {
    const fs = new MemoryRepoFs({
      '.tool-versions': 'zig 0.11.0\n',
      'svc/mise.toml': '[tools]\nzig = "0.12.0"\n',
      'svc/.tool-versions': 'zig 0.10.0\n',
    });
    expect(findToolPin(fs, 'svc', ['zig']).pin?.version).toBe('0.12.0');
    expect(findToolPin(fs, 'other', ['zig']).pin).toMatchObject({
      version: '0.11.0',
      evidence: { file: '.tool-versions', line: 1 },
    });
    const withFile = new MemoryRepoFs({
      '.zigversion': 'v0.13.0\n',
      'mise.toml': '[tools]\nzig = "0.12.0"\n',
    });
    expect(findToolPin(withFile, '.', ['zig'], ['.zigversion']).pin?.version).toBe('0.13.0');
  });

  it('reads mise tables and lists, and reports invalid TOML by file', () => {
    expect(
      findToolPin(new MemoryRepoFs({ 'mise.toml': '[tools]\ngleam = { version = "1.5.0" }\n' }), '.', [
        'gleam',
      ]).pin?.version,
    ).toBe('1.5.0');
    expect(
      findToolPin(new MemoryRepoFs({ 'mise.toml': '[tools]\ngleam = ["1.4.0", "1.3.0"]\n' }), '.', ['gleam'])
        .pin?.version,
    ).toBe('1.4.0');
    const bad = findToolPin(new MemoryRepoFs({ 'mise.toml': '[tools\n' }), '.', ['gleam']);
    expect(bad.pin).toBeNull();
    expect(bad.diagnostics).toEqual([expect.objectContaining({ file: 'mise.toml', severity: 'warning' })]);
  });

  it('ignores other tools and comments in .tool-versions', () => {
    expect(
      toolVersionsPin('.tool-versions', '# pins\nnodejs 20\ngleam 1.13.0 # ok\n', ['gleam'])?.version,
    ).toBe('1.13.0');
    expect(toolVersionsPin('.tool-versions', 'nodejs 20\n', ['gleam'])).toBeNull();
  });
});
