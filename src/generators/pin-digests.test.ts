import { DockerfileParser } from 'dockerfile-ast';
import { describe, expect, it } from 'vitest';
import { pinImageDigests } from './pin-digests.js';
import type { Artifact } from './types.js';

const D1 = `sha256:${'a'.repeat(64)}`;
const D2 = `sha256:${'b'.repeat(64)}`;
const dockerfile = (content: string): Artifact => ({
  path: 'Dockerfile',
  content,
  format: 'dockerfile',
  generator: 'dockerfile',
  ownership: 'managed',
});

describe('pinImageDigests', () => {
  it('pins every FROM of a listed reference and leaves the rest', () => {
    const text = [
      '# FROM node:22-bookworm-slim in a comment stays',
      'FROM node:22-bookworm-slim AS deps',
      'RUN echo node:22-bookworm-slim',
      'FROM deps AS build',
      'FROM --platform=linux/amd64 gcr.io/distroless/static-debian12:nonroot AS runtime',
      'FROM node:22-bookworm-slim',
      '',
    ].join('\n');
    const r = pinImageDigests([dockerfile(text)], {
      'node:22-bookworm-slim': D1,
      'gcr.io/distroless/static-debian12:nonroot': D2,
      'python:3.12-slim': D1,
    });
    const out = r.artifacts[0]?.content ?? '';
    const froms = DockerfileParser.parse(out)
      .getFROMs()
      .map((f) => f.getImage());
    expect(froms).toEqual([
      `node:22-bookworm-slim@${D1}`,
      'deps',
      `gcr.io/distroless/static-debian12:nonroot@${D2}`,
      `node:22-bookworm-slim@${D1}`,
    ]);
    expect(out).toContain('# FROM node:22-bookworm-slim in a comment stays');
    expect(out).toContain('RUN echo node:22-bookworm-slim\n');
    expect(out).toContain(' AS deps');
    expect(r.unused).toEqual(['python:3.12-slim']);
  });

  it('never touches other formats or an already pinned reference', () => {
    const yaml: Artifact = {
      ...dockerfile('image: node:22-bookworm-slim\n'),
      path: 'x.yaml',
      format: 'yaml',
    };
    const pinned = dockerfile(`FROM node:22-bookworm-slim@${D2}\n`);
    const r = pinImageDigests([yaml, pinned], { 'node:22-bookworm-slim': D1 });
    expect(r.artifacts).toEqual([yaml, pinned]);
  });
});
