import { describe, expect, it } from 'vitest';
import { portOfCommand, programOf, START_STRATEGIES, unwrapRunner } from './commands.js';

describe('start command helpers', () => {
  it.each([
    ['poetry run gunicorn app:app', 'gunicorn app:app', 'poetry run'],
    ['uv run python main.py', 'python main.py', 'uv run'],
    ['pipenv run  streamlit run a.py', 'streamlit run a.py', 'pipenv run'],
    ['uv run --with x python main.py', 'uv run --with x python main.py', null],
    ['gunicorn app:app', 'gunicorn app:app', null],
  ])('unwrapRunner(%j)', (cmd, command, wrapper) => expect(unwrapRunner(cmd)).toEqual({ command, wrapper }));

  it.each([
    ['gunicorn app:app', 'gunicorn'],
    ['FOO=1 python -m uvicorn app:app', 'uvicorn'],
    ['.venv/bin/hypercorn app:app', 'hypercorn'],
    ['python3.12 main.py', 'python3.12'],
    ['', null],
  ])('programOf(%j) = %s', (cmd, prog) => expect(programOf(cmd)).toBe(prog));

  it.each([
    ['gunicorn -b 0.0.0.0:5001 app:app', 5001, 'explicit'],
    ['uvicorn app:app --port 7000', 7000, 'explicit'],
    ['gunicorn app:app', 8000, 'weak'],
    ['waitress-serve app:app', 8080, 'weak'],
    ['python manage.py runserver', 8000, 'weak'],
    ['streamlit run a.py', 8501, 'weak'],
    ['python bot.py', null, null],
  ])('portOfCommand(%j)', (cmd, port, confidence) => {
    const r = portOfCommand(cmd, 'Procfile', 1);
    expect(r?.port ?? null).toBe(port);
    expect(r?.evidence.confidence ?? null).toBe(confidence);
  });

  it('strategies run from the most explicit to conventions', () => {
    expect(START_STRATEGIES.map((s) => s.source)).toEqual([
      'procfile',
      'script',
      'framework',
      'console-script',
      'entry-script',
    ]);
  });
});
