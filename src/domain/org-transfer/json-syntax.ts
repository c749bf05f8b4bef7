/**
 * Where a JSON text stops being JSON. `JSON.parse` says what it met ("Unexpected token", "Unexpected end of JSON
 * input") but on this Node not where, and a reader of a hand-edited or truncated file needs the line. This
 * scanner runs only after `JSON.parse` has failed, so it favours being short over being fast.
 */

export interface JsonSyntaxProblem {
  /** 1-based line and column of the first character that cannot be there (or just past the end). */
  line: number;
  column: number;
  message: string;
}

class Stop extends Error {
  constructor(readonly offset: number, readonly problem: string) {
    super(problem);
  }
}

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);
const LITERALS = ['true', 'false', 'null'];
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPE = /\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})/y;

/** The first syntax problem of `text`, or null when it is valid JSON. `whole` is what the text is called in the message. */
export function findJsonSyntaxProblem(text: string, whole = 'the file'): JsonSyntaxProblem | null {
  let at = 0;
  const skipSpace = (): void => {
    while (at < text.length && WHITESPACE.has(text[at] as string)) at++;
  };
  const expected = (what: string): never => {
    throw new Stop(at, at >= text.length ? `${whole} ends where ${what} should follow (is it cut short?)` : `${what} expected, found ${JSON.stringify(text[at])}`);
  };
  const string = (): void => {
    at++; // the opening quote
    for (;;) {
      if (at >= text.length) expected('the end of a string (")');
      const char = text[at] as string;
      if (char === '"') { at++; return; }
      if (char === '\\') {
        ESCAPE.lastIndex = at;
        if (!ESCAPE.test(text)) throw new Stop(at, 'a bad escape in a string');
        at = ESCAPE.lastIndex;
        continue;
      }
      if (char < ' ') throw new Stop(at, 'a control character (such as a line break) inside a string');
      at++;
    }
  };
  const value = (): void => {
    skipSpace();
    const char = text[at];
    if (char === '{') {
      at++;
      skipSpace();
      if (text[at] === '}') { at++; return; }
      for (;;) {
        skipSpace();
        if (text[at] !== '"') expected('a key in double quotes');
        string();
        skipSpace();
        if (text[at] !== ':') expected('":"');
        at++;
        value();
        skipSpace();
        if (text[at] === ',') { at++; continue; }
        if (text[at] === '}') { at++; return; }
        expected('"," or "}"');
      }
    }
    if (char === '[') {
      at++;
      skipSpace();
      if (text[at] === ']') { at++; return; }
      for (;;) {
        value();
        skipSpace();
        if (text[at] === ',') { at++; continue; }
        if (text[at] === ']') { at++; return; }
        expected('"," or "]"');
      }
    }
    if (char === '"') { string(); return; }
    const literal = LITERALS.find((word) => text.startsWith(word, at));
    if (literal !== undefined) { at += literal.length; return; }
    NUMBER.lastIndex = at;
    if (NUMBER.test(text)) { at = NUMBER.lastIndex; return; }
    expected('a value');
  };
  try {
    value();
    skipSpace();
    if (at < text.length) throw new Stop(at, 'more text after the end of the JSON value');
    return null;
  } catch (error) {
    // Arrays nested tens of thousands deep outrun the stack: the caller then says "not valid JSON" without a place.
    if (error instanceof RangeError) return null;
    if (!(error instanceof Stop)) throw error;
    return { ...lineAndColumn(text, error.offset), message: error.problem };
  }
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') { line++; lineStart = i + 1; }
  }
  return { line, column: offset - lineStart + 1 };
}
