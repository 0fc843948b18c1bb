import path from 'node:path';
import type { Diagnostic } from '../../model/diagnostic.js';
import type { RepoFs } from '../../repo/repo-fs.js';
import { dirOf, isTestData, isUnder, joinRel, relativeTo } from '../paths.js';
import {
  BUILD_FILES,
  emptyBuild,
  type GradleBuild,
  type GradleSettings,
  gradlePropertiesVersion,
  isRuntimeConfiguration,
  type Located,
  parseBuildText,
  parseSettingsText,
  readGradleText,
  readVersionCatalog,
  SETTINGS_FILES,
} from './gradle.js';
import {
  effectiveProperties,
  findConfigValues,
  localParent,
  type Pom,
  readPom,
  resolveProps,
} from './maven.js';

/** A dependency as `group:artifact`, with where it is declared. */
export interface JvmDependency {
  coord: string;
  /** On the production runtime classpath (not test/provided/compileOnly). */
  runtime: boolean;
  file: string;
  line?: number;
}

export interface JvmPlugin {
  /** Gradle plugin id, or `groupId:artifactId` of a Maven plugin. */
  id: string;
  file: string;
  line?: number;
}

export interface MainClass {
  value: string;
  file: string;
  line?: number;
  /** `manifest`: written into the jar manifest, so `java -jar` runs it. */
  via: 'manifest' | 'application' | 'framework';
}

/** One Maven module or Gradle project, in terms both build tools share. */
export interface JvmProject {
  tool: 'maven' | 'gradle';
  /** Folder the build runs in (the root pom / settings.gradle folder; holds the wrapper). */
  buildRoot: string;
  /** The module's own folder. */
  dir: string;
  /** The build file declaring it (pom.xml, build.gradle[.kts]; settings file for a script-less root). */
  file: string;
  /** `-pl api` (Maven, relative folder) or `:api` (Gradle); null for the root project. */
  selector: string | null;
  /** artifactId or Gradle project name. */
  name: string;
  version: string | null;
  versionEvidence: { file: string; line?: number } | null;
  dependencies: JvmDependency[];
  plugins: JvmPlugin[];
  /** Maven `<parent>` as `groupId:artifactId`. */
  parent: string | null;
  mainClass: MainClass | null;
  /** Has `<modules>` or included subprojects: an aggregator. */
  aggregator: boolean;
  /** Text of the build files (module, then build root) for version and setting searches. */
  buildTexts: { file: string; code: string }[];
  maven?: MavenDetails;
  gradle?: GradleDetails;
}

export interface MavenDetails {
  pom: Pom;
  packaging: string;
  /** `build.finalName` resolved, else `<artifactId>-<version>` (null when the version is unknown). */
  finalName: string | null;
  properties: Record<string, string>;
}

export interface GradleDetails {
  build: GradleBuild;
  /** Base name of archives: archivesName, else the project name. */
  archivesName: string;
  archiveFileNames: Record<string, Located>;
  versionComputed: boolean;
  /** The Spring Boot version the root script declares (`apply false` plugins, buildscript classpath). */
  rootSpringBootVersion: Located | null;
}

export interface ProjectsResult {
  projects: JvmProject[];
  diagnostics: Diagnostic[];
}

