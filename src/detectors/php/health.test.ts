import { describe, expect, it } from 'vitest';
import { detectPhpHealth } from './health.js';
import { blankPhpComments } from './php-source.js';

const src = (path: string, text: string) => ({ path, code: blankPhpComments(text) });

describe('detectPhpHealth', () => {
  it.each([
    ['bootstrap/app.php', "->withRouting(web: __DIR__.'/../routes/web.php', health: '/up')", true, '/up'],
    ['routes/web.php', "Route::get('/health', fn () => 'ok');", true, '/health'],
    ['routes/api.php', "Route::get('healthz', [HealthController::class, 'show']);", true, '/api/healthz'],
    ['public/index.php', "$app->get('/ping', function ($req, $res) { return $res; });", false, '/ping'],
    ['src/Controller/Health.php', "#[Route('/health/live', name: 'live')]", false, '/health/live'],
    ['src/Controller/Health.php', '/**\n * @Route("/healthz")\n */', false, '/healthz'],
    ['src/Controller/Health.php', '/*\n * @Route("/healthz")\n */', false, null],
    ['src/Controller/Health.php', "#[Route(path: '/status')]", false, '/status'],
  ])('%s: %j → %s', (path, text, laravel, expected) => {
    expect(detectPhpHealth([src(path, text)], laravel)?.path ?? null).toBe(expected);
  });

  it("Laravel's health: option only counts in Laravel apps, and outranks other routes", () => {
    const sources = [
      src('routes/web.php', "Route::get('/status', fn () => 'ok');"),
      src('bootstrap/app.php', "->withRouting(health: '/up')"),
    ];
    expect(detectPhpHealth(sources, true)).toMatchObject({
      path: '/up',
      evidence: { file: 'bootstrap/app.php', line: 1, confidence: 'explicit' },
    });
    expect(detectPhpHealth(sources, false)?.path).toBe('/status');
  });

  it('commented routes do not count', () => {
    expect(
      detectPhpHealth([src('routes/web.php', "// Route::get('/health', fn () => 'ok');")], true),
    ).toBeNull();
    expect(
      detectPhpHealth([src('routes/web.php', "# Route::get('/health', fn () => 'ok');")], true),
    ).toBeNull();
  });
});
