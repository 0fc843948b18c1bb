import { spawn } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';
import { ShipreadyError } from '../errors.js';

/** The container engines verify can drive; both take the same CLI arguments for what we use. */
export const ENGINES = ['docker', 'podman'] as const;
export type EngineName = (typeof ENGINES)[number];

/** What one engine call returned. Output is the tail of each stream (see {@link OUTPUT_TAIL_BYTES}). */
export interface EngineResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface EngineCallOptions {
  /** Kills the engine process when aborted (Ctrl-C during a long build). */
  signal?: AbortSignal;
  /** Kills the engine process after this long; a hung `inspect` must not hang verify. */
  timeoutMs?: number;
}

/**
 * Runs `<engine> …args` with an argv array (never a shell) and resolves with its exit code and
 * output; never rejects for a non-zero exit. The one seam tests replace with a fake engine.
 */
export interface EngineRunner {
  readonly engine: EngineName;
  run(args: readonly string[], opts?: EngineCallOptions): Promise<EngineResult>;
}

/** A build log can be megabytes; keep the end, which is where the error is. */
export const OUTPUT_TAIL_BYTES = 64 * 1024;

function tailAppend(buf: string, chunk: string): string {
  const s = buf + chunk;
  return s.length > OUTPUT_TAIL_BYTES ? s.slice(s.length - OUTPUT_TAIL_BYTES) : s;
}

/** The real runner: spawns the engine binary found on PATH with the given environment. */
export function spawnEngineRunner(
  engine: EngineName,
  bin: string,
  env: Record<string, string | undefined>,
): EngineRunner {
  return {
    engine,
    run(args, opts = {}) {
      return new Promise((resolve) => {
        let stdout = '';
        let stderr = '';
        const child = spawn(bin, [...args], {
          env,
          stdio: ['ignore', 'pipe', 'pipe'],
          ...(opts.signal ? { signal: opts.signal } : {}),
          ...(opts.timeoutMs !== undefined ? { timeout: opts.timeoutMs } : {}),
        });
        child.stdout.setEncoding('utf8').on('data', (d: string) => {
          stdout = tailAppend(stdout, d);
        });
        child.stderr.setEncoding('utf8').on('data', (d: string) => {
          stderr = tailAppend(stderr, d);
        });
        let settled = false;
        const done = (code: number, extra = ''): void => {
          if (settled) return;
          settled = true;
          resolve({
            code,
            stdout,
            stderr: extra ? `${stderr}${stderr && !stderr.endsWith('\n') ? '\n' : ''}${extra}` : stderr,
          });
        };
        child.on('error', (e: NodeJS.ErrnoException) => {
          done(e.name === 'AbortError' ? 130 : 127, `${bin}: ${e.message}`);
        });
        child.on('close', (code, sig) => {
          done(code ?? 128, sig ? `${engine} was stopped by ${sig}` : '');
        });
      });
    },
  };
}

/** Absolute path of an executable named `name` on `PATH`, or `null`. */
export function findOnPath(name: string, envPath: string | undefined): string | null {
  for (const dir of (envPath ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // Not in this PATH entry: look in the next one.
    }
  }
  return null;
}

const INSTALL_HINT =
  'install Podman (Debian/Ubuntu: apt-get install podman; https://podman.io/docs/installation) or Docker (https://docs.docker.com/engine/install/)';

/**
 * Which engine to use: `--engine`, else the `container` choice from the config file, else podman
 * when it is on PATH, else docker. Throws a one-line usage error when the engine is not installed.
 */
export function resolveEngine(input: {
  flag?: string | undefined;
  configured?: EngineName | undefined;
  which: (name: string) => string | null;
}): { engine: EngineName; bin: string; origin: 'flag' | 'config' | 'detected' } {
  const explicit: [EngineName, 'flag' | 'config'] | null = input.flag
    ? [input.flag as EngineName, 'flag']
    : input.configured
      ? [input.configured, 'config']
      : null;
  if (explicit) {
    const [engine, origin] = explicit;
    const bin = input.which(engine);
    if (bin) return { engine, bin, origin };
    const other = engine === 'docker' ? 'podman' : 'docker';
    const where = origin === 'flag' ? '--engine' : 'the config file (container)';
    throw new ShipreadyError(`${engine} (from ${where}) is not on PATH`, {
      fix: `install it (${engine === 'podman' ? 'apt-get install podman; https://podman.io/docs/installation' : 'https://docs.docker.com/engine/install/'}) or pass --engine ${other}`,
    });
  }
  for (const engine of ['podman', 'docker'] as const) {
    const bin = input.which(engine);
    if (bin) return { engine, bin, origin: 'detected' };
  }
  throw new ShipreadyError('no container engine found: neither podman nor docker is on PATH', {
    fix: INSTALL_HINT,
  });
}
