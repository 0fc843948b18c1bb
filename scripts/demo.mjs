// The README's main job: run shipready on a copy of the bundled example in a temp folder and show
// what it found and wrote. Usage: npm run demo [-- <example-name>]
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const example = process.argv[2] ?? 'node-api';
const src = path.join(repo, 'examples', example);
const work = path.join(mkdtempSync(path.join(tmpdir(), 'shipready-demo-')), example);
cpSync(src, work, { recursive: true, filter: (p) => !/[/\\](node_modules|dist)$/.test(p) });

const cli = path.join(repo, 'dist', 'cli', 'main.js');
const run = (args, { allowFail = false } = {}) => {
  console.log(`\n$ shipready ${args.join(' ')}`);
  try {
    process.stdout.write(
      execFileSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...process.env, CI: '1' } }),
    );
  } catch (e) {
    process.stdout.write(e.stdout ?? '');
    process.stderr.write(e.stderr ?? '');
    if (!allowFail) process.exit(e.status ?? 1);
  }
};

console.log(`Copied examples/${example} to ${work}`);
run(['scan', work]);
run(['init', work, '--yes']);
run(['init', work, '--yes']); // second run: nothing to change
run(['audit', work]);

for (const file of ['Dockerfile', '.dockerignore']) {
  console.log(`\n----- ${file} -----`);
  process.stdout.write(readFileSync(path.join(work, file), 'utf8'));
}
console.log(`\nThe deployment setup guide is at ${path.join(work, 'deployment_setup_guide.md')}`);
