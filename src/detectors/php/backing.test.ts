import { describe, expect, it } from 'vitest';
import { MemoryRepoFs } from '../../repo/repo-fs.js';
import { parseDotenv } from '../shared/env.js';
import { detectPhpBacking } from './backing.js';
import { parseComposerJson } from './composer.js';

const composer = (require: Record<string, string>) => {
  const r = parseComposerJson('composer.json', JSON.stringify({ require }, null, 2));
  if (!r.ok) throw new Error('bad fixture');
  return r.value;
};
const example = (text: string) => ({ file: '.env.example', entries: parseDotenv(text) });

describe('detectPhpBacking', () => {
  it('reads Laravel driver settings; the skeleton REDIS_HOST alone does not mean Redis', () => {
    const b = detectPhpBacking(
      new MemoryRepoFs({}),
      '.',
      composer({ 'laravel/framework': '^11' }),
      example(
        'DB_CONNECTION=pgsql\nQUEUE_CONNECTION=database\nCACHE_STORE=redis\nREDIS_HOST=127.0.0.1\nMEMCACHED_HOST=127.0.0.1\n',
      ),
      new Set(['DB_URL', 'REDIS_HOST']),
      true,
    );
    expect(b.map((x) => [x.kind, x.via, x.envVar])).toEqual([
      ['postgresql', 'DB_CONNECTION=pgsql', 'DB_URL'],
      ['redis', 'CACHE_STORE=redis', 'REDIS_HOST'],
    ]);
    expect(b[0]?.evidence[0]).toMatchObject({ file: '.env.example', line: 1, confidence: 'explicit' });
    const none = detectPhpBacking(
      new MemoryRepoFs({}),
      '.',
      null,
      example('REDIS_HOST=127.0.0.1\n'),
      new Set(),
      true,
    );
    expect(none).toEqual([]);
  });

  it('outside Laravel, REDIS_HOST is a weak hint', () => {
    const b = detectPhpBacking(
      new MemoryRepoFs({}),
      '.',
      null,
      example('REDIS_HOST=cache\n'),
      new Set(),
      false,
    );
    expect(b).toEqual([
      expect.objectContaining({ kind: 'redis', evidence: [expect.objectContaining({ confidence: 'weak' })] }),
    ]);
  });

  it("falls back to config/database.php's default connection", () => {
    const fs = new MemoryRepoFs({
      'config/database.php': "<?php\nreturn [\n    'default' => env('DB_CONNECTION', 'mysql'),\n];\n",
    });
    const b = detectPhpBacking(fs, '.', null, null, new Set(), true);
    expect(b).toEqual([
      expect.objectContaining({
        kind: 'mysql',
        evidence: [expect.objectContaining({ file: 'config/database.php', line: 3 })],
      }),
    ]);
  });

  it('maps packages and extensions, and DATABASE_URL schemes', () => {
    const b = detectPhpBacking(
      new MemoryRepoFs({}),
      '.',
      composer({
        'predis/predis': '^2',
        'php-amqplib/php-amqplib': '^3',
        'ext-mongodb': '*',
        'aws/aws-sdk-php': '^3',
      }),
      example('DATABASE_URL="postgresql://app:pw@db:5432/app?serverVersion=16"\n'),
      new Set(['DATABASE_URL']),
      false,
    );
    expect(b.map((x) => [x.kind, x.via, x.envVar, x.evidence[0]?.confidence])).toEqual([
      ['mongodb', 'ext-mongodb', null, 'weak'],
      ['postgresql', 'DATABASE_URL', 'DATABASE_URL', 'explicit'],
      ['rabbitmq', 'php-amqplib/php-amqplib', null, 'strong'],
      ['redis', 'predis/predis', null, 'strong'],
      ['s3', 'aws/aws-sdk-php', null, 'weak'],
    ]);
  });
});
