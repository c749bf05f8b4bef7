/**
 * A line-level Markdown scanner made for the writing linter. It recognises the block structure a
 * PR/FAQ or memo uses (headings, paragraphs, list items, block quotes, fenced code, tables, HTML
 * comments) and produces a "masked" copy of the source of exactly the same length, in which markup
 * (heading hashes, list markers, emphasis, link targets, code, HTML) is replaced by spaces. Rules
 * then run plain regular expressions over prose while every offset still points into the source.
 *
 * Why not markdown-it: it builds an HTML-oriented token stream, and mapping tokens back to source
 * offsets needs a second pass; the measured cost (about 4 ms for 3,000 words) alone would spend the
 * whole 5 ms budget of the linter. This scanner does one pass over the lines (see docs/benchmarks.md).
 * It is not a CommonMark implementation: nested lists, reference links and HTML blocks are
 * recognised only as far as prose checks need.
 */

/** `footnote`: a note's text (`[^label]: text`): read as part of the document, but a citation, not prose to judge. */
export type BlockKind = 'heading' | 'paragraph' | 'list-item' | 'blockquote' | 'code' | 'table' | 'thematic-break' | 'html' | 'footnote';

export interface MarkdownBlock {
  readonly kind: BlockKind;
  /** Offset of the block's first character in the source. */
  readonly start: number;
  /** Offset just after the block's last character (the newline is not included). */
  readonly end: number;
  /** 1-based line of the block's first character. */
  readonly line: number;
  /** Heading level 1-6; 0 for other blocks. */
  readonly depth: number;
  /** For list items: numbered (`1.`) rather than bulleted (`-`). */
  readonly isOrdered: boolean;
  /** For list items: blocks of one contiguous list share an id (0 for other blocks). */
  readonly listId: number;
}

export interface InlineCode {
  readonly start: number;
  readonly end: number;
}

export interface HtmlComment {
  readonly start: number;
  readonly end: number;
  readonly line: number;
  /** The text between `<!--` and `-->`, trimmed. */
  readonly text: string;
}

export interface ScannedMarkdown {
  readonly source: string;
  /** Same length as the source: prose kept, markup and code replaced by spaces, newlines kept. */
  readonly masked: string;
  readonly blocks: readonly MarkdownBlock[];
  /** Inline code spans and fenced code blocks: prose rules skip them, some rules look at them. */
  readonly codeSpans: readonly InlineCode[];
  readonly comments: readonly HtmlComment[];
  /** Offset of the first character of each line (index 0 = line 1). */
  readonly lineStarts: readonly number[];
}

const ATX_HEADING = /^ {0,3}(#{1,6})(?=[ \t]|$)/;
const THEMATIC_BREAK = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const LIST_ITEM = /^( {0,3})([-*+]|\d{1,9}[.)])(?=[ \t]|$)/;
const FOOTNOTE_DEFINITION = /^ {0,3}\[\^[^\]\s]+\]:/;
const FOOTNOTE_REFERENCE = /\[\^[^\]\s]+\]/y;
const BLOCKQUOTE = /^ {0,3}>/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const TABLE_DELIMITER = /^[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$/;
const SETEXT_UNDERLINE = /^ {0,3}(=+|-+)[ \t]*$/;
const HTML_BLOCK_START = /^ {0,3}<(?:[a-zA-Z][a-zA-Z0-9-]*|\/[a-zA-Z])/;

/** Offsets of line starts, for turning an offset into a line and column. */
export function computeLineStarts(source: string): number[] {
  const starts = [0];
  for (let index = source.indexOf('\n'); index !== -1; index = source.indexOf('\n', index + 1)) starts.push(index + 1);
  return starts;
}

/** 1-based line and column of an offset (binary search over the line starts). */
export function lineAndColumnAt(lineStarts: readonly number[], offset: number): { line: number; column: number } {
  let low = 0;
  let high = lineStarts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if ((lineStarts[middle] ?? 0) <= offset) low = middle;
    else high = middle - 1;
  }
  return { line: low + 1, column: offset - (lineStarts[low] ?? 0) + 1 };
}

