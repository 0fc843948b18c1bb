import type { Evidence } from '../../model/evidence.js';
import type { BackingKind, BackingService, EnvVar } from '../../model/service.js';
import { isSecretEnv } from '../shared/env.js';
import { compareHealth, HEALTH_NAME } from '../shared/health.js';
import { lineLocator } from '../shared/lines.js';
import type { MsBuildProject } from './msbuild.js';
import type { SourceFile } from './sources.js';

const NAME = HEALTH_NAME;
const PATH = String.raw`(\/?(?:[A-Za-z0-9_-]+\/){0,2}${NAME}(?:\/[A-Za-z0-9_-]+)?)`;

/** How ASP.NET Core (minimal APIs, controllers, health checks) and Giraffe declare routes. */
export const DOTNET_HEALTH_PATTERNS: readonly RegExp[] = [
  // app.MapHealthChecks("/health"), app.UseHealthChecks("/healthz")
  new RegExp(String.raw`\b(?:MapHealthChecks|UseHealthChecks)\(\s*"${PATH}"`, 'g'),
  // app.MapGet("/healthz", …)
  new RegExp(String.raw`\bMap(?:Get|Methods)\(\s*"${PATH}"`, 'g'),
  // [HttpGet("health")], [Route("/health")]
  new RegExp(String.raw`\[(?:HttpGet|Route)\(\s*"${PATH}"`, 'g'),
  // Giraffe / Saturn: route "/health"
  new RegExp(String.raw`\broute\s+"${PATH}"`, 'g'),
];

export function detectDotnetHealth(
  sources: readonly SourceFile[],
): { path: string; evidence: Evidence } | null {
  const found: { path: string; evidence: Evidence }[] = [];
  for (const src of sources) {
    const lineOf = lineLocator(src.code);
    for (const re of DOTNET_HEALTH_PATTERNS) {
      for (const m of src.code.matchAll(new RegExp(re.source, re.flags))) {
        const raw = m[1] as string;
        const path = raw.startsWith('/') ? raw : `/${raw}`;
        found.push({
          path,
          evidence: {
            file: src.path,
            line: lineOf(m.index),
            reason: `route ${path} in ${src.path}`,
            confidence: 'strong',
          },
        });
      }
    }
  }
  found.sort(compareHealth);
  return found[0] ?? null;
}

/** Set by the runtime or the image, not configuration a person supplies. */
const IGNORED = new Set(['ASPNETCORE_ENVIRONMENT', 'DOTNET_ENVIRONMENT', 'HOME', 'PATH', 'HOSTNAME']);
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Env vars a .NET service reads. `Environment.GetEnvironmentVariable("X")` is a direct read (strong).
 * `Configuration["A:B"]` and `GetConnectionString("Db")` read configuration, which the environment
 * supplies as `A__B` and `ConnectionStrings__Db` (weak: appsettings.json may hold the value).
 */
export function detectDotnetEnv(sources: readonly SourceFile[]): EnvVar[] {
  const vars = new Map<string, { def: string | null; evidence: Evidence[]; connection: boolean }>();
  const add = (name: string, ev: Evidence, def: string | null, connection = false): void => {
    if (IGNORED.has(name) || !ENV_NAME.test(name)) return;
    const acc = vars.get(name) ?? { def: null, evidence: [], connection };
    acc.def ??= def;
    if (acc.evidence.length < 5 && !acc.evidence.some((e) => e.file === ev.file && e.line === ev.line))
      acc.evidence.push(ev);
    vars.set(name, acc);
  };
  for (const src of sources) {
    const lineOf = lineLocator(src.code);
    for (const m of src.code.matchAll(
      /GetEnvironmentVariable\s*\(?\s*"([A-Za-z_][A-Za-z0-9_]*)"\s*\)?(?:\s*\?\?\s*"([^"\n]*)")?/g,
    )) {
      add(
        m[1] as string,
        {
          file: src.path,
          line: lineOf(m.index),
          reason: `read in ${src.path}`,
          confidence: 'strong',
        },
        m[2] ?? null,
      );
    }
    for (const m of src.code.matchAll(/\b(?:[Cc]onfiguration|[Cc]onfig)\s*\[\s*"([A-Za-z_][\w:]*)"\s*\]/g)) {
      const name = (m[1] as string).replace(/:/g, '__');
      add(
        name,
        {
          file: src.path,
          line: lineOf(m.index),
          reason: `configuration key ${m[1]} read in ${src.path}`,
          confidence: 'weak',
        },
        null,
      );
    }
    for (const m of src.code.matchAll(/\bGetConnectionString\(\s*"([A-Za-z_][\w]*)"\s*\)/g)) {
      add(
        `ConnectionStrings__${m[1]}`,
        {
          file: src.path,
          line: lineOf(m.index),
          reason: `connection string ${m[1]} read in ${src.path}`,
          confidence: 'weak',
        },
        null,
        true,
      );
    }
  }
  return [...vars.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, v]) => {
      // Connection strings carry credentials.
      // Configuration keys are PascalCase (`Jwt__SigningKey`): split words before the secret check.
      const words = name.replace(/([a-z0-9])([A-Z])/g, '$1_$2');
      const secret = v.connection || isSecretEnv(words, v.def);
      return { name, secret, default: secret ? null : v.def, evidence: v.evidence };
    });
}

