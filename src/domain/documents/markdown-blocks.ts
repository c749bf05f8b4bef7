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
  | { kind: 'emphasis'; children: InlineNode[] }
  /** A hard line break: a line ending in a backslash or in two spaces, inside a paragraph. */
  | { kind: 'break' }
  /** `[^label]`: a reference to a footnote; renderers number it, or show it as typed when no note has that label. */
  | { kind: 'footnote'; label: string };

/** Marks a hard line break in a block's text (see readMarkdownBlocks), as CommonMark writes one. */
const HARD_BREAK = '\\\n';
/** The ASCII punctuation a backslash makes literal (`\*` is a star, not emphasis). */
const ESCAPED = /^\\([!-/:-@[-`{-~])/;
const FOOTNOTE_REFERENCE = /^\[\^([^\]\s]+)\]/;

/** Code spans, links, strong and emphasis, footnote references, hard breaks and escapes; everything else is text (adjacent text is one node). */
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
    if (rest.startsWith(HARD_BREAK)) {
      nodes.push({ kind: 'break' });
      index += HARD_BREAK.length;
      continue;
    }
    const escaped = ESCAPED.exec(rest);
    if (escaped) {
      pushText(escaped[1]!);
      index += 2;
      continue;
    }
    const footnote = FOOTNOTE_REFERENCE.exec(rest);
    if (footnote) {
      nodes.push({ kind: 'footnote', label: footnote[1]! });
      index += footnote[0].length;
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
    const plain = /^[^`[*_<\\]+/.exec(rest);
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
  | { kind: 'rule' }
  /** The footnotes (`[^label]: text`), wherever they were written: always the last block, in the order written. */
  | { kind: 'footnotes'; notes: FootnoteNote[] };

export interface FootnoteNote {
  label: string;
  start: number;
  text: string;
}

/**
 * Footnote numbers as a reader meets them: a note is numbered at its first reference, and notes nobody refers to
 * come after the others (listed, so that nothing written is lost). A reference to a label with no note has no
 * number and is shown as typed.
 */
export class FootnoteNumbering {
  private readonly notes = new Map<string, FootnoteNote>();
  private readonly numbers = new Map<string, number>();

  constructor(blocks: readonly MarkdownRenderBlock[]) {
    const last = blocks[blocks.length - 1];
    // The first note written under a label is the one kept.
    if (last?.kind === 'footnotes') for (const note of last.notes) if (!this.notes.has(note.label)) this.notes.set(note.label, note);
  }

  /** The number of the note a reference points at (given now if this is its first reference); undefined when there is no such note. */
  numberOf(label: string): number | undefined {
    if (!this.notes.has(label)) return undefined;
    let number = this.numbers.get(label);
    if (number === undefined) {
      number = this.numbers.size + 1;
      this.numbers.set(label, number);
    }
    return number;
  }

  /** Whether a reference to the note has been met (the first reference carries the note's back link). */
  isReferenced(label: string): boolean {
    return this.numbers.has(label);
  }

  /** Every note with its number, in number order: call it after the text, so that references have numbered them. */
  listed(): Array<FootnoteNote & { number: number; isReferenced: boolean }> {
    const referenced = new Set(this.numbers.keys());
    for (const label of this.notes.keys()) this.numberOf(label);
    return [...this.numbers].map(([label, number]) => ({ ...this.notes.get(label)!, number, isReferenced: referenced.has(label) }));
  }
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
const TABLE_DELIMITER = /^\s{0,3}\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/;
const FOOTNOTE_DEFINITION = /^\s{0,3}\[\^([^\]\s]+)\]:\s?(.*)$/;
/** A line ending in two spaces or a backslash breaks the line there (CommonMark's hard line break). */
const LINE_ENDS_IN_BREAK = /(?: {2,}|\\)$/;

/**
 * A block's lines as one text: a line break is kept as a line break (a space, once rendered), and a hard break
 * is written as CommonMark's backslash before it, which parseInline reads as a break.
 */
function joinLines(lines: readonly string[]): string {
  let text = '';
  lines.forEach((line, index) => {
    const isLast = index === lines.length - 1;
    const hasBreak = !isLast && LINE_ENDS_IN_BREAK.test(line);
    const trimmed = line.trim();
    text += hasBreak ? `${trimmed.replace(/\\$/, '').trimEnd()}${HARD_BREAK}` : isLast ? trimmed : `${trimmed}\n`;
  });
  return text;
}

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
  const notes: FootnoteNote[] = [];
  let index = 0;
  while (index < lines.length) {
    const line = lines[index]!;
    if (line.text.trim() === '') {
      index += 1;
      continue;
    }
    const definition = FOOTNOTE_DEFINITION.exec(line.text);
    if (definition) {
      // The note goes on over the indented lines under it.
      const body = [definition[2]!];
      index += 1;
      while (index < lines.length && /^\s{2,}\S/.test(lines[index]!.text)) body.push(lines[index++]!.text);
      notes.push({ label: definition[1]!, start: line.start, text: joinLines(body) });
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
      blocks.push({ kind: 'quote', start: line.start, text: joinLines(body) });
      continue;
    }
    const isOrdered = BULLET.test(line.text) ? false : NUMBERED.test(line.text) ? true : undefined;
    if (isOrdered !== undefined) {
      const pattern = isOrdered ? NUMBERED : BULLET;
      const items: Array<{ start: number; text: string }> = [];
      while (index < lines.length && pattern.test(lines[index]!.text)) {
        const item = lines[index]!;
        const body = [pattern.exec(item.text)![1]!];
        index += 1;
        // Continuation lines (indented, not a new item) belong to the item.
        while (index < lines.length && /^\s{2,}\S/.test(lines[index]!.text) && !pattern.test(lines[index]!.text)) body.push(lines[index++]!.text);
        items.push({ start: item.start, text: joinLines(body) });
      }
      blocks.push({ kind: 'list', isOrdered, items });
      continue;
    }
    const paragraph: string[] = [];
    while (index < lines.length) {
      const next = lines[index]!.text;
      if (next.trim() === '' || HEADING.test(next) || FENCE.test(next) || QUOTE.test(next) || BULLET.test(next) || NUMBERED.test(next) || (paragraph.length > 0 && RULE.test(next)) || isTableStart(lines, index) || FOOTNOTE_DEFINITION.test(next)) break;
      paragraph.push(next);
      index += 1;
    }
    blocks.push({ kind: 'paragraph', start: line.start, text: joinLines(paragraph) });
  }
  if (notes.length > 0) blocks.push({ kind: 'footnotes', notes });
  return blocks;
}
