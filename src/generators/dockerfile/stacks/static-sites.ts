import path from 'node:path';
import type { Service } from '../../../model/service.js';
import type { CacheMount, Instruction } from '../../../render/dockerfile.js';
import {
  APP_DIR,
  COMMON_IGNORE_GROUPS,
  cleanDir,
  ignoreLines,
  nginxRuntime,
  staticBuildArgs,
} from '../common.js';
import { NODE_PACKAGE_MANAGERS } from '../package-managers.js';
import type { ImagePlan, Stack, StackPlan } from '../stack.js';
import { evidenceFile, staysInContext } from './evidence-files.js';
import { DEFAULT_PYTHON_VERSION, pythonImage } from './python.js';
import { DEFAULT_RUBY, rubyImage } from './ruby.js';

/*
 * Static sites not built with Node: plain files (Staticfile, index.html) and the Hugo, Jekyll and
 * MkDocs generators. Each builds in its generator's image and is served by unprivileged nginx
 * (`nginxRuntime`). The Jekyll and MkDocs stacks claim `kind: static` only, so they are listed
 * before the Ruby and Python stacks, which build the apps of those languages.
 */

/** Hugo's own image; published for v0.135.0 and later (alpine, with Node, npm, Go, git, Dart Sass). */
export const HUGO_IMAGE = 'ghcr.io/gohugoio/hugo';
export const FIRST_HUGO_WITH_IMAGE: Semver = [0, 135, 0];
/** Hugo used when the repo pins none (mise, .tool-versions, .hugo-version). */
export const DEFAULT_HUGO_VERSION = '0.152.2';
/** Ruby line for a Jekyll site whose Ruby is not pinned (.ruby-version, Gemfile `ruby`). */
export const DEFAULT_RUBY_LINE = DEFAULT_RUBY;
/** Python line for an MkDocs site (the static detector reads no Python pin for it). */
export const DEFAULT_PYTHON_LINE = DEFAULT_PYTHON_VERSION;

type Semver = readonly [number, number, number];

function parseSemver(v: string): Semver | null {
  const m = /^(?:extended_|v)?(\d+)\.(\d+)\.(\d+)$/.exec(v.trim());
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null;
}

function semverAtLeast(a: Semver, b: Semver): boolean {
  for (let i = 0; i < 3; i++) {
    if ((a[i] as number) !== (b[i] as number)) return (a[i] as number) > (b[i] as number);
  }
  return true;
}

/** `X.Y` of a Ruby or Python version (`3.3.2`, `ruby-3.3.2`, `3.12`), or null. */
function majorMinor(v: string | null): [number, number] | null {
  const m = v ? /^(?:ruby-|python-|v)?(\d+)\.(\d+)/.exec(v.trim()) : null;
  return m ? [Number(m[1]), Number(m[2])] : null;
}

/** The folder a static build writes, when it is a real sub-folder of the service. */
function builtOutputDir(service: Service): { dir: string } | { skipped: string } {
  const out = service.outputDir === null ? null : cleanDir(service.outputDir);
  if (out === null || out === '.' || !staysInContext(out)) {
    return {
      skipped: `static site with no output folder inside the service (outputDir is ${service.outputDir === null ? 'unknown' : `"${service.outputDir}"`}): set outputDir for it in shipready.config.yaml`,
    };
  }
  return { dir: out };
}

/** The build stage's output served by nginx. */
function servedFromBuild(
  service: Service,
  build: Instruction[],
  outputDir: string,
  buildArgs: string[],
): ImagePlan {
  const runtime = nginxRuntime(
    service,
    { from: 'build', path: `${APP_DIR}/${outputDir}` },
    outputDir,
    buildArgs,
  );
  return { instructions: [...build, { kind: 'blank' }, ...runtime.instructions], runtime: runtime.runtime };
}

function outputPatterns(services: readonly Service[], defaults: readonly string[]): string[] {
  const dirs = services
    .map((s) => (s.outputDir === null ? null : cleanDir(s.outputDir)))
    .filter((d): d is string => d !== null && d !== '.' && staysInContext(d));
  return [...new Set([...defaults, ...dirs])];
}

// ---------------------------------------------------------------------------------------------
// Hugo

const HUGO_CACHE: CacheMount = { type: 'cache', target: '/cache', id: 'hugo' };
const NPM_CACHE = NODE_PACKAGE_MANAGERS.npm.cache;

