import type { Diagnostic } from '../../model/diagnostic.js';
import type { Evidence } from '../../model/evidence.js';
import { keyLine } from '../shared/json-manifest.js';
import { blankJsComments, lineAt } from '../text.js';
import type { ParsedPackage } from './parse-package-json.js';

/** Read access to the files beside a package.json, for app markers and config conditions. */
export interface PackageView {
  /** Whether a file (relative to the package folder) exists. */
  has(rel: string): boolean;
  /** The text of a file relative to the package folder, or null (missing, unreadable). */
  read(rel: string): string | null;
}

/**
 * A fact about a package that selects a framework mode. Every key given must hold; give several
 * conditions (in a mode's `when`) to require all of them.
 */
export interface FrameworkCondition {
  /** Any of these is a dependency or devDependency. */
  dependency?: readonly string[];
  /** Any of these files exists beside package.json. */
  file?: readonly string[];
  /** The first of these config files that exists matches `pattern` (JS/TS comments are ignored). */
  config?: { files: readonly string[]; pattern: RegExp };
  /** The `build` script matches. */
  buildScript?: RegExp;
  /** Some package.json script matches. */
  script?: RegExp;
}

/**
 * A variant of a framework, chosen by config: Next's `output: 'export'`, SvelteKit's adapter, Astro's
 * server output. Among modes whose conditions all hold, the highest priority wins; unset fields keep
 * the framework's defaults.
 */
export interface FrameworkMode {
  id: string;
  when: readonly FrameworkCondition[];
  priority: number;
  kind?: 'web' | 'static';
  defaultPort?: number | null;
  outputDir?: string;
  /** The production start command (direct, from the package folder); null for static output. */
  start?: string | null;
  /** A start script matching this (resolved) is replaced by `start` (e.g. `next start` cannot serve a standalone build). */
  replacesStartScript?: RegExp;
  /** The start is a best guess (e.g. SvelteKit's adapter-auto picks no adapter in a container). */
  weakStart?: boolean;
  /** Why this mode applies, for the evidence. */
  reason: string;
}

export interface FrameworkEntry {
  /** Framework id recorded on the service, e.g. `nest`. */
  id: string;
  /** Dependencies that reveal it (any one). */
  dependencies: readonly string[];
  /** `web`: a server process; `static`: a build step whose output is served as files (the default mode). */
  kind: 'web' | 'static';
  /** The port the framework listens on when the code does not say; null for static builders. */
  defaultPort: number | null;
  /**
   * When several are present the highest priority wins. Meta-frameworks outrank the server
   * frameworks they build on (Nest runs on Express; Angular SSR and Remix on Express), server
   * frameworks outrank generic static builders (an SSR app with Vite is a server), and the generic
   * builders (Vite, Create React App) rank lowest.
   */
  priority: number;
  /**
   * `runtime`: counts only in `dependencies` (a server framework in devDependencies is a dev tool,
   * e.g. a mock API for a Vite app, and is not shipped). `any`: builders are usually devDependencies.
   */
  scope: 'runtime' | 'any';
  /** Build output folder relative to the package (default mode). */
  outputDir?: string;
  /** Production start command (direct; `node_modules/.bin/` for a dependency's binary), default mode. */
  start?: string;
  /** A file that must exist beside package.json for the framework to count (an app, not a library). */
  appMarker?: readonly string[];
  /** Extra conditions that must all hold for the framework to count (e.g. Expo only as a web export). */
  requires?: readonly FrameworkCondition[];
  /** Variants chosen by config. */
  modes?: readonly FrameworkMode[];
  /** Reads the output folder from the framework's own config (see {@link OUTPUT_RESOLVERS}). */
  outputResolver?: keyof typeof OUTPUT_RESOLVERS;
  /** Where the framework's docs say health checks usually live. */
  healthHint?: string;
}

