import { describe, expect, it } from 'vitest';
import type { ProjectModel } from '../model/project.js';
import type { Service } from '../model/service.js';
import { MemoryRepoFs } from '../repo/repo-fs.js';
import { appPinsVersion, sameVersion, scoreApp } from './score.js';

const svc = (over: Partial<Service>): Service => ({
  name: 'app',
  path: '.',
  kind: 'web',
  language: 'node',
  languageVersion: null,
  framework: null,
  packageManager: 'npm',
  commands: { install: 'npm ci', build: null, start: 'node index.js' },
  port: 3000,
  healthPath: null,
  outputDir: null,
  backing: [],
  env: [],
  evidence: {},
  ...over,
});
const model = (...services: Service[]): ProjectModel => ({
  schemaVersion: 1,
  services,
  diagnostics: [],
  existingInfra: [],
});

describe('sameVersion', () => {
  it.each([
    ['18', '18.20.1', true],
    ['18', '>=18', true],
    ['3.11', '3.11.4', true],
    ['3.11', '3.12', false],
    ['20', '18', false],
    ['20', 'lts', false],
  ])('%s vs %s → %s', (a, b, ok) => {
    expect(sameVersion(a, b)).toBe(ok);
  });
});

describe('appPinsVersion', () => {
  it('looks for the version as a token in non-lockfile files', () => {
    const fs = new MemoryRepoFs({ '.nvmrc': '18\n', 'package-lock.json': '"20.1.0"' });
    expect(appPinsVersion(fs, '18')).toBe(true);
    expect(appPinsVersion(fs, '20.1.0')).toBe(false);
    expect(appPinsVersion(new MemoryRepoFs({ 'a.txt': '118' }), '18')).toBe(false);
  });

  it('reads only engines and volta of a package.json, not dependency versions', () => {
    const deps = '{"devDependencies":{"@types/node":"^18.16.19"}}';
    expect(appPinsVersion(new MemoryRepoFs({ 'package.json': deps }), '18')).toBe(false);
    const engines = '{"engines":{"node":">=18"},"devDependencies":{"@types/node":"^20"}}';
    expect(appPinsVersion(new MemoryRepoFs({ 'package.json': engines }), '18')).toBe(true);
    expect(appPinsVersion(new MemoryRepoFs({ 'package.json': '{"volta":{"node":"18.2.0"}}' }), '18')).toBe(
      true,
    );
    expect(appPinsVersion(new MemoryRepoFs({ 'package.json': '{ broken' }), '18')).toBe(false);
  });
});

describe('scoreApp', () => {
  const fs = new MemoryRepoFs({ 'package.json': '{"scripts":{"start":"node index.js"}}', '.nvmrc': '18' });

  it('expands npm run start through package.json before comparing', () => {
    const r = scoreApp({ startCmd: 'npm run start' }, model(svc({})), fs);
    expect(r).toEqual([{ field: 'start', expected: 'npm run start', actual: 'node index.js', ok: true }]);
  });

  it('scores every stated field and reports misses with what we produced', () => {
    const r = scoreApp(
      { language: 'node', framework: 'next', packageManager: 'pnpm', languageVersion: '18', port: 8080 },
      model(svc({ framework: 'next', languageVersion: '18.2' })),
      fs,
    );
    expect(r.map((x) => [x.field, x.ok])).toEqual([
      ['language', true],
      ['framework', true],
      ['packageManager', false],
      ['languageVersion', true],
      ['port', false],
    ]);
  });

  it('does not score a version the app does not pin, nor config-only start commands', () => {
    const r = scoreApp({ languageVersion: '22', startCmd: 'x', configOnly: true }, model(svc({})), fs);
    expect(r).toEqual([]);
  });

  it('treats a static-file server start as matching a static service, and leaves its port out', () => {
    const r = scoreApp(
      { startCmd: 'caddy run --config /Caddyfile --adapter caddyfile 2>&1', port: 80 },
      model(
        svc({
          kind: 'static',
          outputDir: 'dist',
          port: null,
          commands: { install: 'npm ci', build: 'npm run build', start: null },
        }),
      ),
      fs,
    );
    expect(r).toEqual([{ field: 'start', expected: expect.any(String), actual: '(static: dist)', ok: true }]);
  });

  it('counts a missing service as a miss for every stated field', () => {
    const r = scoreApp({ language: 'go', startCmd: './out' }, model(), fs);
    expect(r.every((x) => !x.ok)).toBe(true);
    expect(r).toHaveLength(2);
  });
});
