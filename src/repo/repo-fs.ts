import {
  closeSync,
  fstatSync,
  lstatSync,
  openSync,
  readSync,
  realpathSync,
  type Stats,
  statSync,
} from 'node:fs';
import path from 'node:path';
import { fdir } from 'fdir';
import ignore, { type Ignore } from 'ignore';
import { ShipreadyError } from '../errors.js';

/** Folders never worth walking: dependencies, VCS data, caches, build output of package managers. */
export const ALWAYS_SKIPPED_DIRS = new Set([
  '.git',
  '.hg',
  '.svn',
  'node_modules',
  '.pnpm-store',
  '.yarn',
  '.venv',
  'venv',
  '__pycache__',
  '.mypy_cache',
  '.pytest_cache',
  '.tox',
  'vendor',
  'target',
  '.next',
  '.nuxt',
  '.svelte-kit',
  '.turbo',
  '.cache',
  '.gradle',
  '.terraform',
  '.shipready',
]);

/** Files larger than this are not read (a manifest is never this big). */
export const DEFAULT_MAX_READ_BYTES = 2 * 1024 * 1024;

export type ReadResult =
  | { ok: true; text: string }
  | {
      ok: false;
      reason: 'missing' | 'too-large' | 'unreadable' | 'binary' | 'outside-repo';
      message: string;
    };

/**
 * Read-only view of a repository for detectors: one walk, cached reads, repo-relative POSIX paths.
 * Detectors get this injected; tests use {@link MemoryRepoFs}.
 */
export interface RepoFs {
  /** Every file in the repo (after ignore rules), repo-relative, POSIX separators, sorted. */
  files(): readonly string[];
  exists(relPath: string): boolean;
  /** Read a file as UTF-8 text; never throws. */
  readText(relPath: string): ReadResult;
  /** Files directly inside a folder (`.` for the root). */
  filesIn(dir: string): readonly string[];
}

abstract class BaseRepoFs implements RepoFs {
  private fileSet: Set<string> | undefined;
  private byDir: Map<string, string[]> | undefined;
  abstract files(): readonly string[];
  abstract readText(relPath: string): ReadResult;

  exists(relPath: string): boolean {
    this.fileSet ??= new Set(this.files());
    return this.fileSet.has(normalizeRel(relPath));
  }

  filesIn(dir: string): readonly string[] {
    if (!this.byDir) {
      this.byDir = new Map();
      for (const f of this.files()) {
        const d = path.posix.dirname(f);
        const list = this.byDir.get(d) ?? [];
        list.push(f);
        this.byDir.set(d, list);
      }
    }
    return this.byDir.get(normalizeRel(dir)) ?? [];
  }
}

export function normalizeRel(p: string): string {
  const n = path.posix.normalize(p.replaceAll('\\', '/'));
  return n === '' ? '.' : n.replace(/\/$/, '');
}

/** A RepoFs over a real folder. The walk does not follow symlinks, so symlink loops cannot trap it. */
export class DiskRepoFs extends BaseRepoFs {
  readonly root: string;
  private readonly maxReadBytes: number;
  private walked: string[] | undefined;
  private readonly cache = new Map<string, ReadResult>();

  constructor(root: string, opts: { maxReadBytes?: number } = {}) {
    super();
    const abs = path.resolve(root);
    let st: Stats;
    try {
      st = statSync(abs);
    } catch (cause) {
      throw new ShipreadyError('no such directory', {
        location: { file: root },
        fix: 'pass the path of a repository folder',
        cause,
      });
    }
    if (!st.isDirectory()) {
      throw new ShipreadyError('not a directory', {
        location: { file: root },
        fix: 'pass the path of a repository folder, not a file',
      });
    }
    this.root = realpathSync(abs);
    this.maxReadBytes = opts.maxReadBytes ?? DEFAULT_MAX_READ_BYTES;
  }

