import type { Diagnostic } from '../../model/diagnostic.js';
import type { Evidence } from '../../model/evidence.js';
import type { RepoFs } from '../../repo/repo-fs.js';
import { ancestorDirs, joinRel } from '../paths.js';
import { keyLine } from '../shared/json-manifest.js';
import { MISE_FILES, parseMiseConfig } from '../shared/mise.js';
import type { ParsedPackage } from './parse-package-json.js';

/** Node.js LTS codenames (as nvm writes them, `lts/iron`) → major version. */
export const LTS_CODENAMES: Readonly<Record<string, string>> = {
  argon: '4',
  boron: '6',
  carbon: '8',
  dubnium: '10',
  erbium: '12',
  fermium: '14',
  gallium: '16',
  hydrogen: '18',
  iron: '20',
  jod: '22',
  krypton: '24',
};

/**
 * Files that pin the Node.js version, in the order they are consulted within a folder: the
 * Node-specific pins first (.nvmrc, .node-version), then the polyglot tool managers (asdf's
 * .tool-versions, mise's mise.toml / .mise.toml `[tools] node`). The nearest folder that pins a
 * version wins; `engines.node` comes last. Pins in one folder that disagree give a warning.
 */
/** The tool line a mise syntax error's fix shows. */
export const NODE_MISE_EXAMPLE = 'node = "20"';

export const VERSION_FILES = ['.nvmrc', '.node-version', '.tool-versions', ...MISE_FILES] as const;

export interface NodeVersionResult {
  /** `20.11.1`, `20`, or a raw engines range such as `>=20`; null when unknown. */
  version: string | null;
  evidence: Evidence[];
  diagnostics: Diagnostic[];
}

export type VersionFileParse =
  | { kind: 'version'; version: string; line: number }
  | { kind: 'codename'; version: string; alias: string; line: number }
  | { kind: 'alias'; alias: string; line: number }
  | { kind: 'empty' }
  | { kind: 'invalid'; value: string; line: number };

/** Parses `.nvmrc` / `.node-version` text (or `.tool-versions` with `asdf: true`). Never throws. */
export function parseVersionFile(text: string, opts: { asdf?: boolean } = {}): VersionFileParse {
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    let value = (lines[i] as string).replace(/#.*$/, '').trim();
    if (value === '') continue;
    if (opts.asdf) {
      const m = /^(?:nodejs|node)\s+(\S+)/.exec(value);
      if (!m) continue;
      value = m[1] as string;
    }
    const line = i + 1;
    const plain = value.replace(/^v/i, '');
    if (/^\d+(\.\d+){0,2}$/.test(plain)) return { kind: 'version', version: plain, line };
    const lts = /^lts\/([a-z]+)$/i.exec(value);
    const codename = lts ? LTS_CODENAMES[(lts[1] as string).toLowerCase()] : undefined;
    if (codename) return { kind: 'codename', version: codename, alias: value, line };
    if (/^(lts\/\*|lts\/-?\d+|lts|node|stable|latest|current|system)$/i.test(value) || lts) {
      return { kind: 'alias', alias: value, line };
    }
    return { kind: 'invalid', value: value.slice(0, 40), line };
  }
  return { kind: 'empty' };
}

/**
 * The Node.js version a package runs on: `.nvmrc` / `.node-version` / `.tool-versions` in its folder
 * or above (explicit), else `engines.node` kept as the raw range (strong), else null.
 */
export function detectNodeVersion(fs: RepoFs, target: ParsedPackage, stopDir = '.'): NodeVersionResult {
  const evidence: Evidence[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const dir of ancestorDirs(target.dir, stopDir)) {
    let chosen: { file: string; name: string; version: string } | null = null;
    for (const name of VERSION_FILES) {
      const file = joinRel(dir, name);
      if (!fs.exists(file)) continue;
      const read = fs.readText(file);
      if (!read.ok) {
        diagnostics.push({
          severity: 'warning',
          file,
          message: `cannot read ${name} (${read.reason}): ${read.message}`,
          fix: `make ${name} readable`,
        });
        continue;
      }
      const parsed = parsePin(file, name, read.text, diagnostics);
      if (chosen) {
        // Another pin in the same folder: only checked for agreement.
        if (
          (parsed.kind === 'version' || parsed.kind === 'codename') &&
          !sameMajor(parsed.version, chosen.version)
        ) {
          diagnostics.push({
            severity: 'warning',
            file,
            line: parsed.line,
            message: `${name} says Node.js ${parsed.version} but ${chosen.name} says ${chosen.version}; using ${chosen.version}`,
            fix: `pin the same version in ${chosen.name} and ${name}, or delete one of them`,
          });
        }
        continue;
      }
      switch (parsed.kind) {
        case 'version':
          evidence.push({
            file,
            line: parsed.line,
            reason: `${name} pins Node.js ${parsed.version}`,
            confidence: 'explicit',
          });
          chosen = { file, name, version: parsed.version };
          break;
        case 'codename':
          evidence.push({
            file,
            line: parsed.line,
            reason: `${name} says ${parsed.alias}, which is Node.js ${parsed.version}`,
            confidence: 'strong',
          });
          chosen = { file, name, version: parsed.version };
          break;
        case 'alias':
          evidence.push({
            file,
            line: parsed.line,
            reason: `${name} says "${parsed.alias}", an alias that moves over time, not a version`,
            confidence: 'weak',
          });
          break;
        case 'invalid':
          diagnostics.push({
            severity: 'warning',
            file,
            line: parsed.line,
            message: `${name} holds "${parsed.value}", which is not a Node.js version; it is ignored`,
            fix: `write a version such as 20.11.1 in ${name}`,
          });
          break;
        case 'empty':
          break;
      }
    }
    if (chosen) return { version: chosen.version, evidence, diagnostics };
  }
  const engines = target.pkg.engines.node?.trim();
  if (engines) {
    evidence.push({
      file: target.file,
      line: keyLine(target.text, 'node', 'engines'),
      reason: `engines.node is "${engines}"`,
      confidence: 'strong',
    });
    return { version: engines, evidence, diagnostics };
  }
  return { version: null, evidence, diagnostics };
}

/** One pin file parsed: mise TOML through its `[tools] node` entry, the rest as version files. */
function parsePin(file: string, name: string, text: string, diagnostics: Diagnostic[]): VersionFileParse {
  if ((MISE_FILES as readonly string[]).includes(name)) {
    const r = parseMiseConfig(file, text, NODE_MISE_EXAMPLE);
    diagnostics.push(...r.diagnostics);
    const tool = r.config?.tools.node ?? r.config?.tools.nodejs;
    if (!tool) return { kind: 'empty' };
    const parsed = parseVersionFile(tool.version);
    return parsed.kind === 'empty' ? parsed : { ...parsed, line: tool.line ?? 1 };
  }
  return parseVersionFile(text, { asdf: name === '.tool-versions' });
}

function sameMajor(a: string, b: string): boolean {
  return a.split('.')[0] === b.split('.')[0];
}
