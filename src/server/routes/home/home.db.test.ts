import { describe, expect, it } from 'vitest';
import { inviteClient, signUpClient, useTestApp, type ApiClient } from '../../../../test/support/test-app.js';
import { FULFILMENT_CONFIG, fulfilmentCsv } from '../../../../test/support/wbr-review-fixture.js';

const context = useTestApp();

type Step = { id: string; isDone: boolean };
type Item = { kind: string } & Record<string, unknown>;

async function home(client: ApiClient, orgId: string): Promise<{ personId: string | null; gettingStarted: Step[]; needsYou: Item[] }> {
  const response = await client.get(`/orgs/${orgId}/home`);
  expect(response.status).toBe(200);
  return response.body as never;
}

const doneSteps = (steps: Step[]) => steps.filter((step) => step.isDone).map((step) => step.id);

async function addPerson(client: ApiClient, orgId: string, name: string, extra: Record<string, unknown> = {}): Promise<string> {
  const response = await client.post(`/orgs/${orgId}/people`, { name, email: `${name.toLowerCase().replace(/\s+/g, '.')}-${Math.random().toString(36).slice(2, 8)}@example.test`, role: 'Engineer', level: 6, ...extra });
  if (response.status !== 201) throw new Error(`adding ${name} failed: ${JSON.stringify(response.body)}`);
  return response.body.person.id;
}

describe('an org\'s home: getting started', () => {
  it('shows a new org every step undone, and each step done once the data says so', async () => {
    const { client: admin, orgId, userId, email } = await signUpClient(context.app, { name: 'Ada Founder' });
    const fresh = await home(admin, orgId);
    expect(fresh.personId).toBeNull();
    expect(fresh.gettingStarted).toEqual(['join_org_chart', 'add_people', 'review_principles', 'write_prfaq', 'add_input_metrics', 'set_up_wbr', 'open_requisition'].map((id) => ({ id, isDone: false })));
    expect(fresh.needsYou).toEqual([]);

    // On the chart in one call: the account's name and email, linked to the login.
    const me = await admin.post(`/orgs/${orgId}/people/me`, { role: 'Founder', level: 10 });
    expect(me.status).toBe(201);
    expect(me.body.person).toMatchObject({ name: 'Ada Founder', email, role: 'Founder', level: 10, managerId: null, userId });
    const afterMe = await home(admin, orgId);
    expect(afterMe.personId).toBe(me.body.person.id);
    // Being on the chart oneself is not "adding your people".
    expect(doneSteps(afterMe.gettingStarted)).toEqual(['join_org_chart']);

    const kofi = await addPerson(admin, orgId, 'Kofi Mensah', { managerId: me.body.person.id });
    const [principle] = (await admin.get(`/orgs/${orgId}/principles`)).body.principles;
    expect((await admin.patch(`/orgs/${orgId}/principles/${principle.id}`, { title: principle.title, summary: 'Leaders start with the customer and work backwards.', expectedVersion: 1 })).status).toBe(200);
    // A memo is not a PR/FAQ.
    expect((await admin.post(`/orgs/${orgId}/documents`, { kind: 'memo', title: 'Faster refunds' })).status).toBe(201);
    expect(doneSteps((await home(admin, orgId)).gettingStarted)).toEqual(['join_org_chart', 'add_people', 'review_principles']);

    expect((await admin.post(`/orgs/${orgId}/documents`, { kind: 'prfaq', title: 'Same-day refunds' })).status).toBe(201);
    // An output metric is not an input one.
    expect((await admin.post(`/orgs/${orgId}/metrics`, { name: 'Orders shipped', definition: 'Orders that left a warehouse in the week.', kind: 'output', ownerPersonId: kofi })).status).toBe(201);
    expect(doneSteps((await home(admin, orgId)).gettingStarted)).toEqual(['join_org_chart', 'add_people', 'review_principles', 'write_prfaq']);

    expect((await admin.post(`/orgs/${orgId}/metrics`, { name: 'Late deliveries', definition: 'Orders delivered after the promised day.', kind: 'input', ownerPersonId: kofi })).status).toBe(201);
    expect((await admin.post(`/orgs/${orgId}/wbr/decks`, { name: 'Fulfilment', ownerPersonId: kofi, config: FULFILMENT_CONFIG })).status).toBe(201);
    const team = (await admin.post(`/orgs/${orgId}/teams`, { name: 'Robots', isSingleThreaded: false })).body.team.id;
    expect((await admin.post(`/orgs/${orgId}/hiring/requisitions`, { role: 'Engineer', level: 6, teamId: team, hiringManagerId: kofi })).status).toBe(201);
    expect((await home(admin, orgId)).gettingStarted.every((step) => step.isDone)).toBe(true);
  });

  it('shows each role only the steps it can take', async () => {
    const { client: admin, orgId } = await signUpClient(context.app);
    const member = await inviteClient(context.app, admin, orgId, 'member');
    const recruiter = await inviteClient(context.app, admin, orgId, 'recruiter');
    expect((await home(member.client, orgId)).gettingStarted.map((step) => step.id)).toEqual(['join_org_chart', 'write_prfaq', 'add_input_metrics', 'set_up_wbr']);
    expect((await home(recruiter.client, orgId)).gettingStarted.map((step) => step.id)).toEqual(['join_org_chart', 'open_requisition']);
    // Someone outside the org learns nothing of it.
    const outsider = await signUpClient(context.app);
    expect((await outsider.client.get(`/orgs/${orgId}/home`)).status).toBe(404);
  });
});

