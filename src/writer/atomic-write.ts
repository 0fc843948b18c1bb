import { randomBytes } from 'node:crypto';
import { closeSync, fchmodSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import { ShipreadyError } from '../errors.js';

/** Marker in temp file names, so a leftover from a crash is recognisable. */
export const TEMP_MARKER = '.shipready-';

/**
 * Write `content` to `absPath` atomically: a temp file in the same folder (so the rename cannot cross
 * file systems), fsync, then rename over the target. Readers see the old file or the new one, never a
 * half-written one. On failure the temp file is removed and a ShipreadyError naming `displayPath` is
 * thrown.
 *
 * @param mode permission bits to give the file (the existing file's, on update); when omitted the
 *   process umask applies, as for any new file.
 */
export function writeFileAtomic(absPath: string, content: string, displayPath: string, mode?: number): void {
  const dir = path.dirname(absPath);
  const tmp = path.join(
    dir,
    `.${path.basename(absPath)}${TEMP_MARKER}${process.pid}-${randomBytes(6).toString('hex')}.tmp`,
  );
  let fd: number | undefined;
  try {
    // `wx`: never follow or reuse something already at the temp name.
    fd = openSync(tmp, 'wx', mode ?? 0o666);
    if (mode !== undefined) fchmodSync(fd, mode);
    const data = Buffer.from(content, 'utf8');
    let off = 0;
    while (off < data.length) off += writeSync(fd, data, off, data.length - off);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, absPath);
  } catch (cause) {
    if (fd !== undefined) closeQuietly(fd);
    const leftover = removeTemp(tmp) ? '' : ` (the temp file ${path.basename(tmp)} could not be removed)`;
    throw new ShipreadyError(`could not write the file: ${(cause as Error).message}${leftover}`, {
      location: { file: displayPath },
      fix: 'check the folder is writable and the disk has space, then re-run',
      cause,
    });
  }
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // Already failing; the original error is the one worth reporting.
  }
}

/** Remove a temp file; false when it is still there. */
function removeTemp(tmp: string): boolean {
  try {
    unlinkSync(tmp);
    return true;
  } catch (e) {
    // ENOENT: the temp file was never created (open failed) or already renamed away.
    return (e as NodeJS.ErrnoException).code === 'ENOENT';
  }
}
