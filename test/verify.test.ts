import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../src/cli/io.js';
import { runCli } from '../src/cli/program.js';
import type { StopSignal, VerifyHooks } from '../src/cli/verify-command.js';
import { isSkipped, planDockerfiles } from '../src/generators/dockerfile/dockerfile.generator.js';
import { assess, choose } from '../src/pipeline.js';
import type { EngineCallOptions, EngineName, EngineResult, EngineRunner } from '../src/verify/index.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RUN_ID = 'testrun1';
const NET = `shipready-verify-${RUN_ID}`;
const APP = `shipready-verify-${RUN_ID}-node-api`;
const APP_RW = `${APP}-rw`;
const TAG = `localhost/shipready-verify-node-api:${RUN_ID}`;

const temps: string[] = [];
afterEach(() => {
  for (const t of temps.splice(0)) rmSync(t, { recursive: true, force: true });
});

/**
 * A copy of the Fastify + Postgres + Redis example, optionally with the Dockerfiles `init` would
 * write (only those: other generators' files are not verify's concern).
 */
function nodeApi(initialised = true): string {
  const base = mkdtempSync(path.join(tmpdir(), 'shipready-verify-'));
  temps.push(base);
  const dir = path.join(base, 'node-api');
  cpSync(path.join(repoRoot, 'examples', 'node-api'), dir, {
    recursive: true,
    filter: (p) => !/[/\\](node_modules|dist)$/.test(p),
  });
  if (initialised) {
    const a = assess(dir);
    for (const plan of planDockerfiles(a.model, choose(a).choices)) {
      if (isSkipped(plan)) continue;
      for (const f of plan.artifacts) writeFileSync(path.join(dir, f.path), f.content);
    }
  }
  return dir;
}

/** Stands in for the published container port: answers GET /health with whatever the test says. */
let health: () => number = () => 200;
const server = http.createServer((req, res) => {
  res.statusCode = req.url === '/health' ? health() : 404;
  res.end('ok');
});
let hostPort = 0;
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  hostPort = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});
afterEach(() => {
  health = () => 200;
});

type Reply = Partial<EngineResult> | ((opts: EngineCallOptions) => Promise<Partial<EngineResult>>);

/** A scripted engine: records every argv; replies by the first matching rule, else success. */
class FakeEngine implements EngineRunner {
  readonly calls: string[][] = [];
  readonly rules: [(args: string[]) => boolean, Reply][] = [];
  constructor(readonly engine: EngineName = 'podman') {}

  on(match: (args: string[]) => boolean, reply: Reply): this {
    this.rules.unshift([match, reply]);
    return this;
  }

  async run(args: readonly string[], opts: EngineCallOptions = {}): Promise<EngineResult> {
    const a = [...args];
    this.calls.push(a);
    const rule = this.rules.find(([m]) => m(a));
    const reply = rule ? (typeof rule[1] === 'function' ? await rule[1](opts) : rule[1]) : this.fallback(a);
    return { code: 0, stdout: '', stderr: '', ...reply };
  }

  private fallback(a: string[]): Partial<EngineResult> {
    if (a[0] === 'image' && a[1] === 'inspect') {
      return { stdout: a.includes('{{.Size}}') ? '123456789\n' : '1000:1000\n' };
    }
    if (a[0] === 'port') return { stdout: `127.0.0.1:${hostPort}\n[::1]:${hostPort}\n` };
    if (a[0] === 'inspect') return { stdout: 'running 0\n' };
    if (a[0] === 'logs') {
      return { stdout: Array.from({ length: 25 }, (_, i) => `log line ${i + 1}`).join('\n') };
    }
    if (a[0] === 'run') return { stdout: 'c0ffee\n' };
    return {};
  }

  /** Names of the containers, networks and images this run created. */
  created(): string[] {
    return this.calls.flatMap((a) => {
      if (a[0] === 'run') return [`container ${a[a.indexOf('--name') + 1]}`];
      if (a[0] === 'network' && a[1] === 'create') return [`network ${a[a.length - 1]}`];
      if (a[0] === 'build') return [`image ${a[a.indexOf('-t') + 1]}`];
      return [];
    });
  }

