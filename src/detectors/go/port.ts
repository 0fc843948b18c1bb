import type { CodePattern } from '../shared/code-scan.js';

/** The service's own port or listen-address variable; DB_PORT, SMTP_PORT … are other things' ports. */
const PORT_ENV = '(?:APP_|HTTP_|SERVER_|API_|WEB_|LISTEN_)?(?:PORT|ADDR)';
/** `host:` in an address literal (`:8080`, `0.0.0.0:8080`, `localhost:8080`, `[::]:8080`). */
const HOST = String.raw`(?<host>[\w.-]*|\[[0-9a-fA-F:]*\])`;
const SERVE_CALL =
  /\b(?:ListenAndServe(?:TLS)?|Run|RunTLS|Start|StartTLS|Listen|ListenTLS|Serve)\(|net\.Listen\(/;

/** How Go code states the port it listens on. Comments are blanked before matching. */
export const GO_PORT_PATTERNS: readonly CodePattern[] = [
  {
    // http.ListenAndServe(":8080", nil), r.Run(":8080"), e.Start(":1323"), app.Listen(":3000")
    id: 'listen-literal',
    re: new RegExp(
      String.raw`\b(?:ListenAndServe(?:TLS)?|Run|RunTLS|Start|StartTLS|Listen|ListenTLS)\(\s*"${HOST}:(?<value>\d{2,5})"`,
      'g',
    ),
    confidence: 'strong',
    rank: 30,
    describe: (p) => `listens on :${p}`,
  },
  {
    id: 'net-listen',
    re: new RegExp(String.raw`\bnet\.Listen\(\s*"tcp[46]?"\s*,\s*"${HOST}:(?<value>\d{2,5})"`, 'g'),
    confidence: 'strong',
    rank: 30,
    describe: (p) => `net.Listen on :${p}`,
  },
  {
    // &http.Server{Addr: ":8080"}
    id: 'server-addr',
    re: new RegExp(String.raw`\bAddr\s*:\s*"${HOST}:(?<value>\d{2,5})"`, 'g'),
    confidence: 'strong',
    rank: 30,
    describe: (p) => `http.Server Addr :${p}`,
  },
  {
    // flag.String("addr", ":8080", …), flag.IntVar(&port, "port", 8080, …), pflag.StringP("port", "p", "8080", …)
    id: 'flag-default',
    re: new RegExp(
      String.raw`\b(?:flag|pflag|Flags\(\))\.(?:String|Int|Uint)(?:Var)?P?\(\s*(?:&[\w.]+\s*,\s*)?"(?:port|addr|address|listen|http|listen-addr|http-addr|http-port)"\s*,\s*(?:"\w"\s*,\s*)?"?(?:${HOST}:)?(?<value>\d{2,5})\b`,
      'g',
    ),
    confidence: 'strong',
    rank: 25,
    describe: (p) => `the port flag defaults to ${p}`,
  },
  {
    // port := os.Getenv("PORT"); if port == "" { port = "8080" }
    id: 'env-if-default',
    re: new RegExp(
      String.raw`\bos\.(?:Getenv|LookupEnv)\(\s*"${PORT_ENV}"\s*\)[\s\S]{0,200}?\bif\b[^{\n]{0,120}\{\s*\w+\s*=\s*"(?:${HOST}:)?(?<value>\d{2,5})"`,
      'g',
    ),
    confidence: 'strong',
    rank: 20,
    describe: (p) => `PORT defaults to ${p}`,
  },
  {
    // cmp.Or(os.Getenv("PORT"), "8080"), getEnv("PORT", "8080"), envOr("PORT", "8080")
    id: 'env-helper-default',
    re: new RegExp(
      String.raw`(?:\bcmp\.Or\(\s*os\.Getenv\(\s*"${PORT_ENV}"\s*\)|\b\w{0,40}?(?:Env|env)\w{0,40}\(\s*"${PORT_ENV}")\s*,\s*"?(?:${HOST}:)?(?<value>\d{2,5})\b`,
      'g',
    ),
    confidence: 'strong',
    rank: 20,
    describe: (p) => `PORT defaults to ${p}`,
  },
  {
    // Port int `env:"PORT" envDefault:"8080"` (caarlos0/env), `envconfig:"PORT" default:"8080"`
    id: 'struct-tag-default',
    re: new RegExp(
      String.raw`\x60(?=[^\x60\n]{0,300}?\b(?:env|envconfig)\s*:\s*"${PORT_ENV}[",])[^\x60\n]{0,300}?\b(?:envDefault|default)\s*:\s*":?(?<value>\d{2,5})"`,
      'g',
    ),
    confidence: 'strong',
    rank: 15,
    describe: (p) => `PORT defaults to ${p} in a config struct tag`,
  },
  {
    // const port = "8080" / addr := ":8080" in a file that starts a server
    id: 'port-constant',
    re: new RegExp(
      String.raw`\b(?:port|Port|PORT|addr|Addr|ADDR|listenAddr|httpAddr|address|defaultPort|DefaultPort|defaultAddr|DefaultAddr)\s*(?::=|=)\s*"?(?:${HOST}:)?(?<value>\d{2,5})\b`,
      'g',
    ),
    confidence: 'strong',
    rank: 10,
    requires: SERVE_CALL,
    describe: (p) => `port constant ${p} in a file that starts a server`,
  },
  {
    // gin's Run() with no address listens on $PORT, else 8080.
    id: 'gin-run-default',
    re: /\.Run\(\s*\)/g,
    confidence: 'strong',
    rank: 5,
    requires: /"github\.com\/gin-gonic\/gin"/,
    fixed: '8080',
    describe: () => "gin's Run() without an address listens on $PORT or 8080",
  },
];
