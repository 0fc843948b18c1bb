import type { Evidence } from '../../model/evidence.js';
import type { DenoConfig } from './deno-config.js';

/** `deno` flags that take their value as the next word (`--port 8080`); others use `--flag=value`. */
const VALUE_FLAGS = new Set([
  '--port',
  '--host',
  '-c',
  '--config',
  '--import-map',
  '--lock',
  '--location',
  '--seed',
  '--cert',
]);

/** Follows `deno task <name>` references (at most a few hops) to the command a task finally runs. */
export function resolveTask(
  config: DenoConfig,
  name: string,
  seen: ReadonlySet<string> = new Set(),
): string | null {
  const task = config.tasks[name];
  if (!task || seen.has(name) || seen.size > 5) return null;
  const segments = splitSegments(task.command);
  const last = segments[segments.length - 1] ?? '';
  const ref = /^deno\s+task\s+([\w:.-]+)\s*$/.exec(last);
  if (ref) return resolveTask(config, ref[1] as string, new Set([...seen, name]));
  return task.command;
}

function splitSegments(cmd: string): string[] {
  return cmd
    .split(/&&|;/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** The last `deno run …` / `deno serve …` of a shell line: the long-running process. */
export function denoRunSegment(cmd: string): string | null {
  const segs = splitSegments(cmd).filter((s) => /^deno\s+(run|serve)\b/.test(s));
  return segs[segs.length - 1] ?? null;
}

/** Removes `--watch` / `--watch=…` (a development flag: production does not restart on file changes). */
export function stripWatch(cmd: string): { cmd: string; stripped: boolean } {
  const out = cmd.replace(/\s--watch(?:-hmr)?(?:=\S*)?(?=\s|$)/g, '');
  return { cmd: out, stripped: out !== cmd };
}

/** The script a `deno run` / `deno serve` command runs (first non-flag argument). */
export function entryOf(cmd: string): string | null {
  const tokens = cmd.trim().split(/\s+/);
  if (tokens[0] !== 'deno' || (tokens[1] !== 'run' && tokens[1] !== 'serve')) return null;
  for (let i = 2; i < tokens.length; i++) {
    const t = tokens[i] as string;
    if (t.startsWith('-')) {
      if (VALUE_FLAGS.has(t)) i++;
      continue;
    }
    return t.replace(/^\.\//, '');
  }
  return null;
}

/** `--port 8080` / `--port=8080` in a `deno serve` command. */
export function portFlag(cmd: string): number | null {
  const m = /--port[ =](\d{2,5})\b/.exec(cmd);
  return m ? Number(m[1]) : null;
}

export interface TaskStart {
  value: string;
  evidence: Evidence[];
}

/**
 * The start command from deno.json tasks: `start` when it resolves to a `deno run` / `deno serve`
 * (minus `--watch`; a Fresh `preview` task when `start` only watches), else null with the reason.
 */
export function startFromTasks(config: DenoConfig): { start: TaskStart | null; note: Evidence | null } {
  const task = config.tasks.start;
  if (!task) return { start: null, note: null };
  const resolved = resolveTask(config, 'start');
  const seg = resolved ? denoRunSegment(resolved) : null;
  const ev = (name: string, reason: string): Evidence => ({
    file: config.file,
    ...(config.tasks[name]?.line ? { line: config.tasks[name]?.line } : {}),
    reason,
    confidence: 'explicit',
  });
  if (!seg) {
    return {
      start: null,
      note: {
        ...ev('start', `task start is \`${task.command}\`, not a deno run/serve command`),
        confidence: 'weak',
      },
    };
  }
  const { cmd, stripped } = stripWatch(seg);
  if (stripped) {
    const preview = resolveTask(config, 'preview');
    const previewSeg = preview ? denoRunSegment(preview) : null;
    if (previewSeg) {
      return {
        start: {
          value: stripWatch(previewSeg).cmd,
          evidence: [
            ev('preview', `task preview runs \`${previewSeg}\``),
            {
              ...ev('start', `task start watches files (development); preview serves the build`),
              confidence: 'strong',
            },
          ],
        },
        note: null,
      };
    }
  }
  return {
    start: {
      value: cmd,
      evidence: [
        ev('start', `task start runs \`${seg}\`${stripped ? ' (without --watch, a development flag)' : ''}`),
      ],
    },
    note: null,
  };
}
