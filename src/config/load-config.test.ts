import { describe, expect, it } from 'vitest';
import { ShipreadyError } from '../errors.js';
import { MemoryRepoFs } from '../repo/repo-fs.js';
import { loadConfig, parseConfig } from './load-config.js';

function errorOf(fn: () => unknown): ShipreadyError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ShipreadyError) return e;
    throw e;
  }
  throw new Error('expected a ShipreadyError');
}

describe('parseConfig', () => {
  it('accepts a full, valid config', () => {
    const cfg = parseConfig(
      [
        'version: 1',
        'container: podman',
        'services:',
        '  api:',
        '    port: 8080',
        '    healthPath: /healthz',
        '    commands:',
        '      start: node dist/main.js',
      ].join('\n'),
      'shipready.config.yaml',
    );
    expect(cfg.container).toBe('podman');
    expect(cfg.services?.api?.port).toBe(8080);
    expect(cfg.services?.api?.commands?.start).toBe('node dist/main.js');
  });

  it('treats an empty file as an empty config', () => {
    expect(parseConfig('', 'shipready.config.yaml')).toEqual({});
  });

  const bad: [string, string, RegExp][] = [
    [
      'an unknown axis value',
      'platform: heroku\n',
      /^shipready\.config\.yaml:1 \(platform\): must be one of "kubernetes", "compose"$/,
    ],
    [
      'a port of the wrong type, deep in services',
      'services:\n  api:\n    port: "eighty"\n',
      /^shipready\.config\.yaml:3 \(services\.api\.port\): expected number$/,
    ],
    [
      'a port out of range',
      'services:\n  api:\n    port: 70000\n',
      /:3 \(services\.api\.port\): must be at most 65535/,
    ],
    [
      'an unknown field',
      'container: docker\nplatfrom: kubernetes\n',
      /^shipready\.config\.yaml:2 \(platfrom\): unknown field "platfrom"/,
    ],
    [
      'a service name that is not a DNS label',
      'services:\n  My_Api: {}\n',
      /\(services\.My_Api\): .*DNS label/,
    ],
    [
      'a health path without a slash',
      'services:\n  api:\n    healthPath: health\n',
      /:3 \(services\.api\.healthPath\): .*"\/"/,
    ],
    [
      'broken YAML',
      'services:\n  api: [1, 2\n',
      /^shipready\.config\.yaml:\d+: invalid YAML: .* — fix the YAML syntax$/,
    ],
  ];
  it.each(bad)('rejects %s with one line naming file, line and field', (_name, text, pattern) => {
    const err = errorOf(() => parseConfig(text, 'shipready.config.yaml'));
    expect(err.message).toMatch(pattern);
    expect(err.message).not.toContain('\n');
    expect(err.exitCode).toBe(2);
  });
});

describe('loadConfig', () => {
  it('finds shipready.config.yaml at the repo root', () => {
    const fs = new MemoryRepoFs({ 'shipready.config.yaml': 'ci: gitlab-ci\n' });
    expect(loadConfig(fs)).toEqual({ file: 'shipready.config.yaml', config: { ci: 'gitlab-ci' } });
  });
  it('also accepts the .yml spelling', () => {
    const fs = new MemoryRepoFs({ 'shipready.config.yml': 'strategy: canary\n' });
    expect(loadConfig(fs).config.strategy).toBe('canary');
  });
  it('returns an empty config when there is no file', () => {
    expect(loadConfig(new MemoryRepoFs({ 'package.json': '{}' }))).toEqual({ file: null, config: {} });
  });
  it('names the file when it cannot be read', () => {
    const err = errorOf(() => loadConfig(new MemoryRepoFs({ 'shipready.config.yaml': null })));
    expect(err.message).toMatch(/^shipready\.config\.yaml: cannot read config: permission denied/);
  });
});
