import type { Diagnostic } from '../../model/diagnostic.js';
import type { RepoFs } from '../../repo/repo-fs.js';
import { joinRel } from '../paths.js';
import { blankRubyComments } from './ruby-source.js';

/** One `gem "name"` line of a Gemfile. */
export interface GemDecl {
  name: string;
  /** 1-based line in the Gemfile. */
  line: number;
  /** Bundler groups (`group :development do` blocks and `group:` options); empty means the default group. */
  groups: string[];
}

/** The `ruby` directive of a Gemfile: `ruby "3.2.2"` or `ruby file: ".ruby-version"`. */
export interface RubyDirective {
  /** The requirement as written (`3.2.2`, `~> 3.2.0`), or null when it points at a file. */
  requirement: string | null;
  /** The file it reads the version from (`.ruby-version`), when it uses `file:` or `File.read`. */
  file: string | null;
  line: number;
}

export interface Gemfile {
  file: string;
  gems: GemDecl[];
  ruby: RubyDirective | null;
}

/** Gems that only serve development and test; they are not installed in a production image. */
const NON_PRODUCTION_GROUPS = new Set(['development', 'test']);

/** True when a gem is installed in production (not only in development/test groups). */
export function isProductionGem(gem: GemDecl): boolean {
  return gem.groups.length === 0 || gem.groups.some((g) => !NON_PRODUCTION_GROUPS.has(g));
}

