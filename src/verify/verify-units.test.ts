import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ShipreadyError } from '../errors.js';
import type { ProjectModel } from '../model/project.js';
import type { Service } from '../model/service.js';
import { backingFor } from './backing.js';
import { findOnPath, resolveEngine, spawnEngineRunner } from './engine.js';
import { probeTcp } from './probe.js';
import { planTargets } from './targets.js';
import { isNonRootUser, lastLines, parseHostPort } from './verify.js';

const temps: string[] = [];
afterEach(() => {
  for (const t of temps.splice(0)) rmSync(t, { recursive: true, force: true });
});
function tempDir(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'shipready-verify-unit-'));
  temps.push(d);
  return d;
}

describe('small parsers', () => {
  it('isNonRootUser: empty, root and 0 are root; names and other uids are not', () => {
    expect(['', '  ', 'root', '0', 'root:root', '0:0', '0:1000', '00', ':1000'].map(isNonRootUser)).toEqual(
      Array(9).fill(false),
    );
    expect(['node', '1000', '1000:1000', '101', 'nginx:nginx'].map(isNonRootUser)).toEqual(
      Array(5).fill(true),
    );
  });

  it('parseHostPort reads the first address line of `<engine> port`', () => {
    expect(parseHostPort('127.0.0.1:49153\n[::1]:49153\n')).toBe(49153);
    expect(parseHostPort('')).toBeNull();
    expect(parseHostPort('Error: no public port')).toBeNull();
  });

  it('lastLines keeps the last non-empty lines', () => {
    expect(lastLines('a\n\nb\r\nc  \n\n', 2)).toEqual(['b', 'c']);
  });
});

describe('backingFor', () => {
  const b = (kind: Service['backing'][number]['kind'], envVar: string | null = null) => ({
    kind,
    via: 'x',
    envVar,
    evidence: [],
  });

  it('one container per kind, none for sqlite; a detected envVar gets the connection string too', () => {
    const { plans, appEnv } = backingFor([
      b('postgresql', 'PG_URL'),
      b('postgresql'),
      b('sqlite'),
      b('redis'),
    ]);
    expect(plans.map((p) => [p.kind, p.spec.alias])).toEqual([
      ['postgresql', 'postgres'],
      ['redis', 'redis'],
    ]);
    expect(appEnv).toEqual([
      ['DATABASE_URL', 'postgres://app:app@postgres:5432/app'],
      ['PG_URL', 'postgres://app:app@postgres:5432/app'],
      ['REDIS_URL', 'redis://redis:6379'],
    ]);
  });
});

describe('engine', () => {
  it('findOnPath finds executables only', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'podman'), '#!/bin/sh\n', { mode: 0o755 });
    writeFileSync(path.join(dir, 'docker'), 'not executable', { mode: 0o644 });
    mkdirSync(path.join(dir, 'buildah'));
    expect(findOnPath('podman', `/nonexistent${path.delimiter}${dir}`)).toBe(path.join(dir, 'podman'));
    expect(findOnPath('docker', dir)).toBeNull();
    expect(findOnPath('buildah', dir)).toBeNull();
    expect(findOnPath('podman', undefined)).toBeNull();
  });

  it('resolveEngine: flag > config > podman on PATH > docker; errors name the fix', () => {
    const both = (n: string) => `/bin/${n}`;
    expect(resolveEngine({ flag: 'docker', configured: 'podman', which: both }).engine).toBe('docker');
    expect(resolveEngine({ configured: 'docker', which: both })).toEqual({
      engine: 'docker',
      bin: '/bin/docker',
      origin: 'config',
    });
    expect(resolveEngine({ which: both }).engine).toBe('podman');
    expect(resolveEngine({ which: (n) => (n === 'docker' ? '/d' : null) })).toEqual({
      engine: 'docker',
      bin: '/d',
      origin: 'detected',
    });
    expect(() => resolveEngine({ which: () => null })).toThrow(ShipreadyError);
    expect(() =>
      resolveEngine({ configured: 'podman', which: (n) => (n === 'docker' ? '/d' : null) }),
    ).toThrow(
      /podman \(from the config file \(container\)\) is not on PATH — install it .* or pass --engine docker/,
    );
  });

  it('spawnEngineRunner passes argv without a shell and reports exit code and output', async () => {
    const runner = spawnEngineRunner('docker', process.execPath, { PATH: process.env.PATH });
    const r = await runner.run([
      '-e',
      'console.log(process.argv[1]); console.error("e"); process.exit(3)',
      '$(echo hi) ; x',
    ]);
    expect(r).toEqual({ code: 3, stdout: '$(echo hi) ; x\n', stderr: 'e\n' });
  });

  it('an aborted call kills the process', async () => {
    const runner = spawnEngineRunner('podman', process.execPath, {});
    const ac = new AbortController();
    const started = Date.now();
    setTimeout(() => ac.abort(), 50);
    const r = await runner.run(['-e', 'setTimeout(() => {}, 20000)'], { signal: ac.signal });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(r.code).not.toBe(0);
  });

  it('a missing binary is exit 127, not a throw', async () => {
    const r = await spawnEngineRunner('docker', '/nonexistent/docker', {}).run(['ps']);
    expect(r.code).toBe(127);
    expect(r.stderr).toContain('ENOENT');
  });
});

