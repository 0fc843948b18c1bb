import type { Confidence, Evidence } from '../../model/evidence.js';
import type { BackingKind, BackingService } from '../../model/service.js';
import { BACKING_ENV_VARS } from '../shared/backing-env.js';
import { lineAt } from '../text.js';
import type { PythonProject } from './project.js';
import type { PySource } from './source-files.js';

export interface PyBackingEntry {
  /** The PyPI distribution (normalised) that reveals the backing service. */
  dependency: string;
  kind: BackingKind;
  /** Counts only with one of these extras (`celery[redis]`). */
  extras?: readonly string[];
  /** `weak` when the library is often used for something else (boto3 talks to all of AWS). */
  confidence: Confidence;
}

/** Drivers, clients and ORMs → the backing service they talk to. */
export const PY_BACKING: readonly PyBackingEntry[] = [
  { dependency: 'psycopg2', kind: 'postgresql', confidence: 'strong' },
  { dependency: 'psycopg2-binary', kind: 'postgresql', confidence: 'strong' },
  { dependency: 'psycopg', kind: 'postgresql', confidence: 'strong' },
  { dependency: 'psycopg-binary', kind: 'postgresql', confidence: 'strong' },
  { dependency: 'asyncpg', kind: 'postgresql', confidence: 'strong' },
  { dependency: 'pg8000', kind: 'postgresql', confidence: 'strong' },
  { dependency: 'pymysql', kind: 'mysql', confidence: 'strong' },
  { dependency: 'mysqlclient', kind: 'mysql', confidence: 'strong' },
  { dependency: 'mysql-connector-python', kind: 'mysql', confidence: 'strong' },
  { dependency: 'aiomysql', kind: 'mysql', confidence: 'strong' },
  { dependency: 'asyncmy', kind: 'mysql', confidence: 'strong' },
  { dependency: 'pymongo', kind: 'mongodb', confidence: 'strong' },
  { dependency: 'motor', kind: 'mongodb', confidence: 'strong' },
  { dependency: 'mongoengine', kind: 'mongodb', confidence: 'strong' },
  { dependency: 'beanie', kind: 'mongodb', confidence: 'strong' },
  { dependency: 'redis', kind: 'redis', confidence: 'strong' },
  { dependency: 'aioredis', kind: 'redis', confidence: 'strong' },
  { dependency: 'django-redis', kind: 'redis', confidence: 'strong' },
  { dependency: 'rq', kind: 'redis', confidence: 'strong' },
  { dependency: 'celery', kind: 'redis', extras: ['redis'], confidence: 'strong' },
  {
    dependency: 'celery',
    kind: 'rabbitmq',
    extras: ['rabbitmq', 'librabbitmq', 'amqp'],
    confidence: 'strong',
  },
  { dependency: 'pika', kind: 'rabbitmq', confidence: 'strong' },
  { dependency: 'aio-pika', kind: 'rabbitmq', confidence: 'strong' },
  { dependency: 'kafka-python', kind: 'kafka', confidence: 'strong' },
  { dependency: 'confluent-kafka', kind: 'kafka', confidence: 'strong' },
  { dependency: 'aiokafka', kind: 'kafka', confidence: 'strong' },
  { dependency: 'elasticsearch', kind: 'elasticsearch', confidence: 'strong' },
  { dependency: 'elasticsearch-dsl', kind: 'elasticsearch', confidence: 'strong' },
  { dependency: 'opensearch-py', kind: 'elasticsearch', confidence: 'strong' },
  { dependency: 'pymemcache', kind: 'memcached', confidence: 'strong' },
  { dependency: 'python-memcached', kind: 'memcached', confidence: 'strong' },
  { dependency: 'pylibmc', kind: 'memcached', confidence: 'strong' },
  { dependency: 'nats-py', kind: 'nats', confidence: 'strong' },
  { dependency: 'minio', kind: 's3', confidence: 'strong' },
  { dependency: 'boto3', kind: 's3', confidence: 'weak' },
  { dependency: 'aiosqlite', kind: 'sqlite', confidence: 'strong' },
];

export interface PyBackingCodePattern {
  id: string;
  /** Global regex whose first group maps to a kind through `kinds`. */
  re: RegExp;
  kinds: Readonly<Record<string, BackingKind>>;
  describe: (value: string) => string;
}

