import path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import type { Diagnostic } from '../../model/diagnostic.js';
import type { Evidence } from '../../model/evidence.js';
import type { FactName, Service, ServiceKind } from '../../model/service.js';
import type { RepoFs } from '../../repo/repo-fs.js';
import { toDnsLabel, uniqueName } from '../dns-label.js';
import { ancestorDirs, dirOf, isTestData, isUnder, joinRel, relativeTo } from '../paths.js';
import {
  anyContent,
  bestHealth,
  bestMatch,
  dedupeDiagnostics,
  displayHost,
  findMatches,
  isLoopback,
  lineOf,
  readSources,
  type SourceFile,
  toPort,
} from '../shared/code-scan.js';
import { isRecord } from '../shared/is-record.js';
import { readProcfile } from '../shared/procfile.js';
import { matchProcfile, type ProcfileBinary } from '../shared/procfile-binary.js';
import { tomlDiagnostic } from '../shared/toml.js';
import type { DetectContext, Detector, DetectResult } from '../types.js';
import { detectRustBacking } from './backing.js';
import { type CargoManifest, readCargoToml, resolveDeps } from './cargo-toml.js';
import { cargoBuild, cargoInstall, systemDeps } from './commands.js';
import { detectRustEnv } from './env.js';
import { detectRustFramework } from './frameworks.js';
import { RUST_HEALTH_PATTERNS } from './health.js';
import { RUST_PORT_PATTERNS } from './port.js';
import { blankRustComments } from './rust-source.js';
import { findBins, isWorkspaceMember, type RustBin } from './targets.js';
import { detectRustVersion } from './version.js';

/**
 * The Rust detector: one service per binary target of every crate (workspace members included); a
 * library-only crate is not a service. Commands run in the crate folder; the build copies the binary
 * to `bin/<name>` there and start runs `./bin/<name>` (the same convention as the Go detector).
 */
export const rustDetector: Detector = {
  id: 'rust',
  detect: detectRust,
};

/** Crate folders whose code is not the running service. */
const NON_SERVICE_DIRS = new Set(['tests', 'benches', 'examples']);

