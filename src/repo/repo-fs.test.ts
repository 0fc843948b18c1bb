import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DiskRepoFs, MemoryRepoFs } from './repo-fs.js';

let root: string;
const write = (rel: string, content: string | Buffer = '') => {
  mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  writeFileSync(path.join(root, rel), content);
};

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'shipready-repofs-'));
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('DiskRepoFs', () => {
  it('lists files with POSIX paths, sorted, skipping dependency and VCS folders', () => {
    write('package.json', '{}');
    write('src/index.ts');
    write('node_modules/x/package.json', '{}');
    write('.git/config');
    write('apps/web/node_modules/y/index.js');
    expect(new DiskRepoFs(root).files()).toEqual(['package.json', 'src/index.ts']);
  });

  it('honours .gitignore at the root and in sub-folders', () => {
    write('.gitignore', 'build/\n*.log\n');
    write('build/out.js');
    write('debug.log');
    write('apps/api/.gitignore', 'generated/\n');
    write('apps/api/generated/a.ts');
    write('apps/api/src/a.ts');
    write('generated/kept.ts');
    expect(new DiskRepoFs(root).files()).toEqual([
      '.gitignore',
      'apps/api/.gitignore',
      'apps/api/src/a.ts',
      'generated/kept.ts',
    ]);
  });

  it('does not follow symlinked folders, so a symlink loop cannot trap the walk', () => {
    write('a/file.txt', 'x');
    symlinkSync('..', path.join(root, 'a', 'loop'));
    const fs = new DiskRepoFs(root);
    expect(fs.files()).toEqual(['a/file.txt', 'a/loop']);
    expect(fs.readText('a/loop')).toMatchObject({ ok: false, reason: 'unreadable' });
  });

  it('refuses to read through a symlink that leaves the repository', () => {
    const outside = mkdtempSync(path.join(tmpdir(), 'shipready-outside-'));
    writeFileSync(path.join(outside, 'secret'), 'password');
    symlinkSync(path.join(outside, 'secret'), path.join(root, 'package.json'));
    expect(new DiskRepoFs(root).readText('package.json')).toMatchObject({
      ok: false,
      reason: 'outside-repo',
    });
    rmSync(outside, { recursive: true, force: true });
  });

  it('reads text, and reports missing, binary and too-large files without throwing', () => {
    write('ok.txt', 'héllo');
    write('bin.dat', Buffer.from([0x50, 0x00, 0x51]));
    write('big.json', 'x'.repeat(2048));
    const fs = new DiskRepoFs(root, { maxReadBytes: 1024 });
    expect(fs.readText('ok.txt')).toEqual({ ok: true, text: 'héllo' });
    expect(fs.readText('nope.txt')).toMatchObject({ ok: false, reason: 'missing' });
    expect(fs.readText('bin.dat')).toMatchObject({ ok: false, reason: 'binary' });
    expect(fs.readText('big.json')).toMatchObject({ ok: false, reason: 'too-large' });
    expect(fs.readText('../etc/passwd')).toMatchObject({ ok: false, reason: 'outside-repo' });
  });

  it('reports a FIFO or a folder with a manifest name as unreadable instead of blocking', () => {
    execFileSync('mkfifo', [path.join(root, 'package.json')]);
    mkdirSync(path.join(root, 'go.mod'));
    const fs = new DiskRepoFs(root);
    expect(fs.readText('package.json')).toMatchObject({
      ok: false,
      reason: 'unreadable',
      message: 'not a regular file',
    });
    expect(fs.readText('go.mod')).toMatchObject({ ok: false, reason: 'unreadable' });
  });

  it('throws one clear error for a missing folder or a file', () => {
    expect(() => new DiskRepoFs(path.join(root, 'missing'))).toThrow(
      /missing: no such directory — pass the path/,
    );
    write('file.txt');
    expect(() => new DiskRepoFs(path.join(root, 'file.txt'))).toThrow(/file\.txt: not a directory/);
  });

  it('answers exists and filesIn from the one walk', () => {
    write('a/b.txt');
    write('a/c/d.txt');
    const fs = new DiskRepoFs(root);
    expect(fs.exists('a/b.txt')).toBe(true);
    expect(fs.exists('./a/b.txt')).toBe(true);
    expect(fs.exists('a/c')).toBe(false);
    expect(fs.filesIn('a')).toEqual(['a/b.txt']);
  });
});

describe('MemoryRepoFs', () => {
  it('simulates unreadable files with null', () => {
    const fs = new MemoryRepoFs({ 'a.json': '{}', 'b.json': null });
    expect(fs.readText('a.json')).toEqual({ ok: true, text: '{}' });
    expect(fs.readText('b.json')).toMatchObject({ ok: false, reason: 'unreadable' });
    expect(fs.files()).toEqual(['a.json', 'b.json']);
  });
});
