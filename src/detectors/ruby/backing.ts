import { parse as parseYaml } from 'yaml';
import type { Diagnostic } from '../../model/diagnostic.js';
import type { Evidence } from '../../model/evidence.js';
import type { BackingKind, BackingService } from '../../model/service.js';
import type { RepoFs } from '../../repo/repo-fs.js';
import { joinRel } from '../paths.js';
import { BACKING_ENV_VARS } from '../shared/backing-env.js';
import type { GemIndex } from './gemfile.js';

export interface RubyBackingEntry {
  gem: string;
  kind: BackingKind;
  /** The env var the gem reads by itself when the code does not say (redis-rb and Sidekiq: REDIS_URL). */
  implicitEnv?: string;
}

/** Gems (drivers, clients, job runners) → the backing service they talk to. */
export const RUBY_BACKING: readonly RubyBackingEntry[] = [
  { gem: 'pg', kind: 'postgresql' },
  { gem: 'activerecord-postgis-adapter', kind: 'postgresql' },
  { gem: 'mysql2', kind: 'mysql' },
  { gem: 'trilogy', kind: 'mysql' },
  { gem: 'activerecord-trilogy-adapter', kind: 'mysql' },
  { gem: 'mongoid', kind: 'mongodb' },
  { gem: 'mongo', kind: 'mongodb' },
  { gem: 'redis', kind: 'redis', implicitEnv: 'REDIS_URL' },
  { gem: 'redis-client', kind: 'redis', implicitEnv: 'REDIS_URL' },
  { gem: 'kredis', kind: 'redis', implicitEnv: 'REDIS_URL' },
  { gem: 'sidekiq', kind: 'redis', implicitEnv: 'REDIS_URL' },
  { gem: 'resque', kind: 'redis' },
  { gem: 'dalli', kind: 'memcached', implicitEnv: 'MEMCACHE_SERVERS' },
  { gem: 'bunny', kind: 'rabbitmq' },
  { gem: 'sneakers', kind: 'rabbitmq' },
  { gem: 'ruby-kafka', kind: 'kafka' },
  { gem: 'rdkafka', kind: 'kafka' },
  { gem: 'karafka', kind: 'kafka' },
  { gem: 'nats-pure', kind: 'nats' },
  { gem: 'elasticsearch', kind: 'elasticsearch' },
  { gem: 'searchkick', kind: 'elasticsearch' },
  { gem: 'opensearch-ruby', kind: 'elasticsearch' },
  { gem: 'aws-sdk-s3', kind: 's3' },
  { gem: 'sqlite3', kind: 'sqlite' },
];

/** Active Record adapters (config/database.yml `adapter:`) → backing kind. */
export const RAILS_ADAPTERS: Readonly<Record<string, BackingKind>> = {
  postgresql: 'postgresql',
  postgis: 'postgresql',
  mysql2: 'mysql',
  trilogy: 'mysql',
  sqlite3: 'sqlite',
};

/** An env var a library reads without the code naming it (Rails: DATABASE_URL). */
export interface ImplicitEnv {
  name: string;
  evidence: Evidence;
  secret?: boolean;
}

export interface DatabaseYml {
  adapter: string | null;
  adapterLine: number | null;
  /** `ENV["X"]` read in the production section's `url:`, when there is one. */
  urlEnv: string | null;
}

/**
 * Reads config/database.yml: ERB tags are replaced before YAML parsing (`<%= … %>` → a placeholder,
 * `<% … %>` → nothing). The production section wins, then `default`, then any section. Returns null
 * for an empty file; `invalid` when the YAML does not parse (then a per-line regex is used).
 */
