import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parsePatch } from 'diff';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Artifact } from '../generators/types.js';
import { apply } from './apply.js';
import { renderDiff } from './diff.js';
import { plan } from './plan.js';

let root: string;
beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'shipready-diff-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function art(p: string, content: string, ownership: Artifact['ownership'] = 'managed'): Artifact {
  return { path: p, content, format: 'text', generator: 'test-gen', ownership };
}

describe('renderDiff', () => {
  it('shows a new file as /dev/null → b/path with every line added', () => {
    const out = renderDiff(plan(root, [art('k8s/app.yaml', 'kind: Deployment\nreplicas: 2\n')]));
    expect(out).toBe('--- /dev/null\n+++ b/k8s/app.yaml\n@@ -0,0 +1,2 @@\n+kind: Deployment\n+replicas: 2\n');
  });

  it('shows an update with a/ and b/ headers and the changed lines', () => {
    apply(plan(root, [art('Dockerfile', 'FROM node:20\nUSER node\n')]));
    const out = renderDiff(plan(root, [art('Dockerfile', 'FROM node:22\nUSER node\n')]));
    expect(out).toContain('--- a/Dockerfile\n+++ b/Dockerfile\n');
    expect(out).toContain('\n-FROM node:20\n+FROM node:22\n USER node\n');
  });

  it('shows what --force would change for a conflict, and nothing for identical or skip', () => {
    mkdirSync(path.join(root, 'docs'));
    writeFileSync(path.join(root, 'Dockerfile'), 'FROM mine\n');
    writeFileSync(path.join(root, 'same.txt'), 'same\n');
    writeFileSync(path.join(root, 'docs', 'DEPLOY.md'), '# mine\n');
    const p = plan(root, [
      art('Dockerfile', 'FROM ours\n'),
      art('same.txt', 'same\n'),
      art('docs/DEPLOY.md', '# ours\n', 'scaffold'),
    ]);
    expect(p.files.map((f) => f.action)).toEqual(['conflict', 'skip', 'identical']);
    const out = renderDiff(p);
    expect(out).toContain('--- a/Dockerfile\n+++ b/Dockerfile\n@@ -1,1 +1,1 @@\n-FROM mine\n+FROM ours\n');
    expect(out).not.toContain('same.txt');
    expect(out).not.toContain('DEPLOY.md');
  });

  it('is empty when nothing would change', () => {
    writeFileSync(path.join(root, 'a'), 'x');
    expect(renderDiff(plan(root, [art('a', 'x')]))).toBe('');
  });

  it('concatenates patches that parse back as one multi-file patch, in path order', () => {
    const out = renderDiff(plan(root, [art('b.txt', 'b\n'), art('a.txt', 'a\n')]));
    expect(parsePatch(out).map((f) => f.newFileName)).toEqual(['b/a.txt', 'b/b.txt']);
  });

  it('adds ANSI red and green to removed and added lines only when asked', () => {
    writeFileSync(path.join(root, 'f'), 'old\n');
    const p = plan(root, [art('f', 'new\n')]);
    const plain = renderDiff(p);
    expect(plain).not.toContain('\u001b[');
    const colored = renderDiff(p, { color: true });
    expect(colored).toContain('\u001b[31m-old\u001b[0m');
    expect(colored).toContain('\u001b[32m+new\u001b[0m');
    // Headers are not coloured as removals/additions.
    expect(colored).not.toContain('\u001b[31m--- a/f');
    expect(colored).not.toContain('\u001b[32m+++ b/f');
    // Stripping the colour gives back the plain diff.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: matching ANSI escapes
    expect(colored.replace(/\u001b\[\d+m/g, '')).toBe(plain);
  });
});
