/**
 * A small, forgiving splitter for the POSIX shell found in `RUN` instructions. It is not a shell
 * parser: it finds the simple commands (`a && b; c | d`) and their words so rules can ask
 * "does this RUN call `npm install`?" with a line number. Command substitutions (`$(…)`, backticks)
 * and `sh -c "…"` strings stay opaque words.
 */

/** One simple command: its words after quote removal, and the 1-based line it starts on. */
export interface ShellCommand {
  argv: string[];
  line: number;
}

/** Text plus the 1-based source line of each character (continuations make them differ). */
export interface SourceText {
  text: string;
  lines: readonly number[];
}

/** Words that may precede the real program: shell keywords and transparent wrappers. */
const PREFIX_WORDS = new Set([
  'if',
  'then',
  'else',
  'elif',
  'while',
  'until',
  'do',
  '!',
  '{',
  'time',
  'exec',
  'command',
  'sudo',
  'env',
]);
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

/** Split shell text into simple commands, dropping leading keywords, wrappers and `VAR=value` words. */
export function splitShellCommands(src: SourceText | string): ShellCommand[] {
  const { text, lines } = typeof src === 'string' ? { text: src, lines: lineTable(src) } : src;
  const lineOf = (i: number): number => lines[Math.min(i, lines.length - 1)] ?? 1;
  const commands: ShellCommand[] = [];
  let argv: string[] = [];
  let cmdLine = -1;
  let word = '';
  let inWord = false;
  let skipNextWord = false;

  const endWord = (): void => {
    if (!inWord) return;
    if (skipNextWord) skipNextWord = false;
    else argv.push(word);
    word = '';
    inWord = false;
  };
  const startWord = (i: number): void => {
    inWord = true;
    if (cmdLine === -1) cmdLine = lineOf(i);
  };
  const endCommand = (): void => {
    endWord();
    while (argv.length > 0 && (PREFIX_WORDS.has(argv[0] as string) || ASSIGNMENT.test(argv[0] as string))) {
      argv.shift();
    }
    if (argv.length > 0) commands.push({ argv, line: cmdLine === -1 ? lineOf(0) : cmdLine });
    argv = [];
    cmdLine = -1;
  };

  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === '\\') {
      if (text[i + 1] === '\n') {
        i += 2; // line continuation
        continue;
      }
      startWord(i);
      word += text[i + 1] ?? '';
      i += 2;
    } else if (c === "'") {
      startWord(i);
      const close = text.indexOf("'", i + 1);
      const end = close === -1 ? text.length : close;
      word += text.slice(i + 1, end);
      i = end + 1;
    } else if (c === '"') {
      startWord(i);
      i++;
      while (i < text.length && text[i] !== '"') {
        if (text[i] === '\\' && i + 1 < text.length && '"\\$`'.includes(text[i + 1] as string)) i++;
        word += text[i];
        i++;
      }
      i++;
    } else if (c === '$' && text[i + 1] === '(') {
      startWord(i);
      const end = matchParen(text, i + 1);
      word += text.slice(i, end + 1);
      i = end + 1;
    } else if (c === '`') {
      startWord(i);
      const close = text.indexOf('`', i + 1);
      const end = close === -1 ? text.length : close;
      word += text.slice(i, end + 1);
      i = end + 1;
    } else if (c === '#' && !inWord) {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === ' ' || c === '\t' || c === '\r') {
      endWord();
      i++;
    } else if (c === '\n' || c === ';' || c === '&' || c === '|' || c === '(' || c === ')') {
      if (c === '&' && text[i - 1] === '>') {
        // `>&2`: part of a redirection, not a background operator.
        i++;
        continue;
      }
      endCommand();
      i += (c === '&' || c === '|') && text[i + 1] === c ? 2 : 1;
    } else if (c === '>' || c === '<') {
      // A redirection: drop an fd number before it and the target word after it.
      if (inWord && /^\d+$/.test(word)) {
        word = '';
        inWord = false;
      }
      endWord();
      while (text[i] === '>' || text[i] === '<') i++;
      if (text[i] === '&') {
        i++;
        while (i < text.length && /[0-9-]/.test(text[i] as string)) i++;
      } else {
        skipNextWord = true;
      }
    } else {
      startWord(i);
      word += c;
      i++;
    }
  }
  endCommand();
  return commands;
}

function matchParen(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return text.length - 1;
}

function lineTable(text: string): number[] {
  const out: number[] = [];
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    out.push(line);
    if (text[i] === '\n') line++;
  }
  return out;
}
