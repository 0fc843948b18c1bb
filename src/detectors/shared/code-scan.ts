/**
 * Pattern scanning over source files, shared by the Go and Rust detectors: a table of regexes with confidence and rank, matched over comment-blanked
 * code, with evidence pointing at the file and line.
 */
import type { Diagnostic } from '../../model/diagnostic.js';
import type { Confidence, Evidence } from '../../model/evidence.js';
import type { RepoFs } from '../../repo/repo-fs.js';
import { lineAt } from '../text.js';
import { compareHealth, HEALTH_NAME } from './health.js';
import { lineLocator } from './lines.js';

/** A source file: its raw text and the same text with comments blanked (offsets unchanged). */
export interface SourceFile {
  /** Repo-relative path. */
  path: string;
  raw: string;
  code: string;
}

/** At most this many files are read per module or crate; scans stay fast on huge repos. */
export const MAX_SOURCE_FILES = 2000;

/**
 * Reads `files` (repo paths) with `blank` removing comments. Unreadable files are skipped with an
 * info diagnostic; empty files are kept (they are present, their content is unknown).
 */
export function readSources(
  fs: RepoFs,
  files: readonly string[],
  blank: (text: string) => string,
): { sources: SourceFile[]; diagnostics: Diagnostic[] } {
  const sources: SourceFile[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const f of files) {
    if (sources.length >= MAX_SOURCE_FILES) {
      diagnostics.push({
        severity: 'info',
        file: f,
        message: `only the first ${MAX_SOURCE_FILES} source files were scanned`,
      });
      break;
    }
    const r = fs.readText(f);
    if (!r.ok) {
      if (r.reason !== 'missing') {
        diagnostics.push({
          severity: 'info',
          file: f,
          message: `source file skipped (${r.reason}): ${r.message}`,
        });
      }
      continue;
    }
    sources.push({ path: f, raw: r.text, code: blank(r.text) });
  }
  return { sources, diagnostics };
}

/** True when at least one source has content (the corpus and some checkouts hold empty placeholders). */
export function anyContent(sources: readonly SourceFile[]): boolean {
  return sources.some((s) => s.raw.trim() !== '');
}

/** One way a fact shows in code. */
export interface CodePattern {
  id: string;
  /** Global regex; the value is the named group `value` (or group 1). A `host` group is kept when present. */
  re: RegExp;
  confidence: Confidence;
  /** Ties between equally confident matches go to the higher rank. */
  rank: number;
  /** The pattern counts only in a file that also matches this. */
  requires?: RegExp;
  /** A value the pattern implies when the code does not spell it (gin's `Run()` means 8080). */
  fixed?: string;
  describe: (value: string) => string;
}

export interface CodeMatch {
  value: string;
  host: string | null;
  pattern: CodePattern;
  evidence: Evidence;
}

/** At most this many matches of one pattern are kept per file: a generated file cannot flood a scan. */
export const MAX_MATCHES_PER_FILE = 200;

const LOCATORS = new WeakMap<SourceFile, (offset: number) => number>();

/**
 * 1-based line of an offset in a source's code. The line starts are computed once per file, so many
 * matches in a huge file stay linear (text.ts `lineAt` walks from the start every call).
 */
export function lineIn(src: SourceFile, offset: number): number {
  let locate = LOCATORS.get(src);
  if (!locate) {
    locate = lineLocator(src.code);
    LOCATORS.set(src, locate);
  }
  return locate(offset);
}

