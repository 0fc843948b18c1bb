import { type CodePattern, HEALTH_PATH } from '../shared/code-scan.js';

/** How Go routers declare a health route. Comments are blanked first. */
export const GO_HEALTH_PATTERNS: readonly CodePattern[] = [
  {
    // http.HandleFunc("/healthz", …), mux.HandleFunc("GET /healthz", …) (Go 1.22 patterns),
    // r.GET("/health", …) (gin, echo), r.Get("/ping", …) (chi, fiber), r.Path("/health") (gorilla)
    id: 'route-call',
    re: new RegExp(
      String.raw`\b(?:HandleFunc|Handle|GET|Get|HEAD|Head|Any|All|Path|Route|Match)\(\s*"(?:(?:GET|HEAD)\s+)?(?<value>${HEALTH_PATH})\/?"`,
      'g',
    ),
    confidence: 'strong',
    rank: 0,
    describe: (p) => `GET ${p} route`,
  },
];
