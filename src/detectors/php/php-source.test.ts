import { describe, expect, it } from 'vitest';
import { blankPhpComments, isPhpSourcePath } from './php-source.js';

describe('blankPhpComments', () => {
  it('blanks //, # and /* */ comments; keeps strings, URLs in strings and #[attributes]', () => {
    const src = [
      '<?php // opening',
      "$u = 'http://example.com/#top'; # hash comment",
      '/* block',
      "   env('HIDDEN') */",
      "#[Route('/health')]",
      '$s = "it\'s // not a comment";',
      '/** @Route("/kept") */',
    ].join('\n');
    const out = blankPhpComments(src);
    expect(out.length).toBe(src.length);
    expect(out.split('\n')).toHaveLength(7);
    expect(out).not.toContain('opening');
    expect(out).toContain("'http://example.com/#top'");
    expect(out).not.toContain('hash comment');
    expect(out).not.toContain('HIDDEN');
    expect(out).toContain("#[Route('/health')]");
    expect(out).toContain('"it\'s // not a comment"');
    expect(out).toContain('@Route("/kept")');
  });
});

describe('isPhpSourcePath', () => {
  it.each([
    ['public/index.php', true],
    ['app/Http/Controllers/HomeController.php', true],
    ['config/app.php', true],
    ['config/packages/doctrine.yaml', true],
    ['resources/views/welcome.blade.php', false],
    ['tests/Feature/HomeTest.php', false],
    ['vendor/laravel/framework/src/x.php', false],
    ['bootstrap/cache/config.php', false],
    ['storage/framework/views/abc.php', false],
    ['database/migrations/2024_01_01_create_users.php', false],
    ['src/UserTest.php', false],
  ])('%s → %s', (p, expected) => {
    expect(isPhpSourcePath(p)).toBe(expected);
  });
});
