import type { Diagnostic } from '../../model/diagnostic.js';
import type { RepoFs } from '../../repo/repo-fs.js';
import { isUnder, joinRel } from '../paths.js';
import { blankJsComments } from '../text.js';

/** A production source file with comments blanked (offsets and lines unchanged). */
export interface SourceFile {
  path: string;
  code: string;
}

/** Production source roots of a module (tests live under src/test and are not read). */
export const SOURCE_ROOTS = ['src/main/java', 'src/main/kotlin'] as const;
const EXTENSIONS = ['.java', '.kt'] as const;

/** At most this many files are read per module. */
export const MAX_SOURCE_FILES = 2000;

/** Java and Kotlin sources of a module, skipping nested modules (`otherDirs`). */
export function collectJvmSources(
  fs: RepoFs,
  moduleDir: string,
  otherDirs: readonly string[],
): { sources: SourceFile[]; diagnostics: Diagnostic[] } {
  const roots = SOURCE_ROOTS.map((r) => joinRel(moduleDir, r));
  const nested = otherDirs.filter((d) => d !== moduleDir && isUnder(d, moduleDir));
  const sources: SourceFile[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const f of fs.files()) {
    if (!roots.some((r) => isUnder(f, r)) || nested.some((n) => isUnder(f, n))) continue;
    if (!EXTENSIONS.some((e) => f.endsWith(e))) continue;
    if (sources.length >= MAX_SOURCE_FILES) {
      diagnostics.push({
        severity: 'info',
        file: f,
        message: `only the first ${MAX_SOURCE_FILES} source files were scanned`,
      });
      break;
    }
    const r = fs.readText(f);
    if (!r.ok) {
      if (r.reason !== 'missing')
        diagnostics.push({
          severity: 'info',
          file: f,
          message: `source file skipped (${r.reason}): ${r.message}`,
        });
      continue;
    }
    sources.push({ path: f, code: blankJsComments(r.text) });
  }
  return { sources, diagnostics };
}

/** True when a module has Kotlin sources (src/main/kotlin). */
export function hasKotlinSources(fs: RepoFs, moduleDir: string): boolean {
  const root = joinRel(moduleDir, 'src/main/kotlin');
  return fs.filesUnder(root).some((f) => f.endsWith('.kt'));
}