export function hugoImage(version: string): string {
  return `${HUGO_IMAGE}:v${version}`;
}

/** Hugo sites: built in Hugo's own image (Node and npm included for PostCSS/Tailwind pipelines). */
export const hugoStack: Stack = {
  id: 'hugo',
  handles: (s) => s.framework === 'hugo' && s.kind === 'static',
  plan: planHugo,
  dockerignore: (services) =>
    ignoreLines([
      ...COMMON_IGNORE_GROUPS,
      { why: 'Dependencies are installed inside the image', patterns: ['**/node_modules'] },
      {
        why: 'Build output and caches are rebuilt inside the image',
        patterns: [...outputPatterns(services, ['public']), 'resources/_gen', '.hugo_build.lock'],
      },
    ]),
};

function planHugo(service: Service): StackPlan {
  const out = builtOutputDir(service);
  if ('skipped' in out) return out;
  const pinned = service.languageVersion;
  const version = pinned === null ? parseSemver(DEFAULT_HUGO_VERSION) : parseSemver(pinned);
  if (version === null) {
    return {
      skipped: `Hugo version "${pinned}" is not an exact release: pin one such as ${DEFAULT_HUGO_VERSION} (mise, .tool-versions or .hugo-version)`,
    };
  }
  const v = version.join('.');
  if (!semverAtLeast(version, FIRST_HUGO_WITH_IMAGE)) {
    return {
      skipped: `Hugo ${v} is pinned, and Hugo's official image (${HUGO_IMAGE}) starts at v${FIRST_HUGO_WITH_IMAGE.join('.')}: upgrade the pin, or build the site with a Dockerfile of your own`,
    };
  }
  const install = service.commands.install?.trim().replace(/\s+/g, ' ') ?? null;
  if (install !== null && install !== 'npm ci') {
    return {
      skipped: `its Node dependencies install with "${install}"; the Hugo image installs with npm from a committed package-lock.json (npm ci) only`,
    };
  }
  const image = hugoImage(v);
  const args = staticBuildArgs(service);
  const build = service.commands.build ?? 'hugo --minify';
  const stages: Instruction[] = [];
  if (pinned === null) {
    stages.push({
      kind: 'comment',
      text: `No Hugo version is pinned; ${v} is used: pin yours in .hugo-version.`,
    });
  }
  if (install !== null) {
    stages.push(
      {
        kind: 'comment',
        text: 'deps: the Node packages the site pipeline uses (cached until package.json or the lockfile changes).',
      },
      { kind: 'FROM', image, as: 'deps' },
      { kind: 'comment', text: "Build stages run as root: the image's hugo user cannot write to /app." },
      { kind: 'USER', user: 'root' },
      { kind: 'WORKDIR', path: APP_DIR },
      { kind: 'COPY', src: ['package.json', 'package-lock.json'], dest: './' },
      { kind: 'RUN', mounts: [NPM_CACHE], commands: ['npm ci'] },
      { kind: 'blank' },
      { kind: 'comment', text: `build: render the site into ${out.dir}/.` },
      { kind: 'FROM', image: 'deps', as: 'build' },
    );
  } else {
    stages.push(
      { kind: 'comment', text: `build: render the site into ${out.dir}/.` },
      { kind: 'FROM', image, as: 'build' },
      { kind: 'comment', text: "Build stages run as root: the image's hugo user cannot write to /app." },
      { kind: 'USER', user: 'root' },
      { kind: 'WORKDIR', path: APP_DIR },
    );
  }
  stages.push(
    { kind: 'COPY', src: ['.'], dest: '.' },
    ...args.instructions,
    // HUGO_CACHEDIR is /cache in the image: modules and processed images survive between builds.
    { kind: 'RUN', mounts: [HUGO_CACHE], commands: [build] },
  );
  return servedFromBuild(service, stages, out.dir, args.names);
}

// ---------------------------------------------------------------------------------------------
// Jekyll

/** RubyGems keeps downloaded .gem files in $GEM_HOME/cache (GEM_HOME is /usr/local/bundle in ruby images). */
const GEM_CACHE: CacheMount = { type: 'cache', target: '/usr/local/bundle/cache', id: 'bundler' };
/** Oldest Ruby line with a `-slim-bookworm` official image. */
const FIRST_RUBY_BOOKWORM: readonly [number, number] = [3, 1];

