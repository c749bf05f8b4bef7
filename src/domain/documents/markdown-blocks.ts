/**
 * The Markdown that documents, comments and playbooks use, read into blocks and inline runs. The HTML
 * renderer (markdown-html.ts) and the PDF export both draw from this, so a document reads the same in the
 * app, in its printable page and in its PDF. Raw HTML in the source stays text; only http(s), mailto and
 * in-page links are kept as links.
 */

const SAFE_URL = /^(https?:\/\/|mailto:|#)/i;

/** The link target if it is one we allow, else undefined (the link text is then shown without a link). */
export function safeHref(url: string): string | undefined {
  const trimmed = url.trim();
  // Control characters and whitespace inside a scheme are how "java\tscript:" slips through filters.
  if (/[\u0000-\u001f\u007f\s]/.test(trimmed)) return undefined;
  return SAFE_URL.test(trimmed) ? trimmed : undefined;
}

export type InlineNode =
  | { kind: 'text'; text: string }
  | { kind: 'code'; text: string }
  /** `href` is undefined when the target is not one we allow: the label is then shown without a link. */
  | { kind: 'link'; href: string | undefined; children: InlineNode[] }
  | { kind: 'strong'; children: InlineNode[] }
  | { kind: 'emphasis'; children: InlineNode[] };

/** Code spans, links, strong and emphasis; everything else is text (adjacent text is one node). */
export function parseInline(text: string): InlineNode[] {
  const nodes: InlineNode[] = [];
  const pushText = (chunk: string) => {
    const last = nodes[nodes.length - 1];
    if (last?.kind === 'text') last.text += chunk;
    else nodes.push({ kind: 'text', text: chunk });
  };
  let index = 0;
  while (index < text.length) {
    const rest = text.slice(index);
    const code = /^`([^`]+)`/.exec(rest);
    if (code) {
      nodes.push({ kind: 'code', text: code[1]! });
      index += code[0].length;
      continue;
    }
    // A target may hold balanced parentheses (`…/wiki/Bar_(law)`), one level deep.
    const link = /^\[([^\]]+)\]\(((?:[^()\s]|\([^()\s]*\))*)\)/.exec(rest);
    if (link) {
      nodes.push({ kind: 'link', href: safeHref(link[2]!), children: parseInline(link[1]!) });
      index += link[0].length;
      continue;
    }
    // An autolink: `<https://example.com>` or `<mailto:someone@example.com>`, the address as its own label.
    const autolink = /^<((?:https?:\/\/|mailto:)[^\s<>]+)>/i.exec(rest);
    if (autolink) {
      nodes.push({ kind: 'link', href: safeHref(autolink[1]!), children: [{ kind: 'text', text: autolink[1]! }] });
      index += autolink[0].length;
      continue;
    }
    const strong = /^(\*\*|__)(?=\S)([\s\S]*?\S)\1/.exec(rest);
    if (strong) {
      nodes.push({ kind: 'strong', children: parseInline(strong[2]!) });
      index += strong[0].length;
      continue;
    }
    const emphasis = /^(\*|_)(?=\S)([\s\S]*?\S)\1(?![*_])/.exec(rest);
    // An underscore inside a word (snake_case) is not emphasis.
    if (emphasis && !(emphasis[1] === '_' && /\w/.test(text[index - 1] ?? ''))) {
      nodes.push({ kind: 'emphasis', children: parseInline(emphasis[2]!) });
      index += emphasis[0].length;
      continue;
    }
    const plain = /^[^`[*_<]+/.exec(rest);
    const chunk = plain ? plain[0] : rest[0]!;
    pushText(chunk);
    index += chunk.length;
  }
  return nodes;
}

/** Where a block starts in the source (an offset), so that a reader's selection can be anchored to it. */
export type MarkdownRenderBlock =
  | { kind: 'heading'; start: number; level: number; text: string }
  | { kind: 'paragraph'; start: number; text: string }
  | { kind: 'quote'; start: number; text: string }
  | { kind: 'code'; start: number; text: string }
  | { kind: 'list'; isOrdered: boolean; items: Array<{ start: number; text: string }> }
  /** A GitHub-style table: a header row, a delimiter row (`---|:--:`), then rows; cells keep their inline markup. */
  | { kind: 'table'; start: number; header: string[]; align: Array<'left' | 'center' | 'right'>; rows: string[][] }
  | { kind: 'rule' };

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
const TABLE_DELIMITER = /^\s{0,3}\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/;

/** The cells of a table row: split on pipes that are not escaped (`\|`), outer pipes optional. */
function tableCells(line: string): string[] {
  let text = line.trim();
  if (text.startsWith('|')) text = text.slice(1);
  if (text.endsWith('|') && !text.endsWith('\\|')) text = text.slice(0, -1);
  return text.split(/(?<!\\)\|/).map((cell) => cell.trim().replace(/\\\|/g, '|'));
}

function isTableStart(lines: readonly SourceLine[], index: number): boolean {
  const header = lines[index]?.text ?? '';
  const delimiter = lines[index + 1]?.text ?? '';
  return header.includes('|') && TABLE_DELIMITER.test(delimiter) && delimiter.includes('-') && tableCells(header).length === tableCells(delimiter).length;
}

/** The source's blocks in order; inline markup stays in their text (see parseInline). */
export function readMarkdownBlocks(source: string): MarkdownRenderBlock[] {
  const lines = splitLines(source);
  const blocks: MarkdownRenderBlock[] = [];
  let index = 0;
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
      blocks.push({ kind: 'code', start: line.start, text: body.join('\n') });
      continue;
    }
    const heading = HEADING.exec(line.text);
    if (heading) {
      blocks.push({ kind: 'heading', start: line.start, level: heading[1]!.length, text: heading[2]! });
      index += 1;
      continue;
    }
    if (RULE.test(line.text)) {
      blocks.push({ kind: 'rule' });
      index += 1;
      continue;
    }
    if (isTableStart(lines, index)) {
      const header = tableCells(line.text);
      const align = tableCells(lines[index + 1]!.text).map((cell) => (cell.startsWith(':') && cell.endsWith(':') ? 'center' : cell.endsWith(':') ? 'right' : 'left'));
      index += 2;
      const rows: string[][] = [];
      while (index < lines.length && lines[index]!.text.trim() !== '' && lines[index]!.text.includes('|')) {
        const cells = tableCells(lines[index++]!.text);
        // Rows are as wide as the header: missing cells are empty, extra ones dropped.
        rows.push(header.map((_, column) => cells[column] ?? ''));
      }
      blocks.push({ kind: 'table', start: line.start, header, align, rows });
      continue;
    }
    if (QUOTE.test(line.text)) {
      const body: string[] = [];
      while (index < lines.length && QUOTE.test(lines[index]!.text)) body.push(QUOTE.exec(lines[index++]!.text)![1]!);
      blocks.push({ kind: 'quote', start: line.start, text: body.join('\n') });
      continue;
    }
    const isOrdered = BULLET.test(line.text) ? false : NUMBERED.test(line.text) ? true : undefined;
    if (isOrdered !== undefined) {
      const pattern = isOrdered ? NUMBERED : BULLET;
      const items: Array<{ start: number; text: string }> = [];
      while (index < lines.length && pattern.test(lines[index]!.text)) {
        const item = lines[index]!;
        let text = pattern.exec(item.text)![1]!;
        index += 1;
        // Continuation lines (indented, not a new item) belong to the item.
        while (index < lines.length && /^\s{2,}\S/.test(lines[index]!.text) && !pattern.test(lines[index]!.text)) text += `\n${lines[index++]!.text.trim()}`;
        items.push({ start: item.start, text });
      }
      blocks.push({ kind: 'list', isOrdered, items });
      continue;
    }
    const paragraph: string[] = [];
    while (index < lines.length) {
      const next = lines[index]!.text;
      if (next.trim() === '' || HEADING.test(next) || FENCE.test(next) || QUOTE.test(next) || BULLET.test(next) || NUMBERED.test(next) || (paragraph.length > 0 && RULE.test(next)) || isTableStart(lines, index)) break;
      paragraph.push(next.trim());
      index += 1;
    }
    blocks.push({ kind: 'paragraph', start: line.start, text: paragraph.join('\n') });
  }
  return blocks;
}
