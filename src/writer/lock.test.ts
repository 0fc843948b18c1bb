import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ShipreadyError } from '../errors.js';
import { LOCK_PATH, makeLock, parseLock, readLock, serializeLock, sha256 } from './lock.js';

const H = sha256('x');
const entry = { sha256: H, generator: 'dockerfile', ownership: 'managed' } as const;

function lockText(files: Record<string, unknown>, version: unknown = 1): string {
  return JSON.stringify({ version, files });
}

function thrown(fn: () => unknown): ShipreadyError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ShipreadyError);
    return e as ShipreadyError;
  }
  throw new Error('expected a ShipreadyError');
}

describe('sha256', () => {
  it('is the hex digest of the UTF-8 bytes', () => {
    expect(sha256('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256('é')).toBe(sha256(Buffer.from('é', 'utf8')));
  });
});

describe('parseLock', () => {
  it('accepts a valid lock', () => {
    const { lock, dropped } = parseLock(lockText({ Dockerfile: entry }));
    expect(lock).toEqual({ version: 1, files: { Dockerfile: entry } });
    expect(dropped).toEqual([]);
  });

  it('rejects malformed JSON with a message naming the lock file and the fix', () => {
    const e = thrown(() => parseLock('{"version": 1, "files": {'));
    expect(e.message).toMatch(/^\.shipready\/lock\.json: malformed lock file: not valid JSON/);
    expect(e.message).toContain(`delete ${LOCK_PATH} and re-run`);
    expect(e.location?.file).toBe(LOCK_PATH);
    expect(e.exitCode).toBe(2);
  });

  it.each([
    ['files is an array', JSON.stringify({ version: 1, files: [] }), 'files'],
    ['sha256 is not hex', lockText({ a: { ...entry, sha256: 'nothex' } }), 'files.a.sha256'],
    ['ownership is unknown', lockText({ a: { ...entry, ownership: 'mine' } }), 'files.a.ownership'],
    ['version is missing', JSON.stringify({ files: {} }), 'version'],
    ['the top level is an array', '[]', '(root)'],
  ])('rejects a lock whose %s, naming the field', (_name, text, field) => {
    const e = thrown(() => parseLock(text));
    expect(e.message).toMatch(/^\.shipready\/lock\.json \(.*\): malformed lock file/);
    expect(e.location?.field).toBe(field);
    expect(e.fix).toMatch(/delete .shipready\/lock.json and re-run/);
  });

  it('asks for an upgrade when the lock comes from a newer version', () => {
    expect(thrown(() => parseLock(lockText({}, 2))).message).toMatch(/newer shipready.*upgrade/);
  });

  it('drops entries with unsafe paths and keeps the rest', () => {
    const { lock, dropped } = parseLock(
      lockText({
        '../victim': entry,
        '/etc/passwd': entry,
        'C:\\x': entry,
        'a/../b': entry,
        [LOCK_PATH]: entry,
        'k8s/app.yaml': entry,
        Dockerfile: entry,
      }),
    );
    expect(Object.keys(lock.files)).toEqual(['Dockerfile', 'k8s/app.yaml']);
    expect(dropped.sort()).toEqual(['../victim', '/etc/passwd', LOCK_PATH, 'C:\\x', 'a/../b'].sort());
  });

  it('cannot be used to pollute prototypes', () => {
    const { lock } = parseLock(
      `{"version":1,"files":{"__proto__":{"sha256":"${H}","generator":"g","ownership":"managed"}}}`,
    );
    expect(Object.getPrototypeOf(lock.files)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).sha256).toBeUndefined();
  });
});

describe('serializeLock', () => {
  it('sorts keys, fixes field order, uses 2-space JSON and a trailing newline', () => {
    const text = serializeLock({
      version: 1,
      files: {
        'z.txt': { ownership: 'scaffold', generator: 'g', sha256: H } as never,
        'a.txt': entry,
      },
    });
    expect(text).toBe(
      `{\n  "version": 1,\n  "files": {\n    "a.txt": {\n      "sha256": "${H}",\n      "generator": "dockerfile",\n      "ownership": "managed"\n    },\n    "z.txt": {\n      "sha256": "${H}",\n      "generator": "g",\n      "ownership": "scaffold"\n    }\n  }\n}\n`,
    );
    expect(parseLock(text).lock).toEqual(
      makeLock([
        ['z.txt', { ...entry, generator: 'g', ownership: 'scaffold' }],
        ['a.txt', entry],
      ]),
    );
  });

  it('orders keys by code unit, not locale (uppercase before lowercase)', () => {
    expect(
      Object.keys(
        makeLock([
          ['b', entry],
          ['B', entry],
          ['a', entry],
        ]).files,
      ),
    ).toEqual(['B', 'a', 'b']);
  });
});

describe('readLock', () => {
  let base: string;
  let root: string;
  beforeEach(() => {
    base = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'shipready-lock-')));
    root = path.join(base, 'repo');
    mkdirSync(root);
  });
  afterEach(() => rmSync(base, { recursive: true, force: true }));

  it('returns an empty lock and null raw text when there is none', () => {
    expect(readLock(root)).toEqual({ lock: { version: 1, files: {} }, raw: null, dropped: [] });
  });

  it('reads the lock from disk', () => {
    mkdirSync(path.join(root, '.shipready'));
    const text = lockText({ Dockerfile: entry });
    writeFileSync(path.join(root, LOCK_PATH), text);
    expect(readLock(root)).toEqual({
      lock: { version: 1, files: { Dockerfile: entry } },
      raw: text,
      dropped: [],
    });
  });

  it('refuses a .shipready folder that is a symlink pointing outside the repo', () => {
    const elsewhere = path.join(base, 'elsewhere');
    mkdirSync(elsewhere);
    writeFileSync(path.join(elsewhere, 'lock.json'), lockText({}));
    symlinkSync(elsewhere, path.join(root, '.shipready'));
    expect(thrown(() => readLock(root)).message).toMatch(/\.shipready is a symlink pointing outside/);
  });

  it('refuses a lock file that is a symlink', () => {
    mkdirSync(path.join(root, '.shipready'));
    writeFileSync(path.join(root, 'other.json'), lockText({}));
    symlinkSync(path.join(root, 'other.json'), path.join(root, LOCK_PATH));
    expect(thrown(() => readLock(root)).message).toMatch(/lock\.json: .*symlink/);
  });
});
