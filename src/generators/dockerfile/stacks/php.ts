import type { Service } from '../../../model/service.js';
import { splitCommand } from '../../../render/argv.js';
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

/*
 * Runtime: FrankenPHP (PHP embedded in the Caddy web server) rather than php-fpm + nginx or Apache.
 * One process serves HTTP and runs PHP, so the container has a single PID 1 that gets SIGTERM, no
 * supervisor and no second image; it listens on an unprivileged port with its file capability
 * removed, so it runs as a numeric non-root user with no capabilities and a read-only root
 * filesystem. The detector already starts Laravel, Symfony and plain PHP apps with it.
 * @see https://frankenphp.dev/docs/docker/
 */

/** FrankenPHP release line of the image; its images exist for PHP 8.2 to 8.4 on Debian bookworm. */
export const FRANKENPHP_VERSION = '1.9';
/** PHP line used when the repo pins none (mise, `.php-version`, `require.php`). */
export const DEFAULT_PHP = '8.3';
const OLDEST_PHP = { major: 8, minor: 2 };
const NEWEST_PHP = { major: 8, minor: 4 };
/** Composer 2.8 from the official composer image; only its binary is copied. */
export const COMPOSER_IMAGE = 'composer:2.8';
/** Unprivileged port FrankenPHP listens on (ports below 1024 need a capability). */
export const PHP_PORT = 8080;
/** Caddy's data and config folders (XDG_DATA_HOME, XDG_CONFIG_HOME in the image). */
const CADDY_DIRS = ['/data/caddy', '/config/caddy'];
const COMPOSER_CACHE: CacheMount = { type: 'cache', target: '/var/cache/composer', id: 'composer' };
const COMPOSER_INSTALL =
  'composer install --no-dev --no-interaction --prefer-dist --optimize-autoloader --no-scripts --no-progress';

export function frankenphpImage(line: string): string {
  return `dunglas/frankenphp:${FRANKENPHP_VERSION}-php${line}-bookworm`;
}

/** Extensions compiled into the php image already: installing them again fails. */
const BUILT_IN_EXTENSIONS = new Set([
  'ctype',
  'curl',
  'dom',
  'fileinfo',
  'filter',
  'hash',
  'iconv',
  'json',
  'libxml',
  'mbstring',
  'mysqlnd',
  'openssl',
  'pcre',
  'pdo',
  'pdo_sqlite',
  'phar',
  'posix',
  'readline',
  'reflection',
  'session',
  'simplexml',
  'sodium',
  'spl',
  'sqlite3',
  'standard',
  'tokenizer',
  'xml',
  'xmlreader',
  'xmlwriter',
  'zlib',
]);

/** PHP extensions a backing service needs (the drivers Laravel, Doctrine and PDO use). */
const BACKING_EXTENSIONS: Readonly<Record<string, string>> = {
  postgresql: 'pdo_pgsql',
  mysql: 'pdo_mysql',
  redis: 'redis',
  mongodb: 'mongodb',
  rabbitmq: 'sockets',
};

/** Framework settings for production and the folders the app writes to at run time. */
const FRAMEWORKS: Readonly<
  Record<string, { env: (readonly [string, string])[]; writable: string[]; docroot: string }>
> = {
  laravel: {
    env: [
      ['APP_ENV', 'production'],
      ['APP_DEBUG', 'false'],
      ['LOG_CHANNEL', 'stderr'],
    ],
    writable: ['storage', 'bootstrap/cache'],
    docroot: 'public',
  },
  symfony: {
    env: [
      ['APP_ENV', 'prod'],
      ['APP_DEBUG', '0'],
    ],
    writable: ['var'],
    docroot: 'public',
  },
};

/** Laravel's storage skeleton: the framework fails when these folders are missing. */
const LARAVEL_DIRS = [
  'storage/app/public',
  'storage/framework/cache/data',
  'storage/framework/sessions',
  'storage/framework/views',
  'storage/logs',
  'bootstrap/cache',
];

/** PHP services (Laravel, Symfony, Slim, plain PHP) served by FrankenPHP, and their workers. */
export const phpStack: Stack = {
  id: 'php',
  handles: (service) => service.language === 'php',
  plan: planPhp,
  dockerignore: phpDockerignoreLines,
};

