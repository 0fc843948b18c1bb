export { BACKING_SPECS, type BackingSpec, backingFor } from './backing.js';
export { CleanupRegistry, type CleanupStep } from './cleanup.js';
export {
  ENGINES,
  type EngineCallOptions,
  type EngineName,
  type EngineResult,
  type EngineRunner,
  findOnPath,
  resolveEngine,
  spawnEngineRunner,
} from './engine.js';
export { renderVerifyJson, renderVerifyText, summarize } from './report.js';
export {
  isSkippedTarget,
  type PlannedTarget,
  planTargets,
  type SkippedTarget,
  type VerifyTarget,
} from './targets.js';
export {
  type ServiceResult,
  type VerifyDeps,
  VerifyInterrupted,
  type VerifyOptions,
  type VerifyReport,
  verifyTargets,
} from './verify.js';
