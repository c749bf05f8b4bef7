import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writtenEvidence } from '../../../test/support/evidence.js';
import { ApiClient, createTestApp, inviteClient, signUpClient, TEST_PASSWORD } from '../../../test/support/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.js';
import type { PulseApp } from '../../server/app.js';
import { remindInterviewer } from '../hiring/feedback-reminders.service.js';
import type { OrgActor } from '../context.js';

const EMAIL_ON = { PULSE_SMTP_URL: 'smtp://127.0.0.1:2525', PULSE_MAIL_FROM: 'Pulse <pulse@example.test>', PULSE_PUBLIC_URL: 'https://pulse.example.test' };

let database: TestDatabase;
let app: PulseApp;
let emailOffApp: PulseApp;
let orgId: string;
let admin: ApiClient;
let recruiter: { client: ApiClient; actor: OrgActor };
let interviewers: Array<{ client: ApiClient; personId: string; email: string }>;
let hmPersonId: string;
let requisitionId: string;
let principleIds: string[];
let candidates = 0;

const base = () => `/orgs/${orgId}/hiring`;
const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();

async function person(name: string, email: string, managerId: string | null): Promise<string> {
  const response = await admin.post(`/orgs/${orgId}/people`, { name, email, role: 'Engineer', level: 6, managerId });
  if (response.status !== 201) throw new Error(JSON.stringify(response.body));
  return response.body.person.id;
}

/** A candidate whose loop was held 30 hours ago: five interviewers with logins and a certified bar raiser. */
async function candidateWithLateLoop(): Promise<string> {
  const created = await recruiter.client.post(`${base()}/requisitions/${requisitionId}/candidates`, { name: `Confidential Casey ${++candidates}`, email: `casey-${candidates}@example.test` });
  expect(created.status).toBe(201);
  const seats = interviewers.map((interviewer, index) => ({ personId: interviewer.personId, seat: index === interviewers.length - 1 ? 'bar_raiser' : 'interviewer', principleIds: [principleIds[index]] }));
  expect((await recruiter.client.post(`${base()}/candidates/${created.body.id}/loop`, { interviewAt: hoursAgo(30), interviewers: seats })).status).toBe(201);
  return created.body.id;
}

const outboxRows = (kind: 'invitation' | 'feedback_reminder' | 'interview_seat') =>
  database.db.selectFrom('outbox_emails').selectAll().where('org_id', '=', orgId).where('kind', '=', kind).orderBy('created_at').orderBy('id').execute();
const remindersOf = (personId: string) => database.db.selectFrom('feedback_reminders').selectAll().where('org_id', '=', orgId).where('person_id', '=', personId).execute();

beforeAll(async () => {
  database = await createTestDatabase();
  app = createTestApp(database.db, EMAIL_ON).app;
  emailOffApp = createTestApp(database.db).app;
  const signed = await signUpClient(app, { orgName: 'Acme Robots' });
  orgId = signed.orgId;
  admin = signed.client;
  const adminPersonId = await person('Chief Exec', signed.email, null);
  const joinedRecruiter = await inviteClient(app, admin, orgId, 'recruiter');
  recruiter = { client: joinedRecruiter.client, actor: { userId: joinedRecruiter.userId, orgId, role: 'recruiter' } };
  const hm = await inviteClient(app, admin, orgId, 'member');
  hmPersonId = await person('Hiring Manager', hm.email, adminPersonId);
  interviewers = [];
  for (const name of ['Ivy One', 'Ivy Two', 'Ivy Three', 'Ivy Four', 'Bar Raiser']) {
    const joined = await inviteClient(app, admin, orgId, 'member');
    interviewers.push({ client: joined.client, personId: await person(name, joined.email, name === 'Ivy One' ? hmPersonId : adminPersonId), email: joined.email });
  }
  expect((await admin.put(`${base()}/bar-raisers/${interviewers[4]!.personId}`, { status: 'certified' })).status).toBe(204);
  const team = (await admin.post(`/orgs/${orgId}/teams`, { name: 'Robots', isSingleThreaded: false })).body.team.id;
  requisitionId = (await recruiter.client.post(`${base()}/requisitions`, { role: 'Staff Engineer', level: 6, teamId: team, hiringManagerId: hmPersonId })).body.requisition.id;
  principleIds = (await admin.get(`/orgs/${orgId}/principles`)).body.principles.map((principle: { id: string }) => principle.id);
});
afterAll(async () => database.drop());

