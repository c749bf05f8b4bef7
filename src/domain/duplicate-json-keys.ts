/**
 * A JSON object with the same key twice (`{"title":"a","title":"b"}`) is valid JSON, but `JSON.parse` keeps the
 * last one without a word: a client that sent both (a merge gone wrong, a hand-written body) gets a result it did
 * not expect and no error. This scan finds the first such key in a text `JSON.parse` has already accepted, so it
 * follows the structure without checking it. It is built to cost less than the parse on a body of a megabyte:
 * strings are skipped with `indexOf`, runs of numbers and literals with one native search, nothing is built but
 * the keys of the objects still open, and where an array's items are is worked out only once a duplicate is found.
 */

export interface DuplicateJsonKey {
  /** The key as the object holds it (escapes decoded). */
  key: string;
  /** Where its second appearance is: the keys and indexes from the top, ending with the key (`sections`, 0, `title`). */
  path: Array<string | number>;
  /** The same place as a JSON pointer (RFC 6901): `/sections/0/title`. */
  pointer: string;
}

interface OpenContainer {
  /** Offset of its `{` or `[`. */
  start: number;
  /** The keys seen so far, for an object (a list while there are few, a set beyond); null for an array. */
  keys: string[] | Set<string> | null;
  /** For an object, the key whose value is being read. */
  currentKey: string;
}

const BACKSLASH = 0x5c;
const COLON = 0x3a;
/** Past this many keys an object's keys go into a set: fewer are found faster in a list. */
const KEYS_IN_A_LIST = 16;

/** What each ASCII character means to the scan; anything else (a digit, a letter, non-ASCII) is a scalar's. */
const BLANK = 0;
const QUOTE = 1;
const OPEN_OBJECT = 2;
const OPEN_ARRAY = 3;
const CLOSE = 4;
const SCALAR = 5;
const KIND = new Uint8Array(128).fill(SCALAR);
for (const char of ' \t\r\n,:') KIND[char.charCodeAt(0)] = BLANK;
KIND['"'.charCodeAt(0)] = QUOTE;
KIND['{'.charCodeAt(0)] = OPEN_OBJECT;
KIND['['.charCodeAt(0)] = OPEN_ARRAY;
KIND['}'.charCodeAt(0)] = CLOSE;
KIND[']'.charCodeAt(0)] = CLOSE;

/** The first key an object of `json` holds twice, at any depth; null when there is none. `json` is valid JSON. */
export function findDuplicateJsonKey(json: string): DuplicateJsonKey | null {
  const open: OpenContainer[] = [];
  // Commas and colons play no part: a string is a key when a colon follows it.
  const nextStructural = /["{}[\]]/g;
  for (let at = 0; at < json.length; at++) {
    const code = json.charCodeAt(at);
    const kind = code < 128 ? (KIND[code] as number) : SCALAR;
    if (kind === BLANK) continue;
    if (kind === QUOTE) {
      const end = endOfString(json, at);
      let after = end + 1;
      while (isWhitespace(json.charCodeAt(after))) after++;
      const container = open[open.length - 1];
      if (json.charCodeAt(after) !== COLON || container?.keys == null) {
        at = end;
        continue;
      }
      const raw = json.slice(at + 1, end);
      // `"a"` and `"\u0061"` are the same key: escapes are decoded, by JSON.parse, only when there are some.
      const key = raw.includes('\\') ? (JSON.parse(json.slice(at, end + 1)) as string) : raw;
      if (hasKey(container, key)) {
        const path = [...open.slice(0, -1).map((outer, index) => (outer.keys === null ? itemIndex(json, outer.start, (open[index + 1] as OpenContainer).start) : outer.currentKey)), key];
        return { key, path, pointer: pointerOf(path) };
      }
      container.currentKey = key;
      at = after;
    } else if (kind === OPEN_OBJECT) {
      open.push({ start: at, keys: [], currentKey: '' });
    } else if (kind === OPEN_ARRAY) {
      open.push({ start: at, keys: null, currentKey: '' });
    } else if (kind === CLOSE) {
      open.pop();
    } else {
      // A number or a literal, and the plain values after it in the same array: on to the next string or bracket.
      nextStructural.lastIndex = at;
      const found = nextStructural.exec(json);
      if (found === null) break;
      at = found.index - 1;
    }
  }
  return null;
}

/** Whether the object already holds `key`; records it when not. */
function hasKey(container: OpenContainer, key: string): boolean {
  const keys = container.keys as string[] | Set<string>;
  if (Array.isArray(keys)) {
    if (keys.includes(key)) return true;
    if (keys.length < KEYS_IN_A_LIST) keys.push(key);
    else container.keys = new Set([...keys, key]);
    return false;
  }
  if (keys.has(key)) return true;
  keys.add(key);
  return false;
}

function isWhitespace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}

/** The offset of the quote that closes the string opening at `start` (the text's end if it never closes). */
function endOfString(json: string, start: number): number {
  for (let quote = json.indexOf('"', start + 1); quote !== -1; quote = json.indexOf('"', quote + 1)) {
    // A quote after an odd number of backslashes is escaped, part of the string.
    let backslashes = 0;
    while (json.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return quote;
  }
  return json.length;
}

/** The index of the item of the array opening at `arrayStart` that begins at `itemStart`: its commas before it, at its own depth. */
function itemIndex(json: string, arrayStart: number, itemStart: number): number {
  let index = 0;
  let depth = 0;
  for (let at = arrayStart + 1; at < itemStart; at++) {
    const char = json[at];
    if (char === '"') at = endOfString(json, at);
    else if (char === '{' || char === '[') depth++;
    else if (char === '}' || char === ']') depth--;
    else if (char === ',' && depth === 0) index++;
  }
  return index;
}

/** A path as a JSON pointer: `~` and `/` in a segment are written `~0` and `~1`. */
function pointerOf(path: ReadonlyArray<string | number>): string {
  return path.map((segment) => `/${String(segment).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');
}
