import type { Stack } from '../stack.js';
import { nodeStack } from './node.js';

/**
 * Every image stack, in the order they claim services (the first whose `handles` is true builds
 * it). Adding a language is adding a line here.
 */
export const STACKS: readonly Stack[] = [nodeStack];
