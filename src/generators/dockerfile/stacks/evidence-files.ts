import path from 'node:path';
import type { FactName, Service } from '../../../model/service.js';
import { cleanDir, serviceDir } from '../common.js';

/** A repo-relative file as a path relative to the service folder. */
function relativeToService(service: Service, file: string): string {
  const dir = serviceDir(service);
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

/** True when a relative folder stays inside the build context (no `..`, not absolute). */
export function staysInContext(dir: string): boolean {
  const n = cleanDir(dir);
  return !n.startsWith('/') && n !== '..' && !n.startsWith('../');
}