interface OpenBlock {
  kind: BlockKind;
  start: number;
  end: number;
  line: number;
  depth: number;
  isOrdered: boolean;
  listId: number;
  lineCount: number;
}

export function scanMarkdown(source: string): ScannedMarkdown {
  // Offsets to blank, as [from, to) pairs; the masked text is built once at the end (cheaper than
  // editing an array of characters).
  const blanks: number[] = [];
  // Where markup can start, found in one pass over the whole text (per-line searches would rescan it).
  const specials: number[] = [];
  INLINE_SPECIAL.lastIndex = 0;
  for (let match = INLINE_SPECIAL.exec(source); match !== null; match = INLINE_SPECIAL.exec(source)) specials.push(match.index);
  const lineStarts = computeLineStarts(source);
  const blocks: MarkdownBlock[] = [];
  const codeSpans: InlineCode[] = [];
  const comments: HtmlComment[] = [];

  const blank = (from: number, to: number): void => {
    if (to > from) blanks.push(from, to);
  };

  let open: OpenBlock | undefined;
  let nextListId = 1;
  let currentListId = 0;
  let isCurrentListOrdered = false;
  let isAfterBlankLine = true;
  let fence: { marker: string; start: number; line: number } | undefined;
  let commentStart: { start: number; line: number } | undefined;

  const close = (): void => {
    if (open === undefined) return;
    blocks.push({ kind: open.kind, start: open.start, end: open.end, line: open.line, depth: open.depth, isOrdered: open.isOrdered, listId: open.listId });
    open = undefined;
  };
  const begin = (kind: BlockKind, start: number, end: number, line: number, extra: Partial<OpenBlock> = {}): void => {
    close();
    open = { kind, start, end, line, depth: 0, isOrdered: false, listId: 0, lineCount: 1, ...extra };
  };

  for (let lineIndex = 0; lineIndex < lineStarts.length; lineIndex += 1) {
    const lineStart = lineStarts[lineIndex] ?? 0;
    const nextStart = lineStarts[lineIndex + 1];
    const lineEnd = nextStart === undefined ? source.length : nextStart - 1;
    const text = source.slice(lineStart, lineEnd).replace(/\r$/, '');
    const textEnd = lineStart + text.length;
    const lineNumber = lineIndex + 1;

    if (fence !== undefined) {
      blank(lineStart, lineEnd);
      if (text.trimStart().startsWith(fence.marker)) {
        blocks.push({ kind: 'code', start: fence.start, end: textEnd, line: fence.line, depth: 0, isOrdered: false, listId: 0 });
        codeSpans.push({ start: fence.start, end: textEnd });
        fence = undefined;
      }
      continue;
    }
    if (commentStart !== undefined) {
      const closing = text.indexOf('-->');
      if (closing === -1) continue;
      const end = lineStart + closing + 3;
      recordComment(source, commentStart.start, end, commentStart.line, comments);
      blank(commentStart.start, end);
      commentStart = undefined;
      if (text.slice(closing + 3).trim() === '') {
        isAfterBlankLine = true;
        continue;
      }
    }

    if (text.trim() === '') {
      // A blank line ends a paragraph or quote; a list survives it only if another item follows.
      close();
      isAfterBlankLine = true;
      continue;
    }

    const fenceMatch = FENCE.exec(text);
    if (fenceMatch) {
      close();
      currentListId = 0;
      fence = { marker: fenceMatch[1] ?? '```', start: lineStart, line: lineNumber };
      blank(lineStart, lineEnd);
      isAfterBlankLine = false;
      continue;
    }

    const trimmed = text.trimStart();
    if (trimmed.startsWith('<!--')) {
      const commentOffset = lineStart + text.indexOf('<!--');
      const closing = source.indexOf('-->', commentOffset + 4);
      if (closing === -1 || closing > textEnd) {
        close();
        commentStart = { start: commentOffset, line: lineNumber };
        continue;
      }
      recordComment(source, commentOffset, closing + 3, lineNumber, comments);
      blank(commentOffset, closing + 3);
      if (source.slice(closing + 3, textEnd).trim() === '') {
        close();
        continue;
      }
    }

    const heading = ATX_HEADING.exec(text);
    if (heading) {
      const hashes = heading[1] ?? '#';
      const closingHashes = /[ \t]+#+[ \t]*$/.exec(text);
      begin('heading', lineStart, textEnd, lineNumber, { depth: hashes.length });
      blank(lineStart, lineStart + heading[0].length);
      if (closingHashes) blank(lineStart + closingHashes.index, textEnd);
      maskInline(source, specials, blanks, lineStart + heading[0].length, textEnd, codeSpans);
      close();
      currentListId = 0;
      isAfterBlankLine = false;
      continue;
    }

    const setext = SETEXT_UNDERLINE.exec(text);
    if (setext && open?.kind === 'paragraph' && open.lineCount === 1) {
      // "Title\n=====" turns the one-line paragraph above into a heading.
      open.kind = 'heading';
      open.depth = (setext[1] ?? '=').startsWith('=') ? 1 : 2;
      blank(lineStart, lineEnd);
      close();
      isAfterBlankLine = false;
      continue;
    }

    if (THEMATIC_BREAK.test(text)) {
      begin('thematic-break', lineStart, textEnd, lineNumber);
      blank(lineStart, lineEnd);
      close();
      currentListId = 0;
      isAfterBlankLine = false;
      continue;
    }

    const footnote = FOOTNOTE_DEFINITION.exec(text);
    if (footnote) {
      begin('footnote', lineStart, textEnd, lineNumber);
      blank(lineStart, lineStart + footnote[0].length);
      maskInline(source, specials, blanks, lineStart + footnote[0].length, textEnd, codeSpans);
      currentListId = 0;
      isAfterBlankLine = false;
      continue;
    }

    const listItem = LIST_ITEM.exec(text);
    if (listItem) {
      const marker = listItem[2] ?? '-';
      const isOrdered = /\d/.test(marker);
      // A numbered line only starts a list where a paragraph could not simply continue ("2023. was
      // a good year" inside a paragraph is prose), as in CommonMark.
      const isInterrupting = open?.kind === 'paragraph' && isOrdered && !marker.startsWith('1');
      if (!isInterrupting) {
        // A new list starts after other text, or where bullets turn into numbers (or back).
        if (currentListId === 0 || isOrdered !== isCurrentListOrdered || (open !== undefined && open.kind !== 'list-item')) {
          currentListId = nextListId;
          nextListId += 1;
          isCurrentListOrdered = isOrdered;
        }
        begin('list-item', lineStart, textEnd, lineNumber, { isOrdered, listId: currentListId });
        blank(lineStart, lineStart + listItem[0].length);
        maskInline(source, specials, blanks, lineStart + listItem[0].length, textEnd, codeSpans);
        isAfterBlankLine = false;
        continue;
      }
    }

    if (BLOCKQUOTE.test(text)) {
      const markerEnd = lineStart + text.indexOf('>') + 1;
      if (open?.kind !== 'blockquote') begin('blockquote', lineStart, textEnd, lineNumber);
      else extend(open, textEnd);
      blank(lineStart, markerEnd);
      maskInline(source, specials, blanks, markerEnd, textEnd, codeSpans);
      currentListId = 0;
      isAfterBlankLine = false;
      continue;
    }

    const nextLine = nextStart === undefined ? undefined : lineText(source, lineStarts, lineIndex + 1);
    if (open?.kind !== 'table' && text.includes('|') && nextLine !== undefined && TABLE_DELIMITER.test(nextLine) && nextLine.includes('-')) {
      begin('table', lineStart, textEnd, lineNumber);
      maskTableRow(source, specials, blanks, lineStart, textEnd, codeSpans);
      currentListId = 0;
      isAfterBlankLine = false;
      continue;
    }
    if (open?.kind === 'table') {
      extend(open, textEnd);
      if (TABLE_DELIMITER.test(text)) blank(lineStart, lineEnd);
      else maskTableRow(source, specials, blanks, lineStart, textEnd, codeSpans);
      continue;
    }

    if (open === undefined && HTML_BLOCK_START.test(text)) {
      begin('html', lineStart, textEnd, lineNumber);
      blank(lineStart, lineEnd);
      isAfterBlankLine = false;
      continue;
    }
    if (open?.kind === 'html') {
      extend(open, textEnd);
      blank(lineStart, lineEnd);
      continue;
    }

    // Continuation of a paragraph, list item or quote ("lazy" lines), or a new paragraph.
    const isIndentedUnderItem = /^[ \t]{2,}/.test(text);
    if (open !== undefined && (open.kind === 'paragraph' || open.kind === 'list-item' || open.kind === 'blockquote' || open.kind === 'footnote')) {
      extend(open, textEnd);
    } else if (isAfterBlankLine && isIndentedUnderItem && currentListId !== 0 && blocks.at(-1)?.kind === 'list-item') {
      // An indented paragraph after a blank line belongs to the list item above: it stays part of the list.
      const previous = blocks.pop();
      if (previous !== undefined) open = { ...previous, end: textEnd, lineCount: 2 };
    } else {
      begin('paragraph', lineStart, textEnd, lineNumber);
      currentListId = 0;
    }
    maskInline(source, specials, blanks, lineStart, textEnd, codeSpans);
    isAfterBlankLine = false;
  }
  close();
  if (fence !== undefined) {
    blocks.push({ kind: 'code', start: fence.start, end: source.length, line: fence.line, depth: 0, isOrdered: false, listId: 0 });
    codeSpans.push({ start: fence.start, end: source.length });
  }
  if (commentStart !== undefined) blank(commentStart.start, source.length);

  blocks.sort((left, right) => left.start - right.start);
  codeSpans.sort((left, right) => left.start - right.start);
  return { source, masked: applyBlanks(source, blanks), blocks, codeSpans, comments, lineStarts };
}

