import type { Diagnostic } from '../../model/diagnostic.js';
import type { RepoFs } from '../../repo/repo-fs.js';

/** One process type of a Procfile (`web: gunicorn app:app`). */
export interface ProcfileEntry {
  /** Process type: `web`, `worker`, `release`, `clock` … */
  type: string;
  command: string;
  /** 1-based line in the Procfile. */
  line: number;
}

export interface ProcfileResult {
  file: string;
  entries: ProcfileEntry[];
  diagnostics: Diagnostic[];
}

const ENTRY = /^([A-Za-z0-9_-]+)[ \t]*:[ \t]*(.+?)\s*$/;

/** Parse Procfile text (the Heroku format: `<type>: <command>` a line, `#` comments). Never throws. */
export function parseProcfile(text: string): ProcfileEntry[] {
  const out: ProcfileEntry[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] as string;
    if (/^\s*(#|$)/.test(raw)) continue;
    const m = ENTRY.exec(raw.trim());
    if (m) out.push({ type: (m[1] as string).toLowerCase(), command: m[2] as string, line: i + 1 });
  }
  return out;
}

/** Read `<dir>/Procfile` when present. A missing file gives null; an unreadable one a diagnostic. */
export function readProcfile(fs: RepoFs, dir: string): ProcfileResult | null {
  const file = dir === '.' ? 'Procfile' : `${dir}/Procfile`;
  if (!fs.exists(file)) return null;
  const r = fs.readText(file);
  if (!r.ok) {
    return {
      file,
      entries: [],
      diagnostics: [
        {
          severity: 'warning',
          file,
          message: `cannot read Procfile: ${r.message}`,
          fix: 'make it readable or remove it',
        },
      ],
    };
  }
  return { file, entries: parseProcfile(r.text), diagnostics: [] };
}

/** The port a Procfile command binds, e.g. `--port 8000`, `-b 0.0.0.0:5000`, `${PORT:-3000}`. */
export function portFromCommand(command: string): number | null {
  const patterns = [
    /\$\{PORT:-(\d{2,5})\}/,
    /(?:--port|-p)[ =](\d{2,5})\b/,
    /(?:--bind|-b)[ =](?:[\w.[\]:-]*):(\d{2,5})\b/,
    /\b(?:0\.0\.0\.0|127\.0\.0\.1|localhost):(\d{2,5})\b/,
  ];
  for (const p of patterns) {
    const m = p.exec(command);
    if (m) {
      const n = Number(m[1]);
      if (n >= 1 && n <= 65535) return n;
    }
  }
  return null;
}
