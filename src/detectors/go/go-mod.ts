/**
 * go.mod and go.work parsing. Both use the same line-oriented syntax (`verb args` or `verb ( … )`
 * blocks, `//` comments), specified at https://go.dev/ref/mod#go-mod-file-grammar.
 */
import type { Diagnostic } from '../../model/diagnostic.js';
import type { RepoFs } from '../../repo/repo-fs.js';
import { dirOf } from '../paths.js';

/** One directive line, e.g. `require github.com/gin-gonic/gin v1.9.1 // indirect`. */
export interface Directive {
  verb: string;
  args: string[];
  /** The line carried a `// indirect` comment. */
  indirect: boolean;
  line: number;
}

export interface GoRequire {
  path: string;
  version: string;
  indirect: boolean;
  line: number;
}

export interface GoMod {
  file: string;
  dir: string;
  text: string;
  module: string | null;
  moduleLine: number | null;
  /** The `go` directive: the minimum language version (`1.21`, `1.22.0`). */
  go: { version: string; line: number } | null;
  /** The `toolchain` directive without its `go` prefix (`1.22.3`). */
  toolchain: { version: string; line: number } | null;
  requires: GoRequire[];
}

export interface GoWork {
  file: string;
  dir: string;
  go: { version: string; line: number } | null;
  toolchain: { version: string; line: number } | null;
  /** `use` folders, repo-relative. */
  uses: { dir: string; line: number }[];
}

const MOD_VERBS = new Set([
  'module',
  'go',
  'toolchain',
  'require',
  'exclude',
  'replace',
  'retract',
  'godebug',
  'tool',
  'ignore',
]);
const WORK_VERBS = new Set(['go', 'toolchain', 'use', 'replace', 'godebug']);

/** Splits go.mod-style text into directives; unknown verbs and broken blocks become errors. Never throws. */
export function parseDirectives(
  text: string,
  verbs: ReadonlySet<string>,
): { directives: Directive[]; errors: { line: number; message: string }[] } {
  const directives: Directive[] = [];
  const errors: { line: number; message: string }[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  let block: { verb: string; line: number } | null = null;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] as string;
    const comment = raw.indexOf('//');
    const indirect = comment >= 0 && /^\/\/\s*indirect\b/.test(raw.slice(comment));
    const tokens = tokenize(comment >= 0 ? raw.slice(0, comment) : raw);
    if (tokens.length === 0) continue;
    const line = i + 1;
    if (block) {
      if (tokens[0] === ')') {
        block = null;
        continue;
      }
      directives.push({ verb: block.verb, args: tokens, indirect, line });
      continue;
    }
    const verb = tokens[0] as string;
    if (!verbs.has(verb)) {
      errors.push({ line, message: `unknown directive "${verb.slice(0, 40)}"` });
      continue;
    }
    if (tokens[1] === '(' && tokens.length === 2) {
      block = { verb, line };
      continue;
    }
    directives.push({ verb, args: tokens.slice(1), indirect, line });
  }
  if (block) errors.push({ line: block.line, message: `the ${block.verb} ( block is never closed` });
  return { directives, errors };
}

