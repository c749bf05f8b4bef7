import { describe, expect, it } from 'vitest';
import { loadShippedPlaybooks } from '../../server/serve.js';
import { seedDemoAsAdmin } from '../../../test/support/demo-org.js';
import { useTestApp } from '../../../test/support/test-app.js';
import { listPlaybooks, readPlaybook } from '../playbooks/playbooks.service.js';

const context = useTestApp({}, { withDemoOrg: true });

describe('the playbooks demo', () => {
  it('gives the demo library past readings and answers, and leaves the admin\'s answers open', async () => {
    const db = context.database.db;
    const { orgId, actor } = await seedDemoAsAdmin(db);
    const library = loadShippedPlaybooks();
    const playbooks = await listPlaybooks(db, actor, library);
    expect(playbooks.find((playbook) => playbook.slug === 'writing-a-prfaq')).toMatchObject({ views: 5, helpful: { yes: 2, no: 1 } });
    expect(playbooks.filter((playbook) => playbook.views > 0).length).toBeGreaterThanOrEqual(5);
    // Every seeded slug is a playbook of the library.
    const slugs = await db.selectFrom('playbook_views').select('playbook_slug').distinct().where('org_id', '=', orgId).execute();
    expect(slugs.every((row) => library.bySlug.has(row.playbook_slug))).toBe(true);
    // The admin's first opening today is a new view, and their answer is still open.
    const opened = await readPlaybook(db, actor, library, 'writing-a-prfaq');
    expect(opened).toMatchObject({ views: 6, helpful: { yes: 2, no: 1, mine: null } });
  });
});
