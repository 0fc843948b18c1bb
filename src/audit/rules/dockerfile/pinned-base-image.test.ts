import { describe, expect, it } from 'vitest';
import { runDockerfileRule } from '../run-rule.js';
import { PINNED_BASE_IMAGE, pinnedBaseImage } from './pinned-base-image.js';

const VALID: { name: string; code: string }[] = [
  { name: 'version tag', code: 'FROM node:20.11-alpine\n' },
  { name: 'digest', code: 'FROM node@sha256:0123abcd\n' },
  { name: 'latest pinned by digest', code: 'FROM node:latest@sha256:0123abcd\n' },
  { name: 'registry with port and tag', code: 'FROM localhost:5000/app:1.2.3\n' },
  { name: 'scratch', code: 'FROM scratch\n' },
  { name: 'earlier stage alias', code: 'FROM node:20 AS build\nFROM build\n' },
  { name: 'alias case-insensitively', code: 'FROM node:20 AS Build\nFROM build AS final\n' },
  { name: 'tag from an ARG default', code: `ARG NODE_VERSION=20.11\nFROM node:\${NODE_VERSION}-alpine\n` },
  { name: 'whole image from an ARG default', code: 'ARG BASE=python:3.12-slim\nFROM $BASE\n' },
  { name: 'tag only known at build time', code: 'ARG TAG\nFROM node:$TAG\n' },
  { name: 'variable with inline default', code: `FROM node:\${TAG:-20}\n` },
];

const INVALID: { name: string; code: string; errors: { messageId: string; line: number }[] }[] = [
  { name: 'no tag', code: 'FROM node\n', errors: [{ messageId: 'untagged', line: 1 }] },
  { name: 'latest', code: 'FROM node:latest AS build\n', errors: [{ messageId: 'latest', line: 1 }] },
  {
    name: 'registry port is not a tag',
    code: 'FROM localhost:5000/app\n',
    errors: [{ messageId: 'untagged', line: 1 }],
  },
  {
    name: 'every stage is checked',
    code: 'FROM node AS build\nRUN npm ci\nFROM nginx:latest\n',
    errors: [
      { messageId: 'untagged', line: 1 },
      { messageId: 'latest', line: 3 },
    ],
  },
  {
    name: 'ARG default is latest',
    code: 'ARG TAG=latest\nFROM node:$TAG\n',
    errors: [{ messageId: 'latest', line: 2 }],
  },
  {
    name: 'ARG default has no tag',
    code: `ARG BASE=node\nFROM \${BASE}\n`,
    errors: [{ messageId: 'untagged', line: 2 }],
  },
  {
    name: 'later alias is not a stage yet',
    code: 'FROM app\nFROM node:20 AS app\n',
    errors: [{ messageId: 'untagged', line: 1 }],
  },
  {
    name: 'platform flag does not hide it',
    code: 'FROM --platform=linux/amd64 node\n',
    errors: [{ messageId: 'untagged', line: 1 }],
  },
];

describe(PINNED_BASE_IMAGE, () => {
  it('has an id matching its file', () => {
    expect(pinnedBaseImage.meta.id).toBe('dockerfile/pinned-base-image');
  });

  it.each(VALID)('accepts: $name', ({ code }) => {
    expect(runDockerfileRule(pinnedBaseImage, code)).toEqual([]);
  });

  it.each(INVALID)('reports: $name', ({ code, errors }) => {
    expect(
      runDockerfileRule(pinnedBaseImage, code).map(({ messageId, line }) => ({ messageId, line })),
    ).toEqual(errors);
  });

  it('shows what an ARG resolved to and suggests the registry-qualified name', () => {
    const [viaArg] = runDockerfileRule(pinnedBaseImage, 'ARG TAG=latest\nFROM ghcr.io/o/app:$TAG\n');
    expect(viaArg?.message).toBe(
      "Base image 'ghcr.io/o/app:$TAG' (resolves to 'ghcr.io/o/app:latest') uses the moving tag 'latest'; pin a version such as 'ghcr.io/o/app:<version>' or a digest.",
    );
  });
});