function extend(block: OpenBlock, end: number): void {
  block.end = end;
  block.lineCount += 1;
}

function lineText(source: string, lineStarts: readonly number[], lineIndex: number): string {
  const start = lineStarts[lineIndex] ?? source.length;
  const next = lineStarts[lineIndex + 1];
  return source.slice(start, next === undefined ? source.length : next - 1).replace(/\r$/, '');
}

function recordComment(source: string, start: number, end: number, line: number, comments: HtmlComment[]): void {
  comments.push({ start, end, line, text: source.slice(start + 4, end - 3).trim() });
}

function maskTableRow(source: string, specials: readonly number[], blanks: number[], start: number, end: number, codeSpans: InlineCode[]): void {
  for (let index = source.indexOf('|', start); index !== -1 && index < end; index = source.indexOf('|', index + 1)) blanks.push(index, index + 1);
  maskInline(source, specials, blanks, start, end, codeSpans);
}

/** The source with every blanked range turned into spaces (newlines kept, so lines stay lines). */
function applyBlanks(source: string, blanks: readonly number[]): string {
  const ranges: Array<[number, number]> = [];
  for (let index = 0; index < blanks.length; index += 2) ranges.push([blanks[index] as number, blanks[index + 1] as number]);
  ranges.sort((left, right) => left[0] - right[0]);
  let masked = '';
  let position = 0;
  for (const [from, to] of ranges) {
    if (to <= position) continue;
    const start = Math.max(from, position);
    masked += source.slice(position, start) + source.slice(start, to).replace(/[^\n]/g, ' ');
    position = to;
  }
  return masked + source.slice(position);
}

