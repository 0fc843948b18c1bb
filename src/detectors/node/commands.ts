import type { Diagnostic } from '../../model/diagnostic.js';
import type { Confidence, Evidence } from '../../model/evidence.js';
import { keyLine } from '../shared/json-manifest.js';
import type { ProcfileEntry } from '../shared/procfile.js';
import type { FrameworkMatch } from './frameworks.js';
import type { PackageManagerId } from './package-manager.js';
import type { ParsedPackage } from './parse-package-json.js';

export interface CommandResult {
  value: string | null;
  evidence: Evidence[];
}

export interface StartResult extends CommandResult {
  /** Environment assignments removed from the script (`NODE_ENV=production node x.js`). */
  env: Record<string, string>;
  /** The file the start command runs, relative to the package (`dist/server.js`), when plain. */
  entry: string | null;
  /** The Procfile process type the command came from (`web`, `worker`), when it came from one. */
  procfileType?: string;
  /** Problems with what the start command runs (a `main` that names a missing file). */
  diagnostics?: Diagnostic[];
}

/** `npm run build`, `pnpm run build`, `yarn build`, `bun run build`. */
export function runScript(manager: PackageManagerId, script: string): string {
  switch (manager) {
    case 'npm':
      return `npm run ${script}`;
    case 'pnpm':
      return `pnpm run ${script}`;
    case 'yarn':
      return `yarn ${script}`;
    case 'bun':
      return `bun run ${script}`;
  }
}

/** Extra build inputs: a workspace-filtered build command, a Prisma client to generate. */
export interface BuildOptions {
  /** Replaces `<manager> run build` (a workspace member is built from the root, filtered to it). */
  runBuild?: { command: string; evidence: Evidence } | null;
  /** A `prisma generate` step to run before the build. */
  prisma?: { command: string; evidence: Evidence } | null;
}

/**
 * The build command: `prisma generate` when the package uses Prisma, then the `build` script through
 * the manager (or the workspace runner); null (with the reason) when there is neither.
 */
export function detectBuild(
  target: ParsedPackage,
  manager: PackageManagerId,
  tsconfig: string | null,
  opts: BuildOptions = {},
): CommandResult {
  const script = target.pkg.scripts.build;
  const steps: string[] = [];
  const evidence: Evidence[] = [];
  if (opts.prisma) {
    steps.push(opts.prisma.command);
    evidence.push(opts.prisma.evidence);
  }
  if (script !== undefined && script.trim() !== '') {
    steps.push(opts.runBuild?.command ?? runScript(manager, 'build'));
    evidence.unshift({
      file: target.file,
      line: keyLine(target.text, 'build', 'scripts'),
      reason: `scripts.build is "${script}"`,
      confidence: 'explicit',
    });
    if (opts.runBuild) evidence.push(opts.runBuild.evidence);
  }
  if (steps.length > 0) return { value: steps.join(' && '), evidence };
  if (tsconfig) {
    return {
      value: null,
      evidence: [
        {
          file: tsconfig,
          reason: 'TypeScript project without a build script: nothing compiles it; add "build": "tsc"',
          confidence: 'weak',
        },
      ],
    };
  }
  return {
    value: null,
    evidence: [
      { file: target.file, reason: 'no build script; the sources run as they are', confidence: 'weak' },
    ],
  };
}

/** Dev-time runners: they work, but compile or watch at runtime, so the start command is weak. */
const DEV_RUNNERS: Readonly<Record<string, string>> = {
  'ts-node': 'compiles TypeScript at runtime; prefer compiling in the build step and running node',
  'ts-node-dev': 'a development watcher; prefer compiling and running node',
  tsx: 'compiles TypeScript at runtime; prefer compiling in the build step and running node',
  nodemon: 'a development watcher; prefer running node directly',
  'babel-node': 'compiles at runtime; prefer compiling in the build step and running node',
  vite: 'the Vite dev server; not for production',
};

/** Binaries that start a production server from node_modules/.bin. */
const SERVER_BINS = new Set([
  'next',
  'nuxt',
  'remix-serve',
  'react-router-serve',
  'pm2-runtime',
  'fastify',
  'serve',
]);

