import type { Diagnostic } from '../../model/diagnostic.js';
import type { RepoFs } from '../../repo/repo-fs.js';
import { joinRel } from '../paths.js';
import { dependencyLine, lineOf, normalizeName } from './python-text.js';
import { parseRequirementString, readRequirements } from './requirements.js';
import { isTable, readToml, str, strings, type TomlRead, type TomlTable, table } from './toml.js';

export type DependencyGroup = 'main' | 'dev';

/** A dependency declared in one of the project's manifests. */
export interface PyDependency {
  /** PEP 503 normalised name. */
  name: string;
  extras: string[];
  group: DependencyGroup;
  file: string;
  line?: number;
}

/** A console script (`name = "pkg.module:func"`) or a named shell command (Pipfile/PDM scripts). */
export interface PyScript {
  name: string;
  /** `pkg.module:func` for console scripts; the shell command for command scripts. */
  target: string;
  file: string;
  line?: number;
}

/** A Python version constraint or pin written in a manifest. */
export interface PyVersionSpec {
  value: string;
  file: string;
  line?: number;
  /** What declared it, e.g. `requires-python`, `[tool.poetry.dependencies] python`. */
  source: string;
}

/** What the manifests of one Python project folder say. */
export interface PythonProject {
  dir: string;
  name: string | null;
  /** Parsed pyproject.toml, when present and valid. */
  pyproject: (TomlRead & { ok: true }) | null;
  pipfile: (TomlRead & { ok: true }) | null;
  /** The requirements file that installs the app (`requirements.txt`, `requirements/prod.txt` …). */
  requirementsFile: string | null;
  /** Whether the requirements file (with its includes) names anything to install. */
  requirementsNonEmpty: boolean;
  /** setup.py or setup.cfg, when present. */
  setupFile: string | null;
  dependencies: PyDependency[];
  /** Console scripts the project installs ([project.scripts], [tool.poetry.scripts], setup entry points). */
  entryPoints: PyScript[];
  /** Named shell commands ([scripts] in Pipfile, [tool.pdm.scripts]). */
  commandScripts: PyScript[];
  pythonSpecs: PyVersionSpec[];
  /** `[tool.uv.workspace] members` globs. */
  uvWorkspaceMembers: string[];
  /** False when `[tool.poetry] package-mode = false` (nothing to install as a package). */
  poetryPackageMode: boolean;
  hasBuildSystem: boolean;
  diagnostics: Diagnostic[];
}

/** Requirements files that install the app, most conventional first. Dev/test files are not among them. */
export const MAIN_REQUIREMENTS_FILES = [
  'requirements.txt',
  'requirements/production.txt',
  'requirements/prod.txt',
  'requirements/base.txt',
  'requirements/main.txt',
  'requirements/requirements.txt',
  'requirements-prod.txt',
  'requirements-production.txt',
] as const;

/** Reads every Python manifest in `dir`. Never throws; problems become diagnostics. */
export function readPythonProject(fs: RepoFs, dir: string): PythonProject {
  const p: PythonProject = {
    dir,
    name: null,
    pyproject: null,
    pipfile: null,
    requirementsFile: null,
    requirementsNonEmpty: false,
    setupFile: null,
    dependencies: [],
    entryPoints: [],
    commandScripts: [],
    pythonSpecs: [],
    uvWorkspaceMembers: [],
    poetryPackageMode: true,
    hasBuildSystem: false,
    diagnostics: [],
  };

  const pyproject = readToml(fs, joinRel(dir, 'pyproject.toml'));
  if (pyproject.ok) {
    p.pyproject = pyproject;
    readPyproject(p, pyproject);
  } else if (pyproject.diagnostic) p.diagnostics.push(pyproject.diagnostic);

  const pipfile = readToml(fs, joinRel(dir, 'Pipfile'));
  if (pipfile.ok) {
    p.pipfile = pipfile;
    readPipfile(p, pipfile);
  } else if (pipfile.diagnostic) p.diagnostics.push(pipfile.diagnostic);

  const req = MAIN_REQUIREMENTS_FILES.map((f) => joinRel(dir, f)).find((f) => fs.exists(f));
  if (req) {
    p.requirementsFile = req;
    const r = readRequirements(fs, req);
    p.diagnostics.push(...r.diagnostics);
    for (const q of r.requirements) p.dependencies.push({ ...q, group: 'main' });
    // Editable and URL installs name no distribution but still install something.
    p.requirementsNonEmpty = r.requirements.length > 0 || r.installsOther;
  }

  for (const name of ['setup.py', 'setup.cfg']) {
    const file = joinRel(dir, name);
    if (!fs.exists(file)) continue;
    p.setupFile ??= file;
    const r = fs.readText(file);
    if (!r.ok) {
      p.diagnostics.push({
        severity: 'warning',
        file,
        message: `cannot read ${name} (${r.reason}): ${r.message}`,
        fix: 'make the file readable, or remove it',
      });
      continue;
    }
    if (name === 'setup.py') readSetupPy(p, file, r.text);
    else readSetupCfg(p, file, r.text);
  }
  return p;
}