  files(): readonly string[] {
    if (this.walked) return this.walked;
    const ignores = new Map<string, Ignore>();
    const rootIg = this.loadIgnore('.');
    if (rootIg) ignores.set('.', rootIg);
    const isIgnored = (rel: string, isDir: boolean): boolean => {
      // Check each ancestor's .gitignore (rules are relative to the folder holding them).
      let dir = '.';
      const parts = rel.split('/');
      for (let i = 0; i < parts.length; i++) {
        const ig = ignores.get(dir);
        if (ig) {
          const sub = parts.slice(i).join('/');
          if (ig.ignores(isDir ? `${sub}/` : sub)) return true;
        }
        dir = dir === '.' ? (parts[i] as string) : `${dir}/${parts[i]}`;
      }
      return false;
    };
    const rootPrefix = this.root.endsWith(path.sep) ? this.root : this.root + path.sep;
    const out = new fdir()
      .withRelativePaths()
      .exclude((name, dirPath) => {
        if (ALWAYS_SKIPPED_DIRS.has(name)) return true;
        const rel = toPosix(path.relative(this.root, dirPath));
        if (rel === '' || rel.startsWith('..')) return false;
        if (isIgnored(rel, true)) return true;
        const ig = this.loadIgnore(rel);
        if (ig) ignores.set(rel, ig);
        return false;
      })
      .filter((p) => !isIgnored(toPosix(p.startsWith(rootPrefix) ? p.slice(rootPrefix.length) : p), false))
      .crawl(this.root)
      .sync()
      .map(toPosix)
      .sort();
    this.walked = out;
    return out;
  }

  private loadIgnore(relDir: string): Ignore | undefined {
    const file = relDir === '.' ? '.gitignore' : `${relDir}/.gitignore`;
    const r = this.readRaw(file);
    if (!r.ok) return undefined;
    return ignore().add(r.text);
  }

  readText(relPath: string): ReadResult {
    const rel = normalizeRel(relPath);
    const hit = this.cache.get(rel);
    if (hit) return hit;
    const r = this.readRaw(rel);
    this.cache.set(rel, r);
    return r;
  }

  private readRaw(rel: string): ReadResult {
    if (rel.startsWith('..') || path.isAbsolute(rel)) {
      return { ok: false, reason: 'outside-repo', message: 'path is outside the repository' };
    }
    const abs = path.join(this.root, rel);
    let fd: number | undefined;
    try {
      const l = lstatSync(abs);
      if (l.isSymbolicLink()) {
        const real = realpathSync(abs);
        if (real !== this.root && !real.startsWith(this.root + path.sep)) {
          return { ok: false, reason: 'outside-repo', message: 'symlink points outside the repository' };
        }
      }
      // Check before opening: opening a FIFO or device would block or read forever.
      if (!statSync(abs).isFile()) return { ok: false, reason: 'unreadable', message: 'not a regular file' };
      fd = openSync(abs, 'r');
      const st = fstatSync(fd);
      if (!st.isFile()) return { ok: false, reason: 'unreadable', message: 'not a regular file' };
      if (st.size > this.maxReadBytes) {
        return {
          ok: false,
          reason: 'too-large',
          message: `file is ${Math.round(st.size / 1024)} KiB, over the ${Math.round(this.maxReadBytes / 1024)} KiB read limit`,
        };
      }
      const buf = Buffer.alloc(st.size);
      let off = 0;
      while (off < st.size) {
        const n = readSync(fd, buf, off, st.size - off, off);
        if (n === 0) break;
        off += n;
      }
      const data = buf.subarray(0, off);
      if (data.includes(0))
        return { ok: false, reason: 'binary', message: 'file is binary (contains NUL bytes)' };
      return { ok: true, text: data.toString('utf8') };
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return { ok: false, reason: 'missing', message: 'file does not exist' };
      if (code === 'ELOOP') return { ok: false, reason: 'unreadable', message: 'symlink loop' };
      if (code === 'EACCES' || code === 'EPERM') {
        return { ok: false, reason: 'unreadable', message: 'permission denied' };
      }
      return { ok: false, reason: 'unreadable', message: (e as Error).message };
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  }
}

/** An in-memory RepoFs for tests: `{ 'package.json': '{...}', 'src/index.ts': '' }`. */
export class MemoryRepoFs extends BaseRepoFs {
  private readonly entries: Map<string, string | null>;
  constructor(files: Record<string, string | null>) {
    super();
    this.entries = new Map(Object.entries(files).map(([k, v]) => [normalizeRel(k), v]));
  }
  files(): readonly string[] {
    return [...this.entries.keys()].sort();
  }
  /** A `null` value simulates an unreadable file. */
  readText(relPath: string): ReadResult {
    const rel = normalizeRel(relPath);
    if (!this.entries.has(rel)) return { ok: false, reason: 'missing', message: 'file does not exist' };
    const v = this.entries.get(rel);
    if (v === null || v === undefined)
      return { ok: false, reason: 'unreadable', message: 'permission denied' };
    return { ok: true, text: v };
  }
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}
