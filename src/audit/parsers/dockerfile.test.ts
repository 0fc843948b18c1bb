import { describe, expect, it } from 'vitest';
import {
  effectiveInstruction,
  parseDockerfile,
  parseImageRef,
  stageChain,
  substitute,
} from './dockerfile.js';

describe('parseDockerfile', () => {
  const df = parseDockerfile(
    [
      '# syntax=docker/dockerfile:1', // 1 (a parser directive, not a comment)
      'ARG NODE_VERSION=20.11', // 2
      `ARG BASE=node:\${NODE_VERSION}-alpine`, // 3
      `FROM --platform=$BUILDPLATFORM \${BASE} AS build`, // 4
      '# build it', // 5
      'RUN npm ci && \\', // 6
      '  # a comment inside the continuation', // 7
      '  npm run build', // 8
      'FROM build AS runtime', // 9
      'USER node', // 10
      'CMD ["node", "dist/server.js"]', // 11
      "ENTRYPOINT ['tini', '--']", // 12
      'HEALTHCHECK CMD wget -qO- localhost || exit 1', // 13
    ].join('\n'),
  );

  it('splits stages with 1-based lines, aliases and platform', () => {
    expect(df.stages.map((s) => [s.index, s.from.line, s.from.alias, s.parent])).toEqual([
      [0, 4, 'build', undefined],
      [1, 9, 'runtime', 0],
    ]);
    expect(df.stages[0]?.from.platform).toBe('$BUILDPLATFORM');
    expect(df.finalStage).toBe(df.stages[1]);
    expect(df.firstInstructionLine).toBe(2);
  });

  it('resolves global ARG defaults in FROM, including ARGs that use earlier ARGs', () => {
    const from = df.stages[0]?.from;
    expect(from?.raw).toBe(`\${BASE}`);
    expect(from?.image).toEqual({
      reference: 'node:20.11-alpine',
      registry: undefined,
      name: 'node',
      tag: '20.11-alpine',
      digest: undefined,
    });
    expect(from?.unresolved).toEqual([]);
    expect(df.globalArgs.map((a) => [a.name, a.value, a.line])).toEqual([
      ['NODE_VERSION', '20.11', 2],
      ['BASE', 'node:20.11-alpine', 3],
    ]);
  });

  it('joins continuations, drops comment lines in them, and keeps each command line', () => {
    const run = df.stages[0]?.instructions[0];
    expect(run?.keyword).toBe('RUN');
    expect([run?.line, run?.endLine]).toEqual([6, 8]);
    expect(run?.commands).toEqual([
      { argv: ['npm', 'ci'], line: 6 },
      { argv: ['npm', 'run', 'build'], line: 8 },
    ]);
  });

  it('tells exec form from shell form, and spots exec form that is not JSON', () => {
    const byKeyword = (k: string) => df.instructions.find((i) => i.keyword === k);
    expect(byKeyword('CMD')).toMatchObject({
      form: 'exec',
      execArgs: ['node', 'dist/server.js'],
      malformedExec: false,
    });
    expect(byKeyword('ENTRYPOINT')).toMatchObject({
      form: 'shell',
      execArgs: undefined,
      malformedExec: true,
    });
    expect(byKeyword('RUN')?.form).toBe('shell');
    expect(byKeyword('USER')?.form).toBeUndefined();
  });

  it('lists comments with lines, without parser directives', () => {
    expect(df.comments).toEqual([
      { line: 5, text: 'build it' },
      { line: 7, text: 'a comment inside the continuation' },
    ]);
  });

  it('follows FROM <alias> for inherited instructions', () => {
    const base = parseDockerfile('FROM node:20 AS base\nUSER node\nFROM base AS mid\nFROM mid\nCMD ["x"]\n');
    const last = base.finalStage;
    if (!last) throw new Error('no final stage');
    expect(stageChain(base, last).map((s) => s.index)).toEqual([2, 1, 0]);
    expect(effectiveInstruction(base, last, 'USER')?.line).toBe(2);
    expect(effectiveInstruction(base, last, 'HEALTHCHECK')).toBeUndefined();
  });

  it('only links to earlier stages (a later alias is an image name)', () => {
    const d = parseDockerfile('FROM later\nFROM node:20 AS later\n');
    expect(d.stages[0]?.parent).toBeUndefined();
  });

  it('reads RUN heredoc bodies with their own lines', () => {
    const d = parseDockerfile('FROM node:20\nRUN <<EOF\nset -e\nnpm install\nEOF\nUSER node\n');
    expect(d.instructions[1]?.commands).toEqual([
      { argv: ['set', '-e'], line: 3 },
      { argv: ['npm', 'install'], line: 4 },
    ]);
    expect(d.instructions[2]?.keyword).toBe('USER');
  });

  it('treats exec-form RUN as one command', () => {
    const d = parseDockerfile('FROM node:20\nRUN ["npm", "install"]\n');
    expect(d.instructions[1]?.commands).toEqual([{ argv: ['npm', 'install'], line: 2 }]);
  });

  it('keeps unresolved variables visible', () => {
    const d = parseDockerfile('ARG TAG\nFROM node:$TAG\n');
    expect(d.stages[0]?.from.unresolved).toEqual(['TAG']);
    expect(d.stages[0]?.from.image?.tag).toBe('$TAG');
  });

  it('resolves stage ARG and ENV values at a line', () => {
    const d = parseDockerfile('ARG UID=1001\nFROM node:20\nARG UID\nENV APP_UID=$UID\nUSER $APP_UID\n');
    expect(d.resolve(`$APP_UID:\${GID:-0}`, 5)).toEqual({ value: '1001:0', unresolved: [] });
    expect(d.resolve('$NOPE', 5)).toEqual({ value: '$NOPE', unresolved: ['NOPE'] });
  });

  it('honours the escape directive', () => {
    const d = parseDockerfile('# escape=`\nFROM mcr.microsoft.com/windows:ltsc2022\nRUN a `\n  && npm i\n');
    expect(d.instructions[1]?.commands.map((c) => [c.argv, c.line])).toEqual([
      [['a'], 3],
      [['npm', 'i'], 4],
    ]);
  });

  it('handles a file without FROM', () => {
    const d = parseDockerfile('# just a comment\n');
    expect(d.stages).toEqual([]);
    expect(d.finalStage).toBeUndefined();
    expect(d.firstInstructionLine).toBeUndefined();
  });
});

