import { describe, expect, it } from 'vitest';
import { runDockerfileRule } from '../run-rule.js';
import { EXEC_FORM_CMD, execFormCmd, suggestExecForm } from './exec-form-cmd.js';

const VALID: { name: string; code: string }[] = [
  { name: 'exec-form CMD', code: 'FROM node:20\nCMD ["node", "server.js"]\n' },
  {
    name: 'exec-form ENTRYPOINT and CMD',
    code: 'FROM node:20\nENTRYPOINT ["tini", "--"]\nCMD ["node", "x"]\n',
  },
  { name: 'exec form spread over lines', code: 'FROM node:20\nCMD ["node", \\\n  "server.js"]\n' },
  { name: 'shell form RUN is fine', code: 'FROM node:20\nRUN npm ci && npm run build\n' },
  { name: 'HEALTHCHECK CMD is not CMD', code: 'FROM node:20\nHEALTHCHECK CMD curl -f localhost || exit 1\n' },
  { name: 'no CMD at all', code: 'FROM node:20\n' },
];

const INVALID: { name: string; code: string; errors: { messageId: string; line: number }[] }[] = [
  {
    name: 'shell-form CMD',
    code: 'FROM node:20\nCMD node server.js\n',
    errors: [{ messageId: 'shellForm', line: 2 }],
  },
  {
    name: 'shell-form ENTRYPOINT',
    code: 'FROM node:20\nENTRYPOINT npm start\n',
    errors: [{ messageId: 'shellForm', line: 2 }],
  },
  {
    name: 'single-quoted "exec form"',
    code: "FROM node:20\nCMD ['node', 'server.js']\n",
    errors: [{ messageId: 'malformedJson', line: 2 }],
  },
  {
    name: 'every stage (any can be a --target)',
    code: 'FROM node:20 AS dev\nCMD npm run dev\nFROM node:20\nCMD ["node", "x"]\n',
    errors: [{ messageId: 'shellForm', line: 2 }],
  },
  {
    name: 'exec prefix is still shell form',
    code: 'FROM node:20\nCMD exec node server.js\n',
    errors: [{ messageId: 'shellForm', line: 2 }],
  },
];

describe(EXEC_FORM_CMD, () => {
  it('has an id matching its file', () => {
    expect(execFormCmd.meta.id).toBe('dockerfile/exec-form-cmd');
  });

  it.each(VALID)('accepts: $name', ({ code }) => {
    expect(runDockerfileRule(execFormCmd, code)).toEqual([]);
  });

  it.each(INVALID)('reports: $name', ({ code, errors }) => {
    expect(runDockerfileRule(execFormCmd, code).map(({ messageId, line }) => ({ messageId, line }))).toEqual(
      errors,
    );
  });

  it('suggests the exec-form rewrite in the message', () => {
    const [r] = runDockerfileRule(execFormCmd, 'FROM node:20\nCMD node server.js\n');
    expect(r?.message).toContain('CMD ["node", "server.js"]');
  });

  it.each([
    ['node server.js', '["node", "server.js"]'],
    ['npm start -- --port=3000', '["npm", "start", "--", "--port=3000"]'],
    ['node $ENTRY', '["/bin/sh", "-c", "exec node $ENTRY"]'],
    ["['node', 'x']", '["node", "x"]'],
  ])('suggestExecForm(%s)', (text, expected) => {
    expect(suggestExecForm(text)).toBe(expected);
  });
});
