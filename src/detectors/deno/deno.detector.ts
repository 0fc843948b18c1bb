import path from 'node:path';
import type { Diagnostic } from '../../model/diagnostic.js';
import type { Evidence } from '../../model/evidence.js';
import type { BackingService, FactName, Service, ServiceKind } from '../../model/service.js';
import type { RepoFs } from '../../repo/repo-fs.js';
import { serviceNameFor } from '../dns-label.js';
import { detectHealthPath } from '../node/health.js';
import { dirOf, isTestData, isUnder, joinRel } from '../paths.js';
import { manifestsIn, serverSourcesIn } from '../shared/app-manifests.js';
import { isRecord } from '../shared/is-record.js';
import { parseJsonc } from '../shared/jsonc.js';
import { portFromCommand, readProcfile } from '../shared/procfile.js';
import { findToolPin } from '../shared/tool-pins.js';
import type { DetectContext, Detector, DetectResult } from '../types.js';
import { entryOf, portFlag, startFromTasks } from './commands.js';
import { DENO_CONFIG_FILES, type DenoConfig, readDenoConfig } from './deno-config.js';
import { DENO_ENTRIES } from './entry.js';
import { DENO_BACKING, DENO_DEFAULT_PORT, DENO_FRAMEWORKS, type DenoFramework } from './frameworks.js';
import { collectDenoSources, detectDenoEnv, detectDenoPort, sourceImports } from './sources.js';

/** The Deno detector: one service per deno.json / deno.jsonc project, or a root TypeScript entry with no manifest. */
export const denoDetector: Detector = {
  id: 'deno',
  detect: detectDeno,
};

/** Default permissions of the conventional start command: a server needs the network, env and files. */
export const DEFAULT_PERMISSIONS = '--allow-net --allow-env --allow-read';

/** Why a folder is a Deno project. */
interface Project {
  dir: string;
  config: DenoConfig | null;
  /** The evidence that it is Deno at all. */
  language: Evidence;
}

function detectDeno(ctx: DetectContext): DetectResult {
  const { fs } = ctx;
  const diagnostics: Diagnostic[] = [];
  const projects: Project[] = [];
  const configFiles = DENO_CONFIG_FILES.flatMap((n) => fs.filesNamed(n))
    .filter((f) => isUnder(f, ctx.dir) && !isTestData(f))
    .sort();
  const seenDirs = new Set<string>();
  for (const file of configFiles) {
    const dir = dirOf(file);
    if (seenDirs.has(dir)) continue; // deno.json wins over deno.jsonc in one folder (Deno's order)
    seenDirs.add(dir);
    const r = readDenoConfig(fs, file);
    diagnostics.push(...r.diagnostics);
    projects.push({
      dir,
      config: r.config,
      language: {
        file,
        reason: `${path.posix.basename(file)} configures a Deno project`,
        confidence: 'explicit',
      },
    });
  }
  if (!seenDirs.has(ctx.dir)) {
    const bare = bareProject(fs, ctx.dir);
    if (bare) projects.push(bare);
  }
  const projectDirs = projects.map((p) => p.dir);
  const services: Service[] = [];
  for (const p of projects) {
    const r = analyze(fs, p, projectDirs);
    diagnostics.push(...r.diagnostics);
    if (r.service) services.push(r.service);
  }
  return { services, diagnostics };
}

/**
 * A Deno project without a config file: deno.lock, or a TypeScript entry (main.ts, src/index.ts …) in
 * a folder no manifest claims. Deno needs no manifest; Node needs a package.json to run TypeScript.
 */
