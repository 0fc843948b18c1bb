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
      "3000 is the peer's injected ASPNETCORE_URLS default, not in the app; ASP.NET Core images listen on 8080 (ASPNETCORE_HTTP_PORTS) since .NET 8, and our images keep it",
  },
  {
    app: 'railpack/dotnet-api',
    field: 'port',
    expected: '3000',
    actual: '8080',
    reason:
      "3000 is the peer's injected ASPNETCORE_URLS default, not in the app; ASP.NET Core images listen on 8080 (ASPNETCORE_HTTP_PORTS) since .NET 8, and our images keep it",
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
      "Phoenix's deployment guide ships a mix release; `mix phx.server` needs Mix, the sources and the build toolchain at runtime",
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
