import { DockerfileParser } from 'dockerfile-ast';
import { describe, expect, it } from 'vitest';
import type { Service } from '../../../model/service.js';
import { makeService } from '../../test-helpers.js';
import { skipReason } from '../dockerfile.generator.js';
import {
  assertAuditClean,
  assertImage,
  dockerfileOf,
  type Expected,
  fixture,
  ignoreOf,
  planOf,
} from './interpreted-stacks.test-helpers.js';
import { phpExtensions, phpHealthcheckArgv, phpLineFor, serverArgv } from './php.js';

const COMPOSER = { run: /composer install --no-dev/, copied: ['composer.json', 'composer.lock'] };
const FRANKEN = ['frankenphp', 'php-server', '--listen', ':8080', '--root', 'public/'];

/** A Slim app with a lockfile (the fixture has none, so it is skipped: see below). */
function slimLocked(): Service {
  const s = fixture('php-slim-procfile', 'webhooks');
  return {
    ...s,
    evidence: {
      ...s.evidence,
      packageManager: [{ file: 'composer.lock', reason: 'Composer lockfile', confidence: 'explicit' }],
    },
  };
}

const cases: { name: string; service: () => Service; exp: Expected; writable: string[] }[] = [
  {
    name: 'laravel (pgsql, redis, vite)',
    service: () => fixture('php-laravel', 'helpdesk'),
    exp: {
      images: ['dunglas/frankenphp:1.9-php8.2-bookworm', 'node:22-bookworm-slim'],
      cmd: FRANKEN,
      port: 8080,
      healthcheck: 'php',
      install: COMPOSER,
      env: { APP_ENV: 'production', LOG_CHANNEL: 'stderr' },
    },
    writable: ['/app/storage', '/app/bootstrap/cache', '/data/caddy', '/config/caddy'],
  },
  {
    name: 'laravel horizon worker',
    service: () => fixture('php-laravel', 'helpdesk-horizon'),
    exp: {
      images: ['dunglas/frankenphp:1.9-php8.2-bookworm'],
      cmd: ['php', 'artisan', 'horizon'],
      port: null,
      healthcheck: null,
      install: COMPOSER,
      env: { APP_ENV: 'production' },
    },
    writable: ['/app/storage', '/app/bootstrap/cache', '/data/caddy', '/config/caddy'],
  },
  {
    name: 'symfony',
    service: () => fixture('php-symfony'),
    exp: {
      images: ['dunglas/frankenphp:1.9-php8.3-bookworm'],
      cmd: FRANKEN,
      port: 8080,
      healthcheck: 'php',
      install: COMPOSER,
      env: { APP_ENV: 'prod', APP_DEBUG: '0' },
    },
    writable: ['/app/var', '/data/caddy', '/config/caddy'],
  },
  {
    name: 'slim served by php -S, moved to FrankenPHP (PHP 8.0 lower bound raised to 8.2)',
    service: slimLocked,
    exp: {
      images: ['dunglas/frankenphp:1.9-php8.2-bookworm'],
      cmd: ['frankenphp', 'php-server', '--listen', ':8080', '--root', 'public'],
      port: 8080,
      healthcheck: 'php',
      install: COMPOSER,
    },
    writable: ['/data/caddy', '/config/caddy'],
  },
];

describe('php stack: real fixture services', () => {
  for (const c of cases) {
    describe(c.name, () => {
      const plan = planOf(c.service());
      const text = dockerfileOf(plan);

      it('means what a production image should', () => {
        assertImage(text, c.exp);
      });

      it('passes the audit', () => {
        assertAuditClean(plan.dockerfilePath, text);
      });

      it('reports its runtime', () => {
        expect(plan.runtime).toMatchObject({ user: '10001:10001', cmd: c.exp.cmd, port: c.exp.port });
        expect(plan.runtime.writableDirs).toEqual(c.writable);
      });

      it('is deterministic', () => {
        expect(planOf(c.service())).toEqual(plan);
      });
    });
  }
});

