import type { Confidence, Evidence } from '../../model/evidence.js';
import { lineAt } from '../text.js';
import type { PySource } from './source-files.js';

export interface PyPortPattern {
  id: string;
  /** Global regex whose first capture group is the port number. */
  re: RegExp;
  confidence: Confidence;
  /** Ties between equally confident matches go to the higher rank. */
  rank: number;
  describe: (port: number) => string;
}

/** The service's own port variable; DB_PORT, REDIS_PORT … are ports of other things. */
const PORT_NAME = '(?:APP_|HTTP_|SERVER_|API_|WEB_)?PORT';
const Q = `['"]`;

/** How ports appear in Python code. Comments are blanked first, so commented code never counts. */
export const PY_PORT_PATTERNS: readonly PyPortPattern[] = [
  {
    // app.run(port=5000), uvicorn.run(app, host="0.0.0.0", port=8000), web.run_app(app, port=8080),
    // serve(app, port=8080), demo.launch(server_port=7860), app.run(port=int(os.environ.get("PORT", 5000)))
    id: 'run-call',
    re: /\b(?:run|run_app|serve|launch|run_server|run_simple)\([^)]*?\b(?:server_)?port\s*=\s*(?:int\(\s*)?(\d{2,5})\b/g,
    confidence: 'strong',
    rank: 30,
    describe: (p) => `run(…, port=${p})`,
  },
  {
    // tornado: app.listen(8888); werkzeug: run_simple("0.0.0.0", 5000, app)
    id: 'listen-literal',
    re: /\b(?:listen|run_simple)\(\s*(?:['"][^'"]*['"]\s*,\s*)?(\d{2,5})\b/g,
    confidence: 'strong',
    rank: 30,
    describe: (p) => `listens on ${p}`,
  },
  {
    // os.environ.get("PORT", "5000"), os.getenv('PORT', 8000), environ.get("PORT", 80), env.int("PORT", default=8000),
    // config("PORT", default=8000, cast=int)
    id: 'env-default',
    re: new RegExp(
      String.raw`\b(?:environ\.get|getenv|env(?:\.int|\.str)?|config)\(\s*${Q}${PORT_NAME}${Q}\s*,\s*(?:default\s*=\s*)?${Q}?(\d{2,5})\b`,
      'g',
    ),
    confidence: 'strong',
    rank: 20,
    describe: (p) => `PORT defaults to ${p}`,
  },
  {
    // pydantic settings / module constants: `port: int = 8000`, `PORT = 8000`
    id: 'port-setting',
    re: new RegExp(String.raw`^\s*(?:port|${PORT_NAME})\s*(?::\s*int\s*)?=\s*(\d{2,5})\s*$`, 'gm'),
    confidence: 'weak',
    rank: 10,
    describe: (p) => `port setting ${p}`,
  },
];

export interface PyPortMatch {
  port: number;
  evidence: Evidence;
  pattern: PyPortPattern;
}

/**
 * The best port in the sources: highest confidence, then pattern rank, then the file the start
 * command runs (`preferred`, repo-relative), then path order. Null when nothing matched.
 */
export function detectCodePort(
  sources: readonly PySource[],
  preferred: string | null,
  patterns: readonly PyPortPattern[] = PY_PORT_PATTERNS,
): PyPortMatch | null {
  const rank = { explicit: 3, strong: 2, weak: 1 } as const;
  const matches: PyPortMatch[] = [];
  for (const src of sources) {
    for (const pattern of patterns) {
      for (const m of src.code.matchAll(new RegExp(pattern.re.source, pattern.re.flags))) {
        const port = Number(m[1]);
        if (!Number.isInteger(port) || port < 1 || port > 65535) continue;
        matches.push({
          port,
          pattern,
          evidence: {
            file: src.path,
            line: lineAt(src.code, m.index + (m[0].length - m[0].trimStart().length)),
            reason: `${pattern.describe(port)} in ${src.path}`,
            confidence: pattern.confidence,
          },
        });
      }
    }
  }
  const pref = (m: PyPortMatch): number => (preferred !== null && m.evidence.file === preferred ? 1 : 0);
  matches.sort(
    (a, b) =>
      pref(b) - pref(a) ||
      rank[b.evidence.confidence] - rank[a.evidence.confidence] ||
      b.pattern.rank - a.pattern.rank ||
      a.evidence.file.localeCompare(b.evidence.file) ||
      (a.evidence.line ?? 0) - (b.evidence.line ?? 0),
  );
  return matches[0] ?? null;
}
