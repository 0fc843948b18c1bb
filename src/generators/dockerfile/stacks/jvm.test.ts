import { describe, expect, it } from 'vitest';
import type { Service } from '../../../model/service.js';
import { makeService, type ServiceOverrides } from '../../test-helpers.js';
import {
  assertImage,
  dockerfileOf,
  generatedFor,
  type ImageExpectation,
  ignoreOf,
  skipOf,
} from './compiled.test-helpers.js';
import { builderImage, jdkMajor, launchFor } from './jvm.js';

/** Services as `shipready scan --json` reports them for the test/fixtures/repos/java-* repos. */
function jvm(o: ServiceOverrides): Service {
  return makeService({ language: 'java', kind: 'web', ...o });
}

const M2 = ['/root/.m2'];
const GRADLE = ['/root/.gradle'];

const cases: { name: string; service: Service; exp: ImageExpectation }[] = [
  {
    name: 'spring-boot-maven-wrapper',
    service: jvm({
      name: 'orders-service',
      languageVersion: '21',
      framework: 'spring-boot',
      packageManager: 'maven',
      commands: {
        install: './mvnw -B dependency:go-offline',
        build: './mvnw -B package -DskipTests',
        start: 'java -jar target/orders-service-1.4.0.jar',
      },
      port: 8081,
      healthPath: '/actuator/health',
      outputDir: 'target',
    }),
    exp: {
      from: ['eclipse-temurin:21-jdk-noble', 'deps', 'eclipse-temurin:21-jre-noble'],
      user: '10001:10001',
      entrypoint: ['java', '-XX:MaxRAMPercentage=75', '-jar', 'target/orders-service-1.4.0.jar'],
      port: 8081,
      healthcheck: true,
      cacheTargets: M2,
      deps: { run: /dependency:go-offline/, copied: ['mvnw', '.mvn', 'pom.xml'] },
    },
  },
  {
    name: 'quarkus-maven',
    service: jvm({
      name: 'greeting',
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
    }),
    exp: {
      from: ['maven:3.9-eclipse-temurin-17', 'deps', 'eclipse-temurin:17-jre-noble'],
      user: '10001:10001',
      entrypoint: ['java', '-XX:MaxRAMPercentage=75', '-jar', 'target/quarkus-app/quarkus-run.jar'],
      port: 8085,
      healthcheck: true,
      cacheTargets: M2,
      deps: { run: /dependency:go-offline/, copied: ['pom.xml'] },
    },
  },
  {
    name: 'maven-multimodule-worker',
    service: jvm({
      name: 'billing-worker',
      kind: 'worker',
      languageVersion: '17',
      packageManager: 'maven',
      commands: {
        install: 'mvn -B dependency:go-offline',
        build: 'mvn -B package -DskipTests -pl app -am',
        start: 'java -jar app/target/billing-worker-1.0.0.jar',
      },
      outputDir: 'app/target',
    }),
    exp: {
      from: ['maven:3.9-eclipse-temurin-17', 'deps', 'eclipse-temurin:17-jre-noble'],
      user: '10001:10001',
      entrypoint: ['java', '-XX:MaxRAMPercentage=75', '-jar', 'app/target/billing-worker-1.0.0.jar'],
      port: null,
      healthcheck: false,
      cacheTargets: M2,
      deps: { run: /dependency:go-offline/, copied: ['pom.xml', 'app/pom.xml'] },
    },
  },
  {
    name: 'spring-boot-gradle-wrapper-subproject',
    service: jvm({
      name: 'api',
      languageVersion: '17',
      framework: 'spring-boot',
      packageManager: 'gradle',
      commands: {
        install: './gradlew :api:dependencies --no-daemon',
        build: './gradlew :api:bootJar --no-daemon',
        start: 'java -jar api/build/libs/api-2.0.0.jar',
      },
      port: 8090,
      healthPath: '/manage/health',
      outputDir: 'api/build/libs',
    }),
    exp: {
      from: ['eclipse-temurin:17-jdk-noble', 'deps', 'eclipse-temurin:17-jre-noble'],
      user: '10001:10001',
      entrypoint: ['java', '-XX:MaxRAMPercentage=75', '-jar', 'api/build/libs/api-2.0.0.jar'],
      port: 8090,
      healthcheck: true,
      cacheTargets: GRADLE,
      deps: {
        run: /:api:dependencies/,
        copied: [
          'gradlew',
          'gradle',
          'settings.gradle*',
          'build.gradle*',
          'gradle.propertie[s]',
          'api/build.gradle*',
        ],
      },
    },
  },
  {
    name: 'gradle-install-dist-worker',
    service: jvm({
      name: 'jobs',
      kind: 'worker',
      languageVersion: '21',
      packageManager: 'gradle',
      commands: {
        install: './gradlew :jobs:dependencies --no-daemon',
        build: './gradlew :jobs:installDist --no-daemon',
        start: 'jobs/build/install/jobs/bin/jobs',
      },
      outputDir: 'jobs/build/install/jobs',
    }),
    exp: {
      from: ['eclipse-temurin:21-jdk-noble', 'deps', 'eclipse-temurin:21-jre-noble'],
      user: '10001:10001',
      entrypoint: ['/app/jobs/build/install/jobs/bin/jobs'],
      port: null,
      healthcheck: false,
      cacheTargets: GRADLE,
      deps: {
        run: /:jobs:dependencies/,
        copied: [
          'gradlew',
          'gradle',
          'settings.gradle*',
          'build.gradle*',
          'gradle.propertie[s]',
          'jobs/build.gradle*',
        ],
      },
    },
  },
  {
    name: 'ktor-gradle-no-wrapper',
    service: jvm({
      name: 'inventory',
      language: 'kotlin',
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
    }),
    exp: {
      from: ['gradle:8-jdk17', 'deps', 'eclipse-temurin:17-jre-noble'],
      user: '10001:10001',
      entrypoint: ['java', '-XX:MaxRAMPercentage=75', '-jar', 'build/libs/inventory-all.jar'],
      port: 8081,
      healthcheck: true,
      cacheTargets: GRADLE,
      deps: {
        run: /gradle dependencies/,
        copied: ['settings.gradle*', 'build.gradle*', 'gradle.propertie[s]'],
      },
    },
  },
  {
    name: 'micronaut-maven-default-jdk-procfile-flags',
    service: jvm({
      name: 'hello',
      languageVersion: null,
      framework: 'micronaut',
      packageManager: 'maven',
      commands: {
        install: 'mvn -B dependency:go-offline',
        build: 'mvn -B package -DskipTests',
        start: 'java -Dmicronaut.server.port=9000 -jar target/hello-0.1.jar',
      },
      port: 9000,
      healthPath: null,
      outputDir: 'target',
    }),
    exp: {
      from: ['maven:3.9-eclipse-temurin-21', 'deps', 'eclipse-temurin:21-jre-noble'],
      user: '10001:10001',
      entrypoint: [
        'java',
        '-XX:MaxRAMPercentage=75',
        '-Dmicronaut.server.port=9000',
        '-jar',
        'target/hello-0.1.jar',
      ],
      port: 9000,
      healthcheck: false,
      cacheTargets: M2,
      deps: { run: /dependency:go-offline/, copied: ['pom.xml'] },
    },
  },
];

