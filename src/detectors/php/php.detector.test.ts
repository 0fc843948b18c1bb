import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type FactName, Service } from '../../model/service.js';
import { DiskRepoFs, MemoryRepoFs } from '../../repo/repo-fs.js';
import { COMPOSER_INSTALL, isPhpCommand, phpDetector } from './php.detector.js';

const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/repos/', import.meta.url));

function detectFixture(name: string) {
  return phpDetector.detect({ fs: new DiskRepoFs(`${FIXTURES}${name}`), dir: '.' });
}

function detectMemory(files: Record<string, string | null>) {
  return phpDetector.detect({ fs: new MemoryRepoFs(files), dir: '.' });
}

interface Row {
  fixture: string;
  services: [string, Service['kind'], string | null][];
  framework: string | null;
  packageManager: string | null;
  languageVersion: string | null;
  install: string | null;
  build: string | null;
  port: number;
  healthPath: string | null;
  backing: Record<string, string | null>;
  /** A few env vars: name → [secret, default]. */
  env: Record<string, [boolean, string | null]>;
  diagnostics: string[];
  facts: FactName[];
}

const FRANKEN_PUBLIC = 'frankenphp php-server --listen :80 --root public/';

const ROWS: Row[] = [
  {
    fixture: 'php-laravel',
    services: [
      ['helpdesk', 'web', FRANKEN_PUBLIC],
      ['helpdesk-horizon', 'worker', 'php artisan horizon'],
    ],
    framework: 'laravel',
    packageManager: 'composer',
    languageVersion: '8.2',
    install: `${COMPOSER_INSTALL} && npm ci`,
    build:
      'composer dump-autoload --optimize --no-dev --no-interaction && php artisan route:cache && php artisan view:cache && npm run build',
    port: 80,
    healthPath: '/up',
    backing: { postgresql: 'DB_URL', redis: 'REDIS_URL', s3: 'AWS_BUCKET' },
    env: {
      APP_DEBUG: [false, 'false'],
      APP_ENV: [false, 'production'],
      APP_KEY: [true, null],
      DB_PASSWORD: [true, null],
      REDIS_PASSWORD: [true, null],
      QUEUE_CONNECTION: [false, 'redis'],
    },
    diagnostics: [],
    facts: [
      'kind',
      'language',
      'languageVersion',
      'framework',
      'packageManager',
      'install',
      'build',
      'start',
      'port',
      'healthPath',
    ],
  },
  {
    fixture: 'php-symfony',
    services: [['inventory-api', 'web', FRANKEN_PUBLIC]],
    framework: 'symfony',
    packageManager: 'composer',
    languageVersion: '8.3',
    install: COMPOSER_INSTALL,
    build: 'composer run-script --no-dev post-install-cmd',
    port: 80,
    healthPath: '/healthz',
    backing: { postgresql: 'DATABASE_URL' },
    env: {
      APP_ENV: [false, 'prod'],
      APP_DEBUG: [false, '0'],
      APP_SECRET: [true, null],
      DATABASE_URL: [true, null],
      FLY_REGION: [false, null],
      TRUSTED_PROXIES: [false, null],
    },
    diagnostics: [],
    facts: ['kind', 'languageVersion', 'framework', 'install', 'build', 'start', 'port', 'healthPath'],
  },
  {
    fixture: 'php-slim-procfile',
    services: [
      ['webhooks', 'web', 'php -S 0.0.0.0:8080 -t public'],
      ['webhooks-consumer', 'worker', 'php bin/consume.php'],
    ],
    framework: 'slim',
    packageManager: 'composer',
    languageVersion: '8.0',
    install: COMPOSER_INSTALL,
    build: null,
    port: 8080,
    healthPath: '/health',
    backing: { rabbitmq: 'RABBITMQ_HOST' },
    env: { QUEUE_NAME: [false, null], RABBITMQ_HOST: [false, null], WEBHOOK_SIGNING_SECRET: [true, null] },
    diagnostics: ['composer.json'],
    facts: ['kind', 'languageVersion', 'framework', 'install', 'start', 'port', 'healthPath'],
  },
  {
    fixture: 'php-vanilla-site',
    services: [['app', 'web', 'frankenphp php-server --listen :80']],
    framework: null,
    packageManager: null,
    languageVersion: '8.2',
    install: null,
    build: null,
    port: 80,
    healthPath: null,
    backing: {},
    env: { DB_DSN: [true, null], DB_PASSWORD: [true, null], DB_USER: [false, null] },
    diagnostics: [],
    facts: ['kind', 'language', 'languageVersion', 'start', 'port'],
  },
];

