/**
 * How the WBR App's YAML loader (PyYAML's SafeLoader) types a plain (unquoted) scalar: YAML 1.1's implicit types,
 * with PyYAML's own patterns, which differ from the YAML 1.1 drafts and from other libraries in places a config
 * can meet: `y` and `n` are text, `1e5` is text (an exponent needs a dot before it and a sign), `+.5` is text,
 * `010` is octal (8), `1:30` is sexagesimal (90), `2024-01-05` is a date. Both config readers type plain scalars
 * here, so a config reads the same whichever reader takes it, and as the App reads it.
 */

export type PlainScalarKind = 'null' | 'true' | 'false' | 'decimal' | 'text' | 'other';

/** The words PyYAML reads as null, true and false (the empty scalar is null too). */
export const NULL_WORDS: readonly string[] = ['', '~', 'null', 'Null', 'NULL'];
export const TRUE_WORDS: readonly string[] = ['yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON'];
export const FALSE_WORDS: readonly string[] = ['no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF'];

const WORDS = new Map<string, PlainScalarKind>([
  ...NULL_WORDS.map((word): [string, PlainScalarKind] => [word, 'null']),
  ...TRUE_WORDS.map((word): [string, PlainScalarKind] => [word, 'true']),
  ...FALSE_WORDS.map((word): [string, PlainScalarKind] => [word, 'false']),
]);

// PyYAML's implicit resolvers (resolver.py), tried in its order: bool, float, int, null, timestamp.
const FLOAT = /^(?:[-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const INT = /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/;
const TIMESTAMP = /^(?:([0-9]{4})-([0-9]{2})-([0-9]{2})|([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:[Tt]|[ \t]+)([0-9]{1,2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]*))?(?:[ \t]*(Z|([-+])([0-9]{1,2})(?::([0-9]{2}))?))?)$/;

/**
 * The numbers whose value `Number()` gives exactly as PyYAML's constructors do: decimal integers without leading
 * zeros or underscores (but not `-0`, which PyYAML makes the integer 0), and floats with a dot, digits only and
 * an exponent with a sign. Config readers may keep these as text and convert them when asked.
 */
export const DECIMAL_PATTERN = String.raw`(?:-?[1-9][0-9]*|\+?(?:0|[1-9][0-9]*)|[-+]?[0-9]+\.[0-9]*(?:[eE][-+][0-9]+)?|\.[0-9]+(?:[eE][-+][0-9]+)?)`;
const DECIMAL = new RegExp(`^${DECIMAL_PATTERN}$`);

/** What a plain scalar is, as PyYAML types it; 'other' is a number or a date that `resolvePlainScalar` constructs. */
export function classifyPlainScalar(text: string): PlainScalarKind {
  const word = text.length <= 5 ? WORDS.get(text) : undefined;
  if (word !== undefined) return word;
  const first = text.charCodeAt(0);
  // Every number and date starts with a digit, a sign or a dot.
  if (!((first >= 48 && first <= 57) || first === 43 || first === 45 || first === 46)) return 'text';
  if (FLOAT.test(text) || INT.test(text)) return DECIMAL.test(text) ? 'decimal' : 'other';
  return TIMESTAMP.test(text) ? 'other' : 'text';
}

/** A plain scalar's value as PyYAML's SafeLoader constructs it: null, a boolean, a number, a Date (UTC) or the text. */
export function resolvePlainScalar(text: string): null | boolean | number | Date | string {
  switch (classifyPlainScalar(text)) {
    case 'null': return null;
    case 'true': return true;
    case 'false': return false;
    case 'decimal': return Number(text);
    case 'text': return text;
    case 'other': return FLOAT.test(text) ? constructFloat(text) : INT.test(text) ? constructInt(text) : constructTimestamp(text);
  }
}

/** Base-60 digits (`1:30` = 90), as PyYAML reads sexagesimal numbers. */
function sexagesimal(text: string, parse: (part: string) => number): number {
  return text.split(':').reduce((total, part) => total * 60 + parse(part), 0);
}

function constructInt(text: string): number {
  let value = text.replaceAll('_', '');
  let sign = 1;
  if (value.startsWith('-') || value.startsWith('+')) {
    if (value.startsWith('-')) sign = -1;
    value = value.slice(1);
  }
  let magnitude: number;
  if (value === '0') magnitude = 0;
  else if (value.startsWith('0b')) magnitude = Number.parseInt(value.slice(2), 2);
  else if (value.startsWith('0x')) magnitude = Number.parseInt(value.slice(2), 16);
  else if (value.startsWith('0')) magnitude = Number.parseInt(value, 8);
  else if (value.includes(':')) magnitude = sexagesimal(value, (part) => Number.parseInt(part, 10));
  else magnitude = Number.parseInt(value, 10);
  // An integer has no negative zero.
  return magnitude === 0 ? 0 : sign * magnitude;
}

function constructFloat(text: string): number {
  let value = text.replaceAll('_', '').toLowerCase();
  let sign = 1;
  if (value.startsWith('-') || value.startsWith('+')) {
    if (value.startsWith('-')) sign = -1;
    value = value.slice(1);
  }
  if (value === '.inf') return sign * Number.POSITIVE_INFINITY;
  if (value === '.nan') return Number.NaN;
  if (value.includes(':')) return sign * sexagesimal(value, Number);
  return sign * Number(value);
}

/** A date (midnight UTC) or a date and time (the instant it names; UTC without a zone), as PyYAML reads them. */
function constructTimestamp(text: string): Date {
  const match = TIMESTAMP.exec(text) as RegExpExecArray;
  const [, year, month, day, tYear, tMonth, tDay, hour, minute, second, fraction, zone, zoneSign, zoneHour, zoneMinute] = match;
  if (year !== undefined) return new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  const milliseconds = Number(((fraction ?? '') + '000').slice(0, 3));
  const local = Date.UTC(Number(tYear), Number(tMonth) - 1, Number(tDay), Number(hour), Number(minute), Number(second), milliseconds);
  const offsetMinutes = zone === undefined || zone === 'Z' ? 0 : (zoneSign === '-' ? -1 : 1) * (Number(zoneHour) * 60 + Number(zoneMinute ?? 0));
  return new Date(local - offsetMinutes * 60_000);
}