/** Whitespace-separated tokens; "quoted" and `raw` strings are one token each. */
function tokenize(s: string): string[] {
  const out: string[] = [];
  for (const m of s.matchAll(/"((?:[^"\\]|\\.)*)"?|`([^`]*)`?|([^\s"`]+)/g))
    out.push(m[1] ?? m[2] ?? (m[3] as string));
  return out;
}

/** Parses go.mod text. Errors become diagnostics naming the file; what parsed is still returned. */
export function parseGoModText(file: string, text: string): { mod: GoMod; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const mod: GoMod = {
    file,
    dir: dirOf(file),
    text,
    module: null,
    moduleLine: null,
    go: null,
    toolchain: null,
    requires: [],
  };
  if (text.trim() === '') {
    diagnostics.push({
      severity: 'warning',
      file,
      message: 'go.mod is empty: no module path, Go version or dependencies',
      fix: 'run `go mod init <module path>` and `go mod tidy`',
    });
    return { mod, diagnostics };
  }
  const { directives, errors } = parseDirectives(text, MOD_VERBS);
  for (const d of directives) {
    if (d.verb === 'module' && d.args[0]) {
      mod.module = d.args[0];
      mod.moduleLine = d.line;
    } else if (d.verb === 'go' && d.args[0]) {
      mod.go = { version: d.args[0], line: d.line };
    } else if (d.verb === 'toolchain' && d.args[0]) {
      const v = d.args[0].replace(/^go/, '');
      if (/^\d/.test(v)) mod.toolchain = { version: v, line: d.line };
    } else if (d.verb === 'require' && d.args.length >= 2) {
      mod.requires.push({
        path: d.args[0] as string,
        version: d.args[1] as string,
        indirect: d.indirect,
        line: d.line,
      });
    }
  }
  if (errors.length > 0) {
    const first = errors[0] as { line: number; message: string };
    diagnostics.push({
      severity: 'error',
      file,
      line: first.line,
      message: `go.mod is not valid: ${first.message}${errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''}`,
      fix: 'fix the line (run `go mod tidy` to see Go’s own error)',
    });
  }
  if (mod.module === null && errors.length === 0) {
    diagnostics.push({
      severity: 'warning',
      file,
      message: 'go.mod has no module directive',
      fix: 'add `module <module path>` as its first line',
    });
  }
  return { mod, diagnostics };
}

/** Reads and parses a go.mod; null (with a diagnostic) when it cannot be read. */
export function readGoMod(fs: RepoFs, file: string): { mod: GoMod | null; diagnostics: Diagnostic[] } {
  const r = fs.readText(file);
  if (!r.ok) {
    return {
      mod: null,
      diagnostics: [
        {
          severity: 'error',
          file,
          message: `cannot read go.mod (${r.reason}): ${r.message}`,
          fix: 'make the file readable',
        },
      ],
    };
  }
  return parseGoModText(file, r.text);
}

/** Parses go.work text; `use` paths are resolved against its folder. Never throws. */
export function parseGoWorkText(file: string, text: string): { work: GoWork; diagnostics: Diagnostic[] } {
  const dir = dirOf(file);
  const work: GoWork = { file, dir, go: null, toolchain: null, uses: [] };
  const diagnostics: Diagnostic[] = [];
  const { directives, errors } = parseDirectives(text, WORK_VERBS);
  for (const d of directives) {
    if (d.verb === 'go' && d.args[0]) work.go = { version: d.args[0], line: d.line };
    else if (d.verb === 'toolchain' && d.args[0]) {
      const v = d.args[0].replace(/^go/, '');
      if (/^\d/.test(v)) work.toolchain = { version: v, line: d.line };
    } else if (d.verb === 'use' && d.args[0]) {
      const rel = d.args[0].replace(/^\.(?:\/|$)/, '').replace(/\/+$/, '');
      if (rel.startsWith('..') || rel.startsWith('/')) continue;
      work.uses.push({ dir: rel === '' ? dir : dir === '.' ? rel : `${dir}/${rel}`, line: d.line });
    }
  }
  if (errors.length > 0) {
    const first = errors[0] as { line: number; message: string };
    diagnostics.push({
      severity: 'error',
      file,
      line: first.line,
      message: `go.work is not valid: ${first.message}`,
      fix: 'fix the line (run `go work sync` to see Go’s own error)',
    });
  }
  return { work, diagnostics };
}

/** True when `path` is `module` or a major version or package of it (`…/gin`, `…/echo/v4`). */
export function modulePathMatches(path: string, module: string): boolean {
  return path === module || path.startsWith(`${module}/`);
}

/** The last element of a module path without a major-version suffix: `github.com/a/b/v2` → `b`. */
export function moduleBaseName(module: string): string {
  const parts = module.split('/').filter(Boolean);
  let last = parts.at(-1) ?? '';
  if (/^v\d+$/.test(last) && parts.length > 1) last = parts.at(-2) ?? last;
  return last;
}
