import type { Axis, AxisValue, Choices } from '../model/choices.js';
import type { ProjectModel } from '../model/project.js';

export type ArtifactFormat = 'dockerfile' | 'ignore' | 'markdown' | 'yaml' | 'json' | 'hcl' | 'text';

/**
 * A file a generator wants to exist. `managed` files are regenerated while untouched; `scaffold`
 * files are written once and then belong to the user.
 */
export interface Artifact {
  /** Repo-relative POSIX path. */
  path: string;
  content: string;
  format: ArtifactFormat;
  /** Id of the generator that produced it. */
  generator: string;
  ownership: 'managed' | 'scaffold';
}

/** The axis values a generator implements; a value no generator lists is not offered to users. */
export type Supports = { [A in Axis]?: readonly AxisValue<A>[] };

/** Pure and synchronous: no disk, no env, no clock. Same model in, same bytes out. */
export interface Generator {
  readonly id: string;
  readonly description: string;
  readonly supports: Supports;
  applies(model: ProjectModel, choices: Choices): boolean;
  generate(model: ProjectModel, choices: Choices): Artifact[];
}
