import type { Evidence } from '../../model/evidence.js';
import { findMatches, type SourceFile } from '../shared/code-scan.js';
import type { GoMod } from './go-mod.js';
import { modulePathMatches } from './go-mod.js';

export interface GoFramework {
  /** Framework id recorded on the service. */
  id: string;
  /** The module (without a `/vN` suffix) whose direct requirement reveals it; null for the standard library. */
  module: string | null;
  /** For the standard library: the call in code that reveals a server. */
  code?: RegExp;
  /** The port it listens on when the code does not say; null when the address is always explicit. */
  defaultPort: number | null;
  /**
   * When several are present the highest wins: full frameworks outrank routers (chi, gorilla/mux are
   * often mounted under one), which outrank the standard library server they all run on.
   */
  priority: number;
}

/** Go web frameworks. The order is for reading only; `priority` decides. */
export const GO_FRAMEWORKS: readonly GoFramework[] = [
  // gin's Run() with no address listens on $PORT, else 8080.
  { id: 'gin', module: 'github.com/gin-gonic/gin', defaultPort: 8080, priority: 50 },
  { id: 'echo', module: 'github.com/labstack/echo', defaultPort: null, priority: 50 },
  { id: 'fiber', module: 'github.com/gofiber/fiber', defaultPort: null, priority: 50 },
  { id: 'beego', module: 'github.com/beego/beego', defaultPort: 8080, priority: 50 },
  { id: 'iris', module: 'github.com/kataras/iris', defaultPort: null, priority: 50 },
  { id: 'chi', module: 'github.com/go-chi/chi', defaultPort: null, priority: 30 },
  { id: 'gorilla-mux', module: 'github.com/gorilla/mux', defaultPort: null, priority: 30 },
  {
    id: 'net-http',
    module: null,
    code: /\bhttp\.(?:ListenAndServe(?:TLS)?\(|Server\s*\{)/g,
    defaultPort: null,
    priority: 10,
  },
];

export interface GoFrameworkMatch {
  entry: GoFramework;
  evidence: Evidence[];
}

/**
 * The highest-priority framework: direct requirements in go.mod (indirect ones are someone else's),
 * or, for the standard library, a server call in the sources.
 */
export function detectGoFramework(
  mod: GoMod | null,
  sources: readonly SourceFile[],
  table: readonly GoFramework[] = GO_FRAMEWORKS,
): GoFrameworkMatch | null {
  const present: GoFrameworkMatch[] = [];
  for (const entry of table) {
    if (entry.module !== null) {
      const req = mod?.requires.find((r) => !r.indirect && modulePathMatches(r.path, entry.module as string));
      if (req && mod) {
        present.push({
          entry,
          evidence: [
            { file: mod.file, line: req.line, reason: `go.mod requires ${req.path}`, confidence: 'strong' },
          ],
        });
      }
    } else if (entry.code) {
      const hit = findMatches(sources, [
        {
          id: entry.id,
          re: new RegExp(`(${entry.code.source})`, 'g'),
          confidence: 'strong',
          rank: 0,
          describe: () => 'a net/http server',
        },
      ])[0];
      if (hit) present.push({ entry, evidence: [hit.evidence] });
    }
  }
  if (present.length === 0) return null;
  present.sort((a, b) => b.entry.priority - a.entry.priority || a.entry.id.localeCompare(b.entry.id));
  const [best, ...rest] = present as [GoFrameworkMatch, ...GoFrameworkMatch[]];
  if (rest.length === 0) return best;
  const first = best.evidence[0] as Evidence;
  return {
    entry: best.entry,
    evidence: [
      { ...first, reason: `${first.reason} (outranks ${rest.map((r) => r.entry.id).join(', ')})` },
      ...best.evidence.slice(1),
    ],
  };
}

/** Import paths of every framework module, to tell which binary serves HTTP. */
export function frameworkImportRegex(table: readonly GoFramework[] = GO_FRAMEWORKS): RegExp {
  const mods = table.flatMap((f) => (f.module ? [f.module.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')] : []));
  return new RegExp(`"(?:${mods.join('|')})(?:/[^"]*)?"`);
}
