import { describe, expect, it } from 'vitest';
import { denoRunSegment, entryOf, portFlag, startFromTasks, stripWatch } from './commands.js';
import type { DenoConfig } from './deno-config.js';

const config = (tasks: Record<string, string>): DenoConfig => ({
  file: 'deno.json',
  dir: '.',
  text: '',
  name: null,
  tasks: Object.fromEntries(Object.entries(tasks).map(([k, v]) => [k, { command: v }])),
  imports: {},
  importsFile: {},
  hasExports: false,
  workspace: null,
});

describe('deno command helpers', () => {
  it.each([
    ['deno run -A dev.ts', 'dev.ts'],
    ['deno run --allow-net=0.0.0.0 --config deno.json ./src/main.ts --verbose', 'src/main.ts'],
    ['deno serve --port 4000 main.ts', 'main.ts'],
    ['deno task start', null],
  ])('entryOf(%s) = %s', (cmd, entry) => {
    expect(entryOf(cmd)).toBe(entry);
  });

  it('takes the last deno run of a chain and strips watch flags', () => {
    expect(denoRunSegment('deno task build && deno run -A main.ts')).toBe('deno run -A main.ts');
    expect(denoRunSegment('vite build')).toBeNull();
    expect(stripWatch('deno run --watch=static/,routes/ -A dev.ts')).toEqual({
      cmd: 'deno run -A dev.ts',
      stripped: true,
    });
    expect(portFlag('deno serve --port=8081 main.ts')).toBe(8081);
  });

  it('does not loop on tasks that reference each other', () => {
    const r = startFromTasks(config({ start: 'deno task a', a: 'deno task start' }));
    expect(r.start).toBeNull();
  });
});
