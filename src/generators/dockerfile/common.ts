import path from 'node:path';
import type { Service } from '../../model/service.js';
import { splitCommand } from '../../render/argv.js';
import type { CacheMount, Instruction } from '../../render/dockerfile.js';
import type { ImagePlan } from './stack.js';

/** A folder of the service as a clean relative path (`./public/` → `public`, `` → `.`). */
export function cleanDir(dir: string): string {
  const n = path.posix.normalize(dir.replace(/\\/g, '/')).replace(/\/+$/, '');
  return n === '' ? '.' : n;
}

/** Repo-relative POSIX folder of a service, `.` for the root. */
export function serviceDir(service: Service): string {
  return cleanDir(service.path);
}

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
): ImagePlan {
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

/** Name of the account created for APP_USER, so tools that look the user up find one. */
export const APP_USER_NAME = 'app';

/**
 * APT caches kept between builds instead of in a layer; `locked` because apt cannot share them.
 * @see https://docs.docker.com/build/cache/optimize/#use-cache-mounts
 */
export const APT_CACHE_MOUNTS: readonly CacheMount[] = [
  { type: 'cache', target: '/var/cache/apt', sharing: 'locked' },
  { type: 'cache', target: '/var/lib/apt/lists', sharing: 'locked' },
];

/** `apt-get install` of Debian packages, the package lists and downloads in cache mounts. */
export function aptInstall(packages: readonly string[]): Instruction {
  return {
    kind: 'RUN',
    mounts: APT_CACHE_MOUNTS,
    commands: [
      'apt-get update',
      `apt-get install -y --no-install-recommends ${[...new Set(packages)].sort().join(' ')}`,
    ],
  };
}

/**
 * Creates the APP_USER account (uid/gid 10001, no login shell). Its home is /tmp: with a read-only
 * root filesystem that is the one place a tool writing to `$HOME` can write.
 */
export function createAppUser(): string {
  const [uid, gid] = APP_USER.split(':');
  return `groupadd --system --gid ${gid} ${APP_USER_NAME} && useradd --system --uid ${uid} --gid ${gid} --home-dir /tmp --no-create-home --shell /usr/sbin/nologin ${APP_USER_NAME}`;
}

/**
 * The lockfile named by the service's (non-weak) evidence, relative to the service folder; `missing`
 * when none is named, or a problem when it lies outside the build context.
 */
export function lockfileFromEvidence(
  service: Service,
  names: readonly string[],
): { lockfile: string } | { missing: true } | { problem: string } {
  const dir = path.posix.normalize(service.path).replace(/\/+$/, '');
  const found = [...(service.evidence.packageManager ?? []), ...(service.evidence.install ?? [])].find(
    (e) => e.confidence !== 'weak' && names.includes(path.posix.basename(e.file)),
  );
  if (!found) return { missing: true };
  const rel = dir === '.' ? found.file : path.posix.relative(dir, found.file);
  if (rel.includes('/')) {
    return {
      problem: `its lockfile ${found.file} is outside the service folder, and the image is built from ${dir}; build it from that folder with a Dockerfile of your own`,
    };
  }
  return { lockfile: rel };
}

/** argv for CMD: the command split without a shell, else `sh -c` (still exec form). */
export function execArgv(command: string): string[] {
  return splitCommand(command) ?? ['sh', '-c', command];
}

/** argv of a command, or null when it needs a shell. */
export function argvOf(command: string | null): string[] | null {
  return command === null ? null : splitCommand(command);
}

/** Comment about PID 1 in exec form, shared wording. */
export function execComment(process: string, handlesSigterm: boolean): Instruction {
  return {
    kind: 'comment',
    text: handlesSigterm
      ? `Exec form: ${process} is PID 1 and receives SIGTERM directly; run with --init (compose: init: true) to reap zombie child processes.`
      : `Exec form: ${process} is PID 1; a PID 1 without a SIGTERM handler ignores SIGTERM, so run with --init (compose: init: true) unless the app handles it.`,
  };
}

/** What the final stage says about health: a HEALTHCHECK, or a reasoned audit suppression. */
export interface HealthPlan {
  /** Goes right before FROM of the final stage (the audit reads it there), or nothing. */
  beforeFrom: Instruction[];
  /** The HEALTHCHECK instruction, or nothing. */
  healthcheck: Instruction[];
  healthPath: string | null;
  noHealthcheckReason: string | null;
}

/**
 * The HEALTHCHECK for a service: `probe(url)` gives the argv of a tool the runtime image has, or
 * `probe` is null and `noToolReason` says why the image cannot run one.
 */
export function healthPlan(
  service: Service,
  probe: ((url: string) => string[]) | null,
  noToolReason: string,
): HealthPlan {
  const missing = missingHealthReason(service);
  const reason =
    missing ??
    (probe === null
      ? `${noToolReason}; probe GET ${service.healthPath} on port ${service.port} from compose or Kubernetes instead`
      : null);
  if (reason !== null) {
    return {
      beforeFrom: [noHealthcheckComment(reason)],
      healthcheck: [],
      healthPath: null,
      noHealthcheckReason: reason,
    };
  }
  const url = `http://127.0.0.1:${service.port}${service.healthPath}`;
  return {
    beforeFrom: [],
    healthcheck: [
      { kind: 'HEALTHCHECK', cmd: (probe as (u: string) => string[])(url), ...HEALTHCHECK_TIMING },
    ],
    healthPath: service.healthPath,
    noHealthcheckReason: null,
  };
}

/** `curl` probe for images that ship it (Eclipse Temurin on Ubuntu installs curl and wget). */
export function curlProbe(url: string): string[] {
  return ['curl', '--fail', '--silent', '--show-error', '--output', '/dev/null', url];
}

/**
 * Build-time ARGs for a static site's public settings (compiled into files every visitor
 * downloads), and a note naming the secret-looking ones that are left out.
 */
export function staticBuildArgs(service: Service): { instructions: Instruction[]; names: string[] } {
  const env = [...service.env].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const instructions: Instruction[] = [];
  const names: string[] = [];
  const publicVars = env.filter((v) => !v.secret);
  const secretVars = env.filter((v) => v.secret);
  if (publicVars.length > 0) {
    instructions.push({
      kind: 'comment',
      text: 'Build-time settings: compiled into files every visitor downloads, so never secrets.',
    });
    for (const v of publicVars) {
      instructions.push({ kind: 'ARG', name: v.name, ...(v.default !== null ? { default: v.default } : {}) });
      names.push(v.name);
    }
  }
  if (secretVars.length > 0) {
    instructions.push({
      kind: 'comment',
      text: `Not passed, as they look secret and the output is public: ${secretVars.map((v) => v.name).join(', ')}.`,
    });
  }
  return { instructions, names };
}
