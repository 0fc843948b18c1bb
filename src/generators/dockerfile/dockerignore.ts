import path from 'node:path';
import type { Service } from '../../model/service.js';
import { splitCommand } from '../../render/argv.js';
import { COMMON_IGNORE_GROUPS, type IgnoreGroup, ignoreLines } from './common.js';
import { startEntryDir } from './node-dockerfile.js';

/** Folders that hold build output: rebuilt inside the image, so never sent in the build context. */
export const NODE_BUILD_OUTPUT_DIRS = [
  'dist',
  'build',
  'out',
  '.next',
  '.nuxt',
  '.output',
  '.svelte-kit',
  '.turbo',
];

/**
 * The .dockerignore for Node services sharing one build context. Patterns use `**` so they match
 * at any depth (a bare `*.pem` only matches at the context root).
 * @see https://docs.docker.com/build/concepts/context/#dockerignore-files
 */
export function nodeDockerignoreLines(services: readonly Service[]): string[] {
  // Output a service ships as-is (no build command) must stay in the context.
  const keep = new Set<string>();
  for (const s of services) {
    if (s.commands.build !== null) continue;
    if (s.outputDir) keep.add(firstSegment(s.outputDir));
    const argv = s.commands.start ? splitCommand(s.commands.start) : null;
    const entry = argv ? startEntryDir(argv) : null;
    if (entry) keep.add(entry);
  }
  const [vcs, secrets, containers, editors] = COMMON_IGNORE_GROUPS as [
    IgnoreGroup,
    IgnoreGroup,
    IgnoreGroup,
    IgnoreGroup,
  ];
  return ignoreLines([
    vcs,
    {
      why: 'Dependencies are installed inside the image from the lockfile',
      patterns: ['**/node_modules', '.pnpm-store', '.yarn/cache', '.yarn/install-state.gz'],
    },
    {
      why: 'Build output and caches are rebuilt inside the image',
      patterns: [
        ...NODE_BUILD_OUTPUT_DIRS.filter((d) => !keep.has(d)),
        '.cache',
        '.eslintcache',
        '*.tsbuildinfo',
      ],
    },
    { why: 'Test output', patterns: ['coverage', '.nyc_output', 'test-results', 'playwright-report'] },
    {
      why: 'Logs',
      patterns: ['npm-debug.log*', 'yarn-debug.log*', 'yarn-error.log*', 'pnpm-debug.log*', '*.log'],
    },
    // .npmrc can hold registry tokens.
    { ...secrets, patterns: [...secrets.patterns, '.npmrc'] },
    containers,
    editors,
  ]);
}

function firstSegment(p: string): string {
  return path.posix.normalize(p).split('/')[0] ?? p;
}
