import { describe, expect, it } from 'vitest';
import { MemoryRepoFs } from '../../repo/repo-fs.js';
import { detectPackageManager, installCommand, parsePackageManagerField } from './package-manager.js';
import { type ParsedPackage, parsePackageJsonText } from './parse-package-json.js';

function pkgs(files: Record<string, string>): Map<string, ParsedPackage> {
  const out = new Map<string, ParsedPackage>();
  for (const [f, text] of Object.entries(files)) {
    if (!f.endsWith('package.json')) continue;
    const r = parsePackageJsonText(f, text);
    if (r.ok) out.set(r.value.dir, r.value);
  }
  return out;
}

function detect(files: Record<string, string>, dir = '.') {
  const all = pkgs(files);
  return detectPackageManager(new MemoryRepoFs(files), all.get(dir) as ParsedPackage, all);
}

describe('parsePackageManagerField', () => {
  it.each([
    ['pnpm@9.1.0', { id: 'pnpm', version: '9.1.0' }],
    ['yarn@4.2.2+sha512.abc', { id: 'yarn', version: '4.2.2' }],
    ['npm', { id: 'npm', version: null }],
    ['bun@1.1.0', { id: 'bun', version: '1.1.0' }],
    ['cargo@1', null],
  ])('%s', (value, expected) => {
    expect(parsePackageManagerField(value)).toEqual(expected);
  });
});

describe('installCommand', () => {
  it.each([
    ['npm', true, false, 'npm ci'],
    ['npm', false, false, 'npm install'],
    ['yarn', true, false, 'yarn install --frozen-lockfile'],
    ['yarn', true, true, 'yarn install --immutable'],
    ['yarn', false, false, 'yarn install'],
    ['pnpm', true, false, 'pnpm install --frozen-lockfile'],
    ['pnpm', false, false, 'pnpm install'],
    ['bun', true, false, 'bun install --frozen-lockfile'],
  ] as const)('%s lock=%s berry=%s → %s', (id, hasLockfile, yarnBerry, cmd) => {
    expect(installCommand(id, { hasLockfile, yarnBerry })).toBe(cmd);
  });
});

describe('detectPackageManager', () => {
  const pj = (extra: object = {}) => JSON.stringify({ name: 'a', ...extra });

  it.each([
    ['package-lock.json', 'npm', 'npm ci'],
    ['npm-shrinkwrap.json', 'npm', 'npm ci'],
    ['yarn.lock', 'yarn', 'yarn install --frozen-lockfile'],
    ['pnpm-lock.yaml', 'pnpm', 'pnpm install --frozen-lockfile'],
    ['bun.lockb', 'bun', 'bun install --frozen-lockfile'],
    ['bun.lock', 'bun', 'bun install --frozen-lockfile'],
  ])('lockfile %s → %s (strong), even when empty', (lock, id, install) => {
    const r = detect({ 'package.json': pj(), [lock]: '' });
    expect(r.id).toBe(id);
    expect(r.install).toBe(install);
    expect(r.lockfile).toBe(lock);
    expect(r.evidence[0]).toMatchObject({ file: lock, confidence: 'strong' });
  });

  it('defaults to npm (weak) with no field and no lockfile', () => {
    const r = detect({ 'package.json': pj() });
    expect(r).toMatchObject({ id: 'npm', install: 'npm install', lockfile: null });
    expect(r.evidence[0]?.confidence).toBe('weak');
  });

  it('the packageManager field is explicit', () => {
    const r = detect({ 'package.json': pj({ packageManager: 'pnpm@9.1.0' }), 'pnpm-lock.yaml': '' });
    expect(r).toMatchObject({ id: 'pnpm', version: '9.1.0' });
    expect(r.evidence.map((e) => e.confidence)).toEqual(['explicit', 'strong']);
    expect(r.diagnostics).toEqual([]);
  });

  it('explicit field beats a conflicting lockfile; both are evidence; a warning names the stale file', () => {
    const r = detect({ 'package.json': pj({ packageManager: 'pnpm@9.1.0' }), 'package-lock.json': '{}' });
    expect(r.id).toBe('pnpm');
    expect(r.lockfile).toBeNull();
    expect(r.install).toBe('pnpm install');
    expect(r.evidence.map((e) => [e.file, e.confidence])).toEqual([
      ['package.json', 'explicit'],
      ['package-lock.json', 'weak'],
    ]);
    expect(r.diagnostics[0]).toMatchObject({ severity: 'warning', file: 'package-lock.json' });
  });

  it('several lockfiles: the priority in LOCKFILES decides, with a warning', () => {
    const r = detect({ 'package.json': pj(), 'package-lock.json': '', 'yarn.lock': '' });
    expect(r.id).toBe('yarn');
    expect(r.diagnostics).toHaveLength(1);
  });

  it('walks up to the workspace root for lockfiles and the packageManager field', () => {
    const files = {
      'package.json': pj({ workspaces: ['apps/*'], packageManager: 'yarn@4.2.2' }),
      'yarn.lock': '__metadata:\n  version: 8\n',
      'apps/api/package.json': pj(),
    };
    const r = detect(files, 'apps/api');
    expect(r).toMatchObject({
      id: 'yarn',
      yarnBerry: true,
      lockfile: 'yarn.lock',
      install: 'yarn install --immutable',
    });
    expect(r.evidence[0]).toMatchObject({ file: 'package.json', confidence: 'explicit' });
  });

  it.each([
    [{ 'package.json': pj(), 'yarn.lock': '', '.yarnrc.yml': 'nodeLinker: node-modules\n' }, true],
    [{ 'package.json': pj(), 'yarn.lock': '__metadata:\n  version: 8\n' }, true],
    [{ 'package.json': pj({ packageManager: 'yarn@1.22.22' }), 'yarn.lock': '', '.yarnrc.yml': '' }, false],
    [{ 'package.json': pj(), 'yarn.lock': '# yarn lockfile v1\n' }, false],
  ])('yarn berry detection %#', (files, berry) => {
    const r = detect(files);
    expect(r.yarnBerry).toBe(berry);
    expect(r.install).toBe(berry ? 'yarn install --immutable' : 'yarn install --frozen-lockfile');
  });

  it('an unknown packageManager value is a warning and falls back to lockfiles', () => {
    const r = detect({ 'package.json': pj({ packageManager: 'cargo@1' }), 'pnpm-lock.yaml': '' });
    expect(r.id).toBe('pnpm');
    expect(r.diagnostics[0]).toMatchObject({ severity: 'warning', file: 'package.json' });
  });
});

