import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { migrateToLatest, openDatabase } from '../../src/storage/database.js';
import { startEmbeddedPostgres } from '../../src/storage/embedded-postgres.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Connection URL of a maintenance database on the server under test (to create and drop test databases). */
    adminUrl: string;
    /** A migrated database that each test file copies (CREATE DATABASE … TEMPLATE). */
    templateDatabase: string;
    /** Prefix of every database this run creates, so teardown can drop them all. */
    runPrefix: string;
  }
}

async function adminQuery(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/**
 * Once per test run and project: bring up the database server the project tests against (a throwaway
 * embedded PostgreSQL, or the PostgreSQL server), build one migrated template database, and drop
 * everything afterwards.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const kind = project.config.env.PULSE_TEST_DB === 'server' ? 'server' : 'embedded';
  const runPrefix = `pulse_test_${process.pid}_${randomBytes(3).toString('hex')}`;
  let adminUrl: string;
  let stopServer: () => Promise<void> = async () => undefined;

  if (kind === 'server') {
    adminUrl = process.env.PULSE_TEST_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  } else {
    const parent = mkdtempSync(path.join(os.tmpdir(), 'pulse-test-pg-'));
    // mkdtemp makes a private folder; when tests run as root, PostgreSQL runs as `postgres` and must reach it.
    chmodSync(parent, 0o755);
    const dataDir = path.join(parent, 'data');
    const server = await startEmbeddedPostgres({ dataDir, persistent: false });
    adminUrl = server.urlFor('postgres');
    stopServer = async () => {
      await server.stop();
      rmSync(path.dirname(dataDir), { recursive: true, force: true });
    };
  }

  const templateDatabase = `${runPrefix}_template`;
  await adminQuery(adminUrl, `CREATE DATABASE "${templateDatabase}"`);
  const db = openDatabase(withDatabase(adminUrl, templateDatabase), { maxConnections: 1 });
  await migrateToLatest(db);
  await db.destroy();

  project.provide('adminUrl', adminUrl);
  project.provide('templateDatabase', templateDatabase);
  project.provide('runPrefix', runPrefix);

  return async () => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [`${runPrefix}%`]);
      for (const row of rows) await client.query(`DROP DATABASE IF EXISTS "${row.datname}" WITH (FORCE)`);
    } finally {
      await client.end();
    }
    await stopServer();
  };
}

export { withDatabase };