describe('parseImageRef', () => {
  it.each([
    ['node', { registry: undefined, name: 'node', tag: undefined, digest: undefined }],
    ['node:20-alpine', { registry: undefined, name: 'node', tag: '20-alpine', digest: undefined }],
    ['localhost:5000/app', { registry: 'localhost:5000', name: 'app', tag: undefined, digest: undefined }],
    ['ghcr.io/o/app:1.2@sha256:ab', { registry: 'ghcr.io', name: 'o/app', tag: '1.2', digest: 'sha256:ab' }],
    ['library/node:latest', { registry: undefined, name: 'library/node', tag: 'latest', digest: undefined }],
  ])('%s', (ref, expected) => {
    expect(parseImageRef(ref)).toEqual({ reference: ref, ...expected });
  });
});

describe('substitute', () => {
  const vars: Record<string, string | null> = { A: 'a', EMPTY: '', NOVALUE: null };
  const lookup = (n: string) => vars[n];
  it.each([
    [`$A-\${A}`, 'a-a', []],
    [`\${MISSING:-dflt}`, 'dflt', []],
    [`\${EMPTY:-dflt}|\${EMPTY-dflt}`, 'dflt|', []],
    [`\${A:+set}\${MISSING:+set}`, 'set', []],
    ['$NOVALUE', '$NOVALUE', ['NOVALUE']],
    ['\\$A', '\\$A', []],
  ])('%s', (text, value, unresolved) => {
    expect(substitute(text, lookup)).toEqual({ value, unresolved });
  });
});
