import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';
import type { Document, Node as YamlNode } from 'yaml';
import { AppError } from '../errors.js';

/**
 * A parsed YAML document as the config reader needs it: mappings, lists and scalars, each with its 1-based line.
 *
 * Deck configs are large for large decks (10,000 metrics is 100,000 lines), and a full YAML parser spends
 * seconds on them. `parseConfigTree` therefore reads the block-style subset that WBR configs are written in
 * with a small line-based reader, and hands anything else (flow collections, anchors, block scalars, multi-line
 * strings, tags, tabs, ...) to the `yaml` library, so every valid file is read and read the same way.
 */

export type ConfigNode =
  | { kind: 'map'; line: number; entries: ConfigEntry[] }
  | { kind: 'seq'; line: number; items: Array<ConfigNode | null> }
  | { kind: 'scalar'; line: number; value: unknown };

export interface ConfigEntry {
  key: string;
  keyLine: number;
  /** An empty value (`key:` with nothing after it) is a null scalar; null only for a missing node. */
  value: ConfigNode | null;
}

/** Parses a YAML text (YAML 1.1 scalars, as the WBR App's PyYAML loader) into a config tree. */
export function parseConfigTree(text: string, fileName: string): ConfigNode | null {
  const fast = parseBlockSubset(text);
  if (fast !== undefined) return fast;
  return parseWithLibrary(text, fileName);
}

type YamlLibrary = typeof Yaml;
let yamlLibrary: YamlLibrary | undefined;

/** The `yaml` library, loaded on first use: most configs never need it, and loading it costs a CLI run ~45 ms. */
function loadYamlLibrary(): YamlLibrary {
  yamlLibrary ??= createRequire(import.meta.url)('yaml') as YamlLibrary;
  return yamlLibrary;
}

export function parseWithLibrary(text: string, fileName: string): ConfigNode | null {
  const { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument } = loadYamlLibrary();
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, version: '1.1', uniqueKeys: false, prettyErrors: false });
  if (doc.errors.length > 0) {
    const first = doc.errors[0];
    const line = first?.linePos?.[0]?.line ?? 1;
    const column = first?.linePos?.[0]?.col;
    throw new AppError('invalid_config', `The file is not valid YAML: ${first?.message.split('\n')[0] ?? 'parse error'}`, column === undefined ? { file: fileName, line } : { file: fileName, line, column });
  }
  const lineOf = (node: YamlNode | null | undefined, fallback: number): number => {
    const offset = node?.range?.[0];
    return offset === undefined ? fallback : lineCounter.linePos(offset).line;
  };
  const resolve = (node: unknown): YamlNode | null => {
    if (node === null || node === undefined) return null;
    if (isAlias(node)) return (node.resolve(doc as Document) as YamlNode | undefined) ?? null;
    return node as YamlNode;
  };
  const convert = (node: YamlNode | null, fallbackLine: number): ConfigNode | null => {
    if (node === null) return null;
    const line = lineOf(node, fallbackLine);
    if (isMap(node)) {
      return {
        kind: 'map',
        line,
        entries: node.items.map((pair) => {
          const keyNode = resolve(pair.key);
          const key = isScalar(keyNode) ? String(keyNode.value) : String(keyNode);
          const keyLine = lineOf(keyNode, line);
          const valueNode = resolve(pair.value);
          return { key, keyLine, value: convert(valueNode, keyLine) };
        }),
      };
    }
    if (isSeq(node)) return { kind: 'seq', line, items: node.items.map((item) => convert(resolve(item), line)) };
    if (isScalar(node)) return { kind: 'scalar', line, value: node.value };
    return { kind: 'scalar', line, value: String(node) };
  };
  return convert(resolve(doc.contents), 1);
}

// ---------------------------------------------------------------------------------------------------------
// The fast reader of the block-style subset.

interface Line {
  number: number;
  indent: number;
  text: string;
}

class Unsupported extends Error {}

const BOOLEANS = new Map<string, boolean>([
  ...['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON'].map((word) => [word, true] as [string, boolean]),
  ...['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF'].map((word) => [word, false] as [string, boolean]),
]);