const INLINE_CODE = /(`+)([\s\S]*?[^`])\1(?!`)/y;
const AUTOLINK = /<(?:https?:\/\/|mailto:)[^>\s]*>/y;
const INLINE_HTML = /<\/?[a-zA-Z][a-zA-Z0-9-]*(?:\s[^<>]*)?\/?>/y;
const BARE_URL = /(?:https?:\/\/|www\.)[^\s<>()]+/y;
const INLINE_SPECIAL = /[`<!\][*~_\\]|https?:\/\/|www\./g;
const INLINE_COMMENT = /<!--[\s\S]*?-->/y;
const LINK_TARGET = /\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+"[^"]*")?\)/y;

/** The first offset in the sorted list at or after `index` (binary search). */
function nextSpecialAt(specials: readonly number[], index: number): number | undefined {
  let low = 0;
  let high = specials.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((specials[middle] as number) < index) low = middle + 1;
    else high = middle;
  }
  return specials[low];
}

function matchLengthAt(patterns: readonly RegExp[], source: string, index: number, end: number): number {
  for (const pattern of patterns) {
    pattern.lastIndex = index;
    const match = pattern.exec(source);
    if (match && index + match[0].length <= end) return match[0].length;
  }
  return 0;
}

/**
 * Masks inline markup between two offsets of one line: code spans (recorded), links (the text is
 * kept, the target blanked), images, URLs, inline HTML, emphasis markers and escapes.
 */
