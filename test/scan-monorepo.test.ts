/**
 * Acceptance: `shipready scan` on an npm-workspaces monorepo with an Express API (MongoDB, RabbitMQ)
 * and a Vite SPA lists two services with the right kinds, ports, health path, backing services and
 * env vars, each with evidence. The shared library package is not a service.
 * Fixture: test/fixtures/repos/monorepo-express-vite (copied to a temp dir before every scan).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../src/cli/io.js';
import { runCli } from '../src/cli/program.js';
import type { Evidence } from '../src/model/evidence.js';
import { ProjectModel } from '../src/model/project.js';
import type { Service } from '../src/model/service.js';
import { scan } from '../src/pipeline.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const FIXTURE = path.join(repoRoot, 'test', 'fixtures', 'repos', 'monorepo-express-vite');

let tmp: string;
let dir: string;
beforeAll(() => {
  tmp = mkdtempSync(path.join(tmpdir(), 'shipready-monorepo-'));
  dir = path.join(tmp, 'tasktrack');
  cpSync(FIXTURE, dir, { recursive: true });
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The 1-based line of the only line of a fixture file containing `needle`. */
function lineOf(file: string, needle: string): number {
  const lines = readFileSync(path.join(FIXTURE, file), 'utf8').split('\n');
  const hits = lines.flatMap((l, i) => (l.includes(needle) ? [i + 1] : []));
  if (hits.length !== 1) throw new Error(`${file}: expected one line with ${needle}, found ${hits.length}`);
  return hits[0] as number;
}

async function cli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    env: {},
    interactive: false,
    colorTerminal: false,
    cwd: repoRoot,
  };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}

/** Evidence lists must be non-empty, and one entry must point at `file` (and `line`, when given). */
function expectEvidence(list: Evidence[] | undefined, file: string, line?: number): void {
  expect(list?.length ?? 0).toBeGreaterThan(0);
  expect(list).toContainEqual(
    expect.objectContaining({ file, ...(line === undefined ? {} : { line }), reason: expect.any(String) }),
  );
}

function service(model: ProjectModel, name: string): Service {
  const s = model.services.find((x) => x.name === name);
  if (!s) throw new Error(`no service named ${name}; got ${model.services.map((x) => x.name).join(', ')}`);
  return s;
}

const API_PKG = 'apps/api/package.json';
const API_INDEX = 'apps/api/src/index.js';
const API_CONFIG = 'apps/api/src/config.js';
const API_ENV_EXAMPLE = 'apps/api/.env.example';
const WEB_PKG = 'apps/web/package.json';

