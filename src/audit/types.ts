import type { Diagnostic } from '../model/diagnostic.js';
import type { ParsedDockerfile } from './parsers/dockerfile.js';

/** The six qualities every deployment must have; every rule guards one. */
export type Quality = 'automated' | 'observable' | 'secure' | 'scalable' | 'resilient' | 'efficient';
export type Severity = 'error' | 'warning' | 'info';
/** What a rule reads. Grows with the generators (kubernetes, github-actions, terraform …). */
export type RuleTarget = 'dockerfile';

export interface RuleMeta<Id extends string = string, M extends string = string> {
  /** `<target>/<slug>`: an explicit constant, never derived from a display name. */
  id: Id;
  target: RuleTarget;
  quality: Quality;
  severity: Severity;
  description: string;
  /** Message templates; `{{name}}` is replaced from a report's `data`. */
  messages: Record<M, string>;
}

export interface Report<M extends string = string> {
  messageId: M;
  data?: Record<string, string | number>;
  line: number;
}

export interface RuleContext {
  /** Repo-relative path of the file being checked. */
  file: string;
}

export interface Rule<P = unknown, Id extends string = string, M extends string = string> {
  meta: RuleMeta<Id, M>;
  check(parsed: P, ctx: RuleContext): Report<M>[];
}

/** One finding, ready for a reporter. */
export interface Finding {
  ruleId: string;
  quality: Quality;
  severity: Severity;
  file: string;
  line: number;
  message: string;
}

/** What each target's parser produces: the `parsed` argument of that target's rules. */
export interface ParsedByTarget {
  dockerfile: ParsedDockerfile;
}

/** A rule of any target, with `check` typed for its target's parser output. */
export type AnyRule = {
  [T in RuleTarget]: Rule<ParsedByTarget[T]> & { meta: { target: T } };
}[RuleTarget];

/** What reporters need to know about a rule (registry rules and the engine's own checks). */
export type RuleDescriptor = Pick<RuleMeta, 'id' | 'quality' | 'severity' | 'description'>;

/** One file handed to `auditFiles`. */
export interface AuditFile {
  /** Repo-relative POSIX path. */
  path: string;
  content: string;
  /** Which parser and rules apply; inferred from the file name when omitted. */
  target?: RuleTarget;
}

export interface AuditOptions {
  /** Rule ids to turn off (from the config file). Unknown ids produce a warning diagnostic. */
  disabled?: readonly string[];
}

export interface AuditResult {
  /** Sorted by file, line, then rule id. */
  findings: Finding[];
  /** Repo-relative paths of the files that were parsed and checked, sorted. */
  filesChecked: string[];
  /** How many findings inline `shipready-ignore` comments suppressed. */
  suppressed: number;
  /** Files that could not be read or checked, and options that made no sense. */
  diagnostics: Diagnostic[];
}
