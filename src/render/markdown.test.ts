import { describe, expect, it } from 'vitest';
import { escapeTableCell, escapeText, inlineCode, renderBlock, renderMarkdown } from './markdown.js';

describe('renderBlock', () => {
  it('renders headings, paragraphs and lists', () => {
    expect(renderBlock({ kind: 'heading', level: 2, text: 'Deploy\nnow' })).toBe('## Deploy now');
    expect(renderBlock({ kind: 'paragraph', text: '  Hello.  ' })).toBe('Hello.');
    expect(renderBlock({ kind: 'bullets', items: ['a', 'b\nc'] })).toBe('- a\n- b\n  c');
    expect(renderBlock({ kind: 'numbered', items: ['a', 'b'] })).toBe('1. a\n2. b');
    expect(renderBlock({ kind: 'numbered', items: ['c'], start: 3 })).toBe('3. c');
  });

  it('renders code blocks with a language and a fence longer than any backtick run inside', () => {
    expect(renderBlock({ kind: 'code', lang: 'sh', code: 'docker build .\n' })).toBe(
      '```sh\ndocker build .\n```',
    );
    expect(renderBlock({ kind: 'code', code: 'a ```` b' })).toBe('`````\na ```` b\n`````');
  });

  it('renders tables with escaped pipes and placeholder for empty cells', () => {
    expect(
      renderBlock({
        kind: 'table',
        headers: ['Name', 'Default'],
        rows: [
          ['A', 'x|y'],
          ['B', ''],
        ],
      }),
    ).toBe('| Name | Default |\n| ---- | ------- |\n| A    | x\\|y    |\n| B    | —       |');
  });

  it('rejects ragged tables', () => {
    expect(() => renderBlock({ kind: 'table', headers: ['a', 'b'], rows: [['1']] })).toThrow();
  });
});

describe('inline helpers', () => {
  it('inlineCode survives backticks', () => {
    expect(inlineCode('npm ci')).toBe('`npm ci`');
    expect(inlineCode('a`b')).toBe('``a`b``');
    expect(inlineCode('`x`')).toBe('`` `x` ``');
  });

  it('escapeTableCell folds newlines and escapes pipes', () => {
    expect(escapeTableCell('a|b\nc')).toBe('a\\|b c');
  });

  it('escapeText escapes markdown syntax', () => {
    expect(escapeText('*a* _b_ [c] <d> #e')).toBe('\\*a\\* \\_b\\_ \\[c\\] \\<d\\> \\#e');
  });
});

describe('renderMarkdown', () => {
  it('separates blocks with one blank line and ends with one newline', () => {
    expect(
      renderMarkdown({
        header: ['<!-- generated -->'],
        blocks: [
          { kind: 'heading', level: 1, text: 'T' },
          { kind: 'paragraph', text: 'p' },
        ],
      }),
    ).toBe('<!-- generated -->\n\n# T\n\np\n');
  });
});
