import type { Diagnostic } from '../../model/diagnostic.js';
import type { RepoFs } from '../../repo/repo-fs.js';
import { isUnder, relativeTo } from '../paths.js';

/** A PHP (or Symfony YAML config) file of a service, comments blanked (offsets and lines kept). */
export interface PhpSource {
  /** Repo-relative path. */
  path: string;
  code: string;
}

/**
 * Replaces PHP comments (`// …`, `# …`, `/* … *\/`) with spaces, keeping newlines. `#[…]` attributes
 * and `/** … *\/` docblocks are kept (Symfony routes live in them). String literals are respected;
 * heredocs are not recognised.
 */
export function blankPhpComments(src: string): string {
  const out = src.split('');
  const n = src.length;
  let i = 0;
  while (i < n) {
    const c = src[i];
    const next = src[i + 1];
    if ((c === '/' && next === '/') || (c === '#' && next !== '[')) {
      while (i < n && src[i] !== '\n') out[i++] = ' ';
    } else if (c === '/' && next === '*' && src[i + 2] === '*' && src[i + 3] !== '/') {
      // A docblock: kept, since Doctrine/Symfony annotations (`@Route("/health")`) live in them.
      const end = src.indexOf('*/', i + 3);
      i = end === -1 ? n : end + 2;
    } else if (c === '/' && next === '*') {
      out[i++] = ' ';
      out[i++] = ' ';
      while (i < n && !(src[i] === '*' && src[i + 1] === '/')) {
        if (src[i] !== '\n') out[i] = ' ';
        i++;
      }
      if (i < n) {
        out[i++] = ' ';
        out[i++] = ' ';
      }
    } else if (c === '"' || c === "'") {
      i++;
      while (i < n && src[i] !== c) {
        if (src[i] === '\\') i++;
        i++;
      }
      i++;
    } else {
      i++;
    }
  }
  return out.join('');
}

/** Folders of a PHP app that hold dependencies, tests, caches or templates, not the running code. */
export const PHP_NON_SOURCE_DIRS: ReadonlySet<string> = new Set([
  'vendor',
  'node_modules',
  'tests',
  'test',
  'Tests',
  'spec',
  'storage',
  'var',
  'cache',
  'fixtures',
  'migrations',
  'seeders',
  'factories',
  'lang',
  'views',
  'templates',
]);

export const MAX_PHP_SOURCES = 2000;

/** True when a path (relative to the app) is PHP code, or Symfony config that reads `%env()%`. */
export function isPhpSourcePath(rel: string): boolean {
  const php = rel.endsWith('.php') && !rel.endsWith('.blade.php');
  const symfonyConfig = rel.startsWith('config/') && /\.ya?ml$/.test(rel);
  if (!php && !symfonyConfig) return false;
  if (/Test\.php$/.test(rel)) return false;
  const dirs = rel.split('/').slice(0, -1);
  if (dirs[0] === 'bootstrap' && dirs[1] === 'cache') return false;
  return !dirs.some((d) => PHP_NON_SOURCE_DIRS.has(d) || d.startsWith('.'));
}

/** PHP sources of the app in `dir`, excluding nested apps, dependencies and tests. */
export function collectPhpSources(
  fs: RepoFs,
  dir: string,
  nested: readonly string[],
): { sources: PhpSource[]; diagnostics: Diagnostic[] } {
  const sources: PhpSource[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const f of fs.filesUnder(dir)) {
    if (nested.some((d) => isUnder(f, d))) continue;
    if (!isPhpSourcePath(relativeTo(f, dir))) continue;
    if (sources.length >= MAX_PHP_SOURCES) {
      diagnostics.push({
        severity: 'info',
        file: f,
        message: `only the first ${MAX_PHP_SOURCES} PHP files of ${dir} were scanned`,
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
    const yaml = !f.endsWith('.php');
    sources.push({
      path: f,
      code: yaml
        ? r.text.replace(/(^|[ \t])#[^\n]*/gm, (m, pre: string) => pre + ' '.repeat(m.length - pre.length))
        : blankPhpComments(r.text),
    });
  }
  return { sources, diagnostics };
}
