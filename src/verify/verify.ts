import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { isRootUser } from '../audit/rules/dockerfile/no-root-user.js';
import { type BackingPlan, backingFor } from './backing.js';
import type { CleanupRegistry, CleanupStep } from './cleanup.js';
import type { EngineName, EngineResult, EngineRunner } from './engine.js';
import { type ProbeResult, probeHttp, probeTcp, sleep } from './probe.js';
import { isSkippedTarget, type PlannedTarget, type VerifyTarget } from './targets.js';

/** Label on everything verify creates, valued with the run id, so leftovers can be found. */
export const VERIFY_LABEL = 'io.shipready.verify';
/** How many lines of container or build output a failure carries. */
export const LOG_LINES = 20;

export type ServiceStatus = 'passed' | 'failed' | 'skipped';

/** One row of the report (`--json` prints these as they are). */
export interface ServiceResult {
  name: string;
  status: ServiceStatus;
  /** Wall-clock seconds of `<engine> build`, one decimal. */
  buildSeconds: number | null;
  /** `image inspect` Size in MB (10^6 bytes), one decimal. */
  imageSizeMb: number | null;
  /** Seconds from `<engine> run` to the first healthy answer, one decimal. */
  healthySeconds: number | null;
  /** The image's Config.User is set and is not root or 0. */
  nonRoot: boolean | null;
  /** `true`: healthy with --read-only; `false`: healthy only without it; `null`: never healthy. */
  readOnlyRootFs: boolean | null;
  /** Why a skipped service was not built. */
  reason?: string;
  /** Why it failed (one line). */
  error?: string;
  /** Last lines of the build or container output, when it failed or needed a writable root fs. */
  logs?: string[];
  /** The image tag, when `--keep` kept it. */
  image?: string;
}

export interface VerifyReport {
  engine: EngineName;
  services: ServiceResult[];
}

export interface VerifyOptions {
  /** Repository root; Dockerfile and context paths of the targets are relative to it. */
  root: string;
  /** Per service (and per attempt), how long to wait for healthy. @default 120 */
  timeoutSeconds: number;
  /** Passed verbatim to `<engine> build`, before the context. */
  buildFlags: readonly string[];
  /** Passed verbatim to every `<engine> run` (app and backing services), before the image. */
  runFlags: readonly string[];
  /** Start the databases, caches and queues the services use. @default true */
  backing: boolean;
  /** Keep the built images. @default false */
  keep: boolean;
}

export interface VerifyDeps {
  runner: EngineRunner;
  cleanup: CleanupRegistry;
  /** Progress lines (the CLI sends them to stderr). */
  log: (line: string) => void;
  /** Aborted on SIGINT/SIGTERM: in-flight engine calls are killed and the run unwinds. */
  signal?: AbortSignal;
  /** Unique per run; names every container, network and image tag. @default 8 random hex digits */
  runId?: string;
  /** Pause between health probes. @default 500 */
  pollMs?: number;
  /** How long a worker (no port) must keep running to pass. @default 5000 (capped by the timeout) */
  workerSettleMs?: number;
  now?: () => number;
}

/** Thrown when the run was interrupted; everything created has been removed by then. */
export class VerifyInterrupted extends Error {
  override readonly name = 'VerifyInterrupted';
}

/** Commands that only read or remove must not hang a run; builds and runs are bounded elsewhere. */
const QUICK_MS = 60_000;

const round1 = (n: number): number => Math.round(n * 10) / 10;

/** The last `n` non-empty lines of some output. */
export function lastLines(text: string, n = LOG_LINES): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trimEnd())
    .filter((l) => l !== '')
    .slice(-n);
}

function firstLine(r: EngineResult): string {
  return lastLines(r.stderr || r.stdout, 1)[0] ?? `exit code ${r.code}`;
}

/** `root`, `0`, `root:root`, `0:0` and an empty user all run as root (the audit's rule decides). */
export function isNonRootUser(user: string): boolean {
  const u = user.trim();
  return u !== '' && !u.startsWith(':') && !isRootUser(u);
}

/** `127.0.0.1:49153` (maybe with more lines, e.g. IPv6) → 49153. */
export function parseHostPort(out: string): number | null {
  for (const line of out.split(/\r?\n/)) {
    const m = /:(\d+)\s*$/.exec(line.trim());
    if (m) return Number(m[1]);
  }
  return null;
}

/**
 * Build, run and probe each target; remove everything created. Resolves with the report; rejects
 * with {@link VerifyInterrupted} when `deps.signal` aborts (after cleaning up).
 */
