import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountSettingsFrom } from '../../server/serve.js';
import { testConfig } from '../../../test/support/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.js';
import { DEMO_LOGIN, removeDemoOrg, seedDemoOrg } from './seed-demo-org.js';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database.drop();
});

describe('the demo org', { timeout: 120_000 }, () => {
  it('is made once, and a half-made one can be removed whole so that the next run makes it again', async () => {
    const settings = accountSettingsFrom(testConfig());
    const first = await seedDemoOrg(database.db, settings);
    expect(first.isNew).toBe(true);
    expect(await seedDemoOrg(database.db, settings)).toEqual({ orgId: first.orgId, isNew: false });

    // What a failed seed does on its way out: the org, every record of it, and the demo's logins go.
    await removeDemoOrg(database.db, first.orgId);
    const left = await sql<{ count: number }>`select count(*)::int as count from people where org_id = ${first.orgId}`.execute(database.db);
    expect(left.rows[0]?.count).toBe(0);
    expect(await database.db.selectFrom('users').select('id').where(sql`lower(email)`, '=', DEMO_LOGIN.email).executeTakeFirst()).toBeUndefined();
    const again = await seedDemoOrg(database.db, settings);
    expect(again.isNew).toBe(true);
    expect(again.orgId).not.toBe(first.orgId);
  });
});
