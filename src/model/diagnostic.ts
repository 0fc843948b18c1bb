import { z } from 'zod';

/** A problem found while reading the repo; detection continues past it. */
export const Diagnostic = z
  .object({
    severity: z.enum(['error', 'warning', 'info']),
    file: z.string().optional(),
    line: z.number().int().positive().optional(),
    message: z.string(),
    fix: z.string().optional().describe('How a person can fix it'),
  })
  .strict();
export type Diagnostic = z.infer<typeof Diagnostic>;