/** Jekyll sites (detected by the Ruby or the static detector): bundle install, jekyll build, nginx. */
export const jekyllStack: Stack = {
  id: 'jekyll',
  handles: (s) => s.framework === 'jekyll' && s.kind === 'static',
  plan: planJekyll,
  dockerignore: (services) =>
    ignoreLines([
      ...COMMON_IGNORE_GROUPS,
      {
        why: 'Gems are installed inside the image from Gemfile.lock',
        patterns: ['vendor/bundle', '.bundle', '**/node_modules'],
      },
      {
        why: 'Build output and caches are rebuilt inside the image',
        patterns: [
          ...outputPatterns(services, ['_site']),
          '.jekyll-cache',
          '.jekyll-metadata',
          '.sass-cache',
        ],
      },
    ]),
};

function planJekyll(service: Service): StackPlan {
  const out = builtOutputDir(service);
  if ('skipped' in out) return out;
  const lock = evidenceFile(service, ['Gemfile.lock', 'gems.locked'], ['packageManager', 'install']);
  if (lock === null) {
    return {
      skipped:
        'no Gemfile.lock was found, so image builds would not be reproducible: add a Gemfile with gem "jekyll", run bundle install and commit Gemfile.lock',
    };
  }
  if ('outside' in lock) {
    return {
      skipped: `its lockfile ${lock.outside} is outside the service folder, and the image is built from ${service.path}; build it with a Dockerfile of your own`,
    };
  }
  // The Ruby detector reports the Ruby pin; a static-detected site's version is not Ruby's.
  const pin = service.language === 'ruby' ? majorMinor(service.languageVersion) : null;
  if (
    pin !== null &&
    (pin[0] < FIRST_RUBY_BOOKWORM[0] ||
      (pin[0] === FIRST_RUBY_BOOKWORM[0] && pin[1] < FIRST_RUBY_BOOKWORM[1]))
  ) {
    return {
      skipped: `Ruby ${pin.join('.')} is pinned, which has no ruby:<version>-slim-bookworm image: upgrade to Ruby ${FIRST_RUBY_BOOKWORM.join('.')} or later`,
    };
  }
  const line = pin === null ? DEFAULT_RUBY_LINE : pin.join('.');
  const gemfile = lock.file === 'gems.locked' ? 'gems.rb' : 'Gemfile';
  const args = staticBuildArgs(service);
  const build = service.commands.build ?? 'bundle exec jekyll build';
  const stages: Instruction[] = [
    ...(pin === null
      ? [
          {
            kind: 'comment',
            text: `No Ruby version is pinned; ${line} is used: pin yours in .ruby-version.`,
          } as const,
        ]
      : []),
    {
      kind: 'comment',
      text: `deps: the gems of ${lock.file} (cached until ${gemfile} or ${lock.file} changes).`,
    },
    { kind: 'FROM', image: rubyImage(line), as: 'deps' },
    { kind: 'comment', text: 'Compilers for gems with native extensions (this stage never ships).' },
    {
      kind: 'RUN',
      commands: [
        'apt-get update',
        'apt-get install -y --no-install-recommends build-essential',
        'rm -rf /var/lib/apt/lists/*',
      ],
    },
    { kind: 'WORKDIR', path: APP_DIR },
    // Frozen: the lockfile is used as is, never re-resolved.
    {
      kind: 'ENV',
      vars: [
        ['BUNDLE_FROZEN', 'true'],
        ['BUNDLE_WITHOUT', 'development:test'],
      ],
    },
    { kind: 'COPY', src: [gemfile, lock.file], dest: './' },
    { kind: 'RUN', mounts: [GEM_CACHE], commands: ['bundle install'] },
    { kind: 'blank' },
    { kind: 'comment', text: `build: render the site into ${out.dir}/.` },
    { kind: 'FROM', image: 'deps', as: 'build' },
    { kind: 'ENV', vars: [['JEKYLL_ENV', 'production']] },
    { kind: 'COPY', src: ['.'], dest: '.' },
    ...args.instructions,
    { kind: 'RUN', commands: [build] },
  ];
  return servedFromBuild(service, stages, out.dir, args.names);
}

// ---------------------------------------------------------------------------------------------
// MkDocs

