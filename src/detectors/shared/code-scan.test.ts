import { describe, expect, it } from 'vitest';
import { MemoryRepoFs } from '../../repo/repo-fs.js';
import {
  anyContent,
  bestHealth,
  bestMatch,
  type CodePattern,
  displayHost,
  findMatches,
  isLoopback,
  readSources,
} from './code-scan.js';

const P = (id: string, re: RegExp, confidence: CodePattern['confidence'], rank: number): CodePattern => ({
  id,
  re,
  confidence,
  rank,
  describe: (v) => `${id} ${v}`,
});

describe('bestMatch', () => {
  const patterns = [
    P('weak', /w(\d+)/g, 'weak', 99),
    P('low', /l(\d+)/g, 'strong', 1),
    P('high', /h(\d+)/g, 'strong', 5),
  ];
  const sources = [
    { path: 'a.go', raw: '', code: 'w1 l2' },
    { path: 'b.go', raw: '', code: 'h3\nh4' },
  ];
  it('confidence first, then rank, then preferred files, then path and line', () => {
    const all = findMatches(sources, patterns);
    expect(bestMatch(all)?.value).toBe('3');
    expect(bestMatch(all.filter((m) => m.pattern.id !== 'high'))?.value).toBe('2');
    const tie = findMatches(
      [
        { path: 'a.go', raw: '', code: 'h1' },
        { path: 'z.go', raw: '', code: 'h9' },
      ],
      patterns,
    );
    expect(bestMatch(tie)?.value).toBe('1');
    expect(bestMatch(tie, new Set(['z.go']))?.value).toBe('9');
    expect(findMatches(sources, patterns).find((m) => m.value === '4')?.evidence.line).toBe(2);
  });
});

describe('bestHealth', () => {
  it('prefers liveness names and shorter paths', () => {
    const found = findMatches(
      [{ path: 'a', raw: '', code: '"/api/healthz" "/readyz" "/health/live" "/health"' }],
      [P('h', /"(?<value>[^"]+)"/g, 'strong', 0)],
    );
    expect(bestHealth(found)?.path).toBe('/health');
  });
});

describe('hosts', () => {
  it.each([
    ['127.0.0.1', true],
    ['localhost', true],
    ['[::1]', true],
    ['127, 0, 0, 1', true],
    ['LOCALHOST', true],
    ['', false],
    ['0.0.0.0', false],
    ['UNSPECIFIED', false],
  ])('%j loopback: %s', (host, expected) => {
    expect(isLoopback(host)).toBe(expected);
  });
  it('displays hosts as written by people', () => {
    expect([displayHost('127, 0, 0, 1'), displayHost('LOCALHOST'), displayHost('UNSPECIFIED')]).toEqual([
      '127.0.0.1',
      '127.0.0.1',
      '0.0.0.0',
    ]);
  });
});

describe('readSources', () => {
  it('keeps empty files, skips unreadable ones with an info diagnostic', () => {
    const fs = new MemoryRepoFs({ 'a.go': '', 'b.go': null, 'c.go': 'package c // x' });
    const r = readSources(fs, ['a.go', 'b.go', 'c.go', 'missing.go'], (t) => t.replace(/\/\/.*/g, ''));
    expect(r.sources.map((s) => [s.path, s.code])).toEqual([
      ['a.go', ''],
      ['c.go', 'package c '],
    ]);
    expect(r.diagnostics).toEqual([expect.objectContaining({ severity: 'info', file: 'b.go' })]);
    expect(anyContent(r.sources)).toBe(true);
    expect(anyContent(r.sources.slice(0, 1))).toBe(false);
  });
});
