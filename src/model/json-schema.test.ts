import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SCHEMA_FILES } from './json-schema.js';

describe('published JSON Schemas', () => {
  it.each(Object.entries(SCHEMA_FILES))(
    '%s is up to date with the zod schema (run npm run schema)',
    (file, make) => {
      const url = new URL(`../../${file}`, import.meta.url);
      if (process.env.UPDATE_GOLDEN === '1') writeFileSync(url, `${JSON.stringify(make(), null, 2)}\n`);
      const onDisk = JSON.parse(readFileSync(url, 'utf8'));
      expect(onDisk).toEqual(make());
    },
  );

  it('the config schema lists the allowed values of each choice', () => {
    const s = SCHEMA_FILES['docs/schema/config.json']() as {
      properties: Record<string, { enum?: string[] }>;
    };
    expect(s.properties.container?.enum).toEqual(['docker', 'podman']);
    expect(s.properties.strategy?.enum).toEqual(['rolling', 'blue-green', 'canary']);
  });

  it('the project model schema requires every Service field', () => {
    const s = SCHEMA_FILES['docs/schema/project-model.json']() as {
      properties: { services: { items: { required: string[] } } };
    };
    expect(s.properties.services.items.required).toEqual(
      expect.arrayContaining([
        'name',
        'path',
        'kind',
        'language',
        'commands',
        'port',
        'healthPath',
        'backing',
        'env',
        'evidence',
      ]),
    );
  });
});
