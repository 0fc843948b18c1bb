import { z } from 'zod';

/** How sure we are of a fact: stated by the user or a manifest, implied strongly, or guessed. */
export const Confidence = z.enum(['explicit', 'strong', 'weak']);
export type Confidence = z.infer<typeof Confidence>;

/** Why we believe a fact: the file (repo-relative, POSIX separators), optional 1-based line, a reason. */
export const Evidence = z
  .object({
    file: z.string().describe('Repo-relative path of the file that revealed the fact'),
    line: z.number().int().positive().optional().describe('1-based line in that file'),
    reason: z.string().describe('Human-readable reason, e.g. "listen(3000) in src/server.ts"'),
    confidence: Confidence,
  })
  .strict();
export type Evidence = z.infer<typeof Evidence>;

export const CONFIDENCE_RANK: Record<Confidence, number> = { explicit: 3, strong: 2, weak: 1 };

/** Every detected fact names the evidence for it. */
export function fact<T extends z.ZodType>(value: T) {
  return z.object({ value, evidence: z.array(Evidence) }).strict();
}
