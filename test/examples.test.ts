/**
 * Proves the bundled examples/node-api actually works: installs from its lockfile, builds,
 * boots without Postgres/Redis, answers liveness/readiness correctly and shuts down cleanly.
 * Needs the npm registry (npm ci).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** A TCP port that nothing is listening on right now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function get(url: string): Promise<{ status: number; body: string } | undefined> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(5_000) });
    return { status: res.status, body: await res.text() };
  } catch {
    return undefined; // not listening yet
  }
}

describe('examples/node-api', () => {
  let work = '';
  let proc: ChildProcess | undefined;
  let port = 0;
  let logs = '';
  let exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  beforeAll(async () => {
    work = path.join(mkdtempSync(path.join(tmpdir(), 'shipready-example-')), 'node-api');
    cpSync(path.join(repoRoot, 'examples', 'node-api'), work, {
      recursive: true,
      filter: (p) => !/[/\\](node_modules|dist)$/.test(p),
    });
    const opts = { cwd: work, stdio: 'pipe', timeout: 100_000, shell: process.platform === 'win32' } as const;
    execFileSync(npm, ['ci', '--ignore-scripts', '--no-audit', '--no-fund'], opts);
    execFileSync(npm, ['run', 'build'], opts);

    port = await freePort();
    const closed = await freePort(); // nothing listens here: stands in for a down Postgres/Redis
    proc = spawn(process.execPath, ['dist/server.js'], {
      cwd: work,
      env: {
        ...process.env,
        PORT: String(port),
        DATABASE_URL: `postgres://app:app@127.0.0.1:${closed}/app`,
        REDIS_URL: `redis://127.0.0.1:${closed}`,
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    proc.stdout?.on('data', (d: Buffer) => {
      logs += d.toString();
    });
    proc.stderr?.on('data', (d: Buffer) => {
      logs += d.toString();
    });
    const child = proc;
    exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  }, 120_000);

  afterAll(() => {
    if (proc && proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
    if (work) rmSync(path.dirname(work), { recursive: true, force: true });
  });

  it('answers GET /health with 200 without a database', async () => {
    const deadline = Date.now() + 20_000;
    let res = await get(`http://127.0.0.1:${port}/health`);
    while (res?.status !== 200 && Date.now() < deadline) {
      if (proc?.exitCode !== null) throw new Error(`server exited early (${proc?.exitCode}):\n${logs}`);
      await sleep(200);
      res = await get(`http://127.0.0.1:${port}/health`);
    }
    expect(res?.status, logs).toBe(200);
    expect(JSON.parse(res?.body ?? '{}')).toEqual({ status: 'ok' });
  }, 30_000);

  it('answers GET /ready with 503 when Postgres and Redis are unreachable', async () => {
    const res = await get(`http://127.0.0.1:${port}/ready`);
    expect(res?.status, logs).toBe(503);
  }, 30_000);

  it('exits with code 0 within 5 s of SIGTERM', async () => {
    expect(proc?.kill('SIGTERM')).toBe(true);
    const result = await Promise.race([exited, sleep(5_000).then(() => 'timeout' as const)]);
    expect(result, logs).toEqual({ code: 0, signal: null });
  }, 30_000);
});
