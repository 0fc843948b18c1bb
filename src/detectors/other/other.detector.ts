import path from 'node:path';
import type { Diagnostic } from '../../model/diagnostic.js';
import type { Evidence } from '../../model/evidence.js';
import type { FactName, Service, ServiceKind } from '../../model/service.js';
import type { RepoFs } from '../../repo/repo-fs.js';
import { DENO_ENTRIES } from '../deno/entry.js';
import { serviceNameFor } from '../dns-label.js';
import { ancestorDirs, dirOf, isTestData, isUnder, joinRel } from '../paths.js';
import { manifestsAnywhere, serverSourcesIn } from '../shared/app-manifests.js';
import { portFromCommand, readProcfile } from '../shared/procfile.js';
import { findToolPin } from '../shared/tool-pins.js';
import type { DetectContext, Detector, DetectResult } from '../types.js';
import { type Ecosystem, OTHER_ECOSYSTEMS, type OtherFramework } from './ecosystems.js';
import { fillTemplate, type ManifestFacts } from './manifest.js';
import { readPeerConfig } from './peer-config.js';
import { detectShellService } from './shell.js';
import { collectSources, detectSourceEnv, detectSourceHealth, detectSourcePort } from './source-scan.js';

/**
 * Language-only detection for ecosystems without a dedicated detector (Clojure, Scala, Crystal, Dart,
 * Gleam, Haskell, Swift, Zig, C/C++, COBOL, Scheme; see {@link OTHER_ECOSYSTEMS}), plus shell
 * services: a start script or a configured command in a folder no manifest claims.
 */
export const otherDetector: Detector = {
  id: 'other',
  detect: detectOther,
};

interface Candidate {
  dir: string;
  eco: Ecosystem;
  /** Repo path of the marker file. */
  file: string;
}

const EXAMPLE_DIRS = new Set(['example', 'examples', 'sample', 'samples']);

function matches(eco: Ecosystem, name: string): boolean {
  return eco.markers.some((m) => ('name' in m ? m.name === name : m.pattern.test(name)));
}

/** Every (folder, ecosystem) a marker file reveals, first marker file by path. */
export function findCandidates(
  fs: RepoFs,
  root: string,
  table: readonly Ecosystem[] = OTHER_ECOSYSTEMS,
): Candidate[] {
  const byKey = new Map<string, Candidate>();
  for (const f of fs.filesUnder(root)) {
    if (isTestData(f)) continue;
    const name = path.posix.basename(f);
    for (const eco of table) {
      if (!matches(eco, name)) continue;
      let dir = dirOf(f);
      if (eco.markerSubdir && path.posix.basename(dir) === eco.markerSubdir && dir !== root) dir = dirOf(dir);
      const key = `${dir}\0${eco.id}`;
      if (!byKey.has(key)) byKey.set(key, { dir, eco, file: f });
    }
  }
  const all = [...byKey.values()];
  // A marker below a project of the same language is part of it (CMake subdirectories, a Stack
  // project's packages) or one of its examples; only `separate` ecosystems keep their nested projects.
  return all.filter((c) => {
    const above = ancestorDirs(c.dir).slice(1);
    const parent = above.find((d) => all.some((o) => o.dir === d && o.eco.language === c.eco.language));
    if (!parent) return true;
    if (c.eco.nested === 'part-of-parent') return false;
    const rel = parent === '.' ? c.dir : c.dir.slice(parent.length + 1);
    return !rel.split('/').some((seg) => EXAMPLE_DIRS.has(seg));
  });
}

