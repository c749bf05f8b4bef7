import { sql } from 'kysely';
import { AppError } from '../../domain/errors.js';
import { movesWithOrg, ORG_EXPORT_FORMAT, ORG_EXPORT_VERSION, type ExportRow, type OrgExport } from '../../domain/org-transfer/org-export.js';
import { listAppliedMigrations, type Db } from '../../storage/database.js';
import { readOrgSchema, userColumns } from './org-schema.js';

/**
 * Reads one org whole: its row, every row of every org table (but the credentials that stay behind, see
 * movesWithOrg), and the users those rows name. One read-only
 * transaction at REPEATABLE READ, so the file is one consistent moment of the org even while Pulse is serving it.
 */
export async function exportOrg(db: Db, orgId: string, pulseVersion: string): Promise<OrgExport> {
  return db.transaction().setIsolationLevel('repeatable read').execute(async (trx) => {
    await sql`set transaction read only`.execute(trx);
    // Timestamps as UTC in the file, whatever the server's time zone.
    await sql`set local time zone 'UTC'`.execute(trx);
    const migrations = await listAppliedMigrations(trx);
    const schema = await readOrgSchema(trx);
    const org = await selectRows(trx, 'orgs', 'id', orgId, ['id']);
    if (org.length === 0) throw new AppError('not_found', `No org ${orgId} in this database.`);
    const tables: Record<string, ExportRow[]> = {};
    const userIds = new Set<string>();
    for (const table of schema.orgTables) {
      // Only the columns an import writes: a generated column (a document version's search words) is made again there.
      const columns = schema.columns.get(table) ?? new Set<string>();
      const rows = (await selectRows(trx, table, 'org_id', orgId, schema.primaryKeys.get(table) ?? []))
        .filter((row) => movesWithOrg(table, row))
        .map((row) => Object.fromEntries(Object.entries(row).filter(([column]) => columns.has(column))) as ExportRow);
      tables[table] = rows;
      for (const column of userColumns(schema, table)) {
        for (const row of rows) if (typeof row[column] === 'string') userIds.add(row[column] as string);
      }
    }
    const users = userIds.size === 0 ? [] : (await sql<{ row: ExportRow }>`
      select to_jsonb(u) as row from users u where u.id = any(${[...userIds]}::uuid[]) order by lower(u.email)`.execute(trx)).rows.map((r) => r.row);
    return {
      format: ORG_EXPORT_FORMAT,
      version: ORG_EXPORT_VERSION,
      exportedAt: new Date().toISOString(),
      pulseVersion,
      migrations,
      org: org[0] as OrgExport['org'],
      users: users as OrgExport['users'],
      tables,
    };
  });
}

async function selectRows(db: Db, table: string, column: string, value: string, orderBy: string[]): Promise<ExportRow[]> {
  const order = orderBy.length === 0 ? sql`` : sql`order by ${sql.join(orderBy.map((name) => sql.ref(`t.${name}`)))}`;
  const result = await sql<{ row: ExportRow }>`
    select to_jsonb(t) as row from ${sql.table(table)} t where ${sql.ref(`t.${column}`)} = ${value}::uuid ${order}`.execute(db);
  return result.rows.map((r) => r.row);
}
