import { describe, expect, it } from 'vitest';
import { detectGoBacking } from './backing.js';
import { parseGoModText } from './go-mod.js';

const mod = (requires: string) => parseGoModText('go.mod', `module a\n\nrequire (\n${requires}\n)\n`).mod;

describe('detectGoBacking', () => {
  it.each([
    ['github.com/lib/pq v1.10.9', 'postgresql'],
    ['github.com/jackc/pgx/v5 v5.6.0', 'postgresql'],
    ['gorm.io/driver/postgres v1.5.7', 'postgresql'],
    ['github.com/go-sql-driver/mysql v1.8.1', 'mysql'],
    ['go.mongodb.org/mongo-driver v1.15.0', 'mongodb'],
    ['github.com/redis/go-redis/v9 v9.5.3', 'redis'],
    ['github.com/go-redis/redis/v8 v8.11.5', 'redis'],
    ['github.com/rabbitmq/amqp091-go v1.10.0', 'rabbitmq'],
    ['github.com/streadway/amqp v1.1.0', 'rabbitmq'],
    ['github.com/segmentio/kafka-go v0.4.47', 'kafka'],
    ['github.com/confluentinc/confluent-kafka-go/v2 v2.4.0', 'kafka'],
    ['github.com/IBM/sarama v1.43.2', 'kafka'],
    ['github.com/nats-io/nats.go v1.36.0', 'nats'],
    ['github.com/aws/aws-sdk-go-v2/service/s3 v1.54.0', 's3'],
    ['github.com/minio/minio-go/v7 v7.0.70', 's3'],
    ['github.com/mattn/go-sqlite3 v1.14.22', 'sqlite'],
    ['modernc.org/sqlite v1.30.0', 'sqlite'],
  ])('%s → %s', (req, kind) => {
    const b = detectGoBacking(mod(`\t${req}`), new Set());
    expect(b.map((x) => x.kind)).toEqual([kind]);
    expect(b[0]?.evidence[0]).toMatchObject({ file: 'go.mod', line: 4 });
  });

  it('one entry per kind, evidence merged, env var from what the code reads', () => {
    const b = detectGoBacking(
      mod('\tgithub.com/lib/pq v1\n\tgithub.com/jackc/pgx/v5 v5'),
      new Set(['PGHOST', 'DATABASE_URL']),
    );
    expect(b).toHaveLength(1);
    expect(b[0]).toMatchObject({ kind: 'postgresql', via: 'github.com/lib/pq', envVar: 'DATABASE_URL' });
    expect(b[0]?.evidence).toHaveLength(2);
  });

  it('indirect requirements and look-alike modules do not count', () => {
    expect(
      detectGoBacking(mod('\tgithub.com/lib/pq v1 // indirect\n\tgithub.com/lib/pqx v1'), new Set()),
    ).toEqual([]);
    expect(detectGoBacking(null, new Set())).toEqual([]);
  });
});