describe('adding yourself to the org chart', () => {
  it('lets any role add only themself, once, and refuses a second time with people.already_on_chart', async () => {
    const { client: admin, orgId } = await signUpClient(context.app);
    const member = await inviteClient(context.app, admin, orgId, 'member');
    // A member may not add people…
    expect((await member.client.post(`/orgs/${orgId}/people`, { name: 'Me', email: member.email, role: 'Engineer', level: 5 })).status).toBe(403);
    // …but may put themself on the chart, with the name and email of their login.
    const added = await member.client.post(`/orgs/${orgId}/people/me`, { role: 'Engineer', level: 5 });
    expect(added.status).toBe(201);
    expect(added.body.person).toMatchObject({ name: 'A member', email: member.email, userId: member.userId });
    expect(doneSteps((await home(member.client, orgId)).gettingStarted)).toContain('join_org_chart');

    const again = await member.client.post(`/orgs/${orgId}/people/me`, { role: 'Engineer', level: 5 });
    expect(again.status).toBe(422);
    expect(again.body.error).toMatchObject({ code: 'rule_violation', rule: 'people.already_on_chart' });
    expect(again.body.error.message).toBe('You are already on the org chart, as A member.');
    // The body names nobody else: there is no field to add another person with.
    expect((await admin.post(`/orgs/${orgId}/people/me`, { role: 'CEO', level: 10, email: 'someone@example.test' })).status).toBe(400);
    const events = (await admin.get(`/orgs/${orgId}/audit-events`)).body.events as Array<{ action: string; data: Record<string, unknown> }>;
    expect(events.find((event) => event.action === 'person.created')?.data).toMatchObject({ name: 'A member', isSelf: true });
  });

  it('refuses a second person for a login an admin already put on the chart by email, unlinked', async () => {
    const { client: admin, orgId } = await signUpClient(context.app);
    const recruiter = await inviteClient(context.app, admin, orgId, 'recruiter');
    // Added before the login existed to link, then unlinked: the same email, no login.
    const person = await addPerson(admin, orgId, 'Rita Recruiter', { email: recruiter.email });
    expect((await admin.patch(`/orgs/${orgId}/people/${person}`, { userId: null })).status).toBe(200);
    const refused = await recruiter.client.post(`/orgs/${orgId}/people/me`, { role: 'Recruiter', level: 5 });
    expect(refused.status).toBe(409);
    // The request sends no email (it is the login's): the refusal names its rule, not a field the form lacks.
    expect(refused.body.error).toMatchObject({ code: 'conflict', rule: 'people.email_on_chart' });
    expect(refused.body.error).not.toHaveProperty('field');
    expect(refused.body.error.message).toContain('Rita Recruiter is already on the org chart with your email');
    expect(refused.body.error.message).toContain('Ask an admin to link that person to your login');
  });
});

