// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the tests hold Spring and Maven `${…}` placeholders, not template strings
import { describe, expect, it } from 'vitest';
import { MemoryRepoFs } from '../../repo/repo-fs.js';
import {
  configValue,
  parseHoconLines,
  parseProperties,
  placeholders,
  portFromValue,
  readAppConfig,
} from './app-config.js';

describe('parseProperties', () => {
  it('reads =, : and space separators, comments and continuations', () => {
    const text =
      '# comment\n! also\nserver.port=8080\nspring.application.name: orders\nkey value\nlong = a,\\\n  b\n';
    expect(parseProperties(text)).toEqual([
      { key: 'server.port', value: '8080', line: 3 },
      { key: 'spring.application.name', value: 'orders', line: 4 },
      { key: 'key', value: 'value', line: 5 },
      { key: 'long', value: 'a,b', line: 6 },
    ]);
  });
});

describe('parseHoconLines', () => {
  it('flattens blocks and keeps the first port and the override', () => {
    const text =
      'ktor {\n  deployment {\n    port = 8080\n    port = ${?PORT}\n  }\n  application { modules = [ a.B.module ] }\n}\n';
    const entries = parseHoconLines(text);
    expect(entries.filter((e) => e.key === 'ktor.deployment.port').map((e) => e.value)).toEqual([
      '8080',
      '${?PORT}',
    ]);
  });
});

describe('placeholders and portFromValue', () => {
  it.each([
    ['${PORT:8080}', 8080, 'PORT'],
    ['${PORT}', null, 'PORT'],
    ['9090', 9090, null],
    ['${server.port}', null, null],
    ['${?PORT}', null, 'PORT'],
    ['99999', null, null],
  ])('%s', (value, port, envVar) => {
    expect(portFromValue(value)).toEqual({ port, envVar });
  });
  it('property references are not env vars', () => {
    expect(placeholders('${spring.application.name}-${APP_ENV:prod}')).toEqual([
      { name: 'APP_ENV', default: 'prod' },
    ]);
  });
});

describe('readAppConfig', () => {
  it('drops non-production profiles and lets the prod profile override the base', () => {
    const fs = new MemoryRepoFs({
      'src/main/resources/application.properties': 'server.port=8080\n%dev.server.port=1\n',
      'src/main/resources/application-prod.yml': 'server:\n  port: 9000\n',
      'src/main/resources/application-local.yml': 'server:\n  port: 7000\n',
      'src/main/resources/application.yml':
        'a: 1\n---\nspring.config.activate.on-profile: test\nserver.port: 6000\n',
    });
    const { entries, diagnostics } = readAppConfig(fs, '.');
    expect(diagnostics).toEqual([]);
    expect(
      entries
        .filter((e) => e.key === 'server.port')
        .map((e) => e.value)
        .sort(),
    ).toEqual(['8080', '9000']);
    expect(configValue(entries, 'server.port')).toMatchObject({ value: '9000', profile: 'prod' });
  });

  it('reports invalid YAML with its line', () => {
    const fs = new MemoryRepoFs({ 'src/main/resources/application.yml': 'server:\n  port: [8080\n' });
    const { diagnostics } = readAppConfig(fs, '.');
    expect(diagnostics).toEqual([
      expect.objectContaining({ file: 'src/main/resources/application.yml', severity: 'warning' }),
    ]);
  });
});