const SHELL_OPERATOR = /&&|\|\||[;|&<>`]|\$\(/;

/** One script resolved to the command a container runs directly (no package manager). */
export interface Resolution {
  command: string;
  confidence: Confidence;
  reason: string;
  /** The command runs without the package manager. */
  direct: boolean;
  env: Record<string, string>;
  entry: string | null;
  /** Scripts followed, e.g. `start → serve`. */
  via: string[];
}

/**
 * Resolves `scripts[name]` into a direct process command: env prefixes are removed, `npm run x`
 * is followed (a few levels), binaries from dependencies become `node_modules/.bin/<bin>`.
 * Anything with shell operators (`&&`, `;`, pipes) falls back to the manager running the script.
 */
export interface ResolveOptions {
  /**
   * Folder of dependency binaries, relative to where the command runs; `node_modules/.bin/` unless
   * a workspace hoists dependencies to its root (`../../node_modules/.bin/`).
   */
  binDir?: string;
}

export function resolveScript(
  name: string,
  scripts: Readonly<Record<string, string>>,
  manager: PackageManagerId,
  via: string[] = [],
  opts: ResolveOptions = {},
): Resolution {
  const binDir = opts.binDir ?? 'node_modules/.bin/';
  const fallback = (reason: string): Resolution => ({
    command: runScript(manager, via[0] ?? name),
    confidence: 'weak',
    reason,
    direct: false,
    env: {},
    entry: null,
    via: [...via, name],
  });
  const line = scripts[name];
  if (line === undefined) return fallback(`scripts.${name} does not exist`);
  const chain = [...via, name];
  if (via.length >= 4 || via.includes(name))
    return fallback(`scripts call each other too deeply (${chain.join(' → ')})`);
  if (SHELL_OPERATOR.test(stripQuoted(line))) {
    return fallback(`scripts.${name} "${line}" uses shell operators, so it runs through ${manager}`);
  }
  const tokens = tokenize(line);
  const env: Record<string, string> = {};
  while (tokens.length > 0) {
    const t = tokens[0] as string;
    if (t === 'cross-env' || t === 'env' || t === 'exec' || t === 'npx' || t === '--') tokens.shift();
    else if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(t)) {
      const eq = t.indexOf('=');
      env[t.slice(0, eq)] = unquoteToken(t.slice(eq + 1));
      tokens.shift();
    } else break;
  }
  const envNote =
    Object.keys(env).length > 0
      ? `; removed ${Object.entries(env)
          .map(([k, v]) => `${k}=${v}`)
          .join(' ')} (set it in the container environment)`
      : '';
  const bin = tokens[0];
  if (bin === undefined) return fallback(`scripts.${name} has no command`);
  const args = tokens.slice(1);
  const done = (
    command: string,
    confidence: Confidence,
    reason: string,
    entry: string | null = null,
  ): Resolution => ({
    command,
    confidence,
    reason: `${reason}${envNote}`,
    direct: true,
    env,
    entry,
    via: chain,
  });
  const chainNote = chain.length > 1 ? ` (via ${chain.join(' → ')})` : '';

  // npm run x, npm start, yarn x, pnpm x, bun run x → follow the script.
  const inner = innerScript(bin, args);
  if (inner) {
    if (inner.rest.length === 0 && scripts[inner.script] !== undefined) {
      const r = resolveScript(inner.script, scripts, manager, chain, opts);
      return { ...r, env: { ...env, ...r.env }, reason: r.reason + envNote };
    }
    return fallback(`scripts.${name} runs "${line}", which cannot be followed`);
  }
  if (bin === 'node') {
    const watch = args.some((a) => a === '--watch' || a.startsWith('--watch='));
    const entry = args.find((a) => !a.startsWith('-')) ?? null;
    return done(
      ['node', ...args].join(' '),
      watch ? 'weak' : 'strong',
      watch
        ? `scripts.${name} runs node --watch (a dev mode)${chainNote}`
        : `scripts.${name} runs node directly${chainNote}`,
      entry ? unquoteToken(entry) : null,
    );
  }
  if (bin === 'bun' || bin === 'bunx' || bin === 'deno') {
    return done([bin, ...args].join(' '), 'strong', `scripts.${name} runs ${bin} directly${chainNote}`);
  }
  if (bin.startsWith('./') || bin.startsWith('/') || bin.endsWith('.sh') || bin === 'sh' || bin === 'bash') {
    return done([bin, ...args].join(' '), 'weak', `scripts.${name} runs a shell script${chainNote}`);
  }
  const command = [`${binDir}${bin}`, ...args].join(' ');
  const dev = DEV_RUNNERS[bin];
  if (dev) return done(command, 'weak', `scripts.${name} runs ${bin}: ${dev}${chainNote}`);
  if (args.includes('--watch') || args[0] === 'dev') {
    return done(command, 'weak', `scripts.${name} runs ${bin} in watch/dev mode${chainNote}`);
  }
  if (SERVER_BINS.has(bin))
    return done(command, 'strong', `scripts.${name} runs ${bin} from its dependency${chainNote}`);
  return done(
    command,
    'weak',
    `scripts.${name} runs ${bin}, assumed to come from node_modules/.bin${chainNote}`,
  );
}

/** Production start scripts are preferred over `start` when they run node directly (Nest's convention). */
const PRODUCTION_START_SCRIPTS = ['start:prod', 'start:production'] as const;

/** Where else a start command can come from, beside package.json scripts. */
export interface StartOptions {
  /** The Procfile beside package.json, if any: its `web` (else only) process is the start. */
  procfile?: { file: string; entries: readonly ProcfileEntry[] } | null;
  /** Dependency binaries folder for {@link resolveScript}. */
  binDir?: string;
  /** Files that exist in the package folder (relative to it). */
  hasFile?: (rel: string) => boolean;
}

/**
 * The command that starts the service, first that applies: the Procfile's `web` process (explicit);
 * the framework's own server when its mode replaces the start script (Next standalone); the
 * (production) start script resolved to a direct command; the framework's server command; Bun
 * running `module`/`main`; `node <main>` (index.js when main names a missing file); `node server.js`.
 */
export function detectStart(
  target: ParsedPackage,
  manager: PackageManagerId,
  framework: FrameworkMatch | null,
  hasFile: (relToPackage: string) => boolean,
  opts: StartOptions = {},
): StartResult {
  const { pkg, file, text } = target;
  const resolveOpts: ResolveOptions = opts.binDir ? { binDir: opts.binDir } : {};
  const evidenceFor = (r: Resolution): Evidence => ({
    file,
    line: keyLine(text, r.via[0] ?? 'start', 'scripts'),
    reason: r.reason,
    confidence: r.confidence,
  });

  const proc = opts.procfile ? procfileStart(opts.procfile, pkg.scripts, manager, resolveOpts) : null;
  if (proc) return proc;

  const profile = framework?.profile ?? null;
  const frameworkStart = (note: string | null): StartResult | null => {
    if (!framework || !profile?.start) return null;
    const modeEv = profile.modeEvidence[0];
    const ev: Evidence = modeEv
      ? { ...modeEv, confidence: profile.weakStart ? 'weak' : modeEv.confidence, reason: modeEv.reason }
      : {
          file,
          line: keyLine(text, framework.dependency, framework.section),
          reason: `${framework.entry.id} starts with "${profile.start}"`,
          confidence: profile.weakStart ? 'weak' : 'strong',
        };
    if (note) ev.reason = `${note}; ${ev.reason}`;
    return { value: profile.start, evidence: [ev], env: {}, entry: entryOf(profile.start) };
  };

  for (const name of PRODUCTION_START_SCRIPTS) {
    if (pkg.scripts[name] === undefined) continue;
    const r = resolveScript(name, pkg.scripts, manager, [], resolveOpts);
    if (r.direct && r.confidence !== 'weak') {
      return { value: r.command, evidence: [evidenceFor(r)], env: r.env, entry: r.entry };
    }
  }
  if (pkg.scripts.start !== undefined) {
    const r = resolveScript('start', pkg.scripts, manager, [], resolveOpts);
    const replaces = profile?.replacesStartScript;
    // Compare in the default bin folder's terms, whatever folder this package's binaries are in.
    const asDefault = resolveOpts.binDir
      ? r.command.replace(resolveOpts.binDir, 'node_modules/.bin/')
      : r.command;
    if (replaces && profile?.start && replaces.test(asDefault)) {
      const fw = frameworkStart(`scripts.start runs "${pkg.scripts.start}", which does not serve this build`);
      if (fw) return { ...fw, evidence: [...fw.evidence, { ...evidenceFor(r), confidence: 'weak' }] };
    }
    return { value: r.command, evidence: [evidenceFor(r)], env: r.env, entry: r.entry };
  }
  const fw = frameworkStart('no start script');
  if (fw) return fw;

  if (manager === 'bun') {
    for (const field of ['module', 'main'] as const) {
      const entry = pkg[field];
      if (!entry || !hasFile(entry.replace(/^\.\//, ''))) continue;
      return {
        value: `bun ${entry}`,
        evidence: [
          {
            file,
            line: keyLine(text, field),
            reason: `no start script; Bun runs the ${field} entry "${entry}" (the layout bun init writes)`,
            confidence: 'strong',
          },
        ],
        env: {},
        entry,
      };
    }
  }
  if (pkg.main) {
    const main = pkg.main.replace(/^\.\//, '');
    const exists = hasFile(main) || hasFile(`${main}.js`) || hasFile(`${main}/index.js`);
    const built = pkg.scripts.build !== undefined;
    if (!exists && !built && hasFile('index.js')) {
      return {
        value: 'node index.js',
        evidence: [
          {
            file,
            line: keyLine(text, 'main'),
            reason: `no start script; main is "${pkg.main}", which does not exist (and no build makes it), so index.js runs`,
            confidence: 'weak',
          },
        ],
        env: {},
        entry: 'index.js',
      };
    }
    return {
      value: `node ${pkg.main}`,
      evidence: [
        {
          file,
          line: keyLine(text, 'main'),
          reason: `no start script; main is "${pkg.main}"${exists || built ? '' : ' (the file does not exist yet)'}`,
          confidence: exists || built ? 'strong' : 'weak',
        },
      ],
      env: {},
      entry: pkg.main,
      ...(exists || built
        ? {}
        : {
            diagnostics: [
              {
                severity: 'warning' as const,
                file,
                line: keyLine(text, 'main'),
                message: `main is "${pkg.main}", but that file does not exist and no build script makes it`,
                fix: 'point main at the entry file, or add a start script (e.g. "start": "node server.js")',
              },
            ],
          }),
    };
  }
  if (hasFile('server.js')) {
    return {
      value: 'node server.js',
      evidence: [
        { file, reason: 'no start script; npm start runs node server.js by default', confidence: 'strong' },
      ],
      env: {},
      entry: 'server.js',
    };
  }
  return { value: null, evidence: [], env: {}, entry: null };
}

/**
 * The Procfile's `web` process (else its only process) as the start command, explicit. A command
 * that runs a package script (`npm start`) is followed into the script; others are kept as written.
 */
function procfileStart(
  procfile: { file: string; entries: readonly ProcfileEntry[] },
  scripts: Readonly<Record<string, string>>,
  manager: PackageManagerId,
  opts: ResolveOptions,
): StartResult | null {
  const runnable = procfile.entries.filter((e) => e.type !== 'release');
  const chosen = runnable.find((e) => e.type === 'web') ?? (runnable.length === 1 ? runnable[0] : undefined);
  if (!chosen) return null;
  const tokens = tokenize(chosen.command);
  const inner = tokens[0] ? innerScript(tokens[0], tokens.slice(1)) : null;
  let command = chosen.command;
  let entry: string | null = null;
  let env: Record<string, string> = {};
  let note = '';
  if (inner && inner.rest.length === 0 && scripts[inner.script] !== undefined) {
    const r = resolveScript(inner.script, scripts, manager, [], opts);
    if (r.direct) {
      command = r.command;
      entry = r.entry;
      env = r.env;
      note = ` (it runs scripts.${inner.script}: ${r.reason})`;
    }
  } else if (tokens[0] === 'node') {
    entry = tokens.slice(1).find((a) => !a.startsWith('-')) ?? null;
  }
  return {
    value: command,
    evidence: [
      {
        file: procfile.file,
        line: chosen.line,
        reason: `Procfile ${chosen.type}: ${chosen.command}${note}`,
        confidence: 'explicit',
      },
    ],
    env,
    entry,
    procfileType: chosen.type,
  };
}

/** The script a plain `node <file>` command runs, else null. */
function entryOf(command: string): string | null {
  const t = tokenize(command);
  return t[0] === 'node' ? (t.slice(1).find((a) => !a.startsWith('-')) ?? null) : null;
}

function innerScript(bin: string, args: string[]): { script: string; rest: string[] } | null {
  const [a0, a1, ...rest] = args;
  if (bin === 'npm' || bin === 'pnpm' || bin === 'bun') {
    if (a0 === 'start') return { script: 'start', rest: a1 === undefined ? [] : [a1, ...rest] };
    if ((a0 === 'run' || a0 === 'run-script') && a1 !== undefined) return { script: a1, rest };
    if (bin === 'pnpm' && a0 !== undefined && !a0.startsWith('-')) return { script: a0, rest: args.slice(1) };
    return null;
  }
  if (bin === 'yarn') {
    if (a0 === 'run' && a1 !== undefined) return { script: a1, rest };
    if (a0 !== undefined && !a0.startsWith('-')) return { script: a0, rest: args.slice(1) };
  }
  return null;
}

/** Splits a command line on whitespace, keeping quoted parts (with their quotes) together. */
export function tokenize(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote: string | null = null;
  for (const ch of line.trim()) {
    if (quote) {
      cur += ch;
      if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      cur += ch;
    } else if (/\s/.test(ch)) {
      if (cur) out.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (cur) out.push(cur);
  return out;
}

function unquoteToken(t: string): string {
  return t.replace(/^(['"])(.*)\1$/s, '$2');
}

function stripQuoted(line: string): string {
  return line.replace(/"[^"]*"|'[^']*'/g, '""');
}
