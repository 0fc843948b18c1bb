import path from 'node:path';
import type { Diagnostic } from '../../model/diagnostic.js';
import type { Evidence } from '../../model/evidence.js';
import type { FactName, Service, ServiceKind } from '../../model/service.js';
import type { RepoFs } from '../../repo/repo-fs.js';
import { uniqueName } from '../dns-label.js';
import { ancestorDirs, dirOf, isTestData, isUnder, joinRel, relativeTo } from '../paths.js';
import {
  anyContent,
  bestHealth,
  bestMatch,
  dedupeDiagnostics,
  findMatches,
  isLoopback,
  readSources,
  type SourceFile,
  toPort,
} from '../shared/code-scan.js';
import { readProcfile } from '../shared/procfile.js';
import { matchProcfile, type ProcfileBinary } from '../shared/procfile-binary.js';
import { blankJsComments } from '../text.js';
import type { DetectContext, Detector, DetectResult } from '../types.js';
import { detectGoBacking } from './backing.js';
import { buildTarget, detectCgo, goBuildCommand } from './commands.js';
import { detectGoEnv } from './env.js';
import { detectGoFramework, frameworkImportRegex } from './frameworks.js';
import { type GoMod, type GoWork, parseGoWorkText, readGoMod } from './go-mod.js';
import { GO_HEALTH_PATTERNS } from './health.js';
import { findMainPackages, type GoBinary, isBuildableGoFile, isIgnoredBuild } from './main-packages.js';
import { GO_PORT_PATTERNS } from './port.js';
import { detectGoVersion } from './version.js';

/**
 * The Go detector: one service per main package (module root or `cmd/<name>/`) of every go.mod,
 * plus a root `main.go` without a go.mod. Commands run in the module folder; the build writes
 * `bin/<name>` there and start runs `./bin/<name>` (the same convention as the Rust detector).
 */
export const goDetector: Detector = {
  id: 'go',
  detect: detectGo,
};

/** Folders whose Go code is not part of the running service (test data, examples, hidden or `_` folders). */
const NON_SERVICE_DIRS = new Set(['testdata', 'examples', 'example', '_examples', 'test', 'tests', 'e2e']);

