/**
 * Version pins in tool-manager files (mise, asdf), shared by the Go and Rust detectors: they say which
 * toolchain the developers build with, so they outrank the manifest's minimum version.
 */
import { parse as parseToml } from 'smol-toml';
import type { Diagnostic } from '../../model/diagnostic.js';
import type { RepoFs } from '../../repo/repo-fs.js';
import { ancestorDirs, joinRel } from '../paths.js';
import { lineOf } from './code-scan.js';
import { isRecord } from './is-record.js';
import { escapeRe } from './regex.js';
import { tomlDiagnostic } from './toml.js';
import type { ToolPin } from './tool-pins.js';

/** mise config files, in mise's own precedence (later overrides earlier in one folder; we take the first found). */
const MISE_FILES = ['mise.toml', '.mise.toml', 'mise/config.toml', '.config/mise.toml'] as const;

/**
 * The nearest pin of one of `tools` (e.g. `['go', 'golang']`) in mise or .tool-versions files, looking in
 * `dir` and its ancestors up to `stop` (nearest folder first; mise before .tool-versions in a folder).
 * Never throws; unparseable files give a diagnostic naming them.
 */
export function findToolchainPin(
  fs: RepoFs,
  dir: string,
  tools: readonly string[],
  stop = '.',
): { pin: ToolPin | null; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  for (const d of ancestorDirs(dir, stop)) {
    for (const name of MISE_FILES) {
      const file = joinRel(d, name);
      if (!fs.exists(file)) continue;
      const r = fs.readText(file);
      if (!r.ok) {
        diagnostics.push({
          severity: 'warning',
          file,
          message: `cannot read ${name} (${r.reason}): ${r.message}`,
        });
        continue;
      }
      let data: Record<string, unknown>;
      try {
        data = parseToml(r.text) as Record<string, unknown>;
      } catch (e) {
        diagnostics.push(tomlDiagnostic(file, e, 'fix the TOML syntax of the mise config'));
        continue;
      }
      const toolsTable = data.tools;
      if (!isRecord(toolsTable)) continue;
      for (const tool of tools) {
        const version = miseVersion(toolsTable[tool]);
        if (version === null) continue;
        return {
          pin: {
            version,
            evidence: {
              file,
              line: lineOf(r.text, new RegExp(String.raw`^\s*["']?${escapeRe(tool)}["']?\s*=`, 'm')),
              reason: `[tools] ${tool} = "${version}" in ${name}`,
              confidence: 'explicit',
            },
          },
          diagnostics,
        };
      }
    }
    const file = joinRel(d, '.tool-versions');
    if (!fs.exists(file)) continue;
    const r = fs.readText(file);
    if (!r.ok) {
      diagnostics.push({
        severity: 'warning',
        file,
        message: `cannot read .tool-versions (${r.reason}): ${r.message}`,
      });
      continue;
    }
    const lines = r.text.split(/\r?\n/);
    for (let i = 0; i < lines.length; i++) {
      const [tool, version] = (lines[i] as string).replace(/#.*$/, '').trim().split(/\s+/);
      if (tool && version && tools.includes(tool)) {
        return {
          pin: {
            version,
            evidence: {
              file,
              line: i + 1,
              reason: `${tool} ${version} in .tool-versions`,
              confidence: 'explicit',
            },
          },
          diagnostics,
        };
      }
    }
  }
  return { pin: null, diagnostics };
}

/** `"1.22"`, `["1.22", "1.21"]` (first wins) or `{ version = "1.22" }`. */
function miseVersion(v: unknown): string | null {
  if (typeof v === 'string' && v.trim() !== '') return v.trim();
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) return miseVersion(v[0]);
  if (isRecord(v)) return miseVersion(v.version);
  return null;
}
