import type { Diagnostic } from '../../model/diagnostic.js';
import type { Evidence } from '../../model/evidence.js';
import type { RepoFs } from '../../repo/repo-fs.js';
import { ancestorDirs, joinRel } from '../paths.js';
import { MISE_FILES, parseMiseConfig } from './mise.js';

/** A toolchain version pinned by a version file, mise or asdf. */
export interface ToolPin {
  /** The version as written (`1.4.1`, `latest` …). */
  version: string;
  evidence: Evidence;
}

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
  const parsed = parseMiseConfig(file, text, 'zig = "0.13.0"');
  diagnostics.push(...parsed.diagnostics);
  for (const tool of tools) {
    const found = parsed.config?.tools[tool];
    if (!found) continue;
    return {
      version: found.version,
      evidence: {
        file,
        ...(found.line !== undefined ? { line: found.line } : {}),
        reason: `[tools] ${tool} = "${found.version}"`,
        confidence: 'explicit',
      },
    };
  }
  return null;
}
