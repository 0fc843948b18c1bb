import type { Diagnostic } from '../../model/diagnostic.js';
import type { AuditResult, Finding } from '../types.js';
import { type AuditSummary, summarize } from './summary.js';

/** The `--format json` document. `version` changes only when a field is removed or renamed. */
export interface JsonReport {
  version: 1;
  findings: Finding[];
  diagnostics: Diagnostic[];
  filesChecked: string[];
  summary: AuditSummary;
}

/** Build the JSON report with a fixed key order, so the output is byte-stable. */
export function toJsonReport(result: AuditResult): JsonReport {
  return {
    version: 1,
    findings: result.findings.map((f) => ({
      ruleId: f.ruleId,
      severity: f.severity,
      quality: f.quality,
      file: f.file,
      line: f.line,
      message: f.message,
    })),
    diagnostics: result.diagnostics.map((d) => ({
      severity: d.severity,
      ...(d.file === undefined ? {} : { file: d.file }),
      ...(d.line === undefined ? {} : { line: d.line }),
      message: d.message,
      ...(d.fix === undefined ? {} : { fix: d.fix }),
    })),
    filesChecked: [...result.filesChecked],
    summary: summarize(result),
  };
}

export function renderJson(result: AuditResult): string {
  return `${JSON.stringify(toJsonReport(result), null, 2)}\n`;
}
