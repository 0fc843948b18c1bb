/**
 * Split a simple shell command into argv, the way `sh` would, so it can run in exec form
 * (`CMD ["node","server.js"]`) without a shell as PID 1.
 *
 * Handles whitespace, single quotes, double quotes and backslash escapes. Returns `null` when the
 * command needs a shell to mean the same thing: operators (`&&`, `||`, `|`, `;`, `&`, redirects,
 * subshells), expansions (`$VAR`, `$(…)`, backticks, globs, `~`, braces), comments, a leading
 * `NAME=value` assignment, a newline, an unterminated quote, or an empty command. The caller then
 * falls back to `['sh', '-c', cmd]`.
 */
export function splitCommand(cmd: string): string[] | null {
  const argv: string[] = [];
  let word = '';
  let inWord = false;
  let i = 0;
  const n = cmd.length;

  while (i < n) {
    const c = cmd.charAt(i);
    if (c === ' ' || c === '\t') {
      if (inWord) {
        argv.push(word);
        word = '';
        inWord = false;
      }
      i++;
      continue;
    }
    if (c === "'") {
      const end = cmd.indexOf("'", i + 1);
      if (end === -1) return null;
      word += cmd.slice(i + 1, end);
      inWord = true;
      i = end + 1;
      continue;
    }
    if (c === '"') {
      i++;
      let closed = false;
      while (i < n) {
        const d = cmd.charAt(i);
        if (d === '"') {
          closed = true;
          i++;
          break;
        }
        if (d === '$' || d === '`' || d === '\n' || d === '\r') return null;
        if (d === '\\') {
          const e = cmd.charAt(i + 1);
          // Inside double quotes a backslash only escapes these; elsewhere it is literal.
          if (e === '"' || e === '\\' || e === '$' || e === '`') {
            word += e;
            i += 2;
            continue;
          }
          if (e === '\n' || e === '') return null;
        }
        word += d;
        i++;
      }
      if (!closed) return null;
      inWord = true;
      continue;
    }
    if (c === '\\') {
      const e = cmd.charAt(i + 1);
      if (e === '' || e === '\n' || e === '\r') return null;
      word += e;
      inWord = true;
      i += 2;
      continue;
    }
    if (SHELL_SPECIAL.has(c)) return null;
    // `#` starts a comment and `~` expands to $HOME only at the start of a word.
    if (!inWord && (c === '#' || c === '~')) return null;
    word += c;
    inWord = true;
    i++;
  }
  if (inWord) argv.push(word);
  if (argv.length === 0) return null;
  // `FOO=bar node x.js` sets an env var for the command: that needs a shell (or `env`).
  if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(argv[0] ?? '')) return null;
  return argv;
}

/** Unquoted characters that make a command mean something only a shell can do. */
const SHELL_SPECIAL = new Set([
  '&',
  '|',
  ';',
  '<',
  '>',
  '(',
  ')',
  '$',
  '`',
  '*',
  '?',
  '[',
  '{',
  '}',
  '\n',
  '\r',
]);
