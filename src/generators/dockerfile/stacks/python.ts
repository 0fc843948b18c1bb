import path from 'node:path';
import { satisfies } from '../../../detectors/python/version.js';
import type { Service } from '../../../model/service.js';
import { splitCommand } from '../../../render/argv.js';
import type { CacheMount, Instruction } from '../../../render/dockerfile.js';
import {
  APP_DIR,
  APP_USER,
  COMMON_IGNORE_GROUPS,
  createAppUser,
  execComment,
  healthPlan,
  ignoreLines,
  lockfileFromEvidence,
  ociLabels,
} from '../common.js';
import type { ImagePlan, Stack, StackPlan } from '../stack.js';

/**
 * Python used when the repo pins none (.python-version, runtime.txt, requires-python …).
 * @see https://devguide.python.org/versions/
 */
export const DEFAULT_PYTHON_VERSION = '3.12';
/** Python lines with a `python:<X.Y>-slim-bookworm` image, newest first: a range picks from these. */
export const PYTHON_LINES = ['3.13', '3.12', '3.11', '3.10', '3.9'] as const;
/** The virtual environment every dependency goes into; the runtime copies it whole. */
export const VENV = '/opt/venv';
/** PATH of the python image with the venv first, written out: ENV values here are literals. */
const RUNTIME_PATH = `${VENV}/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin`;

/** `-slim-bookworm`: Debian stable without compilers or docs; glibc keeps manylinux wheels working. */
export function pythonImage(version: string): string {
  return `python:${version}-slim-bookworm`;
}

/**
 * The `X.Y` line to build with: a pin gives its line (`3.11.9` → `3.11`); a range
 * (`>=3.11,<3.13`, `^3.10`, `~3.11`) gives the default when it fits, else the newest known line
 * that fits, else its lower bound; nothing (or an unreadable range) gives the default.
 */
export function pythonLineFor(languageVersion: string | null): string {
  const v = languageVersion?.trim() ?? '';
  const pin = /^(\d+)\.(\d+)(?:\.\d+)?$/.exec(v);
  if (pin) return `${pin[1]}.${pin[2]}`;
  // `latest` in a version file is recorded as `3`: the newest line.
  if (v === '3') return PYTHON_LINES[0];
  if (v === '' || satisfies(`${DEFAULT_PYTHON_VERSION}.0`, v) !== false) return DEFAULT_PYTHON_VERSION;
  const fit = PYTHON_LINES.find((line) => satisfies(`${line}.0`, v) || satisfies(`${line}.99`, v));
  if (fit) return fit;
  const lower = /(?:>=|\^|~=?|==)\s*(3)\.(\d+)/.exec(v);
  return lower ? `${lower[1]}.${lower[2]}` : DEFAULT_PYTHON_VERSION;
}

/** Installers pinned so a rebuild installs with the same tool; only the builder has them. */
export const PYTHON_TOOL_PINS = {
  uv: 'uv==0.13.8',
  poetry: 'poetry==2.5.1',
  /** Poetry 2 dropped `--no-dev`; a lockfile older than Poetry 1.2 gets the last 1.x. */
  poetryLegacy: 'poetry==1.8.5',
  pdm: 'pdm==2.29.4',
  pipenv: 'pipenv==2026.10.3',
} as const;

const PIP_CACHE: CacheMount = { type: 'cache', target: '/root/.cache/pip' };
const UV_CACHE: CacheMount = { type: 'cache', target: '/root/.cache/uv' };
/** uv makes the venv at UV_PROJECT_ENVIRONMENT with the image's Python, compiled, copied from its cache. */
const UV_ENV: [string, string][] = [
  ['UV_PROJECT_ENVIRONMENT', VENV],
  ['UV_PYTHON_DOWNLOADS', 'never'],
  ['UV_COMPILE_BYTECODE', '1'],
  ['UV_LINK_MODE', 'copy'],
];
/** The stage that collects a uv workspace's manifests, so the dependency layer ignores source edits. */
const MANIFESTS_STAGE = 'manifests';
const MANIFESTS_DIR = '/manifests';

/** How one package manager fills the venv: what it reads first, and the two install steps. */
interface PythonInstall {
  /** Files (and `folder/`s) copied before the dependency install: the manifest and lockfile only. */
  manifests: string[];
  /** The installer itself, pip-installed into the builder's own Python (never into the venv). */
  tool: string | null;
  env: [string, string][];
  /** Installs the locked dependencies, not the project: cached until a manifest changes. */
  deps: string | null;
  /** Run after the source is copied: installs the project itself (a console script, a package). */
  project: string | null;
  cache: CacheMount[];
  /** Whether `python -m venv` makes the venv (uv makes its own). */
  makeVenv: boolean;
  /** Where the dependencies come from, for the stage comment; null when there are none. */
  from: string | null;
  /**
   * A uv workspace member: built from the workspace root (the folder of uv.lock, an ancestor of
   * the service), run from the member folder under it.
   */
  workspace?: { root: string; member: string };
}

