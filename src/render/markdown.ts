/**
 * A small typed markdown emitter (CommonMark + GFM tables). Inline text is markdown the caller
 * writes; use `inlineCode` for values that came from the repo so they render literally.
 */

export type Block =
  | { kind: 'heading'; level: 1 | 2 | 3 | 4 | 5 | 6; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'bullets'; items: readonly string[] }
  /** `start` continues a list interrupted by a code block (defaults to 1). */
  | { kind: 'numbered'; items: readonly string[]; start?: number }
  | { kind: 'code'; lang?: string; code: string }
  | { kind: 'table'; headers: readonly string[]; rows: readonly (readonly string[])[] };

export interface MarkdownDoc {
  /** Lines placed first, verbatim (the generated-file header). */
  header?: readonly string[];
  blocks: readonly Block[];
}

/** Render blocks separated by one blank line, with a single trailing newline. */
export function renderMarkdown(doc: MarkdownDoc): string {
  const parts: string[] = [];
  if (doc.header && doc.header.length > 0) parts.push(doc.header.join('\n'));
  for (const b of doc.blocks) parts.push(renderBlock(b));
  return `${parts.join('\n\n')}\n`;
}

export function renderBlock(b: Block): string {
  switch (b.kind) {
    case 'heading':
      return `${'#'.repeat(b.level)} ${oneLine(b.text)}`;
    case 'paragraph':
      return b.text.trim();
    case 'bullets':
      return b.items.map((i) => `- ${indentContinuation(i, 2)}`).join('\n');
    case 'numbered':
      return b.items
        .map((i, n) => {
          const marker = `${(b.start ?? 1) + n}. `;
          return `${marker}${indentContinuation(i, marker.length)}`;
        })
        .join('\n');
    case 'code': {
      const body = b.code.replace(/\n+$/, '');
      const fence = '`'.repeat(Math.max(3, longestRun(body, '`') + 1));
      return `${fence}${b.lang ?? ''}\n${body}\n${fence}`;
    }
    case 'table': {
      const width = b.headers.length;
      if (width === 0) throw new Error('renderMarkdown: a table needs at least one column');
      for (const r of b.rows) {
        if (r.length !== width)
          throw new Error(`renderMarkdown: table row has ${r.length} cells, expected ${width}`);
      }
      // Columns are padded to a common width (as Biome and Prettier format them), so the file is stable under formatters.
      const cells = [b.headers, ...b.rows].map((r) => r.map(escapeTableCell));
      const widths = b.headers.map((_, i) => Math.max(3, ...cells.map((r) => textWidth(r[i] ?? ''))));
      const pad = (t: string, i: number) => t + ' '.repeat((widths[i] ?? 0) - textWidth(t));
      const row = (r: readonly string[]) => `| ${r.map(pad).join(' | ')} |`;
      const rule = `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`;
      const [head = [], ...body] = cells;
      return [row(head), rule, ...body.map(row)].join('\n');
    }
  }
}

/** A table cell: `|` escaped (GFM unescapes it inside code spans too), newlines folded, empty → `—`. */
export function escapeTableCell(text: string): string {
  const t = text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|').trim();
  return t === '' ? '—' : t;
}

/** An inline code span that survives any backticks in `text`. */
export function inlineCode(text: string): string {
  const t = text.replace(/\r?\n/g, ' ');
  const ticks = '`'.repeat(longestRun(t, '`') + 1);
  const pad =
    t.startsWith('`') || t.endsWith('`') || (t.startsWith(' ') && t.endsWith(' ') && t.trim() !== '');
  return pad ? `${ticks} ${t} ${ticks}` : `${ticks}${t}${ticks}`;
}

/** Escape characters that would otherwise start markdown syntax in plain text. */
export function escapeText(text: string): string {
  return text.replace(/[\\`*_[\]<>|#]/g, (c) => `\\${c}`);
}

/** Width in code points (not UTF-16 units), so `—` and emoji count once. */
function textWidth(text: string): number {
  return [...text].length;
}

function longestRun(text: string, ch: string): number {
  let best = 0;
  let cur = 0;
  for (const c of text) {
    cur = c === ch ? cur + 1 : 0;
    if (cur > best) best = cur;
  }
  return best;
}

function oneLine(text: string): string {
  return text.replace(/\r?\n/g, ' ').trim();
}

function indentContinuation(text: string, width: number): string {
  return text
    .trim()
    .split('\n')
    .join(`\n${' '.repeat(width)}`);
}
