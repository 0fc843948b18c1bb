import type { BackingKind, BackingService } from '../../model/service.js';
import { type ConfigEntry, placeholders } from './app-config.js';
import { coordMatches } from './frameworks.js';
import type { JvmProject } from './project.js';

/** Drivers, clients and starters (`group:artifact`, `*` = prefix) → the backing service they reach. */
export const JVM_BACKING: readonly { dependency: string; kind: BackingKind }[] = [
  { dependency: 'org.postgresql:postgresql', kind: 'postgresql' },
  { dependency: 'org.postgresql:r2dbc-postgresql', kind: 'postgresql' },
  { dependency: 'io.r2dbc:r2dbc-postgresql', kind: 'postgresql' },
  { dependency: 'io.quarkus:quarkus-jdbc-postgresql', kind: 'postgresql' },
  { dependency: 'io.quarkus:quarkus-reactive-pg-client', kind: 'postgresql' },
  { dependency: 'io.vertx:vertx-pg-client', kind: 'postgresql' },
  { dependency: 'com.mysql:mysql-connector-j', kind: 'mysql' },
  { dependency: 'mysql:mysql-connector-java', kind: 'mysql' },
  { dependency: 'org.mariadb.jdbc:mariadb-java-client', kind: 'mysql' },
  { dependency: 'io.asyncer:r2dbc-mysql', kind: 'mysql' },
  { dependency: 'io.quarkus:quarkus-jdbc-mysql', kind: 'mysql' },
  { dependency: 'io.quarkus:quarkus-jdbc-mariadb', kind: 'mysql' },
  { dependency: 'io.quarkus:quarkus-reactive-mysql-client', kind: 'mysql' },
  { dependency: 'org.mongodb:mongodb-driver*', kind: 'mongodb' },
  { dependency: 'org.springframework.boot:spring-boot-starter-data-mongodb*', kind: 'mongodb' },
  { dependency: 'io.quarkus:quarkus-mongodb*', kind: 'mongodb' },
  { dependency: 'org.litote.kmongo:kmongo*', kind: 'mongodb' },
  { dependency: 'org.springframework.boot:spring-boot-starter-data-redis*', kind: 'redis' },
  { dependency: 'redis.clients:jedis', kind: 'redis' },
  { dependency: 'io.lettuce:lettuce-core', kind: 'redis' },
  { dependency: 'org.redisson:redisson*', kind: 'redis' },
  { dependency: 'io.quarkus:quarkus-redis-client', kind: 'redis' },
  { dependency: 'net.spy:spymemcached', kind: 'memcached' },
  { dependency: 'org.springframework.boot:spring-boot-starter-amqp', kind: 'rabbitmq' },
  { dependency: 'com.rabbitmq:amqp-client', kind: 'rabbitmq' },
  { dependency: 'io.quarkus:quarkus-messaging-rabbitmq', kind: 'rabbitmq' },
  { dependency: 'io.quarkus:quarkus-smallrye-reactive-messaging-rabbitmq', kind: 'rabbitmq' },
  { dependency: 'org.springframework.kafka:spring-kafka', kind: 'kafka' },
  { dependency: 'org.apache.kafka:kafka-clients', kind: 'kafka' },
  { dependency: 'org.apache.kafka:kafka-streams', kind: 'kafka' },
  { dependency: 'io.quarkus:quarkus-messaging-kafka', kind: 'kafka' },
  { dependency: 'io.quarkus:quarkus-smallrye-reactive-messaging-kafka', kind: 'kafka' },
  { dependency: 'io.quarkus:quarkus-kafka-client', kind: 'kafka' },
  { dependency: 'io.nats:jnats', kind: 'nats' },
  { dependency: 'co.elastic.clients:elasticsearch-java', kind: 'elasticsearch' },
  { dependency: 'org.elasticsearch.client:*', kind: 'elasticsearch' },
  { dependency: 'org.springframework.boot:spring-boot-starter-data-elasticsearch', kind: 'elasticsearch' },
  { dependency: 'org.opensearch.client:*', kind: 'elasticsearch' },
  { dependency: 'software.amazon.awssdk:s3', kind: 's3' },
  { dependency: 'com.amazonaws:aws-java-sdk-s3', kind: 's3' },
  { dependency: 'io.awspring.cloud:spring-cloud-aws-starter-s3', kind: 's3' },
  { dependency: 'io.minio:minio', kind: 's3' },
  { dependency: 'org.xerial:sqlite-jdbc', kind: 'sqlite' },
];

