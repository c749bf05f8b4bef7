import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';
import type { Scalar, Node as YamlNode } from 'yaml';
import { AppError } from '../errors.js';
import { classifyPlainScalar, DECIMAL_PATTERN, FALSE_WORDS, NULL_WORDS, resolvePlainScalar, TRUE_WORDS } from './yaml11-scalars.js';
import type { PlainScalarKind } from './yaml11-scalars.js';

/**
 * A parsed YAML document as the config reader needs it: mappings, lists and scalars, each with its 1-based line.
 *
 * Deck configs are large for large decks (10,000 metrics is 100,000 lines), and a full YAML parser spends
 * seconds on them. `parseConfigTree` therefore reads the block-style subset that WBR configs are written in
 * with a small line-based reader, and hands anything else (flow collections, anchors, block scalars, multi-line
 * strings, tags, tabs, ...) to the `yaml` library, so every valid file is read and read the same way.
 *
 * The tree lives in one growing Int32Array (a fixed number of slots per node) instead of an object per node:
 * a whole large config is then a handful of heap objects, so garbage collections have nothing to copy while it
 * is read. Keys and scalar values are kept as offsets into the text and turned into strings, numbers and
 * booleans only when the reader asks for them.
 */

/** The index of a node in a ConfigTree; NO_NODE where there is none (an empty document). */
export type ConfigNode = number;
export const NO_NODE = -1;
export type ConfigNodeKind = 'none' | 'map' | 'seq' | 'scalar';

// Node kinds. NONE is a missing node: the library's `? key` without a value, or an empty list item.
const KIND_NONE = 0;
const KIND_MAP = 1;
const KIND_SEQ = 2;
const KIND_SCALAR = 3;
const KIND_NAMES: readonly ConfigNodeKind[] = ['none', 'map', 'seq', 'scalar'];

// How a scalar (or a key) is stored: a YAML 1.1 plain scalar already classified, a quoted string not yet
// unescaped (both as text offsets), or a value the `yaml` library produced (an index into `values`).
const TAG_NULL = 0;
const TAG_TRUE = 1;
const TAG_FALSE = 2;
const TAG_NUMBER = 3;
const TAG_TEXT = 4;
const TAG_SINGLE_QUOTED = 5;
const TAG_DOUBLE_QUOTED = 6;
const TAG_VALUE = 7;

// The slots of a node. FIRST/COUNT hold a collection's children (linked through NEXT); START/END a scalar's
// text (or START the index of a library value). The KEY_ slots are set on the children of a mapping.
const SLOT_KIND = 0;
const SLOT_LINE = 1;
const SLOT_TAG = 2;
const SLOT_START = 3; // also FIRST
const SLOT_END = 4; // also COUNT
const SLOT_NEXT = 5;
const SLOT_KEY_TAG = 6;
const SLOT_KEY_START = 7;
const SLOT_KEY_END = 8;
const SLOT_KEY_LINE = 9;
const SLOTS = 10;

/** Characters per node to expect: WBR configs have about one node per line of 10 to 20 characters. */
const CHARACTERS_PER_NODE = 16;

export class ConfigTree {
  /** Sized for the text up front: growing it puts a new array in this field, and V8 then drops the reader's optimized code. */
  private data: Int32Array;
  private count = 0;
  /** Values made by the `yaml` library (TAG_VALUE). */
  private readonly values: unknown[] = [];
  root: ConfigNode = NO_NODE;

  constructor(private readonly text: string) {
    this.data = new Int32Array(SLOTS * Math.max(64, Math.ceil(text.length / CHARACTERS_PER_NODE)));
  }

  kind(node: ConfigNode): ConfigNodeKind {
    return KIND_NAMES[this.data[node * SLOTS + SLOT_KIND] as number] as ConfigNodeKind;
  }

  line(node: ConfigNode): number {
    return this.data[node * SLOTS + SLOT_LINE] as number;
  }

  /** The first entry of a mapping or item of a list (NO_NODE when empty); the next one is `next(child)`. */
  first(node: ConfigNode): ConfigNode {
    return this.size(node) === 0 ? NO_NODE : (this.data[node * SLOTS + SLOT_START] as number);
  }

  size(node: ConfigNode): number {
    const kind = this.data[node * SLOTS + SLOT_KIND];
    return kind === KIND_MAP || kind === KIND_SEQ ? (this.data[node * SLOTS + SLOT_END] as number) : 0;
  }

  next(child: ConfigNode): ConfigNode {
    return this.data[child * SLOTS + SLOT_NEXT] as number;
  }

  /** The key of a mapping entry (`child` is its value), as a string like the App's YAML loader makes it. */
  key(child: ConfigNode): string {
    const data = this.data;
    const base = child * SLOTS;
    const tag = data[base + SLOT_KEY_TAG] as number;
    if (tag === TAG_TEXT) return this.text.slice(data[base + SLOT_KEY_START], data[base + SLOT_KEY_END]);
    return String(this.decode(tag, data[base + SLOT_KEY_START] as number, data[base + SLOT_KEY_END] as number));
  }

