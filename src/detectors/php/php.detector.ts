import type { Diagnostic } from '../../model/diagnostic.js';
import type { Evidence } from '../../model/evidence.js';
import type { FactName, Service } from '../../model/service.js';
import type { RepoFs } from '../../repo/repo-fs.js';
import { serviceNameFor, toDnsLabel } from '../dns-label.js';
import { parsePackageJsonText } from '../node/parse-package-json.js';
import { dirOf, isTestData, isUnder, joinRel } from '../paths.js';
import { type ProcfileEntry, portFromCommand, readProcfile } from '../shared/procfile.js';
import type { DetectContext, Detector, DetectResult } from '../types.js';
import { detectPhpBacking, readExampleEnv } from './backing.js';
import { type ParsedComposer, readComposerJson, requiredExtensions, requireLine } from './composer.js';
import { detectPhpEnv } from './env.js';
import { detectPhpFramework, PHP_WORKERS, type PhpFrameworkMatch, pickPhpServer } from './frameworks.js';
import { detectPhpHealth } from './health.js';
import { collectPhpSources } from './php-source.js';
import { detectPhpVersion } from './version.js';

/** The PHP detector: one web service per Composer project (or plain PHP site), plus its workers. */
export const phpDetector: Detector = {
  id: 'php',
  detect: detectPhp,
};

/** Composer production install: locked versions, no dev packages, optimized autoloader, no prompts. */
export const COMPOSER_INSTALL =
  'composer install --no-dev --optimize-autoloader --no-interaction --no-scripts';

/** Composer package types that are never deployed on their own. */
const LIBRARY_TYPES = new Set([
  'library',
  'metapackage',
  'composer-plugin',
  'symfony-bundle',
  'wordpress-plugin',
]);

/** Skeleton package names that say nothing about the app (`laravel/laravel`). */
const SKELETON_NAMES = new Set([
  'laravel/laravel',
  'laravel/lumen',
  'symfony/skeleton',
  'symfony/website-skeleton',
  'slim/slim-skeleton',
  'cakephp/app',
  'codeigniter4/appstarter',
  'yiisoft/yii2-app-basic',
  'yiisoft/yii2-app-advanced',
]);

/** Heroku's PHP launchers; they exist only on Heroku, so their web root is kept and the command is not. */
const HEROKU_LAUNCHER = /(?:^|\/)heroku-php-(?:apache2|nginx)\b(?:\s+(?:-\S+\s+\S+\s+)*([\w./-]+))?/;

function detectPhp(ctx: DetectContext): DetectResult {
  const { fs } = ctx;
  const composerDirs = fs
    .filesNamed('composer.json')
    .filter(
      (f) =>
        isUnder(f, ctx.dir) &&
        !isTestData(f) &&
        // Test suites hold sample projects, never a service of the repo.
        !f
          .split('/')
          .slice(0, -1)
          .some((seg) => seg === 'tests' || seg === 'test'),
    )
    .map(dirOf)
    .sort();
  const services: Service[] = [];
  const diagnostics: Diagnostic[] = [];
  const appDirs = [...composerDirs];
  // A site without composer.json: index.php at the root or in public/.
  const root = ctx.dir;
  if (!appDirs.includes(root) && ['index.php', 'public/index.php'].some((f) => fs.exists(joinRel(root, f)))) {
    appDirs.unshift(root);
  }
  for (const dir of appDirs) {
    const nested = appDirs.filter((d) => d !== dir && isUnder(d, dir));
    const r = analyzeApp(fs, ctx.dir, dir, composerDirs.includes(dir), nested);
    services.push(...r.services);
    diagnostics.push(...r.diagnostics);
  }
  services.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { services, diagnostics };
}

