import type { Confidence, Evidence } from '../../model/evidence.js';
import { lineAt } from '../text.js';
import type { RubySource } from './ruby-source.js';

export interface RubyPortPattern {
  id: string;
  /** Global regex whose first capture group is the port. */
  re: RegExp;
  confidence: Confidence;
  /** Ties between equally confident matches go to the higher rank. */
  rank: number;
  /** When set, the pattern counts only in files whose path matches (e.g. Puma's config). */
  fileRe?: RegExp;
  /** When set, the pattern counts only in a file that also matches this. */
  requires?: RegExp;
  describe: (port: number) => string;
}

/** The service's own port variable; DB_PORT, REDIS_PORT … are ports of other things. */
const PORT_VAR = `['"](?:APP_|HTTP_|SERVER_|WEB_)?PORT['"]`;
/** `ENV.fetch("PORT", 3000)`, `ENV.fetch("PORT") { 3000 }`, `ENV["PORT"] || 4567` → the default. */
const ENV_DEFAULT = String.raw`ENV(?:\.fetch\(\s*${PORT_VAR}\s*(?:,\s*|\)\s*\{\s*)|\[\s*${PORT_VAR}\s*\]\s*\|\|\s*)['"]?(\d{2,5})\b`;
const PUMA_FILE = /(^|\/)config\/puma(\/[\w-]+)?\.rb$/;

/** How Ruby apps set their port. Comments are blanked before matching. */
export const RUBY_PORT_PATTERNS: readonly RubyPortPattern[] = [
  {
    id: 'puma-port',
    re: /^[ \t]*port[ \t(]+['"]?(\d{2,5})\b/gm,
    confidence: 'strong',
    rank: 40,
    fileRe: PUMA_FILE,
    describe: (p) => `Puma's port ${p}`,
  },
  {
    id: 'puma-bind',
    re: /^[ \t]*bind[ \t(]+['"]tcp:\/\/[^'"\s]*:(\d{2,5})['"]/gm,
    confidence: 'strong',
    rank: 40,
    fileRe: PUMA_FILE,
    describe: (p) => `Puma binds tcp://…:${p}`,
  },
  {
    id: 'sinatra-set-port',
    re: /\bset[ \t(]+:port\s*,\s*['"]?(\d{2,5})\b/g,
    confidence: 'strong',
    rank: 35,
    describe: (p) => `set :port, ${p}`,
  },
  {
    id: 'env-default',
    re: new RegExp(ENV_DEFAULT, 'g'),
    confidence: 'strong',
    rank: 30,
    describe: (p) => `PORT defaults to ${p}`,
  },
  {
    // Rack::Handler::Puma.run(app, Port: 8080), WEBrick::HTTPServer.new(Port: 8000), run!(port: 4000)
    id: 'handler-option',
    re: /\b[Pp]ort:\s*(\d{2,5})\b/g,
    confidence: 'strong',
    rank: 20,
    requires: /Rack(?:up)?::Handler|WEBrick::HTTPServer|\brun!|Rack::Server\.start/,
    describe: (p) => `a server started on port ${p}`,
  },
  {
    id: 'tcp-server',
    re: /\bTCPServer\.(?:new|open)\([^)\n]*?\b(\d{2,5})\s*\)/g,
    confidence: 'strong',
    rank: 20,
    describe: (p) => `TCPServer on port ${p}`,
  },
];

export interface RubyPortMatch {
  port: number;
  evidence: Evidence;
  pattern: RubyPortPattern;
}

/**
 * The best port in the sources: highest confidence, then rank, then files the start command uses
 * (`preferred`), then path order. Null when nothing matched.
 */
export function detectRubyPort(
  sources: readonly RubySource[],
  preferred: readonly string[] = [],
  patterns: readonly RubyPortPattern[] = RUBY_PORT_PATTERNS,
): RubyPortMatch | null {
  const matches: RubyPortMatch[] = [];
  for (const src of sources) {
    for (const pattern of patterns) {
      if (pattern.fileRe && !pattern.fileRe.test(src.path)) continue;
      if (pattern.requires && !pattern.requires.test(src.code)) continue;
      for (const m of src.code.matchAll(new RegExp(pattern.re.source, pattern.re.flags))) {
        const port = Number(m[1]);
        if (!Number.isInteger(port) || port < 1 || port > 65535) continue;
        matches.push({
          port,
          pattern,
          evidence: {
            file: src.path,
            line: lineAt(src.code, m.index),
            reason: `${pattern.describe(port)} in ${src.path}`,
            confidence: pattern.confidence,
          },
        });
      }
    }
  }
  const rank = { explicit: 3, strong: 2, weak: 1 } as const;
  const pref = (m: RubyPortMatch): number => (preferred.includes(m.evidence.file) ? 1 : 0);
  matches.sort(
    (a, b) =>
      pref(b) - pref(a) ||
      rank[b.evidence.confidence] - rank[a.evidence.confidence] ||
      b.pattern.rank - a.pattern.rank ||
      a.evidence.file.localeCompare(b.evidence.file) ||
      (a.evidence.line ?? 0) - (b.evidence.line ?? 0),
  );
  return matches[0] ?? null;
}
