import { z } from 'zod';

/** The five axes every generator reads. Values listed here are the design; which are offered is
 * decided by the generator registry (a value no generator implements is not offered). */
export const Platform = z.enum(['kubernetes', 'compose']);
export const Ci = z.enum(['github-actions', 'gitlab-ci']);
export const Monitoring = z.enum(['prometheus-grafana', 'none']);
export const Strategy = z.enum(['rolling', 'blue-green', 'canary']);
export const Container = z.enum(['docker', 'podman']);

export const AXES = {
  platform: Platform,
  ci: Ci,
  monitoring: Monitoring,
  strategy: Strategy,
  container: Container,
} as const;
export type Axis = keyof typeof AXES;
export const AXIS_NAMES = Object.keys(AXES) as Axis[];

export type AxisValue<A extends Axis> = z.infer<(typeof AXES)[A]>;

/** A resolved choice per axis; `null` where no value of that axis is available yet. */
export type Choices = { [A in Axis]: AxisValue<A> | null };

/** Where a resolved choice came from, for `init` to explain itself. */
export type ChoiceSource = 'flag' | 'config' | 'detected' | 'default' | 'prompt' | 'unavailable';
export type ChoiceOrigins = { [A in Axis]: ChoiceSource };
