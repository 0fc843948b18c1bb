/**
 * Procfile entries for compiled services (Go, Rust): which binary an entry runs, where the build must
 * put it, and the port it passes. Shared by the Go and Rust detectors.
 */
import path from 'node:path';
import type { Evidence } from '../../model/evidence.js';
import type { ProcfileEntry } from './procfile.js';
import { portFromCommand } from './procfile.js';

export interface ProcfileBinary {
  entry: ProcfileEntry;
  /** The command to start, with `./` in front of a relative binary path. */
  start: string;
  /** Where the build must write the binary (relative to the service folder), or null when unknown. */
  output: string | null;
  /** The binary's file name. */
  program: string;
  port: number | null;
  evidence: Evidence;
}

const SHELL_OPERATOR = /&&|\|\||[;|&<>`]|\$\(/;
/** Programs that are not the service binary itself. */
const NOT_A_BINARY = new Set(['go', 'cargo', 'sh', 'bash', 'make', 'env', 'exec', 'npm', 'node', 'python']);

/**
 * Reads a Procfile entry that runs a binary: `web: bin/server`, `web: ./target/release/api --port 8080`,
 * `worker: my-worker` (Heroku puts `bin/` on the PATH). Null when it runs something else.
 */
export function procfileBinary(file: string, entry: ProcfileEntry): ProcfileBinary | null {
  const tokens = entry.command.trim().split(/\s+/);
  while (tokens.length > 0 && /^[A-Za-z_][A-Za-z0-9_]*=/.test(tokens[0] as string)) tokens.shift();
  if (tokens[0] === 'exec') tokens.shift();
  const program = tokens[0];
  if (!program || SHELL_OPERATOR.test(entry.command) || NOT_A_BINARY.has(program)) return null;
  if (program.startsWith('/') || program.split('/').includes('..') || program.includes('$')) return null;
  const rel = program.replace(/^\.\//, '');
  const output = rel.includes('/') ? rel : `bin/${rel}`;
  const args = tokens.slice(1);
  const start = [`./${output}`, ...args].join(' ');
  return {
    entry,
    start,
    output,
    program: path.posix.basename(rel),
    port: portFromCommand(entry.command),
    evidence: {
      file,
      line: entry.line,
      reason: `Procfile ${entry.type}: ${entry.command}`,
      confidence: 'explicit',
    },
  };
}

/**
 * The Procfile entry for each binary: the one whose program has the binary's name; with a single
 * binary, the `web` entry (else the only entry) runs it whatever its file name.
 */
export function matchProcfile(
  file: string,
  entries: readonly ProcfileEntry[],
  binaryNames: readonly string[],
): Map<string, ProcfileBinary> {
  const parsed = entries.flatMap((e) => {
    const b = procfileBinary(file, e);
    return b ? [b] : [];
  });
  const out = new Map<string, ProcfileBinary>();
  for (const name of binaryNames) {
    const hit = parsed.find((p) => p.program === name);
    if (hit) out.set(name, hit);
  }
  if (binaryNames.length === 1 && out.size === 0) {
    const only = binaryNames[0] as string;
    const web = parsed.find((p) => p.entry.type === 'web') ?? (parsed.length === 1 ? parsed[0] : undefined);
    if (web) out.set(only, web);
  }
  return out;
}
