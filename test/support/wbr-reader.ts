import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * A login that can only read what a test grants it, as an operator gives deck queries (docs/wbr-sql.md): Pulse
 * refuses superusers. Roles belong to the whole server, so each has a name of its own, and is dropped by the test.
 */
export interface ReaderLogin {
  user: string;
  password: string;
  /** The connections file's `config:` lines for this login on the test's database, indented for a connection entry. */
  config: string;
  grant(table: string): Promise<void>;
  drop(): Promise<void>;
}

async function run(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

export async function createReaderLogin(databaseUrl: string): Promise<ReaderLogin> {
  const url = new URL(databaseUrl);
  const database = url.pathname.slice(1);
  const maintenance = Object.assign(new URL(databaseUrl), { pathname: '/postgres' }).toString();
  const user = `pulse_test_reader_${randomBytes(4).toString('hex')}`;
  const password = randomBytes(12).toString('hex');
  await run(maintenance, `CREATE ROLE "${user}" LOGIN PASSWORD '${password}'`);
  await run(databaseUrl, `GRANT CONNECT ON DATABASE "${database}" TO "${user}"; GRANT USAGE ON SCHEMA public TO "${user}"`);
  return {
    user,
    password,
    config: `    config:\n      host: ${url.hostname}\n      port: ${url.port || 5432}\n      username: ${user}\n      password: "${password}"\n      database: ${database}\n`,
    grant: (table) => run(databaseUrl, `GRANT SELECT ON "${table}" TO "${user}"`),
    drop: async () => {
      // Its grants first (they hold the role), unless the test's database is already gone with them.
      await run(databaseUrl, `DROP OWNED BY "${user}"`).catch(() => undefined);
      await run(maintenance, `DROP ROLE IF EXISTS "${user}"`);
    },
  };
}
