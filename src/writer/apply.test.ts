import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ShipreadyError } from '../errors.js';
import type { Artifact } from '../generators/types.js';
import { apply } from './apply.js';
import { LOCK_PATH, readLock, serializeLock, sha256 } from './lock.js';
import { plan } from './plan.js';

let base: string;
let root: string;
beforeEach(() => {
  base = mkdtempSync(path.join(os.tmpdir(), 'shipready-apply-'));
  root = path.join(base, 'repo');
  mkdirSync(root);
});
afterEach(() => rmSync(base, { recursive: true, force: true }));

function art(p: string, content: string, ownership: Artifact['ownership'] = 'managed'): Artifact {
  return { path: p, content, format: 'text', generator: 'test-gen', ownership };
}
const read = (rel: string) => readFileSync(path.join(root, rel), 'utf8');
const lockFiles = () => JSON.parse(read(LOCK_PATH)).files as Record<string, { sha256: string }>;

/** Every path under `dir`, relative, sorted. */
function tree(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[]).map((p) => p.split(path.sep).join('/')).sort();
}

const ARTIFACTS = [
  art('Dockerfile', 'FROM node:22\n'),
  art('.github/workflows/ci.yml', 'on: push\n'),
  art('docs/DEPLOY.md', '# Deploy\n', 'scaffold'),
];

