import { describe, expect, it } from 'vitest';
import { findJsonErrorOffset, keyLine } from './json-manifest.js';

describe('keyLine', () => {
  const text =
    '{\n  "name": "x",\n  "devDependencies": {\n    "express": "4"\n  },\n  "dependencies": {\n    "express": "4"\n  }\n}';
  it('finds a key inside a section', () => {
    expect(keyLine(text, 'express', 'dependencies')).toBe(7);
    expect(keyLine(text, 'express', 'devDependencies')).toBe(4);
    expect(keyLine(text, 'name')).toBe(2);
    expect(keyLine(text, 'missing')).toBeUndefined();
  });
});

describe('findJsonErrorOffset', () => {
  it.each([
    ['{"a":}', 5],
    ['[1,]', 3],
    ['{"a":1}', 7],
    ['{"a"', 4],
    ['tru', 3],
  ])('%s → %i', (text, offset) => {
    expect(findJsonErrorOffset(text)).toBe(offset);
  });
});
