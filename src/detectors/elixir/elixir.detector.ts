import path from 'node:path';
import type { Diagnostic } from '../../model/diagnostic.js';
import type { Evidence } from '../../model/evidence.js';
import type {
  BackingKind,
  BackingService,
  EnvVar,
  FactName,
  Service,
  ServiceKind,
} from '../../model/service.js';
import type { RepoFs } from '../../repo/repo-fs.js';
import { toDnsLabel } from '../dns-label.js';
import { isTestData, isUnder, joinRel } from '../paths.js';
import type { DetectContext, Detector, DetectResult } from '../types.js';
import {
  detectElixirFramework,
  ELIXIR_BACKING,
  ELIXIR_BACKING_ENV,
  type ElixirFrameworkMatch,
} from './frameworks.js';
import { type MixProject, readMixProject } from './mix.js';
import {
  collectElixirSources,
  detectElixirEnv,
  detectElixirHealth,
  detectElixirPort,
  detectElixirVersion,
  type SourceFile,
} from './signals.js';

/** The Elixir detector: one service per Mix project (or umbrella) that starts an application. */
export const elixirDetector: Detector = {
  id: 'elixir',
  detect: detectElixir,
};

export interface MixVerdict {
  service: boolean;
  reason: string;
}

/** Whether a Mix project runs: an application callback, a web framework, an escript or an umbrella release. */
export function classifyMixProject(
  project: MixProject,
  children: readonly MixProject[],
  framework: ElixirFrameworkMatch | null,
): MixVerdict {
  if (project.appsPath !== null) {
    const starts = children.some((c) => c.mod !== null) || framework !== null;
    return starts
      ? { service: true, reason: `an umbrella whose apps start a supervision tree` }
      : { service: false, reason: 'an umbrella of libraries' };
  }
  if (framework) return { service: true, reason: `a ${framework.entry.id} app` };
  if (project.mod) return { service: true, reason: `starts ${project.mod.value}` };
  if (project.escript) return { service: true, reason: 'builds an escript' };
  return { service: false, reason: 'a library (no application callback module)' };
}

function detectElixir(ctx: DetectContext): DetectResult {
  const { fs } = ctx;
  const diagnostics: Diagnostic[] = [];
  const files = fs
    .filesNamed('mix.exs')
    .filter(
      (f) =>
        isUnder(f, ctx.dir) && !isTestData(f) && !f.split('/').some((s) => s === 'deps' || s === '_build'),
    );
  const projects: MixProject[] = [];
  for (const f of files) {
    const r = readMixProject(fs, f);
    diagnostics.push(...r.diagnostics);
    if (r.ok) projects.push(r.project);
  }
  // Apps of an umbrella are built and released through the umbrella root.
  const umbrellaOf = (p: MixProject): MixProject | undefined =>
    projects.find((u) => u !== p && u.appsPath !== null && isUnder(p.dir, joinRel(u.dir, u.appsPath)));
  const services: Service[] = [];
  for (const project of projects) {
    if (umbrellaOf(project)) continue;
    const children = projects.filter((c) => umbrellaOf(c) === project);
    const framework = detectElixirFramework([project, ...children]);
    const verdict = classifyMixProject(project, children, framework);
    if (!verdict.service) continue;
    const r = analyzeProject(fs, ctx.dir, project, children, framework, verdict);
    services.push(r.service);
    diagnostics.push(...r.diagnostics);
  }
  services.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { services, diagnostics };
}

