import path from 'node:path';
import { parse as parseToml, TomlError } from 'smol-toml';
import type { Diagnostic } from '../../model/diagnostic.js';
import type { RepoFs } from '../../repo/repo-fs.js';
import { dirOf, joinRel } from '../paths.js';
import { lineLocator } from '../shared/lines.js';
import { blankJsComments, lineAt } from '../text.js';

/**
 * Gradle build scripts are Groovy or Kotlin programs, so they are read with patterns over the
 * comment-blanked text, not evaluated: plugins, dependencies, versions and main classes written as
 * literals are found; values computed in code are not (those facts then stay unknown).
 */

export interface GradlePlugin {
  id: string;
  line: number;
}

export interface GradleDependency {
  group: string;
  artifact: string;
  /** `implementation`, `runtimeOnly`, `testImplementation` … */
  configuration: string;
  line: number;
}

export interface Located {
  value: string;
  line: number;
}

export interface GradleBuild {
  /** The build script, or null when the project has none (a settings-only root or bare subproject). */
  file: string | null;
  dir: string;
  /** Script text with comments blanked (offsets kept). */
  code: string;
  plugins: GradlePlugin[];
  dependencies: GradleDependency[];
  /** Plugins and dependencies a root script gives its subprojects (`subprojects { }`, `allprojects { }`). */
  subprojectPlugins: GradlePlugin[];
  subprojectDependencies: GradleDependency[];
  /** The Spring Boot plugin version, when written as a literal. */
  springBootVersion: Located | null;
  /** `version = '1.0'` written as a literal. */
  version: Located | null;
  /** `version = …` present but computed (not a literal). */
  versionComputed: boolean;
  /** Main-Class written into the jar manifest. */
  manifestMainClass: Located | null;
  /** `application { mainClass = … }` / `mainClassName = …` / `springBoot { mainClass = … }`. */
  mainClass: Located | null;
  /** `base { archivesName = … }` / `archivesBaseName = …`. */
  archivesName: Located | null;
  /** `archiveFileName = …` on bootJar / shadowJar / jar / ktor fatJar, keyed by the block it is in. */
  archiveFileNames: Record<string, Located>;
  diagnostics: Diagnostic[];
}

export interface GradleSettings {
  file: string;
  dir: string;
  rootProjectName: Located | null;
  /** Included project paths as folders relative to the settings folder (`:services:api` → `services/api`). */
  includes: { dir: string; gradlePath: string; line: number }[];
}

export interface VersionCatalog {
  file: string;
  /** Accessor (`spring.boot.starter.web`) → `group:artifact`. */
  libraries: Record<string, string>;
  /** Accessor (`spring.boot`) → plugin id. */
  plugins: Record<string, string>;
}

export const BUILD_FILES = ['build.gradle.kts', 'build.gradle'] as const;
export const SETTINGS_FILES = ['settings.gradle.kts', 'settings.gradle'] as const;

/** Gradle's own shorthand plugin names and Kotlin DSL helpers → plugin ids. */
const CORE_PLUGINS = new Set([
  'java',
  'java-library',
  'application',
  'war',
  'groovy',
  'scala',
  'eclipse',
  'idea',
]);

const STR = String.raw`(?:"([^"\n]*)"|'([^'\n]*)')`;

function str(m: RegExpExecArray | RegExpMatchArray, first: number): string {
  return (m[first] ?? m[first + 1] ?? '') as string;
}

function located(
  code: string,
  re: RegExp,
  lineOf: (offset: number) => number = (i) => lineAt(code, i),
): Located | null {
  const m = re.exec(code);
  if (!m) return null;
  return { value: str(m, 1), line: lineOf(m.index) };
}

