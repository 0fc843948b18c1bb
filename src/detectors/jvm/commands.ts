import type { Confidence, Evidence } from '../../model/evidence.js';
import type { RepoFs } from '../../repo/repo-fs.js';
import { joinRel, relativeTo } from '../paths.js';
import { type ConfigEntry, configValue } from './app-config.js';
import type { JvmFrameworkMatch } from './frameworks.js';
import type { Located } from './gradle.js';
import { findConfigValues, type MavenPlugin } from './maven.js';
import type { JvmPlugin, JvmProject } from './project.js';

export interface JvmCommands {
  install: string;
  build: string;
  start: string | null;
  /** Folder (relative to the build root) holding what the build produces. */
  outputDir: string | null;
  evidence: { install: Evidence[]; build: Evidence[]; start: Evidence[]; outputDir: Evidence[] };
  /** Why the start command is missing or shaky, for a diagnostic. */
  problem: Problem | null;
}

export interface Problem {
  message: string;
  fix: string;
}

/** How one packaging approach builds and starts the project. */
export interface PackagingPlan {
  /** Gradle task(s) to run; unused for Maven, whose package phase runs every packaging plugin. */
  task?: string;
  start: string | null;
  outputDir: string;
  evidence: Evidence;
  problem?: Problem;
}

/**
 * One way a build makes a runnable artifact. When several apply, the highest priority wins: a
 * framework's own packaging first (it knows its layout), then fat-jar plugins, then a plain jar
 * whose manifest names the main class, then start scripts; `none` always applies, last.
 */
export interface Packager<C> {
  id: string;
  priority: number;
  applies: (ctx: C) => boolean;
  plan: (ctx: C) => PackagingPlan;
}

/** Gradle plugins that build a jar with all dependencies inside. */
const SHADOW_PLUGINS = ['com.github.johnrengelman.shadow', 'com.gradleup.shadow', 'io.github.goooler.shadow'];
/** Gradle plugins that apply the `application` plugin (start scripts in build/install). */
const APPLICATION_PLUGINS = ['application', 'io.micronaut.application', 'io.micronaut.minimal.application'];

/** The wrapper script when committed, else the tool itself. */
export function buildTool(fs: RepoFs, project: JvmProject): { bin: string; evidence: Evidence } {
  const wrapper = project.tool === 'maven' ? 'mvnw' : 'gradlew';
  const file = joinRel(project.buildRoot, wrapper);
  if (fs.exists(file)) {
    return {
      bin: `./${wrapper}`,
      evidence: {
        file,
        reason: `the ${wrapper} wrapper pins the ${project.tool} version`,
        confidence: 'explicit',
      },
    };
  }
  return {
    bin: project.tool === 'maven' ? 'mvn' : 'gradle',
    evidence: {
      file: project.file,
      reason: `no ${wrapper} wrapper; the image needs ${project.tool} installed`,
      confidence: 'strong',
    },
  };
}

/** Module folder relative to the build root, with a trailing slash (`''` for the root). */
function modulePrefix(project: JvmProject): string {
  if (project.dir === project.buildRoot) return '';
  const rel = relativeTo(project.dir, project.buildRoot);
  return rel === '' || rel === '.' ? '' : `${rel}/`;
}

function uberJarConfigured(config: readonly ConfigEntry[]): ConfigEntry | null {
  const e = configValue(config, 'quarkus.package.jar.type') ?? configValue(config, 'quarkus.package.type');
  return e && e.value.trim() === 'uber-jar' ? e : null;
}

function pick<C>(table: readonly Packager<C>[], ctx: C): Packager<C> {
  const found = table.filter((p) => p.applies(ctx)).sort((a, b) => b.priority - a.priority);
  return found[0] as Packager<C>;
}

// ---------------------------------------------------------------- Maven

export interface MavenContext {
  project: JvmProject;
  framework: JvmFrameworkMatch | null;
  config: readonly ConfigEntry[];
  /** `app/target` (module folder relative to the build root). */
  target: string;
  /** The artifact path with a classifier suffix, or a glob when the file name is unknown. */
  jar: (suffix?: string) => string;
  /** `''`, or why the jar name is a glob. */
  nameNote: string;
  /** Lowers a confidence to weak when the jar name is a glob. */
  conf: (c: Confidence) => Confidence;
  /** A plugin the module runs (not merely managed). */
  plugin: (artifactId: string) => MavenPlugin | undefined;
  packaging: string;
}

