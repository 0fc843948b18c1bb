import { execFileSync } from 'node:child_process';
import {
  type Dirent,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DiskRepoFs, decodeText, MemoryRepoFs, walkDiagnostics } from './repo-fs.js';

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

  it('answers filesUnder and filesNamed from the one walk', () => {
    write('a/package.json');
    write('a/b/package.json');
    write('a-b/package.json');
    write('a.txt');
    write('package.json');
    write('ab/x.txt');
    const fs = new DiskRepoFs(root);
    expect(fs.filesUnder('a')).toEqual(['a/b/package.json', 'a/package.json']);
    expect(fs.filesUnder('./a/')).toEqual(['a/b/package.json', 'a/package.json']);
    expect(fs.filesUnder('a/b')).toEqual(['a/b/package.json']);
    expect(fs.filesUnder('.')).toEqual(fs.files());
    expect(fs.filesUnder('missing')).toEqual([]);
    expect(fs.filesUnder('a.txt')).toEqual([]);
    expect(fs.filesNamed('package.json')).toEqual([
      'a-b/package.json',
      'a/b/package.json',
      'a/package.json',
      'package.json',
    ]);
    expect(fs.filesNamed('go.mod')).toEqual([]);
    expect(fs.filesIn('.')).toEqual(['a.txt', 'package.json']);
  });
});

describe('DiskRepoFs bad input', () => {
  it('records folders it cannot read, keeps walking the rest, and turns them into diagnostics', () => {
    write('apps/api/package.json', '{}');
    write('apps/secret/package.json', '{}');
    write('apps/secret/deep/x.txt');
    const denied = path.join(root, 'apps', 'secret');
    // Tests run as root, where chmod 000 does not stop readdir: inject the failure instead.
    const readDir = (dir: string): Dirent[] => {
      if (path.resolve(dir) === denied) {
        throw Object.assign(new Error(`EACCES: permission denied, scandir '${dir}'`), { code: 'EACCES' });
      }
      return readdirSync(dir, { withFileTypes: true });
    };
    const fs = new DiskRepoFs(root, { readDir });
    expect(fs.files()).toEqual(['apps/api/package.json']);
    expect(fs.walkProblems()).toEqual([
      { path: 'apps/secret', kind: 'folder', message: 'permission denied' },
    ]);
    expect(walkDiagnostics(fs)).toEqual([
      expect.objectContaining({
        severity: 'warning',
        file: 'apps/secret',
        message: 'folder not scanned (permission denied); files in it were not detected',
      }),
    ]);
  });

  it('reports an unreadable root as a problem at "."', () => {
    write('package.json', '{}');
    const fs = new DiskRepoFs(root, {
      readDir: () => {
        throw Object.assign(new Error('EIO: i/o error'), { code: 'EIO' });
      },
    });
    expect(fs.files()).toEqual([]);
    expect(fs.walkProblems()).toEqual([{ path: '.', kind: 'folder', message: 'EIO: i/o error' }]);
  });

  it('has no walk problems for a readable tree', () => {
    write('a/b.txt');
    expect(new DiskRepoFs(root).walkProblems()).toEqual([]);
  });

  it('skips FIFOs (even one named like a manifest or .gitignore) without opening them, and says so', () => {
    write('src/a.ts');
    execFileSync('mkfifo', [path.join(root, '.gitignore')]);
    execFileSync('mkfifo', [path.join(root, 'src', 'Cargo.toml')]);
    const fs = new DiskRepoFs(root);
    expect(fs.files()).toEqual(['src/a.ts']);
    expect(fs.walkProblems()).toEqual([
      { path: '.gitignore', kind: 'special-file', message: 'a FIFO' },
      { path: 'src/Cargo.toml', kind: 'special-file', message: 'a FIFO' },
    ]);
    expect(walkDiagnostics(fs)[1]).toEqual({
      severity: 'info',
      file: 'src/Cargo.toml',
      message: 'skipped: a FIFO, not a regular file',
    });
  });

  it('does not report special files that .gitignore covers (a dev server socket)', () => {
    write('.gitignore', '*.sock\n');
    execFileSync('mkfifo', [path.join(root, 'dev.sock')]);
    expect(new DiskRepoFs(root).walkProblems()).toEqual([]);
  });

  it('reports a symlinked .gitignore it cannot read, and still walks', () => {
    write('src/a.ts');
    execFileSync('mkfifo', [path.join(root, 'fifo')]);
    symlinkSync('fifo', path.join(root, '.gitignore'));
    const fs = new DiskRepoFs(root);
    expect(fs.files()).toEqual(['.gitignore', 'src/a.ts']);
    expect(fs.walkProblems()).toContainEqual({
      path: '.gitignore',
      kind: 'ignore-file',
      message: 'not a regular file',
    });
    expect(walkDiagnostics(fs).find((d) => d.file === '.gitignore')?.message).toBe(
      'ignore rules not applied: cannot read the file (not a regular file)',
    );
  });

  it('re-includes with a nested ! rule and lets the nearest .gitignore decide', () => {
    write('.gitignore', '*.gen.js\n');
    write('a.gen.js');
    write('api/.gitignore', '!keep.gen.js\n');
    write('api/keep.gen.js');
    write('api/other.gen.js');
    expect(new DiskRepoFs(root).files()).toEqual(['.gitignore', 'api/.gitignore', 'api/keep.gen.js']);
  });

  it('decodes invalid UTF-8 (latin-1 bytes) with replacement characters instead of throwing', () => {
    write('requirements.txt', Buffer.from('caf\xe9==1.0\n', 'latin1'));
    expect(new DiskRepoFs(root).readText('requirements.txt')).toEqual({ ok: true, text: 'caf\uFFFD==1.0\n' });
  });

  it('decodes UTF-16 files that start with a BOM, and drops a UTF-8 BOM', () => {
    write('le.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('flask==3.0\n', 'utf16le')]));
    write(
      'be.txt',
      Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from('flask==3.0\n', 'utf16le').swap16()]),
    );
    write('bom8.json', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"a":1}')]));
    const fs = new DiskRepoFs(root);
    expect(fs.readText('le.txt')).toEqual({ ok: true, text: 'flask==3.0\n' });
    expect(fs.readText('be.txt')).toEqual({ ok: true, text: 'flask==3.0\n' });
    expect(fs.readText('bom8.json')).toEqual({ ok: true, text: '{"a":1}' });
  });

  it('treats NUL bytes as binary, including a UTF-16 BOM followed by NUL characters', () => {
    expect(decodeText(Buffer.from([0x67, 0x6f, 0x00]))).toBeNull();
    expect(decodeText(Buffer.from([0xff, 0xfe, 0x00, 0x00]))).toBeNull();
    expect(decodeText(Buffer.from([0xff, 0xfe, 0x41]))).toBe(''); // odd trailing byte dropped
    expect(decodeText(Buffer.alloc(0))).toBe('');
  });

  it('reports a 50 MB manifest as too-large without reading it into memory', () => {
    write('package.json');
    truncateSync(path.join(root, 'package.json'), 50 * 1024 * 1024); // sparse: no disk used
    const before = process.memoryUsage().arrayBuffers;
    const r = new DiskRepoFs(root).readText('package.json');
    expect(r).toMatchObject({ ok: false, reason: 'too-large' });
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(10 * 1024 * 1024);
  });

  it('lists a binary file with a manifest name and reports it as binary', () => {
    write('go.mod', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x01]));
    const fs = new DiskRepoFs(root);
    expect(fs.exists('go.mod')).toBe(true);
    expect(fs.readText('go.mod')).toMatchObject({ ok: false, reason: 'binary' });
  });

  it('refuses to read through a symlinked folder that leaves the repository', () => {
    const outside = mkdtempSync(path.join(tmpdir(), 'shipready-outside-'));
    writeFileSync(path.join(outside, 'secret'), 'password');
    symlinkSync(outside, path.join(root, 'linked'));
    const fs = new DiskRepoFs(root);
    expect(fs.files()).toEqual(['linked']);
    expect(fs.readText('linked/secret')).toMatchObject({ ok: false, reason: 'outside-repo' });
    rmSync(outside, { recursive: true, force: true });
  });

  it('reads through a symlink that stays inside the repository', () => {
    write('real/package.json', '{"name":"x"}');
    symlinkSync('real/package.json', path.join(root, 'package.json'));
    expect(new DiskRepoFs(root).readText('package.json')).toEqual({ ok: true, text: '{"name":"x"}' });
  });
});

