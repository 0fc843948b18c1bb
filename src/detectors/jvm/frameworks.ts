import type { Evidence } from '../../model/evidence.js';
import type { JvmDependency, JvmPlugin, JvmProject } from './project.js';

/** Built-in health endpoint a framework serves when a dependency is present. */
export interface HealthProbe {
  /** Dependency (`group:artifact`, `*` suffix = prefix) that turns it on. */
  dependency: string;
  path: string;
}

export interface JvmFrameworkEntry {
  /** Framework id recorded on the service. */
  id: string;
  /** Build plugins revealing it: Gradle plugin ids or Maven `groupId:artifactId`. */
  plugins: readonly string[];
  /** Runtime dependencies revealing it (`group:artifact`; a trailing `*` matches a prefix). */
  dependencies: readonly string[];
  /** Maven parents revealing it. */
  parents: readonly string[];
  /** Dependencies that make it serve HTTP; null: it always does. Without one the app is a worker. */
  webDependencies: readonly string[] | null;
  /** Port it listens on when the configuration does not say. */
  defaultPort: number;
  /** Config keys (application.properties/yml/conf) holding the HTTP port. */
  portKeys: readonly string[];
  health: HealthProbe | null;
  /**
   * Higher wins when several match. Quarkus and Micronaut outrank Spring Boot because they ship
   * Spring-compatibility extensions (a Quarkus app may depend on spring-web APIs); the embeddable
   * servers rank below the full frameworks.
   */
  priority: number;
}

/** JVM frameworks. The order decides nothing; `priority` does. */
export const JVM_FRAMEWORKS: readonly JvmFrameworkEntry[] = [
  {
    id: 'spring-boot',
    plugins: ['org.springframework.boot', 'org.springframework.boot:spring-boot-maven-plugin'],
    dependencies: ['org.springframework.boot:spring-boot-starter*'],
    parents: ['org.springframework.boot:spring-boot-starter-parent'],
    webDependencies: [
      'org.springframework.boot:spring-boot-starter-web*',
      'org.springframework.boot:spring-boot-starter-jersey',
      'org.springframework.boot:spring-boot-starter-websocket',
      'org.springframework.cloud:spring-cloud-starter-gateway*',
    ],
    defaultPort: 8080,
    portKeys: ['server.port'],
    health: { dependency: 'org.springframework.boot:spring-boot-starter-actuator', path: '/actuator/health' },
    priority: 50,
  },
  {
    id: 'quarkus',
    plugins: ['io.quarkus', 'io.quarkus:quarkus-maven-plugin', 'io.quarkus.platform:quarkus-maven-plugin'],
    dependencies: ['io.quarkus:quarkus-*'],
    parents: [],
    webDependencies: [
      'io.quarkus:quarkus-rest*',
      'io.quarkus:quarkus-resteasy*',
      'io.quarkus:quarkus-vertx-http',
      'io.quarkus:quarkus-undertow',
      'io.quarkus:quarkus-reactive-routes',
      'io.quarkus:quarkus-smallrye-health',
      'io.quarkus:quarkus-websockets*',
      'io.quarkus:quarkus-smallrye-graphql',
    ],
    defaultPort: 8080,
    portKeys: ['quarkus.http.port'],
    health: { dependency: 'io.quarkus:quarkus-smallrye-health', path: '/q/health' },
    priority: 60,
  },
  {
    id: 'micronaut',
    plugins: [
      'io.micronaut.application',
      'io.micronaut.minimal.application',
      'io.micronaut.maven:micronaut-maven-plugin',
      'io.micronaut.build:micronaut-maven-plugin',
    ],
    dependencies: ['io.micronaut:micronaut-http-server*', 'io.micronaut:micronaut-runtime'],
    parents: ['io.micronaut.platform:micronaut-parent', 'io.micronaut:micronaut-parent'],
    webDependencies: ['io.micronaut:micronaut-http-server*'],
    defaultPort: 8080,
    portKeys: ['micronaut.server.port'],
    health: { dependency: 'io.micronaut:micronaut-management', path: '/health' },
    priority: 55,
  },
  {
    id: 'ktor',
    plugins: ['io.ktor.plugin'],
    dependencies: ['io.ktor:ktor-server-*'],
    parents: [],
    webDependencies: null,
    defaultPort: 8080,
    portKeys: ['ktor.deployment.port'],
    health: null,
    priority: 40,
  },
  {
    id: 'javalin',
    plugins: [],
    dependencies: ['io.javalin:javalin*'],
    parents: [],
    webDependencies: null,
    // Javalin.start() without a port listens on 8080.
    defaultPort: 8080,
    portKeys: [],
    health: null,
    priority: 30,
  },
];

