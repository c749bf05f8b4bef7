import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/support/test-database.js';
import { connectStorage } from './connect.js';
import { listAppliedMigrations } from './database.js';
import { migrations } from './migrations/index.js';

const isServerLeg = process.env.PULSE_TEST_DB === 'server';
const cleanups: Array<() => Promise<void> | void> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

describe(`connectStorage (${isServerLeg ? 'PostgreSQL server' : 'embedded PostgreSQL'})`, () => {
  // On the embedded leg this creates and starts a database cluster from nothing, twice: over 30 s on a busy machine.
  it('applies every migration on open, and opening again is a no-op', { timeout: 120_000 }, async () => {
    const target = isServerLeg ? await createTestDatabase() : undefined;
    if (target) cleanups.push(() => target.drop());
    const dataDir = isServerLeg ? '' : path.join(makeTempDir(), 'data');
    const config = target ? { kind: 'server' as const, url: target.url } : { kind: 'embedded' as const, dataDir, port: undefined };

    const first = await connectStorage(config);
    expect(await listAppliedMigrations(first.db)).toEqual(Object.keys(migrations));
    await first.db.insertInto('orgs').values({ name: 'Kept', slug: `kept-${process.pid}` }).execute();
    await first.close();

    // A restart (of the embedded server, or of Pulse against the server) keeps the data.
    const second = await connectStorage(config);
    const kept = await second.db.selectFrom('orgs').select('name').where('slug', '=', `kept-${process.pid}`).executeTakeFirst();
    expect(kept?.name).toBe('Kept');
    expect(await listAppliedMigrations(second.db)).toEqual(Object.keys(migrations));
    expect(second.description).toContain(isServerLeg ? 'PostgreSQL server' : 'embedded PostgreSQL');
    await second.close();
  });
});

function makeTempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pulse-storage-'));
  chmodSync(dir, 0o755);
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
