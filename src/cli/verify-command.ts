import path from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { ShipreadyError } from '../errors.js';
import { type Assessment, assess, choose } from '../pipeline.js';
import type { DiskRepoFs } from '../repo/repo-fs.js';
import {
  CleanupRegistry,
  ENGINES,
  type EngineName,
  type EngineRunner,
  findOnPath,
  isSkippedTarget,
  planTargets,
  renderVerifyJson,
  renderVerifyText,
  resolveEngine,
  spawnEngineRunner,
  summarize,
  VerifyInterrupted,
  type VerifyReport,
  verifyTargets,
} from '../verify/index.js';
import type { CliIo, Colors } from './io.js';

export type StopSignal = 'SIGINT' | 'SIGTERM';

/** What `verify` touches outside the process, injectable so tests use a fake engine. */
export interface VerifyHooks {
  /** Makes the runner for the chosen engine. @default spawns `bin` with the CLI's environment */
  runnerFor?: (engine: EngineName, bin: string) => EngineRunner;
  /** Path of an executable, or `null`. @default a search of `PATH` */
  which?: (name: string) => string | null;
  /**
   * Calls `handler` on SIGINT/SIGTERM while verify runs; returns the function that uninstalls it.
   * @default process signal handlers; a second signal exits at once
   */
  onSignal?: (handler: (signal: StopSignal) => void) => () => void;
  runId?: string;
  pollMs?: number;
  workerSettleMs?: number;
}

interface VerifyFlags {
  engine?: EngineName;
  service: string[];
  json?: boolean;
  timeout: number;
  buildFlag: string[];
  runFlag: string[];
  backing: boolean;
  keep?: boolean;
  config?: string;
}

export interface VerifyCommandContext {
  io: CliIo;
  c: Colors;
  hooks: VerifyHooks;
  setExit: (code: number) => void;
  /** Shared with scan/init: error-level diagnostics stop the command (exit 2). */
  stopOnErrors: (a: Assessment) => boolean;
  noServicesMessage: (dir: string) => string;
}

const SIGNAL_EXIT: Record<StopSignal, number> = { SIGINT: 130, SIGTERM: 143 };

const collect = (value: string, previous: string[]): string[] => [...previous, value];

function parseSeconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a number of seconds above 0');
  return n;
}

/** Process signal handlers; a second signal while cleanup runs exits without waiting. */
function processSignals(handler: (signal: StopSignal) => void): () => void {
  let seen = 0;
  const on = (signal: StopSignal) => () => {
    seen++;
    if (seen > 1) process.exit(SIGNAL_EXIT[signal]);
    handler(signal);
  };
  const int = on('SIGINT');
  const term = on('SIGTERM');
  process.on('SIGINT', int);
  process.on('SIGTERM', term);
  return () => {
    process.off('SIGINT', int);
    process.off('SIGTERM', term);
  };
}

export function registerVerify(program: Command, ctx: VerifyCommandContext): void {
  program
    .command('verify')
    .description(
      'build each service image, run it locked down and check it becomes healthy (needs podman or docker)',
    )
    .argument('[dir]', 'repository folder', '.')
    .addOption(
      new Option(
        '--engine <engine>',
        'container engine (default: container from the config file, else podman if installed, else docker)',
      ).choices(ENGINES),
    )
    .option(
      '--service <name>',
      'verify only this service (repeatable; default: every service with a Dockerfile)',
      collect,
      [],
    )
    .option('--json', 'print the results as JSON')
    .option(
      '--timeout <seconds>',
      'per service, how long to wait for it to become healthy',
      parseSeconds,
      120,
    )
    .option(
      '--build-flag <flag>',
      'passed verbatim to `<engine> build` (repeatable), e.g. --build-flag=--network=host',
      collect,
      [],
    )
    .option('--run-flag <flag>', 'passed verbatim to every `<engine> run` (repeatable)', collect, [])
    .option('--no-backing', 'do not start the databases, caches and queues the services use')
    .option('--keep', 'keep the built images (containers and networks are always removed)')
    .option('--config <file>', 'config file to use instead of <dir>/shipready.config.yaml')
    .addHelpText(
      'after',
      `
Each image runs with --read-only --tmpfs /tmp --cap-drop ALL --security-opt no-new-privileges, its
port published on 127.0.0.1 only; it passes when its health endpoint answers 2xx (a TCP connect
when it has none; a worker must keep running). An image healthy only without --read-only passes
with "read-only fs: no". Everything verify creates is removed, also on Ctrl-C.

Exit codes: 0 every built service passed, 1 one failed (or cleanup failed), 2 usage error or no
engine installed, 130/143 interrupted by SIGINT/SIGTERM (after cleanup).`,
    )
    .action(async (dir: string, o: VerifyFlags) => {
      ctx.setExit(await runVerify(dir, o, ctx));
    });
}

