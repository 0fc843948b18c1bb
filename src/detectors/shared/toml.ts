import type { Diagnostic } from '../../model/diagnostic.js';

/** A diagnostic for a TOML parse error, with the line smol-toml reports. */
export function tomlDiagnostic(file: string, e: unknown, fix: string): Diagnostic {
  const err = e as { line?: unknown; message?: unknown };
  const first = String(err.message ?? e).split('\n')[0] ?? 'invalid TOML';
  const line = typeof err.line === 'number' && err.line > 0 ? err.line : undefined;
  return {
    severity: 'error',
    file,
    ...(line ? { line } : {}),
    message: `invalid TOML: ${first.replace(/^Invalid TOML document: /, '')}`,
    fix,
  };
}
