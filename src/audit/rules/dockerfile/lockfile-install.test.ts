import { describe, expect, it } from 'vitest';
import { runDockerfileRule } from '../run-rule.js';
import { LOCKFILE_INSTALL, lockfileInstall } from './lockfile-install.js';

const run = (script: string): string => `FROM node:20\n${script}\n`;

const VALID: { name: string; code: string }[] = [
  { name: 'npm ci', code: run('RUN npm ci --omit=dev') },
  { name: 'npm global tool', code: run('RUN npm install -g pm2 && npm i --global turbo') },
  { name: 'npm --location=global', code: run('RUN npm install --location=global pnpm') },
  { name: 'npm run scripts', code: run('RUN npm run build && npm test') },
  { name: 'yarn frozen (v1)', code: run('RUN yarn install --frozen-lockfile --production') },
  { name: 'bare yarn frozen', code: run('RUN yarn --frozen-lockfile') },
  { name: 'yarn immutable (berry)', code: run('RUN yarn install --immutable') },
  { name: 'yarn build', code: run('RUN yarn build') },
  { name: 'pnpm frozen', code: run('RUN pnpm install --frozen-lockfile --prod') },
  { name: 'pnpm i frozen', code: run('RUN pnpm i --frozen-lockfile') },
  { name: 'bun frozen', code: run('RUN bun install --frozen-lockfile') },
  { name: 'text that mentions npm install', code: run('RUN echo "do not npm install here"') },
  {
    name: 'a comment in a continuation',
    code: run('RUN npm ci && \\\n  # npm install would be wrong\n  npm run build'),
  },
  { name: 'npm ci with --prefix', code: run('RUN npm --prefix install ci') },
];

const INVALID: { name: string; code: string; errors: { messageId: string; line: number }[] }[] = [
  { name: 'npm install', code: run('RUN npm install'), errors: [{ messageId: 'npmInstall', line: 2 }] },
  { name: 'npm i', code: run('RUN npm i --omit=dev'), errors: [{ messageId: 'npmInstall', line: 2 }] },
  {
    name: 'npm install <pkg> (not global)',
    code: run('RUN npm install express'),
    errors: [{ messageId: 'npmInstall', line: 2 }],
  },
  {
    name: 'chained after other commands, on its continuation line',
    code: run('RUN apt-get update \\\n  && apt-get install -y git \\\n  && npm install'),
    errors: [{ messageId: 'npmInstall', line: 4 }],
  },
  {
    name: 'with env prefix',
    code: run('RUN NODE_ENV=production npm install'),
    errors: [{ messageId: 'npmInstall', line: 2 }],
  },
  {
    name: 'with --mount flag',
    code: run('RUN --mount=type=cache,target=/root/.npm npm install'),
    errors: [{ messageId: 'npmInstall', line: 2 }],
  },
  {
    name: 'exec-form RUN',
    code: run('RUN ["npm", "install"]'),
    errors: [{ messageId: 'npmInstall', line: 2 }],
  },
  {
    name: 'heredoc',
    code: run('RUN <<EOF\nset -e\nnpm install\nEOF'),
    errors: [{ messageId: 'npmInstall', line: 4 }],
  },
  { name: 'bare yarn', code: run('RUN yarn'), errors: [{ messageId: 'unfrozen', line: 2 }] },
  {
    name: 'yarn --production',
    code: run('RUN yarn --production'),
    errors: [{ messageId: 'unfrozen', line: 2 }],
  },
  { name: 'yarn install', code: run('RUN yarn install'), errors: [{ messageId: 'unfrozen', line: 2 }] },
  {
    name: 'yarn --cwd dir install',
    code: run('RUN yarn --cwd app install'),
    errors: [{ messageId: 'unfrozen', line: 2 }],
  },
  {
    name: 'pnpm install',
    code: run('RUN pnpm install --prod'),
    errors: [{ messageId: 'unfrozen', line: 2 }],
  },
  { name: 'pnpm i', code: run('RUN pnpm i'), errors: [{ messageId: 'unfrozen', line: 2 }] },
  {
    name: 'pnpm --no-frozen-lockfile',
    code: run('RUN pnpm install --no-frozen-lockfile'),
    errors: [{ messageId: 'unfrozen', line: 2 }],
  },
  { name: 'bun install', code: run('RUN bun install'), errors: [{ messageId: 'unfrozen', line: 2 }] },
  {
    name: 'several in one RUN',
    code: run('RUN cd api && npm install; cd ../web && yarn'),
    errors: [
      { messageId: 'npmInstall', line: 2 },
      { messageId: 'unfrozen', line: 2 },
    ],
  },
  {
    name: 'in a builder stage too',
    code: 'FROM node:20 AS build\nRUN npm install\nFROM node:20-slim\nRUN npm ci\n',
    errors: [{ messageId: 'npmInstall', line: 2 }],
  },
];

describe(LOCKFILE_INSTALL, () => {
  it('has an id matching its file', () => {
    expect(lockfileInstall.meta.id).toBe('dockerfile/lockfile-install');
  });

  it.each(VALID)('accepts: $name', ({ code }) => {
    expect(runDockerfileRule(lockfileInstall, code)).toEqual([]);
  });

  it.each(INVALID)('reports: $name', ({ code, errors }) => {
    expect(
      runDockerfileRule(lockfileInstall, code).map(({ messageId, line }) => ({ messageId, line })),
    ).toEqual(errors);
  });

  it('quotes the command and the fix', () => {
    const [npm] = runDockerfileRule(lockfileInstall, run('RUN npm install --omit=dev'));
    expect(npm?.message).toContain("'npm install --omit=dev'");
    expect(npm?.message).toContain("use 'npm ci'");
    const [pnpm] = runDockerfileRule(lockfileInstall, run('RUN pnpm install'));
    expect(pnpm?.message).toContain("use 'pnpm install --frozen-lockfile'");
    const [yarn] = runDockerfileRule(lockfileInstall, run('RUN yarn'));
    expect(yarn?.message).toContain("'yarn install --immutable' (Yarn 2+)");
  });
});
