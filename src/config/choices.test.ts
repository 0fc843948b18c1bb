import { describe, expect, it } from 'vitest';
import type { Axis } from '../model/choices.js';
import type { ProjectModel } from '../model/project.js';
import { detectChoices, resolveChoices } from './choices.js';

const ALL: Record<Axis, readonly string[]> = {
  platform: ['kubernetes', 'compose'],
  ci: ['github-actions', 'gitlab-ci'],
  monitoring: ['prometheus-grafana', 'none'],
  strategy: ['rolling', 'blue-green', 'canary'],
  container: ['docker', 'podman'],
};
const available = (axis: Axis) => ALL[axis];

describe('resolveChoices precedence: flags > config > detection > defaults', () => {
  it('uses defaults when nothing else decides', () => {
    const r = resolveChoices({ available });
    expect(r.choices).toEqual({
      platform: 'kubernetes',
      ci: 'github-actions',
      monitoring: 'prometheus-grafana',
      strategy: 'rolling',
      container: 'docker',
    });
    expect(new Set(Object.values(r.origins))).toEqual(new Set(['default']));
  });

  it('detection beats defaults, config beats detection, flags beat config', () => {
    const detected = { container: 'podman', ci: 'gitlab-ci', platform: 'compose' };
    const config = { container: 'docker' as const, ci: 'github-actions' as const };
    const flags = { container: 'podman' };
    const r = resolveChoices({ available, detected, config, flags });
    expect(r.choices.platform).toBe('compose');
    expect(r.origins.platform).toBe('detected');
    expect(r.choices.ci).toBe('github-actions');
    expect(r.origins.ci).toBe('config');
    expect(r.choices.container).toBe('podman');
    expect(r.origins.container).toBe('flag');
  });

  it('prompt answers count like flags, but flags still win', () => {
    const r = resolveChoices({
      available,
      flags: { ci: 'gitlab-ci' },
      prompted: { ci: 'github-actions', strategy: 'canary' },
    });
    expect(r.choices.ci).toBe('gitlab-ci');
    expect(r.choices.strategy).toBe('canary');
    expect(r.origins.strategy).toBe('prompt');
  });

  it('rejects an unknown flag value, naming the flag and the allowed values', () => {
    expect(() => resolveChoices({ available, flags: { platform: 'heroku' } })).toThrow(
      /^--platform: unknown platform "heroku" — use one of: kubernetes, compose$/,
    );
  });

  it('does not offer a value no generator implements', () => {
    const only = (axis: Axis) => (axis === 'container' ? ['docker', 'podman'] : []);
    const r = resolveChoices({ available: only });
    expect(r.choices.platform).toBeNull();
    expect(r.origins.platform).toBe('unavailable');
    expect(r.choices.container).toBe('docker');
    expect(() => resolveChoices({ available: only, flags: { platform: 'kubernetes' } })).toThrow(
      /platform "kubernetes" is not available in this version/,
    );
    expect(() =>
      resolveChoices({
        available: only,
        config: { platform: 'kubernetes' },
        configFile: 'shipready.config.yaml',
      }),
    ).toThrow(/^shipready\.config\.yaml \(platform\): platform "kubernetes" is not available/);
  });

  it('ignores a detected value that is not available and falls back to the default', () => {
    const only = (axis: Axis) => (axis === 'container' ? ['docker'] : []);
    const r = resolveChoices({ available: only, detected: { container: 'podman' } });
    expect(r.choices.container).toBe('docker');
    expect(r.origins.container).toBe('default');
  });
});

describe('detectChoices', () => {
  const model = (paths: [string, ProjectModel['existingInfra'][number]['kind']][]): ProjectModel => ({
    schemaVersion: 1,
    services: [],
    diagnostics: [],
    existingInfra: paths.map(([path, kind]) => ({ path, kind })),
  });
  it('suggests podman for a Containerfile and the CI system already used', () => {
    expect(
      detectChoices(
        model([
          ['Containerfile', 'dockerfile'],
          ['.gitlab-ci.yml', 'gitlab-ci'],
          ['k8s/deploy.yaml', 'kubernetes'],
        ]),
      ),
    ).toEqual({ container: 'podman', ci: 'gitlab-ci', platform: 'kubernetes' });
  });
  it('suggests nothing for a bare repo', () => {
    expect(detectChoices(model([['Dockerfile', 'dockerfile']]))).toEqual({});
  });
});
