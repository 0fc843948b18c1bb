import { describe, expect, it } from 'vitest';
import { moduleBaseName, modulePathMatches, parseGoModText, parseGoWorkText } from './go-mod.js';

describe('parseGoModText', () => {
  it('reads module, go, toolchain and requirements with lines and indirect flags', () => {
    const text = [
      '// Module comment',
      'module "github.com/acme/api" // quoted paths are allowed',
      '',
      'go 1.22.0',
      'toolchain go1.22.3',
      'require github.com/gin-gonic/gin v1.10.0',
      'require (',
      '\tgithub.com/lib/pq v1.10.9 // indirect',
      '\tgithub.com/redis/go-redis/v9 v9.5.3',
      ')',
      'replace (',
      '\texample.com/x => ../x',
      ')',
      'exclude example.com/y v1.0.0',
      'retract v1.0.1',
    ].join('\n');
    const { mod, diagnostics } = parseGoModText('go.mod', text);
    expect(diagnostics).toEqual([]);
    expect(mod).toMatchObject({
      module: 'github.com/acme/api',
      moduleLine: 2,
      go: { version: '1.22.0', line: 4 },
      toolchain: { version: '1.22.3', line: 5 },
    });
    expect(mod.requires.map((r) => [r.path, r.version, r.indirect, r.line])).toEqual([
      ['github.com/gin-gonic/gin', 'v1.10.0', false, 6],
      ['github.com/lib/pq', 'v1.10.9', true, 8],
      ['github.com/redis/go-redis/v9', 'v9.5.3', false, 9],
    ]);
  });

  it('ignores `toolchain default` (not a version)', () => {
    expect(parseGoModText('go.mod', 'module a\ntoolchain default\n').mod.toolchain).toBeNull();
  });

  it.each([
    ['an unknown directive', 'module a\nfoo bar\n', 2, /unknown directive "foo"/],
    ['an unclosed block', 'module a\nrequire (\n\tx v1\n', 2, /never closed/],
  ])('%s is an error with its line', (_name, text, line, message) => {
    const { diagnostics } = parseGoModText('svc/go.mod', text);
    expect(diagnostics).toEqual([
      expect.objectContaining({
        severity: 'error',
        file: 'svc/go.mod',
        line,
        message: expect.stringMatching(message),
      }),
    ]);
  });

  it('a go.mod without a module line is a warning', () => {
    expect(parseGoModText('go.mod', 'go 1.22\n').diagnostics).toEqual([
      expect.objectContaining({ severity: 'warning', message: 'go.mod has no module directive' }),
    ]);
  });

  it('an empty go.mod is a warning, never a throw', () => {
    const { mod, diagnostics } = parseGoModText('go.mod', '  \n');
    expect(mod.module).toBeNull();
    expect(diagnostics[0]?.severity).toBe('warning');
  });
});

describe('parseGoWorkText', () => {
  it('resolves use folders against the go.work folder and skips paths outside the repo', () => {
    const { work, diagnostics } = parseGoWorkText(
      'mono/go.work',
      'go 1.22\ntoolchain go1.23.1\nuse (\n\t./api\n\t.\n\t../outside\n)\nuse ./worker/\n',
    );
    expect(diagnostics).toEqual([]);
    expect(work.go).toEqual({ version: '1.22', line: 1 });
    expect(work.toolchain).toEqual({ version: '1.23.1', line: 2 });
    expect(work.uses).toEqual([
      { dir: 'mono/api', line: 4 },
      { dir: 'mono', line: 5 },
      { dir: 'mono/worker', line: 8 },
    ]);
  });

  it('require is not a go.work directive', () => {
    expect(parseGoWorkText('go.work', 'require x v1\n').diagnostics).toEqual([
      expect.objectContaining({ severity: 'error', file: 'go.work', line: 1 }),
    ]);
  });
});

describe('module paths', () => {
  it.each([
    ['github.com/labstack/echo/v4', 'github.com/labstack/echo', true],
    ['github.com/labstack/echo', 'github.com/labstack/echo', true],
    ['github.com/labstack/echo-contrib', 'github.com/labstack/echo', false],
    ['github.com/aws/aws-sdk-go-v2/service/s3', 'github.com/aws/aws-sdk-go-v2/service/s3', true],
    ['github.com/aws/aws-sdk-go-v2/service/sqs', 'github.com/aws/aws-sdk-go-v2/service/s3', false],
  ])('%s matches %s: %s', (path, module, expected) => {
    expect(modulePathMatches(path, module)).toBe(expected);
  });

  it.each([
    ['github.com/acme/orders', 'orders'],
    ['github.com/acme/orders/v2', 'orders'],
    ['hello-world', 'hello-world'],
    ['example.com/v3', 'example.com'],
  ])('base name of %s is %s', (module, expected) => {
    expect(moduleBaseName(module)).toBe(expected);
  });
});
