import { describe, expect, it } from 'vitest';
import { MemoryRepoFs } from '../../repo/repo-fs.js';
import { blankJsComments } from '../text.js';
import { buildTarget, detectCgo, goBuildCommand } from './commands.js';
import { parseGoModText } from './go-mod.js';

const src = (c: string) => [{ path: 'main.go', raw: c, code: blankJsComments(c) }];

describe('detectCgo', () => {
  it.each([
    ['import "C"', 'package main\nimport "C"\n', '', {}, true, 'explicit'],
    ['import "C" in a block', 'package main\nimport (\n\t"fmt"\n\t"C"\n)\n', '', {}, true, 'explicit'],
    ['go-sqlite3 (direct)', '', 'require github.com/mattn/go-sqlite3 v1.14.22\n', {}, true, 'strong'],
    [
      'go-sqlite3 (indirect, still compiled in)',
      '',
      'require github.com/mattn/go-sqlite3 v1.14.22 // indirect\n',
      {},
      true,
      'weak',
    ],
    [
      'nixpacks.toml CGO_ENABLED',
      '',
      '',
      { 'nixpacks.toml': '[variables]\nCGO_ENABLED = "1"\n' },
      true,
      'explicit',
    ],
    ['a "C" string is not an import', 'package main\nvar s = "C"\n', '', {}, false, null],
    ['commented import', 'package main\n// import "C"\n', '', {}, false, null],
    ['pure Go sqlite', '', 'require modernc.org/sqlite v1.30.0\n', {}, false, null],
  ])('%s', (_name, code, requires, files, enabled, confidence) => {
    const mod = parseGoModText('go.mod', `module a\n${requires}`).mod;
    const r = detectCgo(new MemoryRepoFs(files), '.', mod, src(code));
    expect(r.enabled).toBe(enabled);
    expect(r.evidence[0]?.confidence ?? null).toBe(confidence);
  });
});

describe('build commands', () => {
  it.each([
    ['.', null, 'bin/app', false, 'CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o bin/app .'],
    [
      'cmd/api',
      null,
      'bin/api',
      false,
      'CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o bin/api ./cmd/api',
    ],
    [
      '.',
      ['main.go', 'util.go'],
      'bin/app',
      true,
      'CGO_ENABLED=1 go build -trimpath -ldflags="-s -w" -o bin/app main.go util.go',
    ],
  ] as const)('%s %j', (relDir, files, out, cgo, expected) => {
    expect(goBuildCommand(out, buildTarget(relDir, files), cgo)).toBe(expected);
  });
});
