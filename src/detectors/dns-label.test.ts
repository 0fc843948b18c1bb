import { describe, expect, it } from 'vitest';
import { serviceNameFor, toDnsLabel, uniqueName } from './dns-label.js';

describe('serviceNameFor', () => {
  it.each([
    ['@acme/Web_App', '.', 'web-app'],
    ['orders-api', '.', 'orders-api'],
    ['My.Service!!', '.', 'my-service'],
    [null, 'apps/Admin Panel', 'admin-panel'],
    ['@@@', 'svc', 'svc'],
    [null, '.', 'app'],
    ['___', '.', 'app'],
  ])('%s in %s → %s', (name, dir, expected) => {
    expect(serviceNameFor(name, dir)).toBe(expected);
  });
});

describe('toDnsLabel', () => {
  it('caps at 63 characters without a trailing dash', () => {
    const label = toDnsLabel(`${'a'.repeat(62)}-b`);
    expect(label).toBe('a'.repeat(62));
  });
});

describe('uniqueName', () => {
  it('adds -2, -3 … and stays within 63 characters', () => {
    expect(uniqueName('api', new Set())).toBe('api');
    expect(uniqueName('api', new Set(['api']))).toBe('api-2');
    expect(uniqueName('api', new Set(['api', 'api-2']))).toBe('api-3');
    expect(uniqueName('a'.repeat(63), new Set(['a'.repeat(63)]))).toBe(`${'a'.repeat(61)}-2`);
  });
});
