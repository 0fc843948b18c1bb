import { describe, expect, it } from 'vitest';
import { parseCargoTomlText, resolveDeps } from './cargo-toml.js';

const parse = (text: string) => {
  const r = parseCargoTomlText('Cargo.toml', text);
  if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
  return r;
};

describe('parseCargoTomlText', () => {
  it('reads package, bins and dependencies (normal and target-specific, not dev or build)', () => {
    const { value, diagnostics } = parse(
      [
        '[package]',
        'name = "api"',
        'rust-version = "1.74"',
        'default-run = "api"',
        '',
        '[[bin]]',
        'name = "api"',
        'path = "./src/main.rs"',
        '',
        '[[bin]]',
        'name = "cli"',
        '',
        '[dependencies]',
        'axum = "0.7"',
        'pg = { package = "tokio-postgres", version = "0.7", features = ["with-uuid-1"] }',
        '',
        '[dependencies.reqwest]',
        'version = "0.12"',
        'default-features = false',
        '',
        "[target.'cfg(unix)'.dependencies]",
        'nix = "0.28"',
        '',
        '[dev-dependencies]',
        'mongodb = "2"',
        '',
        '[build-dependencies]',
        'cc = "1"',
      ].join('\n'),
    );
    expect(diagnostics).toEqual([]);
    expect(value.package).toMatchObject({
      name: 'api',
      rustVersion: '1.74',
      rustVersionLine: 3,
      defaultRun: 'api',
      autobins: true,
    });
    expect(value.bins).toEqual([
      { name: 'api', path: 'src/main.rs', line: 6 },
      { name: 'cli', path: null, line: 10 },
    ]);
    expect(value.dependencies.map((d) => [d.key, d.crate, d.defaultFeatures, d.line])).toEqual([
      ['axum', 'axum', true, 14],
      ['pg', 'tokio-postgres', true, 15],
      ['reqwest', 'reqwest', false, 17],
      ['nix', 'nix', true, 22],
    ]);
    expect(value.dependencies[3]?.section).toBe("target.'cfg(unix)'.dependencies");
  });

  it('reads a workspace and resolves inherited dependencies (crate name, features, default-features)', () => {
    const root = parse(
      '[workspace]\nmembers = ["crates/*"]\nexclude = ["crates/old"]\n\n[workspace.package]\nrust-version = "1.76"\n\n[workspace.dependencies]\nsqlx = { version = "0.7", default-features = false, features = ["postgres"] }\ndb = { package = "diesel", version = "2" }\n',
    ).value;
    expect(root.workspace).toMatchObject({
      members: ['crates/*'],
      exclude: ['crates/old'],
      rustVersion: '1.76',
      membersLine: 2,
    });
    const member = parse(
      '[package]\nname = "m"\nrust-version.workspace = true\n\n[dependencies]\nsqlx = { workspace = true, features = ["uuid"] }\ndb.workspace = true\nserde = "1"\n',
    ).value;
    expect(member.package?.rustVersionFromWorkspace).toBe(true);
    expect(
      resolveDeps(member, root.workspace).map((d) => [d.key, d.crate, d.features, d.defaultFeatures]),
    ).toEqual([
      ['sqlx', 'sqlx', ['postgres', 'uuid'], false],
      ['db', 'diesel', [], true],
      ['serde', 'serde', [], true],
    ]);
  });

  it('autobins = false is kept', () => {
    expect(parse('[package]\nname = "x"\nautobins = false\n').value.package?.autobins).toBe(false);
  });

  it.each([
    ['empty', '  \n', 'warning', undefined],
    ['invalid TOML', '[package]\nname = "x\n', 'error', 2],
    ['duplicate keys', '[package]\nname = "a"\nname = "b"\n', 'error', 3],
  ])('%s: not ok, a diagnostic naming the file', (_name, text, severity, line) => {
    const r = parseCargoTomlText('svc/Cargo.toml', text);
    expect(r.ok).toBe(false);
    expect(r.diagnostics).toEqual([
      expect.objectContaining({ severity, file: 'svc/Cargo.toml', ...(line ? { line } : {}) }),
    ]);
  });

  it('neither package nor workspace: a warning; a package without a name: a warning', () => {
    expect(parseCargoTomlText('Cargo.toml', '[dependencies]\nx = "1"\n').diagnostics[0]?.message).toMatch(
      /neither/,
    );
    expect(parseCargoTomlText('Cargo.toml', '[package]\nversion = "1"\n').diagnostics[0]?.message).toMatch(
      /no name/,
    );
  });

  it('odd value types are dropped, not trusted', () => {
    const { value } = parse(
      '[package]\nname = 3\nrust-version = 1.7\n[dependencies]\nweird = 42\n[[bin]]\npath = 5\n',
    );
    expect(value.package).toMatchObject({ name: null, rustVersion: null });
    expect(value.dependencies).toEqual([]);
    expect(value.bins).toEqual([{ name: null, path: null, line: 6 }]);
  });
});
