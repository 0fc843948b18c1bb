import type { Diagnostic } from '../../model/diagnostic.js';
import type { RepoFs } from '../../repo/repo-fs.js';
import { isUnder, relativeTo } from '../paths.js';
import { readSources } from '../shared/code-scan.js';
import { blankJsComments } from '../text.js';

/** A source file with comments blanked (offsets and lines unchanged). */
export interface SourceFile {
  path: string;
  code: string;
}

/** Build output and tooling folders inside a project. */
const SKIPPED_DIRS = new Set(['bin', 'obj', 'node_modules', 'wwwroot', 'Migrations', 'Properties']);

/** C# / F# sources of a project folder, skipping nested projects (`otherDirs`) and bin/obj. */
export function collectDotnetSources(
  fs: RepoFs,
  projectDir: string,
  otherDirs: readonly string[],
): { sources: SourceFile[]; diagnostics: Diagnostic[] } {
  const nested = otherDirs.filter((d) => d !== projectDir && isUnder(d, projectDir));
  const files = fs.filesUnder(projectDir).filter((f) => {
    if (nested.some((n) => isUnder(f, n))) return false;
    if (!f.endsWith('.cs') && !f.endsWith('.fs')) return false;
    const dirs = relativeTo(f, projectDir).split('/').slice(0, -1);
    return !dirs.some((d) => SKIPPED_DIRS.has(d) || d.startsWith('.'));
  });
  // F# block comments (* … *) are rare in the lines that matter; // comments are blanked for both.
  return readSources(fs, files, blankJsComments);
}