export async function verifyTargets(
  targets: readonly PlannedTarget[],
  opts: VerifyOptions,
  deps: VerifyDeps,
): Promise<VerifyReport> {
  const run = new Run(opts, deps);
  const services: ServiceResult[] = [];
  try {
    for (const t of targets) {
      if (isSkippedTarget(t)) {
        services.push(skippedResult(t.name, t.skipped));
        continue;
      }
      services.push(await run.service(t));
    }
  } finally {
    await deps.cleanup.runAll();
  }
  if (deps.signal?.aborted) throw new VerifyInterrupted('interrupted');
  return { engine: deps.runner.engine, services };
}

function skippedResult(name: string, reason: string): ServiceResult {
  return {
    name,
    status: 'skipped',
    buildSeconds: null,
    imageSizeMb: null,
    healthySeconds: null,
    nonRoot: null,
    readOnlyRootFs: null,
    reason,
  };
}

interface Attempt {
  healthy: boolean;
  seconds: number;
  error?: string;
  logs?: string[];
}

class Run {
  private readonly id: string;
  private readonly network: string;
  private networkReady = false;
  private networkStep: CleanupStep | null = null;
  private readonly now: () => number;

  constructor(
    private readonly opts: VerifyOptions,
    private readonly deps: VerifyDeps,
  ) {
    this.id = deps.runId ?? randomBytes(4).toString('hex');
    this.network = `shipready-verify-${this.id}`;
    this.now = deps.now ?? (() => performance.now());
  }

  private get engine(): EngineName {
    return this.deps.runner.engine;
  }

  private checkAborted(): void {
    if (this.deps.signal?.aborted) throw new VerifyInterrupted('interrupted');
  }

  private exec(args: string[], timeoutMs?: number): Promise<EngineResult> {
    this.checkAborted();
    return this.deps.runner.run(args, {
      ...(this.deps.signal ? { signal: this.deps.signal } : {}),
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    });
  }

  /** A cleanup step running `<engine> …args`; "no such …" counts as removed. */
  private remover(label: string, args: string[]): CleanupStep {
    return this.deps.cleanup.add(label, async () => {
      // Never pass the abort signal: cleanup must run after an interrupt.
      const r = await this.deps.runner.run(args, { timeoutMs: QUICK_MS });
      if (r.code !== 0 && !/no such|not found|does not exist|not known/i.test(r.stderr)) {
        throw new Error(`${this.engine} ${args.join(' ')}: ${firstLine(r)}`);
      }
    });
  }

  async service(t: VerifyTarget): Promise<ServiceResult> {
    const steps: CleanupStep[] = [];
    const result: ServiceResult = {
      name: t.name,
      status: 'failed',
      buildSeconds: null,
      imageSizeMb: null,
      healthySeconds: null,
      nonRoot: null,
      readOnlyRootFs: null,
    };
    const tag = `localhost/shipready-verify-${t.name}:${this.id}`;
    try {
      if (!this.opts.keep) steps.push(this.remover(`image ${tag}`, ['image', 'rm', '-f', tag]));
      else result.image = tag;

      this.deps.log(`${t.name}: building ${t.dockerfile}`);
      const started = this.now();
      const build = await this.exec([
        'build',
        '-f',
        path.join(this.opts.root, t.dockerfile),
        '-t',
        tag,
        '--label',
        `${VERIFY_LABEL}=${this.id}`,
        // podman's default OCI format drops HEALTHCHECK; the docker format keeps it.
        ...(this.engine === 'podman' ? ['--format', 'docker'] : []),
        ...this.opts.buildFlags,
        path.join(this.opts.root, t.context),
      ]);
      this.checkAborted();
      result.buildSeconds = round1((this.now() - started) / 1000);
      if (build.code !== 0) {
        delete result.image;
        return fail(
          result,
          `build failed (exit ${build.code})`,
          lastLines(`${build.stdout}\n${build.stderr}`),
        );
      }

      const size = await this.exec(['image', 'inspect', '--format', '{{.Size}}', tag], QUICK_MS);
      const bytes = size.stdout.trim() === '' ? Number.NaN : Number(size.stdout.trim());
      if (size.code === 0 && Number.isFinite(bytes)) result.imageSizeMb = round1(bytes / 1e6);
      const user = await this.exec(['image', 'inspect', '--format', '{{.Config.User}}', tag], QUICK_MS);
      if (user.code === 0) result.nonRoot = isNonRootUser(user.stdout);

      const networkError = await this.ensureNetwork();
      if (networkError) return fail(result, networkError);
      const appEnv: [string, string][] = [];
      if (this.opts.backing && t.backing.length > 0) {
        const { plans, appEnv: env } = backingFor(t.backing);
        for (const b of plans) {
          const problem = await this.startBacking(t.name, b, steps);
          if (problem) return fail(result, problem.error, problem.logs);
        }
        appEnv.push(...env);
      }

      const readOnly = await this.attempt(t, tag, appEnv, true, steps);
      if (readOnly.healthy) {
        return { ...result, status: 'passed', healthySeconds: readOnly.seconds, readOnlyRootFs: true };
      }
      this.deps.log(
        `${t.name}: not healthy with a read-only root filesystem (${readOnly.error}); retrying without --read-only`,
      );
      const writable = await this.attempt(t, tag, appEnv, false, steps);
      if (writable.healthy) {
        return {
          ...result,
          status: 'passed',
          healthySeconds: writable.seconds,
          readOnlyRootFs: false,
          ...(readOnly.logs ? { logs: readOnly.logs } : {}),
        };
      }
      return fail(result, writable.error ?? 'not healthy', writable.logs);
    } finally {
      await this.deps.cleanup.run(steps);
    }
  }