describe('a late-scorecard reminder with email on', () => {
  it('queues one email to the interviewer\'s login, with the role and a link, and nothing of the candidate or the feedback', async () => {
    const candidateId = await candidateWithLateLoop();
    const [ivy, peer] = interviewers;
    // A scorecard with a verdict that the reminded interviewer may not read, in an email or anywhere.
    const candidate = (await peer!.client.get(`${base()}/candidates/${candidateId}`)).body.candidate;
    const seat = candidate.loop.seats.find((entry: { personId: string }) => entry.personId === peer!.personId);
    const ratings = seat.principles.map((principle: { id: string }) => ({ principleId: principle.id, rating: 1, evidence: writtenEvidence('secret verdict on the candidate') }));
    expect((await peer!.client.put(`${base()}/candidates/${candidateId}/feedback`, { vote: 'strongly_not_inclined', ratings })).status).toBe(204);
    const before = (await outboxRows('feedback_reminder')).length;

    expect((await recruiter.client.post(`${base()}/candidates/${candidateId}/loop/seats/${ivy!.personId}/reminders`)).status).toBe(201);
    const queued = (await outboxRows('feedback_reminder')).slice(before);
    expect(queued).toHaveLength(1);
    const email = queued[0]!;
    expect(email).toMatchObject({ recipient: ivy!.email, subject: 'Your interview feedback is late (Staff Engineer, Acme Robots)', attempts: 0, sent_at: null });
    expect(email.text_body).toContain('Hello Ivy One,');
    expect(email.text_body).toContain(`https://pulse.example.test/o/${orgId}/hiring/${requisitionId}?candidate=${candidateId}`);
    expect(`${email.subject}\n${email.text_body}`).not.toMatch(/Casey|casey-|secret verdict|strongly/);

    // Refused the same day: no reminder, so no second email.
    expect((await admin.post(`${base()}/candidates/${candidateId}/loop/seats/${ivy!.personId}/reminders`)).status).toBe(422);
    expect(await outboxRows('feedback_reminder')).toHaveLength(before + 1);
  });

  it('rolls back with the reminder: an email that cannot be queued leaves no reminder recorded, and no email', async () => {
    const candidateId = await candidateWithLateLoop();
    const target = interviewers[2]!;
    const before = (await outboxRows('feedback_reminder')).length;
    // The outbox refuses this one row, so the reminder's transaction fails at its last step.
    await sql`alter table outbox_emails add constraint test_refuse_recipient check (recipient <> ${sql.lit(target.email)}) not valid`.execute(database.db);
    try {
      await expect(remindInterviewer(database.db, recruiter.actor, candidateId, target.personId, new Date(), { publicUrl: EMAIL_ON.PULSE_PUBLIC_URL })).rejects.toThrow();
    } finally {
      await sql`alter table outbox_emails drop constraint test_refuse_recipient`.execute(database.db);
    }
    expect(await remindersOf(target.personId)).toEqual([]);
    expect(await outboxRows('feedback_reminder')).toHaveLength(before);
    // With the outbox able to take it again, the same reminder lands with its email.
    await remindInterviewer(database.db, recruiter.actor, candidateId, target.personId, new Date(), { publicUrl: EMAIL_ON.PULSE_PUBLIC_URL });
    expect(await remindersOf(target.personId)).toHaveLength(1);
    expect(await outboxRows('feedback_reminder')).toHaveLength(before + 1);
  });

  it('queues nothing when email is off: the reminder works as before', async () => {
    const candidateId = await candidateWithLateLoop();
    const before = (await outboxRows('feedback_reminder')).length;
    await remindInterviewer(database.db, recruiter.actor, candidateId, interviewers[3]!.personId, new Date(), null);
    expect(await remindersOf(interviewers[3]!.personId)).toHaveLength(1);
    expect(await outboxRows('feedback_reminder')).toHaveLength(before);
  });
});

