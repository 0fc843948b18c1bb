import { describe, expect, it } from 'vitest';
import { isSecretEnv, parseDotenv } from './env.js';

describe('isSecretEnv', () => {
  it.each([
    ['DB_PASSWORD', true],
    ['SMTP_PASSWD', true],
    ['SMTP_PASS', true],
    ['JWT_SECRET', true],
    ['CLIENTSECRET', true],
    ['GITHUB_TOKEN', true],
    ['STRIPE_API_KEY', true],
    ['APIKEY', true],
    ['PRIVATE_KEY', true],
    ['KEY_FILE', true],
    ['SENTRY_DSN', true],
    ['GOOGLE_CREDENTIALS', true],
    ['CASSANDRA_KEYSPACE', false],
    ['MONKEY_COUNT', false],
    ['DATABASE_URL', false],
    ['PORT', false],
    ['LOG_LEVEL', false],
  ])('%s → %s', (name, secret) => {
    expect(isSecretEnv(name)).toBe(secret);
  });

  it.each([
    ['postgres://app:app@localhost/app', true],
    ['redis://:hunter2@localhost:6379', true],
    ['postgres://localhost/app', false],
    ['http://user@host', false],
  ])('a URL example %s → %s', (value, secret) => {
    expect(isSecretEnv('DATABASE_URL', value)).toBe(secret);
  });
});

describe('parseDotenv', () => {
  it('reads names, values and lines', () => {
    const text = '# comment\nA=1\nexport B="two words"\nC=\'x # y\'\nD=plain # note\n\nnot a line\nE=\n';
    expect(parseDotenv(text)).toEqual([
      { name: 'A', value: '1', line: 2 },
      { name: 'B', value: 'two words', line: 3 },
      { name: 'C', value: 'x # y', line: 4 },
      { name: 'D', value: 'plain', line: 5 },
      { name: 'E', value: '', line: 8 },
    ]);
  });
});
