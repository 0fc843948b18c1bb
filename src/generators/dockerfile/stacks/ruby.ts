import path from 'node:path';
import type { Service } from '../../../model/service.js';
import type { CacheMount, Instruction } from '../../../render/dockerfile.js';
import {
  APP_DIR,
  APP_USER,
  aptInstall,
  COMMON_IGNORE_GROUPS,
  createAppUser,
  execArgv,
  HEALTHCHECK_TIMING,
  ignoreLines,
  lockfileFromEvidence,
  missingHealthReason,
  nginxRuntime,
  noHealthcheckComment,
  ociLabels,
} from '../common.js';
import { nodeImage } from '../node-dockerfile.js';
import { DEFAULT_NODE_MAJOR } from '../node-version.js';
import type { ImagePlan, Stack, StackPlan } from '../stack.js';
import {
  compareMinor,
  copyApp,
  inApp,
  isJsStep,
  type JsToolchain,
  jsToolchain,
  majorMinor,
  steps,
} from '../stack-kit.js';

/**
 * Ruby line used when the repo pins none (no Gemfile `ruby`, `.ruby-version`, `RUBY VERSION`):
 * 3.3 runs every maintained Rails and Sinatra release.
 * @see https://www.ruby-lang.org/en/downloads/branches/
 */
export const DEFAULT_RUBY = '3.3';
/** The oldest Ruby line with an official `-slim-bookworm` image. */
const OLDEST_RUBY = { major: 3, minor: 1 };
/** Where the ruby image installs gems (`GEM_HOME`); Bundler installs there too. */
const BUNDLE_PATH = '/usr/local/bundle';
/**
 * Bundler keeps downloaded .gem files in its user cache when `global_gem_cache` is on, so a cache
 * mount there spares downloads while the gems themselves stay in the image layer.
 * @see https://bundler.io/man/bundle-config.1.html
 */
const BUNDLER_CACHE: CacheMount = { type: 'cache', target: '/root/.bundle/cache', id: 'bundler' };

/** `-slim-bookworm`: Debian stable without compilers; the build stage adds them for native gems. */
export function rubyImage(line: string): string {
  return `ruby:${line}-slim-bookworm`;
}

/** Debian packages a backing service's gem needs: headers to compile it, a library to run it. */
const NATIVE_LIBS: Readonly<Record<string, { build: string; runtime: string }>> = {
  postgresql: { build: 'libpq-dev', runtime: 'libpq5' },
  mysql: { build: 'default-libmysqlclient-dev', runtime: 'libmariadb3' },
};
/** Compilers and headers most bundles need (puma, nio4r, bootsnap, psych, nokogiri from source …). */
const BUILD_PACKAGES = ['build-essential', 'git', 'libyaml-dev', 'pkg-config'];

/** Ruby services (Rails, Sinatra, Rack, Hanami, workers) and static sites built with Ruby (Jekyll …). */
export const rubyStack: Stack = {
  id: 'ruby',
  handles: (service) => service.language === 'ruby',
  plan: planRuby,
  dockerignore: rubyDockerignoreLines,
};

/** The `X.Y` Ruby line of the image, or why there is none. */
export function rubyLineFor(version: string | null): { line: string } | { problem: string } {
  const v = majorMinor(version);
  if (v === null) return { line: DEFAULT_RUBY };
  if (compareMinor(v, OLDEST_RUBY) < 0) {
    return {
      problem: `Ruby ${version} has no official ruby:<version>-slim-bookworm image (they start at ${OLDEST_RUBY.major}.${OLDEST_RUBY.minor}); upgrade Ruby or write a Dockerfile of your own`,
    };
  }
  return { line: `${v.major}.${v.minor}` };
}

