/** Sample services for the compose tests: one that uses every kind of backing service. */
import { BackingKind, type BackingService, type EnvVar, type Service } from '../../model/service.js';
import { makeService } from '../test-helpers.js';

const ev = (file: string, line: number) => [{ file, line, reason: 'test', confidence: 'strong' as const }];

/** The variable each kind is reached through in `everyBackingApi`: a mix of URL, host and JDBC styles. */
export const ENV_VAR_OF: Readonly<Record<BackingKind, string>> = {
  postgresql: 'DATABASE_URL',
  mysql: 'MYSQL_URL',
  mongodb: 'MONGODB_URI',
  redis: 'REDIS_HOST',
  memcached: 'MEMCACHIER_SERVERS',
  rabbitmq: 'CLOUDAMQP_URL',
  kafka: 'KAFKA_BROKERS',
  nats: 'NATS_URL',
  elasticsearch: 'ELASTICSEARCH_NODE',
  s3: 'S3_BUCKET',
  sqlite: 'SQLITE_PATH',
};

export function envVar(name: string, secret: boolean, def: string | null = null): EnvVar {
  return { name, secret, default: def, evidence: ev('src/config.js', 1) };
}

/** A Node API that talks to one backing service of every kind, each through the variable above. */
export function everyBackingApi(): Service {
  const backing: BackingService[] = BackingKind.options.map((kind) => ({
    kind,
    via: `${kind}-driver`,
    envVar: ENV_VAR_OF[kind],
    evidence: ev('src/config.js', 2),
  }));
  const env: EnvVar[] = [
    ...BackingKind.options.map((k) =>
      envVar(ENV_VAR_OF[k], k !== 's3' && k !== 'sqlite', k === 'sqlite' ? './data/dev.sqlite' : null),
    ),
    envVar('REDIS_PORT', false, '6379'),
    envVar('REDIS_PASSWORD', true),
    envVar('AWS_SECRET_ACCESS_KEY', true),
    envVar('SESSION_SECRET', true, 'keyboard cat'),
    envVar('PORT', false, '4000'),
    envVar('HOST', false, 'localhost'),
    envVar('NODE_ENV', false, 'development'),
    envVar('FEATURE_FLAGS', false),
    envVar('GREETING', false, 'costs $5 {today}'),
  ];
  return makeService({
    name: 'api',
    path: 'api',
    port: 4000,
    healthPath: '/ready',
    commands: { start: 'node server.js' },
    backing,
    env,
  });
}