/** Python services (web and workers): pip, Poetry, uv, Pipenv, PDM, or a plain pyproject.toml. */
export const pythonStack: Stack = {
  id: 'python',
  handles: (service) => service.language === 'python' && service.kind !== 'static',
  plan: planPython,
  dockerignore: () =>
    ignoreLines([
      ...COMMON_IGNORE_GROUPS.slice(0, 1),
      ...PYTHON_IGNORE_GROUPS,
      ...COMMON_IGNORE_GROUPS.slice(1),
    ]),
};

const PYTHON_IGNORE_GROUPS = [
  {
    why: 'Virtual environments and bytecode: the image builds its own',
    patterns: ['.venv', 'venv', '**/__pycache__', '**/*.py[cod]', '__pypackages__', '*.egg-info'],
  },
  {
    why: 'Test, lint and type-check output',
    patterns: ['.tox', '.nox', '.pytest_cache', '.mypy_cache', '.ruff_cache', '.coverage', 'htmlcov'],
  },
] as const;

function planPython(service: Service): StackPlan {
  if (!service.commands.start) {
    return {
      skipped:
        'no start command was detected: add a Procfile "web:" line (e.g. "gunicorn app:app") or set commands.start in shipready.config.yaml',
    };
  }
  const install = pythonInstall(service);
  if ('problem' in install) return { skipped: install.problem };
  return pythonImagePlan(service, install);
}

/** The `-r FILE` a pip install command reads. */
function requirementsFileOf(install: string): string | null {
  return /(?:^|\s)(?:-r|--requirement)[\s=]+(\S+)/.exec(install)?.[1] ?? null;
}

/** Files to copy so a requirements file finds what it includes (`-r requirements-common.txt`). */
function requirementsSources(file: string): string[] {
  const n = path.posix.normalize(file);
  const dir = path.posix.dirname(n);
  if (dir === '.') return /^requirements.*\.txt$/.test(n) ? ['requirements*.txt'] : [n];
  // requirements/prod.txt includes its siblings (`-r base.txt`): the whole folder.
  return [`${dir}/`];
}

