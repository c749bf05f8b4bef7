import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The PostgreSQL server benchmarks run against (PULSE_BENCH_SERVER_URL to change it). */
export const BENCH_SERVER_URL = process.env.PULSE_BENCH_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function adminQuery(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: BENCH_SERVER_URL });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** A fresh, empty database on the benchmark server; `drop()` removes it when the benchmark ends. */
export async function createBenchDatabase(prefix: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  await adminQuery(`CREATE DATABASE "${name}"`);
  const url = new URL(BENCH_SERVER_URL);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

/**
 * A copy of a benchmark database (CREATE DATABASE … TEMPLATE): nothing may be connected to the source while it is
 * copied. `drop()` removes the copy.
 */
export async function copyBenchDatabase(sourceUrl: string, suffix: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const source = decodeURIComponent(new URL(sourceUrl).pathname.slice(1));
  const name = `${source}_${suffix}`;
  await adminQuery(`CREATE DATABASE "${name}" TEMPLATE "${source}"`);
  const url = new URL(BENCH_SERVER_URL);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}
