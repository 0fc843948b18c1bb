import { describe, expect, it } from 'vitest';
import { MemoryRepoFs } from '../../repo/repo-fs.js';
import { parseProcfile, portFromCommand, readProcfile } from './procfile.js';

describe('parseProcfile', () => {
  it('reads process types with their lines, skipping comments and blanks', () => {
    const text =
      '# processes\nweb: gunicorn app:app --bind 0.0.0.0:$PORT\n\nworker:   celery -A tasks worker\nrelease: python manage.py migrate\n';
    expect(parseProcfile(text)).toEqual([
      { type: 'web', command: 'gunicorn app:app --bind 0.0.0.0:$PORT', line: 2 },
      { type: 'worker', command: 'celery -A tasks worker', line: 4 },
      { type: 'release', command: 'python manage.py migrate', line: 5 },
    ]);
  });
  it('ignores garbage and empty input', () => {
    expect(parseProcfile('')).toEqual([]);
    expect(parseProcfile('not a procfile line\n: missing type\n\u0000\u0001')).toEqual([]);
  });
});

describe('readProcfile', () => {
  it('returns null without a Procfile and a warning for an unreadable one', () => {
    expect(readProcfile(new MemoryRepoFs({}), '.')).toBeNull();
    const r = readProcfile(new MemoryRepoFs({ 'api/Procfile': null }), 'api');
    expect(r?.diagnostics[0]).toMatchObject({ severity: 'warning', file: 'api/Procfile' });
  });
});

describe('portFromCommand', () => {
  it.each([
    ['uvicorn main:app --host 0.0.0.0 --port ${PORT:-8000}', 8000],
    ['gunicorn --bind 0.0.0.0:5000 app:app', 5000],
    ['gunicorn -b :8080 app:app', 8080],
    ['bundle exec rails server -p 3000', 3000],
    ['node server.js', null],
    ['gunicorn app:app --bind 0.0.0.0:$PORT', null],
  ])('%s → %s', (cmd, port) => {
    expect(portFromCommand(cmd)).toBe(port);
  });
});