describe('scan --json on an Express + Vite npm monorepo', () => {
  let model: ProjectModel;
  beforeAll(async () => {
    const r = await cli(['scan', dir, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    model = ProjectModel.parse(JSON.parse(r.stdout));
  });

  it('finds exactly two services, api and web; the workspace root and packages/shared are not services', () => {
    expect(model.services.map((s) => [s.name, s.path])).toEqual([
      ['api', 'apps/api'],
      ['web', 'apps/web'],
    ]);
    const paths = model.services.map((s) => s.path);
    expect(paths).not.toContain('packages/shared');
    expect(paths).not.toContain('.');
    expect(model.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
  });

  it('matches the library scan()', () => {
    expect(scan(dir)).toEqual(model);
  });

  describe('api', () => {
    it('is a Node.js Express web service started with node', () => {
      const api = service(model, 'api');
      expect(api.kind).toBe('web');
      expect(api.language).toBe('node');
      expect(api.framework).toBe('express');
      expect(api.commands.start).toBe('node src/index.js');
      expectEvidence(api.evidence.kind, API_PKG);
      expectEvidence(api.evidence.language, API_PKG);
      expectEvidence(api.evidence.framework, API_PKG, lineOf(API_PKG, '"express"'));
      expectEvidence(api.evidence.start, API_PKG, lineOf(API_PKG, '"start"'));
    });

    it('listens on 4000, with evidence at the PORT default in src/index.js', () => {
      const api = service(model, 'api');
      expect(api.port).toBe(4000);
      expectEvidence(api.evidence.port, API_INDEX, lineOf(API_INDEX, 'process.env.PORT || 4000'));
    });

    it('has health path /healthz, with evidence at the route', () => {
      const api = service(model, 'api');
      expect(api.healthPath).toBe('/healthz');
      expectEvidence(api.evidence.healthPath, API_INDEX, lineOf(API_INDEX, "app.get('/healthz'"));
    });

    it('uses MongoDB (mongoose) and RabbitMQ (amqplib), each with package.json evidence', () => {
      const api = service(model, 'api');
      expect(api.backing.map((b) => b.kind).sort()).toEqual(['mongodb', 'rabbitmq']);
      const mongo = api.backing.find((b) => b.kind === 'mongodb');
      expect(mongo).toMatchObject({ via: 'mongoose', envVar: 'MONGODB_URI' });
      expectEvidence(mongo?.evidence, API_PKG, lineOf(API_PKG, '"mongoose"'));
      expect(mongo?.evidence.some((e) => e.reason.includes('mongoose'))).toBe(true);
      const rabbit = api.backing.find((b) => b.kind === 'rabbitmq');
      expect(rabbit).toMatchObject({ via: 'amqplib', envVar: 'AMQP_URL' });
      expectEvidence(rabbit?.evidence, API_PKG, lineOf(API_PKG, '"amqplib"'));
      expect(rabbit?.evidence.some((e) => e.reason.includes('amqplib'))).toBe(true);
    });

    it('reads MONGODB_URI, AMQP_URL, JWT_SECRET and LOG_LEVEL, with code and .env.example evidence', () => {
      const api = service(model, 'api');
      const names = api.env.map((v) => v.name);
      for (const name of ['MONGODB_URI', 'AMQP_URL', 'JWT_SECRET', 'LOG_LEVEL']) {
        expect(names).toContain(name);
        const v = api.env.find((x) => x.name === name);
        expectEvidence(v?.evidence, API_CONFIG, lineOf(API_CONFIG, `process.env.${name}`));
        expectEvidence(v?.evidence, API_ENV_EXAMPLE, lineOf(API_ENV_EXAMPLE, `${name}=`));
      }
      // The web app's build-time variable belongs to web, not to api.
      expect(names).not.toContain('VITE_API_URL');
    });

    it('marks JWT_SECRET (and the credentialed AMQP_URL) secret, LOG_LEVEL not, and keeps no secret default', () => {
      const api = service(model, 'api');
      const env = (name: string) => api.env.find((v) => v.name === name);
      expect(env('JWT_SECRET')).toMatchObject({ secret: true, default: null });
      expect(env('AMQP_URL')).toMatchObject({ secret: true, default: null });
      expect(env('LOG_LEVEL')).toMatchObject({ secret: false, default: 'info' });
    });
  });

  describe('web', () => {
    it('is a static Vite site with no port, health path or backing service', () => {
      const web = service(model, 'web');
      expect(web.kind).toBe('static');
      expect(web.language).toBe('node');
      expect(web.framework).toBe('vite');
      expect(web.port).toBeNull();
      expect(web.healthPath).toBeNull();
      expect(web.commands.start).toBeNull();
      expect(web.backing).toEqual([]);
      expectEvidence(web.evidence.kind, WEB_PKG);
      expectEvidence(web.evidence.framework, WEB_PKG, lineOf(WEB_PKG, '"vite": '));
    });

    it('builds with its build script through npm workspaces, into dist', () => {
      const web = service(model, 'web');
      expect(web.commands.build).toBe('npm run build -w apps/web');
      expectEvidence(web.evidence.build, WEB_PKG, lineOf(WEB_PKG, '"build"'));
      expect(web.evidence.build?.some((e) => e.reason.includes('vite build'))).toBe(true);
      expect(web.outputDir).toBe('dist');
      expectEvidence(web.evidence.outputDir, WEB_PKG);
    });

    it('reads VITE_API_URL at build time, and none of the API variables', () => {
      const web = service(model, 'web');
      const v = web.env.find((x) => x.name === 'VITE_API_URL');
      expect(v?.secret).toBe(false);
      expectEvidence(v?.evidence, 'apps/web/src/api.ts', lineOf('apps/web/src/api.ts', 'VITE_API_URL'));
      expect(v?.evidence.some((e) => /build-time/.test(e.reason))).toBe(true);
      expect(web.env.map((x) => x.name)).not.toContain('MONGODB_URI');
      expect(web.env.map((x) => x.name)).not.toContain('JWT_SECRET');
    });
  });
});

describe('scan (text) on an Express + Vite npm monorepo', () => {
  let stdout: string;
  beforeAll(async () => {
    const r = await cli(['scan', dir]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    stdout = r.stdout;
  });

  /** The lines of one service's block: its `name  path` header up to the next blank line. */
  function block(name: string, servicePath: string): string {
    const lines = stdout.split('\n');
    const start = lines.indexOf(`${name}  ${servicePath}`);
    if (start === -1) throw new Error(`no block for ${name} (${servicePath}) in:\n${stdout}`);
    const end = lines.indexOf('', start);
    return lines.slice(start, end === -1 ? undefined : end).join('\n');
  }

  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  /** A `label  value  file[:line] — reason` row; without `line`, any line (or none) is accepted. */
  const row = (label: string, value: string, file: string, line?: number) =>
    new RegExp(
      `^  ${esc(label)}\\s+${esc(value)}\\s+${esc(file)}${line ? `:${line}` : '(?::\\d+)?'} — \\S`,
      'm',
    );

  it('says two services were found and lists only api and web', () => {
    expect(stdout).toMatch(/^Found 2 services in /);
    expect(stdout).toContain('\napi  apps/api\n');
    expect(stdout).toContain('\nweb  apps/web\n');
    expect(stdout).not.toMatch(/^shared\b/m);
    expect(stdout).not.toContain('packages/shared');
  });

  it('shows api kind, framework, port and health path with file:line evidence', () => {
    const api = block('api', 'apps/api');
    expect(api).toMatch(row('kind', 'web', API_PKG));
    expect(api).toMatch(row('framework', 'express', API_PKG, lineOf(API_PKG, '"express"')));
    expect(api).toMatch(row('port', '4000', API_INDEX, lineOf(API_INDEX, 'process.env.PORT || 4000')));
    expect(api).toMatch(row('health path', '/healthz', API_INDEX, lineOf(API_INDEX, "app.get('/healthz'")));
  });

  it('shows api backing services with the dependency, env var and evidence', () => {
    const api = block('api', 'apps/api');
    expect(api).toMatch(
      row('backing', 'mongodb via mongoose (MONGODB_URI)', API_PKG, lineOf(API_PKG, '"mongoose"')),
    );
    expect(api).toMatch(
      row('backing', 'rabbitmq via amqplib (AMQP_URL)', API_PKG, lineOf(API_PKG, '"amqplib"')),
    );
  });

  it('shows api env vars with secrecy and evidence', () => {
    const api = block('api', 'apps/api');
    const at = (name: string) => lineOf(API_CONFIG, `process.env.${name}`);
    expect(api).toMatch(row('env', 'JWT_SECRET (secret)', API_CONFIG, at('JWT_SECRET')));
    expect(api).toMatch(row('env', 'AMQP_URL (secret)', API_CONFIG, at('AMQP_URL')));
    expect(api).toMatch(row('env', 'MONGODB_URI', API_CONFIG, at('MONGODB_URI')));
    // LOG_LEVEL is listed, and not as a secret.
    expect(api).toMatch(row('env', 'LOG_LEVEL', API_CONFIG, at('LOG_LEVEL')));
    expect(api).not.toContain('LOG_LEVEL (secret)');
  });

  it('shows web as a static Vite build into dist, with evidence, and its build-time env var', () => {
    const web = block('web', 'apps/web');
    expect(web).toMatch(row('kind', 'static', WEB_PKG));
    expect(web).toMatch(row('framework', 'vite', WEB_PKG, lineOf(WEB_PKG, '"vite": ')));
    expect(web).toMatch(row('build', 'npm run build -w apps/web', WEB_PKG, lineOf(WEB_PKG, '"build"')));
    expect(web).toMatch(row('output dir', 'dist', WEB_PKG));
    expect(web).toMatch(/^ {2}port\s+-$/m);
    expect(web).toMatch(/^ {2}health path\s+-$/m);
    expect(web).toMatch(
      row('env', 'VITE_API_URL', 'apps/web/src/api.ts', lineOf('apps/web/src/api.ts', 'VITE_API_URL')),
    );
    expect(web).not.toMatch(/^ {2}backing/m);
  });
});
