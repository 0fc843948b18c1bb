import {
  type Dockerfile as AstDockerfile,
  DockerfileParser,
  type From,
  type Instruction,
} from 'dockerfile-ast';
import { type ShellCommand, type SourceText, splitShellCommands } from './shell.js';

/**
 * A Dockerfile as rules see it: stages, instructions and comments with 1-based line numbers,
 * parsed by dockerfile-ast and enriched with what rules keep needing (resolved base images,
 * exec/shell form, the simple commands of each RUN).
 * @see https://docs.docker.com/reference/dockerfile/
 */
export interface ParsedDockerfile {
  /** Build stages in file order; empty when the file has no FROM. */
  stages: DockerStage[];
  /** The last stage: what `docker build` produces without `--target`. */
  finalStage: DockerStage | undefined;
  /** `ARG`s before the first FROM: the only variables a FROM line can use. */
  globalArgs: DockerArg[];
  /** Every instruction in file order, global ARGs included. */
  instructions: DockerInstruction[];
  /** Full-line comments (parser directives excluded), for suppressions. */
  comments: DockerComment[];
  /** Line of the first instruction; comments above it apply file-wide. */
  firstInstructionLine: number | undefined;
  /** Expand `$VAR` / `${VAR}` / `${VAR:-x}` with the ARG and ENV values in scope at `line`. */
  resolve(text: string, line: number): Resolved;
}

export interface DockerStage {
  /** 0-based position among the stages. */
  index: number;
  from: DockerFrom;
  /** Instructions after the FROM line, up to the next FROM. */
  instructions: DockerInstruction[];
  /** Index of the earlier stage this one builds on (`FROM <alias>`); it inherits USER, HEALTHCHECK, CMD. */
  parent: number | undefined;
}

export interface DockerFrom {
  line: number;
  /** The image reference as written, e.g. `node:${NODE_VERSION}-alpine`. */
  raw: string;
  /** The reference after global ARG defaults are substituted; null when FROM has no argument. */
  image: ImageRef | null;
  /** Variables in the reference that have no default, so the image is only known at build time. */
  unresolved: string[];
  /** Value of `--platform`, as written. */
  platform: string | undefined;
  /** The `AS <name>` alias. */
  alias: string | undefined;
}

export interface ImageRef {
  /** The full (resolved) reference. */
  reference: string;
  registry: string | undefined;
  /** Repository path without registry, tag or digest, e.g. `library/node` or `node`. */
  name: string;
  tag: string | undefined;
  /** e.g. `sha256:…` */
  digest: string | undefined;
}

export interface DockerInstruction {
  /** Upper-case keyword, e.g. `RUN`. */
  keyword: string;
  /** Arguments after any `--flags`, continuations joined and comment lines dropped. */
  text: string;
  /** Flags as written, e.g. `--mount=type=cache,target=/root/.npm`. */
  flags: string[];
  /** First and last 1-based line of the instruction. */
  line: number;
  endLine: number;
  /** Stage index, or -1 for global ARGs before the first FROM. */
  stage: number;
  /**
   * For RUN, CMD, ENTRYPOINT and SHELL: `exec` when the arguments are a JSON array of strings,
   * else `shell` (Docker then runs them with `/bin/sh -c`).
   */
  form: 'exec' | 'shell' | undefined;
  /** The array items in exec form. */
  execArgs: string[] | undefined;
  /** Shell form that starts with `[`: meant as exec form but not valid JSON (e.g. single quotes). */
  malformedExec: boolean;
  /** RUN only: the simple commands, each with its own line (from the script or heredoc body). */
  commands: ShellCommand[];
}

export interface DockerArg {
  name: string;
  /** Default value; null when the ARG has none. */
  value: string | null;
  line: number;
}

export interface DockerComment {
  line: number;
  /** Content without the leading `#` and surrounding whitespace. */
  text: string;
}

export interface Resolved {
  value: string;
  /** Names of variables that had no value in scope (left as written in `value`). */
  unresolved: string[];
}

const FORM_KEYWORDS = new Set(['RUN', 'CMD', 'ENTRYPOINT', 'SHELL']);

