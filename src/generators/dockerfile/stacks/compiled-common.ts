/**
 * Helpers shared by the compiled-language stacks (JVM, Rust, .NET): best-effort dependency
 * pre-fetching and argv handling (the HEALTHCHECK decision and exec-form comment are in common.ts).
 */
import path from 'node:path';

/**
 * A dependency pre-fetch that may fail without failing the build. The `deps` stage sees only the
 * manifests, so a build that needs more (sibling modules, referenced projects, convention plugins)
 * cannot resolve there; the build stage then resolves with the same cache mount, locked, and any
 * real problem fails there.
 */
export function bestEffort(command: string, what: string): string {
  return `{ ${command} || echo "shipready: ${what} needs more than the manifests; the build stage resolves it"; }`;
}

/** The value following `flag` (`-p api`, `--bin=api`) in argv, or null. */
export function flagValue(argv: readonly string[], ...flags: string[]): string | null {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (flags.includes(a)) return argv[i + 1] ?? null;
    for (const f of flags) if (f.startsWith('--') && a.startsWith(`${f}=`)) return a.slice(f.length + 1);
  }
  return null;
}

/** A clean relative POSIX path (`./target/x.jar` → `target/x.jar`), or null when it leaves the folder. */
export function innerPath(p: string): string | null {
  const n = path.posix.normalize(p.replace(/\\/g, '/')).replace(/\/+$/, '');
  if (n === '' || n === '.' || n.startsWith('../') || n === '..' || n.startsWith('/')) return null;
  return n;
}
