import path from 'node:path';
import type { Diagnostic } from '../../model/diagnostic.js';
import type { Evidence } from '../../model/evidence.js';
import type { EnvVar, FactName, Service, ServiceKind } from '../../model/service.js';
import type { RepoFs } from '../../repo/repo-fs.js';
import { toDnsLabel } from '../dns-label.js';
import { ancestorDirs, dirOf, isTestData, isUnder, joinRel, relativeTo } from '../paths.js';
import { lineAt } from '../text.js';
import type { DetectContext, Detector, DetectResult } from '../types.js';
import { type DotnetFrameworkMatch, detectDotnetFramework } from './frameworks.js';
import {
  type MsBuildProject,
  PROJECT_EXTENSIONS,
  prop,
  readMsBuildProject,
  solutionProjects,
} from './msbuild.js';
import {
  defaultAspNetPort,
  type PortCandidate,
  portsFromAppSettings,
  portsFromCode,
  readAppSettings,
  tfmMajor,
} from './port.js';
import { detectDotnetBacking, detectDotnetEnv, detectDotnetHealth } from './signals.js';
import { collectDotnetSources } from './sources.js';

/** The .NET detector: one service per executable C# / F# project (web apps, workers, console apps). */
export const dotnetDetector: Detector = {
  id: 'dotnet',
  detect: detectDotnet,
};

export interface ProjectVerdict {
  service: boolean;
  reason: string;
}

const TEST_PACKAGES = ['Microsoft.NET.Test.Sdk', 'xunit', 'NUnit', 'MSTest.TestFramework'];
/** SDKs whose projects are executables unless OutputType says otherwise. */
const EXE_SDKS = ['Microsoft.NET.Sdk.Web', 'Microsoft.NET.Sdk.Worker', 'Microsoft.NET.Sdk.BlazorWebAssembly'];
/** Files above a project that take part in its restore/build, so the build must run where they are. */
const BUILD_CONTEXT_FILES = [
  'Directory.Build.props',
  'Directory.Packages.props',
  'Directory.Build.targets',
  'NuGet.config',
  'nuget.config',
  'global.json',
];

/** Whether a project is deployable: an executable that is not a test project or a desktop app. */
export function classifyProject(
  project: MsBuildProject,
  framework: DotnetFrameworkMatch | null,
): ProjectVerdict {
  const base = path.posix.basename(project.file).replace(/\.[cf]sproj$/, '');
  if (prop(project, 'IsTestProject')?.toLowerCase() === 'true')
    return { service: false, reason: 'IsTestProject is true' };
  const testPkg = project.packages.find((p) => TEST_PACKAGES.includes(p.name));
  if (testPkg) return { service: false, reason: `a test project (references ${testPkg.name})` };
  if (/\.(Tests?|UnitTests|IntegrationTests|Specs)$/i.test(base))
    return { service: false, reason: 'a test project (by name)' };
  if (prop(project, 'UseWPF') === 'true' || prop(project, 'UseWindowsForms') === 'true') {
    return { service: false, reason: 'a Windows desktop app' };
  }
  const outputType = prop(project, 'OutputType')?.toLowerCase() ?? null;
  if (framework?.entry.kind === 'static')
    return { service: true, reason: `${framework.entry.id} builds static files` };
  if (outputType === 'exe') return { service: true, reason: 'OutputType is Exe' };
  if (outputType === 'winexe') return { service: false, reason: 'OutputType is WinExe (a desktop app)' };
  if (outputType === 'library') return { service: false, reason: 'a class library (OutputType Library)' };
  if (project.sdk && EXE_SDKS.includes(project.sdk))
    return { service: true, reason: `${project.sdk} builds an executable` };
  if (framework) return { service: true, reason: `a ${framework.entry.id} app` };
  return { service: false, reason: 'a class library (no OutputType Exe)' };
}

