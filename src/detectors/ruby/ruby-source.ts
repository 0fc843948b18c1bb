import type { Diagnostic } from '../../model/diagnostic.js';
import type { RepoFs } from '../../repo/repo-fs.js';
import { isUnder, relativeTo } from '../paths.js';

/** A Ruby (or ERB/YAML config) file of a service, with comments blanked out (offsets and lines kept). */
export interface RubySource {
  /** Repo-relative path. */
  path: string;
  /** The text with comments replaced by spaces. */
  code: string;
}

/**
 * Replaces Ruby comments (`# …` and `=begin … =end` blocks) with spaces, keeping newlines, so regexes
 * do not match commented-out code. String literals are respected, so `"#{x}"` and `'#'` survive.
 * Heredocs, `%q()` and regex literals are not recognised (a rare false match is acceptable).
 */
export function blankRubyComments(src: string): string {
  const out = src.split('');
  const n = src.length;
  let i = 0;
  let lineStart = true;
  while (i < n) {
    const c = src[i];
    if (lineStart && src.startsWith('=begin', i) && /^=begin(\s|$)/.test(src.slice(i, i + 7))) {
      // Blank up to and including the `=end` line.
      const end = src.slice(i).search(/^=end\b.*$/m);
      const stop = end === -1 ? n : i + end + (/^=end\b.*/m.exec(src.slice(i + end))?.[0].length ?? 0);
      for (; i < stop; i++) if (src[i] !== '\n') out[i] = ' ';
      continue;
    }
    lineStart = false;
    if (c === '\n') {
      lineStart = true;
      i++;
    } else if (c === '#') {
      while (i < n && src[i] !== '\n') out[i++] = ' ';
    } else if (c === '"' || c === "'" || c === '`') {
      i++;
      while (i < n && src[i] !== c) {
        if (src[i] === '\\') i++;
        i++;
      }
      i++;
    } else if (c === '?' && (src[i + 1] === '#' || src[i + 1] === '"' || src[i + 1] === "'")) {
      // Character literal: ?# ?" ?'
      i += 2;
    } else {
      i++;
    }
  }
  return out.join('');
}

/** Blanks YAML comments (`#` at a line start or after whitespace), keeping offsets. */
export function blankYamlComments(src: string): string {
  return src.replace(/(^|[ \t])#[^\n]*/gm, (m, pre: string) => pre + ' '.repeat(m.length - pre.length));
}

/** Folders of a Ruby app that hold tests, build output, caches or vendored code, not the running code. */
export const RUBY_NON_SOURCE_DIRS: ReadonlySet<string> = new Set([
  'spec',
  'test',
  'tests',
  'features',
  'vendor',
  'tmp',
  'log',
  'coverage',
  'public',
  'node_modules',
  'storage',
  'fixtures',
  'migrate',
]);

/** At most this many files are scanned per service. */
export const MAX_RUBY_SOURCES = 2000;

/** True when a path (relative to the app folder) is Ruby code or config that runs in production. */
export function isRubySourcePath(rel: string): boolean {
  const base = rel.split('/').at(-1) ?? '';
  const ruby =
    rel.endsWith('.rb') ||
    rel.endsWith('.ru') ||
    base === 'Rakefile' ||
    // Rails config (database.yml, puma …) reads ENV through ERB.
    (rel.startsWith('config/') && /\.ya?ml$/.test(rel));
  if (!ruby || /_(spec|test)\.rb$/.test(rel)) return false;
  const dirs = rel.split('/').slice(0, -1);
  return !dirs.some((d) => RUBY_NON_SOURCE_DIRS.has(d) || d.startsWith('.'));
}

/** Ruby sources of the app in `dir`, excluding nested apps (`nested`), tests and vendored code. */
export function collectRubySources(
  fs: RepoFs,
  dir: string,
  nested: readonly string[],
): { sources: RubySource[]; diagnostics: Diagnostic[] } {
  const sources: RubySource[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const f of fs.filesUnder(dir)) {
    if (nested.some((d) => isUnder(f, d))) continue;
    if (!isRubySourcePath(relativeTo(f, dir))) continue;
    if (sources.length >= MAX_RUBY_SOURCES) {
      diagnostics.push({
        severity: 'info',
        file: f,
        message: `only the first ${MAX_RUBY_SOURCES} Ruby files of ${dir} were scanned`,
      });
      break;
    }
    const r = fs.readText(f);
    if (!r.ok) {
      if (r.reason !== 'missing') {
        diagnostics.push({ severity: 'info', file: f, message: `file skipped (${r.reason}): ${r.message}` });
      }
      continue;
    }
    const yaml = f.endsWith('.yml') || f.endsWith('.yaml');
    sources.push({ path: f, code: yaml ? blankYamlComments(r.text) : blankRubyComments(r.text) });
  }
  return { sources, diagnostics };
}
