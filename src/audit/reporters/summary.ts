import type { AuditResult } from '../types.js';

export interface AuditSummary {
  files: number;
  findings: number;
  errors: number;
  warnings: number;
  info: number;
  suppressed: number;
}

export function summarize(result: AuditResult): AuditSummary {
  const count = (s: string): number => result.findings.filter((f) => f.severity === s).length;
  return {
    files: result.filesChecked.length,
    findings: result.findings.length,
    errors: count('error'),
    warnings: count('warning'),
    info: count('info'),
    suppressed: result.suppressed,
  };
}
