/**
 * A timestamp column as the API writes it (ISO 8601, UTC), or null for an empty one. The driver hands a
 * `timestamptz` back as a Date, and a value read through raw SQL or JSON may arrive as its text: both are read.
 */
export function isoTimestamp(value: Date | string): string;
export function isoTimestamp(value: Date | string | null): string | null;
export function isoTimestamp(value: Date | string | null): string | null {
  return value === null ? null : new Date(value).toISOString();
}
