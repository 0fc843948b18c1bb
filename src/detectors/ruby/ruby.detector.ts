import path from 'node:path';
import type { Diagnostic } from '../../model/diagnostic.js';
import type { Evidence } from '../../model/evidence.js';
import type { FactName, Service, ServiceKind } from '../../model/service.js';
import type { RepoFs } from '../../repo/repo-fs.js';
import { serviceNameFor, toDnsLabel } from '../dns-label.js';
import { dirOf, isTestData, isUnder, joinRel } from '../paths.js';
import { type ProcfileEntry, portFromCommand, readProcfile } from '../shared/procfile.js';
import type { DetectContext, Detector, DetectResult } from '../types.js';
import { detectRubyBacking } from './backing.js';
import { nodeInstall, type RubyCommand, rubyInstall, splitReleaseTasks } from './commands.js';
import { detectRubyEnv, type ImplicitEnvVar } from './env.js';
import {
  detectRubyFramework,
  pickRackServer,
  RUBY_STATIC_GENERATORS,
  RUBY_WORKERS,
  type RubyFrameworkMatch,
  type RubyStaticEntry,
} from './frameworks.js';
import { GEMFILE_NAMES, type GemIndex, readGems } from './gemfile.js';
import { detectRubyHealth } from './health.js';
import { detectRubyPort } from './port.js';
import { collectRubySources, type RubySource } from './ruby-source.js';
import { detectRubyVersion } from './version.js';

/** The Ruby detector: one web service per deployable Bundler app, plus its worker processes. */
export const rubyDetector: Detector = {
  id: 'ruby',
  detect: detectRuby,
};

/** Scripts that run a plain Ruby app, most conventional first. */
export const RUBY_ENTRY_SCRIPTS = [
  'app.rb',
  'main.rb',
  'server.rb',
  'application.rb',
  'web.rb',
  'bot.rb',
  'worker.rb',
  'run.rb',
  'start.rb',
  'index.rb',
] as const;

/** Proxies a Rails app runs behind in its own container (Rails 8's Thruster: HTTP on 80 → Puma on 3000). */
export const RUBY_PROXIES: readonly { gem: string; port: number; wrap: (cmd: string) => string }[] = [
  { gem: 'thruster', port: 80, wrap: (cmd) => `bundle exec thrust ${cmd}` },
];

/** Gems and folders that mean `rails assets:precompile` has work to do. */
const RAILS_ASSET_GEMS = [
  'sprockets-rails',
  'propshaft',
  'importmap-rails',
  'jsbundling-rails',
  'cssbundling-rails',
  'tailwindcss-rails',
  'dartsass-rails',
  'webpacker',
  'shakapacker',
  'vite_rails',
];

function detectRuby(ctx: DetectContext): DetectResult {
  const { fs } = ctx;
  const manifestNames: readonly string[] = GEMFILE_NAMES.map((n) => n.manifest);
  const apps = new Map<string, string>();
  const manifests = manifestNames.flatMap((n) => fs.filesNamed(n)).sort();
  for (const f of manifests) {
    const base = path.posix.basename(f);
    if (!isUnder(f, ctx.dir) || isTestData(f) || inTestFolder(f)) continue;
    const dir = dirOf(f);
    // Gemfile wins over gems.rb in the same folder (Bundler's own order).
    if (!apps.has(dir) || base === 'Gemfile') apps.set(dir, base);
  }
  const appDirs = [...apps.keys()].sort();
  const services: Service[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const dir of appDirs) {
    const nested = appDirs.filter((d) => d !== dir && isUnder(d, dir));
    const r = analyzeApp(fs, ctx.dir, dir, apps.get(dir) as string, nested);
    services.push(...r.services);
    diagnostics.push(...r.diagnostics);
  }
  return { services, diagnostics };
}

/** Test suites hold dummy apps (a Rails engine's spec/dummy), never a service of the repo. */
function inTestFolder(file: string): boolean {
  return file
    .split('/')
    .slice(0, -1)
    .some((seg) => seg === 'spec' || seg === 'test' || seg === 'tests');
}

