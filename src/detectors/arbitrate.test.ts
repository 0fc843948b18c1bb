import { describe, expect, it } from 'vitest';
import type { Service } from '../model/service.js';
import { arbitrate } from './arbitrate.js';

const svc = (name: string, language: string, over: Partial<Service> = {}): Service => ({
  name,
  path: '.',
  kind: 'web',
  language,
  languageVersion: null,
  framework: null,
  packageManager: null,
  commands: { install: null, build: null, start: 'run' },
  port: null,
  healthPath: null,
  outputDir: null,
  backing: [],
  env: [],
  evidence: {},
  ...over,
});

describe('arbitrate', () => {
  it('folds an asset-only package.json into the Rails app in the same folder, and says so', () => {
    const rails = svc('shop', 'ruby', { framework: 'rails' });
    const assets = svc('shop-assets', 'node', {
      kind: 'static',
      outputDir: 'public/assets',
      commands: { install: 'npm ci', build: 'npm run build', start: null },
    });
    const r = arbitrate([rails, assets]);
    expect(r.services).toEqual([rails]);
    expect(r.diagnostics[0]?.message).toMatch(
      /node files in the repository root are treated as part of the ruby service "shop"/,
    );
  });

  it('drops a bare static index.html or start.sh beside a real manifest', () => {
    const py = svc('api', 'python');
    expect(arbitrate([svc('site', 'static', { kind: 'static' }), py, svc('sh', 'shell')]).services).toEqual([
      py,
    ]);
  });

  it('keeps one Jekyll site found by both the Ruby and static detectors, without a misleading note', () => {
    const ruby = svc('blog', 'ruby', { kind: 'static', framework: 'jekyll' });
    const site = svc('blog', 'static', { kind: 'static', framework: 'jekyll' });
    const r = arbitrate([site, ruby]);
    expect(r.services).toEqual([ruby]);
    expect(r.diagnostics).toEqual([]);
    // A plain index.html beside a Ruby app is still reported.
    expect(arbitrate([svc('x', 'static', { kind: 'static' }), ruby]).diagnostics).toHaveLength(1);
  });

  it('keeps two real services of different languages in one folder', () => {
    const node = svc('web', 'node');
    const py = svc('worker', 'python', { kind: 'worker' });
    expect(arbitrate([node, py]).services).toEqual([node, py]);
  });

  it('never touches services in different folders or of one language', () => {
    const a = svc('a', 'node', { kind: 'static', commands: { install: null, build: null, start: null } });
    const b = svc('b', 'ruby', { path: 'api' });
    const c = svc('c', 'node', { name: 'c' });
    expect(arbitrate([a, b]).services).toEqual([a, b]);
    expect(arbitrate([a, c]).services).toEqual([a, c]);
  });
});
