/**
 * A name as Pulse stores and compares it: trimmed, with every run of spaces (or tabs, or line breaks) made one
 * space, so "Weekly  orders " and "Weekly orders" are one name to a unique index that ignores case. Metrics,
 * decks, opportunities, principles and documents all name things this way.
 */
export function normalizeName(name: string): string {
  return name.trim().replace(/\s+/g, ' ');
}
