#!/usr/bin/env node
import { select } from '@inquirer/prompts';
import { runCli } from './program.js';

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
