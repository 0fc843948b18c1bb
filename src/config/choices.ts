import { ShipreadyError } from '../errors.js';
import {
  AXES,
  AXIS_NAMES,
  type Axis,
  type AxisValue,
  type ChoiceOrigins,
  type ChoiceSource,
  type Choices,
} from '../model/choices.js';
import type { Config } from '../model/config.js';
import type { ProjectModel } from '../model/project.js';

/** What we pick when nothing else decides, if a generator implements it. */
export const DEFAULT_CHOICES: { [A in Axis]: AxisValue<A> } = {
  platform: 'kubernetes',
  ci: 'github-actions',
  monitoring: 'prometheus-grafana',
  strategy: 'rolling',
  container: 'docker',
};

export type ChoiceInput = { [A in Axis]?: string | undefined };

export interface ResolveChoicesInput {
  /** From CLI flags (highest precedence). */
  flags?: ChoiceInput;
  /** Answers to interactive prompts (same precedence as flags). */
  prompted?: ChoiceInput;
  config?: Config;
  configFile?: string | null;
  /** Inferred from the repo (e.g. an existing Containerfile → podman). */
  detected?: ChoiceInput;
  /** The values generators implement, per axis; others are not offered. */
  available: (axis: Axis) => readonly string[];
}

export interface ResolvedChoices {
  choices: Choices;
  origins: ChoiceOrigins;
}

/** Precedence: CLI flags (and prompts) > config file > detection > defaults. */
export function resolveChoices(input: ResolveChoicesInput): ResolvedChoices {
  const choices = {} as Record<Axis, string | null>;
  const origins = {} as Record<Axis, ChoiceSource>;
  for (const axis of AXIS_NAMES) {
    const available = input.available(axis);
    const layers: [ChoiceSource, string | undefined, string][] = [
      ['flag', input.flags?.[axis], `--${axis}`],
      ['prompt', input.prompted?.[axis], `--${axis}`],
      ['config', input.config?.[axis], `${input.configFile ?? 'shipready.config.yaml'} (${axis})`],
    ];
    let picked: [ChoiceSource, string] | undefined;
    for (const [source, value, where] of layers) {
      if (value === undefined) continue;
      assertOffered(axis, value, available, where);
      picked = [source, value];
      break;
    }
    if (!picked) {
      const det = input.detected?.[axis];
      if (det !== undefined && available.includes(det)) picked = ['detected', det];
    }
    if (!picked) {
      const def = DEFAULT_CHOICES[axis];
      if (available.includes(def)) picked = ['default', def];
      else if (available[0] !== undefined) picked = ['default', available[0]];
    }
    choices[axis] = picked ? picked[1] : null;
    origins[axis] = picked ? picked[0] : 'unavailable';
  }
  return { choices: choices as Choices, origins: origins as ChoiceOrigins };
}

function assertOffered(axis: Axis, value: string, available: readonly string[], where: string): void {
  const all = AXES[axis].options as readonly string[];
  if (!all.includes(value)) {
    throw new ShipreadyError(`unknown ${axis} "${value}"`, {
      location: { file: where },
      fix: `use one of: ${available.join(', ') || '(none available yet)'}`,
    });
  }
  if (!available.includes(value)) {
    throw new ShipreadyError(`${axis} "${value}" is not available in this version of shipready`, {
      location: { file: where },
      fix: available.length
        ? `use one of: ${available.join(', ')}`
        : `leave ${axis} unset; no generator implements this axis yet`,
    });
  }
}

/** Choices the repo itself suggests, from infrastructure already there. */
export function detectChoices(model: ProjectModel): ChoiceInput {
  const kinds = new Set(model.existingInfra.map((f) => f.kind));
  const out: ChoiceInput = {};
  if (model.existingInfra.some((f) => /(^|\/)Containerfile$|\.containerfile$/i.test(f.path))) {
    out.container = 'podman';
  }
  if (kinds.has('github-actions')) out.ci = 'github-actions';
  else if (kinds.has('gitlab-ci')) out.ci = 'gitlab-ci';
  if (kinds.has('kubernetes') || kinds.has('helm') || kinds.has('kustomize')) out.platform = 'kubernetes';
  else if (kinds.has('compose')) out.platform = 'compose';
  return out;
}