  /**
   * The index in `known` of the key of a mapping entry (-1 when it is none of them), compared in place in the
   * text: readers that only need to know which key it is make no string for it.
   */
  keyIndex(child: ConfigNode, known: readonly string[]): number {
    const data = this.data;
    const base = child * SLOTS;
    if (data[base + SLOT_KEY_TAG] !== TAG_TEXT) return known.indexOf(this.key(child));
    const start = data[base + SLOT_KEY_START] as number;
    const length = (data[base + SLOT_KEY_END] as number) - start;
    for (let i = 0; i < known.length; i++) {
      const candidate = known[i] as string;
      if (candidate.length === length && this.text.startsWith(candidate, start)) return i;
    }
    return -1;
  }

  keyLine(child: ConfigNode): number {
    return this.data[child * SLOTS + SLOT_KEY_LINE] as number;
  }

  /** A scalar's value: null, boolean, number or string (the library may also give other values, e.g. dates). */
  value(node: ConfigNode): unknown {
    const base = node * SLOTS;
    if (this.data[base + SLOT_KIND] !== KIND_SCALAR) return undefined;
    return this.decode(this.data[base + SLOT_TAG] as number, this.data[base + SLOT_START] as number, this.data[base + SLOT_END] as number);
  }

  /** A YAML null (`key:`, `key: null`, `~`) or a missing node. */
  isNull(node: ConfigNode): boolean {
    const base = node * SLOTS;
    const kind = this.data[base + SLOT_KIND];
    if (kind === KIND_NONE) return true;
    if (kind !== KIND_SCALAR) return false;
    const tag = this.data[base + SLOT_TAG];
    return tag === TAG_NULL || (tag === TAG_VALUE && this.values[this.data[base + SLOT_START] as number] === null);
  }

  private decode(tag: number, start: number, end: number): unknown {
    switch (tag) {
      case TAG_NULL: return null;
      case TAG_TRUE: return true;
      case TAG_FALSE: return false;
      case TAG_NUMBER: return Number(this.text.slice(start, end));
      case TAG_TEXT: return this.text.slice(start, end);
      case TAG_SINGLE_QUOTED:
      case TAG_DOUBLE_QUOTED: return unquote(this.text, start, end);
      default: return this.values[start];
    }
  }

  // Building (by the readers below only).

  // One call per node and one per mapping entry, each writing all its slots: until V8 optimizes the reader
  // (most of a CLI run), every call and property load costs.

  /** A collection (FIRST and COUNT start as NO_NODE and 0) or a scalar (its tag and text offsets). */
  add(kind: number, line: number, tag: number, start: number, end: number): ConfigNode {
    let data = this.data;
    const node = this.count++;
    const base = node * SLOTS;
    if (base + SLOTS > data.length) {
      data = new Int32Array(data.length * 2);
      data.set(this.data);
      this.data = data;
    }
    data[base + SLOT_KIND] = kind;
    data[base + SLOT_LINE] = line;
    data[base + SLOT_TAG] = tag;
    data[base + SLOT_START] = start;
    data[base + SLOT_END] = end;
    data[base + SLOT_NEXT] = NO_NODE;
    return node;
  }

  addValue(line: number, value: unknown): ConfigNode {
    return this.add(KIND_SCALAR, line, TAG_VALUE, this.values.push(value) - 1, 0);
  }

  /** Appends `child` to a collection; `last` is its current last child (NO_NODE when none). */
  append(parent: ConfigNode, last: ConfigNode, child: ConfigNode): void {
    const data = this.data;
    const base = parent * SLOTS;
    if (last === NO_NODE) data[base + SLOT_START] = child;
    else data[last * SLOTS + SLOT_NEXT] = child;
    data[base + SLOT_END] = (data[base + SLOT_END] as number) + 1;
  }

  /** Appends `child` to a mapping as the value of a key (a tag and its text offsets, or TAG_VALUE and its index). */
  appendEntry(map: ConfigNode, last: ConfigNode, child: ConfigNode, keyTag: number, keyStart: number, keyEnd: number, keyLine: number): void {
    const data = this.data;
    const base = child * SLOTS;
    data[base + SLOT_KEY_TAG] = keyTag;
    data[base + SLOT_KEY_START] = keyStart;
    data[base + SLOT_KEY_END] = keyEnd;
    data[base + SLOT_KEY_LINE] = keyLine;
    const mapBase = map * SLOTS;
    if (last === NO_NODE) data[mapBase + SLOT_START] = child;
    else data[last * SLOTS + SLOT_NEXT] = child;
    data[mapBase + SLOT_END] = (data[mapBase + SLOT_END] as number) + 1;
  }

  addKeyValue(key: string): number {
    return this.values.push(key) - 1;
  }
}

/** The tree as plain objects (for tests and debugging). */
export type PlainConfigNode =
  | { kind: 'map'; line: number; entries: Array<{ key: string; keyLine: number; value: PlainConfigNode | null }> }
  | { kind: 'seq'; line: number; items: Array<PlainConfigNode | null> }
  | { kind: 'scalar'; line: number; value: unknown };

