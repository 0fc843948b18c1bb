import type { Evidence } from '../../model/evidence.js';
import type { CargoDep } from './cargo-toml.js';

export interface RustFramework {
  /** Framework id recorded on the service. */
  id: string;
  /** The crate whose dependency reveals it. */
  crate: string;
  /** The port it listens on when nothing says otherwise; null when the code always binds explicitly. */
  defaultPort: number | null;
  /** Highest wins. Frameworks built on another outrank it (Loco runs on axum). */
  priority: number;
}

/** Rust web frameworks. The order is for reading only; `priority` decides. */
export const RUST_FRAMEWORKS: readonly RustFramework[] = [
  // https://loco.rs/docs/getting-started/config/ — server.port defaults to 5150.
  { id: 'loco', crate: 'loco-rs', defaultPort: 5150, priority: 80 },
  { id: 'axum', crate: 'axum', defaultPort: null, priority: 50 },
  { id: 'actix-web', crate: 'actix-web', defaultPort: null, priority: 50 },
  // https://rocket.rs/guide/v0.5/configuration/ — port defaults to 8000.
  { id: 'rocket', crate: 'rocket', defaultPort: 8000, priority: 50 },
  { id: 'warp', crate: 'warp', defaultPort: null, priority: 50 },
  { id: 'poem', crate: 'poem', defaultPort: null, priority: 50 },
  { id: 'tide', crate: 'tide', defaultPort: null, priority: 50 },
  { id: 'salvo', crate: 'salvo', defaultPort: null, priority: 50 },
];

export interface RustFrameworkMatch {
  entry: RustFramework;
  evidence: Evidence[];
}

/** The highest-priority framework among the crate's dependencies (ties: alphabetical, the others named). */
export function detectRustFramework(
  manifestFile: string,
  deps: readonly CargoDep[],
  table: readonly RustFramework[] = RUST_FRAMEWORKS,
): RustFrameworkMatch | null {
  const present = table
    .map((entry) => ({ entry, dep: deps.find((d) => d.crate === entry.crate) }))
    .filter((p): p is { entry: RustFramework; dep: CargoDep } => p.dep !== undefined)
    .sort((a, b) => b.entry.priority - a.entry.priority || a.entry.id.localeCompare(b.entry.id));
  const best = present[0];
  if (!best) return null;
  const others = present.slice(1).map((p) => p.entry.crate);
  return {
    entry: best.entry,
    evidence: [
      {
        file: manifestFile,
        ...(best.dep.line ? { line: best.dep.line } : {}),
        reason: `${best.dep.section} has ${best.entry.crate}${others.length > 0 ? ` (outranks ${others.join(', ')})` : ''}`,
        confidence: 'strong',
      },
    ],
  };
}
