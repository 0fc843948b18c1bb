import { describe, expect, it } from 'vitest';
import { MemoryRepoFs } from '../../repo/repo-fs.js';
import { tomlDiagnostic } from './toml.js';
import { findToolchainPin } from './toolchain-pins.js';

describe('findToolchainPin', () => {
  it.each([
    ['mise string', { 'mise.toml': '[tools]\nnode = "20"\ngo = "1.22.3"\n' }, '1.22.3', 'mise.toml', 3],
    ['mise list (first wins)', { '.mise.toml': '[tools]\ngo = ["1.22", "1.21"]\n' }, '1.22', '.mise.toml', 2],
    ['mise table', { 'mise.toml': '[tools]\ngo = { version = "1.21.9" }\n' }, '1.21.9', 'mise.toml', 2],
    [
      '.tool-versions alias',
      { '.tool-versions': '# pins\nnodejs 20\ngolang 1.22.1 1.21.0\n' },
      '1.22.1',
      '.tool-versions',
      3,
    ],
    [
      'nearest folder wins',
      { 'svc/.tool-versions': 'golang 1.23.0\n', 'mise.toml': '[tools]\ngo = "1.21"\n' },
      '1.23.0',
      'svc/.tool-versions',
      1,
    ],
  ])('%s', (_name, files, version, file, line) => {
    const { pin, diagnostics } = findToolchainPin(new MemoryRepoFs(files), 'svc', ['go', 'golang']);
    expect(diagnostics).toEqual([]);
    expect(pin).toMatchObject({ version, evidence: { file, line, confidence: 'explicit' } });
  });

  it('other tools only: null', () => {
    expect(
      findToolchainPin(new MemoryRepoFs({ '.tool-versions': 'nodejs 20\n' }), '.', ['go']).pin,
    ).toBeNull();
  });

  it('invalid mise.toml: an error with the line, then the next file is tried', () => {
    const { pin, diagnostics } = findToolchainPin(
      new MemoryRepoFs({ 'mise.toml': '[tools]\ngo = \n', '.tool-versions': 'golang 1.22.0\n' }),
      '.',
      ['golang'],
    );
    expect(pin?.version).toBe('1.22.0');
    expect(diagnostics).toEqual([expect.objectContaining({ severity: 'error', file: 'mise.toml', line: 2 })]);
  });

  it('tomlDiagnostic keeps only the first line of the parser message', () => {
    expect(tomlDiagnostic('x.toml', new Error('Invalid TOML document: bad\n\n1: x'), 'fix it')).toEqual({
      severity: 'error',
      file: 'x.toml',
      message: 'invalid TOML: bad',
      fix: 'fix it',
    });
  });
});
