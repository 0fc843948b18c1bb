import type { Evidence } from '../../model/evidence.js';
import { HEALTH_NAMES } from '../shared/health.js';
import { lineAt } from '../text.js';
import type { PySource } from './source-files.js';

const NAME = `(?:${HEALTH_NAMES.join('|')})`;
/** A path: optional prefix segments (/api, /v1), a health name, optionally /live, /ready …, optional trailing slash. */
const PATH = String.raw`(\/(?:[A-Za-z0-9_-]+\/){0,2}${NAME}(?:\/[A-Za-z0-9_-]+)?\/?)`;
/** Django-style path without the leading slash (`health/`). */
const REL_PATH = String.raw`((?:[A-Za-z0-9_-]+\/){0,2}${NAME}(?:\/[A-Za-z0-9_-]+)?\/?)`;

export interface PyHealthPattern {
  id: string;
  /** Global regex whose first capture group is the path. */
  re: RegExp;
  describe: (path: string) => string;
}

/** How routes are declared in Flask, FastAPI, Starlette, aiohttp, Falcon, Sanic and Django. */
export const PY_HEALTH_PATTERNS: readonly PyHealthPattern[] = [
  {
    // @app.get("/health"), @router.get('/healthz'), @app.route("/ping"), @bp.route('/status', methods=["GET"]),
    // @get("/livez") (Litestar)
    id: 'decorator',
    re: new RegExp(String.raw`@(?:[\w.]+\.)?(?:get|head|route|api_route)\(\s*[rf]?['"]${PATH}['"]`, 'g'),
    describe: (p) => `route ${p}`,
  },
  {
    // app.add_url_rule("/health", …), app.add_api_route('/health', …), app.router.add_get('/health', …),
    // app.add_route('/health', Resource()) (Falcon), web.get('/health', handler) (aiohttp)
    id: 'register-call',
    re: new RegExp(
      String.raw`(?:\.(?:add_url_rule|add_api_route|add_get|add_route)|\bweb\.(?:get|head|route))\(\s*[rf]?['"]${PATH}['"]`,
      'g',
    ),
    describe: (p) => `route ${p}`,
  },
  {
    // Starlette / Litestar: Route("/health", endpoint)
    id: 'route-object',
    re: new RegExp(String.raw`\bRoute\(\s*[rf]?['"]${PATH}['"]`, 'g'),
    describe: (p) => `Route ${p}`,
  },
  {
    // Django: path("health/", view), re_path(r"^healthz/?$", view), url(r'^ping/$', view)
    id: 'django-path',
    re: new RegExp(String.raw`\b(?:path|re_path|url)\(\s*r?['"]\^?${REL_PATH}\??\$?['"]`, 'g'),
    describe: (p) => `Django URL ${p}`,
  },
];

export interface PyHealthMatch {
  path: string;
  evidence: Evidence;
}

/** The preferred health route in the sources (see HEALTH_NAMES: liveness names first, shorter paths first). */
export function detectPyHealthPath(
  sources: readonly PySource[],
  patterns: readonly PyHealthPattern[] = PY_HEALTH_PATTERNS,
): PyHealthMatch | null {
  const found: PyHealthMatch[] = [];
  for (const src of sources) {
    for (const pattern of patterns) {
      for (const m of src.code.matchAll(new RegExp(pattern.re.source, pattern.re.flags))) {
        let raw = (m[1] as string).replace(/\/\?$/, '/');
        if (!raw.startsWith('/')) raw = `/${raw}`;
        found.push({
          path: raw,
          evidence: {
            file: src.path,
            line: lineAt(src.code, m.index),
            reason: `${pattern.describe(raw)} in ${src.path}`,
            confidence: 'strong',
          },
        });
      }
    }
  }
  if (found.length === 0) return null;
  const score = (p: string): number => {
    const segments = p.split('/').filter(Boolean);
    const i = segments.findIndex((s) => (HEALTH_NAMES as readonly string[]).includes(s));
    const nameRank = HEALTH_NAMES.indexOf(segments[i] as (typeof HEALTH_NAMES)[number]);
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
