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
  // Copies untouched runs as slices and blanks only comment spans: no per-character array, so big
  // sources do not churn the garbage collector.
  const parts: string[] = [];
  let kept = 0;
  let i = 0;
  const n = src.length;
  const blank = (from: number, to: number) => {
    const span = src.slice(from, to);
    parts.push(
      src.slice(kept, from),
      span.includes('\n') ? span.replace(/[^\n]/g, ' ') : ' '.repeat(span.length),
    );
    kept = to;
  };
  while (i < n) {
    const c = src.charCodeAt(i);
    if (c === SLASH) {
      const next = src.charCodeAt(i + 1);
      if (next === SLASH) {
        const eol = src.indexOf('\n', i);
        const to = eol === -1 ? n : eol;
        blank(i, to);
        i = to;
        continue;
      }
      if (next === STAR) {
        const close = src.indexOf('*/', i + 2);
        const to = close === -1 ? n : close + 2;
        blank(i, to);
        i = to;
        continue;
      }
      i++;
    } else if (c === DQUOTE || c === SQUOTE || c === BACKTICK) {
      i++;
      while (i < n) {
        const d = src.charCodeAt(i);
        if (d === c) break;
        if (d === BACKSLASH) i++;
        // An unterminated '…' or "…" string ends at the line break.
        else if (d === NEWLINE && c !== BACKTICK) break;
        i++;
      }
      i++;
    } else {
      i++;
    }
  }
  if (kept === 0) return src;
  parts.push(src.slice(kept));
  return parts.join('');
}

const SLASH = 47;
const STAR = 42;
const DQUOTE = 34;
const SQUOTE = 39;
const BACKTICK = 96;
const BACKSLASH = 92;
const NEWLINE = 10;
