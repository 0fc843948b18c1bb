import { describe, expect, it } from 'vitest';
import { blankRustComments } from './rust-source.js';

describe('blankRustComments', () => {
  it.each([
    ['line comment', 'a // b\nc', 'a     \nc'],
    ['nested block comment', 'a /* x /* y */ z */ b', 'a                   b'],
    ['comment marker inside a string', 'let s = "http://x"; // c', 'let s = "http://x";     '],
    ['escaped quote in a string', 'let s = "a\\"//b"; // c', 'let s = "a\\"//b";     '],
    ['raw string with hashes', 'let s = r#"a "// b"#; // c', 'let s = r#"a "// b"#;     '],
    ['byte string', 'let s = b"//"; // c', 'let s = b"//";     '],
    ['char literal quote', "let q = '\"'; // c", "let q = '\"';     "],
    ['lifetimes are not strings', "fn f<'a>(x: &'a str) {} // c", "fn f<'a>(x: &'a str) {}     "],
    ['unicode char escape', "let c = '\\u{1F600}'; // c", "let c = '\\u{1F600}';     "],
    ['an identifier ending in r before a string', 'for"x" // c', 'for"x"     '],
  ])('%s', (_name, input, expected) => {
    expect(blankRustComments(input)).toBe(expected);
  });

  it('keeps offsets and newlines inside block comments', () => {
    const src = 'a\n/* one\ntwo */\nb';
    const out = blankRustComments(src);
    expect(out.length).toBe(src.length);
    expect(out.split('\n')).toHaveLength(4);
  });

  it('never throws on unterminated constructs', () => {
    for (const s of ['/* open', '"open', 'r#"open', "'", 'r', 'br##'])
      expect(() => blankRustComments(s)).not.toThrow();
  });
});
