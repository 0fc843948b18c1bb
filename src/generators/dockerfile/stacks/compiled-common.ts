/**
 * Helpers shared by the compiled-language stacks (JVM, Rust, .NET): best-effort dependency
 * pre-fetching, the HEALTHCHECK decision, and argv handling.
 */
import path from 'node:path';
import type { Service } from '../../../model/service.js';
import { splitCommand } from '../../../render/argv.js';
import type { Instruction } from '../../../render/dockerfile.js';
import { HEALTHCHECK_TIMING, missingHealthReason, noHealthcheckComment } from '../common.js';

/**
 * A dependency pre-fetch that may fail without failing the build. The `deps` stage sees only the
 * manifests, so a build that needs more (sibling modules, referenced projects, convention plugins)
 * cannot resolve there; the build stage then resolves with the same cache mount, locked, and any
 * real problem fails there.
 */
export function bestEffort(command: string, what: string): string {
  return `{ ${command} || echo "shipready: ${what} needs more than the manifests; the build stage resolves it"; }`;
}

/** What the final stage says about health: a HEALTHCHECK, or a reasoned audit suppression. */
export interface HealthPlan {
  /** Goes right before FROM of the final stage (the audit reads it there), or nothing. */
  beforeFrom: Instruction[];
  /** The HEALTHCHECK instruction, or nothing. */
  healthcheck: Instruction[];
  healthPath: string | null;
  noHealthcheckReason: string | null;
}

/**
 * The HEALTHCHECK for a service: `probe(url)` gives the argv of a tool the runtime image has, or
 * `probe` is null and `noToolReason` says why the image cannot run one.
 */
export function healthPlan(
  service: Service,
  probe: ((url: string) => string[]) | null,
  noToolReason: string,
): HealthPlan {
  const missing = missingHealthReason(service);
  const reason =
    missing ??
    (probe === null
      ? `${noToolReason}; probe GET ${service.healthPath} on port ${service.port} from compose or Kubernetes instead`
      : null);
  if (reason !== null) {
    return {
      beforeFrom: [noHealthcheckComment(reason)],
      healthcheck: [],
      healthPath: null,
      noHealthcheckReason: reason,
    };
  }
  const url = `http://127.0.0.1:${service.port}${service.healthPath}`;
  return {
    beforeFrom: [],
    healthcheck: [
      { kind: 'HEALTHCHECK', cmd: (probe as (u: string) => string[])(url), ...HEALTHCHECK_TIMING },
    ],
    healthPath: service.healthPath,
    noHealthcheckReason: null,
  };
}

/** `curl` probe for images that ship it (Eclipse Temurin on Ubuntu installs curl and wget). */
export function curlProbe(url: string): string[] {
  return ['curl', '--fail', '--silent', '--show-error', '--output', '/dev/null', url];
}

/** argv of a command, or null when it needs a shell. */
export function argvOf(command: string | null): string[] | null {
  return command === null ? null : splitCommand(command);
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

/** Comment about PID 1 in exec form, shared wording. */
export function execComment(process: string, handlesSigterm: boolean): Instruction {
  return {
    kind: 'comment',
    text: handlesSigterm
      ? `Exec form: ${process} is PID 1 and receives SIGTERM directly; run with --init (compose: init: true) to reap zombie child processes.`
      : `Exec form: ${process} is PID 1; a PID 1 without a SIGTERM handler ignores SIGTERM, so run with --init (compose: init: true) unless the app handles it.`,
  };
}
