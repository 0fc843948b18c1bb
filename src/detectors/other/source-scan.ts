import type { Diagnostic } from '../../model/diagnostic.js';
import type { Confidence, Evidence } from '../../model/evidence.js';
import type { EnvVar } from '../../model/service.js';
import type { RepoFs } from '../../repo/repo-fs.js';
import { isTestData, isUnder, relativeTo } from '../paths.js';
import { isSecretEnv } from '../shared/env.js';
import { HEALTH_NAMES } from '../shared/health.js';
import { lineAt } from '../text.js';

/** A source file with its full-line comments blanked (offsets and lines unchanged). */
export interface ScannedSource {
  path: string;
  code: string;
}

/** Build output, dependencies and tests of the language-only ecosystems: not the code that runs. */
const SKIPPED_DIRS = new Set([
  '.build',
  '.stack-work',
  'dist-newstyle',
  'zig-out',
  'zig-cache',
  '.zig-cache',
  '_build',
  'build',
  'target',
  'test',
  'tests',
  'Tests',
  'spec',
  '.dart_tool',
  'cmake-build-debug',
  'cmake-build-release',
]);

/** At most this many files are read per service. */
export const MAX_SOURCE_FILES = 1000;

/** Source files of a service in `dir`, skipping nested services, build output and tests. */
export function collectSources(
  fs: RepoFs,
  dir: string,
  extensions: readonly string[],
  lineComment: string,
  otherServiceDirs: readonly string[],
  vendorDirs: readonly string[] = [],
): { sources: ScannedSource[]; diagnostics: Diagnostic[] } {
  const nested = otherServiceDirs.filter((d) => d !== dir && isUnder(d, dir));
  const sources: ScannedSource[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const f of fs.filesUnder(dir)) {
    if (isTestData(f) || nested.some((n) => isUnder(f, n))) continue;
    if (!extensions.some((e) => f.endsWith(e))) continue;
    const rel = relativeTo(f, dir);
    if (
      rel
        .split('/')
        .slice(0, -1)
        .some((d) => SKIPPED_DIRS.has(d) || vendorDirs.includes(d) || d.startsWith('.'))
    )
      continue;
    if (sources.length >= MAX_SOURCE_FILES) {
      diagnostics.push({
        severity: 'info',
        file: f,
        message: `only the first ${MAX_SOURCE_FILES} source files of ${dir} were scanned`,
      });
      break;
    }
    const r = fs.readText(f);
    if (!r.ok) {
      if (r.reason !== 'missing')
        diagnostics.push({
          severity: 'info',
          file: f,
          message: `source file skipped (${r.reason}): ${r.message}`,
        });
      continue;
    }
    sources.push({ path: f, code: blankLineComments(r.text, lineComment) });
  }
  return { sources, diagnostics };
}

/** Blanks lines whose first non-space characters are the comment prefix (keeps newlines). */
export function blankLineComments(text: string, prefix: string): string {
  return text
    .split('\n')
    .map((l) => (l.trimStart().startsWith(prefix) ? ' '.repeat(l.length) : l))
    .join('\n');
}

/** One way a listening port shows in code; group 1 is the port. */
export interface PortPattern {
  re: RegExp;
  describe: string;
  confidence: Confidence;
}

const envDefault: PortPattern = {
  // Platform.environment['PORT'] ?? '8080', ENV["PORT"]? || 3000, ENV.fetch("PORT", "3000"), getEnv "PORT" … fromMaybe "3000"
  re: /["']PORT["']\s*\]?\s*\??\s*\)?\s*(?:\?\?|\|\||,|\?:|\bor\b|orElse\(?|getOrElse\(?)\s*["']?(\d{2,5})\b/g,
  describe: 'PORT defaults to',
  confidence: 'strong',
};

