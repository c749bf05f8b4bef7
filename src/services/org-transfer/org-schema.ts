import { sql } from 'kysely';
import { AppError } from '../../domain/errors.js';
import type { ColumnReference } from '../../domain/org-transfer/org-export.js';
import type { Db } from '../../storage/database.js';

/**
 * What an export and an import need to know of the schema, read from PostgreSQL's catalog rather than listed by
 * hand: an org table is any table with an `org_id` column, so a table added by a later migration is exported and
 * imported without a change here (and a test fails if one is left out).
 */
export interface OrgSchema {
  /** Tables with an org_id column, except `orgs` itself. */
  orgTables: string[];
  /** Columns of every table of the schema (org tables, `users`, `orgs`). */
  columns: Map<string, Set<string>>;
  /** Columns filled by a sequence (bigserial ids): the importing database gives them new values. */
  sequenceColumns: Map<string, Set<string>>;
  /** Primary-key columns of each table, in key order (exports list rows in this order). */
  primaryKeys: Map<string, string[]>;
  /** Foreign keys between tables: all of one column (a key of several stops the transfer, see readOrgSchema). */
  references: ColumnReference[];
}

export async function readOrgSchema(db: Db): Promise<OrgSchema> {
  // Tables only (a view with an org_id column is not data to move); identity columns count as sequences; generated
  // columns (document_versions.search_words) are the database's own work, made again on import.
  const columnRows = await sql<{ table_name: string; column_name: string; is_sequence: boolean }>`
    select c.table_name, c.column_name, coalesce(c.column_default like 'nextval(%', false) or c.is_identity = 'YES' as is_sequence
    from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name and t.table_type = 'BASE TABLE'
    where c.table_schema = current_schema() and c.is_generated = 'NEVER'
    order by c.table_name, c.ordinal_position`.execute(db);
  const columns = new Map<string, Set<string>>();
  const sequenceColumns = new Map<string, Set<string>>();
  for (const row of columnRows.rows) {
    columns.set(row.table_name, (columns.get(row.table_name) ?? new Set()).add(row.column_name));
    if (row.is_sequence) sequenceColumns.set(row.table_name, (sequenceColumns.get(row.table_name) ?? new Set()).add(row.column_name));
  }
  const keyRows = await sql<{ table_name: string; column_name: string }>`
    select c.relname as table_name, a.attname as column_name
    from pg_index i
    join pg_class c on c.oid = i.indrelid
    join pg_attribute a on a.attrelid = c.oid and a.attnum = any(i.indkey)
    where i.indisprimary and c.relnamespace = current_schema()::regnamespace
    order by c.relname, array_position(i.indkey::int2[], a.attnum)`.execute(db);
  const primaryKeys = new Map<string, string[]>();
  for (const row of keyRows.rows) primaryKeys.set(row.table_name, [...(primaryKeys.get(row.table_name) ?? []), row.column_name]);
  const referenceRows = await sql<{ table_name: string; column_name: string; referenced: string }>`
    select source.relname as table_name, a.attname as column_name, target.relname as referenced
    from pg_constraint con
    join pg_class source on source.oid = con.conrelid
    join pg_class target on target.oid = con.confrelid
    join pg_attribute a on a.attrelid = con.conrelid and a.attnum = con.conkey[1]
    where con.contype = 'f' and con.connamespace = current_schema()::regnamespace and cardinality(con.conkey) = 1
    order by 1, 2`.execute(db);
  // A key of several columns would go unchecked, and a crafted file could then link rows across orgs through it:
  // moving orgs stops until this module checks such keys too.
  const compositeRows = await sql<{ table_name: string; constraint_name: string }>`
    select source.relname as table_name, con.conname as constraint_name
    from pg_constraint con
    join pg_class source on source.oid = con.conrelid
    where con.contype = 'f' and con.connamespace = current_schema()::regnamespace and cardinality(con.conkey) > 1
    order by 1, 2`.execute(db);
  if (compositeRows.rows.length > 0) {
    const keys = compositeRows.rows.map((row) => `${row.table_name}.${row.constraint_name}`).join(', ');
    throw new AppError('internal', 'Orgs cannot be exported or imported with this version of Pulse: its database has foreign keys of several columns, which the transfer does not check yet.', {}, { logMessage: `org transfer: multi-column foreign keys ${keys}` });
  }
  const orgTables = [...columns].filter(([table, names]) => table !== 'orgs' && names.has('org_id')).map(([table]) => table).sort();
  return {
    orgTables,
    columns,
    sequenceColumns,
    primaryKeys,
    references: referenceRows.rows.map((row) => ({ table: row.table_name, column: row.column_name, references: row.referenced })),
  };
}

/** The columns of `table` that hold a user's id. */
export function userColumns(schema: OrgSchema, table: string): string[] {
  return schema.references.filter((ref) => ref.table === table && ref.references === 'users').map((ref) => ref.column);
}