describe('php stack: details', () => {
  const laravel = () => fixture('php-laravel', 'helpdesk');

  it('matches the golden Laravel Dockerfile and .dockerignore', async () => {
    const plan = planOf(laravel());
    await expect(dockerfileOf(plan)).toMatchFileSnapshot('./__snapshots__/php-laravel.Dockerfile');
    await expect(ignoreOf(plan).join('\n')).toMatchFileSnapshot('./__snapshots__/php-laravel.dockerignore');
  });

  it('runs Composer scripts, framework caches and the front-end build after the source copy', () => {
    const text = dockerfileOf(planOf(laravel()));
    const build = text.split(/^FROM /m).find((s) => s.startsWith('vendor AS build')) ?? '';
    expect(build).toMatch(/COPY \. \.\nRUN mkdir -p storage\/app\/public .* bootstrap\/cache && \\/);
    expect(build).toContain('composer dump-autoload --optimize --no-dev --no-interaction');
    expect(build).toContain('php artisan route:cache');
    expect(build).not.toContain('npm run build');
    const assets = text.split(/^FROM /m).find((s) => s.startsWith('node:22-bookworm-slim AS assets')) ?? '';
    expect(assets).toContain('RUN npm run build');
    expect(text).toContain('COPY --from=assets /app/public ./public');
    expect(text).toContain('COPY --from=composer:2.8 /usr/bin/composer /usr/bin/composer');
    // Composer stays out of the runtime image.
    expect(text.split(/^FROM /m).at(-1)).not.toContain('composer');
  });

  it('runs FrankenPHP without capabilities as a numeric user, Caddy folders writable', () => {
    const text = dockerfileOf(planOf(laravel()));
    expect(text).toContain('setcap -r /usr/local/bin/frankenphp');
    expect(text).toContain('chown -R 10001:10001 /data/caddy /config/caddy');
    const froms = DockerfileParser.parse(text)
      .getFROMs()
      .map((f) => f.getImage());
    expect(froms.at(-1)).toBe('base');
  });

  it('installs the extensions composer.json and the backing services need', () => {
    expect(phpExtensions(laravel())).toEqual(['opcache', 'pdo_pgsql', 'redis']);
    expect(phpExtensions(fixture('php-laravel', 'helpdesk-horizon'))).toContain('pcntl');
    // ctype and iconv are compiled into the php image already.
    expect(phpExtensions(fixture('php-symfony'))).toEqual(['opcache', 'pdo_pgsql']);
  });

  it('maps the detected version to a FrankenPHP image line', () => {
    const php = (v: string | null, reason = '.php-version pins PHP') =>
      phpLineFor(
        makeService({
          language: 'php',
          languageVersion: v,
          evidence: { languageVersion: [{ file: 'x', reason, confidence: 'explicit' }] },
        }),
      );
    expect(php('8.3')).toEqual({ line: '8.3', raised: false });
    expect(php(null)).toEqual({ line: '8.3', raised: false });
    expect(php('8.0', 'require.php is "^8.0"; its lowest allowed version is 8.0')).toEqual({
      line: '8.2',
      raised: true,
    });
    expect(php('8.1')).toMatchObject({ problem: expect.stringMatching(/pinned/) });
    expect(php('8.5')).toMatchObject({ problem: expect.stringMatching(/newer/) });
  });

  it('serves web commands with FrankenPHP on 8080 and runs other commands as detected', () => {
    const web = (start: string, port: number | null = 80) =>
      serverArgv(makeService({ language: 'php', framework: 'laravel', port, commands: { start } }));
    expect(web('frankenphp php-server --listen :80 --root public/')).toEqual({ cmd: FRANKEN, port: 8080 });
    expect(web('php -S 0.0.0.0:8000 -t web')).toEqual({
      cmd: ['frankenphp', 'php-server', '--listen', ':8080', '--root', 'web'],
      port: 8080,
    });
    expect(web('php artisan octane:start --host=0.0.0.0 --port=8000', 8000)).toEqual({
      cmd: ['php', 'artisan', 'octane:start', '--host=0.0.0.0', '--port=8000'],
      port: 8000,
    });
    expect(web('vendor/bin/server --port 80', 80)).toMatchObject({
      problem: expect.stringMatching(/port 80/),
    });
  });

  it('probes with PHP itself', () => {
    expect(phpHealthcheckArgv(8080, '/up')).toEqual([
      'php',
      '-r',
      'exit(@file_get_contents("http://127.0.0.1:8080/up") === false ? 1 : 0);',
    ]);
  });

  it('builds a plain PHP site without Composer in two stages', () => {
    const plan = planOf(fixture('php-vanilla-site'));
    const text = dockerfileOf(plan);
    expect(
      DockerfileParser.parse(text)
        .getFROMs()
        .map((f) => f.getImage()),
    ).toEqual(['dunglas/frankenphp:1.9-php8.2-bookworm', 'base']);
    expect(plan.runtime.cmd).toEqual(['frankenphp', 'php-server', '--listen', ':8080']);
    expect(text).toMatch(
      /^# shipready-ignore dockerfile\/healthcheck -- no HEALTHCHECK: no health endpoint/m,
    );
    assertAuditClean(plan.dockerfilePath, text);
  });

  it('keeps vendor, caches, Composer credentials and secrets out of the context; Symfony keeps .env', () => {
    const lines = ignoreOf(planOf(laravel()));
    for (const p of ['vendor', '**/node_modules', 'auth.json', 'public/build', 'storage/logs/*', '**/.env']) {
      expect(lines).toContain(p);
    }
    const symfony = ignoreOf(planOf(fixture('php-symfony')));
    expect(symfony.indexOf('!.env')).toBeGreaterThan(symfony.indexOf('**/.env'));
    expect(symfony).toContain('var');
  });
});

describe('php stack: skipped services', () => {
  it.each<[string, Service, RegExp]>([
    ['no composer.lock (slim fixture)', fixture('php-slim-procfile', 'webhooks'), /no composer.lock/],
    [
      'pinned PHP older than FrankenPHP images',
      makeService({
        language: 'php',
        packageManager: null,
        languageVersion: '7.4',
        commands: { start: 'frankenphp php-server' },
        evidence: {
          languageVersion: [{ file: '.php-version', reason: 'pins PHP 7.4', confidence: 'explicit' }],
        },
      }),
      /FrankenPHP images start at PHP 8.2/,
    ],
    [
      'no start command',
      makeService({ language: 'php', packageManager: null, commands: { start: null } }),
      /no start command/,
    ],
  ])('%s', (_name, service, reason) => {
    expect(skipReason(service)).toMatch(reason);
  });
});