/** Port patterns by language, besides the PORT-with-default pattern every language shares. */
export const PORT_PATTERNS: Readonly<Record<string, readonly PortPattern[]>> = {
  crystal: [
    { re: /Kemal\.config\.port\s*=\s*(\d{2,5})/g, describe: 'Kemal.config.port =', confidence: 'strong' },
    { re: /Kemal\.run\s*\(?\s*(\d{2,5})/g, describe: 'Kemal.run', confidence: 'strong' },
    {
      re: /bind_tcp\s*\(?\s*(?:"[^"]*"\s*,\s*)?(?:port:\s*)?(\d{2,5})/g,
      describe: 'bind_tcp',
      confidence: 'strong',
    },
  ],
  dart: [
    {
      re: /\bserve\s*\([^;]*?,\s*[^,;]+,\s*(\d{2,5})\s*\)/g,
      describe: 'serve(…, port)',
      confidence: 'strong',
    },
    { re: /HttpServer\.bind\s*\([^,]+,\s*(\d{2,5})/g, describe: 'HttpServer.bind', confidence: 'strong' },
  ],
  gleam: [{ re: /mist\.port\s*\(\s*(\d{2,5})\s*\)/g, describe: 'mist.port', confidence: 'strong' }],
  haskell: [
    { re: /\b(?:Warp\.)?run\s+(\d{2,5})\b/g, describe: 'Warp run', confidence: 'strong' },
    { re: /\bscotty\s+(\d{2,5})\b/g, describe: 'scotty', confidence: 'strong' },
    { re: /\bsetPort\s+(\d{2,5})\b/g, describe: 'setPort', confidence: 'strong' },
  ],
  swift: [
    {
      re: /configuration\.port\s*=\s*(\d{2,5})/g,
      describe: 'http.server.configuration.port =',
      confidence: 'strong',
    },
    { re: /\.hostname\([^)]*\)\s*,\s*port:\s*(\d{2,5})/g, describe: 'bind port', confidence: 'strong' },
    { re: /address:\s*\.hostname\([^)]*port:\s*(\d{2,5})/g, describe: 'address port', confidence: 'strong' },
  ],
  zig: [
    { re: /\.port\s*=\s*(\d{2,5})/g, describe: '.port =', confidence: 'strong' },
    { re: /parseIp4?\s*\(\s*"[^"]*"\s*,\s*(\d{2,5})\s*\)/g, describe: 'parseIp', confidence: 'strong' },
  ],
  cpp: [
    { re: /\.port\s*\(\s*(\d{2,5})\s*\)/g, describe: '.port()', confidence: 'strong' },
    { re: /addListener\s*\(\s*"[^"]*"\s*,\s*(\d{2,5})/g, describe: 'addListener', confidence: 'strong' },
    { re: /htons\s*\(\s*(\d{2,5})\s*\)/g, describe: 'htons', confidence: 'strong' },
  ],
  c: [{ re: /htons\s*\(\s*(\d{2,5})\s*\)/g, describe: 'htons', confidence: 'strong' }],
  clojure: [{ re: /:port\s+(\d{2,5})\b/g, describe: ':port', confidence: 'strong' }],
  scheme: [{ re: /#:port\s+(\d{2,5})\b/g, describe: '#:port', confidence: 'strong' }],
  scala: [
    { re: /bindHttp\s*\(\s*(\d{2,5})/g, describe: 'bindHttp', confidence: 'strong' },
    { re: /port"(\d{2,5})"/g, describe: 'port"…"', confidence: 'strong' },
    { re: /newServerAt\s*\([^,]+,\s*(\d{2,5})/g, describe: 'newServerAt', confidence: 'strong' },
    { re: /http\.port\s*=\s*(\d{2,5})/g, describe: 'http.port', confidence: 'strong' },
  ],
};

/** The first port the code binds (PORT defaults first, then the language's listen calls). */
export function detectSourcePort(
  sources: readonly ScannedSource[],
  language: string,
): { port: number; evidence: Evidence } | null {
  const patterns = [envDefault, ...(PORT_PATTERNS[language] ?? [])];
  for (const p of patterns) {
    for (const src of sources) {
      for (const m of src.code.matchAll(new RegExp(p.re.source, p.re.flags))) {
        const port = Number(m[1]);
        if (port < 1 || port > 65535) continue;
        return {
          port,
          evidence: {
            file: src.path,
            line: lineAt(src.code, m.index),
            reason: `${p.describe} ${port} in ${src.path}`,
            confidence: p.confidence,
          },
        };
      }
    }
  }
  return null;
}

/** Reads of environment variables across languages: getenv("X"), ENV["X"], Platform.environment['X'], sys.env("X") … */
const ENV_READ =
  /(?:getenv|getEnv|lookupEnv|Environment\.get|environment|ENV(?:\.fetch)?|sys\.env(?:\.get)?|System\/getenv|envoy\.get|getEnvVarOwned\s*\([^,()]+,)\s*[[(]?\s*["']([A-Z_][A-Z0-9_]*)["']/g;

/** Environment variables the sources read, sorted by name. */
export function detectSourceEnv(sources: readonly ScannedSource[]): EnvVar[] {
  const vars = new Map<string, Evidence[]>();
  for (const src of sources) {
    for (const m of src.code.matchAll(ENV_READ)) {
      const name = m[1] as string;
      const list = vars.get(name) ?? [];
      if (list.length < 5)
        list.push({
          file: src.path,
          line: lineAt(src.code, m.index),
          reason: `read in ${src.path}`,
          confidence: 'strong',
        });
      vars.set(name, list);
    }
  }
  return [...vars.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, evidence]) => ({ name, secret: isSecretEnv(name), default: null, evidence }));
}

const HEALTH_ROUTE = new RegExp(
  String.raw`(?:\b(?:get|GET|head|HEAD|route|Route)\b|CROW_ROUTE)\s*\(?\s*(?:\.?\w+\s*,\s*)?["'](\/?(?:[A-Za-z0-9_-]+\/){0,2}(?:${HEALTH_NAMES.join('|')}))["']`,
  'g',
);

/** The preferred health route the sources declare (`get "/health"`, `app.get("healthz")` …), or null. */
export function detectSourceHealth(
  sources: readonly ScannedSource[],
): { path: string; evidence: Evidence } | null {
  let best: { path: string; evidence: Evidence; rank: number } | null = null;
  for (const src of sources) {
    for (const m of src.code.matchAll(HEALTH_ROUTE)) {
      const raw = m[1] as string;
      const path = raw.startsWith('/') ? raw : `/${raw}`;
      const name = path.split('/').pop() as (typeof HEALTH_NAMES)[number];
      const rank = HEALTH_NAMES.indexOf(name) * 100 + path.split('/').length;
      if (!best || rank < best.rank) {
        best = {
          path,
          rank,
          evidence: {
            file: src.path,
            line: lineAt(src.code, m.index),
            reason: `GET ${path} route in ${src.path}`,
            confidence: 'strong',
          },
        };
      }
    }
  }
  return best ? { path: best.path, evidence: best.evidence } : null;
}
