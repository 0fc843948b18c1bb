/**
 * Java and Kotlin services built with Maven or Gradle (their wrappers when committed): Spring Boot
 * and other fat jars, Quarkus fast-jar, Micronaut, Gradle `installDist` start scripts.
 *
 * @see https://docs.docker.com/guides/java/containerize/
 * @see https://quarkus.io/guides/container-image (src/main/docker/Dockerfile.jvm)
 */
import path from 'node:path';
import type { Service } from '../../../model/service.js';
import type { CacheMount, Instruction } from '../../../render/dockerfile.js';
import {
  APP_DIR,
  APP_USER,
  argvOf,
  COMMON_IGNORE_GROUPS,
  curlProbe,
  execComment,
  healthPlan,
  ignoreLines,
  ociLabels,
} from '../common.js';
import type { Stack, StackPlan } from '../stack.js';
import { bestEffort, flagValue, innerPath } from './compiled-common.js';

/** JDK used when the project pins none: the current long-term-support release most projects target. */
export const DEFAULT_JDK = 21;
/** Eclipse Temurin publishes images for the LTS releases; a non-LTS target builds and runs on the next one. */
export const TEMURIN_LTS = [8, 11, 17, 21, 25] as const;
/** Ubuntu 24.04 LTS: the Temurin default, supported until 2029; ships curl for the HEALTHCHECK. */
export const TEMURIN_VARIANT = 'noble';
/** Container-aware heap: 75% of the memory limit, leaving room for metaspace, threads and buffers. */
export const JVM_MEMORY_FLAG = '-XX:MaxRAMPercentage=75';

const M2_CACHE: CacheMount = { type: 'cache', target: '/root/.m2' };
const GRADLE_HOME = '/root/.gradle';
const GRADLE_CACHE: CacheMount = { type: 'cache', target: GRADLE_HOME };

export const jvmStack: Stack = {
  id: 'jvm',
  handles: (service) => ['java', 'kotlin', 'groovy'].includes(service.language),
  plan: planJvm,
  dockerignore: () =>
    ignoreLines([...COMMON_IGNORE_GROUPS.slice(0, 1), ...JVM_IGNORE, ...COMMON_IGNORE_GROUPS.slice(1)]),
};

const JVM_IGNORE = [
  {
    why: 'Build output and caches are rebuilt inside the image',
    patterns: ['target', '*/target', 'build', '*/build', '.gradle', '*/.gradle', '.kotlin', 'out', '*.class'],
  },
  { why: 'Logs', patterns: ['*.log', 'hs_err_pid*'] },
] as const;

/** The JDK major for a detected version (`17`, `17.0.11`, `1.8`, `21.0.2-tem`), or the default. */
export function jdkMajor(languageVersion: string | null): number {
  const m = /(\d+)(?:\.(\d+))?/.exec(languageVersion ?? '');
  if (!m) return DEFAULT_JDK;
  let major = Number(m[1]);
  if (major === 1 && m[2] !== undefined) major = Number(m[2]);
  if (major < 8) return DEFAULT_JDK;
  return TEMURIN_LTS.find((lts) => lts >= major) ?? major;
}

export function temurinJre(jdk: number): string {
  return `eclipse-temurin:${jdk}-jre-${TEMURIN_VARIANT}`;
}

export function temurinJdk(jdk: number): string {
  return `eclipse-temurin:${jdk}-jdk-${TEMURIN_VARIANT}`;
}

type Tool = 'maven' | 'gradle';

/** Builder image: the JDK alone when a wrapper brings the build tool, else the official tool image. */
export function builderImage(tool: Tool, wrapper: boolean, jdk: number): string {
  if (wrapper) return temurinJdk(jdk);
  return tool === 'maven' ? `maven:3.9-eclipse-temurin-${jdk}` : `gradle:8-jdk${jdk}`;
}

/** What the runtime stage copies from the build and runs. */
interface Launch {
  /** COPY sources in the build stage (relative to APP_DIR) and their destination in the runtime. */
  copies: { src: string; dest: string }[];
  argv: string[];
  env: [string, string][];
  copiedDirs: string[] | null;
}

