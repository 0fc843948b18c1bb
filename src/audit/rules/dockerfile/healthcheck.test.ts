import { describe, expect, it } from 'vitest';
import { runDockerfileRule } from '../run-rule.js';
import { HEALTHCHECK, healthcheck } from './healthcheck.js';

const VALID: { name: string; code: string }[] = [
  {
    name: 'HEALTHCHECK in the final stage',
    code: 'FROM node:20\nHEALTHCHECK --interval=30s CMD wget -qO- http://localhost:3000/health || exit 1\n',
  },
  { name: 'HEALTHCHECK NONE is a deliberate choice', code: 'FROM node:20\nHEALTHCHECK NONE\n' },
  {
    name: 'inherited from an earlier stage',
    code: 'FROM node:20 AS base\nHEALTHCHECK CMD true\nFROM base\nCMD ["x"]\n',
  },
  { name: 'no FROM at all', code: '' },
];

const INVALID: { name: string; code: string; errors: { messageId: string; line: number }[] }[] = [
  {
    name: 'no HEALTHCHECK',
    code: 'FROM node:20\nCMD ["node", "x"]\n',
    errors: [{ messageId: 'missing', line: 1 }],
  },
  {
    name: 'HEALTHCHECK only in the builder stage',
    code: 'FROM node:20 AS build\nHEALTHCHECK CMD true\nFROM node:20-slim AS runtime\nCMD ["x"]\n',
    errors: [{ messageId: 'missing', line: 3 }],
  },
];

describe(HEALTHCHECK, () => {
  it('has an id matching its file', () => {
    expect(healthcheck.meta.id).toBe('dockerfile/healthcheck');
  });

  it.each(VALID)('accepts: $name', ({ code }) => {
    expect(runDockerfileRule(healthcheck, code)).toEqual([]);
  });

  it.each(INVALID)('reports: $name', ({ code, errors }) => {
    expect(runDockerfileRule(healthcheck, code).map(({ messageId, line }) => ({ messageId, line }))).toEqual(
      errors,
    );
  });

  it('names the final stage', () => {
    const [r] = runDockerfileRule(healthcheck, 'FROM node:20 AS build\nFROM node:20-slim AS runtime\n');
    expect(r?.message).toContain("final stage 'runtime' has no HEALTHCHECK");
  });
});