export function plainConfigTree(tree: ConfigTree, node: ConfigNode = tree.root): PlainConfigNode | null {
  if (node === NO_NODE) return null;
  const kind = tree.kind(node);
  const children: ConfigNode[] = [];
  for (let child = tree.first(node); child !== NO_NODE; child = tree.next(child)) children.push(child);
  switch (kind) {
    case 'none': return null;
    case 'map': return { kind, line: tree.line(node), entries: children.map((child) => ({ key: tree.key(child), keyLine: tree.keyLine(child), value: plainConfigTree(tree, child) })) };
    case 'seq': return { kind, line: tree.line(node), items: children.map((child) => plainConfigTree(tree, child)) };
    case 'scalar': return { kind, line: tree.line(node), value: tree.value(node) };
  }
}

/** Parses a YAML text (YAML 1.1 scalars, as the WBR App's PyYAML loader) into a config tree. */
export function parseConfigTree(text: string, fileName: string): ConfigTree {
  try {
    const fast = parseBlockSubset(text);
    if (fast !== undefined) return fast;
    return parseWithLibrary(text, fileName);
  } catch (error) {
    // The readers descend once per level of nesting; a file nested deeper than the call stack allows is refused
    // as such rather than failing as an internal error.
    if (error instanceof RangeError) throw tooDeep(fileName, 1);
    throw error;
  }
}

/**
 * How deep lists and mappings may nest. Deck configs nest about ten levels; the bound keeps the readers of the
 * tree (which descend once per level, as inline function metrics do) far from the end of the call stack.
 */
export const MAX_YAML_NESTING = 500;

function tooDeep(fileName: string, line: number): AppError {
  return new AppError('invalid_config', `The file nests lists or mappings more than ${MAX_YAML_NESTING} levels deep, which no WBR config needs.`, { file: fileName, line });
}

type YamlLibrary = typeof Yaml;
let yamlLibrary: YamlLibrary | undefined;

/** The `yaml` library, loaded on first use: most configs never need it, and loading it costs a CLI run ~45 ms. */
function loadYamlLibrary(): YamlLibrary {
  yamlLibrary ??= createRequire(import.meta.url)('yaml') as YamlLibrary;
  return yamlLibrary;
}

/**
 * The most nodes a file's aliases may add to its tree: one per character of the text, and at least
 * ALIAS_NODES_FLOOR. Every alias is expanded into a copy of the node its anchor names, so a few lines of anchors
 * that alias each other (`b: &b [*a, *a, ...]`, `c: &c [*b, *b, ...]`, ...) would make billions of nodes and hold
 * the server for minutes. Within the bound, aliases at most double what the text could hold written out, which
 * leaves room for any config that reuses a block or a style through anchors.
 */
export const ALIAS_NODES_FLOOR = 10_000;

export function aliasNodeLimit(text: string): number {
  return Math.max(ALIAS_NODES_FLOOR, text.length);
}

