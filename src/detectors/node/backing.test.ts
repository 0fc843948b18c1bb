import { describe, expect, it } from 'vitest';
import { MemoryRepoFs } from '../../repo/repo-fs.js';
import { detectBacking, NODE_BACKING, parsePrismaDatasource } from './backing.js';
import { type ParsedPackage, parsePackageJsonText } from './parse-package-json.js';

function pkg(obj: object, file = 'package.json'): ParsedPackage {
  const r = parsePackageJsonText(file, JSON.stringify(obj, null, 2));
  if (!r.ok) throw new Error('bad test input');
  return r.value;
}

describe('NODE_BACKING table', () => {
  it.each([
    ['pg', 'postgresql'],
    ['postgres', 'postgresql'],
    ['pg-promise', 'postgresql'],
    ['mysql', 'mysql'],
    ['mysql2', 'mysql'],
    ['mongodb', 'mongodb'],
    ['mongoose', 'mongodb'],
    ['redis', 'redis'],
    ['ioredis', 'redis'],
    ['memcached', 'memcached'],
    ['memjs', 'memcached'],
    ['amqplib', 'rabbitmq'],
    ['amqp-connection-manager', 'rabbitmq'],
    ['kafkajs', 'kafka'],
    ['nats', 'nats'],
    ['@elastic/elasticsearch', 'elasticsearch'],
    ['@opensearch-project/opensearch', 'elasticsearch'],
    ['@aws-sdk/client-s3', 's3'],
    ['minio', 's3'],
    ['better-sqlite3', 'sqlite'],
    ['sqlite3', 'sqlite'],
  ])('%s → %s', (dep, kind) => {
    expect(NODE_BACKING.find((b) => b.dependency === dep)?.kind).toBe(kind);
    const r = detectBacking(new MemoryRepoFs({}), pkg({ dependencies: { [dep]: '1' } }), new Set());
    expect(r.backing.map((b) => b.kind)).toEqual([kind]);
  });
});

describe('parsePrismaDatasource', () => {
  it('reads provider, its line and the env var', () => {
    const text =
      'generator client {\n  provider = "prisma-client-js"\n}\n\ndatasource db {\n  provider = "postgresql"\n  url      = env("DATABASE_URL")\n}\n';
    expect(parsePrismaDatasource(text)).toEqual({
      provider: 'postgresql',
      providerLine: 6,
      envVar: 'DATABASE_URL',
    });
  });

  it('a literal url has no env var', () => {
    expect(
      parsePrismaDatasource('datasource db {\n provider = "sqlite"\n url = "file:./dev.db"\n}'),
    ).toMatchObject({
      provider: 'sqlite',
      envVar: null,
    });
  });

  it.each(['', 'datasource', 'datasource db {', 'model X { id Int }', '}}}{{{'])(
    'garbage %j does not throw',
    (t) => {
      expect(() => parsePrismaDatasource(t)).not.toThrow();
    },
  );
});

describe('detectBacking', () => {
  it('Prisma names the kind and env var; pg dedupes into it with merged evidence', () => {
    const fs = new MemoryRepoFs({
      'prisma/schema.prisma': 'datasource db {\n  provider = "postgresql"\n  url = env("PG_DSN")\n}\n',
    });
    const r = detectBacking(
      fs,
      pkg({ dependencies: { '@prisma/client': '5', pg: '8' } }),
      new Set(['DATABASE_URL']),
    );
    expect(r.backing).toHaveLength(1);
    expect(r.backing[0]).toMatchObject({ kind: 'postgresql', via: 'prisma', envVar: 'PG_DSN' });
    expect(r.backing[0]?.evidence.map((e) => e.file)).toEqual(['prisma/schema.prisma', 'package.json']);
  });

  it('envVar is the conventional variable the code reads, else null', () => {
    const p = pkg({ dependencies: { ioredis: '5', pg: '8', kafkajs: '2' } });
    const r = detectBacking(new MemoryRepoFs({}), p, new Set(['REDIS_URL', 'POSTGRES_URL']));
    expect(r.backing.map((b) => [b.kind, b.envVar])).toEqual([
      ['kafka', null],
      ['postgresql', 'POSTGRES_URL'],
      ['redis', 'REDIS_URL'],
    ]);
  });

  it('devDependencies do not count (a test-only driver is not a backing service)', () => {
    const r = detectBacking(new MemoryRepoFs({}), pkg({ devDependencies: { pg: '8' } }), new Set());
    expect(r.backing).toEqual([]);
  });

  it('a Prisma provider shipready does not provision is an info diagnostic', () => {
    const fs = new MemoryRepoFs({ 'prisma/schema.prisma': 'datasource db {\n provider = "sqlserver"\n}' });
    const r = detectBacking(fs, pkg({ dependencies: { '@prisma/client': '5' } }), new Set());
    expect(r.backing).toEqual([]);
    expect(r.diagnostics[0]).toMatchObject({ severity: 'info', file: 'prisma/schema.prisma', line: 2 });
  });

  it('uses the prisma.schema location from package.json', () => {
    const fs = new MemoryRepoFs({
      'db/main.prisma': 'datasource db {\n provider = "mysql"\n url = env("MYSQL_URL")\n}',
    });
    const r = detectBacking(
      fs,
      pkg({ prisma: { schema: './db/main.prisma' }, devDependencies: { prisma: '5' } }),
      new Set(),
    );
    expect(r.backing).toEqual([expect.objectContaining({ kind: 'mysql', envVar: 'MYSQL_URL' })]);
  });
});
