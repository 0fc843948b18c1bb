import type { Stack } from '../stack.js';
import { bunStack } from './bun.js';
import { denoStack } from './deno.js';
import { dotnetStack } from './dotnet.js';
import { elixirStack } from './elixir.js';
import { goStack } from './go.js';
import { jvmStack } from './jvm.js';
import { nodeStack } from './node.js';
import { phpStack } from './php.js';
import { pythonStack } from './python.js';
import { rubyStack } from './ruby.js';
import { rustStack } from './rust.js';
import { hugoStack, jekyllStack, mkdocsStack, staticFilesStack } from './static-sites.js';

/**
 * Every image stack, in the order they claim services (the first whose `handles` is true builds
 * it). Adding a language is adding a line here.
 */
export const STACKS: readonly Stack[] = [
  // Static-site generators first: they claim kind "static" only, before any Ruby/Python stack.
  hugoStack,
  jekyllStack,
  mkdocsStack,
  staticFilesStack,
  denoStack,
  // Bun apps have language node: before nodeStack.
  bunStack,
  nodeStack,
  pythonStack,
  goStack,
  rubyStack,
  phpStack,
  elixirStack,
  jvmStack,
  rustStack,
  dotnetStack,
];
