import type { BackingKind } from '../../model/service.js';

/**
 * Env var names that carry each kind's connection settings, most conventional first. The first one
 * the service reads becomes `envVar`.
 */
export const BACKING_ENV_VARS: Readonly<Record<BackingKind, readonly string[]>> = {
  postgresql: ['DATABASE_URL', 'POSTGRES_URL', 'POSTGRESQL_URL', 'PG_URL', 'PG_CONNECTION_STRING', 'PGHOST'],
  mysql: ['DATABASE_URL', 'MYSQL_URL', 'MYSQL_URI', 'MYSQL_HOST'],
  mongodb: ['MONGODB_URI', 'MONGO_URI', 'MONGODB_URL', 'MONGO_URL', 'DATABASE_URL'],
  redis: ['REDIS_URL', 'REDIS_URI', 'REDIS_TLS_URL', 'REDIS_HOST'],
  memcached: ['MEMCACHED_URL', 'MEMCACHIER_SERVERS', 'MEMCACHED_SERVERS', 'MEMCACHED_HOST'],
  rabbitmq: ['AMQP_URL', 'RABBITMQ_URL', 'CLOUDAMQP_URL', 'AMQP_URI', 'RABBITMQ_HOST'],
  kafka: ['KAFKA_BROKERS', 'KAFKA_BROKER', 'KAFKA_URL', 'KAFKA_BOOTSTRAP_SERVERS'],
  nats: ['NATS_URL', 'NATS_SERVERS'],
  elasticsearch: ['ELASTICSEARCH_URL', 'ELASTIC_URL', 'OPENSEARCH_URL', 'ELASTICSEARCH_NODE'],
  s3: ['S3_ENDPOINT', 'S3_BUCKET', 'AWS_S3_BUCKET', 'MINIO_ENDPOINT'],
  sqlite: ['DATABASE_URL', 'SQLITE_PATH', 'DATABASE_PATH', 'DB_PATH'],
};
