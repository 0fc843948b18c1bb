/**
 * Monorepo workspace discovery, shared by detectors: which folders are workspace roots, which
 * tools declare them (package.json `workspaces`, pnpm-workspace.yaml, lerna.json, nx.json,
 * turbo.json), which folders are their members, and the Nx projects (project.json) they hold.
 * Pure and never throws: an unparsable pnpm-workspace.yaml, lerna.json, nx.json, turbo.json or
 * project.json becomes a Diagnostic naming the file. package.json syntax errors are left to the
 * Node detector, which reports them once.
 */
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { Diagnostic } from '../model/diagnostic.js';
import type { Evidence } from '../model/evidence.js';
import type { RepoFs } from '../repo/repo-fs.js';
import { dirOf, isTestData, isUnder, joinRel, relativeTo } from './paths.js';
import { isRecord } from './shared/is-record.js';
import { blankJsComments, lineAt } from './text.js';

/**
 * What declares a workspace. `workspaces`: the package.json field (npm, Yarn and Bun read it);
 * `pnpm`: pnpm-workspace.yaml; `lerna`: lerna.json; `nx`: nx.json; `turbo`: turbo.json (Turborepo
 * runs tasks over the package manager's workspace; it lists no members of its own).
 */
export type WorkspaceTool = 'workspaces' | 'pnpm' | 'lerna' | 'nx' | 'turbo';

export interface WorkspaceRoot {
  /** Repo-relative folder of the root (`.` for the repo root). */
  dir: string;
  /** Tools that declare this root, sorted. */
  tools: WorkspaceTool[];
  /** Member globs, relative to the root, as written (negations keep their `!`). */
  globs: string[];
  /** Member folders (repo-relative) that hold a package.json or an Nx project.json, sorted. */
  members: string[];
  /** One entry per declaring file. */
  evidence: Evidence[];
}

/** One target of an Nx project (`build`, `serve`, `start` …). */
export interface NxTarget {
  executor: string | null;
  options: Record<string, unknown>;
  /** Names of its configurations (`production`, `development` …). */
  configurations: string[];
  defaultConfiguration: string | null;
  /** Shell commands of an `nx:run-commands` target (`options.command` or `options.commands`). */
  commands: string[];
}

/** An Nx project declared by a project.json (or inline in an old workspace.json). */
export interface NxProject {
  name: string;
  /** Repo-relative project folder. */
  dir: string;
  /** The file that declares it (project.json or workspace.json). */
  file: string;
  /** 1-based line of the declaration inside `file`, when it is a shared workspace.json. */
  line?: number;
  projectType: 'application' | 'library' | null;
  targets: Record<string, NxTarget>;
  /** The Nx workspace root folder (where nx.json is); commands run there. */
  root: string;
}

export interface WorkspaceDiscovery {
  /** Sorted by folder. */
  roots: WorkspaceRoot[];
  /** Sorted by folder. */
  nxProjects: NxProject[];
  diagnostics: Diagnostic[];
}

/** Lerna's default when lerna.json names no packages. @see https://lerna.js.org/docs/api-reference/configuration */
export const LERNA_DEFAULT_PACKAGES = ['packages/*'] as const;

/**
 * Every workspace root at or below `dir`, with its members, plus the Nx projects. Folders inside
 * test data (fixtures …) are ignored: they are copies of other repos.
 */
