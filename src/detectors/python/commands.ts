// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${PORT:-8000} is shell parameter expansion in start commands, not a template
import type { Diagnostic } from '../../model/diagnostic.js';
import type { Evidence } from '../../model/evidence.js';
import { joinRel } from '../paths.js';
import { portFromCommand, readProcfile } from '../shared/procfile.js';
import { type AppLocation, LOCATORS, type LocateContext, locateEntryScript } from './entry.js';
import {
  type AppServerEntry,
  availableServers,
  PROGRAM_DEFAULT_PORTS,
  type PyFrameworkMatch,
} from './frameworks.js';
import type { PythonProject } from './project.js';
import { normalizeName } from './python-text.js';

/** Where the start command came from, most explicit first. */
export type StartSource = 'procfile' | 'script' | 'framework' | 'console-script' | 'entry-script';

export interface PortFact {
  port: number;
  evidence: Evidence;
}

export interface StartResult {
  value: string | null;
  source: StartSource | null;
  evidence: Evidence[];
  /** Service-relative Python file the command runs (`python main.py` → `main.py`), for the port lookup. */
  runsFile: string | null;
  /** Procfile process type (`web`, `worker` …) when the command came from a Procfile. */
  processType: string | null;
  /** The port the command itself binds (a server flag, or the program's default), when it does. */
  commandPort: PortFact | null;
  /** The command runs something the project installs (a console script, `python -m` of its package). */
  needsProjectInstall: boolean;
  diagnostics: Diagnostic[];
}

/** Named scripts (Pipfile `[scripts]`, `[tool.pdm.scripts]`) that start the app, preferred first. */
export const START_SCRIPT_NAMES = ['start', 'serve', 'server', 'web', 'prod', 'production'] as const;
/** Console script names that look like "run the service", preferred first (after the project's own name). */
export const CONSOLE_SCRIPT_NAMES = ['start', 'serve', 'server', 'web', 'app', 'api', 'run'] as const;
/** Procfile process types that are not long-running processes. */
const ONE_OFF_TYPES = new Set(['release', 'build', 'postdeploy', 'predeploy', 'test']);
/** Package-manager runners that wrap a command in the project's environment. */
const RUN_WRAPPERS = /^(?:poetry|pipenv|uv|pdm|rye|hatch)\s+run\s+(?!-)/;

export interface StartInput {
  ctx: LocateContext;
  project: PythonProject;
  framework: PyFrameworkMatch | null;
}

type Strategy = (input: StartInput) => StartResult | null;

/** Start strategies, most explicit first; the first that finds a command wins. */
export const START_STRATEGIES: readonly { source: StartSource; run: Strategy }[] = [
  { source: 'procfile', run: fromProcfile },
  { source: 'script', run: fromCommandScript },
  { source: 'framework', run: fromFramework },
  { source: 'console-script', run: fromConsoleScript },
  { source: 'entry-script', run: fromEntryScript },
];

/** The direct process command that starts the service, with where it came from. */
export function detectStart(input: StartInput): StartResult {
  const notes: Diagnostic[] = [];
  for (const s of START_STRATEGIES) {
    const r = s.run(input);
    if (!r) continue;
    if (r.value === null) {
      notes.push(...r.diagnostics);
      continue;
    }
    return {
      ...r,
      diagnostics: [...notes, ...r.diagnostics],
      evidence: [...r.evidence, ...releaseEvidence(input)],
    };
  }
  return {
    value: null,
    source: null,
    evidence: [],
    runsFile: null,
    processType: null,
    commandPort: null,
    needsProjectInstall: false,
    diagnostics: notes,
  };
}

function empty(source: StartSource): Omit<StartResult, 'value' | 'evidence'> {
  return {
    source,
    runsFile: null,
    processType: null,
    commandPort: null,
    needsProjectInstall: false,
    diagnostics: [],
  };
}

