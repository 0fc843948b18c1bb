import type { BackingKind, BackingService } from '../../model/service.js';
import { BACKING_ENV_VARS } from '../shared/backing-env.js';
import type { CargoDep } from './cargo-toml.js';

export interface RustBackingEntry {
  /** The crate that reveals the backing service. */
  crate: string;
  /** When set, the crate reveals it only with this feature enabled (sqlx, diesel, sea-orm pick a database by feature). */
  feature?: string;
  kind: BackingKind;
}

/** Rust drivers and clients → the backing service they talk to. */
export const RUST_BACKING: readonly RustBackingEntry[] = [
  { crate: 'sqlx', feature: 'postgres', kind: 'postgresql' },
  { crate: 'sqlx', feature: 'mysql', kind: 'mysql' },
  { crate: 'sqlx', feature: 'sqlite', kind: 'sqlite' },
  { crate: 'diesel', feature: 'postgres', kind: 'postgresql' },
  { crate: 'diesel', feature: 'mysql', kind: 'mysql' },
  { crate: 'diesel', feature: 'sqlite', kind: 'sqlite' },
  { crate: 'diesel-async', feature: 'postgres', kind: 'postgresql' },
  { crate: 'diesel-async', feature: 'mysql', kind: 'mysql' },
  { crate: 'sea-orm', feature: 'sqlx-postgres', kind: 'postgresql' },
  { crate: 'sea-orm', feature: 'sqlx-mysql', kind: 'mysql' },
  { crate: 'sea-orm', feature: 'sqlx-sqlite', kind: 'sqlite' },
  { crate: 'tokio-postgres', kind: 'postgresql' },
  { crate: 'postgres', kind: 'postgresql' },
  { crate: 'deadpool-postgres', kind: 'postgresql' },
  { crate: 'bb8-postgres', kind: 'postgresql' },
  { crate: 'mysql', kind: 'mysql' },
  { crate: 'mysql_async', kind: 'mysql' },
  { crate: 'rusqlite', kind: 'sqlite' },
  { crate: 'mongodb', kind: 'mongodb' },
  { crate: 'redis', kind: 'redis' },
  { crate: 'deadpool-redis', kind: 'redis' },
  { crate: 'bb8-redis', kind: 'redis' },
  { crate: 'fred', kind: 'redis' },
  { crate: 'memcache', kind: 'memcached' },
  { crate: 'lapin', kind: 'rabbitmq' },
  { crate: 'deadpool-lapin', kind: 'rabbitmq' },
  { crate: 'rdkafka', kind: 'kafka' },
  { crate: 'kafka', kind: 'kafka' },
  { crate: 'async-nats', kind: 'nats' },
  { crate: 'nats', kind: 'nats' },
  { crate: 'elasticsearch', kind: 'elasticsearch' },
  { crate: 'opensearch', kind: 'elasticsearch' },
  { crate: 'aws-sdk-s3', kind: 's3' },
  { crate: 'rust-s3', kind: 's3' },
];

/** Backing services from the crate's dependencies (and their features), one per kind with evidence merged. */
export function detectRustBacking(
  manifestFile: string,
  deps: readonly CargoDep[],
  envNames: ReadonlySet<string>,
  table: readonly RustBackingEntry[] = RUST_BACKING,
): BackingService[] {
  const byKind = new Map<BackingKind, BackingService>();
  for (const entry of table) {
    const dep = deps.find(
      (d) => d.crate === entry.crate && (!entry.feature || d.features.includes(entry.feature)),
    );
    if (!dep) continue;
    const evidence = {
      file: manifestFile,
      ...(dep.line ? { line: dep.line } : {}),
      reason: `${dep.section} has ${entry.crate}${entry.feature ? ` with the "${entry.feature}" feature` : ''}`,
      confidence: 'strong' as const,
    };
    const prev = byKind.get(entry.kind);
    if (prev) {
      prev.evidence.push(evidence);
      continue;
    }
    byKind.set(entry.kind, {
      kind: entry.kind,
      via: entry.crate,
      envVar: BACKING_ENV_VARS[entry.kind].find((v) => envNames.has(v)) ?? null,
      evidence: [evidence],
    });
  }
  return [...byKind.values()].sort((a, b) => a.kind.localeCompare(b.kind));
}
