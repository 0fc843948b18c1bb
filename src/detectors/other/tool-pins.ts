import { parse as parseToml } from 'smol-toml';
import type { Diagnostic } from '../../model/diagnostic.js';
import type { Evidence } from '../../model/evidence.js';
import type { RepoFs } from '../../repo/repo-fs.js';
import { ancestorDirs, joinRel } from '../paths.js';

/** A toolchain version pinned by a version file, mise or asdf. */
export interface ToolPin {
  /** The version as written (`1.4.1`, `latest` …). */
  version: string;
  evidence: Evidence;
}

/** mise config files, in mise's own precedence (the first found in a folder is read). */
const MISE_FILES = ['mise.toml', '.mise.toml'] as const;

/**
 * The nearest version pin for one of `tools` (asdf/mise tool names such as `deno`, `zig`), looking in
 * `dir` then each folder above it up to `stop`. In one folder a dedicated version file (`.dvmrc`,
 * `.swift-version` …, given in `versionFiles`) wins over mise, which wins over `.tool-versions`.
 * Never throws: an unreadable or invalid file gives a diagnostic naming it and is skipped.
 * @see https://mise.jdx.dev/configuration.html
 * @see https://asdf-vm.com/manage/configuration.html#tool-versions
 */
export function findToolPin(
  fs: RepoFs,
  dir: string,
  tools: readonly string[],
  versionFiles: readonly string[] = [],
  stop = '.',
): { pin: ToolPin | null; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const read = (file: string): string | null => {
    if (!fs.exists(file)) return null;
    const r = fs.readText(file);
    if (r.ok) return r.text;
    diagnostics.push({
      severity: 'warning',
      file,
      message: `cannot read ${file} (${r.reason}): ${r.message}`,
      fix: 'make the file readable, or remove it',
    });
    return null;
  };
  for (const d of ancestorDirs(dir, stop)) {
    for (const name of versionFiles) {
      const file = joinRel(d, name);
      const text = read(file);
      const line = text
        ?.split(/\r?\n/)
        .map((l) => l.trim())
        .find((l) => l !== '' && !l.startsWith('#'));
      if (line && !/^[A-Za-z0-9][\w.+-]*$/.test(line)) {
        diagnostics.push({
          severity: 'warning',
          file,
          line: 1,
          message: `${name} does not hold a version (${line.slice(0, 40)}); it is ignored`,
          fix: `write only the version in ${name}, e.g. 1.2.3`,
        });
      } else if (line) {
        const version = line.replace(/^v(?=\d)/, '');
        return {
          pin: {
            version,
            evidence: { file, line: 1, reason: `${name} pins ${version}`, confidence: 'explicit' },
          },
          diagnostics,
        };
      }
    }
    for (const name of MISE_FILES) {
      const file = joinRel(d, name);
      const text = read(file);
      if (text === null) continue;
      const pin = misePin(file, text, tools, diagnostics);
      if (pin) return { pin, diagnostics };
      break;
    }
    const file = joinRel(d, '.tool-versions');
    const text = read(file);
    if (text !== null) {
      const pin = toolVersionsPin(file, text, tools);
      if (pin) return { pin, diagnostics };
    }
  }
  return { pin: null, diagnostics };
}

/** `deno 1.40.0` lines of an asdf `.tool-versions` file (first version of the first matching tool). */
export function toolVersionsPin(file: string, text: string, tools: readonly string[]): ToolPin | null {
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const [tool, version] = (lines[i] as string).replace(/#.*$/, '').trim().split(/\s+/);
    if (tool && version && tools.includes(tool)) {
      return {
        version,
        evidence: {
          file,
          line: i + 1,
          reason: `.tool-versions pins ${tool} ${version}`,
          confidence: 'explicit',
        },
      };
    }
  }
  return null;
}

function misePin(
  file: string,
  text: string,
  tools: readonly string[],
  diagnostics: Diagnostic[],
): ToolPin | null {
  if (text.trim() === '') return null;
  let data: unknown;
  try {
    data = parseToml(text);
  } catch (e) {
    const line = (e as { line?: unknown }).line;
    diagnostics.push({
      severity: 'warning',
      file,
      ...(typeof line === 'number' && line > 0 ? { line } : {}),
      message: `invalid TOML: ${(e instanceof Error ? e.message : String(e)).split('\n')[0]}; its tool versions are ignored`,
      fix: 'fix the TOML syntax, e.g. [tools] then zig = "0.13.0"',
    });
    return null;
  }
  const table = (data as Record<string, unknown>).tools;
  if (typeof table !== 'object' || table === null || Array.isArray(table)) return null;
  for (const tool of tools) {
    const raw = (table as Record<string, unknown>)[tool];
    const value = Array.isArray(raw) ? raw[0] : raw;
    const version =
      typeof value === 'string' || typeof value === 'number'
        ? String(value)
        : typeof value === 'object' && value !== null && 'version' in value
          ? String((value as { version: unknown }).version)
          : null;
    if (version === null) continue;
    const idx = text.search(new RegExp(`^\\s*["']?${tool}["']?\\s*=`, 'm'));
    return {
      version,
      evidence: {
        file,
        ...(idx >= 0 ? { line: text.slice(0, idx).split('\n').length } : {}),
        reason: `[tools] ${tool} = "${version}"`,
        confidence: 'explicit',
      },
    };
  }
  return null;
}
