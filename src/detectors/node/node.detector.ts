import path from 'node:path';
import type { Diagnostic } from '../../model/diagnostic.js';
import type { Evidence } from '../../model/evidence.js';
import type { FactName, Service, ServiceKind } from '../../model/service.js';
import type { RepoFs } from '../../repo/repo-fs.js';
import { serviceNameFor } from '../dns-label.js';
import { ancestorDirs, dirOf, isTestData, isUnder, joinRel } from '../paths.js';
import type { DetectContext, Detector, DetectResult } from '../types.js';
import { detectBacking } from './backing.js';
import { detectBuild, detectStart, type StartResult } from './commands.js';
import { detectEnv } from './env.js';
import { detectFramework, type FrameworkMatch } from './frameworks.js';
import { detectHealthPath } from './health.js';
import { detectPackageManager } from './package-manager.js';
import { keyLine, type ParsedPackage, parsePackageJson } from './parse-package-json.js';
import { detectPort } from './port.js';
import { collectSources } from './source-files.js';
import { detectNodeVersion } from './version.js';

/** The Node.js detector: one service per deployable package.json (any depth). */
export const nodeDetector: Detector = {
  id: 'node',
  detect: detectNode,
};

export interface PackageVerdict {
  service: boolean;
  reason: string;
}