/** Every match of every pattern in the sources, in file order (at most {@link MAX_MATCHES_PER_FILE} each). */
export function findMatches(sources: readonly SourceFile[], patterns: readonly CodePattern[]): CodeMatch[] {
  const out: CodeMatch[] = [];
  for (const src of sources) {
    for (const pattern of patterns) {
      if (pattern.requires && !pattern.requires.test(src.code)) continue;
      let count = 0;
      for (const m of src.code.matchAll(new RegExp(pattern.re.source, pattern.re.flags))) {
        if (++count > MAX_MATCHES_PER_FILE) break;
        const value = pattern.fixed ?? m.groups?.value ?? m[1];
        if (value === undefined) continue;
        out.push({
          value,
          host: m.groups?.host ?? null,
          pattern,
          evidence: {
            file: src.path,
            line: lineIn(src, m.index),
            reason: `${pattern.describe(value)} in ${src.path}`,
            confidence: pattern.confidence,
          },
        });
      }
    }
  }
  return out;
}

const CONFIDENCE_ORDER: Record<Confidence, number> = { explicit: 3, strong: 2, weak: 1 };

/**
 * The best match: highest confidence, then rank, then files in `preferred` (the binary's own
 * files), then path and line order. Null when there is none.
 */
export function bestMatch(
  matches: readonly CodeMatch[],
  preferred: ReadonlySet<string> = new Set(),
): CodeMatch | null {
  const pref = (m: CodeMatch): number => (preferred.has(m.evidence.file) ? 1 : 0);
  const sorted = [...matches].sort(
    (a, b) =>
      CONFIDENCE_ORDER[b.evidence.confidence] - CONFIDENCE_ORDER[a.evidence.confidence] ||
      b.pattern.rank - a.pattern.rank ||
      pref(b) - pref(a) ||
      a.evidence.file.localeCompare(b.evidence.file) ||
      (a.evidence.line ?? 0) - (b.evidence.line ?? 0),
  );
  return sorted[0] ?? null;
}

/** A port number from a matched string, or null when it is not one. */
export function toPort(value: string): number | null {
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 && n <= 65535 ? n : null;
}

/** A matched host as a person writes it: `127, 0, 0, 1` → `127.0.0.1`, `LOCALHOST` → `127.0.0.1`. */
export function displayHost(host: string): string {
  const h = host.replace(/\s+/g, '');
  if (/^\d+(?:,\d+){3}$/.test(h)) return h.replaceAll(',', '.');
  if (h === 'LOCALHOST') return '127.0.0.1';
  if (h === 'UNSPECIFIED') return '0.0.0.0';
  return h;
}

/** Hosts that only accept connections from inside the container. */
export function isLoopback(host: string | null): boolean {
  if (host === null) return false;
  const h = host
    .replace(/^\[|\]$/g, '')
    .replace(/\s+/g, '')
    .toLowerCase();
  return h === '127.0.0.1' || h === 'localhost' || h === '::1' || h === '127,0,0,1' || h === 'localhost_v4';
}

/** A health route path: up to two prefix segments, a health name, an optional suffix (`/health/live`). */
export const HEALTH_PATH = String.raw`\/(?:[A-Za-z0-9_-]+\/){0,2}${HEALTH_NAME}(?:\/[A-Za-z0-9_-]+)?`;
/** A bare health name, for routers that take segments (`warp::path("health")`). */
export const HEALTH_SEGMENT = HEALTH_NAME;

/**
 * The preferred health route among matches (group `value` is the path): liveness-style names first
 * (the order of HEALTH_NAMES), shorter paths first, then file order.
 */
export function bestHealth(matches: readonly CodeMatch[]): { path: string; evidence: Evidence } | null {
  const found = matches.map((m) => ({
    path: m.value.startsWith('/') ? m.value : `/${m.value}`,
    evidence: m.evidence,
  }));
  found.sort(compareHealth);
  return found[0] ?? null;
}

/** 1-based line of the first match of `re` in `text` at or after offset `from`, or undefined. */
export function lineOf(text: string, re: RegExp, from = 0): number | undefined {
  const m = new RegExp(re.source, re.flags.replace('g', '')).exec(text.slice(from));
  return m ? lineAt(text, from + m.index + (m[0].length - m[0].trimStart().length)) : undefined;
}

/** Drops repeated diagnostics (one per service of a module would say the same thing). */
export function dedupeDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = JSON.stringify(d);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
