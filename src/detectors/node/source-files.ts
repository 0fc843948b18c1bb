import type { Diagnostic } from '../../model/diagnostic.js';
import type { RepoFs } from '../../repo/repo-fs.js';
import { isUnder, relativeTo } from '../paths.js';
import { blankJsComments } from '../text.js';

/** A source file of a service, with comments blanked out (offsets and lines unchanged). */
export interface SourceFile {
  /** Repo-relative path. */
  path: string;
  /** The text with comments replaced by spaces. */
  code: string;
}

/** Script files, plus single-file components (Vue, Svelte, Astro) whose script blocks read env vars. */
export const SOURCE_EXTENSIONS = [
  '.js',
  '.mjs',
  '.cjs',
  '.ts',
  '.mts',
  '.cts',
  '.jsx',
  '.tsx',
  '.vue',
  '.svelte',
  '.astro',
] as const;

/** Folders that hold build output, tests or tooling rather than the code that runs in production. */
export const NON_SOURCE_DIRS = new Set([
  'dist',
  'build',
  'out',
  'coverage',
  'public',
  'test',
  'tests',
  '__tests__',
  '__mocks__',
  'spec',
  'e2e',
  'fixtures',
  '__fixtures__',
  'cypress',
  'playwright',
  'storybook-static',
]);

/** At most this many files are scanned per service; a service is rarely bigger and scans stay fast. */
export const MAX_SOURCE_FILES = 2000;

/** True when a path (relative to the package) is production source code. */
export function isSourcePath(rel: string): boolean {
  if (!SOURCE_EXTENSIONS.some((e) => rel.endsWith(e))) return false;
  if (/\.(test|spec)\.[cm]?[jt]sx?$/.test(rel) || rel.endsWith('.d.ts') || /\.min\.[cm]?js$/.test(rel))
    return false;
  if (/(^|\/)(vitest|jest|vite|webpack|rollup|eslint|babel|prettier|playwright)\.config\./.test(rel))
    return false;
  const dirs = rel.split('/').slice(0, -1);
  return !dirs.some((d) => NON_SOURCE_DIRS.has(d) || d.startsWith('.'));
}

/**
 * Source files of the package in `dir`, excluding nested packages (`otherPackageDirs` deeper than
 * `dir`), build output and tests. Unreadable files are skipped, with an info diagnostic.
 */
export function collectSources(
  fs: RepoFs,
  dir: string,
  otherPackageDirs: readonly string[],
): { sources: SourceFile[]; diagnostics: Diagnostic[] } {
  const nested = otherPackageDirs.filter((d) => d !== dir && isUnder(d, dir) && d !== '.');
  const sources: SourceFile[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const f of fs.filesUnder(dir)) {
    if (nested.some((n) => isUnder(f, n))) continue;
    if (!isSourcePath(relativeTo(f, dir))) continue;
    if (sources.length >= MAX_SOURCE_FILES) {
      diagnostics.push({
        severity: 'info',
        file: f,
        message: `only the first ${MAX_SOURCE_FILES} source files of ${dir} were scanned`,
      });
      break;
    }
    const r = fs.readText(f);
    if (!r.ok) {
      if (r.reason !== 'missing') {
        diagnostics.push({
          severity: 'info',
          file: f,
          message: `source file skipped (${r.reason}): ${r.message}`,
        });
      }
      continue;
    }
    sources.push({ path: f, code: blankJsComments(r.text) });
  }
  return { sources, diagnostics };
}
