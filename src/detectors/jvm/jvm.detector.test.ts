// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the tests hold Gradle and Spring `${…}` placeholders, not template strings
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type FactName, Service } from '../../model/service.js';
import { DiskRepoFs, MemoryRepoFs } from '../../repo/repo-fs.js';
import { jvmDetector } from './jvm.detector.js';

const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/repos/', import.meta.url));

function detectFixture(name: string) {
  return jvmDetector.detect({ fs: new DiskRepoFs(`${FIXTURES}${name}`), dir: '.' });
}

function detectMemory(files: Record<string, string | null>) {
  return jvmDetector.detect({ fs: new MemoryRepoFs(files), dir: '.' });
}

interface Row {
  fixture: string;
  name: string;
  kind: Service['kind'];
  language: 'java' | 'kotlin';
  languageVersion: string | null;
  framework: string | null;
  packageManager: 'maven' | 'gradle';
  commands: Service['commands'];
  port: number | null;
  healthPath: string | null;
  outputDir: string | null;
  backing: Record<string, string | null>;
  env: Record<string, { secret: boolean; default: string | null }>;
  facts: FactName[];
}

const ROWS: Row[] = [
  {
    fixture: 'java-spring-maven',
    name: 'orders-service',
    kind: 'web',
    language: 'java',
    languageVersion: '21',
    framework: 'spring-boot',
    packageManager: 'maven',
    commands: {
      install: './mvnw -B dependency:go-offline',
      build: './mvnw -B package -DskipTests',
      start: 'java -jar target/orders-service-1.4.0.jar',
    },
    // ${PORT:8081} in application.yml; the dev profile's 9000 and application-dev's 7000 do not count.
    port: 8081,
    healthPath: '/actuator/health',
    outputDir: 'target',
    backing: { postgresql: 'JDBC_DATABASE_URL', redis: 'REDIS_URL' },
    env: {
      DB_PASSWORD: { secret: true, default: null },
      DB_USER: { secret: false, default: 'orders' },
      FEATURE_FLAGS: { secret: false, default: 'none' },
      JDBC_DATABASE_URL: { secret: false, default: 'jdbc:postgresql://localhost:5432/orders' },
      PAYMENTS_API_TOKEN: { secret: true, default: null },
      PORT: { secret: false, default: '8081' },
      REDIS_URL: { secret: false, default: null },
    },
    facts: [
      'kind',
      'language',
      'languageVersion',
      'framework',
      'packageManager',
      'install',
      'build',
      'start',
      'port',
      'healthPath',
      'outputDir',
    ],
  },
  {
    fixture: 'java-quarkus-maven',
    name: 'greeting',
    kind: 'web',
    language: 'java',
    languageVersion: '17',
    framework: 'quarkus',
    packageManager: 'maven',
    commands: {
      install: 'mvn -B dependency:go-offline',
      build: 'mvn -B package -DskipTests',
      start: 'java -jar target/quarkus-app/quarkus-run.jar',
    },
    port: 8085,
    healthPath: '/q/health',
    outputDir: 'target',
    backing: { mysql: 'DB_URL' },
    env: {
      DB_PASSWORD: { secret: true, default: null },
      DB_URL: { secret: false, default: null },
      GREETING_NAME: { secret: false, default: 'world' },
      HTTP_PORT: { secret: false, default: '8085' },
    },
    facts: [
      'kind',
      'language',
      'languageVersion',
      'framework',
      'packageManager',
      'install',
      'build',
      'start',
      'port',
      'healthPath',
    ],
  },
  {
    fixture: 'java-maven-multimodule',
    name: 'billing-worker',
    kind: 'worker',
    language: 'java',
    languageVersion: '17',
    framework: null,
    packageManager: 'maven',
    commands: {
      install: 'mvn -B dependency:go-offline',
      build: 'mvn -B package -DskipTests -pl app -am',
      // ${revision} resolved through the parent pom.
      start: 'java -jar app/target/billing-worker-1.0.0.jar',
    },
    port: null,
    healthPath: null,
    outputDir: 'app/target',
    backing: { rabbitmq: 'RABBITMQ_URL' },
    env: {
      QUEUE_NAME: { secret: false, default: 'invoices' },
      RABBITMQ_URL: { secret: false, default: null },
    },
    facts: ['kind', 'language', 'languageVersion', 'packageManager', 'install', 'build', 'start'],
  },
  {
    fixture: 'kotlin-ktor-gradle',
    name: 'inventory',
    kind: 'web',
    language: 'kotlin',
    // .sdkmanrc pins the JDK; jvmToolchain(17) agrees.
    languageVersion: '17.0.11',
    framework: 'ktor',
    packageManager: 'gradle',
    commands: {
      install: 'gradle dependencies --no-daemon',
      build: 'gradle buildFatJar --no-daemon',
      start: 'java -jar build/libs/inventory-all.jar',
    },
    port: 8081,
    healthPath: '/healthz',
    outputDir: 'build/libs',
    backing: { mongodb: 'MONGODB_URI' },
    env: {
      MONGODB_URI: { secret: false, default: 'mongodb://localhost:27017' },
      PORT: { secret: false, default: '8081' },
    },
    facts: [
      'kind',
      'language',
      'languageVersion',
      'framework',
      'packageManager',
      'install',
      'build',
      'start',
      'port',
      'healthPath',
    ],
  },
  {
    fixture: 'java-procfile',
    name: 'demo',
    kind: 'web',
    language: 'java',
    languageVersion: '17',
    framework: 'spring-boot',
    packageManager: 'gradle',
    commands: {
      install: 'gradle dependencies --no-daemon',
      build: 'gradle bootJar --no-daemon',
      // The Procfile's plain command wins over the computed one.
      start: 'java -Dserver.port=5000 -jar build/libs/demo.jar',
    },
    port: 5000,
    healthPath: '/api/actuator/health',
    outputDir: 'build/libs',
    backing: {},
    env: {},
    facts: [
      'kind',
      'language',
      'languageVersion',
      'framework',
      'packageManager',
      'install',
      'build',
      'start',
      'port',
      'healthPath',
    ],
  },
];