  /** Creates the run's network once; returns why it could not, or `null`. */
  private async ensureNetwork(): Promise<string | null> {
    if (this.networkReady) return null;
    if (!this.networkStep)
      this.networkStep = this.remover(`network ${this.network}`, ['network', 'rm', this.network]);
    const r = await this.exec(
      ['network', 'create', '--label', `${VERIFY_LABEL}=${this.id}`, this.network],
      QUICK_MS,
    );
    if (r.code !== 0) return `could not create network ${this.network}: ${firstLine(r)}`;
    this.networkReady = true;
    return null;
  }

  /** podman's `rm -f` waits the stop timeout (PID 1 may ignore SIGTERM); these are throwaway: kill now. */
  private rmArgs(name: string): string[] {
    return ['rm', '-f', ...(this.engine === 'podman' ? ['--time', '0'] : []), '-v', name];
  }

  private containerName(service: string, suffix: string): string {
    return `shipready-verify-${this.id}-${service}${suffix ? `-${suffix}` : ''}`;
  }

  /** Starts one backing container and waits until its port accepts connections. */
  private async startBacking(
    service: string,
    b: BackingPlan,
    steps: CleanupStep[],
  ): Promise<{ error: string; logs?: string[] } | null> {
    const name = this.containerName(service, b.kind);
    steps.push(this.remover(`container ${name}`, this.rmArgs(name)));
    this.deps.log(`${service}: starting ${b.kind} (${b.spec.image})`);
    const r = await this.exec([
      'run',
      '-d',
      '--name',
      name,
      '--network',
      this.network,
      '--network-alias',
      b.spec.alias,
      '--label',
      `${VERIFY_LABEL}=${this.id}`,
      '-p',
      `127.0.0.1::${b.spec.port}`,
      ...Object.entries(b.spec.env).flatMap(([k, v]) => ['-e', `${k}=${v}`]),
      ...this.opts.runFlags,
      b.spec.image,
      ...(b.spec.args ?? []),
    ]);
    if (r.code !== 0)
      return { error: `backing service ${b.kind} did not start: ${firstLine(r)}`, logs: lastLines(r.stderr) };
    const hostPort = await this.hostPort(name, b.spec.port);
    if (hostPort === null) return { error: `backing service ${b.kind}: could not read its published port` };
    const deadline = this.now() + this.opts.timeoutSeconds * 1000;
    let last: ProbeResult = { ok: false, detail: 'not probed' };
    while (this.now() < deadline) {
      last = await probeTcp(hostPort, Math.ceil(Math.max(1, Math.min(2000, deadline - this.now()))));
      if (last.ok) return null;
      this.checkAborted();
      await sleep(this.deps.pollMs ?? 500, this.deps.signal).catch(() => undefined);
    }
    this.checkAborted();
    return {
      error: `backing service ${b.kind} not ready within ${this.opts.timeoutSeconds} s (${last.detail})`,
      logs: await this.logs(name),
    };
  }

  private async hostPort(container: string, port: number): Promise<number | null> {
    const r = await this.exec(['port', container, `${port}/tcp`], QUICK_MS);
    return r.code === 0 ? parseHostPort(r.stdout) : null;
  }

  private async logs(container: string): Promise<string[]> {
    const r = await this.exec(['logs', '--tail', String(LOG_LINES), container], QUICK_MS);
    return lastLines(`${r.stdout}\n${r.stderr}`);
  }