describe('detectPackageManager: signs besides lockfiles', () => {
  const pj = (extra: object = {}) => JSON.stringify({ name: 'a', ...extra });

  it.each([
    ['bunfig.toml', { 'package.json': pj(), 'bunfig.toml': '[install]\n' }, 'bun', 'bunfig.toml'],
    ['.bun-version', { 'package.json': pj(), '.bun-version': '1.1.30' }, 'bun', '.bun-version'],
    ['engines.bun', { 'package.json': pj({ engines: { bun: '>=1.0.0' } }) }, 'bun', 'package.json'],
    [
      'engines.pnpm',
      { 'package.json': pj({ engines: { node: '22', pnpm: '8.15.9' } }) },
      'pnpm',
      'package.json',
    ],
    ['engines.yarn', { 'package.json': pj({ engines: { yarn: '1.x' } }) }, 'yarn', 'package.json'],
    [
      'mise [tools] pnpm',
      { 'package.json': pj(), 'mise.toml': '[tools]\npnpm = "9"\n' },
      'pnpm',
      'mise.toml',
    ],
    [
      '@types/bun',
      { 'package.json': pj({ devDependencies: { '@types/bun': 'latest' } }) },
      'bun',
      'package.json',
    ],
  ] as const)('%s → %s', (_label, files, id, file) => {
    const r = detect({ ...files });
    expect(r.id).toBe(id);
    expect(r.evidence[0]?.file).toBe(file);
    expect(r.evidence[0]?.reason).toContain('no packageManager field or lockfile');
  });

  it('a lockfile outranks every sign (bun start script, pnpm lockfile → pnpm)', () => {
    const r = detect({
      'package.json': pj({ scripts: { start: 'bun index.ts' }, devDependencies: { '@types/bun': '1' } }),
      'pnpm-lock.yaml': '',
    });
    expect(r.id).toBe('pnpm');
  });

  it('the strongest sign wins in a folder: engines.pnpm over @types/bun', () => {
    const r = detect({
      'package.json': pj({ engines: { pnpm: '9' }, devDependencies: { '@types/bun': '1' } }),
    });
    expect(r).toMatchObject({ id: 'pnpm', version: '9', install: 'pnpm install' });
  });

  it('an unparsable mise.toml is a warning naming it; the other signs still count', () => {
    const r = detect({ 'package.json': pj({ engines: { yarn: '4' } }), 'mise.toml': '[tools\nnode=' });
    expect(r.id).toBe('yarn');
    expect(r.diagnostics).toEqual([expect.objectContaining({ severity: 'warning', file: 'mise.toml' })]);
  });

  it('Corepack field with a hash keeps the version and is explicit', () => {
    const r = detect({
      'package.json': pj({ packageManager: 'pnpm@9.1.0+sha512.0123456789abcdef' }),
      'pnpm-lock.yaml': '',
    });
    expect(r).toMatchObject({ id: 'pnpm', version: '9.1.0' });
    expect(r.evidence[0]).toMatchObject({
      confidence: 'explicit',
      reason: expect.stringContaining('+sha512'),
    });
  });

  it('Yarn Berry from a release checked into .yarn/releases', () => {
    const r = detect({ 'package.json': pj(), 'yarn.lock': '', '.yarn/releases/yarn-3.8.7.cjs': '' });
    expect(r.yarnBerry).toBe(true);
    expect(r.installEvidence.map((e) => e.file)).toContain('.yarn/releases/yarn-3.8.7.cjs');
  });

  it.each([
    ["lockfileVersion: '9.0'\n", '9'],
    ["lockfileVersion: '6.0'\n", '8'],
    ['lockfileVersion: 5.4\n', '7'],
    ['', null],
  ])('pnpm version from pnpm-lock.yaml %j → %s (weak)', (lock, version) => {
    const r = detect({ 'package.json': pj(), 'pnpm-lock.yaml': lock });
    expect(r.version).toBe(version);
    if (version) expect(r.evidence.at(-1)).toMatchObject({ file: 'pnpm-lock.yaml', confidence: 'weak' });
  });

  it('npm lockfileVersion 3 → npm 9 or later', () => {
    const r = detect({
      'package.json': pj(),
      'package-lock.json': '{\n  "name": "a",\n  "lockfileVersion": 3\n}',
    });
    expect(r.version).toBe('9');
    expect(r.evidence.at(-1)).toMatchObject({ line: 3, reason: expect.stringContaining('npm 9 or later') });
  });

  it('a workspace member installs at the workspace root, and the evidence says so', () => {
    const files = {
      'package.json': pj({ workspaces: ['apps/*'] }),
      'package-lock.json': '{}',
      'apps/api/package.json': pj(),
    };
    const r = detect(files, 'apps/api');
    expect(r).toMatchObject({
      id: 'npm',
      install: 'npm ci',
      installRoot: '.',
      lockfile: 'package-lock.json',
    });
    expect(r.installEvidence[0]?.reason).toContain('workspace root');
  });
});