function detectOther(ctx: DetectContext): DetectResult {
  const { fs } = ctx;
  const diagnostics: Diagnostic[] = [];
  const services: Service[] = [];
  const candidates = findCandidates(fs, ctx.dir);
  const dirs = [...new Set(candidates.map((c) => c.dir))].sort();
  for (const dir of dirs) {
    const here = candidates
      .filter((c) => c.dir === dir)
      .sort((a, b) => b.eco.priority - a.eco.priority || a.eco.id.localeCompare(b.eco.id));
    const [best, ...rest] = here as [Candidate, ...Candidate[]];
    const deferred = best.eco.deferTo?.find((f) => fs.exists(joinRel(dir, f)));
    if (deferred) {
      diagnostics.push({
        severity: 'info',
        file: best.file,
        message: `${path.posix.basename(best.file)} beside ${deferred} builds native code for that package, not a service of its own`,
      });
      continue;
    }
    const r = analyze(fs, best, rest, dirs);
    diagnostics.push(...r.diagnostics);
    if (r.service) services.push(r.service);
  }

  const shell = shellAtRoot(fs, ctx.dir, candidates.length > 0);
  diagnostics.push(...shell.diagnostics);
  if (shell.service) services.push(shell.service);
  return { services, diagnostics };
}

/** A shell service at the root when nothing else in the repository is an application. */
function shellAtRoot(
  fs: RepoFs,
  dir: string,
  hasOtherProjects: boolean,
): { service: Service | null; diagnostics: Diagnostic[] } {
  const none = { service: null, diagnostics: [] };
  if (hasOtherProjects) return none;
  if (manifestsAnywhere(fs).some((f) => isUnder(f, dir))) return none;
  if (serverSourcesIn(fs, dir).length > 0) return none;
  if (DENO_ENTRIES.some((e) => fs.exists(joinRel(dir, e.file)))) return none;
  const peer = readPeerConfig(fs, dir);
  const r = detectShellService(fs, dir, peer);
  return { service: r?.service ?? null, diagnostics: [...peer.diagnostics, ...(r?.diagnostics ?? [])] };
}

function pickFramework(eco: Ecosystem, facts: ManifestFacts, fs: RepoFs, dir: string) {
  const present = eco.frameworks
    .map((fw) => ({ fw, dep: facts.dependencies.find((d) => d.name === fw.dependency) }))
    .filter((x): x is { fw: OtherFramework; dep: ManifestFacts['dependencies'][number] } => !!x.dep)
    .filter((x) => !x.fw.appMarker || fs.exists(joinRel(dir, x.fw.appMarker)))
    .sort((a, b) => b.fw.priority - a.fw.priority || a.fw.id.localeCompare(b.fw.id));
  const best = present[0];
  if (!best) return null;
  const outranks = [
    ...new Set(
      present
        .slice(1)
        .map((p) => p.fw.id)
        .filter((id) => id !== best.fw.id),
    ),
  ];
  const evidence: Evidence = {
    ...best.dep.evidence,
    reason: `${best.dep.evidence.reason}${outranks.length ? ` (outranks ${outranks.join(', ')})` : ''}`,
    confidence: 'strong',
  };
  return { fw: best.fw, evidence };
}