describe('apply', () => {
  it('creates files and parent folders, then writes the lock last', () => {
    const { written } = apply(plan(root, ARTIFACTS));
    expect(written).toEqual(['.github/workflows/ci.yml', 'Dockerfile', 'docs/DEPLOY.md', LOCK_PATH]);
    expect(read('.github/workflows/ci.yml')).toBe('on: push\n');
    expect(read('docs/DEPLOY.md')).toBe('# Deploy\n');
    expect(lockFiles()).toEqual({
      '.github/workflows/ci.yml': {
        sha256: sha256('on: push\n'),
        generator: 'test-gen',
        ownership: 'managed',
      },
      Dockerfile: { sha256: sha256('FROM node:22\n'), generator: 'test-gen', ownership: 'managed' },
      'docs/DEPLOY.md': { sha256: sha256('# Deploy\n'), generator: 'test-gen', ownership: 'scaffold' },
    });
    expect(read(LOCK_PATH).endsWith('}\n')).toBe(true);
  });

  it('is idempotent: the second run plans all identical and writes nothing, not even the lock', () => {
    apply(plan(root, ARTIFACTS));
    // Backdate everything so any rewrite would show as a newer mtime.
    const past = new Date('2001-01-01T00:00:00Z');
    const files = ['Dockerfile', '.github/workflows/ci.yml', 'docs/DEPLOY.md', LOCK_PATH];
    for (const f of files) utimesSync(path.join(root, f), past, past);

    const second = plan(root, ARTIFACTS);
    expect(second.files.map((f) => f.action)).toEqual(['identical', 'identical', 'identical']);
    expect(second.lockChanged).toBe(false);
    expect(apply(second).written).toEqual([]);
    for (const f of files) expect(statSync(path.join(root, f)).mtimeMs).toBe(past.getTime());
  });

  it('regenerates untouched managed files, keeps an edited one and reports it as a conflict', () => {
    apply(plan(root, [art('Dockerfile', 'FROM node:20\n'), art('compose.yaml', 'services: {}\n')]));
    writeFileSync(path.join(root, 'Dockerfile'), 'FROM node:20\nUSER app\n');

    const p = plan(root, [art('Dockerfile', 'FROM node:22\n'), art('compose.yaml', 'services: {a: {}}\n')]);
    expect(p.files.map((f) => [f.path, f.action])).toEqual([
      ['Dockerfile', 'conflict'],
      ['compose.yaml', 'update'],
    ]);
    expect(apply(p).written).toEqual(['compose.yaml', LOCK_PATH]);
    expect(read('Dockerfile')).toBe('FROM node:20\nUSER app\n');
    expect(read('compose.yaml')).toBe('services: {a: {}}\n');
    // The lock still holds what shipready wrote, so the edit keeps being detected.
    expect(lockFiles().Dockerfile?.sha256).toBe(sha256('FROM node:20\n'));
    expect(plan(root, [art('Dockerfile', 'FROM node:22\n')]).files[0]?.action).toBe('conflict');
  });

  it('overwrites an edited file with force and then treats it as untouched', () => {
    apply(plan(root, [art('Dockerfile', 'v1\n')]));
    writeFileSync(path.join(root, 'Dockerfile'), 'mine\n');
    apply(plan(root, [art('Dockerfile', 'v2\n')], { force: true }));
    expect(read('Dockerfile')).toBe('v2\n');
    expect(plan(root, [art('Dockerfile', 'v3\n')]).files[0]?.action).toBe('update');
  });

  it('leaves an existing scaffold file alone', () => {
    apply(plan(root, [art('docs/DEPLOY.md', '# Deploy\n', 'scaffold')]));
    writeFileSync(path.join(root, 'docs/DEPLOY.md'), '# My deploy notes\n');
    const { written } = apply(plan(root, [art('docs/DEPLOY.md', '# Deploy v2\n', 'scaffold')]));
    expect(written).toEqual([]);
    expect(read('docs/DEPLOY.md')).toBe('# My deploy notes\n');
  });

  it.skipIf(process.platform === 'win32')('keeps the existing file mode on update', () => {
    apply(plan(root, [art('bin/start.sh', '#!/bin/sh\necho 1\n')]));
    chmodSync(path.join(root, 'bin/start.sh'), 0o751);
    apply(plan(root, [art('bin/start.sh', '#!/bin/sh\necho 2\n')]));
    expect(read('bin/start.sh')).toBe('#!/bin/sh\necho 2\n');
    expect(statSync(path.join(root, 'bin/start.sh')).mode & 0o777).toBe(0o751);
  });

  it('leaves no temp files behind', () => {
    apply(plan(root, ARTIFACTS));
    apply(
      plan(
        root,
        ARTIFACTS.map((a) => ({ ...a, content: `${a.content}# v2\n` })),
      ),
    );
    expect(tree(root).filter((p) => p.includes('.tmp') || p.includes('.shipready-'))).toEqual([]);
    expect(tree(root)).toEqual([
      '.github',
      '.github/workflows',
      '.github/workflows/ci.yml',
      '.shipready',
      '.shipready/lock.json',
      'Dockerfile',
      'docs',
      'docs/DEPLOY.md',
    ]);
  });

  it('never deletes: files no longer generated stay on disk and in the lock, unrelated entries are kept', () => {
    const unrelated = { sha256: sha256('elsewhere'), generator: 'other', ownership: 'managed' } as const;
    mkdirSync(path.join(root, '.shipready'));
    writeFileSync(
      path.join(root, LOCK_PATH),
      serializeLock({ version: 1, files: { 'zz/other.txt': unrelated } }),
    );
    apply(plan(root, [art('old.yaml', 'old\n'), art('keep.txt', 'k\n')]));
    apply(plan(root, [art('keep.txt', 'k2\n')]));
    expect(read('old.yaml')).toBe('old\n');
    expect(Object.keys(lockFiles())).toEqual(['keep.txt', 'old.yaml', 'zz/other.txt']);
    expect(lockFiles()['zz/other.txt']).toEqual(unrelated);
  });

  it('never touches a file named by a lock entry with `..`, and drops that entry', () => {
    const victim = path.join(base, 'victim');
    writeFileSync(victim, 'secret');
    mkdirSync(path.join(root, '.shipready'));
    writeFileSync(
      path.join(root, LOCK_PATH),
      JSON.stringify({
        version: 1,
        files: { '../victim': { sha256: sha256('secret'), generator: 'g', ownership: 'managed' } },
      }),
    );
    apply(plan(root, [art('a.txt', 'a')]));
    expect(readFileSync(victim, 'utf8')).toBe('secret');
    expect(Object.keys(lockFiles())).toEqual(['a.txt']);
  });

  it('refuses a stale plan (file edited after planning) and writes nothing', () => {
    apply(plan(root, [art('Dockerfile', 'v1\n')]));
    const p = plan(root, [art('Dockerfile', 'v2\n'), art('a-new.txt', 'new\n')]);
    writeFileSync(path.join(root, 'Dockerfile'), 'edited meanwhile\n');
    expect(() => apply(p)).toThrow(/^Dockerfile: the file changed after the plan was made \(it was edited\)/);
    expect(read('Dockerfile')).toBe('edited meanwhile\n');
    expect(existsSync(path.join(root, 'a-new.txt'))).toBe(false);
  });

  it('refuses a stale plan (file created after planning)', () => {
    const p = plan(root, [art('Dockerfile', 'ours\n')]);
    writeFileSync(path.join(root, 'Dockerfile'), 'theirs\n');
    expect(() => apply(p)).toThrow(/it was created/);
    expect(read('Dockerfile')).toBe('theirs\n');
  });

  it('re-checks path safety: a folder swapped for an outside symlink after planning is refused', () => {
    const outside = path.join(base, 'outside');
    mkdirSync(outside);
    const p = plan(root, [art('k8s/app.yaml', 'kind: x\n')]);
    symlinkSync(outside, path.join(root, 'k8s'));
    expect(() => apply(p)).toThrow(/k8s is a symlink pointing outside/);
    expect(readdirSync(outside)).toEqual([]);
  });

  it('refuses to write the lock through a .shipready symlink pointing outside, before writing anything', () => {
    const outside = path.join(base, 'outside');
    mkdirSync(outside);
    const p = plan(root, [art('a.txt', 'a')]);
    symlinkSync(outside, path.join(root, '.shipready'));
    expect(() => apply(p)).toThrow(/^\.shipready\/lock\.json: .*\.shipready is a symlink pointing outside/);
    expect(readdirSync(outside)).toEqual([]);
    expect(existsSync(path.join(root, 'a.txt'))).toBe(false);
  });

  it('on a failed write: names the file, leaves no temp file, and records what was written', () => {
    // A 250-character name is valid, but its temp file name is too long, so that write fails midway.
    const long = 'z'.repeat(250);
    const p = plan(root, [art('a.txt', 'a\n'), art(long, 'z\n')]);
    let err: unknown;
    try {
      apply(p);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ShipreadyError);
    expect((err as ShipreadyError).message.startsWith(`${long}: could not write the file`)).toBe(true);
    expect(tree(root)).toEqual(['.shipready', '.shipready/lock.json', 'a.txt']);
    // a.txt is recorded, so the next run sees it as ours rather than as a person's edit.
    expect(Object.keys(readLock(root).lock.files)).toEqual(['a.txt']);
    expect(plan(root, [art('a.txt', 'a2\n')]).files[0]?.action).toBe('update');
  });
});