/** Parse Dockerfile text. Never throws on odd input: dockerfile-ast is error-tolerant. */
export function parseDockerfile(content: string): ParsedDockerfile {
  const ast = DockerfileParser.parse(content);
  const sourceLines = content.split(/\r?\n/);
  const escapeChar = ast.getEscapeCharacter();

  const globalArgs: DockerArg[] = [];
  const globalValues = new Map<string, string | null>();
  for (const arg of ast.getInitialARGs()) {
    for (const p of arg.getProperties()) {
      const raw = p.getValue();
      // A global ARG default may use earlier global ARGs.
      const value = raw === null ? null : substitute(raw, (n) => globalValues.get(n)).value;
      globalValues.set(p.getName(), value);
      globalArgs.push({ name: p.getName(), value, line: arg.getRange().start.line + 1 });
    }
  }

  const stages: DockerStage[] = [];
  const instructions: DockerInstruction[] = [];
  for (const ins of ast.getInstructions()) {
    const keyword = ins.getKeyword();
    if (keyword === 'FROM') {
      const from = toFrom(ins as From, globalValues);
      const parent = stageByAlias(stages, from.image?.reference);
      stages.push({ index: stages.length, from, instructions: [], parent });
    }
    const current = stages.at(-1);
    const parsed = toInstruction(ins, sourceLines, escapeChar, current ? current.index : -1);
    instructions.push(parsed);
    if (current && keyword !== 'FROM') current.instructions.push(parsed);
  }

  const comments = ast
    .getComments()
    .map((c) => ({ line: c.getRange().start.line + 1, text: c.getContent() }))
    .sort((a, b) => a.line - b.line);

  return {
    stages,
    finalStage: stages.at(-1),
    globalArgs,
    instructions,
    comments,
    firstInstructionLine: instructions[0]?.line,
    resolve: (text, line) => resolveInScope(ast, text, line),
  };
}

function stageByAlias(stages: readonly DockerStage[], name: string | undefined): number | undefined {
  if (!name) return undefined;
  const lower = name.toLowerCase();
  // Stage names are case-insensitive; a later stage with the same alias shadows an earlier one.
  for (let i = stages.length - 1; i >= 0; i--) {
    if (stages[i]?.from.alias?.toLowerCase() === lower) return i;
  }
  return undefined;
}

function toFrom(ins: From, globals: ReadonlyMap<string, string | null>): DockerFrom {
  const raw = ins.getImage() ?? '';
  const { value, unresolved } = substitute(raw, (n) => globals.get(n));
  return {
    line: ins.getRange().start.line + 1,
    raw,
    image: raw === '' ? null : parseImageRef(value),
    unresolved,
    platform: ins.getPlatformFlag()?.getValue() ?? undefined,
    alias: ins.getBuildStage() ?? undefined,
  };
}

/** Split `registry/name:tag@digest`. A first path part with `.` or `:` or `localhost` is a registry. */
export function parseImageRef(reference: string): ImageRef {
  let rest = reference;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at !== -1) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  let registry: string | undefined;
  const slash = rest.indexOf('/');
  if (slash !== -1) {
    const first = rest.slice(0, slash);
    if (first.includes('.') || first.includes(':') || first === 'localhost') {
      registry = first;
      rest = rest.slice(slash + 1);
    }
  }
  return { reference, registry, name: rest, tag, digest };
}

function toInstruction(
  ins: Instruction,
  sourceLines: readonly string[],
  escapeChar: string,
  stage: number,
): DockerInstruction {
  const keyword = ins.getKeyword();
  const range = ins.getRange();
  const argsRange = ins.getArgumentsRange();
  const flags =
    'getFlags' in ins && typeof ins.getFlags === 'function'
      ? (ins.getFlags() as { toString(): string }[]).map((f) => f.toString())
      : [];
  const src: SourceText = argsRange
    ? joinContinuations(sourceLines, argsRange, escapeChar)
    : { text: '', lines: [] };
  const text = src.text.trim();

  let form: DockerInstruction['form'];
  let execArgs: string[] | undefined;
  let malformedExec = false;
  if (FORM_KEYWORDS.has(keyword)) {
    execArgs = parseExecForm(text);
    form = execArgs ? 'exec' : 'shell';
    malformedExec = !execArgs && text.startsWith('[');
  }

  let commands: ShellCommand[] = [];
  if (keyword === 'RUN') {
    if (execArgs) commands = execArgs.length > 0 ? [{ argv: execArgs, line: range.start.line + 1 }] : [];
    else commands = splitShellCommands(heredocBody(src, sourceLines, argsRange?.start.line ?? 0) ?? src);
  }

  return {
    keyword,
    text,
    flags,
    line: range.start.line + 1,
    endLine: range.end.line + 1,
    stage,
    form,
    execArgs,
    malformedExec,
    commands,
  };
}

/** Docker's rule: exec form iff the arguments parse as a JSON array of strings. */
function parseExecForm(text: string): string[] | undefined {
  if (!text.startsWith('[')) return undefined;
  try {
    const v: unknown = JSON.parse(text);
    if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v;
  } catch {
    // Not JSON: Docker falls back to shell form, which the caller reports via `malformedExec`.
  }
  return undefined;
}

