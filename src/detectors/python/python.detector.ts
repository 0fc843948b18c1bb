import path from 'node:path';
import type { Diagnostic } from '../../model/diagnostic.js';
import { CONFIDENCE_RANK, type Evidence } from '../../model/evidence.js';
import type { FactName, Service, ServiceKind } from '../../model/service.js';
import type { RepoFs } from '../../repo/repo-fs.js';
import { serviceNameFor } from '../dns-label.js';
import { dirOf, isTestData, isUnder, joinRel, relativeTo } from '../paths.js';
import { lineAt } from '../text.js';
import type { DetectContext, Detector, DetectResult } from '../types.js';
import { detectPyBacking } from './backing.js';
import { detectStart, type PortFact } from './commands.js';
import { ENTRY_FILES, type LocateContext } from './entry.js';
import { detectPyEnv } from './env.js';
import { detectFramework } from './frameworks.js';
import { detectPyHealthPath } from './health.js';
import { detectPyPackageManager } from './package-manager.js';
import { detectCodePort } from './port.js';
import { MAIN_REQUIREMENTS_FILES, type PythonProject, readPythonProject } from './project.js';
import { collectPySources, NON_SOURCE_DIRS, type PySource } from './source-files.js';
import { detectPythonVersion } from './version.js';

/** The Python detector: one service per Python project folder that something starts. */
export const pythonDetector: Detector = {
  id: 'python',
  detect: detectPython,
};

/** Files that make a folder a Python project. */
export const PYTHON_MANIFESTS = [
  'pyproject.toml',
  'requirements.txt',
  'Pipfile',
  'Pipfile.lock',
  'setup.py',
  'setup.cfg',
  'manage.py',
  'uv.lock',
  'poetry.lock',
  'pdm.lock',
] as const;

/** Files that name a Python version: they make a folder a project only beside a conventional entry script. */
const VERSION_MARKERS = ['.python-version', 'runtime.txt'] as const;

/** Other ecosystems' manifests: a lone `main.py` beside one is a helper script, not a Python service. */
const FOREIGN_MANIFESTS = [
  'package.json',
  'go.mod',
  'Cargo.toml',
  'Gemfile',
  'pom.xml',
  'build.gradle',
  'build.gradle.kts',
  'composer.json',
  'mix.exs',
  'deno.json',
  'deno.jsonc',
] as const;

function detectPython(ctx: DetectContext): DetectResult {
  const { fs } = ctx;
  const diagnostics: Diagnostic[] = [];
  const dirs = projectDirs(fs, ctx.dir);
  const projects = new Map<string, PythonProject>();
  for (const dir of dirs) {
    const p = readPythonProject(fs, dir);
    diagnostics.push(...p.diagnostics);
    projects.set(dir, p);
  }

  const services: Service[] = [];
  for (const project of projects.values()) {
    const r = analyzeProject(fs, ctx.dir, project, projects);
    diagnostics.push(...r.diagnostics);
    if (r.service) services.push(r.service);
  }
  services.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { services, diagnostics };
}

/** Whether a folder may hold a project: not hidden, not test data, not tests or docs (below the root). */
function eligibleDir(dir: string, root: string): boolean {
  if (dir === root) return true;
  const rel = relativeTo(dir, root === '.' ? '.' : root).split('/');
  return !rel.some((seg) => seg.startsWith('.') || NON_SOURCE_DIRS.has(seg) || seg === 'requirements');
}

/** Folders holding a Python manifest (or, at the root, a conventional entry script), sorted. */
export function projectDirs(fs: RepoFs, root: string): string[] {
  const dirs = new Set<string>();
  const manifests = new Set<string>(PYTHON_MANIFESTS);
  const reqFiles = MAIN_REQUIREMENTS_FILES.filter((f) => f.includes('/'));
  // Only files with a manifest's name can matter: look them up by name, not by walking every file.
  const names = new Set([...PYTHON_MANIFESTS, ...reqFiles.map((r) => r.slice(r.lastIndexOf('/') + 1))]);
  for (const f of [...names].flatMap((n) => fs.filesNamed(n))) {
    if (!isUnder(f, root) || isTestData(f)) continue;
    const base = path.posix.basename(f);
    let dir: string | null = null;
    if (manifests.has(base)) dir = dirOf(f);
    else {
      const nested = reqFiles.find((r) => f === r || f.endsWith(`/${r}`));
      if (nested) dir = dirOf(dirOf(f));
    }
    if (dir !== null && isUnder(dir, root) && eligibleDir(dir, root)) dirs.add(dir);
  }
  // A root with no manifest: a conventional script (main.py, bot.py …) makes it a project, unless another
  // ecosystem owns the folder; a .python-version or runtime.txt beside any .py file does too.
  if (!dirs.has(root)) {
    const has = (name: string): boolean => fs.exists(joinRel(root, name));
    const foreign = FOREIGN_MANIFESTS.some(has);
    const entry = ENTRY_FILES.some((e) => !e.includes('/') && has(e));
    const pinned = VERSION_MARKERS.some(has) && fs.filesIn(root).some((f) => f.endsWith('.py'));
    if (!foreign && (entry || pinned || procfileRunsPython(fs, root))) dirs.add(root);
  }
  return [...dirs].sort();
}

