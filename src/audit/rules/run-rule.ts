import { formatMessage } from '../format-message.js';
import { type ParsedDockerfile, parseDockerfile } from '../parsers/dockerfile.js';
import type { Report, Rule } from '../types.js';

export interface RuleRun<M extends string = string> extends Report<M> {
  /** The message with its placeholders filled, as a reporter would show it. */
  message: string;
}

/** Run one Dockerfile rule over source text, without the engine (no suppressions): for rule tests. */
export function runDockerfileRule<M extends string>(
  rule: Rule<ParsedDockerfile, string, M>,
  content: string,
  file = 'Dockerfile',
): RuleRun<M>[] {
  return rule
    .check(parseDockerfile(content), { file })
    .map((r) => ({ ...r, message: formatMessage(rule.meta.messages[r.messageId], r.data) }))
    .sort((a, b) => a.line - b.line);
}