describe('an org\'s home: what needs you', () => {
  /** CEO (admin) → hiring manager; three interviewers and a certified bar raiser report to the CEO; Bo is in no loop. */
  async function hiringOrg() {
    const { client: admin, orgId } = await signUpClient(context.app);
    const ceo = (await admin.post(`/orgs/${orgId}/people/me`, { role: 'CEO', level: 10 })).body.person.id as string;
    const recruiter = await inviteClient(context.app, admin, orgId, 'recruiter');
    const ann = await inviteClient(context.app, admin, orgId, 'member');
    const bo = await inviteClient(context.app, admin, orgId, 'member');
    const hm = await addPerson(admin, orgId, 'Hiring Manager', { managerId: ceo });
    const annPerson = await addPerson(admin, orgId, 'Ann Interviewer', { email: ann.email, managerId: ceo });
    await addPerson(admin, orgId, 'Bo Bystander', { email: bo.email, managerId: ceo });
    const peers = [await addPerson(admin, orgId, 'Peer One', { managerId: ceo }), await addPerson(admin, orgId, 'Peer Two', { managerId: ceo })];
    // The bar raiser runs the debrief in Pulse, so they need a login.
    const barRaiser = await addPerson(admin, orgId, 'Bar Raiser', { email: (await inviteClient(context.app, admin, orgId, 'member')).email, managerId: ceo });
    expect((await admin.put(`/orgs/${orgId}/hiring/bar-raisers/${barRaiser}`, { status: 'certified' })).status).toBe(204);
    const team = (await admin.post(`/orgs/${orgId}/teams`, { name: 'Robots', isSingleThreaded: false })).body.team.id;
    const requisition = (await recruiter.client.post(`/orgs/${orgId}/hiring/requisitions`, { role: 'Engineer', level: 6, teamId: team, hiringManagerId: hm })).body.requisition.id as string;
    const principleIds = ((await admin.get(`/orgs/${orgId}/principles`)).body.principles as Array<{ id: string }>).map((principle) => principle.id);
    const seats = [hm, annPerson, ...peers].map((personId, index) => ({ personId, seat: 'interviewer', principleIds: [principleIds[index]] }));
    seats.push({ personId: barRaiser, seat: 'bar_raiser', principleIds: [principleIds[4]] });
    const candidate = (await recruiter.client.post(`/orgs/${orgId}/hiring/requisitions/${requisition}/candidates`, { name: 'Casey Candidate', email: 'casey@example.test' })).body.id as string;
    const interviewAt = new Date(Date.now() - 3 * 86_400_000).toISOString();
    const loop = await recruiter.client.post(`/orgs/${orgId}/hiring/candidates/${candidate}/loop`, { interviewAt, interviewers: seats });
    expect(loop.status).toBe(201);
    return { admin, orgId, ann, bo, candidate, requisition };
  }

  it('shows an interviewer their overdue feedback, and the candidate to nobody outside the loop', async () => {
    const { admin, orgId, ann, bo, candidate, requisition } = await hiringOrg();
    const annHome = await home(ann.client, orgId);
    expect(annHome.needsYou).toEqual([
      expect.objectContaining({ kind: 'interview_feedback', candidateId: candidate, candidateName: 'Casey Candidate', requisition: { id: requisition, role: 'Engineer', level: 6 }, isOverdue: true }),
    ]);
    // Bo sits in no loop and is not the hiring manager: the confidential candidate is not on his home, in any form.
    const boHome = await home(bo.client, orgId);
    expect(boHome.needsYou).toEqual([]);
    expect(JSON.stringify(boHome)).not.toContain('Casey');
    // Nor on the admin's: they run hiring, but owe no feedback.
    expect((await home(admin, orgId)).needsYou).toEqual([]);
  });

  it('lists the reading meetings you attend with your vote awaited, and the open anomalies you own', async () => {
    const { client: admin, orgId } = await signUpClient(context.app);
    const kofiLogin = await inviteClient(context.app, admin, orgId, 'member');
    const kofi = (await kofiLogin.client.post(`/orgs/${orgId}/people/me`, { role: 'Operations lead', level: 7 })).body.person.id as string;
    // A memo that passes the writing checks, which a reading review needs.
    const body = '# Refunds\n\n## Context\n\nShoppers wait nine days for a refund. They tell us the wait is the worst part of a return.\n';
    const document = (await admin.post(`/orgs/${orgId}/documents`, { kind: 'memo', title: 'Same-day refunds', body })).body.document.id as string;
    const meeting = await admin.post(`/orgs/${orgId}/documents/${document}/meetings`, { attendeeIds: [kofiLogin.userId] });
    expect(meeting.status).toBe(201);

    expect((await admin.post(`/orgs/${orgId}/metrics`, { name: 'Late deliveries', definition: 'Orders delivered after the promised day.', kind: 'input', controllable: true, ownerPersonId: kofi, goodDirection: 'down' })).status).toBe(201);
    const deck = (await admin.post(`/orgs/${orgId}/wbr/decks`, { name: 'Fulfilment', config: FULFILMENT_CONFIG })).body.deck.id as string;
    const deckPath = `/orgs/${orgId}/wbr/decks/${deck}`;
    expect((await admin.request('PUT', `${deckPath}/data?fileName=data.csv`, undefined, { rawBody: fulfilmentCsv('2025-01-04', ['2025-01-04']), headers: { 'content-type': 'text/csv' } })).status).toBe(200);
    expect((await admin.post(`${deckPath}/snapshots`, {})).status).toBe(201);

    const kofiHome = await home(kofiLogin.client, orgId);
    expect(kofiHome.needsYou).toEqual([
      expect.objectContaining({ kind: 'anomaly', deck: { id: deck, name: 'Fulfilment' }, metric: 'Late deliveries', firstWeekEnding: '2025-01-04' }),
      expect.objectContaining({ kind: 'reading_meeting', meetingId: meeting.body.meeting.id, documentId: document, documentTitle: 'Same-day refunds', phase: 'scheduled', isFacilitator: false, isVoteAwaited: true }),
    ]);
    // The facilitator sees the meeting too, with no vote of theirs awaited; the anomaly is Kofi's, not theirs.
    expect((await home(admin, orgId)).needsYou).toEqual([expect.objectContaining({ kind: 'reading_meeting', isFacilitator: true, isVoteAwaited: false })]);

    // Once Kofi gives the root cause, the anomaly is explained and no longer waits for him.
    const [anomaly] = (await admin.get(deckPath)).body.deck.anomalies;
    expect((await kofiLogin.client.patch(`/orgs/${orgId}/wbr/anomalies/${anomaly.id}`, { status: 'explained', rootCause: 'A carrier missed two pick-ups.' })).status).toBe(200);
    expect((await home(kofiLogin.client, orgId)).needsYou.map((item) => item.kind)).toEqual(['reading_meeting']);
  });

  it('lists the direct reports you still owe a review in an open cycle', async () => {
    const { client: admin, orgId } = await signUpClient(context.app);
    const lead = await inviteClient(context.app, admin, orgId, 'member');
    const leadPerson = (await lead.client.post(`/orgs/${orgId}/people/me`, { role: 'Team lead', level: 7 })).body.person.id as string;
    const zed = await addPerson(admin, orgId, 'Zed Report', { managerId: leadPerson });
    const amy = await addPerson(admin, orgId, 'Amy Report', { managerId: leadPerson });
    expect((await home(lead.client, orgId)).needsYou).toEqual([]);
    const cycle = (await admin.post(`/orgs/${orgId}/review-cycles`, { name: 'H2 2026' })).body.id as string;
    expect((await home(lead.client, orgId)).needsYou).toEqual([{ kind: 'reviews_owed', cycle: { id: cycle, name: 'H2 2026' }, people: [{ id: amy, name: 'Amy Report' }, { id: zed, name: 'Zed Report' }] }]);
    expect((await admin.post(`/orgs/${orgId}/review-cycles/${cycle}/close`, {})).status).toBeLessThan(300);
    expect((await home(lead.client, orgId)).needsYou).toEqual([]);
  });
});

