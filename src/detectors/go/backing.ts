import type { BackingKind, BackingService } from '../../model/service.js';
import { BACKING_ENV_VARS } from '../shared/backing-env.js';
import { type GoMod, modulePathMatches } from './go-mod.js';

export interface GoBackingEntry {
  /** Module path (a `/vN` suffix or sub-package also matches). */
  module: string;
  kind: BackingKind;
}

/** Go drivers and clients → the backing service they talk to. */
export const GO_BACKING: readonly GoBackingEntry[] = [
  { module: 'github.com/lib/pq', kind: 'postgresql' },
  { module: 'github.com/jackc/pgx', kind: 'postgresql' },
  { module: 'gorm.io/driver/postgres', kind: 'postgresql' },
  { module: 'github.com/go-pg/pg', kind: 'postgresql' },
  { module: 'github.com/uptrace/bun/driver/pgdriver', kind: 'postgresql' },
  { module: 'github.com/go-sql-driver/mysql', kind: 'mysql' },
  { module: 'gorm.io/driver/mysql', kind: 'mysql' },
  { module: 'go.mongodb.org/mongo-driver', kind: 'mongodb' },
  { module: 'github.com/redis/go-redis', kind: 'redis' },
  { module: 'github.com/go-redis/redis', kind: 'redis' },
  { module: 'github.com/gomodule/redigo', kind: 'redis' },
  { module: 'github.com/redis/rueidis', kind: 'redis' },
  { module: 'github.com/bradfitz/gomemcache', kind: 'memcached' },
  { module: 'github.com/rabbitmq/amqp091-go', kind: 'rabbitmq' },
  { module: 'github.com/streadway/amqp', kind: 'rabbitmq' },
  { module: 'github.com/segmentio/kafka-go', kind: 'kafka' },
  { module: 'github.com/confluentinc/confluent-kafka-go', kind: 'kafka' },
  { module: 'github.com/IBM/sarama', kind: 'kafka' },
  { module: 'github.com/Shopify/sarama', kind: 'kafka' },
  { module: 'github.com/twmb/franz-go', kind: 'kafka' },
  { module: 'github.com/nats-io/nats.go', kind: 'nats' },
  { module: 'github.com/elastic/go-elasticsearch', kind: 'elasticsearch' },
  { module: 'github.com/olivere/elastic', kind: 'elasticsearch' },
  { module: 'github.com/aws/aws-sdk-go-v2/service/s3', kind: 's3' },
  { module: 'github.com/minio/minio-go', kind: 's3' },
  { module: 'github.com/mattn/go-sqlite3', kind: 'sqlite' },
  { module: 'modernc.org/sqlite', kind: 'sqlite' },
  { module: 'gorm.io/driver/sqlite', kind: 'sqlite' },
  { module: 'github.com/glebarez/sqlite', kind: 'sqlite' },
];

/**
 * Backing services from go.mod's direct requirements, one per kind with evidence merged. Indirect
 * ones are a dependency's dependencies (optional adapters, test helpers) and do not count.
 */
export function detectGoBacking(
  mod: GoMod | null,
  envNames: ReadonlySet<string>,
  table: readonly GoBackingEntry[] = GO_BACKING,
): BackingService[] {
  if (!mod) return [];
  const byKind = new Map<BackingKind, BackingService>();
  for (const entry of table) {
    for (const req of mod.requires) {
      if (!modulePathMatches(req.path, entry.module) || req.indirect) continue;
      const evidence = {
        file: mod.file,
        line: req.line,
        reason: `go.mod requires ${req.path}`,
        confidence: 'strong' as const,
      };
      const prev = byKind.get(entry.kind);
      if (prev) {
        prev.evidence.push(evidence);
        continue;
      }
      byKind.set(entry.kind, {
        kind: entry.kind,
        via: req.path,
        envVar: BACKING_ENV_VARS[entry.kind].find((v) => envNames.has(v)) ?? null,
        evidence: [evidence],
      });
    }
  }
  return [...byKind.values()].sort((a, b) => a.kind.localeCompare(b.kind));
}
