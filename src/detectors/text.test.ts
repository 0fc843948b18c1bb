import { describe, expect, it } from 'vitest';
import { blankJsComments, lineAt } from './text.js';

describe('blankJsComments', () => {
  it('blanks comments, keeps strings, offsets and newlines', () => {
    const src = 'a(1) // c\n/* x\ny */ b(\'// not a comment\', "/* nor */")\n`t // x`';
    const out = blankJsComments(src);
    expect(out).toHaveLength(src.length);
    expect(out.split('\n')).toEqual([
      'a(1)     ',
      '    ',
      '     b(\'// not a comment\', "/* nor */")',
      '`t // x`',
    ]);
  });

  it('survives unterminated comments and strings', () => {
    expect(() => blankJsComments('/* open\n\'abc\n"x')).not.toThrow();
  });
});

describe('lineAt', () => {
  it('is 1-based', () => {
    expect(lineAt('a\nb\nc', 0)).toBe(1);
    expect(lineAt('a\nb\nc', 2)).toBe(2);
    expect(lineAt('a\nb\nc', 99)).toBe(3);
  });
});