describe('jvmDetector over fixture repos', () => {
  it.each(ROWS)('$fixture', (row) => {
    const { services, diagnostics } = detectFixture(row.fixture);
    expect(diagnostics).toEqual([]);
    expect(services).toHaveLength(1);
    const s = services[0] as Service;
    expect(Service.safeParse(s).success).toBe(true);
    expect({
      name: s.name,
      path: s.path,
      kind: s.kind,
      language: s.language,
      languageVersion: s.languageVersion,
      framework: s.framework,
      packageManager: s.packageManager,
      commands: s.commands,
      port: s.port,
      healthPath: s.healthPath,
      outputDir: s.outputDir,
    }).toEqual({
      name: row.name,
      path: '.',
      kind: row.kind,
      language: row.language,
      languageVersion: row.languageVersion,
      framework: row.framework,
      packageManager: row.packageManager,
      commands: row.commands,
      port: row.port,
      healthPath: row.healthPath,
      outputDir: row.outputDir,
    });
    expect(Object.fromEntries(s.backing.map((b) => [b.kind, b.envVar]))).toEqual(row.backing);
    expect(Object.fromEntries(s.env.map((e) => [e.name, { secret: e.secret, default: e.default }]))).toEqual(
      row.env,
    );
    for (const fact of row.facts) {
      const ev = s.evidence[fact];
      expect(ev, `evidence for ${fact}`).toBeDefined();
      expect(ev?.[0]?.file, `evidence file for ${fact}`).toMatch(/\S/);
    }
  });

  it('java-gradle-multi: the Spring Boot module and the application module are services; the library is not', () => {
    const { services, diagnostics } = detectFixture('java-gradle-multi');
    expect(diagnostics).toEqual([]);
    expect(services.map((s) => [s.name, s.path, s.kind, s.framework])).toEqual([
      ['api', '.', 'web', 'spring-boot'],
      ['jobs', '.', 'worker', null],
    ]);
    const [api, jobs] = services as [Service, Service];
    // Version from the root's allprojects block; plugin and dependencies from the version catalog.
    expect(api.commands).toEqual({
      install: './gradlew :api:dependencies --no-daemon',
      build: './gradlew :api:bootJar --no-daemon',
      start: 'java -jar api/build/libs/api-2.0.0.jar',
    });
    expect(api.port).toBe(8090);
    expect(api.healthPath).toBe('/manage/health');
    expect(api.languageVersion).toBe('17');
    expect(api.backing.map((b) => [b.kind, b.envVar])).toEqual([['kafka', 'KAFKA_BOOTSTRAP_SERVERS']]);
    // The testcontainers postgresql dependency is test-only: no postgresql backing for api.
    expect(jobs.commands).toEqual({
      install: './gradlew :jobs:dependencies --no-daemon',
      build: './gradlew :jobs:installDist --no-daemon',
      start: 'jobs/build/install/jobs/bin/jobs',
    });
    expect(jobs.languageVersion).toBe('21');
    expect(jobs.backing.map((b) => [b.kind, b.envVar])).toEqual([['postgresql', 'DATABASE_URL']]);
  });

  it('java-library: a jar with no main class, framework or runnable plugin is not a service', () => {
    expect(detectFixture('java-library')).toEqual({ services: [], diagnostics: [] });
  });

  it('java-procfile: the Procfile port outranks application.properties; both are evidence', () => {
    const s = detectFixture('java-procfile').services[0] as Service;
    expect(s.evidence.port?.map((e) => [e.file, e.confidence])).toEqual([
      ['Procfile', 'explicit'],
      ['src/main/resources/application.properties', 'explicit'],
    ]);
    expect(s.evidence.start?.[0]).toMatchObject({ file: 'Procfile', line: 1 });
  });

  it('java-spring-maven: commented-out and test-scoped dependencies and test sources do not count', () => {
    const s = detectFixture('java-spring-maven').services[0] as Service;
    expect(s.backing.map((b) => b.kind)).not.toContain('mysql');
    expect(s.backing.map((b) => b.kind)).not.toContain('kafka');
    expect(s.env.map((e) => e.name)).not.toContain('TEST_ONLY_URL');
    expect(s.env.map((e) => e.name)).not.toContain('LEGACY_TOKEN');
    expect(s.evidence.port?.[0]).toMatchObject({
      file: 'src/main/resources/application.yml',
      line: 2,
      confidence: 'explicit',
    });
  });
});

