import { describe, expect, it } from 'vitest';
import { detectFramework, NODE_FRAMEWORKS } from './frameworks.js';
import { type ParsedPackage, parsePackageJsonText } from './parse-package-json.js';

function pkg(deps: Record<string, string>, devDeps: Record<string, string> = {}): ParsedPackage {
  const text = JSON.stringify({ name: 'a', dependencies: deps, devDependencies: devDeps }, null, 2);
  const r = parsePackageJsonText('package.json', text);
  if (!r.ok) throw new Error('bad test input');
  return r.value;
}

const always = (): boolean => true;
const never = (): boolean => false;

describe('NODE_FRAMEWORKS table', () => {
  it('has unique ids, dependencies and priorities (priority decides, never list order)', () => {
    const ids = NODE_FRAMEWORKS.map((f) => f.id);
    expect(new Set(ids).size).toBe(ids.length);
    const deps = NODE_FRAMEWORKS.flatMap((f) => f.dependencies);
    expect(new Set(deps).size).toBe(deps.length);
    expect(new Set(NODE_FRAMEWORKS.map((f) => f.priority)).size).toBe(ids.length);
    for (const f of NODE_FRAMEWORKS) {
      const modes = f.modes ?? [];
      expect(new Set(modes.map((m) => m.id)).size, `${f.id} mode ids`).toBe(modes.length);
    }
  });

  it('meta-frameworks outrank server frameworks, which outrank the generic static builders', () => {
    const by = Object.fromEntries(NODE_FRAMEWORKS.map((f) => [f.id, f]));
    const generic = ['vite', 'create-react-app'];
    const servers = ['express', 'fastify', 'koa', 'hapi', 'hono'];
    const meta = [
      'nest',
      'next',
      'nuxt',
      'remix',
      'react-router',
      'sveltekit',
      'tanstack-start',
      'astro',
      'angular',
    ];
    const minServer = Math.min(...servers.map((id) => by[id]?.priority ?? 0));
    expect(Math.max(...generic.map((id) => by[id]?.priority ?? 0))).toBeLessThan(minServer);
    expect(Math.min(...meta.map((id) => by[id]?.priority ?? 0))).toBeGreaterThan(
      Math.max(...servers.map((id) => by[id]?.priority ?? 0)),
    );
  });
});

describe('detectFramework', () => {
  it.each([
    [{ express: '4' }, {}, 'express'],
    [{ fastify: '4' }, {}, 'fastify'],
    [{ koa: '2' }, {}, 'koa'],
    [{ '@hapi/hapi': '21' }, {}, 'hapi'],
    [{ next: '14', react: '18' }, {}, 'next'],
    [{ '@nestjs/core': '10', express: '4', '@nestjs/platform-express': '10' }, {}, 'nest'],
    [{ react: '18' }, { vite: '5' }, 'vite'],
    [{ react: '18', 'react-scripts': '5' }, {}, 'create-react-app'],
    [{}, { express: '4', vite: '5' }, 'vite'],
    [{ express: '4' }, { vite: '5' }, 'express'],
    [{ lodash: '4' }, {}, null],
  ])('%j + dev %j → %s', (deps, devDeps, id) => {
    expect(detectFramework(pkg(deps, devDeps), always)?.entry.id ?? null).toBe(id);
  });

  it('records the dependency line and what it outranks', () => {
    const m = detectFramework(pkg({ '@nestjs/core': '10', express: '4' }), always);
    expect(m?.evidence[0]).toMatchObject({ file: 'package.json', line: 4, confidence: 'strong' });
    expect(m?.evidence[0]?.reason).toContain('outranks express');
    expect(m?.others.map((o) => o.id)).toEqual(['express']);
  });

  it('a static builder without its app marker (index.html) is a library build tool', () => {
    expect(detectFramework(pkg({}, { vite: '5' }), never)).toBeNull();
  });
});

function pkgOf(obj: object): ParsedPackage {
  const r = parsePackageJsonText('package.json', JSON.stringify({ name: 'a', ...obj }, null, 2));
  if (!r.ok) throw new Error('bad test input');
  return r.value;
}

function viewOf(files: Record<string, string>) {
  return { has: (f: string) => f in files, read: (f: string) => files[f] ?? null };
}

