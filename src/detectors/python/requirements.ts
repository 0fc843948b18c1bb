import path from 'node:path';
import type { Diagnostic } from '../../model/diagnostic.js';
import type { RepoFs } from '../../repo/repo-fs.js';
import { normalizeName } from './python-text.js';

/** One requirement: a distribution name with its extras, where it was written. */
export interface Requirement {
  /** PEP 503 normalised name. */
  name: string;
  /** Extras, lower-case: `uvicorn[standard]` → `['standard']`. */
  extras: string[];
  file: string;
  line: number;
}

export interface RequirementsResult {
  requirements: Requirement[];
  /** Every file read, the top one first (`-r` includes after it). */
  files: string[];
  /** Editable, VCS, URL or local-path installs were listed (they name no distribution). */
  installsOther: boolean;
  diagnostics: Diagnostic[];
}

/** `name[extra,…]` at the start of a PEP 508 requirement. */
const NAME = /^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(?:\[([^\]]*)\])?/;

/** Parses one PEP 508 string (`flask>=3`, `uvicorn[standard]; python_version>"3.8"`). Null when it is not one. */
export function parseRequirementString(spec: string): { name: string; extras: string[] } | null {
  const m = NAME.exec(spec.trim());
  if (!m) return null;
  const rest = spec.trim().slice(m[0].length).trim();
  // After the name only a version, a marker, a direct URL (`@`) or nothing may follow.
  if (rest !== '' && !/^([<>=!~(;@,]|===)/.test(rest)) return null;
  const extras = (m[2] ?? '')
    .split(',')
    .map((e) => e.trim().toLowerCase())
    .filter(Boolean);
  return { name: normalizeName(m[1] as string), extras };
}

/** Options that take no file we need (`--index-url x`, `--hash=…`, `-c constraints.txt` …). */
const IGNORED_OPTION =
  /^(-c|--constraint|-i|--index-url|--extra-index-url|-f|--find-links|--trusted-host|--no-binary|--only-binary|--prefer-binary|--pre|--require-hashes|--no-index|--use-feature|--hash|--config-settings)\b/;

const MAX_DEPTH = 5;

/**
 * Reads a requirements file and the files it includes with `-r`, relative to the including file.
 * Comments, options, editable and direct-URL installs are understood; a line that is none of those
 * is reported (warning naming the file and line). Never throws.
 */
export function readRequirements(fs: RepoFs, file: string): RequirementsResult {
  const out: RequirementsResult = { requirements: [], files: [], diagnostics: [], installsOther: false };
  const visit = (f: string, depth: number, from: { file: string; line: number } | null): void => {
    if (out.files.includes(f)) return;
    const r = fs.readText(f);
    if (!r.ok) {
      out.diagnostics.push({
        severity: 'warning',
        ...(from ? { file: from.file, line: from.line } : { file: f }),
        message:
          r.reason === 'missing' && from
            ? `includes ${f}, which does not exist`
            : `cannot read ${f} (${r.reason}): ${r.message}`,
        fix: from ? 'fix the -r path or add the file' : 'make the file readable, or remove it',
      });
      return;
    }
    out.files.push(f);
    const bad: number[] = [];
    for (const { text, line } of logicalLines(r.text)) {
      const l = text.replace(/(^|\s)#.*$/, '').trim();
      if (l === '') continue;
      const include = /^(?:-r|--requirement)(?:\s+|=)(\S+)/.exec(l);
      if (include) {
        if (depth >= MAX_DEPTH) continue;
        const target = path.posix.normalize(path.posix.join(path.posix.dirname(f), include[1] as string));
        if (!target.startsWith('..')) visit(target, depth + 1, { file: f, line });
        continue;
      }
      if (IGNORED_OPTION.test(l)) continue;
      const editable = /^(?:-e|--editable)(?:\s+|=)(\S+)/.exec(l);
      const target = editable ? (editable[1] as string) : l;
      // git+https://…#egg=name, https://…/pkg.whl, ./local/path, . — the name is in #egg= when at all.
      if (/^[a-z][a-z0-9+.-]*:\/\//i.test(target) || /^[./~]/.test(target) || editable) {
        out.installsOther = true;
        const egg = /#egg=([A-Za-z0-9._-]+)/.exec(target);
        if (egg) out.requirements.push({ name: normalizeName(egg[1] as string), extras: [], file: f, line });
        continue;
      }
      if (l.startsWith('-')) continue; // an option pip knows and we do not need
      const req = parseRequirementString(l);
      if (req) out.requirements.push({ ...req, file: f, line });
      else bad.push(line);
    }
    if (bad.length > 0) {
      out.diagnostics.push({
        severity: 'warning',
        file: f,
        line: bad[0] as number,
        message: `${bad.length === 1 ? 'a line is' : `${bad.length} lines are`} not a requirement (line ${bad.join(', ')})`,
        fix: 'write one requirement a line, e.g. "flask>=3.0" (pip would reject this file)',
      });
    }
  };
  visit(file, 0, null);
  return out;
}

/** Lines with `\` continuations joined, each with the 1-based line it starts on. */
function logicalLines(text: string): { text: string; line: number }[] {
  const raw = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const out: { text: string; line: number }[] = [];
  for (let i = 0; i < raw.length; i++) {
    const start = i + 1;
    let t = raw[i] as string;
    while (t.endsWith('\\') && i + 1 < raw.length) t = t.slice(0, -1) + (raw[++i] as string);
    out.push({ text: t, line: start });
  }
  return out;
}
