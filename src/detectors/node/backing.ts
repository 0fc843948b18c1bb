import type { Diagnostic } from '../../model/diagnostic.js';
import type { BackingKind, BackingService } from '../../model/service.js';
import type { RepoFs } from '../../repo/repo-fs.js';
import { isUnder, joinRel } from '../paths.js';
import { BACKING_ENV_VARS } from '../shared/backing-env.js';
import { keyLine } from '../shared/json-manifest.js';
import { lineAt } from '../text.js';
import type { ParsedPackage } from './parse-package-json.js';

export interface BackingEntry {
  /** The dependency (driver or client) that reveals the backing service. */
  dependency: string;
  kind: BackingKind;
}

/** Drivers and clients → the backing service they talk to. */
export const NODE_BACKING: readonly BackingEntry[] = [
  { dependency: 'pg', kind: 'postgresql' },
  { dependency: 'postgres', kind: 'postgresql' },
  { dependency: 'pg-promise', kind: 'postgresql' },
  { dependency: 'mysql', kind: 'mysql' },
  { dependency: 'mysql2', kind: 'mysql' },
  { dependency: 'mongodb', kind: 'mongodb' },
  { dependency: 'mongoose', kind: 'mongodb' },
  { dependency: 'redis', kind: 'redis' },
  { dependency: 'ioredis', kind: 'redis' },
  { dependency: 'memcached', kind: 'memcached' },
  { dependency: 'memjs', kind: 'memcached' },
  { dependency: 'amqplib', kind: 'rabbitmq' },
  { dependency: 'amqp-connection-manager', kind: 'rabbitmq' },
  { dependency: 'kafkajs', kind: 'kafka' },
  { dependency: 'nats', kind: 'nats' },
  { dependency: '@elastic/elasticsearch', kind: 'elasticsearch' },
  { dependency: '@opensearch-project/opensearch', kind: 'elasticsearch' },
  { dependency: '@aws-sdk/client-s3', kind: 's3' },
  { dependency: 'minio', kind: 's3' },
  { dependency: 'better-sqlite3', kind: 'sqlite' },
  { dependency: 'sqlite3', kind: 'sqlite' },
];

/** Prisma datasource providers → backing kind. */
export const PRISMA_PROVIDERS: Readonly<Record<string, BackingKind>> = {
  postgresql: 'postgresql',
  postgres: 'postgresql',
  cockroachdb: 'postgresql',
  mysql: 'mysql',
  mongodb: 'mongodb',
  sqlite: 'sqlite',
};

export interface PrismaDatasource {
  provider: string | null;
  providerLine: number | null;
  /** The env var in `url = env("DATABASE_URL")`, when the url comes from the environment. */
  envVar: string | null;
}

/** Reads the first `datasource` block of a Prisma schema. Never throws; null when there is none. */
export function parsePrismaDatasource(text: string): PrismaDatasource | null {
  const start = /^\s*datasource\s+\w+\s*\{/m.exec(text);
  if (!start) return null;
  const bodyStart = start.index + start[0].length;
  const close = text.indexOf('}', bodyStart);
  const body = text.slice(bodyStart, close === -1 ? text.length : close);
  const provider = /^\s*provider\s*=\s*"([^"]*)"/m.exec(body);
  const url = /^\s*url\s*=\s*env\(\s*"([A-Za-z_][A-Za-z0-9_]*)"\s*\)/m.exec(body);
  return {
    provider: provider ? (provider[1] as string) : null,
    providerLine: provider
      ? lineAt(text, bodyStart + provider.index + (provider[0].length - provider[0].trimStart().length))
      : null,
    envVar: url ? (url[1] as string) : null,
  };
}

/**
 * Backing services of a package: Prisma datasources first (they name the env var), then driver
 * dependencies; one entry per kind, evidence merged. `envNames` are the env vars the service reads.
 */
