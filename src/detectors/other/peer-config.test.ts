import { describe, expect, it } from 'vitest';
import { MemoryRepoFs } from '../../repo/repo-fs.js';
import { readPeerConfig } from './peer-config.js';

describe('readPeerConfig', () => {
  it('reads railpack.json (JSONC) start, build steps and apt packages, skipping "..." and objects', () => {
    const fs = new MemoryRepoFs({
      'railpack.json': `{
  // comment
  "provider": "python",
  "buildAptPackages": ["libpq-dev"],
  "steps": { "build": { "commands": ["...", { "path": "/x" }, "make assets"] } },
  "deploy": { "startCommand": "gunicorn app:app", "aptPackages": ["libpq5"] },
}`,
    });
    const r = readPeerConfig(fs, '.');
    expect(r.start).toEqual({
      value: 'gunicorn app:app',
      evidence: {
        file: 'railpack.json',
        line: 6,
        reason: 'deploy.startCommand in railpack.json is "gunicorn app:app"',
        confidence: 'explicit',
      },
    });
    expect(r.build?.value).toBe('make assets');
    expect(r.systemPackages).toEqual(['libpq-dev', 'libpq5']);
    expect(r.provider?.language).toBe('python');
  });

  it('reads nixpacks.toml [start] cmd and [phases.*] cmds', () => {
    const fs = new MemoryRepoFs({
      'sub/nixpacks.toml':
        '[phases.install]\ncmds = ["pip install -r requirements.txt"]\n[phases.build]\ncmds = ["a", "b"]\n[start]\ncmd = "python main.py"\n',
    });
    const r = readPeerConfig(fs, 'sub');
    expect([r.install?.value, r.build?.value, r.start?.value]).toEqual([
      'pip install -r requirements.txt',
      'a && b',
      'python main.py',
    ]);
    expect(r.start?.evidence.line).toBe(6);
  });

  it('prefers railpack.json to nixpacks.toml when both state a start command', () => {
    const fs = new MemoryRepoFs({
      'railpack.json': '{"deploy":{"startCommand":"./a"}}',
      'nixpacks.toml': '[start]\ncmd = "./b"\n',
    });
    expect(readPeerConfig(fs, '.').start?.value).toBe('./a');
  });

  it('reports malformed files by name and keeps going', () => {
    const fs = new MemoryRepoFs({
      'railpack.json': '{ "deploy": nope }',
      'nixpacks.toml': '[start]\ncmd = "./b"\n',
    });
    const r = readPeerConfig(fs, '.');
    expect(r.start?.value).toBe('./b');
    expect(r.diagnostics).toEqual([expect.objectContaining({ severity: 'warning', file: 'railpack.json' })]);
  });
});
