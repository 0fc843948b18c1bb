import { describe, expect, it } from 'vitest';
import type { ProjectModel } from '../model/project.js';
import type { Service } from '../model/service.js';
import { applyConfig } from './apply-config.js';

const api: Service = {
  name: 'api',
  path: 'apps/api',
  kind: 'web',
  language: 'node',
  languageVersion: '20',
  framework: 'express',
  packageManager: 'npm',
  commands: { install: 'npm ci', build: null, start: 'node server.js' },
  port: 3000,
  healthPath: '/health',
  outputDir: null,
  backing: [],
  env: [],
  evidence: { port: [{ file: 'apps/api/server.js', line: 9, reason: 'listen(3000)', confidence: 'strong' }] },
};
const model: ProjectModel = { schemaVersion: 1, services: [api], diagnostics: [], existingInfra: [] };
const FILE = 'shipready.config.yaml';

describe('applyConfig', () => {
  it('returns the model untouched when the config has no services', () => {
    expect(applyConfig(model, {}, null)).toBe(model);
  });

  it('overrides detected facts and records the config as explicit evidence', () => {
    const out = applyConfig(
      model,
      { services: { api: { port: 8080, commands: { start: 'node dist/main.js' } } } },
      FILE,
    );
    const s = out.services[0] as Service;
    expect(s.port).toBe(8080);
    expect(s.commands.start).toBe('node dist/main.js');
    expect(s.commands.install).toBe('npm ci');
    expect(s.evidence.port).toEqual([
      { file: FILE, reason: `set by services.api.port in ${FILE}`, confidence: 'explicit' },
    ]);
    expect(s.evidence.start?.[0]?.reason).toContain('services.api.commands.start');
    // the input model is not mutated
    expect(api.port).toBe(3000);
  });

  it('adds env vars detection missed and corrects detected ones', () => {
    const withEnv: ProjectModel = {
      ...model,
      services: [
        {
          ...api,
          env: [
            {
              name: 'API_URL',
              secret: false,
              default: null,
              evidence: [{ file: 'a.js', reason: 'x', confidence: 'strong' }],
            },
          ],
        },
      ],
    };
    const out = applyConfig(
      withEnv,
      {
        services: {
          api: {
            env: { API_URL: { secret: true }, SENTRY_DSN: { secret: true }, REGION: { default: 'eu' } },
          },
        },
      },
      FILE,
    );
    const env = out.services[0]?.env ?? [];
    expect(env.map((v) => [v.name, v.secret, v.default])).toEqual([
      ['API_URL', true, null],
      ['REGION', false, 'eu'],
      ['SENTRY_DSN', true, null],
    ]);
    expect(env[0]?.evidence.map((e) => e.file)).toEqual([FILE, 'a.js']);
  });

  it('can null a fact (e.g. no health endpoint)', () => {
    const out = applyConfig(model, { services: { api: { healthPath: null } } }, FILE);
    expect(out.services[0]?.healthPath).toBeNull();
  });

  it('drops a service marked ignore', () => {
    expect(applyConfig(model, { services: { api: { ignore: true } } }, FILE).services).toEqual([]);
  });

  it('declares a service detection did not find', () => {
    const out = applyConfig(
      model,
      { services: { worker: { path: 'jobs', language: 'python', commands: { start: 'python run.py' } } } },
      FILE,
    );
    const w = out.services.find((s) => s.name === 'worker');
    expect(w).toMatchObject({
      path: 'jobs',
      kind: 'worker',
      language: 'python',
      commands: { start: 'python run.py' },
    });
    expect(w?.evidence.language?.[0]?.confidence).toBe('explicit');
  });

  it('names the entry when it matches no service and has no path', () => {
    expect(() => applyConfig(model, { services: { wrker: { port: 1 } } }, FILE)).toThrow(
      /^shipready\.config\.yaml: services\.wrker: no detected service is named "wrker" \(detected: api\)/,
    );
  });

  it('requires language and a start command to declare a service', () => {
    expect(() => applyConfig(model, { services: { w: { path: 'w' } } }, FILE)).toThrow(
      /services\.w\.language is required/,
    );
    expect(() => applyConfig(model, { services: { w: { path: 'w', language: 'go' } } }, FILE)).toThrow(
      /services\.w\.commands\.start is required/,
    );
  });

  it('refuses a service path outside the repository', () => {
    expect(() =>
      applyConfig(
        model,
        { services: { w: { path: '../elsewhere', language: 'go', commands: { start: 'x' } } } },
        FILE,
      ),
    ).toThrow(/outside the repository/);
  });
});
