/**
 * A small Markdown renderer for documents, comments and notes, safe by construction: every character
 * of the source is escaped, and only the markup this module writes reaches the HTML. Raw HTML in the
 * source is shown as text; links keep only http(s), mailto and in-page targets. Pure, so the web app
 * and the HTML export render the same way.
 *
 * Blocks carry `data-source-start` (their offset in the source) so a reader's selection can be turned
 * into an anchor on the exact version.
 */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => ESCAPES[character]!);
}

const SAFE_URL = /^(https?:\/\/|mailto:|#)/i;

/** The link target if it is one we allow, else undefined (the link text is then shown without a link). */
export function safeHref(url: string): string | undefined {
  const trimmed = url.trim();
  // Control characters and whitespace inside a scheme are how "java\tscript:" slips through filters.
  if (/[\u0000-\u001f\u007f\s]/.test(trimmed)) return undefined;
  return SAFE_URL.test(trimmed) ? trimmed : undefined;
}

export function renderInline(text: string): string {
  let html = '';
  let index = 0;
  while (index < text.length) {
    const rest = text.slice(index);
    const code = /^`([^`]+)`/.exec(rest);
    if (code) {
      html += `<code>${escapeHtml(code[1]!)}</code>`;
      index += code[0].length;
      continue;
    }
    const link = /^\[([^\]]+)\]\(([^)\s]*)\)/.exec(rest);
    if (link) {
      const href = safeHref(link[2]!);
      const label = renderInline(link[1]!);
      html += href === undefined ? label : `<a href="${escapeHtml(href)}" rel="noopener noreferrer nofollow">${label}</a>`;
      index += link[0].length;
      continue;
    }
    const strong = /^(\*\*|__)(?=\S)([\s\S]*?\S)\1/.exec(rest);
    if (strong) {
      html += `<strong>${renderInline(strong[2]!)}</strong>`;
      index += strong[0].length;
      continue;
    }
    const emphasis = /^(\*|_)(?=\S)([\s\S]*?\S)\1(?![*_])/.exec(rest);
    if (emphasis && !(emphasis[1] === '_' && /\w/.test(text[index - 1] ?? ''))) {
      html += `<em>${renderInline(emphasis[2]!)}</em>`;
      index += emphasis[0].length;
      continue;
    }
    const plain = /^[^`[*_]+/.exec(rest);
    const chunk = plain ? plain[0] : rest[0]!;
    html += escapeHtml(chunk);
    index += chunk.length;
  }
  return html;
}

interface SourceLine {
  readonly text: string;
  readonly start: number;
}

function splitLines(source: string): SourceLine[] {
  const lines: SourceLine[] = [];
  let start = 0;
  for (const text of source.split('\n')) {
    lines.push({ text: text.replace(/\r$/, ''), start });
    start += text.length + 1;
  }
  return lines;
}

const BULLET = /^\s{0,3}[-*+]\s+(.*)$/;
const NUMBERED = /^\s{0,3}\d{1,9}[.)]\s+(.*)$/;
const HEADING = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/;
const FENCE = /^\s{0,3}(```|~~~)/;
const RULE = /^\s{0,3}([-*_])(\s*\1){2,}\s*$/;
const QUOTE = /^\s{0,3}>\s?(.*)$/;

/** Renders Markdown to HTML. `headingOffset` shifts heading levels (a document inside a page starts at h2). */
export function renderMarkdown(source: string, options: { headingOffset?: number } = {}): string {
  const lines = splitLines(source);
  const shift = options.headingOffset ?? 0;
  const out: string[] = [];
  let index = 0;
  const at = (line: SourceLine) => ` data-source-start="${line.start}"`;
  while (index < lines.length) {
    const line = lines[index]!;
    if (line.text.trim() === '') {
      index += 1;
      continue;
    }
    const fence = FENCE.exec(line.text);
    if (fence) {
      const body: string[] = [];
      index += 1;
      while (index < lines.length && !lines[index]!.text.trimStart().startsWith(fence[1]!)) body.push(lines[index++]!.text);
      index += 1;
      out.push(`<pre${at(line)}><code>${escapeHtml(body.join('\n'))}</code></pre>`);
      continue;
    }
    const heading = HEADING.exec(line.text);
    if (heading) {
      const level = Math.min(6, heading[1]!.length + shift);
      out.push(`<h${level}${at(line)}>${renderInline(heading[2]!)}</h${level}>`);
      index += 1;
      continue;
    }
    if (RULE.test(line.text)) {
      out.push('<hr>');
      index += 1;
      continue;
    }
    if (QUOTE.test(line.text)) {
      const body: string[] = [];
      while (index < lines.length && QUOTE.test(lines[index]!.text)) body.push(QUOTE.exec(lines[index++]!.text)![1]!);
      out.push(`<blockquote${at(line)}><p>${renderInline(body.join('\n'))}</p></blockquote>`);
      continue;
    }
    const listKind = BULLET.test(line.text) ? 'ul' : NUMBERED.test(line.text) ? 'ol' : undefined;
    if (listKind !== undefined) {
      const pattern = listKind === 'ul' ? BULLET : NUMBERED;
      const items: string[] = [];
      while (index < lines.length && pattern.test(lines[index]!.text)) {
        const item = lines[index]!;
        let text = pattern.exec(item.text)![1]!;
        index += 1;
        // Continuation lines (indented, not a new item) belong to the item.
        while (index < lines.length && /^\s{2,}\S/.test(lines[index]!.text) && !pattern.test(lines[index]!.text)) text += `\n${lines[index++]!.text.trim()}`;
        items.push(`<li${at(item)}>${renderInline(text)}</li>`);
      }
      out.push(`<${listKind}>${items.join('')}</${listKind}>`);
      continue;
    }
    const paragraph: string[] = [];
    while (index < lines.length) {
      const next = lines[index]!.text;
      if (next.trim() === '' || HEADING.test(next) || FENCE.test(next) || QUOTE.test(next) || BULLET.test(next) || NUMBERED.test(next) || (paragraph.length > 0 && RULE.test(next))) break;
      paragraph.push(next.trim());
      index += 1;
    }
    out.push(`<p${at(line)}>${renderInline(paragraph.join('\n'))}</p>`);
  }
  return out.join('\n');
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