  removals(): string[] {
    return this.calls.flatMap((a) => {
      if (a[0] === 'rm') return [`container ${a[a.length - 1]}`];
      if (a[0] === 'network' && a[1] === 'rm') return [`network ${a[2]}`];
      if (a[0] === 'image' && a[1] === 'rm') return [`image ${a[a.length - 1]}`];
      return [];
    });
  }

  runs(): string[][] {
    return this.calls.filter((a) => a[0] === 'run');
  }
}

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(argv: string[], hooks?: VerifyHooks, over: Partial<CliIo> = {}): Promise<Result> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    env: { PATH: '' },
    interactive: false,
    colorTerminal: false,
    cwd: repoRoot,
    ...over,
  };
  const code = await runCli(argv, io, hooks ? { verify: hooks } : {});
  return { code, stdout, stderr };
}

/** Hooks driving the fake engine; `signals` receives the handler verify installs. */
function hooksFor(
  engine: FakeEngine,
  extra: Partial<VerifyHooks> = {},
): VerifyHooks & { uninstalled: () => boolean; fire: (s: StopSignal) => void } {
  let handler: ((s: StopSignal) => void) | null = null;
  let uninstalled = false;
  return {
    runnerFor: () => engine,
    which: (name) => `/usr/bin/${name}`,
    onSignal: (h) => {
      handler = h;
      return () => {
        uninstalled = true;
      };
    },
    runId: RUN_ID,
    pollMs: 10,
    workerSettleMs: 10,
    uninstalled: () => uninstalled,
    fire: (s) => {
      if (!handler) throw new Error('no signal handler installed');
      handler(s);
    },
    ...extra,
  };
}

interface JsonService {
  name: string;
  status: string;
  buildSeconds: number | null;
  imageSizeMb: number | null;
  healthySeconds: number | null;
  nonRoot: boolean | null;
  readOnlyRootFs: boolean | null;
  error?: string;
  logs?: string[];
}

function parseJson(stdout: string): { engine: string; services: JsonService[] } {
  return JSON.parse(stdout) as { engine: string; services: JsonService[] };
}