/** The `X.Y` PHP line of the image, or why there is none. */
export function phpLineFor(service: Service): { line: string; raised: boolean } | { problem: string } {
  const v = majorMinor(service.languageVersion);
  if (v === null) return { line: DEFAULT_PHP, raised: false };
  if (compareMinor(v, NEWEST_PHP) > 0) {
    return {
      problem: `PHP ${service.languageVersion} is newer than the FrankenPHP ${FRANKENPHP_VERSION} images (PHP ${OLDEST_PHP.major}.${OLDEST_PHP.minor} to ${NEWEST_PHP.major}.${NEWEST_PHP.minor}); write a Dockerfile of your own`,
    };
  }
  if (compareMinor(v, OLDEST_PHP) < 0) {
    // A lower bound (`require.php: ^8.0`) allows the oldest line there is; a pin does not.
    const lowerBound = (service.evidence.languageVersion ?? [])[0]?.reason.includes('lowest allowed');
    if (!lowerBound) {
      return {
        problem: `PHP ${service.languageVersion} is pinned, and FrankenPHP images start at PHP ${OLDEST_PHP.major}.${OLDEST_PHP.minor}; upgrade PHP or write a Dockerfile of your own`,
      };
    }
    return { line: `${OLDEST_PHP.major}.${OLDEST_PHP.minor}`, raised: true };
  }
  return { line: `${v.major}.${v.minor}`, raised: false };
}

function planPhp(service: Service): StackPlan {
  const version = phpLineFor(service);
  if ('problem' in version) return { skipped: version.problem };
  if (!service.commands.start) {
    return {
      skipped: 'no start command was detected: set commands.start in shipready.config.yaml',
    };
  }
  let lockfile: string | null = null;
  if (service.packageManager === 'composer') {
    const lock = lockfileFromEvidence(service, ['composer.lock']);
    if ('missing' in lock) {
      return {
        skipped:
          'no composer.lock was found, so image builds would not be reproducible: run composer update and commit composer.lock',
      };
    }
    if ('problem' in lock) return { skipped: lock.problem };
    lockfile = lock.lockfile;
  } else if (service.packageManager !== null) {
    return { skipped: `package manager "${service.packageManager}": this generator installs with Composer` };
  }
  const js = jsToolchain(service);
  if (js !== null && 'problem' in js) return { skipped: js.problem };
  const server = serverArgv(service);
  if ('problem' in server) return { skipped: server.problem };
  return phpImagePlan(service, version, lockfile, js, server);
}

/** PHP extensions the image installs: opcache, the composer.json `ext-*` requirements, drivers. */
export function phpExtensions(service: Service): string[] {
  const exts = new Set(['opcache']);
  for (const e of service.evidence.install ?? []) {
    if (!e.reason.includes('PHP extensions')) continue;
    for (const m of e.reason.matchAll(/\bext-([a-z0-9_]+)/gi)) exts.add((m[1] as string).toLowerCase());
  }
  for (const b of service.backing) {
    const ext = BACKING_EXTENSIONS[b.kind];
    if (ext) exts.add(ext);
  }
  // Horizon and Octane supervise processes with pcntl.
  if (/\b(horizon|octane:start|queue:work)\b/.test(service.commands.start ?? '')) exts.add('pcntl');
  return [...exts].filter((x) => !BUILT_IN_EXTENSIONS.has(x)).sort();
}

/**
 * The command the container runs and the port it listens on. Web servers (FrankenPHP, `php -S`)
 * become FrankenPHP on PHP_PORT; other commands run as detected.
 */
export function serverArgv(service: Service): { cmd: string[]; port: number | null } | { problem: string } {
  const start = service.commands.start as string;
  const argv = splitCommand(start);
  if (service.kind !== 'web' || argv === null) return { cmd: execArgv(start), port: service.port };
  const docroot = FRAMEWORKS[service.framework ?? '']?.docroot;
  if (argv[0] === 'frankenphp' && argv[1] === 'php-server') {
    const rest = withoutOption(argv.slice(2), '--listen', '-l');
    return { cmd: ['frankenphp', 'php-server', '--listen', `:${PHP_PORT}`, ...rest], port: PHP_PORT };
  }
  if (argv[0] === 'php' && argv[1] === '-S') {
    // PHP's built-in server handles one request at a time: FrankenPHP serves the same folder.
    const t = argv.indexOf('-t');
    const root = t !== -1 ? argv[t + 1] : docroot;
    return {
      cmd: ['frankenphp', 'php-server', '--listen', `:${PHP_PORT}`, ...(root ? ['--root', root] : [])],
      port: PHP_PORT,
    };
  }
  if (service.port !== null && service.port < 1024) {
    return {
      problem: `"${start}" listens on port ${service.port}, which a non-root user cannot bind: listen on a port above 1023 (e.g. ${PHP_PORT})`,
    };
  }
  return { cmd: argv, port: service.port };
}

function withoutOption(args: string[], ...names: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (names.includes(a)) {
      i++;
      continue;
    }
    if (names.some((n) => a.startsWith(`${n}=`))) continue;
    out.push(a);
  }
  return out;
}

