import { DockerfileParser } from 'dockerfile-ast';
import { describe, expect, it } from 'vitest';
import { auditFiles } from '../../../audit/index.js';
import { generateAll } from '../../index.js';
import { makeChoices } from '../../test-helpers.js';
import { scanFixture } from './test-helpers.js';

/** Whole pipeline on real repos: scan → every generator → the audit over the Dockerfiles it wrote. */
describe.each([
  {
    repo: 'ruby-rails-postgres',
    files: ['blog-engine-sidekiq.Dockerfile', 'blog-engine.Dockerfile'],
    runtime: 'ruby:3.3-slim-bookworm',
  },
  { repo: 'php-laravel', files: ['helpdesk-horizon.Dockerfile', 'helpdesk.Dockerfile'], runtime: 'base' },
  { repo: 'elixir-phoenix', files: ['Dockerfile'], runtime: 'debian:bookworm-20240513-slim' },
])('generateAll on $repo', ({ repo, files, runtime }) => {
  const artifacts = generateAll(scanFixture(repo), makeChoices());
  const dockerfiles = artifacts.filter((a) => a.format === 'dockerfile');

  it('writes a Dockerfile per service and one .dockerignore', () => {
    expect(dockerfiles.map((a) => a.path)).toEqual(files);
    expect(artifacts.filter((a) => a.path === '.dockerignore')).toHaveLength(1);
  });

  it('builds a non-root runtime stage from a pinned image', () => {
    for (const a of dockerfiles) {
      const froms = DockerfileParser.parse(a.content).getFROMs();
      expect(froms.at(-1)?.getImage()).toBe(runtime);
      expect(froms.at(-1)?.getBuildStage()).toBe('runtime');
      expect(a.content).toMatch(/^USER 10001:10001$/m);
    }
  });

  it('passes the audit with no findings', () => {
    const result = auditFiles(dockerfiles.map((a) => ({ path: a.path, content: a.content })));
    expect(result.findings).toEqual([]);
  });
});
