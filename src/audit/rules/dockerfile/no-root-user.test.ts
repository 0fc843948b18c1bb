import { describe, expect, it } from 'vitest';
import { runDockerfileRule } from '../run-rule.js';
import { isRootUser, NO_ROOT_USER, noRootUser } from './no-root-user.js';

const VALID: { name: string; code: string }[] = [
  { name: 'named non-root user', code: 'FROM node:20\nUSER node\nCMD ["node", "x"]\n' },
  { name: 'numeric uid with root group', code: 'FROM node:20\nUSER 10001:0\n' },
  { name: 'root first, non-root last', code: 'FROM node:20\nUSER root\nRUN apt-get update\nUSER app\n' },
  {
    name: 'root only in a builder stage',
    code: 'FROM node:20 AS build\nUSER root\nFROM node:20-slim\nUSER node\n',
  },
  {
    name: 'USER inherited from an earlier stage',
    code: 'FROM node:20 AS base\nUSER node\nFROM base\nCMD ["x"]\n',
  },
  { name: 'USER from an ARG default', code: `FROM node:20\nARG UID=10001\nUSER \${UID}\n` },
  { name: 'USER only known at build time', code: 'FROM node:20\nARG UID\nUSER $UID\n' },
  { name: 'no FROM at all', code: '# nothing here\n' },
];

const INVALID: { name: string; code: string; errors: { messageId: string; line: number }[] }[] = [
  {
    name: 'no USER',
    code: 'FROM node:20\nCMD ["node", "x"]\n',
    errors: [{ messageId: 'missingUser', line: 1 }],
  },
  {
    name: 'USER only in the builder stage',
    code: 'FROM node:20 AS build\nUSER node\nFROM node:20-slim\nCMD ["x"]\n',
    errors: [{ messageId: 'missingUser', line: 3 }],
  },
  {
    name: 'USER root',
    code: 'FROM node:20\nUSER node\nUSER root\n',
    errors: [{ messageId: 'rootUser', line: 3 }],
  },
  { name: 'USER 0', code: 'FROM node:20\nUSER 0\n', errors: [{ messageId: 'rootUser', line: 2 }] },
  {
    name: 'USER root:root',
    code: 'FROM node:20\nUSER root:root\n',
    errors: [{ messageId: 'rootUser', line: 2 }],
  },
  { name: 'USER 0:1000', code: 'FROM node:20\nUSER 0:1000\n', errors: [{ messageId: 'rootUser', line: 2 }] },
  {
    name: 'root via ARG default',
    code: 'FROM node:20\nARG RUN_AS=root\nUSER $RUN_AS\n',
    errors: [{ messageId: 'rootUser', line: 3 }],
  },
  {
    name: 'root inherited from an earlier stage',
    code: 'FROM node:20 AS base\nUSER root\nFROM base\nCMD ["x"]\n',
    errors: [{ messageId: 'rootUser', line: 2 }],
  },
];

describe(NO_ROOT_USER, () => {
  it('has an id matching its file', () => {
    expect(noRootUser.meta.id).toBe('dockerfile/no-root-user');
  });

  it.each(VALID)('accepts: $name', ({ code }) => {
    expect(runDockerfileRule(noRootUser, code)).toEqual([]);
  });

  it.each(INVALID)('reports: $name', ({ code, errors }) => {
    expect(runDockerfileRule(noRootUser, code).map(({ messageId, line }) => ({ messageId, line }))).toEqual(
      errors,
    );
  });

  it('names the stage and the user in the message', () => {
    const [missing] = runDockerfileRule(noRootUser, 'FROM node:20 AS runtime\n');
    expect(missing?.message).toContain("final stage 'runtime' never sets USER");
    const [root] = runDockerfileRule(noRootUser, 'FROM node:20\nUSER 0:0\n');
    expect(root?.message).toContain("'USER 0:0'");
    expect(root?.message).not.toContain('{{');
  });

  it.each([
    ['root', true],
    ['0', true],
    ['000', true],
    ['root:staff', true],
    ['0:0', true],
    ['rooted', false],
    ['10', false],
    ['node:root', false],
  ])('isRootUser(%s) = %s', (user, expected) => {
    expect(isRootUser(user)).toBe(expected);
  });
});