describe('jvm stack', () => {
  for (const c of cases) {
    it(`${c.name}: builds a production image the audit accepts`, () => {
      const plan = generatedFor(c.service);
      assertImage(plan.dockerfilePath, dockerfileOf(plan), c.exp);
      expect(plan.runtime.cmd).toEqual(c.exp.entrypoint);
      expect(plan.runtime.user).toBe(c.exp.user);
      expect(plan.runtime.noHealthcheckReason === null).toBe(c.exp.healthcheck);
    });
  }

  it('matches the golden Spring Boot Dockerfile and .dockerignore', async () => {
    const plan = generatedFor(cases[0]?.service as Service);
    const text = dockerfileOf(plan);
    await expect(text).toMatchFileSnapshot('./__snapshots__/jvm-spring-boot-maven.Dockerfile');
    await expect(ignoreOf(plan)).toMatchFileSnapshot('./__snapshots__/jvm.dockerignore');
    // Beside the snapshot, what it must mean: the jar alone in a JRE, health probed with curl.
    expect(text).toContain(
      'COPY --from=build /app/target/orders-service-1.4.0.jar ./target/orders-service-1.4.0.jar',
    );
    expect(text).toMatch(/HEALTHCHECK .*\n.*"curl","--fail".*"http:\/\/127\.0\.0\.1:8081\/actuator\/health"/);
    expect(ignoreOf(plan).split('\n')).toEqual(
      expect.arrayContaining(['target', 'build', '.gradle', '**/.env']),
    );
  });

  it('copies Quarkus fast-jar libraries before the application', () => {
    const text = dockerfileOf(generatedFor(cases[1]?.service as Service));
    const lib = text.indexOf('quarkus-app/lib/');
    expect(lib).toBeGreaterThan(0);
    expect(lib).toBeLessThan(text.indexOf('quarkus-app/app/'));
  });

  it('gives Gradle start scripts the memory flag through JAVA_OPTS', () => {
    const text = dockerfileOf(generatedFor(cases[4]?.service as Service));
    expect(text).toContain('ENV JAVA_OPTS="-XX:MaxRAMPercentage=75"');
  });

  it('maps versions to Temurin LTS majors, defaulting to 21', () => {
    expect(jdkMajor(null)).toBe(21);
    expect(jdkMajor('1.8')).toBe(8);
    expect(jdkMajor('17.0.11')).toBe(17);
    expect(jdkMajor('21.0.2-tem')).toBe(21);
    expect(jdkMajor('22')).toBe(25);
    expect(jdkMajor('11')).toBe(11);
    expect(builderImage('gradle', false, 21)).toBe('gradle:8-jdk21');
    expect(builderImage('maven', true, 17)).toBe('eclipse-temurin:17-jdk-noble');
  });

  it('keeps an explicit heap setting', () => {
    const launch = launchFor('java -Xmx512m -jar app.jar');
    expect('argv' in launch && launch.argv).toEqual(['java', '-Xmx512m', '-jar', 'app.jar']);
  });

  it('skips what it cannot build, saying why', () => {
    const base = { language: 'java', packageManager: 'maven' } as const;
    expect(skipOf({ ...base, packageManager: 'sbt' })).toMatch(/Maven or Gradle/);
    expect(skipOf({ ...base, commands: { build: null, start: 'java -jar a.jar' } })).toMatch(
      /no build command/,
    );
    expect(skipOf({ ...base, commands: { build: 'mvn package', start: null } })).toMatch(/no start command/);
    expect(skipOf({ ...base, commands: { build: 'mvn package', start: 'java -cp app.jar Main' } })).toMatch(
      /does not run a jar built in the project/,
    );
    expect(skipOf({ ...base, commands: { build: 'mvn package', start: 'bin/run' } })).toMatch(
      /neither "java -jar <jar>" nor a Gradle start script/,
    );
    expect(skipOf({ ...base, commands: { build: 'mvn package', start: 'java -jar ../x.jar' } })).toMatch(
      /does not run a jar built in the project/,
    );
    expect(skipOf({ ...base, commands: { build: 'mvn package', start: 'java -jar $JAR' } })).toMatch(
      /needs a shell/,
    );
  });
});
