import type { BackingKind } from '../../model/service.js';

/** A Deno web framework, revealed by an import specifier (import map key or target, or a source import). */
export interface DenoFramework {
  id: string;
  /** Specifiers that reveal it: `$fresh/`, `jsr:@fresh/core`, `https://deno.land/x/oak@v12/mod.ts` … */
  specifiers: readonly RegExp[];
  /** Files whose presence alone reveals it (Fresh 1 generates fresh.gen.ts). */
  markerFiles?: readonly string[];
  /** The port it listens on when the code does not say. */
  defaultPort: number;
  /** Highest wins; Fresh is built on its own server, Hono and Oak are routers. List order decides nothing. */
  priority: number;
  /** Permission flags for the conventional start command (Fresh reads, writes and spawns: `-A`). */
  startFlags?: string;
  /** Entry the framework's template uses. */
  entry?: string;
}

/** Deno's own default port, for `Deno.serve()` and `deno serve` without a port. */
export const DENO_DEFAULT_PORT = 8000;

/** @see https://fresh.deno.dev/docs/getting-started @see https://hono.dev/docs/getting-started/deno @see https://jsr.io/@oak/oak */
export const DENO_FRAMEWORKS: readonly DenoFramework[] = [
  {
    id: 'fresh',
    specifiers: [/^\$fresh\//, /^jsr:@fresh\/core/, /^@fresh\/core/, /deno\.land\/x\/fresh@/],
    markerFiles: ['fresh.gen.ts', 'fresh.config.ts'],
    defaultPort: 8000,
    priority: 100,
    startFlags: '-A',
    entry: 'main.ts',
  },
  {
    id: 'hono',
    specifiers: [
      /^jsr:@hono\/hono/,
      /^npm:hono(@|$|\/)/,
      /^hono(\/|$)/,
      /^@hono\/hono/,
      /deno\.land\/x\/hono@/,
    ],
    defaultPort: 8000,
    priority: 50,
  },
  {
    id: 'oak',
    specifiers: [/^jsr:@oak\/oak/, /^@oak\/oak/, /deno\.land\/x\/oak@/, /^npm:@oakserver\/oak/],
    defaultPort: 8000,
    priority: 50,
  },
];

/** Databases and caches revealed by an import specifier, with the env var their clients conventionally read. */
export const DENO_BACKING: readonly {
  kind: BackingKind;
  specifiers: readonly RegExp[];
  envVars: readonly string[];
}[] = [
  {
    kind: 'postgresql',
    specifiers: [
      /deno\.land\/x\/postgres@/,
      /^jsr:@db\/postgres/,
      /^npm:pg(@|$)/,
      /^npm:postgres(@|$)/,
      /deno\.land\/x\/postgresjs@/,
    ],
    envVars: ['DATABASE_URL', 'POSTGRES_URL', 'PGHOST'],
  },
  {
    kind: 'redis',
    specifiers: [/deno\.land\/x\/redis@/, /^jsr:@db\/redis/, /^npm:redis(@|$)/, /^npm:ioredis(@|$)/],
    envVars: ['REDIS_URL', 'REDIS_HOST'],
  },
  {
    kind: 'mongodb',
    specifiers: [/deno\.land\/x\/mongo@/, /^npm:mongodb(@|$)/, /^npm:mongoose(@|$)/],
    envVars: ['MONGODB_URI', 'MONGO_URL', 'MONGODB_URL'],
  },
  {
    kind: 'mysql',
    specifiers: [/deno\.land\/x\/mysql@/, /^npm:mysql2(@|$)/],
    envVars: ['DATABASE_URL', 'MYSQL_URL'],
  },
  {
    kind: 'sqlite',
    specifiers: [/deno\.land\/x\/sqlite@/, /^jsr:@db\/sqlite/, /^npm:better-sqlite3/],
    envVars: [],
  },
];