/** `group:artifact` matches a pattern (`*` suffix = prefix). */
export function coordMatches(coord: string, pattern: string): boolean {
  return pattern.endsWith('*') ? coord.startsWith(pattern.slice(0, -1)) : coord === pattern;
}

export function findDependency(project: JvmProject, patterns: readonly string[]): JvmDependency | null {
  for (const p of patterns) {
    const d = project.dependencies.find((x) => x.runtime && coordMatches(x.coord, p));
    if (d) return d;
  }
  return null;
}

function findPlugin(project: JvmProject, ids: readonly string[]): JvmPlugin | null {
  return project.plugins.find((p) => ids.includes(p.id)) ?? null;
}

export interface JvmFrameworkMatch {
  entry: JvmFrameworkEntry;
  /** Serves HTTP (a web dependency is present, or the framework always does). */
  web: boolean;
  /** The build plugin that packages it (Spring Boot, Quarkus … plugins), when applied. */
  plugin: JvmPlugin | null;
  evidence: Evidence[];
  webEvidence: Evidence | null;
  others: JvmFrameworkEntry[];
}

/** The highest-priority framework a project uses, or null. */
export function detectJvmFramework(
  project: JvmProject,
  table: readonly JvmFrameworkEntry[] = JVM_FRAMEWORKS,
): JvmFrameworkMatch | null {
  const found: { entry: JvmFrameworkEntry; evidence: Evidence; plugin: JvmPlugin | null }[] = [];
  for (const entry of table) {
    const plugin = findPlugin(project, entry.plugins);
    const dep = findDependency(project, entry.dependencies);
    const parent = project.parent && entry.parents.includes(project.parent) ? project.parent : null;
    let evidence: Evidence | null = null;
    if (plugin) {
      evidence = {
        file: plugin.file,
        line: plugin.line,
        reason: `applies the ${plugin.id} plugin`,
        confidence: 'strong',
      };
    } else if (dep) {
      evidence = { file: dep.file, line: dep.line, reason: `depends on ${dep.coord}`, confidence: 'strong' };
    } else if (parent) {
      evidence = { file: project.file, reason: `inherits from ${parent}`, confidence: 'strong' };
    }
    if (evidence) found.push({ entry, evidence, plugin });
  }
  if (found.length === 0) return null;
  found.sort((a, b) => b.entry.priority - a.entry.priority || a.entry.id.localeCompare(b.entry.id));
  const best = found[0] as (typeof found)[number];
  const rest = found.slice(1);
  let web = best.entry.webDependencies === null;
  let webEvidence: Evidence | null = null;
  if (best.entry.webDependencies) {
    const d = findDependency(project, best.entry.webDependencies);
    if (d) {
      web = true;
      webEvidence = { file: d.file, line: d.line, reason: `${d.coord} serves HTTP`, confidence: 'strong' };
    }
  }
  const evidence = [
    {
      ...best.evidence,
      reason: `${best.evidence.reason}${rest.length > 0 ? ` (outranks ${rest.map((r) => r.entry.id).join(', ')})` : ''}`,
    },
  ];
  return {
    entry: best.entry,
    web,
    plugin: best.plugin,
    evidence,
    webEvidence,
    others: rest.map((r) => r.entry),
  };
}
