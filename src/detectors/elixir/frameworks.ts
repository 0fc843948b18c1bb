import type { Evidence } from '../../model/evidence.js';
import type { BackingKind } from '../../model/service.js';
import type { MixProject } from './mix.js';

export interface ElixirFrameworkEntry {
  id: string;
  /** Hex dependencies revealing it (any one). */
  dependencies: readonly string[];
  /** Port when the config does not say (Phoenix's generated config, Plug.Cowboy's and Bandit's default). */
  defaultPort: number;
  /** Higher wins: Phoenix runs on Plug with Cowboy or Bandit, so it outranks a bare Plug server. */
  priority: number;
}

/** Elixir web frameworks; the order decides nothing, `priority` does. */
export const ELIXIR_FRAMEWORKS: readonly ElixirFrameworkEntry[] = [
  { id: 'phoenix', dependencies: ['phoenix'], defaultPort: 4000, priority: 100 },
  { id: 'plug', dependencies: ['plug_cowboy', 'bandit'], defaultPort: 4000, priority: 10 },
];

export interface ElixirFrameworkMatch {
  entry: ElixirFrameworkEntry;
  /** The project (umbrella child or the root) whose mix.exs declares it. */
  file: string;
  evidence: Evidence[];
}

/** The highest-priority framework among the given projects' production dependencies. */
export function detectElixirFramework(
  projects: readonly MixProject[],
  table: readonly ElixirFrameworkEntry[] = ELIXIR_FRAMEWORKS,
): ElixirFrameworkMatch | null {
  const found: ElixirFrameworkMatch[] = [];
  for (const entry of table) {
    for (const p of projects) {
      const dep = p.deps.find((d) => d.prod && entry.dependencies.includes(d.name));
      if (!dep) continue;
      found.push({
        entry,
        file: p.file,
        evidence: [{ file: p.file, line: dep.line, reason: `depends on :${dep.name}`, confidence: 'strong' }],
      });
      break;
    }
  }
  found.sort((a, b) => b.entry.priority - a.entry.priority || a.entry.id.localeCompare(b.entry.id));
  const best = found[0];
  if (!best) return null;
  const others = found.slice(1).map((f) => f.entry.id);
  if (others.length > 0) {
    best.evidence = [
      {
        ...(best.evidence[0] as Evidence),
        reason: `${best.evidence[0]?.reason} (outranks ${others.join(', ')})`,
      },
    ];
  }
  return best;
}

/** Hex packages → the backing service they reach. */
export const ELIXIR_BACKING: readonly { dependency: string; kind: BackingKind }[] = [
  { dependency: 'postgrex', kind: 'postgresql' },
  { dependency: 'myxql', kind: 'mysql' },
  { dependency: 'mariaex', kind: 'mysql' },
  { dependency: 'ecto_sqlite3', kind: 'sqlite' },
  { dependency: 'exqlite', kind: 'sqlite' },
  { dependency: 'mongodb_driver', kind: 'mongodb' },
  { dependency: 'mongodb', kind: 'mongodb' },
  { dependency: 'redix', kind: 'redis' },
  { dependency: 'amqp', kind: 'rabbitmq' },
  { dependency: 'broadway_rabbitmq', kind: 'rabbitmq' },
  { dependency: 'brod', kind: 'kafka' },
  { dependency: 'kafka_ex', kind: 'kafka' },
  { dependency: 'broadway_kafka', kind: 'kafka' },
  { dependency: 'gnat', kind: 'nats' },
  { dependency: 'elasticsearch', kind: 'elasticsearch' },
  { dependency: 'snap', kind: 'elasticsearch' },
  { dependency: 'ex_aws_s3', kind: 's3' },
  { dependency: 'memcachex', kind: 'memcached' },
];

/** Env vars conventionally holding each kind's connection settings (Phoenix generators use DATABASE_URL). */
export const ELIXIR_BACKING_ENV: Readonly<Record<BackingKind, readonly string[]>> = {
  postgresql: ['DATABASE_URL', 'POSTGRES_URL'],
  mysql: ['DATABASE_URL', 'MYSQL_URL'],
  sqlite: ['DATABASE_PATH', 'DATABASE_URL'],
  mongodb: ['MONGODB_URL', 'MONGO_URL', 'MONGODB_URI'],
  redis: ['REDIS_URL', 'REDIS_HOST'],
  rabbitmq: ['AMQP_URL', 'RABBITMQ_URL'],
  kafka: ['KAFKA_BROKERS', 'KAFKA_HOSTS'],
  nats: ['NATS_URL'],
  elasticsearch: ['ELASTICSEARCH_URL'],
  s3: ['S3_BUCKET', 'AWS_S3_BUCKET'],
  memcached: ['MEMCACHED_SERVERS'],
};
