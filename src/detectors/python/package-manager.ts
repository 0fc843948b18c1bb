import type { Diagnostic } from '../../model/diagnostic.js';
import type { Evidence } from '../../model/evidence.js';
import type { RepoFs } from '../../repo/repo-fs.js';
import { dirOf, joinRel, relativeTo } from '../paths.js';
import type { PythonProject } from './project.js';
import { table } from './toml.js';

export type PyPackageManagerId = 'uv' | 'poetry' | 'pdm' | 'pipenv' | 'pip';

/** What the install command depends on. */
export interface InstallContext {
  project: PythonProject;
  hasLock: boolean;
  /** The start command runs something the project installs (so the project itself must be installed). */
  needsProject: boolean;
  /** The Poetry version that wrote poetry.lock, when its header says. */
  poetryLockVersion: number[] | null;
  /** uv workspace member name, when the project is a member of a workspace rooted above it. */
  workspaceMember: string | null;
}

export interface PyPackageManagerEntry {
  /** Row id (pip has two rows: requirements files and pyproject/setup.py). */
  row: string;
  id: PyPackageManagerId;
  /**
   * Higher wins among signals of the same strength; a lockfile beats a manifest alone. Among tools,
   * uv > Poetry > PDM > Pipenv > pip.
   */
  priority: number;
  /**
   * The manifest outranks every lockfile: a requirements.txt is the tool-agnostic install list a
   * project commits for deployment (often exported from Poetry or uv), and what pip-based platforms
   * (Heroku, nixpacks, railpack) install from when it is present.
   */
  deployManifest?: boolean;
  /** Lockfile name in the project folder. */
  lockfile?: string;
  /** The manifest the lockfile belongs to; a lockfile without it cannot be installed from. */
  lockRequires?: 'pyproject.toml' | 'Pipfile';
  /** The manifest signal: a pyproject table, a file, or a predicate over the parsed project. */
  manifest: (p: PythonProject) => { file: string; reason: string } | null;
  install: (c: InstallContext) => string | null;
}

const pyprojectFile = (p: PythonProject): string => p.pyproject?.file ?? joinRel(p.dir, 'pyproject.toml');

/** Python package managers. The order decides nothing: priority and lockfile presence do. */
export const PY_PACKAGE_MANAGERS: readonly PyPackageManagerEntry[] = [
  {
    row: 'uv',
    id: 'uv',
    priority: 50,
    lockfile: 'uv.lock',
    lockRequires: 'pyproject.toml',
    manifest: (p) =>
      table(p.pyproject?.value, 'tool.uv')
        ? { file: pyprojectFile(p), reason: 'pyproject.toml has [tool.uv]' }
        : null,
    install: (c) =>
      `uv sync ${c.hasLock ? '--frozen ' : ''}--no-dev${c.workspaceMember ? ` --package ${c.workspaceMember}` : ''}`,
  },
  {
    row: 'poetry',
    id: 'poetry',
    priority: 40,
    lockfile: 'poetry.lock',
    lockRequires: 'pyproject.toml',
    manifest: (p) =>
      table(p.pyproject?.value, 'tool.poetry')
        ? { file: pyprojectFile(p), reason: 'pyproject.toml has [tool.poetry]' }
        : null,
    install: (c) => {
      // `--only main` needs Poetry 1.2+; `--no-dev` was removed in Poetry 2, so it is used only for old locks.
      const old = c.poetryLockVersion !== null && compareVersion(c.poetryLockVersion, [1, 2]) < 0;
      const root = c.needsProject && c.project.poetryPackageMode ? '' : ' --no-root';
      return `poetry install ${old ? '--no-dev' : '--only main'}${root}`;
    },
  },
  {
    row: 'pdm',
    id: 'pdm',
    priority: 30,
    lockfile: 'pdm.lock',
    lockRequires: 'pyproject.toml',
    manifest: (p) =>
      table(p.pyproject?.value, 'tool.pdm')
        ? { file: pyprojectFile(p), reason: 'pyproject.toml has [tool.pdm]' }
        : null,
    install: (c) => `pdm install --prod${c.hasLock ? ' --frozen-lockfile' : ''}`,
  },
  {
    row: 'pipenv',
    id: 'pipenv',
    priority: 20,
    lockfile: 'Pipfile.lock',
    lockRequires: 'Pipfile',
    manifest: (p) => (p.pipfile ? { file: p.pipfile.file, reason: 'Pipfile lists the dependencies' } : null),
    install: (c) => (c.hasLock ? 'pipenv install --deploy' : 'pipenv install --skip-lock'),
  },
  {
    row: 'pip-requirements',
    id: 'pip',
    priority: 10,
    deployManifest: true,
    manifest: (p) =>
      p.requirementsFile
        ? {
            file: p.requirementsFile,
            reason: `${relativeTo(p.requirementsFile, p.dir)} lists the dependencies`,
          }
        : null,
    install: (c) =>
      c.project.requirementsFile
        ? `pip install --no-cache-dir -r ${relativeTo(c.project.requirementsFile, c.project.dir)}`
        : null,
  },
  {
    row: 'pip-project',
    id: 'pip',
    priority: 5,
    manifest: (p) => {
      if (p.pyproject && table(p.pyproject.value, 'project')) {
        return {
          file: p.pyproject.file,
          reason: 'pyproject.toml declares a [project] (PEP 621), installed with pip',
        };
      }
      if (p.setupFile)
        return {
          file: p.setupFile,
          reason: `${relativeTo(p.setupFile, p.dir)} makes it a setuptools project`,
        };
      return null;
    },
    install: (c) => {
      const p = c.project;
      const nothing = p.dependencies.every((d) => d.group !== 'main') && !p.hasBuildSystem && !p.setupFile;
      return nothing && !c.needsProject ? null : 'pip install .';
    },
  },
];