export function parseWithLibrary(text: string, fileName: string): ConfigTree {
  const { isAlias, isCollection, isMap, isScalar, isSeq, LineCounter, parseDocument, visit } = loadYamlLibrary();
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, version: '1.1', uniqueKeys: false, prettyErrors: false });
  const first = doc.errors[0];
  // The library records a RangeError of its own (from a file nested thousands of levels deep) as a YAML error.
  if (first !== undefined && first.message.includes('call stack')) throw tooDeep(fileName, lineCounter.linePos(first.pos[0]).line);
  if (first !== undefined) {
    // Without prettyErrors the library gives an error's offset but not its line: the line counter has it.
    const { line, col: column } = lineCounter.linePos(first.pos[0]);
    throw new AppError('invalid_config', `The file is not valid YAML: ${first.message.split('\n')[0]}`, { file: fileName, line, column });
  }
  const tree = new ConfigTree(text);
  const lineOf = (node: YamlNode | null | undefined, fallback: number): number => {
    const offset = node?.range?.[0];
    return offset === undefined ? fallback : lineCounter.linePos(offset).line;
  };
  // Each alias's node, found in one walk of the document: the last node with its anchor before it, as the
  // library's own Alias.resolve finds it (which walks the whole document again for every alias it resolves).
  const anchored = new Map<string, YamlNode>();
  const aliasTargets = new Map<unknown, YamlNode | undefined>();
  visit(doc, {
    Node: (_key, node) => {
      if (isAlias(node)) aliasTargets.set(node, anchored.get(node.source));
      else if (node.anchor !== undefined) anchored.set(node.anchor, node);
    },
  });
  const resolve = (node: unknown): YamlNode | null => {
    if (node === null || node === undefined) return null;
    if (isAlias(node)) {
      const target = aliasTargets.get(node);
      // The library reads an alias without its anchor as null; PyYAML (and so the App) refuses the file.
      if (target === undefined) throw new AppError('invalid_config', `The file is not valid YAML: the alias *${node.source} has no anchor &${node.source} before it.`, { file: fileName, line: lineOf(node, 1) });
      return target;
    }
    return node as YamlNode;
  };
  // The library types plain scalars by its own YAML 1.1 rules, which differ from PyYAML's (`y`, `1e5`, `e3`...):
  // they are typed again here, as the fast reader types them. Quoted, block and explicitly tagged scalars keep
  // the library's value.
  const scalarValue = (node: Scalar): unknown => {
    if (node.type === 'PLAIN' && node.tag === undefined && node.source !== undefined) return resolvePlainScalar(node.source);
    // A block scalar at the very end of a text without a final line break has no line break to keep (PyYAML
    // keeps none; the library adds one).
    if ((node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') && typeof node.value === 'string' && node.value.endsWith('\n')
      && !/[\n\r]$/.test(text) && (node.range?.[1] ?? 0) >= text.length) return node.value.slice(0, -1);
    return node.value;
  };
  // A list or mapping as a key (which PyYAML refuses) is read as its text, made once per node: a key aliased
  // thousands of times to one large collection would otherwise be written out each time.
  const collectionKeys = new Map<YamlNode | null, string>();
  const collectionKey = (node: YamlNode | null): string => {
    let key = collectionKeys.get(node);
    if (key === undefined) collectionKeys.set(node, (key = String(node)));
    return key;
  };
  const limit = aliasNodeLimit(text);
  let aliasNodes = 0;
  /** The collections being converted, from the root down: an alias to one of them would expand for ever. */
  const open = new Set<YamlNode>();
  let depth = 0;
  /**
   * Converts `value` (a node or an alias to one). `via` is the outermost alias being expanded, if any: the one
   * written in the text where the expansion happens, which is the line an error names.
   */
  const convert = (value: unknown, fallbackLine: number, via: { source: string; line: number } | undefined): ConfigNode => {
    const node = resolve(value);
    if (via === undefined && isAlias(value)) via = { source: value.source, line: lineOf(value, fallbackLine) };
    if (via !== undefined && ++aliasNodes > limit) {
      throw new AppError('invalid_config', `The aliases expand to more than ${limit.toLocaleString('en-US')} nodes, at the alias *${via.source} here (with the aliases inside what it names): write the repeated part out, or alias it fewer times.`, { file: fileName, line: via.line });
    }
    if (node === null) return tree.add(KIND_NONE, fallbackLine, 0, NO_NODE, 0);
    const line = lineOf(node, fallbackLine);
    if (isCollection(node)) {
      // PyYAML builds such a structure, but nothing can read it to the end: neither the App nor Pulse.
      if (open.has(node)) throw new AppError('invalid_config', `The alias *${node.anchor ?? ''} is inside the node its anchor names, so it would repeat for ever.`, { file: fileName, line: via?.line ?? line });
      if (depth >= MAX_YAML_NESTING) throw tooDeep(fileName, line);
      open.add(node);
    }
    depth++;
    try {
      if (isMap(node)) {
        const map = tree.add(KIND_MAP, line, 0, NO_NODE, 0);
        let last = NO_NODE;
        for (const pair of node.items) {
          const keyNode = resolve(pair.key);
          const key = isScalar(keyNode) ? String(scalarValue(keyNode)) : collectionKey(keyNode);
          const keyLine = lineOf(keyNode, line);
          const child = convert(pair.value, keyLine, via);
          tree.appendEntry(map, last, child, TAG_VALUE, tree.addKeyValue(key), 0, keyLine);
          last = child;
        }
        return map;
      }
      if (isSeq(node)) {
        const seq = tree.add(KIND_SEQ, line, 0, NO_NODE, 0);
        let last = NO_NODE;
        for (const item of node.items) {
          const child = convert(item, line, via);
          tree.append(seq, last, child);
          last = child;
        }
        return seq;
      }
      return tree.addValue(line, isScalar(node) ? scalarValue(node) : String(node));
    } finally {
      depth--;
      open.delete(node);
    }
  };
  if (doc.contents !== null) tree.root = convert(doc.contents, 1, undefined);
  return tree;
}

// ---------------------------------------------------------------------------------------------------------
// The fast reader of the block-style subset: one pass over the text, a line at a time; the common line shapes
// by regexes, the others by character codes.

class Unsupported extends Error {}

const SPACE = 32;
const TAB = 9;
const LINE_FEED = 10;
const CARRIAGE_RETURN = 13;
const DOUBLE_QUOTE = 34;
const SINGLE_QUOTE = 39;
const HASH = 35;
const COLON = 58;
const DASH = 45;
const QUESTION_MARK = 63;
const BACKSLASH = 92;
const BYTE_ORDER_MARK = 0xfeff;

/** What String.prototype.trim and the regex `\s` treat as white space. */
function isWhiteSpace(code: number): boolean {
  return code === SPACE || (code >= TAB && code <= CARRIAGE_RETURN) || (code >= 128 && isOtherWhiteSpace(code));
}

function isOtherWhiteSpace(code: number): boolean {
  return /\s/.test(String.fromCharCode(code));
}

/** Characters after which a quote opens a quoted string (`/[\s:\-[{,]/`). */
function opensQuote(code: number): boolean {
  return isWhiteSpace(code) || code === COLON || code === DASH || code === 91 || code === 123 || code === 44;
}

const SIMPLE_ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', n: '\n', t: '\t', r: '\r', '0': '\0', ' ': ' ' };

