import { Kysely, Migrator, PostgresDialect, type MigrationProvider, type Migration } from 'kysely';
import pg from 'pg';
import { AppError } from '../domain/errors.js';
import { migrations } from './migrations/index.js';
import type { Database } from './schema.js';

// `date` columns stay 'YYYY-MM-DD' strings: turning them into local-midnight Dates shifts days across time zones.
pg.types.setTypeParser(1082, (value: string) => value);
// bigint ids (audit events) and count(*) fit in a JS number for any realistic row count; strings would leak into every
// API. schema.ts types bigserial ids as numbers to match (BigSerialId): an API that declares a string id converts.
pg.types.setTypeParser(20, (value: string) => Number(value));

export type Db = Kysely<Database>;

export function openDatabase(url: string, options: { maxConnections?: number } = {}): Db {
  const pool = new pg.Pool({ connectionString: url, max: options.maxConnections ?? 10 });
  // An idle client that loses its server (a restart) must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

const staticProvider: MigrationProvider = {
  getMigrations: async (): Promise<Record<string, Migration>> => migrations,
};

/** Applies every pending migration. Safe to call at each start and from several instances at once. */
export async function migrateToLatest(db: Db): Promise<string[]> {
  const migrator = new Migrator({ db, provider: staticProvider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((result) => result.status === 'Error');
    throw new AppError('internal', `Database migration ${failed?.migrationName ?? ''} failed.`, {}, { cause: error, logMessage: String(error) });
  }
  return (results ?? []).filter((result) => result.status === 'Success').map((result) => result.migrationName);
}

/** Names of the migrations recorded as applied, oldest first. */
export async function listAppliedMigrations(db: Db): Promise<string[]> {
  const migrator = new Migrator({ db, provider: staticProvider });
  return (await migrator.getMigrations()).filter((migration) => migration.executedAt !== undefined).map((migration) => migration.name);
}
