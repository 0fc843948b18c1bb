import type { Diagnostic } from '../../model/diagnostic.js';
import type { RepoFs } from '../../repo/repo-fs.js';
import { isUnder, joinRel } from '../paths.js';
import { readSources } from '../shared/code-scan.js';
import { blankJsComments } from '../text.js';

/** A production source file with comments blanked (offsets and lines unchanged). */
export interface SourceFile {
  path: string;
  code: string;
}

/** Production source roots of a module (tests live under src/test and are not read). */
export const SOURCE_ROOTS = ['src/main/java', 'src/main/kotlin'] as const;
const EXTENSIONS = ['.java', '.kt'] as const;

/** Java and Kotlin sources of a module, skipping nested modules (`otherDirs`). */
export function collectJvmSources(
  fs: RepoFs,
  moduleDir: string,
  otherDirs: readonly string[],
): { sources: SourceFile[]; diagnostics: Diagnostic[] } {
  const roots = SOURCE_ROOTS.map((r) => joinRel(moduleDir, r));
  const nested = otherDirs.filter((d) => d !== moduleDir && isUnder(d, moduleDir));
  const files = fs
    .files()
    .filter(
      (f) =>
        roots.some((r) => isUnder(f, r)) &&
        !nested.some((n) => isUnder(f, n)) &&
        EXTENSIONS.some((e) => f.endsWith(e)),
    );
  return readSources(fs, files, blankJsComments);
}

/** True when a module has Kotlin sources (src/main/kotlin). */
export function hasKotlinSources(fs: RepoFs, moduleDir: string): boolean {
  const root = joinRel(moduleDir, 'src/main/kotlin');
  return fs.filesUnder(root).some((f) => f.endsWith('.kt'));
}
