import type { Service } from '../../model/service.js';
import type { Instruction } from '../../render/dockerfile.js';

/** Where the app lives in every stage. */
export const APP_DIR = '/app';

/** Inline audit suppression (`# shipready-ignore <rule-id> -- reason`) for the HEALTHCHECK rule. */
export const HEALTHCHECK_SUPPRESSION = 'shipready-ignore dockerfile/healthcheck';

export const HEALTHCHECK_TIMING = {
  interval: '30s',
  timeout: '5s',
  startPeriod: '10s',
  retries: 3,
} as const;

/** A uid:gid that is not root, by number so Kubernetes `runAsNonRoot` can verify it. */
export const APP_USER = '10001:10001';

/**
 * Static files are served by nginx running as uid 101 on port 8080 (no root needed to bind).
 * @see https://github.com/nginxinc/docker-nginx-unprivileged
 */
export const STATIC_IMAGE = 'nginxinc/nginx-unprivileged:1.27-alpine';
export const STATIC_PORT = 8080;
export const STATIC_USER = '101:101';

/** OCI labels with the source and revision passed as build arguments. */
export function ociLabels(service: Service): Instruction[] {
  return [
    {
      kind: 'comment',
      text: 'Pass --build-arg GIT_REVISION=$(git rev-parse HEAD) --build-arg SOURCE_URL=<repo URL>.',
    },
    { kind: 'ARG', name: 'GIT_REVISION', default: 'unknown' },
    { kind: 'ARG', name: 'SOURCE_URL', default: '' },
    {
      kind: 'LABEL',
      labels: [
        ['org.opencontainers.image.title', service.name],
        ['org.opencontainers.image.source', { ref: 'SOURCE_URL' }],
        ['org.opencontainers.image.revision', { ref: 'GIT_REVISION' }],
      ],
    },
  ];
}

/** The reasoned suppression comment the audit reads when a final stage has no HEALTHCHECK. */
export function noHealthcheckComment(reason: string): Instruction {
  return { kind: 'comment', text: `${HEALTHCHECK_SUPPRESSION} -- no HEALTHCHECK: ${reason}.` };
}

/** Why a service image has no HEALTHCHECK when the runtime could run one, or null when it gets one. */
export function missingHealthReason(service: Service): string | null {
  if (service.port === null) {
    return 'no HTTP port was detected, so there is nothing to probe; the platform restarts the container if the process exits';
  }
  if (service.healthPath === null) {
    return `no health endpoint was detected; add one (e.g. GET /health returning 200) and set healthPath for "${service.name}" in shipready.config.yaml`;
  }
  return null;
}

/** One commented group of .dockerignore patterns. */
export interface IgnoreGroup {
  why: string;
  patterns: readonly string[];
}

/** Groups every .dockerignore starts with, whatever the language. */
export const COMMON_IGNORE_GROUPS: readonly IgnoreGroup[] = [
  { why: 'Version control and shipready state', patterns: ['.git', '.gitignore', '.shipready'] },
  {
    why: 'Secrets never enter the build context; provide them at run time',
    patterns: ['**/.env', '**/.env.*', '!**/.env.example', '**/*.pem', '**/*.key'],
  },
  {
    why: 'Container and compose files',
    // At any depth: a workspace member's own Dockerfile lies inside the workspace build context.
    patterns: [
      '**/Dockerfile*',
      '**/*.Dockerfile',
      '**/Containerfile*',
      '**/*.Containerfile',
      '.dockerignore',
      '.containerignore',
      'compose.yaml',
      'compose.yml',
      'compose.*.yaml',
      'compose.*.yml',
      'docker-compose*.yaml',
      'docker-compose*.yml',
    ],
  },
  { why: 'Editors and OS files', patterns: ['.vscode', '.idea', '*.swp', '.DS_Store', 'Thumbs.db'] },
];

/** Renders groups as .dockerignore lines: a `# why` comment per group, blank lines between. */
export function ignoreLines(groups: readonly IgnoreGroup[]): string[] {
  const lines: string[] = [];
  for (const g of groups) {
    if (g.patterns.length === 0) continue;
    if (lines.length > 0) lines.push('');
    lines.push(`# ${g.why}`, ...g.patterns);
  }
  return lines;
}

/**
 * The runtime stage of a static site: unprivileged nginx serving `src` (a path in the build stage
 * `from`, or in the build context when `from` is absent).
 */
export function nginxRuntime(
  service: Service,
  src: { from?: string; path: string },
  outputDir: string,
  buildArgs: string[] = [],
): ImagePlanParts {
  const cmd = ['nginx', '-g', 'daemon off;'];
  const instructions: Instruction[] = [
    { kind: 'comment', text: `runtime: nginx (uid 101, port ${STATIC_PORT}) serving ${outputDir}/.` },
    {
      kind: 'comment',
      text: 'Client-side routes need `try_files $uri /index.html;` in an nginx.conf of your own.',
    },
    { kind: 'FROM', image: STATIC_IMAGE, as: 'runtime' },
    {
      kind: 'COPY',
      ...(src.from ? { from: src.from } : {}),
      src: [src.path],
      dest: '/usr/share/nginx/html/',
    },
    { kind: 'USER', user: STATIC_USER },
    { kind: 'EXPOSE', port: STATIC_PORT },
    {
      kind: 'HEALTHCHECK',
      cmd: ['wget', '-q', '-O', '/dev/null', `http://127.0.0.1:${STATIC_PORT}/`],
      ...HEALTHCHECK_TIMING,
    },
    ...ociLabels(service),
    { kind: 'CMD', argv: cmd },
  ];
  return {
    instructions,
    runtime: {
      port: STATIC_PORT,
      healthPath: '/',
      user: STATIC_USER,
      baseImage: STATIC_IMAGE,
      cmd,
      noHealthcheckReason: null,
      buildArgs,
      runtimeEnv: false,
      copiedDirs: [outputDir],
    },
  };
}

import type { ImagePlan as ImagePlanParts } from './stack.js';
