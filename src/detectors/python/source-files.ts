import type { Diagnostic } from '../../model/diagnostic.js';
import type { RepoFs } from '../../repo/repo-fs.js';
import { isUnder, relativeTo } from '../paths.js';
import { blankPythonComments } from './python-text.js';

/** A Python source file of a service, `#` comments blanked (offsets and lines unchanged). */
export interface PySource {
  /** Repo-relative path. */
  path: string;
  /** Path relative to the service folder. */
  rel: string;
  code: string;
}

/** Folders that hold tests, docs, migrations or tooling rather than the code that runs in production. */
export const NON_SOURCE_DIRS: ReadonlySet<string> = new Set([
  'test',
  'tests',
  'testing',
  'docs',
  'doc',
  'migrations',
  'alembic',
  'fixtures',
  '__fixtures__',
  'testdata',
  'site-packages',
  'build',
  'dist',
  'node_modules',
  'htmlcov',
  'env',
  'venv',
  '.venv',
]);

export const MAX_SOURCE_FILES = 2000;

/** True when a path relative to the service is production Python source. */
export function isPySourcePath(rel: string): boolean {
  if (!rel.endsWith('.py')) return false;
  const base = rel.split('/').at(-1) as string;
  if (/^test_.*\.py$|_test\.py$|^conftest\.py$|^setup\.py$|^noxfile\.py$|^fabfile\.py$/.test(base))
    return false;
  return !rel
    .split('/')
    .slice(0, -1)
    .some((d) => NON_SOURCE_DIRS.has(d) || d.startsWith('.'));
}

/**
 * The Python sources of the service in `dir`, excluding nested projects, tests and tooling.
 * Unreadable files are skipped with an info diagnostic. Empty files are kept (their presence counts).
 */
export function collectPySources(
  fs: RepoFs,
  dir: string,
  nestedProjectDirs: readonly string[],
): { sources: PySource[]; diagnostics: Diagnostic[] } {
  const nested = nestedProjectDirs.filter((d) => d !== dir && isUnder(d, dir));
  const sources: PySource[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const f of fs.filesUnder(dir)) {
    if (nested.some((n) => isUnder(f, n))) continue;
    const rel = relativeTo(f, dir);
    if (!isPySourcePath(rel)) continue;
    if (sources.length >= MAX_SOURCE_FILES) {
      diagnostics.push({
        severity: 'info',
        file: f,
        message: `only the first ${MAX_SOURCE_FILES} Python files of ${dir} were scanned`,
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
    sources.push({ path: f, rel, code: blankPythonComments(r.text) });
  }
  return { sources, diagnostics };
}