function planRuby(service: Service): StackPlan {
  if (service.packageManager !== 'bundler') {
    return { skipped: 'no Gemfile was found: this generator installs gems with Bundler from Gemfile.lock' };
  }
  const version = rubyLineFor(service.languageVersion);
  if ('problem' in version) return { skipped: version.problem };
  const lock = lockfileFromEvidence(service, ['Gemfile.lock', 'gems.locked']);
  if ('missing' in lock) {
    return {
      skipped:
        'no Gemfile.lock was found, so image builds would not be reproducible: run bundle lock and commit Gemfile.lock',
    };
  }
  if ('problem' in lock) return { skipped: lock.problem };
  const js = jsToolchain(service);
  if (js !== null && 'problem' in js) return { skipped: js.problem };
  if (service.kind === 'static') {
    if (!service.outputDir || !service.commands.build) {
      return {
        skipped:
          'static site with no known build command or output folder: set them in shipready.config.yaml',
      };
    }
  } else if (!service.commands.start) {
    return {
      skipped:
        'no start command was detected: add a Procfile web line (e.g. "bundle exec puma -C config/puma.rb") or set commands.start in shipready.config.yaml',
    };
  }
  return rubyImagePlan(service, version.line, lock.lockfile, js);
}

const manifestFor = (lockfile: string) => (lockfile === 'gems.locked' ? 'gems.rb' : 'Gemfile');

/** The Bundler version Gemfile.lock was locked with (its BUNDLED WITH), from the install evidence. */
export function lockedBundler(service: Service): string | null {
  for (const e of service.evidence.install ?? []) {
    const m = /locked with Bundler (\d+\.\d+\.\d+)/.exec(e.reason);
    if (m?.[1]) return m[1];
  }
  return null;
}

