import { describe, expect, it } from 'vitest';
import { blankJsComments } from '../text.js';
import { detectHealthPath } from './health.js';

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
  ])('%s → %s', (code, path) => {
    expect(detectHealthPath([src('src/app.ts', code)])?.path).toBe(path);
  });

  it.each([
    ["app.get('/healthy-cats', h)"],
    ["app.get('/statuses', h)"],
    ["// app.get('/health', h)"],
    ["app.post('/health', h)"],
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
