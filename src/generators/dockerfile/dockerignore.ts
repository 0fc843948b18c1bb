import path from 'node:path';
import type { Service } from '../../model/service.js';
import { splitCommand } from '../../render/argv.js';
import { startEntryDir } from './node-dockerfile.js';

/** One commented group of .dockerignore patterns. */
interface IgnoreGroup {
  why: string;
  patterns: readonly string[];
}

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
  const groups: IgnoreGroup[] = [
    { why: 'Version control and shipready state', patterns: ['.git', '.gitignore', '.shipready'] },
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
    {
      why: 'Secrets never enter the build context; provide them at run time',
      patterns: ['**/.env', '**/.env.*', '!**/.env.example', '**/*.pem', '**/*.key', '.npmrc'],
    },
    {
      why: 'Container and compose files',
      patterns: [
        'Dockerfile*',
        '*.Dockerfile',
        'Containerfile*',
        '*.Containerfile',
        '.dockerignore',
        '.containerignore',
        'compose.yaml',
        'compose.yml',
        'compose.*.yaml',
        'compose.*.yml',
        'docker-compose*.yaml',
        'docker-compose*.yml',
      ],
    },
    { why: 'Editors and OS files', patterns: ['.vscode', '.idea', '*.swp', '.DS_Store', 'Thumbs.db'] },
  ];
  const lines: string[] = [];
  for (const g of groups) {
    if (g.patterns.length === 0) continue;
    if (lines.length > 0) lines.push('');
    lines.push(`# ${g.why}`, ...g.patterns);
  }
  return lines;
}

function firstSegment(p: string): string {
  return path.posix.normalize(p).split('/')[0] ?? p;
}