function phpImagePlan(
  service: Service,
  version: { line: string; raised: boolean },
  lockfile: string | null,
  js: JsToolchain | null,
  server: { cmd: string[]; port: number | null },
): ImagePlan {
  const image = frankenphpImage(version.line);
  const fw = FRAMEWORKS[service.framework ?? ''];
  const laravel = service.framework === 'laravel';
  const exts = phpExtensions(service);
  const docroot = frankenphpRoot(server.cmd) ?? fw?.docroot ?? null;
  const out: Instruction[] = [];

  // base: the runtime every later stage shares.
  out.push({
    kind: 'comment',
    text: `base: FrankenPHP on PHP ${version.line}${version.raised ? ` (the oldest line it has; the app allows it: ${service.languageVersion} is a lower bound)` : ''}, extensions, and a non-root user.`,
  });
  out.push({ kind: 'FROM', image, as: 'base' });
  if (exts.length > 0) out.push({ kind: 'RUN', commands: [`install-php-extensions ${exts.join(' ')}`] });
  out.push(
    {
      kind: 'comment',
      text: `Drop the binary's bind capability (not needed on port ${PHP_PORT}) so it runs with none; Caddy writes only its data and config folders.`,
    },
    {
      kind: 'RUN',
      commands: [
        'setcap -r /usr/local/bin/frankenphp',
        createAppUser(),
        `chown -R ${APP_USER} ${CADDY_DIRS.join(' ')}`,
      ],
    },
    { kind: 'WORKDIR', path: APP_DIR },
    {
      kind: 'ENV',
      vars: [...(fw?.env ?? []), ...(server.port !== null ? [['PORT', String(server.port)] as const] : [])],
    },
    { kind: 'blank' },
  );

  if (lockfile !== null) {
    out.push(
      {
        kind: 'comment',
        text: `vendor: Composer packages from ${lockfile} without dev packages (cached until composer.json or ${lockfile} changes); scripts run once the source is in.`,
      },
      { kind: 'FROM', image: 'base', as: 'vendor' },
      aptInstall(['git', 'unzip']),
      { kind: 'COPY', from: COMPOSER_IMAGE, src: ['/usr/bin/composer'], dest: '/usr/bin/composer' },
      {
        kind: 'ENV',
        vars: [
          ['COMPOSER_ALLOW_SUPERUSER', '1'],
          ['COMPOSER_CACHE_DIR', COMPOSER_CACHE.target],
        ],
      },
      { kind: 'COPY', src: ['composer.json', lockfile], dest: './' },
      { kind: 'RUN', mounts: [COMPOSER_CACHE], commands: [COMPOSER_INSTALL] },
      { kind: 'blank' },
    );
    const build = [
      ...(laravel ? [`mkdir -p ${LARAVEL_DIRS.join(' ')}`] : []),
      // The class map now covers the app's own classes; package:discover & co. run here.
      'composer dump-autoload --optimize --no-dev --no-interaction',
      ...steps(service.commands.build).filter((s) => !isJsStep(s) && !s.startsWith('composer dump-autoload')),
    ];
    out.push(
      {
        kind: 'comment',
        text: 'build: the source, the optimised autoloader, Composer scripts and framework caches.',
      },
      { kind: 'FROM', image: 'vendor', as: 'build' },
      { kind: 'COPY', src: ['.'], dest: '.' },
      { kind: 'RUN', commands: build },
      { kind: 'blank' },
    );
  }

  const jsBuild = steps(service.commands.build).filter(isJsStep);
  // Workers serve no pages, so they skip the front-end build.
  const assets = js !== null && jsBuild.length > 0 && docroot !== null && service.kind === 'web';
  if (assets && js) {
    out.push(
      { kind: 'comment', text: `assets: the front-end build, whose output lands in ${docroot}/.` },
      { kind: 'FROM', image: nodeImage(DEFAULT_NODE_MAJOR), as: 'assets' },
      { kind: 'WORKDIR', path: APP_DIR },
      ...(js.spec.env.length > 0 || js.spec.corepack
        ? [
            {
              kind: 'ENV',
              vars: [
                ...js.spec.env,
                ...(js.spec.corepack ? [['COREPACK_ENABLE_DOWNLOAD_PROMPT', '0'] as const] : []),
              ],
            } as const,
          ]
        : []),
      ...(js.spec.corepack ? [{ kind: 'RUN', commands: ['corepack enable'] } as const] : []),
      { kind: 'COPY', src: ['package.json', js.lockfile, ...js.spec.extraManifests], dest: './' },
      { kind: 'RUN', mounts: [js.spec.cache], commands: [js.install] },
      { kind: 'COPY', src: ['.'], dest: '.' },
      // Front-end builds may import styles from Composer packages (Livewire, Filament …).
      ...(lockfile !== null
        ? [{ kind: 'COPY', from: 'vendor', src: [`${APP_DIR}/vendor`], dest: './vendor' } as const]
        : []),
      { kind: 'RUN', commands: jsBuild },
      { kind: 'blank' },
    );
  }

  const noHealthcheckReason =
    server.port === null
      ? missingHealthReason(service)
      : missingHealthReason({ ...service, port: server.port });
  const healthPath = noHealthcheckReason === null ? service.healthPath : null;
  const writable = fw?.writable ?? [];

  out.push({
    kind: 'comment',
    text: 'runtime: the base image with the built app; no Composer, no compilers.',
  });
  if (noHealthcheckReason !== null) out.push(noHealthcheckComment(noHealthcheckReason));
  out.push(
    { kind: 'FROM', image: 'base', as: 'runtime' },
    { kind: 'comment', text: 'Files stay owned by root: the app can read its code but not change it.' },
    lockfile !== null ? copyApp('build') : { kind: 'COPY', src: ['.'], dest: '.' },
  );
  if (assets)
    out.push({ kind: 'COPY', from: 'assets', src: [`${APP_DIR}/${docroot}`], dest: `./${docroot}` });
  if (writable.length > 0) {
    out.push(
      {
        kind: 'comment',
        text: `The app writes to ${writable.join('/, ')}/ only; mount them writable when the root filesystem is read-only.`,
      },
      {
        kind: 'RUN',
        commands: [`mkdir -p ${writable.join(' ')}`, `chown -R ${APP_USER} ${writable.join(' ')}`],
      },
    );
  }
  out.push({ kind: 'USER', user: APP_USER });
  if (server.port !== null) out.push({ kind: 'EXPOSE', port: server.port });
  if (server.port !== null && healthPath !== null) {
    out.push({
      kind: 'HEALTHCHECK',
      cmd: phpHealthcheckArgv(server.port, healthPath),
      ...HEALTHCHECK_TIMING,
    });
  }
  out.push(...ociLabels(service), {
    kind: 'comment',
    text: `Exec form: the image's entrypoint execs ${server.cmd[0]}, which then receives SIGTERM directly; run with --init to reap zombies.`,
  });
  out.push({ kind: 'CMD', argv: server.cmd });

  return {
    instructions: out,
    runtime: {
      port: server.port,
      healthPath,
      user: APP_USER,
      baseImage: image,
      cmd: server.cmd,
      noHealthcheckReason,
      buildArgs: [],
      runtimeEnv: true,
      copiedDirs: null,
      writableDirs: [...writable.map(inApp), ...CADDY_DIRS],
    },
  };
}

