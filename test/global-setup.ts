import { execFileSync } from 'node:child_process';

/** Tests that spawn the real `shipready` binary need a fresh dist/: build once per test run. */
export default function setup(): void {
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
}
