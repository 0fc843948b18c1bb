#!/usr/bin/env node
import { select } from '@inquirer/prompts';
import { runCli } from './program.js';

// `shipready scan | head` closes the pipe early: stop quietly, like other Unix tools.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

const code = await runCli(
  process.argv.slice(2),
  {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    env: process.env,
    interactive: Boolean(process.stdin.isTTY && process.stdout.isTTY),
    colorTerminal: Boolean(process.stdout.isTTY),
    cwd: process.cwd(),
  },
  {
    prompt: (axis, values, fallback) =>
      select({
        message: `Choose ${axis}`,
        choices: values.map((v) => ({ value: v, name: v })),
        default: fallback,
      }),
  },
);
process.exitCode = code;
