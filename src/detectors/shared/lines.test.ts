import { describe, expect, it } from 'vitest';
import { lineAt } from '../text.js';
import { lineLocator, orderedFinder } from './lines.js';

describe('lineLocator', () => {
  it('agrees with lineAt at every offset', () => {
    const text = 'a\nbc\n\nd\n';
    const lineOf = lineLocator(text);
    for (let i = 0; i <= text.length; i++) expect(lineOf(i), `offset ${i}`).toBe(lineAt(text, i));
  });
});

describe('orderedFinder', () => {
  it('finds repeated needles in order and falls back to the start', () => {
    const find = orderedFinder('<a>x</a>\n<a>y</a>\n<a>x</a>\n');
    expect(find(/<a>x/)).toBe(1);
    expect(find(/<a>x/)).toBe(3);
    expect(find(/<a>y/)).toBe(2);
    expect(find(/<a>z/)).toBeUndefined();
  });
});