/** How the start command runs: `java … -jar <jar>` or a Gradle start script (`installDist`). */
export function launchFor(start: string): Launch | { problem: string } {
  const argv = argvOf(start);
  if (argv === null)
    return { problem: `start command "${start}" needs a shell; give a direct java -jar command` };
  const [head, ...rest] = argv as [string, ...string[]];
  if (head === 'java') {
    const jar = flagValue(rest, '-jar');
    const inner = jar === null ? null : innerPath(jar);
    if (inner === null) {
      return {
        problem: `start command "${start}" does not run a jar built in the project; this generator runs "java -jar <jar>" or a Gradle start script`,
      };
    }
    const withMemory = rest.some((a) => a.startsWith('-XX:MaxRAMPercentage') || a.startsWith('-Xmx'))
      ? argv
      : ['java', JVM_MEMORY_FLAG, ...rest];
    if (path.posix.basename(inner) === 'quarkus-run.jar') {
      // Quarkus fast-jar: libraries first (they change least), then the app, as Quarkus' Dockerfile.jvm does.
      const dir = path.posix.dirname(inner);
      return {
        copies: [
          { src: `${dir}/lib/`, dest: `./${dir}/lib/` },
          { src: `${dir}/quarkus-run.jar`, dest: `./${dir}/` },
          { src: `${dir}/app/`, dest: `./${dir}/app/` },
          { src: `${dir}/quarkus/`, dest: `./${dir}/quarkus/` },
        ],
        argv: withMemory,
        env: [],
        copiedDirs: [dir],
      };
    }
    return { copies: [{ src: inner, dest: `./${inner}` }], argv: withMemory, env: [], copiedDirs: [] };
  }
  // `installDist`: <dir>/bin/<name> is a POSIX sh script that ends in `exec java`, reading JAVA_OPTS.
  const script = innerPath(head);
  const binDir = script === null ? null : path.posix.dirname(script);
  if (script !== null && binDir !== null && path.posix.basename(binDir) === 'bin' && binDir !== 'bin') {
    const dir = path.posix.dirname(binDir);
    return {
      copies: [{ src: dir, dest: `./${dir}` }],
      argv: [`${APP_DIR}/${script}`, ...rest],
      env: [['JAVA_OPTS', JVM_MEMORY_FLAG]],
      copiedDirs: [dir],
    };
  }
  return {
    problem: `start command "${start}" is neither "java -jar <jar>" nor a Gradle start script (<dir>/bin/<name>)`,
  };
}