function readPyproject(p: PythonProject, t: TomlRead & { ok: true }): void {
  const { value, file, text } = t;
  const project = table(value, 'project');
  const poetry = table(value, 'tool.poetry');
  p.hasBuildSystem = table(value, 'build-system') !== null;
  p.name = str(project?.name) ?? str(poetry?.name) ?? p.name;

  if (project) {
    for (const spec of strings(project.dependencies)) addSpec(p, spec, 'main', file, text, 'project');
    const rp = str(project['requires-python']);
    if (rp) {
      p.pythonSpecs.push({
        value: rp,
        file,
        line: lineOf(text, /^\s*requires-python\s*=/, 'project'),
        source: 'requires-python',
      });
    }
    addEntryPoints(p, table(project, 'scripts'), file, text, 'project.scripts');
  }
  const groups = table(value, 'dependency-groups');
  for (const g of Object.values(groups ?? {})) {
    for (const spec of strings(g)) addSpec(p, spec, 'dev', file, text, 'dependency-groups');
  }

  if (poetry) {
    if (poetry['package-mode'] === false) p.poetryPackageMode = false;
    addPoetryDeps(p, table(poetry, 'dependencies'), 'main', file, text, 'tool.poetry.dependencies');
    addPoetryDeps(p, table(poetry, 'dev-dependencies'), 'dev', file, text, 'tool.poetry.dev-dependencies');
    for (const [g, body] of Object.entries(table(poetry, 'group') ?? {})) {
      if (!isTable(body)) continue;
      const group = g === 'main' ? 'main' : 'dev';
      addPoetryDeps(p, table(body, 'dependencies'), group, file, text, `tool.poetry.group.${g}.dependencies`);
    }
    addEntryPoints(p, table(poetry, 'scripts'), file, text, 'tool.poetry.scripts');
  }

  for (const spec of strings(table(value, 'tool.uv')?.['dev-dependencies'])) {
    addSpec(p, spec, 'dev', file, text, 'tool.uv');
  }
  p.uvWorkspaceMembers = strings(table(value, 'tool.uv.workspace')?.members);
  for (const g of Object.values(table(value, 'tool.pdm.dev-dependencies') ?? {})) {
    for (const spec of strings(g)) addSpec(p, spec, 'dev', file, text, 'tool.pdm.dev-dependencies');
  }
  addCommandScripts(p, table(value, 'tool.pdm.scripts'), file, text, 'tool.pdm.scripts');
}

function readPipfile(p: PythonProject, t: TomlRead & { ok: true }): void {
  const { value, file, text } = t;
  addPoetryDeps(p, table(value, 'packages'), 'main', file, text, 'packages');
  addPoetryDeps(p, table(value, 'dev-packages'), 'dev', file, text, 'dev-packages');
  const requires = table(value, 'requires');
  for (const key of ['python_full_version', 'python_version']) {
    const v = requires?.[key];
    const s = typeof v === 'number' ? String(v) : str(v);
    if (s) {
      p.pythonSpecs.push({
        value: s,
        file,
        line: lineOf(text, new RegExp(`^\\s*${key}\\s*=`), 'requires'),
        source: `[requires] ${key}`,
      });
    }
  }
  addCommandScripts(p, table(value, 'scripts'), file, text, 'scripts');
}

function addSpec(
  p: PythonProject,
  spec: string,
  group: DependencyGroup,
  file: string,
  text: string,
  section: string,
): void {
  const r = parseRequirementString(spec);
  if (!r) return;
  p.dependencies.push({ ...r, group, file, line: dependencyLine(text, r.name, section) });
}

/** Poetry and Pipfile dependency tables: `flask = "^3"` or `uvicorn = { version = "…", extras = [...] }`. */
function addPoetryDeps(
  p: PythonProject,
  deps: TomlTable | null,
  group: DependencyGroup,
  file: string,
  text: string,
  section: string,
): void {
  for (const [raw, spec] of Object.entries(deps ?? {})) {
    const name = normalizeName(raw);
    if (name === 'python') {
      const v = str(spec) ?? str(isTable(spec) ? spec.version : null);
      if (v) {
        p.pythonSpecs.push({
          value: v,
          file,
          line: dependencyLine(text, 'python', section),
          source: `[${section}] python`,
        });
      }
      continue;
    }
    const extras = isTable(spec) ? strings(spec.extras).map((e) => e.toLowerCase()) : [];
    p.dependencies.push({ name, extras, group, file, line: dependencyLine(text, name, section) });
  }
}

