/**
 * Replaces Rust comments with spaces, keeping newlines and offsets, so regexes over source text do
 * not match commented-out code. Understands nested block comments, string and byte-string literals,
 * raw strings (`r#"…"#`), and char literals versus lifetimes (`'a'` versus `'a`). Never throws.
 */
export function blankRustComments(src: string): string {
  const out = src.split('');
  const n = src.length;
  const blank = (from: number, to: number) => {
    for (let k = from; k < to && k < n; k++) if (out[k] !== '\n') out[k] = ' ';
  };
  let i = 0;
  while (i < n) {
    const c = src[i];
    const next = src[i + 1];
    if (c === '/' && next === '/') {
      const end = src.indexOf('\n', i);
      const stop = end === -1 ? n : end;
      blank(i, stop);
      i = stop;
    } else if (c === '/' && next === '*') {
      let depth = 1;
      let j = i + 2;
      while (j < n && depth > 0) {
        if (src[j] === '/' && src[j + 1] === '*') {
          depth++;
          j += 2;
        } else if (src[j] === '*' && src[j + 1] === '/') {
          depth--;
          j += 2;
        } else j++;
      }
      blank(i, j);
      i = j;
    } else if ((c === 'r' || (c === 'b' && next === 'r')) && isRawStart(src, i) && !isIdentChar(src[i - 1])) {
      // r"…", r#"…"#, br##"…"##
      let j = i + (c === 'b' ? 2 : 1);
      let hashes = 0;
      while (src[j] === '#') {
        hashes++;
        j++;
      }
      const close = `"${'#'.repeat(hashes)}`;
      const end = src.indexOf(close, j + 1);
      i = end === -1 ? n : end + close.length;
    } else if (c === '"') {
      i = skipString(src, i + 1);
    } else if (c === "'") {
      // A char literal is 'x', '\n', '\u{1F600}'; anything else is a lifetime or label.
      const m = /^'(?:\\(?:u\{[0-9a-fA-F]{1,6}\}|x[0-9a-fA-F]{2}|.)|[^\\'\n])'/u.exec(src.slice(i, i + 12));
      i += m ? m[0].length : 1;
    } else {
      i++;
    }
  }
  return out.join('');
}

function isRawStart(src: string, i: number): boolean {
  let j = i + (src[i] === 'b' ? 2 : 1);
  while (src[j] === '#') j++;
  return src[j] === '"';
}

function isIdentChar(c: string | undefined): boolean {
  return c !== undefined && /[A-Za-z0-9_]/.test(c);
}

/** Index just past the closing quote of a "…" string starting at `i` (after the opening quote). */
function skipString(src: string, i: number): number {
  let j = i;
  while (j < src.length && src[j] !== '"') {
    if (src[j] === '\\') j++;
    j++;
  }
  return j + 1;
}
