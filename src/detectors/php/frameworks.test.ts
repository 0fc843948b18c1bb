import { describe, expect, it } from 'vitest';
import { parseComposerJson } from './composer.js';
import { detectPhpFramework, PHP_FRAMEWORKS, PHP_SERVERS, pickPhpServer } from './frameworks.js';

const composer = (require: Record<string, string>) => {
  const r = parseComposerJson('composer.json', JSON.stringify({ require }, null, 2));
  if (!r.ok) throw new Error('bad fixture');
  return r.value;
};
const none = () => false;

describe('PHP_FRAMEWORKS table', () => {
  it('has unique ids; frameworks that can appear together have distinct priorities', () => {
    expect(new Set(PHP_FRAMEWORKS.map((f) => f.id)).size).toBe(PHP_FRAMEWORKS.length);
    const byId = Object.fromEntries(PHP_FRAMEWORKS.map((f) => [f.id, f.priority]));
    // Laravel requires Symfony components, Lumen and Slim can share a repo with them.
    expect(new Set([byId.laravel, byId.lumen, byId.symfony, byId.slim]).size).toBe(4);
  });
});

describe('detectPhpFramework', () => {
  it.each([
    [{ 'laravel/framework': '^11' }, 'laravel'],
    [{ 'laravel/framework': '^11', 'symfony/framework-bundle': '^7' }, 'laravel'],
    [{ 'symfony/framework-bundle': '7.1.*' }, 'symfony'],
    [{ 'slim/slim': '^4' }, 'slim'],
    [{ 'cakephp/cakephp': '^5' }, 'cakephp'],
    [{ 'yiisoft/yii2': '~2.0' }, 'yii'],
    [{ 'mezzio/mezzio': '^3' }, 'laminas'],
    [{ 'guzzlehttp/guzzle': '^7' }, null],
  ])('%j → %s', (require, id) => {
    expect(detectPhpFramework(composer(require), none, '.')?.entry.id ?? null).toBe(id);
  });

  it('priority decides, not table order, and the evidence names what it outranks', () => {
    const m = detectPhpFramework(
      composer({ 'slim/slim': '^4', 'laravel/framework': '^11' }),
      none,
      '.',
      [...PHP_FRAMEWORKS].reverse(),
    );
    expect(m?.entry.id).toBe('laravel');
    expect(m?.evidence[0]?.reason).toMatch(/outranks slim/);
  });

  it('require-dev does not count; the artisan file reveals Laravel without composer.json (weak)', () => {
    const dev = parseComposerJson(
      'composer.json',
      JSON.stringify({ 'require-dev': { 'laravel/framework': '^11' } }),
    );
    expect(dev.ok && detectPhpFramework(dev.value, none, '.')).toBeNull();
    const m = detectPhpFramework(null, (f) => f === 'artisan', 'web');
    expect(m?.entry.id).toBe('laravel');
    expect(m?.evidence[0]).toMatchObject({ file: 'web/artisan', confidence: 'weak' });
  });
});

describe('pickPhpServer', () => {
  it('FrankenPHP by default; Octane only for Laravel apps that require it', () => {
    expect(pickPhpServer(null, null).id).toBe('frankenphp');
    expect(pickPhpServer(composer({ 'laravel/octane': '^2' }), 'laravel').id).toBe('octane');
    expect(pickPhpServer(composer({ 'laravel/octane': '^2' }), 'symfony').id).toBe('frankenphp');
  });

  it('commands bind all interfaces and set the web root', () => {
    const franken = PHP_SERVERS.find((s) => s.id === 'frankenphp');
    expect(franken?.command('public', 80)).toBe('frankenphp php-server --listen :80 --root public/');
    expect(franken?.command('.', 80)).toBe('frankenphp php-server --listen :80');
    expect(PHP_SERVERS.find((s) => s.id === 'octane')?.command('public', 8000)).toBe(
      'php artisan octane:start --host=0.0.0.0 --port=8000',
    );
  });
});