describe('phpDetector over fixture repos', () => {
  it.each(ROWS)('$fixture', (row) => {
    const { services, diagnostics } = detectFixture(row.fixture);
    expect(diagnostics.map((d) => d.file)).toEqual(row.diagnostics);
    expect(services.map((s) => [s.name, s.kind, s.commands.start])).toEqual(row.services);
    for (const s of services) expect(() => Service.parse(s)).not.toThrow();
    const s = services[0] as Service;
    expect({
      path: s.path,
      language: s.language,
      framework: s.framework,
      packageManager: s.packageManager,
      languageVersion: s.languageVersion,
      install: s.commands.install,
      build: s.commands.build,
      port: s.port,
      healthPath: s.healthPath,
    }).toEqual({
      path: '.',
      language: 'php',
      framework: row.framework,
      packageManager: row.packageManager,
      languageVersion: row.languageVersion,
      install: row.install,
      build: row.build,
      port: row.port,
      healthPath: row.healthPath,
    });
    expect(Object.fromEntries(s.backing.map((b) => [b.kind, b.envVar]))).toEqual(row.backing);
    for (const [name, [secret, def]] of Object.entries(row.env)) {
      expect(
        s.env.find((e) => e.name === name),
        name,
      ).toMatchObject({ secret, default: def });
    }
    for (const e of s.env) expect(e.evidence.length).toBeGreaterThan(0);
    for (const fact of row.facts) expect(s.evidence[fact]?.length, `evidence for ${fact}`).toBeGreaterThan(0);
    for (const w of services.slice(1))
      expect(w).toMatchObject({ kind: 'worker', port: null, healthPath: null });
  });

  it('php-library: a Composer library is not a service', () => {
    expect(detectFixture('php-library')).toEqual({ services: [], diagnostics: [] });
  });

  it('php-laravel: config:cache is left to container start, with the reason', () => {
    const s = detectFixture('php-laravel').services[0] as Service;
    expect(s.commands.build).not.toContain('config:cache');
    expect(s.evidence.build?.some((e) => /config:cache.*bakes env values/.test(e.reason))).toBe(true);
    expect(s.evidence.install?.some((e) => /ext-pdo_pgsql, ext-redis/.test(e.reason))).toBe(true);
  });

  it('php-slim-procfile: the Procfile port beats the FrankenPHP default', () => {
    const s = detectFixture('php-slim-procfile').services[0] as Service;
    expect(s.evidence.port).toEqual([
      expect.objectContaining({ file: 'Procfile', line: 1, confidence: 'explicit' }),
    ]);
  });
});

describe('phpDetector rules', () => {
  it('a Heroku launcher in the Procfile keeps its web root, not its command', () => {
    const { services } = detectMemory({
      'composer.json': '{"require": {"php": "^8.3"}}',
      Procfile: 'web: vendor/bin/heroku-php-apache2 web/\n',
      'web/index.php': '<?php echo "hi";',
    });
    expect(services[0]).toMatchObject({
      commands: { start: 'frankenphp php-server --listen :80 --root web/' },
      port: 80,
    });
  });

  it('Laravel Octane runs its own server on 8000', () => {
    const { services } = detectMemory({
      'composer.json': '{"require": {"laravel/framework": "^11", "laravel/octane": "^2"}}',
      artisan: '',
      'public/index.php': '',
    });
    expect(services[0]).toMatchObject({
      commands: { start: 'php artisan octane:start --host=0.0.0.0 --port=8000' },
      port: 8000,
    });
  });

  it('an index.php at the root without composer.json is a site; nested index.php files are not services', () => {
    const { services } = detectMemory({ 'index.php': '', 'stuff/index.php': '', 'nginx.conf': '' });
    expect(services.map((s) => [s.path, s.packageManager, s.commands.start])).toEqual([
      ['.', null, 'frankenphp php-server --listen :80'],
    ]);
  });

  it('composer projects in sub-folders are separate services, named from the package', () => {
    const { services } = detectMemory({
      'api/composer.json': '{"name": "acme/orders-api", "require": {"slim/slim": "^4"}}',
      'api/public/index.php': '',
      'admin/composer.json': '{"name": "laravel/laravel", "require": {"laravel/framework": "^10"}}',
      'admin/artisan': '',
      'admin/public/index.php': '',
      'packages/money/composer.json': '{"name": "acme/money", "type": "library"}',
    });
    expect(services.map((s) => [s.path, s.name, s.framework])).toEqual([
      ['admin', 'admin', 'laravel'],
      ['api', 'orders-api', 'slim'],
    ]);
  });

  it('a broken composer.json is reported with its line; the site is still served', () => {
    const { services, diagnostics } = detectMemory({
      'composer.json': '{\n  "require": {\n    "php": "^8.2",\n  }\n}',
      'public/index.php': '',
    });
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([
      expect.objectContaining({
        file: 'composer.json',
        line: 4,
        message: expect.stringMatching(/^invalid JSON/),
      }),
    ]);
    expect(services[0]).toMatchObject({ packageManager: 'composer', commands: { start: FRANKEN_PUBLIC } });
  });

  it('a Procfile beside a tooling-only composer.json belongs to another app, not to PHP', () => {
    const { services } = detectMemory({
      'composer.json': '{"require-dev": {"squizlabs/php_codesniffer": "^3"}}',
      Procfile: 'web: gunicorn app:app\n',
      'requirements.txt': 'gunicorn\n',
    });
    expect(services).toEqual([]);
  });

  it.each([
    ['php -S 0.0.0.0:8080 -t public', true],
    ['vendor/bin/heroku-php-nginx -C nginx.conf public/', true],
    ['php artisan queue:work --tries=3', true],
    ['APP_ENV=prod frankenphp run', true],
    ['bin/console messenger:consume async', true],
    ['node server.js', false],
  ])('isPhpCommand(%j) → %s', (cmd, expected) => {
    expect(isPhpCommand(cmd)).toBe(expected);
  });

  it('never reads .env', () => {
    const { services } = detectMemory({
      'index.php': '<?php',
      '.env': 'DB_PASSWORD=hunter2\nSECRET_ONLY_HERE=1\n',
    });
    expect(JSON.stringify(services)).not.toContain('hunter2');
    expect(services[0]?.env).toEqual([]);
  });
});