/** Reads the version catalog `gradle/libs.versions.toml` under a build root; null when absent. */
export function readVersionCatalog(
  fs: RepoFs,
  buildRoot: string,
): { catalog: VersionCatalog | null; diagnostics: Diagnostic[] } {
  const file = joinRel(buildRoot, 'gradle/libs.versions.toml');
  if (!fs.exists(file)) return { catalog: null, diagnostics: [] };
  const r = fs.readText(file);
  if (!r.ok) {
    return {
      catalog: null,
      diagnostics: [
        { severity: 'warning', file, message: `cannot read the version catalog (${r.reason}): ${r.message}` },
      ],
    };
  }
  if (r.text.trim() === '') return { catalog: { file, libraries: {}, plugins: {} }, diagnostics: [] };
  let data: Record<string, unknown>;
  try {
    data = parseToml(r.text) as Record<string, unknown>;
  } catch (e) {
    const line = e instanceof TomlError && e.line > 0 ? e.line : undefined;
    return {
      catalog: null,
      diagnostics: [
        {
          severity: 'warning',
          file,
          ...(line ? { line } : {}),
          message: `invalid TOML in the version catalog: ${(e instanceof Error ? e.message : String(e)).split('\n')[0]}`,
          fix: 'fix the TOML syntax; dependencies named through libs.… cannot be read until then',
        },
      ],
    };
  }
  const accessor = (alias: string): string => alias.replace(/[-_]/g, '.');
  const libraries: Record<string, string> = {};
  const libs = data.libraries;
  if (typeof libs === 'object' && libs !== null) {
    for (const [alias, v] of Object.entries(libs)) {
      let coord: string | null = null;
      if (typeof v === 'string') coord = v.split(':').slice(0, 2).join(':');
      else if (typeof v === 'object' && v !== null) {
        const o = v as Record<string, unknown>;
        if (typeof o.module === 'string') coord = o.module;
        else if (typeof o.group === 'string' && typeof o.name === 'string') coord = `${o.group}:${o.name}`;
      }
      if (coord?.includes(':')) libraries[accessor(alias)] = coord;
    }
  }
  const plugins: Record<string, string> = {};
  const pl = data.plugins;
  if (typeof pl === 'object' && pl !== null) {
    for (const [alias, v] of Object.entries(pl)) {
      const id =
        typeof v === 'string'
          ? v.split(':')[0]
          : typeof v === 'object' && v !== null && typeof (v as Record<string, unknown>).id === 'string'
            ? ((v as Record<string, unknown>).id as string)
            : null;
      if (id) plugins[accessor(alias)] = id;
    }
  }
  return { catalog: { file, libraries, plugins }, diagnostics: [] };
}

