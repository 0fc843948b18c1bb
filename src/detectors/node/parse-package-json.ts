import type { Diagnostic } from '../../model/diagnostic.js';
import type { RepoFs } from '../../repo/repo-fs.js';
import { dirOf } from '../paths.js';
import { keyLine, parseJsonManifest } from '../shared/json-manifest.js';

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
  const parsed = parseJsonManifest(file, rawText, 'package.json', {
    empty: {
      message: 'package.json is empty; the package is skipped',
      fix: 'add the package manifest (npm init) or delete the empty file',
    },
    syntaxFix: 'fix the JSON syntax (an unfinished file?)',
    objectFix: 'make the top level an object: { "name": …, "scripts": { … } }',
  });
  if (!parsed.ok) return parsed;
  const { text, obj, diagnostics, warn } = parsed;
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