const pom = (body: string, extra = ''): string =>
  `<?xml version="1.0"?><project><modelVersion>4.0.0</modelVersion><groupId>g</groupId><artifactId>app</artifactId><version>1.0</version>${extra}${body}</project>`;
const dep = (g: string, a: string, scope = ''): string =>
  `<dependency><groupId>${g}</groupId><artifactId>${a}</artifactId>${scope ? `<scope>${scope}</scope>` : ''}</dependency>`;

describe('jvmDetector rules', () => {
  it('a Spring Boot app without a web starter is a worker (no port)', () => {
    const { services } = detectMemory({
      'pom.xml': pom(
        `<dependencies>${dep('org.springframework.boot', 'spring-boot-starter')}${dep('org.springframework.kafka', 'spring-kafka')}</dependencies>` +
          '<build><plugins><plugin><groupId>org.springframework.boot</groupId><artifactId>spring-boot-maven-plugin</artifactId></plugin></plugins></build>',
      ),
    });
    expect(services[0]).toMatchObject({ kind: 'worker', framework: 'spring-boot', port: null });
    expect(services[0]?.backing.map((b) => b.kind)).toEqual(['kafka']);
  });

  it('Quarkus outranks Spring Boot when an app uses the Spring compatibility extensions', () => {
    const { services } = detectMemory({
      'pom.xml': pom(
        `<dependencies>${dep('io.quarkus', 'quarkus-spring-web')}${dep('io.quarkus', 'quarkus-rest')}${dep('org.springframework.boot', 'spring-boot-starter-web')}</dependencies>`,
      ),
    });
    expect(services[0]?.framework).toBe('quarkus');
    expect(services[0]?.evidence.framework?.[0]?.reason).toMatch(/outranks spring-boot/);
  });

  it('Spring Boot without its Maven plugin still starts with java -jar but warns the jar is not executable', () => {
    const { services, diagnostics } = detectMemory({
      'pom.xml': pom(
        `<dependencies>${dep('org.springframework.boot', 'spring-boot-starter-web')}</dependencies>`,
      ),
    });
    expect(services[0]?.commands.start).toBe('java -jar target/app-1.0.jar');
    expect(services[0]?.evidence.start?.[0]?.confidence).toBe('weak');
    expect(diagnostics).toEqual([
      expect.objectContaining({
        file: 'pom.xml',
        message: expect.stringMatching(/spring-boot-maven-plugin/),
      }),
    ]);
  });

  it('a war without Spring Boot is a web app with no start command and a diagnostic', () => {
    const { services, diagnostics } = detectMemory({ 'pom.xml': pom('', '<packaging>war</packaging>') });
    expect(services[0]).toMatchObject({ kind: 'web', commands: expect.objectContaining({ start: null }) });
    expect(diagnostics[0]?.message).toMatch(/servlet container/);
  });

  it('an unresolvable version gives a glob jar path with weak confidence', () => {
    const { services } = detectMemory({
      'build.gradle':
        "plugins { id 'org.springframework.boot' version '3.2.0' }\nversion = computeVersion()\n",
    });
    expect(services[0]?.commands.start).toBe('java -jar build/libs/*.jar');
    expect(services[0]?.evidence.start?.[0]?.confidence).toBe('weak');
  });

  it('a shadow jar and an explicit archiveFileName name the jar', () => {
    const shadow = detectMemory({
      'settings.gradle': "rootProject.name = 'tool'",
      'build.gradle':
        "plugins { id 'java'; id 'com.gradleup.shadow' version '8.3.0' }\nversion = '3.1'\njar { manifest { attributes 'Main-Class': 'x.Main' } }",
    });
    expect(shadow.services[0]?.commands).toMatchObject({
      build: 'gradle shadowJar --no-daemon',
      start: 'java -jar build/libs/tool-3.1-all.jar',
    });
    const fixed = detectMemory({
      'build.gradle.kts':
        'plugins { id("org.springframework.boot") version "3.2.0" }\ntasks.named<BootJar>("bootJar") { archiveFileName.set("app.jar") }',
    });
    expect(fixed.services[0]?.commands.start).toBe('java -jar build/libs/app.jar');
    expect(fixed.services[0]?.evidence.start?.[0]?.confidence).toBe('explicit');
  });

  it('Spring Boot 1.x has no bootJar task: build repackages the jar', () => {
    const { services } = detectMemory({
      'build.gradle':
        "buildscript {\n  ext { springBootVersion = '1.5.9.RELEASE' }\n  dependencies { classpath(\"org.springframework.boot:spring-boot-gradle-plugin:${springBootVersion}\") }\n}\napply plugin: 'java'\napply plugin: 'org.springframework.boot'\nversion = '0.0.1-SNAPSHOT'\nsourceCompatibility = 1.8\ndependencies {\n  compile('org.springframework.boot:spring-boot-starter-web')\n}\n",
      'settings.gradle': "rootProject.name = 'legacy'",
    });
    expect(services[0]).toMatchObject({
      framework: 'spring-boot',
      kind: 'web',
      languageVersion: '8',
      commands: {
        build: 'gradle build -x test --no-daemon',
        start: 'java -jar build/libs/legacy-0.0.1-SNAPSHOT.jar',
      },
    });
  });

  it('a Maven module with an assembly jar-with-dependencies starts from that jar', () => {
    const { services } = detectMemory({
      'pom.xml':
        '<project><groupId>g</groupId><artifactId>parent</artifactId><version>1.0-SNAPSHOT</version><packaging>pom</packaging><modules><module>lib</module><module>app</module></modules></project>',
      'lib/pom.xml':
        '<project><parent><groupId>g</groupId><artifactId>parent</artifactId><version>1.0-SNAPSHOT</version></parent><artifactId>lib</artifactId></project>',
      'app/pom.xml':
        '<project><parent><groupId>g</groupId><artifactId>parent</artifactId><version>1.0-SNAPSHOT</version></parent><artifactId>app</artifactId><build><plugins><plugin><artifactId>maven-assembly-plugin</artifactId><executions><execution><configuration><archive><manifest><mainClass>\n  g.App\n</mainClass></manifest></archive><descriptorRefs><descriptorRef>jar-with-dependencies</descriptorRef></descriptorRefs></configuration></execution></executions></plugin></plugins></build></project>',
    });
    expect(services.map((s) => [s.name, s.path, s.commands.build, s.commands.start])).toEqual([
      [
        'app',
        '.',
        'mvn -B package -DskipTests -pl app -am',
        'java -jar app/target/app-1.0-SNAPSHOT-jar-with-dependencies.jar',
      ],
    ]);
  });

  it('a Gradle plugin declared with `apply false` is not applied', () => {
    const { services } = detectMemory({
      'build.gradle.kts':
        'plugins {\n  id("org.springframework.boot") version "3.2.0" apply false\n  `java-library`\n}\n',
    });
    expect(services).toEqual([]);
  });

  it('subprojects { } in the root script configures the subprojects, not the root', () => {
    const { services } = detectMemory({
      'settings.gradle': "rootProject.name = 'platform'\ninclude 'svc'",
      'build.gradle':
        "subprojects {\n  apply plugin: 'application'\n  dependencies {\n    implementation 'redis.clients:jedis:5.1.0'\n  }\n}\n",
      'svc/build.gradle': "application { mainClass = 'svc.Main' }",
    });
    expect(services.map((s) => s.name)).toEqual(['svc']);
    expect(services[0]?.commands.start).toBe('svc/build/install/svc/bin/svc');
    expect(services[0]?.backing.map((b) => [b.kind, b.evidence[0]?.file])).toEqual([
      ['redis', 'build.gradle'],
    ]);
  });

  it('Kotlin: src/main/kotlin makes the language kotlin even without the plugin id', () => {
    const { services } = detectMemory({
      'build.gradle': "plugins { id 'application' }\napplication { mainClass = 'app.MainKt' }",
      'src/main/kotlin/app/Main.kt': 'fun main() { println("hi") }',
    });
    expect(services[0]).toMatchObject({
      language: 'kotlin',
      commands: expect.objectContaining({ start: 'build/install/app/bin/app' }),
    });
  });

  it('a stand-alone build with only a main method is a service whose start command is missing', () => {
    const { services, diagnostics } = detectMemory({
      'build.gradle': "plugins { id 'java' }",
      'src/main/java/Main.java': 'public class Main { public static void main(String[] a) {} }',
    });
    expect(services[0]?.commands.start).toBeNull();
    expect(diagnostics[0]).toMatchObject({
      file: 'build.gradle',
      message: expect.stringMatching(/nothing makes the Gradle build runnable/),
    });
  });

  it('version files outrank the build file; 1.8 is Java 8', () => {
    const files = { 'pom.xml': pom('<properties><java.version>1.8</java.version></properties>', '') };
    const mainClass =
      '<build><plugins><plugin><artifactId>maven-jar-plugin</artifactId><configuration><archive><manifest><mainClass>a.B</mainClass></manifest></archive></configuration></plugin></plugins></build>';
    files['pom.xml'] = pom(`<properties><java.version>1.8</java.version></properties>${mainClass}`);
    expect(detectMemory(files).services[0]?.languageVersion).toBe('8');
    const pinned = detectMemory({ ...files, '.tool-versions': 'java temurin-21.0.2+13.0.LTS\n' });
    expect(pinned.services[0]?.languageVersion).toBe('21.0.2');
    expect(pinned.services[0]?.evidence.languageVersion?.[0]).toMatchObject({
      file: '.tool-versions',
      confidence: 'explicit',
    });
  });

  it('a folder with both a Gradle build and a pom uses Gradle and says so', () => {
    const { services, diagnostics } = detectMemory({
      'build.gradle': "plugins { id 'application' }\napplication { mainClass = 'a.Main' }",
      'pom.xml': pom(''),
    });
    expect(services.map((s) => s.packageManager)).toEqual(['gradle']);
    expect(diagnostics).toEqual([expect.objectContaining({ file: 'pom.xml', severity: 'info' })]);
  });
});