/** `poetry run gunicorn app:app` → `gunicorn app:app`: the container runs the environment's programs directly. */
export function unwrapRunner(command: string): { command: string; wrapper: string | null } {
  const m = RUN_WRAPPERS.exec(command.trim());
  if (!m) return { command: command.trim(), wrapper: null };
  return { command: command.trim().slice(m[0].length), wrapper: m[0].trim() };
}

/** The program a command runs: `FOO=1 python -m gunicorn x` → `gunicorn`; `./venv/bin/uvicorn` → `uvicorn`. */
export function programOf(command: string): string | null {
  const tokens = command
    .trim()
    .split(/\s+/)
    .filter((t) => !/^[A-Za-z_]\w*=/.test(t));
  let prog = tokens[0];
  if (!prog) return null;
  prog = prog.split('/').at(-1) as string;
  if (/^python[\d.]*$/.test(prog) && tokens[1] === '-m' && tokens[2]) return tokens[2];
  return prog;
}

/** The port a user-written command binds: its flags, else the program's default (weak). */
export function portOfCommand(command: string, file: string, line: number | undefined): PortFact | null {
  const explicit = portFromCommand(command);
  if (explicit !== null) {
    return {
      port: explicit,
      evidence: {
        file,
        ...(line ? { line } : {}),
        reason: `the start command binds port ${explicit}`,
        confidence: 'explicit',
      },
    };
  }
  const prog = programOf(command);
  const runserver = /\bmanage\.py\s+runserver\b/.test(command) ? 8000 : undefined;
  const port = runserver ?? (prog ? PROGRAM_DEFAULT_PORTS[prog] : undefined);
  if (port === undefined) return null;
  return {
    port,
    evidence: {
      file,
      ...(line ? { line } : {}),
      reason: `${runserver ? 'manage.py runserver' : prog} listens on ${port} when the command does not say (PORT may override it)`,
      confidence: 'weak',
    },
  };
}

