import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** A parsed XML element: text, or an object of children (`@_name` keys are attributes). */
export type XmlNode = string | { [key: string]: XmlNode | XmlNode[] };

export type XmlParse =
  | { ok: true; root: Record<string, unknown> }
  | { ok: false; line: number; message: string };

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  // Versions such as 1.10 or 017 must stay strings.
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  // Entity expansion is never needed for build files and is a denial-of-service vector.
  processEntities: false,
});

/** Validates then parses XML; never throws. */
export function parseXml(text: string): XmlParse {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const valid = XMLValidator.validate(body);
  if (valid !== true) {
    return { ok: false, line: valid.err.line > 0 ? valid.err.line : 1, message: valid.err.msg };
  }
  try {
    return { ok: true, root: parser.parse(body) as Record<string, unknown> };
  } catch (e) {
    return { ok: false, line: 1, message: e instanceof Error ? e.message : String(e) };
  }
}

/** Children named `name` of an element, always as an array (XML repeats become arrays only when repeated). */
export function children(node: unknown, name: string): unknown[] {
  if (typeof node !== 'object' || node === null) return [];
  const v = (node as Record<string, unknown>)[name];
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v : [v];
}

/** The first child element named `name`, or undefined. */
export function child(node: unknown, name: string): unknown {
  return children(node, name)[0];
}

/** Text content of an element (`<a>x</a>` or `<a attr="1">x</a>`), trimmed; null when empty or absent. */
export function textOf(node: unknown): string | null {
  if (typeof node === 'string') return node.trim() === '' ? null : node.trim();
  if (typeof node === 'number' || typeof node === 'boolean') return String(node);
  if (typeof node === 'object' && node !== null && '#text' in node) {
    return textOf((node as Record<string, unknown>)['#text']);
  }
  return null;
}

/** Text of the child `name`. */
export function childText(node: unknown, name: string): string | null {
  return textOf(child(node, name));
}

/** An attribute value (`@_name`). */
export function attr(node: unknown, name: string): string | null {
  if (typeof node !== 'object' || node === null) return null;
  const v = (node as Record<string, unknown>)[`@_${name}`];
  return typeof v === 'string' ? v : null;
}

/** Replaces `<!-- … -->` with spaces (newlines kept) so text searches skip commented-out XML. */
export function blankXmlComments(text: string): string {
  return text.replace(/<!--[\s\S]*?(?:-->|$)/g, (m) => m.replace(/[^\n]/g, ' '));
}
