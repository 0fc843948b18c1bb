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

  it('matches a character-by-character reference on random JavaScript-ish text', () => {
    // The reference is the straightforward per-character version the fast one replaced.
    const reference = (src: string): string => {
      const out = src.split('');
      let i = 0;
      while (i < src.length) {
        const c = src[i];
        if (c === '/' && src[i + 1] === '/') {
          while (i < src.length && src[i] !== '\n') out[i++] = ' ';
        } else if (c === '/' && src[i + 1] === '*') {
          out[i++] = ' ';
          out[i++] = ' ';
          while (i < src.length && !(src[i] === '*' && src[i + 1] === '/')) {
            if (src[i] !== '\n') out[i] = ' ';
            i++;
          }
          if (i < src.length) {
            out[i++] = ' ';
            out[i++] = ' ';
          }
        } else if (c === '"' || c === "'" || c === '`') {
          i++;
          while (i < src.length && src[i] !== c) {
            if (src[i] === '\\') i++;
            else if (src[i] === '\n' && c !== '`') break;
            i++;
          }
          i++;
        } else i++;
      }
      return out.join('');
    };
    const alphabet = ['/', '*', '"', "'", '`', '\\', '\n', 'a', ' ', '//', '/*', '*/'];
    let seed = 7;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (let k = 0; k < 2000; k++) {
      let src = '';
      const len = Math.floor(rand() * 30);
      for (let j = 0; j < len; j++) src += alphabet[Math.floor(rand() * alphabet.length)];
      expect(blankJsComments(src), JSON.stringify(src)).toBe(reference(src));
    }
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
