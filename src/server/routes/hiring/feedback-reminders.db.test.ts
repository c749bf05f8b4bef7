import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writtenEvidence } from '../../../../test/support/evidence.js';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database.js';
import { createTestApp, inviteClient, signUpClient, type ApiClient } from '../../../../test/support/test-app.js';
import type { PulseApp } from '../../app.js';
import { formatUtcDateTime } from '../../../domain/dates.js';

let database: TestDatabase;
let app: PulseApp;

interface Actor {
  client: ApiClient;
  personId: string;
}

let orgId: string;
let admin: Actor;
let recruiter: ApiClient;
let hm: Actor;
let interviewers: Actor[];
let barRaiser: Actor;
let paperInterviewer: string;
let trainee: string;
let principleIds: string[];
let requisitionId: string;
let candidates = 0;

async function person(name: string, email: string, managerId: string | null): Promise<string> {
  const response = await admin.client.post(`/orgs/${orgId}/people`, { name, email, role: 'Engineer', level: 6, managerId });
  if (response.status !== 201) throw new Error(JSON.stringify(response.body));
  return response.body.person.id;
}

async function member(name: string, managerId: string | null): Promise<Actor> {
  const joined = await inviteClient(app, admin.client, orgId, 'member');
  return { client: joined.client, personId: await person(name, joined.email, managerId) };
}

const base = () => `/orgs/${orgId}/hiring`;
const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();

/**
 * A candidate with a loop held at `interviewAt`: the hiring manager, three interviewers, one without a login, the bar
 * raiser and a shadow. `thirdInterviewer` takes the seat of the second peer (interviewers[1]).
 */
async function candidateWithLoop(interviewAt: string, thirdInterviewer = interviewers[1]!.personId): Promise<string> {
  const created = await recruiter.post(`${base()}/requisitions/${requisitionId}/candidates`, { name: `Casey ${++candidates}`, email: `casey-${candidates}@example.test` });
  expect(created.status).toBe(201);
  const [p1, p2, p3, p4, p5, p6] = principleIds;
  const seats = [
    { personId: hm.personId, seat: 'interviewer', principleIds: [p1] },
    { personId: interviewers[0]!.personId, seat: 'interviewer', principleIds: [p2] },
    { personId: thirdInterviewer, seat: 'interviewer', principleIds: [p3] },
    { personId: paperInterviewer, seat: 'interviewer', principleIds: [p4] },
    { personId: barRaiser.personId, seat: 'bar_raiser', principleIds: [p5, p6] },
    { personId: trainee, seat: 'shadow', principleIds: [] },
  ];
  expect((await recruiter.post(`${base()}/candidates/${created.body.id}/loop`, { interviewAt, interviewers: seats })).status).toBe(201);
  return created.body.id;
}

async function submit(actor: Actor, candidateId: string) {
  const candidate = (await actor.client.get(`${base()}/candidates/${candidateId}`)).body.candidate;
  const seat = candidate.loop.seats.find((entry: { personId: string }) => entry.personId === actor.personId);
  return actor.client.put(`${base()}/candidates/${candidateId}/feedback`, {
    vote: 'strongly_not_inclined',
    ratings: seat.principles.map((principle: { id: string }) => ({ principleId: principle.id, rating: 1, evidence: writtenEvidence(`secret verdict ${principle.id}`) })),
  });
}

const remind = (client: ApiClient, candidateId: string, personId: string) => client.post(`${base()}/candidates/${candidateId}/loop/seats/${personId}/reminders`);

beforeAll(async () => {
  database = await createTestDatabase();
  app = createTestApp(database.db).app;
  const signed = await signUpClient(app);
  orgId = signed.orgId;
  admin = { client: signed.client, personId: '' };
  admin.personId = await person('Chief Exec', signed.email, null);
  recruiter = (await inviteClient(app, admin.client, orgId, 'recruiter')).client;
  hm = await member('Hiring Manager', admin.personId);
  interviewers = [await member('Team Mate', hm.personId), await member('Peer One', admin.personId)];
  barRaiser = await member('Bar Raiser', admin.personId);
  paperInterviewer = await person('Paper Person', 'paper@example.test', admin.personId);
  trainee = await person('Train Ee', 'trainee@example.test', admin.personId);
  for (const [id, status] of [[barRaiser.personId, 'certified'], [trainee, 'in_training']] as const) {
    expect((await admin.client.put(`${base()}/bar-raisers/${id}`, { status })).status).toBe(204);
  }
  const team = (await admin.client.post(`/orgs/${orgId}/teams`, { name: 'Robots', isSingleThreaded: false })).body.team.id;
  requisitionId = (await recruiter.post(`${base()}/requisitions`, { role: 'Engineer', level: 6, teamId: team, hiringManagerId: hm.personId })).body.requisition.id;
  principleIds = (await admin.client.get(`/orgs/${orgId}/principles`)).body.principles.map((principle: { id: string }) => principle.id);
});
afterAll(async () => database.drop());

