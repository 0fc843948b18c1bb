import path from 'node:path';

/** Joins repo-relative POSIX path parts, treating `.` as the repo root. */
export function joinRel(dir: string, file: string): string {
  return dir === '.' || dir === '' ? file : path.posix.join(dir, file);
}

/** Repo-relative folder of a file; `.` for files at the root. */
export function dirOf(file: string): string {
  return path.posix.dirname(file);
}

/** True when `file` lies inside `dir` (any depth); every file is inside `.`. */
export function isUnder(file: string, dir: string): boolean {
  return dir === '.' || dir === '' || file.startsWith(`${dir}/`);
}

/** `file` relative to `dir`. */
export function relativeTo(file: string, dir: string): string {
  return dir === '.' || dir === '' ? file : file.slice(dir.length + 1);
}

/** `dir` and each folder above it up to and including `stop` (default the root), nearest first. */
export function ancestorDirs(dir: string, stop = '.'): string[] {
  const out: string[] = [];
  let d = dir === '' ? '.' : dir;
  for (;;) {
    out.push(d);
    if (d === stop || d === '.') break;
    d = path.posix.dirname(d);
  }
  return out;
}

/** Folders that hold test data (copies of other repos, snapshots), never the repo's own packages or infra. */
export const TEST_DATA_DIRS: ReadonlySet<string> = new Set([
  'fixtures',
  '__fixtures__',
  '__mocks__',
  '__snapshots__',
  'testdata',
]);

/** True when a path lies inside a {@link TEST_DATA_DIRS} folder. */
export function isTestData(file: string): boolean {
  // Called for every file by several detectors: one regex, no allocation (kept in step with the set).
  return TEST_DATA_RE.test(file);
}

const TEST_DATA_RE = new RegExp(
  `(^|/)(${[...TEST_DATA_DIRS].map((d) => d.replace(/[$()*+.?[\\\]^{|}]/g, '\\$&')).join('|')})/`,
);