function analyzeProject(
  fs: RepoFs,
  rootDir: string,
  project: MixProject,
  children: readonly MixProject[],
  framework: ElixirFrameworkMatch | null,
  verdict: MixVerdict,
): { service: Service; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const evidence: Partial<Record<FactName, Evidence[]>> = {};
  const all = [project, ...children];
  const mixEv: Evidence = {
    file: project.file,
    reason: 'mix.exs defines a Mix project',
    confidence: 'explicit',
  };
  evidence.language = [mixEv];
  evidence.packageManager = [
    fs.exists(joinRel(project.dir, 'mix.lock'))
      ? {
          file: joinRel(project.dir, 'mix.lock'),
          reason: 'mix.lock pins the Hex dependencies',
          confidence: 'explicit',
        }
      : mixEv,
  ];
  if (framework) evidence.framework = framework.evidence;

  const version = detectElixirVersion(
    fs,
    project.dir,
    rootDir,
    // An umbrella root rarely states the Elixir requirement; its apps do.
    requirementOf(all),
  );
  diagnostics.push(...version.diagnostics);
  if (version.evidence.length > 0) evidence.languageVersion = version.evidence;

  const appName = project.app?.value ?? null;
  const release = project.releases[0] ?? (project.appsPath === null ? appName : null);
  const name =
    toDnsLabel(release ?? appName ?? path.posix.basename(project.dir === '.' ? 'app' : project.dir)) || 'app';

  const src = collectElixirSources(
    fs,
    project.dir,
    all.map((p) => p.dir),
  );
  diagnostics.push(...src.diagnostics);

  // Commands. MIX_ENV=prod is set on each step so every one builds the production configuration.
  const install = 'mix deps.get --only prod';
  evidence.install = [
    {
      file: project.file,
      reason: 'Mix fetches the Hex dependencies the production build needs',
      confidence: 'strong',
    },
  ];
  const hasAssetsDeploy = all.some((p) => p.aliases.includes('assets.deploy'));
  let build: string;
  let start: string | null;
  let outputDir: string | null;
  if (project.escript && !project.mod && !framework) {
    const bin = project.escript.name ?? appName ?? 'app';
    build = 'MIX_ENV=prod mix escript.build';
    start = `./${bin}`;
    outputDir = '.';
    evidence.build = [
      {
        file: project.file,
        line: project.escript.line,
        reason: 'escript: builds a self-contained script',
        confidence: 'strong',
      },
    ];
    evidence.start = [
      {
        file: project.file,
        line: project.escript.line,
        reason: `the escript is written to ./${bin}`,
        confidence: 'strong',
      },
    ];
  } else {
    const steps = ['MIX_ENV=prod mix compile'];
    if (hasAssetsDeploy) steps.push('MIX_ENV=prod mix assets.deploy');
    steps.push('MIX_ENV=prod mix release');
    build = steps.join(' && ');
    evidence.build = [
      {
        file: project.file,
        reason: `mix release builds a self-contained release${hasAssetsDeploy ? '; the assets.deploy alias builds and digests the static assets first' : ''}`,
        confidence: 'strong',
      },
    ];
    if (release) {
      start = `_build/prod/rel/${release}/bin/${release} start`;
      outputDir = `_build/prod/rel/${release}`;
      evidence.start = [
        {
          file: project.file,
          line: project.releases[0] ? undefined : project.app?.line,
          reason: project.releases[0]
            ? `the release ${release} is defined under releases:`
            : `the release is named after the app :${release}`,
          confidence: 'strong',
        },
      ];
    } else {
      start = null;
      outputDir = null;
      diagnostics.push({
        severity: 'warning',
        file: project.file,
        message: 'an umbrella project without releases: in mix.exs cannot be released',
        fix: 'add releases: [my_app: [applications: [app_a: :permanent, app_b: :permanent]]] to project/0',
      });
    }
  }
  if (outputDir)
    evidence.outputDir = [
      { file: project.file, reason: `the build writes ${outputDir}`, confidence: 'strong' },
    ];

  // Port and kind.
  const found = detectElixirPort(src.sources);
  let kind: ServiceKind;
  let port: number | null = null;
  if (framework || found) {
    kind = 'web';
    evidence.kind = [
      framework
        ? { ...(framework.evidence[0] as Evidence), reason: `${framework.entry.id} serves HTTP` }
        : {
            ...(found?.evidence[0] as Evidence),
            reason: `listens on a port (${found?.evidence[0]?.reason})`,
          },
    ];
    if (found) {
      port = found.port;
      evidence.port = found.evidence;
    } else if (framework) {
      port = framework.entry.defaultPort;
      evidence.port = [
        {
          file: framework.file,
          line: framework.evidence[0]?.line,
          reason: `no port in the production config; ${framework.entry.id} apps listen on ${port} by default`,
          confidence: 'weak',
        },
      ];
    }
  } else if (project.escript && !project.mod) {
    kind = 'job';
    evidence.kind = [
      {
        file: project.file,
        line: project.escript.line,
        reason: 'an escript runs and exits',
        confidence: 'weak',
      },
    ];
  } else {
    kind = 'worker';
    evidence.kind = [
      {
        file: project.file,
        line: project.mod?.line,
        reason: `${verdict.reason}; no web server dependency`,
        confidence: 'weak',
      },
    ];
  }

  let healthPath: string | null = null;
  if (kind === 'web') {
    const h = detectElixirHealth(src.sources);
    if (h) {
      healthPath = h.path;
      evidence.healthPath = [h.evidence];
    }
  }

  const env = withPhoenixServer(detectElixirEnv(src.sources), framework, src.sources, project);
  const backing = detectBacking(all, new Set(env.map((e) => e.name)));

  const service: Service = {
    name,
    path: project.dir,
    kind,
    language: 'elixir',
    languageVersion: version.version,
    framework: framework?.entry.id ?? null,
    packageManager: 'mix',
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

/**
 * A Phoenix release serves HTTP only when the endpoint has `server: true`; since Phoenix 1.6.3
 * runtime.exs sets it from PHX_SERVER. The variable is listed with the default `true` so the
 * container starts the endpoint (weak when runtime.exs could not be read to confirm it).
 */
function withPhoenixServer(
  env: EnvVar[],
  framework: ElixirFrameworkMatch | null,
  sources: readonly SourceFile[],
  project: MixProject,
): EnvVar[] {
  if (framework?.entry.id !== 'phoenix') return env;
  const existing = env.find((e) => e.name === 'PHX_SERVER');
  if (existing) return env.map((e) => (e === existing ? { ...e, default: e.default ?? 'true' } : e));
  const runtime = sources.find((s) => s.configRank === 3);
  // runtime.exs that was read and does not mention PHX_SERVER: the app starts its endpoint another way.
  if (runtime && runtime.code.trim() !== '') return env;
  const phxServer: EnvVar = {
    name: 'PHX_SERVER',
    secret: false,
    default: 'true',
    evidence: [
      {
        file: runtime?.path ?? project.file,
        reason:
          'a Phoenix release starts its endpoint only when PHX_SERVER is set (the phx.gen.release convention); no runtime.exs content confirms how this app does it',
        confidence: 'weak',
      },
    ],
  };
  return [...env, phxServer].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function detectBacking(projects: readonly MixProject[], envNames: ReadonlySet<string>): BackingService[] {
  const byKind = new Map<BackingKind, BackingService>();
  for (const entry of ELIXIR_BACKING) {
    for (const p of projects) {
      const dep = p.deps.find((d) => d.prod && d.name === entry.dependency);
      if (!dep) continue;
      const ev: Evidence = {
        file: p.file,
        line: dep.line,
        reason: `depends on :${dep.name}`,
        confidence: 'strong',
      };
      const prev = byKind.get(entry.kind);
      if (prev) prev.evidence.push(ev);
      else {
        byKind.set(entry.kind, {
          kind: entry.kind,
          via: dep.name,
          envVar: ELIXIR_BACKING_ENV[entry.kind].find((v) => envNames.has(v)) ?? null,
          evidence: [ev],
        });
      }
    }
  }
  return [...byKind.values()].sort((a, b) => a.kind.localeCompare(b.kind));
}

/** The `elixir:` requirement of the first project (root first) that states one. */
function requirementOf(
  projects: readonly MixProject[],
): { value: string; line: number; file: string } | null {
  const p = projects.find((x) => x.elixir !== null);
  return p?.elixir ? { ...p.elixir, file: p.file } : null;
}
