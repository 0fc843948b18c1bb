import { effectiveInstruction, type ParsedDockerfile, stageName } from '../../parsers/dockerfile.js';
import type { Rule } from '../../types.js';

export const HEALTHCHECK = 'dockerfile/healthcheck';
type MessageId = 'missing';

export const healthcheck: Rule<ParsedDockerfile, typeof HEALTHCHECK, MessageId> = {
  meta: {
    id: HEALTHCHECK,
    target: 'dockerfile',
    quality: 'observable',
    severity: 'warning',
    description: 'The final stage should declare a HEALTHCHECK (or HEALTHCHECK NONE on purpose).',
    messages: {
      missing:
        "The final stage {{stage}} has no HEALTHCHECK, so Docker and Compose report the container healthy as soon as it starts; add one such as 'HEALTHCHECK CMD wget -qO- http://localhost:3000/health || exit 1', or 'HEALTHCHECK NONE' if the platform probes it.",
    },
  },
  check(df) {
    const stage = df.finalStage;
    if (!stage) return [];
    // HEALTHCHECK NONE is an explicit choice (e.g. Kubernetes probes do the job) and is accepted.
    if (effectiveInstruction(df, stage, 'HEALTHCHECK')) return [];
    return [{ messageId: 'missing', data: { stage: stageName(stage) }, line: stage.from.line }];
  },
};
