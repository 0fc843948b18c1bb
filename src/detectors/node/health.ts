import type { Evidence } from '../../model/evidence.js';
import { compareHealth, HEALTH_NAME, HEALTH_NAMES } from '../shared/health.js';
import { lineAt } from '../text.js';
import type { SourceFile } from './source-files.js';

const NAME = HEALTH_NAME;
const HEALTH_NAME_HINT = new RegExp(NAME);
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
  {
    // Plain handlers (node:http, Bun.serve, Deno.serve): url.pathname === '/health', req.url == "/healthz"
    id: 'path-comparison',
    re: new RegExp(String.raw`\b(?:pathname|url)\s*===?\s*['"\`]${PATH}['"\`]`, 'g'),
    describe: (p) => `requests for ${p} handled`,
  },
  {
    // Bun.serve({ routes: { '/health': … } })
    id: 'routes-key',
    re: new RegExp(String.raw`\broutes\s*:\s*\{[^}]*?['"\`]${PATH}['"\`]\s*:`, 'g'),
    describe: (p) => `route ${p} in routes`,
  },
];

export interface HealthMatch {
  path: string;
  evidence: Evidence;
}

/** The preferred health route declared in the sources (see HEALTH_NAMES), or null. */
export function detectHealthPath(sources: readonly SourceFile[]): HealthMatch | null {
  const found: HealthMatch[] = [];
  for (const src of sources) {
    // Every pattern needs a health name in the text: one quick scan skips most files.
    if (!HEALTH_NAME_HINT.test(src.code)) continue;
    for (const pattern of HEALTH_PATTERNS) {
      for (const m of src.code.matchAll(pattern.re)) {
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
  found.sort(compareHealth);
  return found[0] ?? null;
}

/**
 * File-system routing: frameworks whose route is the file's path. `pattern` runs over the path
 * relative to the package; its first group is the route, which `toPath` turns into a URL path.
 */
export interface RouteFileConvention {
  id: string;
  frameworks: readonly string[];
  pattern: RegExp;
  toPath: (route: string) => string;
}

/** `(group)` folders (Next, SvelteKit) and trailing `index` do not appear in the URL. */
const plainPath = (route: string): string =>
  `/${route
    .split('/')
    .filter((s) => s !== '' && !/^\(.*\)$/.test(s))
    .join('/')}`.replace(/\/index$/, '') || '/';

export const ROUTE_FILE_CONVENTIONS: readonly RouteFileConvention[] = [
  {
    id: 'next-app-route',
    frameworks: ['next'],
    pattern: /^(?:src\/)?app\/((?:[^/]+\/)*)route\.[cm]?[jt]s$/,
    toPath: plainPath,
  },
  {
    id: 'next-pages-api',
    frameworks: ['next'],
    pattern: /^(?:src\/)?pages\/(api\/(?:[^/]+\/)*[^/.]+)\.[cm]?[jt]sx?$/,
    toPath: plainPath,
  },
  {
    id: 'nuxt-server-api',
    frameworks: ['nuxt'],
    pattern: /^server\/(api\/(?:[^/]+\/)*[^/.]+)(?:\.(?:get|head))?\.[cm]?[jt]s$/,
    toPath: plainPath,
  },
  {
    id: 'nuxt-server-routes',
    frameworks: ['nuxt'],
    pattern: /^server\/routes\/((?:[^/]+\/)*[^/.]+)(?:\.(?:get|head))?\.[cm]?[jt]s$/,
    toPath: plainPath,
  },
  {
    id: 'sveltekit-endpoint',
    frameworks: ['sveltekit'],
    pattern: /^src\/routes\/((?:[^/]+\/)*)\+server\.[jt]s$/,
    toPath: plainPath,
  },
  {
    id: 'astro-endpoint',
    frameworks: ['astro'],
    pattern: /^src\/pages\/((?:[^/]+\/)*[^/.]+)\.[jt]s$/,
    toPath: plainPath,
  },
  {
    // Flat routes: dots separate segments (`api.health.ts` is /api/health).
    id: 'remix-flat-route',
    frameworks: ['remix', 'react-router'],
    pattern: /^app\/routes\/([^/]+?)(?:\/route)?\.[jt]sx?$/,
    toPath: (route) => plainPath(route.replace(/\./g, '/').replace(/(^|\/)_[^/]*/g, '')),
  },
];

/**
 * A health route declared by a file's location (file-system routing), for the framework in use.
 * `files` are repo paths of the package's sources; `dir` is the package folder.
 */
export function detectRouteFileHealth(
  files: readonly string[],
  dir: string,
  frameworkId: string | null,
): HealthMatch | null {
  if (!frameworkId) return null;
  const conventions = ROUTE_FILE_CONVENTIONS.filter((c) => c.frameworks.includes(frameworkId));
  const found: HealthMatch[] = [];
  for (const file of files) {
    const rel = dir === '.' ? file : file.slice(dir.length + 1);
    for (const c of conventions) {
      const m = c.pattern.exec(rel);
      if (!m) continue;
      const path = c.toPath(m[1] ?? '');
      if (/[[\]$]/.test(path)) continue;
      const last = path.split('/').at(-1) ?? '';
      if (!(HEALTH_NAMES as readonly string[]).includes(last)) continue;
      found.push({
        path,
        evidence: {
          file,
          reason: `${frameworkId} serves ${path} from ${rel} (file-system routing)`,
          confidence: 'strong',
        },
      });
    }
  }
  found.sort(
    (a, b) => healthScore(a.path) - healthScore(b.path) || a.evidence.file.localeCompare(b.evidence.file),
  );
  return found[0] ?? null;
}

function healthScore(p: string): number {
  const segments = p.split('/');
  const name = segments.at(-1) as (typeof HEALTH_NAMES)[number];
  return HEALTH_NAMES.indexOf(name) * 100 + segments.length;
}