/** Manifests the detector reads, with a realistic valid body, for the fuzz test. */
const MANIFESTS: Record<string, { valid: string; diagnosesGarbage: boolean }> = {
  'pom.xml': {
    valid: pom(`<dependencies>${dep('org.springframework.boot', 'spring-boot-starter-web')}</dependencies>`),
    diagnosesGarbage: true,
  },
  'build.gradle': {
    valid: "plugins { id 'org.springframework.boot' version '3.2.0' }\nversion = '1'\n",
    diagnosesGarbage: true,
  },
  'build.gradle.kts': {
    valid: 'plugins { application }\napplication { mainClass.set("a.Main") }\n',
    diagnosesGarbage: true,
  },
  'settings.gradle': { valid: "rootProject.name = 'x'\ninclude 'a'\n", diagnosesGarbage: false },
  'gradle/libs.versions.toml': {
    valid: '[libraries]\nweb = "org.springframework.boot:spring-boot-starter-web"\n',
    diagnosesGarbage: true,
  },
  'src/main/resources/application.yml': { valid: 'server:\n  port: 8081\n', diagnosesGarbage: true },
  'src/main/resources/application.properties': { valid: 'server.port=8081\n', diagnosesGarbage: false },
  '.java-version': { valid: '21\n', diagnosesGarbage: true },
};

