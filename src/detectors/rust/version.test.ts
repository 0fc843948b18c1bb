import { describe, expect, it } from 'vitest';
import { MemoryRepoFs } from '../../repo/repo-fs.js';
import { type CargoManifest, parseCargoTomlText } from './cargo-toml.js';
import { detectRustVersion } from './version.js';

const manifest = (file: string, text: string): CargoManifest => {
  const r = parseCargoTomlText(file, text);
  if (!r.ok) throw new Error('bad');
  return r.value;
};

describe('detectRustVersion', () => {
  it.each([
    [
      'rust-toolchain.toml',
      { 'rust-toolchain.toml': '[toolchain]\nchannel = "1.79.0"\n' },
      '1.79.0',
      'rust-toolchain.toml',
      2,
    ],
    ['legacy rust-toolchain (plain)', { 'rust-toolchain': '1.78\n' }, '1.78', 'rust-toolchain', 1],
    [
      'legacy rust-toolchain (TOML)',
      { 'rust-toolchain': '[toolchain]\nchannel = "1.77.2"\n' },
      '1.77.2',
      'rust-toolchain',
      2,
    ],
    [
      'found in a parent folder',
      { 'rust-toolchain.toml': '[toolchain]\nchannel = "nightly"\n' },
      'nightly',
      'rust-toolchain.toml',
      2,
    ],
    ['mise', { 'mise.toml': '[tools]\nrust = "1.81.0"\n' }, '1.81.0', 'mise.toml', 2],
    [
      'toolchain file beats mise',
      {
        'mise.toml': '[tools]\nrust = "1.81.0"\n',
        'svc/rust-toolchain.toml': '[toolchain]\nchannel = "1.80.0"\n',
      },
      '1.80.0',
      'svc/rust-toolchain.toml',
      2,
    ],
    ['rust-version only', {}, '>=1.74', 'svc/Cargo.toml', 3],
  ])('%s', (_name, files, version, file, line) => {
    const m = manifest('svc/Cargo.toml', '[package]\nname = "s"\nrust-version = "1.74"\n');
    const r = detectRustVersion(new MemoryRepoFs(files), 'svc', m, null);
    expect(r.version).toBe(version);
    expect(r.evidence[0]).toMatchObject({ file, line });
  });

  it('inherits rust-version from the workspace', () => {
    const root = manifest(
      'Cargo.toml',
      '[workspace]\nmembers = ["a"]\n[workspace.package]\nrust-version = "1.70"\n',
    );
    const m = manifest('a/Cargo.toml', '[package]\nname = "a"\nrust-version.workspace = true\n');
    expect(detectRustVersion(new MemoryRepoFs({}), 'a', m, root)).toMatchObject({
      version: '>=1.70',
      evidence: [expect.objectContaining({ file: 'Cargo.toml', line: 4 })],
    });
  });

  it('a toolchain file without a channel is a warning; nothing pinned is null', () => {
    const m = manifest('Cargo.toml', '[package]\nname = "s"\n');
    const r = detectRustVersion(
      new MemoryRepoFs({ 'rust-toolchain.toml': '[toolchain]\ncomponents = ["clippy"]\n' }),
      '.',
      m,
      null,
    );
    expect(r.version).toBeNull();
    expect(r.diagnostics).toEqual([
      expect.objectContaining({ severity: 'warning', file: 'rust-toolchain.toml' }),
    ]);
  });
});
