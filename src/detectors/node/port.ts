import type { Confidence, Evidence } from '../../model/evidence.js';
import { lineAt } from '../text.js';
import type { SourceFile } from './source-files.js';

export interface PortPattern {
  id: string;
  /** Global regex whose first capture group is the port number. */
  re: RegExp;
  confidence: Confidence;
  /** Ties between equally confident matches go to the higher rank. */
  rank: number;
  /** When set, the pattern counts only in a file that also matches this (e.g. `const port = 3000` near a listen). */
  requires?: RegExp;
  /** Text every match contains: files without it are skipped before the (slower) regex runs. */
  hint?: string;
  describe: (port: number) => string;
}

/** The service's own port variable; SMTP_PORT, DB_PORT … are ports of other things. */
const PORT_NAME = '(?:APP_|HTTP_|SERVER_|API_|WEB_)?PORT';
const ENV_PORT = String.raw`process\.env(?:\.${PORT_NAME}\b|\[\s*['"]${PORT_NAME}['"]\s*\])`;

/** How ports appear in Node.js code. Comments are blanked before matching, so commented code never counts. */
export const PORT_PATTERNS: readonly PortPattern[] = [
  {
    id: 'listen-literal',
    re: /\blisten\(\s*(\d{2,5})\b/g,
    hint: 'listen(',
    confidence: 'strong',
    rank: 30,
    describe: (p) => `listen(${p})`,
  },
  {
    id: 'listen-options',
    re: /\blisten\(\s*\{[^}]*?\bport\s*:\s*(\d{2,5})\b/g,
    hint: 'listen(',
    confidence: 'strong',
    rank: 30,
    describe: (p) => `listen({ port: ${p} })`,
  },
  {
    // process.env.PORT || 3000, ?? 3000, Number(process.env.PORT) || 3000, parseInt(process.env.PORT || '8080', 10)
    id: 'env-default',
    re: new RegExp(String.raw`${ENV_PORT}\s*\)?\s*(?:\|\||\?\?)\s*['"]?(\d{2,5})\b`, 'g'),
    hint: 'process.env',
    confidence: 'strong',
    rank: 20,
    describe: (p) => `PORT defaults to ${p}`,
  },
  {
    // env schemas: PORT: z.coerce.number().default(3000), port: { default: 3000 } (convict, envalid)
    id: 'schema-default',
    re: new RegExp(String.raw`\b${PORT_NAME}\b[^\n]{0,60}?\bdefault[:(]\s*['"]?(\d{2,5})\b`, 'gi'),
    confidence: 'strong',
    rank: 15,
    describe: (p) => `PORT defaults to ${p} in a config schema`,
  },
  {
    id: 'port-constant',
    re: new RegExp(
      String.raw`\b(?:const|let|var)\s+(?:port|Port|${PORT_NAME})\s*(?::\s*number\s*)?=\s*(\d{2,5})\b`,
      'g',
    ),
    confidence: 'strong',
    rank: 10,
    requires: /\blisten\(/,
    describe: (p) => `port constant ${p} used with listen()`,
  },
];

export interface PortMatch {
  port: number;
  evidence: Evidence;
  pattern: PortPattern;
}

/**
 * The best port found in the sources: highest confidence, then pattern rank, then files the start
 * command runs (`preferred`), then path order. Null when nothing matched.
 */
export function detectPort(
  sources: readonly SourceFile[],
  preferred: readonly string[] = [],
  patterns: readonly PortPattern[] = PORT_PATTERNS,
): PortMatch | null {
  const matches = findPorts(sources, patterns);
  if (matches.length === 0) return null;
  const rank = { explicit: 3, strong: 2, weak: 1 } as const;
  const pref = (m: PortMatch): number => (preferred.includes(m.evidence.file) ? 1 : 0);
  matches.sort(
    (a, b) =>
      rank[b.evidence.confidence] - rank[a.evidence.confidence] ||
      b.pattern.rank - a.pattern.rank ||
      pref(b) - pref(a) ||
      a.evidence.file.localeCompare(b.evidence.file) ||
      (a.evidence.line ?? 0) - (b.evidence.line ?? 0),
  );
  return matches[0] ?? null;
}

/** Every port match in the sources, in file order. */
export function findPorts(
  sources: readonly SourceFile[],
  patterns: readonly PortPattern[] = PORT_PATTERNS,
): PortMatch[] {
  const out: PortMatch[] = [];
  for (const src of sources) {
    for (const pattern of patterns) {
      if (pattern.hint !== undefined && !src.code.includes(pattern.hint)) continue;
      if (pattern.requires && !pattern.requires.test(src.code)) continue;
      // matchAll works on a copy of the regex, so the shared pattern's lastIndex never leaks.
      for (const m of src.code.matchAll(pattern.re)) {
        const port = Number(m[1]);
        if (!Number.isInteger(port) || port < 1 || port > 65535) continue;
        out.push({
          port,
          pattern,
          evidence: {
            file: src.path,
            line: lineAt(src.code, m.index),
            reason: `${pattern.describe(port)} in ${src.path}`,
            confidence: pattern.confidence,
          },
        });
      }
    }
  }
  return out;
}
