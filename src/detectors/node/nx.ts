import path from 'node:path';
import type { Diagnostic } from '../../model/diagnostic.js';
import type { Evidence } from '../../model/evidence.js';
import type { FactName, Service, ServiceKind } from '../../model/service.js';
import type { RepoFs } from '../../repo/repo-fs.js';
import { serviceNameFor } from '../dns-label.js';
import { isUnder, joinRel } from '../paths.js';
import { lineAt } from '../text.js';
import type { NxProject, NxTarget } from '../workspaces.js';
import { detectBacking } from './backing.js';
import { detectEnv } from './env.js';
import { detectFramework, NODE_FRAMEWORKS } from './frameworks.js';
import { detectHealthPath } from './health.js';
import { detectPackageManager } from './package-manager.js';
import type { ParsedPackage } from './parse-package-json.js';
import { detectPort } from './port.js';
import { collectSources, type SourceFile } from './source-files.js';
import { detectNodeVersion } from './version.js';

/**
 * Nx executors and what they say about a project: the framework, whether the build is a static
 * site, whether the serve target runs a Node server. The most specific pattern is listed per
 * executor family; `priority` decides when a project's targets match several.
 */
export interface NxExecutorEntry {
  pattern: RegExp;
  /** Which target the executor is found on. */
  target: 'build' | 'serve';
  framework: string | null;
  kind: 'web' | 'static' | null;
  defaultPort: number | null;
  priority: number;
  /** How the production server starts, from the workspace root. */
  start?: (out: { outputPath: string; mainFile: string }) => string;
}

export const NX_EXECUTORS: readonly NxExecutorEntry[] = [
  {
    pattern: /^@(?:nrwl|nx)\/next:build$/,
    target: 'build',
    framework: 'next',
    kind: 'web',
    defaultPort: 3000,
    priority: 50,
    start: ({ outputPath }) => `node_modules/.bin/next start ${outputPath}`,
  },
  {
    pattern: /^@nxtensions\/astro:build$|^@(?:nrwl|nx)\/angular:|^@angular-devkit\/build-angular:/,
    target: 'build',
    framework: null,
    kind: 'static',
    defaultPort: null,
    priority: 40,
  },
  {
    pattern: /^@(?:nrwl|nx)\/(?:node|js):node$/,
    target: 'serve',
    framework: null,
    kind: 'web',
    defaultPort: null,
    priority: 30,
    start: ({ outputPath, mainFile }) => `node ${outputPath}/${mainFile}`,
  },
];

/** Executor families that build a static front end (framework for the record). */
const STATIC_FRAMEWORK_BY_EXECUTOR: readonly { pattern: RegExp; framework: string }[] = [
  { pattern: /^@nxtensions\/astro:/, framework: 'astro' },
  { pattern: /^@(?:nrwl|nx)\/angular:|^@angular-devkit\/build-angular:/, framework: 'angular' },
];

/**
 * One Nx application (a project.json without a package.json) as a service. Nx runs every command
 * from the workspace root, so build, start and outputDir are relative to that root (the evidence
 * says so). Null for libraries and for applications nothing starts.
 */