/** The value of a quoted string that `quotedEnd` accepted; `end` is just after its closing quote. */
function unquote(text: string, start: number, end: number): string {
  const quote = text.charCodeAt(start);
  let value = '';
  let from = start + 1;
  for (let i = start + 1; i < end - 1; i++) {
    const c = text.charCodeAt(i);
    if (quote === SINGLE_QUOTE && c === SINGLE_QUOTE) {
      value += text.slice(from, i + 1);
      i++;
      from = i + 1;
    } else if (quote === DOUBLE_QUOTE && c === BACKSLASH) {
      value += text.slice(from, i) + (SIMPLE_ESCAPES[text.charAt(i + 1)] as string);
      i++;
      from = i + 1;
    }
  }
  return value + text.slice(from, end - 1);
}

/** Not a tag of the tree: a plain scalar `resolvePlainScalar` must construct (octal, hexadecimal, sexagesimal, a date...). */
const TAG_OTHER = -2;

const TAG_OF_KIND: Record<PlainScalarKind, number> = { null: TAG_NULL, true: TAG_TRUE, false: TAG_FALSE, decimal: TAG_NUMBER, text: TAG_TEXT, other: TAG_OTHER };

/** A plain scalar's tag, as PyYAML types it (yaml11-scalars.ts); TAG_OTHER where only its value can say it. */
function plainTag(text: string, start: number, end: number): number {
  return TAG_OF_KIND[classifyPlainScalar(text.slice(start, end))];
}

// The common line shapes are recognised by regexes (native code from the first line on, while the reader's own
// JS is not optimized yet, so a line costs a few calls instead of a loop over its characters): `key:` or
// `key: value` after the indentation and an optional `- `, where the key is plain text (not a null or boolean
// word) and the line has no comment, quote or trailing white space. Such a line is split where advance and
// splitKey would split it (texts with \r line ends aside); every other line goes the character-code way below.

/** The null and boolean words made of letters, as a regex alternation. */
const WORD_PATTERN = [...NULL_WORDS, ...TRUE_WORDS, ...FALSE_WORDS].filter((word) => /^[A-Za-z]+$/.test(word)).join('|');
const LINE_END = String.raw`(?:\n|$)`;
/**
 * Values plainTag and inlineValue read as text: a letter first and not a word, or digits (and `.` `_`) and then a
 * letter other than an exponent's (so neither a number nor a date), not `0x` `0o` `0b`; and no colon.
 */
const TEXT_VALUE = String.raw`(?:(?!(?:${WORD_PATTERN})${LINE_END})[A-Za-z_]|(?!0[xob])[0-9][0-9._]*[A-DF-Za-df-z])(?:[^\n#'":]*[^\s#'":])?`;
/** The numbers plainTag types TAG_NUMBER (yaml11-scalars.ts). */
const NUMBER_VALUE = DECIMAL_PATTERN;
const INDENTATION = / */y;
/**
 * Run where a key starts. How far it matches says what follows the key: up to the key, when the line ends after
 * the colon or goes on with text; up to the colon, when a null or boolean word follows; up to the space after
 * the colon, when a number follows. Never further, so the character at lastIndex tells the three apart.
 */
const ENTRY = new RegExp(
  String.raw`(?!(?:${WORD_PATTERN}):)[A-Za-z_][\w.]*(?:(?=:(?: ${TEXT_VALUE})?${LINE_END})|:(?= (?:${WORD_PATTERN})${LINE_END})|: (?=${NUMBER_VALUE}${LINE_END}))`,
  'y',
);
/** The same keys followed by any other value without comment, quotes or trailing white space (inlineValue reads it); matches up to the key. */
const OTHER_ENTRY = new RegExp(String.raw`(?!(?:${WORD_PATTERN}):)[A-Za-z_][\w.]*(?=: [^\s#'"](?:[^\n#'"]*[^\s#'"])?${LINE_END})`, 'y');
/** No tag known yet for the value after a key: inlineValue finds it. */
const NO_TAG = -1;

class BlockReader {
  // The current line: its number, indentation and content (without comment and trailing white space).
  private lineNumber = 0;
  private indent = 0;
  private start = 0;
  private end = 0;
  private atEnd = false;
  /** Where the next line begins; past the end of the text after the last one. */
  private nextLine = 0;
  private readonly hasCarriageReturns: boolean;
  // The next `#`, quotes and `: ` at or after some offset (found with indexOf, i.e. natively, and only again once
  // passed; the text's length when there is none): most lines have none of the first three and one `: `, so their
  // characters need not be looked at one by one, which matters because a CLI run reads the config with code V8
  // has not optimized yet.
  private nextHash = -1;
  private nextDoubleQuote = -1;
  private nextSingleQuote = -1;
  private nextColonSpace = -1;
  /** Whether the current line is a list item: `-` or `- ...`. */
  private sequenceItem = false;
  private readonly sequenceIndents: number[] = [];
  // What splitKey found: the key (a tag and its offsets) and the text after the colon.
  private keyTag = 0;
  private keyStart = 0;
  private keyEnd = 0;
  private restStart = 0;
  private restEnd = 0;
  /** The value's tag when the line's regex has classified it (no need for inlineValue), else NO_TAG. */
  private restTag = NO_TAG;
  /** Where the key of the current line starts when its line regex has split it already (else -1). */
  private splitAt = -1;

  constructor(
    private readonly text: string,
    private readonly tree: ConfigTree,
  ) {
    this.hasCarriageReturns = text.includes('\r');
  }

