/** Text helpers for Python sources and Python manifests: comment blanking, name normalisation, line lookup. */

/**
 * Replaces Python `#` comments with spaces, keeping newlines and offsets, so regexes over source
 * text do not match commented-out code. String literals (including triple-quoted ones and prefixed
 * ones like f"…" or r'…') are kept: a `#` inside a string is not a comment.
 */
export function blankPythonComments(src: string): string {
  const out = src.split('');
  const n = src.length;
  let i = 0;
  while (i < n) {
    const c = src[i];
    if (c === '#') {
      while (i < n && src[i] !== '\n') out[i++] = ' ';
    } else if (c === '"' || c === "'") {
      const triple = src[i + 1] === c && src[i + 2] === c;
      if (triple) {
        i += 3;
        while (i < n && !(src[i] === c && src[i + 1] === c && src[i + 2] === c)) {
          if (src[i] === '\\') i++;
          i++;
        }
        i += 3;
      } else {
        i++;
        // A one-line string ends at its quote or, unterminated, at the line break.
        while (i < n && src[i] !== c && src[i] !== '\n') {
          if (src[i] === '\\') i++;
          i++;
        }
        i++;
      }
    } else {
      i++;
    }
  }
  return out.join('');
}

/** PEP 503 normalised distribution name: `Flask_SQLAlchemy` → `flask-sqlalchemy`. */
export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** A regex source matching a distribution name in any spelling (`-`, `_`, `.` interchangeable). */
export function nameRegexSource(normalized: string): string {
  return normalized
    .split('-')
    .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('[-_.]+');
}

/**
 * 1-based line of the first match of `re` in `text`, searching only inside the TOML table `section`
 * (`[tool.poetry.dependencies]`) when given. Undefined when there is no match.
 */
export function lineOf(text: string, re: RegExp, section?: string): number | undefined {
  const lines = text.split(/\r?\n/);
  let inside = section === undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const header = /^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$/.exec(line);
    if (header && section !== undefined) {
      inside = (header[1] as string).replace(/\s+/g, '') === section;
      continue;
    }
    if (inside && re.test(line)) return i + 1;
  }
  return undefined;
}

/** 1-based line where a dependency name first appears as a key or a quoted requirement. */
export function dependencyLine(text: string, normalized: string, section?: string): number | undefined {
  const re = new RegExp(String.raw`(^|["'\s{,])${nameRegexSource(normalized)}(?=$|[\s\[<>=!~;"',@(])`, 'i');
  return lineOf(text, re, section) ?? (section ? lineOf(text, re) : undefined);
}

/** `src/app/main.py` (relative to the service) → `src.app.main`; `pkg/__init__.py` → `pkg`. */
export function moduleOf(relFile: string): string {
  return relFile
    .replace(/\.py$/, '')
    .replace(/\/__init__$/, '')
    .split('/')
    .join('.');
}
