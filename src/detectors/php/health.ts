import type { Evidence } from '../../model/evidence.js';
import { lineAt } from '../text.js';
import type { PhpSource } from './php-source.js';

/** Health route names, most preferred first; `up` is Laravel 11's built-in health route. */
export const PHP_HEALTH_NAMES = ['health', 'healthz', 'up', 'livez', 'ping', 'status', 'readyz'] as const;

const NAME = `(?:${PHP_HEALTH_NAMES.join('|')})`;
const PATH = String.raw`(\/?(?:[A-Za-z0-9_-]+\/){0,2}${NAME}(?:\/[A-Za-z0-9_-]+)?)`;

export interface PhpHealthPattern {
  id: string;
  re: RegExp;
  describe: (path: string) => string;
}

/** Health routes in Laravel, Lumen, Slim and Symfony. Comments are blanked first. */
export const PHP_HEALTH_PATTERNS: readonly PhpHealthPattern[] = [
  {
    // Laravel 11+: ->withRouting(..., health: '/up')
    id: 'laravel-health',
    re: /\bhealth\s*:\s*['"](\/[A-Za-z0-9_/-]*)['"]/g,
    describe: (p) => `Laravel's built-in health route ${p}`,
  },
  {
    // Route::get('/health', …), Route::any('health', …)
    id: 'laravel-route',
    re: new RegExp(String.raw`\bRoute::(?:get|any|match\([^)]*\))\s*\(\s*['"]${PATH}['"]`, 'g'),
    describe: (p) => `GET ${p} route`,
  },
  {
    // Slim / Lumen: $app->get('/health', …), $router->get('/health', …), $group->get(…)
    id: 'method-call',
    re: new RegExp(String.raw`\$\w+->(?:get|any|map\([^)]*\))\s*\(\s*['"]${PATH}['"]`, 'g'),
    describe: (p) => `GET ${p} route`,
  },
  {
    // Symfony: #[Route('/health', …)] or the @Route("/health") annotation
    id: 'symfony-route',
    re: new RegExp(String.raw`(?:#\[|@)Route\(\s*(?:path:\s*)?['"]${PATH}['"]`, 'g'),
    describe: (p) => `Symfony route ${p}`,
  },
];

export interface PhpHealthMatch {
  path: string;
  evidence: Evidence;
}

/** The preferred health route, or null. Laravel's routes/api.php is mounted under /api. */
export function detectPhpHealth(
  sources: readonly PhpSource[],
  laravel: boolean,
  patterns: readonly PhpHealthPattern[] = PHP_HEALTH_PATTERNS,
): PhpHealthMatch | null {
  const found: PhpHealthMatch[] = [];
  for (const src of sources) {
    if (!src.path.endsWith('.php')) continue;
    const prefix = laravel && /(^|\/)routes\/api\.php$/.test(src.path) ? '/api' : '';
    for (const pattern of patterns) {
      if (pattern.id === 'laravel-health' && !laravel) continue;
      for (const m of src.code.matchAll(new RegExp(pattern.re.source, pattern.re.flags))) {
        const raw = m[1] as string;
        const path = `${pattern.id === 'laravel-health' ? '' : prefix}${raw.startsWith('/') ? raw : `/${raw}`}`;
        found.push({
          path,
          evidence: {
            file: src.path,
            line: lineAt(src.code, m.index),
            reason: `${pattern.describe(path)} in ${src.path}`,
            confidence: pattern.id === 'laravel-health' ? 'explicit' : 'strong',
          },
        });
      }
    }
  }
  if (found.length === 0) return null;
  const score = (p: string): number => {
    const segments = p.split('/');
    const name = segments.find((s) => (PHP_HEALTH_NAMES as readonly string[]).includes(s));
    return PHP_HEALTH_NAMES.indexOf(name as (typeof PHP_HEALTH_NAMES)[number]) * 100 + segments.length;
  };
  found.sort(
    (a, b) =>
      score(a.path) - score(b.path) ||
      a.evidence.file.localeCompare(b.evidence.file) ||
      (a.evidence.line ?? 0) - (b.evidence.line ?? 0),
  );
  return found[0] ?? null;
}
