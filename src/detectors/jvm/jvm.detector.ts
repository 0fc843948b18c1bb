import type { Diagnostic } from '../../model/diagnostic.js';
import type { Evidence } from '../../model/evidence.js';
import type { FactName, Service, ServiceKind } from '../../model/service.js';
import type { RepoFs } from '../../repo/repo-fs.js';
import { toDnsLabel } from '../dns-label.js';
import { readProcfile } from '../shared/procfile.js';
import type { DetectContext, Detector, DetectResult } from '../types.js';
import { readAppConfig } from './app-config.js';
import { detectJvmBacking } from './backing.js';
import { jvmCommands } from './commands.js';
import { detectJvmEnv } from './env.js';
import { detectJvmFramework, type JvmFrameworkMatch } from './frameworks.js';
import { detectJvmHealth } from './health.js';
import { detectJvmPort } from './port.js';
import { type JvmProject, loadGradleProjects, loadMavenProjects } from './project.js';
import { collectJvmSources, hasKotlinSources, type SourceFile } from './sources.js';
import { detectJavaVersion } from './version.js';

/** The JVM detector: Maven and Gradle builds (Java or Kotlin); one service per runnable module. */
export const jvmDetector: Detector = {
  id: 'jvm',
  detect: detectJvm,
};

/** Plugins that make a Gradle project runnable on their own. */
const RUNNABLE_GRADLE_PLUGINS = [
  'application',
  'org.springframework.boot',
  'io.quarkus',
  'io.micronaut.application',
  'io.micronaut.minimal.application',
  'io.ktor.plugin',
];
const KOTLIN_PLUGINS = [
  'org.jetbrains.kotlin.jvm',
  'kotlin',
  'org.jetbrains.kotlin:kotlin-maven-plugin',
  'org.jetbrains.kotlin.plugin.spring',
];

export interface ModuleVerdict {
  service: boolean;
  reason: string;
}

/** Whether a module is something that runs (a framework app, a main class, a runnable plugin, a war). */
export function classifyModule(
  project: JvmProject,
  framework: JvmFrameworkMatch | null,
  sources: readonly SourceFile[],
  inMultiModuleBuild: boolean,
): ModuleVerdict {
  if (framework?.plugin) return { service: true, reason: `a ${framework.entry.id} application` };
  const runnable = project.plugins.find((p) => RUNNABLE_GRADLE_PLUGINS.includes(p.id));
  if (runnable) return { service: true, reason: `applies the ${runnable.id} plugin` };
  if (project.mainClass) return { service: true, reason: `main class ${project.mainClass.value}` };
  if (project.maven?.packaging === 'war')
    return { service: true, reason: 'war packaging (a web application)' };
  if (project.aggregator) return { service: false, reason: 'an aggregator of modules' };
  // In a multi-module build, shared modules use the framework too; only the runnable ones are services.
  if (!inMultiModuleBuild) {
    if (framework) return { service: true, reason: `uses ${framework.entry.id}` };
    // A stand-alone build with a main method is an app whose build does not say how to run it.
    if (sources.some((s) => /\bstatic\s+void\s+main\s*\(|^\s*fun\s+main\s*\(/m.test(s.code))) {
      return { service: true, reason: 'has a main method' };
    }
  }
  return { service: false, reason: 'a library: no main class, framework or runnable plugin' };
}

function detectJvm(ctx: DetectContext): DetectResult {
  const { fs } = ctx;
  const diagnostics: Diagnostic[] = [];
  const maven = loadMavenProjects(fs, ctx.dir);
  const gradle = loadGradleProjects(fs, ctx.dir);
  diagnostics.push(...maven.diagnostics, ...gradle.diagnostics);
  // Gradle wins a folder holding both builds (a pom kept for a migration, or generated for publishing).
  const gradleDirs = new Set(gradle.projects.map((p) => p.dir));
  const projects = [...gradle.projects, ...maven.projects.filter((p) => !gradleDirs.has(p.dir))];
  for (const p of maven.projects.filter((x) => gradleDirs.has(x.dir))) {
    diagnostics.push({
      severity: 'info',
      file: p.file,
      message: `${p.dir === '.' ? 'the root' : p.dir} has both a Gradle build and pom.xml; the Gradle build is used`,
      fix: 'delete the build file you no longer use',
    });
  }
  const moduleDirs = projects.map((p) => p.dir);
  const services: Service[] = [];
  for (const project of projects) {
    const src = collectJvmSources(fs, project.dir, moduleDirs);
    const framework = detectJvmFramework(project);
    const multi = projects.some(
      (p) => p !== project && p.buildRoot === project.buildRoot && p.tool === project.tool,
    );
    const verdict = classifyModule(project, framework, src.sources, multi);
    if (!verdict.service) continue;
    diagnostics.push(...src.diagnostics);
    const r = analyzeModule(fs, ctx.dir, project, framework, src.sources, verdict);
    services.push(r.service);
    diagnostics.push(...r.diagnostics);
  }
  services.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.name < b.name ? -1 : 1));
  return { services, diagnostics };
}

