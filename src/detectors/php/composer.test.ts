import { describe, expect, it } from 'vitest';
import { parseComposerJson, requiredExtensions, requireLine } from './composer.js';

describe('parseComposerJson', () => {
  const text = JSON.stringify(
    {
      name: 'acme/shop',
      type: 'project',
      require: { php: '^8.2', 'ext-intl': '*', 'Laravel/Framework': '^11.0', 'ext-bcmath': '*' },
      'require-dev': { 'phpunit/phpunit': '^11' },
      scripts: { 'post-autoload-dump': ['@php artisan package:discover'], test: 'phpunit', bad: 3 },
      config: { platform: { php: '8.2.12' } },
    },
    null,
    4,
  );

  it('reads the fields the detector uses; package names are lower-cased', () => {
    const r = parseComposerJson('composer.json', text);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.json).toEqual({
      name: 'acme/shop',
      type: 'project',
      require: { php: '^8.2', 'ext-intl': '*', 'laravel/framework': '^11.0', 'ext-bcmath': '*' },
      requireDev: { 'phpunit/phpunit': '^11' },
      scripts: { 'post-autoload-dump': ['@php artisan package:discover'], test: ['phpunit'] },
      platformPhp: '8.2.12',
    });
    expect(requiredExtensions(r.value.json)).toEqual(['bcmath', 'intl']);
    expect(requireLine(r.value, 'php')).toBe(5);
    expect(requireLine(r.value, 'php', 'platform')).toBe(22);
  });

  it.each([
    ['', 'warning', /empty/],
    ['{ "require": { "php": "^8.2", }', 'error', /^invalid JSON/],
    ['[1, 2]', 'error', /must be a JSON object, found an array/],
    ['"text"', 'error', /found string/],
  ])('%j → %s diagnostic naming the file', (input, severity, message) => {
    const r = parseComposerJson('api/composer.json', input);
    expect(r.ok).toBe(false);
    expect(r.diagnostics[0]).toMatchObject({ severity, file: 'api/composer.json' });
    expect(r.diagnostics[0]?.message).toMatch(message);
  });

  it('fields of the wrong type are dropped with a warning pointing at their line', () => {
    const r = parseComposerJson('composer.json', '{\n  "name": "a/b",\n  "require": ["php"]\n}');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.json.require).toEqual({});
    expect(r.diagnostics).toEqual([expect.objectContaining({ severity: 'warning', line: 3 })]);
  });

  it('tolerates a byte order mark', () => {
    expect(parseComposerJson('composer.json', '\uFEFF{"name":"a/b"}').ok).toBe(true);
  });
});