export interface PyPackageManagerResult {
  id: PyPackageManagerId | null;
  install: string | null;
  evidence: Evidence[];
  installEvidence: Evidence[];
  diagnostics: Diagnostic[];
  hasLock: boolean;
  entry: PyPackageManagerEntry | null;
}

/**
 * The package manager of a project: a lockfile beats a manifest section; among equals the higher
 * priority wins. A uv workspace member uses the workspace root's lock. Two different lockfiles are a
 * warning naming the ignored one.
 */
export function detectPyPackageManager(
  fs: RepoFs,
  project: PythonProject,
  opts: { workspaceRoot: PythonProject | null; needsProject: boolean },
): PyPackageManagerResult {
  const diagnostics: Diagnostic[] = [];
  type Signal = { entry: PyPackageManagerEntry; tier: number; evidence: Evidence[]; lock: string | null };
  const signals: Signal[] = [];
  const lockDir = opts.workspaceRoot?.dir ?? project.dir;
  for (const entry of PY_PACKAGE_MANAGERS) {
    const evidence: Evidence[] = [];
    let lock: string | null = null;
    if (entry.lockfile) {
      const f = joinRel(lockDir, entry.lockfile);
      const found = fs.exists(f)
        ? f
        : lockDir !== project.dir && fs.exists(joinRel(project.dir, entry.lockfile))
          ? joinRel(project.dir, entry.lockfile)
          : null;
      const manifest = entry.lockRequires ? joinRel(dirOf(found ?? f), entry.lockRequires) : null;
      if (found && manifest && !fs.exists(manifest)) {
        diagnostics.push({
          severity: 'warning',
          file: found,
          message: `${entry.lockfile} is ignored: there is no ${entry.lockRequires} beside it`,
          fix: `add the ${entry.lockRequires} it was locked from, or delete ${found}`,
        });
      } else if (found) {
        lock = found;
        evidence.push({
          file: lock,
          reason: `${entry.lockfile} is ${entry.id}'s lockfile${opts.workspaceRoot && lock === f ? ' (at the workspace root)' : ''}`,
          confidence: 'explicit',
        });
      }
    }
    const m = entry.manifest(opts.workspaceRoot && entry.id === 'uv' ? opts.workspaceRoot : project);
    if (m) evidence.push({ file: m.file, reason: m.reason, confidence: 'strong' });
    // An empty requirements.txt is a placeholder (it installs nothing), not the deploy manifest.
    const deploy = entry.deployManifest === true && project.requirementsNonEmpty;
    if (evidence.length > 0) signals.push({ entry, tier: deploy ? 3 : lock ? 2 : 1, evidence, lock });
  }
  signals.sort((a, b) => b.tier - a.tier || b.entry.priority - a.entry.priority);
  const best = signals[0];
  if (!best) {
    return {
      id: null,
      install: null,
      evidence: [],
      installEvidence: [],
      diagnostics,
      hasLock: false,
      entry: null,
    };
  }
  for (const s of signals.slice(1)) {
    if (!s.lock || s.entry.id === best.entry.id) continue;
    // Beside requirements.txt a tool's lockfile is usually the source it was exported from: worth a note only.
    const exported = best.tier === 3;
    diagnostics.push({
      severity: exported ? 'info' : 'warning',
      file: s.lock,
      message: `${s.lock} is ignored: ${best.lock ?? best.evidence[0]?.file} makes ${best.entry.id} the package manager`,
      fix: exported
        ? `keep ${best.evidence[0]?.file} in sync with ${s.lock} (e.g. export it), or delete it to install with ${s.entry.id}`
        : `delete ${s.lock} if ${s.entry.id} is no longer used`,
    });
  }
  const install = best.entry.install({
    project,
    hasLock: best.lock !== null,
    needsProject: opts.needsProject,
    poetryLockVersion: best.entry.id === 'poetry' && best.lock ? poetryLockVersion(fs, best.lock) : null,
    workspaceMember: opts.workspaceRoot && best.entry.id === 'uv' ? (project.name ?? null) : null,
  });
  const evidence = [
    ...best.evidence,
    // Outranked signals from other files (a lockfile, a Pipfile …); a [project] table in the winner's own
    // pyproject.toml is no rival.
    ...signals
      .slice(1)
      .filter((s) => s.entry.id !== best.entry.id)
      .flatMap((s) => s.evidence)
      .filter((e) => !best.evidence.some((b) => b.file === e.file))
      .map((e) => ({ ...e, reason: `${e.reason} (outranked)`, confidence: 'weak' as const })),
  ];
  const installEvidence: Evidence[] = install
    ? [
        {
          ...(best.evidence[0] as Evidence),
          reason: best.lock
            ? `installs the locked dependencies from ${relativeTo(best.lock, lockDir)}, without dev dependencies`
            : `installs from ${(best.evidence[0] as Evidence).file} (no lockfile, so versions are not pinned)`,
        },
      ]
    : [{ ...(best.evidence[0] as Evidence), reason: 'no dependencies to install', confidence: 'weak' }];
  return {
    id: best.entry.id,
    install,
    evidence,
    installEvidence,
    diagnostics,
    hasLock: best.lock !== null,
    entry: best.entry,
  };
}

/** `# This file is automatically @generated by Poetry 1.8.2 …` → [1, 8, 2]. */
function poetryLockVersion(fs: RepoFs, lock: string): number[] | null {
  const r = fs.readText(lock);
  if (!r.ok) return null;
  const m = /@generated by Poetry (\d+(?:\.\d+)*)/.exec(r.text.slice(0, 500));
  return m ? (m[1] as string).split('.').map(Number) : null;
}

function compareVersion(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
