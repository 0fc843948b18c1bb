import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ProjectModel } from '../model/project.js';
import { DiskRepoFs, MemoryRepoFs } from '../repo/repo-fs.js';
import { DETECTORS, detectAll } from './index.js';
import type { Detector } from './types.js';

const FIXTURES = fileURLToPath(new URL('../../test/fixtures/repos/', import.meta.url));

describe('DETECTORS', () => {
  it('is sorted by id with unique ids', () => {
    const ids = DETECTORS.map((d) => d.id);
    expect(ids).toEqual([...ids].sort());
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('detectAll', () => {
  it('sorts services by path and makes names unique', () => {
    const start = (name: string) => JSON.stringify({ name, scripts: { start: 'node a.js' } });
    const { services } = detectAll(
      new MemoryRepoFs({
        'b/package.json': start('api'),
        'a/package.json': start('api'),
        'c/package.json': start('api-2'),
        'd/package.json': start('api'),
      }),
    );
    expect(services.map((s) => [s.path, s.name])).toEqual([
      ['a', 'api'],
      ['b', 'api-2'],
      ['c', 'api-2-2'],
      ['d', 'api-3'],
    ]);
  });

  it('returns a valid project model for every fixture repo', () => {
    for (const name of ['node-express-npm', 'node-monorepo', 'node-malformed', 'not-node']) {
      const r = detectAll(new DiskRepoFs(`${FIXTURES}${name}`));
      expect(() => ProjectModel.parse({ schemaVersion: 1, ...r }), name).not.toThrow();
    }
  });

  it('a detector that throws becomes an error diagnostic; the others still run', () => {
    const broken: Detector = {
      id: 'broken',
      detect: () => {
        throw new Error('boom');
      },
    };
    const fs = new MemoryRepoFs({
      'package.json': JSON.stringify({ name: 'a', scripts: { start: 'node a.js' } }),
    });
    const r = detectAll(fs, [broken, ...DETECTORS]);
    expect(r.services.map((s) => s.name)).toEqual(['a']);
    expect(r.diagnostics).toEqual([
      expect.objectContaining({ severity: 'error', message: expect.stringContaining('boom') }),
    ]);
  });
});