function pomEvidence(c: MavenContext, reason: string, confidence: Confidence, line?: number): Evidence {
  return { file: c.project.file, ...(line ? { line } : {}), reason, confidence };
}

/** How Maven modules become runnable. */
export const MAVEN_PACKAGERS: readonly Packager<MavenContext>[] = [
  {
    id: 'quarkus',
    priority: 100,
    applies: (c) => c.framework?.entry.id === 'quarkus',
    plan: (c) => {
      const uber = uberJarConfigured(c.config);
      const path = uber ? c.jar('-runner') : `${c.target}/quarkus-app/quarkus-run.jar`;
      return {
        start: `java -jar ${path}`,
        outputDir: c.target,
        evidence: uber
          ? {
              file: uber.file,
              line: uber.line,
              reason: `${uber.key}=uber-jar builds ${path}${c.nameNote}`,
              confidence: c.conf('strong'),
            }
          : {
              ...(c.framework?.evidence[0] as Evidence),
              reason: `Quarkus builds the fast-jar layout; ${path} starts it (keep the quarkus-app folder together)`,
            },
      };
    },
  },
  {
    id: 'spring-boot',
    priority: 90,
    applies: (c) => c.framework?.entry.id === 'spring-boot',
    plan: (c) => {
      const boot = c.plugin('spring-boot-maven-plugin');
      if (!boot) {
        return {
          start: `java -jar ${c.jar()}`,
          outputDir: c.target,
          evidence: pomEvidence(
            c,
            `Spring Boot without spring-boot-maven-plugin: ${c.jar()} is not executable${c.nameNote}`,
            'weak',
          ),
          problem: {
            message:
              'Spring Boot app without spring-boot-maven-plugin in <build><plugins>: the jar Maven builds cannot start with java -jar',
            fix: 'add org.springframework.boot:spring-boot-maven-plugin to <build><plugins>',
          },
        };
      }
      const classifier = findConfigValues(boot.node, 'classifier')[0];
      const path = c.jar(classifier ? `-${classifier}` : '');
      return {
        start: `java -jar ${path}`,
        outputDir: c.target,
        evidence: pomEvidence(
          c,
          `spring-boot-maven-plugin repackages ${path} as an executable ${c.packaging === 'war' ? 'war' : 'jar'}${c.nameNote}`,
          c.conf('strong'),
          boot.line,
        ),
      };
    },
  },
  {
    id: 'assembly',
    priority: 80,
    applies: (c) => {
      const p = c.plugin('maven-assembly-plugin');
      return p !== undefined && findConfigValues(p.node, 'descriptorRef').includes('jar-with-dependencies');
    },
    plan: (c) => {
      const path = c.jar('-jar-with-dependencies');
      return {
        start: `java -jar ${path}`,
        outputDir: c.target,
        evidence: pomEvidence(
          c,
          `maven-assembly-plugin builds ${path} with every dependency inside${c.nameNote}`,
          c.conf('strong'),
          c.plugin('maven-assembly-plugin')?.line,
        ),
      };
    },
  },
  {
    id: 'shade',
    priority: 70,
    applies: (c) => c.plugin('maven-shade-plugin') !== undefined,
    plan: (c) => {
      const shade = c.plugin('maven-shade-plugin') as MavenPlugin;
      const attached = findConfigValues(shade.node, 'shadedArtifactAttached')[0] === 'true';
      const classifier = findConfigValues(shade.node, 'shadedClassifierName')[0] ?? 'shaded';
      const path = c.jar(attached ? `-${classifier}` : '');
      return {
        start: `java -jar ${path}`,
        outputDir: c.target,
        evidence: pomEvidence(
          c,
          `maven-shade-plugin builds ${path} with every dependency inside${c.nameNote}`,
          c.conf('strong'),
          shade.line,
        ),
      };
    },
  },
  {
    // The Micronaut parent configures the shade plugin for the package phase.
    id: 'micronaut',
    priority: 60,
    applies: (c) => c.framework?.entry.id === 'micronaut',
    plan: (c) => ({
      start: `java -jar ${c.jar()}`,
      outputDir: c.target,
      evidence: {
        ...(c.framework?.evidence[0] as Evidence),
        reason: `the Micronaut build shades dependencies into ${c.jar()}${c.nameNote}`,
        confidence: c.conf('strong'),
      },
    }),
  },
  {
    id: 'manifest',
    priority: 50,
    applies: (c) => c.project.mainClass?.via === 'manifest',
    plan: (c) => {
      const main = c.project.mainClass as NonNullable<JvmProject['mainClass']>;
      return {
        start: `java -jar ${c.jar()}`,
        outputDir: c.target,
        evidence: {
          file: main.file,
          ...(main.line ? { line: main.line } : {}),
          reason: `the jar manifest's Main-Class is ${main.value}, so java -jar ${c.jar()} runs it${c.nameNote}`,
          confidence: c.conf('strong'),
        },
      };
    },
  },
  {
    id: 'war',
    priority: 40,
    applies: (c) => c.packaging === 'war',
    plan: (c) => ({
      start: null,
      outputDir: c.target,
      evidence: pomEvidence(
        c,
        'a war without Spring Boot needs a servlet container (Tomcat, Jetty) to run',
        'weak',
      ),
      problem: {
        message:
          'war packaging without an embedded server: it deploys into a servlet container, so there is no start command',
        fix: 'run it in a Tomcat or Jetty image (copy the war into its webapps folder), or package a runnable jar',
      },
    }),
  },
  {
    id: 'main-class',
    priority: 30,
    applies: (c) => c.project.mainClass !== null,
    plan: (c) => {
      const main = c.project.mainClass as NonNullable<JvmProject['mainClass']>;
      return {
        start: `java -cp ${c.jar()} ${main.value}`,
        outputDir: c.target,
        evidence: {
          file: main.file,
          ...(main.line ? { line: main.line } : {}),
          reason: `${main.value} is the main class, but the jar manifest does not name it; running it from the jar works only without runtime dependencies`,
          confidence: 'weak',
        },
        problem: {
          message: `the main class ${main.value} is not in the jar manifest, so java -jar cannot start the jar`,
          fix: 'set <mainClass> in maven-jar-plugin (or use maven-shade-plugin with a ManifestResourceTransformer)',
        },
      };
    },
  },
  {
    id: 'none',
    priority: 0,
    applies: () => true,
    plan: (c) => ({
      start: null,
      outputDir: c.target,
      evidence: pomEvidence(c, 'no main class or packaging plugin', 'weak'),
      problem: {
        message: 'no main class: the jar Maven builds cannot be started',
        fix: 'set the main class in maven-jar-plugin <archive><manifest><mainClass>, or use a framework plugin',
      },
    }),
  },
];

