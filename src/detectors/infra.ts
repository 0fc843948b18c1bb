import path from 'node:path';
import type { InfraFile, InfraKind } from '../model/project.js';
import type { RepoFs } from '../repo/repo-fs.js';
import { isTestData } from './paths.js';
import type { InfraDetector } from './types.js';

/** YAML files larger than this are not opened to look for Kubernetes manifests. */
export const MAX_MANIFEST_BYTES = 256 * 1024;

export interface InfraRule {
  kind: InfraKind;
  /** Matches the repo-relative path (POSIX). */
  test: (file: string, base: string) => boolean;
}

/** Infra files recognised by name alone, checked in order (a file gets the first kind that matches). */
export const INFRA_RULES: readonly InfraRule[] = [
  {
    kind: 'dockerfile',
    test: (_f, b) =>
      b === 'Dockerfile' ||
      b === 'Containerfile' ||
      b.endsWith('.Dockerfile') ||
      b.endsWith('.dockerfile') ||
      (/^(Dockerfile|Containerfile)\./.test(b) && !/\.(dockerignore|md|txt)$/.test(b)),
  },
  { kind: 'dockerignore', test: (_f, b) => b === '.dockerignore' || b.endsWith('.dockerignore') },
  {
    kind: 'compose',
    test: (_f, b) => /^(docker-)?compose(\.[\w.-]+)?\.ya?ml$/.test(b),
  },
  { kind: 'helm', test: (_f, b) => b === 'Chart.yaml' },
  { kind: 'kustomize', test: (_f, b) => /^kustomization\.ya?ml$/.test(b) || b === 'Kustomization' },
  { kind: 'terraform', test: (_f, b) => b.endsWith('.tf') || b.endsWith('.tf.json') },
  { kind: 'github-actions', test: (f) => /^(.+\/)?\.github\/workflows\/[^/]+\.ya?ml$/.test(f) },
  { kind: 'gitlab-ci', test: (_f, b) => b === '.gitlab-ci.yml' || b === '.gitlab-ci.yaml' },
  { kind: 'circleci', test: (f) => /^(.+\/)?\.circleci\/config\.ya?ml$/.test(f) },
  { kind: 'procfile', test: (_f, b) => b === 'Procfile' },
  { kind: 'fly', test: (_f, b) => b === 'fly.toml' },
  { kind: 'render', test: (_f, b) => b === 'render.yaml' || b === 'render.yml' },
  { kind: 'shipready-config', test: (_f, b) => /^shipready\.config\.ya?ml$/.test(b) },
];

/** True for YAML text with `apiVersion:` and `kind:` at the start of a line (a Kubernetes object). */
export function looksLikeKubernetes(text: string): boolean {
  return /^apiVersion:/m.test(text) && /^kind:/m.test(text);
}

/**
 * Existing infrastructure files, sorted by path. Names decide most kinds; other YAML files are
 * opened (up to {@link MAX_MANIFEST_BYTES}) to spot Kubernetes manifests, skipping `.github/` and
 * the contents of Helm charts (the chart is listed as `helm`). Test data (fixtures, snapshots) is skipped.
 */
export const detectInfra: InfraDetector = (fs: RepoFs): InfraFile[] => {
  const out: InfraFile[] = [];
  const files = fs.files();
  const chartDirs = files
    .filter((f) => f === 'Chart.yaml' || f.endsWith('/Chart.yaml'))
    .map((f) => path.posix.dirname(f));
  for (const file of files) {
    if (isTestData(file)) continue;
    const base = path.posix.basename(file);
    const rule = INFRA_RULES.find((r) => r.test(file, base));
    if (rule) {
      out.push({ kind: rule.kind, path: file });
      continue;
    }
    if (!/\.ya?ml$/.test(base)) continue;
    if (file.split('/').includes('.github')) continue;
    if (chartDirs.some((d) => d === '.' || file.startsWith(`${d}/`))) continue;
    const r = fs.readText(file);
    if (!r.ok || Buffer.byteLength(r.text, 'utf8') > MAX_MANIFEST_BYTES) continue;
    if (looksLikeKubernetes(r.text)) out.push({ kind: 'kubernetes', path: file });
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
};
