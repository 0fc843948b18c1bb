import { BACKING_IMAGES, BACKING_SERVICE_NAMES } from '../generators/compose/backing.js';
import type { BackingKind, BackingService } from '../model/service.js';

/** How verify starts one backing service next to the app, and how the app reaches it. */
export interface BackingSpec {
  image: string;
  /** Host name of the container on the run's network (the compose service name). */
  alias: string;
  /** Port the backing service listens on inside the network; verify waits for it to accept TCP. */
  port: number;
  /** Environment of the backing container. */
  env: Readonly<Record<string, string>>;
  /** Arguments after the image, when its default command is not enough. */
  args?: readonly string[];
  /** Variable the app reads when the model names none, and its value (host = network alias). */
  appEnv: Readonly<Record<string, string>>;
  /** Which of `appEnv` carries the connection string; a detected `envVar` gets that value. */
  urlVar: string;
}

/**
 * How verify starts each backing service: the same pinned images and host names as the generated
 * compose file (BACKING_IMAGES, BACKING_SERVICE_NAMES), with throwaway credentials for a test run.
 * The MariaDB/OpenSearch flavors and compose's per-role variables are not used here.
 */
export const BACKING_SPECS: Readonly<Record<Exclude<BackingKind, 'sqlite'>, BackingSpec>> = {
  postgresql: {
    image: BACKING_IMAGES.postgresql,
    alias: BACKING_SERVICE_NAMES.postgresql,
    port: 5432,
    env: { POSTGRES_USER: 'app', POSTGRES_PASSWORD: 'app', POSTGRES_DB: 'app' },
    appEnv: { DATABASE_URL: 'postgres://app:app@postgres:5432/app' },
    urlVar: 'DATABASE_URL',
  },
  mysql: {
    image: BACKING_IMAGES.mysql,
    alias: BACKING_SERVICE_NAMES.mysql,
    port: 3306,
    env: { MYSQL_ROOT_PASSWORD: 'app', MYSQL_DATABASE: 'app', MYSQL_USER: 'app', MYSQL_PASSWORD: 'app' },
    appEnv: { DATABASE_URL: 'mysql://app:app@mysql:3306/app' },
    urlVar: 'DATABASE_URL',
  },
  mongodb: {
    image: BACKING_IMAGES.mongodb,
    alias: BACKING_SERVICE_NAMES.mongodb,
    port: 27017,
    env: {},
    appEnv: { MONGODB_URI: 'mongodb://mongo:27017/app' },
    urlVar: 'MONGODB_URI',
  },
  redis: {
    image: BACKING_IMAGES.redis,
    alias: BACKING_SERVICE_NAMES.redis,
    port: 6379,
    env: {},
    appEnv: { REDIS_URL: 'redis://redis:6379' },
    urlVar: 'REDIS_URL',
  },
  memcached: {
    image: BACKING_IMAGES.memcached,
    alias: BACKING_SERVICE_NAMES.memcached,
    port: 11211,
    env: {},
    appEnv: { MEMCACHED_SERVERS: 'memcached:11211' },
    urlVar: 'MEMCACHED_SERVERS',
  },
  rabbitmq: {
    image: BACKING_IMAGES.rabbitmq,
    alias: BACKING_SERVICE_NAMES.rabbitmq,
    port: 5672,
    // The built-in guest user may only connect from localhost.
    env: { RABBITMQ_DEFAULT_USER: 'app', RABBITMQ_DEFAULT_PASS: 'app' },
    appEnv: { AMQP_URL: 'amqp://app:app@rabbitmq:5672' },
    urlVar: 'AMQP_URL',
  },
  kafka: {
    image: BACKING_IMAGES.kafka,
    alias: BACKING_SERVICE_NAMES.kafka,
    port: 9092,
    env: {
      KAFKA_NODE_ID: '1',
      KAFKA_PROCESS_ROLES: 'broker,controller',
      KAFKA_LISTENERS: 'PLAINTEXT://:9092,CONTROLLER://:9093',
      KAFKA_ADVERTISED_LISTENERS: 'PLAINTEXT://kafka:9092',
      KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
      KAFKA_CONTROLLER_QUORUM_VOTERS: '1@kafka:9093',
      KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
    },
    appEnv: { KAFKA_BROKERS: 'kafka:9092' },
    urlVar: 'KAFKA_BROKERS',
  },
  nats: {
    image: BACKING_IMAGES.nats,
    alias: BACKING_SERVICE_NAMES.nats,
    port: 4222,
    env: {},
    appEnv: { NATS_URL: 'nats://nats:4222' },
    urlVar: 'NATS_URL',
  },
  elasticsearch: {
    image: BACKING_IMAGES.elasticsearch,
    alias: BACKING_SERVICE_NAMES.elasticsearch,
    port: 9200,
    env: {
      'discovery.type': 'single-node',
      'xpack.security.enabled': 'false',
      ES_JAVA_OPTS: '-Xms512m -Xmx512m',
    },
    appEnv: { ELASTICSEARCH_URL: 'http://elasticsearch:9200' },
    urlVar: 'ELASTICSEARCH_URL',
  },
  s3: {
    image: BACKING_IMAGES.minio,
    alias: BACKING_SERVICE_NAMES.minio,
    port: 9000,
    env: { MINIO_ROOT_USER: 'shipready', MINIO_ROOT_PASSWORD: 'shipready-verify' },
    args: ['server', '/data'],
    appEnv: {
      S3_ENDPOINT: 'http://minio:9000',
      AWS_ACCESS_KEY_ID: 'shipready',
      AWS_SECRET_ACCESS_KEY: 'shipready-verify',
      AWS_REGION: 'us-east-1',
    },
    urlVar: 'S3_ENDPOINT',
  },
};

/** A backing container to start for a service: its kind and spec. */
export interface BackingPlan {
  kind: Exclude<BackingKind, 'sqlite'>;
  spec: BackingSpec;
}

/**
 * The backing containers a service needs (one per kind; sqlite is a file, not a container) and
 * the environment the app gets to reach them. A detected `envVar` (e.g. `PG_URL`) receives the
 * connection string besides the default variable.
 */
export function backingFor(backing: readonly BackingService[]): {
  plans: BackingPlan[];
  appEnv: [string, string][];
} {
  const plans: BackingPlan[] = [];
  const env = new Map<string, string>();
  for (const b of backing) {
    if (b.kind === 'sqlite') continue;
    const spec = BACKING_SPECS[b.kind];
    if (!plans.some((p) => p.kind === b.kind)) plans.push({ kind: b.kind, spec });
    for (const [k, v] of Object.entries(spec.appEnv)) env.set(k, v);
    if (b.envVar) env.set(b.envVar, spec.appEnv[spec.urlVar] as string);
  }
  return { plans, appEnv: [...env.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)) };
}
