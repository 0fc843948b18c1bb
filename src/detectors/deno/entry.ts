/**
 * Conventional Deno entry files, relative to the project folder; the highest priority present wins.
 * `mod.ts` is left out: by convention it is a library's export surface, not a program.
 * @see https://docs.deno.com/runtime/fundamentals/modules/
 */
export const DENO_ENTRIES: readonly { file: string; priority: number }[] = [
  { file: 'main.ts', priority: 100 },
  { file: 'main.tsx', priority: 95 },
  { file: 'main.js', priority: 90 },
  { file: 'server.ts', priority: 85 },
  { file: 'src/main.ts', priority: 80 },
  { file: 'src/index.ts', priority: 75 },
  { file: 'src/server.ts', priority: 70 },
  { file: 'index.ts', priority: 65 },
  { file: 'app.ts', priority: 60 },
  { file: 'src/app.ts', priority: 55 },
];