/** YAML 1.1 plain scalars, as PyYAML types them (only the forms configs use; the rest falls back). */
function plainScalar(text: string): unknown {
  if (text === '' || text === '~' || text === 'null' || text === 'Null' || text === 'NULL') return null;
  const boolean = BOOLEANS.get(text);
  if (boolean !== undefined) return boolean;
  const first = text.charCodeAt(0);
  const mayBeNumber = (first >= 48 && first <= 57) || first === 45 || first === 43 || first === 46;
  if (mayBeNumber) {
    if (/^[-+]?(?:0|[1-9][0-9]*)$/.test(text)) return Number(text);
    if (/^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$/.test(text)) return Number(text);
    // Octal, hex, sexagesimal, underscores, timestamps and the like: let the full parser decide.
    if (/^[-+]?[0-9._:]+$|^[-+]?0[xob]|^\d{4}-\d{1,2}-\d{1,2}/.test(text) || /^[-+]?\.(?:inf|Inf|INF|nan|NaN|NAN)$/.test(text)) throw new Unsupported();
  }
  return text;
}

/** Strips a trailing comment (` #...` outside quotes); throws Unsupported for text the subset does not cover. */
function contentOf(raw: string): string {
  let quote = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (quote !== '') {
      if (c === quote) {
        if (quote === "'" && raw[i + 1] === "'") { i++; continue; }
        quote = '';
      } else if (c === '\\' && quote === '"') i++;
      continue;
    }
    if ((c === '"' || c === "'") && (i === 0 || /[\s:\-[{,]/.test(raw[i - 1] as string))) { quote = c; continue; }
    if (c === '#' && (i === 0 || raw[i - 1] === ' ')) return raw.slice(0, i).trimEnd();
  }
  if (quote !== '') throw new Unsupported(); // a quoted string that continues on the next line
  return raw.trimEnd();
}

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  const raw = text.split(/\r\n|\n|\r/);
  for (let i = 0; i < raw.length; i++) {
    let line = raw[i] as string;
    if (i === 0 && line.charCodeAt(0) === 0xfeff) line = line.slice(1);
    let indent = 0;
    while (indent < line.length && line[indent] === ' ') indent++;
    if (line[indent] === '\t') throw new Unsupported();
    const content = contentOf(line.slice(indent));
    if (content === '') continue;
    if (content.startsWith('%') || content === '---' || content === '...' || content.startsWith('--- ')) throw new Unsupported();
    lines.push({ number: i + 1, indent, text: content });
  }
  return lines;
}

function quoted(text: string): { value: string; end: number } {
  const quote = text[0];
  let value = '';
  for (let i = 1; i < text.length; i++) {
    const c = text[i] as string;
    if (c === quote) {
      if (quote === "'" && text[i + 1] === "'") { value += "'"; i++; continue; }
      return { value, end: i + 1 };
    }
    if (quote === '"' && c === '\\') {
      const next = text[i + 1];
      const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', n: '\n', t: '\t', r: '\r', '0': '\0', ' ': ' ' };
      if (next === undefined || simple[next] === undefined) throw new Unsupported();
      value += simple[next];
      i++;
      continue;
    }
    value += c;
  }
  throw new Unsupported();
}

