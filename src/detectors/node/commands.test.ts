import { describe, expect, it } from 'vitest';
import { detectBuild, detectStart, resolveScript, runScript, tokenize } from './commands.js';
import { NODE_FRAMEWORKS } from './frameworks.js';
import { type ParsedPackage, parsePackageJsonText } from './parse-package-json.js';

function pkg(obj: object): ParsedPackage {
  const r = parsePackageJsonText('package.json', JSON.stringify(obj, null, 2));
  if (!r.ok) throw new Error('bad test input');
  return r.value;
}

describe('runScript', () => {
  it.each([
    ['npm', 'npm run build'],
    ['pnpm', 'pnpm run build'],
    ['yarn', 'yarn build'],
    ['bun', 'bun run build'],
  ] as const)('%s', (pm, cmd) => {
    expect(runScript(pm, 'build')).toBe(cmd);
  });
});

describe('resolveScript', () => {
  it.each([
    ['node dist/server.js', 'node dist/server.js', 'strong', 'dist/server.js'],
    [
      'node --enable-source-maps dist/main.js',
      'node --enable-source-maps dist/main.js',
      'strong',
      'dist/main.js',
    ],
    ['NODE_ENV=production node x.js', 'node x.js', 'strong', 'x.js'],
    ['cross-env NODE_ENV=production PORT=80 node x.js', 'node x.js', 'strong', 'x.js'],
    ['ts-node src/x.ts', 'node_modules/.bin/ts-node src/x.ts', 'weak', null],
    ['tsx src/x.ts', 'node_modules/.bin/tsx src/x.ts', 'weak', null],
    ['nodemon index.js', 'node_modules/.bin/nodemon index.js', 'weak', null],
    ['node --watch index.js', 'node --watch index.js', 'weak', 'index.js'],
    ['next start', 'node_modules/.bin/next start', 'strong', null],
    ['next start -p 4000', 'node_modules/.bin/next start -p 4000', 'strong', null],
    ['npx next start', 'node_modules/.bin/next start', 'strong', null],
    ['nest start --watch', 'node_modules/.bin/nest start --watch', 'weak', null],
    ['./start.sh', './start.sh', 'weak', null],
    ['npm run build && node dist/x.js', 'npm run start', 'weak', null],
    ['node a.js | tee log', 'npm run start', 'weak', null],
    ['node a.js > out.log 2>&1', 'npm run start', 'weak', null],
  ])('%s → %s (%s)', (line, command, confidence, entry) => {
    const r = resolveScript('start', { start: line }, 'npm');
    expect(r.command).toBe(command);
    expect(r.confidence).toBe(confidence);
    expect(r.entry).toBe(entry);
  });

  it('notes the removed env prefix', () => {
    const r = resolveScript('start', { start: 'NODE_ENV=production node x.js' }, 'npm');
    expect(r.env).toEqual({ NODE_ENV: 'production' });
    expect(r.reason).toContain('NODE_ENV=production');
  });

  it('follows npm run / yarn / pnpm into other scripts', () => {
    const scripts = {
      start: 'npm run serve',
      serve: 'NODE_ENV=production yarn boot',
      boot: 'node dist/boot.js',
    };
    const r = resolveScript('start', scripts, 'npm');
    expect(r).toMatchObject({
      command: 'node dist/boot.js',
      confidence: 'strong',
      via: ['start', 'serve', 'boot'],
    });
    expect(r.env).toEqual({ NODE_ENV: 'production' });
  });

  it('stops on script loops, falling back to the manager (weak)', () => {
    const r = resolveScript('start', { start: 'npm run a', a: 'npm run start' }, 'pnpm');
    expect(r).toMatchObject({ command: 'pnpm run start', confidence: 'weak', direct: false });
  });

  it('keeps a chained script as the manager running it', () => {
    expect(resolveScript('start', { start: 'a && b' }, 'yarn').command).toBe('yarn start');
    expect(resolveScript('start', { start: 'a; b' }, 'bun').command).toBe('bun run start');
  });

  it('quoted operators are not shell operators', () => {
    expect(resolveScript('start', { start: 'node x.js --title "a && b"' }, 'npm').command).toBe(
      'node x.js --title "a && b"',
    );
  });
});

describe('detectStart', () => {
  const has = (files: string[]) => (f: string) => files.includes(f);

  it('prefers start:prod when it runs node directly (Nest convention)', () => {
    const r = detectStart(
      pkg({ scripts: { start: 'nest start', 'start:prod': 'node dist/main' } }),
      'npm',
      null,
      has([]),
    );
    expect(r.value).toBe('node dist/main');
    expect(r.evidence[0]).toMatchObject({ file: 'package.json', line: 4 });
  });

  it('uses main when there is no start script', () => {
    expect(detectStart(pkg({ main: 'lib/app.js' }), 'npm', null, has([])).value).toBe('node lib/app.js');
  });

  it('uses server.js (npm start default) when there is neither', () => {
    expect(detectStart(pkg({}), 'npm', null, has(['server.js'])).value).toBe('node server.js');
  });

  it("uses the framework's server binary when nothing else says", () => {
    const next = NODE_FRAMEWORKS.find((f) => f.id === 'next') ?? null;
    expect(detectStart(pkg({ dependencies: { next: '14' } }), 'npm', next, has([])).value).toBe(
      'node_modules/.bin/next start',
    );
  });

  it('null when nothing starts it', () => {
    expect(detectStart(pkg({}), 'npm', null, has([])).value).toBeNull();
  });
});

describe('detectBuild', () => {
  it('runs the build script through the manager', () => {
    expect(detectBuild(pkg({ scripts: { build: 'tsc' } }), 'pnpm', null).value).toBe('pnpm run build');
  });

  it('TypeScript without a build script → null with a reason on tsconfig.json', () => {
    const r = detectBuild(pkg({}), 'npm', 'tsconfig.json');
    expect(r.value).toBeNull();
    expect(r.evidence[0]).toMatchObject({ file: 'tsconfig.json', confidence: 'weak' });
  });
});

describe('tokenize', () => {
  it('keeps quoted parts together', () => {
    expect(tokenize(`node  a.js --x "b c" 'd e'`)).toEqual(['node', 'a.js', '--x', '"b c"', "'d e'"]);
  });
});