describe('shipready verify (fake engine)', () => {
  it('builds, starts backing services, probes health and removes everything, in order', async () => {
    const dir = nodeApi();
    const engine = new FakeEngine('podman');
    const hooks = hooksFor(engine);
    const r = await cli(
      [
        'verify',
        dir,
        '--build-flag=--network=host',
        '--run-flag',
        '--runtime=/usr/sbin/runc',
        '--timeout',
        '5',
      ],
      hooks,
    );
    expect(r.stderr).toContain('node-api: building Dockerfile');
    expect(r.code).toBe(0);

    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^service\s+build s\s+size MB\s+healthy s\s+non-root\s+read-only fs\s+result$/);
    expect(lines[1]).toMatch(/^node-api\s+\d+\.\d\s+123\.5\s+\d+\.\d\s+yes\s+yes\s+passed$/);
    expect(lines.at(-1)).toBe('1 passed, 0 failed');

    const build = engine.calls.find((a) => a[0] === 'build') as string[];
    expect(build).toEqual([
      'build',
      '-f',
      path.join(dir, 'Dockerfile'),
      '-t',
      TAG,
      '--label',
      `io.shipready.verify=${RUN_ID}`,
      '--format',
      'docker',
      '--network=host',
      path.join(dir, '.'),
    ]);

    // Backing services first (postgres and redis, detected from pg and ioredis), then the app.
    const runs = engine.runs();
    expect(
      runs.map((a) => (a.includes('--network-alias') ? a[a.indexOf('--network-alias') + 1] : '')),
    ).toEqual(['postgres', 'redis', '']);
    const app = runs[2] as string[];
    expect(app.at(-1)).toBe(TAG);
    expect(app.at(-2)).toBe('--runtime=/usr/sbin/runc');
    for (const pair of [
      ['--read-only'],
      ['--tmpfs', '/tmp'],
      ['--cap-drop', 'ALL'],
      ['--security-opt', 'no-new-privileges'],
      ['-p', '127.0.0.1::3000'],
      ['-e', 'PORT=3000'],
      ['-e', 'DATABASE_URL=postgres://app:app@postgres:5432/app'],
      ['-e', 'REDIS_URL=redis://redis:6379'],
      ['--network', NET],
    ]) {
      const found = app.some((_, i) => pair.every((p, j) => app[i + j] === p));
      expect(found, pair.join(' ')).toBe(true);
    }
    expect(app.some((a) => a.startsWith('-p') && a.includes('0.0.0.0'))).toBe(false);

    // Removal: app container, then backing (newest first), then image, network last.
    expect(engine.removals()).toEqual([
      `container ${APP}`,
      `container ${APP}-redis`,
      `container ${APP}-postgresql`,
      `image ${TAG}`,
      `network ${NET}`,
    ]);
    expect(new Set(engine.removals())).toEqual(new Set(engine.created()));
    expect(engine.calls).toContainEqual(['rm', '-f', '--time', '0', '-v', APP]);
    const firstRemoval = engine.calls.findIndex((a) => a[0] === 'rm');
    const lastProbe = engine.calls.map((a) => a[0]).lastIndexOf('port');
    expect(firstRemoval).toBeGreaterThan(lastProbe);
    expect(hooks.uninstalled()).toBe(true);
  });

  it('--json prints engine and per-service results with timings', async () => {
    const dir = nodeApi();
    const engine = new FakeEngine('docker');
    const r = await cli(['verify', dir, '--json', '--no-backing', '--keep'], hooksFor(engine));
    expect(r.code).toBe(0);
    const out = parseJson(r.stdout);
    expect(out.engine).toBe('docker');
    expect(out.services).toHaveLength(1);
    const s = out.services[0] as JsonService;
    expect(Object.keys(s)).toEqual([
      'name',
      'status',
      'buildSeconds',
      'imageSizeMb',
      'healthySeconds',
      'nonRoot',
      'readOnlyRootFs',
      'image',
    ]);
    expect(s).toMatchObject({
      name: 'node-api',
      status: 'passed',
      imageSizeMb: 123.5,
      nonRoot: true,
      readOnlyRootFs: true,
    });
    expect(s.buildSeconds).toBeGreaterThanOrEqual(0);
    expect(s.healthySeconds).toBeGreaterThanOrEqual(0);
    // docker: no --format flag; --no-backing: the app is the only container; --keep: no image rm.
    expect(engine.calls.find((a) => a[0] === 'build')).not.toContain('--format');
    expect(engine.runs()).toHaveLength(1);
    expect(engine.removals()).toEqual([`container ${APP}`, `network ${NET}`]);
    expect(engine.calls).toContainEqual(['rm', '-f', '-v', APP]);
  });

  it('a failed build is reported with its last output lines; cleanup still runs; exit 1', async () => {
    const dir = nodeApi();
    const engine = new FakeEngine().on((a) => a[0] === 'build', {
      code: 1,
      stdout: Array.from({ length: 30 }, (_, i) => `STEP ${i + 1}`).join('\n'),
      stderr: 'Error: npm ci exited with 1\n',
    });
    const r = await cli(['verify', dir, '--json'], hooksFor(engine));
    expect(r.code).toBe(1);
    const s = parseJson(r.stdout).services[0] as JsonService;
    expect(s.status).toBe('failed');
    expect(s.error).toBe('build failed (exit 1)');
    expect(s.logs).toHaveLength(20);
    expect(s.logs?.at(-1)).toBe('Error: npm ci exited with 1');
    expect(s.healthySeconds).toBeNull();
    expect(engine.runs()).toHaveLength(0);
    expect(engine.removals()).toEqual([`image ${TAG}`]);

    const text = await cli(
      ['verify', dir],
      hooksFor(new FakeEngine().on((a) => a[0] === 'build', { code: 1 })),
    );
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/^node-api\s+\d+\.\d\s+-\s+-\s+-\s+-\s+failed$/m);
    expect(text.stdout).toContain('node-api: build failed (exit 1)');
    expect(text.stdout.trimEnd().split('\n').at(-1)).toBe('0 passed, 1 failed');
  });

  it('never healthy: times out read-only, retries writable, reports failure with container logs', async () => {
    const dir = nodeApi();
    health = () => 503;
    const engine = new FakeEngine();
    const r = await cli(['verify', dir, '--json', '--no-backing', '--timeout', '1.5'], hooksFor(engine));
    expect(r.code).toBe(1);
    const s = parseJson(r.stdout).services[0] as JsonService;
    expect(s.status).toBe('failed');
    expect(s.readOnlyRootFs).toBeNull();
    expect(s.error).toMatch(
      /^not healthy within 1\.5 s \(GET http:\/\/127\.0\.0\.1:\d+\/health answered 503\)$/,
    );
    expect(s.logs).toEqual(Array.from({ length: 20 }, (_, i) => `log line ${i + 6}`));
    const runs = engine.runs();
    expect(runs.map((a) => [a[a.indexOf('--name') + 1], a.includes('--read-only')])).toEqual([
      [APP, true],
      [APP_RW, false],
    ]);
    expect(engine.calls.filter((a) => a[0] === 'logs').map((a) => a.at(-1))).toEqual([APP, APP_RW]);
    expect(engine.removals()).toEqual([
      `container ${APP}`,
      `container ${APP_RW}`,
      `image ${TAG}`,
      `network ${NET}`,
    ]);
    expect(r.stderr).toContain('retrying without --read-only');
  });

  it('healthy only with a writable root fs: passes with readOnlyRootFs false and the read-only logs', async () => {
    const dir = nodeApi();
    const engine = new FakeEngine();
    health = () => (engine.runs().some((a) => !a.includes('--read-only')) ? 200 : 500);
    const r = await cli(['verify', dir, '--no-backing', '--timeout', '1.5'], hooksFor(engine));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^node-api\s+\S+\s+123\.5\s+\d+\.\d\s+yes\s+no\s+passed$/m);
    expect(r.stdout).toContain('node-api: healthy only with a writable root filesystem');
    expect(r.stdout).toContain('    log line 25');
  });

  it('a container that exits is reported at once with its exit code, not after the timeout', async () => {
    const dir = nodeApi();
    health = () => 503;
    const engine = new FakeEngine().on((a) => a[0] === 'inspect', { stdout: 'exited 1\n' });
    const started = Date.now();
    const r = await cli(['verify', dir, '--json', '--no-backing', '--timeout', '30'], hooksFor(engine));
    expect(Date.now() - started).toBeLessThan(10_000);
    const s = parseJson(r.stdout).services[0] as JsonService;
    expect(s.error).toBe('the container exited (exit code 1) before it was healthy');
    expect(r.code).toBe(1);
  });

  it('an image running as root reports non-root: no', async () => {
    const dir = nodeApi();
    const engine = new FakeEngine().on((a) => a[0] === 'image' && a.includes('{{.Config.User}}'), {
      stdout: '\n',
    });
    const r = await cli(['verify', dir, '--json', '--no-backing'], hooksFor(engine));
    expect((parseJson(r.stdout).services[0] as JsonService).nonRoot).toBe(false);
  });

  it('no engine installed: one line naming how to install, exit 2, nothing run', async () => {
    const dir = nodeApi();
    const engine = new FakeEngine();
    const r = await cli(['verify', dir], { ...hooksFor(engine), which: () => null });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^shipready: no container engine found: neither podman nor docker is on PATH — install /,
    );
    expect(lines[0]).toContain('apt-get install podman');
    expect(engine.calls).toEqual([]);

    const named = await cli(['verify', dir, '--engine', 'docker'], {
      ...hooksFor(engine),
      which: (n) => (n === 'podman' ? '/usr/bin/podman' : null),
    });
    expect(named.code).toBe(2);
    expect(named.stderr.trim()).toMatch(
      /^shipready: docker \(from --engine\) is not on PATH — .*--engine podman$/,
    );
  });

  it('auto-detects podman first, else docker; the config file choice wins over detection', async () => {
    const dir = nodeApi();
    const seen: string[] = [];
    const hooks = (which: (n: string) => string | null): VerifyHooks => ({
      ...hooksFor(new FakeEngine()),
      which,
      runnerFor: (engine) => {
        seen.push(engine);
        return new FakeEngine(engine);
      },
    });
    await cli(
      ['verify', dir, '--no-backing'],
      hooks((n) => `/bin/${n}`),
    );
    await cli(
      ['verify', dir, '--no-backing'],
      hooks((n) => (n === 'docker' ? '/bin/docker' : null)),
    );
    const cfg = path.join(dir, 'verify.config.yaml');
    writeFileSync(cfg, 'container: docker\n');
    await cli(
      ['verify', dir, '--no-backing', '--config', cfg],
      hooks((n) => `/bin/${n}`),
    );
    expect(seen).toEqual(['podman', 'docker', 'docker']);
  });

  it('a missing Dockerfile is one line telling to run init first, exit 2', async () => {
    const dir = nodeApi(false);
    const engine = new FakeEngine();
    const r = await cli(['verify', dir], hooksFor(engine));
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^shipready: .*: Dockerfile not found — run `shipready init` first/);
    expect(engine.calls).toEqual([]);
  });

  it('--service with an unknown name is a usage error listing the services', async () => {
    const dir = nodeApi();
    const r = await cli(['verify', dir, '--service', 'nope'], hooksFor(new FakeEngine()));
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(
      'shipready: no service named "nope" in this repository — use --service with one of: node-api',
    );
  });

  it('SIGINT during the build kills it, removes what was created, exits 130', async () => {
    const dir = nodeApi();
    const engine = new FakeEngine();
    const hooks = hooksFor(engine);
    let buildAborted = false;
    engine.on(
      (a) => a[0] === 'build',
      (opts) =>
        new Promise((resolve) => {
          // The user presses Ctrl-C while the build runs.
          setTimeout(() => hooks.fire('SIGINT'), 20);
          opts.signal?.addEventListener('abort', () => {
            buildAborted = true;
            resolve({ code: 130, stderr: 'podman was stopped by SIGTERM' });
          });
        }),
    );
    const r = await cli(['verify', dir], hooks);
    expect(r.code).toBe(130);
    expect(buildAborted).toBe(true);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('SIGINT: stopping; removing what verify created');
    expect(r.stderr).toContain('Interrupted; everything verify created was removed.');
    expect(engine.runs()).toHaveLength(0);
    expect(engine.removals()).toEqual([`image ${TAG}`]);
    expect(hooks.uninstalled()).toBe(true);
  });

  it('SIGTERM while waiting for health: the handler removes the containers, exit 143', async () => {
    const dir = nodeApi();
    const engine = new FakeEngine();
    const hooks = hooksFor(engine);
    health = () => {
      setImmediate(() => hooks.fire('SIGTERM'));
      return 503;
    };
    const r = await cli(['verify', dir, '--timeout', '30'], hooks);
    expect(r.code).toBe(143);
    expect(new Set(engine.removals())).toEqual(new Set(engine.created()));
    expect(engine.created()).toEqual([
      `image ${TAG}`,
      `network ${NET}`,
      `container ${APP}-postgresql`,
      `container ${APP}-redis`,
      `container ${APP}`,
    ]);
    // Each object removed once, even though the handler and the finally block both ran cleanup.
    expect(engine.removals()).toHaveLength(5);
  });

  it('a removal that fails is named so the person can remove it by hand; exit 1', async () => {
    const dir = nodeApi();
    const engine = new FakeEngine().on((a) => a[0] === 'network' && a[1] === 'rm', {
      code: 125,
      stderr: 'Error: network is in use\n',
    });
    const r = await cli(['verify', dir, '--no-backing'], hooksFor(engine));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `shipready: could not remove network ${NET}: podman network rm ${NET}: Error: network is in use — remove it by hand`,
    );
  });
});

describe('shipready verify --help', () => {
  it('documents the flags and exit codes', async () => {
    const r = await cli(['verify', '--help']);
    expect(r.code).toBe(0);
    for (const flag of [
      '--engine <engine>',
      '--service <name>',
      '--json',
      '--timeout <seconds>',
      '--build-flag <flag>',
      '--run-flag <flag>',
      '--no-backing',
      '--keep',
    ]) {
      expect(r.stdout).toContain(flag);
    }
    expect(r.stdout).toContain('130/143 interrupted');
  });

  it('rejects a bad --timeout and an unknown engine with exit 2', async () => {
    expect((await cli(['verify', '--timeout', 'soon'])).code).toBe(2);
    expect((await cli(['verify', '--engine', 'lxc'])).code).toBe(2);
  });
});
