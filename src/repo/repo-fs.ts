import {
  closeSync,
  type Dirent,
  constants as fsConstants,
  fstatSync,
  lstatSync,
  openSync,
  readdir,
  readdirSync,
  readSync,
  realpath,
  realpathSync,
  type Stats,
  stat,
  statSync,
} from 'node:fs';
import path from 'node:path';
import { fdir } from 'fdir';
import { ShipreadyError } from '../errors.js';
import type { Diagnostic } from '../model/diagnostic.js';
import { compileGitignore, type IgnoreLayer, type IgnoreLayers, isIgnored } from './gitignore.js';

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

/** Something the walk could not read or skipped; its files are missing from {@link RepoFs.files}. */
export interface WalkProblem {
  /** Repo-relative POSIX path (`.` for the root). */
  path: string;
  /**
   * `folder`: not listed (permission denied …); `ignore-file`: a `.gitignore` that could not be read,
   * so its rules were not applied; `special-file`: a FIFO, socket or device, never opened.
   */
  kind: 'folder' | 'ignore-file' | 'special-file';
  /** Why, in a few words: `permission denied`, `a FIFO`. */
  message: string;
}

/**
 * Read-only view of a repository for detectors: one walk, cached reads, repo-relative POSIX paths.
 * Detectors get this injected; tests use {@link MemoryRepoFs}.
 */
export interface RepoFs {
  /** Every file in the repo (after ignore rules), repo-relative, POSIX separators, sorted. */
  files(): readonly string[];
  exists(relPath: string): boolean;
  /**
   * Read a file as text; never throws. UTF-8 (a BOM is dropped; invalid bytes become U+FFFD), or
   * UTF-16 when the file starts with a UTF-16 BOM.
   */
  readText(relPath: string): ReadResult;
  /** Files directly inside a folder (`.` for the root). */
  filesIn(dir: string): readonly string[];
  /** Files at any depth below a folder (`.`: every file), sorted; found without scanning them all. */
  filesUnder(dir: string): readonly string[];
  /** Files with this exact name in any folder (`package.json`), sorted; one lookup, not a scan. */
  filesNamed(name: string): readonly string[];
  /** Folders the walk could not read (permission denied …); empty when everything was read. */
  walkProblems(): readonly WalkProblem[];
}

/** {@link RepoFs.walkProblems} as diagnostics: a scan that missed a folder must say so. */
export function walkDiagnostics(fs: RepoFs): Diagnostic[] {
  return fs.walkProblems().map((p): Diagnostic => {
    if (p.kind === 'special-file') {
      return { severity: 'info', file: p.path, message: `skipped: ${p.message}, not a regular file` };
    }
    return {
      severity: 'warning',
      file: p.path,
      message:
        p.kind === 'folder'
          ? `folder not scanned (${p.message}); files in it were not detected`
          : `ignore rules not applied: cannot read the file (${p.message})`,
      fix: 'make it readable by the user running shipready, or add it to .gitignore',
    };
  });
}

abstract class BaseRepoFs implements RepoFs {
  protected fileSet: Set<string> | undefined;
  private byDir: Map<string, string[]> | undefined;
  private byName: Map<string, string[]> | undefined;
  abstract files(): readonly string[];
  abstract readText(relPath: string): ReadResult;

  walkProblems(): readonly WalkProblem[] {
    return [];
  }

  exists(relPath: string): boolean {
    this.fileSet ??= new Set(this.files());
    return this.fileSet.has(normalizeRel(relPath));
  }

  filesIn(dir: string): readonly string[] {
    if (!this.byDir) {
      this.byDir = new Map();
      for (const f of this.files()) {
        const slash = f.lastIndexOf('/');
        const d = slash === -1 ? '.' : f.slice(0, slash);
        const list = this.byDir.get(d);
        if (list) list.push(f);
        else this.byDir.set(d, [f]);
      }
    }
    return this.byDir.get(normalizeRel(dir)) ?? [];
  }