/** NuGet packages (prefix match with a trailing `*`) → the backing service they reach. */
export const DOTNET_BACKING: readonly { package: string; kind: BackingKind }[] = [
  { package: 'Npgsql*', kind: 'postgresql' },
  { package: 'Pomelo.EntityFrameworkCore.MySql', kind: 'mysql' },
  { package: 'MySqlConnector', kind: 'mysql' },
  { package: 'MySql.Data', kind: 'mysql' },
  { package: 'MySql.EntityFrameworkCore', kind: 'mysql' },
  { package: 'MongoDB.Driver', kind: 'mongodb' },
  { package: 'MongoDB.EntityFrameworkCore', kind: 'mongodb' },
  { package: 'StackExchange.Redis', kind: 'redis' },
  { package: 'Microsoft.Extensions.Caching.StackExchangeRedis', kind: 'redis' },
  { package: 'RabbitMQ.Client', kind: 'rabbitmq' },
  { package: 'MassTransit.RabbitMQ', kind: 'rabbitmq' },
  { package: 'Confluent.Kafka', kind: 'kafka' },
  { package: 'NATS.Client', kind: 'nats' },
  { package: 'NATS.Net', kind: 'nats' },
  { package: 'Elastic.Clients.Elasticsearch', kind: 'elasticsearch' },
  { package: 'NEST', kind: 'elasticsearch' },
  { package: 'OpenSearch.Client', kind: 'elasticsearch' },
  { package: 'AWSSDK.S3', kind: 's3' },
  { package: 'Minio', kind: 's3' },
  { package: 'EnyimMemcachedCore', kind: 'memcached' },
  { package: 'Microsoft.Data.Sqlite', kind: 'sqlite' },
  { package: 'Microsoft.EntityFrameworkCore.Sqlite', kind: 'sqlite' },
];

/** Env var names conventionally holding each kind's connection settings. */
const BACKING_ENV: Readonly<Record<BackingKind, readonly string[]>> = {
  postgresql: ['DATABASE_URL', 'POSTGRES_CONNECTION_STRING', 'PGHOST'],
  mysql: ['DATABASE_URL', 'MYSQL_CONNECTION_STRING', 'MYSQL_HOST'],
  mongodb: ['MONGODB_URI', 'MONGO_URI', 'MONGODB_CONNECTION_STRING'],
  redis: ['REDIS_URL', 'REDIS_CONNECTION_STRING', 'REDIS_HOST'],
  memcached: ['MEMCACHED_SERVERS'],
  rabbitmq: ['RABBITMQ_URL', 'AMQP_URL', 'RABBITMQ_HOST'],
  kafka: ['KAFKA_BOOTSTRAP_SERVERS', 'KAFKA_BROKERS'],
  nats: ['NATS_URL'],
  elasticsearch: ['ELASTICSEARCH_URL'],
  s3: ['S3_BUCKET', 'AWS_S3_BUCKET'],
  sqlite: ['DATABASE_PATH'],
};

/** Backing services from PackageReferences; the env var is a conventional one the code reads, else its only connection string. */
export function detectDotnetBacking(project: MsBuildProject, env: readonly EnvVar[]): BackingService[] {
  const names = new Set(env.map((e) => e.name));
  const connections = env.filter((e) => e.name.startsWith('ConnectionStrings__')).map((e) => e.name);
  const byKind = new Map<BackingKind, BackingService>();
  for (const entry of DOTNET_BACKING) {
    const pkg = project.packages.find((p) =>
      entry.package.endsWith('*') ? p.name.startsWith(entry.package.slice(0, -1)) : p.name === entry.package,
    );
    if (!pkg) continue;
    const ev: Evidence = {
      file: project.file,
      ...(pkg.line ? { line: pkg.line } : {}),
      reason: `references the ${pkg.name} package`,
      confidence: 'strong',
    };
    const prev = byKind.get(entry.kind);
    if (prev) {
      prev.evidence.push(ev);
      continue;
    }
    const conventional = BACKING_ENV[entry.kind].find((v) => names.has(v)) ?? null;
    const isDatabase = entry.kind === 'postgresql' || entry.kind === 'mysql' || entry.kind === 'sqlite';
    byKind.set(entry.kind, {
      kind: entry.kind,
      via: pkg.name,
      envVar: conventional ?? (isDatabase && connections.length === 1 ? (connections[0] as string) : null),
      evidence: [ev],
    });
  }
  return [...byKind.values()].sort((a, b) => a.kind.localeCompare(b.kind));
}
