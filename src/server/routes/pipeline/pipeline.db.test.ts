import { describe, expect, it } from 'vitest';
import { inviteClient, signUpClient, useTestApp, type ApiClient } from '../../../../test/support/test-app.js';
import { DEMO_MEMO, DEMO_PRFAQ } from '../../../services/demo/seed-documents-demo.js';

const context = useTestApp();

const UNANSWERED_PRFAQ = DEMO_PRFAQ.replace('## Internal FAQ', '### Which cities come next?\n\n## Internal FAQ');
// A list in the memo's body (before the appendix) breaks a hard memo check.
const LISTED_MEMO = DEMO_MEMO.replace('## Appendix', '## Risks\n\n- fraud may rise\n- couriers may scan late\n\n## Appendix');

async function createDocument(client: ApiClient, orgId: string, kind: 'prfaq' | 'memo', body: string): Promise<string> {
  const response = await client.post(`/orgs/${orgId}/documents`, { kind, title: kind === 'prfaq' ? 'Returns robot' : 'Same-day refunds', body });
  expect(response.status).toBe(201);
  return response.body.document.id;
}

async function saveVersion(client: ApiClient, orgId: string, documentId: string, body: string): Promise<void> {
  const current = (await client.get(`/orgs/${orgId}/documents/${documentId}`)).body.document;
  expect((await client.post(`/orgs/${orgId}/documents/${documentId}/versions`, { title: current.title, body, baseVersion: current.version })).status).toBe(201);
}

/** The demo's PR/FAQ, judged compelling on its version 1 by a reviewer, and an idea that argues from it. */
async function ideaWithCompellingPrfaq() {
  const { client: author, orgId } = await signUpClient(context.app);
  const reviewer = await inviteClient(context.app, author, orgId, 'member');
  const prfaqId = await createDocument(author, orgId, 'prfaq', DEMO_PRFAQ);
  const review = `/orgs/${orgId}/documents/${prfaqId}`;
  expect((await reviewer.client.post(`${review}/votes`, { version: 1, choice: 'compelling', reason: 'I would buy this.' })).status).toBe(201);
  expect((await reviewer.client.post(`${review}/verdicts`, { version: 1, verdict: 'compelling', reason: 'Clear customer benefit.' })).status).toBe(201);
  const id = (await author.post(`/orgs/${orgId}/pipeline/ideas`, { name: 'Returns robot', prfaqDocumentId: prfaqId })).body.id as string;
  return { author, reviewer, orgId, review, id, path: `/orgs/${orgId}/pipeline/initiatives/${id}` };
}