  filesUnder(dir: string): readonly string[] {
    const d = normalizeRel(dir);
    const all = this.files();
    if (d === '.') return all;
    // Paths sharing a prefix are adjacent in sorted order: binary-search the first, take the run.
    const prefix = `${d}/`;
    let lo = 0;
    let hi = all.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((all[mid] as string) < prefix) lo = mid + 1;
      else hi = mid;
    }
    let end = lo;
    while (end < all.length && (all[end] as string).startsWith(prefix)) end++;
    return all.slice(lo, end);
  }

  filesNamed(name: string): readonly string[] {
    if (!this.byName) {
      this.byName = new Map();
      for (const f of this.files()) {
        const base = f.slice(f.lastIndexOf('/') + 1);
        const list = this.byName.get(base);
        if (list) list.push(f);
        else this.byName.set(base, [f]);
      }
    }
    return this.byName.get(name) ?? [];
  }
}

// Paths that normalizing would change: backslashes, `.`/`..` segments, doubled or trailing slashes.
const NEEDS_NORMALIZING = /\\|\/\/|\/$|(^|\/)\.\.?(\/|$)/;

export function normalizeRel(p: string): string {
  // Detectors call exists/readText with clean paths thousands of times; skip the work for those.
  if (p !== '' && !NEEDS_NORMALIZING.test(p)) return p;
  const n = path.posix.normalize(p.replaceAll('\\', '/'));
  return n === '' ? '.' : n.replace(/\/$/, '');
}

/** Reads a folder's entries (absolute path in); throws like `fs.readdirSync` on failure. */
export type DirectoryReader = (absDir: string) => Dirent[];

const readDirectory: DirectoryReader = (absDir) => readdirSync(absDir, { withFileTypes: true });

// Open flags for files the walk saw as regular files: never follow a final symlink (it takes the
// checked path instead) and never block (a FIFO swapped in after the walk). 0 where unsupported.
const FAST_OPEN_FLAGS = fsConstants.O_RDONLY | (fsConstants.O_NONBLOCK ?? 0) | (fsConstants.O_NOFOLLOW ?? 0);
const CAN_OPEN_NOFOLLOW = fsConstants.O_NOFOLLOW !== undefined;

/** A RepoFs over a real folder. The walk does not follow symlinks, so symlink loops cannot trap it. */
export class DiskRepoFs extends BaseRepoFs {
  readonly root: string;
  private readonly maxReadBytes: number;
  private readonly readDir: DirectoryReader;
  private walked: string[] | undefined;
  private problems: WalkProblem[] = [];
  private readonly cache = new Map<string, ReadResult>();

  /**
   * @param opts.maxReadBytes files larger than this are `too-large` and never read.
   * @param opts.readDir folder reader used by the walk; tests inject failures through it.
   */
  constructor(root: string, opts: { maxReadBytes?: number; readDir?: DirectoryReader } = {}) {
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
    // The same resolver as the symlink checks in readRaw, so both agree on the root's spelling.
    this.root = realpathSync.native(abs);
    this.maxReadBytes = opts.maxReadBytes ?? DEFAULT_MAX_READ_BYTES;
    this.readDir = opts.readDir ?? readDirectory;
  }

  override walkProblems(): readonly WalkProblem[] {
    this.files();
    return this.problems;
  }

