import { describe, expect, it } from 'vitest';
import { parseJsonc } from './jsonc.js';

describe('parseJsonc', () => {
  it('accepts comments and trailing commas, leaving // inside strings alone', () => {
    const r = parseJsonc('{\n  // c\n  "a": "https://x/y", /* b */\n  "l": [1, 2,],\n}');
    expect(r).toEqual({ ok: true, value: { a: 'https://x/y', l: [1, 2] } });
  });

  it('keeps a comma-bracket sequence inside a string', () => {
    expect(parseJsonc('{"a": ",}"}')).toEqual({ ok: true, value: { a: ',}' } });
  });

  it('reports invalid input with a line instead of throwing', () => {
    const r = parseJsonc('{\n  "a": 1\n  "b": 2\n}');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.line).toBe(3);
  });
});