export function discoverWorkspaces(fs: RepoFs, dir = '.'): WorkspaceDiscovery {
  const diagnostics: Diagnostic[] = [];
  const byName = (name: string): string[] =>
    fs.filesNamed(name).filter((f) => isUnder(f, dir) && !isTestData(f));
  const acc = new Map<string, { tools: Set<WorkspaceTool>; globs: string[]; evidence: Evidence[] }>();
  const at = (d: string) => {
    let a = acc.get(d);
    if (!a) {
      a = { tools: new Set(), globs: [], evidence: [] };
      acc.set(d, a);
    }
    return a;
  };

  for (const file of byName('package.json')) {
    const r = fs.readText(file);
    if (!r.ok) continue;
    const ws = readPackageJsonWorkspaces(r.text);
    if (!ws) continue;
    const a = at(dirOf(file));
    a.tools.add('workspaces');
    a.globs.push(...ws.globs);
    a.evidence.push({
      file,
      line: ws.line,
      reason: `package.json lists workspaces ${ws.globs.join(', ') || '(none)'}`,
      confidence: 'explicit',
    });
  }

  for (const file of byName('pnpm-workspace.yaml')) {
    const r = fs.readText(file);
    if (!r.ok) continue;
    const parsed = readPnpmWorkspace(file, r.text);
    diagnostics.push(...parsed.diagnostics);
    // A pnpm-workspace.yaml without `packages` only holds settings (allowBuilds, catalogs …).
    if (!parsed.globs || parsed.globs.length === 0) continue;
    const a = at(dirOf(file));
    a.tools.add('pnpm');
    a.globs.push(...parsed.globs);
    a.evidence.push({
      file,
      line: parsed.line,
      reason: `pnpm-workspace.yaml lists packages ${parsed.globs.join(', ')}`,
      confidence: 'explicit',
    });
  }

  for (const file of byName('lerna.json')) {
    const r = fs.readText(file);
    if (!r.ok) continue;
    const json = readJson(file, r.text, 'lerna.json');
    if (!json.ok) {
      diagnostics.push(json.diagnostic);
      continue;
    }
    const listed = stringArray(json.value.packages);
    const globs = listed ?? (json.value.useWorkspaces === true ? [] : [...LERNA_DEFAULT_PACKAGES]);
    const a = at(dirOf(file));
    a.tools.add('lerna');
    a.globs.push(...globs);
    a.evidence.push({
      file,
      line: keyLine(r.text, 'packages'),
      reason: listed
        ? `lerna.json lists packages ${listed.join(', ')}`
        : json.value.useWorkspaces === true
          ? 'lerna.json uses the package manager workspaces'
          : `lerna.json names no packages, so Lerna's default ${LERNA_DEFAULT_PACKAGES.join(', ')} applies`,
      confidence: listed ? 'explicit' : 'strong',
    });
  }

  const nxRoots: string[] = [];
  for (const file of byName('nx.json')) {
    const r = fs.readText(file);
    if (!r.ok) continue;
    if (r.text.trim() !== '') {
      const json = readJson(file, r.text, 'nx.json');
      if (!json.ok) diagnostics.push(json.diagnostic);
    }
    const d = dirOf(file);
    nxRoots.push(d);
    const a = at(d);
    a.tools.add('nx');
    a.evidence.push({ file, reason: 'nx.json makes this an Nx workspace', confidence: 'explicit' });
  }

  for (const file of byName('turbo.json')) {
    const d = dirOf(file);
    const r = fs.readText(file);
    if (r.ok && r.text.trim() !== '') {
      const json = readJson(file, r.text, 'turbo.json');
      if (!json.ok) diagnostics.push(json.diagnostic);
    }
    // Turborepo runs over an existing workspace; on its own it declares no members.
    const a = acc.get(d);
    if (!a) continue;
    a.tools.add('turbo');
    a.evidence.push({ file, reason: 'turbo.json: Turborepo runs the tasks', confidence: 'explicit' });
  }

  // Nx projects: project.json files under an Nx root, plus inline projects of an old workspace.json.
  const nxProjects: NxProject[] = [];
  const nearestNxRoot = (d: string): string | null =>
    nxRoots.filter((r) => isUnder(d, r) || d === r).sort((a, b) => b.length - a.length)[0] ?? null;
  for (const file of byName('project.json')) {
    const d = dirOf(file);
    const root = nearestNxRoot(d);
    if (root === null) continue;
    const r = fs.readText(file);
    if (!r.ok || r.text.trim() === '') continue;
    const json = readJson(file, r.text, 'project.json');
    if (!json.ok) {
      diagnostics.push(json.diagnostic);
      continue;
    }
    nxProjects.push(toNxProject(json.value, { dir: d, file, root }));
  }
  for (const root of nxRoots) {
    const file = joinRel(root, 'workspace.json');
    const r = fs.readText(file);
    if (!r.ok || r.text.trim() === '') continue;
    const json = readJson(file, r.text, 'workspace.json');
    if (!json.ok) {
      diagnostics.push(json.diagnostic);
      continue;
    }
    const projects = json.value.projects;
    if (!isRecord(projects)) continue;
    for (const [name, value] of Object.entries(projects)) {
      if (!isRecord(value) || nxProjects.some((p) => p.name === name)) continue;
      const projectRoot = typeof value.root === 'string' ? value.root : null;
      if (!projectRoot) continue;
      nxProjects.push(
        toNxProject(
          { ...value, name },
          { dir: normalizeDir(joinRel(root, projectRoot)), file, root, line: keyLine(r.text, name) },
        ),
      );
    }
  }
  nxProjects.sort((a, b) => compare(a.dir, b.dir) || compare(a.name, b.name));

  const packageDirs = byName('package.json').map(dirOf);
  const roots: WorkspaceRoot[] = [...acc.entries()]
    .filter(([, a]) => a.tools.has('nx') || a.globs.length > 0 || a.tools.has('lerna'))
    .map(([d, a]) => {
      const candidates = new Set(packageDirs.filter((p) => p !== d && isUnder(p, d)));
      for (const p of nxProjects) if (p.root === d && p.dir !== d) candidates.add(p.dir);
      const members = [...candidates]
        .filter(
          (m) =>
            (a.tools.has('nx') && nxProjects.some((p) => p.dir === m && p.root === d)) ||
            matchesWorkspaceGlobs(relativeTo(m, d), a.globs),
        )
        .sort(compare);
      return {
        dir: d,
        tools: [...a.tools].sort(),
        globs: [...new Set(a.globs)],
        members,
        evidence: a.evidence,
      };
    })
    .sort((a, b) => compare(a.dir, b.dir));
  return { roots, nxProjects, diagnostics };
}