export function parseDatabaseYml(text: string): { value: DatabaseYml | null; invalid: string | null } {
  if (text.trim() === '') return { value: null, invalid: null };
  const lines = text.split(/\r?\n/);
  const lineOf = (re: RegExp): number | null => {
    const i = lines.findIndex((l) => re.test(l));
    return i === -1 ? null : i + 1;
  };
  const stripped = text.replace(/<%=([\s\S]*?)%>/g, '__ERB__').replace(/<%[\s\S]*?%>/g, '');
  let data: unknown;
  let invalid: string | null = null;
  try {
    data = parseYaml(stripped, { merge: true, maxAliasCount: 1000 });
  } catch (e) {
    invalid = (e instanceof Error ? e.message : String(e)).split('\n')[0] ?? 'invalid YAML';
  }
  let adapter: string | null = null;
  if (!invalid && data && typeof data === 'object' && !Array.isArray(data)) {
    const root = data as Record<string, unknown>;
    for (const env of ['production', 'default', ...Object.keys(root)]) {
      adapter = adapterIn(root[env]);
      if (adapter) break;
    }
  } else if (invalid) {
    const m = /^\s*adapter:\s*["']?([\w-]+)/m.exec(text);
    adapter = m ? (m[1] as string) : null;
  }
  const urlEnv = /^\s*url:\s*<%=\s*ENV(?:\[\s*|\.fetch\(\s*)['"]([A-Za-z_]\w*)['"]/m.exec(text);
  return {
    value: {
      adapter,
      adapterLine: adapter ? lineOf(new RegExp(`^\\s*adapter:\\s*["']?${adapter}\\b`)) : null,
      urlEnv: urlEnv ? (urlEnv[1] as string) : null,
    },
    invalid,
  };
}

function adapterIn(section: unknown): string | null {
  if (!section || typeof section !== 'object' || Array.isArray(section)) return null;
  const s = section as Record<string, unknown>;
  if (typeof s.adapter === 'string') return s.adapter;
  // Rails multi-database: production: { primary: { adapter: … }, cache: { … } }
  for (const key of ['primary', ...Object.keys(s)]) {
    const sub = s[key];
    if (sub && typeof sub === 'object' && typeof (sub as Record<string, unknown>).adapter === 'string') {
      return (sub as Record<string, string>).adapter as string;
    }
  }
  return null;
}

/**
 * Backing services of a Ruby app: config/database.yml's adapter (Rails), then production gems; one
 * entry per kind, evidence merged. `envNames` are the env vars the app reads.
 */
export function detectRubyBacking(
  fs: RepoFs,
  dir: string,
  gems: GemIndex,
  envNames: ReadonlySet<string>,
  rails: boolean,
): { backing: BackingService[]; implicitEnv: ImplicitEnv[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const found: BackingService[] = [];
  const implicitEnv: ImplicitEnv[] = [];
  const pickEnv = (kind: BackingKind): string | null =>
    BACKING_ENV_VARS[kind].find((v) => envNames.has(v)) ?? null;

  const dbFile = joinRel(dir, 'config/database.yml');
  if (fs.exists(dbFile)) {
    const r = fs.readText(dbFile);
    if (!r.ok) {
      diagnostics.push({
        severity: 'warning',
        file: dbFile,
        message: `cannot read config/database.yml (${r.reason}): ${r.message}`,
      });
    } else {
      const parsed = parseDatabaseYml(r.text);
      if (parsed.invalid) {
        diagnostics.push({
          severity: 'warning',
          file: dbFile,
          message: `config/database.yml is not valid YAML (after removing ERB tags): ${parsed.invalid}`,
          fix: 'fix the YAML syntax; the adapter was read line by line instead',
        });
      }
      const adapter = parsed.value?.adapter ?? null;
      const kind = adapter ? RAILS_ADAPTERS[adapter] : undefined;
      if (adapter && kind) {
        // Rails merges DATABASE_URL into the database config by itself.
        const envVar =
          parsed.value?.urlEnv ?? pickEnv(kind) ?? (rails && kind !== 'sqlite' ? 'DATABASE_URL' : null);
        found.push({
          kind,
          via: 'activerecord',
          envVar,
          evidence: [
            {
              file: dbFile,
              ...(parsed.value?.adapterLine ? { line: parsed.value.adapterLine } : {}),
              reason: `config/database.yml uses the ${adapter} adapter`,
              confidence: 'explicit',
            },
          ],
        });
      } else if (adapter) {
        diagnostics.push({
          severity: 'info',
          file: dbFile,
          ...(parsed.value?.adapterLine ? { line: parsed.value.adapterLine } : {}),
          message: `database adapter "${adapter}" is not a backing service shipready provisions`,
        });
      }
    }
  }

  for (const entry of RUBY_BACKING) {
    const hit = gems.direct(entry.gem);
    if (!hit) continue;
    let envVar = pickEnv(entry.kind);
    if (!envVar && entry.implicitEnv) {
      envVar = entry.implicitEnv;
      if (!envNames.has(envVar) && !implicitEnv.some((e) => e.name === envVar)) {
        implicitEnv.push({
          name: envVar,
          evidence: {
            file: hit.file,
            ...(hit.line ? { line: hit.line } : {}),
            reason: `the ${entry.gem} gem reads ${envVar} by default`,
            confidence: 'strong',
          },
        });
      }
    }
    if (!envVar && rails && (entry.kind === 'postgresql' || entry.kind === 'mysql')) envVar = 'DATABASE_URL';
    found.push({
      kind: entry.kind,
      via: entry.gem,
      envVar,
      evidence: [
        {
          file: hit.file,
          ...(hit.line ? { line: hit.line } : {}),
          reason: `${hit.source === 'gemfile' ? 'the Gemfile' : 'the lockfile'} has gem ${entry.gem}`,
          confidence: 'strong',
        },
      ],
    });
  }

  const byKind = new Map<BackingKind, BackingService>();
  for (const b of found) {
    const prev = byKind.get(b.kind);
    if (!prev) {
      byKind.set(b.kind, { ...b, evidence: [...b.evidence] });
      continue;
    }
    prev.envVar ??= b.envVar;
    prev.evidence.push(...b.evidence);
  }
  const backing = [...byKind.values()].sort((a, b) => a.kind.localeCompare(b.kind));
  const sql = backing.find(
    (b) => (b.kind === 'postgresql' || b.kind === 'mysql') && b.envVar === 'DATABASE_URL',
  );
  if (rails && sql && !envNames.has('DATABASE_URL')) {
    implicitEnv.push({
      name: 'DATABASE_URL',
      secret: true,
      evidence: {
        ...(sql.evidence[0] as Evidence),
        reason: 'Rails reads DATABASE_URL by itself and merges it over config/database.yml',
        confidence: 'strong',
      },
    });
  }
  return { backing, implicitEnv, diagnostics };
}
