import type { AnyRule } from '../types.js';
import { execFormCmd } from './dockerfile/exec-form-cmd.js';
import { healthcheck } from './dockerfile/healthcheck.js';
import { lockfileInstall } from './dockerfile/lockfile-install.js';
import { noRootUser } from './dockerfile/no-root-user.js';
import { pinnedBaseImage } from './dockerfile/pinned-base-image.js';

/** Every audit rule, sorted by id. Adding a rule: its file, its test, its doc page, and a line here. */
export const RULES = [
  execFormCmd,
  healthcheck,
  lockfileInstall,
  noRootUser,
  pinnedBaseImage,
] as const satisfies readonly AnyRule[];

/** The id of a registered rule, e.g. `'dockerfile/no-root-user'`. */
export type RuleId = (typeof RULES)[number]['meta']['id'];

const BY_ID: ReadonlyMap<string, AnyRule> = new Map(RULES.map((r) => [r.meta.id, r]));

/** Look a rule up by id. */
export function getRule(id: string): AnyRule | undefined {
  return BY_ID.get(id);
}

export function isRuleId(id: string): id is RuleId {
  return BY_ID.has(id);
}
