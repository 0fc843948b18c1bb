import path from 'node:path';
import type { Evidence } from '../../model/evidence.js';
import type { RepoFs } from '../../repo/repo-fs.js';
import { toDnsLabel } from '../dns-label.js';
import { isUnder, joinRel } from '../paths.js';
import type { SourceFile } from '../shared/code-scan.js';
import { lineAt } from '../text.js';
import { moduleBaseName } from './go-mod.js';

/** A `package main` the module builds into a binary. */
export interface GoBinary {
  /** Folder relative to the module: `.` or `cmd/<name>`. */
  relDir: string;
  /** Repo-relative folder. */
  dir: string;
  /** Binary (and service) name: the folder name, or the module's last path element for the root. */
  name: string;
  evidence: Evidence;
}

/** A Go file the go tool builds: `.go`, not a test, not `_`- or `.`-prefixed. */
export function isBuildableGoFile(file: string): boolean {
  const base = path.posix.basename(file);
  return base.endsWith('.go') && !base.endsWith('_test.go') && !base.startsWith('_') && !base.startsWith('.');
}

/** `//go:build ignore` (or the old `// +build ignore`) excludes a file from every build: generator scripts. */
const IGNORED_BUILD = /^\/\/(?:go:build|\s*\+build)\s+ignore\b/m;

/** The package clause of a Go file (`package main`) and its line, read from comment-blanked code. */
export function packageClause(src: SourceFile): { name: string; line: number } | null {
  const m = /^[ \t]*package[ \t]+([A-Za-z_]\w*)/m.exec(src.code);
  if (!m) return null;
  if (isIgnoredBuild(src)) return null;
  return { name: m[1] as string, line: lineAt(src.code, m.index) };
}

/** True for a file no build includes: `//go:build ignore` before its package clause (generator scripts). */
export function isIgnoredBuild(src: SourceFile): boolean {
  const m = /^[ \t]*package[ \t]/m.exec(src.code);
  return IGNORED_BUILD.test(m ? src.raw.slice(0, m.index) : src.raw);
}

/** Top-level folders that never hold the service's own command (shared code, tooling, samples). */
export const NOT_COMMAND_DIRS: ReadonlySet<string> = new Set([
  'internal',
  'pkg',
  'tools',
  'hack',
  'scripts',
  'docs',
  'examples',
  'example',
  '_examples',
  'testdata',
  'test',
  'tests',
  'e2e',
  'third_party',
  'build',
  'deploy',
]);

/**
 * The main packages of a module: the module root and each `cmd/<name>/` folder; when neither has
 * one, each top-level folder (outside {@link NOT_COMMAND_DIRS}) that is one, e.g. `server/main.go`.
 * A folder is a main package when a readable file says `package main`; when every file is empty or
 * unreadable (content unknown), a `main.go` there is taken as one (weak: from the layout).
 */
export function findMainPackages(
  fs: RepoFs,
  moduleDir: string,
  module: string | null,
  sources: ReadonlyMap<string, SourceFile>,
  nestedModules: readonly string[],
): GoBinary[] {
  const subDirs = (prefix: string): string[] => {
    const out = new Set<string>();
    for (const f of fs.filesUnder(prefix === '' ? '.' : prefix.slice(0, -1))) {
      if (nestedModules.some((n) => isUnder(f, n))) continue;
      const rest = f.slice(prefix.length).split('/');
      if (rest.length === 2 && isBuildableGoFile(f)) out.add(`${prefix}${rest[0]}`);
    }
    return [...out].sort();
  };
  const base = moduleDir === '.' ? '' : `${moduleDir}/`;
  const standard = [moduleDir, ...subDirs(`${base}cmd/`)].flatMap((d) => mainPackage(fs, d, sources) ?? []);
  const found =
    standard.length > 0
      ? standard
      : subDirs(base)
          .filter((d) => {
            const name = path.posix.basename(d);
            return (
              !NOT_COMMAND_DIRS.has(name) && name !== 'cmd' && !name.startsWith('.') && !name.startsWith('_')
            );
          })
          .flatMap((d) => mainPackage(fs, d, sources) ?? []);
  return found.map(({ dir, evidence }) => {
    const relDir = dir === moduleDir ? '.' : dir.slice(base.length);
    return { relDir, dir, name: binaryName(relDir, dir, module), evidence };
  });
}

/** Whether one folder is a main package, with the evidence; null when it is not. */
function mainPackage(
  fs: RepoFs,
  dir: string,
  sources: ReadonlyMap<string, SourceFile>,
): { dir: string; evidence: Evidence } | null {
  const files = fs.filesIn(dir).filter(isBuildableGoFile);
  let main: Evidence | null = null;
  let other = false;
  for (const f of files) {
    const src = sources.get(f);
    if (!src || src.raw.trim() === '') continue;
    const clause = packageClause(src);
    if (!clause) continue;
    if (clause.name === 'main') {
      main ??= { file: f, line: clause.line, reason: `package main in ${f}`, confidence: 'explicit' };
    } else other = true;
  }
  const mainGo = joinRel(dir, 'main.go');
  if (!main && !other && files.includes(mainGo)) {
    main = {
      file: mainGo,
      reason: `${mainGo} is present (its content is unknown), so this folder is taken as a main package`,
      confidence: 'weak',
    };
  }
  return main ? { dir, evidence: main } : null;
}

function binaryName(relDir: string, dir: string, module: string | null): string {
  const raw =
    relDir === '.'
      ? module
        ? moduleBaseName(module)
        : path.posix.basename(dir)
      : path.posix.basename(relDir);
  return toDnsLabel(raw === '.' ? '' : raw) || 'app';
}
