import { describe, expect, it } from 'vitest';
import { MemoryRepoFs } from '../repo/repo-fs.js';
import {
  discoverWorkspaces,
  globToRegExp,
  matchesWorkspaceGlobs,
  readPnpmWorkspace,
  workspaceRootAt,
  workspaceRootOf,
} from './workspaces.js';

const pj = (obj: object = {}) => JSON.stringify({ name: 'x', ...obj });

describe('globToRegExp', () => {
  it.each([
    ['apps/*', 'apps/web', true],
    ['apps/*', 'apps/web/nested', false],
    ['apps/*', 'apps', false],
    ['apps/**', 'apps/web/nested', true],
    ['apps/**', 'apps/web', true],
    ['**/service', 'a/b/service', true],
    ['**/service', 'service', true],
    ['packages/{api,web}', 'packages/web', true],
    ['packages/{api,web}', 'packages/ui', false],
    ['./packages/*/', 'packages/x', true],
    ['pkg-?', 'pkg-a', true],
    ['pkg-?', 'pkg-ab', false],
    ['apps/web', 'apps/web', true],
    ['apps/web', 'apps/website', false],
    ['a.b/*', 'aXb/c', false],
  ])('%s matches %s → %s', (glob, dir, ok) => {
    expect(globToRegExp(glob).test(dir)).toBe(ok);
  });
});

describe('matchesWorkspaceGlobs', () => {
  it('needs a positive match and no negated one', () => {
    const globs = ['packages/*', '!packages/legacy'];
    expect(matchesWorkspaceGlobs('packages/api', globs)).toBe(true);
    expect(matchesWorkspaceGlobs('packages/legacy', globs)).toBe(false);
    expect(matchesWorkspaceGlobs('apps/web', globs)).toBe(false);
    expect(matchesWorkspaceGlobs('packages/api', [])).toBe(false);
  });
});

describe('discoverWorkspaces', () => {
  it('package.json workspaces (array or { packages }): members are the matching package folders', () => {
    const fs = new MemoryRepoFs({
      'package.json': pj({ workspaces: ['apps/*'] }),
      'apps/api/package.json': pj(),
      'apps/api/deep/package.json': pj(),
      'tools/package.json': pj(),
      'nested/package.json': pj({ workspaces: { packages: ['libs/*'] } }),
      'nested/libs/a/package.json': pj(),
    });
    const d = discoverWorkspaces(fs);
    expect(d.roots.map((r) => [r.dir, r.tools, r.members])).toEqual([
      ['.', ['workspaces'], ['apps/api']],
      ['nested', ['workspaces'], ['nested/libs/a']],
    ]);
    expect(d.roots[0]?.evidence[0]).toMatchObject({ file: 'package.json', line: 1, confidence: 'explicit' });
    expect(workspaceRootOf(d, 'nested/libs/a')?.dir).toBe('nested');
    expect(workspaceRootOf(d, 'tools')).toBeNull();
    expect(workspaceRootAt(d, '.')?.globs).toEqual(['apps/*']);
    expect(d.diagnostics).toEqual([]);
  });

  it('pnpm-workspace.yaml with negation; a file without `packages` holds settings only', () => {
    const fs = new MemoryRepoFs({
      'pnpm-workspace.yaml': "packages:\n  - 'apps/**'\n  - '!apps/old'\n",
      'package.json': pj(),
      'apps/web/package.json': pj(),
      'apps/old/package.json': pj(),
      'other/pnpm-workspace.yaml': 'allowBuilds:\n  sharp: true\n',
      'other/package.json': pj(),
    });
    const d = discoverWorkspaces(fs);
    expect(d.roots.map((r) => [r.dir, r.tools, r.members])).toEqual([['.', ['pnpm'], ['apps/web']]]);
    expect(d.roots[0]?.evidence[0]).toMatchObject({ file: 'pnpm-workspace.yaml', line: 1 });
  });

  it("lerna.json: listed packages, else Lerna's default packages/*", () => {
    const listed = discoverWorkspaces(
      new MemoryRepoFs({
        'lerna.json': '{ "packages": ["modules/*"] }',
        'modules/a/package.json': pj(),
        'packages/b/package.json': pj(),
      }),
    );
    expect(listed.roots[0]?.members).toEqual(['modules/a']);
    const defaulted = discoverWorkspaces(
      new MemoryRepoFs({ 'lerna.json': '{ "version": "1.0.0" }', 'packages/b/package.json': pj() }),
    );
    expect(defaulted.roots[0]).toMatchObject({ tools: ['lerna'], members: ['packages/b'] });
    expect(defaulted.roots[0]?.evidence[0]?.confidence).toBe('strong');
  });

  it('turbo.json joins an existing workspace and declares none on its own', () => {
    const d = discoverWorkspaces(
      new MemoryRepoFs({
        'package.json': pj({ workspaces: ['apps/*'] }),
        'turbo.json': '{ "tasks": {} }',
        'apps/a/package.json': pj(),
        'solo/turbo.json': '{}',
        'solo/package.json': pj(),
      }),
    );
    expect(d.roots.map((r) => [r.dir, r.tools])).toEqual([['.', ['turbo', 'workspaces']]]);
  });

  it('Nx: project.json projects (name, type, targets, run-commands), plus inline workspace.json ones', () => {
    const fs = new MemoryRepoFs({
      'nx.json': '{ /* comments are allowed */ "defaultProject": "api" }',
      'package.json': pj(),
      'apps/api/project.json': JSON.stringify({
        name: 'api',
        projectType: 'application',
        targets: {
          build: {
            executor: '@nx/webpack:webpack',
            options: { outputPath: 'dist/apps/api' },
            configurations: { production: {} },
            defaultConfiguration: 'production',
          },
          start: {
            executor: 'nx:run-commands',
            options: { commands: [{ command: 'node dist/apps/api/main.js' }] },
          },
        },
      }),
      'apps/unnamed/project.json': JSON.stringify({ projectType: 'application', targets: {} }),
      'libs/ui/project.json': JSON.stringify({ name: 'ui', projectType: 'library' }),
      'workspace.json': JSON.stringify({
        version: 2,
        projects: { legacy: { root: 'apps/legacy', architect: {} } },
      }),
    });
    const d = discoverWorkspaces(fs);
    expect(d.diagnostics).toEqual([]);
    expect(d.nxProjects.map((p) => [p.name, p.dir, p.projectType, p.root])).toEqual([
      ['api', 'apps/api', 'application', '.'],
      ['legacy', 'apps/legacy', null, '.'],
      ['unnamed', 'apps/unnamed', 'application', '.'],
      ['ui', 'libs/ui', 'library', '.'],
    ]);
    const api = d.nxProjects[0];
    expect(api?.targets.build).toMatchObject({
      executor: '@nx/webpack:webpack',
      configurations: ['production'],
      defaultConfiguration: 'production',
    });
    expect(api?.targets.start?.commands).toEqual(['node dist/apps/api/main.js']);
    expect(d.roots[0]).toMatchObject({ dir: '.', tools: ['nx'] });
    expect(d.roots[0]?.members).toEqual(['apps/api', 'apps/legacy', 'apps/unnamed', 'libs/ui']);
  });

  it('a project.json outside any Nx workspace is not an Nx project', () => {
    const d = discoverWorkspaces(
      new MemoryRepoFs({ 'tool/project.json': '{"name":"x"}', 'package.json': pj() }),
    );
    expect(d.nxProjects).toEqual([]);
    expect(d.roots).toEqual([]);
  });

  it('ignores test data folders (copies of other repos)', () => {
    const d = discoverWorkspaces(
      new MemoryRepoFs({
        'test/fixtures/mono/package.json': pj({ workspaces: ['a/*'] }),
        'test/fixtures/mono/a/b/package.json': pj(),
      }),
    );
    expect(d.roots).toEqual([]);
  });
});