function detectDotnet(ctx: DetectContext): DetectResult {
  const { fs } = ctx;
  const diagnostics: Diagnostic[] = [];
  const files = fs
    .files()
    .filter(
      (f) =>
        PROJECT_EXTENSIONS[path.posix.extname(f)] !== undefined &&
        isUnder(f, ctx.dir) &&
        !isTestData(f) &&
        !f.split('/').some((s) => s === 'bin' || s === 'obj'),
    );
  const projects: MsBuildProject[] = [];
  for (const f of files) {
    const r = readMsBuildProject(fs, f);
    if (r.ok) projects.push(r.project);
    else diagnostics.push(...r.diagnostics);
  }
  const solutions = readSolutions(fs, ctx.dir, diagnostics);
  const projectDirs = files.map(dirOf);
  const services: Service[] = [];
  for (const project of projects) {
    const framework = detectDotnetFramework(project);
    const verdict = classifyProject(project, framework);
    if (!verdict.service) continue;
    const r = analyzeProject(fs, ctx.dir, project, framework, verdict, solutions, projectDirs, files);
    services.push(r.service);
    diagnostics.push(...r.diagnostics);
  }
  services.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.name < b.name ? -1 : 1));
  return { services, diagnostics };
}

function readSolutions(
  fs: RepoFs,
  dir: string,
  diagnostics: Diagnostic[],
): { file: string; projects: string[] }[] {
  const out: { file: string; projects: string[] }[] = [];
  for (const f of fs.filesUnder(dir)) {
    if (!(f.endsWith('.sln') || f.endsWith('.slnx'))) continue;
    const r = fs.readText(f);
    if (!r.ok) {
      diagnostics.push({
        severity: 'warning',
        file: f,
        message: `cannot read the solution (${r.reason}): ${r.message}`,
      });
      continue;
    }
    out.push({ file: f, projects: solutionProjects(f, r.text) });
  }
  return out;
}

/** The lowest folder that is an ancestor of (or equal to) every given folder. */
function commonDir(dirs: readonly string[]): string {
  const split = dirs.map((d) => (d === '.' ? [] : d.split('/')));
  const first = split[0] ?? [];
  let n = 0;
  while (n < first.length && split.every((s) => s[n] === first[n])) n++;
  return n === 0 ? '.' : first.slice(0, n).join('/');
}

/**
 * Where the build runs: the project folder, widened to include the solution listing it, build-wide
 * files above it (Directory.Build.props, Directory.Packages.props, NuGet.config, global.json) and
 * the projects it references.
 */
function buildRoot(
  fs: RepoFs,
  rootDir: string,
  project: MsBuildProject,
  solutions: readonly { file: string; projects: string[] }[],
): { dir: string; evidence: Evidence | null } {
  const dirs = [project.dir];
  let why: Evidence | null = null;
  const sln = solutions
    .filter((s) => s.projects.includes(project.file) && isUnder(project.file, dirOf(s.file)))
    .sort((a, b) => b.file.length - a.file.length)[0];
  if (sln) {
    dirs.push(dirOf(sln.file));
    why = {
      file: sln.file,
      reason: `the solution ${path.posix.basename(sln.file)} lists the project`,
      confidence: 'strong',
    };
  }
  for (const d of ancestorDirs(project.dir, rootDir).slice(1)) {
    const hit = BUILD_CONTEXT_FILES.find((f) => fs.exists(joinRel(d, f)));
    if (hit) {
      dirs.push(d);
      why ??= {
        file: joinRel(d, hit),
        reason: `${hit} above the project takes part in its build`,
        confidence: 'strong',
      };
    }
  }
  for (const ref of project.projectReferences) {
    if (!isUnder(ref, project.dir)) {
      dirs.push(dirOf(ref));
      why ??= { file: project.file, reason: `it references ${ref}`, confidence: 'strong' };
    }
  }
  const dir = commonDir(dirs);
  return {
    dir: isUnder(dir, rootDir) || dir === rootDir ? dir : rootDir,
    evidence: dir === project.dir ? null : why,
  };
}

function compareVersions(a: string, b: string): number {
  const [a1 = 0, a2 = 0] = a.split('.').map(Number);
  const [b1 = 0, b2 = 0] = b.split('.').map(Number);
  return a1 - b1 || a2 - b2;
}

/** `net8.0` → `8.0`; `netcoreapp3.1` → `3.1`; `net8.0-windows` → `8.0`; `net48` (.NET Framework) → null. */
export function tfmVersion(tfm: string): string | null {
  const m = /^net(?:coreapp)?(\d+\.\d+)(?:-[\w.]+)?$/i.exec(tfm.trim());
  return m ? (m[1] as string) : null;
}

