// The real pipeline over repos with hostile or broken files: it must never throw, must name each
// problem file in a diagnostic where a registered detector (or the walk) meets it, and must still
// detect the healthy service beside it.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DETECTORS } from '../src/detectors/index.js';
import { ProjectModel } from '../src/model/project.js';
import { assess } from '../src/pipeline.js';
import { walkDiagnostics } from '../src/repo/repo-fs.js';

const temps: string[] = [];
afterEach(() => {
  for (const t of temps.splice(0)) rmSync(t, { recursive: true, force: true });
});

const registered = new Set<string>(DETECTORS.map((d) => d.id));

function write(root: string, rel: string, content: string | Buffer = ''): void {
  mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  writeFileSync(path.join(root, rel), content);
}

/** A temp repo holding one healthy Express service in services/healthy. */
function repoWithHealthyService(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'shipready-bad-input-'));
  temps.push(root);
  write(
    root,
    'services/healthy/package.json',
    JSON.stringify({
      name: 'healthy',
      version: '1.0.0',
      scripts: { start: 'node server.js' },
      dependencies: { express: '^4.19.2' },
    }),
  );
  write(
    root,
    'services/healthy/server.js',
    "const app = require('express')();\napp.listen(process.env.PORT || 3000);\n",
  );
  return root;
}

interface BadCase {
  name: string;
  /** The problem file, repo-relative. */
  file: string;
  /** Who must name the file in a diagnostic: a registered detector's id or the walk. */
  namedBy: string | 'walk' | null;
  make: (root: string) => void;
}

const CASES: BadCase[] = [
  {
    name: 'a 50 MB (sparse) package.json',
    file: 'services/huge/package.json',
    namedBy: 'node',
    make: (root) => {
      write(root, 'services/huge/package.json');
      truncateSync(path.join(root, 'services/huge/package.json'), 50 * 1024 * 1024);
    },
  },
  {
    name: 'a binary go.mod',
    file: 'services/gosvc/go.mod',
    namedBy: 'go',
    make: (root) => {
      write(
        root,
        'services/gosvc/go.mod',
        Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00, 0x00, 0xff]),
      );
      write(root, 'services/gosvc/main.go', 'package main\n\nfunc main() {}\n');
    },
  },
  {
    name: 'a non-UTF-8 (latin-1) requirements.txt',
    file: 'services/py/requirements.txt',
    // Decodes with U+FFFD in a comment: still a valid file, nothing to report.
    namedBy: null,
    make: (root) => {
      write(
        root,
        'services/py/requirements.txt',
        Buffer.from('# Café de la Gare\nfastapi==0.111.0\nuvicorn==0.30.1\n', 'latin1'),
      );
      write(
        root,
        'services/py/main.py',
        'import os\nfrom fastapi import FastAPI\n\napp = FastAPI()\n\n@app.get("/health")\ndef health():\n    return {"ok": True}\n',
      );
    },
  },
  {
    name: 'a symlink loop named package.json, and a folder symlink back up the tree',
    file: 'services/loop/package.json',
    namedBy: 'node',
    make: (root) => {
      mkdirSync(path.join(root, 'services/loop'), { recursive: true });
      symlinkSync('package.json', path.join(root, 'services/loop/package.json'));
      symlinkSync('..', path.join(root, 'services/loop/up'));
    },
  },
  {
    name: 'a symlink to /etc/passwd named package.json',
    file: 'services/etc/package.json',
    namedBy: 'node',
    make: (root) => {
      mkdirSync(path.join(root, 'services/etc'), { recursive: true });
      symlinkSync('/etc/passwd', path.join(root, 'services/etc/package.json'));
    },
  },
  {
    name: 'an empty Gemfile',
    file: 'services/rb/Gemfile',
    namedBy: null,
    make: (root) => {
      write(root, 'services/rb/Gemfile', '');
      write(root, 'services/rb/app.rb', "require 'sinatra'\nget('/') { 'hi' }\n");
    },
  },
  {
    name: 'a FIFO named Cargo.toml',
    file: 'services/rust/Cargo.toml',
    namedBy: 'walk',
    make: (root) => {
      mkdirSync(path.join(root, 'services/rust/src'), { recursive: true });
      execFileSync('mkfifo', [path.join(root, 'services/rust/Cargo.toml')]);
      write(root, 'services/rust/src/main.rs', 'fn main() {}\n');
    },
  },
];

function expectHealthy(model: ProjectModel): void {
  expect(() => ProjectModel.parse(model)).not.toThrow();
  const healthy = model.services.find((s) => s.path === 'services/healthy');
  expect(healthy).toMatchObject({ language: 'node', framework: 'express', port: 3000 });
}

describe('bad input through the real pipeline', () => {
  for (const c of CASES) {
    it(`survives ${c.name}`, () => {
      const root = repoWithHealthyService();
      c.make(root);
      const a = assess(root);
      expectHealthy(a.model);
      const named = a.model.diagnostics.filter((d) => d.file === c.file);
      if (c.namedBy === 'walk') {
        expect(walkDiagnostics(a.fs).map((d) => d.file)).toContain(c.file);
      } else if (c.namedBy !== null) {
        // A detector that is renamed or dropped must fail here, not skip the check.
        expect([...registered], `detector ${c.namedBy} is registered`).toContain(c.namedBy);
        expect(named, `a diagnostic naming ${c.file}`).not.toHaveLength(0);
      }
      if (c.namedBy === 'node') {
        // An unreadable package.json never becomes a service.
        expect(a.model.services.map((s) => s.path)).not.toContain(path.posix.dirname(c.file));
      }
    });
  }

  it('survives all of them at once, and never reads /etc/passwd', () => {
    const root = repoWithHealthyService();
    for (const c of CASES) c.make(root);
    const a = assess(root);
    expectHealthy(a.model);
    expect(JSON.stringify(a.model)).not.toMatch(/root:x:0:0/);
    expect(a.fs.readText('services/etc/package.json')).toMatchObject({ ok: false, reason: 'outside-repo' });
    expect(a.fs.readText('services/huge/package.json')).toMatchObject({ ok: false, reason: 'too-large' });
    expect(a.fs.readText('services/gosvc/go.mod')).toMatchObject({ ok: false, reason: 'binary' });
    expect(a.fs.readText('services/loop/package.json')).toMatchObject({ ok: false, reason: 'unreadable' });
    expect(a.fs.readText('services/rust/Cargo.toml')).toMatchObject({ ok: false, reason: 'unreadable' });
    const py = a.fs.readText('services/py/requirements.txt');
    expect(py.ok && py.text.startsWith('# Caf\uFFFD de la Gare\n')).toBe(true);
  });

  it("puts the walk's problems (unreadable folders, special files) into the model's diagnostics", () => {
    const root = repoWithHealthyService();
    CASES.find((c) => c.namedBy === 'walk')?.make(root);
    const a = assess(root);
    expect(a.model.diagnostics).toContainEqual(
      expect.objectContaining({
        file: 'services/rust/Cargo.toml',
        message: 'skipped: a FIFO, not a regular file',
      }),
    );
  });
});
