import { describe, expect, it } from 'vitest';
import { detectRustBacking } from './backing.js';
import { parseCargoTomlText } from './cargo-toml.js';
import { detectRustFramework } from './frameworks.js';

const deps = (text: string) => {
  const r = parseCargoTomlText('Cargo.toml', `[package]\nname = "x"\n\n[dependencies]\n${text}`);
  if (!r.ok) throw new Error('bad');
  return r.value.dependencies;
};

describe('detectRustFramework', () => {
  it.each([
    ['axum = "0.7"', 'axum', null],
    ['actix-web = "4"', 'actix-web', null],
    ['rocket = "0.5"', 'rocket', 8000],
    ['warp = "0.3"', 'warp', null],
    ['poem = "3"', 'poem', null],
    ['tide = "0.16"', 'tide', null],
    ['loco-rs = "0.6"\naxum = "0.7"', 'loco', 5150],
    ['web = { package = "actix-web", version = "4" }', 'actix-web', null],
    ['hyper = "1"', null, null],
  ])('%s → %s', (text, id, port) => {
    const m = detectRustFramework('Cargo.toml', deps(text));
    expect(m?.entry.id ?? null).toBe(id);
    expect(m?.entry.defaultPort ?? null).toBe(port);
  });

  it('names what it outranks', () => {
    expect(
      detectRustFramework('Cargo.toml', deps('axum = "0.7"\nloco-rs = "0.6"'))?.evidence[0],
    ).toMatchObject({
      line: 6,
      reason: expect.stringContaining('outranks axum'),
    });
  });
});

describe('detectRustBacking', () => {
  it.each([
    ['sqlx = { version = "0.7", features = ["runtime-tokio", "postgres"] }', ['postgresql']],
    ['sqlx = { version = "0.7", features = ["mysql", "sqlite"] }', ['mysql', 'sqlite']],
    ['sqlx = "0.7"', []],
    ['diesel = { version = "2", features = ["sqlite"] }', ['sqlite']],
    ['sea-orm = { version = "0.12", features = ["sqlx-postgres"] }', ['postgresql']],
    ['tokio-postgres = "0.7"', ['postgresql']],
    ['mongodb = "2"', ['mongodb']],
    ['redis = "0.25"', ['redis']],
    ['lapin = "2"', ['rabbitmq']],
    ['rdkafka = "0.36"', ['kafka']],
    ['async-nats = "0.35"', ['nats']],
    ['aws-sdk-s3 = "1"', ['s3']],
  ])('%s → %j', (text, kinds) => {
    expect(detectRustBacking('Cargo.toml', deps(text), new Set()).map((b) => b.kind)).toEqual(kinds);
  });

  it('takes the env var the code reads', () => {
    expect(detectRustBacking('Cargo.toml', deps('redis = "0.25"'), new Set(['REDIS_URL']))[0]?.envVar).toBe(
      'REDIS_URL',
    );
  });
});
