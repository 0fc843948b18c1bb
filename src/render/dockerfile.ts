/**
 * A small typed Dockerfile emitter. Generators build a list of instructions; this module owns
 * quoting and layout, so no generator concatenates Dockerfile text by hand.
 *
 * @see https://docs.docker.com/reference/dockerfile/
 */

/** A value for ENV or LABEL: a literal (quoted and escaped) or a reference to an ARG/ENV (`${NAME}`). */
export type DockerValue = string | { readonly ref: string };

export interface CacheMount {
  type: 'cache';
  /** Directory the cache is mounted at, e.g. `/root/.npm`. */
  target: string;
  /** Cache id shared between builds; defaults to the target. */
  id?: string;
  sharing?: 'shared' | 'private' | 'locked';
}

export type Instruction =
  | { kind: 'FROM'; image: string; as?: string; platform?: string }
  | { kind: 'ARG'; name: string; default?: string }
  | { kind: 'ENV'; vars: readonly (readonly [string, DockerValue])[] }
  | { kind: 'WORKDIR'; path: string }
  | {
      kind: 'COPY';
      src: readonly string[];
      dest: string;
      from?: string;
      chown?: string;
      chmod?: string;
      link?: boolean;
    }
  /** Commands are joined with `&& \` continuations, so one failing command fails the layer. */
  | { kind: 'RUN'; commands: readonly string[]; mounts?: readonly CacheMount[] }
  | { kind: 'USER'; user: string }
  | { kind: 'EXPOSE'; port: number; protocol?: 'tcp' | 'udp' }
  | {
      kind: 'HEALTHCHECK';
      /** Exec form argv. */
      cmd: readonly string[];
      interval?: string;
      timeout?: string;
      startPeriod?: string;
      retries?: number;
    }
  | { kind: 'CMD' | 'ENTRYPOINT'; argv: readonly string[] }
  | { kind: 'LABEL'; labels: readonly (readonly [string, DockerValue])[] }
  | { kind: 'comment'; text: string }
  | { kind: 'blank' };

export interface DockerfileDoc {
  /** Frontend for the `# syntax=` parser directive, e.g. `docker/dockerfile:1`. */
  syntax?: string;
  /** Header comment lines, already prefixed with `#` (see `generatedHeader`). */
  header: readonly string[];
  instructions: readonly Instruction[];
}

const CONTINUATION = ' \\\n    ';

/** Render a Dockerfile: parser directive, header, a blank line, then the instructions; one trailing newline. */
export function renderDockerfile(doc: DockerfileDoc): string {
  const lines: string[] = [];
  if (doc.syntax !== undefined) {
    assertSingleLine(doc.syntax, 'syntax');
    lines.push(`# syntax=${doc.syntax}`);
  }
  for (const h of doc.header) {
    assertSingleLine(h, 'header');
    if (!h.startsWith('#')) throw new Error(`renderDockerfile: header line must be a comment: ${h}`);
    lines.push(h);
  }
  if (lines.length > 0 && doc.instructions.length > 0 && doc.instructions[0]?.kind !== 'blank')
    lines.push('');
  for (const ins of doc.instructions) lines.push(renderInstruction(ins));
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return `${lines.join('\n')}\n`;
}