  parseDocument(): void {
    this.advance();
    if (this.atEnd) return;
    this.tree.root = this.parseNode(this.indent);
    if (!this.atEnd) throw new Unsupported();
  }

  /**
   * Moves to the next line with content. A line ENTRY or OTHER_ENTRY recognises is read and split here, where
   * readLine and splitKey would, with a few native calls and no further call of the reader's own; readLine reads the rest.
   */
  private advance(): void {
    const text = this.text;
    const lineStart = this.nextLine;
    if (this.hasCarriageReturns || lineStart >= text.length) return this.readLine();
    INDENTATION.lastIndex = lineStart;
    INDENTATION.test(text);
    const start = INDENTATION.lastIndex;
    const sequenceItem = text.charCodeAt(start) === DASH && text.charCodeAt(start + 1) === SPACE;
    const keyStart = sequenceItem ? start + 2 : start;
    let keyEnd: number;
    let lineEnd: number;
    let restTag = NO_TAG;
    ENTRY.lastIndex = keyStart;
    if (ENTRY.test(text)) {
      const stop = text.charCodeAt(ENTRY.lastIndex);
      keyEnd = ENTRY.lastIndex - (stop === COLON ? 0 : stop === SPACE ? 1 : 2);
      lineEnd = text.indexOf('\n', keyEnd);
      if (lineEnd < 0) lineEnd = text.length;
      if (stop === COLON) restTag = TAG_TEXT;
      else if (stop === SPACE) restTag = plainTag(text, keyEnd + 2, lineEnd);
      else restTag = TAG_NUMBER;
    } else {
      OTHER_ENTRY.lastIndex = keyStart;
      if (!OTHER_ENTRY.test(text)) return this.readLine();
      keyEnd = OTHER_ENTRY.lastIndex;
      lineEnd = text.indexOf('\n', keyEnd);
      if (lineEnd < 0) lineEnd = text.length;
    }
    this.nextLine = lineEnd + 1;
    this.lineNumber++;
    this.indent = start - lineStart;
    this.start = start;
    this.end = lineEnd;
    this.sequenceItem = sequenceItem;
    this.splitAt = keyStart;
    this.keyTag = TAG_TEXT;
    this.keyStart = keyStart;
    this.keyEnd = keyEnd;
    this.restStart = keyEnd + 1 === lineEnd ? lineEnd : keyEnd + 2;
    this.restEnd = lineEnd;
    this.restTag = restTag;
  }

  /** Moves to the next line with content (lines split at \r\n, \n or \r), character by character. */
  private readLine(): void {
    const text = this.text;
    const length = text.length;
    while (this.nextLine <= length) {
      let lineStart = this.nextLine;
      let lineEnd: number;
      if (this.hasCarriageReturns) {
        lineEnd = lineStart;
        while (lineEnd < length) {
          const c = text.charCodeAt(lineEnd);
          if (c === LINE_FEED || c === CARRIAGE_RETURN) break;
          lineEnd++;
        }
        this.nextLine = text.charCodeAt(lineEnd) === CARRIAGE_RETURN && text.charCodeAt(lineEnd + 1) === LINE_FEED ? lineEnd + 2 : lineEnd + 1;
      } else {
        lineEnd = text.indexOf('\n', lineStart);
        if (lineEnd < 0) lineEnd = length;
        this.nextLine = lineEnd + 1;
      }
      this.lineNumber++;
      if (this.lineNumber === 1 && text.charCodeAt(lineStart) === BYTE_ORDER_MARK) lineStart++;
      let start = lineStart;
      while (start < lineEnd && text.charCodeAt(start) === SPACE) start++;
      if (start < lineEnd && text.charCodeAt(start) === TAB) throw new Unsupported();
      const end = this.hasSpecialCharacters(start, lineEnd) ? this.contentEnd(start, lineEnd) : this.trimmedEnd(start, lineEnd);
      if (end === start) continue;
      const first = text.charCodeAt(start);
      if (first === 37) throw new Unsupported(); // %: a directive
      if ((first === DASH || first === 46) && end - start >= 3 && (text.startsWith('---', start) || text.startsWith('...', start))) {
        if (end - start === 3 || text.startsWith('--- ', start)) throw new Unsupported();
      }
      this.indent = start - lineStart;
      this.start = start;
      this.end = end;
      this.sequenceItem = first === DASH && (end - start === 1 || text.charCodeAt(start + 1) === SPACE);
      this.splitAt = -1;
      return;
    }
    this.atEnd = true;
  }

  /** Whether the text from `start` to `end` holds a `#` or a quote. */
  private hasSpecialCharacters(start: number, end: number): boolean {
    if (this.nextHash < start) this.nextHash = this.find('#', start);
    if (this.nextDoubleQuote < start) this.nextDoubleQuote = this.find('"', start);
    if (this.nextSingleQuote < start) this.nextSingleQuote = this.find("'", start);
    return this.nextHash < end || this.nextDoubleQuote < end || this.nextSingleQuote < end;
  }

  /** The first `: ` at or after `start`. */
  private colonSpaceFrom(start: number): number {
    if (this.nextColonSpace < start) this.nextColonSpace = this.find(': ', start);
    return this.nextColonSpace;
  }