function bareProject(fs: RepoFs, dir: string): Project | null {
  if (manifestsIn(fs, dir).length > 0 || serverSourcesIn(fs, dir).length > 0) return null;
  const lock = joinRel(dir, 'deno.lock');
  if (fs.exists(lock))
    return {
      dir,
      config: null,
      language: { file: lock, reason: 'deno.lock: dependencies locked by Deno', confidence: 'strong' },
    };
  const entry = [...DENO_ENTRIES]
    .sort((a, b) => b.priority - a.priority)
    .find((e) => fs.exists(joinRel(dir, e.file)));
  if (!entry) return null;
  const file = joinRel(dir, entry.file);
  const r = fs.readText(file);
  const text = r.ok ? r.text : '';
  if (/\bBun\.(serve|file|env)\b/.test(text)) return null;
  const denoish = /\bDeno\.|["'](?:jsr:|npm:|https:\/\/deno\.land\/)/.test(text);
  return {
    dir,
    config: null,
    language: {
      file,
      reason: denoish
        ? `${entry.file} uses Deno APIs or jsr:/npm:/deno.land imports`
        : `${entry.file} with no package.json: TypeScript that runs without a manifest is Deno's convention`,
      confidence: denoish ? 'strong' : 'weak',
    },
  };
}

/** package.json beside deno.json: whether Node owns the folder (it has a start script or main). */
function nodeStart(fs: RepoFs, dir: string): { file: string; start: string | null } | null {
  const file = joinRel(dir, 'package.json');
  if (!fs.exists(file)) return null;
  const r = fs.readText(file);
  if (!r.ok || r.text.trim() === '') return { file, start: null };
  const parsed = parseJsonc(r.text);
  if (!parsed.ok || !isRecord(parsed.value)) return { file, start: null };
  const scripts = isRecord(parsed.value.scripts) ? parsed.value.scripts : {};
  if (typeof scripts.start === 'string') return { file, start: `scripts.start (${scripts.start})` };
  if (typeof parsed.value.main === 'string') return { file, start: `main (${parsed.value.main})` };
  return { file, start: null };
}

function pickFramework(
  fs: RepoFs,
  dir: string,
  specifiers: readonly { specifier: string; evidence: Evidence }[],
): { fw: DenoFramework; evidence: Evidence } | null {
  const found: { fw: DenoFramework; evidence: Evidence }[] = [];
  for (const fw of DENO_FRAMEWORKS) {
    const hit = specifiers.find((s) => fw.specifiers.some((re) => re.test(s.specifier)));
    if (hit) {
      found.push({ fw, evidence: { ...hit.evidence, reason: `${hit.evidence.reason} (${fw.id})` } });
      continue;
    }
    const marker = fw.markerFiles?.find((m) => fs.exists(joinRel(dir, m)));
    if (marker)
      found.push({
        fw,
        evidence: {
          file: joinRel(dir, marker),
          reason: `${marker} is generated by ${fw.id}`,
          confidence: 'strong',
        },
      });
  }
  found.sort((a, b) => b.fw.priority - a.fw.priority || a.fw.id.localeCompare(b.fw.id));
  const [best, ...rest] = found;
  if (!best) return null;
  return rest.length
    ? {
        fw: best.fw,
        evidence: {
          ...best.evidence,
          reason: `${best.evidence.reason}; outranks ${rest.map((r) => r.fw.id).join(', ')}`,
        },
      }
    : best;
}

function analyze(
  fs: RepoFs,
  p: Project,
  projectDirs: readonly string[],
): { service: Service | null; diagnostics: Diagnostic[] } {
  const { dir, config } = p;
  const diagnostics: Diagnostic[] = [];
  const languageEvidence: Evidence[] = [p.language];
  const evidence: Partial<Record<FactName, Evidence[]>> = { language: languageEvidence };
  const hasTasksOrImports =
    !!config && (Object.keys(config.tasks).length > 0 || Object.keys(config.imports).length > 0);

  const node = nodeStart(fs, dir);
  if (node && config) {
    if (node.start || !hasTasksOrImports) {
      diagnostics.push({
        severity: 'info',
        file: config.file,
        message: `${config.file} sits beside ${node.file}, which ${node.start ? `has a Node start (${node.start})` : 'the folder is left to, as deno.json has no tasks or imports'}: treated as a Node.js project`,
        fix: 'remove the start script from package.json if Deno runs this app',
      });
      return { service: null, diagnostics };
    }
    languageEvidence.push({
      file: node.file,
      reason:
        'package.json has no start script or main while deno.json has tasks/imports: Deno runs this app',
      confidence: 'strong',
    });
  }

  const nested = projectDirs.filter((d) => d !== dir && isUnder(d, dir));
  const src = collectDenoSources(fs, dir, nested);
  diagnostics.push(...src.diagnostics);
  const specifiers = [
    ...Object.entries(config?.imports ?? {}).flatMap(([k, v]) => {
      const ev: Evidence = {
        file: config?.importsFile[k] ?? config?.file ?? dir,
        reason: `import map maps ${k} to ${v}`,
        confidence: 'strong',
      };
      return [
        { specifier: k, evidence: ev },
        { specifier: v, evidence: ev },
      ];
    }),
    ...sourceImports(src.sources),
  ];
  const framework = pickFramework(fs, dir, specifiers);
  if (framework) evidence.framework = [framework.evidence];

  // Start: the start task when it runs deno, else the conventional entry.
  const tasks = config ? startFromTasks(config) : { start: null, note: null };
  const procfile = readProcfile(fs, dir);
  if (procfile) diagnostics.push(...procfile.diagnostics);
  const proc = procfile?.entries.find((e) => e.type === 'web');
  let start: string | null = null;
  const startEvidence: Evidence[] = [];
  if (proc && procfile) {
    start = proc.command;
    startEvidence.push({
      file: procfile.file,
      line: proc.line,
      reason: `Procfile web: ${proc.command}`,
      confidence: 'explicit',
    });
  }
  if (tasks.start) {
    start ??= tasks.start.value;
    startEvidence.push(...tasks.start.evidence);
  }
  let entry = start ? entryOf(start) : null;
  if (!start) {
    const fwEntry =
      framework?.fw.entry && fs.exists(joinRel(dir, framework.fw.entry)) ? framework.fw.entry : null;
    entry =
      fwEntry ??
      [...DENO_ENTRIES].sort((a, b) => b.priority - a.priority).find((e) => fs.exists(joinRel(dir, e.file)))
        ?.file ??
      null;
    if (entry) {
      start = `deno run ${framework?.fw.startFlags ?? DEFAULT_PERMISSIONS} ${entry}`;
      startEvidence.push({
        file: joinRel(dir, entry),
        reason: fwEntry
          ? `${framework?.fw.id} apps start from ${entry}`
          : `${entry} is the conventional entry`,
        confidence: 'strong',
      });
    }
  }
  if (tasks.note) startEvidence.push(tasks.note);
  if (startEvidence.length) evidence.start = startEvidence;
  if (!start) {
    if (config?.hasExports || config?.workspace) {
      return { service: null, diagnostics }; // a JSR library or a workspace root: its members are the services
    }
    diagnostics.push({
      severity: 'warning',
      file: config?.file ?? p.language.file,
      message: 'no start command: no start task that runs deno, and no main.ts, server.ts or src/index.ts',
      fix: 'add "tasks": { "start": "deno run --allow-net main.ts" } to deno.json',
    });
  }

  const version = findToolPin(fs, dir, ['deno'], ['.dvmrc']);
  diagnostics.push(...version.diagnostics);
  if (version.pin) evidence.languageVersion = [version.pin.evidence];
  evidence.packageManager = [
    { ...p.language, reason: `${p.language.reason}; Deno manages its own dependencies` },
  ];

  const install = entry ? `deno cache ${entry}` : config ? 'deno install' : null;
  if (install)
    evidence.install = [
      {
        file: config?.file ?? p.language.file,
        reason: entry
          ? `deno cache downloads what ${entry} imports`
          : 'deno install fetches the dependencies in deno.json',
        confidence: 'strong',
      },
    ];
  const build = config?.tasks.build ? 'deno task build' : null;
  if (build && config)
    evidence.build = [
      {
        file: config.file,
        ...(config.tasks.build?.line ? { line: config.tasks.build.line } : {}),
        reason: `task build runs \`${config.tasks.build?.command}\``,
        confidence: 'explicit',
      },
    ];

  // Port: the start command's --port, the code, `deno serve`'s default, then the framework's.
  const entryPath = entry ? joinRel(dir, entry) : null;
  let port: number | null = null;
  const flag = start ? (portFlag(start) ?? portFromCommand(start)) : null;
  const code = detectDenoPort(src.sources, entryPath);
  if (flag !== null) {
    port = flag;
    evidence.port = [{ ...(startEvidence[0] as Evidence), reason: `the start command sets --port ${flag}` }];
  } else if (code) {
    port = code.port;
    evidence.port = [code.evidence];
  } else if (start && /^deno\s+serve\b/.test(start)) {
    port = DENO_DEFAULT_PORT;
    evidence.port = [
      {
        ...(startEvidence[0] as Evidence),
        reason: `deno serve listens on ${DENO_DEFAULT_PORT} by default`,
        confidence: 'strong',
      },
    ];
  } else if (framework) {
    port = framework.fw.defaultPort;
    evidence.port = [
      {
        ...framework.evidence,
        reason: `no port in the code; ${framework.fw.id} on Deno listens on ${port} by default`,
        confidence: 'weak',
      },
    ];
  }
  if (framework && port !== null && port !== framework.fw.defaultPort && evidence.port) {
    evidence.port.push({
      ...framework.evidence,
      reason: `${framework.fw.id} defaults to ${framework.fw.defaultPort}, outranked`,
      confidence: 'weak',
    });
  }

  let kind: ServiceKind;
  if (framework) {
    kind = 'web';
    evidence.kind = [{ ...framework.evidence, reason: `${framework.fw.id} is a web framework` }];
  } else if (port !== null && evidence.port?.[0]) {
    kind = 'web';
    evidence.kind = [{ ...evidence.port[0], reason: `listens on a port (${evidence.port[0].reason})` }];
  } else {
    kind = 'worker';
    evidence.kind = [
      {
        file: p.language.file,
        reason: 'no web framework or listening port found: a worker',
        confidence: 'weak',
      },
    ];
  }

  let healthPath: string | null = null;
  if (kind === 'web') {
    const h = detectHealthPath(src.sources) ?? freshHealthRoute(fs, dir, framework?.fw.id ?? null);
    if (h) {
      healthPath = h.path;
      evidence.healthPath = [h.evidence];
    }
  }

  const envResult = detectDenoEnv(fs, dir, src.sources);
  diagnostics.push(...envResult.diagnostics);
  const envNames = new Set(envResult.env.map((e) => e.name));
  const backing: BackingService[] = [];
  for (const b of DENO_BACKING) {
    const hit = specifiers.find((s) => b.specifiers.some((re) => re.test(s.specifier)));
    if (!hit || backing.some((x) => x.kind === b.kind)) continue;
    backing.push({
      kind: b.kind,
      via: hit.specifier,
      envVar: b.envVars.find((v) => envNames.has(v)) ?? null,
      evidence: [hit.evidence],
    });
  }

  const service: Service = {
    name: serviceNameFor(config?.name ?? null, dir),
    path: dir,
    kind,
    language: 'deno',
    languageVersion: version.pin?.version ?? null,
    framework: framework?.fw.id ?? null,
    packageManager: 'deno',
    commands: { install, build, start },
    port,
    healthPath,
    outputDir: null,
    backing,
    env: envResult.env,
    evidence,
  };
  return { service, diagnostics };
}

/** Fresh routes are files: routes/health.ts serves /health. */
function freshHealthRoute(
  fs: RepoFs,
  dir: string,
  framework: string | null,
): { path: string; evidence: Evidence } | null {
  if (framework !== 'fresh') return null;
  for (const route of ['health', 'healthz', 'api/health', 'api/healthz']) {
    for (const ext of ['ts', 'tsx']) {
      const file = joinRel(dir, `routes/${route}.${ext}`);
      if (fs.exists(file))
        return {
          path: `/${route}`,
          evidence: { file, reason: `Fresh route file ${file}`, confidence: 'strong' },
        };
    }
  }
  return null;
}
