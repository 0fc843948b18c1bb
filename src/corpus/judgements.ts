import type { Field } from './score.js';

/**
 * Corpus expectations we judge wrong, each with the reason (docs/detection.md explains them in full).
 * A judgement applies only while we still give exactly `actual` for exactly `expected`: if detection
 * changes, the miss shows up again as a plain miss. The corpus runner prints raw accuracy beside the
 * accuracy over the expectations we accept, and lists every judgement it applied.
 */
export interface Judgement {
  app: string;
  field: Field;
  expected: string;
  actual: string;
  reason: string;
}

export const JUDGEMENTS: readonly Judgement[] = [
  {
    app: 'nixpacks/csharp-cli',
    field: 'port',
    expected: '3000',
    actual: '(none)',
    reason:
      'a console app (no ASP.NET Core): it listens on nothing; 3000 is the ASPNETCORE_URLS default the peer injects into every .NET plan',
  },
  {
    app: 'nixpacks/fsharp-api',
    field: 'port',
    expected: '3000',
    actual: '8080',
    reason:
      '3000 is the ASPNETCORE_URLS value the peer adds to every F# plan, nothing in the app sets a URL; a net6.0 runtime image listens on 80, which a non-root container cannot bind, so we set ASPNETCORE_URLS=http://+:8080',
  },
  {
    app: 'railpack/dotnet-api',
    field: 'port',
    expected: '3000',
    actual: '8080',
    reason:
      "3000 comes from the peer's own start command (ASPNETCORE_URLS=http://0.0.0.0:${PORT:-3000}), nothing in the app sets a URL; Microsoft's ASP.NET Core images since .NET 8 listen on 8080 (ASPNETCORE_HTTP_PORTS)",
  },
  {
    app: 'nixpacks/python',
    field: 'start',
    expected: 'python main.py',
    actual: 'gunicorn --bind 0.0.0.0:${PORT:-8000} main:app',
    reason:
      "a Flask app that declares gunicorn in requirements.txt: the declared production WSGI server is the production start, not `python main.py` (which would run Flask's development server)",
  },
  {
    app: 'nixpacks/elixir-ecto',
    field: 'start',
    expected: 'mix phx.server',
    actual: '_build/prod/rel/friends/bin/friends start',
    reason:
      'not a Phoenix app (mix.exs depends on ecto_sql and postgrex only), so the phx.server task does not exist here; a mix release is the self-contained production start',
  },
];

/** The judgement that covers this miss, if any. */
export function judgementFor(
  app: string,
  field: Field,
  expected: string,
  actual: string,
  judgements: readonly Judgement[] = JUDGEMENTS,
): Judgement | undefined {
  return judgements.find(
    (j) => j.app === app && j.field === field && j.expected === expected && j.actual === actual,
  );
}