function analyzeApp(
  fs: RepoFs,
  rootDir: string,
  dir: string,
  hasComposer: boolean,
  nested: readonly string[],
): { services: Service[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const hasFile = (rel: string): boolean => fs.exists(joinRel(dir, rel));
  const composerFile = hasComposer ? joinRel(dir, 'composer.json') : null;
  let composer: ParsedComposer | null = null;
  if (composerFile) {
    const r = readComposerJson(fs, composerFile);
    diagnostics.push(...r.diagnostics);
    if (r.ok) composer = r.value;
  }
  const lockFile = hasFile('composer.lock') ? joinRel(dir, 'composer.lock') : null;

  const procfile = readProcfile(fs, dir);
  if (procfile) diagnostics.push(...procfile.diagnostics);
  const framework = detectPhpFramework(composer, hasFile, dir);
  // A Procfile beside a tooling-only composer.json belongs to another ecosystem's app.
  const procEntries = (procfile?.entries ?? []).filter((e) => framework !== null || isPhpCommand(e.command));
  const webEntry = procEntries.find((e) => e.type === 'web') ?? null;
  const releaseEntry = procEntries.find((e) => e.type === 'release') ?? null;
  const workerEntries = procEntries.filter((e) => e.type !== 'web' && e.type !== 'release');
  const docroot = pickDocroot(hasFile, framework, webEntry, procfile?.file ?? null);
  const frontController = docroot.dir === '.' ? 'index.php' : `${docroot.dir}/index.php`;
  const hasEntry = hasFile(frontController) || hasFile('index.php') || hasFile('public/index.php');

  const type = composer?.json.type ?? null;
  const library = type !== null && LIBRARY_TYPES.has(type);
  if (!framework && !webEntry && !(hasEntry && !library)) {
    // A library, a CLI tool or a Composer manifest for tooling: nothing to serve.
    return { services: [], diagnostics };
  }

  const evidence: Partial<Record<FactName, Evidence[]>> = {};
  evidence.language = [
    composerFile
      ? { file: composerFile, reason: 'composer.json makes this a PHP project', confidence: 'explicit' }
      : {
          file: joinRel(dir, hasFile('index.php') ? 'index.php' : 'public/index.php'),
          reason: 'a PHP front controller',
          confidence: 'strong',
        },
  ];
  if (composerFile) {
    evidence.packageManager = [
      lockFile
        ? { file: lockFile, reason: 'Composer lockfile', confidence: 'explicit' }
        : { file: composerFile, reason: 'Composer manifest (no composer.lock)', confidence: 'strong' },
    ];
  }

  const version = detectPhpVersion(fs, dir, composer, rootDir);
  diagnostics.push(...version.diagnostics);
  if (version.evidence.length > 0) evidence.languageVersion = version.evidence;
  if (framework) evidence.framework = framework.evidence;
  const laravel = framework?.entry.id === 'laravel';

  // Install: Composer (and Node.js for the front-end build).
  const front = frontendBuild(fs, dir, hasFile);
  diagnostics.push(...front.diagnostics);
  const installParts: string[] = [];
  const installEvidence: Evidence[] = [];
  if (composerFile) {
    installParts.push(COMPOSER_INSTALL);
    installEvidence.push({
      file: lockFile ?? composerFile,
      reason: lockFile
        ? 'composer.lock pins the packages; install without dev packages, scripts run once the sources are in place'
        : 'no composer.lock: versions resolve at build time; commit composer.lock for reproducible builds',
      confidence: lockFile ? 'explicit' : 'weak',
    });
    const exts = composer ? requiredExtensions(composer.json) : [];
    if (composer && exts.length > 0) {
      installEvidence.push({
        file: composer.file,
        line: requireLine(composer, `ext-${exts[0]}`),
        reason: `requires PHP extensions: ${exts.map((e) => `ext-${e}`).join(', ')} (the image must provide them)`,
        confidence: 'explicit',
      });
    }
    if (!lockFile) {
      diagnostics.push({
        severity: 'info',
        file: composerFile,
        message: 'no composer.lock: the image resolves package versions at build time',
        fix: 'run `composer update --lock` (or `composer install`) and commit composer.lock',
      });
    }
  }
  if (front.install) {
    installParts.push(front.install.command);
    installEvidence.push(front.install.evidence);
  }
  if (installEvidence.length > 0) evidence.install = installEvidence;

  // Build: Composer scripts now that the sources are there, framework caches, front-end assets.
  const buildParts: string[] = [];
  const buildEvidence: Evidence[] = [];
  if (composer) {
    const scripts = composer.json.scripts;
    if (scripts['post-autoload-dump']) {
      buildParts.push('composer dump-autoload --optimize --no-dev --no-interaction');
      buildEvidence.push({
        file: composer.file,
        line: requireLine(composer, 'post-autoload-dump', 'scripts'),
        reason: `post-autoload-dump runs ${scripts['post-autoload-dump'].join('; ')} once the sources are in place`,
        confidence: 'explicit',
      });
    }
    if (scripts['post-install-cmd']) {
      buildParts.push('composer run-script --no-dev post-install-cmd');
      buildEvidence.push({
        file: composer.file,
        line: requireLine(composer, 'post-install-cmd', 'scripts'),
        reason: 'post-install-cmd scripts were skipped at install (--no-scripts)',
        confidence: 'explicit',
      });
    }
  }
  if (laravel && framework) {
    buildParts.push('php artisan route:cache', 'php artisan view:cache');
    buildEvidence.push({
      ...(framework.evidence[0] as Evidence),
      reason:
        'Laravel: cache routes and views at build time; `php artisan config:cache` bakes env values in, so it runs at container start with the real environment',
      confidence: 'strong',
    });
  }
  if (front.build) {
    buildParts.push(front.build.command);
    buildEvidence.push(front.build.evidence);
  }
  evidence.build =
    buildEvidence.length > 0
      ? buildEvidence
      : [
          {
            file: composerFile ?? evidence.language[0]?.file ?? dir,
            reason: 'nothing to build: PHP runs the sources',
            confidence: 'weak',
          },
        ];

  // Start: a Procfile web line (unless it is Heroku's launcher), else the server table.
  const server = pickPhpServer(composer, framework?.entry.id ?? null);
  let start: string;
  let port: number;
  const startEvidence: Evidence[] = [];
  const portEvidence: Evidence[] = [];
  const herokuLauncher = webEntry ? HEROKU_LAUNCHER.test(webEntry.command) : false;
  if (webEntry && procfile && !herokuLauncher) {
    start = webEntry.command;
    startEvidence.push({
      file: procfile.file,
      line: webEntry.line,
      reason: `the Procfile web line runs "${start}"`,
      confidence: 'explicit',
    });
    const p = portFromCommand(start);
    port = p ?? server.port;
    portEvidence.push(
      p
        ? {
            file: procfile.file,
            line: webEntry.line,
            reason: `the Procfile web command binds port ${p}`,
            confidence: 'explicit',
          }
        : {
            file: procfile.file,
            line: webEntry.line,
            reason: `no port in the Procfile command; assuming ${server.port}`,
            confidence: 'weak',
          },
    );
  } else {
    start = server.command(docroot.dir, server.port);
    port = server.port;
    const anchor = framework?.evidence[0] ?? (evidence.language[0] as Evidence);
    startEvidence.push({
      file: anchor.file,
      ...(anchor.line ? { line: anchor.line } : {}),
      reason: `${server.reason}, web root ${docroot.dir === '.' ? 'the app folder' : `${docroot.dir}/`}`,
      confidence: 'strong',
    });
    if (docroot.evidence) startEvidence.push(docroot.evidence);
    portEvidence.push({
      file: anchor.file,
      ...(anchor.line ? { line: anchor.line } : {}),
      reason: `${server.id} listens on ${server.port}`,
      confidence: 'strong',
    });
  }
  if (releaseEntry && procfile) {
    startEvidence.push({
      file: procfile.file,
      line: releaseEntry.line,
      reason: `release step (before each deploy): ${releaseEntry.command}`,
      confidence: 'explicit',
    });
  } else if (laravel && framework) {
    startEvidence.push({
      file: (framework.evidence[0] as Evidence).file,
      reason: 'at container start: php artisan config:cache; release step: php artisan migrate --force',
      confidence: 'strong',
    });
  }
  evidence.start = startEvidence;
  evidence.port = portEvidence;
  evidence.kind = [
    webEntry && procfile
      ? {
          file: procfile.file,
          line: webEntry.line,
          reason: 'the Procfile declares a web process',
          confidence: 'explicit',
        }
      : { ...(startEvidence[0] as Evidence), reason: `PHP serves HTTP requests through ${frontController}` },
  ];

  const src = collectPhpSources(fs, dir, nested);
  diagnostics.push(...src.diagnostics);
  const example = readExampleEnv(fs, dir);
  const prodEnv = framework?.entry.productionEnv;
  const env = detectPhpEnv(
    src.sources,
    example,
    framework && prodEnv ? { values: prodEnv, evidence: framework.evidence[0] as Evidence } : null,
  );
  const backing = detectPhpBacking(fs, dir, composer, example, new Set(env.map((e) => e.name)), laravel);

  let healthPath: string | null = null;
  const health = detectPhpHealth(src.sources, laravel);
  if (health) {
    healthPath = health.path;
    evidence.healthPath = [health.evidence];
  }

  const name = appName(composer, dir);
  const base: Service = {
    name,
    path: dir,
    kind: 'web',
    language: 'php',
    languageVersion: version.version,
    framework: framework?.entry.id ?? null,
    packageManager: composerFile ? 'composer' : null,
    commands: {
      install: installParts.length > 0 ? installParts.join(' && ') : null,
      build: buildParts.length > 0 ? buildParts.join(' && ') : null,
      start,
    },
    port,
    healthPath,
    outputDir: null,
    backing,
    env,
    evidence,
  };
  const services: Service[] = [base];
  for (const w of workers(composer, workerEntries, procfile?.file ?? null)) {
    const { port: _p, healthPath: _h, kind: _k, start: _s, ...rest } = evidence;
    services.push({
      ...base,
      name: `${name}-${w.suffix}`.slice(0, 63).replace(/-+$/, ''),
      kind: 'worker',
      commands: { ...base.commands, start: w.start },
      port: null,
      healthPath: null,
      evidence: { ...rest, kind: [w.evidence], start: [w.evidence] },
    });
  }
  return { services, diagnostics };
}

/** Programs that run or serve PHP; a Procfile command starting with one belongs to a PHP app. */
const PHP_PROGRAMS = new Set([
  'php',
  'php-fpm',
  'frankenphp',
  'apache2-foreground',
  'heroku-php-apache2',
  'heroku-php-nginx',
  'rr',
  'artisan',
  'console',
]);

/** True when a command runs PHP: `php …`, `vendor/bin/heroku-php-apache2 …`, `frankenphp …`. */
export function isPhpCommand(command: string): boolean {
  const words = command.trim().split(/\s+/);
  while (words.length > 0 && (/^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0] as string) || words[0] === 'exec'))
    words.shift();
  const first = words[0] ?? '';
  return PHP_PROGRAMS.has(first.split('/').at(-1) ?? '') || first.endsWith('.php');
}

