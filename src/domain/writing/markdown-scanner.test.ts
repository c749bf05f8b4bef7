import { describe, expect, it } from 'vitest';
import { lineAndColumnAt, scanMarkdown } from './markdown-scanner.js';

const kinds = (markdown: string): string[] => scanMarkdown(markdown).blocks.map((block) => block.kind);

describe('scanMarkdown', () => {
  it('recognises headings, paragraphs, lists, quotes, code, tables and breaks', () => {
    const markdown = ['# Title', '', 'A paragraph', 'that continues.', '', '- one', '- two', '', '> quoted', '', '```', 'code', '```', '', '| a | b |', '| - | - |', '| 1 | 2 |', '', '---'].join('\n');
    expect(kinds(markdown)).toEqual(['heading', 'paragraph', 'list-item', 'list-item', 'blockquote', 'code', 'table', 'thematic-break']);
  });

  it('reads a footnote as its own block, with the indented lines under it, and blanks references to it', () => {
    const markdown = 'Orders grew.[^q3] More text.\n\n[^q3]: Third quarter,\n  all regions.\nStill the note.\n\nAfter.';
    expect(kinds(markdown)).toEqual(['paragraph', 'footnote', 'paragraph']);
    const { masked, blocks } = scanMarkdown(markdown);
    expect(masked.split('\n')[0]).toBe('Orders grew.      More text.');
    expect(markdown.slice(blocks[1]!.start, blocks[1]!.end)).toBe('[^q3]: Third quarter,\n  all regions.\nStill the note.');
    expect(masked.slice(blocks[1]!.start, blocks[1]!.start + 7)).toBe('       ');
  });

  it('keeps the masked text the same length as the source, newlines in place', () => {
    const markdown = '# Head **bold**\n\nSee [the docs](https://example.com/x) and `npm test`.\n';
    const { masked } = scanMarkdown(markdown);
    expect(masked).toHaveLength(markdown.length);
    expect(masked.split('\n')).toHaveLength(markdown.split('\n').length);
    expect(masked).toContain('Head   bold  ');
    expect(masked).toContain('See  the docs');
    expect(masked).not.toContain('https');
    expect(masked).not.toContain('npm');
  });

  it('blanks images, bare URLs, autolinks and inline HTML but keeps link text', () => {
    const { masked } = scanMarkdown('A ![logo](a.png) at www.example.com or <https://x.io>, <b>bold</b> and [docs](d.md "t").');
    expect(masked.replace(/\s+/g, ' ').trim()).toBe('A at or , bold and docs .');
  });

  it('records code spans and fenced code so rules can skip or inspect them', () => {
    const markdown = 'Run `make` now.\n\n```\nrm -rf /\n```\n';
    const { codeSpans, masked } = scanMarkdown(markdown);
    expect(codeSpans.map((span) => markdown.slice(span.start, span.end))).toEqual(['`make`', '```\nrm -rf /\n```']);
    expect(masked).not.toContain('rm');
  });

  it('gives each contiguous list its own id, and a new one where bullets turn into numbers', () => {
    const { blocks } = scanMarkdown('- a\n- b\n\n1. c\n2. d\n\ntext\n\n- e\n');
    const lists = blocks.filter((block) => block.kind === 'list-item').map((block) => [block.listId, block.isOrdered]);
    expect(lists[0]).toEqual(lists[1]);
    expect(lists[2]?.[0]).not.toBe(lists[0]?.[0]);
    expect(lists[2]?.[1]).toBe(true);
    expect(lists[4]?.[0]).not.toBe(lists[2]?.[0]);
  });

  it('does not read a year at the start of a wrapped line as a numbered list', () => {
    expect(kinds('Revenue grew in\n2023. was a good year')).toEqual(['paragraph']);
  });

  it('turns a setext underline into a heading', () => {
    const { blocks } = scanMarkdown('Title\n=====\n\nBody.\n');
    expect(blocks[0]).toMatchObject({ kind: 'heading', depth: 1 });
  });

  it('keeps HTML comments out of the prose and records them', () => {
    const { comments, masked, blocks } = scanMarkdown('<!-- lint-ignore style.jargon: quoted -->\nText here.\n');
    expect(comments).toEqual([expect.objectContaining({ line: 1, text: 'lint-ignore style.jargon: quoted' })]);
    expect(masked).not.toContain('lint-ignore');
    expect(blocks.map((block) => block.kind)).toEqual(['paragraph']);
  });

  it('keeps snake_case words whole but blanks emphasis underscores', () => {
    const { masked } = scanMarkdown('Use _really_ the billing_jobs table.');
    expect(masked).toContain(' really ');
    expect(masked).toContain('billing_jobs');
  });

  it('turns offsets into 1-based lines and columns', () => {
    const { lineStarts } = scanMarkdown('ab\ncde\nf');
    expect(lineAndColumnAt(lineStarts, 0)).toEqual({ line: 1, column: 1 });
    expect(lineAndColumnAt(lineStarts, 4)).toEqual({ line: 2, column: 2 });
    expect(lineAndColumnAt(lineStarts, 7)).toEqual({ line: 3, column: 1 });
  });
});