/** Code that starts a network server in a binary's own files. */
const SERVER_CALL = /\bhttp\.ListenAndServe(?:TLS)?\(|\bhttp\.Server\s*\{|\bnet\.Listen\(|\.ListenAndServe\(/;

function detectGo(ctx: DetectContext): DetectResult {
  const { fs } = ctx;
  const diagnostics: Diagnostic[] = [];
  const inScope = (f: string) => isUnder(f, ctx.dir) && !isTestData(f);
  const modFiles = fs.filesNamed('go.mod').filter(inScope);
  const modDirs = modFiles.map(dirOf);

  const works: GoWork[] = [];
  for (const file of fs.filesNamed('go.work').filter(inScope)) {
    const r = fs.readText(file);
    if (!r.ok) {
      diagnostics.push({
        severity: 'warning',
        file,
        message: `cannot read go.work (${r.reason}): ${r.message}`,
      });
      continue;
    }
    const parsed = parseGoWorkText(file, r.text);
    diagnostics.push(...parsed.diagnostics);
    works.push(parsed.work);
    for (const use of parsed.work.uses) {
      if (!fs.exists(joinRel(use.dir, 'go.mod'))) {
        diagnostics.push({
          severity: 'warning',
          file,
          line: use.line,
          message: `go.work uses ${use.dir}, which has no go.mod`,
          fix: `run \`go mod init\` in ${use.dir} or remove the use line`,
        });
      }
    }
  }

  const services: Service[] = [];
  for (const file of modFiles) {
    const dir = dirOf(file);
    const read = readGoMod(fs, file);
    diagnostics.push(...read.diagnostics);
    const work = nearestWork(works, dir);
    if (work && !work.uses.some((u) => u.dir === dir)) {
      diagnostics.push({
        severity: 'warning',
        file: work.file,
        message: `${file} is not listed in go.work, so go commands in ${dir} fail while the workspace is active`,
        fix: `add \`use ./${relativeTo(dir, work.dir)}\` to ${work.file}, or build with GOWORK=off`,
      });
    }
    const r = analyzeModule(fs, dir, read.mod, true, work, modDirs);
    services.push(...r.services);
    diagnostics.push(...r.diagnostics);
  }

  // A main.go without any go.mod above it (an old GOPATH-style app): still a Go service.
  const rootCovered = modDirs.some((d) => ancestorDirs(ctx.dir).includes(d));
  if (!rootCovered && fs.filesIn(ctx.dir).some(isBuildableGoFile)) {
    const r = analyzeModule(fs, ctx.dir, null, false, null, modDirs);
    services.push(...r.services);
    diagnostics.push(...r.diagnostics);
  }
  return { services, diagnostics: dedupeDiagnostics(diagnostics) };
}

function nearestWork(works: readonly GoWork[], dir: string): GoWork | null {
  for (const d of ancestorDirs(dir)) {
    const w = works.find((x) => x.dir === d);
    if (w) return w;
  }
  return null;
}

function isServiceCode(rel: string): boolean {
  const dirs = rel.split('/').slice(0, -1);
  return !dirs.some((d) => NON_SERVICE_DIRS.has(d) || d.startsWith('.') || d.startsWith('_'));
}

function analyzeModule(
  fs: RepoFs,
  dir: string,
  mod: GoMod | null,
  hasGoMod: boolean,
  work: GoWork | null,
  modDirs: readonly string[],
): { services: Service[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const goModFile = joinRel(dir, 'go.mod');
  const nested = modDirs.filter((d) => d !== dir && isUnder(d, dir));
  const goFiles = hasGoMod
    ? fs
        .files()
        .filter(
          (f) =>
            isUnder(f, dir) &&
            !nested.some((n) => isUnder(f, n)) &&
            isBuildableGoFile(f) &&
            isServiceCode(relativeTo(f, dir)),
        )
    : fs.filesIn(dir).filter(isBuildableGoFile);
  const raw = readSources(fs, goFiles, blankJsComments);
  diagnostics.push(...raw.diagnostics);
  // Files tagged `//go:build ignore` (generator scripts) are never part of the binary.
  const read = { sources: raw.sources.filter((s) => !isIgnoredBuild(s)) };
  const byPath = new Map(read.sources.map((s) => [s.path, s]));

  let binaries = findMainPackages(fs, dir, mod?.module ?? null, byPath, nested);
  if (!hasGoMod) binaries = binaries.filter((b) => b.relDir === '.');
  if (binaries.length === 0) {
    if (hasGoMod) {
      diagnostics.push({
        severity: 'info',
        file: goModFile,
        message:
          'no main package in the module root, cmd/<name>/ or a top-level folder: a library, not a service',
      });
    }
    return { services: [], diagnostics };
  }

  // Binary names must not collide: they share the module's bin/ folder.
  const taken = new Set<string>();
  binaries = binaries.map((b) => {
    const name = uniqueName(b.name, taken);
    taken.add(name);
    return { ...b, name };
  });

  const ownFiles = (b: GoBinary): SourceFile[] =>
    read.sources.filter((s) => (b.relDir === '.' ? dirOf(s.path) === dir : isUnder(s.path, b.dir)));
  const owned = new Set(binaries.flatMap((b) => ownFiles(b).map((s) => s.path)));
  const shared = read.sources.filter((s) => !owned.has(s.path));

  const procfile = readProcfile(fs, dir);
  if (procfile) diagnostics.push(...procfile.diagnostics);
  const byProcfile = procfile
    ? matchProcfile(
        procfile.file,
        procfile.entries,
        binaries.map((b) => b.name),
      )
    : new Map<string, ProcfileBinary>();

  // Several binaries and only one serves HTTP: the others are tools (migrations, CLIs), not services.
  const importsFramework = frameworkImportRegex();
  const serves = (b: GoBinary) =>
    ownFiles(b).some((s) => SERVER_CALL.test(s.code) || importsFramework.test(s.code));
  if (binaries.length > 1 && anyContent(read.sources)) {
    const serving = binaries.filter(serves);
    if (serving.length === 1) {
      for (const b of binaries) {
        if (b === serving[0] || byProcfile.has(b.name)) continue;
        diagnostics.push({
          severity: 'info',
          file: b.evidence.file,
          message: `${b.dir} builds a binary that starts no server; only ${serving[0]?.dir} does, so ${b.name} is treated as a tool, not a service`,
          fix: 'declare it as a service in shipready.config.yaml if it runs on its own',
        });
      }
      binaries = binaries.filter((b) => b === serving[0] || byProcfile.has(b.name));
    }
  }

  const version = detectGoVersion(fs, dir, mod, work);
  diagnostics.push(...version.diagnostics);

  const goSum = joinRel(dir, 'go.sum');
  if (hasGoMod && mod && mod.requires.length > 0 && !fs.exists(goSum)) {
    diagnostics.push({
      severity: 'warning',
      file: goModFile,
      message: 'go.mod has requirements but there is no go.sum: go build fails with "missing go.sum entry"',
      fix: 'run `go mod tidy` and commit go.sum',
    });
  }
  if (!hasGoMod) {
    diagnostics.push({
      severity: 'warning',
      file: binaries[0]?.evidence.file,
      message: 'Go files without a go.mod: only the standard library can be used and versions are not pinned',
      fix: 'run `go mod init <module path>` and `go mod tidy`, and commit go.mod and go.sum',
    });
  }

  const services: Service[] = [];
  const rootFiles = hasGoMod
    ? null
    : fs
        .filesIn(dir)
        .filter(isBuildableGoFile)
        .map((f) => relativeTo(f, dir));
  for (const b of binaries) {
    const own = ownFiles(b);
    const scope = [...own, ...shared];
    const evidence: Partial<Record<FactName, Evidence[]>> = {};
    evidence.language = [
      hasGoMod
        ? { file: goModFile, reason: 'go.mod makes this a Go module', confidence: 'explicit' }
        : { file: b.evidence.file, reason: 'Go source without a go.mod', confidence: 'strong' },
    ];
    if (version.evidence.length > 0) evidence.languageVersion = version.evidence;
    if (hasGoMod) {
      evidence.packageManager = [{ file: goModFile, reason: 'Go modules (go.mod)', confidence: 'explicit' }];
      evidence.install = [
        {
          file: goModFile,
          reason: 'go mod download fetches the modules go.mod requires',
          confidence: 'explicit',
        },
        ...(fs.exists(goSum)
          ? [{ file: goSum, reason: 'go.sum verifies every download', confidence: 'explicit' as const }]
          : []),
      ];
    }

    const framework = detectGoFramework(mod, scope);
    if (framework) evidence.framework = framework.evidence;

    const proc = byProcfile.get(b.name);
    const cgo = detectCgo(fs, dir, mod, scope);
    const output = proc?.output ?? `bin/${b.name}`;
    const build = goBuildCommand(output, buildTarget(b.relDir, rootFiles), cgo.enabled);
    evidence.build = [
      b.evidence,
      ...(cgo.enabled
        ? cgo.evidence.map((e) => ({
            ...e,
            reason: `cgo needed (CGO_ENABLED=1, so a C toolchain to build and libc to run): ${e.reason}`,
          }))
        : [
            {
              file: b.evidence.file,
              reason: 'no cgo: a static binary (CGO_ENABLED=0)',
              confidence: 'weak' as const,
            },
          ]),
      ...(proc ? [{ ...proc.evidence, reason: `${proc.evidence.reason} (the build writes ${output})` }] : []),
    ];
    const start = proc?.start ?? `./${output}`;
    evidence.start = proc
      ? [proc.evidence]
      : [{ ...b.evidence, reason: `${b.evidence.reason}; the build writes ${output}` }];
    evidence.outputDir = [
      { file: b.evidence.file, reason: `the build writes the binary to ${output}`, confidence: 'strong' },
    ];

    // Port: a Procfile passing one is most explicit; then the code; then the framework's default.
    const codePort = bestMatch(
      findMatches(scope, GO_PORT_PATTERNS).filter((m) => toPort(m.value) !== null),
      new Set(own.map((s) => s.path)),
    );
    let port: number | null = null;
    const portEvidence: Evidence[] = [];
    if (proc?.port) {
      port = proc.port;
      portEvidence.push({ ...proc.evidence, reason: `${proc.evidence.reason} passes port ${proc.port}` });
    }
    if (codePort) {
      port ??= toPort(codePort.value);
      portEvidence.push(codePort.evidence);
      if (isLoopback(codePort.host)) {
        diagnostics.push({
          severity: 'warning',
          file: codePort.evidence.file,
          line: codePort.evidence.line,
          message: `the server listens on ${codePort.host}:${codePort.value}, which is unreachable from outside a container`,
          fix: `listen on ":${codePort.value}" (all interfaces) instead`,
        });
      }
    }
    if (port === null && framework?.entry.defaultPort) {
      port = framework.entry.defaultPort;
      portEvidence.push({
        ...(framework.evidence[0] as Evidence),
        reason: `no port in the code; ${framework.entry.id} listens on ${port} by default`,
        confidence: 'weak',
      });
    }
    if (portEvidence.length > 0) evidence.port = portEvidence;

    let kind: ServiceKind;
    if (proc) {
      kind = proc.entry.type === 'web' ? 'web' : 'worker';
      evidence.kind = [{ ...proc.evidence, reason: `Procfile process type "${proc.entry.type}"` }];
    } else if (framework && framework.entry.module !== null) {
      kind = 'web';
      evidence.kind = [
        { ...(framework.evidence[0] as Evidence), reason: `${framework.entry.id} is a web framework` },
      ];
    } else if (port !== null && portEvidence[0]) {
      kind = 'web';
      evidence.kind = [{ ...portEvidence[0], reason: `listens on a port (${portEvidence[0].reason})` }];
    } else if (serves(b) || framework) {
      kind = 'web';
      evidence.kind = [{ ...(framework?.evidence[0] ?? b.evidence), reason: 'starts a network server' }];
    } else {
      kind = 'worker';
      evidence.kind = [
        {
          file: b.evidence.file,
          reason: 'no HTTP framework, server call or port was found',
          confidence: 'weak',
        },
      ];
    }

    let healthPath: string | null = null;
    if (kind === 'web') {
      const health = bestHealth(findMatches(scope, GO_HEALTH_PATTERNS));
      if (health) {
        healthPath = health.path;
        evidence.healthPath = [health.evidence];
      }
    }

    const env = detectGoEnv(fs, dir, scope);
    diagnostics.push(...env.diagnostics);
    const backing = detectGoBacking(mod, new Set(env.env.map((e) => e.name)));

    services.push({
      name: b.name,
      path: dir,
      kind,
      language: 'go',
      languageVersion: version.version,
      framework: framework?.entry.id ?? null,
      packageManager: hasGoMod ? 'go' : null,
      commands: { install: hasGoMod ? 'go mod download' : null, build, start },
      port,
      healthPath,
      outputDir: path.posix.dirname(output),
      backing,
      env: env.env,
      evidence,
    });
  }
  return { services, diagnostics };
}
