import { z } from 'zod';
import { Diagnostic } from './diagnostic.js';
import { Service } from './service.js';

export const InfraKind = z.enum([
  'dockerfile',
  'dockerignore',
  'compose',
  'kubernetes',
  'helm',
  'kustomize',
  'terraform',
  'github-actions',
  'gitlab-ci',
  'circleci',
  'procfile',
  'fly',
  'render',
  'shipready-config',
]);
export type InfraKind = z.infer<typeof InfraKind>;

/** An infrastructure file that already exists in the repo. */
export const InfraFile = z.object({ kind: InfraKind, path: z.string() }).strict();
export type InfraFile = z.infer<typeof InfraFile>;

export const PROJECT_MODEL_VERSION = 1 as const;

/** What `shipready scan --json` prints: a public contract (see docs/project-model.md). */
export const ProjectModel = z
  .object({
    schemaVersion: z.literal(PROJECT_MODEL_VERSION),
    services: z.array(Service),
    diagnostics: z.array(Diagnostic),
    existingInfra: z.array(InfraFile),
  })
  .strict();
export type ProjectModel = z.infer<typeof ProjectModel>;