function rubyImagePlan(service: Service, line: string, lockfile: string, js: JsToolchain | null): ImagePlan {
  const image = rubyImage(line);
  const rails = service.framework === 'rails';
  const libs = [...new Set(service.backing.map((b) => b.kind))]
    .map((k) => NATIVE_LIBS[k])
    .filter((l) => l !== undefined);
  const bundler = lockedBundler(service);
  const installSteps = steps(service.commands.install);
  const bootsnapGems = installSteps.find((s) => s.startsWith('bundle exec bootsnap precompile'));

  const out: Instruction[] = [];
  if (js) {
    out.push(
      { kind: 'comment', text: 'node: the Node.js toolchain the asset build runs (copied into deps below).' },
      { kind: 'FROM', image: nodeImage(DEFAULT_NODE_MAJOR), as: 'node' },
      { kind: 'blank' },
    );
  }

  // deps: compilers, then the bundle from the lockfile only, so it survives code edits.
  const install = [
    ...(bundler ? [`gem install bundler -v ${bundler} --no-document`] : []),
    'bundle install',
    // Gem sources and git checkouts are not needed once the gems are built.
    `rm -rf ${BUNDLE_PATH}/ruby/*/cache ${BUNDLE_PATH}/ruby/*/bundler/gems/*/.git`,
    ...(bootsnapGems ? [bootsnapGems] : []),
  ];
  out.push(
    {
      kind: 'comment',
      text: `deps: gems from ${lockfile} (cached until ${manifestFor(lockfile)} or ${lockfile} changes), compilers only here.`,
    },
    { kind: 'FROM', image, as: 'deps' },
    aptInstall([...BUILD_PACKAGES, ...libs.map((l) => l.build)]),
    { kind: 'WORKDIR', path: APP_DIR },
    {
      kind: 'ENV',
      vars: [
        ...productionEnv(service),
        ['BUNDLE_GLOBAL_GEM_CACHE', 'true'],
        ...(js?.spec.corepack ? [['COREPACK_ENABLE_DOWNLOAD_PROMPT', '0'] as const] : []),
        ...(js?.spec.env ?? []),
      ],
    },
    { kind: 'COPY', src: [manifestFor(lockfile), lockfile], dest: './' },
    { kind: 'RUN', mounts: [BUNDLER_CACHE], commands: install },
  );
  if (js) {
    out.push(
      { kind: 'COPY', from: 'node', src: ['/usr/local/bin/node'], dest: '/usr/local/bin/' },
      {
        kind: 'COPY',
        from: 'node',
        src: ['/usr/local/lib/node_modules'],
        dest: '/usr/local/lib/node_modules',
      },
      {
        kind: 'RUN',
        commands: [
          'ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm',
          ...(js.spec.corepack
            ? [
                'ln -s ../lib/node_modules/corepack/dist/corepack.js /usr/local/bin/corepack',
                'corepack enable',
              ]
            : []),
        ],
      },
      { kind: 'COPY', src: ['package.json', js.lockfile, ...js.spec.extraManifests], dest: './' },
      { kind: 'RUN', mounts: [js.spec.cache], commands: [js.install] },
    );
  }
  out.push({ kind: 'blank' });

  // build: the source, then the asset and Bootsnap builds the detector found.
  const build = steps(service.commands.build).map((s) =>
    // Rails 7.1+ boots without the real secret for this task only; older Rails ignores the flag.
    rails && /\bassets:precompile\b/.test(s) ? `SECRET_KEY_BASE_DUMMY=1 ${s}` : s,
  );
  if (js && service.kind !== 'static') build.push('rm -rf node_modules');
  out.push(
    {
      kind: 'comment',
      text: `build: copy the source${build.length > 0 ? ' and build assets and caches' : ''}.`,
    },
    { kind: 'FROM', image: 'deps', as: 'build' },
    { kind: 'COPY', src: ['.'], dest: '.' },
  );
  if (build.length > 0) out.push({ kind: 'RUN', commands: build });
  out.push({ kind: 'blank' });

  if (service.kind === 'static') {
    const outputDir = path.posix.normalize(service.outputDir as string).replace(/\/+$/, '');
    const runtime = nginxRuntime(service, { from: 'build', path: `${APP_DIR}/${outputDir}` }, outputDir);
    return { instructions: [...out, ...runtime.instructions], runtime: runtime.runtime };
  }

  const port = service.port;
  const noHealthcheckReason = missingHealthReason(service);
  const healthPath = noHealthcheckReason === null ? service.healthPath : null;
  const cmd = rubyCmd(service.commands.start as string);
  const writable = rails ? ['tmp', 'log', 'storage'] : [];

  out.push({ kind: 'comment', text: 'runtime: a fresh Ruby image with the bundle and the built app only.' });
  if (noHealthcheckReason !== null) out.push(noHealthcheckComment(noHealthcheckReason));
  out.push({ kind: 'FROM', image, as: 'runtime' });
  if (libs.length > 0) out.push(aptInstall(libs.map((l) => l.runtime)));
  out.push(
    { kind: 'RUN', commands: [createAppUser()] },
    { kind: 'WORKDIR', path: APP_DIR },
    {
      kind: 'ENV',
      vars: [
        ...productionEnv(service),
        ...(port !== null ? [['PORT', String(port)] as const] : []),
        ...(rails
          ? ([
              ['RAILS_LOG_TO_STDOUT', '1'],
              ['RAILS_SERVE_STATIC_FILES', '1'],
              // Puma's pid file goes to the writable /tmp rather than tmp/pids.
              ['PIDFILE', '/tmp/server.pid'],
            ] as const)
          : []),
      ],
    },
    { kind: 'comment', text: 'Files stay owned by root: the app can read its code but not change it.' },
    { kind: 'COPY', from: 'build', src: [BUNDLE_PATH], dest: BUNDLE_PATH },
    copyApp('build'),
  );
  if (writable.length > 0) {
    out.push(
      {
        kind: 'comment',
        text: `Rails writes to ${writable.join('/, ')}/ only; mount them writable when the root filesystem is read-only.`,
      },
      {
        kind: 'RUN',
        commands: [`mkdir -p ${writable.join(' ')}`, `chown ${APP_USER} ${writable.join(' ')}`],
      },
    );
  }
  out.push({ kind: 'USER', user: APP_USER });
  if (port !== null) out.push({ kind: 'EXPOSE', port });
  if (port !== null && healthPath !== null) {
    out.push({ kind: 'HEALTHCHECK', cmd: rubyHealthcheckArgv(port, healthPath), ...HEALTHCHECK_TIMING });
  }
  out.push(...ociLabels(service), {
    kind: 'comment',
    text: `Exec form: ${cmd[0]} runs as PID 1 and receives SIGTERM directly; run with --init to reap zombies. Migrations belong in a release step, not here.`,
  });
  out.push({ kind: 'CMD', argv: cmd });

  return {
    instructions: out,
    runtime: {
      port,
      healthPath,
      user: APP_USER,
      baseImage: image,
      cmd,
      noHealthcheckReason,
      buildArgs: [],
      runtimeEnv: true,
      copiedDirs: null,
      ...(writable.length > 0 ? { writableDirs: writable.map(inApp) } : {}),
    },
  };
}