const PIP_CACHE: CacheMount = { type: 'cache', target: '/root/.cache/pip', id: 'pip' };

/** MkDocs sites: pip install from the requirements file, mkdocs build, nginx. */
export const mkdocsStack: Stack = {
  id: 'mkdocs',
  handles: (s) => s.framework === 'mkdocs' && s.kind === 'static',
  plan: planMkdocs,
  dockerignore: (services) =>
    ignoreLines([
      ...COMMON_IGNORE_GROUPS,
      {
        why: 'Python environments and caches',
        patterns: ['.venv', 'venv', '**/__pycache__', '**/*.pyc', '.cache'],
      },
      { why: 'Build output is rebuilt inside the image', patterns: outputPatterns(services, ['site']) },
    ]),
};

/** The requirements file of `pip install -r <file>`, or null. */
function requirementsFile(install: string | null): string | null {
  const m = install ? /^pip install -r (\S+)$/.exec(install.trim().replace(/\s+/g, ' ')) : null;
  return m?.[1] ? path.posix.normalize(m[1]) : null;
}

function planMkdocs(service: Service): StackPlan {
  const out = builtOutputDir(service);
  if ('skipped' in out) return out;
  const req = requirementsFile(service.commands.install);
  if (req === null || !staysInContext(req)) {
    return {
      skipped: `no requirements file pins MkDocs and its theme and plugins (install is "${service.commands.install ?? 'none'}"), so image builds would not be reproducible: list them with versions (e.g. mkdocs-material==9.5.30) in requirements.txt`,
    };
  }
  const pin = service.language === 'python' ? majorMinor(service.languageVersion) : null;
  const line = pin === null ? DEFAULT_PYTHON_LINE : pin.join('.');
  const args = staticBuildArgs(service);
  const build = service.commands.build ?? 'mkdocs build';
  const stages: Instruction[] = [
    { kind: 'comment', text: `deps: MkDocs and its plugins from ${req} (cached until it changes).` },
    { kind: 'FROM', image: pythonImage(line), as: 'deps' },
    {
      kind: 'ENV',
      vars: [
        ['PIP_DISABLE_PIP_VERSION_CHECK', '1'],
        // This stage never ships: installing into the system Python as root is fine here.
        ['PIP_ROOT_USER_ACTION', 'ignore'],
      ],
    },
    { kind: 'WORKDIR', path: APP_DIR },
    { kind: 'COPY', src: [req], dest: `./${req}` },
    { kind: 'RUN', mounts: [PIP_CACHE], commands: [`pip install -r ${req}`] },
    { kind: 'blank' },
    { kind: 'comment', text: `build: render the site into ${out.dir}/.` },
    { kind: 'FROM', image: 'deps', as: 'build' },
    { kind: 'COPY', src: ['.'], dest: '.' },
    ...args.instructions,
    { kind: 'RUN', commands: [build] },
  ];
  return servedFromBuild(service, stages, out.dir, args.names);
}

// ---------------------------------------------------------------------------------------------
// Plain files (Staticfile, index.html, public/index.html)

/** Prebuilt static files (language `static`): nginx serves the folder as it is in the repo. */
export const staticFilesStack: Stack = {
  id: 'static-files',
  handles: (s) => s.language === 'static',
  plan: planStaticFiles,
  dockerignore: () =>
    ignoreLines([
      ...COMMON_IGNORE_GROUPS,
      // Staticfile.auth holds basic-auth credentials; it must never be served.
      { why: 'Server settings and credentials are not site content', patterns: ['Staticfile.auth'] },
      { why: 'Dependencies and caches are not site content', patterns: ['**/node_modules', '.cache'] },
    ]),
};

function planStaticFiles(service: Service): StackPlan {
  if (service.commands.build !== null) {
    return {
      skipped: `static site built with "${service.commands.build}" (${service.framework ?? 'unknown generator'}): no builder image for it yet; build it with a Dockerfile of your own`,
    };
  }
  const out = service.outputDir === null ? null : cleanDir(service.outputDir);
  if (out === null || !staysInContext(out)) {
    return {
      skipped:
        'static site with no folder to serve inside the service: set outputDir (e.g. public) for it in shipready.config.yaml',
    };
  }
  return nginxRuntime(service, { path: out === '.' ? './' : `${out}/` }, out);
}