/** Render one instruction (may span several lines with `\` continuations). */
export function renderInstruction(ins: Instruction): string {
  switch (ins.kind) {
    case 'FROM': {
      const parts = ['FROM'];
      if (ins.platform) parts.push(`--platform=${word(ins.platform, 'platform')}`);
      parts.push(word(ins.image, 'image'));
      if (ins.as) parts.push('AS', word(ins.as, 'stage name'));
      return parts.join(' ');
    }
    case 'ARG':
      assertName(ins.name);
      if (ins.default === undefined) return `ARG ${ins.name}`;
      return `ARG ${ins.name}=${ins.default === '' ? '' : quoteValue(ins.default)}`;
    case 'ENV':
    case 'LABEL': {
      const pairs = ins.kind === 'ENV' ? ins.vars : ins.labels;
      if (pairs.length === 0) throw new Error(`renderDockerfile: ${ins.kind} needs at least one pair`);
      const rendered = pairs.map(([k, v]) => {
        if (ins.kind === 'ENV') assertName(k);
        else if (!/^[A-Za-z0-9._-]+$/.test(k)) throw new Error(`renderDockerfile: bad label key ${k}`);
        return `${k}=${renderValue(v)}`;
      });
      return `${ins.kind} ${rendered.join(CONTINUATION)}`;
    }
    case 'WORKDIR':
      return `WORKDIR ${word(ins.path, 'path')}`;
    case 'COPY': {
      const flags: string[] = [];
      if (ins.from) flags.push(`--from=${word(ins.from, 'from')}`);
      if (ins.chown) flags.push(`--chown=${word(ins.chown, 'chown')}`);
      if (ins.chmod) flags.push(`--chmod=${word(ins.chmod, 'chmod')}`);
      if (ins.link) flags.push('--link');
      if (ins.src.length === 0) throw new Error('renderDockerfile: COPY needs at least one source');
      const paths = [...ins.src, ins.dest];
      paths.forEach((p) => {
        assertSingleLine(p, 'COPY path');
      });
      // Paths with whitespace or quotes need the JSON form.
      const args = paths.some((p) => /[\s"'\\]/.test(p)) ? JSON.stringify(paths) : paths.join(' ');
      return ['COPY', ...flags, args].join(' ');
    }
    case 'RUN': {
      if (ins.commands.length === 0) throw new Error('renderDockerfile: RUN needs at least one command');
      ins.commands.forEach((c) => {
        assertSingleLine(c, 'RUN command');
      });
      const mounts = (ins.mounts ?? []).map(renderMount);
      const head = ['RUN', ...mounts].join(' ');
      const body = ins.commands.join(` &&${CONTINUATION}`);
      return mounts.length > 0 ? `${head}${CONTINUATION}${body}` : `${head} ${body}`;
    }
    case 'USER':
      return `USER ${word(ins.user, 'user')}`;
    case 'EXPOSE':
      if (!Number.isInteger(ins.port) || ins.port < 1 || ins.port > 65535) {
        throw new Error(`renderDockerfile: bad port ${ins.port}`);
      }
      return `EXPOSE ${ins.port}${ins.protocol && ins.protocol !== 'tcp' ? `/${ins.protocol}` : ''}`;
    case 'HEALTHCHECK': {
      const opts: string[] = [];
      if (ins.interval) opts.push(`--interval=${word(ins.interval, 'interval')}`);
      if (ins.timeout) opts.push(`--timeout=${word(ins.timeout, 'timeout')}`);
      if (ins.startPeriod) opts.push(`--start-period=${word(ins.startPeriod, 'start period')}`);
      if (ins.retries !== undefined) opts.push(`--retries=${ins.retries}`);
      const cmd = `CMD ${execForm(ins.cmd)}`;
      return opts.length > 0 ? `HEALTHCHECK ${opts.join(' ')}${CONTINUATION}${cmd}` : `HEALTHCHECK ${cmd}`;
    }
    case 'CMD':
    case 'ENTRYPOINT':
      return `${ins.kind} ${execForm(ins.argv)}`;
    case 'comment':
      return ins.text
        .split('\n')
        .map((t) => (t === '' ? '#' : `# ${t}`))
        .join('\n');
    case 'blank':
      return '';
  }
}

/** Exec form: a JSON array, so no shell runs and signals reach the process. */
export function execForm(argv: readonly string[]): string {
  if (argv.length === 0) throw new Error('renderDockerfile: exec form needs at least one argument');
  return JSON.stringify(argv);
}

/**
 * Quote a literal ENV/LABEL/ARG value. Plain tokens stay bare; anything else is double-quoted with
 * `\`, `"` and `$` escaped, so the builder neither splits it nor expands variables in it.
 */
export function quoteValue(value: string): string {
  assertSingleLine(value, 'value');
  if (/^[A-Za-z0-9_./:@%+,-]+$/.test(value)) return value;
  return `"${value.replace(/[\\"$]/g, (c) => `\\${c}`)}"`;
}

function renderValue(v: DockerValue): string {
  if (typeof v === 'string') return quoteValue(v);
  assertName(v.ref);
  return `"\${${v.ref}}"`;
}

function renderMount(m: CacheMount): string {
  const parts = [`type=${m.type}`, `target=${word(m.target, 'mount target')}`];
  if (m.id) parts.push(`id=${word(m.id, 'mount id')}`);
  if (m.sharing) parts.push(`sharing=${m.sharing}`);
  for (const p of parts) if (p.includes(',')) throw new Error(`renderDockerfile: comma in mount option ${p}`);
  return `--mount=${parts.join(',')}`;
}

/** A single token: no whitespace, so it cannot change the instruction's shape. */
function word(value: string, what: string): string {
  if (value === '' || /\s/.test(value))
    throw new Error(`renderDockerfile: ${what} must be one word: ${JSON.stringify(value)}`);
  return value;
}

function assertName(name: string): void {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`renderDockerfile: bad variable name ${name}`);
}

function assertSingleLine(value: string, what: string): void {
  if (/[\r\n]/.test(value))
    throw new Error(`renderDockerfile: ${what} must be a single line: ${JSON.stringify(value)}`);
}
