export { apply } from './apply.js';
export { type RenderDiffOptions, renderDiff } from './diff.js';
export { LOCK_PATH, type Lock, type LockEntry } from './lock.js';
export { assertSafePath } from './path-safety.js';
export {
  PLAN_ACTIONS,
  type Plan,
  type PlanAction,
  type PlannedFile,
  type PlanOptions,
  plan,
  summarizePlan,
} from './plan.js';
