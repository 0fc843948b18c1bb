import { mkdirSync, readFileSync, type Stats, statSync } from 'node:fs';
import path from 'node:path';
import { ShipreadyError } from '../errors.js';
import { writeFileAtomic } from './atomic-write.js';
import { LOCK_PATH, type LockEntry, makeLock, readLock, serializeLock } from './lock.js';
import { assertSafePath } from './path-safety.js';
import type { Plan, PlannedFile } from './plan.js';

interface Target {
  file: PlannedFile;
  abs: string;
  mode: number | undefined;
}

/**
 * Carry out a plan: write every `create` and `update` file atomically, then the lock (only when it
 * changed). Nothing else is touched: `identical`, `conflict` and `skip` files are left alone and
 * nothing is ever deleted. Paths are checked again, and each file must still be as the plan saw it.
 *
 * @returns repo-relative paths written, in order; includes {@link LOCK_PATH} when the lock was written.
 * @throws ShipreadyError naming the file, when a path is unsafe, a file changed since the plan, or a
 *   write fails. Files written before a failure are recorded in the lock so they are not later
 *   mistaken for a person's edits.
 */
export function apply(p: Plan): { written: string[] } {
  // Check everything before writing anything, so a stale plan or bad path writes nothing.
  const targets: Target[] = [];
  for (const file of p.files) {
    if (file.action !== 'create' && file.action !== 'update') continue;
    const abs = assertSafePath(p.root, file.path);
    targets.push({ file, abs, mode: checkUnchanged(file, abs) });
  }
  const lockAbs = p.lockChanged ? assertSafePath(p.root, LOCK_PATH) : undefined;

  const written: string[] = [];
  try {
    for (const t of targets) {
      ensureDir(path.dirname(t.abs), t.file.path);
      writeFileAtomic(t.abs, t.file.artifact.content, t.file.path, t.mode);
      written.push(t.file.path);
    }
  } catch (e) {
    if (written.length > 0) recordPartialLock(p, new Set(written), e);
    throw e;
  }
  if (lockAbs !== undefined) {
    ensureDir(path.dirname(lockAbs), LOCK_PATH);
    writeFileAtomic(lockAbs, serializeLock(p.nextLock), LOCK_PATH);
    written.push(LOCK_PATH);
  }
  return { written };
}

/** Throw when the file on disk is no longer what the plan saw; return the mode to keep on update. */
function checkUnchanged(file: PlannedFile, abs: string): number | undefined {
  let st: Stats | undefined;
  try {
    st = statSync(abs);
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code !== 'ENOENT') throw cannotRead(file.path, cause);
  }
  if (file.action === 'create') {
    if (st !== undefined) throw changedSincePlan(file.path, 'it was created');
    return undefined;
  }
  if (st === undefined) throw changedSincePlan(file.path, 'it was deleted');
  let now: string;
  try {
    now = readFileSync(abs, 'utf8');
  } catch (cause) {
    throw cannotRead(file.path, cause);
  }
  if (now !== file.current) throw changedSincePlan(file.path, 'it was edited');
  return st.mode & 0o7777;
}

/**
 * After a failed apply, record the files that were written, so the next run sees them as ours; every
 * other entry stays as it was on disk. If even that fails, say so, wrapping the original failure.
 */
function recordPartialLock(p: Plan, written: ReadonlySet<string>, failure: unknown): void {
  try {
    const before = readLock(p.root).lock.files;
    const entries = new Map<string, LockEntry>(Object.entries(before));
    for (const [file, entry] of Object.entries(p.nextLock.files)) {
      if (written.has(file)) entries.set(file, entry);
    }
    ensureDir(path.dirname(assertSafePath(p.root, LOCK_PATH)), LOCK_PATH);
    writeFileAtomic(assertSafePath(p.root, LOCK_PATH), serializeLock(makeLock(entries)), LOCK_PATH);
  } catch (lockError) {
    const file = failure instanceof ShipreadyError ? failure.location?.file : undefined;
    throw new ShipreadyError(
      `a write failed, then the lock could not be updated either: ${(lockError as Error).message}`,
      {
        location: { file: file ?? LOCK_PATH },
        fix: `the ${written.size} file(s) written so far will show as conflicts; check them and re-run with --force`,
        cause: failure,
      },
    );
  }
}

function ensureDir(dir: string, relPath: string): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (cause) {
    throw new ShipreadyError(`could not create the folder for this file: ${(cause as Error).message}`, {
      location: { file: relPath },
      fix: 'check the folder is writable, then re-run',
      cause,
    });
  }
}

function changedSincePlan(relPath: string, what: string): ShipreadyError {
  return new ShipreadyError(`the file changed after the plan was made (${what}); nothing was written`, {
    location: { file: relPath },
    fix: 're-run to plan again',
  });
}

function cannotRead(relPath: string, cause: unknown): ShipreadyError {
  return new ShipreadyError(`cannot read the existing file: ${(cause as Error).message}`, {
    location: { file: relPath },
    fix: 'make it readable, then re-run',
    cause,
  });
}