const NEXT_CONFIG = [
  'next.config.js',
  'next.config.mjs',
  'next.config.ts',
  'next.config.cjs',
  'next.config.mts',
];
const ASTRO_CONFIG = [
  'astro.config.mjs',
  'astro.config.ts',
  'astro.config.js',
  'astro.config.mts',
  'astro.config.cjs',
];
const SVELTE_CONFIG = ['svelte.config.js', 'svelte.config.mjs', 'svelte.config.ts', 'svelte.config.cjs'];
const REACT_ROUTER_CONFIG = ['react-router.config.ts', 'react-router.config.js', 'react-router.config.mjs'];
export const VITE_CONFIG = [
  'vite.config.ts',
  'vite.config.mts',
  'vite.config.js',
  'vite.config.mjs',
  'vite.config.cjs',
  'vite.config.cts',
];
const NEXT_START = /^node_modules\/\.bin\/next start\b/;
const SVELTEKIT_NODE_START = 'node build';
const ASTRO_NODE_START = 'node ./dist/server/entry.mjs';
const NITRO_START = 'node .output/server/index.mjs';

/** Node.js frameworks. Priority decides between them, never the order of this list. */
export const NODE_FRAMEWORKS: readonly FrameworkEntry[] = [
  {
    id: 'nest',
    dependencies: ['@nestjs/core'],
    kind: 'web',
    defaultPort: 3000,
    priority: 100,
    scope: 'runtime',
    outputDir: 'dist',
    healthHint: '@nestjs/terminus',
  },
  {
    id: 'next',
    dependencies: ['next'],
    kind: 'web',
    defaultPort: 3000,
    priority: 95,
    scope: 'runtime',
    outputDir: '.next',
    start: 'node_modules/.bin/next start',
    modes: [
      {
        id: 'export',
        when: [{ config: { files: NEXT_CONFIG, pattern: /\boutput\s*:\s*['"`]export['"`]/ } }],
        priority: 30,
        kind: 'static',
        defaultPort: null,
        outputDir: 'out',
        start: null,
        reason: "next.config sets output: 'export', a static export into out/",
      },
      {
        id: 'export-command',
        when: [{ script: /\bnext\s+export\b/ }],
        priority: 20,
        kind: 'static',
        defaultPort: null,
        outputDir: 'out',
        start: null,
        reason: 'a script runs `next export`, a static export into out/',
      },
      {
        id: 'standalone',
        when: [{ config: { files: NEXT_CONFIG, pattern: /\boutput\s*:\s*['"`]standalone['"`]/ } }],
        priority: 10,
        start: 'node .next/standalone/server.js',
        replacesStartScript: NEXT_START,
        reason:
          "next.config sets output: 'standalone': the server is .next/standalone/server.js (copy .next/static and public beside it)",
      },
    ],
  },
  {
    id: 'nuxt',
    dependencies: ['nuxt', 'nuxt3'],
    kind: 'web',
    defaultPort: 3000,
    priority: 94,
    scope: 'any',
    outputDir: '.output',
    start: NITRO_START,
    modes: [
      {
        id: 'generate',
        when: [{ buildScript: /\b(?:nuxt|nuxi)\s+generate\b/ }],
        priority: 10,
        kind: 'static',
        defaultPort: null,
        outputDir: '.output/public',
        start: null,
        reason: 'the build script runs `nuxt generate`, which prerenders a static site into .output/public',
      },
    ],
  },
  {
    id: 'remix',
    dependencies: ['@remix-run/dev', '@remix-run/serve', '@remix-run/node', '@remix-run/react'],
    kind: 'web',
    defaultPort: 3000,
    priority: 92,
    scope: 'any',
    outputDir: 'build',
    start: 'node_modules/.bin/remix-serve ./build/server/index.js',
    modes: [
      {
        id: 'classic-compiler',
        when: [{ file: ['remix.config.js', 'remix.config.mjs', 'remix.config.cjs'] }],
        priority: 10,
        start: 'node_modules/.bin/remix-serve ./build/index.js',
        reason: 'remix.config.js: the classic compiler builds the server into build/index.js',
      },
    ],
  },
  {
    id: 'react-router',
    // Framework mode only: the plain `react-router` library is routing inside a Vite SPA.
    dependencies: ['@react-router/dev', '@react-router/serve'],
    kind: 'web',
    defaultPort: 3000,
    priority: 91,
    scope: 'any',
    outputDir: 'build',
    start: 'node_modules/.bin/react-router-serve ./build/server/index.js',
    modes: [
      {
        id: 'spa',
        when: [{ config: { files: REACT_ROUTER_CONFIG, pattern: /\bssr\s*:\s*false\b/ } }],
        priority: 10,
        kind: 'static',
        defaultPort: null,
        outputDir: 'build/client',
        start: null,
        reason: 'react-router.config sets ssr: false (SPA mode): static files in build/client',
      },
    ],
  },
  {
    id: 'sveltekit',
    dependencies: ['@sveltejs/kit'],
    kind: 'web',
    defaultPort: 3000,
    priority: 90,
    scope: 'any',
    outputDir: 'build',
    start: SVELTEKIT_NODE_START,
    modes: [
      {
        id: 'adapter-static-config',
        when: [{ config: { files: SVELTE_CONFIG, pattern: /@sveltejs\/adapter-static/ } }],
        priority: 40,
        kind: 'static',
        defaultPort: null,
        outputDir: 'build',
        start: null,
        reason: 'svelte.config uses @sveltejs/adapter-static: a static site in build/',
      },
      {
        id: 'adapter-node-config',
        when: [{ config: { files: SVELTE_CONFIG, pattern: /@sveltejs\/adapter-node/ } }],
        priority: 40,
        reason: 'svelte.config uses @sveltejs/adapter-node: a Node server in build/',
      },
      {
        id: 'adapter-static',
        when: [{ dependency: ['@sveltejs/adapter-static'] }],
        priority: 20,
        kind: 'static',
        defaultPort: null,
        outputDir: 'build',
        start: null,
        reason: 'depends on @sveltejs/adapter-static: a static site in build/',
      },
      {
        id: 'adapter-node',
        when: [{ dependency: ['@sveltejs/adapter-node'] }],
        priority: 19,
        reason: 'depends on @sveltejs/adapter-node: a Node server in build/',
      },
      {
        id: 'adapter-auto',
        when: [{ dependency: ['@sveltejs/adapter-auto'] }],
        priority: 10,
        weakStart: true,
        reason:
          'adapter-auto recognises hosting platforms only; in a container install @sveltejs/adapter-node, whose server is build/',
      },
    ],
  },
  {
    id: 'tanstack-start',
    dependencies: ['@tanstack/react-start', '@tanstack/solid-start', '@tanstack/start'],
    kind: 'web',
    defaultPort: 3000,
    priority: 89,
    scope: 'any',
    outputDir: 'dist',
    // The Vite build writes dist/server/server.js (a fetch handler) and dist/client; srvx serves both.
    start: 'npx srvx --prod -s ../client dist/server/server.js',
    modes: [
      {
        id: 'nitro',
        when: [{ dependency: ['nitro', 'nitropack'] }],
        priority: 30,
        outputDir: '.output',
        start: NITRO_START,
        reason: 'built with Nitro: the server is .output/server/index.mjs',
      },
      {
        id: 'nitro-plugin',
        when: [{ config: { files: VITE_CONFIG, pattern: /\bnitro(?:V2Plugin)?\s*\(/ } }],
        priority: 29,
        outputDir: '.output',
        start: NITRO_START,
        reason: 'vite.config uses the Nitro plugin: the server is .output/server/index.mjs',
      },
      {
        id: 'vinxi',
        when: [{ dependency: ['vinxi'] }],
        priority: 20,
        outputDir: '.output',
        start: NITRO_START,
        reason: 'built with Vinxi (TanStack Start before 1.121): the server is .output/server/index.mjs',
      },
      {
        id: 'srvx',
        when: [{ dependency: ['srvx'] }],
        priority: 10,
        start: 'node_modules/.bin/srvx --prod -s ../client dist/server/server.js',
        reason: 'srvx serves the built fetch handler dist/server/server.js and the client files',
      },
    ],
  },
  {
    id: 'astro',
    dependencies: ['astro'],
    kind: 'static',
    defaultPort: null,
    priority: 85,
    scope: 'any',
    outputDir: 'dist',
    modes: [
      {
        id: 'server',
        when: [
          { dependency: ['@astrojs/node'] },
          { config: { files: ASTRO_CONFIG, pattern: /\boutput\s*:\s*['"`](?:server|hybrid)['"`]/ } },
        ],
        priority: 20,
        kind: 'web',
        defaultPort: 4321,
        start: ASTRO_NODE_START,
        reason: "astro.config sets output: 'server' with @astrojs/node: the server is dist/server/entry.mjs",
      },
      {
        id: 'node-adapter',
        when: [
          { dependency: ['@astrojs/node'] },
          { config: { files: ASTRO_CONFIG, pattern: /\badapter\s*:\s*node\s*\(/ } },
        ],
        priority: 10,
        kind: 'web',
        defaultPort: 4321,
        start: ASTRO_NODE_START,
        reason:
          'astro.config uses the @astrojs/node adapter (on-demand pages): the server is dist/server/entry.mjs',
      },
    ],
  },
  {
    id: 'angular',
    dependencies: ['@angular/core'],
    kind: 'static',
    defaultPort: null,
    priority: 80,
    scope: 'any',
    appMarker: ['angular.json'],
    outputResolver: 'angular',
    modes: [
      {
        id: 'ssr',
        when: [
          { dependency: ['@angular/ssr'] },
          { config: { files: ['angular.json'], pattern: /"ssr"\s*:/ } },
        ],
        priority: 10,
        kind: 'web',
        defaultPort: 4000,
        start: 'node {outputDir}/server/server.mjs',
        outputDir: 'dist',
        reason: 'Angular SSR (@angular/ssr, "ssr" in angular.json): the server is server/server.mjs',
      },
    ],
  },
  {
    id: 'gatsby',
    dependencies: ['gatsby'],
    kind: 'static',
    defaultPort: null,
    priority: 79,
    scope: 'any',
    outputDir: 'public',
  },
  {
    id: 'expo',
    dependencies: ['expo'],
    kind: 'static',
    defaultPort: null,
    priority: 78,
    scope: 'any',
    outputDir: 'dist',
    // A mobile app is no service; only a web export (`expo export`) is deployed.
    requires: [{ script: /\bexpo\s+export\b/ }],
  },
  {
    id: 'hapi',
    dependencies: ['@hapi/hapi'],
    kind: 'web',
    defaultPort: 3000,
    priority: 60,
    scope: 'runtime',
  },
  {
    id: 'fastify',
    dependencies: ['fastify'],
    kind: 'web',
    defaultPort: 3000,
    priority: 55,
    scope: 'runtime',
    healthHint: '@fastify/under-pressure',
  },
  { id: 'koa', dependencies: ['koa'], kind: 'web', defaultPort: 3000, priority: 50, scope: 'runtime' },
  {
    id: 'hono',
    dependencies: ['@hono/node-server'],
    kind: 'web',
    defaultPort: 3000,
    priority: 45,
    scope: 'runtime',
  },
  {
    id: 'express',
    dependencies: ['express'],
    kind: 'web',
    defaultPort: 3000,
    priority: 40,
    scope: 'runtime',
  },
  {
    id: 'vite',
    dependencies: ['vite'],
    kind: 'static',
    defaultPort: null,
    priority: 20,
    scope: 'any',
    outputDir: 'dist',
    appMarker: ['index.html'],
    outputResolver: 'vite',
  },
  {
    id: 'create-react-app',
    dependencies: ['react-scripts'],
    kind: 'static',
    defaultPort: null,
    priority: 10,
    scope: 'any',
    outputDir: 'build',
    appMarker: ['public/index.html'],
  },
];

/** What the matched framework (and mode) means for the service. */
export interface FrameworkProfile {
  kind: 'web' | 'static';
  defaultPort: number | null;
  outputDir: string | null;
  start: string | null;
  replacesStartScript: RegExp | null;
  weakStart: boolean;
  /** The mode that applied, if any. */
  mode: FrameworkMode | null;
  /** Evidence for the mode and the output folder. */
  modeEvidence: Evidence[];
  outputEvidence: Evidence | null;
  /** Problems reading the framework's config (an unparsable angular.json …). */
  diagnostics: Diagnostic[];
}

export interface FrameworkMatch {
  entry: FrameworkEntry;
  /** The dependency that revealed it. */
  dependency: string;
  section: 'dependencies' | 'devDependencies';
  evidence: Evidence[];
  /** Other frameworks present that ranked lower. */
  others: FrameworkEntry[];
  profile: FrameworkProfile;
}

/**
 * The highest-priority framework the package depends on, with its mode, or null. `view` reads files
 * beside package.json (a plain `hasFile` function is accepted too: config conditions then never hold).
 */
export function detectFramework(
  target: ParsedPackage,
  view: PackageView | ((relToPackage: string) => boolean),
  table: readonly FrameworkEntry[] = NODE_FRAMEWORKS,
): FrameworkMatch | null {
  const files: PackageView = typeof view === 'function' ? { has: view, read: () => null } : view;
  const { pkg } = target;
  const present: {
    entry: FrameworkEntry;
    dependency: string;
    section: 'dependencies' | 'devDependencies';
  }[] = [];
  for (const entry of table) {
    let found: { dependency: string; section: 'dependencies' | 'devDependencies' } | null = null;
    for (const dependency of entry.dependencies) {
      if (dependency in pkg.dependencies) {
        found = { dependency, section: 'dependencies' };
        break;
      }
    }
    if (!found && entry.scope === 'any') {
      const dependency = entry.dependencies.find((d) => d in pkg.devDependencies);
      if (dependency) found = { dependency, section: 'devDependencies' };
    }
    if (!found) continue;
    if (entry.appMarker && !entry.appMarker.some((f) => files.has(f))) continue;
    if (entry.requires && !entry.requires.every((c) => conditionHolds(c, target, files))) continue;
    present.push({ entry, ...found });
  }
  if (present.length === 0) return null;
  present.sort((a, b) => b.entry.priority - a.entry.priority || a.entry.id.localeCompare(b.entry.id));
  const [best, ...rest] = present as [(typeof present)[number], ...typeof present];
  const evidence: Evidence[] = [
    {
      file: target.file,
      line: keyLine(target.text, best.dependency, best.section),
      reason: `${best.section} has ${best.dependency}${rest.length > 0 ? ` (outranks ${rest.map((r) => r.dependency).join(', ')})` : ''}`,
      confidence: 'strong',
    },
  ];
  return {
    entry: best.entry,
    dependency: best.dependency,
    section: best.section,
    evidence,
    others: rest.map((r) => r.entry),
    profile: resolveProfile(best.entry, target, files, best.dependency),
  };
}

/** The framework's defaults overlaid with its best matching mode and its configured output folder. */
export function resolveProfile(
  entry: FrameworkEntry,
  target: ParsedPackage,
  files: PackageView,
  dependency: string = entry.dependencies[0] as string,
): FrameworkProfile {
  const matching = (entry.modes ?? [])
    .filter((m) => m.when.every((c) => conditionHolds(c, target, files)))
    .sort((a, b) => b.priority - a.priority || a.id.localeCompare(b.id));
  const mode = matching[0] ?? null;
  const modeEvidence: Evidence[] = [];
  if (mode) {
    modeEvidence.push(...mode.when.map((c) => conditionEvidence(c, target, files, mode.reason)));
  }
  const kind = mode?.kind ?? entry.kind;
  const resolver: OutputResolver | null = entry.outputResolver
    ? OUTPUT_RESOLVERS[entry.outputResolver]
    : null;
  const resolved = resolver ? resolver(target, files) : null;
  const configured = resolved?.output ?? null;
  // A server build keeps its whole output (Angular SSR: server/ and browser/ under outputPath).
  const configuredDir = configured
    ? kind === 'web' && configured.base
      ? configured.base
      : configured.dir
    : null;
  const outputDir = configuredDir ?? mode?.outputDir ?? entry.outputDir ?? null;
  const outputEvidence: Evidence | null = configured
    ? configured.evidence
    : outputDir
      ? {
          file: modeEvidence[0]?.file ?? target.file,
          ...(modeEvidence[0]?.line
            ? { line: modeEvidence[0].line }
            : { line: keyLine(target.text, dependency) }),
          reason: `${entry.id}${mode ? ` (${mode.id})` : ''} builds into ${outputDir}/ by default`,
          confidence: 'weak',
        }
      : null;
  let start = mode && mode.start !== undefined ? mode.start : (entry.start ?? null);
  if (start && outputDir) start = start.replace('{outputDir}', outputDir);
  if (kind === 'static') start = null;
  return {
    kind,
    defaultPort: mode && mode.defaultPort !== undefined ? mode.defaultPort : entry.defaultPort,
    outputDir,
    start,
    replacesStartScript: mode?.replacesStartScript ?? null,
    weakStart: mode?.weakStart ?? false,
    mode,
    modeEvidence,
    outputEvidence,
    diagnostics: resolved?.diagnostics ?? [],
  };
}

/** Whether every key of a condition holds for the package. */
export function conditionHolds(c: FrameworkCondition, target: ParsedPackage, files: PackageView): boolean {
  const { pkg } = target;
  if (c.dependency && !c.dependency.some((d) => d in pkg.dependencies || d in pkg.devDependencies))
    return false;
  if (c.file && !c.file.some((f) => files.has(f))) return false;
  if (c.config && !configMatch(c.config, files)) return false;
  if (c.buildScript && !c.buildScript.test(pkg.scripts.build ?? '')) return false;
  if (c.script && !Object.values(pkg.scripts).some((s) => c.script?.test(s))) return false;
  return true;
}

function configMatch(
  config: NonNullable<FrameworkCondition['config']>,
  files: PackageView,
): { file: string; line: number } | null {
  const file = config.files.find((f) => files.has(f));
  if (!file) return null;
  const text = files.read(file);
  if (text === null) return null;
  const code = /\.json$/.test(file) ? text : blankComments(text);
  const m = config.pattern.exec(code);
  return m ? { file, line: lineAt(code, m.index) } : null;
}

function conditionEvidence(
  c: FrameworkCondition,
  target: ParsedPackage,
  files: PackageView,
  reason: string,
): Evidence {
  const rel = (f: string) => (target.dir === '.' ? f : `${target.dir}/${f}`);
  if (c.config) {
    const m = configMatch(c.config, files);
    if (m) return { file: rel(m.file), line: m.line, reason, confidence: 'explicit' };
  }
  if (c.file) {
    const f = c.file.find((x) => files.has(x));
    if (f) return { file: rel(f), reason, confidence: 'strong' };
  }
  if (c.dependency) {
    const d = c.dependency.find(
      (x) => x in target.pkg.dependencies || x in target.pkg.devDependencies,
    ) as string;
    return { file: target.file, line: keyLine(target.text, d), reason, confidence: 'strong' };
  }
  if (c.buildScript) {
    return {
      file: target.file,
      line: keyLine(target.text, 'build', 'scripts'),
      reason,
      confidence: 'explicit',
    };
  }
  const script = Object.entries(target.pkg.scripts).find(([, s]) => c.script?.test(s));
  return {
    file: target.file,
    ...(script ? { line: keyLine(target.text, script[0], 'scripts') } : {}),
    reason,
    confidence: 'strong',
  };
}

// ---------------------------------------------------------------------------------------------
// Output folders read from a framework's own configuration.

export interface ConfiguredOutput {
  dir: string;
  /** The whole build output when `dir` is only its static part (Angular's `<outputPath>` vs `<outputPath>/browser`). */
  base?: string;
  evidence: Evidence;
}

type OutputResolver = (
  target: ParsedPackage,
  files: PackageView,
) => { output: ConfiguredOutput | null; diagnostics: Diagnostic[] };

const none = { output: null, diagnostics: [] };

/** Framework-specific readers of the configured build output folder. */
export const OUTPUT_RESOLVERS = {
  /** Vite: `vite build --outDir x` in the build script, else `build.outDir` in vite.config. */
  vite: (target, files) => {
    const script = target.pkg.scripts.build ?? '';
    const flag = /\bvite\s+build\b[^&|;]*?--outDir[ =](['"]?)([^\s'"&|;]+)\1/.exec(script);
    if (flag) {
      return {
        output: {
          dir: cleanDir(flag[2] as string),
          evidence: {
            file: target.file,
            line: keyLine(target.text, 'build', 'scripts'),
            reason: `the build script passes --outDir ${flag[2]}`,
            confidence: 'explicit',
          },
        },
        diagnostics: [],
      };
    }
    for (const name of VITE_CONFIG) {
      const text = files.read(name);
      if (text === null) continue;
      const code = blankComments(text);
      const m = /\boutDir\s*:\s*['"`]([^'"`]+)['"`]/.exec(code);
      if (m) {
        return {
          output: {
            dir: cleanDir(m[1] as string),
            evidence: {
              file: target.dir === '.' ? name : `${target.dir}/${name}`,
              line: lineAt(code, m.index),
              reason: `build.outDir is "${m[1]}"`,
              confidence: 'explicit',
            },
          },
          diagnostics: [],
        };
      }
    }
    return none;
  },
  /**
   * Angular: `outputPath` of the default project's build target in angular.json; the application
   * builder (v17+) writes the browser files to `<outputPath>/browser`.
   */
  angular: (target, files) => {
    const text = files.read('angular.json');
    if (text === null || text.trim() === '') return none;
    const file = target.dir === '.' ? 'angular.json' : `${target.dir}/angular.json`;
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (e) {
      const pos = /position (\d+)/.exec(e instanceof Error ? e.message : '');
      return {
        output: null,
        diagnostics: [
          {
            severity: 'warning',
            file,
            ...(pos ? { line: lineAt(text, Number(pos[1])) } : {}),
            message: 'angular.json is not valid JSON; the output folder is assumed to be dist/<project>',
            fix: 'fix the JSON syntax of angular.json',
          },
        ],
      };
    }
    const projects = (data as { projects?: Record<string, unknown> } | null)?.projects;
    if (typeof projects !== 'object' || projects === null) return none;
    const names = Object.keys(projects);
    const preferred = (data as { defaultProject?: unknown }).defaultProject;
    const apps = names.filter(
      (n) => (projects[n] as { projectType?: unknown } | undefined)?.projectType !== 'library',
    );
    const name = typeof preferred === 'string' && names.includes(preferred) ? preferred : apps[0];
    if (!name) return none;
    const project = projects[name] as {
      architect?: Record<string, unknown>;
      targets?: Record<string, unknown>;
    };
    const build = (project?.architect ?? project?.targets)?.build as
      | { builder?: unknown; executor?: unknown; options?: { outputPath?: unknown } }
      | undefined;
    const builder =
      typeof build?.builder === 'string'
        ? build.builder
        : typeof build?.executor === 'string'
          ? build.executor
          : '';
    const raw = build?.options?.outputPath;
    const base =
      typeof raw === 'string'
        ? raw
        : typeof raw === 'object' && raw !== null && typeof (raw as { base?: unknown }).base === 'string'
          ? (raw as { base: string }).base
          : `dist/${name}`;
    const browserSub =
      typeof raw === 'object' && raw !== null && typeof (raw as { browser?: unknown }).browser === 'string'
        ? (raw as { browser: string }).browser
        : 'browser';
    const application = /:application$|^@angular\/build:/.test(builder);
    const dir = cleanDir(application && browserSub ? `${base}/${browserSub}` : base);
    const line = text.indexOf('"outputPath"');
    return {
      output: {
        dir,
        base: cleanDir(base),
        evidence: {
          file,
          ...(line >= 0 ? { line: lineAt(text, line) } : {}),
          reason: `angular.json builds project "${name}" into ${cleanDir(base)}${application ? ` (the application builder puts the site in ${browserSub}/)` : ''}`,
          confidence: typeof raw === 'string' || typeof raw === 'object' ? 'explicit' : 'weak',
        },
      },
      diagnostics: [],
    };
  },
} as const satisfies Record<string, OutputResolver>;

function cleanDir(d: string): string {
  return d.replace(/^\.\//, '').replace(/\/+$/, '') || '.';
}

/** JS/TS comments blanked (offsets kept) so commented-out config does not count. */
function blankComments(text: string): string {
  return blankJsComments(text);
}
