import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { openDatabase, type Db } from '../../src/storage/database.js';
import { withDatabase } from './global-db-setup.js';

export interface TestDatabase {
  db: Db;
  url: string;
  /** Which server this test talks to: the embedded PostgreSQL or the PostgreSQL server. */
  kind: 'embedded' | 'server';
  drop(): Promise<void>;
}

/** A fresh copy of the migrated template: each test file gets its own database, so tests never share rows. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = inject('adminUrl');
  const name = `${inject('runPrefix')}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${inject('templateDatabase')}"`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(adminUrl, name);
  const db = openDatabase(url, { maxConnections: 5 });
  return {
    db,
    url,
    kind: process.env.PULSE_TEST_DB === 'server' ? 'server' : 'embedded',
    drop: async () => {
      await db.destroy();
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