function addEntryPoints(
  p: PythonProject,
  scripts: TomlTable | null,
  file: string,
  text: string,
  section: string,
): void {
  for (const [name, v] of Object.entries(scripts ?? {})) {
    const target = str(v) ?? str(isTable(v) ? v.callable : null) ?? str(isTable(v) ? v.reference : null);
    if (!target) continue;
    p.entryPoints.push({ name, target, file, line: keyLine(text, name, section) });
  }
}

/** `start = "gunicorn app:app"` or `start = { cmd = "…" }` / `{ shell = "…" }` (PDM). */
function addCommandScripts(
  p: PythonProject,
  scripts: TomlTable | null,
  file: string,
  text: string,
  section: string,
): void {
  for (const [name, v] of Object.entries(scripts ?? {})) {
    let cmd: string | null = str(v);
    if (!cmd && isTable(v)) {
      cmd = str(v.cmd) ?? str(v.shell) ?? (strings(v.cmd).length > 0 ? strings(v.cmd).join(' ') : null);
    }
    if (!cmd || cmd.trim() === '') continue;
    p.commandScripts.push({ name, target: cmd.trim(), file, line: keyLine(text, name, section) });
  }
}

function keyLine(text: string, key: string, section: string): number | undefined {
  const k = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return lineOf(text, new RegExp(`^\\s*["']?${k}["']?\\s*=`), section);
}

/** setup.py: `name=`, `install_requires=[…]`, `console_scripts` entry points (literal lists only). */
function readSetupPy(p: PythonProject, file: string, text: string): void {
  const name = /\bname\s*=\s*['"]([^'"]+)['"]/.exec(text);
  if (name) p.name ??= name[1] as string;
  const reqs = /\binstall_requires\s*=\s*\[([^\]]*)\]/.exec(text);
  if (reqs) {
    const start = reqs.index + reqs[0].indexOf('[') + 1;
    for (const m of (reqs[1] as string).matchAll(/['"]([^'"]+)['"]/g)) {
      const r = parseRequirementString(m[1] as string);
      if (!r) continue;
      const line = text.slice(0, start + m.index).split('\n').length;
      p.dependencies.push({ ...r, group: 'main', file, line });
    }
  }
  const cs = /['"]console_scripts['"]\s*:\s*\[([^\]]*)\]/.exec(text);
  if (cs) {
    for (const m of (cs[1] as string).matchAll(/['"]\s*([\w.-]+)\s*=\s*([\w.]+:[\w.]+)\s*['"]/g)) {
      const line = text.slice(0, cs.index + m.index).split('\n').length;
      p.entryPoints.push({ name: m[1] as string, target: m[2] as string, file, line });
    }
  }
}

/** setup.cfg: `[metadata] name`, `[options] install_requires`, `[options.entry_points] console_scripts`. */
function readSetupCfg(p: PythonProject, file: string, text: string): void {
  const lines = text.split(/\r?\n/);
  let section = '';
  let key = '';
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] as string;
    const header = /^\[([^\]]+)\]\s*$/.exec(raw.trim());
    if (header) {
      section = (header[1] as string).trim();
      key = '';
      continue;
    }
    if (/^\s*([#;]|$)/.test(raw)) continue;
    const kv = /^([A-Za-z_][\w.-]*)\s*[=:]\s*(.*)$/.exec(raw);
    let value: string;
    if (kv && !/^\s/.test(raw)) {
      key = kv[1] as string;
      value = (kv[2] as string).trim();
    } else if (/^\s/.test(raw) && key) {
      value = raw.trim();
    } else continue;
    if (value === '') continue;
    if (section === 'metadata' && key === 'name') p.name ??= value;
    else if (section === 'options' && key === 'install_requires') {
      const r = parseRequirementString(value);
      if (r) p.dependencies.push({ ...r, group: 'main', file, line: i + 1 });
    } else if (section === 'options.entry_points' && key === 'console_scripts') {
      const m = /^([\w.-]+)\s*=\s*([\w.]+:[\w.]+)/.exec(value);
      if (m) p.entryPoints.push({ name: m[1] as string, target: m[2] as string, file, line: i + 1 });
    }
  }
}

/** The main-group dependency with this normalised name, if declared. */
export function mainDependency(p: PythonProject, name: string): PyDependency | undefined {
  return p.dependencies.find((d) => d.group === 'main' && d.name === name);
}