describe('reminding an interviewer of a late scorecard', () => {
  it('is sent by a recruiter, recorded and audited, and shown in the late list and on the interviewer\'s home with who sent it', async () => {
    const candidateId = await candidateWithLoop(hoursAgo(30));
    // The hiring manager's scorecard is in, with a harsh verdict that nobody blind may read through a reminder.
    expect((await submit(hm, candidateId)).status).toBe(204);
    const sent = await remind(recruiter, candidateId, interviewers[0]!.personId);
    expect(sent.status).toBe(201);
    expect(sent.body.reminder).toEqual({ remindedAt: expect.any(String), remindedBy: 'A recruiter' });

    const late = (await recruiter.get(`${base()}/late-feedback`)).body.lateFeedback.filter((entry: { candidateId: string }) => entry.candidateId === candidateId);
    const reminderOf = (personId: string) => late.find((entry: { interviewer: { personId: string } }) => entry.interviewer.personId === personId).lastReminder;
    expect(reminderOf(interviewers[0]!.personId)).toEqual(sent.body.reminder);
    expect(reminderOf(interviewers[1]!.personId)).toBeNull();

    const home = (await interviewers[0]!.client.get(`/orgs/${orgId}/home`)).body;
    const item = home.needsYou.find((entry: { kind: string; candidateId?: string }) => entry.kind === 'interview_feedback' && entry.candidateId === candidateId);
    expect(item).toMatchObject({ isOverdue: true, lastReminder: sent.body.reminder });
    // The other late interviewer was not reminded; the page says nothing of a reminder to them.
    const otherHome = (await interviewers[1]!.client.get(`/orgs/${orgId}/home`)).body;
    expect(otherHome.needsYou.find((entry: { candidateId?: string }) => entry.candidateId === candidateId).lastReminder).toBeNull();
    // Blind feedback: the reminded interviewer reads no one else's scorecard, and nothing of it reaches their home.
    const feedback = await interviewers[0]!.client.get(`${base()}/candidates/${candidateId}/feedback`);
    expect(feedback.body).toEqual({ isBlind: true, feedback: [], voteTally: null });
    expect(JSON.stringify(home)).not.toContain('strongly_not_inclined');
    expect(JSON.stringify(home)).not.toContain('secret verdict');
    // The candidate page shows it on the seat.
    const seat = (await recruiter.get(`${base()}/candidates/${candidateId}`)).body.candidate.loop.seats.find((entry: { personId: string }) => entry.personId === interviewers[0]!.personId);
    expect(seat.lastReminder).toEqual(sent.body.reminder);

    const events = (await admin.client.get(`/orgs/${orgId}/audit-events?subjectId=${candidateId}`)).body.events.filter((event: { action: string }) => event.action === 'feedback.reminded');
    expect(events).toHaveLength(1);
    expect(events[0].data).toMatchObject({ personId: interviewers[0]!.personId });
  });

  it('sends at most one a day per interviewer and loop, whoever sends it, refused with feedback.reminder_once_a_day', async () => {
    const candidateId = await candidateWithLoop(hoursAgo(30));
    expect((await remind(recruiter, candidateId, interviewers[1]!.personId)).status).toBe(201);
    for (const client of [recruiter, hm.client, admin.client]) {
      const again = await remind(client, candidateId, interviewers[1]!.personId);
      expect(again.status).toBe(422);
      expect(again.body.error).toMatchObject({ code: 'rule_violation', rule: 'feedback.reminder_once_a_day', field: 'param.personId', data: { remindedBy: 'A recruiter' } });
    }
    // Another interviewer of the same loop, and the same interviewer on another loop, are reminded apart.
    expect((await remind(hm.client, candidateId, interviewers[0]!.personId)).status).toBe(201);
    const other = await candidateWithLoop(hoursAgo(30));
    expect((await remind(recruiter, other, interviewers[1]!.personId)).status).toBe(201);
    // Two at once: one lands, the other is refused by the same rule (never a 500).
    const racing = await candidateWithLoop(hoursAgo(30));
    const answers = await Promise.all([remind(recruiter, racing, barRaiser.personId), remind(admin.client, racing, barRaiser.personId)]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 422]);
    const events = (await admin.client.get(`/orgs/${orgId}/audit-events?subjectId=${racing}`)).body.events.filter((event: { action: string }) => event.action === 'feedback.reminded');
    expect(events).toHaveLength(1);
  });

  it('lets the hiring manager remind, but no interviewer or outsider, and refuses a scorecard that is not late or not owed', async () => {
    const candidateId = await candidateWithLoop(hoursAgo(30));
    const byHm = await remind(hm.client, candidateId, interviewers[0]!.personId);
    expect(byHm.status).toBe(201);
    expect(byHm.body.reminder.remindedBy).toBe('A member');
    // An interviewer of the loop may not chase a colleague; someone outside it does not know of the candidate.
    const byInterviewer = await remind(interviewers[0]!.client, candidateId, interviewers[1]!.personId);
    expect(byInterviewer.status).toBe(403);
    const outsider = await member('Out Sider', admin.personId);
    expect((await remind(outsider.client, candidateId, interviewers[1]!.personId)).status).toBe(404);

    const refusal = async (personId: string, candidate = candidateId) => {
      const answer = await remind(recruiter, candidate, personId);
      expect(answer.status).toBe(422);
      expect(answer.body.error.field).toBe('param.personId');
      return answer.body.error.rule;
    };
    expect(await refusal(trainee)).toBe('feedback.reminder_not_owed');
    expect(await refusal(paperInterviewer)).toBe('feedback.reminder_no_login');
    // The hiring manager sits in this loop too: their own late scorecard is theirs to write, not to remind of.
    const self = await remind(hm.client, candidateId, hm.personId);
    expect(self.status).toBe(422);
    expect(self.body.error.rule).toBe('feedback.reminder_self');
    expect((await submit(interviewers[1]!, candidateId)).status).toBe(204);
    expect(await refusal(interviewers[1]!.personId)).toBe('feedback.reminder_not_owed');
    const fresh = await candidateWithLoop(hoursAgo(2));
    expect(await refusal(interviewers[1]!.personId, fresh)).toBe('feedback.reminder_not_late');
    const notSeated = await remind(recruiter, candidateId, admin.personId);
    expect(notSeated.status).toBe(404);
    expect(notSeated.body.error.field).toBe('param.personId');
    // Once the candidate withdrew, nobody owes anything.
    expect((await recruiter.post(`${base()}/candidates/${candidateId}/withdraw`)).status).toBe(204);
    expect(await refusal(barRaiser.personId)).toBe('feedback.reminder_not_owed');
  });

  it('marks the viewer\'s own late scorecard in the late list as theirs to write, and gives a shadow no due date', async () => {
    const candidateId = await candidateWithLoop(hoursAgo(30), admin.personId);
    const late = (await admin.client.get(`${base()}/late-feedback`)).body.lateFeedback.filter((entry: { candidateId: string }) => entry.candidateId === candidateId);
    const mineOf = (entries: Array<{ interviewer: { personId: string }; isYours: boolean }>) => entries.filter((entry) => entry.isYours).map((entry) => entry.interviewer.personId);
    expect(mineOf(late)).toEqual([admin.personId]);
    // The row the list marks is the one the server refuses to remind of.
    expect((await remind(admin.client, candidateId, admin.personId)).body.error.rule).toBe('feedback.reminder_self');
    // A recruiter without a seat there sees no row as theirs.
    expect(mineOf((await recruiter.get(`${base()}/late-feedback`)).body.lateFeedback)).toEqual([]);
    const seats = (await recruiter.get(`${base()}/candidates/${candidateId}`)).body.candidate.loop.seats as Array<{ personId: string; dueAt: string | null; isOverdue: boolean }>;
    expect(seats.find((seat) => seat.personId === trainee)).toMatchObject({ dueAt: null, isOverdue: false });
    expect(seats.find((seat) => seat.personId === barRaiser.personId)).toMatchObject({ dueAt: expect.any(String), isOverdue: true });
  });

  it('counts the 24 hours from a reinstatement when the interview came before it: due dates, the late list, reminders and homes', async () => {
    const candidateId = await candidateWithLoop(hoursAgo(72));
    expect((await submit(hm, candidateId)).status).toBe(204);
    expect((await recruiter.post(`${base()}/candidates/${candidateId}/reject`, { reason: 'another_candidate' })).status).toBe(204);
    expect((await recruiter.post(`${base()}/candidates/${candidateId}/reinstate`)).status).toBe(200);

    const seatsOf = async () => (await recruiter.get(`${base()}/candidates/${candidateId}`)).body.candidate.loop.seats as Array<{ personId: string; dueAt: string | null; isOverdue: boolean }>;
    const owed = (await seatsOf()).find((seat) => seat.personId === interviewers[0]!.personId)!;
    expect(owed.isOverdue).toBe(false);
    const reinstatedAt = (await database.db.selectFrom('candidates').select('reinstated_at').where('id', '=', candidateId).executeTakeFirstOrThrow()).reinstated_at!;
    expect(owed.dueAt).toBe(new Date(new Date(reinstatedAt).getTime() + 24 * 3_600_000).toISOString());
    const lateList = async () => (await recruiter.get(`${base()}/late-feedback`)).body.lateFeedback.filter((entry: { candidateId: string }) => entry.candidateId === candidateId) as Array<{ interviewer: { personId: string }; dueAt: string }>;
    expect(await lateList()).toEqual([]);
    const early = await remind(recruiter, candidateId, interviewers[0]!.personId);
    expect(early.body.error).toMatchObject({ code: 'rule_violation', rule: 'feedback.reminder_not_late', field: 'param.personId' });
    expect(early.body.error.message).toMatch(/ is not late yet: it is due [A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d\d [AP]M UTC\.$/);
    expect(early.body.error.message).toContain(`it is due ${formatUtcDateTime(new Date(owed.dueAt as string))}.`);
    const homeItem = async () => (await interviewers[0]!.client.get(`/orgs/${orgId}/home`)).body.needsYou.find((entry: { candidateId?: string }) => entry.candidateId === candidateId);
    expect(await homeItem()).toMatchObject({ isOverdue: false, dueAt: owed.dueAt });

    // A day and more after the reinstatement (moved back in the database, not waited for), it is late as any other.
    await database.db.updateTable('candidates').set({ reinstated_at: new Date(Date.now() - 25 * 3_600_000) }).where('id', '=', candidateId).execute();
    expect((await seatsOf()).find((seat) => seat.personId === interviewers[0]!.personId)!.isOverdue).toBe(true);
    expect((await lateList()).map((entry) => entry.interviewer.personId)).toEqual([interviewers[0]!.personId, interviewers[1]!.personId, paperInterviewer, barRaiser.personId]);
    expect((await homeItem()).isOverdue).toBe(true);
    expect((await remind(recruiter, candidateId, interviewers[0]!.personId)).status).toBe(201);
  });
});