describe('an org\'s home: deals past their close date', () => {
  it('lists the open deals you own whose close date has passed, oldest first, and not those of others or closed ones', async () => {
    const { client: admin, orgId } = await signUpClient(context.app);
    const seller = await inviteClient(context.app, admin, orgId, 'member');
    const me = (await seller.client.post(`/orgs/${orgId}/people/me`, { role: 'Account executive', level: 6 })).body.person.id as string;
    const other = await addPerson(admin, orgId, 'Other Seller');
    // A seller opens deals as their own owner (sales.own_deals); a colleague's deal is opened by the admin.
    const deal = async (name: string, ownerPersonId: string, closeDate: string | null) => {
      const opener = ownerPersonId === me ? seller.client : admin;
      const created = await opener.post(`/orgs/${orgId}/opportunities`, { accountName: 'Harbor Foods', name, ownerPersonId, closeDate });
      expect(created.status).toBe(201);
      return created.body.opportunity.id as string;
    };
    const later = await deal('Cold chain', me, '2026-01-15');
    const earlier = await deal('Same-day fulfilment', me, '2025-06-30');
    await deal('Next year', me, '2099-12-31');
    await deal('No date yet', me, null);
    await deal('Someone else\'s', other, '2025-01-01');
    const lost = await deal('Lost one', me, '2025-02-01');
    expect((await seller.client.post(`/orgs/${orgId}/opportunities/${lost}/moves`, { to: 'lost', reason: 'They chose to build it themselves.' })).status).toBe(200);
    expect((await home(seller.client, orgId)).needsYou).toEqual([
      { kind: 'deal_past_close', opportunityId: earlier, accountName: 'Harbor Foods', name: 'Same-day fulfilment', stage: 'discovery', closeDate: '2025-06-30' },
      { kind: 'deal_past_close', opportunityId: later, accountName: 'Harbor Foods', name: 'Cold chain', stage: 'discovery', closeDate: '2026-01-15' },
    ]);
    // A recruiter does not see sales, so no deal waits for one.
    const recruiter = await inviteClient(context.app, admin, orgId, 'recruiter');
    await recruiter.client.post(`/orgs/${orgId}/people/me`, { role: 'Recruiter', level: 5 });
    expect((await home(recruiter.client, orgId)).needsYou).toEqual([]);
  });
});