/** Code that starts a server, to tell which of several binaries is the service. */
const SERVER_CALL =
  /\baxum::serve\b|\bHttpServer::new\b|\brocket::build\(|#\[launch\]|#\[rocket::main\]|\bwarp::serve\(|\bpoem::Server::new\b|\btide::new\(|\bServer::bind\(|\bTcpListener::bind\(|#\[actix_web::main\]|\bServer::new\(/;

function detectRust(ctx: DetectContext): DetectResult {
  const { fs } = ctx;
  const diagnostics: Diagnostic[] = [];
  const files = fs.filesNamed('Cargo.toml').filter((f) => isUnder(f, ctx.dir) && !isTestData(f));
  const crateDirs = files.map(dirOf);
  const manifests = new Map<string, CargoManifest>();
  for (const file of files) {
    const r = readCargoToml(fs, file);
    diagnostics.push(...r.diagnostics);
    if (r.ok) manifests.set(r.value.dir, r.value);
  }

  for (const root of manifests.values()) {
    for (const member of root.workspace?.members ?? []) {
      if (/[*?[]/.test(member)) continue;
      const dir = joinRel(root.dir, member.replace(/^\.\//, '').replace(/\/+$/, ''));
      if (!fs.exists(joinRel(dir, 'Cargo.toml'))) {
        diagnostics.push({
          severity: 'warning',
          file: root.file,
          ...(root.workspace?.membersLine ? { line: root.workspace.membersLine } : {}),
          message: `workspace member ${member} has no Cargo.toml`,
          fix: `create ${dir}/Cargo.toml or remove "${member}" from members`,
        });
      }
    }
  }

  const services: Service[] = [];
  for (const m of manifests.values()) {
    if (!m.package) continue;
    const workspace =
      ancestorDirs(m.dir)
        .map((d) => manifests.get(d))
        .find((root): root is CargoManifest => !!root?.workspace && isWorkspaceMember(root, m.dir)) ?? null;
    const r = analyzeCrate(fs, m, workspace, crateDirs);
    services.push(...r.services);
    diagnostics.push(...r.diagnostics);
  }
  services.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.name.localeCompare(b.name)));
  return { services, diagnostics };
}

function analyzeCrate(
  fs: RepoFs,
  m: CargoManifest,
  workspace: CargoManifest | null,
  crateDirs: readonly string[],
): { services: Service[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const found = findBins(fs, m);
  diagnostics.push(...found.diagnostics);
  let bins = found.bins;
  if (bins.length === 0) {
    diagnostics.push({
      severity: 'info',
      file: m.file,
      message: `${m.package?.name ?? m.dir} has no binary target (src/main.rs, src/bin/, [[bin]]): a library, not a service`,
    });
    return { services: [], diagnostics };
  }

  const nested = crateDirs.filter((d) => d !== m.dir && isUnder(d, m.dir));
  const rsFiles = fs.filesUnder(m.dir).filter((f) => {
    if (!f.endsWith('.rs') || nested.some((n) => isUnder(f, n)) || isTestData(f)) return false;
    const rel = relativeTo(f, m.dir);
    return rel !== 'build.rs' && !NON_SERVICE_DIRS.has(rel.split('/')[0] as string);
  });
  const read = readSources(fs, rsFiles, blankRustComments);
  diagnostics.push(...read.diagnostics);
  const binPrefix = `${joinRel(m.dir, 'src/bin')}/`;
  const shared = read.sources.filter((s) => !s.path.startsWith(binPrefix));
  const ownFiles = (b: RustBin): SourceFile[] => {
    if (!b.file.startsWith(binPrefix)) return shared;
    const rest = b.file.slice(binPrefix.length).split('/');
    if (rest.length === 2) return read.sources.filter((s) => s.path.startsWith(`${binPrefix}${rest[0]}/`));
    return read.sources.filter((s) => s.path === b.file);
  };

  const procfile = readProcfile(fs, m.dir);
  if (procfile) diagnostics.push(...procfile.diagnostics);
  const byProcfile = procfile
    ? matchProcfile(
        procfile.file,
        procfile.entries,
        bins.map((b) => b.name),
      )
    : new Map<string, ProcfileBinary>();

  // Several binaries and only one starts a server: the others are tools (migrations, CLIs).
  if (bins.length > 1 && anyContent(read.sources)) {
    const serving = bins.filter((b) => ownFiles(b).some((s) => SERVER_CALL.test(s.code)));
    if (serving.length === 1) {
      const keep = serving[0] as RustBin;
      for (const b of bins) {
        if (b === keep || byProcfile.has(b.name)) continue;
        diagnostics.push({
          severity: 'info',
          file: b.file,
          message: `binary ${b.name} starts no server; only ${keep.name} does, so ${b.name} is treated as a tool, not a service`,
          fix: 'declare it as a service in shipready.config.yaml if it runs on its own',
        });
      }
      bins = bins.filter((b) => b === keep || byProcfile.has(b.name));
    }
  }

  const deps = resolveDeps(m, workspace?.workspace ?? null);
  const lockDir = workspace?.dir ?? m.dir;
  const lockfile = joinRel(lockDir, 'Cargo.lock');
  const locked = fs.exists(lockfile);
  if (!locked) {
    diagnostics.push({
      severity: 'warning',
      file: workspace?.file ?? m.file,
      message: 'no Cargo.lock: every build resolves dependency versions afresh',
      fix: 'run `cargo generate-lockfile` and commit Cargo.lock (recommended for applications)',
    });
  }
  const version = detectRustVersion(fs, m.dir, m, workspace);
  diagnostics.push(...version.diagnostics);
  const framework = detectRustFramework(m.file, deps);
  const rocketToml =
    framework?.entry.id === 'rocket' ? readRocketToml(fs, m.dir, workspace?.dir ?? null) : null;
  if (rocketToml) diagnostics.push(...rocketToml.diagnostics);
  const sysDeps = systemDeps(m.file, deps);
  const targetDir = path.posix
    .join(path.posix.relative(m.dir === '.' ? '' : m.dir, lockDir === '.' ? '' : lockDir) || '.', 'target')
    .replace(/^\.\//, '');

  const taken = new Set<string>();
  const services: Service[] = [];
  for (const b of bins) {
    const own = ownFiles(b);
    const scope = [...new Set([...own, ...shared])];
    const evidence: Partial<Record<FactName, Evidence[]>> = {};
    evidence.language = [
      { file: m.file, reason: 'Cargo.toml makes this a Rust crate', confidence: 'explicit' },
    ];
    if (version.evidence.length > 0) evidence.languageVersion = version.evidence;
    evidence.packageManager = [{ file: m.file, reason: 'Cargo manifest', confidence: 'explicit' }];
    evidence.install = locked
      ? [{ file: lockfile, reason: 'Cargo.lock pins every dependency (--locked)', confidence: 'explicit' }]
      : [{ file: m.file, reason: 'no Cargo.lock: dependencies resolve at build time', confidence: 'weak' }];
    if (framework) evidence.framework = framework.evidence;

    const proc = byProcfile.get(b.name);
    const output = proc?.output ?? `bin/${b.name}`;
    const build = cargoBuild({
      binName: b.name,
      packageName: workspace ? (m.package?.name ?? null) : null,
      locked,
      targetDir,
      output,
    });
    evidence.build = [
      b.evidence,
      ...sysDeps,
      ...(proc ? [{ ...proc.evidence, reason: `${proc.evidence.reason} (the build writes ${output})` }] : []),
    ];
    const start = proc?.start ?? `./${output}`;
    evidence.start = proc
      ? [proc.evidence]
      : [{ ...b.evidence, reason: `${b.evidence.reason}; the build copies it to ${output}` }];
    evidence.outputDir = [
      { file: m.file, reason: `the build copies the binary to ${output}`, confidence: 'strong' },
    ];

    // Port: a Procfile passing one, then Rocket.toml, then the code, then the framework's default.
    const portEvidence: Evidence[] = [];
    let port: number | null = null;
    if (proc?.port) {
      port = proc.port;
      portEvidence.push({ ...proc.evidence, reason: `${proc.evidence.reason} passes port ${proc.port}` });
    }
    if (rocketToml?.port) {
      port ??= rocketToml.port.value;
      portEvidence.push(rocketToml.port.evidence);
    }
    const codePort = bestMatch(
      findMatches(scope, RUST_PORT_PATTERNS).filter((x) => toPort(x.value) !== null),
      new Set(own.map((s) => s.path)),
    );
    if (codePort) {
      port ??= toPort(codePort.value);
      portEvidence.push(codePort.evidence);
      if (isLoopback(codePort.host)) {
        diagnostics.push({
          severity: 'warning',
          file: codePort.evidence.file,
          line: codePort.evidence.line,
          message: `the server binds ${displayHost(codePort.host ?? '')}:${codePort.value}, which is unreachable from outside a container`,
          fix: 'bind 0.0.0.0 instead',
        });
      }
    }
    if (port === null && framework?.entry.defaultPort) {
      port = framework.entry.defaultPort;
      portEvidence.push({
        ...(framework.evidence[0] as Evidence),
        reason: `no port configured; ${framework.entry.id} listens on ${port} by default`,
        confidence: 'weak',
      });
    }
    if (portEvidence.length > 0) evidence.port = portEvidence;

    let kind: ServiceKind;
    if (proc) {
      kind = proc.entry.type === 'web' ? 'web' : 'worker';
      evidence.kind = [{ ...proc.evidence, reason: `Procfile process type "${proc.entry.type}"` }];
    } else if (framework) {
      kind = 'web';
      evidence.kind = [
        { ...(framework.evidence[0] as Evidence), reason: `${framework.entry.id} is a web framework` },
      ];
    } else if (port !== null && portEvidence[0]) {
      kind = 'web';
      evidence.kind = [{ ...portEvidence[0], reason: `listens on a port (${portEvidence[0].reason})` }];
    } else {
      kind = 'worker';
      evidence.kind = [
        { file: b.file, reason: 'no web framework or listening port was found', confidence: 'weak' },
      ];
    }

    let healthPath: string | null = null;
    if (kind === 'web') {
      const health = bestHealth(findMatches(scope, RUST_HEALTH_PATTERNS));
      if (health) {
        healthPath = health.path;
        evidence.healthPath = [health.evidence];
      }
    }

    const env = detectRustEnv(fs, m.dir, scope);
    diagnostics.push(...env.diagnostics);
    const backing = detectRustBacking(m.file, deps, new Set(env.env.map((e) => e.name)));

    if (
      framework?.entry.id === 'rocket' &&
      kind === 'web' &&
      !rocketListensEverywhere(rocketToml, scope, env.env)
    ) {
      diagnostics.push({
        severity: 'warning',
        file: rocketToml?.file ?? m.file,
        message:
          'Rocket listens on 127.0.0.1 unless configured, which is unreachable from outside a container',
        fix: 'set ROCKET_ADDRESS=0.0.0.0 in the container, or address = "0.0.0.0" in Rocket.toml',
      });
    }

    const name = uniqueName(toDnsLabel(b.name) || 'app', taken);
    taken.add(name);
    services.push({
      name,
      path: m.dir,
      kind,
      language: 'rust',
      languageVersion: version.version,
      framework: framework?.entry.id ?? null,
      packageManager: 'cargo',
      commands: { install: cargoInstall(locked), build, start },
      port,
      healthPath,
      outputDir: path.posix.dirname(output),
      backing,
      env: env.env,
      evidence,
    });
  }
  return { services, diagnostics: dedupeDiagnostics(diagnostics) };
}

interface RocketToml {
  file: string;
  port: { value: number; evidence: Evidence } | null;
  address: string | null;
  diagnostics: Diagnostic[];
}

/** Rocket.toml in the crate folder or the workspace root: `port`/`address` from [global], [release] or [default]. */
function readRocketToml(fs: RepoFs, dir: string, workspaceDir: string | null): RocketToml | null {
  const file = [dir, workspaceDir]
    .flatMap((d) => (d === null ? [] : [joinRel(d, 'Rocket.toml')]))
    .find((f) => fs.exists(f));
  if (!file) return null;
  const r = fs.readText(file);
  if (!r.ok) {
    return {
      file,
      port: null,
      address: null,
      diagnostics: [
        { severity: 'warning', file, message: `cannot read Rocket.toml (${r.reason}): ${r.message}` },
      ],
    };
  }
  let data: Record<string, unknown>;
  try {
    data = parseToml(r.text) as Record<string, unknown>;
  } catch (e) {
    return {
      file,
      port: null,
      address: null,
      diagnostics: [tomlDiagnostic(file, e, 'fix the TOML syntax of Rocket.toml')],
    };
  }
  // Rocket's precedence: [global] over the selected profile (release, in a release build) over [default].
  let port: RocketToml['port'] = null;
  let address: string | null = null;
  for (const profile of ['global', 'release', 'default']) {
    const t = data[profile];
    if (!isRecord(t)) continue;
    const p = typeof t.port === 'number' ? toPort(String(t.port)) : null;
    if (p !== null && !port) {
      const header = new RegExp(String.raw`^\s*\[${profile}\]`, 'm').exec(r.text);
      port = {
        value: p,
        evidence: {
          file,
          line: lineOf(r.text, /^\s*port\s*=/m, header ? header.index : 0),
          reason: `[${profile}] port = ${p} in Rocket.toml`,
          confidence: 'explicit',
        },
      };
    }
    if (typeof t.address === 'string' && address === null) address = t.address;
  }
  return { file, port, address, diagnostics: [] };
}

function rocketListensEverywhere(
  rocket: RocketToml | null,
  scope: readonly SourceFile[],
  env: readonly { name: string }[],
): boolean {
  if (rocket?.address && !isLoopback(rocket.address)) return true;
  if (env.some((e) => e.name === 'ROCKET_ADDRESS')) return true;
  return scope.some((s) => /\baddress\b[^;\n]{0,80}(?:0\.0\.0\.0|UNSPECIFIED)/.test(s.code));
}
