import type { BackingKind } from '../../model/service.js';
import type { Role } from './backing.js';

/**
 * How a variable name maps to a backing service setting: a kind-specific prefix (`PG`, `REDIS_`,
 * `SPRING_DATASOURCE_` …) followed by a role suffix (`URL`, `HOST`, `PASSWORD` …). A data table,
 * so adding a convention is adding a row.
 */
const PREFIXES: Readonly<Record<BackingKind, readonly string[]>> = {
  postgresql: [
    'POSTGRES_',
    'POSTGRESQL_',
    'PG_',
    'PG',
    'DATABASE_',
    'DB_',
    'SPRING_DATASOURCE_',
    'QUARKUS_DATASOURCE_',
    'JDBC_DATABASE_',
    'TYPEORM_',
  ],
  mysql: [
    'MYSQL_',
    'MARIADB_',
    'DATABASE_',
    'DB_',
    'SPRING_DATASOURCE_',
    'QUARKUS_DATASOURCE_',
    'JDBC_DATABASE_',
    'TYPEORM_',
  ],
  mongodb: ['MONGODB_', 'MONGO_', 'SPRING_DATA_MONGODB_', 'DATABASE_', 'DB_'],
  redis: ['REDIS_', 'SPRING_DATA_REDIS_', 'SPRING_REDIS_'],
  memcached: ['MEMCACHED_', 'MEMCACHE_', 'MEMCACHIER_'],
  rabbitmq: ['RABBITMQ_', 'RABBIT_', 'AMQP_', 'CLOUDAMQP_', 'SPRING_RABBITMQ_'],
  kafka: ['KAFKA_', 'SPRING_KAFKA_'],
  nats: ['NATS_'],
  elasticsearch: ['ELASTICSEARCH_', 'ELASTIC_', 'OPENSEARCH_', 'ES_', 'SPRING_ELASTICSEARCH_'],
  s3: ['AWS_S3_', 'S3_', 'MINIO_', 'AWS_'],
  sqlite: ['SQLITE_', 'DATABASE_', 'DB_', 'SPRING_DATASOURCE_', 'JDBC_DATABASE_'],
};

/** Suffix after the prefix → role. */
const SUFFIXES: Readonly<Record<string, Role>> = {
  URL: 'url',
  URI: 'url',
  URIS: 'url',
  DSN: 'url',
  CONNECTION_STRING: 'url',
  CONNECTION_URL: 'url',
  ADDRESSES: 'url',
  NODE: 'url',
  NODES: 'url',
  SERVERS: 'url',
  BROKER: 'url',
  BROKERS: 'url',
  BOOTSTRAP_SERVERS: 'url',
  ENDPOINT: 'url',
  ENDPOINT_URL: 'url',
  ENDPOINT_URL_S3: 'url',
  TLS_URL: 'url',
  JDBC_URL: 'jdbc',
  PATH: 'path',
  FILE: 'path',
  FILENAME: 'path',
  HOST: 'host',
  HOSTNAME: 'host',
  HOSTS: 'host',
  PORT: 'port',
  USER: 'user',
  USERNAME: 'user',
  ACCESS_KEY: 'user',
  ACCESS_KEY_ID: 'user',
  ROOT_USER: 'user',
  PASSWORD: 'password',
  PASS: 'password',
  SECRET_KEY: 'password',
  SECRET_ACCESS_KEY: 'password',
  ROOT_PASSWORD: 'password',
  DB: 'database',
  DATABASE: 'database',
  NAME: 'database',
  DBNAME: 'database',
  BUCKET: 'bucket',
  BUCKET_NAME: 'bucket',
  REGION: 'region',
  DEFAULT_REGION: 'region',
  VHOST: 'vhost',
  VIRTUAL_HOST: 'vhost',
  FORCE_PATH_STYLE: 'pathStyle',
  USE_PATH_STYLE: 'pathStyle',
  USE_SSL: 'ssl',
};

/** Names whose meaning the prefix rule gets wrong. */
const EXACT: Readonly<Partial<Record<BackingKind, Readonly<Record<string, Role>>>>> = {
  postgresql: { SPRING_DATASOURCE_URL: 'jdbc', JDBC_DATABASE_URL: 'jdbc' },
  mysql: { SPRING_DATASOURCE_URL: 'jdbc', JDBC_DATABASE_URL: 'jdbc' },
  sqlite: { SPRING_DATASOURCE_URL: 'jdbc', JDBC_DATABASE_URL: 'jdbc' },
  // The MinIO JS client takes a bare host name as `endPoint`.
  s3: { MINIO_ENDPOINT: 'host', AWS_ENDPOINT_URL: 'url' },
};

/** The role `name` plays for a backing service of `kind`, or null when it is not one of its settings. */
export function roleOf(kind: BackingKind, name: string): Role | null {
  const exact = EXACT[kind]?.[name];
  if (exact) return exact;
  for (const prefix of PREFIXES[kind]) {
    if (!name.startsWith(prefix)) continue;
    const role = SUFFIXES[name.slice(prefix.length)];
    if (role) return role;
  }
  return null;
}
