import { describe, expect, it } from 'vitest';
import { parseDotenv } from '../shared/env.js';
import { detectPhpEnv } from './env.js';
import { blankPhpComments } from './php-source.js';

const src = (path: string, text: string) => ({ path, code: blankPhpComments(text) });

describe('detectPhpEnv', () => {
  it('reads env(), getenv(), $_ENV and Symfony %env()% with defaults', () => {
    const env = detectPhpEnv(
      [
        src(
          'config/app.php',
          [
            "'name' => env('APP_NAME', 'Laravel'),",
            "'debug' => (bool) env('APP_DEBUG', false),",
            "'key' => env('APP_KEY'),",
            '\'port\' => env("MAIL_PORT", 2525),',
            "// 'old' => env('OLD_SETTING'),",
            '$host = getenv(\'DB_HOST\') ?: "localhost";',
            "$token = $_ENV['API_TOKEN'];",
            "$x = $this->env('NOT_ENV');",
          ].join('\n'),
        ),
        {
          path: 'config/packages/app.yaml',
          code: "secret: '%env(APP_SECRET)%'\nn: '%env(int:WORKERS)%'\nt: '%env(default::TRUSTED)%'",
        },
      ],
      null,
    );
    expect(env.map((e) => [e.name, e.secret, e.default])).toEqual([
      ['API_TOKEN', true, null],
      ['APP_DEBUG', false, 'false'],
      ['APP_KEY', true, null],
      ['APP_NAME', false, 'Laravel'],
      ['APP_SECRET', true, null],
      ['DB_HOST', false, null],
      ['MAIL_PORT', false, '2525'],
      ['TRUSTED', false, null],
      ['WORKERS', false, null],
    ]);
  });

  it('merges the example file; "null" and empty values are not defaults; production overrides win', () => {
    const example = {
      file: '.env.example',
      entries: parseDotenv(
        'APP_ENV=local\nAPP_DEBUG=true\nREDIS_PASSWORD=null\nDB_DATABASE=shop\nCACHE_PREFIX=\n',
      ),
    };
    const env = detectPhpEnv([], example, {
      values: { APP_ENV: 'production', APP_DEBUG: 'false' },
      evidence: { file: 'composer.json', line: 4, reason: 'laravel', confidence: 'strong' },
    });
    expect(Object.fromEntries(env.map((e) => [e.name, e.default]))).toEqual({
      APP_DEBUG: 'false',
      APP_ENV: 'production',
      CACHE_PREFIX: null,
      DB_DATABASE: 'shop',
      REDIS_PASSWORD: null,
    });
    expect(env.find((e) => e.name === 'APP_DEBUG')?.evidence.map((e) => e.file)).toEqual([
      '.env.example',
      'composer.json',
    ]);
  });
});
