import { describe, expect, it } from 'vitest';
import { blankPythonComments, dependencyLine, lineOf, moduleOf, normalizeName } from './python-text.js';

describe('blankPythonComments', () => {
  it.each([
    ['x = 1  # note', 'x = 1        '],
    ['# app.run(port=1)\ny = 2', '                 \ny = 2'],
    ['s = "# not a comment"  # yes', 's = "# not a comment"       '],
    ["s = 'it''s' # c", "s = 'it''s'    "],
    ['d = """\n# inside a docstring\n"""', 'd = """\n# inside a docstring\n"""'],
    ['e = "esc \\" # still string" # c', 'e = "esc \\" # still string"    '],
    ['u = "unterminated\n# comment', 'u = "unterminated\n         '],
  ])('%j', (src, out) => {
    const r = blankPythonComments(src);
    expect(r).toBe(out);
    expect(r.length).toBe(src.length);
  });
});

describe('names and lines', () => {
  it.each([
    ['Flask_SQLAlchemy', 'flask-sqlalchemy'],
    ['zope.interface', 'zope-interface'],
    ['psycopg2-binary', 'psycopg2-binary'],
    ['Django', 'django'],
  ])('normalizeName(%s) = %s', (raw, n) => expect(normalizeName(raw)).toBe(n));

  it('finds a dependency line in its TOML section only', () => {
    const text =
      '[project]\nname = "flask-app"\ndependencies = [\n  "Flask>=3",\n]\n[tool.poetry.dependencies]\nflask = "^3"\n';
    expect(dependencyLine(text, 'flask', 'project')).toBe(4);
    expect(dependencyLine(text, 'flask', 'tool.poetry.dependencies')).toBe(7);
    // "flask-app" is not "flask".
    expect(dependencyLine('name = "flask-app"\n', 'flask')).toBeUndefined();
    expect(lineOf('[a]\nx = 1\n[b]\nx = 2\n', /^x =/, 'b')).toBe(4);
  });

  it.each([
    ['main.py', 'main'],
    ['app/main.py', 'app.main'],
    ['pkg/__init__.py', 'pkg'],
  ])('moduleOf(%s) = %s', (f, m) => expect(moduleOf(f)).toBe(m));
});
