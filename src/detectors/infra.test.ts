import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DiskRepoFs, MemoryRepoFs } from '../repo/repo-fs.js';
import { detectInfra, looksLikeKubernetes, MAX_MANIFEST_BYTES } from './infra.js';

const FIXTURES = fileURLToPath(new URL('../../test/fixtures/repos/', import.meta.url));
const K8S = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: api\n';

describe('detectInfra', () => {
  it.each([
    ['Dockerfile', 'dockerfile'],
    ['Containerfile', 'dockerfile'],
    ['api/Dockerfile', 'dockerfile'],
    ['docker/api.Dockerfile', 'dockerfile'],
    ['Dockerfile.prod', 'dockerfile'],
    ['.dockerignore', 'dockerignore'],
    ['compose.yaml', 'compose'],
    ['compose.yml', 'compose'],
    ['docker-compose.yml', 'compose'],
    ['docker-compose.yaml', 'compose'],
    ['docker-compose.override.yml', 'compose'],
    ['docker-compose.prod.yml', 'compose'],
    ['charts/api/Chart.yaml', 'helm'],
    ['k8s/kustomization.yaml', 'kustomize'],
    ['infra/main.tf', 'terraform'],
    ['.github/workflows/ci.yml', 'github-actions'],
    ['.github/workflows/deploy.yaml', 'github-actions'],
    ['.gitlab-ci.yml', 'gitlab-ci'],
    ['.circleci/config.yml', 'circleci'],
    ['Procfile', 'procfile'],
    ['fly.toml', 'fly'],
    ['render.yaml', 'render'],
    ['shipready.config.yaml', 'shipready-config'],
    ['shipready.config.yml', 'shipready-config'],
  ])('%s → %s', (path, kind) => {
    expect(detectInfra(new MemoryRepoFs({ [path]: '' }))).toEqual([{ kind, path }]);
  });

  it.each([
    ['README.md'],
    ['Dockerfile.md'],
    ['src/dockerfile.ts'],
    ['.github/dependabot.yml'],
    ['.github/workflows/nested/x.yml'],
    ['config.yaml'],
  ])('not infra: %s', (path) => {
    expect(detectInfra(new MemoryRepoFs({ [path]: 'a: 1\n' }))).toEqual([]);
  });

  it('finds Kubernetes manifests by content, not under .github or inside Helm charts', () => {
    const fs = new MemoryRepoFs({
      'deploy/api.yaml': K8S,
      'deploy/multi.yml': `---\n${K8S}---\n${K8S}`,
      'deploy/values.yaml': 'replicas: 2\n',
      'deploy/indented.yaml': 'spec:\n  apiVersion: v1\n  kind: X\n',
      '.github/k8s.yaml': K8S,
      'charts/api/Chart.yaml': 'apiVersion: v2\nname: api\n',
      'charts/api/templates/deployment.yaml': K8S,
      'deploy/unreadable.yaml': null,
    });
    expect(detectInfra(fs)).toEqual([
      { kind: 'helm', path: 'charts/api/Chart.yaml' },
      { kind: 'kubernetes', path: 'deploy/api.yaml' },
      { kind: 'kubernetes', path: 'deploy/multi.yml' },
    ]);
  });

  it("skips test data: fixtures and snapshots are not the repo's infra", () => {
    const fs = new MemoryRepoFs({
      'test/fixtures/app/Dockerfile': '',
      'src/__snapshots__/x.Dockerfile': '',
      'testdata/k8s.yaml': K8S,
      Dockerfile: '',
    });
    expect(detectInfra(fs)).toEqual([{ kind: 'dockerfile', path: 'Dockerfile' }]);
  });

  it('skips YAML files over the size cap', () => {
    const big = K8S + '#'.repeat(MAX_MANIFEST_BYTES);
    expect(detectInfra(new MemoryRepoFs({ 'big.yaml': big }))).toEqual([]);
  });

  it('sorts by path', () => {
    const fs = new MemoryRepoFs({ 'z/Dockerfile': '', Procfile: '', 'a/fly.toml': '' });
    expect(detectInfra(fs).map((f) => f.path)).toEqual(['Procfile', 'a/fly.toml', 'z/Dockerfile']);
  });

  it('lists the infra of fixture repos', () => {
    expect(detectInfra(new DiskRepoFs(`${FIXTURES}node-express-npm`))).toEqual([
      { kind: 'dockerignore', path: '.dockerignore' },
      { kind: 'dockerfile', path: 'Dockerfile' },
      { kind: 'compose', path: 'docker-compose.yml' },
    ]);
    expect(detectInfra(new DiskRepoFs(`${FIXTURES}node-monorepo`))).toEqual([
      { kind: 'github-actions', path: '.github/workflows/ci.yml' },
      { kind: 'kubernetes', path: 'deploy/k8s/api.yaml' },
    ]);
    expect(detectInfra(new DiskRepoFs(`${FIXTURES}not-node`))).toEqual([]);
  });
});

describe('looksLikeKubernetes', () => {
  it('needs both keys at line start', () => {
    expect(looksLikeKubernetes(K8S)).toBe(true);
    expect(looksLikeKubernetes('apiVersion: v1\n')).toBe(false);
    expect(looksLikeKubernetes(' apiVersion: v1\n kind: X\n')).toBe(false);
  });
});
