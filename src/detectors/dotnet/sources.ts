import type { Diagnostic } from '../../model/diagnostic.js';
import type { RepoFs } from '../../repo/repo-fs.js';
import { isUnder, relativeTo } from '../paths.js';
import { blankJsComments } from '../text.js';

/** A source file with comments blanked (offsets and lines unchanged). */
export interface SourceFile {
  path: string;
  code: string;
}

/** Build output and tooling folders inside a project. */
const SKIPPED_DIRS = new Set(['bin', 'obj', 'node_modules', 'wwwroot', 'Migrations', 'Properties']);
export const MAX_SOURCE_FILES = 2000;

/** C# / F# sources of a project folder, skipping nested projects (`otherDirs`) and bin/obj. */
export function collectDotnetSources(
  fs: RepoFs,
  projectDir: string,
  otherDirs: readonly string[],
): { sources: SourceFile[]; diagnostics: Diagnostic[] } {
  const nested = otherDirs.filter((d) => d !== projectDir && isUnder(d, projectDir));
  const sources: SourceFile[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const f of fs.filesUnder(projectDir)) {
    if (nested.some((n) => isUnder(f, n))) continue;
    if (!f.endsWith('.cs') && !f.endsWith('.fs')) continue;
    const rel = relativeTo(f, projectDir);
    if (
      rel
        .split('/')
        .slice(0, -1)
        .some((d) => SKIPPED_DIRS.has(d) || d.startsWith('.'))
    )
      continue;
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
    // F# block comments (* … *) are rare in the lines that matter; // comments are blanked for both.
    sources.push({ path: f, code: blankJsComments(r.text) });
  }
  return { sources, diagnostics };
}
