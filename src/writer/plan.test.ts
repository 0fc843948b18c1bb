import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ShipreadyError } from '../errors.js';
import type { Artifact } from '../generators/types.js';
import { apply } from './apply.js';
import { LOCK_PATH, serializeLock, sha256 } from './lock.js';
import { type PlannedFile, plan, summarizePlan } from './plan.js';

let base: string;
let root: string;
beforeEach(() => {
  base = mkdtempSync(path.join(os.tmpdir(), 'shipready-plan-'));
  root = path.join(base, 'repo');
  mkdirSync(root);
});
afterEach(() => rmSync(base, { recursive: true, force: true }));

function art(p: string, content: string, ownership: Artifact['ownership'] = 'managed'): Artifact {
  return { path: p, content, format: 'text', generator: 'test-gen', ownership };
}
function put(rel: string, content: string): void {
  mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  writeFileSync(path.join(root, rel), content);
}
function writeLock(
  files: Record<string, { sha256: string; generator: string; ownership: 'managed' | 'scaffold' }>,
) {
  put(LOCK_PATH, serializeLock({ version: 1, files }));
}
function only(files: PlannedFile[]): PlannedFile {
  expect(files).toHaveLength(1);
  return files[0] as PlannedFile;
}

describe('plan', () => {
  it('create: the file is absent', () => {
    const p = plan(root, [art('Dockerfile', 'FROM node\n')]);
    expect(only(p.files)).toMatchObject({ path: 'Dockerfile', action: 'create', current: null });
    expect(p.nextLock.files.Dockerfile).toEqual({
      sha256: sha256('FROM node\n'),
      generator: 'test-gen',
      ownership: 'managed',
    });
    expect(p.lockChanged).toBe(true);
  });

  it('identical: the bytes on disk already match, even without a lock entry', () => {
    put('Dockerfile', 'FROM node\n');
    const f = only(plan(root, [art('Dockerfile', 'FROM node\n')]).files);
    expect(f.action).toBe('identical');
    expect(f.current).toBe('FROM node\n');
  });

  it('identical compares bytes: invalid UTF-8 on disk is not equal to U+FFFD in the content', () => {
    put('a.txt', '');
    writeFileSync(path.join(root, 'a.txt'), Buffer.from([0xff, 0x0a]));
    expect(only(plan(root, [art('a.txt', '\uFFFD\n')]).files).action).toBe('conflict');
  });

  it('update: managed and untouched since shipready wrote it', () => {
    put('Dockerfile', 'FROM node:20\n');
    writeLock({
      Dockerfile: { sha256: sha256('FROM node:20\n'), generator: 'test-gen', ownership: 'managed' },
    });
    const p = plan(root, [art('Dockerfile', 'FROM node:22\n')]);
    expect(only(p.files)).toMatchObject({ action: 'update', current: 'FROM node:20\n' });
    expect(only(p.files).reason).toMatch(/unchanged since shipready wrote it/);
    expect(p.nextLock.files.Dockerfile?.sha256).toBe(sha256('FROM node:22\n'));
    expect(p.lockChanged).toBe(true);
  });

  it('conflict: a person edited the file since shipready wrote it; the lock entry is kept', () => {
    put('Dockerfile', 'FROM node:20\n# my edit\n');
    const old = { sha256: sha256('FROM node:20\n'), generator: 'test-gen', ownership: 'managed' } as const;
    writeLock({ Dockerfile: old });
    const p = plan(root, [art('Dockerfile', 'FROM node:22\n')]);
    const f = only(p.files);
    expect(f.action).toBe('conflict');
    expect(f.reason).toMatch(/edited since shipready wrote it.*--force/);
    expect(p.nextLock.files.Dockerfile).toEqual(old);
    expect(p.lockChanged).toBe(false);
  });

  it('conflict: the file exists but shipready never wrote it', () => {
    put('Dockerfile', 'FROM mine\n');
    const p = plan(root, [art('Dockerfile', 'FROM node\n')]);
    expect(only(p.files).action).toBe('conflict');
    expect(only(p.files).reason).toMatch(/not written by shipready.*--force/);
    expect(p.nextLock.files).toEqual({});
    expect(p.lockChanged).toBe(false);
  });

  it('force turns a conflict into an update whose reason says it overwrites your edits', () => {
    put('Dockerfile', 'FROM node:20\n# my edit\n');
    writeLock({
      Dockerfile: { sha256: sha256('FROM node:20\n'), generator: 'test-gen', ownership: 'managed' },
    });
    const p = plan(root, [art('Dockerfile', 'FROM node:22\n')], { force: true });
    expect(only(p.files).action).toBe('update');
    expect(only(p.files).reason).toMatch(/edited since shipready wrote it; --force overwrites your edits/);
    expect(p.nextLock.files.Dockerfile?.sha256).toBe(sha256('FROM node:22\n'));
  });

  it('skip: a scaffold file that exists belongs to the person, even when untouched or forced', () => {
    put('docs/DEPLOY.md', '# my notes\n');
    writeLock({
      'docs/DEPLOY.md': { sha256: sha256('# my notes\n'), generator: 'g', ownership: 'scaffold' },
    });
    for (const force of [false, true]) {
      const f = only(plan(root, [art('docs/DEPLOY.md', '# template\n', 'scaffold')], { force }).files);
      expect(f.action).toBe('skip');
      expect(f.reason).toMatch(/written once, now belongs to you/);
    }
  });

  it('create for a scaffold file that does not exist yet', () => {
    expect(only(plan(root, [art('docs/DEPLOY.md', '# t\n', 'scaffold')]).files).action).toBe('create');
  });

  it('sorts files by path and summarizes every action', () => {
    put('b.txt', 'same');
    put('c.txt', 'mine');
    put('d.txt', 'mine');
    const p = plan(root, [
      art('d.txt', 'template', 'scaffold'),
      art('c.txt', 'generated'),
      art('b.txt', 'same'),
      art('a.txt', 'new'),
    ]);
    expect(p.files.map((f) => [f.path, f.action])).toEqual([
      ['a.txt', 'create'],
      ['b.txt', 'identical'],
      ['c.txt', 'conflict'],
      ['d.txt', 'skip'],
    ]);
    expect(summarizePlan(p)).toEqual({ create: 1, identical: 1, update: 0, conflict: 1, skip: 1 });
  });

  it('keeps lock entries for files that are no longer generated', () => {
    const gone = { sha256: sha256('old'), generator: 'removed-gen', ownership: 'managed' } as const;
    writeLock({ 'old/file.yaml': gone });
    const p = plan(root, [art('new.txt', 'x')]);
    expect(p.nextLock.files['old/file.yaml']).toEqual(gone);
    expect(Object.keys(p.nextLock.files)).toEqual(['new.txt', 'old/file.yaml']);
  });

  it('does not create a lock when there is nothing to record', () => {
    expect(plan(root, []).lockChanged).toBe(false);
    put('x', 'mine');
    expect(plan(root, [art('x', 'ours')]).lockChanged).toBe(false);
  });

  it('records identical files in the lock (they hold exactly our bytes)', () => {
    put('x', 'ours');
    const p = plan(root, [art('x', 'ours')]);
    expect(p.nextLock.files.x?.sha256).toBe(sha256('ours'));
    expect(p.lockChanged).toBe(true);
  });

  it('ignores lock entries with unsafe paths and drops them from the next lock', () => {
    // A file outside the repo that a poisoned lock "claims": its hash matches, but it must never be used.
    writeFileSync(path.join(base, 'victim'), 'secret');
    put(
      LOCK_PATH,
      JSON.stringify({
        version: 1,
        files: { '../victim': { sha256: sha256('secret'), generator: 'g', ownership: 'managed' } },
      }),
    );
    const p = plan(root, [art('a.txt', 'x')]);
    expect(Object.keys(p.nextLock.files)).toEqual(['a.txt']);
    expect(p.files.map((f) => f.path)).toEqual(['a.txt']);
  });

  it('throws when two artifacts claim the same path', () => {
    expect(() => plan(root, [art('x', '1'), { ...art('x', '2'), generator: 'other' }])).toThrow(
      /^x: generators test-gen and other both produce this file/,
    );
  });

  it('refuses an artifact that targets the lock file', () => {
    expect(() => plan(root, [art(LOCK_PATH, '{}')])).toThrow(ShipreadyError);
  });

  it.each(['/tmp/x', '../x', 'a/../../x', 'a\\b'])('refuses an unsafe artifact path %j', (p) => {
    expect(() => plan(root, [art(p, 'x')])).toThrow(/refusing to write/);
  });

  it('refuses an artifact whose target is a symlink', () => {
    put('real.txt', 'x');
    symlinkSync(path.join(root, 'real.txt'), path.join(root, 'Dockerfile'));
    expect(() => plan(root, [art('Dockerfile', 'FROM x\n')])).toThrow(/^Dockerfile: .*symlink/);
  });

  it('refuses an artifact under a symlinked folder escaping the repo', () => {
    mkdirSync(path.join(base, 'outside'));
    symlinkSync(path.join(base, 'outside'), path.join(root, 'k8s'));
    expect(() => plan(root, [art('k8s/app.yaml', 'x')])).toThrow(/k8s is a symlink pointing outside/);
  });

  it('reports a malformed lock naming the file and the fix', () => {
    put(LOCK_PATH, 'not json');
    expect(() => plan(root, [art('a', 'x')])).toThrow(
      /^\.shipready\/lock\.json: malformed lock file.*delete \.shipready\/lock\.json and re-run/,
    );
  });

  it('does not touch the disk', () => {
    plan(root, [art('a/b.txt', 'x')]);
    expect(() => readFileSync(path.join(root, 'a', 'b.txt'))).toThrow();
    expect(() => readFileSync(path.join(root, LOCK_PATH))).toThrow();
  });

  it('plans update after a previous apply (round trip through the real lock)', () => {
    apply(plan(root, [art('Dockerfile', 'v1\n')]));
    expect(only(plan(root, [art('Dockerfile', 'v2\n')]).files).action).toBe('update');
  });
});
