import path from 'node:path';
import type { FactName, Service } from '../../../model/service.js';
import type { Instruction } from '../../../render/dockerfile.js';

/** The service folder, repo-relative POSIX, `.` for the root. */
export function serviceFolder(service: Service): string {
  const n = path.posix.normalize(service.path.replace(/\\/g, '/')).replace(/\/+$/, '');
  return n === '' ? '.' : n;
}

/** A repo-relative file as a path relative to the service folder. */
function relativeToService(service: Service, file: string): string {
  const dir = serviceFolder(service);
  return dir === '.' ? path.posix.normalize(file) : path.posix.relative(dir, file);
}

export type EvidenceFile = { file: string } | { outside: string } | null;

/**
 * The first file with one of `names` that the service's evidence for `facts` cites (weak evidence
 * ignored), relative to the service folder: `{ file }` when it sits in the folder, `{ outside }`
 * (repo-relative) when it is elsewhere (a workspace root outside the build context), else null.
 */
export function evidenceFile(
  service: Service,
  names: readonly string[],
  facts: readonly FactName[],
): EvidenceFile {
  for (const fact of facts) {
    for (const e of service.evidence[fact] ?? []) {
      if (e.confidence === 'weak' || !names.includes(path.posix.basename(e.file))) continue;
      const rel = relativeToService(service, e.file);
      return rel.includes('/') ? { outside: e.file } : { file: rel };
    }
  }
  return null;
}

/** A folder of the service as a clean relative path (`./public/` → `public`, `` → `.`). */
export function cleanDir(dir: string): string {
  const n = path.posix.normalize(dir.replace(/\\/g, '/')).replace(/\/+$/, '');
  return n === '' ? '.' : n;
}

/** True when a relative folder stays inside the build context (no `..`, not absolute). */
export function staysInContext(dir: string): boolean {
  const n = cleanDir(dir);
  return !n.startsWith('/') && n !== '..' && !n.startsWith('../');
}

/**
 * Build-time ARGs for a static site's public settings (compiled into files every visitor
 * downloads), and a note naming the secret-looking ones that are left out.
 */
export function staticBuildArgs(service: Service): { instructions: Instruction[]; names: string[] } {
  const env = [...service.env].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const instructions: Instruction[] = [];
  const names: string[] = [];
  const publicVars = env.filter((v) => !v.secret);
  const secretVars = env.filter((v) => v.secret);
  if (publicVars.length > 0) {
    instructions.push({
      kind: 'comment',
      text: 'Build-time settings: compiled into files every visitor downloads, so never secrets.',
    });
    for (const v of publicVars) {
      instructions.push({ kind: 'ARG', name: v.name, ...(v.default !== null ? { default: v.default } : {}) });
      names.push(v.name);
    }
  }
  if (secretVars.length > 0) {
    instructions.push({
      kind: 'comment',
      text: `Not passed, as they look secret and the output is public: ${secretVars.map((v) => v.name).join(', ')}.`,
    });
  }
  return { instructions, names };
}
