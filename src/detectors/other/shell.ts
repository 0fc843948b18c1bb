import type { Diagnostic } from '../../model/diagnostic.js';
import type { Evidence } from '../../model/evidence.js';
import type { FactName, Service } from '../../model/service.js';
import type { RepoFs } from '../../repo/repo-fs.js';
import { serviceNameFor } from '../dns-label.js';
import { joinRel } from '../paths.js';
import { portFromCommand, readProcfile } from '../shared/procfile.js';
import type { PeerConfig } from './peer-config.js';

/** Start scripts that make a folder a shell service, highest priority first by `priority`. */
export const SHELL_SCRIPTS: readonly { file: string; priority: number }[] = [
  { file: 'start.sh', priority: 2 },
  { file: 'run.sh', priority: 1 },
];

/** Shells a shebang may name; anything else runs the script as an executable. */
const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'ash', 'fish']);

/** How a script is started: from its shebang, else `sh` (an empty or shebang-less script). */
export function scriptCommand(
  script: string,
  text: string | null,
  file: string,
): { command: string; build: string | null; evidence: Evidence } {
  const first = text?.split(/\r?\n/, 1)[0]?.trim() ?? '';
  const m = /^#!\s*(\S+)(?:\s+(?:-S\s+)?(\S+))?/.exec(first);
  if (m) {
    const prog = (m[1] as string).split('/').pop() as string;
    const interp = prog === 'env' ? (m[2] ?? '') : prog;
    if (SHELLS.has(interp)) {
      return {
        command: `${interp} ${script}`,
        build: null,
        evidence: {
          file,
          line: 1,
          reason: `the shebang ${first} runs it with ${interp}`,
          confidence: 'explicit',
        },
      };
    }
    return {
      command: `./${script}`,
      build: `chmod +x ${script}`,
      evidence: {
        file,
        line: 1,
        reason: `the shebang ${first} names its interpreter: run it directly`,
        confidence: 'explicit',
      },
    };
  }
  return {
    command: `sh ${script}`,
    build: null,
    evidence: {
      file,
      reason: text?.trim()
        ? `${script} has no shebang: run it with sh`
        : `${script} is empty or unread: run it with sh`,
      confidence: 'weak',
    },
  };
}

/**
 * A shell service in `dir`: a start script, or only a start command in a build tool's config (a
 * folder that runs a command and nothing else). The caller checks that no manifest claims the folder.
 */
export function detectShellService(
  fs: RepoFs,
  dir: string,
  peer: PeerConfig,
): { service: Service; diagnostics: Diagnostic[] } | null {
  const diagnostics: Diagnostic[] = [];
  const evidence: Partial<Record<FactName, Evidence[]>> = {};
  const script = [...SHELL_SCRIPTS]
    .sort((a, b) => b.priority - a.priority)
    .find((s) => fs.exists(joinRel(dir, s.file)));
  const procfile = readProcfile(fs, dir);
  if (procfile) diagnostics.push(...procfile.diagnostics);
  const procEntry =
    procfile?.entries.find((e) => e.type === 'web') ?? procfile?.entries.find((e) => e.type !== 'release');
  if (!script && !peer.start && !procEntry) return null;

  let start: string | null = null;
  let build: string | null = null;
  const startEvidence: Evidence[] = [];
  if (peer.start) {
    start = peer.start.value;
    startEvidence.push(peer.start.evidence);
  }
  if (procEntry && procfile) {
    start ??= procEntry.command;
    startEvidence.push({
      file: procfile.file,
      line: procEntry.line,
      reason: `Procfile ${procEntry.type}: ${procEntry.command}`,
      confidence: 'explicit',
    });
  }
  if (script) {
    const file = joinRel(dir, script.file);
    const r = fs.readText(file);
    if (!r.ok) {
      diagnostics.push({
        severity: 'warning',
        file,
        message: `cannot read ${script.file} (${r.reason}): ${r.message}`,
        fix: 'make it readable',
      });
    }
    const cmd = scriptCommand(script.file, r.ok ? r.text : null, file);
    if (start === null) {
      start = cmd.command;
      build = cmd.build;
    }
    startEvidence.push(cmd.evidence);
    evidence.language = [
      {
        file,
        reason: `${script.file} is the only program in ${dir === '.' ? 'the repository root' : dir}`,
        confidence: 'strong',
      },
    ];
  } else {
    const source = peer.start?.evidence ?? startEvidence[0];
    evidence.language = [
      {
        file: source?.file ?? dir,
        reason: 'no manifest: the service runs the configured command in a shell',
        confidence: 'weak',
      },
    ];
    if (peer.systemPackages.length > 0) {
      diagnostics.push({
        severity: 'info',
        file: peer.files[0],
        message: `the config installs system packages shipready does not carry over: ${peer.systemPackages.join(', ')}`,
        fix: 'add them to the generated Dockerfile (apt-get install) or declare them in shipready.config.yaml',
      });
    }
  }
  let language = 'shell';
  if (peer.provider) {
    language = peer.provider.language;
    evidence.language = [peer.provider.evidence, ...(evidence.language ?? [])];
  }
  if (peer.build) {
    build = peer.build.value;
    evidence.build = [peer.build.evidence];
  }
  evidence.start = startEvidence;

  const port = start ? portFromCommand(start) : null;
  if (port !== null)
    evidence.port = [{ ...(startEvidence[0] as Evidence), reason: `the start command binds port ${port}` }];
  const web = port !== null || procEntry?.type === 'web';
  evidence.kind = [
    web
      ? {
          ...(startEvidence[0] as Evidence),
          reason: port !== null ? `listens on port ${port}` : 'a Procfile web process',
        }
      : {
          file: startEvidence[0]?.file ?? dir,
          reason: 'a script with no port: a worker',
          confidence: 'weak',
        },
  ];
  const service: Service = {
    name: serviceNameFor(null, dir),
    path: dir,
    kind: web ? 'web' : 'worker',
    language,
    languageVersion: null,
    framework: null,
    packageManager: null,
    commands: { install: peer.install?.value ?? null, build, start },
    port,
    healthPath: null,
    outputDir: null,
    backing: [],
    env: [],
    evidence,
  };
  if (peer.install) evidence.install = [peer.install.evidence];
  return { service, diagnostics };
}