export function detectNxProject(
  fs: RepoFs,
  project: NxProject,
  rootPkg: ParsedPackage,
  packages: ReadonlyMap<string, ParsedPackage>,
  packageDirs: readonly string[],
  stopDir: string,
): { service: Service | null; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  if (project.projectType === 'library') return { service: null, diagnostics };
  const build = project.targets.build ?? null;
  const serve = project.targets.serve ?? null;
  const startTarget = project.targets.start ?? null;
  const projectLine = (name: string): number | undefined => targetLine(fs, project, name);
  const at = (t: string, reason: string, confidence: Evidence['confidence']): Evidence => ({
    file: project.file,
    ...(projectLine(t) ? { line: projectLine(t) } : {}),
    reason,
    confidence,
  });

  const matches = NX_EXECUTORS.filter((e) => {
    const t = e.target === 'build' ? build : serve;
    return !!t?.executor && e.pattern.test(t.executor);
  }).sort((a, b) => b.priority - a.priority);
  const executor = matches[0] ?? null;
  const staticBuild = matches.find((m) => m.kind === 'static') && !matches.some((m) => m.kind === 'web');

  const outputPath = outputPathOf(project, build);
  const mainFile = mainFileOf(build);
  const rootLabel = project.root === '.' ? 'the workspace root' : project.root;
  const evidence: Partial<Record<FactName, Evidence[]>> = {};

  // Start: the project's own start command, else its Node server executor, else nothing.
  let start: string | null = null;
  if (!staticBuild) {
    if (startTarget && startTarget.commands.length === 1) {
      start = startTarget.commands[0] as string;
      evidence.start = [at('start', `the start target runs "${start}" (from ${rootLabel})`, 'explicit')];
    } else if (executor?.start) {
      start = executor.start({ outputPath, mainFile });
      const t = executor.target;
      evidence.start = [
        at(
          t,
          `the ${t} target uses ${(t === 'build' ? build : serve)?.executor}, which runs the build output: ${start} (from ${rootLabel}, where Nx runs commands)`,
          'strong',
        ),
      ];
    }
  }
  if (!start && !staticBuild) return { service: null, diagnostics };

  const nested = packageDirs.filter((d) => isUnder(d, project.dir) && d !== project.dir);
  const src = collectSources(fs, project.dir, nested);
  diagnostics.push(...src.diagnostics);
  const env = detectEnv(fs, project.dir, src.sources);
  diagnostics.push(...env.diagnostics);

  // The workspace's dependencies are shared; the ones this project imports are its own.
  const imported = importedDependencies(src.sources, rootPkg);
  const own: ParsedPackage = { ...rootPkg, pkg: { ...rootPkg.pkg, ...imported } };
  const importedFramework = detectFramework(
    own,
    () => true,
    NODE_FRAMEWORKS.filter((f) => f.kind === 'web'),
  );
  const frameworkId =
    executor?.framework ??
    STATIC_FRAMEWORK_BY_EXECUTOR.find((s) => build?.executor && s.pattern.test(build.executor))?.framework ??
    importedFramework?.entry.id ??
    null;
  if (executor?.framework) {
    evidence.framework = [
      at(executor.target, `the ${executor.target} executor is ${executor.framework}'s`, 'strong'),
    ];
  } else if (frameworkId && build?.executor && staticBuild) {
    evidence.framework = [
      at('build', `the build executor ${build.executor} builds ${frameworkId}`, 'strong'),
    ];
  } else if (importedFramework) {
    evidence.framework = [
      {
        file: src.sources.find((s) => importsOf(s).has(importedFramework.dependency))?.path ?? project.file,
        reason: `imports ${importedFramework.dependency}, a dependency of the workspace`,
        confidence: 'strong',
      },
    ];
  }

  const pm = detectPackageManager(fs, rootPkg, packages, stopDir);
  diagnostics.push(...pm.diagnostics);
  evidence.packageManager = pm.evidence;
  evidence.install = [
    ...pm.installEvidence,
    { file: rootPkg.file, reason: `installed at ${rootLabel}, for every Nx project`, confidence: 'strong' },
  ];
  const version = detectNodeVersion(fs, rootPkg, stopDir);
  diagnostics.push(...version.diagnostics);
  if (version.evidence.length > 0) evidence.languageVersion = version.evidence;
  evidence.language = [
    { file: project.file, reason: 'an Nx project of a Node.js workspace', confidence: 'explicit' },
  ];

  let buildCmd: string | null = null;
  if (build) {
    const config = build.configurations.includes('production') ? ':production' : '';
    buildCmd = `node_modules/.bin/nx run ${project.name}:build${config}`;
    evidence.build = [
      at(
        'build',
        `Nx builds the project${config ? ' with its production configuration' : ''} from ${rootLabel}`,
        'explicit',
      ),
    ];
    evidence.outputDir = [
      at(
        'build',
        `the build writes ${outputPath} (relative to ${rootLabel}, where Nx runs commands)`,
        build.options.outputPath ? 'explicit' : 'weak',
      ),
    ];
  }

  let port: number | null = null;
  let kind: ServiceKind;
  if (staticBuild) {
    kind = 'static';
    evidence.kind = [at('build', `the build executor ${build?.executor} builds a static site`, 'strong')];
  } else {
    const found = detectPort(src.sources, [joinRel(project.dir, `src/${mainFile.replace(/\.js$/, '.ts')}`)]);
    const defaultPort =
      executor?.defaultPort ??
      (importedFramework?.profile.kind === 'web' ? importedFramework.profile.defaultPort : null);
    if (found) {
      port = found.port;
      evidence.port = [found.evidence];
    } else if (defaultPort) {
      port = defaultPort;
      evidence.port = [
        {
          file: evidence.framework?.[0]?.file ?? project.file,
          reason: `no port in the code; ${frameworkId} apps usually listen on ${port}`,
          confidence: 'weak',
        },
      ];
    }
    const servesHttp = executor?.kind === 'web' || importedFramework !== null || port !== null;
    kind = servesHttp ? 'web' : 'worker';
    evidence.kind = [
      servesHttp
        ? (evidence.port?.[0] ?? {
            ...(evidence.start?.[0] as Evidence),
            reason: 'an Nx application served as a long-running Node process',
            confidence: 'weak',
          })
        : {
            file: project.file,
            reason: 'it starts, but no HTTP framework or port was found',
            confidence: 'weak',
          },
    ];
  }

  let healthPath: string | null = null;
  if (kind === 'web') {
    const h = detectHealthPath(src.sources);
    if (h) {
      healthPath = h.path;
      evidence.healthPath = [h.evidence];
    }
  }
  const backing = detectBacking(fs, own, new Set(env.env.map((e) => e.name)), []);
  diagnostics.push(...backing.diagnostics);

  return {
    service: {
      name: serviceNameFor(project.name, project.dir),
      path: project.dir,
      kind,
      language: 'node',
      languageVersion: version.version,
      framework: frameworkId,
      packageManager: pm.id,
      commands: { install: pm.install, build: buildCmd, start: kind === 'static' ? null : start },
      port,
      healthPath,
      outputDir: build ? outputPath : null,
      backing: backing.backing,
      env: env.env,
      evidence,
    },
    diagnostics,
  };
}