  /** Runs the app once (read-only or not), waits for healthy, captures logs, removes it. */
  private async attempt(
    t: VerifyTarget,
    tag: string,
    appEnv: readonly [string, string][],
    readOnly: boolean,
    steps: CleanupStep[],
  ): Promise<Attempt> {
    const name = this.containerName(t.name, readOnly ? '' : 'rw');
    const step = this.remover(`container ${name}`, this.rmArgs(name));
    steps.push(step);
    const env: [string, string][] = [
      ...(t.port !== null && t.runtimeEnv ? [['PORT', String(t.port)] as [string, string]] : []),
      ...appEnv,
    ];
    this.deps.log(
      `${t.name}: starting${readOnly ? ' (read-only root filesystem)' : ' (writable root filesystem)'}`,
    );
    const started = this.now();
    const r = await this.exec([
      'run',
      '-d',
      '--name',
      name,
      '--network',
      this.network,
      '--label',
      `${VERIFY_LABEL}=${this.id}`,
      ...(readOnly ? ['--read-only'] : []),
      '--tmpfs',
      '/tmp',
      ...t.writableDirs.flatMap((d) => ['--tmpfs', d]),
      '--cap-drop',
      'ALL',
      '--security-opt',
      'no-new-privileges',
      ...(t.port !== null ? ['-p', `127.0.0.1::${t.port}`] : []),
      ...env.flatMap(([k, v]) => ['-e', `${k}=${v}`]),
      ...this.opts.runFlags,
      tag,
    ]);
    if (r.code !== 0) {
      await this.deps.cleanup.run([step]);
      return {
        healthy: false,
        seconds: 0,
        error: `${this.engine} run failed: ${firstLine(r)}`,
        logs: lastLines(r.stderr),
      };
    }
    const outcome = await this.waitHealthy(t, name, started);
    if (outcome.healthy) {
      await this.deps.cleanup.run([step]);
      return outcome;
    }
    const logs = await this.logs(name);
    await this.deps.cleanup.run([step]);
    return { ...outcome, logs };
  }

  private async waitHealthy(t: VerifyTarget, name: string, started: number): Promise<Attempt> {
    const timeoutMs = this.opts.timeoutSeconds * 1000;
    const deadline = started + timeoutMs;
    const seconds = (): number => round1((this.now() - started) / 1000);
    if (t.port === null) {
      // A worker has nothing to probe: it passes by staying up.
      await sleep(Math.min(this.deps.workerSettleMs ?? 5000, timeoutMs), this.deps.signal).catch(
        () => undefined,
      );
      this.checkAborted();
      const state = await this.state(name);
      return state.running
        ? { healthy: true, seconds: seconds() }
        : { healthy: false, seconds: seconds(), error: `the container ${state.describe}` };
    }
    const hostPort = await this.hostPort(name, t.port);
    if (hostPort === null) {
      // `port` fails on a container that already exited: say that, not the symptom.
      const state = await this.state(name);
      const error = state.running
        ? `could not read the published port of ${t.port}/tcp`
        : `the container ${state.describe} before it was healthy`;
      return { healthy: false, seconds: seconds(), error };
    }
    const url = t.healthPath === null ? null : `http://127.0.0.1:${hostPort}${t.healthPath}`;
    let last: ProbeResult = { ok: false, detail: 'not probed' };
    while (this.now() < deadline) {
      const budget = Math.ceil(Math.max(1, Math.min(2000, deadline - this.now())));
      last = url ? await probeHttp(url, budget) : await probeTcp(hostPort, budget);
      if (last.ok) return { healthy: true, seconds: seconds() };
      this.checkAborted();
      const state = await this.state(name);
      if (!state.running)
        return {
          healthy: false,
          seconds: seconds(),
          error: `the container ${state.describe} before it was healthy`,
        };
      await sleep(this.deps.pollMs ?? 500, this.deps.signal).catch(() => undefined);
      this.checkAborted();
    }
    return {
      healthy: false,
      seconds: seconds(),
      error: `not healthy within ${this.opts.timeoutSeconds} s (${last.detail})`,
    };
  }

  private async state(name: string): Promise<{ running: boolean; describe: string }> {
    const r = await this.exec(
      ['inspect', '--format', '{{.State.Status}} {{.State.ExitCode}}', name],
      QUICK_MS,
    );
    if (r.code !== 0) return { running: false, describe: `is gone (${firstLine(r)})` };
    const [status = '', code = ''] = r.stdout.trim().split(/\s+/);
    return status === 'running'
      ? { running: true, describe: 'is running' }
      : { running: false, describe: `${status} (exit code ${code})` };
  }
}

function fail(result: ServiceResult, error: string, logs?: string[]): ServiceResult {
  return { ...result, status: 'failed', error, ...(logs && logs.length > 0 ? { logs } : {}) };
}
