import { describe, expect, it } from 'vitest';
import { splitShellCommands } from './shell.js';

const argvs = (text: string): string[][] => splitShellCommands(text).map((c) => c.argv);

describe('splitShellCommands', () => {
  it.each([
    [
      'npm ci && npm run build',
      [
        ['npm', 'ci'],
        ['npm', 'run', 'build'],
      ],
    ],
    ['a || b; c | d & e', [['a'], ['b'], ['c'], ['d'], ['e']]],
    ['echo "a && b" \'c; d\'', [['echo', 'a && b', 'c; d']]],
    ['NODE_ENV=production npm install', [['npm', 'install']]],
    ['if [ -f x ]; then npm install; fi', [['[', '-f', 'x', ']'], ['npm', 'install'], ['fi']]],
    ['sudo env CI=1 yarn', [['yarn']]],
    ['npm install > /dev/null 2>&1', [['npm', 'install']]],
    ['echo $(npm install && x) done', [['echo', '$(npm install && x)', 'done']]],
    [
      '(cd app && npm i)',
      [
        ['cd', 'app'],
        ['npm', 'i'],
      ],
    ],
    ['a \\\n  b', [['a', 'b']]],
    ['# npm install\nnpm ci', [['npm', 'ci']]],
    ['echo a#b', [['echo', 'a#b']]],
    ['echo "x\\"y"', [['echo', 'x"y']]],
  ])('%j', (text, expected) => {
    expect(argvs(text)).toEqual(expected);
  });

  it('gives each command the line it starts on', () => {
    const cmds = splitShellCommands('apt-get update\nnpm ci\n\n  yarn install');
    expect(cmds.map((c) => [c.argv[0], c.line])).toEqual([
      ['apt-get', 1],
      ['npm', 2],
      ['yarn', 4],
    ]);
  });

  it('uses a provided line table (continuations joined by the Dockerfile parser)', () => {
    const text = 'a && b';
    const lines = [3, 3, 3, 3, 3, 7];
    expect(splitShellCommands({ text, lines }).map((c) => c.line)).toEqual([3, 7]);
  });

  it('survives unterminated quotes', () => {
    expect(argvs("echo 'oops")).toEqual([['echo', 'oops']]);
  });
});