// ---------------------------------------------------------------- Gradle

export interface GradleContext {
  project: JvmProject;
  framework: JvmFrameworkMatch | null;
  config: readonly ConfigEntry[];
  /** `app/` (module folder relative to the build root, with a slash) or `''`. */
  prefix: string;
  /** `app/build/libs`. */
  libs: string;
  /** The plugin applied from `ids`, if any. */
  plugin: (ids: readonly string[]) => JvmPlugin | undefined;
  /**
   * The archive file name: `archiveFileName` set on the task (`owner`), else
   * `<archivesName>[-<version>]<classifier>.jar`; null when the version is computed in code.
   */
  jarName: (classifier: string, owner: string) => { name: string | null; fixed: Located | null };
  springBootVersion: Located | null;
}

function pluginEvidence(
  c: GradleContext,
  ids: readonly string[],
  reason: string,
  confidence: Confidence = 'strong',
): Evidence {
  const p = c.plugin(ids);
  return { file: p?.file ?? c.project.file, ...(p?.line ? { line: p.line } : {}), reason, confidence };
}

const globNote = (name: string | null): string =>
  name ? '' : '; the version is computed in the build script, so the file name is a glob';

/** A jar in build/libs produced by `task`, named by `jarName(classifier, owner)`. */
function libsJar(
  c: GradleContext,
  task: string,
  classifier: string,
  owner: string,
  ids: readonly string[],
  what: string,
): PackagingPlan {
  const { name, fixed } = c.jarName(classifier, owner);
  const path = `${c.libs}/${name ?? `*${classifier}.jar`}`;
  return {
    task,
    start: `java -jar ${path}`,
    outputDir: c.libs,
    evidence: fixed
      ? {
          file: c.project.file,
          line: fixed.line,
          reason: `${owner} archiveFileName is ${fixed.value}`,
          confidence: 'explicit',
        }
      : pluginEvidence(c, ids, `${what.replace('{path}', path)}${globNote(name)}`, name ? 'strong' : 'weak'),
  };
}

