import type { Evidence } from '../../model/evidence.js';
import { type ParsedComposer, requireLine } from './composer.js';

export interface PhpFrameworkEntry {
  /** Framework id recorded on the service. */
  id: string;
  /** composer.json `require` packages that reveal it (any one). */
  packages: readonly string[];
  /** Files (relative to the app) that reveal it without composer.json content, e.g. Laravel's `artisan`. */
  markers?: readonly string[];
  /** When several match the highest wins (Laravel apps also require symfony/* components). */
  priority: number;
  /** The web root the framework serves from (its front controller lives there). */
  docroot: string;
  /**
   * Production values for settings whose example-file values are for development
   * (`APP_DEBUG=true` would show stack traces to visitors).
   */
  productionEnv?: Readonly<Record<string, string>>;
}

/** PHP frameworks; priority decides, never the order of this list. */
export const PHP_FRAMEWORKS: readonly PhpFrameworkEntry[] = [
  {
    id: 'laravel',
    packages: ['laravel/framework'],
    markers: ['artisan'],
    priority: 100,
    docroot: 'public',
    productionEnv: { APP_ENV: 'production', APP_DEBUG: 'false' },
  },
  {
    id: 'lumen',
    packages: ['laravel/lumen-framework'],
    priority: 95,
    docroot: 'public',
    productionEnv: { APP_ENV: 'production', APP_DEBUG: 'false' },
  },
  {
    id: 'symfony',
    packages: ['symfony/framework-bundle'],
    markers: ['config/bundles.php'],
    priority: 90,
    docroot: 'public',
    productionEnv: { APP_ENV: 'prod', APP_DEBUG: '0' },
  },
  { id: 'cakephp', packages: ['cakephp/cakephp'], priority: 80, docroot: 'webroot' },
  {
    id: 'codeigniter',
    packages: ['codeigniter4/framework'],
    markers: ['spark'],
    priority: 80,
    docroot: 'public',
  },
  { id: 'yii', packages: ['yiisoft/yii2'], priority: 80, docroot: 'web' },
  { id: 'laminas', packages: ['mezzio/mezzio', 'laminas/laminas-mvc'], priority: 70, docroot: 'public' },
  { id: 'slim', packages: ['slim/slim'], priority: 50, docroot: 'public' },
];

export interface PhpServerEntry {
  id: string;
  /** Packages that select it (all required); empty for the default. */
  packages: readonly string[];
  /** Only for these frameworks; any when absent. */
  frameworks?: readonly string[];
  priority: number;
  port: number;
  command: (docroot: string, port: number) => string;
  reason: string;
}

/**
 * How a PHP app is served in one container process. FrankenPHP (Caddy with PHP built in) is the
 * default: one process, no php-fpm + nginx pair to supervise; it listens on 80 like the official
 * images (a non-root image needs CAP_NET_BIND_SERVICE on the binary, or `--listen :8080`).
 * Laravel Octane apps run their own long-lived server.
 */
export const PHP_SERVERS: readonly PhpServerEntry[] = [
  {
    id: 'octane',
    packages: ['laravel/octane'],
    frameworks: ['laravel'],
    priority: 100,
    port: 8000,
    command: (_docroot, port) => `php artisan octane:start --host=0.0.0.0 --port=${port}`,
    reason: 'Laravel Octane keeps the app in memory and serves it itself',
  },
  {
    id: 'frankenphp',
    packages: [],
    priority: 0,
    port: 80,
    command: (docroot, port) =>
      `frankenphp php-server --listen :${port}${docroot === '.' ? '' : ` --root ${docroot}/`}`,
    reason: 'served by FrankenPHP (Caddy with PHP built in: one process, no php-fpm + nginx pair)',
  },
];

export interface PhpFrameworkMatch {
  entry: PhpFrameworkEntry;
  evidence: Evidence[];
  others: PhpFrameworkEntry[];
}

/** The highest-priority framework of the app, or null. `hasFile` is relative to the app folder. */
export function detectPhpFramework(
  composer: ParsedComposer | null,
  hasFile: (rel: string) => boolean,
  dir: string,
  table: readonly PhpFrameworkEntry[] = PHP_FRAMEWORKS,
): PhpFrameworkMatch | null {
  const present: { entry: PhpFrameworkEntry; evidence: Evidence }[] = [];
  for (const entry of table) {
    const pkg = composer ? entry.packages.find((p) => p in composer.json.require) : undefined;
    if (composer && pkg) {
      present.push({
        entry,
        evidence: {
          file: composer.file,
          line: requireLine(composer, pkg),
          reason: `composer.json requires ${pkg}`,
          confidence: 'strong',
        },
      });
      continue;
    }
    const marker = entry.markers?.find((m) => hasFile(m));
    if (marker) {
      present.push({
        entry,
        evidence: {
          file: dir === '.' ? marker : `${dir}/${marker}`,
          reason: `${marker} is a ${entry.id} file`,
          confidence: 'weak',
        },
      });
    }
  }
  if (present.length === 0) return null;
  present.sort((a, b) => b.entry.priority - a.entry.priority || a.entry.id.localeCompare(b.entry.id));
  const [best, ...rest] = present as [(typeof present)[number], ...typeof present];
  return {
    entry: best.entry,
    evidence: [
      {
        ...best.evidence,
        reason:
          rest.length > 0
            ? `${best.evidence.reason} (outranks ${rest.map((r) => r.entry.id).join(', ')})`
            : best.evidence.reason,
      },
    ],
    others: rest.map((r) => r.entry),
  };
}

/** The server for the app: the highest-priority entry whose packages and framework match. */
export function pickPhpServer(
  composer: ParsedComposer | null,
  framework: string | null,
  table: readonly PhpServerEntry[] = PHP_SERVERS,
): PhpServerEntry {
  const fits = table
    .filter(
      (s) =>
        s.packages.every((p) => composer !== null && p in composer.json.require) &&
        (!s.frameworks || (framework !== null && s.frameworks.includes(framework))),
    )
    .sort((a, b) => b.priority - a.priority);
  return fits[0] ?? (PHP_SERVERS.at(-1) as PhpServerEntry);
}

export interface PhpWorkerEntry {
  id: string;
  package: string;
  command: string;
  /** Matches a Procfile command that already runs it. */
  procfile: RegExp;
}

/** Long-running job processes a package implies. */
export const PHP_WORKERS: readonly PhpWorkerEntry[] = [
  { id: 'horizon', package: 'laravel/horizon', command: 'php artisan horizon', procfile: /\bhorizon\b/ },
];