/** Connection URLs (SQLAlchemy, Celery brokers) and Django database engines in code and settings. */
export const PY_BACKING_CODE: readonly PyBackingCodePattern[] = [
  {
    id: 'url-scheme',
    re: /['"](postgres(?:ql)?|mysql|mariadb|mongodb|redis|rediss|amqps?|sqlite)(?:\+\w+)?:\/\//g,
    kinds: {
      postgres: 'postgresql',
      postgresql: 'postgresql',
      mysql: 'mysql',
      mariadb: 'mysql',
      mongodb: 'mongodb',
      redis: 'redis',
      rediss: 'redis',
      amqp: 'rabbitmq',
      amqps: 'rabbitmq',
      sqlite: 'sqlite',
    },
    describe: (v) => `a ${v}:// connection URL`,
  },
  {
    id: 'django-engine',
    re: /['"]django(?:\.contrib\.gis)?\.db\.backends\.(postgresql|postgresql_psycopg2|postgis|mysql|sqlite3|spatialite)['"]/g,
    kinds: {
      postgresql: 'postgresql',
      postgresql_psycopg2: 'postgresql',
      postgis: 'postgresql',
      mysql: 'mysql',
      sqlite3: 'sqlite',
      spatialite: 'sqlite',
    },
    describe: (v) => `Django database ENGINE ${v}`,
  },
];

/** Env vars Python apps use for brokers, beyond the shared per-kind names. */
const PY_EXTRA_ENV: Partial<Record<BackingKind, readonly string[]>> = {
  postgresql: ['POSTGRES_HOST', 'DB_HOST'],
  mysql: ['DB_HOST'],
  redis: ['CELERY_BROKER_URL', 'REDIS_HOST'],
  rabbitmq: ['CELERY_BROKER_URL', 'BROKER_URL'],
};

/**
 * Backing services of a project from its main dependencies and from connection URLs / Django engines
 * in its sources; one entry per kind with evidence merged. `envNames` are the env vars the service reads.
 */
export function detectPyBacking(
  project: PythonProject,
  sources: readonly PySource[],
  envNames: ReadonlySet<string>,
): BackingService[] {
  const found: BackingService[] = [];
  // Exact names first, then prefixed ones (pydantic env_prefix: INVENTORY_DATABASE_URL).
  const envFor = (kind: BackingKind): string | null => {
    const known = [...BACKING_ENV_VARS[kind], ...(PY_EXTRA_ENV[kind] ?? [])];
    const names = [...envNames].sort();
    return (
      known.find((v) => envNames.has(v)) ??
      known.map((v) => names.find((n) => n.endsWith(`_${v}`))).find((n) => n !== undefined) ??
      null
    );
  };

  for (const entry of PY_BACKING) {
    const dep = project.dependencies.find(
      (d) =>
        d.group === 'main' &&
        d.name === entry.dependency &&
        (!entry.extras || d.extras.some((e) => entry.extras?.includes(e))),
    );
    if (!dep) continue;
    found.push({
      kind: entry.kind,
      via: entry.dependency,
      envVar: envFor(entry.kind),
      evidence: [
        {
          file: dep.file,
          ...(dep.line ? { line: dep.line } : {}),
          reason: `depends on ${entry.dependency}${entry.extras ? `[${dep.extras.join(',')}]` : ''}${entry.confidence === 'weak' ? ' (it may be used for other services)' : ''}`,
          confidence: entry.confidence,
        },
      ],
    });
  }

  for (const src of sources) {
    for (const p of PY_BACKING_CODE) {
      for (const m of src.code.matchAll(new RegExp(p.re.source, p.re.flags))) {
        const kind = p.kinds[m[1] as string];
        if (!kind) continue;
        const evidence: Evidence = {
          file: src.path,
          line: lineAt(src.code, m.index),
          reason: `${p.describe(m[1] as string)} in ${src.path}`,
          confidence: 'strong',
        };
        found.push({
          kind,
          via: p.id === 'django-engine' ? 'django' : (m[1] as string),
          envVar: envFor(kind),
          evidence: [evidence],
        });
      }
    }
  }

  const byKind = new Map<BackingKind, BackingService>();
  for (const b of found) {
    const prev = byKind.get(b.kind);
    if (!prev) {
      byKind.set(b.kind, { ...b, evidence: [...b.evidence] });
      continue;
    }
    prev.envVar ??= b.envVar;
    if (prev.evidence.length < 5) prev.evidence.push(...b.evidence.slice(0, 5 - prev.evidence.length));
  }
  return [...byKind.values()].sort((a, b) => a.kind.localeCompare(b.kind));
}
