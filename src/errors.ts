/** Where a problem is: a file (relative to the repo or absolute for CLI input), optionally a line. */
export interface ErrorLocation {
  file?: string;
  line?: number;
  field?: string;
}

/**
 * The one error type shipready raises for problems a person can fix: what went wrong, where, and
 * how to fix it. The CLI prints `message` as one line and exits with `exitCode`.
 */
export class ShipreadyError extends Error {
  override readonly name = 'ShipreadyError';
  readonly location: ErrorLocation | undefined;
  readonly fix: string | undefined;
  /** 2 = usage or input error (the default), 1 = findings or conflicts. */
  readonly exitCode: 1 | 2;

  constructor(
    what: string,
    opts: { location?: ErrorLocation; fix?: string; cause?: unknown; exitCode?: 1 | 2 } = {},
  ) {
    super(
      formatMessage(what, opts.location, opts.fix),
      opts.cause === undefined ? {} : { cause: opts.cause },
    );
    this.location = opts.location;
    this.fix = opts.fix;
    this.exitCode = opts.exitCode ?? 2;
  }
}

function formatMessage(what: string, loc: ErrorLocation | undefined, fix: string | undefined): string {
  let where = '';
  if (loc?.file) {
    where = loc.file;
    if (loc.line !== undefined) where += `:${loc.line}`;
    if (loc.field) where += ` (${loc.field})`;
    where += ': ';
  }
  return `${where}${what}${fix ? ` — ${fix}` : ''}`;
}

export function isShipreadyError(e: unknown): e is ShipreadyError {
  return e instanceof ShipreadyError;
}
