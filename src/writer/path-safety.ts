import { lstatSync, realpathSync, type Stats, statSync } from 'node:fs';
import path from 'node:path';
import { ShipreadyError } from '../errors.js';

/**
 * Why a repo-relative path is not acceptable, judged from its text alone, or `undefined` when it is.
 * Accepted paths are normalized POSIX paths: `a/b.txt`, never `./a`, `a//b`, `a/`, `/a`, `C:a`, `a\b`.
 */
export function unsafePathReason(relPath: string): string | undefined {
  if (relPath.length === 0) return 'the path is empty';
  if (relPath.includes('\0')) return 'the path contains a NUL byte';
  if (relPath.includes('\\')) return 'the path contains a backslash (use / separators)';
  if (relPath.startsWith('/')) return 'the path is absolute';
  // Windows drive paths (`C:\x`, and drive-relative `C:x`); UNC paths are caught by the checks above.
  if (/^[A-Za-z]:/.test(relPath)) return 'the path is absolute (Windows drive)';
  for (const segment of relPath.split('/')) {
    if (segment === '..') return 'the path contains a `..` segment';
    if (segment === '.' || segment === '') return 'the path is not normalized (empty or `.` segment)';
  }
  return undefined;
}

/** True when `child` is `parent` or inside it (both absolute, already resolved). */
export function isInside(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

/**
 * Check that `relPath` may be written inside `root` and return its absolute path (under the real path
 * of `root`, through any in-repo symlinked folders already resolved).
 *
 * Refused: empty, absolute (POSIX, Windows drive or UNC), `..` segments, backslashes, NUL bytes; an
 * existing ancestor that is a symlink pointing outside the repo, or is not a folder; a target that is
 * a symlink (even one pointing inside) or exists but is not a regular file.
 *
 * @throws ShipreadyError (exit code 2) naming the offending path.
 */
export function assertSafePath(root: string, relPath: string): string {
  const lexical = unsafePathReason(relPath);
  if (lexical) throw refuse(relPath, lexical);

  const rootReal = realRoot(root);
  const segments = relPath.split('/');
  const last = segments.pop() as string;
  let dir = rootReal;
  let walked = '';
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i] as string;
    walked = walked ? `${walked}/${segment}` : segment;
    const candidate = path.join(dir, segment);
    const st = lstatOrNull(candidate, relPath);
    if (st === null) {
      // The rest does not exist yet; it will be created under `dir`, which is inside the repo.
      return path.join(dir, ...segments.slice(i), last);
    }
    if (st.isSymbolicLink()) {
      let real: string;
      try {
        real = realpathSync(candidate);
      } catch (cause) {
        throw refuse(relPath, `the folder ${walked} is a symlink that cannot be resolved`, cause);
      }
      if (!isInside(rootReal, real)) {
        throw refuse(relPath, `the folder ${walked} is a symlink pointing outside the repository`);
      }
      if (!statSync(real).isDirectory()) throw refuse(relPath, `${walked} is not a folder`);
      dir = real;
    } else if (st.isDirectory()) {
      dir = candidate;
    } else {
      throw refuse(relPath, `${walked} is not a folder`);
    }
  }

  // Belt and braces: whatever the walk did, the deepest existing folder must resolve inside the repo.
  if (!isInside(rootReal, realpathSync(dir))) {
    throw refuse(relPath, 'the path resolves outside the repository');
  }
  const target = path.join(dir, last);
  const st = lstatOrNull(target, relPath);
  if (st?.isSymbolicLink())
    throw refuse(relPath, 'the file is a symlink; shipready never writes through symlinks');
  if (st && !st.isFile()) throw refuse(relPath, 'the path exists but is not a regular file');
  return target;
}

function realRoot(root: string): string {
  try {
    const real = realpathSync(root);
    if (statSync(real).isDirectory()) return real;
  } catch (cause) {
    throw new ShipreadyError('the repository folder does not exist or cannot be read', {
      location: { file: root },
      fix: 'pass an existing folder',
      cause,
    });
  }
  throw new ShipreadyError('the repository path is not a folder', {
    location: { file: root },
    fix: 'pass a folder',
  });
}

function lstatOrNull(abs: string, relPath: string): Stats | null {
  try {
    return lstatSync(abs);
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new ShipreadyError(`cannot inspect the path: ${(cause as Error).message}`, {
      location: { file: relPath },
      fix: 'check its permissions',
      cause,
    });
  }
}

function refuse(relPath: string, why: string, cause?: unknown): ShipreadyError {
  // Quote paths that would not print legibly (empty, control characters) so the message still names them.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: detecting control characters is the point
  const file = relPath === '' || /[\u0000-\u001f]/.test(relPath) ? JSON.stringify(relPath) : relPath;
  return new ShipreadyError(`refusing to write this path: ${why}`, {
    location: { file },
    fix: 'generated files must stay inside the repository; remove the symlink or fix the path',
    exitCode: 2,
    ...(cause === undefined ? {} : { cause }),
  });
}
