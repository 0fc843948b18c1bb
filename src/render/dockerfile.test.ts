import { DockerfileParser } from 'dockerfile-ast';
import { describe, expect, it } from 'vitest';
import { type Instruction, quoteValue, renderDockerfile, renderInstruction } from './dockerfile.js';

describe('renderInstruction', () => {
  it.each<[Instruction, string]>([
    [{ kind: 'FROM', image: 'node:22-bookworm-slim', as: 'deps' }, 'FROM node:22-bookworm-slim AS deps'],
    [
      { kind: 'FROM', image: 'node:22', platform: '$BUILDPLATFORM' },
      'FROM --platform=$BUILDPLATFORM node:22',
    ],
    [{ kind: 'ARG', name: 'GIT_REVISION', default: 'unknown' }, 'ARG GIT_REVISION=unknown'],
    [{ kind: 'ARG', name: 'SOURCE_URL', default: '' }, 'ARG SOURCE_URL='],
    [{ kind: 'ARG', name: 'X' }, 'ARG X'],
    [{ kind: 'ENV', vars: [['NODE_ENV', 'production']] }, 'ENV NODE_ENV=production'],
    [
      {
        kind: 'ENV',
        vars: [
          ['A', '1'],
          ['B', 'two words'],
        ],
      },
      'ENV A=1 \\\n    B="two words"',
    ],
    [{ kind: 'WORKDIR', path: '/app' }, 'WORKDIR /app'],
    [
      { kind: 'COPY', src: ['package.json', 'package-lock.json'], dest: './' },
      'COPY package.json package-lock.json ./',
    ],
    [
      {
        kind: 'COPY',
        src: ['/app/dist'],
        dest: './dist',
        from: 'build',
        chown: '0:0',
        chmod: '0444',
        link: true,
      },
      'COPY --from=build --chown=0:0 --chmod=0444 --link /app/dist ./dist',
    ],
    [{ kind: 'COPY', src: ['my file'], dest: '/x/' }, 'COPY ["my file","/x/"]'],
    [{ kind: 'RUN', commands: ['npm ci'] }, 'RUN npm ci'],
    [{ kind: 'RUN', commands: ['a', 'b'] }, 'RUN a && \\\n    b'],
    [
      {
        kind: 'RUN',
        commands: ['npm ci'],
        mounts: [{ type: 'cache', target: '/root/.npm', id: 'npm', sharing: 'locked' }],
      },
      'RUN --mount=type=cache,target=/root/.npm,id=npm,sharing=locked \\\n    npm ci',
    ],
    [{ kind: 'USER', user: '1000:1000' }, 'USER 1000:1000'],
    [{ kind: 'EXPOSE', port: 3000 }, 'EXPOSE 3000'],
    [{ kind: 'EXPOSE', port: 53, protocol: 'udp' }, 'EXPOSE 53/udp'],
    [{ kind: 'HEALTHCHECK', cmd: ['true'] }, 'HEALTHCHECK CMD ["true"]'],
    [
      {
        kind: 'HEALTHCHECK',
        cmd: ['wget', '-q', 'http://x/'],
        interval: '30s',
        timeout: '5s',
        startPeriod: '10s',
        retries: 3,
      },
      'HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \\\n    CMD ["wget","-q","http://x/"]',
    ],
    [{ kind: 'CMD', argv: ['node', 'dist/server.js'] }, 'CMD ["node","dist/server.js"]'],
    [{ kind: 'ENTRYPOINT', argv: ['tini', '--'] }, 'ENTRYPOINT ["tini","--"]'],
    [
      { kind: 'LABEL', labels: [['org.opencontainers.image.revision', { ref: 'GIT_REVISION' }]] },
      // biome-ignore lint/suspicious/noTemplateCurlyInString: Dockerfile variable syntax under test
      'LABEL org.opencontainers.image.revision="${GIT_REVISION}"',
    ],
    [{ kind: 'comment', text: 'one\ntwo\n\nfour' }, '# one\n# two\n#\n# four'],
    [{ kind: 'blank' }, ''],
  ])('%j', (ins, text) => {
    expect(renderInstruction(ins)).toBe(text);
  });

  it('JSON-encodes exec-form arguments, quotes and backslashes included', () => {
    const argv = ['node', '-e', `console.log("a\\b", 'c')`];
    const text = renderInstruction({ kind: 'CMD', argv });
    expect(JSON.parse(text.slice('CMD '.length))).toEqual(argv);
  });

  it.each([
    ['production', 'production'],
    ['', '""'],
    ['two words', '"two words"'],
    ['say "hi"', '"say \\"hi\\""'],
    ['$HOME', '"\\$HOME"'],
    ['C:\\x', '"C:\\\\x"'],
    ['a=b', '"a=b"'],
  ])('quoteValue(%j) → %s', (value, quoted) => {
    expect(quoteValue(value)).toBe(quoted);
  });

  it('parses ENV and LABEL values back to what was given', () => {
    // `$` is covered by the quoteValue table: dockerfile-ast keeps its escape, Docker does not.
    const values = ['plain', 'two words', 'say "hi"', 'back\\slash', "it's", 'a=b c'];
    const text = renderDockerfile({
      header: [],
      instructions: [
        { kind: 'FROM', image: 'scratch' },
        { kind: 'ENV', vars: values.map((v, i) => [`V${i}`, v] as const) },
      ],
    });
    const env = DockerfileParser.parse(text).getENVs()[0];
    const props = env?.getProperties() ?? [];
    expect(props.map((p) => p.getValue())).toEqual(values);
  });

  it.each<Instruction>([
    { kind: 'RUN', commands: ['echo a\nRUN evil'] },
    { kind: 'ENV', vars: [['A', 'x\ny']] },
    { kind: 'ENV', vars: [['BAD NAME', 'x']] },
    { kind: 'FROM', image: 'node:22 AS x' },
    { kind: 'USER', user: 'root root' },
    { kind: 'EXPOSE', port: 70000 },
    { kind: 'CMD', argv: [] },
    { kind: 'COPY', src: [], dest: '.' },
  ])('rejects a value that would change the file: %j', (ins) => {
    expect(() => renderInstruction(ins)).toThrow();
  });
});

describe('renderDockerfile', () => {
  it('puts the syntax directive first, then the header, a blank line, the body and one newline', () => {
    const text = renderDockerfile({
      syntax: 'docker/dockerfile:1',
      header: ['# Generated by shipready'],
      instructions: [
        { kind: 'FROM', image: 'node:22-bookworm-slim' },
        { kind: 'CMD', argv: ['node'] },
        { kind: 'blank' },
      ],
    });
    expect(text).toBe(
      '# syntax=docker/dockerfile:1\n# Generated by shipready\n\nFROM node:22-bookworm-slim\nCMD ["node"]\n',
    );
    expect(DockerfileParser.parse(text).getDirectives()[0]?.getName()).toBe('syntax');
  });

  it('refuses header lines that are not comments', () => {
    expect(() => renderDockerfile({ header: ['FROM evil'], instructions: [] })).toThrow();
  });
});
