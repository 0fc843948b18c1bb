/** Text helpers shared by detectors: line numbers and comment blanking that keeps offsets. */

/** 1-based line number of a character offset in `text`. */
export function lineAt(text: string, offset: number): number {
  const end = Math.min(Math.max(offset, 0), text.length);
  let line = 1;
  let i = 0;
  // Callers ask for increasing offsets in one text: resume from the last answer (linear, not quadratic).
  if (memo.text === text && memo.offset <= end) ({ offset: i, line } = memo);
  for (; i < end; i++) if (text.charCodeAt(i) === 10) line++;
  memo = { text, offset: end, line };
  return line;
}
let memo = { text: '', offset: 0, line: 1 };

/**
 * Replaces JavaScript/TypeScript comments with spaces, keeping newlines, so regexes over source text
 * do not match commented-out code and offsets (hence line numbers) stay valid. String literals are
 * respected; regex literals are not recognised (a rare false match is acceptable for a heuristic).
 */
export function blankJsComments(src: string): string {
  const out = src.split('');
  let i = 0;
  const n = src.length;
  while (i < n) {
    const c = src[i];
    const next = src[i + 1];
    if (c === '/' && next === '/') {
      while (i < n && src[i] !== '\n') out[i++] = ' ';
    } else if (c === '/' && next === '*') {
      out[i++] = ' ';
      out[i++] = ' ';
      while (i < n && !(src[i] === '*' && src[i + 1] === '/')) {
        if (src[i] !== '\n') out[i] = ' ';
        i++;
      }
      if (i < n) {
        out[i++] = ' ';
        out[i++] = ' ';
      }
    } else if (c === '"' || c === "'" || c === '`') {
      i++;
      while (i < n && src[i] !== c) {
        if (src[i] === '\\') i++;
        // An unterminated '…' or "…" string ends at the line break.
        else if (src[i] === '\n' && c !== '`') break;
        i++;
      }
      i++;
    } else {
      i++;
    }
  }
  return out.join('');
}

/** Removes a single pair of matching surrounding quotes. */
export function unquote(value: string): string {
  const v = value.trim();
  if (v.length >= 2 && (v[0] === '"' || v[0] === "'" || v[0] === '`') && v.at(-1) === v[0])
    return v.slice(1, -1);
  return v;
}
