import type { AuditResult, Severity } from '../types.js';
import { summarize } from './summary.js';

export interface TextReportOptions {
  /** Colour severities with ANSI codes; the caller decides (the library never reads the environment). @default false */
  color?: boolean;
}

const SEVERITY_COLOR: Record<Severity, number> = { error: 31, warning: 33, info: 36 };

/**
 * One line per finding, `file:line  severity  ruleId  message`, then
 * `N findings (E errors, W warnings) in F files`. Diagnostics are not included: print them apart.
 */
export function renderText(result: AuditResult, opts: TextReportOptions = {}): string {
  const paint = (code: number, s: string): string => (opts.color ? `\u001b[${code}m${s}\u001b[39m` : s);
  const dim = (s: string): string => (opts.color ? `\u001b[2m${s}\u001b[22m` : s);
  const lines = result.findings.map(
    (f) =>
      `${f.file}:${f.line}  ${paint(SEVERITY_COLOR[f.severity], f.severity)}  ${dim(f.ruleId)}  ${f.message}`,
  );
  const s = summarize(result);
  let summary = `${plural(s.findings, 'finding')} (${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}`;
  if (s.info > 0) summary += `, ${s.info} info`;
  summary += `) in ${plural(s.files, 'file')}`;
  if (s.suppressed > 0) summary += `; ${s.suppressed} suppressed`;
  lines.push(summary);
  return `${lines.join('\n')}\n`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
