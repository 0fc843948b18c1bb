import type { Evidence } from '../../model/evidence.js';
import { compareHealth, HEALTH_NAME } from '../shared/health.js';
import { lineLocator } from '../shared/lines.js';
import { type ConfigEntry, configValue } from './app-config.js';
import { findDependency, type JvmFrameworkMatch } from './frameworks.js';
import type { JvmProject } from './project.js';
import type { SourceFile } from './sources.js';

const NAME = HEALTH_NAME;
const PATH = String.raw`(\/?(?:[A-Za-z0-9_-]+\/){0,2}${NAME}(?:\/[A-Za-z0-9_-]+)?)`;

/** How routes are declared in Spring MVC/WebFlux, JAX-RS (Quarkus), Micronaut, Ktor and Javalin. */
export const JVM_HEALTH_PATTERNS: readonly { id: string; re: RegExp }[] = [
  {
    // @GetMapping("/health"), @RequestMapping(value = "/health"), @GetMapping(path = {"/healthz"})
    id: 'spring-mapping',
    re: new RegExp(
      String.raw`@(?:GetMapping|RequestMapping)\(\s*(?:(?:value|path)\s*=\s*)?(?:\{\s*|\[\s*)?"${PATH}"`,
      'g',
    ),
  },
  // JAX-RS @Path("/health"); Micronaut @Get("/health") / @Controller("/health")
  {
    id: 'annotation-path',
    re: new RegExp(String.raw`@(?:Path|Get|Controller)\(\s*(?:value\s*=\s*)?"${PATH}"`, 'g'),
  },
  // Ktor routing get("/health") { … }; Javalin app.get("/health") { … }
  { id: 'route-call', re: new RegExp(String.raw`(?:^|[\s.])get\(\s*"${PATH}"`, 'gm') },
];

export interface HealthResult {
  path: string;
  evidence: Evidence;
}

/**
 * The health endpoint: a framework probe turned on by a dependency (Spring Boot Actuator, SmallRye
 * Health, Micronaut management), adjusted for config that moves it; else a route in the code.
 */
export function detectJvmHealth(
  project: JvmProject,
  framework: JvmFrameworkMatch | null,
  config: readonly ConfigEntry[],
  sources: readonly SourceFile[],
): HealthResult | null {
  const probe = framework?.entry.health;
  if (probe) {
    const dep = findDependency(project, [probe.dependency]);
    if (dep) {
      const { path, notes } = adjustProbePath(framework.entry.id, probe.path, config);
      return {
        path,
        evidence: {
          file: dep.file,
          ...(dep.line ? { line: dep.line } : {}),
          reason: `${dep.coord} serves ${path}${notes.length > 0 ? ` (${notes.join('; ')})` : ''}`,
          confidence: 'strong',
        },
      };
    }
  }
  const found: HealthResult[] = [];
  for (const src of sources) {
    const lineOf = lineLocator(src.code);
    for (const p of JVM_HEALTH_PATTERNS) {
      for (const m of src.code.matchAll(new RegExp(p.re.source, p.re.flags))) {
        const raw = m[1] as string;
        const path = raw.startsWith('/') ? raw : `/${raw}`;
        found.push({
          path,
          evidence: {
            file: src.path,
            line: lineOf(m.index),
            reason: `route ${path} in ${src.path}`,
            confidence: 'strong',
          },
        });
      }
    }
  }
  found.sort(compareHealth);
  return found[0] ?? null;
}

function joinUrl(...parts: string[]): string {
  const joined = parts
    .map((p) => p.replace(/^\/+|\/+$/g, ''))
    .filter(Boolean)
    .join('/');
  return `/${joined}`;
}

/** Config keys that move a framework's health endpoint. */
function adjustProbePath(
  framework: string,
  defaultPath: string,
  config: readonly ConfigEntry[],
): { path: string; notes: string[] } {
  const notes: string[] = [];
  const val = (k: string): string | null => {
    const e = configValue(config, k);
    if (!e || e.value.includes('${')) return null;
    notes.push(`${k}=${e.value}`);
    return e.value;
  };
  if (framework === 'spring-boot') {
    const separatePort = configValue(config, 'management.server.port') !== null;
    const context = separatePort
      ? ''
      : (val('server.servlet.context-path') ?? val('spring.webflux.base-path') ?? '');
    const base = val('management.endpoints.web.base-path') ?? '/actuator';
    const name = val('management.endpoints.web.path-mapping.health') ?? 'health';
    if (separatePort) notes.push('management.server.port puts it on its own port');
    return { path: joinUrl(context, base, name), notes };
  }
  if (framework === 'quarkus') {
    const root = val('quarkus.http.root-path') ?? '';
    const nonApp = val('quarkus.http.non-application-root-path') ?? 'q';
    const health = val('quarkus.smallrye-health.root-path') ?? 'health';
    // An absolute non-application root is not under the HTTP root path.
    const path = nonApp.startsWith('/') ? joinUrl(nonApp, health) : joinUrl(root, nonApp, health);
    return { path, notes };
  }
  return { path: defaultPath, notes };
}
