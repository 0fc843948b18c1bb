import path from 'node:path';
import type { Diagnostic } from '../../model/diagnostic.js';
import type { RepoFs } from '../../repo/repo-fs.js';
import { dirOf, joinRel } from '../paths.js';
import { isRecord } from '../shared/is-record.js';
import { parseJsonc } from '../shared/jsonc.js';
import { lineAt } from '../text.js';

/** Deno config file names, in Deno's own order of precedence in one folder. */
export const DENO_CONFIG_FILES = ['deno.json', 'deno.jsonc'] as const;

export interface DenoTask {
  command: string;
  line?: number;
}

/** What shipready reads from deno.json / deno.jsonc. */
export interface DenoConfig {
  file: string;
  dir: string;
  text: string;
  /** `name` (JSR packages: `@scope/name`). */
  name: string | null;
  tasks: Record<string, DenoTask>;
  /** Import map entries (inline `imports` plus the `importMap` file's), specifier → target. */
  imports: Record<string, string>;
  /** Where each import came from (file), for evidence. */
  importsFile: Record<string, string>;
  /** `exports` is set: a JSR package (a library unless something starts it). */
  hasExports: boolean;
  /** `workspace` members, when this is a workspace root. */
  workspace: string[] | null;
}

/**
 * Reads the Deno config of `file` (JSONC: comments and trailing commas allowed) and its `importMap`
 * file. Never throws: an invalid file gives a diagnostic naming it and `config: null`.
 * @see https://docs.deno.com/runtime/fundamentals/configuration/
 */
export function readDenoConfig(
  fs: RepoFs,
  file: string,
): { config: DenoConfig | null; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const dir = dirOf(file);
  const r = fs.readText(file);
  if (!r.ok) {
    diagnostics.push({
      severity: 'warning',
      file,
      message: `cannot read ${path.posix.basename(file)} (${r.reason}): ${r.message}`,
      fix: 'make it readable',
    });
    return { config: null, diagnostics };
  }
  const empty: DenoConfig = {
    file,
    dir,
    text: r.text,
    name: null,
    tasks: {},
    imports: {},
    importsFile: {},
    hasExports: false,
    workspace: null,
  };
  if (r.text.trim() === '') return { config: empty, diagnostics };
  const parsed = parseJsonc(r.text);
  if (!parsed.ok) {
    diagnostics.push({
      severity: 'error',
      file,
      ...(parsed.line ? { line: parsed.line } : {}),
      message: `${path.posix.basename(file)} is not valid JSON: ${parsed.message}`,
      fix: `fix the syntax of ${path.posix.basename(file)} (comments and trailing commas are allowed)`,
    });
    return { config: null, diagnostics };
  }
  if (!isRecord(parsed.value)) {
    diagnostics.push({
      severity: 'error',
      file,
      message: `${path.posix.basename(file)} must hold a JSON object`,
      fix: 'write it as { "tasks": { … } }',
    });
    return { config: null, diagnostics };
  }
  const data = parsed.value;
  const config: DenoConfig = {
    ...empty,
    name: typeof data.name === 'string' ? data.name : null,
    hasExports: data.exports !== undefined,
  };
  if (isRecord(data.tasks)) {
    for (const [task, raw] of Object.entries(data.tasks)) {
      // Deno 2 also accepts { "command": "…", "description": "…" }.
      const command =
        typeof raw === 'string' ? raw : isRecord(raw) && typeof raw.command === 'string' ? raw.command : null;
      if (command === null) continue;
      const idx = r.text.search(new RegExp(`"${task.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"\\s*:`));
      config.tasks[task] = { command, ...(idx >= 0 ? { line: lineAt(r.text, idx) } : {}) };
    }
  }
  if (Array.isArray(data.workspace))
    config.workspace = data.workspace.filter((w): w is string => typeof w === 'string');
  addImports(config, data.imports, file);
  if (typeof data.importMap === 'string' && !/^[a-z]+:/i.test(data.importMap)) {
    const mapFile = path.posix.normalize(joinRel(dir, data.importMap));
    const m = fs.readText(mapFile);
    if (!m.ok) {
      diagnostics.push({
        severity: 'warning',
        file,
        message: `importMap ${data.importMap} cannot be read (${m.reason})`,
        fix: 'fix the importMap path in the Deno config',
      });
    } else if (m.text.trim() !== '') {
      const mp = parseJsonc(m.text);
      if (mp.ok && isRecord(mp.value)) addImports(config, mp.value.imports, mapFile);
      else
        diagnostics.push({
          severity: 'warning',
          file: mapFile,
          message: `${mapFile} is not a valid import map${mp.ok ? '' : `: ${mp.message}`}`,
          fix: 'write it as { "imports": { … } }',
        });
    }
  }
  return { config, diagnostics };
}

function addImports(config: DenoConfig, raw: unknown, file: string): void {
  if (!isRecord(raw)) return;
  for (const [k, v] of Object.entries(raw)) {
    if (typeof v !== 'string' || k in config.imports) continue;
    config.imports[k] = v;
    config.importsFile[k] = file;
  }
}