/** How Gradle projects become runnable. */
export const GRADLE_PACKAGERS: readonly Packager<GradleContext>[] = [
  {
    id: 'quarkus',
    priority: 100,
    applies: (c) => c.framework?.entry.id === 'quarkus' && c.plugin(['io.quarkus']) !== undefined,
    plan: (c) => {
      const uber = uberJarConfigured(c.config);
      const { name } = c.jarName('-runner', 'quarkusBuild');
      const path = uber
        ? `${c.prefix}build/${name ?? '*-runner.jar'}`
        : `${c.prefix}build/quarkus-app/quarkus-run.jar`;
      return {
        task: 'build -x test',
        start: `java -jar ${path}`,
        outputDir: `${c.prefix}build`,
        evidence: pluginEvidence(
          c,
          ['io.quarkus'],
          uber ? `quarkus uber-jar builds ${path}` : `Quarkus builds the fast-jar layout; ${path} starts it`,
        ),
      };
    },
  },
  {
    // Spring Boot 1.x has no bootJar task: bootRepackage runs in build.
    id: 'spring-boot-1',
    priority: 91,
    applies: (c) =>
      c.plugin(['org.springframework.boot']) !== undefined && /^1\./.test(c.springBootVersion?.value ?? ''),
    plan: (c) =>
      libsJar(
        c,
        'build -x test',
        '',
        'jar',
        ['org.springframework.boot'],
        `Spring Boot ${c.springBootVersion?.value} repackages {path} during build (bootJar exists from 2.0)`,
      ),
  },
  {
    id: 'spring-boot',
    priority: 90,
    applies: (c) => c.plugin(['org.springframework.boot']) !== undefined,
    plan: (c) =>
      libsJar(
        c,
        'bootJar',
        '',
        'bootJar',
        ['org.springframework.boot'],
        'bootJar builds the executable {path}',
      ),
  },
  {
    id: 'ktor',
    priority: 80,
    applies: (c) => c.plugin(['io.ktor.plugin']) !== undefined,
    plan: (c) => {
      const g = c.project.gradle as NonNullable<JvmProject['gradle']>;
      const fixed = g.archiveFileNames.fatJar ?? g.archiveFileNames.shadowJar;
      // The Ktor plugin names the fat jar <project>-all.jar, without the version.
      const path = `${c.libs}/${fixed?.value ?? `${c.project.name}-all.jar`}`;
      return {
        task: 'buildFatJar',
        start: `java -jar ${path}`,
        outputDir: c.libs,
        evidence: pluginEvidence(
          c,
          ['io.ktor.plugin'],
          `the Ktor plugin's buildFatJar builds ${path} with every dependency inside`,
        ),
      };
    },
  },
  {
    id: 'shadow',
    priority: 70,
    applies: (c) => c.plugin(SHADOW_PLUGINS) !== undefined,
    plan: (c) =>
      libsJar(
        c,
        'shadowJar',
        '-all',
        'shadowJar',
        SHADOW_PLUGINS,
        'shadowJar builds {path} with every dependency inside',
      ),
  },
  {
    id: 'manifest',
    priority: 50,
    applies: (c) => c.project.mainClass?.via === 'manifest',
    plan: (c) => {
      const main = c.project.mainClass as NonNullable<JvmProject['mainClass']>;
      const plan = libsJar(
        c,
        'build -x test',
        '',
        'jar',
        [],
        `the jar manifest's Main-Class is ${main.value}, so java -jar {path} runs it`,
      );
      return plan.evidence.confidence === 'explicit'
        ? plan
        : { ...plan, evidence: { ...plan.evidence, file: main.file, line: main.line } };
    },
  },
  {
    // installDist lays out the jar, its dependencies and a start script named after the project.
    id: 'application',
    priority: 40,
    applies: (c) => c.plugin(APPLICATION_PLUGINS) !== undefined,
    plan: (c) => {
      const script = `${c.prefix}build/install/${c.project.name}/bin/${c.project.name}`;
      const main = c.project.mainClass;
      return {
        task: 'installDist',
        start: script,
        outputDir: `${c.prefix}build/install/${c.project.name}`,
        evidence: pluginEvidence(
          c,
          APPLICATION_PLUGINS,
          `the application plugin's installDist writes the start script ${script}${main ? ` (main class ${main.value})` : ''}`,
        ),
      };
    },
  },
  {
    id: 'none',
    priority: 0,
    applies: () => true,
    plan: (c) => ({
      task: 'build -x test',
      start: null,
      outputDir: c.libs,
      evidence: { file: c.project.file, reason: 'no runnable packaging', confidence: 'weak' },
      problem: {
        message:
          'nothing makes the Gradle build runnable: no application, Spring Boot, shadow plugin or jar Main-Class',
        fix: "apply the application plugin with application { mainClass = '…' }, or set the jar manifest's Main-Class",
      },
    }),
  },
];

