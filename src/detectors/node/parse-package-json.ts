import type { Diagnostic } from '../../model/diagnostic.js';
import type { RepoFs } from '../../repo/repo-fs.js';
import { dirOf } from '../paths.js';
import { lineAt } from '../text.js';

/** The parts of a package.json the Node detector uses, validated leniently (bad fields are dropped). */
export interface PackageJson {
  name: string | null;
  main: string | null;
  /** `module`: an ES module entry for bundlers, or (written by `bun init`) the file Bun runs. */
  module: string | null;
  private: boolean;
  /** Workspace globs (`workspaces: [...]` or `workspaces: { packages: [...] }`); null when not a root. */
  workspaces: string[] | null;
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
  /** `packageManager`, e.g. `pnpm@9.1.0` (Corepack). */
  packageManager: string | null;
  engines: Record<string, string>;
  /** Fields that mark a package published for others to import: `types`, `exports`, `module` … */
  libraryFields: string[];
  /** `prisma.schema`: a custom Prisma schema location. */
  prismaSchema: string | null;
}

/** A package.json that parsed, with its location and raw text (kept for line numbers). */
export interface ParsedPackage {
  file: string;
  /** Folder of the package, `.` for the repo root. */
  dir: string;
  text: string;
  pkg: PackageJson;
}

export type ParsePackageJsonResult =
  | { ok: true; value: ParsedPackage; diagnostics: Diagnostic[] }
  | { ok: false; diagnostics: Diagnostic[] };

const LIBRARY_FIELDS = ['types', 'typings', 'exports', 'module', 'files', 'peerDependencies', 'bin'] as const;

/** Reads and parses a package.json; never throws. */
export function parsePackageJson(fs: RepoFs, file: string): ParsePackageJsonResult {
  const read = fs.readText(file);
  if (!read.ok) {
    return {
      ok: false,
      diagnostics: [
        {
          severity: read.reason === 'missing' ? 'warning' : 'error',
          file,
          message: `cannot read package.json (${read.reason}): ${read.message}`,
          fix: 'make the file readable, or remove it if it is not a package',
        },
      ],
    };
  }
  return parsePackageJsonText(file, read.text);
}

/** Parses package.json text; never throws. */
export function parsePackageJsonText(file: string, rawText: string): ParsePackageJsonResult {
  // npm tolerates a UTF-8 byte order mark; JSON.parse does not.
  const text = rawText.startsWith('\uFEFF') ? rawText.slice(1) : rawText;
  if (text.trim() === '') {
    return {
      ok: false,
      diagnostics: [
        {
          severity: 'warning',
          file,
          message: 'package.json is empty; the package is skipped',
          fix: 'add the package manifest (npm init) or delete the empty file',
        },
      ],
    };
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    const { message, offset } = describeJsonError(text, e);
    return {
      ok: false,
      diagnostics: [
        {
          severity: 'error',
          file,
          line: lineAt(text, offset),
          message: `invalid JSON: ${message}`,
          fix: 'fix the JSON syntax (an unfinished file?)',
        },
      ],
    };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return {
      ok: false,
      diagnostics: [
        {
          severity: 'error',
          file,
          line: 1,
          message: `package.json must be a JSON object, found ${Array.isArray(data) ? 'an array' : typeof data}`,
          fix: 'make the top level an object: { "name": …, "scripts": { … } }',
        },
      ],
    };
  }
  const diagnostics: Diagnostic[] = [];
  const obj = data as Record<string, unknown>;
  const warn = (field: string, expected: string): void => {
    diagnostics.push({
      severity: 'warning',
      file,
      line: keyLine(text, field),
      message: `"${field}" should be ${expected}; it is ignored`,
      fix: `correct the type of "${field}"`,
    });
  };
  const str = (field: string): string | null => {
    const v = obj[field];
    if (v === undefined || v === null) return null;
    if (typeof v === 'string') return v;
    warn(field, 'a string');
    return null;
  };
  const map = (field: string): Record<string, string> => {
    const v = obj[field];
    if (v === undefined || v === null) return {};
    if (typeof v !== 'object' || Array.isArray(v)) {
      warn(field, 'an object of strings');
      return {};
    }
    const out: Record<string, string> = {};
    const bad: string[] = [];
    for (const [k, val] of Object.entries(v)) {
      if (typeof val === 'string') out[k] = val;
      else bad.push(k);
    }
    if (bad.length > 0) {
      diagnostics.push({
        severity: 'warning',
        file,
        line: keyLine(text, bad[0] as string, field),
        message: `"${field}" entries must be strings; ignored: ${bad.join(', ')}`,
        fix: `make each "${field}" value a string`,
      });
    }
    return out;
  };

  let workspaces: string[] | null = null;
  const ws = obj.workspaces;
  if (ws !== undefined && ws !== null) {
    const list = Array.isArray(ws)
      ? ws
      : typeof ws === 'object'
        ? (ws as Record<string, unknown>).packages
        : undefined;
    if (Array.isArray(list)) workspaces = list.filter((x): x is string => typeof x === 'string');
    else warn('workspaces', 'an array of globs or { "packages": [...] }');
  }

  let prismaSchema: string | null = null;
  const prisma = obj.prisma;
  if (typeof prisma === 'object' && prisma !== null && !Array.isArray(prisma)) {
    const schema = (prisma as Record<string, unknown>).schema;
    if (typeof schema === 'string') prismaSchema = schema;
  }

  const priv = obj.private;
  const pkg: PackageJson = {
    name: str('name'),
    main: str('main'),
    module: str('module'),
    private: priv === true || priv === 'true',
    workspaces,
    scripts: map('scripts'),
    dependencies: map('dependencies'),
    devDependencies: map('devDependencies'),
    peerDependencies: map('peerDependencies'),
    packageManager: str('packageManager'),
    engines: map('engines'),
    libraryFields: LIBRARY_FIELDS.filter((f) => obj[f] !== undefined),
    prismaSchema,
  };
  diagnostics.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return { ok: true, value: { file, dir: dirOf(file), text, pkg }, diagnostics };
}

