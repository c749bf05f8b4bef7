import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { seedDemoOrg } from '../../src/services/demo/seed-demo-org.js';
import { accountSettingsFrom } from '../../src/server/serve.js';
import { openDatabase, type Db } from '../../src/storage/database.js';
import { withDatabase } from './global-db-setup.js';
import { testConfig } from './test-config.js';

export interface TestDatabase {
  db: Db;
  url: string;
  /** Which server this test talks to: the embedded PostgreSQL or the PostgreSQL server. */
  kind: 'embedded' | 'server';
  drop(): Promise<void>;
}

export interface TestDatabaseOptions {
  /** Start from a copy of the demo org (as `pulse demo` seeds it) instead of an empty migrated database. */
  withDemoOrg?: boolean;
}

async function withAdminClient<T>(work: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: inject('adminUrl') });
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}

/**
 * A database's commits need not wait for the disk: test databases are thrown away at the end of the run, and on
 * the PostgreSQL server (the embedded one runs without fsync already) waiting for each commit's flush made the
 * demo org's seeding take about twice as long. Set per database, so that every connection to it, the app's
 * included, gets it.
 */
async function commitWithoutWaitingForDisk(admin: pg.Client, name: string): Promise<void> {
  await admin.query(`ALTER DATABASE "${name}" SET synchronous_commit = off`);
}

/** The UTC day, as YYYYMMDD: a demo template is only used on the day it was seeded (see demoTemplate). */
function utcDayStamp(now = new Date()): string {
  return now.toISOString().slice(0, 10).replaceAll('-', '');
}

/**
 * The name of a database holding the migrated schema and the demo org, seeded at most once per test run, server
 * and UTC day, and copied by every test file that starts from the demo. Seeding takes seconds to tens of seconds
 * on a busy two-core machine (thousands of rows, hashed passwords); a copy a fraction of a second. The demo's dates
 * are counted back from the day it is seeded on, so a file that starts after midnight UTC gets a demo of its own
 * day, as if it had seeded it itself. Files run in parallel: an advisory lock makes the first one seed and the
 * others wait for it; the seeded database takes its final name only once it is whole, so a failed seeding is
 * never copied.
 */
async function demoTemplate(): Promise<string> {
  const name = `${inject('runPrefix')}_demo_${utcDayStamp()}`;
  return withAdminClient(async (admin) => {
    await admin.query('SELECT pg_advisory_lock(hashtext($1))', [name]);
    try {
      const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (rowCount === 0) {
        const seeding = `${name}_seeding`;
        await admin.query(`DROP DATABASE IF EXISTS "${seeding}" WITH (FORCE)`);
        await admin.query(`CREATE DATABASE "${seeding}" TEMPLATE "${inject('templateDatabase')}"`);
        await commitWithoutWaitingForDisk(admin, seeding);
        const db = openDatabase(withDatabase(inject('adminUrl'), seeding), { maxConnections: 5 });
        try {
          await seedDemoOrg(db, accountSettingsFrom(testConfig()));
        } finally {
          await db.destroy();
        }
        await admin.query(`ALTER DATABASE "${seeding}" RENAME TO "${name}"`);
      }
      return name;
    } finally {
      await admin.query('SELECT pg_advisory_unlock(hashtext($1))', [name]);
    }
  });
}

/**
 * A fresh copy of the migrated template (or, with `withDemoOrg`, of the demo org): each test file gets its own
 * database, so tests never share rows.
 */
export async function createTestDatabase(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const adminUrl = inject('adminUrl');
  const name = `${inject('runPrefix')}_${randomBytes(4).toString('hex')}`;
  const template = options.withDemoOrg ? await demoTemplate() : inject('templateDatabase');
  await withAdminClient(async (admin) => {
    await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
    await commitWithoutWaitingForDisk(admin, name);
  });
  const url = withDatabase(adminUrl, name);
  const db = openDatabase(url, { maxConnections: 5 });
  return {
    db,
    url,
    kind: process.env.PULSE_TEST_DB === 'server' ? 'server' : 'embedded',
    drop: async () => {
      await db.destroy();
      await withAdminClient((admin) => admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}