describe('a seat in a loop with email on', () => {
  const seatsFor = (people: typeof interviewers) => people.map((interviewer, index) => ({ personId: interviewer.personId, seat: index === people.length - 1 ? 'bar_raiser' : 'interviewer', principleIds: [principleIds[index]] }));
  const newCandidate = async () => {
    const created = await recruiter.client.post(`${base()}/requisitions/${requisitionId}/candidates`, { name: `Confidential Casey ${++candidates}`, email: `casey-${candidates}@example.test` });
    expect(created.status).toBe(201);
    return created.body.id as string;
  };

  it('tells each interviewer of their seat when the loop is set up: role, part, time and link, never the candidate', async () => {
    const candidateId = await newCandidate();
    const before = (await outboxRows('interview_seat')).length;
    const interviewAt = new Date(Date.UTC(2026, 11, 2, 14, 0));
    expect((await recruiter.client.post(`${base()}/candidates/${candidateId}/loop`, { interviewAt: interviewAt.toISOString(), interviewers: seatsFor(interviewers) })).status).toBe(201);
    const queued = (await outboxRows('interview_seat')).slice(before);
    expect(queued.map((row) => row.recipient).sort()).toEqual(interviewers.map((interviewer) => interviewer.email).sort());
    const toBarRaiser = queued.find((row) => row.recipient === interviewers[4]!.email)!;
    expect(toBarRaiser.subject).toBe('You interview for Staff Engineer on Dec 2, 2026 (Acme Robots)');
    expect(toBarRaiser.text_body).toContain('Hello Bar Raiser,');
    expect(toBarRaiser.text_body).toContain('a seat as the bar raiser in an interview loop for the Staff Engineer role, on Dec 2, 2026, 2:00 PM UTC.');
    expect(toBarRaiser.text_body).toContain(`https://pulse.example.test/o/${orgId}/hiring/${requisitionId}?candidate=${candidateId}`);
    for (const row of queued) expect(`${row.subject}\n${row.text_body}`).not.toMatch(/Casey|casey-/);

    // Refused (one loop per candidate): nothing more is queued.
    const again = await recruiter.client.post(`${base()}/candidates/${candidateId}/loop`, { interviewAt: interviewAt.toISOString(), interviewers: seatsFor(interviewers) });
    expect(again.status).toBe(422);
    expect(await outboxRows('interview_seat')).toHaveLength(before + interviewers.length);
  });

  it('tells only the newcomer when a seat is given to someone else, and nobody when that is refused', async () => {
    const candidateId = await newCandidate();
    const second = interviewers[1]!;
    const hm = await inviteClient(app, admin, orgId, 'member');
    const newcomer = { personId: await person('Nia Newcomer', hm.email, hmPersonId), email: hm.email };
    expect((await recruiter.client.post(`${base()}/candidates/${candidateId}/loop`, { interviewAt: new Date(Date.now() + 86_400_000).toISOString(), interviewers: seatsFor(interviewers) })).status).toBe(201);
    const before = (await outboxRows('interview_seat')).length;
    // Someone already seated in the loop cannot take a second seat: refused, so no email.
    const refused = await recruiter.client.put(`${base()}/candidates/${candidateId}/loop/seats/${second.personId}`, { personId: interviewers[0]!.personId });
    expect(refused.status).toBe(422);
    expect(await outboxRows('interview_seat')).toHaveLength(before);

    expect((await recruiter.client.put(`${base()}/candidates/${candidateId}/loop/seats/${second.personId}`, { personId: newcomer.personId })).status).toBe(204);
    const queued = (await outboxRows('interview_seat')).slice(before);
    expect(queued).toHaveLength(1);
    expect(queued[0]).toMatchObject({ recipient: newcomer.email });
    expect(queued[0]!.text_body).toContain('Hello Nia Newcomer,');
  });

  it('queues nothing when email is off: the loop is set up as before', async () => {
    const candidateId = await newCandidate();
    const before = (await outboxRows('interview_seat')).length;
    const sameRecruiter = Object.assign(new ApiClient(emailOffApp), { cookie: recruiter.client.cookie, csrfToken: recruiter.client.csrfToken });
    expect((await sameRecruiter.post(`${base()}/candidates/${candidateId}/loop`, { interviewAt: new Date().toISOString(), interviewers: seatsFor(interviewers) })).status).toBe(201);
    expect(await outboxRows('interview_seat')).toHaveLength(before);
  });
});

