import type { OrgActor } from '../../src/services/context.js';
import { DEMO_LOGIN, seedDemoOrg } from '../../src/services/demo/seed-demo-org.js';
import { accountSettingsFrom } from '../../src/server/serve.js';
import type { Db } from '../../src/storage/database.js';
import { testConfig } from './test-app.js';

/** Seeds the demo org in a test's database and returns its id and its admin (the demo login) as an actor. */
export async function seedDemoAsAdmin(db: Db): Promise<{ orgId: string; actor: OrgActor }> {
  const { orgId } = await seedDemoOrg(db, accountSettingsFrom(testConfig()));
  const admin = await db.selectFrom('users').select('id').where('email', '=', DEMO_LOGIN.email).executeTakeFirstOrThrow();
  return { orgId, actor: { userId: admin.id, orgId, role: 'admin' } };
}
