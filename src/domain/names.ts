/**
 * Characters that take no room on screen: zero-width spaces and joiners, the word joiner and the byte-order mark.
 * A name made of them alone would look blank in every list, and two names that differ only by them would look
 * the same; they go, as surrounding spaces do.
 */
const INVISIBLE = /[\u200b-\u200d\u2060\ufeff]/g;

/**
 * A name as Pulse stores and compares it: invisible characters left out, trimmed, with every run of spaces (or
 * tabs, or line breaks) made one space, so "Weekly  orders " and "Weekly orders" are one name to a unique index that
 * ignores case. Metrics, decks, opportunities, principles and documents all name things this way.
 */
export function normalizeName(name: string): string {
  return name.replace(INVISIBLE, '').trim().replace(/\s+/g, ' ');
}
