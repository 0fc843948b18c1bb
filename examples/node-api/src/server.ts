import Fastify from 'fastify';
import { Redis } from 'ioredis';
import pg from 'pg';

const port = Number(process.env.PORT ?? 3000);
const logLevel = process.env.LOG_LEVEL ?? 'info';

// Fastify logs structured JSON (pino) to stdout.
const app = Fastify({ logger: { level: logLevel } });

// Both clients connect lazily: nothing touches the network until a request needs it,
// so the process starts (and /health answers) even when Postgres/Redis are down.
const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  connectionTimeoutMillis: 2_000,
  max: 10,
});
pool.on('error', (err) => app.log.error({ err }, 'postgres idle client error'));

const redis = new Redis(process.env.REDIS_URL ?? 'redis://localhost:6379', {
  lazyConnect: true,
  connectTimeout: 2_000,
  maxRetriesPerRequest: 1,
  retryStrategy: (times) => Math.min(times * 500, 5_000),
});
redis.on('error', (err) => app.log.warn({ err: err.message }, 'redis connection error'));

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms}ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

let schemaReady: Promise<void> | undefined;
function ensureSchema(): Promise<void> {
  schemaReady ??= pool
    .query(
      `CREATE TABLE IF NOT EXISTS items (
         id serial PRIMARY KEY,
         name text NOT NULL,
         created_at timestamptz NOT NULL DEFAULT now()
       )`,
    )
    .then(() => undefined)
    .catch((err: unknown) => {
      schemaReady = undefined; // retry on the next request
      throw err;
    });
  return schemaReady;
}

// Liveness: never depends on downstream services.
app.get('/health', async () => ({ status: 'ok' }));

// Readiness: can we reach Postgres and Redis right now?
app.get('/ready', async (_req, reply) => {
  const [db, cache] = await Promise.allSettled([
    withTimeout(pool.query('SELECT 1'), 1_500, 'postgres'),
    withTimeout(redis.ping(), 1_500, 'redis'),
  ]);
  const checks = {
    postgres: db.status === 'fulfilled' ? 'ok' : String(db.reason?.message ?? db.reason),
    redis: cache.status === 'fulfilled' ? 'ok' : String(cache.reason?.message ?? cache.reason),
  };
  const ok = db.status === 'fulfilled' && cache.status === 'fulfilled';
  return reply.code(ok ? 200 : 503).send({ status: ok ? 'ready' : 'unavailable', checks });
});

app.get('/items', async () => {
  await ensureSchema();
  const { rows } = await pool.query('SELECT id, name, created_at FROM items ORDER BY id DESC LIMIT 100');
  return { items: rows };
});

app.post<{ Body: { name: string } }>(
  '/items',
  {
    schema: {
      body: {
        type: 'object',
        required: ['name'],
        properties: { name: { type: 'string', minLength: 1, maxLength: 200 } },
      },
    },
  },
  async (req, reply) => {
    await ensureSchema();
    const { rows } = await pool.query('INSERT INTO items (name) VALUES ($1) RETURNING id, name, created_at', [
      req.body.name,
    ]);
    await redis.incr('items:created').catch((err) => req.log.warn({ err: err.message }, 'redis incr failed'));
    return reply.code(201).send(rows[0]);
  },
);

app.addHook('onClose', async () => {
  await pool.end();
  if (redis.status === 'ready') await redis.quit();
  else redis.disconnect();
});

let shuttingDown = false;
async function shutdown(signal: NodeJS.Signals): Promise<void> {
  if (shuttingDown) return;
  shuttingDown = true;
  app.log.info({ signal }, 'shutting down');
  const force = setTimeout(() => {
    app.log.error('graceful shutdown timed out, forcing exit');
    process.exit(1);
  }, 10_000);
  force.unref();
  try {
    await app.close();
    process.exit(0);
  } catch (err) {
    app.log.error({ err }, 'error during shutdown');
    process.exit(1);
  }
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));

try {
  await app.listen({ port, host: '0.0.0.0' });
} catch (err) {
  app.log.fatal({ err }, 'failed to start');
  process.exit(1);
}