/** The workspace root `dir` is a member of (the nearest one), or null. */
export function workspaceRootOf(discovery: WorkspaceDiscovery, dir: string): WorkspaceRoot | null {
  return (
    discovery.roots.filter((r) => r.members.includes(dir)).sort((a, b) => b.dir.length - a.dir.length)[0] ??
    null
  );
}

/** The workspace root declared in `dir` itself, or null. */
export function workspaceRootAt(discovery: WorkspaceDiscovery, dir: string): WorkspaceRoot | null {
  return discovery.roots.find((r) => r.dir === dir) ?? null;
}

/**
 * A workspace glob as a RegExp over folder paths relative to the root: `*` is one path segment (or
 * part of one), `**` any number of segments, `?` one character, `{a,b}` alternatives.
 */
export function globToRegExp(glob: string): RegExp {
  const clean = glob.trim().replace(/^\.\//, '').replace(/\/+$/, '');
  const parts = clean.split('/').filter((p) => p !== '' && p !== '.');
  let re = '^';
  let needSep = false;
  parts.forEach((seg, i) => {
    if (seg === '**') {
      if (i > 0) re += '(?:/[^/]+)*';
      else re += parts.length === 1 ? '.*' : '(?:[^/]+/)*';
      return;
    }
    re += (needSep ? '/' : '') + segmentToRegExp(seg);
    needSep = true;
  });
  return new RegExp(`${re}$`);
}

function segmentToRegExp(seg: string): string {
  let out = '';
  for (let i = 0; i < seg.length; i++) {
    const c = seg[i] as string;
    if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else if (c === '{') {
      const end = seg.indexOf('}', i);
      if (end === -1) {
        out += '\\{';
        continue;
      }
      const alts = seg
        .slice(i + 1, end)
        .split(',')
        .map((a) => a.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\\\*/g, '[^/]*'));
      out += `(?:${alts.join('|')})`;
      i = end;
    } else out += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return out;
}

/** Whether a folder (relative to the root) matches the globs: some positive one and no `!` one. */
export function matchesWorkspaceGlobs(rel: string, globs: readonly string[]): boolean {
  let matched = false;
  for (const g of globs) {
    if (g.trim().startsWith('!')) continue;
    if (globToRegExp(g).test(rel)) matched = true;
  }
  if (!matched) return false;
  return !globs.some((g) => g.trim().startsWith('!') && globToRegExp(g.trim().slice(1)).test(rel));
}

/** The `workspaces` globs of package.json text (array, or `{ packages: [...] }`), or null. */
export function readPackageJsonWorkspaces(text: string): { globs: string[]; line?: number } | null {
  let data: unknown;
  try {
    data = JSON.parse(text.startsWith('\uFEFF') ? text.slice(1) : text);
  } catch {
    return null; // the Node detector reports package.json syntax errors
  }
  if (!isRecord(data)) return null;
  const ws = data.workspaces;
  const list = Array.isArray(ws) ? ws : isRecord(ws) ? ws.packages : undefined;
  if (!Array.isArray(list)) return null;
  return {
    globs: list.filter((x): x is string => typeof x === 'string'),
    line: keyLine(text, 'workspaces'),
  };
}

/** The `packages` globs of pnpm-workspace.yaml text; `globs` is null when the file lists none. */
export function readPnpmWorkspace(
  file: string,
  text: string,
): { globs: string[] | null; line?: number; diagnostics: Diagnostic[] } {
  if (text.trim() === '') return { globs: null, diagnostics: [] };
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (e) {
    const line = (e as { linePos?: { line: number }[] }).linePos?.[0]?.line;
    return {
      globs: null,
      diagnostics: [
        {
          severity: 'error',
          file,
          ...(line ? { line } : {}),
          message: `invalid YAML: ${firstLine(e)}`,
          fix: 'fix the YAML syntax; `packages:` takes a list of folder globs',
        },
      ],
    };
  }
  if (data === null || data === undefined) return { globs: null, diagnostics: [] };
  if (!isRecord(data)) {
    return {
      globs: null,
      diagnostics: [
        {
          severity: 'warning',
          file,
          message: 'pnpm-workspace.yaml should be a mapping with a `packages:` list; it is ignored',
          fix: "write `packages:` followed by globs such as `- 'apps/*'`",
        },
      ],
    };
  }
  if (data.packages === undefined || data.packages === null) return { globs: null, diagnostics: [] };
  const globs = stringArray(data.packages);
  if (!globs) {
    return {
      globs: null,
      diagnostics: [
        {
          severity: 'warning',
          file,
          line: yamlKeyLine(text, 'packages'),
          message: '`packages` should be a list of folder globs; it is ignored',
          fix: "write each glob as a list item, e.g. `- 'apps/*'`",
        },
      ],
    };
  }
  return { globs, line: yamlKeyLine(text, 'packages'), diagnostics: [] };
}

function toNxProject(
  value: Record<string, unknown>,
  where: { dir: string; file: string; root: string; line?: number },
): NxProject {
  const name =
    typeof value.name === 'string' && value.name.trim() !== ''
      ? value.name
      : path.posix.basename(where.dir === '.' ? where.root : where.dir);
  const projectType =
    value.projectType === 'application' || value.projectType === 'library' ? value.projectType : null;
  const targets: Record<string, NxTarget> = {};
  const rawTargets = isRecord(value.targets)
    ? value.targets
    : isRecord(value.architect)
      ? value.architect
      : {};
  for (const [t, raw] of Object.entries(rawTargets)) {
    if (!isRecord(raw)) continue;
    const options = isRecord(raw.options) ? raw.options : {};
    const commands: string[] = [];
    if (typeof options.command === 'string') commands.push(options.command);
    if (Array.isArray(options.commands)) {
      for (const c of options.commands) {
        if (typeof c === 'string') commands.push(c);
        else if (isRecord(c) && typeof c.command === 'string') commands.push(c.command);
      }
    }
    const executor =
      typeof raw.executor === 'string' ? raw.executor : typeof raw.builder === 'string' ? raw.builder : null;
    targets[t] = {
      executor,
      options,
      configurations: isRecord(raw.configurations) ? Object.keys(raw.configurations) : [],
      defaultConfiguration: typeof raw.defaultConfiguration === 'string' ? raw.defaultConfiguration : null,
      commands,
    };
  }
  return {
    name,
    dir: where.dir,
    file: where.file,
    ...(where.line ? { line: where.line } : {}),
    projectType,
    targets,
    root: where.root,
  };
}

type JsonRead = { ok: true; value: Record<string, unknown> } | { ok: false; diagnostic: Diagnostic };

/** JSON (comments allowed, as Nx and Turborepo accept them) that must be an object. */
function readJson(file: string, text: string, label: string): JsonRead {
  const src = blankJsComments(text.startsWith('\uFEFF') ? text.slice(1) : text);
  if (src.trim() === '') {
    return {
      ok: false,
      diagnostic: {
        severity: 'warning',
        file,
        message: `${label} is empty; it is ignored`,
        fix: `write the ${label} settings as a JSON object, or delete the file`,
      },
    };
  }
  let data: unknown;
  try {
    data = JSON.parse(src);
  } catch (e) {
    const pos = /position (\d+)/.exec(firstLine(e));
    return {
      ok: false,
      diagnostic: {
        severity: 'error',
        file,
        line: pos ? lineAt(src, Number(pos[1])) : Math.max(1, lineAt(src, src.trimEnd().length)),
        message: `invalid JSON in ${label}: ${firstLine(e).replace(/\s*\(line \d+ column \d+\)/, '')}`,
        fix: `fix the JSON syntax of ${label} (an unfinished file, or a trailing comma?)`,
      },
    };
  }
  if (!isRecord(data)) {
    return {
      ok: false,
      diagnostic: {
        severity: 'error',
        file,
        line: 1,
        message: `${label} must be a JSON object`,
        fix: `make the top level of ${label} an object: { … }`,
      },
    };
  }
  return { ok: true, value: data };
}

function stringArray(v: unknown): string[] | null {
  if (!Array.isArray(v)) return null;
  return v.filter((x): x is string => typeof x === 'string');
}

function keyLine(text: string, key: string): number | undefined {
  const i = text.indexOf(`"${key}"`);
  return i === -1 ? undefined : lineAt(text, i);
}

function yamlKeyLine(text: string, key: string): number | undefined {
  const m = new RegExp(`^${key}\\s*:`, 'm').exec(text);
  return m ? lineAt(text, m.index) : undefined;
}

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0] ?? 'syntax error';
}

function normalizeDir(d: string): string {
  const n = path.posix.normalize(d).replace(/\/+$/, '');
  return n === '' ? '.' : n;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