describe('phpDetector never throws on garbage', () => {
  const composer = JSON.stringify(
    {
      name: 'acme/app',
      require: { php: '^8.2', 'laravel/framework': '^11', 'predis/predis': '^2', 'ext-intl': '*' },
      scripts: { 'post-autoload-dump': ['@php artisan package:discover'] },
      config: { platform: { php: '8.2.1' } },
    },
    null,
    2,
  );
  const base: Record<string, string> = {
    'composer.json': composer,
    'composer.lock': '{"packages": []}',
    '.env.example': 'APP_KEY=\nDB_CONNECTION=mysql\nQUEUE_CONNECTION=redis\n',
    '.php-version': '8.3\n',
    'mise.toml': '[tools]\nphp = "8.3"\n',
    'package.json': '{"scripts": {"build": "vite build"}}',
    Procfile: 'web: php artisan octane:start --port=8000\nworker: php artisan queue:work\n',
    artisan: '',
    'public/index.php': '<?php',
    'bootstrap/app.php': "<?php ->withRouting(health: '/up')",
    'config/database.php': "<?php return ['default' => env('DB_CONNECTION', 'sqlite')];",
  };
  const garbage = [
    '',
    ' ',
    '\u0000',
    '{',
    '}',
    '[]',
    'null',
    '"s"',
    '42',
    '{"require": 5, "scripts": [], "config": 3}',
    '{"require": {"php": 8}}',
    '/*',
    "'",
    '#[',
  ];
  let seed = 11;
  const rand = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  const mutate = (s: string): string[] => {
    const out: string[] = [];
    for (let i = 0; i < 20; i++) out.push(s.slice(0, rand(s.length + 1)));
    for (let i = 0; i < 20; i++) {
      const at = rand(s.length);
      out.push(s.slice(0, at) + String.fromCharCode(rand(128)) + s.slice(at + 1));
    }
    return [...out, ...garbage];
  };

  it.each(Object.keys(base))('mutations of %s', (file) => {
    for (const variant of mutate(base[file] as string)) {
      let result: ReturnType<typeof detectMemory> | undefined;
      expect(() => {
        result = detectMemory({ ...base, [file]: variant });
      }, JSON.stringify(variant)).not.toThrow();
      for (const s of result?.services ?? []) expect(() => Service.parse(s)).not.toThrow();
    }
  });

  it.each([
    ['composer.json', '{"require": {'],
    ['composer.json', '[]'],
    ['package.json', '{"scripts": '],
    ['mise.toml', '[tools\nphp ='],
    ['.php-version', 'eight point three'],
  ])('an unparseable %s (%j) gives a diagnostic naming it', (file, text) => {
    const { diagnostics } = detectMemory({ ...base, [file]: text });
    expect(diagnostics.some((d) => d.file === file)).toBe(true);
  });

  it('unreadable manifests give diagnostics, not exceptions', () => {
    for (const file of ['composer.json', '.php-version', 'mise.toml', 'Procfile', 'bootstrap/app.php']) {
      const { diagnostics } = detectMemory({ ...base, [file]: null });
      expect(
        diagnostics.some((d) => d.file === file),
        file,
      ).toBe(true);
    }
  });
});