describe('an invitation with email on', () => {
  it('queues its link; a new link replaces the waiting email, and revoking drops it', async () => {
    const created = await admin.post(`/orgs/${orgId}/invitations`, { email: 'newcomer@example.test', role: 'member' });
    expect(created.status).toBe(201);
    const invitationId: string = created.body.invitation.id;
    const forIt = async () => (await outboxRows('invitation')).filter((row) => row.invitation_id === invitationId);
    const [first] = await forIt();
    expect(first).toMatchObject({ recipient: 'newcomer@example.test', subject: expect.stringContaining('invited you to Acme Robots on Pulse') });
    expect(first!.text_body).toContain(created.body.url);
    expect(created.body.url).toMatch(/^https:\/\/pulse\.example\.test\/invite\//);

    const renewed = await admin.post(`/orgs/${orgId}/invitations/${invitationId}/resend`);
    expect(renewed.status).toBe(200);
    const afterRenewal = await forIt();
    expect(afterRenewal).toHaveLength(1);
    expect(afterRenewal[0]!.text_body).toContain(renewed.body.url);
    expect(afterRenewal[0]!.text_body).not.toContain(created.body.url);

    expect((await admin.delete(`/orgs/${orgId}/invitations/${invitationId}`)).status).toBe(200);
    // Gone with the invitation, not left waiting with its link (read by address: the invitation's id is gone too).
    expect((await outboxRows('invitation')).filter((row) => row.recipient === 'newcomer@example.test')).toEqual([]);
  });

  it('drops its waiting email once accepted: the link was shared another way, and the email would ask them to join again', async () => {
    const created = await admin.post(`/orgs/${orgId}/invitations`, { email: 'quick-joiner@example.test', role: 'member' });
    expect(created.status).toBe(201);
    const waiting = async () => (await outboxRows('invitation')).filter((row) => row.recipient === 'quick-joiner@example.test');
    expect(await waiting()).toHaveLength(1);
    const token = new URL(created.body.url as string).pathname.split('/').pop();
    const joined = await new ApiClient(app).post(`/invitations/${token}/signup`, { email: 'quick-joiner@example.test', name: 'Quick Joiner', password: TEST_PASSWORD });
    expect(joined.status).toBe(201);
    expect(await waiting()).toEqual([]);
  });

  it('drops the waiting emails of the invitations a member sent when they are removed', async () => {
    const sender = await inviteClient(app, admin, orgId, 'admin');
    expect((await sender.client.post(`/orgs/${orgId}/invitations`, { email: 'their-invitee@example.test', role: 'member' })).status).toBe(201);
    const waiting = async () => (await outboxRows('invitation')).filter((row) => row.recipient === 'their-invitee@example.test');
    expect(await waiting()).toHaveLength(1);
    expect((await admin.delete(`/orgs/${orgId}/members/${sender.userId}`)).status).toBe(200);
    expect(await waiting()).toEqual([]);
  });

  it('queues nothing when email is off: the link is only shown to the admin, as before', async () => {
    // The same admin session, on a server without PULSE_SMTP_URL.
    const sameAdmin = Object.assign(new ApiClient(emailOffApp), { cookie: admin.cookie, csrfToken: admin.csrfToken });
    const created = await sameAdmin.post(`/orgs/${orgId}/invitations`, { email: 'quiet@example.test', role: 'member' });
    expect(created.status).toBe(201);
    expect(created.body.url).toContain('/invite/');
    expect((await outboxRows('invitation')).filter((row) => row.invitation_id === created.body.invitation.id)).toEqual([]);
  });
});

describe('GET /orgs/{orgId}/outbox', () => {
  it('shows admins what was queued, with counts and whether email is on; others are refused', async () => {
    const outbox = await admin.get(`/orgs/${orgId}/outbox`);
    expect(outbox.status).toBe(200);
    expect(outbox.body).toMatchObject({ isEmailOn: true, maxAttempts: 5, counts: { sent: 0, failed: 0 } });
    expect(outbox.body.counts.waiting).toBeGreaterThan(0);
    expect(outbox.body.emails[0]).toMatchObject({ status: 'waiting', attempts: 0, sentAt: null, lastError: null });
    expect(JSON.stringify(outbox.body)).not.toContain('/invite/');

    for (const client of [recruiter.client, interviewers[0]!.client]) {
      const refused = await client.get(`/orgs/${orgId}/outbox`);
      expect(refused.status).toBe(403);
      expect(refused.body.error.code).toBe('forbidden');
    }
  });

  it('says when email is off', async () => {
    const { client, orgId: ownOrg } = await signUpClient(emailOffApp);
    const outbox = await client.get(`/orgs/${ownOrg}/outbox`);
    expect(outbox.status).toBe(200);
    expect(outbox.body).toMatchObject({ isEmailOn: false, counts: { sent: 0, waiting: 0, failed: 0 }, emails: [] });
  });
});
