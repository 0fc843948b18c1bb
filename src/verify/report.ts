import type { ServiceResult, VerifyReport } from './verify.js';

/** Colour functions the text report uses (picocolors' shape; identity when colour is off). */
export interface ReportColors {
  green: (s: string) => string;
  red: (s: string) => string;
  yellow: (s: string) => string;
  dim: (s: string) => string;
}

const HEADERS = ['service', 'build s', 'size MB', 'healthy s', 'non-root', 'read-only fs', 'result'] as const;

const num = (n: number | null): string => (n === null ? '-' : n.toFixed(1));
const yesNo = (b: boolean | null): string => (b === null ? '-' : b ? 'yes' : 'no');

export function summarize(report: VerifyReport): { passed: number; failed: number; skipped: number } {
  const count = (s: ServiceResult['status']): number => report.services.filter((x) => x.status === s).length;
  return { passed: count('passed'), failed: count('failed'), skipped: count('skipped') };
}

/** The table, the notes on failures (error and last log lines), and `N passed, N failed`. */
export function renderVerifyText(report: VerifyReport, c: ReportColors): string {
  const rows = report.services.map((s) => [
    s.name,
    num(s.buildSeconds),
    num(s.imageSizeMb),
    num(s.healthySeconds),
    yesNo(s.nonRoot),
    yesNo(s.readOnlyRootFs),
    s.status,
  ]);
  const widths = HEADERS.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const numeric = new Set([1, 2, 3]);
  const line = (cells: readonly string[], paint?: (s: string, i: number) => string): string =>
    cells
      .map((cell, i) => {
        const w = widths[i] as number;
        const padded = numeric.has(i) ? cell.padStart(w) : cell.padEnd(w);
        return paint ? paint(padded, i) : padded;
      })
      .join('  ')
      .trimEnd();
  const paintStatus = (s: ServiceResult['status']) => (text: string, i: number) =>
    i !== 6 ? text : s === 'passed' ? c.green(text) : s === 'failed' ? c.red(text) : c.dim(text);
  const out = [
    line(HEADERS),
    ...rows.map((r, i) => line(r, paintStatus((report.services[i] as ServiceResult).status))),
    '',
  ];
  for (const s of report.services) {
    if (s.status === 'skipped') out.push(c.dim(`${s.name}: skipped: ${s.reason ?? 'no Dockerfile'}`));
    else if (s.status === 'failed') out.push(c.red(`${s.name}: ${s.error ?? 'failed'}`));
    else if (s.readOnlyRootFs === false) {
      out.push(
        c.yellow(`${s.name}: healthy only with a writable root filesystem; it failed with --read-only`),
      );
    }
    if (s.status !== 'skipped' && s.logs && s.logs.length > 0) {
      out.push(...s.logs.map((l) => c.dim(`    ${l}`)));
    }
    if (s.image) out.push(c.dim(`${s.name}: kept image ${s.image}`));
  }
  const { passed, failed, skipped } = summarize(report);
  if (out[out.length - 1] !== '') out.push('');
  out.push(`${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`);
  return `${out.join('\n')}\n`;
}

/** `{ engine, services: [...] }`, two-space indented, keys in a fixed order. */
export function renderVerifyJson(report: VerifyReport): string {
  const services = report.services.map((s) => ({
    name: s.name,
    status: s.status,
    buildSeconds: s.buildSeconds,
    imageSizeMb: s.imageSizeMb,
    healthySeconds: s.healthySeconds,
    nonRoot: s.nonRoot,
    readOnlyRootFs: s.readOnlyRootFs,
    ...(s.reason !== undefined ? { reason: s.reason } : {}),
    ...(s.error !== undefined ? { error: s.error } : {}),
    ...(s.logs !== undefined ? { logs: s.logs } : {}),
    ...(s.image !== undefined ? { image: s.image } : {}),
  }));
  return `${JSON.stringify({ engine: report.engine, services }, null, 2)}\n`;
}