function analyze(
  fs: RepoFs,
  c: Candidate,
  outranked: readonly Candidate[],
  serviceDirs: readonly string[],
): { service: Service | null; diagnostics: Diagnostic[] } {
  const { eco, dir, file } = c;
  const diagnostics: Diagnostic[] = [];
  const evidence: Partial<Record<FactName, Evidence[]>> = {};
  const r = fs.readText(file);
  if (!r.ok) {
    diagnostics.push({
      severity: 'warning',
      file,
      message: `cannot read ${path.posix.basename(file)} (${r.reason}): ${r.message}; only its presence is used`,
      fix: 'make the file readable',
    });
  }
  const facts = eco.read({ fs, dir, file, text: r.ok ? r.text : '' });
  diagnostics.push(...facts.diagnostics);
  const framework = pickFramework(eco, facts, fs, dir);
  if (facts.deployable?.value === false && framework?.fw.kind !== 'static') {
    diagnostics.push({
      severity: 'info',
      file,
      message: `${dir === '.' ? 'the repository root' : dir} is not a service: ${facts.deployable.reason}`,
      fix: 'declare the service in shipready.config.yaml if it is deployable',
    });
    return { service: null, diagnostics };
  }

  const markerName = path.posix.basename(file);
  const language = facts.language?.value ?? eco.language;
  evidence.language = [
    facts.language?.evidence ?? {
      file,
      reason: `${markerName} marks a ${language} project${outranked.length ? ` (outranks ${outranked.map((o) => path.posix.basename(o.file)).join(', ')})` : ''}`,
      confidence: 'explicit',
    },
  ];
  if (eco.packageManager) {
    evidence.packageManager = [
      { file, reason: `${markerName} is a ${eco.packageManager} project`, confidence: 'explicit' },
    ];
  }
  if (framework) evidence.framework = [framework.evidence];

  // Version: a tool pin (what developers build with) outranks the manifest's stated minimum.
  const pin = findToolPin(fs, dir, eco.versionTools, eco.versionFiles);
  diagnostics.push(...pin.diagnostics);
  const version =
    pin.pin ?? (facts.version ? { version: facts.version.value, evidence: facts.version.evidence } : null);
  if (version) evidence.languageVersion = [version.evidence];

  // Commands: framework templates over the reader's over the ecosystem's, then explicit config over all.
  const name = serviceNameFor(facts.name?.value ?? null, dir);
  // `{port}` is filled once the port is known (a Vapor `--port` must agree with the detected port).
  const vars: Record<string, string> = { name: facts.name?.value ?? name, port: '{port}' };
  const varEvidence: Record<string, Evidence> = {};
  for (const [k, v] of Object.entries(facts.vars)) {
    vars[k] = v.value;
    varEvidence[k] = v.evidence;
  }
  for (const [k, v] of Object.entries({ exe: '{name}', entry: '{name}', ...eco.defaults })) {
    if (vars[k] !== undefined) continue;
    vars[k] = v.replace('{name}', vars.name as string);
    varEvidence[k] = {
      file,
      reason: `${markerName} does not say; ${k} defaults to ${vars[k]}`,
      confidence: 'weak',
    };
  }
  const commands: Service['commands'] = { install: null, build: null, start: null };
  for (const step of ['install', 'build', 'start'] as const) {
    const fromFramework =
      framework?.fw.commands && step in framework.fw.commands ? framework.fw.commands[step] : undefined;
    const fromReader = facts.commands[step];
    const template =
      fromFramework !== undefined ? fromFramework : fromReader ? fromReader.template : eco.commands[step];
    if (template === null || template === undefined) continue;
    const value = fillTemplate(template, vars);
    if (value === null) {
      diagnostics.push({
        severity: 'warning',
        file,
        message: `no ${step} command: ${markerName} does not name what to ${step}`,
        fix: `set the ${step} command in shipready.config.yaml`,
      });
      continue;
    }
    commands[step] = value;
    const used = [...template.matchAll(/\{(\w+)\}/g)]
      .map((m) => varEvidence[m[1] as string])
      .filter((e): e is Evidence => !!e);
    const base: Evidence =
      fromFramework !== undefined && framework
        ? {
            ...framework.evidence,
            reason: `${framework.fw.id} apps ${step} with \`${value}\``,
            confidence: 'strong',
          }
        : fromReader
          ? fromReader.evidence
          : {
              file,
              reason: step === 'start' ? `${eco.startReason}` : `${eco.id} convention: ${value}`,
              confidence: 'strong',
            };
    evidence[step] = [base, ...used];
  }

  // Explicit start commands: a build tool's config, then a Procfile, each listed as evidence.
  let explicitPort: { port: number; evidence: Evidence } | null = null;
  const peer = readPeerConfig(fs, dir);
  diagnostics.push(...peer.diagnostics);
  const procfile = readProcfile(fs, dir);
  if (procfile) diagnostics.push(...procfile.diagnostics);
  const proc = procfile?.entries.find((e) => e.type === 'web');
  const explicit: Evidence[] = [];
  let explicitStart: string | null = null;
  if (peer.start) {
    explicitStart = peer.start.value;
    explicit.push(peer.start.evidence);
  }
  if (proc && procfile) {
    explicitStart ??= proc.command;
    explicit.push({
      file: procfile.file,
      line: proc.line,
      reason: `Procfile web: ${proc.command}`,
      confidence: 'explicit',
    });
  }
  if (explicitStart !== null) {
    if (commands.start && commands.start !== explicitStart) {
      explicit.push({
        ...((evidence.start ?? [])[0] as Evidence),
        reason: `overridden: ${eco.language} convention is \`${commands.start}\``,
        confidence: 'weak',
      });
    }
    commands.start = explicitStart;
    evidence.start = explicit;
    const p = portFromCommand(explicitStart);
    if (p !== null)
      explicitPort = {
        port: p,
        evidence: { ...(explicit[0] as Evidence), reason: `the start command binds port ${p}` },
      };
  }
  if (peer.build) {
    commands.build = peer.build.value;
    evidence.build = [peer.build.evidence];
  }
  if (peer.install) {
    commands.install = peer.install.value;
    evidence.install = [peer.install.evidence];
  }

  const src = collectSources(fs, dir, eco.sourceExtensions, eco.lineComment, serviceDirs, eco.vendorDirs);
  diagnostics.push(...src.diagnostics);
  const isStatic = framework?.fw.kind === 'static';
  let port: number | null = null;
  if (!isStatic) {
    const found = explicitPort ?? detectSourcePort(src.sources, language);
    if (found) {
      port = found.port;
      evidence.port = [found.evidence];
      if (framework?.fw.defaultPort && framework.fw.defaultPort !== found.port) {
        evidence.port.push({
          ...framework.evidence,
          reason: `${framework.fw.id} defaults to ${framework.fw.defaultPort}, outranked`,
          confidence: 'weak',
        });
      }
    } else if (framework?.fw.defaultPort) {
      port = framework.fw.defaultPort;
      evidence.port = [
        {
          ...framework.evidence,
          reason: `no port in the code; ${framework.fw.id} apps listen on ${port} by default`,
          confidence: 'weak',
        },
      ];
    }
  }

  for (const step of ['install', 'build', 'start'] as const) {
    if (commands[step]?.includes('{port}'))
      commands[step] = (commands[step] as string).replaceAll('{port}', String(port ?? 8080));
  }

  let kind: ServiceKind;
  if (isStatic && framework) {
    kind = 'static';
    evidence.kind = [
      { ...framework.evidence, reason: `${framework.fw.id} builds static files a web server serves` },
    ];
  } else if (framework?.fw.kind === 'web') {
    kind = 'web';
    evidence.kind = [{ ...framework.evidence, reason: `${framework.fw.id} is a web framework` }];
  } else if (port !== null && evidence.port?.[0]) {
    kind = 'web';
    evidence.kind = [{ ...evidence.port[0], reason: `listens on a port (${evidence.port[0].reason})` }];
  } else {
    kind = 'worker';
    evidence.kind = [
      { file, reason: 'no web framework or listening port found: a worker', confidence: 'weak' },
    ];
  }
  if (kind === 'web' && port === null) {
    diagnostics.push({
      severity: 'info',
      file,
      message: `${name} looks like a web service but no port was found`,
      fix: 'set the port in shipready.config.yaml',
    });
  }
  let healthPath: string | null = null;
  if (kind === 'web') {
    const health = detectSourceHealth(src.sources);
    if (health) {
      healthPath = health.path;
      evidence.healthPath = [health.evidence];
    }
  }
  const outputDir = isStatic ? (framework?.fw.outputDir ?? null) : null;
  if (outputDir && framework)
    evidence.outputDir = [{ ...framework.evidence, reason: `${framework.fw.id} builds into ${outputDir}/` }];

  const service: Service = {
    name,
    path: dir,
    kind,
    language,
    languageVersion: version?.version ?? null,
    framework: framework?.fw.id ?? null,
    packageManager: eco.packageManager,
    commands,
    port,
    healthPath,
    outputDir,
    backing: [],
    env: detectSourceEnv(src.sources),
    evidence,
  };
  return { service, diagnostics };
}