/**
 * The start command in exec form, under `bundle exec` so the locked gems load (Bundler installs
 * them under BUNDLE_PATH, where a bare `ruby app.rb` would not look); Bundler execs the command, so
 * it still ends up as PID 1.
 */
export function rubyCmd(start: string): string[] {
  const argv = execArgv(start);
  return argv[0] === 'bundle' || argv[0] === 'sh' ? argv : ['bundle', 'exec', ...argv];
}

/** Environment every stage shares: production mode and Bundler's deployment settings. */
function productionEnv(service: Service): (readonly [string, string])[] {
  const env: (readonly [string, string])[] = [];
  if (service.framework === 'rails') env.push(['RAILS_ENV', 'production']);
  if (service.kind === 'static') env.push(['JEKYLL_ENV', 'production']);
  env.push(
    ['RACK_ENV', 'production'],
    ['APP_ENV', 'production'],
    ['BUNDLE_DEPLOYMENT', '1'],
    ['BUNDLE_WITHOUT', 'development:test'],
    ['BUNDLE_PATH', BUNDLE_PATH],
  );
  return env;
}

/**
 * A HEALTHCHECK that needs only Ruby (the slim image has no curl). It sends `X-Forwarded-Proto:
 * https` so Rails' `force_ssl` answers the probe instead of redirecting it; an exception exits 1.
 */
export function rubyHealthcheckArgv(port: number, healthPath: string): string[] {
  const url = JSON.stringify(`http://127.0.0.1:${port}${healthPath}`);
  return [
    'ruby',
    '-rnet/http',
    '-e',
    `exit Net::HTTP.get_response(URI(${url}), "X-Forwarded-Proto" => "https").is_a?(Net::HTTPSuccess)`,
  ];
}

/** The .dockerignore for Ruby services sharing one build context. */
export function rubyDockerignoreLines(services: readonly Service[]): string[] {
  const rails = services.some((s) => s.framework === 'rails');
  const jsOrStatic = services.some((s) => s.kind === 'static' || steps(s.commands.install).some(isJsStep));
  return ignoreLines([
    ...COMMON_IGNORE_GROUPS,
    {
      why: 'Gems and packages are installed inside the image from the lockfiles',
      patterns: ['.bundle', 'vendor/bundle', ...(jsOrStatic ? ['**/node_modules'] : [])],
    },
    {
      why: 'Build output, caches and local state are rebuilt or mounted at run time',
      patterns: [
        'tmp',
        'log',
        '*.log',
        ...(rails
          ? ['storage', 'public/assets', 'public/packs', 'app/assets/builds/*', '!app/assets/builds/.keep']
          : []),
        ...(services.some((s) => s.kind === 'static') ? ['_site', '.jekyll-cache', '.sass-cache'] : []),
      ],
    },
    { why: 'Test output', patterns: ['coverage', '.rspec_status', '.byebug_history'] },
  ]);
}
