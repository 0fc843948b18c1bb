/**
 * The generated compose.yaml against the official Compose Specification JSON Schema and a compose
 * linter. The schema is the compose-spec project's `schema/compose-spec.json` as vendored by the
 * `dclint` npm package (its `update-compose-schema` script downloads it from
 * github.com/compose-spec/compose-spec; Apache-2.0), so it updates with the devDependency.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { Ajv } from 'ajv';
import { DCLinter } from 'dclint';
import { afterAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import type { Choices } from '../../model/choices.js';
import type { ProjectModel } from '../../model/project.js';
import {
  expressJsPnpm,
  fastifyTsApi,
  makeChoices,
  makeModel,
  queueWorker,
  viteSpa,
} from '../test-helpers.js';
import { COMPOSE_FILE, composeGenerator } from './compose.generator.js';
import { everyBackingApi } from './fixtures.js';

const require = createRequire(import.meta.url);
const schemaPath = path.join(
  path.dirname(require.resolve('dclint/package.json')),
  'schemas/compose.schema.json',
);
const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as Record<string, unknown>;

const cases: [string, () => ProjectModel, Partial<Choices>][] = [
  ['multi-service', () => makeModel([fastifyTsApi(), viteSpa(), queueWorker()]), {}],
  ['every-backing', () => makeModel([everyBackingApi()]), {}],
  ['express-podman', () => makeModel([expressJsPnpm()]), { container: 'podman' }],
];

function composeText(model: ProjectModel, choices: Partial<Choices>): string {
  const a = composeGenerator.generate(model, makeChoices(choices)).find((x) => x.path === COMPOSE_FILE);
  if (!a) throw new Error('no compose.yaml generated');
  return a.content;
}

describe('compose.yaml: Compose Specification schema', () => {
  // The schema declares draft-07 by an https URL Ajv does not know by that name; its keywords are draft-07.
  const ajv = new Ajv({ allErrors: true, strict: false, validateSchema: false });
  const validate = ajv.compile(schema);

  it('is the real compose-spec schema (guards a silently emptied or swapped file)', () => {
    expect(schema.title).toBe('Compose Specification');
    const props = schema.properties as Record<string, unknown>;
    expect(Object.keys(props)).toEqual(expect.arrayContaining(['services', 'volumes', 'name']));
    // Negative control: the validator rejects what the spec forbids.
    expect(validate({ services: { a: { read_only: 'yes', restart: 1, bogus: true } } })).toBe(false);
  });

  it.each(cases)('%s validates', (_name, model, choices) => {
    const doc: unknown = YAML.parse(composeText(model(), choices));
    const ok = validate(doc);
    expect(ok ? [] : validate.errors).toEqual([]);
  });
});

describe('compose.yaml: dclint', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'shipready-compose-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  // Correctness rules only; ordering and naming-style rules are conventions we do not follow
  // (apps first then backing services; no top-level `name:`, which docker-compose 1.x rejects).
  const linter = new DCLinter({
    rules: {
      'no-build-and-image': 2,
      'no-duplicate-container-names': 2,
      'no-duplicate-exported-ports': 2,
      'no-quotes-in-volumes': 2,
      'no-unbound-port-interfaces': 2,
      'no-version-field': 2,
      'require-quotes-in-ports': [2, { quoteType: 'double' }],
      'service-image-require-explicit-tag': 2,
      'service-dependencies-alphabetical-order': 2,
      'service-ports-alphabetical-order': 2,
      'top-level-properties-order': 2,
      'require-project-name-field': 0,
      'service-container-name-regex': 0,
      'service-keys-order': 0,
      'services-alphabetical-order': 0,
    },
    quiet: true,
    debug: false,
    exclude: [],
  });

  // dclint's .d.ts files import without extensions, which NodeNext cannot follow: type the result here.
  const lint = (file: string): { rule: string; message: string }[] =>
    (linter.lintFiles([file], false) as { messages: { rule: string; message: string }[] }[]).flatMap(
      (r) => r.messages,
    );

  it('is live: it flags an untagged image and an unbound port (negative control)', () => {
    const file = path.join(dir, 'bad.compose.yaml');
    writeFileSync(file, 'services:\n  cache:\n    image: redis\n    ports:\n      - "6379:6379"\n');
    const rules = lint(file).map((m) => m.rule);
    expect(rules).toEqual(
      expect.arrayContaining(['service-image-require-explicit-tag', 'no-unbound-port-interfaces']),
    );
  });

  it.each(cases)('%s has no findings', (name, model, choices) => {
    const file = path.join(dir, `${name}.compose.yaml`);
    writeFileSync(file, composeText(model(), choices));
    expect(lint(file)).toEqual([]);
  });
});