describe('MemoryRepoFs', () => {
  it('lists, finds and groups files like a disk walk', () => {
    const fs = new MemoryRepoFs({ 'b/go.mod': '', 'a/go.mod': '', './c.txt': '' });
    expect(fs.files()).toEqual(['a/go.mod', 'b/go.mod', 'c.txt']);
    expect(fs.files()).toBe(fs.files());
    expect(fs.filesNamed('go.mod')).toEqual(['a/go.mod', 'b/go.mod']);
    expect(fs.filesUnder('b')).toEqual(['b/go.mod']);
    expect(fs.filesIn('.')).toEqual(['c.txt']);
    expect(fs.exists('c.txt')).toBe(true);
  });

  it('simulates folders a walk could not read', () => {
    const fs = new MemoryRepoFs(
      { 'a.json': '{}' },
      { walkProblems: [{ path: 'b', kind: 'folder', message: 'permission denied' }] },
    );
    expect(fs.walkProblems()).toEqual([{ path: 'b', kind: 'folder', message: 'permission denied' }]);
    expect(walkDiagnostics(fs)).toHaveLength(1);
    expect(new MemoryRepoFs({}).walkProblems()).toEqual([]);
  });

  it('simulates unreadable files with null', () => {
    const fs = new MemoryRepoFs({ 'a.json': '{}', 'b.json': null });
    expect(fs.readText('a.json')).toEqual({ ok: true, text: '{}' });
    expect(fs.readText('b.json')).toMatchObject({ ok: false, reason: 'unreadable' });
    expect(fs.files()).toEqual(['a.json', 'b.json']);
  });
});
