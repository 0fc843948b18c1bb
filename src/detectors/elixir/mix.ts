import type { Diagnostic } from '../../model/diagnostic.js';
import type { RepoFs } from '../../repo/repo-fs.js';
import { dirOf } from '../paths.js';
import { lineLocator } from '../shared/lines.js';
import { lineAt } from '../text.js';

/**
 * mix.exs is Elixir code, so it is read with patterns over the comment-blanked text, not evaluated:
 * literal keyword options (`app: :name`, `elixir: "~> 1.15"`) and dependency tuples are found.
 */

export interface MixDependency {
  name: string;
  line: number;
  /** Not restricted to dev/test (`only: :dev`, `only: [:dev, :test]`). */
  prod: boolean;
}

export interface Located {
  value: string;
  line: number;
}

export interface MixProject {
  file: string;
  dir: string;
  /** Comment-blanked text. */
  code: string;
  app: Located | null;
  elixir: Located | null;
  /** `apps_path: "apps"`: an umbrella project. */
  appsPath: string | null;
  /** The application callback module (`mod: {App.Application, []}`): it starts a supervision tree. */
  mod: Located | null;
  /** Release names under `releases:`, in order. */
  releases: string[];
  /** `escript: [main_module: …]`. */
  escript: { name: string | null; line: number } | null;
  deps: MixDependency[];
  /** Alias names (`"assets.deploy"`, `setup`). */
  aliases: string[];
}

export type MixParse =
  | { ok: true; project: MixProject; diagnostics: Diagnostic[] }
  | { ok: false; diagnostics: Diagnostic[] };

/**
 * Replaces Elixir `#` comments with spaces (offsets kept). Strings, charlists and `#{…}`
 * interpolation inside strings are respected; heredocs are treated as strings.
 */
export function blankElixirComments(src: string): string {
  const out = src.split('');
  const n = src.length;
  let i = 0;
  while (i < n) {
    const c = src[i];
    if (c === '#') {
      while (i < n && src[i] !== '\n') out[i++] = ' ';
    } else if (c === '?' && i + 1 < n) {
      i += src[i + 1] === '\\' ? 3 : 2; // character literal ?# or ?\n
    } else if (c === '"' || c === "'") {
      const triple = src.startsWith(c.repeat(3), i);
      const close = triple ? c.repeat(3) : c;
      i += close.length;
      while (i < n && !src.startsWith(close, i)) {
        if (src[i] === '\\') i++;
        else if (!triple && src[i] === '\n' && c === "'") break;
        i++;
      }
      i += close.length;
    } else {
      i++;
    }
  }
  return out.join('');
}

/** Offset of the bracket closing the one at `open` (`[`/`{`/`(`), or the text length. */
export function closingBracket(code: string, open: number): number {
  const pairs: Record<string, string> = { '[': ']', '{': '}', '(': ')' };
  const stack: string[] = [];
  for (let i = open; i < code.length; i++) {
    const c = code[i] as string;
    if (c === '"') {
      // Skip string contents so brackets inside strings do not count.
      i++;
      while (i < code.length && code[i] !== '"') {
        if (code[i] === '\\') i++;
        i++;
      }
      continue;
    }
    if (pairs[c]) stack.push(pairs[c] as string);
    else if (c === stack[stack.length - 1]) {
      stack.pop();
      if (stack.length === 0) return i;
    }
  }
  return code.length;
}

/** Reads and parses mix.exs; never throws. */
export function readMixProject(fs: RepoFs, file: string): MixParse {
  const r = fs.readText(file);
  if (!r.ok) {
    return {
      ok: false,
      diagnostics: [
        {
          severity: 'warning',
          file,
          message: `cannot read mix.exs (${r.reason}): ${r.message}`,
          fix: 'make the file readable',
        },
      ],
    };
  }
  return parseMixText(file, r.text);
}