describe('readPnpmWorkspace', () => {
  it.each([
    ['', null, 0],
    ['packages:\n  - apps/*\n', ['apps/*'], 0],
    ['packages: apps/*\n', null, 1],
    ['- a\n- b\n', null, 1],
    ['packages: [\n', null, 1],
  ])('%j', (text, globs, diags) => {
    const r = readPnpmWorkspace('pnpm-workspace.yaml', text);
    expect(r.globs).toEqual(globs);
    expect(r.diagnostics).toHaveLength(diags);
    for (const d of r.diagnostics) expect(d.file).toBe('pnpm-workspace.yaml');
  });
});

describe('discoverWorkspaces never throws on garbage', () => {
  const originals: Record<string, string> = {
    'pnpm-workspace.yaml': "packages:\n  - 'apps/*'\n",
    'lerna.json': '{\n  "packages": ["apps/*"],\n  "version": "independent"\n}\n',
    'nx.json': '{\n  "defaultProject": "api"\n}\n',
    'turbo.json': '{\n  "tasks": { "build": { "dependsOn": ["^build"] } }\n}\n',
    'apps/api/project.json': '{\n  "name": "api",\n  "targets": { "build": { "executor": "x" } }\n}\n',
    'workspace.json': '{\n  "projects": { "web": { "root": "apps/web" } }\n}\n',
    'package.json': '{\n  "name": "root",\n  "workspaces": ["apps/*"]\n}\n',
  };
  const garbage = [
    '',
    ' ',
    '{',
    '[]',
    'null',
    '42',
    '"s"',
    '\u0000\u0001',
    '{"packages": 3}',
    'packages: {a: 1}',
    ': :',
  ];
  let seed = 7;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  const variants = (s: string) => [
    ...Array.from({ length: 15 }, () => s.slice(0, rand(s.length + 1))),
    ...Array.from({ length: 15 }, () => {
      const at = rand(s.length);
      return s.slice(0, at) + String.fromCharCode(rand(128)) + s.slice(at + 1);
    }),
    ...garbage,
  ];

  it.each(Object.keys(originals))('mutations of %s', (file) => {
    for (const v of variants(originals[file] as string)) {
      const fs = new MemoryRepoFs({ ...originals, 'apps/web/package.json': '{}', [file]: v });
      let d: ReturnType<typeof discoverWorkspaces> | undefined;
      expect(() => {
        d = discoverWorkspaces(fs);
      }, JSON.stringify(v)).not.toThrow();
      for (const diag of d?.diagnostics ?? []) expect(diag.file).toMatch(/\S/);
    }
  });

  it.each([
    ['lerna.json', '{ "packages": [', 'error'],
    ['nx.json', '{ "a": 1, }', 'error'],
    ['turbo.json', '[1]', 'error'],
    ['apps/api/project.json', '{"name": ', 'error'],
    ['pnpm-workspace.yaml', 'packages: [\n', 'error'],
  ])('an unparsable %s gives a diagnostic naming it', (file, text, severity) => {
    const fs = new MemoryRepoFs({ ...originals, [file]: text });
    const d = discoverWorkspaces(fs);
    expect(d.diagnostics).toEqual([expect.objectContaining({ file, severity })]);
    expect(d.diagnostics[0]?.fix).toMatch(/\S/);
  });
});
