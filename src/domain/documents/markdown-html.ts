/**
 * A small Markdown renderer for documents, comments and notes, safe by construction: every character
 * of the source is escaped, and only the markup this module writes reaches the HTML. Raw HTML in the
 * source is shown as text; links keep only http(s), mailto and in-page targets. Pure, so the web app
 * and the HTML export render the same way.
 *
 * Blocks carry `data-source-start` (their offset in the source) so a reader's selection can be turned
 * into an anchor on the exact version.
 */

import { FootnoteNumbering, parseInline, readMarkdownBlocks } from './markdown-blocks.js';
import type { InlineNode } from './markdown-blocks.js';

export { safeHref } from './markdown-blocks.js';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => ESCAPES[character]!);
}

/** Inline Markdown alone (a comment, a title): footnote references have no notes here and show as typed. */
export function renderInline(text: string, footnotes?: FootnoteNumbering): string {
  return inlineHtml(parseInline(text), footnotes);
}

function inlineHtml(nodes: readonly InlineNode[], footnotes: FootnoteNumbering | undefined): string {
  let html = '';
  for (const node of nodes) {
    switch (node.kind) {
      case 'text': html += escapeHtml(node.text); break;
      case 'code': html += `<code>${escapeHtml(node.text)}</code>`; break;
      case 'strong': html += `<strong>${inlineHtml(node.children, footnotes)}</strong>`; break;
      case 'emphasis': html += `<em>${inlineHtml(node.children, footnotes)}</em>`; break;
      case 'link': {
        const label = inlineHtml(node.children, footnotes);
        html += node.href === undefined ? label : `<a href="${escapeHtml(node.href)}" rel="noopener noreferrer nofollow">${label}</a>`;
        break;
      }
      case 'break': html += '<br>'; break;
      case 'footnote': {
        const isFirst = footnotes !== undefined && !footnotes.isReferenced(node.label);
        const number = footnotes?.numberOf(node.label);
        // The first reference is where the note's back link returns to.
        html += number === undefined ? escapeHtml(`[^${node.label}]`) : `<sup class="md-fnref"><a href="#fn-${number}"${isFirst ? ` id="fnref-${number}"` : ''} aria-label="Note ${number}">${number}</a></sup>`;
        break;
      }
    }
  }
  return html;
}

/** Renders Markdown to HTML. `headingOffset` shifts heading levels (a document inside a page starts at h2). */
export function renderMarkdown(source: string, options: { headingOffset?: number } = {}): string {
  const shift = options.headingOffset ?? 0;
  const at = (start: number) => ` data-source-start="${start}"`;
  const blocks = readMarkdownBlocks(source);
  const footnotes = new FootnoteNumbering(blocks);
  const inline = (text: string) => renderInline(text, footnotes);
  return blocks.map((block): string => {
    switch (block.kind) {
      case 'code': return `<pre${at(block.start)}><code>${escapeHtml(block.text)}</code></pre>`;
      case 'heading': {
        const level = Math.min(6, block.level + shift);
        return `<h${level}${at(block.start)}>${inline(block.text)}</h${level}>`;
      }
      case 'rule': return '<hr>';
      case 'quote': return `<blockquote${at(block.start)}><p>${inline(block.text)}</p></blockquote>`;
      case 'list': {
        const tag = block.isOrdered ? 'ol' : 'ul';
        return `<${tag}>${block.items.map((item) => `<li${at(item.start)}>${inline(item.text)}</li>`).join('')}</${tag}>`;
      }
      case 'paragraph': return `<p${at(block.start)}>${inline(block.text)}</p>`;
      case 'footnotes': {
        const items = footnotes.listed().map((note) => `<li id="fn-${note.number}"${at(note.start)}>${inline(note.text)}${note.isReferenced ? ` <a href="#fnref-${note.number}" class="md-fnback" aria-label="Back to the reference to note ${note.number}">↩</a>` : ''}</li>`);
        return `<section class="md-footnotes" aria-label="Notes"><ol>${items.join('')}</ol></section>`;
      }
      case 'table': {
        const cell = (tag: 'th' | 'td', text: string, column: number) => `<${tag}${block.align[column] === 'left' ? '' : ` class="md-${block.align[column]}"`}>${inline(text)}</${tag}>`;
        const head = `<thead><tr>${block.header.map((text, column) => cell('th', text, column)).join('')}</tr></thead>`;
        const body = block.rows.length === 0 ? '' : `<tbody>${block.rows.map((row) => `<tr>${row.map((text, column) => cell('td', text, column)).join('')}</tr>`).join('')}</tbody>`;
        return `<table${at(block.start)}>${head}${body}</table>`;
      }
    }
  }).join('\n');
}

/** A whole printable page: the export for "print to PDF". Styles are inline so the file stands alone. */
export function renderPrintableHtml(input: { title: string; subtitle: string; markdown: string }): string {
  return renderPrintablePage({ title: input.title, subtitle: input.subtitle, bodyHtml: renderMarkdown(input.markdown, { headingOffset: 1 }) });
}

/**
 * The printable page around HTML this module (or a caller built on it) has already made safe: documents and
 * playbooks print the same way. `extraStyles` is the caller's own CSS for what only it writes.
 */
export function renderPrintablePage(input: { title: string; subtitle: string; bodyHtml: string; extraStyles?: string }): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(input.title)}</title>
<style>
@page { size: A4; margin: 22mm 20mm; }
body { font: 11pt/1.5 Georgia, 'Times New Roman', serif; color: #111; max-width: 44em; margin: 2em auto; padding: 0 1em; }
header { border-bottom: 1px solid #999; margin-bottom: 1.5em; }
header p { color: #444; font-size: 9pt; margin: 0 0 .8em; }
h1, h2, h3, h4 { font-family: 'Helvetica Neue', Arial, sans-serif; line-height: 1.25; break-after: avoid; }
h1 { font-size: 20pt; } h2 { font-size: 15pt; } h3 { font-size: 12.5pt; }
p, li, blockquote { orphans: 3; widows: 3; }
blockquote { margin: 1em 0; padding-left: 1em; border-left: 3px solid #bbb; font-style: italic; }
pre { white-space: pre-wrap; font-size: 9pt; background: #f4f4f4; padding: .6em; break-inside: avoid; }
table { border-collapse: collapse; margin: 0 0 1em; font: 9.5pt/1.4 'Helvetica Neue', Arial, sans-serif; break-inside: avoid; }
th, td { border: 1px solid #bbb; padding: .25em .5em; text-align: left; vertical-align: top; }
th { background: #f0f0f0; }
.md-center { text-align: center; } .md-right { text-align: right; }
sup.md-fnref { line-height: 0; font-size: 75%; } sup.md-fnref a { text-decoration: none; }
.md-footnotes { border-top: 1px solid #bbb; margin-top: 2em; font-size: 9.5pt; } .md-fnback { text-decoration: none; }
a { color: inherit; }
@media print { body { margin: 0; max-width: none; } }
${input.extraStyles ?? ''}</style>
</head>
<body>
<header><h1>${escapeHtml(input.title)}</h1><p>${escapeHtml(input.subtitle)}</p></header>
<main>
${input.bodyHtml}
</main>
</body>
</html>
`;
}