  /** The first `what` at or after `start`; the text's length when there is none. */
  private find(what: string, start: number): number {
    const position = this.text.indexOf(what, start);
    return position < 0 ? this.text.length : position;
  }

  private trimmedEnd(start: number, end: number): number {
    const text = this.text;
    while (end > start && isWhiteSpace(text.charCodeAt(end - 1))) end--;
    return end;
  }

  /** The end of a line's content: before a trailing comment (` #...` outside quotes) and white space. */
  private contentEnd(start: number, lineEnd: number): number {
    const text = this.text;
    let quote = 0;
    let end = lineEnd;
    for (let i = start; i < lineEnd; i++) {
      const c = text.charCodeAt(i);
      if (quote !== 0) {
        if (c === quote) {
          if (quote === SINGLE_QUOTE && i + 1 < lineEnd && text.charCodeAt(i + 1) === SINGLE_QUOTE) { i++; continue; }
          quote = 0;
        } else if (c === BACKSLASH && quote === DOUBLE_QUOTE) i++;
        continue;
      }
      if ((c === DOUBLE_QUOTE || c === SINGLE_QUOTE) && (i === start || opensQuote(text.charCodeAt(i - 1)))) { quote = c; continue; }
      if (c === HASH && (i === start || text.charCodeAt(i - 1) === SPACE)) { end = i; break; }
    }
    if (quote !== 0) throw new Unsupported(); // a quoted string that continues on the next line
    return this.trimmedEnd(start, end);
  }

  private parseNode(indent: number): ConfigNode {
    if (this.sequenceItem) return this.parseSequence(this.indent);
    // A lone scalar (e.g. a multi-line plain scalar): leave it to the full parser.
    if (!this.splitKey(this.start, this.end)) throw new Unsupported();
    return this.parseMapping(Math.max(indent, this.indent));
  }

  private parseMapping(indent: number): ConfigNode {
    const tree = this.tree;
    const map = tree.add(KIND_MAP, this.lineNumber, 0, NO_NODE, 0);
    let last = NO_NODE;
    while (!this.atEnd && this.indent === indent) {
      if (this.sequenceItem) break;
      // splitKey's own first check, made here to spare most lines the call.
      if (this.splitAt !== this.start && !this.splitKey(this.start, this.end)) throw new Unsupported();
      const { keyTag, keyStart, keyEnd, restStart, restEnd, restTag, lineNumber } = this;
      this.advance();
      // The value: inline text, a nested block, or nothing (here rather than in a function of its own: one call less per line).
      let child: ConfigNode;
      if (restStart < restEnd) {
        child = restTag === NO_TAG ? this.inlineValue(restStart, restEnd, lineNumber) : tree.add(KIND_SCALAR, lineNumber, restTag, restStart, restEnd);
      } else if (this.atEnd) {
        child = tree.add(KIND_SCALAR, lineNumber, TAG_NULL, 0, 0);
      } else if (this.indent > indent) {
        // A recognised `key:` line opens a mapping, as parseNode would find (without its call).
        child = this.splitAt === this.start ? this.parseMapping(this.indent) : this.parseNode(this.indent);
      } else if (this.indent === indent && this.sequenceItem && this.sequenceIndents.at(-1) !== indent) {
        // A list may sit at the same indentation as its key.
        child = this.parseSequence(indent);
      } else {
        child = tree.add(KIND_SCALAR, lineNumber, TAG_NULL, 0, 0);
      }
      tree.appendEntry(map, last, child, keyTag, keyStart, keyEnd, lineNumber);
      last = child;
    }
    if (!this.atEnd && this.indent > indent) throw new Unsupported();
    return map;
  }

  private parseSequence(indent: number): ConfigNode {
    const tree = this.tree;
    const text = this.text;
    const seq = tree.add(KIND_SEQ, this.lineNumber, 0, NO_NODE, 0);
    let last = NO_NODE;
    this.sequenceIndents.push(indent);
    while (!this.atEnd && this.indent === indent && this.sequenceItem) {
      const line = this.lineNumber;
      // The item's text: after "- " on a recognised line, else after the dash and any white space.
      let body = this.start + 1;
      if (this.splitAt === body + 1) body++;
      else while (body < this.end && isWhiteSpace(text.charCodeAt(body))) body++;
      let item: ConfigNode;
      if (body === this.end) {
        this.advance();
        item = !this.atEnd && this.indent > indent ? this.parseNode(this.indent) : tree.add(KIND_SCALAR, line, TAG_NULL, 0, 0);
      } else if (text.charCodeAt(body) === DASH && (body + 1 === this.end || text.charCodeAt(body + 1) === SPACE)) {
        throw new Unsupported();
      } else if (this.splitAt === body || this.splitKey(body, this.end)) {
        // "- key: value" opens a mapping whose keys line up with "key".
        this.indent = indent + (body - this.start);
        this.start = body;
        this.sequenceItem = false;
        item = this.parseMapping(this.indent);
      } else {
        const end = this.end;
        this.advance();
        item = this.inlineValue(body, end, line);
      }
      tree.append(seq, last, item);
      last = item;
    }
    this.sequenceIndents.pop();
    return seq;
  }

