import { parse as parseToml } from 'smol-toml';
import type { Diagnostic } from '../../model/diagnostic.js';
import type { RepoFs } from '../../repo/repo-fs.js';
import { joinRel } from '../paths.js';
import { lineAt } from '../text.js';
import { escapeRe } from './regex.js';

/** mise config files a folder may hold, in mise's own order of precedence (first wins). */
export const MISE_FILES = ['mise.toml', '.mise.toml'] as const;

export interface MiseTool {
  /** The version as written (`20`, `20.11.1`, `latest`, `lts`); the first one when a list is given. */
  version: string;
  line?: number;
}

export interface MiseConfig {
  file: string;
  /** `[tools]` entries by tool name (`node`, `pnpm`, `bun` …). */
  tools: Record<string, MiseTool>;
}

/**
 * Reads the `[tools]` table of the first mise config file in `dir`. Accepts `node = "20"`,
 * `node = ["20", "18"]` and `node = { version = "20" }`. Never throws: an unparsable file gives a
 * diagnostic naming it.
 * @see https://mise.jdx.dev/configuration.html
 */
export function readMiseConfig(
  fs: RepoFs,
  dir: string,
  example: string,
): { config: MiseConfig | null; diagnostics: Diagnostic[] } {
  for (const name of MISE_FILES) {
    const file = joinRel(dir, name);
    if (!fs.exists(file)) continue;
    const r = fs.readText(file);
    if (!r.ok) {
      return {
        config: null,
        diagnostics: [
          { severity: 'warning', file, message: `cannot read ${name} (${r.reason}): ${r.message}` },
        ],
      };
    }
    return parseMiseConfig(file, r.text, example);
  }
  return { config: null, diagnostics: [] };
}

/** Parses one mise config file's `[tools]` table; `example` is a tool line shown in the fix (`node = "20"`). */
export function parseMiseConfig(
  file: string,
  text: string,
  example: string,
): { config: MiseConfig | null; diagnostics: Diagnostic[] } {
  if (text.trim() === '') return { config: { file, tools: {} }, diagnostics: [] };
  let data: unknown;
  try {
    data = parseToml(text);
  } catch (e) {
    const line = (e as { line?: number }).line;
    return {
      config: null,
      diagnostics: [
        {
          severity: 'warning',
          file,
          ...(typeof line === 'number' && line > 0 ? { line } : {}),
          message: `invalid TOML: ${(e instanceof Error ? e.message : String(e)).split('\n')[0]}; its tool versions are ignored`,
          fix: `fix the TOML syntax, e.g. [tools] then ${example}`,
        },
      ],
    };
  }
  const tools: Record<string, MiseTool> = {};
  const table = (data as Record<string, unknown>).tools;
  if (typeof table === 'object' && table !== null && !Array.isArray(table)) {
    for (const [name, raw] of Object.entries(table as Record<string, unknown>)) {
      const value = Array.isArray(raw) ? raw[0] : raw;
      const version =
        typeof value === 'string' || typeof value === 'number'
          ? String(value)
          : typeof value === 'object' && value !== null && 'version' in value
            ? String((value as { version: unknown }).version)
            : null;
      if (version === null) continue;
      const m = new RegExp(`^\\s*["']?${escapeRe(name)}["']?\\s*=`, 'm').exec(text);
      tools[name] = { version, ...(m ? { line: lineAt(text, m.index) } : {}) };
    }
  }
  return { config: { file, tools }, diagnostics: [] };
}
