import { sql, type Kysely } from 'kysely';

// Org-wide search (src/services/search). Two SQL functions, one generated column and its index:
// - search_fold(text): text as search compares it, the same folding as foldForSearch in src/domain/search: NFKD,
//   the combining diacritics dropped ("Café" → "cafe"), lower case. lower() alone folds only ASCII under the C
//   locale (the embedded database), so the capitals of Latin, Greek and Cyrillic that have no decomposition (Ø, Ł,
//   Δ, Д) are lowered by translate() first, whatever the database's locale.
// - search_vector(text): its words for full-text search ('simple': no stemming, no stop words, so a prefix query
//   "lau:*" finds "launch"), with the punctuation that the parser would keep inside one token ("pr/faq", "a.b",
//   "x@y") turned into spaces, so each part is a word of its own as it is for the domain's matching.
// - document_versions.search_words, the words of each version's title and body (generated, stored), with a GIN
//   index, so a body search reads the index, not every body.
// Both functions are immutable (a generated column needs it): they read nothing but their argument. On a database
// with documents the new column is filled as it is added (the table is rewritten once).

const DIACRITICS = '[\\u0300-\\u036f\\u1ab0-\\u1aff\\u1dc0-\\u1dff\\u20d0-\\u20ff\\ufe20-\\ufe2f]';
const TOKEN_PUNCTUATION = '/.@:_\\+';

/** Capitals (Latin to Cyrillic) that NFKD leaves whole, and their lower case: fixed here as this migration made them. */
function capitalsWithoutDecomposition(): { from: string; to: string } {
  let from = '';
  let to = '';
  for (let codePoint = 0xc0; codePoint <= 0x52f; codePoint += 1) {
    const char = String.fromCodePoint(codePoint);
    const lower = char.toLowerCase();
    if (char.normalize('NFKD') === char && lower !== char && lower.length === 1 && /\p{L}/u.test(char)) {
      from += char;
      to += lower;
    }
  }
  return { from, to };
}

export async function up(db: Kysely<unknown>): Promise<void> {
  const { from, to } = capitalsWithoutDecomposition();
  const fold = sql`lower(translate(regexp_replace(normalize(value, NFKD), ${sql.lit(DIACRITICS)}, '', 'g'), ${sql.lit(from)}, ${sql.lit(to)}))`;
  await sql`
    create or replace function search_fold(value text) returns text
    language sql immutable strict parallel safe
    as $$ select ${fold} $$`.execute(db);
  // The folding is written out again rather than calling search_fold: an index is built with only pg_catalog on
  // the search path (PostgreSQL 17 on), where search_fold cannot be found; its own search path says where
  // to_tsvector and the 'simple' configuration are, whoever calls it.
  await sql`
    create or replace function search_vector(value text) returns tsvector
    language sql immutable strict parallel safe set search_path = pg_catalog
    as $$ select to_tsvector('simple'::regconfig, translate(${fold}, ${sql.lit(TOKEN_PUNCTUATION)}, ${sql.lit(' '.repeat(TOKEN_PUNCTUATION.length))})) $$`.execute(db);
  // The words are stored (a generated column) rather than only indexed: a common prefix ("w") matches most rows,
  // and then the planner reads the table, not the index; on stored words that is cheap, while computing every
  // body's words again took half a minute on 6,000 versions. The org export leaves generated columns out.
  await sql`alter table document_versions add column if not exists search_words tsvector generated always as (search_vector(title || ' ' || body)) stored`.execute(db);
  await sql`create index if not exists document_versions_search_idx on document_versions using gin (search_words)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists document_versions_search_idx`.execute(db);
  await sql`alter table document_versions drop column if exists search_words`.execute(db);
  await sql`drop function if exists search_vector(text)`.execute(db);
  await sql`drop function if exists search_fold(text)`.execute(db);
}