/** The web root: from a Heroku launcher's argument, else the framework's, else public/ or the app folder. */
function pickDocroot(
  hasFile: (rel: string) => boolean,
  framework: PhpFrameworkMatch | null,
  webEntry: ProcfileEntry | null,
  procfileFile: string | null,
): { dir: string; evidence: Evidence | null } {
  const heroku = webEntry ? HEROKU_LAUNCHER.exec(webEntry.command) : null;
  if (heroku?.[1]) {
    const d = (heroku[1] as string).replace(/^\.\//, '').replace(/\/+$/, '') || '.';
    return {
      dir: d,
      evidence: {
        file: procfileFile ?? 'Procfile',
        line: webEntry?.line,
        reason: `the Procfile's Heroku launcher serves ${d}/`,
        confidence: 'explicit',
      },
    };
  }
  const fw = framework?.entry.docroot;
  if (fw && (hasFile(`${fw}/index.php`) || !hasFile('index.php'))) return { dir: fw, evidence: null };
  if (hasFile('public/index.php')) return { dir: 'public', evidence: null };
  return { dir: '.', evidence: null };
}

interface FrontendBuild {
  install: { command: string; evidence: Evidence } | null;
  build: { command: string; evidence: Evidence } | null;
  diagnostics: Diagnostic[];
}

/** Node.js install and asset build when package.json has a build script (Vite, Mix, Encore). */
function frontendBuild(fs: RepoFs, dir: string, hasFile: (rel: string) => boolean): FrontendBuild {
  const file = joinRel(dir, 'package.json');
  if (!fs.exists(file)) return { install: null, build: null, diagnostics: [] };
  const r = fs.readText(file);
  if (!r.ok) return { install: null, build: null, diagnostics: [] };
  const parsed = parsePackageJsonText(file, r.text);
  if (!parsed.ok)
    return {
      install: null,
      build: null,
      diagnostics: parsed.diagnostics.map((d) => ({ ...d, severity: 'warning' as const })),
    };
  const scripts = parsed.value.pkg.scripts;
  const script = ['build', 'production', 'prod'].find(
    (s) => scripts[s] !== undefined && scripts[s]?.trim() !== '',
  );
  if (!script) return { install: null, build: null, diagnostics: [] };
  const locks: [string, string, string][] = [
    ['pnpm-lock.yaml', 'pnpm install --frozen-lockfile', 'pnpm run'],
    ['yarn.lock', 'yarn install --frozen-lockfile', 'yarn'],
    ['bun.lock', 'bun install --frozen-lockfile', 'bun run'],
    ['bun.lockb', 'bun install --frozen-lockfile', 'bun run'],
    ['package-lock.json', 'npm ci', 'npm run'],
  ];
  const [lock, install, run] = locks.find(([l]) => hasFile(l)) ?? [null, 'npm install', 'npm run'];
  return {
    install: {
      command: install,
      evidence: {
        file: lock ? joinRel(dir, lock) : file,
        reason: `the front-end build needs its Node.js packages${lock ? ` (${lock})` : ' (no lockfile)'}`,
        confidence: lock ? 'explicit' : 'strong',
      },
    },
    build: {
      command: `${run} ${script}`,
      evidence: {
        file,
        reason: `scripts.${script} builds the front-end assets ("${scripts[script]}")`,
        confidence: 'explicit',
      },
    },
    diagnostics: [],
  };
}

interface WorkerSpec {
  suffix: string;
  start: string;
  evidence: Evidence;
}

function workers(
  composer: ParsedComposer | null,
  entries: readonly ProcfileEntry[],
  procfileFile: string | null,
): WorkerSpec[] {
  const out: WorkerSpec[] = entries.map((e) => ({
    suffix: toDnsLabel(e.type) || 'worker',
    start: e.command,
    evidence: {
      file: procfileFile as string,
      line: e.line,
      reason: `the Procfile declares a ${e.type} process: ${e.command}`,
      confidence: 'explicit' as const,
    },
  }));
  for (const w of PHP_WORKERS) {
    if (!composer || !(w.package in composer.json.require) || entries.some((e) => w.procfile.test(e.command)))
      continue;
    out.push({
      suffix: w.id,
      start: w.command,
      evidence: {
        file: composer.file,
        line: requireLine(composer, w.package),
        reason: `composer.json requires ${w.package}: it runs as its own process`,
        confidence: 'strong',
      },
    });
  }
  return out;
}

/** The service name: the Composer package name (without vendor) unless it is a skeleton's, else the folder. */
function appName(composer: ParsedComposer | null, dir: string): string {
  const pkg = composer?.json.name ?? null;
  if (pkg && !SKELETON_NAMES.has(pkg.toLowerCase())) {
    const label = toDnsLabel(pkg.split('/').at(-1) ?? '');
    if (label) return label;
  }
  return serviceNameFor(null, dir);
}
