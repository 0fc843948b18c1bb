import { describe, expect, it } from 'vitest';
import { splitCommand } from './argv.js';

describe('splitCommand', () => {
  it.each([
    ['node dist/server.js', ['node', 'dist/server.js']],
    ['  node   --enable-source-maps\tdist/main.js  ', ['node', '--enable-source-maps', 'dist/main.js']],
    [`node -e 'console.log(1 && 2)'`, ['node', '-e', 'console.log(1 && 2)']],
    ['node "my server.js"', ['node', 'my server.js']],
    ['node "say \\"hi\\""', ['node', 'say "hi"']],
    ['node "a\\nb"', ['node', 'a\\nb']],
    ['node my\\ server.js', ['node', 'my server.js']],
    [`node 'it'"'"'s'`, ['node', "it's"]],
    [`node ''`, ['node', '']],
    ['node a#b', ['node', 'a#b']],
    ['npm start', ['npm', 'start']],
    ['node --port=3000 x.js', ['node', '--port=3000', 'x.js']],
  ])('%s', (cmd, argv) => {
    expect(splitCommand(cmd)).toEqual(argv);
  });

  it.each([
    ['node a.js && node b.js'],
    ['node a.js || true'],
    ['node a.js | tee log'],
    ['node a.js; echo done'],
    ['node a.js &'],
    ['node a.js > out.log'],
    ['node a.js 2>&1'],
    ['node < in.txt'],
    ['node $ENTRY'],
    ['node ${ENTRY}'],
    ['node "$ENTRY"'],
    ['node $(cat entry)'],
    ['node `cat entry`'],
    ['node "`cat entry`"'],
    ['NODE_ENV=production node a.js'],
    ['node dist/*.js'],
    ['node ~/a.js'],
    ['node a.js # comment'],
    ['(node a.js)'],
    ['node a.js\nnode b.js'],
    ["node 'unterminated"],
    ['node "unterminated'],
    ['node a.js \\'],
    [''],
    ['   '],
  ])('needs a shell: %j', (cmd) => {
    expect(splitCommand(cmd)).toBeNull();
  });
});
