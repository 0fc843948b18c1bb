import type { Evidence } from '../../model/evidence.js';
import { lineAt } from '../text.js';
import type { SourceFile } from './source-files.js';

/**
 * Health route names, most preferred first: a liveness-style path suits both a container
 * HEALTHCHECK and a Kubernetes probe; `readyz` checks dependencies, so it comes last.
 */
export const HEALTH_NAMES = ['health', 'healthz', 'livez', 'ping', 'status', 'readyz'] as const;

const NAME = `(?:${HEALTH_NAMES.join('|')})`;
// The path: optional prefix segments (/api, /v1), then a health name, optionally /live, /ready …
const PATH = String.raw`(\/(?:[A-Za-z0-9_-]+\/){0,2}${NAME}(?:\/[A-Za-z0-9_-]+)?)`;

export interface HealthPattern {
  id: string;
  /** Global regex whose first capture group is the path (or the name for decorator routes). */
  re: RegExp;
  describe: (path: string) => string;
}

/** How a GET route is declared in Express, Fastify, Koa, Hapi and Nest. Comments are blanked first. */
export const HEALTH_PATTERNS: readonly HealthPattern[] = [
  {
    // app.get('/health', …), fastify.get("/healthz"), router.get('/livez'), app.all('/ping')
    id: 'method-call',
    re: new RegExp(String.raw`\.(?:get|head|all|use)\(\s*['"\`]${PATH}['"\`]`, 'g'),
    describe: (p) => `GET ${p} route`,
  },
  {
    // fastify.route({ method: 'GET', url: '/readyz' }), server.route({ method: 'GET', path: '/health' })
    id: 'route-object',
    re: new RegExp(String.raw`\.route\(\s*\{[^}]*?\b(?:url|path)\s*:\s*['"\`]${PATH}['"\`]`, 'g'),
    describe: (p) => `route ${p}`,
  },
  {
    // Nest: @Controller('health') or @Get('healthz')
    id: 'nest-decorator',
    re: new RegExp(
      String.raw`@(?:Controller|Get)\(\s*['"\`]\/?((?:[A-Za-z0-9_-]+\/){0,2}${NAME})['"\`]`,
      'g',
    ),
    describe: (p) => `Nest route ${p}`,
  },
];

export interface HealthMatch {
  path: string;
  evidence: Evidence;
}

/** The preferred health route declared in the sources (see {@link HEALTH_NAMES}), or null. */
export function detectHealthPath(sources: readonly SourceFile[]): HealthMatch | null {
  const found: HealthMatch[] = [];
  for (const src of sources) {
    for (const pattern of HEALTH_PATTERNS) {
      for (const m of src.code.matchAll(new RegExp(pattern.re.source, pattern.re.flags))) {
        const raw = m[1] as string;
        const path = raw.startsWith('/') ? raw : `/${raw}`;
        found.push({
          path,
          evidence: {
            file: src.path,
            line: lineAt(src.code, m.index),
            reason: `${pattern.describe(path)} in ${src.path}`,
            confidence: 'strong',
          },
        });
      }
    }
  }
  if (found.length === 0) return null;
  const score = (p: string): number => {
    const segments = p.split('/');
    const i = segments.findIndex((s) => (HEALTH_NAMES as readonly string[]).includes(s));
    const nameRank = HEALTH_NAMES.indexOf(segments[i] as (typeof HEALTH_NAMES)[number]);
    // Shorter paths first: /health beats /api/v1/health beats /health/ready.
    return nameRank * 100 + segments.length;
  };
  found.sort(
    (a, b) =>
      score(a.path) - score(b.path) ||
      a.evidence.file.localeCompare(b.evidence.file) ||
      (a.evidence.line ?? 0) - (b.evidence.line ?? 0),
  );
  return found[0] ?? null;
}
