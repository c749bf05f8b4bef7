import { z } from '@hono/zod-openapi';

/**
 * What a malformed request is told, in words a person reads: the validator's own texts ("Invalid input: expected
 * number, received NaN", "Too small: expected array to have >=1 items") are for programmers. The router puts the
 * field in front ("query.level: must be a whole number"). A schema that states its own message keeps it: zod ranks a
 * schema's message above this one.
 */
interface ValidationIssue {
  readonly code: string;
  readonly input?: unknown;
  readonly expected?: unknown;
  readonly origin?: unknown;
  readonly minimum?: unknown;
  readonly maximum?: unknown;
  readonly inclusive?: unknown;
  readonly format?: unknown;
  readonly values?: readonly unknown[];
  readonly keys?: readonly string[];
  readonly divisor?: unknown;
}

const EXPECTED_WORDS: Record<string, string> = {
  number: 'a number',
  int: 'a whole number',
  string: 'text',
  boolean: 'true or false',
  array: 'a list',
  tuple: 'a list',
  object: 'an object',
  // A map of names to values (a WBR row's values by column) is an object in JSON.
  record: 'an object',
  date: 'a date',
};

const FORMAT_WORDS: Record<string, string> = {
  uuid: 'an id (a UUID)',
  guid: 'an id (a UUID)',
  email: 'an email address',
  url: 'a web address',
  datetime: 'a date and time (ISO 8601, e.g. 2026-11-26T09:30:00Z)',
  date: 'a date (YYYY-MM-DD)',
  time: 'a time (HH:MM)',
};

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function sizeMessage(issue: ValidationIssue, bound: 'least' | 'most'): string | undefined {
  const limit = Number(bound === 'least' ? issue.minimum : issue.maximum);
  if (!Number.isFinite(limit)) return undefined;
  switch (issue.origin) {
    case 'string':
      return bound === 'least' && limit === 1 ? 'must not be empty' : `must be at ${bound} ${plural(limit, 'character')}`;
    case 'array':
    case 'set':
      return bound === 'least' && limit === 1 ? 'must list at least one' : `must list at ${bound} ${limit}`;
    case 'number':
    case 'int':
    case 'bigint':
      if (issue.inclusive === false) return `must be ${bound === 'least' ? 'more' : 'less'} than ${limit}`;
      return `must be at ${bound} ${limit}`;
    default:
      return undefined;
  }
}

export function plainValidationMessage(issue: ValidationIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type': {
      if (issue.input === undefined) return 'is required';
      const expected = EXPECTED_WORDS[String(issue.expected)];
      return expected === undefined ? undefined : `must be ${expected}`;
    }
    case 'too_small':
      return sizeMessage(issue, 'least');
    case 'too_big':
      return sizeMessage(issue, 'most');
    case 'invalid_format': {
      const format = FORMAT_WORDS[String(issue.format)];
      return format === undefined ? 'is not in the expected format' : `must be ${format}`;
    }
    case 'invalid_value': {
      const values = (issue.values ?? []).map((value) => JSON.stringify(value));
      if (values.length === 0) return undefined;
      if (values.length === 1) return `must be ${values[0]}`;
      return values.length <= 12 ? `must be one of ${values.join(', ')}` : `must be one of ${values.slice(0, 12).join(', ')}, …`;
    }
    case 'unrecognized_keys': {
      const keys = issue.keys ?? [];
      return keys.length === 1 ? `has a field Pulse does not know: ${keys[0]}` : `has fields Pulse does not know: ${keys.join(', ')}`;
    }
    case 'not_multiple_of':
      return `must be a multiple of ${String(issue.divisor)}`;
    default:
      return undefined;
  }
}

let isInstalled = false;

/** Makes plainValidationMessage zod's message for every schema without its own (once per process). */
export function installValidationMessages(): void {
  if (isInstalled) return;
  isInstalled = true;
  z.config({ customError: (issue) => plainValidationMessage(issue as ValidationIssue) });
}
