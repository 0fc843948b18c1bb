import type { Diagnostic } from '../../model/diagnostic.js';
import { lineAt } from '../text.js';
import { escapeRe } from './regex.js';

/** What a JSON manifest's diagnostics say, per manifest (package.json, composer.json). */
export interface JsonManifestMessages {
  /** The warning for an empty file. */
  empty: { message: string; fix: string };
  /** The fix for a JSON syntax error. */
  syntaxFix: string;
  /** The fix when the top level is not an object. */
  objectFix: string;
}

export type JsonManifestParse =
  | {
      ok: true;
      /** The text without a byte order mark (keep it for line numbers). */
      text: string;
      obj: Record<string, unknown>;
      /** Field diagnostics; `warn` adds to it. */
      diagnostics: Diagnostic[];
      /** Reports a field of the wrong type, at its line. */
      warn: (field: string, expected: string) => void;
    }
  | { ok: false; diagnostics: Diagnostic[] };

/**
 * Parses a JSON manifest whose top level must be an object: a byte order mark is dropped, an empty
 * file, a syntax error (with its line) or a non-object gives a diagnostic naming `name`. Never throws.
 */
export function parseJsonManifest(
  file: string,
  rawText: string,
  name: string,
  messages: JsonManifestMessages,
): JsonManifestParse {
  // npm and Composer tolerate a UTF-8 byte order mark; JSON.parse does not.
  const text = rawText.startsWith('\uFEFF') ? rawText.slice(1) : rawText;
  if (text.trim() === '') {
    return { ok: false, diagnostics: [{ severity: 'warning', file, ...messages.empty }] };
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    const { message, offset } = describeJsonError(text, e);
    return {
      ok: false,
      diagnostics: [
        {
          severity: 'error',
          file,
          line: lineAt(text, offset),
          message: `invalid JSON: ${message}`,
          fix: messages.syntaxFix,
        },
      ],
    };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return {
      ok: false,
      diagnostics: [
        {
          severity: 'error',
          file,
          line: 1,
          message: `${name} must be a JSON object, found ${Array.isArray(data) ? 'an array' : typeof data}`,
          fix: messages.objectFix,
        },
      ],
    };
  }
  const diagnostics: Diagnostic[] = [];
  const warn = (field: string, expected: string): void => {
    diagnostics.push({
      severity: 'warning',
      file,
      line: keyLine(text, field),
      message: `"${field}" should be ${expected}; it is ignored`,
      fix: `correct the type of "${field}"`,
    });
  };
  return { ok: true, text, obj: data as Record<string, unknown>, diagnostics, warn };
}

/**
 * The 1-based line of `"key":` in JSON manifest text, searched inside `"section": {` when given
 * (falling back to anywhere). Returns undefined when absent.
 */
export function keyLine(text: string, key: string, section?: string): number | undefined {
  const keyRe = new RegExp(`"${escapeRe(key)}"\\s*:`, 'g');
  if (section) {
    const sec = new RegExp(`"${escapeRe(section)}"\\s*:\\s*\\{`).exec(text);
    if (sec) {
      const end = matchingBrace(text, sec.index + sec[0].length - 1);
      keyRe.lastIndex = sec.index + sec[0].length;
      const m = keyRe.exec(text);
      if (m && m.index < end) return lineAt(text, m.index);
    }
  }
  keyRe.lastIndex = 0;
  const m = keyRe.exec(text);
  return m ? lineAt(text, m.index) : undefined;
}

function matchingBrace(text: string, open: number): number {
  let depth = 0;
  let inString = false;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i;
  }
  return text.length;
}

/** A clean message and the offset of a JSON syntax error (the engine's, else our own scan's). */
export function describeJsonError(text: string, error: unknown): { message: string; offset: number } {
  const raw = error instanceof Error ? error.message : String(error);
  const pos = /at position (\d+)/.exec(raw);
  const message =
    raw
      .replace(/\s*\(line \d+ column \d+\)/, '')
      .replace(/\s+(?:in JSON\s+)?at position \d+.*$/s, '')
      .replace(/,\s.*\bis not valid JSON$/s, '')
      .trim() || 'syntax error';
  // A truncated file fails at its very end: point at the last line that has content.
  const end = Math.max(text.trimEnd().length - 1, 0);
  if (/Unexpected end of JSON input/.test(raw)) return { message, offset: end };
  const offset = pos ? Number(pos[1]) : findJsonErrorOffset(text);
  return { message, offset: Math.min(offset, end) };
}

/**
 * Offset of the first JSON syntax error in `text` (a small strict scanner, used because some engine
 * messages carry no position). Returns `text.length` when the text ends too early.
 */
export function findJsonErrorOffset(text: string): number {
  let i = 0;
  const fail = (at: number): never => {
    throw new JsonScanError(at);
  };
  const ws = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i] as string)) i++;
  };
  const literal = (word: string): void => {
    for (const ch of word) {
      if (text[i] !== ch) fail(i);
      i++;
    }
  };
  const string = (): void => {
    if (text[i] !== '"') fail(i);
    i++;
    while (i < text.length && text[i] !== '"') {
      const c = text.charCodeAt(i);
      if (c < 0x20) fail(i);
      if (text[i] === '\\') i++;
      i++;
    }
    if (i >= text.length) fail(text.length);
    i++;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === undefined) fail(i);
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        string();
        ws();
        if (text[i] !== ':') fail(i);
        i++;
        value();
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return;
        }
        fail(i);
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value();
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return;
        }
        fail(i);
      }
    }
    const word = c === 't' ? 'true' : c === 'f' ? 'false' : c === 'n' ? 'null' : null;
    if (c === '"') string();
    else if (word) literal(word);
    else {
      const num = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
      if (!num) fail(i);
      i += (num as RegExpExecArray)[0].length;
    }
  };
  try {
    value();
    ws();
    if (i < text.length) fail(i);
    return text.length;
  } catch (e) {
    if (e instanceof JsonScanError) return Math.min(e.offset, text.length);
    return text.length;
  }
}

class JsonScanError {
  constructor(readonly offset: number) {}
}
