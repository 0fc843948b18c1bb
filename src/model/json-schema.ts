import { z } from 'zod';
import { Config } from './config.js';
import { ProjectModel } from './project.js';

const BASE = 'urn:shipready:schema';

function toSchema(
  schema: z.ZodType,
  id: string,
  title: string,
  io: 'input' | 'output',
): Record<string, unknown> {
  const json = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'throw' }) as Record<
    string,
    unknown
  >;
  return { $schema: json.$schema, $id: `${BASE}:${id}`, title, ...json };
}

/** JSON Schema of `shipready scan --json` output (docs/schema/project-model.json). */
export function projectModelJsonSchema(): Record<string, unknown> {
  return toSchema(ProjectModel, 'project-model.json', 'shipready project model', 'output');
}

/** JSON Schema of `shipready.config.yaml` (docs/schema/config.json), for editors and CI. */
export function configJsonSchema(): Record<string, unknown> {
  return toSchema(Config, 'config.json', 'shipready.config.yaml', 'input');
}

export const SCHEMA_FILES = {
  'docs/schema/project-model.json': projectModelJsonSchema,
  'docs/schema/config.json': configJsonSchema,
} as const;
