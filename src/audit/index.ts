export { auditFiles, auditRepo, isDockerfilePath, targetForPath } from './engine.js';
export {
  ENGINE_CHECKS,
  type EngineCheckId,
  SUPPRESSION_NEEDS_REASON,
  UNKNOWN_RULE,
} from './engine-checks.js';
export { formatMessage } from './format-message.js';
export {
  type DockerArg,
  type DockerComment,
  type DockerFrom,
  type DockerInstruction,
  type DockerStage,
  type ImageRef,
  type ParsedDockerfile,
  parseDockerfile,
  parseImageRef,
} from './parsers/dockerfile.js';
export { type ShellCommand, splitShellCommands } from './parsers/shell.js';
export { type JsonReport, renderJson, toJsonReport } from './reporters/json.js';
export { renderSarif, type SarifLog, type SarifOptions, toSarif } from './reporters/sarif.js';
export type { AuditSummary } from './reporters/summary.js';
export { summarize } from './reporters/summary.js';
export { renderText, type TextReportOptions } from './reporters/text.js';
export { getRule, isRuleId, RULES, type RuleId } from './rules/index.js';
export type {
  AnyRule,
  AuditFile,
  AuditOptions,
  AuditResult,
  Finding,
  ParsedByTarget,
  Quality,
  Report,
  Rule,
  RuleContext,
  RuleDescriptor,
  RuleMeta,
  RuleTarget,
  Severity,
} from './types.js';