/** The `--root` a FrankenPHP command serves, without its trailing slash. */
function frankenphpRoot(cmd: readonly string[]): string | null {
  if (cmd[0] !== 'frankenphp') return null;
  const i = cmd.indexOf('--root');
  const root = i !== -1 ? cmd[i + 1] : undefined;
  if (!root) return null;
  const clean = root.replace(/^\.\//, '').replace(/\/+$/, '');
  return clean === '' || clean === '.' ? null : clean;
}

/** A HEALTHCHECK that needs only PHP: the http wrapper returns false on a refused or non-2xx answer. */
export function phpHealthcheckArgv(port: number, healthPath: string): string[] {
  const url = JSON.stringify(`http://127.0.0.1:${port}${healthPath}`);
  return ['php', '-r', `exit(@file_get_contents(${url}) === false ? 1 : 0);`];
}

/** The .dockerignore for PHP services sharing one build context. */
export function phpDockerignoreLines(services: readonly Service[]): string[] {
  const laravel = services.some((s) => s.framework === 'laravel');
  const symfony = services.some((s) => s.framework === 'symfony');
  return ignoreLines([
    ...COMMON_IGNORE_GROUPS,
    { why: 'Composer credentials', patterns: ['auth.json'] },
    {
      why: 'Dependencies are installed inside the image from the lockfiles',
      patterns: ['vendor', '**/node_modules'],
    },
    {
      why: 'Build output, caches and logs are rebuilt inside the image',
      patterns: [
        'public/build',
        'public/hot',
        '*.log',
        ...(laravel
          ? [
              'storage/logs/*',
              'storage/framework/cache/data/*',
              'storage/framework/sessions/*',
              'storage/framework/views/*',
              'bootstrap/cache/*.php',
            ]
          : []),
        ...(symfony ? ['var'] : []),
      ],
    },
    ...(symfony
      ? [
          {
            why: 'Symfony reads its committed .env defaults; real secrets belong in .env.local (still ignored)',
            patterns: ['!.env', '!.env.dist'],
          },
        ]
      : []),
    {
      why: 'Test and tool caches',
      patterns: ['.phpunit.result.cache', '.phpunit.cache', '.php-cs-fixer.cache', 'coverage'],
    },
  ]);
}
