import { describe, expect, it } from 'vitest';
import { MemoryRepoFs } from '../../repo/repo-fs.js';
import { readPythonProject } from './project.js';
import { detectPythonVersion, PYTHON_VERSION_FILES, satisfies } from './version.js';

function detect(files: Record<string, string>, dir = '.') {
  const fs = new MemoryRepoFs(files);
  return detectPythonVersion(fs, readPythonProject(fs, dir));
}

describe('satisfies', () => {
  it.each([
    ['3.12.1', '>=3.12', true],
    ['3.11.9', '>=3.12', false],
    ['3.11.0', '>=3.10,<3.12', true],
    ['3.12.0', '>=3.10,<3.12', false],
    ['3.11.4', '==3.11.*', true],
    ['3.12.0', '==3.11.*', false],
    ['3.11.4', '~=3.11', true],
    ['4.0.0', '~=3.11', false],
    ['3.12.0', '^3.10', true],
    ['4.0.0', '^3.10', false],
    ['3.11.9', '~3.11', true],
    ['3.12.0', '~3.11', false],
    ['2.7.18', '>=3.8 || ^2.7', true],
    ['3.11.2', '3.11', true],
    ['3.11.2', '!=3.11.2', false],
    ['3.12.0', '*', true],
    ['3.12.0', 'banana', null],
    ['x', '>=3', null],
  ])('%s in %s → %s', (v, spec, expected) => expect(satisfies(v, spec)).toBe(expected));
});

describe('detectPythonVersion', () => {
  it('pins beat ranges; within a folder .python-version beats runtime.txt beats .tool-versions beats mise', () => {
    const r = detect({
      '.python-version': '3.12.1\n',
      'runtime.txt': 'python-3.12.0',
      '.tool-versions': 'python 3.12.2',
      'mise.toml': '[tools]\npython = "3.12.3"\n',
      'pyproject.toml': '[project]\nrequires-python = ">=3.11"\n',
    });
    expect(r.version).toBe('3.12.1');
    expect(r.evidence.map((e) => [e.file, e.confidence])).toEqual([
      ['.python-version', 'explicit'],
      ['runtime.txt', 'weak'],
      ['.tool-versions', 'weak'],
      ['mise.toml', 'weak'],
      ['pyproject.toml', 'weak'],
    ]);
    expect(PYTHON_VERSION_FILES.map((f) => f.priority)).toEqual([100, 90, 80]);
  });

  it('the nearest folder wins: a service pin beats the repo root one', () => {
    const r = detect(
      { '.python-version': '3.11', 'api/runtime.txt': 'python-3.12.4', 'api/main.py': '' },
      'api',
    );
    expect(r.version).toBe('3.12.4');
  });

  it.each([
    [{ 'runtime.txt': 'python-2.7' }, '2.7'],
    [{ '.python-version': '# pyenv\n3.13t\n3.12\n' }, '3.13'],
    [{ '.python-version': '3.11 3.10' }, '3.11'],
    [{ '.tool-versions': 'nodejs 20\npython 3.10.14 3.9.1' }, '3.10.14'],
    [{ 'mise.toml': '[tools]\npython = ["3.11", "3.10"]' }, '3.11'],
    [{ '.mise.toml': '[tools]\npython = { version = "3.9" }' }, '3.9'],
    [{ 'mise.toml': '[tools]\npython = "latest"' }, '3'],
    [{ Pipfile: '[requires]\npython_version = "3.11"\npython_full_version = "3.11.9"' }, '3.11'],
    [{ Pipfile: '[requires]\npython_full_version = "3.11.9"' }, '3.11.9'],
    [{ 'pyproject.toml': '[tool.poetry.dependencies]\npython = "^3.10"' }, '^3.10'],
    [
      {
        'pyproject.toml':
          '[project]\nrequires-python = ">=3.9"\n[tool.poetry.dependencies]\npython = "^3.10"',
      },
      '>=3.9',
    ],
    [{ '.python-version': '' }, null],
    [{}, null],
  ])('%j → %s', (files, version) => {
    expect(detect(files as Record<string, string>).version).toBe(version);
  });

  it('aliases that are not versions are info; nonsense is a warning with the line', () => {
    expect(detect({ '.python-version': 'system' }).diagnostics).toEqual([
      expect.objectContaining({ severity: 'info', file: '.python-version', line: 1 }),
    ]);
    expect(detect({ 'runtime.txt': '\npython-three' }).diagnostics).toEqual([
      expect.objectContaining({ severity: 'warning', file: 'runtime.txt', line: 2 }),
    ]);
  });

  it('a short pin conflicts only when no release of it fits the range', () => {
    expect(
      detect({ '.python-version': '3.12', 'pyproject.toml': '[project]\nrequires-python = ">=3.12.4"' })
        .diagnostics,
    ).toEqual([]);
    expect(
      detect({
        'mise.toml': '[tools]\npython = "3.7"',
        'pyproject.toml': '[project]\nrequires-python = ">=3.9"',
      }).diagnostics,
    ).toEqual([expect.objectContaining({ severity: 'warning', file: 'mise.toml', line: 2 })]);
  });
});
