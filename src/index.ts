/** shipready's library API. The CLI is a thin layer over these functions. */
export type { AuditResult } from './audit/index.js';
export { auditFiles, auditRepo } from './audit/index.js';
export type { Finding, Quality, Rule, RuleMeta, Severity } from './audit/types.js';
export { applyConfig } from './config/apply-config.js';
export { DEFAULT_CHOICES, detectChoices, resolveChoices } from './config/choices.js';
export { loadConfig, parseConfig } from './config/load-config.js';
export { DETECTORS, detectAll } from './detectors/index.js';
export type { Detector } from './detectors/types.js';
export { isShipreadyError, ShipreadyError } from './errors.js';
export { availableValues, GENERATORS, generateAll } from './generators/index.js';
export type { Artifact, Generator } from './generators/types.js';
export * from './model/index.js';
export {
  type Assessment,
  assess,
  assessFs,
  audit,
  choose,
  generate,
  type ScanOptions,
  scan,
} from './pipeline.js';
export { DiskRepoFs, MemoryRepoFs, type RepoFs } from './repo/repo-fs.js';
export {
  apply,
  LOCK_PATH,
  type Plan,
  type PlanAction,
  type PlannedFile,
  plan,
  renderDiff,
  summarizePlan,
} from './writer/index.js';
