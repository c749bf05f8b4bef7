/**
 * Characters a reader cannot see: the code points Unicode says to draw as nothing (a soft hyphen, zero-width spaces
 * and joiners, direction marks, the byte-order mark, the Hangul filler, variation selectors) and control characters
 * (white space aside, which becomes a space). "Orders", a soft hyphen and "shipped" look like "Ordersshipped" on
 * screen, so that is what is stored; a name made of them alone would look blank in every list.
 */
const DRAWN_AS_NOTHING = /\p{Default_Ignorable_Code_Point}/gu;
const CONTROL = /\p{Cc}/gu;

/**
 * A name as Pulse stores it: in composed form (NFC, so an "é" typed as e + accent is the same text as the single
 * "é"), without characters nobody can see, trimmed, with every run of spaces (or tabs, or line breaks) made one
 * space. Metrics, decks, opportunities, principles and documents all name things this way.
 */
export function normalizeName(name: string): string {
  return name.normalize('NFC').replace(DRAWN_AS_NOTHING, '').replace(/\s/g, ' ').replace(CONTROL, '').trim().replace(/ +/g, ' ');
}

/**
 * What two names are compared on: the stored form, with compatibility forms folded (NFKC: full-width "Ｏｒｄｅｒｓ" and
 * the ligature "ﬁ" read as "Orders" and "fi") and case aside. Two names with one key look the same in a list, so a
 * uniqueness check compares keys; the database's `lower(name)` indexes cannot, and only back it up.
 */
export function nameKey(name: string): string {
  return normalizeName(normalizeName(name).normalize('NFKC')).toLowerCase();
}

/**
 * The first of `existing` whose name reads as `name` (one nameKey), `exceptId` aside (the one being renamed):
 * what a uniqueness check refuses, naming the name already there.
 */
export function findLookAlike<T extends { id: string; name: string }>(name: string, existing: readonly T[], exceptId: string | null): T | undefined {
  const key = nameKey(name);
  return existing.find((row) => row.id !== exceptId && nameKey(row.name) === key);
}
