import { describe, expect, it } from 'vitest';
import { compileGitignore, type IgnoreLayers, isIgnored } from './gitignore.js';

const check = (layers: IgnoreLayers, rel: string): boolean => {
  const trimmed = rel.endsWith('/') ? rel.slice(0, -1) : rel;
  const name = trimmed.slice(trimmed.lastIndexOf('/') + 1) + (rel.endsWith('/') ? '/' : '');
  return isIgnored(layers, rel, name);
};

describe('compileGitignore', () => {
  it('splits name rules from path rules when there is no negation', () => {
    const layer = compileGitignore('# comment\n\ndist/\n*.log\n/build\nsrc/gen/*.js\n', '');
    expect(layer.byName?.ignores('x.log')).toBe(true);
    expect(layer.byName?.ignores('build')).toBe(false);
    expect(layer.byPath?.ignores('build')).toBe(true);
  });

  it('keeps name rules apart when every rule, ! ones included, is a name rule', () => {
    const layer = compileGitignore('*.gen.js\n!keep.gen.js\n', 'a/');
    expect(layer.byPath).toBeUndefined();
    expect(layer.byName?.test('keep.gen.js')).toEqual({ ignored: false, unignored: true });
  });

  it('keeps every rule together when ! rules mix name and path rules', () => {
    const layer = compileGitignore('*.log\n!logs/keep.log\n', 'a/');
    expect(layer).toMatchObject({ base: 'a/', byName: undefined });
    expect(layer.byPath?.ignores('logs/keep.log')).toBe(false);
    expect(layer.byPath?.ignores('logs/other.log')).toBe(true);
  });
});

describe('isIgnored', () => {
  const root = compileGitignore('dist/\n*.log\n/only-root.txt\nsrc/gen/*.js\n', '');
  const sub = compileGitignore('*.gen.js\n!keep.gen.js\ncache/\n', 'apps/api/');
  const mixed = compileGitignore('*.txt\n!docs/*.txt\n', 'apps/web/');

  it('matches name rules at any depth and path rules relative to their folder', () => {
    expect(check([root], 'dist/')).toBe(true);
    expect(check([root], 'apps/web/dist/')).toBe(true);
    expect(check([root], 'apps/web/dist')).toBe(false); // a file named dist is not the folder rule
    expect(check([root], 'apps/web/debug.log')).toBe(true);
    expect(check([root], 'only-root.txt')).toBe(true);
    expect(check([root], 'apps/only-root.txt')).toBe(false);
    expect(check([root], 'src/gen/a.js')).toBe(true);
    expect(check([root], 'apps/src/gen/a.js')).toBe(false);
    expect(check([root], 'src/index.ts')).toBe(false);
  });

  it('lets the nearest .gitignore decide, so a nested ! rule re-includes', () => {
    const layers = [sub, root];
    expect(check(layers, 'apps/api/x.gen.js')).toBe(true);
    expect(check(layers, 'apps/api/keep.gen.js')).toBe(false);
    expect(check(layers, 'apps/api/cache/')).toBe(true);
    expect(check(layers, 'apps/api/server.log')).toBe(true); // falls through to the root file
    expect(check(layers, 'apps/api/src/main.ts')).toBe(false);
    expect(check([mixed, root], 'apps/web/notes.txt')).toBe(true);
    expect(check([mixed, root], 'apps/web/docs/readme.txt')).toBe(false);
    expect(check([mixed, root], 'apps/web/docs/x.log')).toBe(true);
  });

  it('ignores nothing without layers and tolerates odd names', () => {
    expect(isIgnored(undefined, 'a.log', 'a.log')).toBe(false);
    expect(check([root, sub], '.../x.log')).toBe(true);
    expect(check([root], '..foo')).toBe(false);
  });
});