/**
 * The 1-based line of `"key":` in package.json text, searched inside `"section": {` when given
 * (falling back to anywhere). Returns undefined when absent.
 */
export function keyLine(text: string, key: string, section?: string): number | undefined {
  const keyRe = new RegExp(`"${escapeRegExp(key)}"\\s*:`, 'g');
  if (section) {
    const sec = new RegExp(`"${escapeRegExp(section)}"\\s*:\\s*\\{`).exec(text);
    if (sec) {
      const end = matchingBrace(text, sec.index + sec[0].length - 1);
      keyRe.lastIndex = sec.index + sec[0].length;
      const m = keyRe.exec(text);
      if (m && m.index < end) return lineAt(text, m.index);
    }
  }
  keyRe.lastIndex = 0;
  const m = keyRe.exec(text);
  return m ? lineAt(text, m.index) : undefined;
}

function matchingBrace(text: string, open: number): number {
  let depth = 0;
  let inString = false;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i;
  }
  return text.length;
}

export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A clean message and the offset of a JSON syntax error (the engine's, else our own scan's). */
export function describeJsonError(text: string, error: unknown): { message: string; offset: number } {
  const raw = error instanceof Error ? error.message : String(error);
  const pos = /at position (\d+)/.exec(raw);
  const message =
    raw
      .replace(/\s*\(line \d+ column \d+\)/, '')
      .replace(/\s+(?:in JSON\s+)?at position \d+.*$/s, '')
      .replace(/,\s.*\bis not valid JSON$/s, '')
      .trim() || 'syntax error';
  // A truncated file fails at its very end: point at the last line that has content.
  const end = Math.max(text.trimEnd().length - 1, 0);
  if (/Unexpected end of JSON input/.test(raw)) return { message, offset: end };
  const offset = pos ? Number(pos[1]) : findJsonErrorOffset(text);
  return { message, offset: Math.min(offset, end) };
}

/**
 * Offset of the first JSON syntax error in `text` (a small strict scanner, used because some engine
 * messages carry no position). Returns `text.length` when the text ends too early.
 */
export function findJsonErrorOffset(text: string): number {
  let i = 0;
  const fail = (at: number): never => {
    throw new JsonScanError(at);
  };
  const ws = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i] as string)) i++;
  };
  const literal = (word: string): void => {
    for (const ch of word) {
      if (text[i] !== ch) fail(i);
      i++;
    }
  };
  const string = (): void => {
    if (text[i] !== '"') fail(i);
    i++;
    while (i < text.length && text[i] !== '"') {
      const c = text.charCodeAt(i);
      if (c < 0x20) fail(i);
      if (text[i] === '\\') i++;
      i++;
    }
    if (i >= text.length) fail(text.length);
    i++;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === undefined) fail(i);
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        string();
        ws();
        if (text[i] !== ':') fail(i);
        i++;
        value();
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return;
        }
        fail(i);
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value();
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return;
        }
        fail(i);
      }
    }
    const word = c === 't' ? 'true' : c === 'f' ? 'false' : c === 'n' ? 'null' : null;
    if (c === '"') string();
    else if (word) literal(word);
    else {
      const num = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
      if (!num) fail(i);
      i += (num as RegExpExecArray)[0].length;
    }
  };
  try {
    value();
    ws();
    if (i < text.length) fail(i);
    return text.length;
  } catch (e) {
    if (e instanceof JsonScanError) return Math.min(e.offset, text.length);
    return text.length;
  }
}

class JsonScanError {
  constructor(readonly offset: number) {}
}
