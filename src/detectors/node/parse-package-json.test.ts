import { describe, expect, it } from 'vitest';
import { MemoryRepoFs } from '../../repo/repo-fs.js';
import { parsePackageJson, parsePackageJsonText } from './parse-package-json.js';

describe('parsePackageJsonText', () => {
  it('parses the fields the detector uses', () => {
    const r = parsePackageJsonText(
      'apps/api/package.json',
      JSON.stringify({
        name: '@acme/api',
        main: 'dist/index.js',
        private: true,
        workspaces: { packages: ['a/*'] },
        scripts: { start: 'node .' },
        dependencies: { express: '4' },
        devDependencies: { vitest: '1' },
        engines: { node: '>=20' },
        packageManager: 'pnpm@9.1.0',
        types: 'dist/index.d.ts',
        prisma: { schema: 'db/schema.prisma' },
      }),
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.diagnostics).toEqual([]);
    expect(r.value.dir).toBe('apps/api');
    expect(r.value.pkg).toEqual({
      name: '@acme/api',
      main: 'dist/index.js',
      module: null,
      private: true,
      workspaces: ['a/*'],
      scripts: { start: 'node .' },
      dependencies: { express: '4' },
      devDependencies: { vitest: '1' },
      peerDependencies: {},
      engines: { node: '>=20' },
      packageManager: 'pnpm@9.1.0',
      libraryFields: ['types'],
      prismaSchema: 'db/schema.prisma',
    });
  });

  it.each([
    ['empty', '', 'warning'],
    ['whitespace only', '  \n\t\n', 'warning'],
  ])('%s file → a warning, not a crash', (_label, text, severity) => {
    const r = parsePackageJsonText('package.json', text);
    expect(r.ok).toBe(false);
    expect(r.diagnostics).toEqual([expect.objectContaining({ severity, file: 'package.json' })]);
  });

  it.each([
    ['truncated', '{\n  "name": "a",\n  "scripts": {\n', 3, /^invalid JSON: /],
    ['unexpected token', '{\n  "name": "a",\n  "x": }\n', 3, /^invalid JSON: Unexpected token/],
    ['missing colon', '{\n"a" 1}', 2, /^invalid JSON: /],
    ['trailing comma', '{\n  "a": [1,\n  ]\n}', 3, /^invalid JSON: /],
    ['garbage after', '{}\nxx', 2, /^invalid JSON: /],
  ])('%s → error with the line', (_label, text, line, message) => {
    const r = parsePackageJsonText('package.json', text);
    expect(r.ok).toBe(false);
    expect(r.diagnostics).toHaveLength(1);
    const d = r.diagnostics[0];
    expect(d).toMatchObject({
      severity: 'error',
      file: 'package.json',
      line,
      fix: 'fix the JSON syntax (an unfinished file?)',
    });
    expect(d?.message).toMatch(message);
    expect(d?.message).not.toMatch(/position|is not valid JSON/);
  });

  it('reports "Unexpected end of JSON input" for a cut-off file', () => {
    const r = parsePackageJsonText('package.json', '{\n  "name": "a"');
    expect(r.diagnostics[0]?.message).toMatch(/^invalid JSON: /);
    expect(r.diagnostics[0]?.line).toBe(2);
  });

  it.each(['[]', '"x"', '3', 'null'])('top level %s is an error', (text) => {
    const r = parsePackageJsonText('package.json', text);
    expect(r.ok).toBe(false);
    expect(r.diagnostics[0]?.severity).toBe('error');
  });

  it('wrong field types are warnings and the fields are ignored', () => {
    const text =
      '{\n  "name": 3,\n  "scripts": ["x"],\n  "dependencies": { "a": "1", "b": 2 },\n  "workspaces": "x"\n}';
    const r = parsePackageJsonText('package.json', text);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.pkg.name).toBeNull();
    expect(r.value.pkg.scripts).toEqual({});
    expect(r.value.pkg.dependencies).toEqual({ a: '1' });
    expect(r.value.pkg.workspaces).toBeNull();
    expect(r.diagnostics.map((d) => [d.severity, d.line])).toEqual([
      ['warning', 2],
      ['warning', 3],
      ['warning', 4],
      ['warning', 5],
    ]);
  });

  it('accepts a UTF-8 byte order mark', () => {
    expect(parsePackageJsonText('package.json', '\uFEFF{"name":"a"}').ok).toBe(true);
  });
});

describe('parsePackageJson', () => {
  it('an unreadable file is a diagnostic naming the file and reason', () => {
    const r = parsePackageJson(new MemoryRepoFs({ 'package.json': null }), 'package.json');
    expect(r.ok).toBe(false);
    expect(r.diagnostics[0]).toMatchObject({ severity: 'error', file: 'package.json' });
    expect(r.diagnostics[0]?.message).toContain('unreadable');
  });
});