async function runVerify(dir: string, o: VerifyFlags, ctx: VerifyCommandContext): Promise<number> {
  const { io, c, hooks } = ctx;
  const a = assess(path.resolve(io.cwd, dir), o.config ? { configPath: path.resolve(io.cwd, o.config) } : {});
  if (ctx.stopOnErrors(a)) return 2;
  if (a.model.services.length === 0) throw new ShipreadyError(ctx.noServicesMessage(dir));
  const root = (a.fs as DiskRepoFs).root;
  // The Dockerfile names follow the choices init resolved (config > detected > default).
  const targets = planTargets(root, a.model, choose(a).choices, o.service);
  if (targets.every(isSkippedTarget)) {
    const why = targets.map((t) => (isSkippedTarget(t) ? `${t.name}: ${t.skipped}` : '')).join('; ');
    throw new ShipreadyError(`no service has a Dockerfile to verify (${why})`, {
      fix: 'verify builds the images `shipready init` generates',
    });
  }
  const which = hooks.which ?? ((name: string) => findOnPath(name, io.env.PATH));
  const { engine, bin } = resolveEngine({ flag: o.engine, configured: a.config.container, which });
  const runner = hooks.runnerFor ? hooks.runnerFor(engine, bin) : spawnEngineRunner(engine, bin, io.env);

  const cleanup = new CleanupRegistry();
  const controller = new AbortController();
  let stoppedBy: StopSignal | null = null;
  const uninstall = (hooks.onSignal ?? processSignals)((signal) => {
    if (stoppedBy) return;
    stoppedBy = signal;
    io.stderr(`${c.yellow(`${signal}: stopping; removing what verify created…`)}\n`);
    controller.abort(new VerifyInterrupted(signal));
    void cleanup.runAll();
  });
  let report: VerifyReport | null = null;
  try {
    report = await verifyTargets(
      targets,
      {
        root,
        timeoutSeconds: o.timeout,
        buildFlags: o.buildFlag,
        runFlags: o.runFlag,
        backing: o.backing,
        keep: o.keep === true,
      },
      {
        runner,
        cleanup,
        log: (line) => io.stderr(`${c.dim(line)}\n`),
        signal: controller.signal,
        ...(hooks.runId !== undefined ? { runId: hooks.runId } : {}),
        ...(hooks.pollMs !== undefined ? { pollMs: hooks.pollMs } : {}),
        ...(hooks.workerSettleMs !== undefined ? { workerSettleMs: hooks.workerSettleMs } : {}),
      },
    );
  } catch (e) {
    if (!(e instanceof VerifyInterrupted) || stoppedBy === null) throw e;
  } finally {
    await cleanup.runAll();
    uninstall();
  }

  const leftovers = cleanup.failures();
  for (const f of leftovers) {
    io.stderr(
      `${c.red('shipready:')} could not remove ${f.label}: ${f.error ?? 'unknown error'} — remove it by hand\n`,
    );
  }
  if (stoppedBy !== null || report === null) {
    io.stderr(
      leftovers.length === 0 ? 'Interrupted; everything verify created was removed.\n' : 'Interrupted.\n',
    );
    return SIGNAL_EXIT[stoppedBy ?? 'SIGINT'];
  }
  io.stdout(o.json ? renderVerifyJson(report) : renderVerifyText(report, c));
  const { failed } = summarize(report);
  return failed > 0 || leftovers.length > 0 ? 1 : 0;
}
