import { describe, expect, it } from 'vitest';
import { seedDemoAsAdmin } from '../../../test/support/demo-org.js';
import { useTestApp } from '../../../test/support/test-app.js';
import { listAuditEvents } from '../audit/audit.service.js';
import { listCandidates, listRequisitions } from '../hiring/requisitions.service.js';
import { getCandidate } from '../hiring/loops.service.js';
import { getHome } from '../home/home.service.js';

const context = useTestApp({}, { withDemoOrg: true });

describe('the people demo', () => {
  it('leaves the Warehouse pilot paused with nobody leading it, which the admin\'s Home lists as at risk', async () => {
    const { actor } = await seedDemoAsAdmin(context.database.db);
    const { leadership } = await getHome(context.database.db, actor, new Date());
    expect(leadership).toContainEqual(expect.objectContaining({ kind: 'initiative_at_risk', name: 'Warehouse pilot', status: 'paused', stl: null, reasons: expect.arrayContaining([expect.objectContaining({ risk: 'paused_without_leader' })]) }));
  });

  it('dates each requisition, candidate and loop before the interviews it holds, as the Hiring page shows them', async () => {
    const { actor } = await seedDemoAsAdmin(context.database.db);
    const db = context.database.db;
    const now = new Date();
    const requisitions = await listRequisitions(db, actor, now);
    // Both roles were opened weeks ago, not on the seeding day.
    for (const requisition of requisitions) expect(now.getTime() - Date.parse(requisition.createdAt)).toBeGreaterThan(7 * 86_400_000);
    let interviews = 0;
    for (const requisition of requisitions) {
      for (const candidate of await listCandidates(db, actor, requisition.id)) {
        const { loop } = await getCandidate(db, actor, candidate.id, now);
        if (loop === null) continue;
        interviews += 1;
        expect(Date.parse(loop.interviewAt)).toBeGreaterThan(Date.parse(requisition.createdAt));
        // The candidate applied, then the loop was set up, then the interview was held.
        const row = await db.selectFrom('candidates').innerJoin('loops', 'loops.candidate_id', 'candidates.id').select(['candidates.created_at as applied', 'loops.created_at as planned'])
          .where('candidates.id', '=', candidate.id).executeTakeFirstOrThrow();
        expect(new Date(row.applied).getTime()).toBeGreaterThan(Date.parse(requisition.createdAt));
        expect(new Date(row.planned).getTime()).toBeGreaterThan(new Date(row.applied).getTime());
        expect(Date.parse(loop.interviewAt)).toBeGreaterThan(new Date(row.planned).getTime());
      }
    }
    expect(interviews).toBe(3);
    // The audit log tells the same story: the requisition's opening is recorded when it opened.
    const events = await listAuditEvents(db, actor, { limit: 10, filter: { actions: ['requisition.created'] } });
    expect(events.map((event) => event.createdAt).sort()).toEqual(requisitions.map((requisition) => requisition.createdAt).sort());
  });

  it('gives scorecards notes about their candidate on each principle, and two reviews with one score their own ratings', async () => {
    const { actor } = await seedDemoAsAdmin(context.database.db);
    const db = context.database.db;
    const candidates = await db.selectFrom('candidates').innerJoin('loops', 'loops.candidate_id', 'candidates.id').innerJoin('feedback', 'feedback.loop_id', 'loops.id')
      .select(['candidates.name', 'feedback.ratings']).where('candidates.org_id', '=', actor.orgId).execute();
    expect(candidates.length).toBeGreaterThan(5);
    const notes = candidates.flatMap((row) => row.ratings.map((rating) => ({ candidate: row.name.split(' ')[0]!, evidence: rating.evidence })));
    // Each note names the candidate it is about, and no two notes on one candidate are the same words.
    for (const note of notes) expect(note.evidence).toContain(note.candidate);
    for (const name of new Set(notes.map((note) => note.candidate))) {
      const theirs = notes.filter((note) => note.candidate === name).map((note) => note.evidence);
      expect(new Set(theirs).size).toBe(theirs.length);
    }
    // Tomas and Aiko have the same overall score this half, but not the same rating on every principle.
    const open = await db.selectFrom('review_cycles').select('id').where('org_id', '=', actor.orgId).where('status', '=', 'open').executeTakeFirstOrThrow();
    const reviews = await db.selectFrom('reviews').innerJoin('people', 'people.id', 'reviews.person_id').select(['people.name', 'reviews.ratings']).where('reviews.cycle_id', '=', open.id).execute();
    const ratingsOf = (first: string) => reviews.find((review) => review.name.startsWith(first))!.ratings.map((rating) => `${rating.principleId}:${rating.rating}`).sort();
    expect(ratingsOf('Tomas')).not.toEqual(ratingsOf('Aiko'));
  });
});
