import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { ShipreadyError } from '../errors.js';
import { CONFIG_FILE_NAMES, Config } from '../model/config.js';
import type { RepoFs } from '../repo/repo-fs.js';

export interface LoadedConfig {
  /** Repo-relative path of the file, or null when there is none. */
  file: string | null;
  config: Config;
}

/** Find and load `shipready.config.yaml` (or `.yml`) at the repo root. */
export function loadConfig(fs: RepoFs): LoadedConfig {
  for (const name of CONFIG_FILE_NAMES) {
    if (!fs.exists(name)) continue;
    const r = fs.readText(name);
    if (!r.ok) {
      throw new ShipreadyError(`cannot read config: ${r.message}`, {
        location: { file: name },
        fix: 'make the file readable or remove it',
      });
    }
    return { file: name, config: parseConfig(r.text, name) };
  }
  return { file: null, config: {} };
}

/** Load a config file named on the command line (`--config`). */
export function loadConfigFile(file: string): LoadedConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new ShipreadyError('cannot read config file', {
      location: { file },
      fix: 'check the --config path',
      cause,
    });
  }
  return { file: path.normalize(file), config: parseConfig(text, file) };
}

/**
 * Parse and validate config text. Errors name the file, the line and the field path, and say what is
 * allowed: `shipready.config.yaml:4 (services.api.port): expected a number from 1 to 65535`.
 */
export function parseConfig(text: string, file: string): Config {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const firstError = doc.errors[0];
  if (firstError) {
    const line = lineCounter.linePos(firstError.pos[0]).line;
    throw new ShipreadyError(`invalid YAML: ${firstError.message.split('\n')[0]}`, {
      location: { file, line },
      fix: 'fix the YAML syntax',
    });
  }
  const data: unknown = doc.toJS() ?? {};
  const parsed = Config.safeParse(data);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0] as z.core.$ZodIssue;
  const fieldPath = issue.path.map(String);
  if (issue.code === 'unrecognized_keys' && issue.keys[0] !== undefined) fieldPath.push(issue.keys[0]);
  const line = lineOf(doc, fieldPath, lineCounter);
  throw new ShipreadyError(describeIssue(issue), {
    location: { file, ...(line === undefined ? {} : { line }), field: fieldPath.join('.') || '(root)' },
  });
}

function lineOf(
  doc: ReturnType<typeof parseDocument>,
  fieldPath: string[],
  lc: LineCounter,
): number | undefined {
  // Walk down as far as the path exists; point at the deepest node found (the key for unknown keys).
  for (let n = fieldPath.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(fieldPath.slice(0, n), true);
    if (node && typeof node === 'object' && 'range' in node) {
      const range = (node as { range?: [number, number, number] }).range;
      if (range) return lc.linePos(range[0]).line;
    }
    if (n > 0 && (isMap(node) || isSeq(node) || isScalar(node))) break;
  }
  if (isMap(doc.contents)) {
    // Unknown keys: find the key itself.
    const key = fieldPath[fieldPath.length - 1];
    const parent = fieldPath.length > 1 ? doc.getIn(fieldPath.slice(0, -1), true) : doc.contents;
    if (isMap(parent)) {
      for (const pair of parent.items) {
        if (isScalar(pair.key) && String(pair.key.value) === key && pair.key.range) {
          return lc.linePos(pair.key.range[0]).line;
        }
      }
    }
  }
  return undefined;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'unrecognized_keys':
      return `unknown field ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}; see docs/schema/config.json for the allowed fields`;
    case 'invalid_type':
      return `expected ${issue.expected}`;
    case 'invalid_key':
      return `invalid name, expected ${issue.issues[0]?.message ?? 'a valid key'}`;
    case 'too_small':
      return `must be at least ${String(issue.minimum)}`;
    case 'too_big':
      return `must be at most ${String(issue.maximum)}`;
    default:
      return issue.message;
  }
}
