import path from 'node:path';
import type { Diagnostic } from '../../model/diagnostic.js';
import type { Evidence } from '../../model/evidence.js';
import type { FactName, Service, ServiceKind } from '../../model/service.js';
import type { RepoFs } from '../../repo/repo-fs.js';
import { serviceNameFor } from '../dns-label.js';
import { dirOf, isTestData, isUnder, joinRel } from '../paths.js';
import { keyLine } from '../shared/json-manifest.js';
import { type ProcfileEntry, portFromCommand, readProcfile } from '../shared/procfile.js';
import type { DetectContext, Detector, DetectResult } from '../types.js';
import { discoverWorkspaces, type WorkspaceRoot, workspaceRootAt, workspaceRootOf } from '../workspaces.js';
import { detectBacking } from './backing.js';
import { detectBuild, detectStart, type StartResult } from './commands.js';
import { detectEnv } from './env.js';
import { detectFramework, type FrameworkMatch, type PackageView } from './frameworks.js';
import { detectHealthPath, detectRouteFileHealth } from './health.js';
import { type MemberContext, memberBinDir, prismaGenerate, workspaceBuild } from './monorepo.js';
import { detectNxProject } from './nx.js';
import { detectPackageManager, type PackageManagerId, type PackageManagerResult } from './package-manager.js';
import { type ParsedPackage, parsePackageJson } from './parse-package-json.js';
import { detectPort } from './port.js';
import { collectSources } from './source-files.js';
import { detectNodeVersion } from './version.js';

/** The Node.js detector: one service per deployable package.json (any depth) and Nx application. */
export const nodeDetector: Detector = {
  id: 'node',
  detect: detectNode,
};

export interface PackageVerdict {
  service: boolean;
  reason: string;
}

/** A package that will become a service, with what was decided about it before analysis. */
interface Candidate {
  target: ParsedPackage;
  view: PackageView;
  hasFile: (rel: string) => boolean;
  pm: PackageManagerResult;
  framework: FrameworkMatch | null;
  member: MemberContext | null;
  /** The package whose code the start command runs: itself, or a workspace member it starts. */
  runs: ParsedPackage;
  runsFramework: FrameworkMatch | null;
}

function detectNode(ctx: DetectContext): DetectResult {
  const { fs } = ctx;
  const diagnostics: Diagnostic[] = [];
  const manifestFiles = fs.filesNamed('package.json').filter(
    (f) =>
      isUnder(f, ctx.dir) &&
      // package.json files in test data folders are copies of other repos, not packages of this one.
      !isTestData(f),
  );
  // Every package folder, parsed or not: a broken nested package still owns its files.
  const packageDirs = manifestFiles.map(dirOf);
  const packages = new Map<string, ParsedPackage>();
  for (const file of manifestFiles) {
    const r = parsePackageJson(fs, file);
    diagnostics.push(...r.diagnostics);
    if (r.ok) packages.set(r.value.dir, r.value);
  }
  const discovery = discoverWorkspaces(fs, ctx.dir);
  diagnostics.push(...discovery.diagnostics);

  const candidates: Candidate[] = [];
  for (const target of packages.values()) {
    const view = packageView(fs, target.dir);
    const pm = detectPackageManager(fs, target, packages, ctx.dir);
    const framework = detectFramework(target, view);
    const memberOf = workspaceRootOf(discovery, target.dir);
    const member = memberOf ? { root: memberOf, dir: target.dir, name: target.pkg.name } : null;
    const verdict = classifyPackage(target, {
      framework,
      manager: pm.id,
      workspaceRoot: workspaceRootAt(discovery, target.dir),
      member: memberOf !== null,
      hasFile: view.has,
      procfile: nodeProcfile(fs, target) !== null,
      otherManifest: OTHER_MANIFESTS.find((m) => fs.exists(joinRel(target.dir, m))) ?? null,
    });
    if (!verdict.service) continue;
    candidates.push({
      target,
      view,
      hasFile: view.has,
      pm,
      framework,
      member,
      runs: target,
      runsFramework: framework,
    });
  }

  // A start command that runs a file of another package (`node packages/api/index.js` at a workspace
  // root) deploys that package: its framework and code apply, and it is not a second service.
  const starts = new Map<Candidate, StartResult>();
  const covered = new Set<string>();
  for (const c of candidates) {
    const start = startFor(fs, c);
    starts.set(c, start);
    if (!start.entry) continue;
    const file = path.posix.normalize(joinRel(c.target.dir, start.entry));
    const owner = packageDirs
      .filter((d) => d !== c.target.dir && isUnder(file, d) && isUnder(d, c.target.dir))
      .sort((a, b) => b.length - a.length)[0];
    const runs = owner ? packages.get(owner) : undefined;
    if (!runs) continue;
    c.runs = runs;
    c.runsFramework = detectFramework(runs, packageView(fs, runs.dir));
    covered.add(runs.dir);
  }

  const services: Service[] = [];
  for (const c of candidates) {
    if (covered.has(c.target.dir)) continue;
    const r = analyzePackage(fs, ctx.dir, c, starts.get(c) as StartResult, packageDirs);
    services.push(r.service);
    diagnostics.push(...r.diagnostics, ...c.pm.diagnostics);
  }

  for (const project of discovery.nxProjects) {
    if (packages.has(project.dir) || project.dir === project.root) continue;
    const root = packages.get(project.root);
    if (!root) continue;
    const r = detectNxProject(fs, project, root, packages, packageDirs, ctx.dir);
    diagnostics.push(...r.diagnostics);
    if (r.service) services.push(r.service);
  }

  services.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { services, diagnostics: dedupe(diagnostics) };
}

