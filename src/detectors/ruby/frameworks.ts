import type { Evidence } from '../../model/evidence.js';
import type { GemHit, GemIndex } from './gemfile.js';

/** How a framework's server starts when neither a Procfile nor anything else says. */
export type RubyStartStyle =
  /** `rails server`, or Puma with `config/puma.rb`. */
  | 'rails'
  /** `hanami server`, or Puma with `config/puma.rb`. */
  | 'hanami'
  /** A Rack server (Puma, Falcon, Unicorn, Thin, rackup) over `config.ru`. */
  | 'rack'
  /** `ruby <entry>.rb` when there is no `config.ru` (classic Sinatra), else a Rack server. */
  | 'script-or-rack';

/** What the framework tables share: how an entry is recognised and ranked. */
export interface RubyFrameworkLike {
  /** Framework id recorded on the service. */
  id: string;
  /** Production gems that reveal it (any one). */
  gems: readonly string[];
  /** Files (relative to the app) that reveal it on their own, e.g. Rails' config/application.rb. */
  markers?: readonly string[];
  /** When several match, the highest wins: Rails apps also carry Rack, Sinatra apps may mount Grape … */
  priority: number;
}

export interface RubyFrameworkEntry extends RubyFrameworkLike {
  /** The port the framework's own server listens on by default. */
  defaultPort: number;
  /** The port when served by a Rack server (rackup, Puma without config: 9292). */
  rackPort: number;
  start: RubyStartStyle;
}

/** Ruby web frameworks; priority decides, never the order of this list. */
export const RUBY_FRAMEWORKS: readonly RubyFrameworkEntry[] = [
  {
    id: 'rails',
    gems: ['rails', 'railties'],
    markers: ['config/application.rb'],
    priority: 100,
    defaultPort: 3000,
    rackPort: 3000,
    start: 'rails',
  },
  { id: 'hanami', gems: ['hanami'], priority: 90, defaultPort: 2300, rackPort: 2300, start: 'hanami' },
  { id: 'grape', gems: ['grape'], priority: 60, defaultPort: 9292, rackPort: 9292, start: 'rack' },
  { id: 'roda', gems: ['roda'], priority: 55, defaultPort: 9292, rackPort: 9292, start: 'rack' },
  {
    id: 'sinatra',
    gems: ['sinatra'],
    priority: 50,
    defaultPort: 4567,
    rackPort: 9292,
    start: 'script-or-rack',
  },
  // A bare Rack app: config.ru is the whole framework.
  {
    id: 'rack',
    gems: [],
    markers: ['config.ru'],
    priority: 10,
    defaultPort: 9292,
    rackPort: 9292,
    start: 'rack',
  },
];

export interface RubyStaticEntry extends RubyFrameworkLike {
  /** The command that builds the site. */
  build: string;
  /** Where the site is built, relative to the app. */
  outputDir: string;
}

/**
 * Static site generators: the app is built into files a web server serves. Consulted only when no
 * web framework matched (a server framework in the same Gemfile serves the app itself).
 */
export const RUBY_STATIC_GENERATORS: readonly RubyStaticEntry[] = [
  {
    id: 'jekyll',
    gems: ['jekyll', 'github-pages'],
    priority: 20,
    build: 'bundle exec jekyll build',
    outputDir: '_site',
  },
  {
    id: 'middleman',
    gems: ['middleman'],
    priority: 19,
    build: 'bundle exec middleman build',
    outputDir: 'build',
  },
  { id: 'nanoc', gems: ['nanoc'], priority: 18, build: 'bundle exec nanoc compile', outputDir: 'output' },
  {
    id: 'bridgetown',
    gems: ['bridgetown'],
    priority: 21,
    build: 'bin/bridgetown deploy',
    outputDir: 'output',
  },
];

export interface RackServerEntry {
  id: string;
  /** The gem that provides it; null for the fallback (rackup). */
  gem: string | null;
  /** Among the app's gems, the highest priority server is used. */
  priority: number;
  /** Its config file, used when present (relative to the app). */
  config?: string;
  /** The start command, given the port and whether the config file exists. */
  command: (port: number, withConfig: boolean) => string;
}

