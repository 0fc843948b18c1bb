import { ShipreadyError } from '../errors.js';
import { AXES, AXIS_NAMES, type Axis, type AxisValue, type Choices } from '../model/choices.js';
import type { ProjectModel } from '../model/project.js';
import { composeGenerator } from './compose/compose.generator.js';
import { dockerfileGenerator } from './dockerfile/dockerfile.generator.js';
import { setupGuideGenerator } from './setup-guide/setup-guide.generator.js';
import type { Artifact, Generator } from './types.js';

/** Every generator, in a fixed order. Adding one here is what makes its choices available. */
export const GENERATORS = [
  dockerfileGenerator,
  composeGenerator,
  setupGuideGenerator,
] as const satisfies readonly Generator[];

export type GeneratorId = (typeof GENERATORS)[number]['id'];

/**
 * The values of `axis` that some registered generator implements, in the order the model declares
 * them. A value no generator lists is not offered.
 */
export function availableValues<A extends Axis>(axis: A): AxisValue<A>[] {
  const offered = new Set<string>();
  for (const g of GENERATORS as readonly Generator[]) {
    for (const v of g.supports[axis] ?? []) offered.add(v);
  }
  const declared: readonly string[] = AXES[axis].options;
  return declared.filter((v) => offered.has(v)) as AxisValue<A>[];
}

/**
 * Whether a generator may run for these choices: for each axis it lists, a chosen value must be
 * one it implements (an unset axis leaves the decision to `applies`).
 */
export function supportsChoices(g: Generator, choices: Choices): boolean {
  return AXIS_NAMES.every((axis) => {
    const listed = g.supports[axis] as readonly string[] | undefined;
    const chosen = choices[axis];
    return listed === undefined || chosen === null || listed.includes(chosen);
  });
}

/**
 * Run every applicable generator and return their artifacts sorted by path. Pure: same model and
 * choices in, same artifacts out. Throws when two artifacts claim the same path.
 */
export function generateAll(
  model: ProjectModel,
  choices: Choices,
  generators: readonly Generator[] = GENERATORS,
): Artifact[] {
  const byPath = new Map<string, Artifact>();
  for (const g of generators) {
    if (!supportsChoices(g, choices) || !g.applies(model, choices)) continue;
    for (const a of g.generate(model, choices)) {
      const prior = byPath.get(a.path);
      if (prior) {
        throw new ShipreadyError(`two generated files have the same path ${a.path}`, {
          location: { file: a.path },
          fix: `generators "${prior.generator}" and "${a.generator}" both produce it; this is a shipready bug, please report it with your shipready.config.yaml`,
        });
      }
      byPath.set(a.path, a);
    }
  }
  return [...byPath.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
