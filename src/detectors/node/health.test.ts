import { describe, expect, it } from 'vitest';
import { blankJsComments } from '../text.js';
import { detectHealthPath, detectRouteFileHealth } from './health.js';

const src = (path: string, code: string) => ({ path, code: blankJsComments(code) });

describe('detectHealthPath', () => {
  it.each([
    ["app.get('/health', h)", '/health'],
    ['fastify.get("/healthz", h)', '/healthz'],
    ['router.get(`/livez`, h)', '/livez'],
    ["app.route({ method: 'GET', url: '/readyz', handler })", '/readyz'],
    ["server.route({ method: 'GET', path: '/status', handler })", '/status'],
    ["app.get('/api/health', h)", '/api/health'],
    ["@Controller('health')\nexport class HealthController {}", '/health'],
    ["@Get('/healthz')\ncheck() {}", '/healthz'],
    ["app.head('/ping', h)", '/ping'],
    ["if (url.pathname === '/health') return new Response('ok');", '/health'],
    ['if (req.url == "/healthz") { res.end() }', '/healthz'],
    ["Bun.serve({ routes: { '/api/status': () => new Response('ok') }, fetch })", '/api/status'],
  ])('%s → %s', (code, path) => {
    expect(detectHealthPath([src('src/app.ts', code)])?.path).toBe(path);
  });

  it.each([
    ["app.get('/healthy-cats', h)"],
    ["app.get('/statuses', h)"],
    ["// app.get('/health', h)"],
    ["app.post('/health', h)"],
    ["if (url.pathname === '/healthy-cats') {}"],
    ["const links = { '/health': 'Health page' };"],
  ])('no health route: %s', (code) => {
    expect(detectHealthPath([src('src/app.ts', code)])).toBeNull();
  });

  it('prefers health > healthz > livez > ping > status > readyz', () => {
    const code = [
      "app.get('/readyz', h)",
      "app.get('/status', h)",
      "app.get('/ping', h)",
      "app.get('/livez', h)",
      "app.get('/healthz', h)",
      "app.get('/health', h)",
    ];
    for (let n = code.length; n > 0; n--) {
      const found = detectHealthPath([src('a.js', code.slice(0, n).join('\n'))]);
      expect(found?.path).toBe(['/readyz', '/status', '/ping', '/livez', '/healthz', '/health'][n - 1]);
    }
  });

  it('records file and line', () => {
    expect(detectHealthPath([src('src/a.js', "\n\napp.get('/healthz', h)")])?.evidence).toMatchObject({
      file: 'src/a.js',
      line: 3,
    });
  });
});

describe('detectRouteFileHealth (file-system routing)', () => {
  it.each([
    ['next', 'app/api/health/route.ts', '/api/health'],
    ['next', 'src/app/(ops)/healthz/route.js', '/healthz'],
    ['next', 'pages/api/status.ts', '/api/status'],
    ['nuxt', 'server/api/health.get.ts', '/api/health'],
    ['nuxt', 'server/routes/healthz.ts', '/healthz'],
    ['sveltekit', 'src/routes/health/+server.ts', '/health'],
    ['astro', 'src/pages/api/ping.ts', '/api/ping'],
    ['remix', 'app/routes/api.healthz.ts', '/api/healthz'],
    ['react-router', 'app/routes/health/route.tsx', '/health'],
  ])('%s %s → %s', (framework, file, path) => {
    const m = detectRouteFileHealth([`web/${file}`], 'web', framework);
    expect(m?.path).toBe(path);
    expect(m?.evidence).toMatchObject({ file: `web/${file}`, confidence: 'strong' });
  });

  it('only the framework in use, only health names, no dynamic segments; liveness first', () => {
    expect(detectRouteFileHealth(['app/api/health/route.ts'], '.', 'nuxt')).toBeNull();
    expect(detectRouteFileHealth(['app/api/users/route.ts'], '.', 'next')).toBeNull();
    expect(detectRouteFileHealth(['app/[health]/route.ts'], '.', 'next')).toBeNull();
    expect(detectRouteFileHealth(['app/api/health/route.ts'], '.', null)).toBeNull();
    expect(detectRouteFileHealth(['server/api/readyz.ts', 'server/api/health.ts'], '.', 'nuxt')?.path).toBe(
      '/api/health',
    );
  });
});
