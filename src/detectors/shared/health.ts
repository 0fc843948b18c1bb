import type { Evidence } from '../../model/evidence.js';

/**
 * Health route names, most preferred first: a liveness-style path suits both a container
 * HEALTHCHECK and a Kubernetes probe; `readyz` checks dependencies, so it comes last.
 */
export const HEALTH_NAMES = ['health', 'healthz', 'livez', 'ping', 'status', 'readyz'] as const;

/** Regex source matching one health name. */
export const HEALTH_NAME = `(?:${HEALTH_NAMES.join('|')})`;

/**
 * Preference of a health route path, lower first: the rank of its first health-name segment, then
 * shorter paths (/health beats /api/v1/health beats /health/ready).
 */
export function healthScore(path: string): number {
  const segments = path.split('/');
  const name = segments.find((s) => (HEALTH_NAMES as readonly string[]).includes(s));
  return HEALTH_NAMES.indexOf(name as (typeof HEALTH_NAMES)[number]) * 100 + segments.length;
}

/** Orders found health routes: {@link healthScore}, then file, then line. */
export function compareHealth(
  a: { path: string; evidence: Evidence },
  b: { path: string; evidence: Evidence },
): number {
  return (
    healthScore(a.path) - healthScore(b.path) ||
    a.evidence.file.localeCompare(b.evidence.file) ||
    (a.evidence.line ?? 0) - (b.evidence.line ?? 0)
  );
}
