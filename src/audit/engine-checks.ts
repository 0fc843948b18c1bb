import type { RuleDescriptor } from './types.js';

/** Checks the engine itself makes (about suppression comments); they have doc pages like rules. */
export const SUPPRESSION_NEEDS_REASON = 'shipready/suppression-needs-reason';
export const UNKNOWN_RULE = 'shipready/unknown-rule';

export interface EngineCheck extends RuleDescriptor {
  message: string;
}

export const ENGINE_CHECKS = [
  {
    id: SUPPRESSION_NEEDS_REASON,
    quality: 'automated',
    severity: 'warning',
    description: "A shipready-ignore comment must say why, after ' -- '.",
    message:
      "This shipready-ignore comment gives no reason; write '# shipready-ignore {{rule}} -- <why it does not apply>' so reviewers can judge it.",
  },
  {
    id: UNKNOWN_RULE,
    quality: 'automated',
    severity: 'warning',
    description: 'A shipready-ignore comment must name an existing rule id.',
    message:
      "shipready-ignore names '{{rule}}', which is not a shipready rule, so it suppresses nothing; check the id in docs/rules/README.md.",
  },
] as const satisfies readonly EngineCheck[];

export type EngineCheckId = (typeof ENGINE_CHECKS)[number]['id'];