describe('the bar raiser pool\'s stale-write guard', () => {
  it('refuses a status change or a removal made from a stale read with 409, and writes nothing', async () => {
    const raiser = await member('Pool Raiser', admin.personId);
    const read = async () => (await recruiter.get(`${base()}/bar-raisers`)).body as { pool: { personId: string; status: string; editToken: string }[]; editTokenOutsidePool: string };
    const outside = (await read()).editTokenOutsidePool;
    expect((await admin.client.put(`${base()}/bar-raisers/${raiser.personId}`, { status: 'in_training', baseToken: outside })).status).toBe(204);
    const seen = (await read()).pool.find((entry) => entry.personId === raiser.personId)!;
    // A colleague certifies them meanwhile.
    expect((await admin.client.put(`${base()}/bar-raisers/${raiser.personId}`, { status: 'certified', baseToken: seen.editToken })).status).toBe(204);
    const now = (await read()).pool.find((entry) => entry.personId === raiser.personId)!;
    expect(now.editToken).not.toBe(seen.editToken);
    for (const status of ['in_training', null]) {
      const stale = await admin.client.put(`${base()}/bar-raisers/${raiser.personId}`, { status, baseToken: seen.editToken });
      expect(stale.status).toBe(409);
      expect(stale.body.error).toMatchObject({ code: 'conflict', field: 'body.baseToken', data: { token: now.editToken } });
    }
    expect((await read()).pool.find((entry) => entry.personId === raiser.personId)).toMatchObject({ status: 'certified', editToken: now.editToken });
    // Adding someone read as outside the pool, whom another admin has added since, is refused too.
    const added = await admin.client.put(`${base()}/bar-raisers/${raiser.personId}`, { status: 'in_training', baseToken: outside });
    expect(added.status).toBe(409);
    // With the current token the change goes through; without one (a script) it is not checked.
    expect((await admin.client.put(`${base()}/bar-raisers/${raiser.personId}`, { status: 'in_training', baseToken: now.editToken })).status).toBe(204);
    expect((await admin.client.put(`${base()}/bar-raisers/${raiser.personId}`, { status: null })).status).toBe(204);
    expect((await read()).pool.some((entry) => entry.personId === raiser.personId)).toBe(false);
  });
});