/** A value written after `key:` or `- ` on the same line. */
function inlineValue(text: string, line: number): ConfigNode {
  const first = text[0];
  if (first === '"' || first === "'") {
    const { value, end } = quoted(text);
    if (text.slice(end).trim() !== '') throw new Unsupported();
    return { kind: 'scalar', line, value };
  }
  if (/^[[{&*!|>%@`]/.test(text) || text.includes(': ') || text.endsWith(':')) throw new Unsupported();
  return { kind: 'scalar', line, value: plainScalar(text) };
}

/** Splits `key: rest` (rest may be empty); returns undefined when the text is not a mapping entry. */
function splitKey(text: string): { key: string; rest: string } | undefined {
  const first = text[0];
  if (first === '"' || first === "'") {
    const { value, end } = quoted(text);
    if (text[end] !== ':' || (end + 1 < text.length && text[end + 1] !== ' ')) return undefined;
    return { key: value, rest: text.slice(end + 1).trim() };
  }
  if (first === '?' || first === '[' || first === '{' || first === '&' || first === '*' || first === '!') throw new Unsupported();
  const colon = text.indexOf(': ');
  if (colon >= 0) return { key: keyText(text.slice(0, colon)), rest: text.slice(colon + 2).trim() };
  if (text.endsWith(':')) return { key: keyText(text.slice(0, -1)), rest: '' };
  return undefined;
}

function keyText(raw: string): string {
  const key = raw.trimEnd();
  if (key === '<<' || key === '') throw new Unsupported();
  const value = plainScalar(key);
  return String(value);
}

class BlockReader {
  private position = 0;
  constructor(private readonly lines: Line[]) {}

  parseDocument(): ConfigNode | null {
    if (this.lines.length === 0) return null;
    const node = this.parseNode((this.lines[0] as Line).indent);
    if (this.position < this.lines.length) throw new Unsupported();
    return node;
  }

  private current(): Line | undefined {
    return this.lines[this.position];
  }

  private parseNode(indent: number): ConfigNode {
    const line = this.current() as Line;
    if (line.text === '-' || line.text.startsWith('- ')) return this.parseSequence(line.indent);
    if (splitKey(line.text) === undefined) {
      // A lone scalar (e.g. a multi-line plain scalar): leave it to the full parser.
      throw new Unsupported();
    }
    return this.parseMapping(Math.max(indent, line.indent));
  }

  private parseMapping(indent: number): ConfigNode {
    const first = this.current() as Line;
    const entries: ConfigEntry[] = [];
    for (let line = this.current(); line !== undefined && line.indent === indent; line = this.current()) {
      if (line.text === '-' || line.text.startsWith('- ')) break;
      const entry = splitKey(line.text);
      if (entry === undefined) throw new Unsupported();
      this.position++;
      entries.push({ key: entry.key, keyLine: line.number, value: this.valueAfter(entry.rest, line, indent) });
    }
    const next = this.current();
    if (next !== undefined && next.indent > indent) throw new Unsupported();
    return { kind: 'map', line: first.number, entries };
  }

  /** The value of `key:` / `- `: inline text, a nested block, or nothing. */
  private valueAfter(rest: string, line: Line, indent: number): ConfigNode | null {
    if (rest !== '') return inlineValue(rest, line.number);
    const next = this.current();
    if (next === undefined) return { kind: 'scalar', line: line.number, value: null };
    if (next.indent > indent) return this.parseNode(next.indent);
    // A list may sit at the same indentation as its key.
    if (next.indent === indent && (next.text === '-' || next.text.startsWith('- ')) && !this.inSequence(indent)) return this.parseSequence(indent);
    return { kind: 'scalar', line: line.number, value: null };
  }

  private readonly sequenceIndents: number[] = [];

  private inSequence(indent: number): boolean {
    return this.sequenceIndents.at(-1) === indent;
  }

  private parseSequence(indent: number): ConfigNode {
    const first = this.current() as Line;
    const items: Array<ConfigNode | null> = [];
    this.sequenceIndents.push(indent);
    for (let line = this.current(); line !== undefined && line.indent === indent && (line.text === '-' || line.text.startsWith('- ')); line = this.current()) {
      const rest = line.text === '-' ? '' : line.text.slice(2);
      const offset = line.text.length - rest.trimStart().length;
      const body = rest.trim();
      if (body === '') {
        this.position++;
        const next = this.current();
        items.push(next !== undefined && next.indent > indent ? this.parseNode(next.indent) : { kind: 'scalar', line: line.number, value: null });
        continue;
      }
      if (body.startsWith('- ') || body === '-') throw new Unsupported();
      if (splitKey(body) !== undefined) {
        // "- key: value" opens a mapping whose keys line up with "key".
        this.lines[this.position] = { number: line.number, indent: indent + offset, text: body };
        items.push(this.parseMapping(indent + offset));
        continue;
      }
      this.position++;
      items.push(inlineValue(body, line.number));
    }
    this.sequenceIndents.pop();
    return { kind: 'seq', line: first.number, items };
  }
}

/** The fast path; undefined when the text uses YAML the subset does not cover. */
export function parseBlockSubset(text: string): ConfigNode | null | undefined {
  try {
    return new BlockReader(splitLines(text)).parseDocument();
  } catch (error) {
    if (error instanceof Unsupported) return undefined;
    throw error;
  }
}
