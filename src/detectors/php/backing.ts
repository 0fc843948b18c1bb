import type { Confidence, Evidence } from '../../model/evidence.js';
import type { BackingKind, BackingService } from '../../model/service.js';
import type { RepoFs } from '../../repo/repo-fs.js';
import { joinRel } from '../paths.js';
import { BACKING_ENV_VARS } from '../shared/backing-env.js';
import { type DotenvEntry, parseDotenv } from '../shared/env.js';
import { type ParsedComposer, requireLine } from './composer.js';

export interface PhpBackingEntry {
  /** A composer.json `require` key: a package, or `ext-<name>` for an extension. */
  package: string;
  kind: BackingKind;
  confidence: Confidence;
}

/** Composer packages and extensions → the backing service they talk to. */
export const PHP_BACKING: readonly PhpBackingEntry[] = [
  { package: 'predis/predis', kind: 'redis', confidence: 'strong' },
  { package: 'ext-redis', kind: 'redis', confidence: 'weak' },
  { package: 'php-amqplib/php-amqplib', kind: 'rabbitmq', confidence: 'strong' },
  { package: 'vladimir-yuldashev/laravel-queue-rabbitmq', kind: 'rabbitmq', confidence: 'strong' },
  { package: 'enqueue/amqp-lib', kind: 'rabbitmq', confidence: 'strong' },
  { package: 'ext-amqp', kind: 'rabbitmq', confidence: 'weak' },
  { package: 'mongodb/mongodb', kind: 'mongodb', confidence: 'strong' },
  { package: 'mongodb/laravel-mongodb', kind: 'mongodb', confidence: 'strong' },
  { package: 'jenssegers/mongodb', kind: 'mongodb', confidence: 'strong' },
  { package: 'doctrine/mongodb-odm', kind: 'mongodb', confidence: 'strong' },
  { package: 'ext-mongodb', kind: 'mongodb', confidence: 'weak' },
  { package: 'ext-pdo_pgsql', kind: 'postgresql', confidence: 'weak' },
  { package: 'ext-pgsql', kind: 'postgresql', confidence: 'weak' },
  { package: 'ext-pdo_mysql', kind: 'mysql', confidence: 'weak' },
  { package: 'ext-mysqli', kind: 'mysql', confidence: 'weak' },
  { package: 'ext-memcached', kind: 'memcached', confidence: 'weak' },
  { package: 'elasticsearch/elasticsearch', kind: 'elasticsearch', confidence: 'strong' },
  { package: 'opensearch-project/opensearch-php', kind: 'elasticsearch', confidence: 'strong' },
  { package: 'league/flysystem-aws-s3-v3', kind: 's3', confidence: 'strong' },
  // The AWS SDK serves many services; S3 is the usual one, so only a hint.
  { package: 'aws/aws-sdk-php', kind: 's3', confidence: 'weak' },
];

/** Laravel's `DB_CONNECTION` (and config/database.php default) values → backing kind. */
export const DB_CONNECTIONS: Readonly<Record<string, BackingKind>> = {
  pgsql: 'postgresql',
  mysql: 'mysql',
  mariadb: 'mysql',
  sqlite: 'sqlite',
  mongodb: 'mongodb',
};

/** Driver settings in a Laravel .env (`QUEUE_CONNECTION=redis`) → kind. */
const DRIVER_SETTINGS = [
  'QUEUE_CONNECTION',
  'CACHE_STORE',
  'CACHE_DRIVER',
  'SESSION_DRIVER',
  'BROADCAST_CONNECTION',
  'BROADCAST_DRIVER',
  'FILESYSTEM_DISK',
  'FILESYSTEM_DRIVER',
];
const DRIVER_VALUES: Readonly<Record<string, BackingKind>> = {
  redis: 'redis',
  memcached: 'memcached',
  rabbitmq: 'rabbitmq',
  s3: 's3',
};

/** Env vars that carry each kind's connection settings in PHP apps, most conventional first. */
export const PHP_BACKING_ENV_VARS: Readonly<Record<BackingKind, readonly string[]>> = {
  ...BACKING_ENV_VARS,
  postgresql: ['DATABASE_URL', 'DB_URL', 'DB_HOST', ...BACKING_ENV_VARS.postgresql],
  mysql: ['DATABASE_URL', 'DB_URL', 'DB_HOST', ...BACKING_ENV_VARS.mysql],
  // Not DATABASE_URL: in PHP apps it names the SQL database (Symfony, Laravel).
  mongodb: ['MONGODB_URI', 'MONGODB_URL', 'MONGO_URI', 'MONGO_URL', 'MONGODB_DSN', 'DB_URI', 'DB_DSN'],
  redis: ['REDIS_URL', 'REDIS_HOST', ...BACKING_ENV_VARS.redis],
  memcached: ['MEMCACHED_HOST', ...BACKING_ENV_VARS.memcached],
  rabbitmq: [...BACKING_ENV_VARS.rabbitmq, 'RABBITMQ_DSN'],
  s3: ['AWS_BUCKET', ...BACKING_ENV_VARS.s3],
  sqlite: ['DB_DATABASE', 'SQLITE_PATH', 'DATABASE_PATH', 'DB_PATH'],
};

