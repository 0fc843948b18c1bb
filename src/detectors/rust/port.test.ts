import { describe, expect, it } from 'vitest';
import { bestMatch, findMatches } from '../shared/code-scan.js';
import { RUST_PORT_PATTERNS } from './port.js';
import { blankRustComments } from './rust-source.js';

const port = (code: string) => {
  const m = bestMatch(
    findMatches([{ path: 'src/main.rs', raw: code, code: blankRustComments(code) }], RUST_PORT_PATTERNS),
  );
  return m ? { port: Number(m.value), pattern: m.pattern.id, host: m.host } : null;
};

describe('RUST_PORT_PATTERNS', () => {
  it.each([
    ['let l = TcpListener::bind("0.0.0.0:3000").await?;', 3000, 'bind-literal'],
    ['HttpServer::new(f).bind("127.0.0.1:8080")?', 8080, 'bind-literal'],
    ['app.listen("0.0.0.0:8081").await?;', 8081, 'bind-literal'],
    ['HttpServer::new(f).bind(("0.0.0.0", 8082))?.run()', 8082, 'bind-tuple'],
    ['let addr = SocketAddr::from(([0, 0, 0, 0], 3001));', 3001, 'socket-addr-array'],
    ['warp::serve(routes).run(([127, 0, 0, 1], 3030)).await;', 3030, 'socket-addr-array'],
    ['SocketAddr::new(IpAddr::V4(Ipv4Addr::UNSPECIFIED), 8083)', 8083, 'socket-addr-const'],
    ['let addr: SocketAddr = "0.0.0.0:8084".parse().unwrap();\naxum::serve(l, app)', 8084, 'address-literal'],
    ['let p = env::var("PORT").unwrap_or_else(|_| "3002".to_string());', 3002, 'env-default'],
    ['let p = std::env::var("PORT").unwrap_or("3003".into());', 3003, 'env-default'],
    ['let p: u16 = env::var("PORT").ok().and_then(|p| p.parse().ok()).unwrap_or(3004);', 3004, 'env-default'],
    ['#[arg(long, env = "PORT", default_value_t = 3005)]\nport: u16,', 3005, 'clap-default'],
    ['let c = rocket::Config { port: 7000, ..Config::release_default() };', 7000, 'rocket-config-struct'],
    ['let f = Config::figment().merge(("port", 7001));', 7001, 'rocket-figment-port'],
    [
      'const PORT: u16 = 9001;\nlet l = TcpListener::bind((Ipv4Addr::UNSPECIFIED, PORT));',
      9001,
      'port-constant',
    ],
  ])('%s → %i', (code, expected, pattern) => {
    expect(port(code)).toMatchObject({ port: expected, pattern });
  });

  it.each([
    ['a commented-out bind', '// TcpListener::bind("0.0.0.0:3000")'],
    ['a database port', 'let p = env::var("DB_PORT").unwrap_or_else(|_| "5432".into());'],
    ['a URL in a string', 'let u = "redis://127.0.0.1:6379";\nTcpListener::bind(addr)'],
    ['an address literal in a file that serves nothing', 'let a = "0.0.0.0:3000";'],
  ])('%s: no port', (_name, code) => {
    expect(port(code)).toBeNull();
  });

  it('keeps the host so a loopback bind can be reported', () => {
    expect(port('warp::serve(r).run(([127, 0, 0, 1], 3030))')?.host?.replace(/\s+/g, '')).toBe('127,0,0,1');
  });
});
