import { z } from 'zod';
import { Evidence } from './evidence.js';

/** What a service is: a long-running server, a background worker, static files, or a run-to-completion job. */
export const ServiceKind = z.enum(['web', 'worker', 'static', 'job']);
export type ServiceKind = z.infer<typeof ServiceKind>;

/** Lower-case identifier: `node`, `python`, `go`, `next`, `pnpm` … Open-ended so detectors can grow. */
const Id = z.string().regex(/^[a-z0-9][a-z0-9+._-]*$/, 'a lower-case identifier such as "node" or "express"');

export const BackingKind = z.enum([
  'postgresql',
  'mysql',
  'mongodb',
  'redis',
  'memcached',
  'rabbitmq',
  'kafka',
  'nats',
  'elasticsearch',
  's3',
  'sqlite',
]);
export type BackingKind = z.infer<typeof BackingKind>;

/** A database, cache, queue or store the service talks to. */
export const BackingService = z
  .object({
    kind: BackingKind,
    /** The dependency, ORM or driver that revealed it, e.g. `pg`, `prisma`, `ioredis`. */
    via: z.string(),
    /** The environment variable the code reads to connect, when known (e.g. `DATABASE_URL`). */
    envVar: z.string().nullable(),
    evidence: z.array(Evidence),
  })
  .strict();
export type BackingService = z.infer<typeof BackingService>;

/** An environment variable the service reads. */
export const EnvVar = z
  .object({
    name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/),
    /** Looks like a credential (PASSWORD, SECRET, TOKEN, KEY, DSN, URL with credentials …). */
    secret: z.boolean(),
    /** The default the code falls back to, when there is one. */
    default: z.string().nullable(),
    evidence: z.array(Evidence),
  })
  .strict();
export type EnvVar = z.infer<typeof EnvVar>;

export const Commands = z
  .object({
    /** Installs dependencies from the lockfile, e.g. `npm ci`. */
    install: z.string().nullable(),
    /** Builds the service, e.g. `npm run build`. */
    build: z.string().nullable(),
    /** Starts the process directly (not through a package manager), e.g. `node dist/server.js`. */
    start: z.string().nullable(),
  })
  .strict();
export type Commands = z.infer<typeof Commands>;

/** The facts of a service that carry evidence. */
export const FactName = z.enum([
  'kind',
  'language',
  'languageVersion',
  'framework',
  'packageManager',
  'install',
  'build',
  'start',
  'port',
  'healthPath',
  'outputDir',
]);
export type FactName = z.infer<typeof FactName>;

/** One deployable unit of the repository. */
export const Service = z
  .object({
    /** DNS-label-safe name, unique in the project. */
    name: z
      .string()
      .regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/, 'a DNS label (lower-case letters, digits, -)'),
    /** Repo-relative folder of the service, POSIX separators; `.` for the repo root. */
    path: z.string(),
    kind: ServiceKind,
    language: Id,
    languageVersion: z.string().nullable(),
    framework: Id.nullable(),
    packageManager: Id.nullable(),
    commands: Commands,
    port: z.number().int().min(1).max(65535).nullable(),
    healthPath: z.string().startsWith('/').nullable(),
    /** Build output folder relative to the service (static sites, compiled apps). */
    outputDir: z.string().nullable(),
    backing: z.array(BackingService),
    env: z.array(EnvVar),
    /** Evidence for each fact above, keyed by fact name. */
    evidence: z.partialRecord(FactName, z.array(Evidence)),
  })
  .strict();
export type Service = z.infer<typeof Service>;
