import { describe, expect, it } from 'vitest';
import { parseCargoTomlText } from './cargo-toml.js';
import { cargoBuild, cargoInstall, systemDeps } from './commands.js';

const deps = (text: string) => {
  const r = parseCargoTomlText('Cargo.toml', `[package]\nname = "x"\n\n[dependencies]\n${text}`);
  if (!r.ok) throw new Error('bad');
  return r.value.dependencies;
};

describe('cargo commands', () => {
  it.each([
    [
      { binName: 'api', packageName: null, locked: true, targetDir: 'target', output: 'bin/api' },
      'cargo build --release --locked --bin api && mkdir -p bin && cp target/release/api bin/api',
    ],
    [
      { binName: 'api', packageName: 'api', locked: false, targetDir: '../../target', output: 'bin/api' },
      'cargo build --release -p api --bin api && mkdir -p bin && cp ../../target/release/api bin/api',
    ],
    [
      { binName: 'api', packageName: null, locked: true, targetDir: 'target', output: 'target/release/api' },
      'cargo build --release --locked --bin api',
    ],
  ])('%j', (input, expected) => {
    expect(cargoBuild(input)).toBe(expected);
  });

  it('install is cargo fetch, locked when Cargo.lock exists', () => {
    expect([cargoInstall(true), cargoInstall(false)]).toEqual(['cargo fetch --locked', 'cargo fetch']);
  });
});

describe('systemDeps', () => {
  it.each([
    ['openssl = "0.10"', /libssl-dev/],
    ['reqwest = "0.12"', /libssl-dev/],
    ['diesel = { version = "2", features = ["postgres"] }', /libpq-dev/],
    ['diesel = { version = "2", features = ["mysql"] }', /libmysqlclient-dev/],
    ['rusqlite = "0.31"', /libsqlite3-dev/],
    ['rdkafka = "0.36"', /cmake/],
  ])('%s', (text, reason) => {
    const ev = systemDeps('Cargo.toml', deps(text));
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatchObject({ file: 'Cargo.toml', line: 5, reason: expect.stringMatching(reason) });
  });

  it.each([
    ['openssl = { version = "0.10", features = ["vendored"] }'],
    ['reqwest = { version = "0.12", default-features = false, features = ["rustls-tls"] }'],
    ['rusqlite = { version = "0.31", features = ["bundled"] }'],
    ['diesel = { version = "2", features = ["r2d2"] }'],
  ])('%s: nothing to install', (text) => {
    expect(systemDeps('Cargo.toml', deps(text))).toEqual([]);
  });

  it('one note per system package', () => {
    expect(
      systemDeps('Cargo.toml', deps('openssl = "0.10"\nopenssl-sys = "0.9"\nreqwest = "0.12"')),
    ).toHaveLength(1);
  });
});