/** Parses mix.exs text; never throws. Empty or unrecognisable files give a diagnostic. */
export function parseMixText(file: string, text: string): MixParse {
  if (text.trim() === '') {
    return {
      ok: false,
      diagnostics: [
        {
          severity: 'warning',
          file,
          message: 'mix.exs is empty; the Mix project is skipped',
          fix: 'write the project definition (mix new creates one) or delete the empty file',
        },
      ],
    };
  }
  const code = blankElixirComments(text);
  if (!/\bdefmodule\b[\s\S]*\buse\s+Mix\.Project\b/.test(code) || !/\bdef\s+project\b/.test(code)) {
    return {
      ok: false,
      diagnostics: [
        {
          severity: 'error',
          file,
          line: 1,
          message: 'mix.exs does not define a Mix project (no `use Mix.Project` module with `def project`)',
          fix: 'define `defmodule MyApp.MixProject do use Mix.Project; def project do [app: :my_app, …] end end`',
        },
      ],
    };
  }
  const diagnostics: Diagnostic[] = [];
  if (!balanced(code)) {
    diagnostics.push({
      severity: 'warning',
      file,
      message:
        'mix.exs has unbalanced brackets or do/end blocks; it may be truncated, so it is read only in part',
      fix: 'check it compiles (`mix compile`)',
    });
  }
  const located = (re: RegExp): Located | null => {
    const m = re.exec(code);
    return m ? { value: m[1] as string, line: lineAt(code, m.index) } : null;
  };
  const releases: string[] = [];
  const rel = /\breleases:\s*\[/.exec(code);
  if (rel) {
    const open = rel.index + rel[0].length - 1;
    const body = code.slice(open + 1, closingBracket(code, open));
    // Top-level keys of the releases keyword list: `name: [` at depth 0.
    let depth = 0;
    for (let i = 0; i < body.length; i++) {
      const c = body[i] as string;
      if ('[{('.includes(c)) depth++;
      else if (']})'.includes(c)) depth--;
      else if (depth === 0) {
        const m = /^([a-z_][\w]*):\s/.exec(body.slice(i));
        if (m && (i === 0 || /[\s,]/.test(body[i - 1] as string))) {
          releases.push(m[1] as string);
          i += m[0].length - 1;
        }
      }
    }
  }
  const esc = /\bescript:\s*(?:\[|escript\(\))/.exec(code);
  const escName = /\bescript:[\s\S]{0,200}?\bname:\s*[:"]?([\w]+)/.exec(code);
  return {
    ok: true,
    diagnostics,
    project: {
      file,
      dir: dirOf(file),
      code,
      app: located(/\bapp:\s*:([a-z_][\w]*)/),
      elixir: located(/\belixir:\s*"([^"\n]+)"/),
      appsPath: located(/\bapps_path:\s*"([^"\n]+)"/)?.value ?? null,
      mod: located(/\bmod:\s*\{\s*([A-Z][\w.]*)/),
      releases,
      escript: esc ? { name: escName ? (escName[1] as string) : null, line: lineAt(code, esc.index) } : null,
      deps: parseDeps(code),
      aliases: [...(aliasesBody(code) ?? '').matchAll(/(?:"([\w.]+)"|(?<![\w.])([a-z_][\w]*)):\s/g)].map(
        (m) => (m[1] ?? m[2]) as string,
      ),
    },
  };
}

function aliasesBody(code: string): string | null {
  const m = /\bdefp?\s+aliases\s+do\s*\[/.exec(code);
  if (!m) return null;
  const open = m.index + m[0].length - 1;
  return code.slice(open, closingBracket(code, open));
}

function depsRange(code: string): { start: number; end: number } {
  const fn = /\bdefp?\s+deps\s*(?:\(\s*\))?\s*(?:do|,\s*do:)\s*\[/.exec(code);
  if (fn) {
    const open = fn.index + fn[0].length - 1;
    return { start: open, end: closingBracket(code, open) };
  }
  const inline = /\bdeps:\s*\[/.exec(code);
  if (inline) {
    const open = inline.index + inline[0].length - 1;
    return { start: open, end: closingBracket(code, open) };
  }
  return { start: 0, end: 0 };
}

/** Dependency tuples `{:name, …}` of the deps list, with their `only:` restriction read. */
export function parseDeps(code: string): MixDependency[] {
  const { start, end } = depsRange(code);
  const out: MixDependency[] = [];
  const lineOf = lineLocator(code);
  const re = /\{\s*:([a-z_][\w]*)\s*[,}]/g;
  re.lastIndex = start;
  for (let m = re.exec(code); m && m.index < end; m = re.exec(code)) {
    const close = closingBracket(code, m.index);
    const body = code.slice(m.index, close);
    const only = /\bonly:\s*(\[[^\]]*\]|:\w+)/.exec(body)?.[1];
    const prod = only === undefined || /:prod\b/.test(only);
    out.push({ name: m[1] as string, line: lineOf(m.index), prod });
    re.lastIndex = Math.max(close, m.index + 1);
  }
  return out;
}

function balanced(code: string): boolean {
  const stripped = code.replace(/"(?:\\.|[^"\\])*"/g, '""');
  let depth = 0;
  for (const c of stripped) {
    if ('[{('.includes(c)) depth++;
    else if (']})'.includes(c)) depth--;
    if (depth < 0) return false;
  }
  if (depth !== 0) return false;
  const opens = (stripped.match(/\bdo\b(?!:)/g) ?? []).length + (stripped.match(/\bfn\b/g) ?? []).length;
  const ends = (stripped.match(/\bend\b/g) ?? []).length;
  return opens === ends;
}
