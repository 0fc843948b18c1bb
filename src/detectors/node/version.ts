import type { Diagnostic } from '../../model/diagnostic.js';
import type { Evidence } from '../../model/evidence.js';
import type { RepoFs } from '../../repo/repo-fs.js';
import { ancestorDirs, joinRel } from '../paths.js';
import { keyLine, type ParsedPackage } from './parse-package-json.js';

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

/** Files that pin the Node.js version, in the order they are consulted within a folder. */
export const VERSION_FILES = ['.nvmrc', '.node-version', '.tool-versions'] as const;

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
      const m = /^nodejs\s+(\S+)/.exec(value);
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
      const parsed = parseVersionFile(read.text, { asdf: name === '.tool-versions' });
      switch (parsed.kind) {
        case 'version':
          evidence.push({
            file,
            line: parsed.line,
            reason: `${name} pins Node.js ${parsed.version}`,
            confidence: 'explicit',
          });
          return { version: parsed.version, evidence, diagnostics };
        case 'codename':
          evidence.push({
            file,
            line: parsed.line,
            reason: `${name} says ${parsed.alias}, which is Node.js ${parsed.version}`,
            confidence: 'strong',
          });
          return { version: parsed.version, evidence, diagnostics };
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
