import { type CodePattern, HEALTH_PATH, HEALTH_SEGMENT } from '../shared/code-scan.js';

/** How Rust web frameworks declare a health route. Comments are blanked first. */
export const RUST_HEALTH_PATTERNS: readonly CodePattern[] = [
  {
    // actix-web and Rocket attributes: #[get("/health")]
    id: 'route-attribute',
    re: new RegExp(String.raw`#\[(?:get|head)\(\s*"(?<value>${HEALTH_PATH})\/?"`, 'g'),
    confidence: 'strong',
    rank: 0,
    describe: (p) => `#[get("${p}")] handler`,
  },
  {
    // axum .route("/health", get(…)), actix .route("/health", web::get()…), web::resource("/health"),
    // poem/tide .at("/health", …)
    id: 'route-call',
    re: new RegExp(
      String.raw`(?:\.route|\bresource|\.at|\.nest_service)\(\s*"(?<value>${HEALTH_PATH})\/?"`,
      'g',
    ),
    confidence: 'strong',
    rank: 0,
    describe: (p) => `${p} route`,
  },
  {
    // warp::path("health") / warp::path!("healthz")
    id: 'warp-path',
    re: new RegExp(String.raw`\bwarp::path!?\(\s*"(?<value>${HEALTH_SEGMENT})"\s*\)`, 'g'),
    confidence: 'strong',
    rank: 0,
    describe: (p) => `warp path ${p}`,
  },
];
