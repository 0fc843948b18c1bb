import { describe, expect, it } from 'vitest';
import { MemoryRepoFs } from '../../repo/repo-fs.js';
import { availableServers, detectFramework, PYTHON_APP_SERVERS, PYTHON_FRAMEWORKS } from './frameworks.js';
import { readPythonProject } from './project.js';
import type { PySource } from './source-files.js';

function project(requirements: string) {
  return readPythonProject(new MemoryRepoFs({ 'requirements.txt': requirements }), '.');
}
const src = (code: string): PySource => ({ path: 'main.py', rel: 'main.py', code });

describe('PYTHON_FRAMEWORKS table', () => {
  it('ids and dependencies are unique, priorities are distinct, names are normalised', () => {
    const ids = PYTHON_FRAMEWORKS.map((f) => f.id);
    expect(new Set(ids).size).toBe(ids.length);
    const prio = PYTHON_FRAMEWORKS.map((f) => f.priority);
    expect(new Set(prio).size).toBe(prio.length);
    for (const f of PYTHON_FRAMEWORKS) expect(f.dependency).toMatch(/^[a-z0-9-]+$/);
    for (const s of PYTHON_APP_SERVERS) expect(s.command).toContain('{target}');
  });

  it('self-run frameworks have a runner that names their entry', () => {
    for (const f of PYTHON_FRAMEWORKS.filter((x) => x.interfaces.includes('self'))) {
      expect(f.runner, f.id).toMatch(/\{file\}|\{module\}/);
    }
  });
});

describe('detectFramework', () => {
  it.each([
    ['fastapi\nstarlette\n', 'fastapi', ['starlette']],
    ['quart\nflask\n', 'quart', ['flask']],
    ['django\nflask\ncelery\n', 'django', ['flask', 'celery']],
    ['streamlit\nfastapi\n', 'fastapi', ['streamlit']],
    ['celery[redis]\n', 'celery', []],
    ['requests\n', null, []],
  ])('%j → %s', (reqs, id, others) => {
    const m = detectFramework(project(reqs), []);
    expect(m?.entry.id ?? null).toBe(id);
    expect(m?.others.map((o) => o.id) ?? []).toEqual(others);
  });

  it('dev dependencies never make the framework', () => {
    const fs = new MemoryRepoFs({
      'pyproject.toml': '[project]\nname = "x"\ndependencies = []\n[dependency-groups]\ndev = ["flask"]\n',
    });
    expect(detectFramework(readPythonProject(fs, '.'), [])).toBeNull();
  });

  it('tornado and aiohttp need server code, not just the dependency', () => {
    expect(detectFramework(project('tornado\n'), [src('import tornado.ioloop')])).toBeNull();
    expect(detectFramework(project('tornado\n'), [src('import tornado.web\n')])?.entry.id).toBe('tornado');
    expect(detectFramework(project('aiohttp\n'), [src('app = web.Application()')])?.entry.id).toBe('aiohttp');
  });
});

describe('availableServers', () => {
  it('only servers that speak the interface, best first', () => {
    const p = project('gunicorn\nuvicorn\nwaitress\nhypercorn\n');
    expect(availableServers(p, 'wsgi').map((s) => s.server.id)).toEqual(['gunicorn', 'waitress']);
    expect(availableServers(p, 'asgi').map((s) => s.server.id)).toEqual(['uvicorn', 'hypercorn']);
  });

  it('an extra that bundles a server counts (fastapi[standard] → uvicorn), a plain fastapi does not', () => {
    expect(availableServers(project('fastapi[standard]\n'), 'asgi').map((s) => s.server.id)).toEqual([
      'uvicorn',
    ]);
    expect(availableServers(project('fastapi\n'), 'asgi')).toEqual([]);
  });
});
