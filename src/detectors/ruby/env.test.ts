import { describe, expect, it } from 'vitest';
import { MemoryRepoFs } from '../../repo/repo-fs.js';
import { detectRubyEnv } from './env.js';
import { blankRubyComments } from './ruby-source.js';

const src = (path: string, text: string) => ({ path, code: blankRubyComments(text) });

describe('detectRubyEnv', () => {
  it('reads ENV access forms with their defaults', () => {
    const { env } = detectRubyEnv(new MemoryRepoFs({}), '.', [
      src(
        'app.rb',
        [
          'a = ENV["PLAIN"]',
          "b = ENV.fetch('WITH_COMMA', 'x')",
          'c = ENV.fetch("WITH_BLOCK") { 5 }',
          'd = ENV["WITH_OR"] || "fallback"',
          'e = ENV.fetch("NO_DEFAULT")',
          'f = ENV.key?("FLAG")',
          'g = ENV.fetch("NIL_DEFAULT", nil)',
          '# h = ENV["COMMENTED"]',
          'i = ENV["RAILS_ENV"]',
        ].join('\n'),
      ),
    ]);
    expect(Object.fromEntries(env.map((e) => [e.name, e.default]))).toEqual({
      FLAG: null,
      NIL_DEFAULT: null,
      NO_DEFAULT: null,
      PLAIN: null,
      WITH_BLOCK: '5',
      WITH_COMMA: 'x',
      WITH_OR: 'fallback',
    });
    expect(env.find((e) => e.name === 'WITH_BLOCK')?.evidence[0]).toMatchObject({ file: 'app.rb', line: 3 });
  });

  it('reads ERB in YAML config, merges .env.example, and never defaults a secret', () => {
    const fs = new MemoryRepoFs({
      '.env.example': 'STRIPE_SECRET_KEY=sk_test_123\nLOG_LEVEL=info\n',
      '.env': 'STRIPE_SECRET_KEY=sk_live_real\n',
    });
    const { env } = detectRubyEnv(fs, '.', [
      { path: 'config/database.yml', code: 'password: <%= ENV["DB_PASSWORD"] %>\n' },
    ]);
    expect(env.map((e) => [e.name, e.secret, e.default])).toEqual([
      ['DB_PASSWORD', true, null],
      ['LOG_LEVEL', false, 'info'],
      ['STRIPE_SECRET_KEY', true, null],
    ]);
    expect(JSON.stringify(env)).not.toContain('sk_live_real');
  });

  it('adds implicit variables with their evidence and secrecy', () => {
    const { env } = detectRubyEnv(
      new MemoryRepoFs({}),
      '.',
      [],
      [
        {
          name: 'DATABASE_URL',
          secret: true,
          evidence: { file: 'config/database.yml', reason: 'Rails', confidence: 'strong' },
        },
      ],
    );
    expect(env).toEqual([expect.objectContaining({ name: 'DATABASE_URL', secret: true, default: null })]);
  });
});