describe('detectFramework: modes chosen by config', () => {
  it.each([
    [
      'Next output: export → static out/',
      { dependencies: { next: '15' } },
      { 'next.config.mjs': "export default { output: 'export' }" },
      { id: 'next', mode: 'export', kind: 'static', outputDir: 'out', start: null },
    ],
    [
      'Next commented-out export does not count',
      { dependencies: { next: '15' } },
      { 'next.config.js': "module.exports = {\n  // output: 'export',\n}" },
      { id: 'next', mode: null, kind: 'web', outputDir: '.next', start: 'node_modules/.bin/next start' },
    ],
    [
      'Nuxt (no mode) → node .output/server/index.mjs',
      { dependencies: { nuxt: '3' }, scripts: { build: 'nuxt build', generate: 'nuxt generate' } },
      {},
      { id: 'nuxt', mode: null, kind: 'web', outputDir: '.output', start: 'node .output/server/index.mjs' },
    ],
    [
      'SvelteKit adapter-auto → node build, weak',
      { devDependencies: { '@sveltejs/kit': '2', '@sveltejs/adapter-auto': '3', vite: '5' } },
      { 'index.html': '' },
      { id: 'sveltekit', mode: 'adapter-auto', kind: 'web', outputDir: 'build', start: 'node build' },
    ],
    [
      'Astro output: server without @astrojs/node stays static',
      { dependencies: { astro: '5', '@astrojs/vercel': '1' } },
      { 'astro.config.mjs': "export default { output: 'server' }" },
      { id: 'astro', mode: null, kind: 'static', outputDir: 'dist', start: null },
    ],
    [
      'Astro with the node adapter and on-demand pages → server',
      { dependencies: { astro: '5', '@astrojs/node': '9' } },
      {
        'astro.config.ts':
          "import node from '@astrojs/node';\nexport default { adapter: node({ mode: 'standalone' }) }",
      },
      {
        id: 'astro',
        mode: 'node-adapter',
        kind: 'web',
        outputDir: 'dist',
        start: 'node ./dist/server/entry.mjs',
      },
    ],
    [
      'TanStack Start without Nitro → srvx over the Vite build',
      { dependencies: { '@tanstack/react-start': '1', vite: '7' } },
      { 'vite.config.ts': 'export default { plugins: [tanstackStart()] }' },
      {
        id: 'tanstack-start',
        mode: null,
        kind: 'web',
        outputDir: 'dist',
        start: 'npx srvx --prod -s ../client dist/server/server.js',
      },
    ],
    [
      'Angular SSR → node <outputPath>/server/server.mjs',
      { dependencies: { '@angular/core': '18', '@angular/ssr': '18' } },
      {
        'angular.json': JSON.stringify({
          projects: {
            shop: {
              projectType: 'application',
              architect: {
                build: {
                  builder: '@angular-devkit/build-angular:application',
                  options: { outputPath: 'dist/shop', ssr: { entry: 'server.ts' } },
                },
              },
            },
          },
        }),
      },
      {
        id: 'angular',
        mode: 'ssr',
        kind: 'web',
        outputDir: 'dist/shop',
        start: 'node dist/shop/server/server.mjs',
      },
    ],
    [
      'Angular (browser builder) → static outputPath',
      { dependencies: { '@angular/core': '15' } },
      {
        'angular.json': JSON.stringify({
          projects: {
            old: {
              architect: {
                build: {
                  builder: '@angular-devkit/build-angular:browser',
                  options: { outputPath: 'dist/old' },
                },
              },
            },
          },
        }),
      },
      { id: 'angular', mode: null, kind: 'static', outputDir: 'dist/old', start: null },
    ],
    [
      'Vite outDir from the build script beats the default',
      { devDependencies: { vite: '6' }, scripts: { build: 'tsc -b && vite build --outDir out' } },
      { 'index.html': '' },
      { id: 'vite', mode: null, kind: 'static', outputDir: 'out', start: null },
    ],
  ])('%s', (_label, manifest, files, expected) => {
    const m = detectFramework(pkgOf(manifest), viewOf(files));
    expect({
      id: m?.entry.id,
      mode: m?.profile.mode?.id ?? null,
      kind: m?.profile.kind,
      outputDir: m?.profile.outputDir,
      start: m?.profile.start,
    }).toEqual(expected);
  });

  it('Expo counts only as a web export', () => {
    expect(
      detectFramework(pkgOf({ dependencies: { expo: '52' }, scripts: { start: 'expo start' } }), viewOf({})),
    ).toBeNull();
  });

  it('the mode evidence names the config file and line', () => {
    const m = detectFramework(
      pkgOf({ dependencies: { next: '14' } }),
      viewOf({ 'next.config.js': "const c = {\n  output: 'standalone',\n};\nmodule.exports = c;" }),
    );
    expect(m?.profile.modeEvidence[0]).toMatchObject({
      file: 'next.config.js',
      line: 2,
      confidence: 'explicit',
    });
  });

  it('an unparsable angular.json is a warning naming it; the default output stays', () => {
    const m = detectFramework(
      pkgOf({ dependencies: { '@angular/core': '17' } }),
      viewOf({ 'angular.json': '{ "projects": ' }),
    );
    expect(m?.profile.outputDir).toBeNull();
    expect(m?.profile.diagnostics).toEqual([
      expect.objectContaining({ severity: 'warning', file: 'angular.json' }),
    ]);
  });

  it('mode priority is explicit: adapter-static in svelte.config beats adapter-node installed', () => {
    const m = detectFramework(
      pkgOf({
        devDependencies: {
          '@sveltejs/kit': '2',
          '@sveltejs/adapter-node': '5',
          '@sveltejs/adapter-static': '3',
        },
      }),
      viewOf({ 'svelte.config.js': "import adapter from '@sveltejs/adapter-static';" }),
    );
    expect(m?.profile.mode?.id).toBe('adapter-static-config');
  });
});