function analyzeModule(
  fs: RepoFs,
  rootDir: string,
  project: JvmProject,
  framework: JvmFrameworkMatch | null,
  sources: readonly SourceFile[],
  verdict: ModuleVerdict,
): { service: Service; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const evidence: Partial<Record<FactName, Evidence[]>> = {};
  const buildFileEv: Evidence = {
    file: project.file,
    reason: `${project.tool === 'maven' ? 'pom.xml' : 'the Gradle build'} makes this a JVM project`,
    confidence: 'explicit',
  };

  const kotlinPlugin = project.plugins.find((p) => KOTLIN_PLUGINS.includes(p.id));
  const kotlin = kotlinPlugin !== undefined || hasKotlinSources(fs, project.dir);
  evidence.language = [
    kotlinPlugin
      ? {
          file: kotlinPlugin.file,
          line: kotlinPlugin.line,
          reason: `applies the Kotlin plugin ${kotlinPlugin.id}`,
          confidence: 'strong',
        }
      : kotlin
        ? { file: project.file, reason: 'sources live in src/main/kotlin', confidence: 'strong' }
        : buildFileEv,
  ];

  const version = detectJavaVersion(fs, project, rootDir);
  diagnostics.push(...version.diagnostics);
  if (version.evidence.length > 0) evidence.languageVersion = version.evidence;

  evidence.packageManager = [buildFileEv];
  if (framework) evidence.framework = framework.evidence;

  const cfg = readAppConfig(fs, project.dir);
  diagnostics.push(...cfg.diagnostics);
  const config = cfg.entries;

  const cmds = jvmCommands(fs, project, framework, config);
  evidence.install = cmds.evidence.install;
  if (cmds.evidence.build.length > 0) evidence.build = cmds.evidence.build;
  if (cmds.evidence.outputDir.length > 0) evidence.outputDir = cmds.evidence.outputDir;
  let start = cmds.start;
  const startEvidence = [...cmds.evidence.start];
  if (cmds.problem) {
    diagnostics.push({
      severity: 'warning',
      file: project.file,
      message: cmds.problem.message,
      fix: cmds.problem.fix,
    });
  }

  const portFound = detectJvmPort(framework, config, sources);
  let port = portFound.port;
  const portEvidence = [...portFound.evidence];

  // A Procfile's web process is the owner's own start command: it wins when it runs a plain command.
  const procfile = readProcfile(fs, project.buildRoot);
  if (procfile) diagnostics.push(...procfile.diagnostics);
  const web = procfile?.entries.find((e) => e.type === 'web');
  if (procfile && web && /^java\s/.test(web.command)) {
    const procPort = /-D?-?server\.port=(\d{2,5})\b/.exec(web.command)?.[1];
    if (!web.command.includes('$')) {
      start = web.command;
      startEvidence.unshift({
        file: procfile.file,
        line: web.line,
        reason: `Procfile web process: ${web.command}`,
        confidence: 'explicit',
      });
    } else {
      startEvidence.push({
        file: procfile.file,
        line: web.line,
        reason: `Procfile web process "${web.command}" expands shell variables, so the plain command above is used`,
        confidence: 'weak',
      });
    }
    if (procPort) {
      port = Number(procPort);
      portEvidence.unshift({
        file: procfile.file,
        line: web.line,
        reason: `Procfile sets server.port=${procPort}`,
        confidence: 'explicit',
      });
    }
  }
  if (startEvidence.length > 0) evidence.start = startEvidence;

  let kind: ServiceKind;
  if (framework?.web) {
    kind = 'web';
    evidence.kind = [
      framework.webEvidence ?? {
        ...(framework.evidence[0] as Evidence),
        reason: `${framework.entry.id} serves HTTP`,
      },
    ];
  } else if (project.maven?.packaging === 'war') {
    kind = 'web';
    evidence.kind = [
      { file: project.file, reason: 'war packaging is a web application', confidence: 'strong' },
    ];
  } else if (port !== null && portEvidence[0]) {
    kind = 'web';
    evidence.kind = [{ ...portEvidence[0], reason: `listens on a port (${portEvidence[0].reason})` }];
  } else {
    kind = 'worker';
    evidence.kind = [
      {
        file: project.file,
        reason: `${verdict.reason}, but no HTTP server dependency or listening port was found`,
        confidence: 'weak',
      },
    ];
    port = null;
  }
  if (kind === 'web' && port !== null) evidence.port = portEvidence;

  let healthPath: string | null = null;
  if (kind === 'web') {
    const health = detectJvmHealth(project, framework, config, sources);
    if (health) {
      healthPath = health.path;
      evidence.healthPath = [health.evidence];
    }
  }

  const env = detectJvmEnv(sources, config);
  const backing = detectJvmBacking(project, config, new Set(env.map((e) => e.name)));

  const service: Service = {
    name: toDnsLabel(project.name) || 'app',
    path: project.buildRoot,
    kind,
    language: kotlin ? 'kotlin' : 'java',
    languageVersion: version.version,
    framework: framework?.entry.id ?? null,
    packageManager: project.tool,
    commands: { install: cmds.install, build: cmds.build, start },
    port: kind === 'web' ? port : null,
    healthPath,
    outputDir: cmds.outputDir,
    backing,
    env,
    evidence,
  };
  return { service, diagnostics };
}
