// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${PORT:-8000} is shell parameter expansion in start commands, not a template
import type { Evidence } from '../../model/evidence.js';
import { mainDependency, type PythonProject } from './project.js';
import type { PySource } from './source-files.js';

/** How a server runs an app: a WSGI or ASGI callable, or the framework's own runner (`self`). */
export type AppInterface = 'wsgi' | 'asgi' | 'self';

/** How the framework's entry is found (each is a strategy in commands.ts). */
export type EntryLocator = 'app-object' | 'django-project' | 'script-file' | 'celery-app';

export interface PyFrameworkEntry {
  /** Framework id recorded on the service. */
  id: string;
  /** The PyPI distribution that reveals it (normalised). */
  dependency: string;
  kind: 'web' | 'worker';
  /**
   * When several are present the highest wins. Frameworks built on another outrank it (FastAPI on
   * Starlette, Quart on Flask); full-stack frameworks outrank micro-frameworks; dashboard runners
   * (Streamlit, Gradio) rank below API frameworks; libraries that are often only clients rank low.
   */
  priority: number;
  /** Interfaces a server can run the app through, preferred first; `self` means its own runner. */
  interfaces: readonly AppInterface[];
  locator: EntryLocator;
  /** Constructor whose result is the app object (`app = Flask(__name__)`), for `app-object`. */
  appClass?: string;
  /** Factory function names that build the app (`create_app`). */
  factories?: readonly string[];
  /** Modules (paths relative to the service, no `.py`) that conventionally hold the entry, preferred first. */
  entryModules: readonly string[];
  /** The port when nothing says otherwise and its own runner starts it (`app.run()`, `manage.py runserver`). */
  runnerPort: number | null;
  /**
   * The start command of a `self` framework or the framework's dev runner: `{file}` the entry file,
   * `{module}` its module, `{port}` the runner port.
   */
  runner: string;
  /** The dependency counts only when the code shows this (aiohttp is mostly used as an HTTP client). */
  requiresCode?: RegExp;
}

