import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ShipreadyError } from '../errors.js';
import { assertSafePath, isInside, unsafePathReason } from './path-safety.js';

let base: string;
let root: string;
let outside: string;

beforeEach(() => {
  base = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'shipready-safety-')));
  root = path.join(base, 'repo');
  outside = path.join(base, 'outside');
  mkdirSync(root);
  mkdirSync(outside);
});
afterEach(() => rmSync(base, { recursive: true, force: true }));

function refusal(rel: string): ShipreadyError {
  try {
    assertSafePath(root, rel);
  } catch (e) {
    expect(e).toBeInstanceOf(ShipreadyError);
    return e as ShipreadyError;
  }
  throw new Error(`expected ${JSON.stringify(rel)} to be refused`);
}

describe('unsafePathReason', () => {
  it.each([
    ['', /empty/],
    ['/etc/passwd', /absolute/],
    ['//server/share/x', /absolute/],
    ['C:\\Windows\\x', /backslash|absolute/],
    ['C:/Windows/x', /Windows drive/],
    ['c:x', /Windows drive/],
    ['\\\\server\\share\\x', /backslash/],
    ['a\\b', /backslash/],
    ['..', /\.\./],
    ['../x', /\.\./],
    ['a/../../x', /\.\./],
    ['a/..', /\.\./],
    ['a/\0b', /NUL/],
    ['./a', /normalized/],
    ['a//b', /normalized/],
    ['a/', /normalized/],
  ])('refuses %j', (p, why) => {
    expect(unsafePathReason(p)).toMatch(why);
  });

  it.each(['Dockerfile', '.github/workflows/ci.yml', 'k8s/base/deployment.yaml', '..hidden', 'a..b/c'])(
    'accepts %j',
    (p) => {
      expect(unsafePathReason(p)).toBeUndefined();
    },
  );
});

describe('isInside', () => {
  it('is true for the folder itself and its children, false for siblings sharing a prefix', () => {
    expect(isInside('/r/repo', '/r/repo')).toBe(true);
    expect(isInside('/r/repo', '/r/repo/a/b')).toBe(true);
    expect(isInside('/r/repo', '/r/repo-evil/a')).toBe(false);
    expect(isInside('/r/repo', '/r')).toBe(false);
  });
});

describe('assertSafePath', () => {
  it('returns the absolute path for a new nested file', () => {
    expect(assertSafePath(root, 'a/b/c.yaml')).toBe(path.join(root, 'a', 'b', 'c.yaml'));
  });

  it('returns the absolute path for an existing regular file', () => {
    writeFileSync(path.join(root, 'Dockerfile'), 'FROM x\n');
    expect(assertSafePath(root, 'Dockerfile')).toBe(path.join(root, 'Dockerfile'));
  });

  it.each(['/etc/passwd', '../outside/x', 'a/../../x', 'a\\b', 'C:\\x', 'a/\0b'])(
    'refuses %j with exit code 2 naming the path',
    (p) => {
      const e = refusal(p);
      expect(e.exitCode).toBe(2);
      const shown = p.includes('\0') ? JSON.stringify(p) : p;
      expect(e.location?.file).toBe(shown);
      expect(e.message.startsWith(`${shown}: refusing to write`)).toBe(true);
    },
  );

  it('names an empty path legibly', () => {
    expect(refusal('').message).toMatch(/^"": .*empty/);
  });

  it('refuses a target that is a symlink, even one pointing inside the repo', () => {
    writeFileSync(path.join(root, 'real.txt'), 'x');
    symlinkSync(path.join(root, 'real.txt'), path.join(root, 'link.txt'));
    expect(refusal('link.txt').message).toMatch(/link\.txt.*symlink/);
  });

  it('refuses a target that is a symlink pointing outside', () => {
    writeFileSync(path.join(outside, 'victim'), 'x');
    symlinkSync(path.join(outside, 'victim'), path.join(root, 'Dockerfile'));
    expect(refusal('Dockerfile').message).toMatch(/symlink/);
  });

  it('refuses a path through a symlinked folder that escapes the repo', () => {
    symlinkSync(outside, path.join(root, 'deploy'));
    const e = refusal('deploy/k8s/app.yaml');
    expect(e.message).toMatch(/deploy\/k8s\/app\.yaml.*deploy is a symlink pointing outside/);
    expect(e.exitCode).toBe(2);
  });

  it('refuses a symlinked folder escaping by a relative link deeper down', () => {
    mkdirSync(path.join(root, 'a'));
    symlinkSync('../../outside', path.join(root, 'a', 'b'));
    expect(refusal('a/b/c.txt').message).toMatch(/a\/b is a symlink pointing outside/);
  });

  it('allows a symlinked folder that stays inside the repo, returning the resolved path', () => {
    mkdirSync(path.join(root, 'real'));
    symlinkSync(path.join(root, 'real'), path.join(root, 'alias'));
    expect(assertSafePath(root, 'alias/x.txt')).toBe(path.join(root, 'real', 'x.txt'));
  });

  it('refuses a dangling symlinked folder', () => {
    symlinkSync(path.join(base, 'nowhere'), path.join(root, 'gone'));
    expect(refusal('gone/x.txt').message).toMatch(/gone is a symlink/);
  });

  it('refuses when an ancestor is a file', () => {
    writeFileSync(path.join(root, 'a'), 'x');
    expect(refusal('a/b.txt').message).toMatch(/a is not a folder/);
  });

  it('refuses when the target is a folder', () => {
    mkdirSync(path.join(root, 'Dockerfile'));
    expect(refusal('Dockerfile').message).toMatch(/not a regular file/);
  });

  it('works when the root itself is reached through a symlink', () => {
    const alias = path.join(base, 'repo-alias');
    symlinkSync(root, alias);
    expect(assertSafePath(alias, 'x/y.txt')).toBe(path.join(root, 'x', 'y.txt'));
  });

  it('fails clearly when the root does not exist', () => {
    expect(() => assertSafePath(path.join(base, 'missing'), 'x')).toThrow(/does not exist/);
  });
});