  files(): readonly string[] {
    if (this.walked) return this.walked;
    const problems: WalkProblem[] = [];
    const rootPrefix = this.root.endsWith(path.sep) ? this.root : this.root + path.sep;
    const posix = path.sep === '/';
    // Repo-relative folder with a trailing slash ('' for the root) → the ignore files that apply.
    const layersByDir = new Map<string, IgnoreLayers>();
    const relDirOf = (absDir: string): string => {
      const rel = absDir.length > rootPrefix.length ? absDir.slice(rootPrefix.length) : '';
      const p = posix ? rel : rel.split(path.sep).join('/');
      return p === '' || p.endsWith('/') ? p : `${p}/`;
    };
    const parentOf = (relDir: string): string =>
      relDir.slice(0, relDir.lastIndexOf('/', relDir.length - 2) + 1);
    // fdir reads every folder through this: errors are recorded, not silently dropped, and the
    // folder's own .gitignore is loaded before any of its entries is filtered.
    const readdirForWalk = (dirPath: string): Dirent[] => {
      const relDir = relDirOf(dirPath);
      let entries: Dirent[];
      try {
        entries = this.readDir(dirPath);
      } catch (e) {
        problems.push({
          path: relDir === '' ? '.' : relDir.slice(0, -1),
          kind: 'folder',
          message: describeFsError(e),
        });
        entries = [];
      }
      let own: IgnoreLayer | undefined;
      const special: Dirent[] = [];
      for (const d of entries) {
        if (d.isFile() || d.isDirectory()) {
          if (d.name === '.gitignore' && d.isFile()) own = this.loadIgnore(relDir, true, problems);
        } else if (d.isSymbolicLink()) {
          if (d.name === '.gitignore') own = this.loadIgnore(relDir, false, problems);
        } else {
          special.push(d);
        }
      }
      const inherited = relDir === '' ? undefined : layersByDir.get(parentOf(relDir));
      const layers = own ? [own, ...(inherited ?? [])] : inherited;
      if (layers) layersByDir.set(relDir, layers);
      // fdir drops FIFOs, sockets and devices; say so, unless .gitignore already does (dev sockets).
      for (const d of special) {
        if (!isIgnored(layers, relDir + d.name, d.name)) {
          problems.push({ path: relDir + d.name, kind: 'special-file', message: specialKind(d) });
        }
      }
      return entries;
    };

    const out = new fdir({
      fs: {
        readdir,
        realpath,
        realpathSync,
        stat,
        statSync,
        readdirSync: readdirForWalk as unknown as typeof readdirSync,
      },
    })
      .withRelativePaths()
      .exclude((name, dirPath) => {
        if (ALWAYS_SKIPPED_DIRS.has(name)) return true;
        const relDir = relDirOf(dirPath);
        return isIgnored(layersByDir.get(parentOf(relDir)), relDir, `${name}/`);
      })
      .filter((p) => {
        const rel = posix ? p : p.split(path.sep).join('/');
        const slash = rel.lastIndexOf('/');
        return !isIgnored(layersByDir.get(rel.slice(0, slash + 1)), rel, rel.slice(slash + 1));
      })
      .crawl(this.root)
      .sync();
    if (!posix) for (let i = 0; i < out.length; i++) out[i] = (out[i] as string).split(path.sep).join('/');
    out.sort();
    this.problems = problems;
    this.fileSet = new Set(out);
    this.walked = out;
    return out;
  }

  private loadIgnore(relDir: string, trusted: boolean, problems: WalkProblem[]): IgnoreLayer | undefined {
    const rel = `${relDir}.gitignore`;
    const r = this.readRaw(rel, trusted);
    if (r.ok) return compileGitignore(r.text, relDir);
    if (r.reason !== 'missing') {
      problems.push({ path: rel, kind: 'ignore-file', message: r.message });
    }
    return undefined;
  }

  readText(relPath: string): ReadResult {
    const rel = normalizeRel(relPath);
    const hit = this.cache.get(rel);
    if (hit) return hit;
    // A walked path has no symlinked folder above it (the walk never enters one), so only its last
    // component needs checking, which the no-follow open does.
    const r = this.readRaw(rel, this.fileSet?.has(rel) ?? false);
    this.cache.set(rel, r);
    return r;
  }

