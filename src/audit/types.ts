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
