import { describe, expect, it } from 'vitest';
import { parseProcfile } from './procfile.js';
import { matchProcfile, procfileBinary } from './procfile-binary.js';

const entry = (line: string) => parseProcfile(line)[0] as NonNullable<ReturnType<typeof parseProcfile>[0]>;

describe('procfileBinary', () => {
  it.each([
    ['web: bin/server', 'bin/server', './bin/server', 'server', null],
    [
      'web: ./target/release/api --port 8080',
      'target/release/api',
      './target/release/api --port 8080',
      'api',
      8080,
    ],
    ['web: shop -p 5000', 'bin/shop', './bin/shop -p 5000', 'shop', 5000],
    ['web: RUST_LOG=info exec ./bin/app', 'bin/app', './bin/app', 'app', null],
  ])('%s', (line, output, start, program, port) => {
    expect(procfileBinary('Procfile', entry(line))).toMatchObject({ output, start, program, port });
  });

  it.each([
    ['web: go run .'],
    ['web: ./bin/a && ./bin/b'],
    ['web: /usr/local/bin/app'],
    ['web: ../x'],
    ['web: $HOME/app'],
  ])('%s: not a binary of this service', (line) => {
    expect(procfileBinary('Procfile', entry(line))).toBeNull();
  });
});

describe('matchProcfile', () => {
  it('matches entries to binaries by name', () => {
    const m = matchProcfile('Procfile', parseProcfile('web: bin/api\nworker: bin/jobs\n'), [
      'api',
      'jobs',
      'cli',
    ]);
    expect([...m.entries()].map(([k, v]) => [k, v.entry.type])).toEqual([
      ['api', 'web'],
      ['jobs', 'worker'],
    ]);
  });

  it('a single binary takes the web entry whatever its file name', () => {
    const m = matchProcfile('Procfile', parseProcfile('release: bin/migrate\nweb: bin/server\n'), ['orders']);
    expect(m.get('orders')?.output).toBe('bin/server');
  });

  it('several binaries and no name match: none', () => {
    expect(matchProcfile('Procfile', parseProcfile('web: bin/x\n'), ['a', 'b']).size).toBe(0);
  });
});
