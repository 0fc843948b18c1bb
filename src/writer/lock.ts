import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ShipreadyError } from '../errors.js';
import { assertSafePath, unsafePathReason } from './path-safety.js';

/** Where shipready records what it wrote, relative to the repo root. */
export const LOCK_PATH = '.shipready/lock.json';

const LockEntrySchema = z.object({
  /** Hex SHA-256 of the content shipready last wrote to the file. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'expected 64 lowercase hex characters'),
  /** Id of the generator that produced it. */
  generator: z.string().min(1),
  ownership: z.enum(['managed', 'scaffold']),
});

const LockSchema = z.object({
  version: z.literal(1),
  files: z.record(z.string(), LockEntrySchema),
});

export type LockEntry = z.infer<typeof LockEntrySchema>;

/** Contents of `.shipready/lock.json`: repo-relative path → what shipready last wrote there. */
export interface Lock {
  version: 1;
  files: Record<string, LockEntry>;
}

export interface ReadLockResult {
  lock: Lock;
  /** The lock file's text as found on disk, or null when there is none. */
  raw: string | null;
  /** Entry paths dropped because they are unsafe (absolute, `..`, backslashes…); never used. */
  dropped: string[];
}

/** Hex SHA-256 of a file's content (UTF-8 for strings). */
export function sha256(content: string | Uint8Array): string {
  return createHash('sha256').update(content).digest('hex');
}

/** An empty lock. */
export function emptyLock(): Lock {
  return { version: 1, files: {} };
}

/** Build a lock with its entries sorted by path (code-unit order, independent of locale). */
export function makeLock(entries: Iterable<readonly [string, LockEntry]>): Lock {
  const sorted = [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  // Object.fromEntries defines own properties, so a `__proto__` key cannot change the prototype.
  return { version: 1, files: Object.fromEntries(sorted.map(([p, e]) => [p, { ...e }])) };
}

/** Deterministic text of a lock: sorted keys, fixed field order, 2-space JSON, trailing newline. */
export function serializeLock(lock: Lock): string {
  const normalized = makeLock(
    Object.entries(lock.files).map(
      ([p, e]) => [p, { sha256: e.sha256, generator: e.generator, ownership: e.ownership }] as const,
    ),
  );
  return `${JSON.stringify(normalized, null, 2)}\n`;
}

/**
 * Read and validate `.shipready/lock.json` under `root`. The lock is untrusted input: a malformed one
 * is an error telling the person to delete it; entries with unsafe paths are dropped.
 */
export function readLock(root: string): ReadLockResult {
  const abs = assertSafePath(root, LOCK_PATH);
  let raw: string;
  try {
    raw = readFileSync(abs, 'utf8');
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT')
      return { lock: emptyLock(), raw: null, dropped: [] };
    throw new ShipreadyError(`cannot read the lock file: ${(cause as Error).message}`, {
      location: { file: LOCK_PATH },
      fix: 'make it readable, or delete it and re-run',
      cause,
    });
  }
  return { ...parseLock(raw), raw };
}

/** Validate lock text (see {@link readLock}). */
export function parseLock(raw: string): { lock: Lock; dropped: string[] } {
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch (cause) {
    throw malformed(`not valid JSON (${(cause as Error).message})`, undefined, cause);
  }
  if (isObject(data) && typeof data.version === 'number' && data.version > 1) {
    throw new ShipreadyError(`lock file version ${data.version} was written by a newer shipready`, {
      location: { file: LOCK_PATH, field: 'version' },
      fix: 'upgrade shipready, or delete the lock and re-run (files will then be treated as possibly edited)',
    });
  }
  const parsed = LockSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.map(String).join('.') || '(root)';
    throw malformed(issue?.message ?? 'unexpected shape', field, parsed.error);
  }
  const kept: [string, LockEntry][] = [];
  const dropped: string[] = [];
  for (const [p, entry] of Object.entries(parsed.data.files)) {
    if (unsafePathReason(p) === undefined && p !== LOCK_PATH) kept.push([p, entry]);
    else dropped.push(p);
  }
  return { lock: makeLock(kept), dropped };
}

function malformed(why: string, field: string | undefined, cause: unknown): ShipreadyError {
  return new ShipreadyError(`malformed lock file: ${why}`, {
    location: { file: LOCK_PATH, ...(field === undefined ? {} : { field }) },
    fix: `delete ${LOCK_PATH} and re-run; existing files will then be treated as possibly edited (use --force to overwrite them)`,
    cause,
  });
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