  private readRaw(rel: string, trusted: boolean): ReadResult {
    if (rel === '..' || rel.startsWith('../') || path.isAbsolute(rel)) {
      return { ok: false, reason: 'outside-repo', message: 'path is outside the repository' };
    }
    const abs = path.join(this.root, rel);
    let fd: number | undefined;
    try {
      if (trusted && CAN_OPEN_NOFOLLOW) {
        try {
          fd = openSync(abs, FAST_OPEN_FLAGS);
        } catch (e) {
          // ELOOP (EMLINK on BSD): the file is a symlink; take the checked path below.
          const code = (e as NodeJS.ErrnoException).code;
          if (code !== 'ELOOP' && code !== 'EMLINK') throw e;
        }
      }
      if (fd === undefined) {
        // Resolve every symlink on the way (a folder or the file itself) and stay inside the repo.
        const real = realpathSync.native(abs);
        if (real !== this.root && !real.startsWith(this.root + path.sep)) {
          const l = lstatSync(abs);
          return {
            ok: false,
            reason: 'outside-repo',
            message: l.isSymbolicLink()
              ? 'symlink points outside the repository'
              : 'path leads outside the repository through a symlinked folder',
          };
        }
        // Check before opening: opening a FIFO or device would block or read forever.
        if (!statSync(real).isFile())
          return { ok: false, reason: 'unreadable', message: 'not a regular file' };
        fd = openSync(real, fsConstants.O_RDONLY | (fsConstants.O_NONBLOCK ?? 0));
      }
      if (trusted) {
        // Most source files are small: one read into a shared buffer, no fstat. A short, non-empty
        // read of a walked (regular) file is its whole content; anything else takes the full path.
        let n = -1;
        try {
          n = readSync(fd, SMALL_READ, 0, SMALL_READ.length, 0);
        } catch (e) {
          // A folder that replaced the file since the walk: fstat below reports it.
          if ((e as NodeJS.ErrnoException).code !== 'EISDIR') throw e;
        }
        if (n > 0 && n < SMALL_READ.length && n <= this.maxReadBytes) {
          const text = decodeText(SMALL_READ.subarray(0, n));
          if (text === null)
            return { ok: false, reason: 'binary', message: 'file is binary (contains NUL bytes)' };
          return { ok: true, text };
        }
      }
      const st = fstatSync(fd);
      if (!st.isFile()) return { ok: false, reason: 'unreadable', message: 'not a regular file' };
      if (st.size > this.maxReadBytes) {
        return {
          ok: false,
          reason: 'too-large',
          message: `file is ${Math.round(st.size / 1024)} KiB, over the ${Math.round(this.maxReadBytes / 1024)} KiB read limit`,
        };
      }
      // Reads at most the cap even if the file grows meanwhile.
      const buf = Buffer.allocUnsafe(st.size);
      let off = 0;
      while (off < st.size) {
        const n = readSync(fd, buf, off, st.size - off, off);
        if (n === 0) break;
        off += n;
      }
      const text = decodeText(buf.subarray(0, off));
      if (text === null)
        return { ok: false, reason: 'binary', message: 'file is binary (contains NUL bytes)' };
      return { ok: true, text };
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') {
        return { ok: false, reason: 'missing', message: 'file does not exist' };
      }
      return { ok: false, reason: 'unreadable', message: describeFsError(e) };
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  }
}

/** Scratch buffer for {@link DiskRepoFs} reads of small files; decoded into a string before reuse. */
const SMALL_READ = Buffer.allocUnsafe(64 * 1024);

/**
 * Bytes to text: UTF-16 when a BOM says so (Windows tools write requirements.txt that way), else
 * UTF-8 with invalid bytes as U+FFFD, so a manifest in another encoding fails its parser, not us.
 * Null for binary data (a NUL character).
 */
export function decodeText(data: Buffer): string | null {
  let text: string;
  if (data.length >= 2 && data[0] === 0xff && data[1] === 0xfe) {
    text = data.toString('utf16le', 2, data.length - (data.length % 2));
  } else if (data.length >= 2 && data[0] === 0xfe && data[1] === 0xff) {
    const le = Buffer.from(data.subarray(2, data.length - (data.length % 2)));
    text = le.swap16().toString('utf16le');
  } else {
    if (data.includes(0)) return null;
    const bom = data.length >= 3 && data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf;
    return data.toString('utf8', bom ? 3 : 0);
  }
  return text.includes('\u0000') ? null : text;
}

function specialKind(d: Dirent): string {
  if (d.isFIFO()) return 'a FIFO';
  if (d.isSocket()) return 'a socket';
  if (d.isCharacterDevice() || d.isBlockDevice()) return 'a device';
  return 'an entry of unknown type';
}

/** One line for a filesystem error: the cause a person can act on, not errno jargon. */
function describeFsError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ELOOP') return 'symlink loop';
  if (code === 'ENOENT') return 'does not exist (removed during the scan?)';
  return e instanceof Error ? e.message : String(e);
}

/** An in-memory RepoFs for tests: `{ 'package.json': '{...}', 'src/index.ts': '' }`. */
export class MemoryRepoFs extends BaseRepoFs {
  private readonly entries: Map<string, string | null>;
  private readonly problems: readonly WalkProblem[];
  /** `opts.walkProblems` simulates folders a disk walk could not read. */
  constructor(files: Record<string, string | null>, opts: { walkProblems?: readonly WalkProblem[] } = {}) {
    super();
    this.entries = new Map(Object.entries(files).map(([k, v]) => [normalizeRel(k), v]));
    this.problems = opts.walkProblems ?? [];
  }
  override walkProblems(): readonly WalkProblem[] {
    return this.problems;
  }
  private sorted: string[] | undefined;
  files(): readonly string[] {
    this.sorted ??= [...this.entries.keys()].sort();
    return this.sorted;
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
