import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ShipreadyError } from '../errors.js';
import { writeFileAtomic } from './atomic-write.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'shipready-atomic-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('writeFileAtomic', () => {
  it('creates a file and leaves no temp file behind', () => {
    writeFileAtomic(path.join(dir, 'a.txt'), 'hello é\n', 'a.txt');
    expect(readFileSync(path.join(dir, 'a.txt'), 'utf8')).toBe('hello é\n');
    expect(readdirSync(dir)).toEqual(['a.txt']);
  });

  it('replaces an existing file and applies the given mode', () => {
    const file = path.join(dir, 'run.sh');
    writeFileSync(file, 'old');
    writeFileAtomic(file, 'new', 'run.sh', 0o750);
    expect(readFileSync(file, 'utf8')).toBe('new');
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o750);
    expect(readdirSync(dir)).toEqual(['run.sh']);
  });

  it('removes the temp file and names the file when the final rename fails', () => {
    // A non-empty folder at the target makes rename fail after the temp file was written.
    mkdirSync(path.join(dir, 'target', 'inner'), { recursive: true });
    let err: unknown;
    try {
      writeFileAtomic(path.join(dir, 'target'), 'data', 'deploy/target');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ShipreadyError);
    expect((err as ShipreadyError).message).toMatch(/^deploy\/target: could not write the file/);
    expect(readdirSync(dir)).toEqual(['target']);
  });

  it('names the file when the temp file cannot be created', () => {
    expect(() => writeFileAtomic(path.join(dir, 'missing', 'a.txt'), 'x', 'missing/a.txt')).toThrow(
      /^missing\/a\.txt: could not write the file/,
    );
  });
});
