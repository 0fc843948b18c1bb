import { blankJsComments, lineAt } from '../text.js';

export type JsoncResult = { ok: true; value: unknown } | { ok: false; message: string; line?: number };

/**
 * Parses JSON with comments (`//`, `/* *\/`) and trailing commas, as deno.jsonc, deno.json and
 * railpack.json allow. Comments and commas are blanked in place so error positions (hence lines)
 * stay those of the original text; `//` inside strings (URLs) is left alone. Never throws.
 */
export function parseJsonc(text: string): JsoncResult {
  const blanked = blankTrailingCommas(blankJsComments(text));
  try {
    return { ok: true, value: JSON.parse(blanked) };
  } catch (e) {
    const message = (e instanceof Error ? e.message : String(e)).split('\n')[0] as string;
    const pos = /position (\d+)/.exec(message);
    return { ok: false, message, ...(pos ? { line: lineAt(text, Number(pos[1])) } : {}) };
  }
}

/** Replaces a `,` that only whitespace separates from a closing `}` or `]` with a space, outside strings. */
function blankTrailingCommas(src: string): string {
  const out = src.split('');
  let inString = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === ',') {
      let j = i + 1;
      while (j < src.length && /\s/.test(src[j] as string)) j++;
      if (src[j] === '}' || src[j] === ']') out[i] = ' ';
    }
  }
  return out.join('');
}