/** JDBC / connection URL schemes in config → backing kind. */
export const URL_SCHEMES: Readonly<Record<string, BackingKind>> = {
  'jdbc:postgresql': 'postgresql',
  'r2dbc:postgresql': 'postgresql',
  'jdbc:mysql': 'mysql',
  'jdbc:mariadb': 'mysql',
  'r2dbc:mysql': 'mysql',
  'jdbc:sqlite': 'sqlite',
  mongodb: 'mongodb',
  'mongodb+srv': 'mongodb',
  redis: 'redis',
  rediss: 'redis',
  amqp: 'rabbitmq',
  amqps: 'rabbitmq',
};

/** Config keys holding a connection URL; `sql` ones name the service's SQL database. */
const URL_KEYS: readonly { key: string; sql: boolean }[] = [
  { key: 'spring.datasource.url', sql: true },
  { key: 'spring.r2dbc.url', sql: true },
  { key: 'quarkus.datasource.jdbc.url', sql: true },
  { key: 'quarkus.datasource.reactive.url', sql: true },
  { key: 'datasources.default.url', sql: true },
  { key: 'spring.data.mongodb.uri', sql: false },
  { key: 'quarkus.mongodb.connection-string', sql: false },
  { key: 'spring.data.redis.url', sql: false },
  { key: 'spring.redis.url', sql: false },
  { key: 'quarkus.redis.hosts', sql: false },
  { key: 'spring.rabbitmq.addresses', sql: false },
];

/** `quarkus.datasource.db-kind` values → backing kind. */
const DB_KINDS: Readonly<Record<string, BackingKind>> = {
  postgresql: 'postgresql',
  pgsql: 'postgresql',
  pg: 'postgresql',
  mysql: 'mysql',
  mariadb: 'mysql',
  sqlite: 'sqlite',
};

const SQL_KINDS: readonly BackingKind[] = ['postgresql', 'mysql', 'sqlite'];

/** Env vars conventionally holding each kind's connection settings (Spring relaxed binding first). */
export const JVM_BACKING_ENV: Readonly<Record<BackingKind, readonly string[]>> = {
  postgresql: [
    'SPRING_DATASOURCE_URL',
    'JDBC_DATABASE_URL',
    'DATABASE_URL',
    'QUARKUS_DATASOURCE_JDBC_URL',
    'POSTGRES_URL',
  ],
  mysql: [
    'SPRING_DATASOURCE_URL',
    'JDBC_DATABASE_URL',
    'DATABASE_URL',
    'QUARKUS_DATASOURCE_JDBC_URL',
    'MYSQL_URL',
  ],
  mongodb: ['SPRING_DATA_MONGODB_URI', 'MONGODB_URI', 'MONGO_URI', 'MONGODB_URL'],
  redis: ['SPRING_DATA_REDIS_URL', 'REDIS_URL', 'REDIS_HOST'],
  memcached: ['MEMCACHED_SERVERS', 'MEMCACHED_URL'],
  rabbitmq: ['SPRING_RABBITMQ_ADDRESSES', 'RABBITMQ_URL', 'AMQP_URL', 'CLOUDAMQP_URL'],
  kafka: ['SPRING_KAFKA_BOOTSTRAP_SERVERS', 'KAFKA_BOOTSTRAP_SERVERS', 'KAFKA_BROKERS'],
  nats: ['NATS_URL'],
  elasticsearch: ['SPRING_ELASTICSEARCH_URIS', 'ELASTICSEARCH_URL', 'ELASTICSEARCH_URIS'],
  s3: ['S3_BUCKET', 'AWS_S3_BUCKET', 'S3_ENDPOINT'],
  sqlite: ['SPRING_DATASOURCE_URL', 'DATABASE_URL'],
};

