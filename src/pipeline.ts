import type { AuditResult } from './audit/index.js';
import { auditFiles, auditRepo } from './audit/index.js';
import { applyConfig } from './config/apply-config.js';
import { type ChoiceInput, detectChoices, type ResolvedChoices, resolveChoices } from './config/choices.js';
import { loadConfig, loadConfigFile } from './config/load-config.js';
import { detectAll } from './detectors/index.js';
import { availableValues, generateAll } from './generators/index.js';
import { pinImageDigests } from './generators/pin-digests.js';
import type { Artifact } from './generators/types.js';
import type { Config } from './model/config.js';
import { PROJECT_MODEL_VERSION, type ProjectModel } from './model/project.js';
import { DiskRepoFs, type RepoFs } from './repo/repo-fs.js';

export interface ScanOptions {
  /** A config file to use instead of the repo's `shipready.config.yaml`. */
  configPath?: string;
}

export interface Assessment {
  fs: RepoFs;
  model: ProjectModel;
  config: Config;
  configFile: string | null;
}

/** Walk the repo, run every detector, and apply the config file's overrides. */
export function assess(dir: string, opts: ScanOptions = {}): Assessment {
  const fs = new DiskRepoFs(dir);
  return assessFs(fs, opts);
}

/** {@link assess} over any RepoFs (an in-memory one in tests). */
export function assessFs(fs: RepoFs, opts: ScanOptions = {}): Assessment {
  const { file, config } = opts.configPath ? loadConfigFile(opts.configPath) : loadConfig(fs);
  const detected = detectAll(fs);
  const raw: ProjectModel = {
    schemaVersion: PROJECT_MODEL_VERSION,
    services: detected.services,
    diagnostics: detected.diagnostics,
    existingInfra: detected.existingInfra,
  };
  return { fs, model: applyConfig(raw, config, file), config, configFile: file };
}

/** The project model of a repository: what `shipready scan --json` prints. */
export function scan(dir: string, opts: ScanOptions = {}): ProjectModel {
  return assess(dir, opts).model;
}

/** Resolve the five choices for an assessed repo: flags > config > detection > defaults. */
export function choose(a: Assessment, flags: ChoiceInput = {}, prompted: ChoiceInput = {}): ResolvedChoices {
  return resolveChoices({
    flags,
    prompted,
    config: a.config,
    configFile: a.configFile,
    detected: detectChoices(a.model),
    available: availableValues,
  });
}

/** Every file the registered generators produce for this model and these choices. Pure. */
export function generate(
  model: ProjectModel,
  choices: ResolvedChoices['choices'],
  opts: { imageDigests?: Readonly<Record<string, string>> } = {},
): Artifact[] {
  const artifacts = generateAll(model, choices);
  return opts.imageDigests ? pinImageDigests(artifacts, opts.imageDigests).artifacts : artifacts;
}

/** Audit the infrastructure files in a repository. */
export function audit(dir: string): AuditResult {
  return auditRepo(new DiskRepoFs(dir));
}

export { auditFiles };
