import { sql, type Kysely } from 'kysely';

// Search by name and title through indexes (decision 021). Until now every search folded (search_fold) the name or
// title of every row of the org, kind by kind: 0.35–0.55 s on an org of 3,000 documents and 5,000 people.
// - Each table that search reads gets `search_text`, the folded text of the columns it matches (generated, stored),
//   so a search compares stored text and folds nothing. The columns are joined by a space: a query word holds no
//   white space, so it is in the joined text exactly when it is in one of the columns.
// - A GIN trigram index (pg_trgm, shipped with PostgreSQL and trusted: a database owner may create it) on each, so
//   `search_text LIKE '%word%'` reads the index for a word of three characters or more. Shorter words have no
//   trigram: the planner then reads the org's rows, cheap now that nothing is folded.
// The org export leaves generated columns out, and an import makes them again.

/** Each searched table, its stored folded text and the columns that text is made of (the search benchmark reads it too). */
export const SEARCH_TEXT_COLUMNS = [
  { table: 'initiatives', column: 'search_text', sources: ['name'] },
  { table: 'people', column: 'search_text', sources: ['name', 'email'] },
  { table: 'teams', column: 'search_text', sources: ['name'] },
  { table: 'metrics', column: 'search_text', sources: ['name', 'definition'] },
  { table: 'wbr_decks', column: 'search_text', sources: ['name'] },
  { table: 'opportunities', column: 'search_text', sources: ['name', 'account_name'] },
  { table: 'accounts', column: 'search_text', sources: ['name'] },
  { table: 'candidates', column: 'search_text', sources: ['name', 'email'] },
  { table: 'principle_versions', column: 'search_text', sources: ['title', 'summary'] },
  // Only the title: a document's body is searched through its stored words (search_words).
  { table: 'document_versions', column: 'search_title', sources: ['title'] },
] as const;

const indexName = (table: string) => `${table}_search_trgm_idx`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create extension if not exists pg_trgm`.execute(db);
  // The operator class is named with the schema the extension lives in: one installed before Pulse may be in
  // a schema of its own, off the search path.
  const { rows } = await sql<{ schema: string }>`select n.nspname as schema from pg_extension e join pg_namespace n on n.oid = e.extnamespace where e.extname = 'pg_trgm'`.execute(db);
  const schema = rows[0]?.schema ?? 'public';
  for (const { table, column, sources } of SEARCH_TEXT_COLUMNS) {
    const joined = sql.join(sources.map((source) => sql`coalesce(${sql.ref(source)}, '')`), sql` || ' ' || `);
    await sql`alter table ${sql.table(table)} add column if not exists ${sql.ref(column)} text generated always as (search_fold(${joined})) stored`.execute(db);
    await sql`create index if not exists ${sql.ref(indexName(table))} on ${sql.table(table)} using gin (${sql.ref(column)} ${sql.id(schema, 'gin_trgm_ops')})`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const { table, column } of SEARCH_TEXT_COLUMNS) {
    await sql`drop index if exists ${sql.ref(indexName(table))}`.execute(db);
    await sql`alter table ${sql.table(table)} drop column if exists ${sql.ref(column)}`.execute(db);
  }
  // The extension stays: dropping it could break what others built on it.
}