interface WebStart {
  value: string | null;
  evidence: Evidence[];
  /** Files whose port settings apply to this command (config/puma.rb, the entry script). */
  portFiles: string[];
  /** A port the command itself fixes (`-p 3000`), with evidence. */
  commandPort: { port: number; evidence: Evidence } | null;
  /** The port the framework's server listens on when nothing says otherwise. */
  defaultPort: { port: number; evidence: Evidence } | null;
  /** True when the web process is declared (Procfile web line) rather than inferred. */
  declared: boolean;
}

function analyzeApp(
  fs: RepoFs,
  rootDir: string,
  dir: string,
  manifestName: string,
  nested: readonly string[],
): { services: Service[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const hasFile = (rel: string): boolean => fs.exists(joinRel(dir, rel));
  const gemsRead = readGems(fs, dir, manifestName);
  diagnostics.push(...gemsRead.diagnostics);
  const gems = gemsRead.index;
  const manifest = gemsRead.manifest;

  const procfile = readProcfile(fs, dir);
  if (procfile) diagnostics.push(...procfile.diagnostics);
  const framework = detectRubyFramework(gems, hasFile, dir);
  const entryScript = findEntryScript(fs, dir, framework);
  // A Procfile beside a tooling-only Gemfile (fastlane, danger) belongs to another ecosystem's app.
  const ownsFolder = framework !== null || entryScript !== null;
  const procEntries = (procfile?.entries ?? []).filter((e) => ownsFolder || isRubyCommand(e.command));
  const webEntry = procEntries.find((e) => e.type === 'web') ?? null;
  const releaseEntry = procEntries.find((e) => e.type === 'release') ?? null;
  const workerEntries = procEntries.filter((e) => e.type !== 'web' && e.type !== 'release');

  const staticGen =
    !framework && !webEntry ? detectRubyFramework(gems, hasFile, dir, RUBY_STATIC_GENERATORS) : null;

  if (!webEntry && workerEntries.length === 0 && !framework && !entryScript && !staticGen) {
    // A gem (library) or a Gemfile for tooling: nothing to deploy.
    return { services: [], diagnostics };
  }

  const evidence: Partial<Record<FactName, Evidence[]>> = {};
  evidence.language = [
    {
      file: manifest,
      reason: `${path.posix.basename(manifest)} makes this a Bundler (Ruby) app`,
      confidence: 'explicit',
    },
  ];
  evidence.packageManager = [
    gems.lockFile
      ? { file: gems.lockFile, reason: 'Bundler lockfile', confidence: 'explicit' }
      : { file: manifest, reason: 'Bundler manifest (no lockfile)', confidence: 'strong' },
  ];

  const version = detectRubyVersion(fs, dir, gems, rootDir);
  diagnostics.push(...version.diagnostics);
  if (version.evidence.length > 0) evidence.languageVersion = version.evidence;
  if (framework) evidence.framework = framework.evidence;

  const rails = framework?.entry.id === 'rails';
  const packageJson = hasFile('package.json') ? joinRel(dir, 'package.json') : null;
  const assetGem = rails ? RAILS_ASSET_GEMS.map((g) => gems.direct(g)).find((h) => h !== null) : undefined;
  const nodeAssets =
    rails && packageJson ? { command: nodeInstall(hasFile).command, file: packageJson } : null;
  const install = rubyInstall(gems, manifest, nodeAssets);
  if (!gems.lockFile) {
    diagnostics.push({
      severity: 'info',
      file: manifest,
      message: 'no Gemfile.lock: the image resolves gem versions at build time',
      fix: 'run `bundle lock` and commit Gemfile.lock for reproducible builds',
    });
  }
  evidence.install = install.evidence;

  const build = rubyBuild(fs, gems, dir, framework, assetGem ?? null, packageJson);
  evidence.build = build.evidence;

  const src = collectRubySources(fs, dir, nested);
  diagnostics.push(...src.diagnostics);

  if (staticGen) {
    const r = staticSite(fs, dir, staticGen, evidence, src.sources);
    diagnostics.push(...r.diagnostics);
    return {
      services: [
        {
          name: appName(fs, dir),
          path: dir,
          kind: 'static',
          language: 'ruby',
          languageVersion: version.version,
          framework: staticGen.entry.id,
          packageManager: 'bundler',
          commands: { install: install.value, build: staticGen.entry.build, start: null },
          port: null,
          healthPath: null,
          outputDir: r.outputDir,
          backing: [],
          env: r.env,
          evidence,
        },
      ],
      diagnostics,
    };
  }

  const web = webStart(dir, hasFile, gems, framework, entryScript, webEntry, procfile?.file ?? null);
  const releaseNotes = releaseEvidence(dir, hasFile, rails, releaseEntry, procfile?.file ?? null, web);

  // Port: the command's own flag beats the code's settings, which beat the framework default.
  let port: number | null = null;
  const portCandidates: Evidence[] = [];
  const codePort = detectRubyPort(src.sources, web.portFiles);
  if (web.commandPort) {
    port = web.commandPort.port;
    portCandidates.push(web.commandPort.evidence);
  }
  if (codePort) {
    port ??= codePort.port;
    portCandidates.push(
      portCandidates.length > 0 && codePort.port !== port
        ? {
            ...codePort.evidence,
            reason: `${codePort.evidence.reason}; the start command's port wins`,
            confidence: 'weak',
          }
        : codePort.evidence,
    );
  }
  if (web.defaultPort && (web.value !== null || framework)) {
    if (port === null) {
      port = web.defaultPort.port;
      portCandidates.push(web.defaultPort.evidence);
    } else if (web.defaultPort.port !== port) {
      portCandidates.push({
        ...web.defaultPort.evidence,
        reason: `${web.defaultPort.evidence.reason}; overridden`,
      });
    }
  }
  if (portCandidates.length > 0) evidence.port = portCandidates;

  let kind: ServiceKind;
  if (web.declared && webEntry && procfile) {
    kind = 'web';
    evidence.kind = [
      {
        file: procfile.file,
        line: webEntry.line,
        reason: 'the Procfile declares a web process',
        confidence: 'explicit',
      },
    ];
  } else if (framework && web.value !== null) {
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
        file: web.evidence[0]?.file ?? manifest,
        reason: 'it runs, but no web framework, Procfile web line or listening port was found',
        confidence: 'weak',
      },
    ];
  }
  if (web.value !== null || web.evidence.length > 0) evidence.start = [...web.evidence, ...releaseNotes];

  let healthPath: string | null = null;
  if (kind === 'web') {
    const health = detectRubyHealth(src.sources);
    if (health) {
      healthPath = health.path;
      evidence.healthPath = [health.evidence];
    }
  }

  // Env first (so backing can name the variable), then implicit variables from the backing services.
  const implicit: ImplicitEnvVar[] = [];
  if (rails) {
    const creds = ['config/credentials.yml.enc', 'config/credentials/production.yml.enc'].find((f) =>
      hasFile(f),
    );
    if (creds) {
      implicit.push({
        name: 'RAILS_MASTER_KEY',
        evidence: {
          file: joinRel(dir, creds),
          reason: `decrypts ${creds} in production (or set SECRET_KEY_BASE)`,
          confidence: 'strong',
        },
      });
    }
  }
  const firstEnv = detectRubyEnv(fs, dir, src.sources, implicit);
  const backing = detectRubyBacking(fs, dir, gems, new Set(firstEnv.env.map((e) => e.name)), rails);
  diagnostics.push(...backing.diagnostics);
  const env =
    backing.implicitEnv.length > 0
      ? detectRubyEnv(fs, dir, src.sources, [...implicit, ...backing.implicitEnv])
      : firstEnv;
  diagnostics.push(...env.diagnostics);

  const baseName = appName(fs, dir);
  const base: Service = {
    name: baseName,
    path: dir,
    kind,
    language: 'ruby',
    languageVersion: version.version,
    framework: framework?.entry.id ?? null,
    packageManager: 'bundler',
    commands: { install: install.value, build: build.value, start: web.value },
    port: kind === 'web' ? port : null,
    healthPath,
    outputDir: null,
    backing: backing.backing,
    env: env.env,
    evidence,
  };
  if (kind !== 'web') {
    delete evidence.port;
    delete evidence.healthPath;
  }

  const services: Service[] = [];
  const hasMain =
    webEntry !== null || framework !== null || (entryScript !== null && workerEntries.length === 0);
  if (hasMain) {
    if (web.value === null) {
      diagnostics.push({
        severity: 'warning',
        file: manifest,
        message: 'no start command: no Procfile web line, config.ru or entry script (app.rb, main.rb …)',
        fix: 'add a Procfile with `web: <command>` or a config.ru',
      });
    }
    services.push(base);
  }

  for (const w of workerServices(dir, hasFile, gems, workerEntries, procfile?.file ?? null, framework)) {
    services.push({
      ...base,
      name: `${baseName}-${w.suffix}`.slice(0, 63).replace(/-+$/, ''),
      kind: 'worker',
      commands: { ...base.commands, start: w.start },
      port: null,
      healthPath: null,
      evidence: { ...withoutWebFacts(evidence), kind: [w.evidence], start: [w.evidence] },
    });
  }
  return { services, diagnostics };
}

