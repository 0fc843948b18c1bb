import { describe, expect, it } from 'vitest';
import { execArgv as startArgv } from './common.js';
import { nodeHealthcheckArgv, startEntryDir } from './node-dockerfile.js';

describe('startEntryDir', () => {
  it.each<[string, string | null]>([
    ['node dist/server.js', 'dist'],
    ['node ./dist/server.js', 'dist'],
    ['node --enable-source-maps build/index.js', 'build'],
    ['node -r dotenv/config dist/main.js', 'dist'],
    ['node --import=tsx/esm dist/main.js', 'dist'],
    ['node -r ./tracing.js dist/main.js', null],
    ['node --require=./tracing.js dist/main.js', null],
    ['node server.js', null],
    ['node ../shared/server.js', null],
    ['node -e "require(\'./dist\')"', null],
    ['next start', null],
    ['npm start', null],
  ])('%s → %j', (start, dir) => {
    expect(startEntryDir(startArgv(start))).toBe(dir);
  });
});

describe('nodeHealthcheckArgv', () => {
  it('uses fetch on Node 18+ and the http module before', () => {
    expect(nodeHealthcheckArgv(22, 3000, '/health')).toEqual([
      'node',
      '-e',
      "fetch('http://127.0.0.1:3000/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))",
    ]);
    expect(nodeHealthcheckArgv(16, 3000, '/health')[2]).toMatch(
      /^require\('http'\)\.get\('http:\/\/127\.0\.0\.1:3000\/health'/,
    );
  });

  it('keeps a health path with quotes inside a valid JavaScript string', () => {
    const js = nodeHealthcheckArgv(22, 80, "/it's")[2] ?? '';
    expect(js).toContain('fetch("http://127.0.0.1:80/it\'s")');
  });
});