/** Every Maven module under `dir`, grouped under the root pom of its build. */
export function loadMavenProjects(fs: RepoFs, dir: string): ProjectsResult {
  const diagnostics: Diagnostic[] = [];
  const files = fs
    .filesNamed('pom.xml')
    .filter((f) => isUnder(f, dir) && !isTestData(f) && !isBuildOutput(f));
  const poms = new Map<string, Pom>();
  for (const file of files) {
    const r = readPom(fs, file);
    if (r.ok) poms.set(file, r.pom);
    else diagnostics.push(...r.diagnostics);
  }
  // A pom is a build root unless an aggregator above lists it as a module.
  const moduleOf = new Map<string, Pom>();
  for (const pom of poms.values()) {
    for (const m of pom.modules) {
      const child = path.posix.normalize(joinRel(joinRel(pom.dir, m), 'pom.xml'));
      if (poms.has(child) && child !== pom.file) moduleOf.set(child, pom);
    }
  }
  const rootOf = (pom: Pom): Pom => {
    let cur = pom;
    for (let i = 0; i < 20; i++) {
      const up = moduleOf.get(cur.file);
      if (!up) break;
      cur = up;
    }
    return cur;
  };
  const projects: JvmProject[] = [];
  for (const pom of poms.values()) {
    const root = rootOf(pom);
    const props = effectiveProperties(pom, poms);
    const resolve = (v: string | null): string | null => (v === null ? null : resolveProps(v, props));
    const version = resolve(pom.version ?? pom.parent?.version ?? null);
    const artifactId = resolve(pom.artifactId) ?? path.posix.basename(pom.dir === '.' ? 'app' : pom.dir);
    const finalRaw = pom.finalName ? resolve(pom.finalName) : version ? `${artifactId}-${version}` : null;
    const finalName = finalRaw && !finalRaw.includes('${') ? finalRaw : null;
    const dependencies = pom.dependencies.map((d) => ({
      coord: `${resolve(d.groupId)}:${resolve(d.artifactId)}`,
      runtime: d.scope === 'compile' || d.scope === 'runtime',
      file: pom.file,
      line: d.line,
    }));
    // Plugins configured in a parent's pluginManagement still count where the module declares them.
    const parentChain: Pom[] = [];
    for (
      let p = localParent(pom, poms);
      p && parentChain.length < 10 && !parentChain.includes(p);
      p = localParent(p, poms)
    ) {
      parentChain.push(p);
    }
    const plugins: JvmPlugin[] = pom.plugins
      .filter((p) => !p.managed)
      .map((p) => ({ id: `${resolve(p.groupId)}:${resolve(p.artifactId)}`, file: pom.file, line: p.line }));
    const mainClass = mavenMainClass(pom, parentChain, props);
    projects.push({
      tool: 'maven',
      buildRoot: root.dir,
      dir: pom.dir,
      file: pom.file,
      selector: pom === root ? null : relativeTo(pom.dir, root.dir) || null,
      name: artifactId,
      version: version && !version.includes('${') ? version : null,
      versionEvidence: pom.version ? { file: pom.file } : null,
      dependencies,
      plugins,
      parent: pom.parent ? `${pom.parent.groupId ?? ''}:${pom.parent.artifactId ?? ''}` : null,
      mainClass,
      aggregator: pom.packaging === 'pom' || pom.modules.length > 0,
      buildTexts: [pom, ...parentChain].map((p) => ({ file: p.file, code: p.code })),
      maven: { pom, packaging: pom.packaging, finalName, properties: props },
    });
  }
  return { projects, diagnostics };
}

/** Plugins whose configuration names the class `java -jar` runs, and the element holding it. */
const MAVEN_MAIN_CLASS_PLUGINS: readonly { artifactId: string; element: string; via: MainClass['via'] }[] = [
  { artifactId: 'spring-boot-maven-plugin', element: 'mainClass', via: 'framework' },
  { artifactId: 'maven-jar-plugin', element: 'mainClass', via: 'manifest' },
  { artifactId: 'maven-shade-plugin', element: 'mainClass', via: 'manifest' },
  { artifactId: 'maven-assembly-plugin', element: 'mainClass', via: 'manifest' },
  { artifactId: 'exec-maven-plugin', element: 'mainClass', via: 'application' },
];

function mavenMainClass(pom: Pom, parents: readonly Pom[], props: Record<string, string>): MainClass | null {
  for (const spec of MAVEN_MAIN_CLASS_PLUGINS) {
    for (const p of [pom, ...parents]) {
      for (const plugin of p.plugins) {
        if (plugin.artifactId !== spec.artifactId) continue;
        // pluginManagement configuration applies only when the plugin runs in this module; the jar
        // plugin always runs for jar packaging, so its managed configuration counts.
        if (
          plugin.managed &&
          spec.artifactId !== 'maven-jar-plugin' &&
          !pom.plugins.some((x) => x.artifactId === spec.artifactId)
        )
          continue;
        const value = findConfigValues(plugin.node, spec.element)[0];
        if (value) {
          return {
            value: resolveProps(value, props),
            file: p.file,
            line: lineOfText(p.code, value),
            via: spec.via,
          };
        }
      }
    }
  }
  for (const key of ['start-class', 'main.class', 'mainClass', 'exec.mainClass']) {
    const v = props[key];
    if (v && !v.includes('${'))
      return {
        value: v,
        file: pom.file,
        line: lineOfText(pom.code, `<${key}>`),
        via: key === 'start-class' ? 'framework' : 'application',
      };
  }
  return null;
}

function lineOfText(code: string, needle: string): number | undefined {
  const i = code.indexOf(needle);
  return i < 0 ? undefined : code.slice(0, i).split('\n').length;
}