function pythonInstall(service: Service): PythonInstall | { problem: string } {
  const cmd = service.commands.install?.trim() ?? null;
  const pm = service.packageManager;
  const locked = (
    names: string[],
    tool: string,
    lockCmd: string,
  ): { lockfile: string } | { problem: string } => {
    const lock = lockfileFromEvidence(service, names);
    if ('lockfile' in lock) return lock;
    if ('problem' in lock) return lock;
    return {
      problem: `${tool} without a lockfile would resolve versions afresh on every build: run \`${lockCmd}\` and commit ${names[0]}`,
    };
  };
  if (pm === null || cmd === null) {
    return {
      manifests: [],
      tool: null,
      env: [],
      deps: null,
      project: null,
      cache: [],
      makeVenv: true,
      from: null,
    };
  }
  switch (pm) {
    case 'pip': {
      const req = requirementsFileOf(cmd);
      if (req) {
        return {
          manifests: requirementsSources(req),
          tool: null,
          env: [],
          deps: `pip install -r ${path.posix.normalize(req)}`,
          project: null,
          cache: [PIP_CACHE],
          makeVenv: true,
          from: path.posix.normalize(req),
        };
      }
      // A [project] or setup.py app: its dependencies are declared in the package, so pip needs the source.
      return {
        manifests: [],
        tool: null,
        env: [],
        deps: null,
        project: 'pip install .',
        cache: [PIP_CACHE],
        makeVenv: true,
        from: 'pyproject.toml (no lockfile: versions within its ranges)',
      };
    }
    case 'uv': {
      const member = uvWorkspaceMember(service, cmd);
      if (member !== null) return member;
      const lock = locked(['uv.lock'], 'uv', 'uv lock');
      if ('problem' in lock) return lock;
      return {
        manifests: ['pyproject.toml', lock.lockfile],
        tool: PYTHON_TOOL_PINS.uv,
        env: UV_ENV,
        deps: `${cmd} --no-install-project`,
        project: cmd,
        cache: [UV_CACHE],
        makeVenv: false,
        from: lock.lockfile,
      };
    }
    case 'poetry': {
      const lock = locked(['poetry.lock'], 'Poetry', 'poetry lock');
      if ('problem' in lock) return lock;
      const deps = /\s--no-root\b/.test(cmd) ? cmd : `${cmd} --no-root`;
      return {
        manifests: ['pyproject.toml', lock.lockfile],
        tool: /\s--no-dev\b/.test(cmd) ? PYTHON_TOOL_PINS.poetryLegacy : PYTHON_TOOL_PINS.poetry,
        // Poetry installs into the active virtual environment (VIRTUAL_ENV) rather than making one.
        env: [['POETRY_NO_INTERACTION', '1']],
        deps,
        project: deps === cmd ? null : cmd,
        cache: [PIP_CACHE, { type: 'cache', target: '/root/.cache/pypoetry' }],
        makeVenv: true,
        from: lock.lockfile,
      };
    }
    case 'pdm': {
      const lock = locked(['pdm.lock'], 'PDM', 'pdm lock');
      if ('problem' in lock) return lock;
      // --check fails when pdm.lock is out of date instead of re-locking.
      return {
        manifests: ['pyproject.toml', lock.lockfile],
        tool: PYTHON_TOOL_PINS.pdm,
        env: [['PDM_CHECK_UPDATE', 'false']],
        deps: 'pdm install --check --prod --no-self',
        project: 'pdm install --check --prod --no-editable',
        cache: [PIP_CACHE, { type: 'cache', target: '/root/.cache/pdm' }],
        makeVenv: true,
        from: lock.lockfile,
      };
    }
    case 'pipenv': {
      const lock = locked(['Pipfile.lock'], 'Pipenv', 'pipenv lock');
      if ('problem' in lock) return lock;
      // --deploy fails when Pipfile.lock is out of date; Pipenv uses the active VIRTUAL_ENV.
      return {
        manifests: ['Pipfile', lock.lockfile],
        tool: PYTHON_TOOL_PINS.pipenv,
        env: [['PIPENV_VERBOSITY', '-1']],
        deps: 'pipenv install --deploy',
        project: null,
        cache: [PIP_CACHE, { type: 'cache', target: '/root/.cache/pipenv' }],
        makeVenv: true,
        from: lock.lockfile,
      };
    }
    default:
      return {
        problem: `package manager "${pm}": this generator installs with pip, Poetry, uv, PDM or Pipenv`,
      };
  }
}

/**
 * A uv workspace member: its uv.lock (named by the detector's evidence) is in a folder above the
 * service, and the install selects it with `--package`. Null when the lockfile is in the service
 * folder, missing, or in a folder that is not above it (the caller then explains the skip).
 * @see https://docs.astral.sh/uv/concepts/projects/workspaces/
 * @see https://docs.astral.sh/uv/guides/integration/docker/#intermediate-layers
 */
function uvWorkspaceMember(service: Service, cmd: string): PythonInstall | { problem: string } | null {
  const dir = path.posix.normalize(service.path.replace(/\\/g, '/')).replace(/\/+$/, '') || '.';
  const found = [...(service.evidence.packageManager ?? []), ...(service.evidence.install ?? [])].find(
    (e) => e.confidence !== 'weak' && path.posix.basename(e.file) === 'uv.lock',
  );
  if (!found) return null;
  const root = path.posix.dirname(path.posix.normalize(found.file));
  const above = root === '.' ? dir !== '.' : dir.startsWith(`${root}/`);
  if (!above) return null;
  const argv = splitCommand(cmd) ?? [];
  const pkgAt = argv.findIndex((a) => a === '--package' || a.startsWith('--package='));
  if (argv[0] !== 'uv' || argv[1] !== 'sync' || pkgAt === -1) {
    return {
      problem: `uv workspace member: its uv.lock is at the workspace root (${root === '.' ? 'the repository root' : root}), and the install "${cmd}" does not select it with --package; set commands.install to \`uv sync --frozen --no-dev --package <name>\``,
    };
  }
  return {
    manifests: [],
    tool: PYTHON_TOOL_PINS.uv,
    env: UV_ENV,
    // The dependencies of the member and of the workspace packages it uses, none of the members themselves.
    deps: `${cmd} --no-install-workspace`,
    project: cmd,
    cache: [UV_CACHE],
    makeVenv: false,
    from: `the workspace ${found.file}`,
    workspace: { root, member: root === '.' ? dir : dir.slice(root.length + 1) },
  };
}

/**
 * The start command as exec-form argv. `$PORT`, `${PORT}` and `${PORT:-8000}` become the concrete
 * port (the image sets ENV PORT to it), so no shell is needed to expand them; anything else a shell
 * must interpret falls back to `sh -c`.
 */
