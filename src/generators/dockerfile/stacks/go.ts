import path from 'node:path';
import type { Service } from '../../../model/service.js';
import { splitCommand } from '../../../render/argv.js';
import type { CacheMount, Instruction } from '../../../render/dockerfile.js';
import { COMMON_IGNORE_GROUPS, execComment, healthPlan, ignoreLines, ociLabels } from '../common.js';
import type { ImagePlan, Stack, StackPlan } from '../stack.js';
import { evidenceFile } from './evidence-files.js';

/**
 * Go used when nothing names a version (a main.go without go.mod).
 * @see https://go.dev/doc/devel/release
 */
export const DEFAULT_GO_VERSION = '1.23';
/** Static binaries (CGO_ENABLED=0): no libc, no shell, CA certificates and tzdata only. */
export const GO_STATIC_IMAGE = 'gcr.io/distroless/static-debian12:nonroot';
/** cgo binaries link glibc dynamically: the distroless image that has it. */
export const GO_CGO_IMAGE = 'gcr.io/distroless/base-debian12:nonroot';
/** The distroless `nonroot` user, by number so Kubernetes `runAsNonRoot` can verify it. */
export const GO_USER = '65532:65532';
/** Where the build writes binaries, outside the source tree. */
const OUT_DIR = '/out';
/** Where the runtime keeps the binary (its working directory). */
const GO_APP_DIR = '/app';
const SRC_DIR = '/src';

/**
 * Module downloads and the build cache live in cache mounts, not layers.
 * @see https://docs.docker.com/build/cache/optimize/#use-cache-mounts
 */
const MOD_CACHE: CacheMount = { type: 'cache', target: '/go/pkg/mod' };
const BUILD_CACHE: CacheMount = { type: 'cache', target: '/root/.cache/go-build' };

/** `golang:<X.Y>-bookworm`: the full Debian toolchain image (gcc and libc headers for cgo). */
export function goImage(version: string): string {
  return `golang:${version}-bookworm`;
}

/** The `X.Y` of a Go version (`1.22.3` → `1.22`, `go1.23rc1` → `1.23`), or the default. */
export function goLineFor(languageVersion: string | null): string {
  const m = /^(?:go)?(\d+)\.(\d+)/.exec(languageVersion?.trim() ?? '');
  return m ? `${m[1]}.${m[2]}` : DEFAULT_GO_VERSION;
}

/** Go services: one static binary per main package, on distroless. */
export const goStack: Stack = {
  id: 'go',
  handles: (service) => service.language === 'go',
  plan: planGo,
  dockerignore: () =>
    ignoreLines([
      ...COMMON_IGNORE_GROUPS.slice(0, 1),
      {
        why: 'Binaries and test output are rebuilt inside the image (vendor/ stays: go build uses it)',
        patterns: ['bin', '*.exe', '*.test', '*.out', 'coverage.*'],
      },
      ...COMMON_IGNORE_GROUPS.slice(1),
    ]),
};

/** The build command with its `-o` pointed at /out/<name>; null when it is not a `go build -o …`. */
export function goBuildToOut(build: string, binary: string): string | null {
  if (!/(?:^|\s)go\s+build\s/.test(build)) return null;
  const out = `${OUT_DIR}/${binary}`;
  const re = /(\s-o[\s=]+)(\S+)/;
  if (!re.test(build)) return null;
  return build.replace(re, (_m, flag: string) => `${flag}${out}`);
}

function planGo(service: Service): StackPlan {
  const start = service.commands.start;
  const argv = start ? splitCommand(start) : null;
  if (!start || !argv) {
    return {
      skipped: start
        ? `the start command "${start}" needs a shell, and the distroless runtime has none: set commands.start to the binary and its arguments`
        : 'no start command was detected: set commands.start (e.g. "./bin/api") in shipready.config.yaml',
    };
  }
  const binaryPath = path.posix.normalize(argv[0] as string);
  if (binaryPath.startsWith('/') || binaryPath.startsWith('..') || !binaryPath.includes('/')) {
    return {
      skipped: `the start command runs "${argv[0]}", not a binary the build writes in the service folder: set commands.start to "./bin/<name>"`,
    };
  }
  const binary = path.posix.basename(binaryPath);
  const build =
    service.commands.build ?? `CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o ${binaryPath} .`;
  const rewritten = goBuildToOut(build, binary);
  if (rewritten === null) {
    return {
      skipped: `the build "${build}" is not a \`go build -o …\`: set commands.build to one, e.g. CGO_ENABLED=0 go build -o bin/${binary} ./cmd/${binary}`,
    };
  }
  return goImagePlan(service, rewritten, binary, argv.slice(1));
}