/** Python frameworks. The order decides nothing: {@link PyFrameworkEntry.priority} does. */
export const PYTHON_FRAMEWORKS: readonly PyFrameworkEntry[] = [
  {
    id: 'django',
    dependency: 'django',
    kind: 'web',
    priority: 100,
    interfaces: ['wsgi', 'asgi'],
    locator: 'django-project',
    entryModules: [],
    runnerPort: 8000,
    runner: 'python manage.py runserver 0.0.0.0:${PORT:-8000}',
  },
  {
    id: 'fastapi',
    dependency: 'fastapi',
    kind: 'web',
    priority: 90,
    interfaces: ['asgi'],
    locator: 'app-object',
    appClass: 'FastAPI',
    factories: ['create_app', 'get_app', 'make_app', 'get_application'],
    entryModules: [
      'main',
      'app',
      'api',
      'server',
      'asgi',
      'app/main',
      'src/main',
      'src/app',
      'app/app',
      'app/__init__',
    ],
    runnerPort: 8000,
    runner: 'python {file}',
  },
  {
    id: 'fasthtml',
    dependency: 'python-fasthtml',
    kind: 'web',
    priority: 86,
    interfaces: ['asgi'],
    locator: 'app-object',
    appClass: 'FastHTML',
    entryModules: ['main', 'app'],
    runnerPort: 5001,
    runner: 'python {file}',
  },
  {
    id: 'litestar',
    dependency: 'litestar',
    kind: 'web',
    priority: 88,
    interfaces: ['asgi'],
    locator: 'app-object',
    appClass: 'Litestar',
    factories: ['create_app'],
    entryModules: ['app', 'main', 'asgi', 'app/main', 'app/__init__'],
    runnerPort: 8000,
    runner: 'python {file}',
  },
  {
    id: 'quart',
    dependency: 'quart',
    kind: 'web',
    priority: 75,
    interfaces: ['asgi'],
    locator: 'app-object',
    appClass: 'Quart',
    factories: ['create_app', 'make_app'],
    entryModules: ['app', 'main', 'asgi', 'server', 'app/__init__'],
    runnerPort: 5000,
    runner: 'python {file}',
  },
  {
    id: 'flask',
    dependency: 'flask',
    kind: 'web',
    priority: 70,
    interfaces: ['wsgi'],
    locator: 'app-object',
    appClass: 'Flask',
    factories: ['create_app', 'make_app'],
    entryModules: [
      'app',
      'main',
      'wsgi',
      'application',
      'server',
      'run',
      'api',
      'app/__init__',
      'src/app',
      'src/main',
    ],
    runnerPort: 5000,
    runner: 'python {file}',
  },
  {
    id: 'sanic',
    dependency: 'sanic',
    kind: 'web',
    priority: 68,
    interfaces: ['self'],
    locator: 'app-object',
    appClass: 'Sanic',
    entryModules: ['server', 'app', 'main'],
    runnerPort: 8000,
    runner: 'sanic {module}:{attr} --host 0.0.0.0 --port ${PORT:-8000}',
  },
  {
    id: 'falcon',
    dependency: 'falcon',
    kind: 'web',
    priority: 65,
    interfaces: ['wsgi', 'asgi'],
    locator: 'app-object',
    appClass: 'App',
    entryModules: ['app', 'main', 'wsgi', 'server'],
    runnerPort: 8000,
    runner: 'python {file}',
  },
  {
    id: 'pyramid',
    dependency: 'pyramid',
    kind: 'web',
    priority: 62,
    interfaces: ['wsgi'],
    locator: 'app-object',
    appClass: 'make_wsgi_app',
    entryModules: ['app', 'main', 'wsgi', 'server'],
    runnerPort: 6543,
    runner: 'python {file}',
  },
  {
    id: 'bottle',
    dependency: 'bottle',
    kind: 'web',
    priority: 60,
    interfaces: ['wsgi'],
    locator: 'app-object',
    appClass: 'Bottle',
    entryModules: ['app', 'main', 'server', 'wsgi'],
    runnerPort: 8080,
    runner: 'python {file}',
  },
  {
    id: 'starlette',
    dependency: 'starlette',
    kind: 'web',
    priority: 55,
    interfaces: ['asgi'],
    locator: 'app-object',
    appClass: 'Starlette',
    entryModules: ['main', 'app', 'asgi', 'server'],
    runnerPort: 8000,
    runner: 'python {file}',
  },
  {
    id: 'streamlit',
    dependency: 'streamlit',
    kind: 'web',
    priority: 50,
    interfaces: ['self'],
    locator: 'script-file',
    entryModules: ['streamlit_app', 'app', 'main', 'Home', 'home', 'dashboard', 'src/app', 'src/main'],
    runnerPort: 8501,
    runner: 'streamlit run {file} --server.port ${PORT:-8501} --server.address 0.0.0.0',
  },
  {
    id: 'gradio',
    dependency: 'gradio',
    kind: 'web',
    priority: 48,
    interfaces: ['self'],
    locator: 'script-file',
    entryModules: ['app', 'main', 'demo'],
    runnerPort: 7860,
    runner: 'python {file}',
  },
  {
    id: 'tornado',
    dependency: 'tornado',
    kind: 'web',
    priority: 40,
    interfaces: ['self'],
    locator: 'script-file',
    entryModules: ['app', 'main', 'server'],
    runnerPort: 8888,
    runner: 'python {file}',
    requiresCode: /\btornado\.web\b|\bfrom\s+tornado\s+import\s+web\b/,
  },
  {
    id: 'aiohttp',
    dependency: 'aiohttp',
    kind: 'web',
    priority: 30,
    interfaces: ['self'],
    locator: 'script-file',
    entryModules: ['app', 'main', 'server'],
    runnerPort: 8080,
    runner: 'python {file}',
    requiresCode: /\bweb\.(?:Application|run_app)\(/,
  },
  {
    id: 'celery',
    dependency: 'celery',
    kind: 'worker',
    priority: 10,
    interfaces: ['self'],
    locator: 'celery-app',
    entryModules: ['celery_app', 'tasks', 'worker', 'app/celery', 'app/worker'],
    runnerPort: null,
    runner: 'celery -A {module} worker --loglevel=info',
  },
];

export interface AppServerEntry {
  id: string;
  /** The PyPI distribution that installs it (normalised). */
  dependency: string;
  serves: readonly ('wsgi' | 'asgi')[];
  /** When several can run the app the highest wins. */
  priority: number;
  /** Port the command binds when PORT is unset. */
  defaultPort: number;
  /** `{target}` is `module:attr` (or `module:factory()` where supported); binds 0.0.0.0 and honours PORT. */
  command: string;
  /** Command for an app factory, when the server calls factories itself. */
  factoryCommand?: string;
  /** Whether `{target}` may be `module:create_app()` (gunicorn evaluates the call). */
  callTarget?: boolean;
  /** Flag that changes the import folder (`--chdir src`), for `src/` layouts. */
  dirFlag?: string;
  /**
   * Another dependency that also installs this server: with one of `extras` (`fastapi[standard]`
   * brings uvicorn), or always when `extras` is null (python-fasthtml requires uvicorn).
   */
  bundledWith?: readonly { dependency: string; extras: readonly string[] | null }[];
}

/** Production app servers. */
export const PYTHON_APP_SERVERS: readonly AppServerEntry[] = [
  {
    id: 'gunicorn',
    dependency: 'gunicorn',
    serves: ['wsgi'],
    priority: 40,
    defaultPort: 8000,
    command: 'gunicorn --bind 0.0.0.0:${PORT:-8000} {target}',
    callTarget: true,
    dirFlag: '--chdir',
  },
  {
    id: 'uvicorn',
    dependency: 'uvicorn',
    serves: ['asgi'],
    priority: 40,
    defaultPort: 8000,
    command: 'uvicorn {target} --host 0.0.0.0 --port ${PORT:-8000}',
    factoryCommand: 'uvicorn {target} --factory --host 0.0.0.0 --port ${PORT:-8000}',
    dirFlag: '--app-dir',
    bundledWith: [
      { dependency: 'fastapi', extras: ['standard', 'all'] },
      { dependency: 'litestar', extras: ['standard'] },
      { dependency: 'python-fasthtml', extras: null },
    ],
  },
  {
    id: 'hypercorn',
    dependency: 'hypercorn',
    serves: ['asgi'],
    priority: 30,
    defaultPort: 8000,
    command: 'hypercorn --bind 0.0.0.0:${PORT:-8000} {target}',
  },
  {
    id: 'daphne',
    dependency: 'daphne',
    serves: ['asgi'],
    priority: 25,
    defaultPort: 8000,
    command: 'daphne -b 0.0.0.0 -p ${PORT:-8000} {target}',
  },
  {
    id: 'granian',
    dependency: 'granian',
    serves: ['asgi', 'wsgi'],
    priority: 20,
    defaultPort: 8000,
    command: 'granian --interface {interface} --host 0.0.0.0 --port ${PORT:-8000} {target}',
  },
  {
    id: 'waitress',
    dependency: 'waitress',
    serves: ['wsgi'],
    priority: 15,
    defaultPort: 8080,
    command: 'waitress-serve --listen=0.0.0.0:${PORT:-8080} {target}',
    factoryCommand: 'waitress-serve --listen=0.0.0.0:${PORT:-8080} --call {target}',
  },
];

/** Programs a start command may run, with the port they bind when the command does not say. */
export const PROGRAM_DEFAULT_PORTS: Readonly<Record<string, number>> = {
  gunicorn: 8000,
  uvicorn: 8000,
  hypercorn: 8000,
  daphne: 8000,
  granian: 8000,
  'waitress-serve': 8080,
  sanic: 8000,
  streamlit: 8501,
  fastapi: 8000,
};

export interface PyFrameworkMatch {
  entry: PyFrameworkEntry;
  evidence: Evidence[];
  /** Other frameworks present that ranked lower. */
  others: PyFrameworkEntry[];
}

/**
 * The highest-priority framework among the project's main dependencies (dev dependencies never
 * count). Entries with `requiresCode` need that pattern in a non-empty source file.
 */
export function detectFramework(
  project: PythonProject,
  sources: readonly PySource[],
  frameworks: readonly PyFrameworkEntry[] = PYTHON_FRAMEWORKS,
): PyFrameworkMatch | null {
  const present = frameworks.filter((f) => {
    if (!mainDependency(project, f.dependency)) return false;
    return !f.requiresCode || sources.some((s) => (f.requiresCode as RegExp).test(s.code));
  });
  if (present.length === 0) return null;
  present.sort((a, b) => b.priority - a.priority || a.id.localeCompare(b.id));
  const [best, ...rest] = present as [PyFrameworkEntry, ...PyFrameworkEntry[]];
  const dep = mainDependency(project, best.dependency);
  return {
    entry: best,
    evidence: [
      {
        file: dep?.file ?? project.dir,
        ...(dep?.line ? { line: dep.line } : {}),
        reason: `depends on ${best.dependency}${rest.length > 0 ? ` (outranks ${rest.map((r) => r.dependency).join(', ')})` : ''}`,
        confidence: 'strong',
      },
    ],
    others: rest,
  };
}

/** App servers installed by the project that can run `iface`, best first. */
export function availableServers(
  project: PythonProject,
  iface: 'wsgi' | 'asgi',
  servers: readonly AppServerEntry[] = PYTHON_APP_SERVERS,
): { server: AppServerEntry; evidence: Evidence }[] {
  const out: { server: AppServerEntry; evidence: Evidence }[] = [];
  for (const server of servers) {
    if (!server.serves.includes(iface)) continue;
    const dep = mainDependency(project, server.dependency);
    if (dep) {
      out.push({
        server,
        evidence: {
          file: dep.file,
          ...(dep.line ? { line: dep.line } : {}),
          reason: `depends on ${server.dependency}`,
          confidence: 'strong',
        },
      });
      continue;
    }
    const bundle = server.bundledWith
      ?.map((b) => ({ b, dep: mainDependency(project, b.dependency) }))
      .find(
        ({ b, dep: d }) =>
          d !== undefined && (b.extras === null || d.extras.some((e) => b.extras?.includes(e))),
      );
    if (bundle?.dep) {
      out.push({
        server,
        evidence: {
          file: bundle.dep.file,
          ...(bundle.dep.line ? { line: bundle.dep.line } : {}),
          reason: `${bundle.dep.name}${bundle.dep.extras.length > 0 ? `[${bundle.dep.extras.join(',')}]` : ''} installs ${server.dependency}`,
          confidence: 'strong',
        },
      });
    }
  }
  return out.sort((a, b) => b.server.priority - a.server.priority || a.server.id.localeCompare(b.server.id));
}
