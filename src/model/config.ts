import { z } from 'zod';
import { Ci, Container, Monitoring, Platform, Strategy } from './choices.js';
import { ServiceKind } from './service.js';

const Id = z.string().regex(/^[a-z0-9][a-z0-9+._-]*$/, 'a lower-case identifier such as "node"');

/** Per-service overrides of detected facts, or a service declared by hand. */
export const ServiceConfig = z
  .object({
    /** Folder of the service, repo-relative. Required to declare a service detection did not find. */
    path: z.string().optional(),
    /** Drop this detected service from the model. */
    ignore: z.boolean().optional(),
    kind: ServiceKind.optional(),
    language: Id.optional(),
    languageVersion: z.string().optional(),
    framework: Id.nullable().optional(),
    packageManager: Id.nullable().optional(),
    commands: z
      .object({
        install: z.string().nullable().optional(),
        build: z.string().nullable().optional(),
        start: z.string().nullable().optional(),
      })
      .strict()
      .optional(),
    port: z.number().int().min(1).max(65535).nullable().optional(),
    healthPath: z.string().startsWith('/', 'a path starting with "/"').nullable().optional(),
    outputDir: z.string().nullable().optional(),
    /** Add env vars the code reads in ways detection cannot see, or correct one (e.g. mark it secret). */
    env: z
      .record(
        z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name'),
        z.object({ secret: z.boolean().optional(), default: z.string().nullable().optional() }).strict(),
      )
      .optional(),
  })
  .strict();
export type ServiceConfig = z.infer<typeof ServiceConfig>;

export const CONFIG_FILE_NAMES = ['shipready.config.yaml', 'shipready.config.yml'] as const;

/** `shipready.config.yaml`: choices and per-service overrides. JSON Schema: docs/schema/config.json. */
export const Config = z
  .object({
    $schema: z.string().optional(),
    version: z.literal(1).optional().describe('Config format version'),
    platform: Platform.optional(),
    ci: Ci.optional(),
    monitoring: Monitoring.optional(),
    strategy: Strategy.optional(),
    container: Container.optional(),
    images: z
      .object({
        digests: z
          .record(
            z
              .string()
              .regex(
                /^[a-z0-9][a-z0-9._/:-]*$/,
                'an image reference as generated, e.g. node:22-bookworm-slim',
              ),
            z.string().regex(/^sha256:[a-f0-9]{64}$/, 'a digest: sha256: and 64 hex digits'),
          )
          .describe(
            'Pin base images to digests: each generated FROM of this exact reference becomes reference@digest',
          ),
      })
      .strict()
      .optional(),
    /** Keyed by service name (a DNS label). */
    services: z
      .record(z.string().regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/, 'a DNS label'), ServiceConfig)
      .optional(),
  })
  .strict();
export type Config = z.infer<typeof Config>;
