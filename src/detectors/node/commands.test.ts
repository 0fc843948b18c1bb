import { describe, expect, it } from 'vitest';
import { detectBuild, detectStart, resolveScript, runScript, tokenize } from './commands.js';
import { detectFramework } from './frameworks.js';
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
    const p = pkg({ dependencies: { next: '14' } });
    expect(detectStart(p, 'npm', detectFramework(p, has([])), has([])).value).toBe(
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

describe('detectStart: more sources of the start command', () => {
  const has = (files: string[]) => (f: string) => files.includes(f);
  const procfile = (text: string) => ({
    file: 'Procfile',
    entries: text.split('\n').flatMap((l, i) => {
      const m = /^(\w+):\s*(.+)$/.exec(l);
      return m ? [{ type: m[1] as string, command: m[2] as string, line: i + 1 }] : [];
    }),
  });

  it('the Procfile web process is explicit and beats the start script', () => {
    const r = detectStart(pkg({ scripts: { start: 'node a.js' } }), 'npm', null, has([]), {
      procfile: procfile('release: node migrate.js\nweb: node server.js --port 8080'),
    });
    expect(r).toMatchObject({ value: 'node server.js --port 8080', entry: 'server.js', procfileType: 'web' });
    expect(r.evidence[0]).toMatchObject({ file: 'Procfile', line: 2, confidence: 'explicit' });
  });

  it('a Procfile running a package script follows it; a lone worker process is used', () => {
    const scripts = { start: 'NODE_ENV=production node dist/main.js' };
    expect(
      detectStart(pkg({ scripts }), 'yarn', null, has([]), { procfile: procfile('web: yarn start') }).value,
    ).toBe('node dist/main.js');
    const worker = detectStart(pkg({}), 'npm', null, has([]), { procfile: procfile('worker: node jobs.js') });
    expect(worker).toMatchObject({ value: 'node jobs.js', procfileType: 'worker' });
  });

  it("a framework mode replaces a start script that cannot serve its build (Next standalone's next start)", () => {
    const files = {
      'next.config.js': "module.exports = { output: 'standalone' }",
    } as Record<string, string>;
    const view = { has: (f: string) => f in files, read: (f: string) => files[f] ?? null };
    const p = pkg({ scripts: { start: 'next start' }, dependencies: { next: '14' } });
    const r = detectStart(p, 'npm', detectFramework(p, view), view.has);
    expect(r.value).toBe('node .next/standalone/server.js');
    expect(r.evidence.map((e) => e.confidence)).toEqual(['explicit', 'weak']);
    // A custom server is kept.
    const custom = pkg({ scripts: { start: 'node server.js' }, dependencies: { next: '14' } });
    expect(detectStart(custom, 'npm', detectFramework(custom, view), view.has).value).toBe('node server.js');
  });

  it('Bun runs `module` (bun init), else `main`, when the file exists', () => {
    expect(detectStart(pkg({ module: 'index.ts' }), 'bun', null, has(['index.ts'])).value).toBe(
      'bun index.ts',
    );
    expect(detectStart(pkg({ main: 'src/app.ts' }), 'bun', null, has(['src/app.ts'])).value).toBe(
      'bun src/app.ts',
    );
    expect(detectStart(pkg({ module: 'index.ts' }), 'npm', null, has(['index.ts'])).value).toBeNull();
  });

  it('main naming a missing file (and nothing builds it) falls back to index.js (weak)', () => {
    const r = detectStart(pkg({ main: 'inbex.js' }), 'npm', null, has(['index.js']));
    expect(r).toMatchObject({ value: 'node index.js', entry: 'index.js' });
    expect(r.evidence[0]?.confidence).toBe('weak');
    // A build makes main: it is trusted.
    expect(
      detectStart(pkg({ main: 'dist/index.js', scripts: { build: 'tsc' } }), 'npm', null, has(['index.js']))
        .value,
    ).toBe('node dist/index.js');
  });

  it('workspace members find hoisted binaries in the root node_modules/.bin', () => {
    const r = detectStart(pkg({ scripts: { start: 'next start' } }), 'yarn', null, has([]), {
      binDir: '../../node_modules/.bin/',
    });
    expect(r.value).toBe('../../node_modules/.bin/next start');
  });

  it('bunx runs directly', () => {
    expect(resolveScript('start', { start: 'bunx prisma migrate deploy' }, 'bun').command).toBe(
      'bunx prisma migrate deploy',
    );
  });
});

describe('detectBuild: workspace runner and Prisma', () => {
  const ev = { file: 'x', reason: 'r', confidence: 'strong' as const };
  it('prisma generate runs first; a workspace runner replaces the manager', () => {
    const r = detectBuild(pkg({ scripts: { build: 'tsc' } }), 'pnpm', null, {
      prisma: { command: 'node_modules/.bin/prisma generate', evidence: ev },
      runBuild: { command: 'node_modules/.bin/turbo run build --filter=api', evidence: ev },
    });
    expect(r.value).toBe(
      'node_modules/.bin/prisma generate && node_modules/.bin/turbo run build --filter=api',
    );
    expect(r.evidence[0]?.reason).toBe('scripts.build is "tsc"');
  });

  it('Prisma without a build script still generates the client', () => {
    const r = detectBuild(pkg({}), 'npm', null, {
      prisma: { command: 'node_modules/.bin/prisma generate', evidence: ev },
    });
    expect(r.value).toBe('node_modules/.bin/prisma generate');
  });
});