/**
 * The instruction's argument text as Docker sees it: escaped newlines removed (no space added),
 * comment and blank lines inside the continuation dropped. Keeps the source line of every character.
 */
function joinContinuations(
  sourceLines: readonly string[],
  range: { start: { line: number; character: number }; end: { line: number; character: number } },
  escapeChar: string,
): SourceText {
  let text = '';
  const lines: number[] = [];
  for (let l = range.start.line; l <= range.end.line; l++) {
    let seg = sourceLines[l] ?? '';
    if (l === range.end.line) seg = seg.slice(0, range.end.character);
    if (l === range.start.line) seg = seg.slice(range.start.character);
    else if (/^\s*(#.*)?$/.test(seg)) continue;
    const trimmed = seg.replace(/\s+$/, '');
    const continued = l < range.end.line && trimmed.endsWith(escapeChar);
    if (continued) seg = trimmed.slice(0, -escapeChar.length);
    else if (l < range.end.line) seg += '\n'; // a heredoc body keeps its newlines
    text += seg;
    for (let i = 0; i < seg.length; i++) lines.push(l + 1);
  }
  return { text, lines };
}

/** For `RUN <<EOF … EOF`, the heredoc body with its own line numbers; undefined if not a heredoc. */
function heredocBody(
  src: SourceText,
  sourceLines: readonly string[],
  startLine: number,
): SourceText | undefined {
  const m = /^\s*<<(-?)(["']?)([A-Za-z0-9_]+)\2/.exec(src.text);
  if (!m) return undefined;
  const stripTabs = m[1] === '-';
  const delimiter = m[3] as string;
  let text = '';
  const lines: number[] = [];
  for (let l = startLine + 1; l < sourceLines.length; l++) {
    const raw = sourceLines[l] ?? '';
    const line = stripTabs ? raw.replace(/^\t+/, '') : raw;
    if (line === delimiter) break;
    const seg = `${line}\n`;
    text += seg;
    for (let i = 0; i < seg.length; i++) lines.push(l + 1);
  }
  return { text, lines };
}

/** Substitute Dockerfile variables; `lookup` returns undefined (not declared) or null (no value). */
export function substitute(text: string, lookup: (name: string) => string | null | undefined): Resolved {
  const unresolved: string[] = [];
  const pattern = /\\\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;
  const value = text.replace(pattern, (match, braced: string | undefined, op, word: string, bare) => {
    if (match === '\\$') return match;
    const name = (braced ?? bare) as string;
    const v = lookup(name);
    const isSet = v !== undefined && v !== null;
    const isNonEmpty = isSet && v !== '';
    switch (op as string | undefined) {
      case ':-':
        return isNonEmpty ? v : word;
      case '-':
        return isSet ? v : word;
      case ':+':
        return isNonEmpty ? word : '';
      case '+':
        return isSet ? word : '';
      default:
        if (isSet) return v;
        unresolved.push(name);
        return match;
    }
  });
  return { value, unresolved: [...new Set(unresolved)] };
}

function resolveInScope(ast: AstDockerfile, text: string, line: number): Resolved {
  // ENV values may themselves reference variables (`ENV U=$UID`); follow a few levels.
  const lookup = (name: string, depth: number): string | null | undefined => {
    const v = ast.resolveVariable(name, line - 1);
    if (typeof v !== 'string' || depth > 5 || !v.includes('$')) return v;
    const inner = substitute(v, (n) => lookup(n, depth + 1));
    return inner.unresolved.length > 0 ? undefined : inner.value;
  };
  return substitute(text, (n) => lookup(n, 0));
}

/**
 * The stages an image is built from, nearest first: the stage itself, then the earlier stages it
 * names in `FROM <alias>`. Image config (USER, HEALTHCHECK, CMD) is inherited along this chain.
 */
export function stageChain(df: ParsedDockerfile, stage: DockerStage): DockerStage[] {
  const chain: DockerStage[] = [];
  let current: DockerStage | undefined = stage;
  while (current && !chain.includes(current)) {
    chain.push(current);
    current = current.parent === undefined ? undefined : df.stages[current.parent];
  }
  return chain;
}

/** The last instruction with this keyword that takes effect in `stage`, inherited ones included. */
export function effectiveInstruction(
  df: ParsedDockerfile,
  stage: DockerStage,
  keyword: string,
): DockerInstruction | undefined {
  for (const s of stageChain(df, stage)) {
    const found = s.instructions.findLast((i) => i.keyword === keyword);
    if (found) return found;
  }
  return undefined;
}

/** How a report names a stage: its alias, or its position. */
export function stageName(stage: DockerStage): string {
  return stage.from.alias ? `'${stage.from.alias}'` : `#${stage.index + 1} (${stage.from.raw || 'FROM'})`;
}