function planJvm(service: Service): StackPlan {
  const tool = service.packageManager;
  if (tool !== 'maven' && tool !== 'gradle') {
    return {
      skipped: `build tool "${tool ?? 'none'}": this generator builds Java and Kotlin with Maven or Gradle`,
    };
  }
  const { install, build, start } = service.commands;
  if (!build) {
    return {
      skipped: 'no build command was detected: set commands.build (e.g. "mvn -B package -DskipTests")',
    };
  }
  if (!start) {
    return { skipped: 'no start command was detected: set commands.start (e.g. "java -jar target/app.jar")' };
  }
  const launch = launchFor(start);
  if ('problem' in launch) return { skipped: launch.problem };

  const buildArgv = argvOf(build) ?? [];
  const wrapper = buildArgv[0] === './mvnw' || buildArgv[0] === './gradlew';
  const jdk = jdkMajor(service.languageVersion);
  const builder = builderImage(tool, wrapper, jdk);
  const runtimeImage = temurinJre(jdk);
  const cache = tool === 'maven' ? M2_CACHE : GRADLE_CACHE;
  const fetch =
    install ??
    (tool === 'maven'
      ? `${wrapper ? './mvnw' : 'mvn'} -B dependency:go-offline`
      : `${wrapper ? './gradlew' : 'gradle'} dependencies --no-daemon`);

  const out: Instruction[] = [
    {
      kind: 'comment',
      text: `deps: the build files only, then resolve dependencies into the ${tool === 'maven' ? 'Maven' : 'Gradle'} cache (kept until they change).`,
    },
    { kind: 'FROM', image: builder, as: 'deps' },
    { kind: 'WORKDIR', path: APP_DIR },
  ];
  if (tool === 'gradle') out.push({ kind: 'ENV', vars: [['GRADLE_USER_HOME', GRADLE_HOME]] });
  out.push(...buildFileCopies(tool, wrapper, moduleOf(tool, buildArgv)));
  out.push(
    { kind: 'RUN', mounts: [cache], commands: [bestEffort(fetch, 'resolving dependencies')] },
    { kind: 'blank' },
  );

  out.push(
    { kind: 'comment', text: 'build: the full source, packaged without running tests (CI runs them).' },
    { kind: 'FROM', image: 'deps', as: 'build' },
    { kind: 'COPY', src: ['.'], dest: '.' },
    { kind: 'RUN', mounts: [cache], commands: [build] },
    { kind: 'blank' },
  );

  const health = healthPlan(service, curlProbe, 'unreachable');
  const port = service.port;
  out.push(
    {
      kind: 'comment',
      text: `runtime: a JRE (${runtimeImage}) with the packaged app only, files owned by root.`,
    },
    ...health.beforeFrom,
    { kind: 'FROM', image: runtimeImage, as: 'runtime' },
    { kind: 'WORKDIR', path: APP_DIR },
  );
  const env: [string, string][] = [
    ...(port !== null ? [['PORT', String(port)] as [string, string]] : []),
    ...launch.env,
  ];
  if (env.length > 0) out.push({ kind: 'ENV', vars: env });
  for (const c of launch.copies)
    out.push({ kind: 'COPY', from: 'build', src: [`${APP_DIR}/${c.src}`], dest: c.dest });
  out.push(
    {
      kind: 'comment',
      text: 'A fixed non-root uid: the JVM writes only to /tmp, so the root filesystem can be read-only.',
    },
    { kind: 'USER', user: APP_USER },
  );
  if (port !== null) out.push({ kind: 'EXPOSE', port });
  out.push(...health.healthcheck, ...ociLabels(service), execComment('the JVM', true), {
    kind: 'ENTRYPOINT',
    argv: launch.argv,
  });

  return {
    instructions: out,
    runtime: {
      port,
      healthPath: health.healthPath,
      user: APP_USER,
      baseImage: runtimeImage,
      cmd: launch.argv,
      noHealthcheckReason: health.noHealthcheckReason,
      buildArgs: [],
      runtimeEnv: true,
      copiedDirs: launch.copiedDirs,
    },
  };
}

/** The module a multi-module build packages: Maven `-pl app`, Gradle `:api:bootJar`. */
function moduleOf(tool: Tool, argv: readonly string[]): string | null {
  if (tool === 'maven') {
    const pl = flagValue(argv, '-pl', '--projects');
    return pl !== null && /^[A-Za-z0-9._/-]+$/.test(pl) && innerPath(pl) !== null ? innerPath(pl) : null;
  }
  for (const a of argv) {
    const m = /^:((?:[A-Za-z0-9._-]+:)+)[A-Za-z0-9_]+$/.exec(a);
    if (m) return (m[1] as string).slice(0, -1).split(':').join('/');
  }
  return null;
}

/** COPY the build definition (and wrapper) only, so the dependency layer survives source edits. */
function buildFileCopies(tool: Tool, wrapper: boolean, module: string | null): Instruction[] {
  const out: Instruction[] = [];
  if (tool === 'maven') {
    if (wrapper) {
      out.push(
        { kind: 'COPY', src: ['mvnw'], dest: './', chmod: '0755' },
        { kind: 'COPY', src: ['.mvn'], dest: './.mvn' },
      );
    }
    out.push({ kind: 'COPY', src: ['pom.xml'], dest: './' });
    if (module !== null) out.push({ kind: 'COPY', src: [`${module}/pom.xml`], dest: `./${module}/` });
    return out;
  }
  if (wrapper) {
    out.push(
      { kind: 'COPY', src: ['gradlew'], dest: './', chmod: '0755' },
      { kind: 'COPY', src: ['gradle'], dest: './gradle' },
    );
  }
  // Globs: Groovy or Kotlin DSL, gradle.properties when there is one.
  out.push({ kind: 'COPY', src: ['settings.gradle*', 'build.gradle*', 'gradle.propertie[s]'], dest: './' });
  if (module !== null) out.push({ kind: 'COPY', src: [`${module}/build.gradle*`], dest: `./${module}/` });
  return out;
}