/**
 * Backing services from dependencies and connection URLs in config. One entry per kind; a URL that
 * reads an env var (`${JDBC_DATABASE_URL}`) names it.
 */
export function detectJvmBacking(
  project: JvmProject,
  config: readonly ConfigEntry[],
  envNames: ReadonlySet<string>,
): BackingService[] {
  const byKind = new Map<BackingKind, BackingService>();
  const add = (b: BackingService): void => {
    const prev = byKind.get(b.kind);
    if (!prev) {
      byKind.set(b.kind, { ...b, evidence: [...b.evidence] });
      return;
    }
    prev.envVar ??= b.envVar;
    prev.evidence.push(...b.evidence);
  };
  // A datasource URL that is only a placeholder (`${DB_URL}`) names the env var, not the kind.
  let sqlEnv: { name: string; evidence: BackingService['evidence'][number] } | null = null;
  for (const { key, sql } of URL_KEYS) {
    for (const e of config.filter((c) => c.key === key)) {
      const ph = placeholders(e.value)[0] ?? null;
      const bare = ph !== null && e.value.trim().startsWith('${');
      const kind = kindOfUrl(e.value) ?? (bare && ph?.default ? kindOfUrl(ph.default) : undefined);
      const evidence = {
        file: e.file,
        line: e.line,
        reason: `${key} is ${e.value}`,
        confidence: 'explicit' as const,
      };
      if (kind) add({ kind, via: key, envVar: ph?.name ?? null, evidence: [evidence] });
      else if (bare && sql && ph) sqlEnv ??= { name: ph.name, evidence };
    }
  }
  const dbKind = config.find((c) => c.key === 'quarkus.datasource.db-kind');
  const dbKindValue = dbKind ? DB_KINDS[dbKind.value.trim().toLowerCase()] : undefined;
  if (dbKind && dbKindValue) {
    add({
      kind: dbKindValue,
      via: 'quarkus.datasource.db-kind',
      envVar: null,
      evidence: [
        {
          file: dbKind.file,
          line: dbKind.line,
          reason: `quarkus.datasource.db-kind is ${dbKind.value}`,
          confidence: 'explicit',
        },
      ],
    });
  }
  for (const entry of JVM_BACKING) {
    const d = project.dependencies.find((x) => x.runtime && coordMatches(x.coord, entry.dependency));
    if (!d) continue;
    add({
      kind: entry.kind,
      via: d.coord.split(':')[1] as string,
      envVar: null,
      evidence: [
        {
          file: d.file,
          ...(d.line ? { line: d.line } : {}),
          reason: `depends on ${d.coord}`,
          confidence: 'strong',
        },
      ],
    });
  }
  const sqlTarget = [...byKind.values()].find((b) => SQL_KINDS.includes(b.kind) && b.envVar === null);
  if (sqlEnv && sqlTarget) {
    sqlTarget.envVar = sqlEnv.name;
    sqlTarget.evidence.push(sqlEnv.evidence);
  }
  for (const b of byKind.values()) b.envVar ??= JVM_BACKING_ENV[b.kind].find((v) => envNames.has(v)) ?? null;
  return [...byKind.values()].sort((a, b) => a.kind.localeCompare(b.kind));
}

function kindOfUrl(url: string): BackingKind | undefined {
  const scheme = /^([a-z0-9+]+(?::[a-z0-9]+)?):/.exec(url.trim())?.[1];
  return scheme ? (URL_SCHEMES[scheme] ?? URL_SCHEMES[scheme.split(':')[0] as string]) : undefined;
}
