import { describe, expect, it } from 'vitest';
import { MemoryRepoFs } from '../../repo/repo-fs.js';
import { type CargoManifest, parseCargoTomlText } from './cargo-toml.js';
import { findBins, isWorkspaceMember, memberGlobRegex } from './targets.js';

const manifest = (file: string, text: string): CargoManifest => {
  const r = parseCargoTomlText(file, text);
  if (!r.ok) throw new Error('bad manifest');
  return r.value;
};

describe('findBins', () => {
  it('discovers src/main.rs, src/bin/*.rs and src/bin/<name>/main.rs', () => {
    const fs = new MemoryRepoFs({
      'svc/src/main.rs': '',
      'svc/src/bin/a.rs': '',
      'svc/src/bin/b/main.rs': '',
      'svc/src/bin/b/util.rs': '',
      'svc/src/lib.rs': '',
    });
    const { bins } = findBins(fs, manifest('svc/Cargo.toml', '[package]\nname = "svc"\n'));
    expect(bins.map((b) => [b.name, b.file])).toEqual([
      ['a', 'svc/src/bin/a.rs'],
      ['b', 'svc/src/bin/b/main.rs'],
      ['svc', 'svc/src/main.rs'],
    ]);
  });

  it('a [[bin]] renames the target that uses the same file', () => {
    const fs = new MemoryRepoFs({ 'src/main.rs': '' });
    const { bins } = findBins(
      fs,
      manifest('Cargo.toml', '[package]\nname = "svc"\n\n[[bin]]\nname = "server"\npath = "src/main.rs"\n'),
    );
    expect(bins.map((b) => [b.name, b.evidence.confidence, b.evidence.line])).toEqual([
      ['server', 'explicit', 4],
    ]);
  });

  it('a [[bin]] without path is looked up by name', () => {
    const fs = new MemoryRepoFs({ 'src/bin/worker.rs': '', 'src/main.rs': '' });
    const { bins } = findBins(
      fs,
      manifest('Cargo.toml', '[package]\nname = "svc"\nautobins = false\n\n[[bin]]\nname = "worker"\n'),
    );
    expect(bins.map((b) => b.name)).toEqual(['worker']);
  });

  it('a library crate and a virtual workspace have no binaries', () => {
    const fs = new MemoryRepoFs({ 'src/lib.rs': '' });
    expect(findBins(fs, manifest('Cargo.toml', '[package]\nname = "lib"\n')).bins).toEqual([]);
    expect(findBins(fs, manifest('Cargo.toml', '[workspace]\nmembers = ["a"]\n')).bins).toEqual([]);
  });

  it('a [[bin]] without a name is an error with its line', () => {
    const fs = new MemoryRepoFs({ 'src/main.rs': '' });
    const { bins, diagnostics } = findBins(
      fs,
      manifest('Cargo.toml', '[package]\nname = "x"\n[[bin]]\npath = "src/main.rs"\n'),
    );
    expect(bins.map((b) => b.name)).toEqual(['x']);
    expect(diagnostics).toEqual([expect.objectContaining({ severity: 'error', line: 3 })]);
  });
});

describe('workspace membership', () => {
  it.each([
    ['crates/*', 'crates/api', true],
    ['crates/*', 'crates/api/nested', false],
    ['crates/**', 'crates/api/nested', true],
    ['./binary', 'binary', true],
    ['svc-?', 'svc-a', true],
    ['svc-?', 'svc-ab', false],
    ['a.b', 'axb', false],
  ])('%s matches %s: %s', (pattern, dir, expected) => {
    expect(memberGlobRegex(pattern).test(dir)).toBe(expected);
  });

  it('excluded paths (and everything below them) are not members; the root package is', () => {
    const root = manifest(
      'Cargo.toml',
      '[package]\nname = "root"\n[workspace]\nmembers = ["crates/*", "tools/*"]\nexclude = ["crates/legacy", "tools"]\n',
    );
    expect(
      ['.', 'crates/api', 'crates/legacy', 'tools/gen', 'other'].map((d) => isWorkspaceMember(root, d)),
    ).toEqual([true, true, false, false, false]);
  });
});