/** Example env files of PHP apps (`.env` itself is never read). */
export const PHP_ENV_EXAMPLES = ['.env.example', '.env.sample', '.env.dist', '.env.template'] as const;

export interface ExampleEnv {
  file: string;
  entries: DotenvEntry[];
}

/** The first readable example env file of the app. */
export function readExampleEnv(fs: RepoFs, dir: string): ExampleEnv | null {
  for (const name of PHP_ENV_EXAMPLES) {
    const file = joinRel(dir, name);
    if (!fs.exists(file)) continue;
    const r = fs.readText(file);
    if (r.ok) return { file, entries: parseDotenv(r.text) };
  }
  return null;
}

/**
 * Backing services of a PHP app: Laravel driver settings in the example env file (DB_CONNECTION,
 * QUEUE_CONNECTION …) and config/database.php's default, then composer packages and extensions.
 * Laravel's skeleton lists REDIS_HOST and MEMCACHED_HOST whether they are used or not, so for
 * Laravel only a driver setting counts; elsewhere REDIS_HOST is a hint.
 */
export function detectPhpBacking(
  fs: RepoFs,
  dir: string,
  composer: ParsedComposer | null,
  example: ExampleEnv | null,
  envNames: ReadonlySet<string>,
  laravel: boolean,
): BackingService[] {
  const found: BackingService[] = [];
  const pickEnv = (kind: BackingKind): string | null =>
    PHP_BACKING_ENV_VARS[kind].find((v) => envNames.has(v)) ?? null;
  const push = (kind: BackingKind, via: string, ev: Evidence): void => {
    found.push({ kind, via, envVar: pickEnv(kind), evidence: [ev] });
  };

  const value = (name: string): DotenvEntry | undefined => example?.entries.find((e) => e.name === name);
  const conn = value('DB_CONNECTION');
  if (example && conn) {
    const kind = DB_CONNECTIONS[conn.value.toLowerCase()];
    if (kind) {
      push(kind, `DB_CONNECTION=${conn.value}`, {
        file: example.file,
        line: conn.line,
        reason: `DB_CONNECTION=${conn.value}`,
        confidence: 'explicit',
      });
    }
  } else if (laravel) {
    const file = joinRel(dir, 'config/database.php');
    const r = fs.exists(file) ? fs.readText(file) : null;
    const m = r?.ok
      ? /['"]default['"]\s*=>\s*env\(\s*['"]DB_CONNECTION['"]\s*,\s*['"](\w+)['"]/.exec(r.text)
      : null;
    const kind = m ? DB_CONNECTIONS[(m[1] as string).toLowerCase()] : undefined;
    if (r?.ok && m && kind) {
      push(kind, `database.default=${m[1]}`, {
        file,
        line: r.text.slice(0, m.index).split('\n').length,
        reason: `config/database.php defaults to the ${m[1]} connection`,
        confidence: 'strong',
      });
    }
  }
  if (example) {
    for (const setting of DRIVER_SETTINGS) {
      const e = value(setting);
      const kind = e ? DRIVER_VALUES[e.value.toLowerCase()] : undefined;
      if (e && kind) {
        push(kind, `${setting}=${e.value}`, {
          file: example.file,
          line: e.line,
          reason: `${setting}=${e.value}`,
          confidence: 'explicit',
        });
      }
    }
    const url = value('DATABASE_URL');
    const scheme = url
      ? /^(postgres(?:ql)?|pgsql|mysql|mariadb|sqlite|mongodb(?:\+srv)?):/i.exec(url.value)
      : null;
    if (url && scheme) {
      const s = (scheme[1] as string).toLowerCase();
      const kind: BackingKind =
        s.startsWith('postgres') || s === 'pgsql'
          ? 'postgresql'
          : s.startsWith('mongodb')
            ? 'mongodb'
            : s === 'sqlite'
              ? 'sqlite'
              : 'mysql';
      push(kind, 'DATABASE_URL', {
        file: example?.file as string,
        line: url.line,
        reason: `DATABASE_URL is a ${s} URL`,
        confidence: 'explicit',
      });
    }
    const redisHost = value('REDIS_HOST') ?? value('REDIS_URL');
    if (!laravel && redisHost) {
      push('redis', redisHost.name, {
        file: example.file,
        line: redisHost.line,
        reason: `${redisHost.name} is configured`,
        confidence: 'weak',
      });
    }
  }

  if (composer) {
    for (const entry of PHP_BACKING) {
      if (!(entry.package in composer.json.require)) continue;
      push(entry.kind, entry.package, {
        file: composer.file,
        line: requireLine(composer, entry.package),
        reason: `composer.json requires ${entry.package}`,
        confidence: entry.confidence,
      });
    }
  }

  const byKind = new Map<BackingKind, BackingService>();
  for (const b of found) {
    const prev = byKind.get(b.kind);
    if (!prev) byKind.set(b.kind, { ...b, evidence: [...b.evidence] });
    else {
      prev.envVar ??= b.envVar;
      prev.evidence.push(...b.evidence);
    }
  }
  return [...byKind.values()].sort((a, b) => a.kind.localeCompare(b.kind));
}
