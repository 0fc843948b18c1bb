import { describe, expect, it } from 'vitest';
import { MemoryRepoFs } from '../../repo/repo-fs.js';
import { blankJsComments } from '../text.js';
import { detectEnv } from './env.js';

const src = (path: string, code: string) => ({ path, code: blankJsComments(code) });

describe('detectEnv', () => {
  it('finds reads, destructuring and defaults; sorts by name', () => {
    const code = [
      "const a = process.env.API_URL ?? 'http://localhost:4000';",
      "const b = process.env['FEATURE_FLAG'] || 'off';",
      'const c = Number(process.env.PORT) || 3000;',
      "const { LOG_LEVEL = 'info', SENTRY_DSN, REGION: region = 'eu' } = process.env;",
      'const d = process.env.NODE_ENV;',
      '// process.env.COMMENTED_OUT',
    ].join('\n');
    const { env } = detectEnv(new MemoryRepoFs({}), '.', [src('src/config.ts', code)]);
    expect(env.map((e) => [e.name, e.default, e.secret])).toEqual([
      ['API_URL', 'http://localhost:4000', false],
      ['FEATURE_FLAG', 'off', false],
      ['LOG_LEVEL', 'info', false],
      ['PORT', '3000', false],
      ['REGION', 'eu', false],
      ['SENTRY_DSN', null, true],
    ]);
    expect(env[0]?.evidence[0]).toEqual({
      file: 'src/config.ts',
      line: 1,
      reason: 'read in src/config.ts',
      confidence: 'strong',
    });
  });

  it('merges example files; code defaults win; secrets never get a default', () => {
    const fs = new MemoryRepoFs({
      'api/.env.example': 'PORT=8080\nDATABASE_URL=postgres://u:p@db/app\nJWT_SECRET=change-me\nEXTRA=1\n',
      'api/.env': 'JWT_SECRET=real-secret\n',
    });
    const { env } = detectEnv(fs, 'api', [
      src('api/a.js', 'process.env.PORT || 3000; process.env.JWT_SECRET'),
    ]);
    expect(env.map((e) => [e.name, e.default, e.secret, e.evidence.map((x) => x.file)])).toEqual([
      ['DATABASE_URL', null, true, ['api/.env.example']],
      ['EXTRA', '1', false, ['api/.env.example']],
      ['JWT_SECRET', null, true, ['api/a.js', 'api/.env.example']],
      ['PORT', '3000', false, ['api/a.js', 'api/.env.example']],
    ]);
  });

  it('reads .env.sample and .env.template too', () => {
    const fs = new MemoryRepoFs({ '.env.sample': 'A=1\n', '.env.template': 'B=2\n' });
    expect(detectEnv(fs, '.', []).env.map((e) => e.name)).toEqual(['A', 'B']);
  });

  it('dedupes repeated reads of one variable', () => {
    const { env } = detectEnv(new MemoryRepoFs({}), '.', [
      src('a.js', 'process.env.X; process.env.X;\nprocess.env.X'),
    ]);
    expect(env).toHaveLength(1);
    expect(env[0]?.evidence.map((e) => e.line)).toEqual([1, 2]);
  });
});

describe('detectEnv: import.meta.env and build-time variables', () => {
  it('reads import.meta.env.VITE_* (with defaults) and marks them build-time; built-ins are skipped', () => {
    const { env } = detectEnv(new MemoryRepoFs({}), '.', [
      src(
        'src/api.ts',
        "const base = import.meta.env.VITE_API_URL ?? 'http://localhost:8080';\nif (import.meta.env.DEV || import.meta.env.MODE === 'x') {}\nconst key = import.meta.env.VITE_MAPS_KEY;\n",
      ),
    ]);
    expect(env.map((e) => [e.name, e.secret, e.default])).toEqual([
      ['VITE_API_URL', false, 'http://localhost:8080'],
      ['VITE_MAPS_KEY', true, null],
    ]);
    expect(env[0]?.evidence[0]).toMatchObject({ file: 'src/api.ts', line: 1 });
    expect(env[0]?.evidence[0]?.reason).toMatch(/^build-time: Vite inlines VITE_API_URL/);
  });

  it('destructuring import.meta.env; server-side import.meta.env names are run-time reads', () => {
    const { env } = detectEnv(new MemoryRepoFs({}), '.', [
      src('src/pages/x.astro', 'const { PUBLIC_SITE, DB_HOST, SSR } = import.meta.env;'),
    ]);
    expect(env.map((e) => e.name)).toEqual(['DB_HOST', 'PUBLIC_SITE']);
    expect(env.find((e) => e.name === 'PUBLIC_SITE')?.evidence[0]?.reason).toContain('build-time');
    expect(env.find((e) => e.name === 'DB_HOST')?.evidence[0]?.reason).not.toContain('build-time');
  });

  it.each([
    ['NEXT_PUBLIC_SITE', 'Next.js'],
    ['REACT_APP_API', 'Create React App'],
    ['EXPO_PUBLIC_API', 'Expo'],
  ])('process.env.%s is a build-time variable of %s', (name, tool) => {
    const { env } = detectEnv(new MemoryRepoFs({}), '.', [src('a.js', `process.env.${name}`)]);
    expect(env[0]?.evidence[0]?.reason).toContain(`build-time: ${tool}`);
  });

  it('example env files mark build-time variables too', () => {
    const { env } = detectEnv(
      new MemoryRepoFs({ '.env.example': 'VITE_API_URL=http://api\nPORT=3000\n' }),
      '.',
      [],
    );
    expect(env.map((e) => [e.name, e.evidence[0]?.reason.includes('build-time')])).toEqual([
      ['PORT', false],
      ['VITE_API_URL', true],
    ]);
  });
});