function detectNode(ctx: DetectContext): DetectResult {
  const { fs } = ctx;
  const diagnostics: Diagnostic[] = [];
  const manifestFiles = fs.files().filter(
    (f) =>
      path.posix.basename(f) === 'package.json' &&
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

  const services: Service[] = [];
  for (const target of packages.values()) {
    const hasFile = (rel: string): boolean => fs.exists(joinRel(target.dir, rel));
    const framework = detectFramework(target, hasFile);
    const verdict = classifyPackage(target, packages, framework);
    if (!verdict.service) continue;
    const r = analyzePackage(fs, ctx.dir, target, packages, packageDirs, framework);
    services.push(r.service);
    diagnostics.push(...r.diagnostics);
  }
  services.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { services, diagnostics };
}

/**
 * Whether a package is deployable. A start script always makes it one. A workspace root without a
 * start script is not; neither is a library (exports/types/bin fields, or a workspace member with
 * only `main`). Otherwise a known framework, or a `main` entry, makes it a service.
 */
export function classifyPackage(
  target: ParsedPackage,
  packages: ReadonlyMap<string, ParsedPackage>,
  framework: FrameworkMatch | null,
): PackageVerdict {
  const { pkg } = target;
  if (pkg.scripts.start !== undefined || pkg.scripts['start:prod'] !== undefined) {
    return { service: true, reason: 'has a start script' };
  }
  if (pkg.workspaces !== null) return { service: false, reason: 'workspace root without a start script' };
  const library = pkg.libraryFields.length > 0;
  if (framework && !(library && framework.entry.kind === 'web')) {
    return { service: true, reason: `depends on ${framework.entry.dependency}` };
  }
  if (library) return { service: false, reason: `library (has ${pkg.libraryFields.join(', ')})` };
  const member = ancestorDirs(target.dir)
    .slice(1)
    .some((d) => packages.get(d)?.pkg.workspaces != null);
  if (pkg.main && !member) return { service: true, reason: `main is ${pkg.main}` };
  return { service: false, reason: member ? 'workspace member that nothing starts' : 'nothing starts it' };
}

function analyzePackage(
  fs: RepoFs,
  rootDir: string,
  target: ParsedPackage,
  packages: ReadonlyMap<string, ParsedPackage>,
  packageDirs: readonly string[],
  framework: FrameworkMatch | null,
): { service: Service; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const evidence: Partial<Record<FactName, Evidence[]>> = {};
  const { dir, pkg } = target;
  const hasFile = (rel: string): boolean => fs.exists(joinRel(dir, rel));
  const nested = packageDirs.filter((d) => d !== dir && isUnder(d, dir));

  const tsconfig = hasFile('tsconfig.json') ? joinRel(dir, 'tsconfig.json') : null;
  evidence.language = [
    { file: target.file, reason: 'package.json makes this a Node.js package', confidence: 'explicit' },
    ...(tsconfig
      ? [{ file: tsconfig, reason: 'written in TypeScript (tsconfig.json)', confidence: 'strong' as const }]
      : []),
  ];

  const version = detectNodeVersion(fs, target, rootDir);
  diagnostics.push(...version.diagnostics);
  if (version.evidence.length > 0) evidence.languageVersion = version.evidence;

  const pm = detectPackageManager(fs, target, packages, rootDir);
  diagnostics.push(...pm.diagnostics);
  evidence.packageManager = pm.evidence;
  evidence.install = pm.installEvidence;

  const isStatic = framework?.entry.kind === 'static';
  if (framework) evidence.framework = framework.evidence;

  const build = detectBuild(target, pm.id, tsconfig);
  evidence.build = build.evidence;

  let start: StartResult;
  if (isStatic) {
    start = {
      value: null,
      evidence: [
        {
          file: target.file,
          reason: `${framework?.entry.id} builds static files; a web server serves them, nothing starts`,
          confidence: 'strong',
        },
      ],
      env: {},
      entry: null,
    };
  } else {
    start = detectStart(target, pm.id, framework?.entry ?? null, hasFile);
    if (start.value === null) {
      diagnostics.push({
        severity: 'warning',
        file: target.file,
        message: 'no start command: no start script, main or server.js',
        fix: 'add "start": "node <entry file>" to scripts',
      });
    }
  }
  if (start.evidence.length > 0) evidence.start = start.evidence;

  const src = collectSources(fs, dir, nested);
  diagnostics.push(...src.diagnostics);
  const env = detectEnv(fs, dir, src.sources);
  diagnostics.push(...env.diagnostics);

  let port: number | null = null;
  if (!isStatic) {
    const found = detectPort(src.sources, entryCandidates(dir, start.entry));
    if (found) {
      port = found.port;
      evidence.port = [found.evidence];
    } else if (framework?.entry.defaultPort) {
      port = framework.entry.defaultPort;
      evidence.port = [
        {
          file: target.file,
          line: keyLine(target.text, framework.entry.dependency, framework.section),
          reason: `no port in the code; ${framework.entry.id} apps usually listen on ${port}`,
          confidence: 'weak',
        },
      ];
    }
  }

  let kind: ServiceKind;
  if (isStatic) {
    kind = 'static';
    evidence.kind = [
      {
        file: target.file,
        line: keyLine(target.text, framework.entry.dependency, framework.section),
        reason: `${framework.entry.dependency} builds a static site and no server framework is a runtime dependency`,
        confidence: 'strong',
      },
    ];
  } else if (framework?.entry.kind === 'web') {
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
    const health = detectHealthPath(src.sources);
    if (health) {
      healthPath = health.path;
      evidence.healthPath = [health.evidence];
    }
  }

  const backing = detectBacking(fs, target, new Set(env.env.map((e) => e.name)), nested);
  diagnostics.push(...backing.diagnostics);

  const output = detectOutputDir(fs, target, framework, tsconfig, build.value !== null);
  if (output) evidence.outputDir = [output.evidence];

  const service: Service = {
    name: serviceNameFor(pkg.name, dir),
    path: dir,
    kind,
    language: 'node',
    languageVersion: version.version,
    framework: framework?.entry.id ?? null,
    packageManager: pm.id,
    commands: { install: pm.install, build: build.value, start: start.value },
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
function entryCandidates(dir: string, entry: string | null): string[] {
  if (!entry) return [];
  const rel = entry.replace(/^\.\//, '');
  const withExt = /\.[cm]?[jt]s$/.test(rel) ? rel : `${rel}.js`;
  const ts = withExt.replace(/^(dist|build|out|lib)\//, 'src/').replace(/\.([cm]?)js$/, '.$1ts');
  return [joinRel(dir, withExt), joinRel(dir, ts)];
}

function detectOutputDir(
  fs: RepoFs,
  target: ParsedPackage,
  framework: FrameworkMatch | null,
  tsconfig: string | null,
  hasBuild: boolean,
): { dir: string; evidence: Evidence } | null {
  const clean = (d: string): string => d.replace(/^\.\//, '').replace(/\/+$/, '') || '.';
  if (framework?.entry.id === 'vite') {
    for (const name of [
      'vite.config.ts',
      'vite.config.mts',
      'vite.config.js',
      'vite.config.mjs',
      'vite.config.cjs',
    ]) {
      const file = joinRel(target.dir, name);
      const r = fs.readText(file);
      if (!r.ok) continue;
      const m = /\boutDir\s*:\s*['"`]([^'"`]+)['"`]/.exec(r.text);
      if (m) {
        return {
          dir: clean(m[1] as string),
          evidence: {
            file,
            line: r.text.slice(0, m.index).split('\n').length,
            reason: `build.outDir is "${m[1]}"`,
            confidence: 'explicit',
          },
        };
      }
    }
  }
  if (tsconfig && hasBuild && framework?.entry.kind !== 'static') {
    const r = fs.readText(tsconfig);
    const m = r.ok ? /"outDir"\s*:\s*"([^"]+)"/.exec(r.text) : null;
    if (r.ok && m) {
      return {
        dir: clean(m[1] as string),
        evidence: {
          file: tsconfig,
          line: r.text.slice(0, m.index).split('\n').length,
          reason: `compilerOptions.outDir is "${m[1]}"`,
          confidence: 'strong',
        },
      };
    }
  }
  if (framework?.entry.outputDir) {
    return {
      dir: framework.entry.outputDir,
      evidence: {
        file: target.file,
        line: keyLine(target.text, framework.entry.dependency, framework.section),
        reason: `${framework.entry.id} builds into ${framework.entry.outputDir}/ by default`,
        confidence: 'weak',
      },
    };
  }
  return null;
}