describe('an org\'s home: what waits on the leadership', () => {
  type Leadership = Item[] | null;
  const leadershipOf = async (client: ApiClient, orgId: string) => ((await home(client, orgId)) as unknown as { leadership: Leadership }).leadership;
  const MEMO = '# Refunds\n\n## Context\n\nShoppers wait nine days for a refund. They tell us the wait is the worst part of a return.\n';

  it('is shown to admins, and to no member or recruiter; it teaches by being empty in a quiet org', async () => {
    const { client: admin, orgId } = await signUpClient(context.app);
    const member = await inviteClient(context.app, admin, orgId, 'member');
    const recruiter = await inviteClient(context.app, admin, orgId, 'recruiter');
    expect(await leadershipOf(admin, orgId)).toEqual([]);
    expect(await leadershipOf(member.client, orgId)).toBeNull();
    expect(await leadershipOf(recruiter.client, orgId)).toBeNull();
    // Even with something waiting (a paused initiative nobody leads), a member's home does not list the org's backlog.
    expect((await admin.post(`/orgs/${orgId}/initiatives`, { name: 'Warehouse pilot', status: 'paused', stage: 'staffing', stlPersonId: null })).status).toBe(201);
    expect(await leadershipOf(member.client, orgId)).toBeNull();
    expect(await leadershipOf(admin, orgId)).toHaveLength(1);
  });

  it('lists a reading that is over with no decision, and a press release with votes and no verdict', async () => {
    const { client: admin, orgId } = await signUpClient(context.app);
    const ann = await inviteClient(context.app, admin, orgId, 'member');
    const bob = await inviteClient(context.app, admin, orgId, 'member');
    const memo = (await admin.post(`/orgs/${orgId}/documents`, { kind: 'memo', title: 'Same-day refunds', body: MEMO })).body.document.id as string;
    const meeting = (await admin.post(`/orgs/${orgId}/documents/${memo}/meetings`, { attendeeIds: [ann.userId, bob.userId], readingMinutes: 5 })).body.meeting.id as string;
    expect((await admin.post(`/orgs/${orgId}/meetings/${meeting}/start`, {})).status).toBe(200);
    // Reading: the decision is not due yet.
    expect(await leadershipOf(admin, orgId)).toEqual([]);
    for (const reader of [ann, bob]) expect((await reader.client.post(`/orgs/${orgId}/meetings/${meeting}/progress`, { percent: 100, isDone: true })).status).toBe(200);
    expect((await ann.client.post(`/orgs/${orgId}/meetings/${meeting}/votes`, { decision: 'approve' })).status).toBe(200);

    const prfaq = (await admin.post(`/orgs/${orgId}/documents`, { kind: 'prfaq', title: 'Gift returns' })).body.document.id as string;
    expect((await ann.client.post(`/orgs/${orgId}/documents/${prfaq}/votes`, { version: 1, choice: 'not_yet', reason: 'Who pays for the credit?' })).status).toBe(201);
    // A judged press release waits on nobody.
    const judged = (await admin.post(`/orgs/${orgId}/documents`, { kind: 'prfaq', title: 'Lobby bins' })).body.document.id as string;
    expect((await ann.client.post(`/orgs/${orgId}/documents/${judged}/votes`, { version: 1, choice: 'not_yet', reason: 'Which lobbies?' })).status).toBe(201);
    expect((await bob.client.post(`/orgs/${orgId}/documents/${judged}/verdicts`, { version: 1, verdict: 'not_yet', reason: 'Not yet.' })).status).toBe(201);
    const idea = (await admin.post(`/orgs/${orgId}/pipeline/ideas`, { name: 'Gift returns without a receipt', prfaqDocumentId: prfaq })).body;

    expect(await leadershipOf(admin, orgId)).toEqual([
      expect.objectContaining({ kind: 'reading_undecided', meetingId: meeting, documentId: memo, documentTitle: 'Same-day refunds', approvers: { count: 2, waitingFor: 1 } }),
      expect.objectContaining({ kind: 'press_release_unjudged', documentId: prfaq, documentTitle: 'Gift returns', version: 1, votes: { compelling: 0, notYet: 1 }, initiative: { id: idea.id, name: 'Gift returns without a receipt' } }),
    ]);

    // Ended with the approvers' decision, and judged: nothing waits any more.
    expect((await bob.client.post(`/orgs/${orgId}/meetings/${meeting}/votes`, { decision: 'iterate' })).status).toBe(200);
    expect((await admin.post(`/orgs/${orgId}/meetings/${meeting}/end`, { notes: 'Another draft.' })).status).toBe(200);
    expect((await bob.client.post(`/orgs/${orgId}/documents/${prfaq}/verdicts`, { version: 1, verdict: 'not_yet', reason: 'Say who pays.' })).status).toBe(201);
    expect(await leadershipOf(admin, orgId)).toEqual([]);
  });

  it('lists an initiative waiting at a gate for 30 days or more, and the risks of living initiatives', async () => {
    const { client: admin, orgId } = await signUpClient(context.app);
    const lead = await addPerson(admin, orgId, 'Kofi Lead');
    const create = async (body: Record<string, unknown>) => {
      const response = await admin.post(`/orgs/${orgId}/initiatives`, body);
      expect(response.status).toBe(201);
      return response.body.initiative.id as string;
    };
    const waiting = await create({ name: 'Night-time deliveries', status: 'active', stage: 'approved', stlPersonId: null });
    const recent = await create({ name: 'Lobby bins', status: 'active', stage: 'approved', stlPersonId: null });
    const paused = await create({ name: 'Warehouse pilot', status: 'paused', stage: 'staffing', stlPersonId: null });
    const led = await create({ name: 'Adaptive gripper', status: 'paused', stage: 'staffing', stlPersonId: lead });
    await create({ name: 'Same-day courier', status: 'done', stage: 'launched', stlPersonId: null });
    // Its team hires: an open role puts the led initiative on the list too.
    const team = (await admin.post(`/orgs/${orgId}/teams`, { name: 'Gripper', isSingleThreaded: false, initiativeId: led })).body.team.id;
    expect((await admin.post(`/orgs/${orgId}/hiring/requisitions`, { role: 'Test engineer', level: 5, teamId: team, hiringManagerId: lead })).status).toBe(201);
    const monthAgo = new Date(Date.now() - 31 * 86_400_000);
    await context.database.db.updateTable('initiatives').set({ stage_changed_at: monthAgo }).where('id', 'in', [waiting, paused]).execute();
    const recentAt = new Date(Date.now() - 29 * 86_400_000);
    await context.database.db.updateTable('initiatives').set({ stage_changed_at: recentAt }).where('id', '=', recent).execute();

    const items = await leadershipOf(admin, orgId);
    expect(items).toEqual([
      expect.objectContaining({ kind: 'gate_waiting', initiativeId: waiting, name: 'Night-time deliveries', stage: 'approved', nextStage: 'staffing', days: 31 }),
      expect.objectContaining({ kind: 'initiative_at_risk', initiativeId: paused, name: 'Warehouse pilot', status: 'paused', stl: null, reasons: [{ risk: 'paused_without_leader', message: expect.stringContaining('Paused with no leader') }] }),
      expect.objectContaining({ kind: 'initiative_at_risk', initiativeId: led, stl: { id: lead, name: 'Kofi Lead' }, reasons: [{ risk: 'open_roles', message: '1 open role on its teams: it is not fully staffed.' }] }),
    ]);
    // A paused initiative waits at no gate (only an active one moves forward): it is listed for its missing leader alone.
    expect(items!.filter((item) => item.initiativeId === paused)).toHaveLength(1);
  });
});