/** The Python file a command runs directly (`python app.py`, `python -u src/bot.py`). */
function scriptOf(command: string): string | null {
  const m = /(?:^|\s)python[\d.]*(?:\s+-[A-Za-z]+)*\s+([\w./-]+\.py)\b/.exec(command);
  return m ? (m[1] as string).replace(/^\.\//, '') : null;
}

function fromProcfile({ ctx }: StartInput): StartResult | null {
  const proc = readProcfile(ctx.fs, ctx.dir);
  if (!proc) return null;
  const entry =
    proc.entries.find((e) => e.type === 'web') ?? proc.entries.find((e) => !ONE_OFF_TYPES.has(e.type));
  if (!entry) return { value: null, evidence: [], ...empty('procfile'), diagnostics: proc.diagnostics };
  const { command, wrapper } = unwrapRunner(entry.command);
  const evidence: Evidence[] = [
    {
      file: proc.file,
      line: entry.line,
      reason: `Procfile ${entry.type} process${wrapper ? ` (without the "${wrapper}" wrapper: the image runs the environment's programs directly)` : ''}`,
      confidence: 'explicit',
    },
  ];
  const diagnostics = [...proc.diagnostics];
  if (programOf(command) === 'gunicorn' && !/(?:^|\s)(?:--bind|-b)[\s=]/.test(command)) {
    diagnostics.push({
      severity: 'info',
      file: proc.file,
      line: entry.line,
      message: 'gunicorn without --bind listens on 127.0.0.1:8000 unless PORT is set',
      fix: 'add --bind 0.0.0.0:${PORT:-8000}, or make sure the platform sets PORT',
    });
  }
  return {
    value: command,
    evidence,
    ...empty('procfile'),
    processType: entry.type,
    runsFile: scriptOf(command),
    commandPort: portOfCommand(command, proc.file, entry.line),
    diagnostics,
  };
}

function fromCommandScript({ project }: StartInput): StartResult | null {
  for (const name of START_SCRIPT_NAMES) {
    const script = project.commandScripts.find((s) => s.name === name);
    if (!script) continue;
    const { command } = unwrapRunner(script.target);
    return {
      value: command,
      evidence: [
        {
          file: script.file,
          ...(script.line ? { line: script.line } : {}),
          reason: `the "${name}" script runs it`,
          confidence: 'explicit',
        },
      ],
      ...empty('script'),
      runsFile: scriptOf(command),
      commandPort: portOfCommand(command, script.file, script.line),
    };
  }
  return null;
}

/** `module:attr`, quoted when it calls a factory (the shell must not see the parentheses). */
function serverTarget(loc: AppLocation, server: AppServerEntry): { target: string; command: string } | null {
  let template = server.command;
  let target = `${loc.module}:${loc.attr}`;
  if (loc.factory) {
    if (server.factoryCommand) template = server.factoryCommand;
    else if (server.callTarget) target = `'${loc.module}:${loc.attr}()'`;
    else return null;
  }
  return { target, command: template };
}

function fromFramework({ ctx, project, framework }: StartInput): StartResult | null {
  if (!framework) return null;
  const fw = framework.entry;
  const loc = LOCATORS[fw.locator](fw, ctx);
  const diagnostics: Diagnostic[] = [];
  const serverIfaces = (loc?.asgiOnly ? ['asgi'] : fw.interfaces).filter(
    (i): i is 'wsgi' | 'asgi' => i !== 'self',
  );

  if (loc && serverIfaces.length > 0) {
    for (const iface of serverIfaces) {
      const target = iface === 'asgi' && fw.id === 'django' && !loc.asgiOnly ? asgiSibling(loc) : loc;
      if (!target) continue;
      for (const { server, evidence } of availableServers(project, iface)) {
        const t = serverTarget(target, server);
        if (!t) continue;
        let cmd = t.command.replace('{interface}', iface);
        let targetText = t.target;
        // src/ layout without src/__init__.py: import from src/ (--chdir src) rather than as a package.
        if (target.module.startsWith('src.') && !ctx.hasFile('src/__init__.py') && server.dirFlag) {
          targetText = targetText.replace(/^('?)src\./, '$1');
          cmd = cmd.replace(server.id, `${server.id} ${server.dirFlag} src`);
        }
        cmd = cmd.replace('{target}', targetText);
        return {
          value: cmd,
          evidence: [
            { ...target.evidence },
            { ...evidence, reason: `${evidence.reason}: it serves the ${fw.id} ${iface.toUpperCase()} app` },
          ],
          ...empty('framework'),
          commandPort: {
            port: server.defaultPort,
            evidence: {
              ...evidence,
              reason: `the ${server.id} command binds 0.0.0.0:${server.defaultPort} (PORT overrides it)`,
              confidence: 'strong',
            },
          },
          diagnostics,
        };
      }
    }
    diagnostics.push({
      severity: 'warning',
      file: framework.evidence[0]?.file ?? joinRel(ctx.dir, '.'),
      message: `${fw.id} app without a production ${serverIfaces.map((i) => i.toUpperCase()).join('/')} server in its dependencies`,
      fix: `add ${serverIfaces[0] === 'wsgi' ? 'gunicorn' : 'uvicorn'} to the dependencies; the development server is not meant for production`,
    });
  }

  // Its own runner: self-run frameworks, or the development server when no app server is installed.
  if (fw.locator === 'django-project') {
    if (!ctx.hasFile('manage.py')) {
      // With a wsgi.py the missing server was reported above; without one there is nothing to start.
      const nothing: Diagnostic = {
        severity: 'warning',
        file: framework.evidence[0]?.file ?? ctx.dir,
        message: 'depends on django, but there is no manage.py or wsgi.py to start',
        fix: 'add the project created by django-admin startproject, or a Procfile web process',
      };
      return { value: null, evidence: [], ...empty('framework'), diagnostics: loc ? diagnostics : [nothing] };
    }
    return {
      value: fw.runner,
      evidence: [
        {
          file: joinRel(ctx.dir, 'manage.py'),
          reason: 'manage.py runserver (the development server)',
          confidence: 'weak',
        },
      ],
      ...empty('framework'),
      commandPort: {
        port: 8000,
        evidence: {
          file: joinRel(ctx.dir, 'manage.py'),
          reason: 'the runserver command binds 0.0.0.0:8000 (PORT overrides it)',
          confidence: 'strong',
        },
      },
      diagnostics,
    };
  }
  if (!loc) return null;
  const cmd = fw.runner
    .replace('{file}', loc.file)
    .replace('{module}', loc.module)
    .replace('{attr}', loc.attr);
  const runsFile = /^python\s/.test(cmd) ? loc.file : null;
  const explicitPort = portFromCommand(cmd);
  return {
    value: cmd,
    evidence: [
      { ...loc.evidence },
      ...framework.evidence.map((e) => ({
        ...e,
        reason: `${e.reason}: ${fw.id} ${runsFile ? 'runs as a script' : 'has its own runner'}`,
      })),
    ],
    ...empty('framework'),
    runsFile,
    commandPort:
      explicitPort !== null
        ? {
            port: explicitPort,
            evidence: {
              ...(framework.evidence[0] as Evidence),
              reason: `the ${fw.id} command binds 0.0.0.0:${explicitPort} (PORT overrides it)`,
              confidence: 'strong',
            },
          }
        : null,
    diagnostics,
  };
}

/** Django's asgi.py beside the wsgi.py that was found. */
function asgiSibling(loc: AppLocation): AppLocation | null {
  if (!loc.module.endsWith('.wsgi')) return null;
  return {
    ...loc,
    file: loc.file.replace(/wsgi\.py$/, 'asgi.py'),
    module: loc.module.replace(/\.wsgi$/, '.asgi'),
    evidence: { ...loc.evidence, reason: `${loc.evidence.reason}; asgi.py is its ASGI twin` },
  };
}

function fromConsoleScript({ project }: StartInput): StartResult | null {
  const scripts = project.entryPoints;
  if (scripts.length === 0) return null;
  const own = project.name ? normalizeName(project.name) : null;
  const pick =
    scripts.find((s) => own !== null && normalizeName(s.name) === own) ??
    CONSOLE_SCRIPT_NAMES.map((n) => scripts.find((s) => s.name === n)).find((s) => s !== undefined) ??
    (scripts.length === 1 ? scripts[0] : undefined);
  if (!pick) return null;
  return {
    value: pick.name,
    evidence: [
      {
        file: pick.file,
        ...(pick.line ? { line: pick.line } : {}),
        reason: `console script ${pick.name} → ${pick.target}${scripts.length > 1 ? ` (of ${scripts.length} scripts)` : ''}`,
        confidence: scripts.length === 1 || pick.name === project.name ? 'strong' : 'weak',
      },
    ],
    ...empty('console-script'),
    needsProjectInstall: true,
  };
}

function fromEntryScript({ ctx }: StartInput): StartResult | null {
  const entry = locateEntryScript(ctx);
  if (!entry) return null;
  return {
    value: entry.command,
    evidence: [entry.evidence],
    ...empty('entry-script'),
    runsFile: entry.command.startsWith('python -m') ? null : entry.file,
    needsProjectInstall: entry.command.startsWith('python -m') && entry.file.startsWith('src/'),
  };
}

/** Django migrations belong in a release step; a Procfile release process says how. */
function releaseEvidence({ ctx, framework }: StartInput): Evidence[] {
  const out: Evidence[] = [];
  const proc = readProcfile(ctx.fs, ctx.dir);
  const release = proc?.entries.find((e) => e.type === 'release');
  if (proc && release) {
    out.push({
      file: proc.file,
      line: release.line,
      reason: `run "${release.command}" as a release step before starting`,
      confidence: 'explicit',
    });
  } else if (framework?.entry.id === 'django' && ctx.hasFile('manage.py')) {
    out.push({
      file: joinRel(ctx.dir, 'manage.py'),
      reason: 'run "python manage.py migrate" as a release step before starting (Django migrations)',
      confidence: 'weak',
    });
  }
  return out;
}
