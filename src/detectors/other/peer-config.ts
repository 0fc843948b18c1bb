import { parse as parseToml } from 'smol-toml';
import type { Diagnostic } from '../../model/diagnostic.js';
import type { Evidence } from '../../model/evidence.js';
import type { RepoFs } from '../../repo/repo-fs.js';
import { joinRel } from '../paths.js';
import { isRecord } from '../shared/is-record.js';
import { parseJsonc } from '../shared/jsonc.js';

/** A command a build tool's config file states, with where it says so. */
export interface ConfiguredCommand {
  value: string;
  evidence: Evidence;
}

/**
 * Commands stated in another build tool's config file (railpack.json, nixpacks.toml) in one folder:
 * the user wrote them, so they are explicit intent, whichever ecosystem the folder is.
 */
export interface PeerConfig {
  /** The config files read, repo-relative. */
  files: string[];
  install: ConfiguredCommand | null;
  build: ConfiguredCommand | null;
  start: ConfiguredCommand | null;
  /** System packages the config installs (nixPkgs, aptPkgs, buildAptPackages …), which a Dockerfile would need too. */
  systemPackages: string[];
  /** The language the config forces (`providers = ["node", …]`, `"provider": "node"`), as our language id. */
  provider: { language: string; evidence: Evidence } | null;
  diagnostics: Diagnostic[];
}

/** One peer config format: its file name and how to read commands from its parsed data. */
interface PeerFormat {
  file: string;
  /** Which format wins when a folder has both (higher first). */
  priority: number;
  parse: (text: string) => { ok: true; data: unknown } | { ok: false; message: string; line?: number };
  /** Dotted paths of the start command, build and install command lists, and system package lists. */
  start: readonly string[];
  build: readonly string[];
  install: readonly string[];
  packages: readonly string[];
  /** Dotted path of the forced provider(s): a string or a list whose first entry counts. */
  provider: string;
  /** How to fix a syntax error. */
  fix: string;
}

/**
 * The formats read. railpack.json: `deploy.startCommand`, `steps.<name>.commands`; nixpacks.toml:
 * `[start] cmd`, `[phases.<name>] cmds`.
 * @see https://railpack.com/config/file
 * @see https://nixpacks.com/docs/configuration/file
 */
export const PEER_FORMATS: readonly PeerFormat[] = [
  {
    file: 'railpack.json',
    priority: 2,
    parse: (text) => {
      const r = parseJsonc(text);
      return r.ok ? { ok: true, data: r.value } : r;
    },
    start: ['deploy.startCommand'],
    build: ['steps.build.commands'],
    install: ['steps.install.commands'],
    packages: ['buildAptPackages', 'deploy.aptPackages'],
    provider: 'provider',
    fix: 'fix the JSON syntax of railpack.json',
  },
  {
    file: 'nixpacks.toml',
    priority: 1,
    parse: (text) => {
      try {
        return { ok: true, data: parseToml(text) };
      } catch (e) {
        const line = (e as { line?: unknown }).line;
        return {
          ok: false,
          message: (e instanceof Error ? e.message : String(e)).split('\n')[0] as string,
          ...(typeof line === 'number' && line > 0 ? { line } : {}),
        };
      }
    },
    start: ['start.cmd'],
    build: ['phases.build.cmds', 'phases.build.cmd'],
    install: ['phases.install.cmds', 'phases.install.cmd'],
    packages: ['phases.setup.nixPkgs', 'phases.setup.aptPkgs'],
    provider: 'providers',
    fix: 'fix the TOML syntax of nixpacks.toml',
  },
];

/** Provider names of railpack and nixpacks that differ from our language ids. */
export const PROVIDER_LANGUAGES: Readonly<Record<string, string>> = {
  golang: 'go',
  staticfile: 'static',
  dotnet: 'csharp',
  csharp: 'csharp',
  fsharp: 'fsharp',
  cpp: 'cpp',
};

/** Reads the peer build-tool configs in `dir`. Never throws; an unparsable file gives a diagnostic. */
export function readPeerConfig(fs: RepoFs, dir: string): PeerConfig {
  const out: PeerConfig = {
    files: [],
    install: null,
    build: null,
    start: null,
    systemPackages: [],
    provider: null,
    diagnostics: [],
  };
  const formats = [...PEER_FORMATS].sort((a, b) => b.priority - a.priority);
  for (const format of formats) {
    const file = joinRel(dir, format.file);
    if (!fs.exists(file)) continue;
    const r = fs.readText(file);
    if (!r.ok) {
      out.diagnostics.push({
        severity: 'warning',
        file,
        message: `cannot read ${format.file} (${r.reason}): ${r.message}`,
        fix: 'make it readable, or remove it',
      });
      continue;
    }
    if (r.text.trim() === '') continue;
    const parsed = format.parse(r.text);
    if (!parsed.ok) {
      out.diagnostics.push({
        severity: 'warning',
        file,
        ...(parsed.line ? { line: parsed.line } : {}),
        message: `${format.file} is not valid: ${parsed.message}; its commands are ignored`,
        fix: format.fix,
      });
      continue;
    }
    out.files.push(file);
    const evidence = (key: string, value: string): Evidence => ({
      file,
      ...lineOfValue(r.text, value),
      reason: `${key} in ${format.file} is "${value}"`,
      confidence: 'explicit',
    });
    out.start ??= firstCommand(parsed.data, format.start, evidence, false);
    out.build ??= firstCommand(parsed.data, format.build, evidence, true);
    out.install ??= firstCommand(parsed.data, format.install, evidence, true);
    const forced = asStrings(getPath(parsed.data, format.provider)).find((p) => p !== '...');
    if (forced && !out.provider) {
      const language = PROVIDER_LANGUAGES[forced] ?? forced.toLowerCase();
      out.provider = {
        language,
        evidence: {
          file,
          ...lineOfValue(r.text, forced),
          reason: `${format.provider} in ${format.file} forces ${forced}`,
          confidence: 'explicit',
        },
      };
    }
    for (const key of format.packages) {
      for (const p of asStrings(getPath(parsed.data, key))) {
        if (p !== '...' && !out.systemPackages.includes(p)) out.systemPackages.push(p);
      }
    }
  }
  return out;
}

function firstCommand(
  data: unknown,
  keys: readonly string[],
  evidence: (key: string, value: string) => Evidence,
  list: boolean,
): ConfiguredCommand | null {
  for (const key of keys) {
    const raw = getPath(data, key);
    // `...` stands for the tool's own default commands, which we do not know: keep only the user's.
    const cmds = (list ? asStrings(raw) : typeof raw === 'string' ? [raw] : []).filter(
      (c) => c.trim() !== '' && c.trim() !== '...',
    );
    if (cmds.length === 0) continue;
    const value = cmds.join(' && ');
    return { value, evidence: evidence(key, value) };
  }
  return null;
}

function getPath(data: unknown, dotted: string): unknown {
  let v: unknown = data;
  for (const part of dotted.split('.')) {
    if (!isRecord(v)) return undefined;
    v = v[part];
  }
  return v;
}

function asStrings(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

function lineOfValue(text: string, value: string): { line?: number } {
  const first = value.split(' && ')[0] as string;
  const idx = text.indexOf(first);
  return idx >= 0 ? { line: text.slice(0, idx).split('\n').length } : {};
}
