import { describe, expect, it } from 'vitest';
import { blankJsComments } from '../text.js';
import { detectPort } from './port.js';

const src = (path: string, code: string) => ({ path, code: blankJsComments(code) });

describe('detectPort', () => {
  it.each([
    ['app.listen(3000)', 3000],
    ['server.listen( 4000, () => {})', 4000],
    ["await app.listen({ port: 3001, host: '0.0.0.0' })", 3001],
    ["await app.listen({\n  host: '0.0.0.0',\n  port: 3002,\n})", 3002],
    ['const port = process.env.PORT || 8080;', 8080],
    ['const port = process.env.PORT ?? 3003;', 3003],
    ['const port = Number(process.env.PORT ?? 3004);', 3004],
    ["const port = parseInt(process.env.PORT || '8081', 10);", 8081],
    ['const port = Number(process.env.PORT) || 3005;', 3005],
    ["const port = process.env['PORT'] || 3006;", 3006],
    ['const port = process.env.HTTP_PORT || 3007;', 3007],
    ['const PORT = 5000;\nserver.listen(PORT);', 5000],
    ['const port: number = 5001;\napp.listen(port);', 5001],
    ['PORT: z.coerce.number().default(3008),', 3008],
  ])('%s → %i', (code, port) => {
    expect(detectPort([src('src/index.ts', code)])?.port).toBe(port);
  });

  it.each([
    ['// app.listen(3000)'],
    ['/* app.listen(3000) */'],
    ['const port = 3000; // no listen in this file'],
    ['const smtp = Number(process.env.SMTP_PORT || 587);'],
    ['const DB_PORT = 5432;\napp.listen(x);'],
    ["const s = 'not a port';"],
  ])('no port: %s', (code) => {
    expect(detectPort([src('src/index.ts', code)])).toBeNull();
  });

  it('records file, line and a strong confidence', () => {
    const m = detectPort([src('src/server.js', 'const a = 1;\n\napp.listen(process.env.PORT || 8080);\n')]);
    expect(m?.evidence).toEqual({
      file: 'src/server.js',
      line: 3,
      reason: 'PORT defaults to 8080 in src/server.js',
      confidence: 'strong',
    });
  });

  it('a literal listen outranks an env default; the start entry wins ties', () => {
    const a = src('a.js', 'const p = process.env.PORT || 1111;');
    const b = src('b.js', 'app.listen(2222)');
    expect(detectPort([a, b])?.port).toBe(2222);
    const c = src('c.js', 'app.listen(3333)');
    expect(detectPort([b, c], ['c.js'])?.port).toBe(3333);
    expect(detectPort([b, c])?.port).toBe(2222);
  });

  it('ignores out-of-range numbers', () => {
    expect(detectPort([src('a.js', 'app.listen(99999)')])).toBeNull();
  });
});
