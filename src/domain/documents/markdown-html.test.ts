import { describe, expect, it } from 'vitest';
import { escapeHtml, renderInline, renderMarkdown, renderPrintableHtml, safeHref } from './markdown-html.js';
import { XSS_PAYLOADS } from './xss-payloads.js';

describe('the safe Markdown renderer', () => {
  it('renders headings, paragraphs, lists, quotes, code, emphasis and links with source offsets', () => {
    const html = renderMarkdown('# Title\n\nSome **bold** and *soft* text with `code` and [a link](https://example.test).\n\n- one\n- two\n\n1. first\n\n> quoted');
    expect(html).toContain('<h1 data-source-start="0">Title</h1>');
    expect(html).toContain('<p data-source-start="9">Some <strong>bold</strong> and <em>soft</em> text with <code>code</code> and <a href="https://example.test" rel="noopener noreferrer nofollow">a link</a>.</p>');
    expect(html).toContain('<ul><li data-source-start="');
    expect(html).toContain('<ol><li');
    expect(html).toContain('<blockquote');
  });

  it('shifts heading levels for a document shown inside a page', () => {
    expect(renderMarkdown('# A', { headingOffset: 1 })).toBe('<h2 data-source-start="0">A</h2>');
  });

  it('keeps only safe link targets', () => {
    expect(safeHref('https://example.test/a')).toBe('https://example.test/a');
    expect(safeHref('mailto:a@example.test')).toBe('mailto:a@example.test');
    expect(safeHref('javascript:alert(1)')).toBeUndefined();
    expect(safeHref('java\nscript:alert(1)')).toBeUndefined();
    expect(safeHref('data:text/html,x')).toBeUndefined();
  });

  it.each(XSS_PAYLOADS)('renders hostile input as inert text: %s', (payload) => {
    const html = renderMarkdown(payload);
    // No tag but ours, no event handler attribute, no script URL.
    const tags = [...html.matchAll(/<\/?([a-z0-9]+)/gi)].map((match) => match[1]!.toLowerCase());
    expect(tags.every((tag) => ['h1', 'h2', 'p', 'ul', 'ol', 'li', 'strong', 'em', 'code', 'pre', 'a', 'blockquote', 'hr', 'br', 'sup', 'section'].includes(tag))).toBe(true);
    expect(html).not.toMatch(/<[^>]*\son\w+\s*=/i);
    expect(html).not.toMatch(/href="(?!https?:|mailto:|#)/i);
  });

  it('keeps a link target with parentheses whole, and reads autolinks', () => {
    expect(renderInline('see [the bar](https://en.wikipedia.org/wiki/Bar_(law)) now')).toBe('see <a href="https://en.wikipedia.org/wiki/Bar_(law)" rel="noopener noreferrer nofollow">the bar</a> now');
    expect(renderInline('<https://example.com/a?b=1>')).toBe('<a href="https://example.com/a?b=1" rel="noopener noreferrer nofollow">https://example.com/a?b=1</a>');
    expect(renderInline('<javascript:alert(1)> and a < b')).toBe('&lt;javascript:alert(1)&gt; and a &lt; b');
    expect(renderInline('[x](javascript:alert(1))')).toBe('x');
  });

  it('renders a table: header, alignment from the delimiter row, inline markup and escaped pipes in cells', () => {
    const html = renderMarkdown('Costs below.\n| Item | Cost | Note |\n|:--|--:|:-:|\n| **Robots** | 1,200 | a \\| b |\n| Vans |\n');
    expect(html).toBe(
      '<p data-source-start="0">Costs below.</p>\n' +
        '<table data-source-start="13"><thead><tr><th>Item</th><th class="md-right">Cost</th><th class="md-center">Note</th></tr></thead>' +
        '<tbody><tr><td><strong>Robots</strong></td><td class="md-right">1,200</td><td class="md-center">a | b</td></tr>' +
        '<tr><td>Vans</td><td class="md-right"></td><td class="md-center"></td></tr></tbody></table>',
    );
    // Pipes without a delimiter row under them are text.
    expect(renderMarkdown('a | b\n---\n')).not.toContain('<table');
  });

  it('breaks a line where it ends in a backslash or two spaces, and nowhere else', () => {
    expect(renderMarkdown('Dear team,  \nthe pilot starts Monday.\\\nSigned\nDana')).toBe('<p data-source-start="0">Dear team,<br>the pilot starts Monday.<br>Signed\nDana</p>');
    // The last line of a paragraph has nothing to break before.
    expect(renderMarkdown('End.  \n\nNext')).toBe('<p data-source-start="0">End.</p>\n<p data-source-start="8">Next</p>');
    expect(renderMarkdown('> quoted  \n> lines')).toBe('<blockquote data-source-start="0"><p>quoted<br>lines</p></blockquote>');
  });

  it('reads a backslash before punctuation as that character, not as markup', () => {
    expect(renderInline('\\*not emphasis\\* and 5 \\_ 6 and \\[^1]')).toBe('*not emphasis* and 5 _ 6 and [^1]');
    expect(renderInline('a \\ b \\q')).toBe('a \\ b \\q');
  });

  it('numbers footnotes in the order they are referred to and lists them at the end, with links both ways', () => {
    const source = 'Orders grew[^growth] while returns fell.[^returns]\n\n[^returns]: Returns: *net* of exchanges.\n[^growth]: Week 38 against week 37,\n  all regions.\n\nAgain[^growth], and [^missing].\n\n[^unused]: Kept, though nothing refers to it.';
    const html = renderMarkdown(source);
    expect(html).toContain('<p data-source-start="0">Orders grew<sup class="md-fnref"><a href="#fn-1" id="fnref-1" aria-label="Note 1">1</a></sup> while returns fell.<sup class="md-fnref"><a href="#fn-2" id="fnref-2" aria-label="Note 2">2</a></sup></p>');
    // A second reference links to the note without repeating the first's id; an unknown label stays as typed.
    expect(html).toContain('<p data-source-start="145">Again<sup class="md-fnref"><a href="#fn-1" aria-label="Note 1">1</a></sup>, and [^missing].</p>');
    expect(html.endsWith('<section class="md-footnotes" aria-label="Notes"><ol>'
      + '<li id="fn-1" data-source-start="93">Week 38 against week 37,\nall regions. <a href="#fnref-1" class="md-fnback" aria-label="Back to the reference to note 1">↩</a></li>'
      + '<li id="fn-2" data-source-start="52">Returns: <em>net</em> of exchanges. <a href="#fnref-2" class="md-fnback" aria-label="Back to the reference to note 2">↩</a></li>'
      + '<li id="fn-3" data-source-start="178">Kept, though nothing refers to it.</li></ol></section>')).toBe(true);
    // Comments and titles have no notes: a reference there is text.
    expect(renderInline('see [^1]')).toBe('see [^1]');
  });

  it('escapes the five HTML characters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });

  it('makes a standalone printable page with an escaped title', () => {
    const page = renderPrintableHtml({ title: 'Q3 <memo>', subtitle: 'Version 2', markdown: '# Body' });
    expect(page).toContain('<title>Q3 &lt;memo&gt;</title>');
    expect(page).toContain('@page');
    expect(page).toContain('<h2 data-source-start="0">Body</h2>');
  });
});