export interface ClassifyInput {
  framework: FrameworkMatch | null;
  manager: PackageManagerId;
  /** The workspace this package declares (it is a workspace root), or null. */
  workspaceRoot: WorkspaceRoot | null;
  /** It is a member of a workspace. */
  member: boolean;
  /** Whether a file (relative to the package) exists. */
  hasFile: (rel: string) => boolean;
  /** A Procfile beside package.json declares a process. */
  procfile?: boolean;
  /** Another ecosystem's manifest beside package.json (`Gemfile` …), when there is one. */
  otherManifest?: string | null;
}

/**
 * Whether a package is deployable. A Procfile process or a start script makes it one, except a
 * workspace root whose start script only runs a member (`nx serve`, `turbo run start`). A workspace
 * root is otherwise not a service, unless Bun runs its own entry file. A library (exports, types,
 * bin … fields) is not one, nor a workspace member with only `main`. Otherwise a known framework,
 * a Bun entry file or a `main` entry makes it a service.
 */
export function classifyPackage(target: ParsedPackage, input: ClassifyInput): PackageVerdict {
  const { pkg } = target;
  const { framework, manager, workspaceRoot, member, hasFile } = input;
  if (input.procfile) return { service: true, reason: 'a Procfile declares its process' };
  const startScript = pkg.scripts['start:prod'] ?? pkg.scripts.start;
  if (startScript !== undefined) {
    if (workspaceRoot && isDelegatingScript(startScript)) {
      return { service: false, reason: `workspace root whose start script runs a member ("${startScript}")` };
    }
    return { service: true, reason: 'has a start script' };
  }
  const bunEntry = manager === 'bun' ? ownEntry(pkg.module ?? pkg.main, hasFile) : null;
  if (workspaceRoot) {
    return bunEntry
      ? { service: true, reason: `workspace root whose own entry ${bunEntry} Bun runs` }
      : { service: false, reason: 'workspace root without a start script' };
  }
  const libraryFields = pkg.libraryFields.filter(
    (f) =>
      // `bun init` writes `module` as the entry and TypeScript as the only peer dependency.
      !(f === 'module' && manager === 'bun') &&
      !(f === 'peerDependencies' && Object.keys(pkg.peerDependencies).every((d) => d === 'typescript')),
  );
  const library = libraryFields.length > 0;
  if (framework && !(library && framework.profile.kind === 'web')) {
    return { service: true, reason: `depends on ${framework.dependency}` };
  }
  if (library) return { service: false, reason: `library (has ${libraryFields.join(', ')})` };
  if (member) return { service: false, reason: 'workspace member that nothing starts' };
  if (bunEntry) return { service: true, reason: `Bun runs its entry ${bunEntry}` };
  if (pkg.main) {
    const main = pkg.main.replace(/^\.\//, '');
    const missing =
      !hasFile(main) &&
      !hasFile(`${main}.js`) &&
      !hasFile(`${main}/index.js`) &&
      pkg.scripts.build === undefined;
    // npm init's `main` beside another app's manifest: the package is that app's JavaScript toolchain.
    if (missing && input.otherManifest) {
      return {
        service: false,
        reason: `main ${pkg.main} does not exist; the package serves the ${input.otherManifest} app`,
      };
    }
    // Otherwise a main that names a missing file is still reported (weak start, a warning), so the
    // person sees the problem rather than a silently missing service.
    return { service: true, reason: `main is ${pkg.main}` };
  }
  return { service: false, reason: 'nothing starts it' };
}

/** A root start script that only hands over to a workspace tool or a member. */
export function isDelegatingScript(script: string): boolean {
  return (
    /^\s*(?:npx\s+|pnpm\s+(?:exec\s+)?|yarn\s+|bunx\s+)?(?:nx|turbo|lerna)\b/.test(script) ||
    /\b(?:npm|pnpm|yarn|bun)\b[^&|;]*\s(?:--filter|-F|--workspace|--workspaces|-w)\b/.test(script) ||
    /\byarn\s+workspaces?\s/.test(script)
  );
}

function ownEntry(entry: string | null, hasFile: (rel: string) => boolean): string | null {
  if (!entry) return null;
  const rel = entry.replace(/^\.\//, '');
  return hasFile(rel) ? entry : null;
}

/** Programs that show a Procfile command runs the Node package. */
const NODE_PROGRAMS = new Set(['node', 'npm', 'npx', 'pnpm', 'yarn', 'bun', 'bunx', 'tsx', 'ts-node']);

/** Manifests of other ecosystems: a Procfile beside one may start that app instead. */
const OTHER_MANIFESTS = [
  'Gemfile',
  'requirements.txt',
  'pyproject.toml',
  'Pipfile',
  'go.mod',
  'composer.json',
  'Cargo.toml',
  'mix.exs',
  'pom.xml',
  'build.gradle',
  'build.gradle.kts',
  'deno.json',
];

/**
 * The Procfile beside package.json, when its processes start this Node package: the command runs
 * a Node program or a dependency's binary, or no other ecosystem's manifest shares the folder
 * (a Rails app's `web: bundle exec puma` is the Ruby app's, not its asset package's).
 */
export function nodeProcfile(
  fs: RepoFs,
  target: ParsedPackage,
): { file: string; entries: ProcfileEntry[] } | null {
  const p = readProcfile(fs, target.dir);
  if (!p) return null;
  const entries = p.entries.filter((e) => e.type !== 'release');
  if (entries.length === 0) return null;
  const deps = { ...target.pkg.devDependencies, ...target.pkg.dependencies };
  const nodeish = (cmd: string): boolean => {
    const program =
      cmd
        .trim()
        .split(/\s+/)
        .find((t) => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(t)) ?? '';
    return NODE_PROGRAMS.has(program) || program in deps || program.startsWith('node_modules/');
  };
  const alone = !OTHER_MANIFESTS.some((m) => fs.exists(joinRel(target.dir, m)));
  return entries.some((e) => nodeish(e.command)) || alone ? { file: p.file, entries } : null;
}

/** Files beside a package.json, read through the RepoFs. */
export function packageView(fs: RepoFs, dir: string): PackageView {
  return {
    has: (rel) => fs.exists(joinRel(dir, rel)),
    read: (rel) => {
      const r = fs.readText(joinRel(dir, rel));
      return r.ok ? r.text : null;
    },
  };
}

function startFor(fs: RepoFs, c: Candidate): StartResult {
  const profile = c.framework?.profile;
  if (profile?.kind === 'static') {
    return {
      value: null,
      evidence: [
        {
          file: c.target.file,
          reason: `${c.framework?.entry.id} builds static files; a web server serves them, nothing starts`,
          confidence: 'strong',
        },
      ],
      env: {},
      entry: null,
    };
  }
  const procfile = nodeProcfile(fs, c.target);
  const binDir = memberBinDir(c.pm.id, c.member);
  const start = detectStart(c.target, c.pm.id, c.framework, c.hasFile, {
    procfile,
    binDir,
  });
  if (c.member && c.pm.id !== 'pnpm' && start.value?.startsWith(binDir) && binDir.startsWith('../')) {
    start.evidence.push({
      file: c.member.root.evidence[0]?.file ?? c.target.file,
      reason: `${c.pm.id} hoists workspace dependencies, so the binary is in the workspace root's node_modules/.bin`,
      confidence: 'strong',
    });
  }
  return start;
}

function analyzePackage(
  fs: RepoFs,
  rootDir: string,
  c: Candidate,
  start: StartResult,
  packageDirs: readonly string[],
): { service: Service; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const evidence: Partial<Record<FactName, Evidence[]>> = {};
  const { target, pm, member } = c;
  const { dir, pkg } = target;
  // The code that runs (the package itself, or the workspace member its start command runs).
  const code = c.runs;
  const framework = c.runsFramework;
  const delegated = code !== target;
  const nested = packageDirs.filter((d) => d !== code.dir && isUnder(d, code.dir));

  const tsconfig = c.hasFile('tsconfig.json') ? joinRel(dir, 'tsconfig.json') : null;
  evidence.language = [
    { file: target.file, reason: 'package.json makes this a Node.js package', confidence: 'explicit' },
    ...(tsconfig
      ? [{ file: tsconfig, reason: 'written in TypeScript (tsconfig.json)', confidence: 'strong' as const }]
      : []),
  ];

  const version = detectNodeVersion(fs, target, rootDir);
  diagnostics.push(...version.diagnostics);
  if (version.evidence.length > 0) evidence.languageVersion = version.evidence;

  evidence.packageManager = pm.evidence;
  evidence.install = pm.installEvidence;

  const profile = framework?.profile ?? null;
  const isStatic = profile?.kind === 'static';
  diagnostics.push(...(profile?.diagnostics ?? []));
  if (framework) {
    evidence.framework = [
      ...(delegated
        ? framework.evidence.map((e) => ({
            ...e,
            reason: `${e.reason} (in ${code.dir}, the package the start command runs)`,
          }))
        : framework.evidence),
      ...(profile?.modeEvidence ?? []),
    ];
  }

  const prisma = prismaGenerate(fs, target, pm.id, member, nested);
  const build = detectBuild(target, pm.id, tsconfig, {
    runBuild: member && pkg.scripts.build ? workspaceBuild(pm.id, member, target) : null,
    prisma,
  });
  evidence.build = build.evidence;

  diagnostics.push(...(start.diagnostics ?? []));
  if (start.value === null && !isStatic) {
    diagnostics.push({
      severity: 'warning',
      file: target.file,
      message: 'no start command: no start script, main or server.js',
      fix: 'add "start": "node <entry file>" to scripts',
    });
  }
  if (delegated && start.evidence[0]) {
    start.evidence.push({
      ...start.evidence[0],
      reason: `it runs ${joinRel(dir, start.entry ?? '')}, which belongs to the workspace package ${code.dir}; that package is deployed through this start command`,
      confidence: 'strong',
    });
  }
  if (start.evidence.length > 0) evidence.start = start.evidence;

  const src = collectSources(fs, code.dir, nested);
  diagnostics.push(...src.diagnostics);
  const env = detectEnv(fs, code.dir, src.sources);
  diagnostics.push(...env.diagnostics);

  let port: number | null = null;
  if (!isStatic) {
    const portEvidence: Evidence[] = [];
    const commandPort = start.value ? portFromCommand(start.value) : null;
    const found = detectPort(src.sources, entryCandidates(dir, start.entry));
    if (commandPort !== null && start.evidence[0]) {
      port = commandPort;
      portEvidence.push({
        ...start.evidence[0],
        reason: `the start command sets port ${commandPort} (${start.value})`,
        confidence: 'explicit',
      });
      if (found) {
        portEvidence.push({
          ...found.evidence,
          reason: `${found.evidence.reason}${found.port !== commandPort ? `; the start command's ${commandPort} wins` : ''}`,
          confidence: found.port !== commandPort ? 'weak' : found.evidence.confidence,
        });
      }
    } else if (found) {
      port = found.port;
      portEvidence.push(found.evidence);
    } else if (profile?.defaultPort && framework) {
      port = profile.defaultPort;
      portEvidence.push({
        file: framework.evidence[0]?.file ?? code.file,
        line: framework.evidence[0]?.line,
        reason: `no port in the code; ${framework.entry.id} apps ${profile.mode ? `(${profile.mode.id}) ` : ''}usually listen on ${port}`,
        confidence: 'weak',
      });
    }
    if (portEvidence.length > 0) evidence.port = portEvidence;
  }

  let kind: ServiceKind;
  if (isStatic && framework) {
    kind = 'static';
    evidence.kind = [
      {
        file: profile?.modeEvidence[0]?.file ?? code.file,
        line: profile?.modeEvidence[0]?.line ?? keyLine(code.text, framework.dependency, framework.section),
        reason: profile?.mode
          ? `${framework.entry.id} builds a static site: ${profile.mode.reason}`
          : `${framework.entry.id} builds a static site and no server framework outranks it`,
        confidence: 'strong',
      },
    ];
  } else if (start.procfileType && start.evidence[0]) {
    // Heroku's convention: only the `web` process receives HTTP traffic (on $PORT).
    kind = start.procfileType === 'web' ? 'web' : 'worker';
    evidence.kind = [
      {
        ...start.evidence[0],
        reason: `the Procfile declares a ${start.procfileType} process${kind === 'web' ? ', which serves HTTP' : ''}`,
      },
    ];
  } else if (profile?.kind === 'web' && framework) {
    kind = 'web';
    evidence.kind = [
      { ...(framework.evidence[0] as Evidence), reason: `${framework.entry.id} is a web framework` },
    ];
  } else if (port !== null && evidence.port?.[0]) {
    kind = 'web';
    evidence.kind = [{ ...evidence.port[0], reason: `listens on a port (${evidence.port[0].reason})` }];
  } else {
    kind = 'worker';
    evidence.kind = [
      {
        file: target.file,
        reason: 'it starts, but no HTTP framework or listening port was found',
        confidence: 'weak',
      },
    ];
  }

  let healthPath: string | null = null;
  if (kind === 'web') {
    const health =
      detectHealthPath(src.sources) ??
      detectRouteFileHealth(
        src.sources.map((x) => x.path),
        code.dir,
        framework?.entry.id ?? null,
      );
    if (health) {
      healthPath = health.path;
      evidence.healthPath = [health.evidence];
    }
  }

  const backing = detectBacking(fs, code, new Set(env.env.map((e) => e.name)), nested);
  diagnostics.push(...backing.diagnostics);

  const output = detectOutputDir(fs, framework, tsconfig, build.value !== null);
  if (output) evidence.outputDir = [output.evidence];

  const service: Service = {
    name: serviceNameFor(pkg.name, dir),
    path: dir,
    kind,
    language: 'node',
    languageVersion: version.version,
    framework: framework?.entry.id ?? null,
    packageManager: pm.id,
    commands: { install: pm.install, build: build.value, start: isStatic ? null : start.value },
    port,
    healthPath,
    outputDir: output?.dir ?? null,
    backing: backing.backing,
    env: env.env,
    evidence,
  };
  return { service, diagnostics };
}

/** The start entry and its likely TypeScript source, as repo paths, so their ports win ties. */
export function entryCandidates(dir: string, entry: string | null): string[] {
  if (!entry) return [];
  const rel = entry.replace(/^\.\//, '');
  const withExt = /\.[cm]?[jt]s$/.test(rel) ? rel : `${rel}.js`;
  const ts = withExt.replace(/^(dist|build|out|lib)\//, 'src/').replace(/\.([cm]?)js$/, '.$1ts');
  return [joinRel(dir, withExt), joinRel(dir, ts)];
}

/**
 * The build output folder: the framework's configured one (vite.config outDir, angular.json) first,
 * then tsconfig's outDir for compiled servers, then the framework's default.
 */
function detectOutputDir(
  fs: RepoFs,
  framework: FrameworkMatch | null,
  tsconfig: string | null,
  hasBuild: boolean,
): { dir: string; evidence: Evidence } | null {
  const profile = framework?.profile ?? null;
  if (profile?.outputEvidence?.confidence === 'explicit' && profile.outputDir) {
    return { dir: profile.outputDir, evidence: profile.outputEvidence };
  }
  if (tsconfig && hasBuild && profile?.kind !== 'static') {
    const r = fs.readText(tsconfig);
    const m = r.ok ? /"outDir"\s*:\s*"([^"]+)"/.exec(r.text) : null;
    if (r.ok && m) {
      return {
        dir: (m[1] as string).replace(/^\.\//, '').replace(/\/+$/, '') || '.',
        evidence: {
          file: tsconfig,
          line: r.text.slice(0, m.index).split('\n').length,
          reason: `compilerOptions.outDir is "${m[1]}"`,
          confidence: 'strong',
        },
      };
    }
  }
  if (profile?.outputDir && profile.outputEvidence) {
    return { dir: profile.outputDir, evidence: profile.outputEvidence };
  }
  return null;
}

function dedupe(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.severity}\u0000${d.file ?? ''}\u0000${d.line ?? ''}\u0000${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
