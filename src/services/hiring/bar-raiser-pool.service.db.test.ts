import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signUpClient } from '../../../test/support/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.js';
import { loadPool } from './bar-raiser-pool.service.js';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database.drop());

const DAY = 86_400_000;

describe('bar raiser pool load', () => {
  it('counts loops run in the 30 days before `now`, all loops run, and loops shadowed', async () => {
    const { orgId } = await signUpClient(createTestApp(database.db).app);
    const db = database.db;
    const person = async (name: string) => (await db.insertInto('people').values({ org_id: orgId, name, email: `${name}@x.test`, role: 'Engineer', level: 6, manager_id: null, dotted_line_manager_id: null, user_id: null }).returning('id').executeTakeFirstOrThrow()).id;
    const [raiser, trainee, manager] = [await person('raiser'), await person('trainee'), await person('manager')];
    await db.insertInto('bar_raisers').values([{ org_id: orgId, person_id: raiser, status: 'certified' }, { org_id: orgId, person_id: trainee, status: 'in_training' }]).execute();
    const team = (await db.insertInto('teams').values({ org_id: orgId, name: 'T' }).returning('id').executeTakeFirstOrThrow()).id;
    const requisition = (await db.insertInto('requisitions').values({ org_id: orgId, role: 'Engineer', level: 6, team_id: team, hiring_manager_id: manager }).returning('id').executeTakeFirstOrThrow()).id;
    const now = new Date('2026-06-30T12:00:00Z');
    for (const daysAgo of [5, 29, 45]) {
      const candidate = (await db.insertInto('candidates').values({ org_id: orgId, requisition_id: requisition, name: `c${daysAgo}`, email: 'c@x.test' }).returning('id').executeTakeFirstOrThrow()).id;
      const loop = (await db.insertInto('loops').values({ org_id: orgId, candidate_id: candidate, interview_at: new Date(now.getTime() - daysAgo * DAY) }).returning('id').executeTakeFirstOrThrow()).id;
      await db.insertInto('loop_seats').values([
        { loop_id: loop, org_id: orgId, person_id: raiser, seat: 'bar_raiser', principles: '[]', position: 0 },
        { loop_id: loop, org_id: orgId, person_id: trainee, seat: 'shadow', principles: '[]', position: 1 },
      ]).execute();
    }
    expect(await loadPool(db, orgId, now)).toEqual([
      { personId: raiser, name: 'raiser', status: 'certified', recentLoad: 2, totalLoops: 3, shadowed: 0, hasLogin: false, editToken: expect.any(String) },
      { personId: trainee, name: 'trainee', status: 'in_training', recentLoad: 0, totalLoops: 0, shadowed: 3, hasLogin: false, editToken: expect.any(String) },
    ]);
    // Seen from 40 days later, none of the three is recent any more.
    expect((await loadPool(db, orgId, new Date(now.getTime() + 40 * DAY)))[0]!.recentLoad).toBe(0);
  });
});
