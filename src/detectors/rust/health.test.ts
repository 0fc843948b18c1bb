import { describe, expect, it } from 'vitest';
import { bestHealth, findMatches } from '../shared/code-scan.js';
import { RUST_HEALTH_PATTERNS } from './health.js';
import { blankRustComments } from './rust-source.js';

const health = (code: string) =>
  bestHealth(
    findMatches([{ path: 'src/main.rs', raw: code, code: blankRustComments(code) }], RUST_HEALTH_PATTERNS),
  )?.path ?? null;

describe('RUST_HEALTH_PATTERNS', () => {
  it.each([
    ['Router::new().route("/healthz", get(h))', '/healthz'],
    ['#[get("/health")]\nasync fn h() {}', '/health'],
    ['App::new().service(web::resource("/ping").to(h))', '/ping'],
    ['App::new().route("/api/health", web::get().to(h))', '/api/health'],
    ['Route::new().at("/livez", get(h))', '/livez'],
    ['let h = warp::path("health").map(|| "ok");', '/health'],
    ['let h = warp::path!("healthz").map(|| "ok");', '/healthz'],
  ])('%s → %s', (code, expected) => {
    expect(health(code)).toBe(expected);
  });

  it.each([['// .route("/health", get(h))'], ['#[post("/health")]'], ['.route("/healthcheck-v2", get(h))']])(
    '%s: none',
    (code) => {
      expect(health(code)).toBeNull();
    },
  );
});
