import type { BackingKind } from '../../model/service.js';
import type { ComposeHealthcheck, ComposeService } from './compose-spec.js';

/**
 * What an app's environment variable means for a backing service it talks to; the variable's
 * value is the backing container's value for that role (e.g. `PGHOST` → host → `postgres`).
 */
export type Role =
  | 'url'
  | 'jdbc'
  | 'path'
  | 'host'
  | 'port'
  | 'user'
  | 'password'
  | 'database'
  | 'bucket'
  | 'region'
  | 'vhost'
  | 'pathStyle'
  | 'ssl';

/** Kinds that run as a container; SQLite is a file in the app's own volume. */
export type ContainerKind = Exclude<BackingKind, 'sqlite'>;

/** A value compose reads from `.env`: a credential, never written into compose.yaml. */
export interface DotenvSecret {
  name: string;
  /** What it is, for the comment above it in .env.example. */
  purpose: string;
}

/** A backing service as a compose service: image, settings, health, data and connection values. */
export interface BackingContainer {
  kind: ContainerKind;
  /** Compose service name, which is also its host name on the compose network. */
  name: string;
  service: ComposeService;
  /** Named volumes this container needs (volume name → mount path). */
  dataVolumes: { volume: string; target: string }[];
  /** Values the apps' variables get, by role. */
  values: Partial<Record<Role, string>>;
  /** The variable an app gets when it reads none of the conventional ones (`envVar` unknown). */
  defaultVar: string;
  secrets: DotenvSecret[];
  /** One-line notes for the header of compose.yaml (e.g. a bucket to create). */
  notes: string[];
  /** Port of a web console worth publishing on 127.0.0.1 during development. */
  consolePort: number | null;
}

/** `${NAME:?set NAME in .env}`: compose stops with that message while NAME is unset or empty. */
export function requiredFromDotenv(name: string): string {
  return `\${${name}:?set ${name} in .env}`;
}

/** Health probe timing for backing services: frequent at first so apps start soon after them. */
function probe(test: readonly string[], startPeriod = '20s', timeout = '5s'): ComposeHealthcheck {
  return { test, interval: '10s', timeout, retries: 10, start_period: startPeriod };
}

/** Database, user and bucket name used in every backing service. */
export const APP_NAME = 'app';

/**
 * Pinned images: exact minor (or release) tags of official images, never `latest`. Bump them
 * deliberately; each is pulled as written by docker and podman alike (fully qualified for podman).
 */
export const BACKING_IMAGES = {
  postgresql: 'docker.io/library/postgres:17.2-alpine',
  mysql: 'docker.io/library/mysql:8.4',
  mariadb: 'docker.io/library/mariadb:11.4',
  mongodb: 'docker.io/library/mongo:8.0',
  redis: 'docker.io/library/redis:7.4-alpine',
  memcached: 'docker.io/library/memcached:1.6-alpine',
  rabbitmq: 'docker.io/library/rabbitmq:4.0-management-alpine',
  /** The Apache Kafka project's own image, KRaft mode (no ZooKeeper). */
  kafka: 'docker.io/apache/kafka:3.9.0',
  nats: 'docker.io/library/nats:2.10-alpine',
  elasticsearch: 'docker.elastic.co/elasticsearch/elasticsearch:8.17.0',
  opensearch: 'docker.io/opensearchproject/opensearch:2.18.0',
  /** MinIO publishes only dated release tags; this one is the S3-compatible stand-in for local runs. */
  minio: 'docker.io/minio/minio:RELEASE.2025-09-07T16-13-09Z',
} as const;

/** Which image serves a kind, when the driver names a compatible fork (MariaDB, OpenSearch). */
export type Flavor = keyof typeof BACKING_IMAGES;

export function flavorFor(kind: ContainerKind, via: string): Flavor {
  const v = via.toLowerCase();
  if (kind === 'mysql' && v.includes('mariadb')) return 'mariadb';
  if (kind === 'elasticsearch' && v.includes('opensearch')) return 'opensearch';
  return kind === 's3' ? 'minio' : kind;
}

/** The compose service name of each flavor (before de-duplication against app names). */
export const BACKING_SERVICE_NAMES: Readonly<Record<Flavor, string>> = {
  postgresql: 'postgres',
  mysql: 'mysql',
  mariadb: 'mariadb',
  mongodb: 'mongo',
  redis: 'redis',
  memcached: 'memcached',
  rabbitmq: 'rabbitmq',
  kafka: 'kafka',
  nats: 'nats',
  elasticsearch: 'elasticsearch',
  opensearch: 'opensearch',
  minio: 'minio',
};

