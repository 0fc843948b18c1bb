import { describe, expect, it } from 'vitest';
import { MemoryRepoFs } from '../../repo/repo-fs.js';
import { blankJsComments } from '../text.js';
import { detectGoEnv } from './env.js';

const env = (code: string, files: Record<string, string> = {}) =>
  Object.fromEntries(
    detectGoEnv(new MemoryRepoFs(files), '.', [
      { path: 'main.go', raw: code, code: blankJsComments(code) },
    ]).env.map((e) => [
      e.name,
      { secret: e.secret, default: e.default, confidence: e.evidence[0]?.confidence },
    ]),
  );

describe('detectGoEnv', () => {
  it('reads os.Getenv and os.LookupEnv', () => {
    expect(env('a := os.Getenv("DATABASE_URL")\nb, ok := os.LookupEnv("LOG_LEVEL")')).toEqual({
      DATABASE_URL: { secret: false, default: null, confidence: 'strong' },
      LOG_LEVEL: { secret: false, default: null, confidence: 'strong' },
    });
  });

  it('finds defaults from cmp.Or, helpers and if-empty blocks; secrets never keep one', () => {
    const code = [
      'level := cmp.Or(os.Getenv("LOG_LEVEL"), "info")',
      'region := getEnv("AWS_REGION", "eu-west-1")',
      'workers := envInt("WORKERS", 4)',
      'token := getEnv("API_TOKEN", "dev-token")',
      'mode := os.Getenv("MODE")',
      'if mode == "" {',
      '\tmode = "release"',
      '}',
    ].join('\n');
    expect(env(code)).toEqual({
      API_TOKEN: { secret: true, default: null, confidence: 'strong' },
      AWS_REGION: { secret: false, default: 'eu-west-1', confidence: 'strong' },
      LOG_LEVEL: { secret: false, default: 'info', confidence: 'strong' },
      MODE: { secret: false, default: 'release', confidence: 'strong' },
      WORKERS: { secret: false, default: '4', confidence: 'strong' },
    });
  });

  it('struct tags are weak (a prefix may apply) and carry their defaults', () => {
    expect(
      env(
        'type C struct {\n\tAddr string `envconfig:"LISTEN_ADDR" default:":8080"`\n\tKey string `env:"SIGNING_KEY,required"`\n}',
      ),
    ).toEqual({
      LISTEN_ADDR: { secret: false, default: ':8080', confidence: 'weak' },
      SIGNING_KEY: { secret: true, default: null, confidence: 'weak' },
    });
  });

  it('ignores writes, comments and lower-case helper arguments', () => {
    expect(env('os.Setenv("A", "1")\n// os.Getenv("B")\nviper.BindEnv("port")')).toEqual({});
  });

  it('merges .env.example', () => {
    expect(
      env('x := os.Getenv("REDIS_URL")', {
        '.env.example': 'REDIS_URL=redis://localhost:6379\nSENTRY_DSN=\n',
      }),
    ).toEqual({
      REDIS_URL: { secret: false, default: 'redis://localhost:6379', confidence: 'strong' },
      SENTRY_DSN: { secret: true, default: null, confidence: 'explicit' },
    });
  });
});
