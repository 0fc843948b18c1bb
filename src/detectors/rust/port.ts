import type { CodePattern } from '../shared/code-scan.js';

/** The service's own port variable; DB_PORT, SMTP_PORT … are other things' ports. */
const PORT_ENV = '(?:APP_|HTTP_|SERVER_|API_|WEB_|ROCKET_)?PORT';
const HOST = String.raw`(?<host>[\w.-]*|\[[0-9a-fA-F:]*\])`;
const SERVE = /\b(?:bind|bind_rustls|bind_openssl|serve|listen|run|TcpListener|HttpServer|Server)\b/;

/** How Rust code states the port it listens on. Comments are blanked before matching. */
export const RUST_PORT_PATTERNS: readonly CodePattern[] = [
  {
    // TcpListener::bind("0.0.0.0:3000"), HttpServer::bind("127.0.0.1:8080"), app.listen("0.0.0.0:8080")
    id: 'bind-literal',
    re: new RegExp(
      String.raw`\b(?:bind|bind_rustls\w*|bind_openssl|listen|serve|run|TcpListener::new)\(\s*"${HOST}:(?<value>\d{2,5})"`,
      'g',
    ),
    confidence: 'strong',
    rank: 30,
    describe: (p) => `binds :${p}`,
  },
  {
    // actix: .bind(("0.0.0.0", 8080))
    id: 'bind-tuple',
    re: /\.bind(?:_rustls\w*|_openssl)?\(\s*\(\s*"(?<host>[^"]*)"\s*,\s*(?<value>\d{2,5})\s*\)/g,
    confidence: 'strong',
    rank: 30,
    describe: (p) => `binds port ${p}`,
  },
  {
    // SocketAddr::from(([0, 0, 0, 0], 3000)), warp::serve(routes).run(([127, 0, 0, 1], 3030))
    id: 'socket-addr-array',
    re: /\(\s*\[\s*(?<host>\d{1,3}\s*,\s*\d{1,3}\s*,\s*\d{1,3}\s*,\s*\d{1,3})\s*\]\s*,\s*(?<value>\d{2,5})\s*\)/g,
    confidence: 'strong',
    rank: 28,
    describe: (p) => `socket address with port ${p}`,
  },
  {
    // SocketAddr::new(IpAddr::V4(Ipv4Addr::UNSPECIFIED), 8080), SocketAddr::from((Ipv4Addr::LOCALHOST, 3000))
    id: 'socket-addr-const',
    re: /Ipv[46]Addr::(?<host>UNSPECIFIED|LOCALHOST)\s*\)?\s*,\s*(?<value>\d{2,5})\s*\)/g,
    confidence: 'strong',
    rank: 28,
    describe: (p) => `socket address with port ${p}`,
  },
  {
    // "0.0.0.0:3000".parse() / let addr = "127.0.0.1:8080"; in a file that serves
    id: 'address-literal',
    re: /"(?<host>0\.0\.0\.0|127\.0\.0\.1|localhost|\[::\]|\[::1\]|::):(?<value>\d{2,5})"/g,
    confidence: 'strong',
    rank: 25,
    requires: SERVE,
    describe: (p) => `address literal :${p}`,
  },
  {
    // env::var("PORT").unwrap_or("8080".into()), .unwrap_or_else(|_| "3000".to_string()), .ok().and_then(…).unwrap_or(3000)
    id: 'env-default',
    re: new RegExp(
      String.raw`\b(?:env::var|dotenvy?::var)\(\s*"${PORT_ENV}"\s*\)[^;]{0,200}?\.unwrap_or(?:_else)?\(\s*(?:\|[^|]*\|\s*)?(?:String::from\(\s*)?"?(?<value>\d{2,5})\b`,
      'g',
    ),
    confidence: 'strong',
    rank: 20,
    describe: (p) => `PORT defaults to ${p}`,
  },
  {
    // clap: #[arg(long, env = "PORT", default_value = "8080")] / default_value_t = 8080
    id: 'clap-default',
    re: new RegExp(
      String.raw`#\[(?:arg|clap)\((?=[^\]]{0,400}?\benv\s*=\s*"${PORT_ENV}")[^\]]{0,400}?\bdefault_value(?:_t)?\s*=\s*"?(?<value>\d{2,5})\b`,
      'g',
    ),
    confidence: 'strong',
    rank: 20,
    describe: (p) => `the PORT argument defaults to ${p}`,
  },
  {
    // rocket::Config { port: 8080, .. }
    id: 'rocket-config-struct',
    re: /\bConfig\s*\{[^}]{0,500}?\bport\s*:\s*(?<value>\d{2,5})/g,
    confidence: 'strong',
    rank: 25,
    describe: (p) => `Rocket config port ${p}`,
  },
  {
    // Config::figment().merge(("port", 8080))
    id: 'rocket-figment-port',
    re: /\.merge\(\s*\(\s*"port"\s*,\s*(?<value>\d{2,5})\s*\)/g,
    confidence: 'strong',
    rank: 25,
    describe: (p) => `Rocket config port ${p}`,
  },
  {
    // const PORT: u16 = 8080; let port = 3000; in a file that serves
    id: 'port-constant',
    re: /\b(?:const|static|let)\s+(?:mut\s+)?(?:PORT|DEFAULT_PORT|port|default_port)\s*(?::\s*u16\s*)?=\s*(?<value>\d{2,5})\b/g,
    confidence: 'strong',
    rank: 10,
    requires: SERVE,
    describe: (p) => `port constant ${p} in a file that serves`,
  },
];