// ---------------------------------------------------------------- Both

/** Install, build and start commands for a JVM service, run from its build root. */
export function jvmCommands(
  fs: RepoFs,
  project: JvmProject,
  framework: JvmFrameworkMatch | null,
  config: readonly ConfigEntry[],
): JvmCommands {
  const tool = buildTool(fs, project);
  const prefix = modulePrefix(project);
  let install: string;
  let build: string;
  let packager: Packager<never>;
  let plan: PackagingPlan;
  if (project.tool === 'maven') {
    const m = project.maven as NonNullable<JvmProject['maven']>;
    const select = project.selector ? ` -pl ${project.selector} -am` : '';
    install = `${tool.bin} -B dependency:go-offline`;
    build = `${tool.bin} -B package -DskipTests${select}`;
    const target = `${prefix}target`;
    const ext = m.packaging === 'war' ? 'war' : 'jar';
    const name = m.finalName;
    const ctx: MavenContext = {
      project,
      framework,
      config,
      target,
      jar: (suffix = '') => (name ? `${target}/${name}${suffix}.${ext}` : `${target}/*${suffix}.${ext}`),
      nameNote: name ? '' : '; the version is not a literal, so the file name is a glob',
      conf: (c) => (name ? c : 'weak'),
      plugin: (artifactId) => m.pom.plugins.find((p) => !p.managed && p.artifactId === artifactId),
      packaging: m.packaging,
    };
    const chosen = pick(MAVEN_PACKAGERS, ctx);
    packager = chosen as Packager<never>;
    plan = chosen.plan(ctx);
  } else {
    const g = project.gradle as NonNullable<JvmProject['gradle']>;
    const task = (t: string): string =>
      `${tool.bin} ${project.selector ? `${project.selector}:` : ''}${t} --no-daemon`;
    install = task('dependencies');
    const version = project.version;
    const unknownVersion = g.versionComputed && version === null;
    const ctx: GradleContext = {
      project,
      framework,
      config,
      prefix,
      libs: `${prefix}build/libs`,
      plugin: (ids) => project.plugins.find((p) => ids.includes(p.id)),
      jarName: (classifier, owner) => {
        const fixed = g.archiveFileNames[owner] ?? null;
        if (fixed) return { name: fixed.value, fixed };
        if (unknownVersion) return { name: null, fixed: null };
        return { name: `${g.archivesName}${version ? `-${version}` : ''}${classifier}.jar`, fixed: null };
      },
      springBootVersion: g.build.springBootVersion ?? g.rootSpringBootVersion,
    };
    const chosen = pick(GRADLE_PACKAGERS, ctx);
    packager = chosen as Packager<never>;
    plan = chosen.plan(ctx);
    build = task(plan.task ?? 'build -x test');
  }
  return {
    install,
    build,
    start: plan.start,
    outputDir: plan.outputDir,
    evidence: {
      install: [tool.evidence],
      build: [{ ...plan.evidence, reason: `${packager.id} packaging: ${plan.evidence.reason}` }],
      start: plan.start ? [plan.evidence] : [],
      outputDir: [
        { file: project.file, reason: `the build writes ${plan.outputDir}/`, confidence: 'strong' },
      ],
    },
    problem: plan.problem ?? null,
  };
}
