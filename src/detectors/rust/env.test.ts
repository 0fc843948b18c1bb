import { describe, expect, it } from 'vitest';
import { MemoryRepoFs } from '../../repo/repo-fs.js';
import { detectRustEnv } from './env.js';
import { blankRustComments } from './rust-source.js';

const env = (code: string, files: Record<string, string> = {}) =>
  Object.fromEntries(
    detectRustEnv(new MemoryRepoFs(files), '.', [
      { path: 'src/main.rs', raw: code, code: blankRustComments(code) },
    ]).env.map((e) => [e.name, [e.secret, e.default]]),
  );

describe('detectRustEnv', () => {
  it('reads env::var, std::env::var_os and dotenvy::var, with unwrap_or defaults', () => {
    const code = [
      'let db = env::var("DATABASE_URL").expect("set it");',
      'let lvl = std::env::var("LOG_LEVEL").unwrap_or_else(|_| "info".to_string());',
      'let home = std::env::var_os("DATA_DIR");',
      'let key = dotenvy::var("JWT_SECRET").unwrap_or("dev".into());',
      'let n: usize = env::var("WORKERS").ok().and_then(|v| v.parse().ok()).unwrap_or(4);',
      'let name = env::var("APP_NAME").unwrap_or(String::from("ledger"));',
    ].join('\n');
    expect(env(code)).toEqual({
      APP_NAME: [false, 'ledger'],
      DATABASE_URL: [false, null],
      DATA_DIR: [false, null],
      JWT_SECRET: [true, null],
      LOG_LEVEL: [false, 'info'],
      WORKERS: [false, '4'],
    });
  });

  it('a default in the next statement does not belong to this read', () => {
    expect(env('let a = env::var("A").unwrap();\nlet b = x.unwrap_or("nope");')).toEqual({
      A: [false, null],
    });
  });

  it('clap arguments with env', () => {
    expect(
      env(
        '#[arg(long, env = "BIND_ADDR", default_value = "0.0.0.0:8080")]\naddr: String,\n#[clap(env = "API_TOKEN")]\nt: String,',
      ),
    ).toEqual({
      API_TOKEN: [true, null],
      BIND_ADDR: [false, '0.0.0.0:8080'],
    });
  });

  it('ignores Cargo’s own variables and comments, merges .env.example', () => {
    expect(
      env('let v = env::var("CARGO_PKG_VERSION");\n// env::var("OLD")', {
        '.env.example': 'REDIS_URL=redis://localhost\n',
      }),
    ).toEqual({
      REDIS_URL: [false, 'redis://localhost'],
    });
  });
});