function maskInline(source: string, specials: readonly number[], blanks: number[], start: number, end: number, codeSpans: InlineCode[]): void {
  const blank = (from: number, to: number): void => {
    blanks.push(from, to);
  };
  let index = start;
  while (index < end) {
    // Jump straight to the next character that can start markup: prose is most of the text.
    const next = nextSpecialAt(specials, index);
    if (next === undefined || next >= end) return;
    index = next;
    const char = source[index];
    if (char === '`') {
      INLINE_CODE.lastIndex = index;
      const match = INLINE_CODE.exec(source);
      if (match && index + match[0].length <= end) {
        codeSpans.push({ start: index, end: index + match[0].length });
        blank(index, index + match[0].length);
        index += match[0].length;
        continue;
      }
    } else if (char === '<') {
      const length = matchLengthAt([AUTOLINK, INLINE_HTML, INLINE_COMMENT], source, index, end);
      if (length > 0) {
        blank(index, index + length);
        index += length;
        continue;
      }
    } else if ((char === 'h' && source.startsWith('http', index)) || (char === 'w' && source.startsWith('www.', index))) {
      const length = index === start || /[\s(]/.test(source[index - 1] ?? ' ') ? matchLengthAt([BARE_URL], source, index, end) : 0;
      if (length > 0) {
        blank(index, index + length);
        index += length;
        continue;
      }
    } else if (char === '!' && source[index + 1] === '[') {
      // Images carry no prose for the reader of the text: blank the whole image.
      const close = source.indexOf('](', index);
      const length = close !== -1 && close < end ? matchLengthAt([LINK_TARGET], source, close, end) : 0;
      if (length > 0) {
        blank(index, close + length);
        index = close + length;
        continue;
      }
    } else if (char === ']') {
      const length = matchLengthAt([LINK_TARGET], source, index, end);
      if (length > 0) {
        blank(index, index + length);
        index += length;
        continue;
      }
      blank(index, index + 1);
    } else if (char === '[' && source[index + 1] === '^') {
      // A footnote reference (`[^2]`) is a pointer, not a word of the sentence it follows.
      FOOTNOTE_REFERENCE.lastIndex = index;
      const length = FOOTNOTE_REFERENCE.test(source) && FOOTNOTE_REFERENCE.lastIndex <= end ? FOOTNOTE_REFERENCE.lastIndex - index : 1;
      blank(index, index + length);
      index += length;
      continue;
    } else if (char === '[' || char === '*' || char === '~') {
      blank(index, index + 1);
    } else if (char === '_') {
      // snake_case stays a word; only emphasis underscores at word edges are markup.
      const isInsideWord = /\w/.test(source[index - 1] ?? ' ') && /\w/.test(source[index + 1] ?? ' ');
      if (!isInsideWord) blank(index, index + 1);
    } else if (char === '\\' && index + 1 < end && /[!-/:-@[-`{-~]/.test(source[index + 1] ?? '')) {
      blank(index, index + 1);
      index += 2;
      continue;
    }
    index += 1;
  }
}
