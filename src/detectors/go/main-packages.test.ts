import { describe, expect, it } from 'vitest';
import { MemoryRepoFs } from '../../repo/repo-fs.js';
import type { SourceFile } from '../shared/code-scan.js';
import { blankJsComments } from '../text.js';
import { findMainPackages, isBuildableGoFile, isIgnoredBuild, packageClause } from './main-packages.js';

const src = (raw: string, path = 'main.go'): SourceFile => ({ path, raw, code: blankJsComments(raw) });

function mains(files: Record<string, string>, module: string | null = 'example.com/app') {
  const fs = new MemoryRepoFs(files);
  const sources = new Map(Object.entries(files).map(([p, t]) => [p, src(t, p)]));
  return findMainPackages(fs, '.', module, sources, []).map((b) => [b.relDir, b.name, b.evidence.confidence]);
}

describe('packageClause', () => {
  it.each([
    ['package main\n', 'main', 1],
    ['// Copyright\n\n/* doc\n package notthis */\npackage server\n', 'server', 5],
    ['//go:build linux\n\npackage main\n', 'main', 3],
  ])('%j → %s', (raw, name, line) => {
    expect(packageClause(src(raw))).toEqual({ name, line });
  });

  it('a //go:build ignore file belongs to no package', () => {
    const f = src('//go:build ignore\n\n// gen.go\npackage main\n');
    expect(isIgnoredBuild(f)).toBe(true);
    expect(packageClause(f)).toBeNull();
    expect(isIgnoredBuild(src('package main\n\n//go:build ignore\n'))).toBe(false);
  });
});

describe('isBuildableGoFile', () => {
  it.each([
    ['main.go', true],
    ['cmd/x/main_test.go', false],
    ['_scratch.go', false],
    ['.hidden.go', false],
    ['main.go.orig', false],
  ])('%s: %s', (file, expected) => {
    expect(isBuildableGoFile(file)).toBe(expected);
  });
});

describe('findMainPackages', () => {
  it('finds the root and cmd/<name> main packages, named from the module and folders', () => {
    expect(
      mains(
        {
          'main.go': 'package main\nfunc main() {}',
          'cmd/api/main.go': 'package main\nfunc main() {}',
          'cmd/api/routes.go': 'package main',
          'cmd/tools/x/main.go': 'package main',
          'internal/db/db.go': 'package db',
        },
        'github.com/acme/orders/v2',
      ),
    ).toEqual([
      ['.', 'orders', 'explicit'],
      ['cmd/api', 'api', 'explicit'],
    ]);
  });

  it('empty files: main.go makes a main package (weak); a folder without main.go does not', () => {
    expect(mains({ 'cmd/worker/main.go': '', 'cmd/other/other.go': '', 'main.go': '' })).toEqual([
      ['.', 'app', 'weak'],
      ['cmd/worker', 'worker', 'weak'],
    ]);
  });

  it('a library root (package x) with an empty main.go is not main: readable content wins', () => {
    expect(mains({ 'lib.go': 'package lib', 'main.go': '' })).toEqual([]);
  });

  it('no main in the root or cmd/: a main package in a top-level folder counts (not internal/, tools/ …)', () => {
    expect(
      mains({
        'server/main.go': 'package main',
        'server/routes.go': 'package main',
        'tools/gen/main.go': 'package main',
        'tools/main.go': 'package main',
        'internal/main.go': 'package main',
        'lib.go': 'package app',
      }),
    ).toEqual([['server', 'server', 'explicit']]);
  });

  it('a main in the root or cmd/ hides other top-level folders', () => {
    expect(mains({ 'cmd/api/main.go': '', 'server/main.go': '' })).toEqual([['cmd/api', 'api', 'weak']]);
  });

  it('without a module path the root binary takes the folder name', () => {
    const fs = new MemoryRepoFs({ 'svc/main.go': 'package main' });
    const sources = new Map([['svc/main.go', src('package main', 'svc/main.go')]]);
    expect(findMainPackages(fs, 'svc', null, sources, []).map((b) => b.name)).toEqual(['svc']);
  });
});