export function pythonStartArgv(start: string, port: number | null): { argv: string[]; shell: boolean } {
  const resolved = start.replace(/\$\{PORT(?::?-([^}]*))?\}|\$PORT\b/g, (_m, def: string | undefined) =>
    port !== null ? String(port) : (def ?? '$PORT'),
  );
  const argv = splitCommand(resolved);
  return argv ? { argv, shell: false } : { argv: ['sh', '-c', resolved], shell: true };
}

/** A HEALTHCHECK that needs only the Python standard library (slim images have no curl or wget). */
export function pythonProbe(url: string): string[] {
  const lit = /^[^'\\]*$/.test(url) ? `'${url}'` : JSON.stringify(url);
  return [
    'python',
    '-c',
    `import urllib.request,sys; r=urllib.request.urlopen(${lit},timeout=4); sys.exit(0 if 200<=r.status<300 else 1)`,
  ];
}

/** Servers that stop gracefully on SIGTERM; a bare `python app.py` as PID 1 ignores it. */
const SIGTERM_AWARE = new Set([
  'gunicorn',
  'uvicorn',
  'hypercorn',
  'daphne',
  'granian',
  'celery',
  'waitress-serve',
]);

/** Django reads its SECRET_KEY while importing settings, even for collectstatic: a throwaway one for that step. */
function withBuildSecretKey(service: Service, build: string): string {
  if (!/\bcollectstatic\b/.test(build)) return build;
  const named = service.env.map((e) => e.name).filter((n) => /SECRET_KEY$/.test(n));
  const names = named.length > 0 ? [...new Set(named)].sort() : ['DJANGO_SECRET_KEY', 'SECRET_KEY'];
  return `${names.map((n) => `${n}=collectstatic-only-not-a-secret`).join(' ')} ${build}`;
}

function pythonImagePlan(service: Service, inst: PythonInstall): ImagePlan {
  const line = pythonLineFor(service.languageVersion);
  const image = pythonImage(line);
  const port = service.port;
  const start = pythonStartArgv(service.commands.start as string, port);
  const build = service.commands.build;
  const health = healthPlan(service, pythonProbe, 'the image has no probe');
  const collectstatic = build !== null && /\bcollectstatic\b/.test(build);

  const ws = inst.workspace ?? null;
  const out: Instruction[] = ws === null ? [] : manifestsStage(image, ws.member);
  out.push(
    {
      kind: 'comment',
      text:
        inst.from === null
          ? `build: an empty virtual environment at ${VENV} (nothing to install: the standard library only), then the source.`
          : `build: a virtual environment at ${VENV} with the dependencies from ${inst.from}, then the source.`,
    },
    { kind: 'FROM', image, as: 'build' },
    {
      kind: 'ENV',
      vars: [['PIP_DISABLE_PIP_VERSION_CHECK', '1'], ['PIP_ROOT_USER_ACTION', 'ignore'], ...inst.env],
    },
  );
  if (inst.tool) {
    out.push(
      { kind: 'comment', text: "The installer goes into the build stage's own Python, never into the venv." },
      { kind: 'RUN', mounts: [PIP_CACHE], commands: [`pip install ${inst.tool}`] },
    );
  }
  if (inst.makeVenv) out.push({ kind: 'RUN', commands: [`python -m venv ${VENV}`] });
  // An active VIRTUAL_ENV is where Poetry, PDM and Pipenv install; uv makes its own (UV_PROJECT_ENVIRONMENT).
  out.push(
    {
      kind: 'ENV',
      vars: inst.makeVenv
        ? [
            ['VIRTUAL_ENV', VENV],
            ['PATH', RUNTIME_PATH],
          ]
        : [['PATH', RUNTIME_PATH]],
    },
    { kind: 'WORKDIR', path: APP_DIR },
  );
  if (ws !== null) {
    out.push({ kind: 'COPY', from: MANIFESTS_STAGE, src: [`${MANIFESTS_DIR}/`], dest: './' });
    if (inst.deps) out.push({ kind: 'RUN', mounts: inst.cache, commands: [inst.deps] });
  } else if (inst.deps) {
    // A folder keeps its name (COPY of a folder copies its contents); files go to the app folder.
    const files = inst.manifests.filter((m) => !m.endsWith('/'));
    if (files.length > 0) out.push({ kind: 'COPY', src: files, dest: './' });
    for (const dir of inst.manifests.filter((m) => m.endsWith('/'))) {
      out.push({ kind: 'COPY', src: [dir], dest: `./${dir}` });
    }
    out.push({ kind: 'RUN', mounts: inst.cache, commands: [inst.deps] });
  }
  out.push({ kind: 'COPY', src: ['.'], dest: '.' });
  // The member's own commands (a build step, its start) run from its folder, as they were detected.
  if (ws !== null) out.push({ kind: 'WORKDIR', path: `${APP_DIR}/${ws.member}` });
  const after = [
    ...(inst.project ? [inst.project] : []),
    ...(build ? [withBuildSecretKey(service, build)] : []),
  ];
  if (collectstatic) {
    out.push({
      kind: 'comment',
      text: 'collectstatic imports the settings: the SECRET_KEY set here exists for this step only. Settings that require other variables at import time need defaults.',
    });
  }
  if (after.length > 0)
    out.push({ kind: 'RUN', ...(inst.project ? { mounts: inst.cache } : {}), commands: after });
  out.push(
    { kind: 'blank' },
    {
      kind: 'comment',
      text: 'runtime: a fresh Python image with the venv and the app only (no installers, no caches).',
    },
    ...health.beforeFrom,
    { kind: 'FROM', image, as: 'runtime' },
    {
      kind: 'ENV',
      vars: [
        ['VIRTUAL_ENV', VENV],
        ['PATH', RUNTIME_PATH],
        ['PYTHONUNBUFFERED', '1'],
        ['PYTHONDONTWRITEBYTECODE', '1'],
        ...(port !== null ? [['PORT', String(port)] as [string, string]] : []),
      ],
    },
    { kind: 'comment', text: 'A named account for uid 10001, so libraries that look the user up find one.' },
    { kind: 'RUN', commands: [createAppUser()] },
    { kind: 'WORKDIR', path: APP_DIR },
    { kind: 'comment', text: 'Files stay owned by root: the app can read its code but not change it.' },
    { kind: 'COPY', from: 'build', src: [VENV], dest: VENV },
    { kind: 'COPY', from: 'build', src: [APP_DIR], dest: './' },
  );
  if (ws !== null) out.push({ kind: 'WORKDIR', path: `${APP_DIR}/${ws.member}` });
  out.push({ kind: 'USER', user: APP_USER });
  if (port !== null) out.push({ kind: 'EXPOSE', port });
  out.push(...health.healthcheck, ...ociLabels(service));
  if (service.framework === 'django') {
    out.push({
      kind: 'comment',
      text: 'Migrations are not run at start: run `python manage.py migrate` once per release, before the new containers start.',
    });
  }
  if (start.shell) {
    out.push({
      kind: 'comment',
      text: 'The start command needs a shell (operators or variables other than PORT), so sh is PID 1: end it with `exec <server>` so SIGTERM reaches the server.',
    });
  } else {
    out.push(execComment(start.argv[0] as string, SIGTERM_AWARE.has(start.argv[0] as string)));
  }
  out.push({ kind: 'CMD', argv: start.argv });

  return {
    instructions: out,
    runtime: {
      port,
      healthPath: health.healthPath,
      user: APP_USER,
      baseImage: image,
      cmd: start.argv,
      noHealthcheckReason: health.noHealthcheckReason,
      buildArgs: [],
      runtimeEnv: true,
      copiedDirs: null,
    },
    ...(ws === null ? {} : { context: ws.root }),
  };
}

/**
 * A uv workspace lists its members by glob, and uv resolves the workspace from every member's
 * pyproject.toml even when it installs none of them; this stage collects those manifests (and
 * uv.lock) at their paths. It reruns on any change, but its output changes only with a manifest,
 * so the dependency layer that copies it stays cached across source edits.
 */
function manifestsStage(image: string, member: string): Instruction[] {
  return [
    {
      kind: 'comment',
      text: `manifests: ${member} is a member of a uv workspace, built from the workspace root with its uv.lock. uv needs every member's pyproject.toml to resolve the workspace, so they are collected here (with uv.lock) at their paths.`,
    },
    {
      kind: 'comment',
      text: 'This stage reruns on any change, but its output changes only with a manifest, so the dependency install below stays cached across source edits.',
    },
    { kind: 'FROM', image, as: MANIFESTS_STAGE },
    { kind: 'WORKDIR', path: '/src' },
    { kind: 'COPY', src: ['.'], dest: '.' },
    {
      kind: 'RUN',
      commands: [
        `mkdir -p ${MANIFESTS_DIR}`,
        `cp uv.lock ${MANIFESTS_DIR}/`,
        `find . -name pyproject.toml -not -path '*/.venv/*' -not -path '*/node_modules/*' -exec cp --parents -t ${MANIFESTS_DIR} {} +`,
      ],
    },
    { kind: 'blank' },
  ];
}