  /** A value written after `key:` or `- ` on the same line. */
  private inlineValue(start: number, end: number, line: number): ConfigNode {
    const text = this.text;
    const first = text.charCodeAt(start);
    if (first === DOUBLE_QUOTE || first === SINGLE_QUOTE) {
      const quoteEnd = this.quotedEnd(start, end);
      for (let i = quoteEnd; i < end; i++) if (!isWhiteSpace(text.charCodeAt(i))) throw new Unsupported();
      return this.tree.add(KIND_SCALAR, line, first === SINGLE_QUOTE ? TAG_SINGLE_QUOTED : TAG_DOUBLE_QUOTED, start, quoteEnd);
    }
    // [ { & * ! | > % @ `: flow collections, anchors, aliases, tags, block scalars, reserved characters.
    if (first === 91 || first === 123 || first === 38 || first === 42 || first === 33 || first === 124 || first === 62 || first === 37 || first === 64 || first === 96) throw new Unsupported();
    if (text.charCodeAt(end - 1) === COLON || this.colonSpaceFrom(start) < end - 1) throw new Unsupported();
    // `- ` and `? ` (or the character alone) would open a list or a complex key, which YAML forbids after a key on
    // the same line: the full parser reports it (a plain `-x` or `?x` is text).
    if ((first === DASH || first === QUESTION_MARK) && (end === start + 1 || isWhiteSpace(text.charCodeAt(start + 1)))) throw new Unsupported();
    const tag = plainTag(text, start, end);
    if (tag === TAG_OTHER) return this.tree.addValue(line, resolvePlainScalar(text.slice(start, end)));
    return this.tree.add(KIND_SCALAR, line, tag, start, end);
  }

  /** Checks a quoted string that starts at `start`; returns the offset after its closing quote. */
  private quotedEnd(start: number, end: number): number {
    const text = this.text;
    const quote = text.charCodeAt(start);
    for (let i = start + 1; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c === quote) {
        if (quote === SINGLE_QUOTE && i + 1 < end && text.charCodeAt(i + 1) === SINGLE_QUOTE) { i++; continue; }
        return i + 1;
      }
      if (quote === DOUBLE_QUOTE && c === BACKSLASH) {
        if (i + 1 >= end || SIMPLE_ESCAPES[text.charAt(i + 1)] === undefined) throw new Unsupported();
        i++;
      }
    }
    throw new Unsupported();
  }

  /** Reads `key: rest` (rest may be empty) into the key and rest fields; false when the text is not a mapping entry. */
  private splitKey(start: number, end: number): boolean {
    if (start === this.splitAt) return true;
    const text = this.text;
    const first = text.charCodeAt(start);
    if (first === DOUBLE_QUOTE || first === SINGLE_QUOTE) {
      const quoteEnd = this.quotedEnd(start, end);
      if (quoteEnd >= end || text.charCodeAt(quoteEnd) !== COLON || (quoteEnd + 1 < end && text.charCodeAt(quoteEnd + 1) !== SPACE)) return false;
      this.keyTag = first === SINGLE_QUOTE ? TAG_SINGLE_QUOTED : TAG_DOUBLE_QUOTED;
      this.keyStart = start;
      this.keyEnd = quoteEnd;
      this.setRest(quoteEnd + 1, end);
      return true;
    }
    // ? [ { & * !: complex keys, flow collections, anchors, aliases, tags.
    if (first === QUESTION_MARK || first === 91 || first === 123 || first === 38 || first === 42 || first === 33) throw new Unsupported();
    const colon = this.colonSpaceFrom(start);
    if (colon < end - 1) {
      this.setPlainKey(start, colon);
      this.setRest(colon + 2, end);
      return true;
    }
    if (text.charCodeAt(end - 1) === COLON) {
      this.setPlainKey(start, end - 1);
      this.setRest(end, end);
      return true;
    }
    return false;
  }

  private setPlainKey(start: number, keyEnd: number): void {
    const text = this.text;
    const end = this.trimmedEnd(start, keyEnd);
    if (end === start || (end - start === 2 && text.startsWith('<<', start))) throw new Unsupported();
    const tag = plainTag(text, start, end);
    // A number or a date as a key (`1:30:`, `2024-01-05:`): rare enough to leave to the full parser.
    if (tag === TAG_OTHER) throw new Unsupported();
    this.keyTag = tag;
    this.keyStart = start;
    this.keyEnd = end;
  }

  /** The text after the colon, trimmed. */
  private setRest(start: number, end: number): void {
    const text = this.text;
    while (start < end && isWhiteSpace(text.charCodeAt(start))) start++;
    while (end > start && isWhiteSpace(text.charCodeAt(end - 1))) end--;
    this.restStart = start;
    this.restEnd = end;
    this.restTag = NO_TAG;
  }
}

/** The fast path; undefined when the text uses YAML the subset does not cover. */
export function parseBlockSubset(text: string): ConfigTree | undefined {
  const tree = new ConfigTree(text);
  try {
    new BlockReader(text, tree).parseDocument();
    return tree;
  } catch (error) {
    if (error instanceof Unsupported) return undefined;
    throw error;
  }
}
