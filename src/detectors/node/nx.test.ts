import { describe, expect, it } from 'vitest';
import { MemoryRepoFs } from '../../repo/repo-fs.js';
import { nodeDetector } from './node.detector.js';
import { importsOf, NX_EXECUTORS } from './nx.js';

const root = {
  'package.json': JSON.stringify({
    name: 'org',
    scripts: { start: 'nx serve' },
    devDependencies: { nx: '19' },
  }),
  'package-lock.json': '',
  'nx.json': '{}',
};
const project = (obj: object) => JSON.stringify(obj, null, 2);

function detect(files: Record<string, string>) {
  return nodeDetector.detect({ fs: new MemoryRepoFs({ ...root, ...files }), dir: '.' });
}

describe('Nx projects', () => {
  it('a run-commands start target is explicit; {projectRoot} in outputPath is resolved', () => {
    const { services } = detect({
      'apps/cli/project.json': project({
        projectType: 'application',
        targets: {
          build: { executor: '@nx/esbuild:esbuild', options: { outputPath: 'dist/{projectRoot}' } },
          start: { executor: 'nx:run-commands', options: { command: 'node dist/apps/cli/main.js' } },
        },
      }),
    });
    expect(services).toHaveLength(1);
    expect(services[0]).toMatchObject({
      name: 'cli',
      path: 'apps/cli',
      kind: 'worker',
      outputDir: 'dist/apps/cli',
      commands: {
        install: 'npm ci',
        build: 'node_modules/.bin/nx run cli:build',
        start: 'node dist/apps/cli/main.js',
      },
    });
    expect(services[0]?.evidence.start?.[0]).toMatchObject({
      file: 'apps/cli/project.json',
      confidence: 'explicit',
    });
  });

  it('a static front end (Astro executor) has no start; an app nothing starts and libraries are skipped', () => {
    const { services } = detect({
      'apps/www/project.json': project({
        projectType: 'application',
        targets: {
          build: { executor: '@nxtensions/astro:build' },
          start: { options: { command: 'echo x' } },
        },
      }),
      'apps/batch/project.json': project({
        projectType: 'application',
        targets: { build: { executor: 'nx:run-commands', options: { command: 'node build.js' } } },
      }),
      'libs/a/project.json': project({
        projectType: 'library',
        targets: { serve: { executor: '@nx/js:node' } },
      }),
    });
    expect(services.map((s) => [s.path, s.kind, s.framework, s.commands.start, s.outputDir])).toEqual([
      ['apps/www', 'static', 'astro', null, 'dist/apps/www'],
    ]);
  });

  it('a serve target with the Node executor runs <outputPath>/<main>.js', () => {
    const { services } = detect({
      'apps/api/project.json': project({
        targets: {
          build: {
            executor: '@nx/webpack:webpack',
            options: { outputPath: 'dist/apps/api', main: 'apps/api/src/server.ts' },
          },
          serve: { executor: '@nrwl/node:node' },
        },
      }),
      'apps/api/src/server.ts': "import Koa from 'koa';\nnew Koa().listen(process.env.PORT ?? 4000);",
    });
    expect(services[0]).toMatchObject({
      kind: 'web',
      port: 4000,
      commands: { start: 'node dist/apps/api/server.js' },
    });
  });

  it('executor priorities are distinct', () => {
    const p = NX_EXECUTORS.map((e) => e.priority);
    expect(new Set(p).size).toBe(p.length);
  });
});

describe('importsOf', () => {
  it('bare specifiers from import/require, scoped packages kept whole', () => {
    const code = `import x from 'express';\nconst y = require("@nestjs/core/dist");\nimport './local';\nawait import('pg');\nimport 'reflect-metadata';`;
    expect([...importsOf({ path: 'a.ts', code })].sort()).toEqual([
      '@nestjs/core',
      'express',
      'pg',
      'reflect-metadata',
    ]);
  });
});
