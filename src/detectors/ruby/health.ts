import type { Evidence } from '../../model/evidence.js';
import { lineAt } from '../text.js';
import type { RubySource } from './ruby-source.js';

/**
 * Health route names, most preferred first. `up` is Rails 7.1+'s generated liveness route
 * (`get "up" => "rails/health#show"`); `readyz` checks dependencies, so it comes last.
 */
export const RUBY_HEALTH_NAMES = ['health', 'healthz', 'up', 'livez', 'ping', 'status', 'readyz'] as const;

const NAME = `(?:${RUBY_HEALTH_NAMES.join('|')})`;
// Optional prefix segments (/api, /v1), a health name, optionally one more segment (/health/live).
const PATH = String.raw`(\/?(?:[A-Za-z0-9_-]+\/){0,2}${NAME}(?:\/[A-Za-z0-9_-]+)?)`;

export interface RubyHealthPattern {
  id: string;
  re: RegExp;
  /** Only in files whose path matches. */
  fileRe?: RegExp;
  describe: (path: string) => string;
}

/** GET routes in Rails routes, Sinatra, Roda, Grape and Hanami. Comments are blanked first. */
export const RUBY_HEALTH_PATTERNS: readonly RubyHealthPattern[] = [
  {
    // Rails: get "up" => "rails/health#show", get "/health", to: "health#show"; Sinatra: get '/health' do
    // Hanami: get "/health", to: "health.show"; Grape: get :health / get 'health'
    id: 'get-route',
    re: new RegExp(String.raw`(?:^|[\s;{(])(?:get|match)[ \t(]+['"]${PATH}['"]`, 'gm'),
    describe: (p) => `GET ${p} route`,
  },
  {
    // Roda: r.get "health" do / r.is "health"
    id: 'roda-route',
    re: new RegExp(String.raw`\br\.(?:get|is|on)[ \t(]+['"]${PATH}['"]`, 'g'),
    describe: (p) => `Roda route ${p}`,
  },
];

export interface RubyHealthMatch {
  path: string;
  evidence: Evidence;
}

/** The preferred health route declared in the sources, or null. */
export function detectRubyHealth(
  sources: readonly RubySource[],
  patterns: readonly RubyHealthPattern[] = RUBY_HEALTH_PATTERNS,
): RubyHealthMatch | null {
  const found: RubyHealthMatch[] = [];
  for (const src of sources) {
    if (!src.path.endsWith('.rb') && !src.path.endsWith('.ru')) continue;
    for (const pattern of patterns) {
      if (pattern.fileRe && !pattern.fileRe.test(src.path)) continue;
      for (const m of src.code.matchAll(new RegExp(pattern.re.source, pattern.re.flags))) {
        const raw = m[1] as string;
        const path = raw.startsWith('/') ? raw : `/${raw}`;
        const at = m.index + (m[0].length - m[0].trimStart().length);
        // A bounded window: searching to the end of a huge single line per match is quadratic.
        const w = src.code.slice(at, at + 400);
        const eol = w.indexOf('\n');
        const rails = /rails\/health#show/.test(eol === -1 ? w : w.slice(0, eol));
        found.push({
          path,
          evidence: {
            file: src.path,
            line: lineAt(src.code, at),
            reason: `${pattern.describe(path)}${rails ? ' (Rails::HealthController)' : ''} in ${src.path}`,
            confidence: 'strong',
          },
        });
      }
    }
  }
  if (found.length === 0) return null;
  const score = (p: string): number => {
    const segments = p.split('/');
    const name = segments.find((s) => (RUBY_HEALTH_NAMES as readonly string[]).includes(s));
    return RUBY_HEALTH_NAMES.indexOf(name as (typeof RUBY_HEALTH_NAMES)[number]) * 100 + segments.length;
  };
  found.sort(
    (a, b) =>
      score(a.path) - score(b.path) ||
      a.evidence.file.localeCompare(b.evidence.file) ||
      (a.evidence.line ?? 0) - (b.evidence.line ?? 0),
  );
  return found[0] ?? null;
}