const SYMBOLS = /:([A-Za-z_]\w*)|['"]([A-Za-z_]\w*)['"]/g;

function symbolsIn(text: string): string[] {
  return [...text.matchAll(SYMBOLS)].map((m) => (m[1] ?? m[2]) as string);
}

/**
 * Parses Gemfile text: `gem` lines with their groups (block and inline), and the `ruby` directive.
 * Never throws. Ruby is not evaluated: conditionals count as if true, which suits "is it present".
 */
export function parseGemfile(file: string, text: string): Gemfile {
  const code = blankRubyComments(text);
  const lines = code.split(/\r?\n/);
  const gems: GemDecl[] = [];
  let ruby: RubyDirective | null = null;
  // Open blocks: the groups a `group … do` adds, or [] for other blocks (platforms, if, source …).
  const stack: string[][] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).trim();
    if (line === '') continue;
    const lineNo = i + 1;
    if (/^end\b/.test(line)) {
      stack.pop();
      continue;
    }
    const group = /^group\s*\(?\s*(.+?)\s*\)?\s*do\b/.exec(line);
    if (group) {
      stack.push(symbolsIn((group[1] as string).replace(/\b\w+:\s*.*/, '')));
      continue;
    }
    const gem = /^gem\s*\(?\s*(['"])([^'"]+)\1(.*)$/.exec(line);
    if (gem) {
      const rest = gem[3] as string;
      const inline = /\bgroups?\s*(?::|=>)\s*(\[[^\]]*\]|:\w+|['"]\w+['"])/.exec(rest);
      const groups = [...stack.flat(), ...(inline ? symbolsIn(inline[1] as string) : [])];
      gems.push({ name: gem[2] as string, line: lineNo, groups: [...new Set(groups)] });
      if (/\bdo\s*(\|[^|]*\|)?\s*$/.test(line)) stack.push([]);
      continue;
    }
    const rubyLine = /^ruby\b\s*\(?\s*(.*)$/.exec(line);
    if (rubyLine && !ruby) {
      const args = rubyLine[1] as string;
      const quoted = /^(['"])([^'"]+)\1/.exec(args);
      const fileOpt = /\bfile:\s*(['"])([^'"]+)\1/.exec(args) ?? /File\.read\(\s*(['"])([^'"]+)\1/.exec(args);
      if (quoted) ruby = { requirement: (quoted[2] as string).trim(), file: null, line: lineNo };
      else if (fileOpt) ruby = { requirement: null, file: fileOpt[2] as string, line: lineNo };
      continue;
    }
    if (
      /\bdo\s*(\|[^|]*\|)?\s*$/.test(line) ||
      /^(if|unless|case|while|until|begin|def|class|module)\b/.test(line)
    ) {
      stack.push([]);
    }
  }
  return { file, gems, ruby };
}

/** What a Gemfile.lock says, when it has content. */
export interface Lockfile {
  file: string;
  /** Resolved gems (`GEM`/`GIT`/`PATH` specs): name → version. */
  specs: Map<string, string>;
  /** Direct dependencies (`DEPENDENCIES`): name → 1-based line. */
  dependencies: Map<string, number>;
  /** `RUBY VERSION` without the patch level (`ruby 3.1.2p20` → `3.1.2`). */
  rubyVersion: { version: string; line: number } | null;
  bundledWith: { version: string; line: number } | null;
}

const LOCK_SECTIONS = new Set([
  'GEM',
  'GIT',
  'PATH',
  'PLUGIN SOURCE',
  'PLATFORMS',
  'DEPENDENCIES',
  'RUBY VERSION',
  'BUNDLED WITH',
  'CHECKSUMS',
]);

/**
 * Parses Gemfile.lock text. Returns null for text that is not a Bundler lockfile (no known section),
 * so the caller can say so. Never throws.
 */
export function parseLockfile(file: string, text: string): Lockfile | null {
  const lines = text.split(/\r?\n/);
  const lock: Lockfile = {
    file,
    specs: new Map(),
    dependencies: new Map(),
    rubyVersion: null,
    bundledWith: null,
  };
  let section: string | null = null;
  let known = false;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] as string;
    if (raw.trim() === '') continue;
    if (!/^\s/.test(raw)) {
      section = raw.trim();
      if (LOCK_SECTIONS.has(section)) known = true;
      continue;
    }
    const lineNo = i + 1;
    if (section === 'GEM' || section === 'GIT' || section === 'PATH') {
      const spec = /^ {4}([A-Za-z0-9_.-]+) \(([^)]+)\)/.exec(raw);
      if (spec) lock.specs.set(spec[1] as string, (spec[2] as string).split('-')[0] as string);
    } else if (section === 'DEPENDENCIES') {
      const dep = /^ {2}([A-Za-z0-9_.-]+)/.exec(raw);
      if (dep) lock.dependencies.set(dep[1] as string, lineNo);
    } else if (section === 'RUBY VERSION') {
      const v = /ruby\s+(\d+(?:\.\d+){0,2})/.exec(raw);
      if (v && !lock.rubyVersion) lock.rubyVersion = { version: v[1] as string, line: lineNo };
    } else if (section === 'BUNDLED WITH') {
      const v = /^\s+(\d+(?:\.\d+)*)/.exec(raw);
      if (v && !lock.bundledWith) lock.bundledWith = { version: v[1] as string, line: lineNo };
    }
  }
  return known ? lock : null;
}

/** Where a gem was seen. */
export interface GemHit {
  name: string;
  file: string;
  line?: number;
  /** `gemfile`: declared; `lock-dependency`: a direct dependency in the lock; `lock-spec`: resolved (maybe transitive). */
  source: 'gemfile' | 'lock-dependency' | 'lock-spec';
}

/** The gems of an app, from its Gemfile (production groups) and lockfile. */
export interface GemIndex {
  gemfile: Gemfile | null;
  lock: Lockfile | null;
  /** The lockfile's path when it exists (even empty), else null. */
  lockFile: string | null;
  /** A production gem: declared outside development/test groups, else a lock dependency when the Gemfile is unknown. */
  direct(name: string): GemHit | null;
  /** A gem installed at all (declared, or resolved in the lockfile, including transitive ones). */
  any(name: string): GemHit | null;
}

export function gemIndex(gemfile: Gemfile | null, lock: Lockfile | null, lockFile: string | null): GemIndex {
  const declared = new Map<string, GemDecl>();
  for (const g of gemfile?.gems ?? []) if (!declared.has(g.name)) declared.set(g.name, g);
  // Without Gemfile content, the lockfile's DEPENDENCIES is the best list of direct gems (groups unknown).
  const knowsGemfile = (gemfile?.gems.length ?? 0) > 0;
  const direct = (name: string): GemHit | null => {
    const d = declared.get(name);
    if (d)
      return isProductionGem(d)
        ? { name, file: gemfile?.file as string, line: d.line, source: 'gemfile' }
        : null;
    if (!knowsGemfile && lock?.dependencies.has(name)) {
      return { name, file: lock.file, line: lock.dependencies.get(name), source: 'lock-dependency' };
    }
    return null;
  };
  return {
    gemfile,
    lock,
    lockFile,
    direct,
    any(name) {
      const d = declared.get(name);
      if (d) return { name, file: gemfile?.file as string, line: d.line, source: 'gemfile' };
      const hit = direct(name);
      if (hit) return hit;
      if (lock?.specs.has(name)) return { name, file: lock.file, source: 'lock-spec' };
      return null;
    },
  };
}

/** Bundler's manifest names: `Gemfile` (and the newer `gems.rb`), with their lockfiles. */
export const GEMFILE_NAMES = [
  { manifest: 'Gemfile', lock: 'Gemfile.lock' },
  { manifest: 'gems.rb', lock: 'gems.locked' },
] as const;

export interface ReadGems {
  index: GemIndex;
  /** The manifest path (`Gemfile` or `gems.rb`). */
  manifest: string;
  diagnostics: Diagnostic[];
}

/** Reads the Gemfile and lockfile of the app in `dir`. Unreadable or odd files become diagnostics. */
export function readGems(fs: RepoFs, dir: string, manifestName: string): ReadGems {
  const diagnostics: Diagnostic[] = [];
  const names = GEMFILE_NAMES.find((n) => n.manifest === manifestName) ?? GEMFILE_NAMES[0];
  const manifest = joinRel(dir, names.manifest);
  let gemfile: Gemfile | null = null;
  const r = fs.readText(manifest);
  if (!r.ok) {
    diagnostics.push({
      severity: 'warning',
      file: manifest,
      message: `cannot read ${names.manifest} (${r.reason}): ${r.message}`,
      fix: `make ${names.manifest} readable`,
    });
  } else if (r.text.includes('\u0000')) {
    diagnostics.push({
      severity: 'error',
      file: manifest,
      message: `${names.manifest} is not text`,
      fix: `replace ${names.manifest} with a Bundler Gemfile (bundle init)`,
    });
  } else {
    gemfile = parseGemfile(manifest, r.text);
  }

  const lockPath = joinRel(dir, names.lock);
  let lock: Lockfile | null = null;
  let lockFile: string | null = null;
  if (fs.exists(lockPath)) {
    lockFile = lockPath;
    const l = fs.readText(lockPath);
    if (!l.ok) {
      diagnostics.push({
        severity: 'warning',
        file: lockPath,
        message: `cannot read ${names.lock} (${l.reason}): ${l.message}`,
        fix: `make ${names.lock} readable`,
      });
    } else if (l.text.trim() !== '') {
      lock = parseLockfile(lockPath, l.text);
      if (!lock) {
        diagnostics.push({
          severity: 'warning',
          file: lockPath,
          message: `${names.lock} is not a Bundler lockfile (no GEM, DEPENDENCIES or BUNDLED WITH section); it is ignored`,
          fix: `regenerate it with \`bundle lock\``,
        });
      }
    }
  }
  return { index: gemIndex(gemfile, lock, lockFile), manifest, diagnostics };
}