/** Every Gradle project under `dir`: one build per settings file, plus stand-alone build scripts. */
export function loadGradleProjects(fs: RepoFs, dir: string): ProjectsResult {
  const diagnostics: Diagnostic[] = [];
  const all = fs.filesUnder(dir).filter((f) => !isTestData(f) && !isBuildOutput(f));
  const settingsFiles = all.filter((f) =>
    (SETTINGS_FILES as readonly string[]).includes(path.posix.basename(f)),
  );
  const buildFiles = all.filter((f) => (BUILD_FILES as readonly string[]).includes(path.posix.basename(f)));

  const builds: { root: string; settings: GradleSettings | null }[] = [];
  const claimed = new Set<string>();
  for (const file of settingsFiles) {
    if (settingsFiles.some((f) => f !== file && dirOf(f) === dirOf(file) && f.endsWith('.kts'))) {
      if (!file.endsWith('.kts')) continue; // both exist: Gradle uses the Kotlin one
    }
    const r = readGradleText(fs, file);
    diagnostics.push(...r.diagnostics);
    const settings = parseSettingsText(file, r.text ?? '');
    builds.push({ root: settings.dir, settings });
    claimed.add(settings.dir);
    for (const inc of settings.includes) claimed.add(joinRel(settings.dir, inc.dir));
  }
  for (const f of buildFiles) {
    const d = dirOf(f);
    if (!claimed.has(d) && !builds.some((b) => b.root === d)) builds.push({ root: d, settings: null });
  }

  const projects: JvmProject[] = [];
  for (const { root, settings } of builds) {
    const cat = readVersionCatalog(fs, root);
    diagnostics.push(...cat.diagnostics);
    const rootBuild = loadBuild(fs, root, cat.catalog, diagnostics);
    const propsVersion = gradlePropertiesVersion(fs, root);
    const members = [
      { dir: root, gradlePath: null as string | null },
      ...(settings?.includes ?? []).map((i) => ({ dir: joinRel(root, i.dir), gradlePath: i.gradlePath })),
    ];
    for (const m of members) {
      const build = m.dir === root ? rootBuild : loadBuild(fs, m.dir, cat.catalog, diagnostics);
      if (!build.file && m.dir !== root) continue; // an included project without a script builds nothing
      if (!build.file && !settings) continue;
      const name =
        m.dir === root
          ? (settings?.rootProjectName?.value ?? (root === '.' ? null : path.posix.basename(root)) ?? 'app')
          : (m.gradlePath?.split(':').pop() ?? path.posix.basename(m.dir));
      const file = build.file ?? (settings?.file as string);
      // Root-level version / allprojects { version = … } applies to subprojects that set none.
      const version = build.version ?? (m.dir === root ? null : rootBuild.version);
      const versionFile = build.version ? build.file : version ? rootBuild.file : null;
      const resolvedVersion = version?.value ?? propsVersion?.value ?? null;
      // A root script's subprojects { } / allprojects { } blocks configure this project too.
      const inherited = m.dir !== root && rootBuild.file !== null;
      const rootFile = rootBuild.file ?? file;
      const texts = [{ file, code: build.code }];
      if (m.dir !== root && rootBuild.file) texts.push({ file: rootBuild.file, code: rootBuild.code });
      projects.push({
        tool: 'gradle',
        buildRoot: root,
        dir: m.dir,
        file,
        selector: m.gradlePath,
        name,
        version: resolvedVersion,
        versionEvidence: version
          ? { file: versionFile as string, line: version.line }
          : propsVersion
            ? { file: propsVersion.file, line: propsVersion.line }
            : null,
        dependencies: [
          ...build.dependencies.map((d) => ({ ...d, file })),
          ...(inherited ? rootBuild.subprojectDependencies.map((d) => ({ ...d, file: rootFile })) : []),
        ].map((d) => ({
          coord: `${d.group}:${d.artifact}`,
          runtime: isRuntimeConfiguration(d.configuration),
          file: d.file,
          line: d.line,
        })),
        plugins: [
          ...build.plugins.map((p) => ({ id: p.id, file, line: p.line })),
          ...(inherited
            ? rootBuild.subprojectPlugins.map((p) => ({ id: p.id, file: rootFile, line: p.line }))
            : []),
        ],
        parent: null,
        mainClass: build.manifestMainClass
          ? { ...build.manifestMainClass, file, via: 'manifest' }
          : build.mainClass
            ? { ...build.mainClass, file, via: 'application' }
            : null,
        aggregator: m.dir === root && (settings?.includes.length ?? 0) > 0,
        buildTexts: texts,
        gradle: {
          build,
          archivesName: build.archivesName?.value ?? name,
          archiveFileNames: build.archiveFileNames,
          versionComputed: build.versionComputed,
          rootSpringBootVersion: rootBuild.springBootVersion,
        },
      });
    }
  }
  return { projects, diagnostics };
}

function loadBuild(
  fs: RepoFs,
  dir: string,
  catalog: Parameters<typeof parseBuildText>[2],
  diagnostics: Diagnostic[],
): GradleBuild {
  for (const name of BUILD_FILES) {
    const file = joinRel(dir, name);
    if (!fs.exists(file)) continue;
    const r = readGradleText(fs, file);
    diagnostics.push(...r.diagnostics);
    if (r.text === null) return emptyBuild(dir);
    const build = parseBuildText(file, r.text, catalog);
    diagnostics.push(...build.diagnostics);
    return build;
  }
  return emptyBuild(dir);
}

/** Build output and IDE folders hold copies of build files, not projects. */
function isBuildOutput(file: string): boolean {
  return file
    .split('/')
    .some(
      (s) =>
        s === 'target' || s === 'build' || s === 'bin' || s === 'out' || s === '.gradle' || s === 'buildSrc',
    );
}
