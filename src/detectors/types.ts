import type { Diagnostic } from '../model/diagnostic.js';
import type { InfraFile } from '../model/project.js';
import type { Service } from '../model/service.js';
import type { RepoFs } from '../repo/repo-fs.js';

export interface DetectContext {
  fs: RepoFs;
  /** Repo-relative folder to look in (`.` for the root). */
  dir: string;
}

export interface DetectResult {
  services: Service[];
  diagnostics: Diagnostic[];
}

/** One ecosystem's detector. Pure: returns new objects, never throws on a user's bad file. */
export interface Detector {
  readonly id: string;
  detect(ctx: DetectContext): DetectResult;
}

/** Finds infrastructure files already present (Dockerfiles, CI workflows, manifests …). */
export type InfraDetector = (fs: RepoFs) => InfraFile[];