function analyzeProject(
  fs: RepoFs,
  rootDir: string,
  project: MsBuildProject,
  framework: DotnetFrameworkMatch | null,
  verdict: ProjectVerdict,
  solutions: readonly { file: string; projects: string[] }[],
  projectDirs: readonly string[],
  projectFiles: readonly string[],
): { service: Service; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const evidence: Partial<Record<FactName, Evidence[]>> = {};
  const name = path.posix.basename(project.file).replace(/\.[cf]sproj$/, '');
  const ext = path.posix.extname(project.file);
  evidence.language = [
    {
      file: project.file,
      reason: `${ext} is ${project.language === 'fsharp' ? 'an F#' : 'a C#'} project`,
      confidence: 'explicit',
    },
  ];
  evidence.packageManager = [
    { file: project.file, reason: 'an MSBuild project restored with dotnet (NuGet)', confidence: 'explicit' },
  ];
  if (framework) evidence.framework = framework.evidence;

  // Version: the target framework is what runs; global.json pins the SDK that builds it.
  let languageVersion: string | null = null;
  let publishFramework: string | null = null;
  const tfProp = project.properties.TargetFramework ?? project.properties.TargetFrameworks;
  if (tfProp) {
    const tfms = tfProp.value
      .split(';')
      .map((t) => t.trim())
      .filter(Boolean)
      .map((tfm) => ({ tfm, version: tfmVersion(tfm) }))
      .filter((t): t is { tfm: string; version: string } => t.version !== null)
      .sort((a, b) => compareVersions(b.version, a.version));
    const versions = tfms.map((t) => t.version);
    languageVersion = versions[0] ?? null;
    // A multi-targeted project publishes one framework at a time.
    if (tfms.length > 1) publishFramework = tfms[0]?.tfm ?? null;
    if (languageVersion) {
      evidence.languageVersion = [
        {
          file: project.file,
          ...(tfProp.line ? { line: tfProp.line } : {}),
          reason: `targets ${tfProp.value}${versions.length > 1 ? ` (the newest, ${languageVersion}, is used)` : ''}`,
          confidence: 'explicit',
        },
      ];
    } else {
      diagnostics.push({
        severity: 'warning',
        file: project.file,
        ...(tfProp.line ? { line: tfProp.line } : {}),
        message: `target framework "${tfProp.value}" is .NET Framework or unknown; it does not run on Linux containers`,
        fix: 'retarget the project to net8.0 (or newer) to deploy it in a container',
      });
    }
  }
  const globalJson = readGlobalJson(fs, project.dir, rootDir, diagnostics);
  if (globalJson) {
    evidence.languageVersion = [...(evidence.languageVersion ?? []), globalJson.evidence];
    languageVersion ??= globalJson.version.split('.').slice(0, 2).join('.');
  }

  const root = buildRoot(fs, rootDir, project, solutions);
  const rel = relativeTo(project.file, root.dir);
  const othersInRoot = projectFiles.filter((f) => f !== project.file && dirOf(f) === root.dir);
  const target =
    rel.includes('/') || othersInRoot.length > 0 || solutions.some((s) => dirOf(s.file) === root.dir)
      ? ` ${rel}`
      : '';
  const install = `dotnet restore${target}`;
  const build = `dotnet publish${target} -c Release${publishFramework ? ` -f ${publishFramework}` : ''} -o out --no-restore`;
  const assembly = prop(project, 'AssemblyName') ?? name;
  const isStatic = framework?.entry.kind === 'static';
  const start = isStatic ? null : `dotnet out/${assembly}.dll`;
  evidence.install = [
    {
      file: project.file,
      reason: `dotnet restore${target ? ` of ${rel}` : ''} fetches the NuGet packages`,
      confidence: 'strong',
    },
    ...(root.evidence ? [root.evidence] : []),
  ];
  evidence.build = [
    {
      file: project.file,
      reason: 'dotnet publish writes the app and its dependencies to out/',
      confidence: 'strong',
    },
  ];
  if (start) {
    const asmLine = project.properties.AssemblyName?.line;
    evidence.start = [
      {
        file: project.file,
        ...(asmLine ? { line: asmLine } : {}),
        reason: `the published assembly is ${assembly}.dll (${project.properties.AssemblyName ? 'AssemblyName' : 'the project file name'})`,
        confidence: 'strong',
      },
    ];
  }
  const outputDir = isStatic ? `out/${framework?.entry.staticDir ?? 'wwwroot'}` : 'out';
  evidence.outputDir = [
    {
      file: project.file,
      reason: `dotnet publish -o out${isStatic ? ' puts the site in out/wwwroot' : ''}`,
      confidence: 'strong',
    },
  ];

  const src = collectDotnetSources(fs, project.dir, projectDirs);
  diagnostics.push(...src.diagnostics);
  const settings = readAppSettings(fs, project.dir);
  diagnostics.push(...settings.diagnostics);

  let kind: ServiceKind;
  let port: number | null = null;
  let portEnv: EnvVar | null = null;
  const candidates: PortCandidate[] = [
    ...portsFromAppSettings(settings.files),
    ...portsFromCode(src.sources),
  ];
  candidates.sort((a, b) => b.rank - a.rank || a.evidence.file.localeCompare(b.evidence.file));
  if (isStatic) {
    kind = 'static';
    evidence.kind = [
      { ...(framework?.evidence[0] as Evidence), reason: `${framework?.entry.id} publishes static files` },
    ];
  } else if (framework?.entry.kind === 'web' || candidates.length > 0) {
    kind = 'web';
    const best = candidates[0];
    if (best) {
      port = best.port;
      evidence.port = candidates.slice(0, 5).map((c) => c.evidence);
    } else {
      const d = defaultAspNetPort(tfmMajor(languageVersion));
      port = d.port;
      const ev: Evidence = {
        file: project.file,
        line: 1,
        reason: `no URL configured; ${d.reason} (launchSettings.json is for local development only)`,
        confidence: 'weak',
      };
      evidence.port = [ev];
      portEnv = { name: d.envVar, secret: false, default: d.value, evidence: [ev] };
    }
    evidence.kind = [
      framework?.entry.kind === 'web'
        ? { ...(framework.evidence[0] as Evidence), reason: `${framework.entry.id} serves HTTP` }
        : {
            ...(candidates[0] as PortCandidate).evidence,
            reason: `listens on a port (${(candidates[0] as PortCandidate).evidence.reason})`,
          },
    ];
  } else {
    kind = 'worker';
    evidence.kind = [
      {
        file: project.file,
        ...(project.sdk ? { line: 1 } : {}),
        reason: `${verdict.reason}; no web SDK or listening port, so it runs as a background process`,
        confidence: project.sdk === 'Microsoft.NET.Sdk.Worker' ? 'strong' : 'weak',
      },
    ];
  }

  let healthPath: string | null = null;
  if (kind === 'web') {
    const h = detectDotnetHealth(src.sources);
    if (h) {
      healthPath = h.path;
      evidence.healthPath = [h.evidence];
    }
  }
  const read = detectDotnetEnv(src.sources);
  const env =
    portEnv && !read.some((e) => e.name === portEnv.name)
      ? [...read, portEnv].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      : read;
  const backing = detectDotnetBacking(project, env);

  const service: Service = {
    name: toDnsLabel(assembly) || toDnsLabel(name) || 'app',
    path: root.dir,
    kind,
    language: project.language,
    languageVersion,
    framework: framework?.entry.id ?? null,
    packageManager: 'dotnet',
    commands: { install, build, start },
    port,
    healthPath,
    outputDir,
    backing,
    env,
    evidence,
  };
  return { service, diagnostics };
}