/** `outputPath` of the build target (Nx tokens resolved), else Nx's default `dist/<project folder>`. */
function outputPathOf(project: NxProject, build: NxTarget | null): string {
  const raw = build?.options.outputPath;
  const rel = project.root === '.' ? project.dir : path.posix.relative(project.root, project.dir);
  if (typeof raw === 'string' && raw.trim() !== '') {
    return raw
      .replace(/\{workspaceRoot\}\/?/g, '')
      .replace(/\{projectRoot\}/g, rel)
      .replace(/\{projectName\}/g, project.name)
      .replace(/^\.\//, '')
      .replace(/\/+$/, '');
  }
  return `dist/${rel}`;
}

/** The emitted entry file: the build's `main` (src/main.ts) as `main.js`. */
function mainFileOf(build: NxTarget | null): string {
  const main = build?.options.main;
  if (typeof main !== 'string') return 'main.js';
  return `${path.posix.basename(main).replace(/\.[cm]?[jt]sx?$/, '')}.js`;
}

function targetLine(fs: RepoFs, project: NxProject, target: string): number | undefined {
  const r = fs.readText(project.file);
  if (!r.ok) return undefined;
  const i = r.text.indexOf(`"${target}"`, project.line ? lineOffset(r.text, project.line) : 0);
  return i === -1 ? project.line : lineAt(r.text, i);
}

function lineOffset(text: string, line: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const next = text.indexOf('\n', offset);
    if (next === -1) break;
    offset = next + 1;
  }
  return offset;
}

/** Bare module specifiers imported or required by a source file (`express`, `@nestjs/core`). */
export function importsOf(src: SourceFile): Set<string> {
  const out = new Set<string>();
  const re =
    /\bfrom\s*['"]([^'"./][^'"]*)['"]|\brequire\(\s*['"]([^'"./][^'"]*)['"]\s*\)|\bimport\(\s*['"]([^'"./][^'"]*)['"]\s*\)|\bimport\s*['"]([^'"./][^'"]*)['"]/g;
  for (const m of src.code.matchAll(re)) {
    const spec = (m[1] ?? m[2] ?? m[3] ?? m[4]) as string;
    const parts = spec.split('/');
    out.add(spec.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] as string));
  }
  return out;
}

/** The root package's dependencies that the project's sources import. */
function importedDependencies(
  sources: readonly SourceFile[],
  rootPkg: ParsedPackage,
): { dependencies: Record<string, string>; devDependencies: Record<string, string> } {
  const used = new Set<string>();
  for (const s of sources) for (const i of importsOf(s)) used.add(i);
  const pick = (deps: Record<string, string>) =>
    Object.fromEntries(Object.entries(deps).filter(([k]) => used.has(k)));
  return { dependencies: pick(rootPkg.pkg.dependencies), devDependencies: pick(rootPkg.pkg.devDependencies) };
}