function goImagePlan(service: Service, build: string, binary: string, args: string[]): ImagePlan {
  const line = goLineFor(service.languageVersion);
  const cgo = /(?:^|\s)CGO_ENABLED=1\b/.test(build);
  const runtimeImage = cgo ? GO_CGO_IMAGE : GO_STATIC_IMAGE;
  const port = service.port;
  const modules = service.packageManager === 'go';
  const goSum = evidenceFile(service, ['go.sum'], ['install']);
  const workspace = (service.evidence.languageVersion ?? []).some(
    (e) => path.posix.basename(e.file) === 'go.work',
  );
  const cmd = [`${GO_APP_DIR}/${binary}`, ...args];

  // distroless has no tool to probe with: the platform probes from outside.
  const health = healthPlan(service, null, 'distroless has no shell or HTTP client to run a probe');

  const out: Instruction[] = [
    {
      kind: 'comment',
      text: `build: ${modules ? 'download the modules go.mod requires (cached until go.mod or go.sum change), then ' : ''}compile ${cgo ? 'with cgo (glibc, dynamically linked)' : 'a static binary (no cgo)'}.`,
    },
    { kind: 'FROM', image: goImage(line), as: 'build' },
    { kind: 'WORKDIR', path: SRC_DIR },
  ];
  if (workspace) {
    out.push({
      kind: 'comment',
      text: 'Built from this module folder without go.work: modules of the workspace it imports must be required (with a replace) in its go.mod.',
    });
  }
  if (modules) {
    out.push(
      { kind: 'COPY', src: ['go.mod', ...(goSum && 'file' in goSum ? [goSum.file] : [])], dest: './' },
      { kind: 'RUN', mounts: [MOD_CACHE], commands: ['go mod download'] },
    );
  }
  out.push(
    { kind: 'COPY', src: ['.'], dest: '.' },
    { kind: 'RUN', mounts: [MOD_CACHE, BUILD_CACHE], commands: [build] },
    { kind: 'blank' },
    {
      kind: 'comment',
      text: `runtime: distroless${cgo ? ' with glibc' : ''}, the binary only (no shell, no package manager), as uid 65532.`,
    },
    ...health.beforeFrom,
    { kind: 'FROM', image: runtimeImage, as: 'runtime' },
  );
  if (port !== null) out.push({ kind: 'ENV', vars: [['PORT', String(port)]] });
  out.push(
    { kind: 'WORKDIR', path: GO_APP_DIR },
    {
      kind: 'comment',
      text: 'Files the binary reads at run time (templates, migrations, static files) must be copied here too, or embedded with go:embed.',
    },
    { kind: 'COPY', from: 'build', src: [`${OUT_DIR}/${binary}`], dest: `${GO_APP_DIR}/${binary}` },
  );
  if (cgo) {
    out.push({
      kind: 'comment',
      text: 'Only glibc is here: a C library the binary links besides it (ImageMagick, librdkafka built shared) must be copied from the build stage.',
    });
  }
  out.push({ kind: 'USER', user: GO_USER });
  if (port !== null) out.push({ kind: 'EXPOSE', port });
  // The Go runtime exits on SIGTERM even as PID 1 (it installs its own handler).
  out.push(...ociLabels(service), execComment(`the ${binary} binary`, true), { kind: 'CMD', argv: cmd });

  return {
    instructions: out,
    runtime: {
      port,
      healthPath: health.healthPath,
      user: GO_USER,
      baseImage: runtimeImage,
      cmd,
      noHealthcheckReason: health.noHealthcheckReason,
      buildArgs: [],
      runtimeEnv: true,
      copiedDirs: null,
    },
  };
}
