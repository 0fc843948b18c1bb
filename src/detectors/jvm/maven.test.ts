// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the tests hold Spring and Maven `${…}` placeholders, not template strings
import { describe, expect, it } from 'vitest';
import { effectiveProperties, type Pom, parsePomText } from './maven.js';
import { normalizeJavaVersion } from './version.js';

function pomOf(file: string, text: string): Pom {
  const r = parsePomText(file, text);
  if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
  return r.pom;
}

describe('parsePomText', () => {
  it('reads coordinates, scopes, plugins (managed or not) and modules', () => {
    const pom = pomOf(
      'pom.xml',
      `<project>
  <artifactId>app</artifactId>
  <packaging>pom</packaging>
  <modules><module>api</module><module>worker/pom.xml</module></modules>
  <dependencies>
    <dependency><groupId>org.postgresql</groupId><artifactId>postgresql</artifactId><scope>runtime</scope></dependency>
    <dependency><groupId>junit</groupId><artifactId>junit</artifactId><scope>test</scope></dependency>
  </dependencies>
  <build>
    <plugins><plugin><artifactId>maven-shade-plugin</artifactId></plugin></plugins>
    <pluginManagement><plugins><plugin><groupId>x</groupId><artifactId>y</artifactId></plugin></plugins></pluginManagement>
  </build>
</project>`,
    );
    expect(pom.modules).toEqual(['api', 'worker']);
    expect(pom.dependencies.map((d) => [d.artifactId, d.scope, d.line])).toEqual([
      ['postgresql', 'runtime', 6],
      ['junit', 'test', 7],
    ]);
    expect(pom.plugins.map((p) => [`${p.groupId}:${p.artifactId}`, p.managed])).toEqual([
      ['org.apache.maven.plugins:maven-shade-plugin', false],
      ['x:y', true],
    ]);
  });

  it.each([
    ['', /empty/],
    ['<project><artifactId>a</artifactId>', /invalid XML/],
    ['<settings/>', /no <project>/],
  ])('diagnoses %j', (text, message) => {
    const r = parsePomText('svc/pom.xml', text);
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.diagnostics[0]).toMatchObject({
        file: 'svc/pom.xml',
        message: expect.stringMatching(message),
      });
  });

  it('resolves properties through a parent in the repo', () => {
    const parent = pomOf(
      'pom.xml',
      '<project><artifactId>p</artifactId><version>${revision}</version><properties><revision>2.1.0</revision></properties></project>',
    );
    const child = pomOf(
      'api/pom.xml',
      '<project><parent><artifactId>p</artifactId><version>${revision}</version></parent><artifactId>api</artifactId></project>',
    );
    const poms = new Map([
      [parent.file, parent],
      [child.file, child],
    ]);
    expect(effectiveProperties(child, poms)['project.version']).toBe('2.1.0');
  });
});

describe('normalizeJavaVersion', () => {
  it.each([
    ['1.8', '8'],
    ['17', '17'],
    ['21.0.2', '21.0.2'],
    ['JavaVersion.VERSION_1_8', '8'],
    ['JavaVersion.VERSION_17', '17'],
    ["'11'", '11'],
    ['1.8.0_292', '8'],
    ['latest', null],
  ])('%s → %s', (raw, v) => {
    expect(normalizeJavaVersion(raw)).toBe(v);
  });
});