/** Programs that run Ruby code; a Procfile command starting with one belongs to a Ruby app. */
const RUBY_PROGRAMS = new Set([
  'bundle',
  'ruby',
  'rails',
  'rake',
  'puma',
  'unicorn',
  'thin',
  'falcon',
  'rackup',
  'sidekiq',
  'hanami',
  'jekyll',
  'thrust',
]);

/** True when a command runs Ruby: `bundle exec …`, `ruby x.rb`, `bin/rails …`, `puma …`. */
export function isRubyCommand(command: string): boolean {
  const words = command.trim().split(/\s+/);
  while (words.length > 0 && (/^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0] as string) || words[0] === 'exec'))
    words.shift();
  const first = words[0] ?? '';
  const base = first.split('/').at(-1) ?? '';
  return RUBY_PROGRAMS.has(base) || first.endsWith('.rb') || /^(\.\/)?bin\//.test(first);
}

function withoutWebFacts(e: Partial<Record<FactName, Evidence[]>>): Partial<Record<FactName, Evidence[]>> {
  const { port: _p, healthPath: _h, kind: _k, start: _s, ...rest } = e;
  return rest;
}

/** The entry script of a plain (or classic Sinatra) app, relative to the app folder. */
function findEntryScript(fs: RepoFs, dir: string, framework: RubyFrameworkMatch | null): string | null {
  const present = RUBY_ENTRY_SCRIPTS.filter((s) => fs.exists(joinRel(dir, s)));
  if (framework?.entry.id === 'sinatra') {
    // The root file that requires Sinatra, when the conventional names do not hold it.
    const rootRb = fs.filesIn(dir).filter((f) => f.endsWith('.rb'));
    const ordered = [
      ...present.map((p) => joinRel(dir, p)),
      ...rootRb.filter((f) => !present.some((p) => joinRel(dir, p) === f)),
    ];
    for (const f of ordered) {
      const r = fs.readText(f);
      if (r.ok && /require\s*\(?\s*['"]sinatra(?:\/base)?['"]|Sinatra::(?:Base|Application)/.test(r.text)) {
        return path.posix.basename(f);
      }
    }
  }
  return present[0] ?? null;
}

/** How the web process starts: Procfile web line, else the framework's production server, else the script. */
function webStart(
  dir: string,
  hasFile: (rel: string) => boolean,
  gems: GemIndex,
  framework: RubyFrameworkMatch | null,
  entryScript: string | null,
  webEntry: ProcfileEntry | null,
  procfileFile: string | null,
): WebStart {
  const rel = (f: string): string => joinRel(dir, f);
  const fw = framework?.entry ?? null;
  const fwEvidence = framework?.evidence[0];
  const defaultPort =
    fw && fwEvidence
      ? {
          port: fw.start === 'script-or-rack' && hasFile('config.ru') ? fw.rackPort : fw.defaultPort,
          evidence: {
            ...fwEvidence,
            reason: `no port set; ${fw.id} ${fw.start === 'script-or-rack' && hasFile('config.ru') ? 'under a Rack server' : 'apps'} listen on ${fw.start === 'script-or-rack' && hasFile('config.ru') ? fw.rackPort : fw.defaultPort} by default`,
            confidence: 'weak' as const,
          },
        }
      : null;

  if (webEntry && procfileFile) {
    const { command, release } = splitReleaseTasks(webEntry.command);
    const evidence: Evidence[] = [
      {
        file: procfileFile,
        line: webEntry.line,
        reason:
          release.length > 0
            ? `the Procfile web line runs "${command}" after ${release.map((r) => `"${r}"`).join(', ')} (moved to a release step: migrating in every container start races between replicas)`
            : `the Procfile web line runs "${command}"`,
        confidence: 'explicit',
      },
    ];
    const p = portFromCommand(command);
    const portFiles: string[] = [];
    if (/\bpuma\b/.test(command) || /\brails\s+s(?:erver)?\b/.test(command))
      portFiles.push(rel('config/puma.rb'));
    const script = /\bruby\s+(?:-\S+\s+)*([\w./-]+\.rb)\b/.exec(command);
    if (script) portFiles.push(rel((script[1] as string).replace(/^\.\//, '')));
    return {
      value: command,
      evidence,
      portFiles,
      commandPort: p
        ? {
            port: p,
            evidence: {
              file: procfileFile,
              line: webEntry.line,
              reason: `the Procfile web command binds port ${p}`,
              confidence: 'explicit',
            },
          }
        : null,
      defaultPort,
      declared: true,
    };
  }

  const proxy = fw?.id === 'rails' ? RUBY_PROXIES.find((p) => gems.direct(p.gem)) : undefined;
  const pumaConfig = hasFile('config/puma.rb') && gems.any('puma') !== null;
  if (fw && fwEvidence && (fw.start === 'rails' || fw.start === 'hanami')) {
    const port = fw.defaultPort;
    let value: string;
    let reason: string;
    if (pumaConfig) {
      value = 'bundle exec puma -C config/puma.rb';
      reason = `${fw.id} app served by Puma with config/puma.rb`;
    } else if (fw.start === 'rails') {
      value = `bundle exec rails server -b 0.0.0.0 -p ${port}`;
      reason = 'Rails app: rails server, bound to all interfaces';
    } else {
      value = `bundle exec hanami server --host 0.0.0.0 --port ${port}`;
      reason = 'Hanami app: hanami server, bound to all interfaces';
    }
    const evidence: Evidence[] = [
      pumaConfig
        ? { file: rel('config/puma.rb'), reason, confidence: 'strong' }
        : { ...fwEvidence, reason, confidence: 'strong' },
    ];
    if (proxy) {
      // Rails' own Dockerfile runs `thrust bin/rails server`; rails server loads config/puma.rb itself.
      value = proxy.wrap('bin/rails server');
      const hit = gems.direct(proxy.gem);
      evidence.unshift({
        file: hit?.file ?? fwEvidence.file,
        ...(hit?.line ? { line: hit.line } : {}),
        reason: `${proxy.gem} fronts the app: HTTP on ${proxy.port}, proxied to the server on 3000`,
        confidence: 'strong',
      });
      return {
        value,
        evidence,
        portFiles: [],
        commandPort: { port: proxy.port, evidence: evidence[0] as Evidence },
        defaultPort,
        declared: false,
      };
    }
    return {
      value,
      evidence,
      portFiles: pumaConfig ? [rel('config/puma.rb')] : [],
      commandPort: null,
      defaultPort,
      declared: false,
    };
  }

  const useRack =
    fw?.start === 'rack' || (fw?.start === 'script-or-rack' && (hasFile('config.ru') || !entryScript));
  if (fw && fwEvidence && useRack) {
    const server = pickRackServer(gems);
    const withConfig = server.entry.config !== undefined && hasFile(server.entry.config);
    const port = fw.rackPort;
    const value = server.entry.command(port, withConfig);
    const ru = hasFile('config.ru') ? rel('config.ru') : null;
    if (!ru) {
      return {
        value: null,
        evidence: [
          {
            ...fwEvidence,
            reason: `${fw.id} app without config.ru or an entry script: nothing to start`,
            confidence: 'weak',
          },
        ],
        portFiles: [],
        commandPort: null,
        defaultPort,
        declared: false,
      };
    }
    return {
      value,
      evidence: [
        {
          file: withConfig && server.entry.config ? rel(server.entry.config) : ru,
          reason: `Rack app (config.ru) served by ${server.entry.id}${server.hit ? '' : ' (no Rack server gem bundled)'}`,
          confidence: 'strong',
        },
      ],
      portFiles: withConfig && server.entry.config ? [rel(server.entry.config), ru] : [ru],
      commandPort: withConfig
        ? null
        : {
            port,
            evidence: {
              file: ru,
              reason: `the start command binds ${server.entry.id} to ${port}`,
              confidence: 'strong',
            },
          },
      defaultPort,
      declared: false,
    };
  }

  if (entryScript) {
    const sinatra = fw?.id === 'sinatra';
    return {
      value: `ruby ${entryScript}`,
      evidence: [
        {
          file: rel(entryScript),
          reason: sinatra
            ? `classic Sinatra app in ${entryScript} (it binds 0.0.0.0 only outside development: set APP_ENV=production)`
            : `${entryScript} is the app's entry script`,
          confidence: sinatra ? 'strong' : 'weak',
        },
      ],
      portFiles: [rel(entryScript)],
      commandPort: null,
      defaultPort: sinatra ? defaultPort : null,
      declared: false,
    };
  }
  return { value: null, evidence: [], portFiles: [], commandPort: null, defaultPort: null, declared: false };
}

/** Facts of a static site: build, output folder (Jekyll's `destination:` wins), env. Fills `evidence`. */
function staticSite(
  fs: RepoFs,
  dir: string,
  gen: RubyFrameworkMatch<RubyStaticEntry>,
  evidence: Partial<Record<FactName, Evidence[]>>,
  sources: readonly RubySource[],
): { outputDir: string; env: Service['env']; diagnostics: Diagnostic[] } {
  const anchor = gen.evidence[0] as Evidence;
  evidence.framework = gen.evidence;
  evidence.kind = [
    { ...anchor, reason: `${gen.entry.id} builds a static site; a web server serves the files` },
  ];
  evidence.build = [{ ...anchor, reason: `${gen.entry.id} builds the site`, confidence: 'strong' }];
  evidence.start = [
    {
      ...anchor,
      reason: 'a static site: nothing starts, a web server serves the files',
      confidence: 'strong',
    },
  ];
  let outputDir = gen.entry.outputDir;
  evidence.outputDir = [
    { ...anchor, reason: `${gen.entry.id} builds into ${outputDir}/ by default`, confidence: 'weak' },
  ];
  const config = joinRel(dir, '_config.yml');
  const r = gen.entry.id === 'jekyll' ? fs.readText(config) : null;
  const m = r?.ok ? /^destination:\s*["']?([^"'#\s]+)/m.exec(r.text) : null;
  if (r?.ok && m) {
    outputDir = (m[1] as string).replace(/^\.\//, '').replace(/\/+$/, '') || outputDir;
    evidence.outputDir = [
      {
        file: config,
        line: r.text.slice(0, m.index).split('\n').length,
        reason: `destination: ${m[1]}`,
        confidence: 'explicit',
      },
    ];
  }
  const env = detectRubyEnv(fs, dir, sources);
  return { outputDir, env: env.env, diagnostics: env.diagnostics };
}

/** Evidence notes about release steps: the Procfile's release line, or Rails migrations to run. */
function releaseEvidence(
  dir: string,
  hasFile: (rel: string) => boolean,
  rails: boolean,
  releaseEntry: ProcfileEntry | null,
  procfileFile: string | null,
  web: WebStart,
): Evidence[] {
  if (releaseEntry && procfileFile) {
    return [
      {
        file: procfileFile,
        line: releaseEntry.line,
        reason: `release step (before each deploy, not in the container start): ${releaseEntry.command}`,
        confidence: 'explicit',
      },
    ];
  }
  const migrations = hasFile('config/database.yml') || hasFile('db/schema.rb') || hasFile('db/structure.sql');
  if (rails && migrations && !web.evidence.some((e) => /db:migrate|db:prepare/.test(e.reason))) {
    return [
      {
        file: joinRel(dir, hasFile('config/database.yml') ? 'config/database.yml' : 'db/schema.rb'),
        reason: 'release step (before each deploy): bundle exec rails db:migrate',
        confidence: 'strong',
      },
    ];
  }
  return [];
}

/** Rails asset precompilation (and Bootsnap's app cache); nothing to build for other Ruby apps. */
function rubyBuild(
  fs: RepoFs,
  gems: GemIndex,
  dir: string,
  framework: RubyFrameworkMatch | null,
  assetGem: { file: string; line?: number; name: string } | null,
  packageJson: string | null,
): RubyCommand {
  const id = framework?.entry.id;
  if (id === 'rails') {
    const appAssets = ['app/assets', 'app/javascript'].find((d) => hasFolder(fs, dir, d));
    const reasons: Evidence[] = [];
    if (assetGem) {
      reasons.push({
        file: assetGem.file,
        ...(assetGem.line ? { line: assetGem.line } : {}),
        reason: `${assetGem.name} compiles assets at build time (assets:precompile; without RAILS_MASTER_KEY set SECRET_KEY_BASE_DUMMY=1 on Rails 7.1+)`,
        confidence: 'strong',
      });
    } else if (packageJson) {
      reasons.push({
        file: packageJson,
        reason: 'package.json builds the front-end assets',
        confidence: 'strong',
      });
    } else if (appAssets) {
      reasons.push({
        file: joinRel(dir, appAssets),
        reason: `${appAssets} holds assets to precompile`,
        confidence: 'strong',
      });
    }
    if (reasons.length > 0) {
      const parts = ['bundle exec rails assets:precompile'];
      const bootsnap = gems.direct('bootsnap');
      if (bootsnap) {
        parts.push('bundle exec bootsnap precompile app/ lib/');
        reasons.push({
          file: bootsnap.file,
          ...(bootsnap.line ? { line: bootsnap.line } : {}),
          reason: 'bootsnap: precompile the app code cache for faster boot',
          confidence: 'strong',
        });
      }
      return { value: parts.join(' && '), evidence: reasons };
    }
  }
  if (id === 'hanami' && packageJson) {
    return {
      value: 'bundle exec hanami assets compile',
      evidence: [
        { file: packageJson, reason: 'Hanami compiles its assets with Node.js', confidence: 'strong' },
      ],
    };
  }
  return {
    value: null,
    evidence: [
      {
        file: gems.gemfile?.file ?? joinRel(dir, 'Gemfile'),
        reason: 'no asset pipeline: Ruby runs the sources as they are',
        confidence: 'weak',
      },
    ],
  };
}

function hasFolder(fs: RepoFs, dir: string, folder: string): boolean {
  return fs.filesUnder(joinRel(dir, folder)).length > 0;
}

interface WorkerSpec {
  suffix: string;
  start: string;
  evidence: Evidence;
}

/** Procfile processes besides web and release, plus job runners (Sidekiq) configured but not declared. */
function workerServices(
  dir: string,
  hasFile: (rel: string) => boolean,
  gems: GemIndex,
  entries: readonly ProcfileEntry[],
  procfileFile: string | null,
  _framework: RubyFrameworkMatch | null,
): WorkerSpec[] {
  const out: WorkerSpec[] = [];
  for (const e of entries) {
    out.push({
      suffix: toDnsLabel(e.type) || 'worker',
      start: e.command,
      evidence: {
        file: procfileFile as string,
        line: e.line,
        reason: `the Procfile declares a ${e.type} process: ${e.command}`,
        confidence: 'explicit',
      },
    });
  }
  for (const w of RUBY_WORKERS) {
    const hit = gems.direct(w.gem);
    if (!hit || entries.some((e) => w.procfile.test(e.command))) continue;
    const marker = w.markers.find((m) => hasFile(m));
    if (!marker) continue;
    out.push({
      suffix: w.id,
      start: w.command(marker),
      evidence: {
        file: joinRel(dir, marker),
        reason: `${w.gem} is configured (${marker}): it runs as its own process`,
        confidence: 'strong',
      },
    });
  }
  return out;
}

/** The app's name: the Rails application module (`module Blog` → blog), else the folder name, else `app`. */
function appName(fs: RepoFs, dir: string): string {
  const r = fs.readText(joinRel(dir, 'config/application.rb'));
  if (r.ok) {
    const m = /^\s*module\s+([A-Z]\w*)/m.exec(r.text);
    if (m) {
      const label = toDnsLabel((m[1] as string).replace(/([a-z0-9])([A-Z])/g, '$1-$2'));
      if (label) return label;
    }
  }
  return serviceNameFor(null, dir);
}

export type { RubySource };
