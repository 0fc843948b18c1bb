import { effectiveInstruction, parseDockerfile } from '../../audit/parsers/dockerfile.js';
import type { Diagnostic } from '../../model/diagnostic.js';
import type { Evidence } from '../../model/evidence.js';
import type { Service } from '../../model/service.js';
import { GENERATED_MARKER } from '../../render/header.js';
import type { RepoFs } from '../../repo/repo-fs.js';
import { joinRel } from '../paths.js';

/** Names of a hand-written image definition in a service folder, in the order they are read. */
export const DOCKERFILE_NAMES = ['Dockerfile', 'Containerfile'] as const;

/**
 * A Dockerfile the repository already has is evidence of how the service runs: its final stage's
 * `EXPOSE` ranks above a framework default (below code and Procfile), and its `CMD`/`ENTRYPOINT`
 * names the start command when nothing else did. A Dockerfile shipready generated is not evidence
 * (it was made from this very model). Pure over the file system; never throws.
 */
export function applyDockerfileEvidence(
  fs: RepoFs,
  service: Service,
): { service: Service; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  // A static site's port belongs to the web server that serves it, and nothing starts it.
  if (service.kind === 'static') return { service, diagnostics };
  for (const name of DOCKERFILE_NAMES) {
    const file = joinRel(service.path, name);
    if (!fs.exists(file)) continue;
    const r = fs.readText(file);
    if (!r.ok || r.text.trim() === '' || r.text.slice(0, 400).includes(GENERATED_MARKER)) continue;
    let df: ReturnType<typeof parseDockerfile>;
    try {
      df = parseDockerfile(r.text);
    } catch {
      continue; // dockerfile-ast does not throw on text; this guards a parser bug only
    }
    const stage = df.finalStage;
    if (!stage) continue;
    let next = service;

    const expose = effectiveInstruction(df, stage, 'EXPOSE');
    const port = expose ? firstTcpPort(expose.text) : null;
    // Workers and jobs serve no traffic: an EXPOSE there is left to the person who wrote it.
    if (expose && port !== null && next.kind === 'web') {
      const ev: Evidence = {
        file,
        line: expose.line,
        reason: `EXPOSE ${port} in the existing ${name}`,
        confidence: 'strong',
      };
      const current = next.evidence.port ?? [];
      const onlyGuessed = current.every((e) => e.confidence === 'weak');
      if (next.port === port) {
        next = { ...next, evidence: { ...next.evidence, port: [...current, ev] } };
      } else if (next.port === null || onlyGuessed) {
        next = { ...next, port, evidence: { ...next.evidence, port: [ev, ...current] } };
      } else {
        diagnostics.push({
          severity: 'info',
          file,
          line: expose.line,
          message: `${name} exposes ${port} but service "${service.name}" listens on ${next.port} (${current[0]?.reason ?? 'detected'})`,
          fix: `make them agree, or set port for the service in shipready.config.yaml`,
        });
      }
    }

    if (next.commands.start === null) {
      const start = startFrom(df, stage);
      if (start) {
        next = {
          ...next,
          commands: { ...next.commands, start: start.command },
          evidence: {
            ...next.evidence,
            start: [
              ...(next.evidence.start ?? []),
              {
                file,
                line: start.line,
                reason: `${start.via} in the existing ${name}`,
                confidence: 'strong',
              },
            ],
          },
        };
      }
    }
    return { service: next, diagnostics };
  }
  return { service, diagnostics };
}

/** `8080`, `8080/tcp`, `80 443` → the first TCP port; variables and UDP ports are skipped. */
function firstTcpPort(text: string): number | null {
  for (const token of text.split(/\s+/)) {
    const m = /^(\d{1,5})(?:\/(tcp|udp))?$/i.exec(token);
    if (!m || m[2]?.toLowerCase() === 'udp') continue;
    const n = Number(m[1]);
    if (n >= 1 && n <= 65535) return n;
  }
  return null;
}

/** ENTRYPOINT + CMD of the final stage as one command line, the way the container starts it. */
function startFrom(
  df: ReturnType<typeof parseDockerfile>,
  stage: NonNullable<ReturnType<typeof parseDockerfile>['finalStage']>,
): { command: string; line: number; via: string } | null {
  const entry = effectiveInstruction(df, stage, 'ENTRYPOINT');
  const cmd = effectiveInstruction(df, stage, 'CMD');
  const words = (i: typeof cmd): string | null => {
    if (!i) return null;
    if (i.form === 'exec' && i.execArgs) return i.execArgs.map(shellWord).join(' ');
    return i.text.trim() || null;
  };
  const e = words(entry);
  // A shell-form ENTRYPOINT ignores CMD (Docker runs `/bin/sh -c "<entrypoint>"` alone).
  const c = entry && entry.form !== 'exec' ? null : words(cmd);
  const command = [e, c].filter((w): w is string => w !== null).join(' ');
  if (command === '') return null;
  const first = entry ?? cmd;
  return {
    command,
    line: (first as NonNullable<typeof cmd>).line,
    via: entry && c ? 'ENTRYPOINT and CMD' : entry ? 'ENTRYPOINT' : 'CMD',
  };
}

/** Quote an exec-form argument for a command line when it has shell-special characters. */
function shellWord(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
