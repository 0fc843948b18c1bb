/**
 * Semantic comparison of start commands for the detection corpus: peers write the same intent in
 * different forms (`./out` vs `./server`, `gunicorn --bind 0.0.0.0:${PORT:-8000} main:app` vs
 * `gunicorn main:app --bind 0.0.0.0:8000`, `npm run start` vs the script it names).
 */

/** What a start command means: the program class and the entry it runs. */
export interface StartSignature {
  program: string;
  target: string | null;
}

const WRAPPERS = new Set(['exec', 'npx', 'env', 'nohup']);
const VALUE_OPTIONS = new Set([
  '--bind',
  '-b',
  '--port',
  '-p',
  '--host',
  '-h',
  '-c',
  '--config',
  '-w',
  '--workers',
  '-k',
  '--worker-class',
  '--server.port',
  '--server.address',
  '-e',
  '--env',
  '-t',
  '-s',
  '--adapter',
  '-o',
]);
const PROGRAM_ALIASES: Record<string, string> = {
  python3: 'python',
  'python2.7': 'python',
  python2: 'python',
  bash: 'sh',
  zsh: 'sh',
  dash: 'sh',
  'react-router-serve': 'react-router-serve',
};
const STATIC_SERVERS = new Set(['caddy', 'nginx', 'serve', 'http-server']);
const INTERPRETERS = new Set(['node', 'python', 'ruby', 'bun', 'deno', 'php', 'guile', 'sh', 'perl']);

function tokenize(cmd: string): string[] {
  const out: string[] = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (const m of cmd.matchAll(re)) out.push(m[1] ?? m[2] ?? (m[3] as string));
  return out;
}

/** The last `&&`/`;` segment of a shell line, which is the long-running process. */
function lastSegment(cmd: string): string {
  const parts = cmd
    .split(/&&|\|\||;(?=\s|$)/)
    .map((s) => s.trim())
    .filter(Boolean);
  return parts[parts.length - 1] ?? cmd.trim();
}

/** PHP served over HTTP: php-fpm behind nginx, FrankenPHP, Apache, or a peer's script that starts one. */
const PHP_SERVER = /\bphp-fpm\b|\bfrankenphp\b|\bapache2-foreground\b|^\/start-container\.sh$|\bphp\s+-S\b/;

/** Reduce a start command to its signature; `null` for an empty command. */
export function startSignature(command: string): StartSignature | null {
  if (PHP_SERVER.test(command.trim())) return { program: 'php-server', target: null };
  let cmd = lastSegment(command.replace(/\s*\d?>&\d\s*/g, ' ').replace(/\s*2>&1\s*/g, ' '));
  // `bash -c "java -jar $JAR"`: look inside.
  const inner = /^(?:ba)?sh\s+-c\s+["'](.+)["']$/.exec(cmd);
  if (inner) cmd = lastSegment(inner[1] as string);
  let tokens = tokenize(cmd);
  while (
    tokens.length &&
    (/^[A-Za-z_][A-Za-z0-9_]*=/.test(tokens[0] as string) || WRAPPERS.has(tokens[0] as string))
  ) {
    tokens = tokens.slice(1);
  }
  if (tokens[0] === 'bundle' && tokens[1] === 'exec') tokens = tokens.slice(2);
  const first = tokens[0];
  if (!first) return null;
  const base = first
    .replace(/^node_modules\/\.bin\//, '')
    .split('/')
    .pop() as string;
  const program = PROGRAM_ALIASES[base] ?? base;
  const args = tokens.slice(1);
  if (STATIC_SERVERS.has(program)) return { program: 'static-server', target: null };
  if (program === 'java' && args.includes('-jar')) return { program: 'java-jar', target: null };
  if (program === 'dotnet' && args[0]?.endsWith('.dll')) return { program: 'binary', target: null };
  if (program === 'rails' || program === 'rake') {
    return { program: 'rails', target: args.find((a) => !a.startsWith('-')) ?? null };
  }
  const isPath = first.includes('/') && !first.startsWith('node_modules/');
  if (isPath && !INTERPRETERS.has(program)) return { program: 'binary', target: null };
  if (program === 'python' && args[0] === '-m') {
    return { program: 'python', target: args[1] ?? null };
  }
  let target: string | null = null;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a.startsWith('-')) {
      if (VALUE_OPTIONS.has(a)) i++;
      continue;
    }
    if (program === 'deno' && a === 'run') continue;
    if ((program === 'streamlit' || program === 'bun') && a === 'run') continue;
    target = a;
    break;
  }
  // gunicorn's default callable is `application`: `mysite.wsgi` and `mysite.wsgi:application` are one target.
  if (target && program === 'gunicorn') target = target.replace(/:application$/, '');
  // `node build` runs build/index.js: the same entry.
  if (target)
    target = target
      .replace(/^\.\//, '')
      .replace(/\.(m?js|cjs|ts|py|rb)$/, '')
      .replace(/\/index$/, '');
  return { program, target };
}

/** Are two start commands the same intent? */
export function sameStart(expected: string, actual: string): boolean {
  const a = startSignature(expected);
  const b = startSignature(actual);
  if (!a || !b) return false;
  if (a.program !== b.program) return false;
  if (['binary', 'java-jar', 'static-server', 'php-server'].includes(a.program)) return true;
  return a.target === b.target;
}

const RUN_SCRIPT = /^(npm|pnpm|yarn|bun)(?:\s+run)?\s+([\w:.-]+)\s*$/;

/** `npm run start` → the `start` script's name; null when the command runs no package script. */
export function packageScriptName(command: string): string | null {
  const m = RUN_SCRIPT.exec(command.trim());
  if (!m) return null;
  if (m[1] === 'npm' && !/\srun\s/.test(command) && m[2] !== 'start') return null;
  return m[2] as string;
}
