import { SelectQueryNode, TableNode, type Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { readLedger } from '../../../services/reviews/reviews.service.js';
import * as evidenceCorrectedAt from '../../../storage/migrations/2026-11-28T14-00-evidence-corrected-at.js';
import * as reviewRoleLevel from '../../../storage/migrations/2026-11-26T21-05-review-role-level.js';
import * as reviewCyclePrinciples from '../../../storage/migrations/2026-11-26T23-30-review-cycle-principles.js';
import { writtenEvidence } from '../../../../test/support/evidence.js';
import { inviteClient, signUpClient, useTestApp } from '../../../../test/support/test-app.js';

const context = useTestApp();

async function setUp() {
  const { client, orgId, email, userId } = await signUpClient(context.app);
  const add = async (name: string, level: number) => (await client.post(`/orgs/${orgId}/people`, { name, email: `${name.toLowerCase()}@example.test`, role: 'Engineer', level })).body.person.id as string;
  const ana = await add('Ana', 5);
  const ben = await add('Ben', 5);
  const cy = await add('Cy', 6);
  const principles = (await client.get(`/orgs/${orgId}/principles`)).body.principles.map((principle: { id: string; title: string }) => principle);
  const cycle = (await client.post(`/orgs/${orgId}/review-cycles`, { name: '2026 H2' })).body.id as string;
  return { client, orgId, email, userId, ana, ben, cy, principles, cycle };
}

/** Three sections of a promotion case (a case argues at least three principles), each scored `rating`. */
const sectionsFor = (principles: { id: string }[], rating = 4, evidenceIds: string[] = []) =>
  principles.slice(0, 3).map((principle, index) => ({ principleId: principle.id, rating, narrative: writtenEvidence(`section ${index}`), evidenceIds: index === 0 ? evidenceIds : [] }));

describe('reviews by principle', () => {
  it('draws reviews and promotion cases from one evidence ledger per person, tagged by principle', async () => {
    const { client, orgId, ana, principles, cycle } = await setUp();
    const [ownership, deliver] = [principles[2], principles[13]];
    const entry = await client.post(`/orgs/${orgId}/ledgers/${ana}/evidence`, { principleId: ownership.id, text: 'Took the pager for the arm firmware after the launch.' });
    expect(entry.status).toBe(201);
    expect((await client.post(`/orgs/${orgId}/ledgers/${ana}/evidence`, { principleId: ownership.id, text: '   ' })).body.error.field).toBe('body.text');
    // A placeholder is not evidence a review or promotion case could cite.
    const placeholderEntry = await client.post(`/orgs/${orgId}/ledgers/${ana}/evidence`, { principleId: ownership.id, text: ' TBD ' });
    expect(placeholderEntry.status).toBe(422);
    expect(placeholderEntry.body.error).toMatchObject({ code: 'rule_violation', rule: 'evidence.placeholder', field: 'body.text' });

    const cites = (evidenceIds: string[], principleId = ownership.id) => client.put(`/orgs/${orgId}/review-cycles/${cycle}/reviews/${ana}`, { ratings: [{ principleId, rating: 4, evidence: 'Owned the firmware end to end, including the release on-call.', evidenceIds }], baseVersion: 0 });
    expect((await cites([entry.body.id], deliver.id)).body.error.rule).toBe('evidence.same_principle');
    expect((await cites([entry.body.id])).status).toBe(204);
    const review = await client.get(`/orgs/${orgId}/review-cycles/${cycle}`);
    // A reader sees what a rating cites, not only the entry's id.
    expect(review.body.reviews[0]).toMatchObject({ name: 'Ana', ratings: [{ principleId: ownership.id, title: ownership.title, rating: 4, evidenceIds: [entry.body.id], cited: [{ id: entry.body.id, text: 'Took the pager for the arm firmware after the launch.' }] }] });
    const missingEvidence = await client.put(`/orgs/${orgId}/review-cycles/${cycle}/reviews/${ana}`, { ratings: [{ principleId: ownership.id, rating: 4, evidence: '' }], baseVersion: 1 });
    expect(missingEvidence.body.error.field).toBe('body.ratings.0.evidence');
    // Citing the ledger does not stand in for the written evidence: one real sentence, at least 8 words.
    const short = await client.put(`/orgs/${orgId}/review-cycles/${cycle}/reviews/${ana}`, { ratings: [{ principleId: ownership.id, rating: 4, evidence: 'Great owner.', evidenceIds: [entry.body.id] }], baseVersion: 1 });
    expect(short.status).toBe(422);
    expect(short.body.error).toMatchObject({ code: 'rule_violation', rule: 'review.evidence_too_short', field: 'body.ratings.0.evidence', message: `Write at least 8 words of evidence for ${ownership.title}: what the person did, with an example (this has 2 words).` });
    const placeholder = await client.put(`/orgs/${orgId}/review-cycles/${cycle}/reviews/${ana}`, { ratings: [{ principleId: ownership.id, rating: 4, evidence: 'N/A' }], baseVersion: 1 });
    expect(placeholder.body.error).toMatchObject({ code: 'rule_violation', rule: 'review.evidence_placeholder', field: 'body.ratings.0.evidence' });
    const others = [principles[3], principles[4]].map((principle: { id: string }) => ({ principleId: principle.id, rating: 4, narrative: writtenEvidence(), evidenceIds: [] }));
    const shortCase = await client.post(`/orgs/${orgId}/ledgers/${ana}/promotion-cases`, { targetLevel: 6, sections: [{ principleId: ownership.id, rating: 4, narrative: 'Acts like an owner.', evidenceIds: [entry.body.id] }, ...others] });
    expect(shortCase.status).toBe(422);
    expect(shortCase.body.error).toMatchObject({ code: 'rule_violation', rule: 'promotion.evidence_too_short', field: 'body.sections.0.narrative', message: `Write at least 8 words of evidence for ${ownership.title}: how the person already works above the bar, with an example (this has 4 words).` });
    expect((await client.get(`/orgs/${orgId}/review-cycles/${cycle}`)).body.reviews[0]).toMatchObject({ reviewVersion: 1, ratings: [{ evidence: 'Owned the firmware end to end, including the release on-call.' }] });

    const promotion = await client.post(`/orgs/${orgId}/ledgers/${ana}/promotion-cases`, { targetLevel: 6, sections: [{ principleId: ownership.id, rating: 4, narrative: 'Runs the firmware as an owner, from the roadmap to the pager.', evidenceIds: [entry.body.id] }, ...others] });
    expect(promotion.status).toBe(201);
    expect((await client.post(`/orgs/${orgId}/ledgers/${ana}/promotion-cases`, { targetLevel: 5, sections: [{ principleId: ownership.id, rating: 4, narrative: 'x' }] })).body.error.rule).toBe('promotion.higher_level');
    // Each section is scored on the interview scale: none, or one off it, is refused naming the section.
    expect((await client.post(`/orgs/${orgId}/ledgers/${ana}/promotion-cases`, { targetLevel: 6, sections: [{ principleId: ownership.id, narrative: 'x' }] })).body.error).toMatchObject({ code: 'validation_failed', field: 'body.sections.0.rating' });
    expect((await client.post(`/orgs/${orgId}/ledgers/${ana}/promotion-cases`, { targetLevel: 6, sections: [{ principleId: ownership.id, rating: 7, narrative: 'x' }, ...others] })).body.error).toMatchObject({ code: 'validation_failed', field: 'body.sections.0.rating' });
    const ledger = await client.get(`/orgs/${orgId}/ledgers/${ana}`);
    expect(ledger.body.evidence).toHaveLength(1);
    expect(ledger.body.promotionCases[0]).toMatchObject({ fromLevel: 5, targetLevel: 6, sections: [{ title: ownership.title, rating: 4, evidence: [{ id: entry.body.id, text: 'Took the pager for the arm firmware after the launch.' }] }, {}, {}] });
  });

  it('keeps a principle retired in the middle of a cycle on the reviews that rated it, and no others', async () => {
    const { client, orgId, ana, ben, principles, cycle } = await setUp();
    const [ownership, deliver] = [principles[2], principles[13]];
    const save = (person: string, ratings: unknown[], baseVersion: number) => client.put(`/orgs/${orgId}/review-cycles/${cycle}/reviews/${person}`, { ratings, baseVersion });
    const rated = (principleId: string, evidence: string) => ({ principleId, rating: 3, evidence });
    expect((await save(ana, [rated(ownership.id, 'Owned the rollout from the first plan to the launch.'), rated(deliver.id, 'Shipped the robot arm firmware on the day promised.')], 0)).status).toBe(204);
    expect((await client.post(`/orgs/${orgId}/principles/${ownership.id}/retire`)).status).toBe(200);
    // Ana's review corrects a typo: her Ownership rating stays, with the wording it was rated against.
    expect((await save(ana, [rated(ownership.id, 'Owned the whole rollout, from the plan to the last customer.'), rated(deliver.id, 'Shipped the robot arm firmware on the day promised.')], 1)).status).toBe(204);
    const review = (await client.get(`/orgs/${orgId}/review-cycles/${cycle}`)).body.reviews.find((entry: { personId: string }) => entry.personId === ana);
    expect(review.ratings).toEqual(expect.arrayContaining([expect.objectContaining({ principleId: ownership.id, title: ownership.title, version: 1, evidence: 'Owned the whole rollout, from the plan to the last customer.' })]));
    // A review that never rated it cannot start now.
    const fresh = await save(ben, [rated(ownership.id, 'Late addition.')], 0);
    expect(fresh.body.error).toMatchObject({ rule: 'review.active_principles', field: 'body.ratings.0.principleId' });
    expect(fresh.body.error.message).toMatch(/this one is retired/);
    // An id that is no principle of this org is not called retired.
    const unknown = await save(ben, [rated('00000000-0000-4000-8000-000000000000', writtenEvidence())], 0);
    expect(unknown.status).toBe(422);
    expect(unknown.body.error).toMatchObject({ rule: 'review.active_principles', field: 'body.ratings.0.principleId', message: 'This is not one of this org\'s principles: choose one from the org\'s list of active principles.' });
  });

  it('calibrates a cycle per role and level, and freezes a closed cycle', async () => {
    const { client, orgId, ana, ben, cy, principles, cycle } = await setUp();
    const rate = (personId: string, scores: number[]) =>
      client.put(`/orgs/${orgId}/review-cycles/${cycle}/reviews/${personId}`, { ratings: scores.map((rating, index) => ({ principleId: principles[index].id, rating, evidence: writtenEvidence(`principle ${index}`) })), baseVersion: 0 });
    await rate(ana, [3, 3]);
    await rate(ben, [5, 4]);
    await rate(cy, [4]);
    const calibration = await client.get(`/orgs/${orgId}/review-cycles/${cycle}/calibration`);
    expect(calibration.body.groups.map((group: { level: number; people: { name: string; average: number }[] }) => [group.level, group.people.map((person) => [person.name, person.average])])).toEqual([
      [5, [['Ben', 4.5], ['Ana', 3]]],
      [6, [['Cy', 4]]],
    ]);
    expect(calibration.body.principles.map((principle: { title: string }) => principle.title)).toEqual([principles[0].title, principles[1].title]);
    const level6 = await client.get(`/orgs/${orgId}/review-cycles/${cycle}/calibration?role=engineer&level=6`);
    expect(level6.body.groups).toHaveLength(1);
    expect((await client.get(`/orgs/${orgId}/review-cycles/${cycle}/calibration?level=99`)).body.error.field).toBe('query.level');

    expect((await client.post(`/orgs/${orgId}/review-cycles/${cycle}/close`)).status).toBe(204);
    expect((await rate(ana, [5])).body.error.rule).toBe('review.cycle_open');
    expect((await client.get(`/orgs/${orgId}/review-cycles`)).body.cycles[0]).toMatchObject({ status: 'closed', reviewCount: 3 });
  });

  it('lets a manager review and keep the ledger of the people below them, and nobody else', async () => {
    const { client, orgId, ana, ben, principles, cycle } = await setUp();
    const manager = await inviteClient(context.app, client, orgId, 'member');
    const managerPerson = (await client.post(`/orgs/${orgId}/people`, { name: 'Mona Manager', email: manager.email, role: 'Engineering Manager', level: 7 })).body.person.id;
    await client.patch(`/orgs/${orgId}/people/${ana}`, { managerId: managerPerson });
    const [first] = principles;
    const review = (personId: string) => manager.client.put(`/orgs/${orgId}/review-cycles/${cycle}/reviews/${personId}`, { ratings: [{ principleId: first.id, rating: 4, evidence: writtenEvidence('seen in planning') }], baseVersion: 0 });
    expect((await review(ana)).status).toBe(204);
    expect((await review(ben)).status).toBe(403);
    expect((await manager.client.post(`/orgs/${orgId}/ledgers/${ana}/evidence`, { principleId: first.id, text: 'Ran the customer calls.' })).status).toBe(201);
    expect((await manager.client.get(`/orgs/${orgId}/ledgers/${ben}`)).status).toBe(403);
    await client.put(`/orgs/${orgId}/review-cycles/${cycle}/reviews/${ben}`, { ratings: [{ principleId: first.id, rating: 3, evidence: writtenEvidence('the admin wrote this') }], baseVersion: 0 });
    const seen = await manager.client.get(`/orgs/${orgId}/review-cycles/${cycle}`);
    expect(seen.body.reviews.map((entry: { name: string }) => entry.name)).toEqual(['Ana']);
    // A review names who wrote it.
    expect(seen.body.reviews[0].reviewer).toBe('A member');
    // So does a promotion case: those deciding it read whose argument it is.
    expect((await manager.client.post(`/orgs/${orgId}/ledgers/${ana}/promotion-cases`, { targetLevel: 6, sections: sectionsFor(principles) })).status).toBe(201);
    expect((await client.get(`/orgs/${orgId}/ledgers/${ana}`)).body.promotionCases).toMatchObject([{ fromLevel: 5, targetLevel: 6, author: 'A member' }]);
    expect((await manager.client.get(`/orgs/${orgId}/review-cycles/${cycle}/calibration`)).status).toBe(403);
    expect((await manager.client.post(`/orgs/${orgId}/review-cycles`, { name: 'Mine' })).status).toBe(403);
    expect((await client.get(`/orgs/${orgId}/review-cycles/${cycle}`)).body.reviews).toHaveLength(2);
  });

  it('refuses a save made on top of an older copy of the review (409), and keeps the other reviewer\'s words', async () => {
    const { client, orgId, ana, principles, cycle } = await setUp();
    const save = (evidence: string, baseVersion: number) => client.put(`/orgs/${orgId}/review-cycles/${cycle}/reviews/${ana}`, { ratings: [{ principleId: principles[0].id, rating: 4, evidence }], baseVersion });
    expect((await save(writtenEvidence('first reviewer'), 0)).status).toBe(204);
    expect((await save(writtenEvidence('second reviewer, who also opened an empty form'), 0)).body.error).toMatchObject({ code: 'conflict', field: 'body.baseVersion', data: { currentVersion: 1 } });
    expect((await save(writtenEvidence('first reviewer, second pass'), 1)).status).toBe(204);
    expect((await save(writtenEvidence('stale again'), 1)).status).toBe(409);
    const review = (await client.get(`/orgs/${orgId}/review-cycles/${cycle}`)).body.reviews[0];
    expect(review).toMatchObject({ reviewVersion: 2, ratings: [{ evidence: writtenEvidence('first reviewer, second pass') }] });
    expect((await client.put(`/orgs/${orgId}/review-cycles/${cycle}/reviews/${ana}`, { ratings: [] })).body.error.field).toBe('body.baseVersion');
  });

  it('answers 403 to members who manage nobody, and 404 to other orgs', async () => {
    const { client, orgId, ana, cycle } = await setUp();
    const member = await inviteClient(context.app, client, orgId, 'member');
    expect((await member.client.get(`/orgs/${orgId}/review-cycles`)).status).toBe(200);
    expect((await member.client.get(`/orgs/${orgId}/review-cycles/${cycle}`)).body.reviews).toEqual([]);
    expect((await member.client.get(`/orgs/${orgId}/ledgers/${ana}`)).status).toBe(403);
    const stranger = await signUpClient(context.app);
    expect((await stranger.client.get(`/orgs/${orgId}/review-cycles/${cycle}`)).status).toBe(404);
    expect((await client.get(`/orgs/${orgId}/review-cycles/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
  });

  it('refuses reviewing yourself and writing your own promotion case (422), and lets another admin do both', async () => {
    const { client, orgId, email, principles, cycle } = await setUp();
    // The admin's own person record: linked to her login by her email.
    const self = (await client.post(`/orgs/${orgId}/people`, { name: 'Ada Admin', email, role: 'Engineering Director', level: 10 })).body.person;
    expect(self.userId).not.toBeNull();
    const review = (who: typeof client) => who.put(`/orgs/${orgId}/review-cycles/${cycle}/reviews/${self.id}`, { ratings: [{ principleId: principles[0].id, rating: 5, evidence: writtenEvidence('my own work') }], baseVersion: 0 });
    const mine = await review(client);
    expect(mine.status).toBe(422);
    expect(mine.body.error).toMatchObject({ code: 'rule_violation', rule: 'review.not_self', message: 'You cannot review yourself: your review is written by your manager or another admin.' });
    const promotion = await client.post(`/orgs/${orgId}/ledgers/${self.id}/promotion-cases`, { targetLevel: 11, sections: sectionsFor(principles, 5) });
    expect(promotion.status).toBe(422);
    expect(promotion.body.error).toMatchObject({ code: 'rule_violation', rule: 'promotion.not_self' });
    expect((await client.get(`/orgs/${orgId}/review-cycles/${cycle}`)).body.reviews).toEqual([]);
    const other = await inviteClient(context.app, client, orgId, 'admin');
    expect((await review(other.client)).status).toBe(204);
    expect((await other.client.post(`/orgs/${orgId}/ledgers/${self.id}/promotion-cases`, { targetLevel: 11, sections: sectionsFor(principles, 5) })).status).toBe(201);
  });

  it('gives someone who left no new review, evidence or promotion case, and leaves them out of an open cycle\'s calibration only', async () => {
    const { client, orgId, ana, ben, principles, cycle } = await setUp();
    const review = (personId: string, baseVersion: number) => client.put(`/orgs/${orgId}/review-cycles/${cycle}/reviews/${personId}`, { ratings: [{ principleId: principles[0].id, rating: 4, evidence: writtenEvidence() }], baseVersion });
    expect((await review(ana, 0)).status).toBe(204);
    expect((await review(ben, 0)).status).toBe(204);
    expect((await client.post(`/orgs/${orgId}/people/${ana}/departure`, { leftOn: '2026-11-20' })).status).toBe(200);

    const again = await review(ana, 1);
    expect(again.status).toBe(422);
    expect(again.body.error).toMatchObject({ rule: 'review.person_left', message: 'Ana left the company on Nov 20, 2026, so they can no longer get a review.' });
    const evidence = await client.post(`/orgs/${orgId}/ledgers/${ana}/evidence`, { principleId: principles[0].id, text: writtenEvidence() });
    expect(evidence.status).toBe(422);
    expect(evidence.body.error.rule).toBe('evidence.person_left');
    const promotion = await client.post(`/orgs/${orgId}/ledgers/${ana}/promotion-cases`, { targetLevel: 6, sections: sectionsFor(principles) });
    expect(promotion.status).toBe(422);
    expect(promotion.body.error.rule).toBe('promotion.person_left');

    const names = async () => (await client.get(`/orgs/${orgId}/review-cycles/${cycle}/calibration`)).body.groups.flatMap((group: { people: { name: string }[] }) => group.people.map((person) => person.name));
    expect(await names()).toEqual(['Ben']);
    // A closed cycle keeps everyone it reviewed.
    expect((await client.post(`/orgs/${orgId}/review-cycles/${cycle}/close`)).status).toBe(204);
    expect(await names()).toEqual(['Ana', 'Ben']);
  });

  it('promotes one level up, on at least 3 principles none scored below 3', async () => {
    const { client, orgId, ana, principles } = await setUp();
    const propose = (body: unknown) => client.post(`/orgs/${orgId}/ledgers/${ana}/promotion-cases`, body);
    const jump = await propose({ targetLevel: 12, sections: sectionsFor(principles) });
    expect(jump.status).toBe(422);
    expect(jump.body.error).toMatchObject({ rule: 'promotion.one_level', field: 'body.targetLevel', message: 'A promotion goes one level up: from L5 to L6 (this case asks for L12).' });
    const weak = sectionsFor(principles);
    weak[1]!.rating = 1;
    const low = await propose({ targetLevel: 6, sections: weak });
    expect(low.status).toBe(422);
    expect(low.body.error).toMatchObject({ rule: 'promotion.sections', field: 'body.sections.1.rating', message: `Each section of a promotion case shows the person already works at the bar of the target level: ${principles[1].title} is scored 1. Score it 3 or more, or leave that principle out of the case.` });
    const thin = await propose({ targetLevel: 6, sections: sectionsFor(principles).slice(0, 1) });
    expect(thin.status).toBe(422);
    expect(thin.body.error).toMatchObject({ rule: 'promotion.sections', field: 'body.sections', message: 'A promotion case argues from strength on at least 3 principles: write a section for 3 or more (this case has 1).' });
    expect((await propose({ targetLevel: 6, sections: sectionsFor(principles, 3) })).status).toBe(201);
    expect((await client.get(`/orgs/${orgId}/ledgers/${ana}`)).body.promotionCases).toHaveLength(1);
  });

  it('keeps a closed cycle\'s calibration as it was: the role and level each review recorded, and the principle wording rated', async () => {
    const { client, orgId, ana, cy, principles, cycle } = await setUp();
    const rate = (personId: string) => client.put(`/orgs/${orgId}/review-cycles/${cycle}/reviews/${personId}`, { ratings: [{ principleId: principles[0].id, rating: 4, evidence: writtenEvidence() }], baseVersion: 0 });
    expect((await rate(ana)).status).toBe(204);
    expect((await rate(cy)).status).toBe(204);
    expect((await client.post(`/orgs/${orgId}/review-cycles/${cycle}/close`)).status).toBe(204);
    expect((await client.patch(`/orgs/${orgId}/people/${ana}`, { role: 'Engineering Manager', level: 6 })).status).toBe(200);
    const principle = (await client.get(`/orgs/${orgId}/principles`)).body.principles[0];
    expect((await client.patch(`/orgs/${orgId}/principles/${principle.id}`, { title: 'Customers First', summary: principle.summary, expectedVersion: principle.version })).status).toBe(200);

    const calibration = (await client.get(`/orgs/${orgId}/review-cycles/${cycle}/calibration`)).body;
    expect(calibration.groups.map((group: { role: string; level: number; people: { name: string }[] }) => [group.role, group.level, group.people.map((person) => person.name)])).toEqual([
      ['Engineer', 5, ['Ana']],
      ['Engineer', 6, ['Cy']],
    ]);
    expect(calibration.principles.map((entry: { title: string }) => entry.title)).toEqual([principles[0].title]);
    expect((await client.get(`/orgs/${orgId}/review-cycles/${cycle}`)).body.reviews.find((review: { personId: string }) => review.personId === ana)).toMatchObject({ role: 'Engineer', level: 5 });

    // A review written now records the person as they are now.
    const next = (await client.post(`/orgs/${orgId}/review-cycles`, { name: '2027 H1' })).body.id;
    expect((await client.put(`/orgs/${orgId}/review-cycles/${next}/reviews/${ana}`, { ratings: [{ principleId: principles[0].id, rating: 4, evidence: writtenEvidence() }], baseVersion: 0 })).status).toBe(204);
    const now = (await client.get(`/orgs/${orgId}/review-cycles/${next}/calibration`)).body;
    expect(now.groups.map((group: { role: string; level: number }) => [group.role, group.level])).toEqual([['Engineering Manager', 6]]);
    expect(now.principles.map((entry: { title: string }) => entry.title)).toEqual(['Customers First']);
  });

  it('keeps a closed cycle judged against the principles it was closed with, while an open cycle follows today\'s', async () => {
    const { client, orgId, ana, ben, principles, cycle } = await setUp();
    const open = (await client.post(`/orgs/${orgId}/review-cycles`, { name: '2027 H1' })).body.id as string;
    const half = principles.length / 2;
    expect(Number.isInteger(half)).toBe(true);
    // Ana rates exactly half the principles (3 each), Ben one fewer (5 each): Ana first, Ben's review is thin.
    const rate = (cycleId: string, personId: string, count: number, rating: number) =>
      client.put(`/orgs/${orgId}/review-cycles/${cycleId}/reviews/${personId}`, { ratings: principles.slice(0, count).map((principle: { id: string }, index: number) => ({ principleId: principle.id, rating, evidence: writtenEvidence(`principle ${index}`) })), baseVersion: 0 });
    for (const cycleId of [cycle, open]) {
      expect((await rate(cycleId, ana, half, 3)).status).toBe(204);
      expect((await rate(cycleId, ben, half - 1, 5)).status).toBe(204);
    }
    const calibrationOf = async (cycleId: string) => (await client.get(`/orgs/${orgId}/review-cycles/${cycleId}/calibration`)).body;
    const ranking = (calibration: { groups: { people: { name: string; coverage: { rated: number; of: number }; isThin: boolean }[] }[] }) =>
      calibration.groups.flatMap((group) => group.people.map((person) => [person.name, person.coverage, person.isThin]));
    const asClosed = [['Ana', { rated: half, of: principles.length }, false], ['Ben', { rated: half - 1, of: principles.length }, true]];
    expect(ranking(await calibrationOf(cycle))).toEqual(asClosed);
    expect((await client.post(`/orgs/${orgId}/review-cycles/${cycle}/close`)).status).toBe(204);
    const closedBefore = await calibrationOf(cycle);
    expect(closedBefore.judgedAgainst.map((principle: { id: string; title: string }) => [principle.id, principle.title])).toEqual(principles.map((principle: { id: string; title: string }) => [principle.id, principle.title]));

    // After the close: a principle both rated is retired, another is added, the first is renamed and the order changes.
    const [first, retired] = [principles[0], principles[1]];
    expect((await client.post(`/orgs/${orgId}/principles/${retired.id}/retire`)).status).toBe(200);
    const added = (await client.post(`/orgs/${orgId}/principles`, { title: 'Learn from Customers Weekly', summary: 'Talk to a customer every week and bring back what you heard.' })).body.principle;
    expect(added.id).toEqual(expect.any(String));
    expect((await client.patch(`/orgs/${orgId}/principles/${first.id}`, { title: 'Customers Above All', summary: first.summary, expectedVersion: first.version })).status).toBe(200);
    const all = (await client.get(`/orgs/${orgId}/principles?includeRetired=true`)).body.principles.map((principle: { id: string }) => principle.id);
    expect((await client.put(`/orgs/${orgId}/principles/order`, { ids: [...all].reverse() })).status).toBe(200);

    // The closed cycle does not move: same coverage, thin flags, ranking, principles and wording, in the same order.
    expect(await calibrationOf(cycle)).toEqual(closedBefore);
    // The open cycle follows today's principles: Ana now rates one fewer than half of them, and her review turns thin.
    const now = await calibrationOf(open);
    expect(ranking(now)).toEqual([['Ben', { rated: half - 2, of: principles.length }, true], ['Ana', { rated: half - 1, of: principles.length }, true]]);
    expect(now.judgedAgainst.map((principle: { id: string }) => principle.id)).toContain(added.id);
    expect(now.judgedAgainst.map((principle: { id: string }) => principle.id)).not.toContain(retired.id);
    expect(now.judgedAgainst.find((principle: { id: string }) => principle.id === first.id).title).toBe('Customers Above All');
    // Writing into the closed cycle stays refused.
    const late = await client.put(`/orgs/${orgId}/review-cycles/${cycle}/reviews/${ana}`, { ratings: [{ principleId: added.id, rating: 4, evidence: writtenEvidence() }], baseVersion: 1 });
    expect(late.status).toBe(422);
    expect(late.body.error).toMatchObject({ rule: 'review.cycle_open', message: 'This review cycle is closed; its reviews can no longer change.' });
  });

  it('ranks a thin review after the full ones in calibration, showing each review\'s coverage', async () => {
    const { client, orgId, ana, ben, principles, cycle } = await setUp();
    const active = (await client.get(`/orgs/${orgId}/principles`)).body.principles.filter((principle: { status: string }) => principle.status === 'active');
    const rate = (personId: string, scores: number[]) =>
      client.put(`/orgs/${orgId}/review-cycles/${cycle}/reviews/${personId}`, { ratings: scores.map((rating, index) => ({ principleId: active[index].id, rating, evidence: writtenEvidence(`principle ${index}`) })), baseVersion: 0 });
    expect((await rate(ana, active.map((_: unknown, index: number) => (index % 2 === 0 ? 5 : 4)))).status).toBe(204);
    expect((await rate(ben, [5])).status).toBe(204);
    const [group] = (await client.get(`/orgs/${orgId}/review-cycles/${cycle}/calibration`)).body.groups;
    expect(group.people.map((person: { name: string; coverage: { rated: number; of: number }; isThin: boolean }) => [person.name, person.coverage, person.isThin])).toEqual([
      ['Ana', { rated: active.length, of: active.length }, false],
      ['Ben', { rated: 1, of: active.length }, true],
    ]);
    expect(principles.length).toBeGreaterThan(2);
  });

  it('averages each group over its full reviews, counting the thin ones left out, and includes them on request', async () => {
    const { client, orgId, ana, ben, cy, cycle } = await setUp();
    const dee = (await client.post(`/orgs/${orgId}/people`, { name: 'Dee', email: 'dee@example.test', role: 'Designer', level: 5 })).body.person.id as string;
    const active = (await client.get(`/orgs/${orgId}/principles`)).body.principles.filter((principle: { status: string }) => principle.status === 'active');
    const rate = (personId: string, scores: number[]) =>
      client.put(`/orgs/${orgId}/review-cycles/${cycle}/reviews/${personId}`, { ratings: scores.map((rating, index) => ({ principleId: active[index].id, rating, evidence: writtenEvidence(`principle ${index}`) })), baseVersion: 0 });
    const full = (rating: number) => active.map(() => rating);
    expect((await rate(ana, full(4))).status).toBe(204);
    expect((await rate(ben, [1, 1])).status).toBe(204);
    expect((await rate(cy, full(5))).status).toBe(204);
    expect((await rate(dee, full(3))).status).toBe(204);
    const first = active[0].id as string;
    const calibration = async (query = '') => {
      const answer = await client.get(`/orgs/${orgId}/review-cycles/${cycle}/calibration${query}`);
      expect(answer.status).toBe(200);
      return answer.body as { includesThin: boolean; groups: { role: string; level: number; people: { name: string; isThin: boolean; isInAverages: boolean }[]; principleAverages: Record<string, number>; principleRatingCounts: Record<string, number>; thinLeftOut: number }[] };
    };
    const summary = (body: Awaited<ReturnType<typeof calibration>>) =>
      body.groups.map((group) => [`${group.role} L${group.level}`, group.principleAverages[first], group.principleRatingCounts[first], group.thinLeftOut, group.people.map((person) => [person.name, person.isThin, person.isInAverages])]);

    // By default Ben's two ratings of 1 do not drag the Engineer L5 averages down: Ana's alone, said to be one rating.
    const byDefault = await calibration();
    expect(byDefault.includesThin).toBe(false);
    expect(summary(byDefault)).toEqual([
      ['Designer L5', 3, 1, 0, [['Dee', false, true]]],
      ['Engineer L5', 4, 1, 1, [['Ana', false, true], ['Ben', true, false]]],
      ['Engineer L6', 5, 1, 0, [['Cy', false, true]]],
    ]);
    expect(byDefault.groups[1]!.principleRatingCounts[active[5].id]).toBe(1);
    expect(await calibration('?includeThin=false')).toEqual(byDefault);

    const withThin = await calibration('?includeThin=true');
    expect(withThin.includesThin).toBe(true);
    expect(summary(withThin)[1]).toEqual(['Engineer L5', 2.5, 2, 0, [['Ana', false, true], ['Ben', true, true]]]);
    // A principle only the full review rates still rests on one rating.
    expect([withThin.groups[1]!.principleAverages[active[5].id], withThin.groups[1]!.principleRatingCounts[active[5].id]]).toEqual([4, 1]);

    // The filter and the toggle together: one role (whatever its case) at one level.
    expect(summary(await calibration('?role=ENGINEER&level=5&includeThin=true'))).toEqual([summary(withThin)[1]]);
    expect(summary(await calibration('?role=designer'))).toEqual([summary(byDefault)[0]]);
    expect((await calibration('?role=Engineer&level=7')).groups).toEqual([]);

    // A toggle that is neither true nor false is refused by name, not read as one of them.
    for (const bad of ['yes', '1', 'TRUE', '']) {
      const refused = await client.get(`/orgs/${orgId}/review-cycles/${cycle}/calibration?includeThin=${bad}`);
      expect(refused.status).toBe(400);
      expect(refused.body.error).toMatchObject({ code: 'validation_failed', field: 'query.includeThin' });
    }
    const badLevel = await client.get(`/orgs/${orgId}/review-cycles/${cycle}/calibration?level=five`);
    expect([badLevel.status, badLevel.body.error.field]).toEqual([400, 'query.level']);
  });

  it('says plainly that a review changed since it was opened, without version numbers', async () => {
    const { client, orgId, ana, principles, cycle } = await setUp();
    const save = (baseVersion: number) => client.put(`/orgs/${orgId}/review-cycles/${cycle}/reviews/${ana}`, { ratings: [{ principleId: principles[0].id, rating: 4, evidence: writtenEvidence() }], baseVersion });
    expect((await save(0)).status).toBe(204);
    const first = await save(0);
    expect(first.body.error).toMatchObject({ code: 'conflict', field: 'body.baseVersion', data: { currentVersion: 1 }, message: 'Someone wrote a review of Ana in this cycle after you opened the form. Reload the page to see it: your changes go on top of theirs.' });
    expect((await save(1)).status).toBe(204);
    expect((await save(1)).body.error.message).toBe('Someone saved Ana\'s review after you opened it. Reload the page to see their changes, then make yours again.');
  });

  it('lets an employee read their own review once its cycle is closed, and keep their own ledger, and nobody else\'s', async () => {
    const { client, orgId, ana, principles, cycle } = await setUp();
    const member = await inviteClient(context.app, client, orgId, 'member');
    const eve = (await client.post(`/orgs/${orgId}/people`, { name: 'Eve', email: member.email, role: 'Engineer', level: 5 })).body.person.id as string;
    const review = (personId: string) => client.put(`/orgs/${orgId}/review-cycles/${cycle}/reviews/${personId}`, { ratings: [{ principleId: principles[0].id, rating: 4, evidence: writtenEvidence(personId) }], baseVersion: 0 });
    expect((await review(eve)).status).toBe(204);
    expect((await review(ana)).status).toBe(204);
    const seen = async () => ({ count: (await member.client.get(`/orgs/${orgId}/review-cycles`)).body.cycles[0].reviewCount, names: (await member.client.get(`/orgs/${orgId}/review-cycles/${cycle}`)).body.reviews.map((entry: { name: string }) => entry.name) });
    // While the cycle is open her review can still change: she neither reads it nor learns how many reviews there are.
    expect(await seen()).toEqual({ count: 0, names: [] });
    expect((await client.post(`/orgs/${orgId}/review-cycles/${cycle}/close`)).status).toBe(204);
    expect(await seen()).toEqual({ count: 1, names: ['Eve'] });
    expect((await client.get(`/orgs/${orgId}/review-cycles`)).body.cycles[0].reviewCount).toBe(2);

    // Her ledger: she reads it and adds to it; the promotion cases about her stay with her reviewers.
    expect((await client.post(`/orgs/${orgId}/ledgers/${eve}/evidence`, { principleId: principles[0].id, text: 'Ran the customer calls for the gripper pilot.' })).status).toBe(201);
    expect((await member.client.post(`/orgs/${orgId}/ledgers/${eve}/evidence`, { principleId: principles[1].id, text: 'Wrote the migration guide that two customers used on day one.' })).status).toBe(201);
    const own = await member.client.get(`/orgs/${orgId}/ledgers/${eve}`);
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ promotionCases: null, evidence: [{ text: 'Wrote the migration guide that two customers used on day one.', author: 'A member' }, { text: 'Ran the customer calls for the gripper pilot.' }] });
    expect((await client.get(`/orgs/${orgId}/ledgers/${eve}`)).body.promotionCases).toEqual([]);
    expect((await member.client.get(`/orgs/${orgId}/ledgers/${ana}`)).status).toBe(403);
    expect((await member.client.post(`/orgs/${orgId}/ledgers/${ana}/evidence`, { principleId: principles[0].id, text: writtenEvidence() })).status).toBe(403);
    expect((await member.client.post(`/orgs/${orgId}/ledgers/${eve}/promotion-cases`, { targetLevel: 6, sections: sectionsFor(principles) })).status).toBe(403);
  });

  it('lets whoever wrote a ledger entry, or an admin, correct or delete it, from a fresh read, audited', async () => {
    const { client, orgId, principles } = await setUp();
    const member = await inviteClient(context.app, client, orgId, 'member');
    const eve = (await client.post(`/orgs/${orgId}/people`, { name: 'Eve', email: member.email, role: 'Engineer', level: 5 })).body.person.id as string;
    const byAdmin = (await client.post(`/orgs/${orgId}/ledgers/${eve}/evidence`, { principleId: principles[0].id, text: 'Ran the customer calls for the gripper pilot.' })).body.id as string;
    const own = (await member.client.post(`/orgs/${orgId}/ledgers/${eve}/evidence`, { principleId: principles[1].id, text: 'Wrote the migraton guide.' })).body.id as string;
    const entryOf = async (reader: typeof client, id: string) => (await reader.get(`/orgs/${orgId}/ledgers/${eve}`)).body.evidence.find((entry: { id: string }) => entry.id === id);
    const base = await entryOf(member.client, own);
    expect(base).toMatchObject({ canChange: true, isCited: false });
    expect(await entryOf(member.client, byAdmin)).toMatchObject({ canChange: false });

    // Eve keeps her own entries, not what her manager or an admin wrote in her ledger.
    const notHers = await member.client.patch(`/orgs/${orgId}/ledgers/${eve}/evidence/${byAdmin}`, { text: 'Ran every customer call.' });
    expect(notHers.status).toBe(403);
    expect(notHers.body.error).toMatchObject({ code: 'forbidden', field: 'param.evidenceId' });
    expect((await member.client.delete(`/orgs/${orgId}/ledgers/${eve}/evidence/${byAdmin}`)).status).toBe(403);

    const corrected = await member.client.patch(`/orgs/${orgId}/ledgers/${eve}/evidence/${own}`, { text: ' Wrote the migration guide. ', baseToken: base.editToken });
    expect(corrected.status).toBe(200);
    expect(corrected.body).toMatchObject({ id: own, text: 'Wrote the migration guide.', principleId: principles[1].id });
    expect(corrected.body.editToken).not.toBe(base.editToken);
    // A correction from the copy read before it is refused, not written over it.
    const stale = await member.client.patch(`/orgs/${orgId}/ledgers/${eve}/evidence/${own}`, { text: 'Wrote a guide.', baseToken: base.editToken });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'conflict', field: 'body.baseToken', data: { token: corrected.body.editToken } });
    expect((await member.client.patch(`/orgs/${orgId}/ledgers/${eve}/evidence/${own}`, { baseToken: corrected.body.editToken })).body.error).toMatchObject({ code: 'validation_failed', field: 'body.text' });
    const placeholder = await member.client.patch(`/orgs/${orgId}/ledgers/${eve}/evidence/${own}`, { text: 'tbd', baseToken: corrected.body.editToken });
    expect(placeholder.body.error).toMatchObject({ code: 'rule_violation', rule: 'evidence.placeholder', field: 'body.text' });
    // An admin corrects anyone's entry, here its principle.
    const retagged = await client.patch(`/orgs/${orgId}/ledgers/${eve}/evidence/${own}`, { principleId: principles[2].id, baseToken: corrected.body.editToken });
    expect(retagged.body).toMatchObject({ principleId: principles[2].id, principleTitle: principles[2].title, text: 'Wrote the migration guide.' });

    expect((await member.client.delete(`/orgs/${orgId}/ledgers/${eve}/evidence/${own}?baseToken=${corrected.body.editToken}`)).status).toBe(409);
    expect((await member.client.delete(`/orgs/${orgId}/ledgers/${eve}/evidence/${own}?baseToken=${retagged.body.editToken}`)).status).toBe(204);
    expect((await member.client.delete(`/orgs/${orgId}/ledgers/${eve}/evidence/${own}`)).status).toBe(404);
    expect((await member.client.get(`/orgs/${orgId}/ledgers/${eve}`)).body.evidence.map((entry: { id: string }) => entry.id)).toEqual([byAdmin]);
    const events = (await client.get(`/orgs/${orgId}/audit-events`)).body.events as { action: string; data: Record<string, unknown> }[];
    expect(events.filter((event) => event.action === 'evidence.corrected')).toHaveLength(2);
    expect(events.find((event) => event.action === 'evidence.deleted')?.data).toMatchObject({ evidenceId: own, text: 'Wrote the migration guide.' });
  });

  it('keeps a ledger entry a saved review or promotion case cites: neither deleted nor corrected (422 naming what cites it)', async () => {
    const { client, orgId, ana, principles, cycle } = await setUp();
    const ownership = principles[2];
    const add = async (principleId: string, text: string) => (await client.post(`/orgs/${orgId}/ledgers/${ana}/evidence`, { principleId, text })).body.id as string;
    const inReview = await add(ownership.id, 'Took the pager for the arm firmware after the launch.');
    const inCase = await add(principles[0].id, 'Called every pilot customer in the first week.');
    expect((await client.put(`/orgs/${orgId}/review-cycles/${cycle}/reviews/${ana}`, { ratings: [{ principleId: ownership.id, rating: 4, evidence: writtenEvidence('owner'), evidenceIds: [inReview] }], baseVersion: 0 })).status).toBe(204);
    expect((await client.post(`/orgs/${orgId}/ledgers/${ana}/promotion-cases`, { targetLevel: 6, sections: sectionsFor(principles, 4, [inCase]) })).status).toBe(201);

    const deleted = await client.delete(`/orgs/${orgId}/ledgers/${ana}/evidence/${inReview}`);
    expect(deleted.status).toBe(422);
    expect(deleted.body.error).toMatchObject({ code: 'rule_violation', rule: 'evidence.cited', field: 'param.evidenceId', data: { citedBy: [{ kind: 'review', cycleId: cycle, cycleName: '2026 H2' }] } });
    expect(deleted.body.error.message).toContain('Ana\'s review in "2026 H2"');
    const corrected = await client.patch(`/orgs/${orgId}/ledgers/${ana}/evidence/${inReview}`, { text: 'Took the pager for a week.' });
    expect(corrected.body.error).toMatchObject({ code: 'rule_violation', rule: 'evidence.cited', field: 'body.text' });
    const inCaseDeleted = await client.delete(`/orgs/${orgId}/ledgers/${ana}/evidence/${inCase}`);
    expect(inCaseDeleted.body.error).toMatchObject({ rule: 'evidence.cited', data: { citedBy: [{ kind: 'promotion_case', targetLevel: 6 }] } });
    expect(inCaseDeleted.body.error.message).toContain('the promotion case to L6');
    // The review still reads what it cited, word for word.
    expect((await client.get(`/orgs/${orgId}/review-cycles/${cycle}`)).body.reviews[0].ratings[0].cited).toEqual([{ id: inReview, text: 'Took the pager for the arm firmware after the launch.' }]);
    expect((await client.get(`/orgs/${orgId}/ledgers/${ana}`)).body.evidence.map((entry: { isCited: boolean }) => entry.isCited)).toEqual([true, true]);
    // Once the open cycle's review stops citing it, the entry can be corrected again.
    expect((await client.put(`/orgs/${orgId}/review-cycles/${cycle}/reviews/${ana}`, { ratings: [{ principleId: ownership.id, rating: 4, evidence: writtenEvidence('owner'), evidenceIds: [] }], baseVersion: 1 })).status).toBe(204);
    expect((await client.patch(`/orgs/${orgId}/ledgers/${ana}/evidence/${inReview}`, { text: 'Took the pager for a week.' })).status).toBe(200);
  });

  it('tells an employee their reviewers cite their entry without naming an open cycle\'s review, and lists their closed cycles\' reviews of them', async () => {
    const { client, orgId, principles, cycle } = await setUp();
    const member = await inviteClient(context.app, client, orgId, 'member');
    const eve = (await client.post(`/orgs/${orgId}/people`, { name: 'Eve', email: member.email, role: 'Engineer', level: 5 })).body.person.id as string;
    const own = (await member.client.post(`/orgs/${orgId}/ledgers/${eve}/evidence`, { principleId: principles[0].id, text: 'Ran the customer calls for the gripper pilot.' })).body.id as string;
    expect((await client.put(`/orgs/${orgId}/review-cycles/${cycle}/reviews/${eve}`, { ratings: [{ principleId: principles[0].id, rating: 4, evidence: writtenEvidence('eve'), evidenceIds: [own] }], baseVersion: 0 })).status).toBe(204);
    const ledger = async () => (await member.client.get(`/orgs/${orgId}/ledgers/${eve}`)).body;
    // Her review is not hers to read while the cycle is open: neither the entry's state nor the refusal gives it away.
    expect(await ledger()).toMatchObject({ reviews: [], evidence: [{ id: own, canChange: true, isCited: false }] });
    const refused = await member.client.delete(`/orgs/${orgId}/ledgers/${eve}/evidence/${own}`);
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ rule: 'evidence.cited', field: 'param.evidenceId' });
    expect(refused.body.error.data).toBeUndefined();
    expect(refused.body.error.message).not.toContain('2026 H2');
    expect((await client.get(`/orgs/${orgId}/ledgers/${eve}`)).body.reviews).toMatchObject([{ cycleId: cycle, cycleName: '2026 H2', cycleStatus: 'open' }]);

    expect((await client.post(`/orgs/${orgId}/review-cycles/${cycle}/close`)).status).toBe(204);
    expect(await ledger()).toMatchObject({ reviews: [{ cycleId: cycle, cycleName: '2026 H2', cycleStatus: 'closed' }], evidence: [{ id: own, isCited: true }] });
    expect((await member.client.delete(`/orgs/${orgId}/ledgers/${eve}/evidence/${own}`)).body.error.data).toEqual({ citedBy: [{ kind: 'review', cycleId: cycle, cycleName: '2026 H2' }] });
  });

  it('refuses a promotion case written before a case saved since (409 naming it), writes nothing, and takes it once read', async () => {
    const { client, orgId, ana, principles } = await setUp();
    const manager = await inviteClient(context.app, client, orgId, 'member');
    const managerPerson = (await client.post(`/orgs/${orgId}/people`, { name: 'Mona Manager', email: manager.email, role: 'Engineering Manager', level: 7 })).body.person.id;
    await client.patch(`/orgs/${orgId}/people/${ana}`, { managerId: managerPerson });
    // The admin and Ana's manager both open the form while Ana has no case; the manager saves first.
    const casesOf = async () => (await client.get(`/orgs/${orgId}/ledgers/${ana}`)).body.promotionCases as { id: string; author: string }[];
    const byManager = await manager.client.post(`/orgs/${orgId}/ledgers/${ana}/promotion-cases`, { targetLevel: 6, sections: sectionsFor(principles), baseCaseId: null });
    expect(byManager.status).toBe(201);
    const late = await client.post(`/orgs/${orgId}/ledgers/${ana}/promotion-cases`, { targetLevel: 6, sections: sectionsFor(principles, 5), baseCaseId: null });
    expect(late.status).toBe(409);
    expect(late.body.error).toMatchObject({ code: 'conflict', field: 'body.baseCaseId', data: { currentCaseId: byManager.body.id }, message: 'A member wrote a promotion case for Ana (to L6) after you opened this form. Read it before writing another, so the same promotion is not argued twice.' });
    expect((await casesOf()).map((found) => found.id)).toEqual([byManager.body.id]);
    // Having read it, the admin may still write theirs; a second save from the same read is refused in turn.
    const again = await client.post(`/orgs/${orgId}/ledgers/${ana}/promotion-cases`, { targetLevel: 6, sections: sectionsFor(principles, 5), baseCaseId: byManager.body.id });
    expect(again.status).toBe(201);
    expect((await client.post(`/orgs/${orgId}/ledgers/${ana}/promotion-cases`, { targetLevel: 6, sections: sectionsFor(principles, 5), baseCaseId: byManager.body.id })).status).toBe(409);
    expect((await casesOf()).map((found) => found.id)).toEqual([again.body.id, byManager.body.id]);
    expect((await client.post(`/orgs/${orgId}/ledgers/${ana}/promotion-cases`, { targetLevel: 6, sections: sectionsFor(principles), baseCaseId: 'not-an-id' })).body.error).toMatchObject({ code: 'validation_failed', field: 'body.baseCaseId' });
  });

  it('refuses a promotion case citing a ledger entry deleted since it was read, naming the entry by id, and writes nothing', async () => {
    const { client, orgId, ana, principles } = await setUp();
    const ledgerOf = async () => (await client.get(`/orgs/${orgId}/ledgers/${ana}`)).body as { evidence: { id: string; editToken: string }[]; promotionCases: unknown[] };
    const entry = (await client.post(`/orgs/${orgId}/ledgers/${ana}/evidence`, { principleId: principles[0].id, text: 'Took the pager for the firmware after launch.' })).body.id as string;
    // The form read the ledger with the entry; it is deleted before the case citing it is saved.
    const { editToken } = (await ledgerOf()).evidence.find((found) => found.id === entry)!;
    expect((await client.delete(`/orgs/${orgId}/ledgers/${ana}/evidence/${entry}?baseToken=${encodeURIComponent(editToken)}`)).status).toBe(204);
    const refused = await client.post(`/orgs/${orgId}/ledgers/${ana}/promotion-cases`, { targetLevel: 6, sections: sectionsFor(principles, 4, [entry]), baseCaseId: null });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: 'validation_failed', field: 'body.sections.0.evidenceIds', data: { evidenceId: entry }, message: expect.stringContaining('it was deleted after you read the ledger') });
    expect((await ledgerOf()).promotionCases).toEqual([]);
  });

  it('stamps a corrected ledger entry with when it was corrected, and not one sent back as it reads', async () => {
    const { client, orgId, ana, principles, cycle } = await setUp();
    const entryOf = async (id: string) => (await client.get(`/orgs/${orgId}/ledgers/${ana}`)).body.evidence.find((entry: { id: string }) => entry.id === id);
    const id = (await client.post(`/orgs/${orgId}/ledgers/${ana}/evidence`, { principleId: principles[0].id, text: 'Ran the customer calls for the gripper pilot.' })).body.id as string;
    const written = await entryOf(id);
    expect(written.correctedAt).toBeNull();

    // The same words (spacing aside) and the same principle are no correction: nothing is stamped or audited.
    const unchanged = await client.patch(`/orgs/${orgId}/ledgers/${ana}/evidence/${id}`, { text: ' Ran the customer calls for the gripper pilot. ', principleId: principles[0].id, baseToken: written.editToken });
    expect(unchanged.status).toBe(200);
    expect(unchanged.body).toMatchObject({ correctedAt: null, editToken: written.editToken });

    const corrected = await client.patch(`/orgs/${orgId}/ledgers/${ana}/evidence/${id}`, { text: 'Ran every customer call for the gripper pilot.', baseToken: written.editToken });
    expect(corrected.status).toBe(200);
    expect(Date.parse(corrected.body.correctedAt)).toBeGreaterThanOrEqual(Date.parse(written.createdAt));
    expect(corrected.body.createdAt).toBe(written.createdAt);
    expect((await entryOf(id)).correctedAt).toBe(corrected.body.correctedAt);
    // Moving it to another principle is a correction too, and moves the stamp on.
    const retagged = await client.patch(`/orgs/${orgId}/ledgers/${ana}/evidence/${id}`, { principleId: principles[1].id, baseToken: corrected.body.editToken });
    expect(Date.parse(retagged.body.correctedAt)).toBeGreaterThan(Date.parse(corrected.body.correctedAt));
    const events = (await client.get(`/orgs/${orgId}/audit-events`)).body.events as { action: string; data: { evidenceId?: string } }[];
    expect(events.filter((event) => event.action === 'evidence.corrected' && event.data.evidenceId === id)).toHaveLength(2);

    // A refused correction (the entry is cited now) leaves the stamp as it was.
    expect((await client.put(`/orgs/${orgId}/review-cycles/${cycle}/reviews/${ana}`, { ratings: [{ principleId: principles[1].id, rating: 4, evidence: writtenEvidence('ana'), evidenceIds: [id] }], baseVersion: 0 })).status).toBe(204);
    expect((await client.patch(`/orgs/${orgId}/ledgers/${ana}/evidence/${id}`, { text: 'Ran a customer call.', baseToken: retagged.body.editToken })).status).toBe(422);
    expect(await entryOf(id)).toMatchObject({ correctedAt: retagged.body.correctedAt, text: 'Ran every customer call for the gripper pilot.', isCited: true });
  });

  it('reads what cites a ledger\'s entries once when reading the ledger', async () => {
    const { client, orgId, userId, ana, principles, cycle } = await setUp();
    const id = (await client.post(`/orgs/${orgId}/ledgers/${ana}/evidence`, { principleId: principles[0].id, text: 'Ran the customer calls for the gripper pilot.' })).body.id as string;
    expect((await client.put(`/orgs/${orgId}/review-cycles/${cycle}/reviews/${ana}`, { ratings: [{ principleId: principles[0].id, rating: 4, evidence: writtenEvidence('ana'), evidenceIds: [id] }], baseVersion: 0 })).status).toBe(204);
    // Every table each query reads from first, as the database is asked.
    const tablesRead: string[] = [];
    const counted = context.database.db.withPlugin({
      transformQuery: ({ node }) => {
        if (SelectQueryNode.is(node)) tablesRead.push(...(node.from?.froms ?? []).flatMap((from) => (TableNode.is(from) ? [from.table.identifier.name] : [])));
        return node;
      },
      transformResult: async ({ result }) => result,
    });
    const ledger = await readLedger(counted, { userId, orgId, role: 'admin' }, ana);
    expect(ledger).toMatchObject({ evidence: [{ id, isCited: true }], reviews: [{ cycleId: cycle, cycleStatus: 'open' }], promotionCases: [] });
    expect(tablesRead.filter((table) => table === 'reviews')).toHaveLength(1);
  });

  it('refuses a second cycle with the same name, whatever its case and spacing (409 on name)', async () => {
    const { client, orgId } = await setUp();
    const again = await client.post(`/orgs/${orgId}/review-cycles`, { name: ' 2026  h2 ' });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'conflict', field: 'body.name', message: 'There is already a review cycle named "2026 H2": give this one another name.' });
    // A name that only looks the same (full-width letters, a soft hyphen) is the same name.
    const lookAlike = await client.post(`/orgs/${orgId}/review-cycles`, { name: '２０２６ H\u00ad2' });
    expect({ status: lookAlike.status, error: lookAlike.body.error }).toEqual({ status: 409, error: again.body.error });
    expect((await client.post(`/orgs/${orgId}/review-cycles`, { name: '2027  H1' })).status).toBe(201);
    expect((await client.get(`/orgs/${orgId}/review-cycles`)).body.cycles.map((cycle: { name: string }) => cycle.name)).toEqual(['2027 H1', '2026 H2']);
  });
});

describe('the review-role-level migration', () => {
  it('records on each existing review the role and level its person has', async () => {
    const { client, orgId, ana, principles, cycle } = await setUp();
    const db = context.database.db;
    expect((await client.put(`/orgs/${orgId}/review-cycles/${cycle}/reviews/${ana}`, { ratings: [{ principleId: principles[0].id, rating: 4, evidence: writtenEvidence() }], baseVersion: 0 })).status).toBe(204);
    // A review from before the columns existed.
    await reviewRoleLevel.down(db as unknown as Kysely<unknown>);
    expect((await client.patch(`/orgs/${orgId}/people/${ana}`, { role: 'Staff Engineer', level: 7 })).status).toBe(200);
    await reviewRoleLevel.up(db as unknown as Kysely<unknown>);
    expect(await db.selectFrom('reviews').select(['role', 'level']).where('person_id', '=', ana).execute()).toEqual([{ role: 'Staff Engineer', level: 7 }]);
  });
});

describe('the review-cycle-principles migration', () => {
  it('gives each cycle closed before it the principles active now, and leaves open cycles following today\'s', async () => {
    const { client, orgId, principles, cycle } = await setUp();
    const db = context.database.db;
    const open = (await client.post(`/orgs/${orgId}/review-cycles`, { name: '2027 H1' })).body.id as string;
    expect((await client.post(`/orgs/${orgId}/review-cycles/${cycle}/close`)).status).toBe(204);
    // A cycle closed before the column existed, and a principle retired since.
    await reviewCyclePrinciples.down(db as unknown as Kysely<unknown>);
    expect((await client.post(`/orgs/${orgId}/principles/${principles[0].id}/retire`)).status).toBe(200);
    await reviewCyclePrinciples.up(db as unknown as Kysely<unknown>);
    const stored = await db.selectFrom('review_cycles').select(['id', 'principles']).where('org_id', '=', orgId).execute();
    expect(stored.find((row) => row.id === open)?.principles).toBeNull();
    expect(stored.find((row) => row.id === cycle)?.principles).toEqual(principles.slice(1).map((principle: { id: string; version: number }) => ({ principleId: principle.id, version: principle.version })));
    // A closed cycle without its principles is refused by the database.
    await expect(db.updateTable('review_cycles').set({ principles: null }).where('id', '=', cycle).execute()).rejects.toThrow(/review_cycles_principles_when_closed/);
  });
});

describe('the evidence-corrected-at migration', () => {
  it('stamps each entry corrected before it with the time of its last correction, and leaves the others unstamped', async () => {
    const { client, orgId, ana, principles } = await setUp();
    const db = context.database.db;
    const add = async (text: string) => (await client.post(`/orgs/${orgId}/ledgers/${ana}/evidence`, { principleId: principles[0].id, text })).body.id as string;
    const [corrected, untouched] = [await add('Ran the customer calls for the gripper pilot.'), await add('Wrote the migration guide.')];
    // Corrected twice before the column existed: only the audit log knew.
    await evidenceCorrectedAt.down(db as unknown as Kysely<unknown>);
    await db.insertInto('audit_events').values([
      { org_id: orgId, action: 'evidence.corrected', subject_type: 'person', subject_id: ana, data: JSON.stringify({ evidenceId: corrected }), created_at: '2026-03-01T09:00:00Z' },
      { org_id: orgId, action: 'evidence.corrected', subject_type: 'person', subject_id: ana, data: JSON.stringify({ evidenceId: corrected }), created_at: '2026-04-02T10:30:00Z' },
    ]).execute();
    await evidenceCorrectedAt.up(db as unknown as Kysely<unknown>);
    const stamps = new Map((await db.selectFrom('evidence_entries').select(['id', 'corrected_at']).where('person_id', '=', ana).execute()).map((row) => [row.id, row.corrected_at]));
    expect(stamps.get(corrected)?.toISOString()).toBe('2026-04-02T10:30:00.000Z');
    expect(stamps.get(untouched)).toBeNull();
  });
});