describe('probeTcp', () => {
  it('ready when a listener keeps the connection; not ready when it closes at once or nothing listens', async () => {
    const keep = net.createServer(() => undefined);
    const slam = net.createServer((s) => s.destroy());
    const listen = (srv: net.Server) =>
      new Promise<number>((r) =>
        srv.listen(0, '127.0.0.1', () => r((srv.address() as net.AddressInfo).port)),
      );
    const [kp, sp] = [await listen(keep), await listen(slam)];
    try {
      expect((await probeTcp(kp, 1000, 50)).ok).toBe(true);
      expect(await probeTcp(sp, 1000, 200)).toMatchObject({ ok: false });
      const gone = net.createServer();
      const port = await listen(gone);
      await new Promise((r) => gone.close(r));
      expect(await probeTcp(port, 1000, 50)).toMatchObject({
        ok: false,
        detail: expect.stringContaining('ECONNREFUSED'),
      });
    } finally {
      keep.close();
      slam.close();
    }
  });
});

describe('planTargets', () => {
  const service = (over: Partial<Service>): Service => ({
    name: 'web',
    path: '.',
    kind: 'web',
    language: 'node',
    languageVersion: null,
    framework: null,
    packageManager: 'npm',
    commands: { install: 'npm ci', build: null, start: 'node server.js' },
    port: 3000,
    healthPath: '/healthz',
    outputDir: null,
    backing: [],
    env: [],
    evidence: {},
    ...over,
  });
  const model = (services: Service[]): ProjectModel =>
    ({
      schemaVersion: 1,
      services,
      diagnostics: [],
      existingInfra: [],
    }) as unknown as ProjectModel;
  const choices = {
    platform: null,
    ci: null,
    monitoring: null,
    strategy: null,
    container: 'docker',
  } as const;

  it('finds a Containerfile where a Dockerfile was planned, and reports skipped services with the reason', () => {
    const root = tempDir();
    writeFileSync(path.join(root, 'package-lock.json'), '{}');
    writeFileSync(path.join(root, 'Containerfile'), 'FROM scratch\n');
    const t = planTargets(root, model([service({}), service({ name: 'cron', kind: 'job' })]), choices);
    expect(t[0]).toMatchObject({
      name: 'web',
      dockerfile: 'Containerfile',
      context: '.',
      port: 3000,
      healthPath: '/healthz',
    });
    expect(t[1]).toMatchObject({ name: 'cron', skipped: expect.stringContaining('job') });
  });

  it('names every missing Dockerfile and tells to run init', () => {
    const root = tempDir();
    writeFileSync(path.join(root, 'package-lock.json'), '{}');
    expect(() => planTargets(root, model([service({})]), choices)).toThrow(
      /Dockerfile not found — run `shipready init` first/,
    );
  });
});
