import type { Evidence } from '../../model/evidence.js';
import { keyLine, type ParsedPackage } from './parse-package-json.js';

export interface FrameworkEntry {
  /** Framework id recorded on the service, e.g. `nest`. */
  id: string;
  /** The package.json dependency that reveals it. */
  dependency: string;
  /** `web`: a server process; `static`: a build step whose output is served as files. */
  kind: 'web' | 'static';
  /** The port the framework listens on when the code does not say; null for static builders. */
  defaultPort: number | null;
  /**
   * When several are present the highest priority wins. Frameworks built on top of another outrank
   * it (Nest runs on Express or Fastify); server frameworks outrank static builders (an SSR app
   * with Vite is a server); static builders rank lowest.
   */
  priority: number;
  /**
   * `runtime`: counts only in `dependencies` (a server framework in devDependencies is a dev tool,
   * e.g. a mock API for a Vite app, and is not shipped). `any`: builders are usually devDependencies.
   */
  scope: 'runtime' | 'any';
  /** Build output folder relative to the package. */
  outputDir?: string;
  /** Command (run from node_modules/.bin) that starts the production server, when the framework has one. */
  startBin?: string;
  /** A file that must exist beside package.json for a static builder to be an app (not a library). */
  appMarker?: readonly string[];
  /** Where the framework's docs say health checks usually live. */
  healthHint?: string;
}

/** Node.js frameworks, highest priority first for reading; the order itself decides nothing. */
export const NODE_FRAMEWORKS: readonly FrameworkEntry[] = [
  {
    id: 'nest',
    dependency: '@nestjs/core',
    kind: 'web',
    defaultPort: 3000,
    priority: 100,
    scope: 'runtime',
    outputDir: 'dist',
    healthHint: '@nestjs/terminus',
  },
  {
    id: 'next',
    dependency: 'next',
    kind: 'web',
    defaultPort: 3000,
    priority: 90,
    scope: 'runtime',
    outputDir: '.next',
    startBin: 'next start',
  },
  { id: 'hapi', dependency: '@hapi/hapi', kind: 'web', defaultPort: 3000, priority: 60, scope: 'runtime' },
  {
    id: 'fastify',
    dependency: 'fastify',
    kind: 'web',
    defaultPort: 3000,
    priority: 55,
    scope: 'runtime',
    healthHint: '@fastify/under-pressure',
  },
  { id: 'koa', dependency: 'koa', kind: 'web', defaultPort: 3000, priority: 50, scope: 'runtime' },
  { id: 'express', dependency: 'express', kind: 'web', defaultPort: 3000, priority: 40, scope: 'runtime' },
  {
    id: 'vite',
    dependency: 'vite',
    kind: 'static',
    defaultPort: null,
    priority: 20,
    scope: 'any',
    outputDir: 'dist',
    appMarker: ['index.html'],
  },
  {
    id: 'create-react-app',
    dependency: 'react-scripts',
    kind: 'static',
    defaultPort: null,
    priority: 10,
    scope: 'any',
    outputDir: 'build',
    appMarker: ['public/index.html'],
  },
];

export interface FrameworkMatch {
  entry: FrameworkEntry;
  section: 'dependencies' | 'devDependencies';
  evidence: Evidence[];
  /** Other frameworks present that ranked lower. */
  others: FrameworkEntry[];
}

/** The highest-priority framework the package depends on, or null. `hasFile` checks app markers. */
export function detectFramework(
  target: ParsedPackage,
  hasFile: (relToPackage: string) => boolean,
  table: readonly FrameworkEntry[] = NODE_FRAMEWORKS,
): FrameworkMatch | null {
  const { pkg } = target;
  const present: { entry: FrameworkEntry; section: 'dependencies' | 'devDependencies' }[] = [];
  for (const entry of table) {
    let section: 'dependencies' | 'devDependencies' | null = null;
    if (entry.dependency in pkg.dependencies) section = 'dependencies';
    else if (entry.scope === 'any' && entry.dependency in pkg.devDependencies) section = 'devDependencies';
    if (!section) continue;
    if (entry.appMarker && !entry.appMarker.some((f) => hasFile(f))) continue;
    present.push({ entry, section });
  }
  if (present.length === 0) return null;
  present.sort((a, b) => b.entry.priority - a.entry.priority || a.entry.id.localeCompare(b.entry.id));
  const [best, ...rest] = present as [(typeof present)[number], ...typeof present];
  const evidence: Evidence[] = [
    {
      file: target.file,
      line: keyLine(target.text, best.entry.dependency, best.section),
      reason: `${best.section} has ${best.entry.dependency}${rest.length > 0 ? ` (outranks ${rest.map((r) => r.entry.dependency).join(', ')})` : ''}`,
      confidence: 'strong',
    },
  ];
  return { entry: best.entry, section: best.section, evidence, others: rest.map((r) => r.entry) };
}
