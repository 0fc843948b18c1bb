import { describe, expect, it } from 'vitest';
import { DEFAULT_NODE_MAJOR, nodeMajorFor, parseNodeMajor } from './node-version.js';

describe('parseNodeMajor', () => {
  it.each<[string | null, number | null]>([
    ['22', 22],
    ['v20.11.1', 20],
    ['20.11.1', 20],
    ['>=20', 20],
    ['>= 20.9.0', 20],
    ['^18.17', 18],
    ['~20.10.0', 20],
    ['20.x', 20],
    ['18.x.x', 18],
    ['=22.1.0', 22],
    ['>=18 <21', 18],
    ['18 || 20', 18],
    ['lts/iron', null],
    ['lts/*', null],
    ['node', null],
    ['latest', null],
    ['*', null],
    ['<20', null],
    ['<=18', null],
    ['', null],
    [null, null],
    ['0.10', null],
  ])('%j → %j', (input, major) => {
    expect(parseNodeMajor(input)).toBe(major);
  });
});

describe('nodeMajorFor', () => {
  it('falls back to the documented default', () => {
    expect(DEFAULT_NODE_MAJOR).toBe(22);
    expect(nodeMajorFor(null)).toBe(22);
    expect(nodeMajorFor('lts/iron')).toBe(22);
    expect(nodeMajorFor('v20.11.1')).toBe(20);
  });
});