/** Parses settings.gradle(.kts) text. */
export function parseSettingsText(file: string, text: string): GradleSettings {
  const code = blankJsComments(text);
  const lineOf = lineLocator(code);
  const includes: GradleSettings['includes'] = [];
  // include 'a', ':b:c'  |  include("a", "b")  — each call may list several projects.
  for (const m of code.matchAll(/\binclude\s*\(?((?:\s*,?\s*(?:"[^"\n]*"|'[^'\n]*'))+)/g)) {
    const line = lineOf(m.index);
    for (const s of (m[1] as string).matchAll(/"([^"\n]*)"|'([^'\n]*)'/g)) {
      const gradlePath = (s[1] ?? s[2] ?? '').trim();
      const dir = gradlePath.replace(/^:/, '').replace(/:/g, '/');
      if (dir)
        includes.push({ dir, gradlePath: gradlePath.startsWith(':') ? gradlePath : `:${gradlePath}`, line });
    }
  }
  // project(':api').projectDir = file('services/api')
  for (const m of code.matchAll(
    new RegExp(String.raw`project\(\s*${STR}\s*\)\.projectDir\s*=\s*(?:file|File)\(\s*${STR}\s*\)`, 'g'),
  )) {
    const gp = str(m, 1);
    const inc = includes.find((i) => i.gradlePath === (gp.startsWith(':') ? gp : `:${gp}`));
    if (inc) inc.dir = path.posix.normalize(str(m, 3)).replace(/^\.\//, '');
  }
  return {
    file,
    dir: dirOf(file),
    rootProjectName: located(code, new RegExp(String.raw`rootProject\.name\s*=\s*${STR}`)),
    includes,
  };
}

/** Parses a build.gradle(.kts) text; `catalog` resolves `libs.…` references. */
export function parseBuildText(file: string, text: string, catalog: VersionCatalog | null): GradleBuild {
  const code = blankJsComments(text);
  const lineOf = lineLocator(code);
  const diagnostics: Diagnostic[] = [];
  const plugins: GradlePlugin[] = [];
  const addPlugin = (id: string, index: number): void => {
    if (!plugins.some((p) => p.id === id)) plugins.push({ id, line: lineOf(index) });
  };
  const block = pluginsBlock(code);
  if (block) {
    const body = code.slice(block.start, block.end);
    // `id 'x' version '1' apply false` declares a plugin for subprojects without applying it here.
    const applied = (m: RegExpMatchArray): boolean =>
      !/^[^\n]*?\bapply\s*\(?\s*false\b/.test(body.slice((m.index ?? 0) + m[0].length));
    for (const m of body.matchAll(new RegExp(String.raw`\bid\s*\(?\s*${STR}`, 'g'))) {
      if (applied(m)) addPlugin(str(m, 1), block.start + m.index);
    }
    for (const m of body.matchAll(/\bkotlin\(\s*"([^"]+)"\s*\)/g)) {
      if (applied(m)) addPlugin(`org.jetbrains.kotlin.${m[1]}`, block.start + m.index);
    }
    for (const m of body.matchAll(/\balias\(\s*libs\.plugins\.([\w.]+)\s*\)/g)) {
      const id = catalog?.plugins[m[1] as string];
      if (id && applied(m)) addPlugin(id, block.start + m.index);
    }
    // Bare core plugins in the Kotlin DSL (`application`, `java`, `` `java-library` ``) and Groovy.
    for (const m of body.matchAll(/^\s*`?([a-z][\w-]*)`?\s*$/gm)) {
      if (CORE_PLUGINS.has(m[1] as string)) addPlugin(m[1] as string, block.start + m.index);
    }
  }
  const subprojectPlugins: GradlePlugin[] = [];
  const applies = [...code.matchAll(new RegExp(String.raw`\bapply\s*\(?\s*plugin\s*[:=]\s*${STR}`, 'g'))];
  const applyScopes = blockScopes(
    code,
    applies.map((m) => m.index),
  );
  for (const m of applies) {
    const scope = appliesTo(applyScopes.get(m.index));
    if (scope.self) addPlugin(str(m, 1), m.index);
    if (scope.subprojects) subprojectPlugins.push({ id: str(m, 1), line: lineOf(m.index) });
  }

  const found: (Omit<GradleDependency, 'line'> & { offset: number })[] = [];
  const CONF = '([a-z][A-Za-z]*)';
  // implementation 'g:a:v' | implementation("g:a:v") | kapt("g:a") | implementation(platform("g:a:v"))
  for (const m of code.matchAll(
    new RegExp(String.raw`\b${CONF}\s*\(?\s*(?:(?:platform|enforcedPlatform)\(\s*)?${STR}`, 'g'),
  )) {
    const coord = str(m, 2).split(':');
    if (coord.length < 2 || !coord[0] || !coord[1] || /\s/.test(coord[0])) continue;
    if (!isConfiguration(m[1] as string)) continue;
    found.push({
      group: coord[0],
      artifact: coord[1],
      configuration: m[1] as string,
      offset: m.index,
    });
  }
  // implementation group: 'g', name: 'a'
  for (const m of code.matchAll(
    new RegExp(String.raw`\b${CONF}\s*\(?\s*group\s*[:=]\s*${STR}\s*,\s*name\s*[:=]\s*${STR}`, 'g'),
  )) {
    if (!isConfiguration(m[1] as string)) continue;
    found.push({
      group: str(m, 2),
      artifact: str(m, 4),
      configuration: m[1] as string,
      offset: m.index,
    });
  }
  // implementation(libs.spring.boot.starter.web)
  for (const m of code.matchAll(
    new RegExp(String.raw`\b${CONF}\s*\(?\s*(?:platform\(\s*)?libs\.([\w.]+)`, 'g'),
  )) {
    if (!isConfiguration(m[1] as string)) continue;
    const coord = catalog?.libraries[(m[2] as string).replace(/\.get$/, '')];
    if (!coord) continue;
    const [group, artifact] = coord.split(':') as [string, string];
    found.push({ group, artifact, configuration: m[1] as string, offset: m.index });
  }
  // Dependencies declared in subprojects { } / allprojects { } blocks belong to the subprojects too.
  const dependencies: GradleDependency[] = [];
  const subprojectDependencies: GradleDependency[] = [];
  const depScopes = blockScopes(
    code,
    found.map((d) => d.offset),
  );
  for (const { offset, ...rest } of found) {
    const d: GradleDependency = { ...rest, line: lineOf(offset) };
    const scope = appliesTo(depScopes.get(offset));
    if (scope.self) dependencies.push(d);
    if (scope.subprojects) subprojectDependencies.push(d);
  }

  // Spring Boot 1.x has no bootJar task (bootRepackage runs in build), so its version matters.
  const springBootVersion =
    located(
      code,
      new RegExp(String.raw`['"]org\.springframework\.boot['"]\s*\)?\s*version\s*\(?\s*${STR}`),
    ) ??
    located(code, new RegExp(String.raw`\bspringBootVersion\s*=\s*${STR}`)) ??
    located(code, /spring-boot-gradle-plugin:(\d[\w.-]*)/);
  const versionLiteral = located(code, new RegExp(String.raw`^\s*(?:project\.)?version\s*=\s*${STR}`, 'm'));
  const versionAny = /^\s*(?:project\.)?version\s*=/m.test(code);

  const manifestMainClass =
    located(code, new RegExp(String.raw`['"]Main-Class['"]\s*(?::|=|to|\]\s*=)\s*${STR}`)) ??
    located(code, new RegExp(String.raw`attributes\s*\[\s*"Main-Class"\s*\]\s*=\s*${STR}`));
  const mainClass = located(
    code,
    new RegExp(String.raw`\bmainClass(?:Name)?\s*(?:=|\.set\(|\(|\s)\s*${STR}`),
  );
  const archivesName =
    located(code, new RegExp(String.raw`\barchivesName\s*(?:=|\.set\()\s*${STR}`)) ??
    located(code, new RegExp(String.raw`\barchivesBaseName\s*=\s*${STR}`));
  const archiveFileNames: Record<string, Located> = {};
  const archiveMatches = [
    ...code.matchAll(new RegExp(String.raw`\barchiveFileName\s*(?:=|\.set\()\s*${STR}`, 'g')),
  ];
  const archiveScopes = blockScopes(
    code,
    archiveMatches.map((m) => m.index),
  );
  for (const m of archiveMatches) {
    const owner = archiveScopes.get(m.index)?.innermost || 'jar';
    archiveFileNames[owner] ??= { value: str(m, 1), line: lineOf(m.index) };
  }

  if (!bracesBalance(code)) {
    diagnostics.push({
      severity: 'warning',
      file,
      message: `the braces in ${path.posix.basename(file)} do not balance; the file may be truncated, so what it declares may be read only in part`,
      fix: 'check the file builds (`gradle help`) and close the open blocks',
    });
  }
  return {
    file,
    dir: dirOf(file),
    code,
    plugins,
    dependencies,
    subprojectPlugins,
    subprojectDependencies,
    springBootVersion,
    version: versionLiteral,
    versionComputed: versionAny && !versionLiteral,
    manifestMainClass,
    mainClass,
    archivesName,
    archiveFileNames,
    diagnostics,
  };
}

/** An empty build for a project that has no build script of its own. */
export function emptyBuild(dir: string): GradleBuild {
  return {
    file: null,
    dir,
    code: '',
    plugins: [],
    dependencies: [],
    subprojectPlugins: [],
    subprojectDependencies: [],
    springBootVersion: null,
    version: null,
    versionComputed: false,
    manifestMainClass: null,
    mainClass: null,
    archivesName: null,
    archiveFileNames: {},
    diagnostics: [],
  };
}

/** Dependency configurations (the standard ones and any `…Implementation`/`…Only`/`…Api`, plus kapt/ksp). */
function isConfiguration(name: string): boolean {
  return (
    /^(implementation|api|compile|runtime|compileOnly|runtimeOnly|annotationProcessor|kapt|ksp|developmentOnly|testImplementation|testRuntimeOnly|testCompileOnly|testCompile|testRuntime)$/.test(
      name,
    ) || /[a-z](Implementation|RuntimeOnly|CompileOnly|Api)$/.test(name)
  );
}

/** True for configurations whose dependencies are on the production runtime classpath. */
export function isRuntimeConfiguration(name: string): boolean {
  if (/^test|Test[A-Z]|^(compileOnly|annotationProcessor|kapt|ksp|developmentOnly)$/.test(name)) return false;
  return !/(CompileOnly|AnnotationProcessor)$/.test(name) && !/^(integrationTest|functionalTest)/.test(name);
}

function pluginsBlock(code: string): { start: number; end: number } | null {
  const m = /(^|[^\w.])plugins\s*\{/m.exec(code);
  if (!m) return null;
  const start = m.index + m[0].length;
  return { start, end: closingBrace(code, start - 1) };
}

/** Offset of the `}` closing the `{` at `open` (end of text when unbalanced). */
function closingBrace(code: string, open: number): number {
  let depth = 0;
  for (let i = open; i < code.length; i++) {
    const c = code[i];
    if (c === '{') depth++;
    else if (c === '}') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return code.length;
}

/** Where an offset sits: its innermost block and whether a subprojects/allprojects block encloses it. */
export interface BlockScope {
  innermost: string;
  subprojects: boolean;
  allprojects: boolean;
}

/**
 * The block scope of each offset, from one pass over the text (a walk back from every offset
 * would be quadratic on a large file). Block names are the identifier before `{`
 * (`bootJar {`, `tasks.named<Jar>("jar") {` → `jar`).
 */
export function blockScopes(code: string, offsets: readonly number[]): Map<number, BlockScope> {
  const wanted = [...new Set(offsets)].sort((a, b) => a - b);
  const out = new Map<number, BlockScope>();
  const stack: string[] = [];
  let sub = 0;
  let all = 0;
  let k = 0;
  for (let i = 0; i <= code.length && k < wanted.length; i++) {
    while (k < wanted.length && wanted[k] === i) {
      out.set(i, { innermost: stack[stack.length - 1] ?? '', subprojects: sub > 0, allprojects: all > 0 });
      k++;
    }
    const c = code[i];
    if (c === '{') {
      const m =
        /(?:named<\w+>\(\s*"(\w+)"\s*\)|named\(\s*['"](\w+)['"]\s*\)|(\w+)(?:<\w+>)?)\s*(?:\([^()]*\))?\s*$/.exec(
          code.slice(Math.max(0, i - 120), i),
        );
      const name = m ? ((m[1] ?? m[2] ?? m[3]) as string) : '';
      stack.push(name);
      if (name === 'subprojects') sub++;
      if (name === 'allprojects') all++;
    } else if (c === '}' && stack.length > 0) {
      const name = stack.pop();
      if (name === 'subprojects') sub--;
      if (name === 'allprojects') all--;
    }
  }
  return out;
}

/** Who a declaration applies to: this project, its subprojects, or both (`allprojects`). */
function appliesTo(scope: BlockScope | undefined): { self: boolean; subprojects: boolean } {
  if (scope?.subprojects) return { self: false, subprojects: true };
  return { self: true, subprojects: scope?.allprojects ?? false };
}

function bracesBalance(code: string): boolean {
  // Strings were kept by the comment blanker; braces inside them are rare in build scripts.
  let depth = 0;
  for (const c of code.replace(/"[^"\n]*"|'[^'\n]*'/g, '""')) {
    if (c === '{') depth++;
    else if (c === '}') depth--;
    if (depth < 0) return false;
  }
  return depth === 0;
}

/** Reads a text file for the Gradle parser; unreadable files give a diagnostic, missing ones nothing. */
export function readGradleText(fs: RepoFs, file: string): { text: string | null; diagnostics: Diagnostic[] } {
  const r = fs.readText(file);
  if (r.ok) return { text: r.text, diagnostics: [] };
  if (r.reason === 'missing') return { text: null, diagnostics: [] };
  return {
    text: null,
    diagnostics: [
      {
        severity: 'warning',
        file,
        message: `cannot read ${path.posix.basename(file)} (${r.reason}): ${r.message}`,
        fix: 'make the file readable',
      },
    ],
  };
}

/** `version=…` in gradle.properties of a folder, when present. */
export function gradlePropertiesVersion(fs: RepoFs, dir: string): (Located & { file: string }) | null {
  const file = joinRel(dir, 'gradle.properties');
  const r = fs.readText(file);
  if (!r.ok) return null;
  const m = /^\s*version\s*[=:]\s*(\S+)\s*$/m.exec(r.text);
  return m ? { value: m[1] as string, line: lineAt(r.text, m.index), file } : null;
}