/** A Procfile whose processes run Python programs (python, gunicorn, uvicorn, celery …). */
function procfileRunsPython(fs: RepoFs, dir: string): boolean {
  const r = fs.readText(joinRel(dir, 'Procfile'));
  return r.ok && PYTHON_PROGRAMS.test(r.text);
}

const PYTHON_PROGRAMS =
  /^[\w-]+\s*:\s*(?:\S+=\S*\s+)*(?:python[\d.]*|gunicorn|uvicorn|hypercorn|daphne|granian|waitress-serve|celery|streamlit)\b/m;

/** Glob (`packages/*`, `libs/**`) → regex over repo-relative folders. */
function globRegex(glob: string): RegExp {
  const src = glob
    .replace(/\/+$/, '')
    .split('/')
    .map((seg) =>
      seg === '**'
        ? '.*'
        : seg
            .replace(/[.+^${}()|[\]\\]/g, '\\$&')
            .replace(/\*/g, '[^/]*')
            .replace(/\?/g, '[^/]'),
    )
    .join('/');
  return new RegExp(`^${src}$`);
}

/** The uv workspace root above `dir` that lists it as a member, if any. */
function workspaceRootOf(dir: string, projects: ReadonlyMap<string, PythonProject>): PythonProject | null {
  for (const p of projects.values()) {
    if (p.dir === dir || !isUnder(dir, p.dir) || p.uvWorkspaceMembers.length === 0) continue;
    const rel = relativeTo(dir, p.dir);
    if (p.uvWorkspaceMembers.some((g) => globRegex(g).test(rel))) return p;
  }
  return null;
}

interface PortCandidate {
  port: number;
  evidence: Evidence;
}