/** global.json's `sdk.version` in the project folder or above. */
function readGlobalJson(
  fs: RepoFs,
  dir: string,
  stop: string,
  diagnostics: Diagnostic[],
): { version: string; evidence: Evidence } | null {
  for (const d of ancestorDirs(dir, stop)) {
    const file = joinRel(d, 'global.json');
    if (!fs.exists(file)) continue;
    const r = fs.readText(file);
    if (!r.ok) {
      diagnostics.push({
        severity: 'warning',
        file,
        message: `cannot read global.json (${r.reason}): ${r.message}`,
      });
      return null;
    }
    if (r.text.trim() === '') return null;
    let data: unknown;
    try {
      data = JSON.parse(r.text.replace(/^\uFEFF/, ''));
    } catch (e) {
      diagnostics.push({
        severity: 'warning',
        file,
        message: `invalid JSON in global.json: ${e instanceof Error ? e.message : String(e)}`,
        fix: 'fix the JSON; dotnet refuses to run while it is invalid',
      });
      return null;
    }
    const version = (data as { sdk?: { version?: unknown } } | null)?.sdk?.version;
    if (typeof version !== 'string' || !/^\d+\.\d+/.test(version)) return null;
    const idx = r.text.indexOf('"version"');
    return {
      version,
      evidence: {
        file,
        ...(idx >= 0 ? { line: lineAt(r.text, idx) } : {}),
        reason: `global.json pins the .NET SDK ${version}`,
        confidence: 'explicit',
      },
    };
  }
  return null;
}
