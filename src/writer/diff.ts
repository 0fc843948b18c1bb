import { createTwoFilesPatch } from 'diff';
import type { Plan } from './plan.js';

export interface RenderDiffOptions {
  /** Add ANSI colours (red removals, green additions, cyan hunk headers). The CLI decides. @default false */
  color?: boolean;
}

const RED = '\u001b[31m';
const GREEN = '\u001b[32m';
const CYAN = '\u001b[36m';
const BOLD = '\u001b[1m';
const RESET = '\u001b[0m';

/**
 * Unified diffs (`--- a/path` / `+++ b/path`, `/dev/null` for new files) for every `create`, `update`
 * and `conflict` entry, in plan order. For a conflict the diff shows what `--force` would change.
 * Returns an empty string when there is nothing to show.
 * @see https://github.com/kpdecker/jsdiff#createtwofilespatcholdfilename-newfilename-oldstr-newstr-oldheader-newheader-options
 */
export function renderDiff(p: Plan, opts: RenderDiffOptions = {}): string {
  const patches: string[] = [];
  for (const f of p.files) {
    if (f.action !== 'create' && f.action !== 'update' && f.action !== 'conflict') continue;
    const oldName = f.action === 'create' ? '/dev/null' : `a/${f.path}`;
    const oldText = f.action === 'create' ? '' : (f.current ?? '');
    // jsdiff starts each patch with a `====` separator line; drop it so the output reads like `git diff`.
    const patch = createTwoFilesPatch(oldName, `b/${f.path}`, oldText, f.artifact.content)
      .split('\n')
      .filter((line) => !/^=+$/.test(line))
      .join('\n');
    patches.push(opts.color ? colorize(patch) : patch);
  }
  return patches.join('');
}

function colorize(patch: string): string {
  return patch
    .split('\n')
    .map((line) => {
      if (line.startsWith('--- ') || line.startsWith('+++ ')) return `${BOLD}${line}${RESET}`;
      if (line.startsWith('@@')) return `${CYAN}${line}${RESET}`;
      if (line.startsWith('-')) return `${RED}${line}${RESET}`;
      if (line.startsWith('+')) return `${GREEN}${line}${RESET}`;
      return line;
    })
    .join('\n');
}