/** Rack servers, to serve config.ru in production. */
export const RACK_SERVERS: readonly RackServerEntry[] = [
  {
    id: 'puma',
    gem: 'puma',
    priority: 50,
    config: 'config/puma.rb',
    command: (port, withConfig) =>
      withConfig ? 'bundle exec puma -C config/puma.rb' : `bundle exec puma -b tcp://0.0.0.0:${port}`,
  },
  {
    id: 'falcon',
    gem: 'falcon',
    priority: 40,
    command: (port) => `bundle exec falcon serve --bind http://0.0.0.0:${port}`,
  },
  {
    id: 'unicorn',
    gem: 'unicorn',
    priority: 30,
    config: 'config/unicorn.rb',
    command: (port, withConfig) =>
      withConfig ? 'bundle exec unicorn -c config/unicorn.rb' : `bundle exec unicorn -o 0.0.0.0 -p ${port}`,
  },
  {
    id: 'thin',
    gem: 'thin',
    priority: 20,
    command: (port) => `bundle exec thin start -a 0.0.0.0 -p ${port}`,
  },
  { id: 'rackup', gem: null, priority: 0, command: (port) => `bundle exec rackup -o 0.0.0.0 -p ${port}` },
];

export interface WorkerEntry {
  id: string;
  gem: string;
  /** The worker runs as its own service when one of these files exists (relative to the app). */
  markers: readonly string[];
  /** Matches a Procfile command that already runs it. */
  procfile: RegExp;
  command: (marker: string) => string;
}

/** Background job runners that need their own process next to the web server. */
export const RUBY_WORKERS: readonly WorkerEntry[] = [
  {
    id: 'sidekiq',
    gem: 'sidekiq',
    markers: ['config/sidekiq.yml', 'config/sidekiq.yaml'],
    procfile: /\bsidekiq\b/,
    command: (marker) => `bundle exec sidekiq -C ${marker}`,
  },
];

export interface RubyFrameworkMatch<T extends RubyFrameworkLike = RubyFrameworkEntry> {
  entry: T;
  evidence: Evidence[];
  /** Other frameworks present that ranked lower. */
  others: T[];
}

/** The highest-priority framework of the app, or null. `hasFile` is relative to the app folder. */
export function detectRubyFramework<T extends RubyFrameworkLike = RubyFrameworkEntry>(
  gems: GemIndex,
  hasFile: (rel: string) => boolean,
  dir: string,
  table: readonly T[] = RUBY_FRAMEWORKS as unknown as readonly T[],
): RubyFrameworkMatch<T> | null {
  const present: { entry: T; evidence: Evidence }[] = [];
  for (const entry of table) {
    const hit: GemHit | null = entry.gems.map((g) => gems.direct(g)).find((h) => h !== null) ?? null;
    if (hit) {
      present.push({
        entry,
        evidence: {
          file: hit.file,
          ...(hit.line ? { line: hit.line } : {}),
          reason: `${hit.source === 'gemfile' ? 'the Gemfile' : 'the lockfile'} has gem ${hit.name}`,
          confidence: 'strong',
        },
      });
      continue;
    }
    const marker = entry.markers?.find((m) => hasFile(m));
    if (marker) {
      present.push({
        entry,
        evidence: {
          file: dir === '.' ? marker : `${dir}/${marker}`,
          reason: `${marker} is a ${entry.id} file`,
          confidence: entry.id === 'rack' ? 'strong' : 'weak',
        },
      });
    }
  }
  if (present.length === 0) return null;
  present.sort((a, b) => b.entry.priority - a.entry.priority || a.entry.id.localeCompare(b.entry.id));
  const [best, ...rest] = present as [(typeof present)[number], ...typeof present];
  const outranks = rest.filter((r) => r.entry.id !== 'rack').map((r) => r.entry.id);
  return {
    entry: best.entry,
    evidence: [
      {
        ...best.evidence,
        reason:
          outranks.length > 0
            ? `${best.evidence.reason} (outranks ${outranks.join(', ')})`
            : best.evidence.reason,
      },
    ],
    others: rest.map((r) => r.entry),
  };
}

/** The Rack server the app bundles (highest priority), else rackup. */
export function pickRackServer(
  gems: GemIndex,
  table: readonly RackServerEntry[] = RACK_SERVERS,
): {
  entry: RackServerEntry;
  hit: GemHit | null;
} {
  const present = table
    .map((entry) => ({ entry, hit: entry.gem ? gems.direct(entry.gem) : null }))
    .filter((p) => p.entry.gem === null || p.hit !== null)
    .sort((a, b) => b.entry.priority - a.entry.priority);
  return (
    present[0] ?? {
      entry: table.find((t) => t.gem === null) ?? (RACK_SERVERS.at(-1) as RackServerEntry),
      hit: null,
    }
  );
}
