import type { Diagnostic } from '../../model/diagnostic.js';
import type { RepoFs } from '../../repo/repo-fs.js';
import { dirOf } from '../paths.js';
import { keyLine, parseJsonManifest } from '../shared/json-manifest.js';

/** The parts of composer.json the PHP detector uses; fields of the wrong type are dropped with a warning. */
export interface ComposerJson {
  name: string | null;
  /** `project`, `library`, `metapackage` …; null when absent (Composer's default is library). */
  type: string | null;
  require: Record<string, string>;
  requireDev: Record<string, string>;
  /** Script name → its commands. */
  scripts: Record<string, string[]>;
  /** `config.platform.php`: the PHP version Composer resolves against. */
  platformPhp: string | null;
}

export interface ParsedComposer {
  file: string;
  dir: string;
  text: string;
  json: ComposerJson;
}

export type ParseComposerResult =
  | { ok: true; value: ParsedComposer; diagnostics: Diagnostic[] }
  | { ok: false; diagnostics: Diagnostic[] };

/** Reads and parses composer.json; never throws. */
export function readComposerJson(fs: RepoFs, file: string): ParseComposerResult {
  const r = fs.readText(file);
  if (!r.ok) {
    return {
      ok: false,
      diagnostics: [
        {
          severity: 'warning',
          file,
          message: `cannot read composer.json (${r.reason}): ${r.message}`,
          fix: 'make the file readable',
        },
      ],
    };
  }
  return parseComposerJson(file, r.text);
}

/** Parses composer.json text; never throws. */
export function parseComposerJson(file: string, rawText: string): ParseComposerResult {
  const parsed = parseJsonManifest(file, rawText, 'composer.json', {
    empty: {
      message: 'composer.json is empty; its dependencies are unknown',
      fix: 'add the manifest (composer init) or delete the empty file',
    },
    syntaxFix: 'fix the JSON syntax (`composer validate` shows it)',
    objectFix: 'make the top level an object: { "require": { … } }',
  });
  if (!parsed.ok) return parsed;
  const { text, obj, diagnostics, warn } = parsed;
  const str = (field: string): string | null => {
    const v = obj[field];
    if (v === undefined) return null;
    if (typeof v !== 'string') {
      warn(field, 'a string');
      return null;
    }
    return v;
  };
  const map = (field: string): Record<string, string> => {
    const v = obj[field];
    if (v === undefined) return {};
    if (typeof v !== 'object' || v === null || Array.isArray(v)) {
      warn(field, 'an object of package → version constraint');
      return {};
    }
    const out: Record<string, string> = {};
    for (const [k, c] of Object.entries(v)) if (typeof c === 'string') out[k.toLowerCase()] = c;
    return out;
  };
  const scripts: Record<string, string[]> = {};
  const rawScripts = obj.scripts;
  if (rawScripts !== undefined) {
    if (typeof rawScripts !== 'object' || rawScripts === null || Array.isArray(rawScripts))
      warn('scripts', 'an object');
    else {
      for (const [k, v] of Object.entries(rawScripts)) {
        if (typeof v === 'string') scripts[k] = [v];
        else if (Array.isArray(v)) scripts[k] = v.filter((x): x is string => typeof x === 'string');
      }
    }
  }
  let platformPhp: string | null = null;
  const config = obj.config;
  if (config && typeof config === 'object' && !Array.isArray(config)) {
    const platform = (config as Record<string, unknown>).platform;
    if (platform && typeof platform === 'object' && !Array.isArray(platform)) {
      const php = (platform as Record<string, unknown>).php;
      if (typeof php === 'string') platformPhp = php;
    }
  }
  return {
    ok: true,
    value: {
      file,
      dir: dirOf(file),
      text,
      json: {
        name: str('name'),
        type: str('type'),
        require: map('require'),
        requireDev: map('require-dev'),
        scripts,
        platformPhp,
      },
    },
    diagnostics,
  };
}

/** The 1-based line of a key inside a composer.json section (`require` by default). */
export function requireLine(c: ParsedComposer, pkg: string, section = 'require'): number | undefined {
  return keyLine(c.text, pkg, section);
}

/** `ext-*` requirements: the PHP extensions the image must have. */
export function requiredExtensions(c: ComposerJson): string[] {
  return Object.keys(c.require)
    .filter((k) => k.startsWith('ext-'))
    .map((k) => k.slice(4))
    .sort();
}