function analyzeProject(
  fs: RepoFs,
  rootDir: string,
  project: PythonProject,
  projects: ReadonlyMap<string, PythonProject>,
): { service: Service | null; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const evidence: Partial<Record<FactName, Evidence[]>> = {};
  const { dir } = project;
  const hasFile = (rel: string): boolean => fs.exists(joinRel(dir, rel));
  const nested = [...projects.keys()].filter((d) => d !== dir && isUnder(d, dir));
  const src = collectPySources(fs, dir, nested);
  diagnostics.push(...src.diagnostics);
  const sources = src.sources;
  const workspaceRoot = workspaceRootOf(dir, projects);

  const framework = detectFramework(project, sources);
  const locate: LocateContext = { fs, dir, sources, hasFile };
  const start = detectStart({ ctx: locate, project, framework });
  diagnostics.push(...start.diagnostics);

  if (start.value === null) {
    // Say why a framework app is not a service, unless a start strategy already did.
    if (framework && start.diagnostics.length === 0) {
      const at = framework.evidence[0];
      diagnostics.push({
        severity: 'warning',
        file: at?.file ?? dir,
        ...(at?.line ? { line: at.line } : {}),
        message: `depends on ${framework.entry.dependency}, but no ${framework.entry.id} app module was found to start`,
        fix: `add a Procfile with "web: <command>", or put the app in ${framework.entry.entryModules[0] ?? 'main'}.py`,
      });
    }
    return { service: null, diagnostics };
  }
  // A workspace member that only installs console scripts is a library of the workspace, not a service.
  if (workspaceRoot && start.source === 'console-script') return { service: null, diagnostics };

  evidence.language = languageEvidence(fs, project);
  evidence.start = start.evidence;

  const version = detectPythonVersion(fs, project, rootDir);
  diagnostics.push(...version.diagnostics);
  if (version.evidence.length > 0) evidence.languageVersion = version.evidence;

  const pm = detectPyPackageManager(fs, project, { workspaceRoot, needsProject: start.needsProjectInstall });
  diagnostics.push(...pm.diagnostics);
  if (pm.evidence.length > 0) evidence.packageManager = pm.evidence;
  if (pm.installEvidence.length > 0) evidence.install = pm.installEvidence;

  if (framework) evidence.framework = framework.evidence;

  // Ports: the command's own bind wins (it is what runs), then the code the command runs, then the
  // framework's default; every candidate is listed so a conflict is visible.
  const candidates: PortCandidate[] = [];
  const commandPort: PortFact | null = start.commandPort;
  if (commandPort) candidates.push(commandPort);
  const runs = start.runsFile ? joinRel(dir, start.runsFile) : null;
  const code = detectCodePort(sources, runs);
  if (code) candidates.push({ port: code.port, evidence: code.evidence });
  const fwPort = framework?.entry.runnerPort ?? null;
  if (framework && fwPort !== null && framework.entry.kind === 'web') {
    candidates.push({
      port: fwPort,
      evidence: {
        ...(framework.evidence[0] as Evidence),
        reason: `${framework.entry.id} listens on ${fwPort} by default`,
        confidence: 'weak',
      },
    });
  }
  const chosen = candidates[0] ?? null;

  let kind: ServiceKind;
  const procType = start.processType;
  if (procType !== null && procType !== 'web') {
    kind = 'worker';
    evidence.kind = [
      { ...(start.evidence[0] as Evidence), reason: `the Procfile names it a ${procType} process` },
    ];
  } else if (framework?.entry.kind === 'web') {
    kind = 'web';
    evidence.kind = [
      { ...(framework.evidence[0] as Evidence), reason: `${framework.entry.id} is a web framework` },
    ];
  } else if (procType === 'web') {
    kind = 'web';
    evidence.kind = [{ ...(start.evidence[0] as Evidence), reason: 'the Procfile names it the web process' }];
  } else if (chosen) {
    kind = 'web';
    evidence.kind = [{ ...chosen.evidence, reason: `listens on a port (${chosen.evidence.reason})` }];
  } else {
    kind = 'worker';
    evidence.kind = [
      {
        ...(start.evidence[0] as Evidence),
        reason: `it starts, but no web framework or listening port was found${framework ? ` (${framework.entry.id} runs background jobs)` : ''}`,
        confidence: 'weak',
      },
    ];
  }

  let port: number | null = null;
  if (kind === 'web' && chosen) {
    port = chosen.port;
    const others = candidates
      .slice(1)
      .filter(
        (c) =>
          c.evidence.file !== chosen.evidence.file ||
          c.evidence.line !== chosen.evidence.line ||
          c.port !== chosen.port,
      );
    evidence.port = [
      chosen.evidence,
      ...others.map((c) => ({
        ...c.evidence,
        reason: `${c.evidence.reason}${c.port === chosen.port ? '' : ` (not used: ${chosen.port} is more explicit)`}`,
        confidence:
          CONFIDENCE_RANK[c.evidence.confidence] >= CONFIDENCE_RANK.strong && c.port !== chosen.port
            ? ('weak' as const)
            : c.evidence.confidence,
      })),
    ];
  }

  let healthPath: string | null = null;
  if (kind === 'web') {
    const health = detectPyHealthPath(sources);
    if (health) {
      healthPath = health.path;
      evidence.healthPath = [health.evidence];
    }
  }

  const build = detectBuild(framework?.entry.id ?? null, sources, hasFile);
  if (build) evidence.build = [build.evidence];

  const env = detectPyEnv(fs, dir, sources);
  diagnostics.push(...env.diagnostics);
  const backing = detectPyBacking(project, sources, new Set(env.env.map((e) => e.name)));

  const service: Service = {
    name: serviceNameFor(project.name, dir),
    path: dir,
    kind,
    language: 'python',
    languageVersion: version.version,
    framework: framework?.entry.id ?? null,
    packageManager: pm.id,
    commands: { install: pm.install, build: build?.command ?? null, start: start.value },
    port,
    healthPath,
    outputDir: null,
    backing,
    env: env.env,
    evidence,
  };
  return { service, diagnostics };
}

function languageEvidence(fs: RepoFs, project: PythonProject): Evidence[] {
  const present = [...PYTHON_MANIFESTS, ...VERSION_MARKERS]
    .map((m) => joinRel(project.dir, m))
    .filter((f) => fs.exists(f));
  if (present.length > 0) {
    return present.slice(0, 3).map((file) => ({
      file,
      reason: `${path.posix.basename(file)} makes this a Python project`,
      confidence: 'explicit' as const,
    }));
  }
  const py = fs.filesIn(project.dir).find((f) => f.endsWith('.py'));
  return [
    { file: py ?? project.dir, reason: 'Python scripts at the top of the folder', confidence: 'strong' },
  ];
}

/** Django collects static files at build time when STATIC_ROOT says where. */
function detectBuild(
  frameworkId: string | null,
  sources: readonly PySource[],
  hasFile: (rel: string) => boolean,
): { command: string; evidence: Evidence } | null {
  if (frameworkId !== 'django' || !hasFile('manage.py')) return null;
  for (const s of sources) {
    const m = /^STATIC_ROOT\s*=/m.exec(s.code);
    if (!m) continue;
    return {
      command: 'python manage.py collectstatic --noinput',
      evidence: {
        file: s.path,
        line: lineAt(s.code, m.index),
        reason: 'STATIC_ROOT is set: collect static files into it at build time',
        confidence: 'strong',
      },
    };
  }
  return null;
}