export function detectBacking(
  fs: RepoFs,
  target: ParsedPackage,
  envNames: ReadonlySet<string>,
  nestedPackageDirs: readonly string[] = [],
): { backing: BackingService[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const found: BackingService[] = [];
  const { pkg } = target;
  const deps = { ...pkg.devDependencies, ...pkg.dependencies };

  const usesPrisma = 'prisma' in deps || '@prisma/client' in deps;
  const schemas = prismaSchemaFiles(fs, target, nestedPackageDirs);
  if (usesPrisma || schemas.length > 0) {
    for (const file of schemas) {
      const r = fs.readText(file);
      if (!r.ok) {
        diagnostics.push({
          severity: 'warning',
          file,
          message: `cannot read the Prisma schema (${r.reason}): ${r.message}`,
        });
        continue;
      }
      const ds = parsePrismaDatasource(r.text);
      if (!ds) continue;
      const kind = ds.provider ? PRISMA_PROVIDERS[ds.provider] : undefined;
      if (!kind) {
        diagnostics.push(
          ds.provider
            ? {
                severity: 'info',
                file,
                ...(ds.providerLine ? { line: ds.providerLine } : {}),
                message: `Prisma provider "${ds.provider}" is not a backing service shipready provisions`,
              }
            : {
                severity: 'warning',
                file,
                message: 'the Prisma datasource has no provider',
                fix: 'add provider = "postgresql" (or mysql, sqlite, mongodb) to the datasource',
              },
        );
        continue;
      }
      found.push({
        kind,
        via: 'prisma',
        envVar: ds.envVar,
        evidence: [
          {
            file,
            line: ds.providerLine ?? undefined,
            reason: `Prisma datasource provider "${ds.provider}"${ds.envVar ? ` reading ${ds.envVar}` : ''}`,
            confidence: 'explicit',
          },
        ],
      });
      break;
    }
  }

  for (const entry of NODE_BACKING) {
    const section = entry.dependency in pkg.dependencies ? 'dependencies' : null;
    if (!section) continue;
    found.push({
      kind: entry.kind,
      via: entry.dependency,
      envVar: BACKING_ENV_VARS[entry.kind].find((v) => envNames.has(v)) ?? null,
      evidence: [
        {
          file: target.file,
          line: keyLine(target.text, entry.dependency, section),
          reason: `dependencies has ${entry.dependency}`,
          confidence: 'strong',
        },
      ],
    });
  }

  // One entry per kind: the first found names it (Prisma before drivers); evidence is merged.
  const byKind = new Map<BackingKind, BackingService>();
  for (const b of found) {
    const prev = byKind.get(b.kind);
    if (!prev) {
      byKind.set(b.kind, { ...b, evidence: [...b.evidence] });
      continue;
    }
    prev.envVar ??= b.envVar;
    prev.evidence.push(...b.evidence);
  }
  const backing = [...byKind.values()].sort((a, b) => a.kind.localeCompare(b.kind));
  return { backing, diagnostics };
}

/** Prisma schema files of a package: package.json `prisma.schema`, prisma/schema.prisma, schema.prisma, then any other `.prisma` file. */
export function prismaSchemaFiles(fs: RepoFs, target: ParsedPackage, nested: readonly string[]): string[] {
  const candidates: string[] = [];
  if (target.pkg.prismaSchema)
    candidates.push(joinRel(target.dir, target.pkg.prismaSchema.replace(/^\.\//, '')));
  candidates.push(joinRel(target.dir, 'prisma/schema.prisma'), joinRel(target.dir, 'schema.prisma'));
  const out = candidates.filter((f) => fs.exists(f));
  // Multi-file schemas (prisma/schema/*.prisma) and other locations.
  for (const f of fs.filesUnder(target.dir)) {
    if (!f.endsWith('.prisma') || nested.some((n) => isUnder(f, n))) continue;
    if (!out.includes(f)) out.push(f);
  }
  return out;
}
