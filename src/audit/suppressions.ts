/** One `# shipready-ignore <rule-id>[, <rule-id>…] -- <reason>` comment. */
export interface Suppression {
  /** Line of the comment. */
  line: number;
  ruleIds: string[];
  /** Empty when the comment gives none. */
  reason: string;
  /** Lines it covers: the whole file, or one instruction's first to last line. */
  scope: { kind: 'file' } | { kind: 'lines'; from: number; to: number } | { kind: 'none' };
}

/** What the engine needs from a parsed file to place suppressions. */
export interface SuppressionSource {
  comments: readonly { line: number; text: string }[];
  /** Instructions (or documents, resources…) as line spans, in file order. */
  spans: readonly { line: number; endLine: number }[];
}

const DIRECTIVE = /^shipready-ignore(?:\s+(.*))?$/;

/**
 * Comments above the first instruction apply to the whole file; a comment inside an instruction
 * (between continuation lines) applies to that instruction; any other applies to the next one.
 * Comments after the last instruction cover nothing (but are still checked for a reason).
 */
export function findSuppressions(src: SuppressionSource): Suppression[] {
  const out: Suppression[] = [];
  const first = src.spans[0];
  for (const c of src.comments) {
    const m = DIRECTIVE.exec(c.text.trim());
    if (!m) continue;
    const body = m[1] ?? '';
    const sep = /(?:^|\s)--(?:\s|$)/.exec(body);
    const idsText = sep ? body.slice(0, sep.index) : body;
    const reason = sep ? body.slice(sep.index + sep[0].length).trim() : '';
    const ruleIds = idsText.split(/[\s,]+/).filter((s) => s !== '');
    let scope: Suppression['scope'] = { kind: 'none' };
    if (!first || c.line < first.line) scope = { kind: 'file' };
    else {
      const span = src.spans.find((s) => s.endLine >= c.line);
      if (span) scope = { kind: 'lines', from: span.line, to: span.endLine };
    }
    out.push({ line: c.line, ruleIds, reason, scope });
  }
  return out;
}

export function covers(s: Suppression, ruleId: string, line: number): boolean {
  if (!s.ruleIds.includes(ruleId)) return false;
  if (s.scope.kind === 'file') return true;
  return s.scope.kind === 'lines' && line >= s.scope.from && line <= s.scope.to;
}