describe('an org\'s home: the initiatives you lead', () => {
  const leadershipOf = async (client: ApiClient, orgId: string) => ((await home(client, orgId)) as unknown as { leadership: Item[] | null }).leadership;

  it('shows a single-threaded leader the waits and risks of their initiative, and nobody else; it is gone once resolved', async () => {
    const { client: admin, orgId } = await signUpClient(context.app);
    const kofi = await inviteClient(context.app, admin, orgId, 'member');
    const kofiPerson = (await kofi.client.post(`/orgs/${orgId}/people/me`, { role: 'Product lead', level: 7 })).body.person.id as string;
    const bea = await inviteClient(context.app, admin, orgId, 'member');
    await bea.client.post(`/orgs/${orgId}/people/me`, { role: 'Engineer', level: 6 });
    const led = (await admin.post(`/orgs/${orgId}/initiatives`, { name: 'Adaptive gripper', status: 'active', stage: 'approved', stlPersonId: kofiPerson })).body.initiative.id as string;
    expect(led).toEqual(expect.any(String));
    // Nothing waits yet: approved a moment ago, fully staffed.
    expect((await home(kofi.client, orgId)).needsYou).toEqual([]);

    // Its team hires, and it has sat at the approval stage for a month: both are Kofi's to act on.
    const team = (await admin.post(`/orgs/${orgId}/teams`, { name: 'Gripper', isSingleThreaded: false, initiativeId: led })).body.team.id as string;
    const requisition = (await admin.post(`/orgs/${orgId}/hiring/requisitions`, { role: 'Test engineer', level: 5, teamId: team, hiringManagerId: kofiPerson })).body.requisition.id as string;
    await context.database.db.updateTable('initiatives').set({ stage_changed_at: new Date(Date.now() - 31 * 86_400_000) }).where('id', '=', led).execute();

    const kofiHome = await home(kofi.client, orgId);
    expect(kofiHome.needsYou).toEqual([
      {
        kind: 'initiative_you_lead',
        initiativeId: led,
        name: 'Adaptive gripper',
        stage: 'approved',
        status: 'active',
        gateWait: { nextStage: 'staffing', since: expect.any(String), days: 31, message: expect.stringContaining('move it through the staffing gate') },
        reasons: [{ risk: 'open_roles', message: '1 open role on its teams: it is not fully staffed.' }],
      },
    ]);
    // The same words the leadership reads about it (an admin who does not lead it).
    const leadership = await leadershipOf(admin, orgId);
    expect(leadership).toEqual([
      expect.objectContaining({ kind: 'gate_waiting', initiativeId: led, message: (kofiHome.needsYou[0]!.gateWait as { message: string }).message }),
      expect.objectContaining({ kind: 'initiative_at_risk', initiativeId: led, reasons: kofiHome.needsYou[0]!.reasons }),
    ]);
    // A member who does not lead it sees none of it, and no leadership section.
    const beaHome = await home(bea.client, orgId);
    expect(beaHome.needsYou).toEqual([]);
    expect(await leadershipOf(bea.client, orgId)).toBeNull();

    // The role is closed: only the wait is left. Moved through the gate (to staffing): nothing waits on Kofi.
    expect((await admin.post(`/orgs/${orgId}/hiring/requisitions/${requisition}/close`)).status).toBe(200);
    expect((await home(kofi.client, orgId)).needsYou).toEqual([expect.objectContaining({ kind: 'initiative_you_lead', initiativeId: led, gateWait: expect.objectContaining({ days: 31 }), reasons: [] })]);
    await context.database.db.updateTable('initiatives').set({ stage_changed_at: new Date() }).where('id', '=', led).execute();
    expect((await home(kofi.client, orgId)).needsYou).toEqual([]);
    expect(await leadershipOf(admin, orgId)).toEqual([]);
  });

  it('lists an initiative an admin leads once, under "Needs you", and not again under the leadership', async () => {
    const { client: admin, orgId } = await signUpClient(context.app);
    const me = (await admin.post(`/orgs/${orgId}/people/me`, { role: 'Founder', level: 9 })).body.person.id as string;
    const other = await addPerson(admin, orgId, 'Ama Lead');
    const create = async (name: string, stlPersonId: string) => (await admin.post(`/orgs/${orgId}/initiatives`, { name, status: 'active', stage: 'approved', stlPersonId })).body.initiative.id as string;
    const mine = await create('Same-day refunds', me);
    const theirs = await create('Night-time deliveries', other);
    await context.database.db.updateTable('initiatives').set({ stage_changed_at: new Date(Date.now() - 40 * 86_400_000) }).where('id', 'in', [mine, theirs]).execute();

    const view = (await home(admin, orgId)) as unknown as { needsYou: Item[]; leadership: Item[] };
    expect(view.needsYou).toEqual([expect.objectContaining({ kind: 'initiative_you_lead', initiativeId: mine, gateWait: expect.objectContaining({ days: 40 }) })]);
    expect(view.leadership).toEqual([expect.objectContaining({ kind: 'gate_waiting', initiativeId: theirs, days: 40 })]);
  });

  it('leaves the facilitator\'s own reading that is over with no decision to the reading meeting line', async () => {
    const { client: admin, orgId } = await signUpClient(context.app);
    const ann = await inviteClient(context.app, admin, orgId, 'member');
    const facilitator = await inviteClient(context.app, admin, orgId, 'member');
    const body = '# Refunds\n\n## Context\n\nShoppers wait nine days for a refund. They tell us the wait is the worst part of a return.\n';
    const memo = (await facilitator.client.post(`/orgs/${orgId}/documents`, { kind: 'memo', title: 'Same-day refunds', body })).body.document.id as string;
    const meeting = (await facilitator.client.post(`/orgs/${orgId}/documents/${memo}/meetings`, { attendeeIds: [ann.userId], readingMinutes: 5 })).body.meeting.id as string;
    expect((await facilitator.client.post(`/orgs/${orgId}/meetings/${meeting}/start`, {})).status).toBe(200);
    expect((await ann.client.post(`/orgs/${orgId}/meetings/${meeting}/progress`, { percent: 100, isDone: true })).status).toBe(200);
    // The reading is over and nobody decided: the leadership sees it, and the member who facilitates it has it in
    // "Needs you" as the meeting in discussion that they run (no second line for the same meeting).
    expect(await leadershipOf(admin, orgId)).toEqual([expect.objectContaining({ kind: 'reading_undecided', meetingId: meeting })]);
    expect((await home(facilitator.client, orgId)).needsYou).toEqual([expect.objectContaining({ kind: 'reading_meeting', meetingId: meeting, phase: 'discussion', isFacilitator: true })]);
  });
});

describe('the OpenAPI document', () => {
  it('documents the home and the add-yourself routes', async () => {
    const { client } = await signUpClient(context.app);
    const document = (await client.get('/openapi.json')).body;
    expect(Object.keys(document.paths['/api/v1/orgs/{orgId}/home'])).toEqual(['get']);
    expect(Object.keys(document.paths['/api/v1/orgs/{orgId}/people/me'].post.responses)).toEqual(expect.arrayContaining(['201', '409', '422']));
    const kinds = document.components.schemas.NeedsYouItem.oneOf.map((option: { properties: { kind: { enum: string[] } } }) => option.properties.kind.enum[0]);
    expect(kinds).toEqual(['interview_feedback', 'run_debrief', 'reading_meeting', 'review_requested', 'anomaly', 'reviews_owed', 'deal_past_close', 'initiative_you_lead']);
  });
});