describe('jvmDetector never throws on bad manifests', () => {
  const GARBAGE = '\u0000\u00ff<<<{{{ :: [[ not a manifest = = "unterminated\n\t- - -\n%%%';
  const base: Record<string, string> = {
    'pom.xml': MANIFESTS['pom.xml']?.valid as string,
    'build.gradle': "plugins { id 'application' }\napplication { mainClass = 'a.Main' }\n",
    'src/main/java/a/Main.java': 'class Main { public static void main(String[] a) {} }',
  };
  const cases = Object.entries(MANIFESTS).flatMap(([file, m]) => [
    // An empty pom is skipped with a warning; an empty Gradle script is valid (it declares nothing).
    { file, variant: 'empty', text: '', expectDiagnostic: file === 'pom.xml' ? true : null },
    {
      file,
      variant: 'truncated',
      text: m.valid.slice(0, Math.floor(m.valid.length / 2)),
      expectDiagnostic: null,
    },
    { file, variant: 'garbage', text: GARBAGE, expectDiagnostic: m.diagnosesGarbage },
  ]);
  it.each(cases)('$variant $file', ({ file, text, expectDiagnostic }) => {
    const files = { ...base, [file]: text };
    // A Gradle build beside a pom would win the folder; put the pom variant on its own.
    if (file === 'pom.xml') delete files['build.gradle'];
    const run = () => detectMemory(files);
    expect(run).not.toThrow();
    const { services, diagnostics } = run();
    for (const s of services) expect(Service.safeParse(s).success).toBe(true);
    const named = diagnostics.some((d) => d.file === file);
    if (expectDiagnostic === true) expect(named, JSON.stringify(diagnostics)).toBe(true);
    if (expectDiagnostic === false) expect(named).toBe(false);
  });
});