describe('the initiative pipeline', () => {
  it('takes an idea to launch through every gate, each refused (422, rule named) until the other mechanisms show it is met', async () => {
    const { client: author, orgId } = await signUpClient(context.app);
    const reviewer = await inviteClient(context.app, author, orgId, 'member');
    const lead = (await author.post(`/orgs/${orgId}/people`, { name: 'Lee Lead', email: 'lee@example.test', role: 'Product lead', level: 7 })).body.person.id;

    const idea = await author.post(`/orgs/${orgId}/pipeline/ideas`, { name: 'Returns robot' });
    expect(idea.status).toBe(201);
    expect(idea.body).toMatchObject({ stage: 'idea', status: 'active', stl: null, next: { stage: 'press_release', checks: [{ rule: 'pipeline.prfaq_linked', met: false }] } });
    // A second idea may not take its name, whatever the case: the pipeline and the org chart name initiatives alike.
    expect((await author.post(`/orgs/${orgId}/pipeline/ideas`, { name: ' returns ROBOT ' })).body.error).toMatchObject({ code: 'conflict', field: 'body.name' });
    const id: string = idea.body.id;
    const path = `/orgs/${orgId}/pipeline/initiatives/${id}`;
    const move = (to: string, reason?: string) => author.post(`${path}/moves`, { to, ...(reason === undefined ? {} : { reason }) });
    const refusedBy = async (to: string) => {
      const response = await move(to);
      expect(response.status).toBe(422);
      return response.body.error.rule as string;
    };

    // The idea stage: a PR/FAQ must be linked, and nothing skips a stage.
    expect(await refusedBy('press_release')).toBe('pipeline.prfaq_linked');
    expect(await refusedBy('faq')).toBe('pipeline.one_stage');
    const memoId = await createDocument(author, orgId, 'memo', LISTED_MEMO);
    const wrongKind = await author.put(`${path}/documents`, { prfaqDocumentId: memoId });
    expect(wrongKind.status).toBe(400);
    expect(wrongKind.body.error).toMatchObject({ field: 'body.prfaqDocumentId' });
    const prfaqId = await createDocument(author, orgId, 'prfaq', UNANSWERED_PRFAQ);
    expect((await author.put(`${path}/documents`, { prfaqDocumentId: prfaqId })).body.prfaq).toMatchObject({ id: prfaqId, kind: 'prfaq' });
    expect((await move('press_release', 'First draft is in.')).body).toMatchObject({ stage: 'press_release', next: { stage: 'faq' } });

    // The FAQ stage opens on a compelling verdict of the reviewers.
    expect(await refusedBy('faq')).toBe('pipeline.press_release_compelling');
    const review = `/orgs/${orgId}/documents/${prfaqId}`;
    expect((await reviewer.client.post(`${review}/votes`, { version: 1, choice: 'compelling', reason: 'I would buy this.' })).status).toBe(201);
    expect((await reviewer.client.post(`${review}/verdicts`, { version: 1, verdict: 'compelling', reason: 'Clear customer benefit.' })).status).toBe(201);
    expect((await move('faq')).status).toBe(200);

    // The memo stage opens when the FAQ has a customer and an internal question, all answered.
    expect(await refusedBy('memo')).toBe('pipeline.faq_answered');
    expect((await author.get(path)).body.next.checks[0].message).toContain('1 unanswered question');
    await saveVersion(author, orgId, prfaqId, DEMO_PRFAQ);
    expect((await move('memo')).status).toBe(200);

    // A reading review needs a linked memo without lint errors (the hard memo checks).
    expect(await refusedBy('reading_review')).toBe('pipeline.memo_checks');
    await author.put(`${path}/documents`, { memoDocumentId: memoId });
    expect(await refusedBy('reading_review')).toBe('pipeline.memo_checks');
    expect((await author.get(path)).body.next.checks[0].message).toMatch(/fails 1 hard memo check|fails [0-9]+ hard memo checks/);
    await saveVersion(author, orgId, memoId, DEMO_MEMO);
    expect((await move('reading_review')).status).toBe(200);

    // Approval is the decision of a reading meeting on the memo.
    expect(await refusedBy('approved')).toBe('pipeline.reading_approved');
    const meeting = (await author.post(`/orgs/${orgId}/documents/${memoId}/meetings`, { attendeeIds: [reviewer.userId] })).body.meeting.id;
    const meetingPath = `/orgs/${orgId}/meetings/${meeting}`;
    await author.post(`${meetingPath}/start`);
    await reviewer.client.post(`${meetingPath}/progress`, { percent: 100, isDone: true });
    await reviewer.client.post(`${meetingPath}/discussion`, { body: 'Ready to go.' });
    // The reviewer is the approver (the author never approves their own memo).
    expect((await reviewer.client.post(`${meetingPath}/votes`, { decision: 'approve' })).status).toBe(200);
    // Ending the meeting with the approvers' decision moves the initiative on: approval is theirs, not a second step.
    const ended = await author.post(`${meetingPath}/end`, { notes: 'Build it in Seattle first.' });
    expect(ended.status).toBe(200);
    expect(ended.body.initiatives).toEqual({ moved: [{ id, name: 'Returns robot', to: 'approved' }], held: [] });
    const approved = (await author.get(path)).body;
    expect(approved.stage).toBe('approved');
    expect(approved.transitions[0]).toMatchObject({ from: 'reading_review', to: 'approved', reason: 'The reading review approved "Same-day refunds": Build it in Seattle first.' });

    // Staffing needs one single-threaded leader; building a single-threaded team; launch a controllable input metric.
    expect(await refusedBy('staffing')).toBe('pipeline.stl');
    expect((await author.patch(`/orgs/${orgId}/initiatives/${id}`, { stlPersonId: lead })).status).toBe(200);
    expect((await move('staffing')).body).toMatchObject({ stage: 'staffing', stl: { id: lead, name: 'Lee Lead' } });
    expect(await refusedBy('building')).toBe('pipeline.team');
    const crew = await author.post(`/orgs/${orgId}/teams`, { name: 'Robot crew', isSingleThreaded: true, initiativeId: id });
    expect(crew.status).toBe(201);
    // Who its teams hire is on its record too (the roles, never the candidates).
    const opened = await author.post(`/orgs/${orgId}/hiring/requisitions`, { role: 'Robotics technician', level: 5, teamId: crew.body.team.id, hiringManagerId: lead });
    expect(opened.status).toBe(201);
    expect((await author.get(path)).body.hiring).toEqual([expect.objectContaining({ id: opened.body.requisition.id, role: 'Robotics technician', status: 'open', team: { id: crew.body.team.id, name: 'Robot crew' } })]);
    expect((await move('building')).status).toBe(200);
    expect(await refusedBy('launched')).toBe('pipeline.input_metric');
    await context.database.db.insertInto('metrics').values({ org_id: orgId, name: 'Refund time', definition: 'Hours from scan to refund.', kind: 'output', controllable: false, initiative_id: id }).execute();
    expect(await refusedBy('launched')).toBe('pipeline.input_metric');
    await context.database.db.insertInto('metrics').values({ org_id: orgId, name: 'Pickup slots offered', definition: 'Pickup windows offered per day.', kind: 'input', controllable: true, initiative_id: id }).execute();
    const launched = await move('launched', 'Live in Seattle.');
    expect(launched.body).toMatchObject({ stage: 'launched', next: null, teams: [{ name: 'Robot crew', isSingleThreaded: true }] });
    expect(launched.body.metrics.map((metric: { name: string }) => metric.name)).toEqual(['Pickup slots offered', 'Refund time']);

    // Launched keeps a controllable input metric: its last one cannot be unlinked, demoted or removed. (It can be
    // retired, with a reason: below.)
    expect(await refusedBy('killed')).toBe('pipeline.reason');
    const pickups = launched.body.metrics.find((metric: { name: string }) => metric.name === 'Pickup slots offered').id;
    const metricPath = `/orgs/${orgId}/metrics/${pickups}`;
    const elsewhere = (await author.post(`/orgs/${orgId}/pipeline/ideas`, { name: 'Another bet' })).body.id;
    const attempts = [
      () => author.delete(metricPath),
      () => author.patch(metricPath, { initiativeId: null }),
      () => author.patch(metricPath, { initiativeId: elsewhere }),
      () => author.patch(metricPath, { controllable: false }),
      () => author.patch(metricPath, { kind: 'output', controllable: false }),
    ];
    for (const attempt of attempts) {
      const refused = await attempt();
      expect(refused.status).toBe(422);
      expect(refused.body.error.rule).toBe('pipeline.launched_input');
    }
    const second = await author.post(`/orgs/${orgId}/metrics`, { name: 'Robots on the street', definition: 'Robots available for pickups each hour.', kind: 'input', controllable: true, ownerPersonId: lead, initiativeId: id });
    expect(second.status).toBe(201);
    expect((await author.delete(metricPath)).status).toBe(204);
    const record = (await author.get(path)).body;
    expect(record.enteredAt).toBe('idea');
    expect(record.transitions.map((transition: { to: string }) => transition.to)).toEqual(['launched', 'building', 'staffing', 'approved', 'reading_review', 'memo', 'faq', 'press_release']);
    expect(record.transitions[0]).toMatchObject({ from: 'building', reason: 'Live in Seattle.', by: { name: expect.any(String) } });
    const audit = (await author.get(`/orgs/${orgId}/audit-events`)).body.events.filter((event: { action: string }) => event.action === 'initiative.stage_changed');
    expect(audit).toHaveLength(8);
    expect(audit[0]).toMatchObject({ subjectId: id, data: { name: 'Returns robot', from: 'building', to: 'launched', reason: 'Live in Seattle.' } });

    const pipeline = (await author.get(`/orgs/${orgId}/pipeline`)).body;
    expect(pipeline.counts).toMatchObject({ idea: 1, launched: 1, killed: 0 });
    expect(pipeline.initiatives.find((initiative: { id: string }) => initiative.id === id)).toMatchObject({ stage: 'launched', prfaq: { id: prfaqId }, memo: { id: memoId } });

    // A launched product is never sent back through its gates; it can be retired, with a reason.
    expect((await move('building', 'Rework the robots.')).body.error.rule).toBe('pipeline.closed');
    expect((await move('killed', '')).body.error.rule).toBe('pipeline.reason');
    const retired = await move('killed', 'Retired: the city banned sidewalk robots.');
    expect(retired.status).toBe(200);
    expect(retired.body.transitions[0]).toMatchObject({ from: 'launched', to: 'killed', reason: 'Retired: the city banned sidewalk robots.' });
    expect((await move('launched', 'Back again.')).body.error.rule).toBe('pipeline.closed');
  });

  it('sends an initiative back or kills it only with a reason, and a killed one stays killed', async () => {
    const { client, orgId } = await signUpClient(context.app);
    const prfaqId = await createDocument(client, orgId, 'prfaq', DEMO_PRFAQ);
    const id = (await client.post(`/orgs/${orgId}/pipeline/ideas`, { name: 'Drone drops', prfaqDocumentId: prfaqId })).body.id;
    const moves = `/orgs/${orgId}/pipeline/initiatives/${id}/moves`;
    expect((await client.post(moves, { to: 'press_release' })).status).toBe(200);

    expect((await client.post(moves, { to: 'idea' })).body.error.rule).toBe('pipeline.reason');
    expect((await client.post(moves, { to: 'idea', reason: '   ' })).body.error.rule).toBe('pipeline.reason');
    expect((await client.post(moves, { to: 'idea', reason: 'Rethink the customer.' })).body.stage).toBe('idea');
    expect((await client.post(moves, { to: 'idea', reason: 'Again.' })).body.error.rule).toBe('pipeline.same_stage');

    // People and a team working on it: a kill frees their time and takes the team off it.
    const pilot = (await client.post(`/orgs/${orgId}/people`, { name: 'Pia Pilot', email: 'pia@example.test', role: 'Pilot', level: 5 })).body.person.id;
    expect((await client.put(`/orgs/${orgId}/allocations`, { personId: pilot, initiativeId: id, percent: 40 })).status).toBe(200);
    const crew = (await client.post(`/orgs/${orgId}/teams`, { name: 'Drone crew', isSingleThreaded: false, initiativeId: id })).body.team.id;

    expect((await client.post(moves, { to: 'killed' })).body.error.rule).toBe('pipeline.reason');
    const killed = await client.post(moves, { to: 'killed', reason: 'Regulators ground the drones.' });
    expect(killed.body).toMatchObject({ stage: 'killed', status: 'done', next: null, teams: [] });
    expect((await client.get(`/orgs/${orgId}/people/${pilot}`)).body.person.allocations).toEqual([]);
    expect((await client.get(`/orgs/${orgId}/teams`)).body.teams.find((team: { id: string }) => team.id === crew)).toMatchObject({ initiativeId: null });
    const killAudit = (await client.get(`/orgs/${orgId}/audit-events`)).body.events.find((event: { action: string; data: { to?: string } }) => event.action === 'initiative.stage_changed' && event.data.to === 'killed');
    expect(killAudit.data).toMatchObject({ allocationsEnded: 1, teamsUnlinked: 1 });
    expect((await client.post(moves, { to: 'press_release' })).body.error.rule).toBe('pipeline.closed');

    // A document knows the initiatives it argues for.
    expect((await client.get(`/orgs/${orgId}/pipeline?documentId=${prfaqId}`)).body.initiatives.map((initiative: { name: string }) => initiative.name)).toEqual(['Drone drops']);
    const unrelated = await createDocument(client, orgId, 'memo', DEMO_MEMO);
    expect((await client.get(`/orgs/${orgId}/pipeline?documentId=${unrelated}`)).body).toMatchObject({ initiatives: [], counts: { killed: 0 } });
    expect((await client.get(`/orgs/${orgId}/pipeline?documentId=nope`)).body.error.field).toBe('query.documentId');

    const bad = await client.post(moves, { to: 'somewhere' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('body.to');
    expect((await client.post(`/orgs/${orgId}/pipeline/ideas`, { name: '' })).body.error.field).toBe('body.name');
    expect((await client.get(`/orgs/${orgId}/pipeline/initiatives/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
  });

  it('links a PR/FAQ or memo to one living initiative: another cannot borrow its verdict or its reading', async () => {
    const { client: author, orgId } = await signUpClient(context.app);
    const prfaqId = await createDocument(author, orgId, 'prfaq', UNANSWERED_PRFAQ);
    const memoId = await createDocument(author, orgId, 'memo', LISTED_MEMO);
    const first = (await author.post(`/orgs/${orgId}/pipeline/ideas`, { name: 'Returns robot', prfaqDocumentId: prfaqId })).body.id as string;
    expect((await author.put(`/orgs/${orgId}/pipeline/initiatives/${first}/documents`, { memoDocumentId: memoId })).status).toBe(200);
    // A second idea with the first one's PR/FAQ, or linking its memo: refused, naming the initiative that holds it.
    const borrowing = await author.post(`/orgs/${orgId}/pipeline/ideas`, { name: 'Robot again', prfaqDocumentId: prfaqId });
    expect(borrowing.status).toBe(422);
    expect(borrowing.body.error).toMatchObject({ code: 'rule_violation', rule: 'pipeline.document_of_one_initiative', field: 'body.prfaqDocumentId', message: expect.stringContaining('"Returns robot"') });
    const second = (await author.post(`/orgs/${orgId}/pipeline/ideas`, { name: 'Drone returns' })).body.id as string;
    const memoBorrowed = await author.put(`/orgs/${orgId}/pipeline/initiatives/${second}/documents`, { memoDocumentId: memoId });
    expect(memoBorrowed.status).toBe(422);
    expect(memoBorrowed.body.error).toMatchObject({ rule: 'pipeline.document_of_one_initiative', field: 'body.memoDocumentId' });
    // Linking again to its own initiative is fine; once that one is killed, its documents are free.
    expect((await author.put(`/orgs/${orgId}/pipeline/initiatives/${first}/documents`, { prfaqDocumentId: prfaqId })).status).toBe(200);
    expect((await author.post(`/orgs/${orgId}/pipeline/initiatives/${first}/moves`, { to: 'killed', reason: 'Merged into drone returns.' })).status).toBe(200);
    expect((await author.put(`/orgs/${orgId}/pipeline/initiatives/${second}/documents`, { memoDocumentId: memoId })).status).toBe(200);
  });

  it('holds a compelling verdict to the reviewers\' votes: once "not yet" votes outnumber compelling ones, the FAQ gate is shut again', async () => {
    const { author, orgId, review, path } = await ideaWithCompellingPrfaq();
    expect((await author.post(`${path}/moves`, { to: 'press_release', reason: 'Drafted.' })).status).toBe(200);
    // Two reviewers vote "not yet" on the judged version after the verdict: 1 compelling to 2 not yet.
    for (const reason of ['Nobody asked for a robot.', 'The price is missing.']) {
      const late = await inviteClient(context.app, author, orgId, 'member');
      expect((await late.client.post(`${review}/votes`, { version: 1, choice: 'not_yet', reason })).status).toBe(201);
    }
    const refused = await author.post(`${path}/moves`, { to: 'faq', reason: 'Judged.' });
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ rule: 'pipeline.press_release_compelling', message: expect.stringContaining('2 "not yet" to 1 compelling') });
    expect((await author.get(path)).body.next.checks[0]).toMatchObject({ met: false, message: expect.stringContaining('no longer has the reviewers\' votes behind it') });
    // A third reviewer's compelling vote ties it: the verdict stands again.
    const third = await inviteClient(context.app, author, orgId, 'member');
    expect((await third.client.post(`${review}/votes`, { version: 1, choice: 'compelling', reason: 'I would use it weekly.' })).status).toBe(201);
    expect((await author.post(`${path}/moves`, { to: 'faq', reason: 'Judged.' })).status).toBe(200);
  });

  it('opens the FAQ stage on the verdict on the current version only: a new draft after a compelling verdict needs its own', async () => {
    const { author, reviewer, review, path } = await ideaWithCompellingPrfaq();
    expect((await author.post(`${path}/moves`, { to: 'press_release', reason: 'Drafted.' })).status).toBe(200);
    // Version 2 only grows the FAQ, and still it is a new draft: the verdict on version 1 does not speak for it.
    expect((await author.post(`${review}/versions`, { title: 'Returns Robot', body: `${DEMO_PRFAQ}\n### Does it work in the rain?\n\nYes: it is sealed against rain and snow.\n`, baseVersion: 1 })).status).toBe(201);
    const refused = await author.post(`${path}/moves`, { to: 'faq', reason: 'Judged.' });
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ rule: 'pipeline.press_release_compelling', message: expect.stringContaining('Reviewers judged version 1, and version 2 is a new draft: a new draft needs a verdict of its own') });
    expect((await author.get(path)).body.next.checks[0]).toMatchObject({ met: false, message: expect.stringContaining('Ask reviewers to vote on version 2') });
    // A compelling verdict sent for version 1 now cannot open it either: it is refused as stale.
    expect((await reviewer.client.post(`${review}/verdicts`, { version: 1, verdict: 'compelling', reason: 'Still compelling.' })).body.error).toMatchObject({ code: 'conflict', data: { currentVersion: 2 } });
    // Judged on version 2, the gate opens, and the record keeps the version it passed on.
    expect((await reviewer.client.post(`${review}/votes`, { version: 2, choice: 'compelling', reason: 'The rain answer helps.' })).status).toBe(201);
    expect((await reviewer.client.post(`${review}/verdicts`, { version: 2, verdict: 'compelling', reason: 'Version 2 is compelling.' })).status).toBe(201);
    expect((await author.post(`${path}/moves`, { to: 'faq', reason: 'Judged.' })).status).toBe(200);
    expect((await author.get(path)).body.transitions[0].source).toMatchObject({ kind: 'verdict', document: { version: 2 } });
  });

  it('shuts the FAQ gate when a "not yet" verdict on the current version follows a compelling one', async () => {
    const { author, reviewer, review, path } = await ideaWithCompellingPrfaq();
    expect((await author.post(`${path}/moves`, { to: 'press_release', reason: 'Drafted.' })).status).toBe(200);
    expect((await reviewer.client.post(`${review}/verdicts`, { version: 1, verdict: 'not_yet', reason: 'On reflection, the price is missing.' })).status).toBe(201);
    expect((await author.post(`${path}/moves`, { to: 'faq', reason: 'Judged.' })).body.error).toMatchObject({ rule: 'pipeline.press_release_compelling', message: expect.stringContaining('not yet compelling') });
  });

  it('keeps the documents a gate has read: no swap or unlink after it, one holder even under racing requests', async () => {
    const { author, orgId, path } = await ideaWithCompellingPrfaq();
    const prfaqId = (await author.get(path)).body.prfaq.id as string;
    expect((await author.post(`${path}/moves`, { to: 'press_release' })).status).toBe(200);
    // A move forward without a reason records the gate it passed (by rule, never by a document's title).
    expect((await author.get(path)).body.transitions[0].reason).toBe('Passed the gate: The press release stage works on a PR/FAQ document linked to the initiative.');
    expect((await author.post(`${path}/moves`, { to: 'faq' })).status).toBe(200);

    // The FAQ stage was entered on this PR/FAQ's verdict: another one, never reviewed, cannot take its place.
    const unreviewed = await createDocument(author, orgId, 'prfaq', DEMO_PRFAQ);
    for (const prfaqDocumentId of [unreviewed, null]) {
      const refused = await author.put(`${path}/documents`, { prfaqDocumentId });
      expect(refused.status).toBe(422);
      expect(refused.body.error).toMatchObject({ rule: 'pipeline.document_judged', field: 'body.prfaqDocumentId', message: expect.stringContaining('send it back to the press release stage first') });
    }
    // Sending the same link again changes nothing and is fine; after a move back, the new PR/FAQ goes through the gate.
    expect((await author.put(`${path}/documents`, { prfaqDocumentId: prfaqId })).status).toBe(200);
    expect((await author.post(`${path}/moves`, { to: 'press_release', reason: 'A better press release.' })).status).toBe(200);
    expect((await author.put(`${path}/documents`, { prfaqDocumentId: unreviewed })).body.prfaq.id).toBe(unreviewed);
    expect((await author.post(`${path}/moves`, { to: 'faq' })).body.error.rule).toBe('pipeline.press_release_compelling');

    // The freed, compelling PR/FAQ: six ideas race to link it, and one of them gets it.
    const ideas = await Promise.all([1, 2, 3, 4, 5, 6].map(async (n) => (await author.post(`/orgs/${orgId}/pipeline/ideas`, { name: `Racer ${n}` })).body.id as string));
    const linked = await Promise.all(ideas.map((idea) => author.put(`/orgs/${orgId}/pipeline/initiatives/${idea}/documents`, { prfaqDocumentId: prfaqId })));
    expect(linked.map((response) => response.status).sort()).toEqual([200, 422, 422, 422, 422, 422]);
    expect(linked.filter((response) => response.status === 422).every((response) => response.body.error.rule === 'pipeline.document_of_one_initiative')).toBe(true);
    expect((await author.get(`/orgs/${orgId}/pipeline?documentId=${prfaqId}`)).body.initiatives).toHaveLength(1);
  });

  it('takes a placeholder FAQ answer ("TBD") for no answer at the memo gate', async () => {
    const { author, orgId, review, path } = await ideaWithCompellingPrfaq();
    expect((await author.post(`${path}/moves`, { to: 'press_release' })).status).toBe(200);
    expect((await author.post(`${path}/moves`, { to: 'faq' })).status).toBe(200);
    await saveVersion(author, orgId, review.split('/').at(-1)!, DEMO_PRFAQ.replace('## Internal FAQ', '### Which cities come next?\n\nTBD.\n\n## Internal FAQ'));
    const refused = await author.post(`${path}/moves`, { to: 'memo' });
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ rule: 'pipeline.faq_answered', message: expect.stringContaining('1 unanswered question') });
    await saveVersion(author, orgId, review.split('/').at(-1)!, DEMO_PRFAQ.replace('## Internal FAQ', '### Which cities come next?\n\nPortland, once Seattle runs a full quarter.\n\n## Internal FAQ'));
    expect((await author.post(`${path}/moves`, { to: 'memo' })).status).toBe(200);
  });

  it('refuses (409) a move from a stale page, so a kill or a send-back does not undo a move made meanwhile (a colleague\'s, or a reading decision)', async () => {
    const { author, path } = await ideaWithCompellingPrfaq();
    expect((await author.post(`${path}/moves`, { to: 'press_release', from: 'idea' })).status).toBe(200);
    // A colleague moves it on while the page still shows the press release stage.
    expect((await author.post(`${path}/moves`, { to: 'faq' })).status).toBe(200);
    const stale = await author.post(`${path}/moves`, { to: 'killed', reason: 'Not compelling.', from: 'press_release' });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'conflict', field: 'body.from', data: { stage: 'faq' } });
    expect(stale.body.error.message).toContain('moved from the press release stage to the FAQ stage');
    expect((await author.get(path)).body).toMatchObject({ stage: 'faq', status: 'active' });
    // A fresh page moves it.
    expect((await author.post(`${path}/moves`, { to: 'press_release', reason: 'The FAQ needs the headline reworked.', from: 'faq' })).status).toBe(200);
    expect((await author.post(`${path}/moves`, { to: 'killed', reason: 'x', from: 'nowhere' })).body.error).toMatchObject({ code: 'validation_failed', field: 'body.from' });
  });

  it('moves a paused initiative nowhere forward, and lets nothing back into a killed one', async () => {
    const { client, orgId } = await signUpClient(context.app);
    const lead = (await client.post(`/orgs/${orgId}/people`, { name: 'Lee Lead', email: 'lee@example.test', role: 'Product lead', level: 7 })).body.person.id;
    const helper = (await client.post(`/orgs/${orgId}/people`, { name: 'Hal Helper', email: 'hal@example.test', role: 'Engineer', level: 5 })).body.person.id;
    // Work from before Pulse, recorded at staffing with its leader; then paused, its leader released.
    const created = await client.post(`/orgs/${orgId}/initiatives`, { name: 'Warehouse pilot', status: 'active', stlPersonId: lead, stage: 'staffing' });
    expect(created.status).toBe(201);
    const id = created.body.initiative.id as string;
    expect((await client.patch(`/orgs/${orgId}/initiatives/${id}`, { status: 'paused' })).status).toBe(200);
    expect((await client.patch(`/orgs/${orgId}/initiatives/${id}`, { stlPersonId: null })).status).toBe(200);
    expect((await client.post(`/orgs/${orgId}/teams`, { name: 'Pilot crew', isSingleThreaded: true, initiativeId: id })).status).toBe(201);
    const moves = `/orgs/${orgId}/pipeline/initiatives/${id}/moves`;
    const forward = await client.post(moves, { to: 'building' });
    expect(forward.status).toBe(422);
    expect(forward.body.error).toMatchObject({ rule: 'pipeline.paused', message: expect.stringContaining('paused') });
    // Resuming needs its leader back (the single-threaded rules), and then the gate moves it on.
    expect((await client.patch(`/orgs/${orgId}/initiatives/${id}`, { status: 'active' })).body.error.rule).toBe('stl.exactly_one');
    expect((await client.patch(`/orgs/${orgId}/initiatives/${id}`, { status: 'active', stlPersonId: lead })).status).toBe(200);
    expect((await client.post(moves, { to: 'building' })).body.stage).toBe('building');

    // Killed: no status but done, no leader, no allocation, no team, no document changes. Its name may still be edited.
    expect((await client.post(moves, { to: 'killed', reason: 'The landlord sold the warehouse.' })).status).toBe(200);
    const prfaq = await createDocument(client, orgId, 'prfaq', DEMO_PRFAQ);
    const attempts: Array<[() => Promise<{ status: number; body: { error: { rule?: string; field?: string } } }>, string]> = [
      [() => client.patch(`/orgs/${orgId}/initiatives/${id}`, { status: 'active' }), 'body.status'],
      [() => client.patch(`/orgs/${orgId}/initiatives/${id}`, { stlPersonId: helper }), 'body.stlPersonId'],
      [() => client.put(`/orgs/${orgId}/allocations`, { personId: helper, initiativeId: id, percent: 50 }), 'body.initiativeId'],
      [() => client.post(`/orgs/${orgId}/teams`, { name: 'Zombie crew', isSingleThreaded: false, initiativeId: id }), 'body.initiativeId'],
      [() => client.put(`/orgs/${orgId}/pipeline/initiatives/${id}/documents`, { prfaqDocumentId: prfaq }), 'body.prfaqDocumentId'],
      [() => client.post(`/orgs/${orgId}/metrics`, { name: 'Pilot picks', definition: 'Picks a day in the pilot.', kind: 'input', controllable: true, ownerPersonId: lead, initiativeId: id }), 'body.initiativeId'],
    ];
    for (const [attempt, field] of attempts) {
      const refused = await attempt();
      expect(refused.status).toBe(422);
      expect(refused.body.error).toMatchObject({ rule: 'pipeline.closed', field });
    }
    expect((await client.patch(`/orgs/${orgId}/initiatives/${id}`, { name: 'Warehouse pilot (2025)' })).status).toBe(200);
    expect((await client.get(`/orgs/${orgId}/pipeline/initiatives/${id}`)).body).toMatchObject({ stage: 'killed', status: 'done', teams: [] });
  });

  it('lets recruiters see the pipeline but not move it; another org sees none of it', async () => {
    const { client: admin, orgId } = await signUpClient(context.app);
    const recruiter = await inviteClient(context.app, admin, orgId, 'recruiter');
    const id = (await admin.post(`/orgs/${orgId}/pipeline/ideas`, { name: 'Quiet idea' })).body.id;
    expect((await recruiter.client.get(`/orgs/${orgId}/pipeline`)).body.counts.idea).toBe(1);
    expect((await recruiter.client.get(`/orgs/${orgId}/pipeline/initiatives/${id}`)).body.next).toBeNull();
    expect((await recruiter.client.post(`/orgs/${orgId}/pipeline/initiatives/${id}/moves`, { to: 'killed', reason: 'No.' })).status).toBe(403);
    expect((await recruiter.client.post(`/orgs/${orgId}/pipeline/ideas`, { name: 'Mine' })).status).toBe(403);

    const other = await signUpClient(context.app);
    expect((await other.client.get(`/orgs/${other.orgId}/pipeline/initiatives/${id}`)).status).toBe(404);
    expect((await other.client.get(`/orgs/${orgId}/pipeline`)).status).toBe(404);
  });

  it('withholds the title of a linked document from whoever may not read it, and does not say which initiative it argues for', async () => {
    const { client: admin, orgId } = await signUpClient(context.app);
    const member = await inviteClient(context.app, admin, orgId, 'member');
    const recruiter = await inviteClient(context.app, admin, orgId, 'recruiter');
    const secret = (await admin.post(`/orgs/${orgId}/documents`, { kind: 'prfaq', title: 'Secret acquisition', body: DEMO_PRFAQ, visibility: 'readers', readerIds: [] })).body.document.id;
    const id = (await admin.post(`/orgs/${orgId}/pipeline/ideas`, { name: 'Quiet bet', prfaqDocumentId: secret })).body.id;
    await admin.post(`/orgs/${orgId}/pipeline/initiatives/${id}/moves`, { to: 'press_release' });

    expect((await admin.get(`/orgs/${orgId}/pipeline`)).body.initiatives[0].prfaq).toEqual({ id: secret, kind: 'prfaq', title: 'Secret acquisition' });
    for (const outsider of [member.client, recruiter.client]) {
      expect((await outsider.get(`/orgs/${orgId}/pipeline`)).body.initiatives[0].prfaq).toEqual({ id: secret, kind: 'prfaq', title: null });
      expect((await outsider.get(`/orgs/${orgId}/pipeline?documentId=${secret}`)).body.initiatives).toEqual([]);
      expect(JSON.stringify((await outsider.get(`/orgs/${orgId}/pipeline/initiatives/${id}`)).body)).not.toContain('Secret acquisition');
    }
    expect((await member.client.get(`/orgs/${orgId}/pipeline/initiatives/${id}`)).body.next.checks[0].message).toBe('Reviewers have not judged the press release yet.');
    // Their form changes only the memo: the PR/FAQ they cannot read stays linked.
    const memo = (await member.client.post(`/orgs/${orgId}/documents`, { kind: 'memo', title: 'Open memo', body: DEMO_MEMO })).body.document.id;
    expect((await member.client.put(`/orgs/${orgId}/pipeline/initiatives/${id}/documents`, { memoDocumentId: memo })).body).toMatchObject({ prfaq: { id: secret, title: null }, memo: { id: memo, title: 'Open memo' } });
  });

  it('lets metrics change initiatives at the same time without a deadlock (the launch check locks without blocking foreign keys)', async () => {
    const { client, orgId } = await signUpClient(context.app);
    const owner = (await client.post(`/orgs/${orgId}/people`, { name: 'Mo Owner', email: 'mo@example.test', role: 'Analyst', level: 5 })).body.person.id;
    const [a, b] = await Promise.all([client.post(`/orgs/${orgId}/pipeline/ideas`, { name: 'A' }), client.post(`/orgs/${orgId}/pipeline/ideas`, { name: 'B' })]).then((responses) => responses.map((response) => response.body.id as string));
    const metric = async (name: string, initiativeId: string) => (await client.post(`/orgs/${orgId}/metrics`, { name, definition: `${name}, counted weekly.`, kind: 'input', controllable: true, ownerPersonId: owner, initiativeId })).body.metric.id as string;
    const [first, second] = [await metric('First input', a!), await metric('Second input', b!)];
    const statuses: number[] = [];
    for (let round = 0; round < 10; round++) {
      const [to1, to2] = round % 2 === 0 ? [b, a] : [a, b];
      const responses = await Promise.all([client.patch(`/orgs/${orgId}/metrics/${first}`, { initiativeId: to1 }), client.patch(`/orgs/${orgId}/metrics/${second}`, { initiativeId: to2 })]);
      statuses.push(...responses.map((response) => response.status));
    }
    expect(statuses.every((status) => status === 200)).toBe(true);
  });

  it('lists active initiatives that lack what their stage stands on: building without a team, launched without an input', async () => {
    const { client, orgId } = await signUpClient(context.app);
    const person = async (name: string) => (await client.post(`/orgs/${orgId}/people`, { name, email: `${name.toLowerCase()}@example.test`, role: 'Lead', level: 6 })).body.person.id as string;
    const create = async (name: string, stage: string, stlPersonId: string) => (await client.post(`/orgs/${orgId}/initiatives`, { name, stage, stlPersonId })).body.initiative.id as string;
    const built = await create('Half built', 'building', await person('Bo'));
    const live = await create('Live one', 'launched', await person('Li'));
    expect((await client.get(`/orgs/${orgId}/pipeline`)).body.attention).toEqual([
      { initiativeId: live, name: 'Live one', rule: 'pipeline.input_metric', message: 'It is launched, but no controllable input metric shows whether it works.' },
      { initiativeId: built, name: 'Half built', rule: 'pipeline.team', message: 'It is being built, but no single-threaded team works on it.' },
    ]);
    await client.post(`/orgs/${orgId}/teams`, { name: 'Builders', isSingleThreaded: true, initiativeId: built });
    expect((await client.get(`/orgs/${orgId}/pipeline`)).body.attention.map((problem: { name: string }) => problem.name)).toEqual(['Live one']);
  });
});

