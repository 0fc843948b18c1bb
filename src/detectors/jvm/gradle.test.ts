import { describe, expect, it } from 'vitest';
import { isRuntimeConfiguration, parseBuildText, parseSettingsText, type VersionCatalog } from './gradle.js';

const CATALOG: VersionCatalog = {
  file: 'gradle/libs.versions.toml',
  libraries: { 'spring.boot.starter.web': 'org.springframework.boot:spring-boot-starter-web' },
  plugins: { 'spring.boot': 'org.springframework.boot' },
};

describe('parseBuildText', () => {
  it.each([
    ["plugins { id 'java' }", ['java']],
    [
      'plugins {\n  kotlin("jvm") version "1.9.24"\n  application\n}',
      ['org.jetbrains.kotlin.jvm', 'application'],
    ],
    ['plugins { alias(libs.plugins.spring.boot) }', ['org.springframework.boot']],
    ["apply plugin: 'war'", ['war']],
    ['plugins {\n  id("io.quarkus") apply false\n  `java-library`\n}', ['java-library']],
    ["/* plugins { id 'application' } */\nplugins { id 'java' }", ['java']],
  ])('plugins of %j', (text, ids) => {
    expect(parseBuildText('build.gradle', text, CATALOG).plugins.map((p) => p.id)).toEqual(ids);
  });

  it.each([
    ["implementation 'org.postgresql:postgresql:42.7.3'", 'org.postgresql:postgresql', 'implementation'],
    ['runtimeOnly("com.mysql:mysql-connector-j")', 'com.mysql:mysql-connector-j', 'runtimeOnly'],
    [
      "implementation group: 'redis.clients', name: 'jedis', version: '5.1.0'",
      'redis.clients:jedis',
      'implementation',
    ],
    [
      'implementation(libs.spring.boot.starter.web)',
      'org.springframework.boot:spring-boot-starter-web',
      'implementation',
    ],
    [
      'testImplementation("org.testcontainers:kafka:1.19.8")',
      'org.testcontainers:kafka',
      'testImplementation',
    ],
  ])('dependency %j', (text, coord, configuration) => {
    const deps = parseBuildText('build.gradle', `dependencies {\n  ${text}\n}`, CATALOG).dependencies;
    expect(deps.map((d) => [`${d.group}:${d.artifact}`, d.configuration])).toEqual([[coord, configuration]]);
    expect(deps[0]?.line).toBe(2);
  });

  it('ignores strings that are not dependency coordinates', () => {
    const b = parseBuildText('build.gradle', "id 'a:b'\nversion = '1.0'\ndescription = 'x:y'", null);
    expect(b.dependencies).toEqual([]);
    expect(b.version?.value).toBe('1.0');
  });

  it('reads main classes, archive names and a computed version', () => {
    const b = parseBuildText(
      'build.gradle.kts',
      'version = gitVersion()\napplication { mainClass.set("a.Main") }\ntasks.withType<Jar> { manifest { attributes["Main-Class"] = "a.Main" } }\ntasks.named<ShadowJar>("shadowJar") { archiveFileName.set("tool.jar") }',
      null,
    );
    expect(b.version).toBeNull();
    expect(b.versionComputed).toBe(true);
    expect(b.mainClass?.value).toBe('a.Main');
    expect(b.manifestMainClass?.value).toBe('a.Main');
    expect(b.archiveFileNames.shadowJar?.value).toBe('tool.jar');
  });

  it.each([
    ["jar { manifest { attributes 'Main-Class': 'a.Main' } }"],
    ['jar { manifest { attributes("Main-Class" to "a.Main") } }'],
    ['jar { manifest { attributes("Main-Class" = "a.Main") } }'],
    ['tasks.jar { manifest { attributes["Main-Class"] = "a.Main" } }'],
  ])('manifest Main-Class in %s', (text) => {
    expect(parseBuildText('build.gradle', text, null).manifestMainClass?.value).toBe('a.Main');
  });

  it('flags unbalanced braces (a truncated file)', () => {
    const b = parseBuildText('build.gradle', "plugins {\n  id 'java'\n", null);
    expect(b.diagnostics).toEqual([expect.objectContaining({ file: 'build.gradle', severity: 'warning' })]);
  });
});

describe('parseSettingsText', () => {
  it('reads the root name and includes (several per call, nested paths, commented ones skipped)', () => {
    const s = parseSettingsText(
      'settings.gradle',
      "rootProject.name = 'shop'\ninclude 'api', ':services:billing'\n// include 'old'\ninclude(\"web\")\nproject(':web').projectDir = file('frontend/web')",
    );
    expect(s.rootProjectName?.value).toBe('shop');
    expect(s.includes.map((i) => [i.gradlePath, i.dir])).toEqual([
      [':api', 'api'],
      [':services:billing', 'services/billing'],
      [':web', 'frontend/web'],
    ]);
  });
});

describe('isRuntimeConfiguration', () => {
  it.each([
    ['implementation', true],
    ['runtimeOnly', true],
    ['api', true],
    ['compileOnly', false],
    ['testImplementation', false],
    ['integrationTestImplementation', false],
    ['annotationProcessor', false],
    ['developmentOnly', false],
  ])('%s → %s', (name, runtime) => {
    expect(isRuntimeConfiguration(name)).toBe(runtime);
  });
});