/** Web consoles worth opening on 127.0.0.1 during development: RabbitMQ management, MinIO console. */
export const CONSOLE_PORTS: Partial<Record<Flavor, number>> = { rabbitmq: 15672, minio: 9001 };

const HARDENING: Pick<ComposeService, 'security_opt' | 'restart'> = {
  security_opt: ['no-new-privileges:true'],
  restart: 'unless-stopped',
};

/**
 * The container for a flavor, named `name` on the compose network. Images' own entrypoints drop
 * root after preparing their data folder, so backing services keep default capabilities.
 */
export function backingContainer(kind: ContainerKind, flavor: Flavor, name: string): BackingContainer {
  return { ...containerSpec(kind, flavor, name), consolePort: CONSOLE_PORTS[flavor] ?? null };
}

function containerSpec(
  kind: ContainerKind,
  flavor: Flavor,
  name: string,
): Omit<BackingContainer, 'consolePort'> {
  const image = BACKING_IMAGES[flavor];
  const volume = (suffix = 'data') => `${name}-${suffix}`;
  switch (flavor) {
    case 'postgresql': {
      const pw = requiredFromDotenv('POSTGRES_PASSWORD');
      return {
        kind,
        name,
        service: {
          image,
          environment: { POSTGRES_USER: APP_NAME, POSTGRES_PASSWORD: pw, POSTGRES_DB: APP_NAME },
          volumes: [`${volume()}:/var/lib/postgresql/data`],
          healthcheck: probe(['CMD', 'pg_isready', '-U', APP_NAME, '-d', APP_NAME]),
          ...HARDENING,
        },
        dataVolumes: [{ volume: volume(), target: '/var/lib/postgresql/data' }],
        values: {
          url: `postgres://${APP_NAME}:${pw}@${name}:5432/${APP_NAME}`,
          jdbc: `jdbc:postgresql://${name}:5432/${APP_NAME}?user=${APP_NAME}&password=${pw}`,
          host: name,
          port: '5432',
          user: APP_NAME,
          password: pw,
          database: APP_NAME,
        },
        defaultVar: 'DATABASE_URL',
        secrets: [{ name: 'POSTGRES_PASSWORD', purpose: `password of the PostgreSQL user "${APP_NAME}"` }],
        notes: [],
      };
    }
    case 'mysql':
    case 'mariadb': {
      const pw = requiredFromDotenv('MYSQL_PASSWORD');
      const rootPw = requiredFromDotenv('MYSQL_ROOT_PASSWORD');
      const prefix = flavor === 'mariadb' ? 'MARIADB' : 'MYSQL';
      const target = '/var/lib/mysql';
      return {
        kind,
        name,
        service: {
          image,
          environment: {
            [`${prefix}_DATABASE`]: APP_NAME,
            [`${prefix}_USER`]: APP_NAME,
            [`${prefix}_PASSWORD`]: pw,
            [`${prefix}_ROOT_PASSWORD`]: rootPw,
          },
          volumes: [`${volume()}:${target}`],
          // MySQL's init runs a server without networking, so a TCP ping passes only once it is really up.
          healthcheck:
            flavor === 'mariadb'
              ? probe(['CMD', 'healthcheck.sh', '--connect', '--innodb_initialized'], '30s')
              : probe(['CMD', 'mysqladmin', 'ping', '-h', '127.0.0.1', '--silent'], '30s'),
          ...HARDENING,
        },
        dataVolumes: [{ volume: volume(), target }],
        values: {
          url: `mysql://${APP_NAME}:${pw}@${name}:3306/${APP_NAME}`,
          jdbc: `jdbc:${flavor}://${name}:3306/${APP_NAME}?user=${APP_NAME}&password=${pw}`,
          host: name,
          port: '3306',
          user: APP_NAME,
          password: pw,
          database: APP_NAME,
        },
        defaultVar: 'DATABASE_URL',
        secrets: [
          { name: 'MYSQL_PASSWORD', purpose: `password of the ${flavor} user "${APP_NAME}"` },
          { name: 'MYSQL_ROOT_PASSWORD', purpose: `password of the ${flavor} root user` },
        ],
        notes: [],
      };
    }
    case 'mongodb': {
      const pw = requiredFromDotenv('MONGO_PASSWORD');
      return {
        kind,
        name,
        service: {
          image,
          environment: {
            MONGO_INITDB_ROOT_USERNAME: APP_NAME,
            MONGO_INITDB_ROOT_PASSWORD: pw,
            MONGO_INITDB_DATABASE: APP_NAME,
          },
          volumes: [`${volume()}:/data/db`],
          // `ping` needs no authentication.
          healthcheck: probe(['CMD', 'mongosh', '--quiet', '--eval', "db.adminCommand('ping')"]),
          ...HARDENING,
        },
        dataVolumes: [{ volume: volume(), target: '/data/db' }],
        values: {
          url: `mongodb://${APP_NAME}:${pw}@${name}:27017/${APP_NAME}?authSource=admin`,
          host: name,
          port: '27017',
          user: APP_NAME,
          password: pw,
          database: APP_NAME,
        },
        defaultVar: 'MONGODB_URI',
        secrets: [{ name: 'MONGO_PASSWORD', purpose: `password of the MongoDB root user "${APP_NAME}"` }],
        notes: [],
      };
    }
    case 'redis':
      return {
        kind,
        name,
        service: {
          image,
          volumes: [`${volume()}:/data`],
          healthcheck: probe(['CMD', 'redis-cli', 'ping'], '5s'),
          ...HARDENING,
        },
        dataVolumes: [{ volume: volume(), target: '/data' }],
        // No password: reachable only on the compose network. An app sending one would fail AUTH.
        values: { url: `redis://${name}:6379`, host: name, port: '6379', password: '', user: '' },
        defaultVar: 'REDIS_URL',
        secrets: [],
        notes: [],
      };
    case 'memcached':
      return {
        kind,
        name,
        service: {
          image,
          // Busybox nc ships in the alpine image; `version` proves the server answers the protocol.
          healthcheck: probe(['CMD-SHELL', 'echo version | nc -w 2 127.0.0.1 11211 | grep -q VERSION'], '5s'),
          ...HARDENING,
        },
        dataVolumes: [],
        values: { url: `${name}:11211`, host: name, port: '11211' },
        defaultVar: 'MEMCACHED_SERVERS',
        secrets: [],
        notes: [],
      };
    case 'rabbitmq': {
      const pw = requiredFromDotenv('RABBITMQ_PASSWORD');
      return {
        kind,
        name,
        service: {
          image,
          // RabbitMQ keeps its data under the node name, which follows the host name.
          hostname: name,
          environment: { RABBITMQ_DEFAULT_USER: APP_NAME, RABBITMQ_DEFAULT_PASS: pw },
          volumes: [`${volume()}:/var/lib/rabbitmq`],
          healthcheck: probe(['CMD', 'rabbitmq-diagnostics', '-q', 'ping'], '30s'),
          ...HARDENING,
        },
        dataVolumes: [{ volume: volume(), target: '/var/lib/rabbitmq' }],
        values: {
          url: `amqp://${APP_NAME}:${pw}@${name}:5672`,
          host: name,
          port: '5672',
          user: APP_NAME,
          password: pw,
          vhost: '/',
        },
        defaultVar: 'AMQP_URL',
        secrets: [{ name: 'RABBITMQ_PASSWORD', purpose: `password of the RabbitMQ user "${APP_NAME}"` }],
        notes: [],
      };
    }
    case 'kafka': {
      const target = '/var/lib/kafka/data';
      return {
        kind,
        name,
        service: {
          image,
          // A single KRaft node that is both broker and controller; clients use PLAINTEXT on 9092.
          environment: {
            KAFKA_NODE_ID: '1',
            KAFKA_PROCESS_ROLES: 'broker,controller',
            KAFKA_LISTENERS: 'PLAINTEXT://:9092,CONTROLLER://:9093',
            KAFKA_ADVERTISED_LISTENERS: `PLAINTEXT://${name}:9092`,
            KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
            KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
            KAFKA_CONTROLLER_QUORUM_VOTERS: '1@localhost:9093',
            KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
            KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
            KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
            KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
            KAFKA_LOG_DIRS: target,
          },
          volumes: [`${volume()}:${target}`],
          healthcheck: probe(
            ['CMD', '/opt/kafka/bin/kafka-broker-api-versions.sh', '--bootstrap-server', 'localhost:9092'],
            '30s',
            '15s', // a JVM client starts for each probe
          ),
          ...HARDENING,
        },
        dataVolumes: [{ volume: volume(), target }],
        values: { url: `${name}:9092`, host: name, port: '9092' },
        defaultVar: 'KAFKA_BROKERS',
        secrets: [],
        notes: [],
      };
    }
    case 'nats':
      return {
        kind,
        name,
        service: {
          image,
          command: ['--jetstream', '--store_dir=/data', '--http_port=8222'],
          volumes: [`${volume()}:/data`],
          healthcheck: probe(['CMD', 'wget', '-q', '-O', '/dev/null', 'http://127.0.0.1:8222/healthz'], '5s'),
          ...HARDENING,
        },
        dataVolumes: [{ volume: volume(), target: '/data' }],
        values: { url: `nats://${name}:4222`, host: name, port: '4222' },
        defaultVar: 'NATS_URL',
        secrets: [],
        notes: [],
      };
    case 'elasticsearch': {
      const pw = requiredFromDotenv('ELASTIC_PASSWORD');
      const target = '/usr/share/elasticsearch/data';
      return {
        kind,
        name,
        service: {
          image,
          // Single node (skips production bootstrap checks); security on, plain HTTP inside the network.
          environment: {
            'discovery.type': 'single-node',
            ELASTIC_PASSWORD: pw,
            'xpack.security.enabled': 'true',
            'xpack.security.http.ssl.enabled': 'false',
            ES_JAVA_OPTS: '-Xms512m -Xmx512m',
          },
          volumes: [`${volume()}:${target}`],
          // `$$` leaves the variable to the container's shell, so the password is not copied into the probe.
          healthcheck: probe(
            [
              'CMD-SHELL',
              'curl -fsS -u "elastic:$$ELASTIC_PASSWORD" "http://127.0.0.1:9200/_cluster/health?wait_for_status=yellow&timeout=5s" >/dev/null',
            ],
            '60s',
          ),
          ...HARDENING,
          deploy: { resources: { limits: { cpus: '2', memory: '1g' } } },
        },
        dataVolumes: [{ volume: volume(), target }],
        values: {
          url: `http://elastic:${pw}@${name}:9200`,
          host: name,
          port: '9200',
          user: 'elastic',
          password: pw,
        },
        defaultVar: 'ELASTICSEARCH_URL',
        secrets: [{ name: 'ELASTIC_PASSWORD', purpose: 'password of the Elasticsearch user "elastic"' }],
        notes: [],
      };
    }
    case 'opensearch': {
      const target = '/usr/share/opensearch/data';
      return {
        kind,
        name,
        service: {
          image,
          // The security plugin serves HTTPS with demo certificates apps reject; off for local runs only.
          environment: {
            'discovery.type': 'single-node',
            DISABLE_SECURITY_PLUGIN: 'true',
            DISABLE_INSTALL_DEMO_CONFIG: 'true',
            OPENSEARCH_JAVA_OPTS: '-Xms512m -Xmx512m',
          },
          volumes: [`${volume()}:${target}`],
          healthcheck: probe(
            [
              'CMD-SHELL',
              'curl -fsS "http://127.0.0.1:9200/_cluster/health?wait_for_status=yellow&timeout=5s" >/dev/null',
            ],
            '60s',
          ),
          ...HARDENING,
          deploy: { resources: { limits: { cpus: '2', memory: '1g' } } },
        },
        dataVolumes: [{ volume: volume(), target }],
        values: { url: `http://${name}:9200`, host: name, port: '9200' },
        defaultVar: 'OPENSEARCH_URL',
        secrets: [],
        notes: [`${name} runs without its security plugin (no TLS, no login): for local runs only.`],
      };
    }
    case 'minio': {
      const pw = requiredFromDotenv('MINIO_ROOT_PASSWORD');
      return {
        kind,
        name,
        service: {
          image,
          command: ['server', '/data', '--console-address', ':9001'],
          environment: { MINIO_ROOT_USER: APP_NAME, MINIO_ROOT_PASSWORD: pw },
          volumes: [`${volume()}:/data`],
          // The image has no curl; the bundled MinIO client checks readiness.
          healthcheck: probe(['CMD', 'mc', 'ready', 'local'], '10s'),
          ...HARDENING,
        },
        dataVolumes: [{ volume: volume(), target: '/data' }],
        values: {
          url: `http://${name}:9000`,
          host: name,
          port: '9000',
          user: APP_NAME,
          password: pw,
          bucket: APP_NAME,
          region: 'us-east-1',
          pathStyle: 'true',
          ssl: 'false',
        },
        defaultVar: 'AWS_ENDPOINT_URL_S3',
        secrets: [
          {
            name: 'MINIO_ROOT_PASSWORD',
            purpose: `MinIO secret key of the user "${APP_NAME}" (8+ characters)`,
          },
        ],
        notes: [
          `Create the bucket "${APP_NAME}" once in the MinIO console (${name}) or with \`mc mb\`; MinIO does not create buckets on its own.`,
        ],
      };
    }
  }
}