describe('a reading review\'s decision in the pipeline', () => {
  /** An initiative at its reading review with a clean memo, and a reading meeting on that memo with one approver. */
  /** An initiative at its reading review, and a reading of its memo under way (started at `startedAt`, by default there). */
  async function atReading(startedAt: 'memo' | 'reading_review' = 'reading_review') {
    const { author, reviewer: approver, orgId, id, path } = await ideaWithCompellingPrfaq();
    const memoId = await createDocument(author, orgId, 'memo', DEMO_MEMO);
    await author.put(`${path}/documents`, { memoDocumentId: memoId });
    const stages = ['press_release', 'faq', 'memo', 'reading_review'];
    const moveTo = async (to: string) => expect((await author.post(`${path}/moves`, { to, reason: 'Ready.' })).status, to).toBe(200);
    for (const to of stages.slice(0, stages.indexOf(startedAt) + 1)) await moveTo(to);
    const meeting = (await author.post(`/orgs/${orgId}/documents/${memoId}/meetings`, { attendeeIds: [approver.userId] })).body.meeting.id;
    const meetingPath = `/orgs/${orgId}/meetings/${meeting}`;
    await author.post(`${meetingPath}/start`);
    await approver.client.post(`${meetingPath}/progress`, { percent: 100, isDone: true });
    for (const to of stages.slice(stages.indexOf(startedAt) + 1)) await moveTo(to);
    return { author, approver, orgId, id, path, meetingPath };
  }

  it('keeps with each move what it stood on, for the history to link to: the verdict, the versions read, the reading meeting', async () => {
    const { author, approver, orgId, path, meetingPath } = await atReading();
    expect((await approver.client.post(`${meetingPath}/votes`, { decision: 'approve' })).status).toBe(200);
    expect((await author.post(`${meetingPath}/end`, { notes: 'Go.' })).status).toBe(200);
    const record = (await author.get(path)).body;
    const meetingId = meetingPath.split('/').at(-1);
    const prfaqId = record.prfaq.id;
    const memoId = record.memo.id;
    // Newest first: the reading's approval, the memo's checks, the FAQ, the press release's verdict, the link of a PR/FAQ (no source).
    expect(record.transitions.map((transition: { to: string; source: unknown }) => [transition.to, transition.source])).toEqual([
      ['approved', { kind: 'reading', document: { id: memoId, kind: 'memo', version: 1 }, readingMeetingId: meetingId }],
      ['reading_review', { kind: 'document', document: { id: memoId, kind: 'memo', version: 1 }, readingMeetingId: null }],
      ['memo', { kind: 'document', document: { id: prfaqId, kind: 'prfaq', version: 1 }, readingMeetingId: null }],
      ['faq', { kind: 'verdict', document: { id: prfaqId, kind: 'prfaq', version: 1 }, readingMeetingId: null }],
      ['press_release', null],
    ]);
    // Someone who may not read the documents sees the moves, not where they lead.
    const recruiter = await inviteClient(context.app, author, orgId, 'recruiter');
    const asRecruiter = (await recruiter.client.get(path)).body;
    expect(asRecruiter.transitions).toHaveLength(5);
    expect(asRecruiter.transitions.every((transition: { source: unknown }) => transition.source === null)).toBe(true);
  });

  it('keeps the reading meeting as the source of a move back its decision made', async () => {
    const { author, approver, orgId, path, meetingPath } = await atReading();
    expect((await approver.client.post(`${meetingPath}/votes`, { decision: 'iterate' })).status).toBe(200);
    expect((await author.post(`${meetingPath}/end`, { notes: 'Another draft.' })).status).toBe(200);
    // Who moved it leads to their page once they are on the org chart.
    expect((await author.get(path)).body.transitions[0].by).toMatchObject({ personId: null });
    const me = (await author.post(`/orgs/${orgId}/people/me`, { role: 'Founder', level: 8 })).body.person.id as string;
    expect((await author.get(path)).body.transitions[0].by).toMatchObject({ personId: me });
    const record = (await author.get(path)).body;
    expect(record.transitions[0]).toMatchObject({ to: 'memo', source: { kind: 'reading', readingMeetingId: meetingPath.split('/').at(-1), document: { id: record.memo.id, version: 1 } } });
    // A move back by hand reads nothing: its line has no source.
    expect((await author.post(`${path}/moves`, { to: 'faq', reason: 'Pricing is missing.' })).body.transitions[0]).toMatchObject({ to: 'faq', source: null });
  });

  it('sends the initiative back to its memo when the approvers ask for another draft, with their notes as the reason', async () => {
    const { author, approver, id, path, meetingPath } = await atReading();
    expect((await approver.client.post(`${meetingPath}/votes`, { decision: 'iterate' })).status).toBe(200);
    const ended = await author.post(`${meetingPath}/end`, { notes: 'Add the fraud data and a cost range.' });
    expect(ended.body.initiatives.moved).toEqual([{ id, name: 'Returns robot', to: 'memo' }]);
    const record = (await author.get(path)).body;
    expect(record.stage).toBe('memo');
    expect(record.transitions[0]).toMatchObject({ from: 'reading_review', to: 'memo', reason: 'The reading review asked for another draft of "Same-day refunds": Add the fraud data and a cost range.' });
  });

  it('kills the initiative when the approvers decide to kill it, releasing its people, audited', async () => {
    const { author, approver, orgId, id, path, meetingPath } = await atReading();
    expect((await approver.client.post(`${meetingPath}/votes`, { decision: 'kill' })).status).toBe(200);
    const ended = await author.post(`${meetingPath}/end`, { notes: 'Couriers cannot scan at the door in time.' });
    expect(ended.body.initiatives.moved).toEqual([{ id, name: 'Returns robot', to: 'killed' }]);
    expect((await author.get(path)).body).toMatchObject({ stage: 'killed', status: 'done' });
    const events = (await author.get(`/orgs/${orgId}/audit-events`)).body.events as Array<{ action: string; subjectId: string; data: { to?: string; reason?: string } }>;
    expect(events.find((event) => event.action === 'initiative.stage_changed' && event.subjectId === id)?.data).toMatchObject({ to: 'killed', reason: expect.stringContaining('killed the initiative behind "Same-day refunds"') });
  });

  it('waits at its reading review for the reading under way: not moved by hand meanwhile (pipeline.reading_under_way), only killed', async () => {
    const { author, approver, path, meetingPath } = await atReading();
    // The facilitator sees the votes coming in against the memo: sending it back now would escape their decision.
    expect((await approver.client.post(`${meetingPath}/votes`, { decision: 'kill' })).status).toBe(200);
    const back = await author.post(`${path}/moves`, { to: 'memo', reason: 'Another draft first.' });
    expect(back.status).toBe(422);
    expect(back.body.error).toMatchObject({ rule: 'pipeline.reading_under_way', data: { meetingId: meetingPath.split('/').pop() } });
    // The record says so, for the page to offer only a kill.
    expect((await author.get(path)).body).toMatchObject({ stage: 'reading_review', isReadingUnderWay: true });
    // Killing it passes no gate, and stays open.
    const killed = await author.post(`${path}/moves`, { to: 'killed', reason: 'The market moved.' });
    expect(killed.body).toMatchObject({ stage: 'killed', isReadingUnderWay: false });
  });

  it('lets a reading that began before the initiative came to its review decide nothing for it', async () => {
    // The reading of the memo started while the initiative was still at its memo stage; it came to its reading
    // review afterwards.
    const { author, approver, id, path, meetingPath: early } = await atReading('memo');
    // That reading now approves: its decision is recorded, the initiative waits.
    expect((await approver.client.post(`${early}/votes`, { decision: 'approve' })).status).toBe(200);
    const ended = await author.post(`${early}/end`, { notes: 'Approved on the first draft.' });
    expect(ended.status).toBe(200);
    expect(ended.body.initiatives).toEqual({ moved: [], held: [{ id, name: 'Returns robot', to: 'approved', message: expect.stringContaining('came to its reading review after this reading began') }] });
    expect((await author.get(path)).body.stage).toBe('reading_review');
    // Nor does its approval open the gate by hand: it decided an earlier round.
    const byHand = await author.post(`${path}/moves`, { to: 'approved', reason: 'The first reading approved it.' });
    expect(byHand.status).toBe(422);
    expect(byHand.body.error.rule).toBe('pipeline.reading_approved');
  });

  it('holds an approval to the draft it read: a memo rewritten after approval needs a new reading', async () => {
    const { author, approver, orgId, path, meetingPath } = await atReading();
    await approver.client.post(`${meetingPath}/votes`, { decision: 'approve' });
    await author.post(`${meetingPath}/end`, { notes: 'Go.' });
    expect((await author.get(path)).body.stage).toBe('approved');
    expect((await author.post(`${path}/moves`, { to: 'memo', reason: 'The costs changed; rewrite the memo.' })).status).toBe(200);
    const memoId = (await author.get(path)).body.memo.id as string;
    await saveVersion(author, orgId, memoId, `${DEMO_MEMO}\nThe costs changed since the first draft.\n`);
    expect((await author.post(`${path}/moves`, { to: 'reading_review', reason: 'Rewritten.' })).status).toBe(200);
    const refused = await author.post(`${path}/moves`, { to: 'approved', reason: 'It was approved before.' });
    expect(refused.status).toBe(422);
    expect(refused.body.error.rule).toBe('pipeline.reading_approved');
    expect((await author.get(path)).body.next.checks[0]).toMatchObject({ met: false, message: expect.stringContaining('approved version 1 of the memo; it is at version 2 now') });
  });

  it('shows every attendee, not only the facilitator who ended it, the initiatives the reading moved', async () => {
    const { author, approver, id, meetingPath } = await atReading();
    await approver.client.post(`${meetingPath}/votes`, { decision: 'approve' });
    expect((await approver.client.get(meetingPath)).body.meeting.initiativesMoved).toEqual([]);
    await author.post(`${meetingPath}/end`, { notes: 'Go.' });
    expect((await approver.client.get(meetingPath)).body.meeting.initiativesMoved).toEqual([{ id, name: 'Returns robot', to: 'approved' }]);
  });

  it('holds the initiative when the memo was saved again during the reading: the approval was of the older draft', async () => {
    const { author, approver, orgId, id, path, meetingPath } = await atReading();
    const memoId = (await author.get(path)).body.memo.id as string;
    await saveVersion(author, orgId, memoId, `${DEMO_MEMO}\nA late paragraph nobody read.\n`);
    await approver.client.post(`${meetingPath}/votes`, { decision: 'approve' });
    const ended = await author.post(`${meetingPath}/end`, { notes: 'Go.' });
    expect(ended.body.initiatives).toEqual({ moved: [], held: [{ id, name: 'Returns robot', to: 'approved', message: expect.stringContaining('approved version 1 of the memo; it is at version 2 now') }] });
    expect((await author.get(path)).body.stage).toBe('reading_review');
  });

  it('moves it even with notes longer than a move\'s reason may be, the reason cut and the notes kept whole', async () => {
    const { author, approver, id, path, meetingPath } = await atReading();
    expect((await approver.client.post(`${meetingPath}/votes`, { decision: 'iterate' })).status).toBe(200);
    const notes = `Rework the cost section. ${'The numbers need sources. '.repeat(120)}`.trim();
    const ended = await author.post(`${meetingPath}/end`, { notes });
    expect(ended.status).toBe(200);
    expect(ended.body.meeting.decision.notes).toBe(notes);
    expect(ended.body.initiatives.moved).toEqual([{ id, name: 'Returns robot', to: 'memo' }]);
    const reason = (await author.get(path)).body.transitions[0].reason as string;
    expect(reason).toHaveLength(2000);
    expect(reason.endsWith('…')).toBe(true);
  });
});

