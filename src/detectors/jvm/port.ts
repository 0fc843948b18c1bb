import type { Confidence, Evidence } from '../../model/evidence.js';
import { lineLocator } from '../shared/lines.js';
import { type ConfigEntry, configValue, portFromValue } from './app-config.js';
import type { JvmFrameworkMatch } from './frameworks.js';
import type { SourceFile } from './sources.js';

export interface CodePortPattern {
  id: string;
  /** Global regex; the first defined capture group is the port. */
  re: RegExp;
  /** The pattern counts only in a file that also matches this. */
  requires?: RegExp;
  rank: number;
  describe: (port: number) => string;
}

const ENV_PORT = String.raw`System\.getenv\(\s*"(?:SERVER_|HTTP_|APP_)?PORT"\s*\)`;

/** How Java and Kotlin code sets the port it listens on. Comments are blanked first. */
export const JVM_PORT_PATTERNS: readonly CodePortPattern[] = [
  {
    // Ktor: embeddedServer(Netty, port = 8080) / embeddedServer(Netty, 8080)
    id: 'ktor-embedded',
    re: /\bembeddedServer\(\s*\w+\s*,\s*(?:port\s*=\s*)?(\d{2,5})\b/g,
    rank: 30,
    describe: (p) => `embeddedServer(…, port = ${p})`,
  },
  {
    id: 'javalin-start',
    re: /\.start\(\s*(\d{2,5})\s*\)/g,
    requires: /\bJavalin\b/,
    rank: 30,
    describe: (p) => `Javalin start(${p})`,
  },
  {
    // com.sun.net.httpserver.HttpServer.create(new InetSocketAddress(8000), 0)
    id: 'inet-socket-address',
    re: /\bInetSocketAddress\(\s*(?:"[^"]*"\s*,\s*)?(\d{2,5})\s*\)/g,
    requires: /\bHttpServer\b|\bServerSocket/,
    rank: 25,
    describe: (p) => `InetSocketAddress(${p})`,
  },
  {
    id: 'server-socket',
    re: /\bServerSocket\(\s*(\d{2,5})\s*[,)]/g,
    rank: 25,
    describe: (p) => `ServerSocket(${p})`,
  },
  {
    // System.getenv().getOrDefault("PORT", "8080")
    id: 'env-get-or-default',
    re: /System\.getenv\(\)\.getOrDefault\(\s*"(?:SERVER_|HTTP_|APP_)?PORT"\s*,\s*"?(\d{2,5})"?\s*\)/g,
    rank: 20,
    describe: (p) => `PORT defaults to ${p}`,
  },
  {
    // Kotlin: System.getenv("PORT")?.toInt() ?: 8080 | System.getenv("PORT") ?: "8080"
    id: 'env-elvis',
    re: new RegExp(String.raw`${ENV_PORT}[^\n;]{0,40}?\?:\s*"?(\d{2,5})\b`, 'g'),
    rank: 20,
    describe: (p) => `PORT defaults to ${p}`,
  },
  {
    // Optional.ofNullable(System.getenv("PORT")).orElse("8080") | != null ? … : 8080
    id: 'env-or-else',
    re: new RegExp(String.raw`${ENV_PORT}[^\n;]{0,80}?(?:orElse\(\s*|:\s*)"?(\d{2,5})\b`, 'g'),
    rank: 18,
    describe: (p) => `PORT defaults to ${p}`,
  },
];

export interface PortResult {
  port: number | null;
  evidence: Evidence[];
  /** The env var that overrides it (`${PORT:8080}` → PORT). */
  envVar: string | null;
}

/**
 * The port: the framework's config key (explicit), else a listen call in the code (strong), else the
 * framework's default (weak). Every lower-ranked finding is kept as extra evidence.
 */
export function detectJvmPort(
  framework: JvmFrameworkMatch | null,
  config: readonly ConfigEntry[],
  sources: readonly SourceFile[],
  patterns: readonly CodePortPattern[] = JVM_PORT_PATTERNS,
): PortResult {
  const found: { port: number; evidence: Evidence; rank: number }[] = [];
  let envVar: string | null = null;
  for (const key of framework?.entry.portKeys ?? []) {
    const e = configValue(config, key);
    if (!e) continue;
    const v = portFromValue(e.value);
    envVar ??= v.envVar;
    if (v.port === null) continue;
    found.push({
      port: v.port,
      rank: 100,
      evidence: {
        file: e.file,
        line: e.line,
        reason: `${key} is ${e.value}${e.profile ? ` in the ${e.profile} profile` : ''}`,
        confidence: 'explicit' as Confidence,
      },
    });
  }
  for (const src of sources) {
    const lineOf = lineLocator(src.code);
    for (const p of patterns) {
      if (p.requires && !p.requires.test(src.code)) continue;
      for (const m of src.code.matchAll(new RegExp(p.re.source, p.re.flags))) {
        const port = Number(m.slice(1).find((g) => g !== undefined));
        if (!Number.isInteger(port) || port < 1 || port > 65535) continue;
        found.push({
          port,
          rank: p.rank,
          evidence: {
            file: src.path,
            line: lineOf(m.index),
            reason: `${p.describe(port)} in ${src.path}`,
            confidence: 'strong',
          },
        });
      }
    }
  }
  found.sort(
    (a, b) =>
      b.rank - a.rank ||
      a.evidence.file.localeCompare(b.evidence.file) ||
      (a.evidence.line ?? 0) - (b.evidence.line ?? 0),
  );
  const best = found[0];
  if (best) {
    return { port: best.port, evidence: found.map((f) => f.evidence).slice(0, 5), envVar };
  }
  if (framework?.web) {
    const ev = framework.webEvidence ?? framework.evidence[0];
    return {
      port: framework.entry.defaultPort,
      evidence: [
        {
          file: ev?.file ?? '.',
          ...(ev?.line ? { line: ev.line } : {}),
          reason: `no port configured; ${framework.entry.id} listens on ${framework.entry.defaultPort} by default${envVar ? ` (${envVar} overrides it)` : ''}`,
          confidence: 'weak',
        },
      ],
      envVar,
    };
  }
  return { port: null, evidence: [], envVar };
}
