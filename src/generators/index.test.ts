import { describe, expect, it } from 'vitest';
import { isShipreadyError } from '../errors.js';
import { AXIS_NAMES } from '../model/choices.js';
import { availableValues, GENERATORS, generateAll, supportsChoices } from './index.js';
import { expressJsPnpm, fastifyTsApi, makeChoices, makeModel, queueWorker, viteSpa } from './test-helpers.js';
import type { Artifact, Generator } from './types.js';

const model = () => makeModel([fastifyTsApi(), viteSpa(), queueWorker()]);

describe('GENERATORS', () => {
  it('has unique ids', () => {
    const ids = GENERATORS.map((g) => g.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(['dockerfile', 'compose', 'setup-guide']);
  });
});

describe('generateAll', () => {
  it('runs every applicable generator and sorts artifacts by path', () => {
    const paths = generateAll(model(), makeChoices()).map((a) => a.path);
    expect(paths).toEqual([
      '.env.example',
      'apps/frontend/.dockerignore',
      'apps/frontend/Dockerfile',
      'compose.yaml',
      'deployment_setup_guide.md',
      'services/api/.dockerignore',
      'services/api/Dockerfile',
      'workers/jobs/.dockerignore',
      'workers/jobs/Dockerfile',
    ]);
  });

  it('is deterministic: two runs give byte-identical artifacts', () => {
    const a = generateAll(model(), makeChoices());
    const b = generateAll(model(), makeChoices());
    expect(b).toEqual(a);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });

  it('does not depend on the order of services in the model', () => {
    const reversed = makeModel([queueWorker(), viteSpa(), fastifyTsApi()]);
    const docker = (arts: Artifact[]) => arts.filter((a) => a.generator === 'dockerfile');
    expect(docker(generateAll(reversed, makeChoices()))).toEqual(docker(generateAll(model(), makeChoices())));
  });

  it('writes Containerfiles for podman', () => {
    const paths = generateAll(makeModel([expressJsPnpm()]), makeChoices({ container: 'podman' })).map(
      (a) => a.path,
    );
    expect(paths).toEqual([
      '.dockerignore',
      '.env.example',
      'Containerfile',
      'compose.yaml',
      'deployment_setup_guide.md',
    ]);
  });

  it('produces nothing for an empty model', () => {
    expect(generateAll(makeModel([]), makeChoices())).toEqual([]);
  });

  it('throws a ShipreadyError when two generators claim the same path', () => {
    const clash = (id: string): Generator => ({
      id,
      description: id,
      supports: {},
      applies: () => true,
      generate: () => [
        { path: 'same.txt', content: id, format: 'text', generator: id, ownership: 'managed' },
      ],
    });
    let caught: unknown;
    try {
      generateAll(model(), makeChoices(), [clash('a'), clash('b')]);
    } catch (e) {
      caught = e;
    }
    expect(isShipreadyError(caught)).toBe(true);
    expect(String(caught)).toMatch(/same\.txt/);
  });

  it('skips a generator whose supports list excludes the chosen value', () => {
    const only = (platform: 'compose' | 'kubernetes'): Generator => ({
      id: platform,
      description: platform,
      supports: { platform: [platform] },
      applies: () => true,
      generate: () => [
        { path: `${platform}.txt`, content: '', format: 'text', generator: platform, ownership: 'managed' },
      ],
    });
    const gens = [only('compose'), only('kubernetes')];
    expect(generateAll(model(), makeChoices({ platform: 'compose' }), gens).map((a) => a.path)).toEqual([
      'compose.txt',
    ]);
    expect(supportsChoices(only('compose'), makeChoices({ platform: null }))).toBe(true);
  });
});

describe('availableValues', () => {
  it('offers only values some generator implements', () => {
    expect(availableValues('container')).toEqual(['docker', 'podman']);
    for (const axis of AXIS_NAMES.filter((a) => a !== 'container')) {
      expect(availableValues(axis)).toEqual([]);
    }
  });
});
