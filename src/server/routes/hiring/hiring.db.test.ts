import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database.js';
import { ApiClient, createTestApp, inviteClient, signUpClient, TEST_PASSWORD } from '../../../../test/support/test-app.js';
import type { PulseApp } from '../../app.js';
import { writtenEvidence } from '../../../../test/support/evidence.js';
import { duringDeparture } from '../../../../test/support/departure-race.js';
import { formatDay } from '../../../domain/dates.js';

let database: TestDatabase;
let app: PulseApp;

interface Actor {
  client: ApiClient;
  personId: string;
}

interface HiringOrg {
  orgId: string;
  admin: Actor;
  recruiter: ApiClient;
  hm: Actor;
  interviewers: Actor[];
  barRaiser: Actor;
  insiderBarRaiser: Actor;
  outsider: Actor;
  trainee: string;
  principleIds: string[];
  requisitionId: string;
}

let org: HiringOrg;

async function person(admin: ApiClient, orgId: string, name: string, email: string, managerId: string | null): Promise<string> {
  const response = await admin.post(`/orgs/${orgId}/people`, { name, email, role: 'Engineer', level: 6, managerId });
  if (response.status !== 201) throw new Error(JSON.stringify(response.body));
  return response.body.person.id;
}

async function member(admin: ApiClient, orgId: string, name: string, managerId: string | null): Promise<Actor> {
  const joined = await inviteClient(app, admin, orgId, 'member');
  return { client: joined.client, personId: await person(admin, orgId, name, joined.email, managerId) };
}

/**
 * One org for the file: CEO (the admin) → hiring manager → one interviewer and a certified bar raiser
 * inside the hiring team; everyone else reports to the CEO. Each test takes its own candidate.
 */
async function buildHiringOrg(): Promise<HiringOrg> {
  const signed = await signUpClient(app);
  const { client: admin, orgId } = signed;
  const ceo = await person(admin, orgId, 'Chief Exec', signed.email, null);
  const recruiter = (await inviteClient(app, admin, orgId, 'recruiter')).client;
  const hm = await member(admin, orgId, 'Hiring Manager', ceo);
  const interviewers = [await member(admin, orgId, 'Team Mate', hm.personId), await member(admin, orgId, 'Peer One', ceo), await member(admin, orgId, 'Peer Two', ceo)];
  const barRaiser = await member(admin, orgId, 'Bar Raiser', ceo);
  const insiderBarRaiser = await member(admin, orgId, 'Inside Raiser', hm.personId);
  const outsider = await member(admin, orgId, 'Out Sider', ceo);
  const trainee = await person(admin, orgId, 'Train Ee', 'trainee@example.test', ceo);
  for (const [id, status] of [[barRaiser.personId, 'certified'], [insiderBarRaiser.personId, 'certified'], [trainee, 'in_training']] as const) {
    expect((await admin.put(`/orgs/${orgId}/hiring/bar-raisers/${id}`, { status })).status).toBe(204);
  }
  const team = (await admin.post(`/orgs/${orgId}/teams`, { name: 'Robots', isSingleThreaded: false })).body.team.id;
  const requisition = await recruiter.post(`/orgs/${orgId}/hiring/requisitions`, { role: 'Engineer', level: 6, teamId: team, hiringManagerId: hm.personId });
  expect(requisition.status).toBe(201);
  const principleIds = (await admin.get(`/orgs/${orgId}/principles`)).body.principles.map((principle: { id: string }) => principle.id);
  return { orgId, admin: { client: admin, personId: ceo }, recruiter, hm, interviewers, barRaiser, insiderBarRaiser, outsider, trainee, principleIds, requisitionId: requisition.body.requisition.id };
}

beforeAll(async () => {
  database = await createTestDatabase();
  app = createTestApp(database.db).app;
  org = await buildHiringOrg();
});
afterAll(async () => database.drop());

const base = () => `/orgs/${org.orgId}/hiring`;

let candidates = 0;

/**
 * A new candidate of the requisition; each a different person (a requisition holds a person once). The file's tests
 * share the requisition: once one of them has made an offer, its opening is filled (requisition.opening_filled), and
 * the next candidate is for its next seat, the requisition closed and reopened.
 */
async function newCandidate(name = 'Casey Candidate', email = `casey-${++candidates}@example.test`): Promise<string> {
  const shared = `${base()}/requisitions/${org.requisitionId}`;
  if ((await org.recruiter.get(shared)).body.requisition.offersSinceOpened.length > 0) {
    expect((await org.recruiter.post(`${shared}/close`)).status).toBe(200);
    expect((await org.recruiter.post(`${shared}/reopen`)).status).toBe(200);
  }
  const response = await org.recruiter.post(`${base()}/requisitions/${org.requisitionId}/candidates`, { name, email });
  expect(response.status).toBe(201);
  return response.body.id;
}

function loopSeats(barRaiserId = org.barRaiser.personId) {
  const [p1, p2, p3, p4, p5, p6] = org.principleIds;
  return [
    { personId: org.hm.personId, seat: 'interviewer', principleIds: [p1] },
    { personId: org.interviewers[0]!.personId, seat: 'interviewer', principleIds: [p2] },
    { personId: org.interviewers[1]!.personId, seat: 'interviewer', principleIds: [p3] },
    { personId: org.interviewers[2]!.personId, seat: 'interviewer', principleIds: [p4] },
    { personId: barRaiserId, seat: 'bar_raiser', principleIds: [p5, p6] },
    { personId: org.trainee, seat: 'shadow', principleIds: [] },
  ];
}

async function candidateWithLoop(interviewAt = new Date().toISOString()): Promise<string> {
  const candidateId = await newCandidate();
  const loop = await org.recruiter.post(`${base()}/candidates/${candidateId}/loop`, { interviewAt, interviewers: loopSeats() });
  expect(loop.status).toBe(201);
  return candidateId;
}

async function submit(actor: Actor, candidateId: string, vote = 'inclined', rating = 4) {
  const candidate = (await actor.client.get(`${base()}/candidates/${candidateId}`)).body.candidate;
  const seat = candidate.loop.seats.find((entry: { personId: string }) => entry.personId === actor.personId);
  return actor.client.put(`${base()}/candidates/${candidateId}/feedback`, {
    vote,
    ratings: seat.principles.map((principle: { id: string }) => ({ principleId: principle.id, rating, evidence: writtenEvidence(`${principle.id} from ${actor.personId}`) })),
  });
}

const everyone = () => [org.hm, ...org.interviewers, org.barRaiser];

describe('bar raiser pool and loop planner', () => {
  it('tracks certified and in-training members and suggests the lightest eligible bar raiser', async () => {
    const pool = (await org.admin.client.get(`${base()}/bar-raisers`)).body.pool;
    expect(pool.map((entry: { name: string; status: string }) => [entry.name, entry.status])).toEqual([['Bar Raiser', 'certified'], ['Inside Raiser', 'certified'], ['Train Ee', 'in_training']]);
    const plan = await org.recruiter.post(`${base()}/loop-plans`, { requisitionId: org.requisitionId, interviewerIds: [org.hm.personId, ...org.interviewers.map((i) => i.personId)] });
    expect(plan.status).toBe(200);
    // The inside raiser reports to the hiring manager, so only the outside one is eligible.
    expect(plan.body.suggestedBarRaiser).toMatchObject({ personId: org.barRaiser.personId });
    expect(plan.body.seats).toHaveLength(5);
    expect(plan.body.seats.every((seat: { principleIds: string[] }) => seat.principleIds.length === 2)).toBe(true);
    expect(plan.body.warnings.filter((warning: { kind: string }) => warning.kind === 'uncovered')).toHaveLength(4);
    const eligibility = (personId: string) => org.hm.client.get(`${base()}/requisitions/${org.requisitionId}/bar-raiser-eligibility/${personId}`);
    expect((await eligibility(org.barRaiser.personId)).body).toEqual({ isEligible: true, rule: null });
    expect((await eligibility(org.insiderBarRaiser.personId)).body).toEqual({ isEligible: false, rule: 'loop.bar_raiser_outside_chain' });
    expect((await eligibility(org.outsider.personId)).body).toEqual({ isEligible: false, rule: 'loop.bar_raiser_certified' });
  });

  it('refuses loops that break the composition rules, each with its rule id', async () => {
    const candidateId = await newCandidate();
    const post = (interviewers: unknown[]) => org.recruiter.post(`${base()}/candidates/${candidateId}/loop`, { interviewAt: new Date().toISOString(), interviewers });
    expect((await post(loopSeats(org.insiderBarRaiser.personId))).body.error.rule).toBe('loop.bar_raiser_outside_chain');
    expect((await post(loopSeats(org.outsider.personId))).body.error.rule).toBe('loop.bar_raiser_certified');
    expect((await post(loopSeats().slice(1))).body.error.rule).toBe('loop.size');
    const twoRaisers = loopSeats().map((seat, index) => (index === 0 ? { ...seat, personId: org.insiderBarRaiser.personId, seat: 'bar_raiser' } : seat));
    expect((await post(twoRaisers)).body.error.rule).toBe('loop.one_bar_raiser');
    const sameTwice = loopSeats().map((seat, index) => (index === 1 ? { ...seat, principleIds: [org.principleIds[0]] } : seat));
    const twice = await post(sameTwice);
    expect(twice.status).toBe(422);
    expect(twice.body.error).toMatchObject({ rule: 'loop.distinct_principles', data: { principleId: org.principleIds[0] } });
    const created = await post(loopSeats());
    expect(created.status).toBe(201);
    expect(created.body.warnings.some((warning: { kind: string }) => warning.kind === 'uncovered')).toBe(true);
    expect((await post(loopSeats())).body.error.rule).toBe('loop.one_per_candidate');
  });
});

describe('feedback', () => {
  it('tallies the debrief\'s votes on the server, for those who may read the debrief only once it opens, a shadow\'s vote aside', async () => {
    const candidateId = await candidateWithLoop();
    const tallyOf = async (client: ApiClient) => {
      const response = await client.get(`${base()}/candidates/${candidateId}/feedback`);
      expect(response.status).toBe(200);
      return response.body.voteTally;
    };
    const [mate, peerOne, peerTwo] = org.interviewers;
    expect((await submit(org.hm, candidateId, 'strongly_inclined', 5)).status).toBe(204);
    // The shadow (no login) gives a vote, keyed in: theirs is read at the debrief, not counted in it.
    expect((await org.recruiter.put(`${base()}/candidates/${candidateId}/feedback/${org.trainee}`, { vote: 'strongly_inclined', ratings: [] })).status).toBe(204);
    expect((await submit(mate!, candidateId, 'inclined', 4)).status).toBe(204);
    expect((await submit(peerOne!, candidateId, 'inclined', 4)).status).toBe(204);
    // Blind: an interviewer yet to submit reads no count. Nor does anyone before the debrief opens, not even an
    // interviewer whose feedback is in, nor hiring staff outside the loop; a member outside it gets 404.
    for (const client of [peerTwo!.client, org.barRaiser.client, org.hm.client, mate!.client, org.recruiter, org.admin.client]) expect(await tallyOf(client)).toBeNull();
    expect((await org.outsider.client.get(`${base()}/candidates/${candidateId}/feedback`)).status).toBe(404);
    expect((await submit(peerTwo!, candidateId, 'not_inclined', 2)).status).toBe(204);
    expect(await tallyOf(org.recruiter)).toBeNull();

    expect((await submit(org.barRaiser, candidateId, 'strongly_not_inclined', 1)).status).toBe(204);
    const expected = { strongly_inclined: 1, inclined: 2, not_inclined: 1, strongly_not_inclined: 1 };
    for (const client of [org.barRaiser.client, org.hm.client, peerTwo!.client, org.recruiter, org.admin.client]) expect(await tallyOf(client)).toEqual(expected);
    expect((await org.outsider.client.get(`${base()}/candidates/${candidateId}/feedback`)).status).toBe(404);
  });

  it('keeps feedback blind until you submit your own, in the API', async () => {
    const candidateId = await candidateWithLoop();
    const [mate, peer] = org.interviewers;
    expect((await submit(peer!, candidateId)).status).toBe(204);
    const blind = await mate!.client.get(`${base()}/candidates/${candidateId}/feedback`);
    expect(blind.body).toEqual({ isBlind: true, feedback: [], voteTally: null });
    expect((await mate!.client.get(`${base()}/candidates/${candidateId}/standing`)).body.error.rule).toBe('feedback.blind');
    expect((await org.recruiter.get(`${base()}/candidates/${candidateId}/feedback`)).body.isBlind).toBe(true);

    expect((await submit(mate!, candidateId)).status).toBe(204);
    const open = await mate!.client.get(`${base()}/candidates/${candidateId}/feedback`);
    expect(open.body.isBlind).toBe(false);
    expect(open.body.feedback.map((entry: { personId: string }) => entry.personId).sort()).toEqual([mate!.personId, peer!.personId].sort());
    expect(open.body.feedback[0].ratings[0].title).not.toBe('');
    expect((await submit(mate!, candidateId)).body.error.rule).toBe('feedback.once');
  });

  it('requires evidence for every assigned principle and a vote with no neutral', async () => {
    const candidateId = await candidateWithLoop();
    const actor = org.interviewers[1]!;
    const principleId = org.principleIds[2];
    const put = (body: unknown) => actor.client.put(`${base()}/candidates/${candidateId}/feedback`, body);
    expect((await put({ vote: 'neutral', ratings: [{ principleId, rating: 3, evidence: 'x' }] })).body.error.field).toBe('body.vote');
    expect((await put({ vote: 'inclined', ratings: [{ principleId, rating: 3, evidence: '  ' }] })).body.error.field).toBe('body.ratings.0.evidence');
    expect((await put({ vote: 'inclined', ratings: [] })).body.error.rule).toBe('feedback.all_principles_rated');
    expect((await put({ vote: 'inclined', ratings: [{ principleId: org.principleIds[0], rating: 3, evidence: 'x' }] })).body.error.rule).toBe('feedback.assigned_principles');
    expect((await org.outsider.client.put(`${base()}/candidates/${candidateId}/feedback`, { vote: 'inclined', ratings: [] })).status).toBe(404);
  });

  it('refuses evidence shorter than 8 words, or a placeholder, naming the principle, and takes none of the scorecard', async () => {
    const candidateId = await candidateWithLoop();
    const actor = org.interviewers[1]!;
    const seat = (await actor.client.get(`${base()}/candidates/${candidateId}`)).body.candidate.loop.seats.find((entry: { personId: string }) => entry.personId === actor.personId);
    const principles = seat.principles as Array<{ id: string; title: string }>;
    const put = (evidenceOf: (index: number) => string) => actor.client.put(`${base()}/candidates/${candidateId}/feedback`, { vote: 'inclined', ratings: principles.map((principle, index) => ({ principleId: principle.id, rating: 3, evidence: evidenceOf(index) })) });
    const last = principles.length - 1;
    const short = await put((index) => (index === last ? 'Good answers, strong hire.' : writtenEvidence()));
    expect(short.status).toBe(422);
    expect(short.body.error).toMatchObject({ code: 'rule_violation', rule: 'feedback.evidence_too_short', field: `body.ratings.${last}.evidence` });
    expect(short.body.error.message).toBe(`Write at least 8 words of evidence for ${principles[last]!.title}: what the candidate said or did (this has 4 words).`);
    const placeholder = await put((index) => (index === 0 ? 'see above' : writtenEvidence()));
    expect(placeholder.status).toBe(422);
    expect(placeholder.body.error).toMatchObject({ code: 'rule_violation', rule: 'feedback.evidence_placeholder', field: 'body.ratings.0.evidence' });
    expect(placeholder.body.error.message).toBe(`"see above" is a placeholder, not evidence. Write at least 8 words of evidence for ${principles[0]!.title}: what the candidate said or did.`);
    // Nothing was kept: the interviewer submits once, with real evidence.
    expect((await put(() => writtenEvidence())).status).toBe(204);
  });

  it('flags feedback overdue 24 hours after the interview', async () => {
    const candidateId = await candidateWithLoop(new Date(Date.now() - 2 * 86_400_000).toISOString());
    await submit(org.hm, candidateId);
    const seats = (await org.recruiter.get(`${base()}/candidates/${candidateId}`)).body.candidate.loop.seats;
    expect(seats.filter((seat: { isOverdue: boolean }) => seat.isOverdue).map((seat: { name: string }) => seat.name)).toEqual(['Team Mate', 'Peer One', 'Peer Two', 'Bar Raiser']);
    const fresh = await candidateWithLoop();
    const freshSeats = (await org.recruiter.get(`${base()}/candidates/${fresh}`)).body.candidate.loop.seats;
    expect(freshSeats.some((seat: { isOverdue: boolean }) => seat.isOverdue)).toBe(false);
  });
});

describe('debrief, veto and offer', () => {
  it('lets the bar raiser veto: the offer is refused with offer.bar_raiser_veto, and both are audited', async () => {
    const candidateId = await candidateWithLoop();
    const decide = (actor: ApiClient, body: unknown) => actor.post(`${base()}/candidates/${candidateId}/decision`, body);
    const no = { decision: 'no_hire', isBetterThanHalf: false, justification: 'Below the median engineer in this role on ownership.' };
    expect((await decide(org.barRaiser.client, no)).body.error.rule).toBe('debrief.all_feedback_in');
    for (const actor of everyone()) expect((await submit(actor, candidateId, 'not_inclined', 2)).status).toBe(204);
    expect((await org.hm.client.get(`${base()}/candidates/${candidateId}`)).body.candidate.loop.isDebriefOpen).toBe(true);
    expect((await org.recruiter.get(`${base()}/candidates/${candidateId}/feedback`)).body.isBlind).toBe(false);
    expect((await decide(org.hm.client, { ...no, decision: 'hire', isBetterThanHalf: true })).body.error.rule).toBe('debrief.run_by_bar_raiser');
    expect((await decide(org.barRaiser.client, { ...no, justification: '' })).body.error.field).toBe('body.justification');
    // The bar judgement is final: a word or two ("Below the bar.", "n/a") is no justification to read it by.
    const short = await decide(org.barRaiser.client, { ...no, justification: 'Below the bar.' });
    expect(short.status).toBe(422);
    expect(short.body.error).toMatchObject({ rule: 'debrief.evidence_too_short', field: 'body.justification' });
    expect((await decide(org.barRaiser.client, { ...no, justification: 'n/a' })).body.error).toMatchObject({ rule: 'debrief.evidence_placeholder', field: 'body.justification' });
    expect((await org.recruiter.get(`${base()}/candidates/${candidateId}`)).body.candidate.loop.decision).toBeNull();
    expect((await decide(org.barRaiser.client, no)).status).toBe(204);

    const offer = await org.hm.client.post(`${base()}/candidates/${candidateId}/offer`);
    expect(offer.status).toBe(422);
    expect(offer.body.error).toMatchObject({ code: 'rule_violation', rule: 'offer.bar_raiser_veto' });
    expect((await org.admin.client.post(`${base()}/candidates/${candidateId}/offer`)).body.error.rule).toBe('offer.bar_raiser_veto');
    const candidate = (await org.recruiter.get(`${base()}/candidates/${candidateId}`)).body.candidate;
    expect(candidate.offer).toBeNull();
    expect(candidate.loop.decision).toMatchObject({ decision: 'no_hire', isBetterThanHalf: false });
    const actions = (await org.admin.client.get(`/orgs/${org.orgId}/audit-events`)).body.events.map((event: { action: string }) => event.action);
    expect(actions).toEqual(expect.arrayContaining(['debrief.decided', 'offer.vetoed']));
  });

  it('makes an offer after a hire decision that raises the bar, and only once', async () => {
    const candidateId = await candidateWithLoop();
    for (const actor of everyone()) await submit(actor, candidateId, 'strongly_inclined', 5);
    const decide = (body: unknown) => org.barRaiser.client.post(`${base()}/candidates/${candidateId}/decision`, body);
    expect((await decide({ decision: 'hire', isBetterThanHalf: false, justification: 'Average.' })).body.error.rule).toBe('debrief.raise_the_bar');
    expect((await org.recruiter.post(`${base()}/candidates/${candidateId}/offer`)).body.error.rule).toBe('offer.debrief_decided');
    expect((await decide({ decision: 'hire', isBetterThanHalf: true, justification: 'Stronger than most engineers at this level on ownership and delivery.' })).status).toBe(204);
    expect((await decide({ decision: 'hire', isBetterThanHalf: true, justification: 'Again.' })).body.error.rule).toBe('debrief.decided_once');
    expect((await org.interviewers[0]!.client.post(`${base()}/candidates/${candidateId}/offer`)).status).toBe(403);
    expect((await org.hm.client.post(`${base()}/candidates/${candidateId}/offer`)).status).toBe(201);
    expect((await org.recruiter.post(`${base()}/candidates/${candidateId}/offer`)).status).toBe(409);
    // Three incumbents in the role (Engineer, level 6) with full reviews averaging 2, 3 and 4.5: the candidate (5)
    // beats all. A fourth, reviewed on one principle only (a thin review), is no measure of the bar and is left out.
    const cycle = (await org.admin.client.post(`/orgs/${org.orgId}/review-cycles`, { name: 'Standing cycle' })).body.id;
    const thin = await person(org.admin.client, org.orgId, 'Thin Review', `thin-${Date.now()}@example.test`, org.admin.personId);
    const everyPrinciple = (score: (index: number) => number) => org.principleIds.map((principleId, index) => ({ principleId, rating: score(index), evidence: writtenEvidence('seen in the last half') }));
    for (const [actor, ratings] of [
      [org.interviewers[0]!, everyPrinciple(() => 2)],
      [org.interviewers[1]!, everyPrinciple(() => 3)],
      [org.interviewers[2]!, everyPrinciple((index) => (index % 2 === 0 ? 4 : 5))],
      [{ personId: thin }, everyPrinciple(() => 5).slice(0, 1)],
    ] as const) {
      expect((await org.admin.client.put(`/orgs/${org.orgId}/review-cycles/${cycle}/reviews/${actor.personId}`, { ratings, baseVersion: 0 })).status).toBe(204);
    }
    const standing = await org.barRaiser.client.get(`${base()}/candidates/${candidateId}/standing`);
    // The bar raiser sees where the candidate stands, not the incumbents' review scores: only admins read every review.
    expect(standing.body).toMatchObject({ candidateScore: 5, role: 'Engineer', level: 6, incumbents: 3, incumbentScores: null, below: 3, percentile: 100, isAboveMedian: true });
    expect((await org.admin.client.get(`${base()}/candidates/${candidateId}/standing`)).body).toMatchObject({ incumbents: 3, incumbentScores: [2, 3, 4.5], below: 3 });
  });
});

describe('candidate confidentiality', () => {
  const routes: [method: 'get' | 'post' | 'put', suffix: string, body?: unknown][] = [
    ['get', ''],
    // Valid bodies: the request must get past input validation to reach the confidentiality check.
    ['post', '/loop', { interviewAt: new Date().toISOString(), interviewers: [{ personId: '00000000-0000-4000-8000-000000000000', seat: 'interviewer', principleIds: [] }] }],
    ['get', '/feedback'],
    ['put', '/feedback', { vote: 'inclined', ratings: [] }],
    ['post', '/decision', { decision: 'hire', isBetterThanHalf: true, justification: 'x' }],
    ['get', '/standing'],
    ['post', '/offer', {}],
    ['post', '/withdraw', {}],
  ];

  it('answers 404 on every candidate route to members outside the loop, and hides them from lists', async () => {
    const candidateId = await candidateWithLoop();
    const unlinked = (await inviteClient(app, org.admin.client, org.orgId, 'member')).client;
    const stranger = (await signUpClient(app)).client;
    for (const client of [org.outsider.client, unlinked, stranger]) {
      for (const [method, suffix, body] of routes) {
        const response = await client.request(method.toUpperCase(), `${base()}/candidates/${candidateId}${suffix}`, body);
        expect({ route: `${method} ${suffix}`, status: response.status }).toEqual({ route: `${method} ${suffix}`, status: 404 });
      }
    }
    expect((await org.outsider.client.get(`${base()}/requisitions/${org.requisitionId}/candidates`)).body.candidates).toEqual([]);
    expect((await org.interviewers[0]!.client.get(`${base()}/requisitions/${org.requisitionId}/candidates`)).body.candidates.map((c: { id: string }) => c.id)).toContain(candidateId);
  });

  it('lets the loop, the hiring manager, recruiters and admins reach every candidate route (never 404)', async () => {
    const candidateId = await candidateWithLoop();
    const allowed: [string, ApiClient][] = [['admin', org.admin.client], ['recruiter', org.recruiter], ['hiring manager', org.hm.client], ['interviewer', org.interviewers[1]!.client], ['bar raiser', org.barRaiser.client]];
    for (const [who, client] of allowed) {
      for (const [method, suffix, body] of routes) {
        const response = await client.request(method.toUpperCase(), `${base()}/candidates/${candidateId}${suffix}`, body);
        expect({ who, route: `${method} ${suffix}`, isHidden: response.status === 404 || response.status >= 500 }).toEqual({ who, route: `${method} ${suffix}`, isHidden: false });
      }
    }
    expect((await org.hm.client.post(`${base()}/requisitions/${org.requisitionId}/candidates`, { name: 'X', email: 'x@example.test' })).status).toBe(403);
  });
});

describe('an internal candidate', () => {
  it('never reaches their own candidate record, even as a recruiter, and sits in no seat of their own loop', async () => {
    // A recruiter applies for another role in the org: as hiring staff they would otherwise read every candidate.
    const applicant = await inviteClient(app, org.admin.client, org.orgId, 'recruiter');
    const candidateId = await newCandidate('Rory Recruiter', applicant.email.toUpperCase());
    for (const [method, suffix, body] of [['get', ''], ['get', '/feedback'], ['get', '/standing'], ['post', '/offer', {}]] as const) {
      const response = await applicant.client.request(method.toUpperCase(), `${base()}/candidates/${candidateId}${suffix}`, body);
      expect({ route: `${method} ${suffix}`, status: response.status }).toEqual({ route: `${method} ${suffix}`, status: 404 });
    }
    expect((await applicant.client.get(`${base()}/requisitions/${org.requisitionId}/candidates`)).body.candidates.map((c: { id: string }) => c.id)).not.toContain(candidateId);
    const found = await applicant.client.get(`/orgs/${org.orgId}/search?q=Rory&kind=candidate`);
    expect(found.status).toBe(200);
    expect(JSON.stringify(found.body)).not.toContain(candidateId);
    // Other recruiters still run the candidate.
    expect((await org.recruiter.get(`${base()}/candidates/${candidateId}`)).status).toBe(200);

    // A member on the org chart (matched by their person's email too) is refused a seat in their own loop.
    const insider = await member(org.admin.client, org.orgId, 'Ina Insider', org.admin.personId);
    const insiderEmail = (await org.admin.client.get(`/orgs/${org.orgId}/people/${insider.personId}`)).body.person.email;
    const ownLoop = await newCandidate('Ina Insider', insiderEmail);
    const seats = loopSeats().map((seat) => (seat.personId === org.interviewers[2]!.personId ? { ...seat, personId: insider.personId } : seat));
    const refused = await org.recruiter.post(`${base()}/candidates/${ownLoop}/loop`, { interviewAt: new Date().toISOString(), interviewers: seats });
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ rule: 'loop.not_the_candidate' });
    expect((await org.recruiter.post(`${base()}/candidates/${ownLoop}/loop`, { interviewAt: new Date().toISOString(), interviewers: loopSeats() })).status).toBe(201);
    const replaced = await org.recruiter.put(`${base()}/candidates/${ownLoop}/loop/seats/${org.interviewers[2]!.personId}`, { personId: insider.personId });
    expect(replaced.body.error).toMatchObject({ rule: 'loop.not_the_candidate' });
    expect((await insider.client.get(`${base()}/candidates/${ownLoop}`)).status).toBe(404);
  });
});

describe('requisitions', () => {
  it('closes a requisition: it keeps its candidates and takes no new ones', async () => {
    const team = (await org.admin.client.get(`/orgs/${org.orgId}/teams`)).body.teams[0].id;
    const opened = await org.recruiter.post(`${base()}/requisitions`, { role: 'Designer', level: 5, teamId: team, hiringManagerId: org.hm.personId });
    const id = opened.body.requisition.id;
    await org.recruiter.post(`${base()}/requisitions/${id}/candidates`, { name: 'Dee Signer', email: 'dee@example.test' });
    expect((await org.interviewers[0]!.client.post(`${base()}/requisitions/${id}/close`)).status).toBe(403);
    const closed = await org.recruiter.post(`${base()}/requisitions/${id}/close`);
    expect(closed.body.requisition.status).toBe('closed');
    expect((await org.recruiter.post(`${base()}/requisitions/${id}/candidates`, { name: 'Late', email: 'late@example.test' })).body.error.rule).toBe('requisition.open');
    expect((await org.recruiter.get(`${base()}/requisitions/${id}/candidates`)).body.candidates).toHaveLength(1);
  });

  it('takes no new loop once closed, finishes the running ones, offers only to a hire decided before the close, and reopens', async () => {
    const team = (await org.admin.client.get(`/orgs/${org.orgId}/teams`)).body.teams[0].id;
    const id = (await org.recruiter.post(`${base()}/requisitions`, { role: 'Engineer', level: 6, teamId: team, hiringManagerId: org.hm.personId })).body.requisition.id;
    const add = async (name: string) => (await org.recruiter.post(`${base()}/requisitions/${id}/candidates`, { name, email: `${name.toLowerCase()}-${++candidates}@example.test` })).body.id as string;
    const setUpLoop = (candidateId: string) => org.recruiter.post(`${base()}/candidates/${candidateId}/loop`, { interviewAt: new Date().toISOString(), interviewers: loopSeats() });
    const hire = { decision: 'hire', isBetterThanHalf: true, justification: 'Stronger than most engineers at this level on ownership and delivery.' };
    const [decidedBefore, running, waiting] = [await add('Early'), await add('Running'), await add('Waiting')];
    for (const candidateId of [decidedBefore, running]) expect((await setUpLoop(candidateId)).status).toBe(201);
    for (const actor of everyone()) expect((await submit(actor, decidedBefore, 'strongly_inclined', 5)).status).toBe(204);
    expect((await org.barRaiser.client.post(`${base()}/candidates/${decidedBefore}/decision`, hire)).status).toBe(204);

    const closed = (await org.recruiter.post(`${base()}/requisitions/${id}/close`)).body.requisition;
    expect(closed).toMatchObject({ status: 'closed', closedAt: expect.any(String) });
    const refusedLoop = await setUpLoop(waiting);
    expect(refusedLoop.status).toBe(422);
    expect(refusedLoop.body.error).toMatchObject({ code: 'rule_violation', rule: 'requisition.open' });
    // The hire decided the day before the close keeps its offer.
    expect((await org.recruiter.post(`${base()}/candidates/${decidedBefore}/offer`)).status).toBe(201);
    // The loop that was running finishes (its feedback is owed, its decision recorded), but a yes after the close is for a role no longer open.
    for (const actor of everyone()) expect((await submit(actor, running, 'strongly_inclined', 5)).status).toBe(204);
    expect((await org.barRaiser.client.post(`${base()}/candidates/${running}/decision`, hire)).status).toBe(204);
    const refusedOffer = await org.hm.client.post(`${base()}/candidates/${running}/offer`);
    expect(refusedOffer.status).toBe(422);
    expect(refusedOffer.body.error).toMatchObject({ code: 'rule_violation', rule: 'offer.requisition_closed' });
    // The refusal names the day as the app shows dates, not as the API writes them.
    expect(refusedOffer.body.error.message).toMatch(/^This requisition closed on [A-Z][a-z]{2} \d{1,2}, \d{4}, before the debrief decided to hire:/);
    expect(refusedOffer.body.error.message).toContain(`closed on ${formatDay(new Date(closed.closedAt as string))},`);
    expect((await org.recruiter.get(`${base()}/candidates/${running}`)).body.candidate.requisition).toMatchObject({ status: 'closed', closedAt: closed.closedAt });

    expect((await org.interviewers[0]!.client.post(`${base()}/requisitions/${id}/reopen`)).status).toBe(403);
    const reopened = await org.recruiter.post(`${base()}/requisitions/${id}/reopen`);
    expect(reopened.body.requisition).toMatchObject({ status: 'open', closedAt: null });
    expect((await setUpLoop(waiting)).status).toBe(201);
    expect((await org.hm.client.post(`${base()}/candidates/${running}/offer`)).status).toBe(201);
    const actions = (await org.admin.client.get(`/orgs/${org.orgId}/audit-events?subjectId=${id}`)).body.events.map((event: { action: string }) => event.action);
    expect(actions).toEqual(expect.arrayContaining(['requisition.closed', 'requisition.reopened']));
    // Closed again, so the hiring manager's departure tests below see only the file's own open requisition.
    expect((await org.recruiter.post(`${base()}/requisitions/${id}/close`)).body.requisition.status).toBe('closed');
  });

  it('says on the requisition which offer filled its opening, and then takes no new candidate, loop or offer until it is closed and reopened', async () => {
    const team = (await org.admin.client.get(`/orgs/${org.orgId}/teams`)).body.teams[0].id;
    const id = (await org.recruiter.post(`${base()}/requisitions`, { role: 'Engineer', level: 6, teamId: team, hiringManagerId: org.hm.personId })).body.requisition.id;
    const path = `${base()}/requisitions/${id}`;
    const add = (name: string) => org.recruiter.post(`${path}/candidates`, { name, email: `${name.toLowerCase()}-${++candidates}@example.test` });
    const setUpLoop = (candidateId: string) => org.recruiter.post(`${base()}/candidates/${candidateId}/loop`, { interviewAt: new Date().toISOString(), interviewers: loopSeats() });
    const offersSeenBy = async (client: ApiClient) => (await client.get(path)).body.requisition.offersSinceOpened;
    const [chosen, running, waiting] = [(await add('Chosen')).body.id, (await add('Running')).body.id, (await add('Waiting')).body.id];
    for (const candidateId of [chosen, running]) expect((await setUpLoop(candidateId)).status).toBe(201);
    expect(await offersSeenBy(org.recruiter)).toEqual([]);
    for (const actor of everyone()) expect((await submit(actor, chosen, 'strongly_inclined', 5)).status).toBe(204);
    expect((await org.barRaiser.client.post(`${base()}/candidates/${chosen}/decision`, { decision: 'hire', isBetterThanHalf: true, justification: 'Stronger than most engineers at this level on ownership and delivery.' })).status).toBe(204);
    const offer = await org.hm.client.post(`${base()}/candidates/${chosen}/offer`);
    expect(offer.status).toBe(201);

    // Those who may know of the candidate read who has the offer, and when; a member outside every loop learns nothing.
    const filled = [{ candidate: { id: chosen, name: 'Chosen' }, madeAt: expect.any(String), answer: null }];
    for (const client of [org.recruiter, org.admin.client, org.hm.client, org.interviewers[1]!.client]) expect(await offersSeenBy(client)).toEqual(filled);
    expect(await offersSeenBy(org.outsider.client)).toEqual([]);

    // The opening is filled: no new candidate, no new loop, and nothing written.
    const late = await add('Late');
    expect(late.status).toBe(422);
    expect(late.body.error).toMatchObject({ code: 'rule_violation', rule: 'requisition.opening_filled' });
    expect(late.body.error.message).toMatch(/Close it as filled/);
    const refusedLoop = await setUpLoop(waiting);
    expect(refusedLoop.status).toBe(422);
    expect(refusedLoop.body.error).toMatchObject({ code: 'rule_violation', rule: 'requisition.opening_filled' });
    expect((await org.recruiter.get(`${path}/candidates`)).body.candidates.map((candidate: { name: string }) => candidate.name)).toEqual(['Chosen', 'Running', 'Waiting']);
    expect((await org.recruiter.get(`${base()}/candidates/${waiting}`)).body.candidate.loop).toBeNull();
    // A loop already running finishes, as after a close, but its yes gets no second offer for the one opening.
    for (const actor of everyone()) expect((await submit(actor, running, 'strongly_inclined', 5)).status).toBe(204);
    expect((await org.barRaiser.client.post(`${base()}/candidates/${running}/decision`, { decision: 'hire', isBetterThanHalf: true, justification: 'Stronger than most engineers at this level on ownership and delivery.' })).status).toBe(204);
    const secondOffer = await org.hm.client.post(`${base()}/candidates/${running}/offer`);
    expect(secondOffer.status).toBe(422);
    expect(secondOffer.body.error).toMatchObject({ code: 'rule_violation', rule: 'requisition.opening_filled' });
    expect((await org.recruiter.get(`${base()}/candidates/${running}`)).body.candidate.offer).toBeNull();

    // Closed as filled, it still says who filled it; reopened for another seat, the opening is new and takes candidates,
    // loops and an offer again.
    expect((await org.recruiter.post(`${path}/close`)).body.requisition.offersSinceOpened).toEqual(filled);
    const reopened = await org.recruiter.post(`${path}/reopen`);
    expect(reopened.body.requisition).toMatchObject({ status: 'open', offersSinceOpened: [] });
    expect((await add('Second')).status).toBe(201);
    expect((await setUpLoop(waiting)).status).toBe(201);
    expect((await org.hm.client.post(`${base()}/candidates/${running}/offer`)).status).toBe(201);
    expect(await offersSeenBy(org.hm.client)).toEqual([{ candidate: { id: running, name: 'Running' }, madeAt: expect.any(String), answer: null }]);
    // Closed again, so the hiring manager's departure tests below see only the file's own open requisition.
    expect((await org.recruiter.post(`${path}/close`)).status).toBe(200);
  });

  it('takes a blank body labelled JSON on its action routes as no body: a reopen answers as a close does', async () => {
    const team = (await org.admin.client.get(`/orgs/${org.orgId}/teams`)).body.teams[0].id;
    const id = (await org.recruiter.post(`${base()}/requisitions`, { role: 'Blank Body', level: 5, teamId: team, hiringManagerId: org.hm.personId })).body.requisition.id;
    const path = `${base()}/requisitions/${id}`;
    for (const rawBody of ['', ' \n']) {
      const closed = await org.recruiter.request('POST', `${path}/close`, undefined, { rawBody });
      expect(closed.status).toBe(200);
      const reopened = await org.recruiter.request('POST', `${path}/reopen`, undefined, { rawBody });
      expect(reopened.status).toBe(200);
      expect(reopened.body.requisition).toMatchObject({ status: 'open', hiringManager: { id: org.hm.personId } });
    }
    // A body that is there is still read: JSON that does not parse is refused, and so is a route's missing field.
    expect((await org.recruiter.post(`${path}/close`)).status).toBe(200);
    const malformed = await org.recruiter.request('POST', `${path}/reopen`, undefined, { rawBody: '{' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error).toMatchObject({ code: 'validation_failed', field: 'body' });
    const noReason = await org.recruiter.request('POST', `${base()}/candidates/${await newCandidate()}/reject`, undefined, { rawBody: '' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error).toMatchObject({ code: 'validation_failed', field: 'body.reason' });
  });

  it('reopens no requisition whose hiring manager has left', async () => {
    const team = (await org.admin.client.get(`/orgs/${org.orgId}/teams`)).body.teams[0].id;
    const manager = await person(org.admin.client, org.orgId, 'Gone Manager', `gone-${++candidates}@example.test`, org.admin.personId);
    const id = (await org.recruiter.post(`${base()}/requisitions`, { role: 'Writer', level: 5, teamId: team, hiringManagerId: manager })).body.requisition.id;
    expect((await org.recruiter.post(`${base()}/requisitions/${id}/close`)).status).toBe(200);
    expect((await org.admin.client.post(`/orgs/${org.orgId}/people/${manager}/departure`, { leftOn: '2026-11-20' })).status).toBe(200);
    const refused = await org.recruiter.post(`${base()}/requisitions/${id}/reopen`);
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ code: 'rule_violation', rule: 'requisition.hiring_manager_here' });
    expect((await org.recruiter.get(`${base()}/requisitions/${id}`)).body.requisition.status).toBe('closed');
  });
});

describe('people who leave the company', () => {
  it('refuses the departure of a hiring manager and of anyone in an undecided loop, and never seats someone who left', async () => {
    await candidateWithLoop();
    const leave = (personId: string) => org.admin.client.post(`/orgs/${org.orgId}/people/${personId}/departure`, { leftOn: '2026-11-20' });
    const hiringManager = await leave(org.hm.personId);
    expect(hiringManager.status).toBe(422);
    expect(hiringManager.body.error).toMatchObject({ rule: 'departure.hiring_manager', message: 'Hiring Manager is the hiring manager of the open requisition "Engineer": hand it over or close it first.' });
    const interviewer = await leave(org.interviewers[1]!.personId);
    expect(interviewer.body.error.rule).toBe('departure.in_open_loop');
    expect(interviewer.body.error.message).toMatch(/^Peer One has a seat in the loops? of .*Casey Candidate \(interviewer\).* no decision yet: replace them first\.$/);

    const gone = await person(org.admin.client, org.orgId, 'Gone Soon', 'gone@example.test', null);
    expect((await leave(gone)).body).toMatchObject({ reportsMoved: 0, accessRevoked: false, person: { leftOn: '2026-11-20' } });
    const pool = await org.admin.client.put(`${base()}/bar-raisers/${gone}`, { status: 'certified' });
    expect(pool.body.error).toMatchObject({ field: 'param.personId', message: 'personId: Gone Soon left the company on Nov 20, 2026.' });
    const team = (await org.admin.client.post(`/orgs/${org.orgId}/teams`, { name: 'Arms', isSingleThreaded: false })).body.team.id;
    const requisition = await org.recruiter.post(`${base()}/requisitions`, { role: 'Engineer', level: 6, teamId: team, hiringManagerId: gone });
    expect(requisition.body.error).toMatchObject({ field: 'body.hiringManagerId', message: 'hiringManagerId: Gone Soon left the company on Nov 20, 2026.' });
    const candidateId = await newCandidate('Dana Candidate');
    const seats = loopSeats().map((seat, index) => (index === 3 ? { ...seat, personId: gone } : seat));
    const loop = await org.recruiter.post(`${base()}/candidates/${candidateId}/loop`, { interviewAt: new Date().toISOString(), interviewers: seats });
    expect(loop.status).toBe(400);
    expect(loop.body.error.message).toBe('interviewers: Gone Soon left the company on Nov 20, 2026.');
  });
});

describe('an interviewer without a login', () => {
  it('has their paper scorecard keyed in by hiring staff, under the feedback rules and the blind rule', async () => {
    const pat = await person(org.admin.client, org.orgId, 'Paper Pat', 'pat@example.test', org.admin.personId);
    const candidateId = await newCandidate('Kim Candidate');
    const seats = loopSeats().map((seat, index) => (index === 1 ? { ...seat, personId: org.admin.personId } : index === 3 ? { ...seat, personId: pat } : seat));
    expect((await org.recruiter.post(`${base()}/candidates/${candidateId}/loop`, { interviewAt: new Date().toISOString(), interviewers: seats })).status).toBe(201);
    const seatsOf = async () => (await org.recruiter.get(`${base()}/candidates/${candidateId}`)).body.candidate.loop.seats as Array<{ personId: string; hasLogin: boolean; submittedAt: string | null }>;
    expect((await seatsOf()).find((seat) => seat.personId === pat)).toMatchObject({ hasLogin: false, submittedAt: null });
    const patSeat = seats[3]!;
    const scorecard = { vote: 'inclined', ratings: patSeat.principleIds.map((principleId) => ({ principleId, rating: 4, evidence: 'Pat: walked through a rollback they owned, with the numbers and the lesson.' })) };
    const keyIn = (client: ApiClient, personId: string, body: unknown = scorecard) => client.put(`${base()}/candidates/${candidateId}/feedback/${personId}`, body);

    // An interviewer is not hiring staff; the admin sits in this loop and has not given their own feedback yet.
    expect((await keyIn(org.hm.client, pat)).status).toBe(403);
    expect((await keyIn(org.admin.client, pat)).body.error).toMatchObject({ code: 'rule_violation', rule: 'feedback.blind' });
    // Someone with a login gives their own feedback; evidence is still required.
    expect((await keyIn(org.recruiter, org.hm.personId)).body.error).toMatchObject({ rule: 'feedback.own_words', message: 'Hiring Manager has a login: they submit their own feedback.' });
    const withoutEvidence = await keyIn(org.recruiter, pat, { ...scorecard, ratings: scorecard.ratings.map((rating) => ({ ...rating, evidence: ' ' })) });
    expect(withoutEvidence.status).toBe(400);

    expect((await keyIn(org.recruiter, pat)).status).toBe(204);
    expect((await seatsOf()).find((seat) => seat.personId === pat)?.submittedAt).not.toBeNull();
    expect((await keyIn(org.recruiter, pat)).body.error.rule).toBe('feedback.once');

    // Once every interviewer is in, the debrief opens and the scorecard says who keyed it in.
    for (const actor of [org.hm, org.interviewers[1]!, org.barRaiser]) expect((await submit(actor, candidateId)).status).toBe(204);
    const adminSeat = (await org.admin.client.get(`${base()}/candidates/${candidateId}`)).body.candidate.loop.seats.find((seat: { personId: string }) => seat.personId === org.admin.personId);
    const adminFeedback = await org.admin.client.put(`${base()}/candidates/${candidateId}/feedback`, { vote: 'inclined', ratings: adminSeat.principles.map((principle: { id: string }) => ({ principleId: principle.id, rating: 4, evidence: writtenEvidence('clear ownership') })) });
    expect(adminFeedback.status).toBe(204);
    const feedback = (await org.barRaiser.client.get(`${base()}/candidates/${candidateId}/feedback`)).body.feedback as Array<{ personId: string; keyedInBy: string | null }>;
    expect(feedback.find((entry) => entry.personId === pat)?.keyedInBy).toEqual(expect.any(String));
    expect(feedback.find((entry) => entry.personId === org.hm.personId)?.keyedInBy).toBeNull();
    expect((await org.barRaiser.client.get(`${base()}/candidates/${candidateId}`)).body.candidate.loop.isDebriefOpen).toBe(true);
  });
});

describe('sales role templates', () => {
  it('changes a requisition\'s template until its first loop is set up, and never on a closed one', async () => {
    const general = (await org.recruiter.get(`${base()}/requisitions/${org.requisitionId}`)).body.requisition;
    const opened = await org.recruiter.post(`${base()}/requisitions`, { role: 'Sales Engineer', level: 5, teamId: general.team.id, hiringManagerId: org.hm.personId });
    const requisitionId: string = opened.body.requisition.id;
    const patch = (client: ApiClient, roleTemplate: string | null, id = requisitionId) => client.patch(`${base()}/requisitions/${id}`, { roleTemplate });

    const set = await patch(org.recruiter, 'sales-engineer');
    expect(set.status).toBe(200);
    expect(set.body.requisition.roleTemplate).toEqual({ id: 'sales-engineer', name: 'Sales Engineer' });
    expect((await patch(org.recruiter, null)).body.requisition.roleTemplate).toBeNull();
    expect((await patch(org.recruiter, 'astronaut')).body.error.field).toBe('body.roleTemplate');
    expect((await patch(org.hm.client, 'sales-engineer')).status).toBe(403);
    const events = (await org.admin.client.get(`/orgs/${org.orgId}/audit-events`)).body.events.filter((event: { action: string }) => event.action === 'requisition.template_changed');
    expect(events.map((event: { data: unknown }) => event.data)).toEqual(expect.arrayContaining([{ from: null, to: 'sales-engineer' }, { from: 'sales-engineer', to: null }]));

    // The file's first requisition has loops: its interviewers were asked to probe its principles.
    await candidateWithLoop();
    const locked = await patch(org.recruiter, 'account-executive', org.requisitionId);
    expect(locked.status).toBe(422);
    expect(locked.body.error.rule).toBe('requisition.template_locked');

    expect((await org.recruiter.post(`${base()}/requisitions/${requisitionId}/close`, {})).status).toBe(200);
    expect((await patch(org.recruiter, 'sales-engineer')).body.error.rule).toBe('requisition.open');
  });

  it('puts the template\'s principles first in the plan and gives interviewers its prompts', async () => {
    const general = (await org.recruiter.get(`${base()}/requisitions/${org.requisitionId}`)).body.requisition;
    expect(general.roleTemplate).toBeNull();
    const refused = await org.recruiter.post(`${base()}/requisitions`, { role: 'Astronaut', level: 5, teamId: general.team.id, hiringManagerId: org.hm.personId, roleTemplate: 'astronaut' });
    expect(refused.status).toBe(400);
    expect(refused.body.error.field).toBe('body.roleTemplate');

    const created = await org.recruiter.post(`${base()}/requisitions`, { role: 'Account Executive', level: 5, teamId: general.team.id, hiringManagerId: org.hm.personId, roleTemplate: 'account-executive' });
    expect(created.status).toBe(201);
    expect(created.body.requisition.roleTemplate).toEqual({ id: 'account-executive', name: 'Account Executive' });
    const requisitionId: string = created.body.requisition.id;
    expect((await org.hm.client.get(`${base()}/requisitions/${requisitionId}`)).body.requisition.roleTemplate.name).toBe('Account Executive');

    const principles: { id: string; slug: string | null }[] = (await org.admin.client.get(`/orgs/${org.orgId}/principles`)).body.principles;
    const idOf = (slug: string) => principles.find((principle) => principle.slug === slug)!.id;
    const templateIds = ['customer-obsession', 'earn-trust', 'deliver-results', 'dive-deep'].map(idOf);
    const interviewerIds = [org.hm.personId, ...org.interviewers.map((interviewer) => interviewer.personId)];
    const plan = await org.recruiter.post(`${base()}/loop-plans`, { requisitionId, interviewerIds });
    expect(plan.status).toBe(200);
    expect(plan.body.roleTemplate).toEqual({ id: 'account-executive', name: 'Account Executive' });
    expect(plan.body.seats.slice(0, 2).flatMap((seat: { principleIds: string[] }) => seat.principleIds)).toEqual(templateIds);
    expect(plan.body.prompts.map((prompt: { principleId: string }) => prompt.principleId)).toEqual(templateIds);
    expect(plan.body.prompts[0].question).toMatch(/^Tell me about/);

    const candidate = await org.recruiter.post(`${base()}/requisitions/${requisitionId}/candidates`, { name: 'Sam Seller', email: 'sam@example.test' });
    const candidateId: string = candidate.body.id;
    const interviewers = plan.body.seats.map((seat: { personId: string; principleIds: string[] }) => ({ ...seat, seat: seat.personId === plan.body.suggestedBarRaiser.personId ? 'bar_raiser' : 'interviewer' }));
    // Leave "Dive Deep" unprobed: the warning says the template asks for it.
    const diveDeep = idOf('dive-deep');
    const withGap = interviewers.map((seat: { principleIds: string[] }) => ({ ...seat, principleIds: seat.principleIds.map((id) => (id === diveDeep ? idOf('frugality') : id)) }));
    const loop = await org.recruiter.post(`${base()}/candidates/${candidateId}/loop`, { interviewAt: new Date().toISOString(), interviewers: withGap });
    expect(loop.status).toBe(201);
    expect(loop.body.warnings.find((warning: { principleId: string }) => warning.principleId === diveDeep).message).toBe('Nobody probes "Dive Deep", which the Account Executive template asks for.');

    const view = (await org.hm.client.get(`${base()}/candidates/${candidateId}`)).body.candidate;
    expect(view.requisition.roleTemplate).toEqual({ id: 'account-executive', name: 'Account Executive' });
    const mine = view.loop.seats.find((seat: { personId: string }) => seat.personId === org.hm.personId);
    expect(mine.principles.map((principle: { id: string }) => principle.id)).toEqual(templateIds.slice(0, 2));
    expect(mine.principles[0].prompt).toEqual({ question: expect.stringMatching(/^Tell me about/), strongEvidence: expect.any(String) });
    const later = view.loop.seats.find((seat: { principles: { id: string }[] }) => seat.principles.some((principle) => principle.id === idOf('frugality')));
    expect(later.principles.find((principle: { id: string }) => principle.id === idOf('frugality')).prompt).toBeNull();
  });
});

describe('a bar raiser from the hiring team', () => {
  it('is refused even from another reporting line (loop.bar_raiser_outside_team), never suggested, and said ineligible', async () => {
    // The bar raiser reports to the CEO, outside the hiring manager's chain, but gives a fifth of their time to the
    // team this new role joins: they would judge a future teammate.
    const admin = org.admin.client;
    const drones = (await admin.post(`/orgs/${org.orgId}/teams`, { name: 'Drones', isSingleThreaded: false })).body.team.id;
    expect((await admin.put(`/orgs/${org.orgId}/allocations`, { personId: org.barRaiser.personId, teamId: drones, percent: 20 })).status).toBe(200);
    const requisition = await org.recruiter.post(`${base()}/requisitions`, { role: 'Drone pilot', level: 5, teamId: drones, hiringManagerId: org.hm.personId });
    expect(requisition.status).toBe(201);
    const requisitionId = requisition.body.requisition.id as string;

    const eligibility = await org.hm.client.get(`${base()}/requisitions/${requisitionId}/bar-raiser-eligibility/${org.barRaiser.personId}`);
    expect(eligibility.body).toEqual({ isEligible: false, rule: 'loop.bar_raiser_outside_team' });
    const plan = await org.recruiter.post(`${base()}/loop-plans`, { requisitionId, interviewerIds: [org.hm.personId, ...org.interviewers.map((i) => i.personId)] });
    expect(plan.body.suggestedBarRaiser).toBeNull(); // the pool's other certified member reports to the hiring manager

    const candidate = await org.recruiter.post(`${base()}/requisitions/${requisitionId}/candidates`, { name: 'Dana Drone', email: 'dana.drone@example.test' });
    const refused = await org.recruiter.post(`${base()}/candidates/${candidate.body.id}/loop`, { interviewAt: new Date().toISOString(), interviewers: loopSeats() });
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ code: 'rule_violation', rule: 'loop.bar_raiser_outside_team' });
    expect(refused.body.error.message).toContain('allocated to Drones');
    expect((await org.recruiter.get(`${base()}/candidates/${candidate.body.id}`)).body.candidate.loop).toBeNull();
    // For the other team's requisition the same person is still eligible.
    expect((await org.hm.client.get(`${base()}/requisitions/${org.requisitionId}/bar-raiser-eligibility/${org.barRaiser.personId}`)).body).toEqual({ isEligible: true, rule: null });
  });
});

describe('rules an audit got round', () => {
  it('trims the spaces around a candidate\'s email, as around a person\'s and an invitation\'s, and still knows the person by it', async () => {
    const spaced = '  Sam.Spaced@Example.test  ';
    const candidateId = await newCandidate('Sam Spaced', spaced);
    expect((await org.recruiter.get(`${base()}/candidates/${candidateId}`)).body.candidate.email).toBe('sam.spaced@example.test');
    // Trimmed, it is the same person: the requisition holds them once.
    const again = await org.recruiter.post(`${base()}/requisitions/${org.requisitionId}/candidates`, { name: 'Sam Again', email: ' sam.spaced@example.test' });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'conflict', field: 'body.email' });
    // The other emails the API takes read spaces alike, from one schema, and store the address trimmed.
    const person = await org.admin.client.post(`/orgs/${org.orgId}/people`, { name: 'Pat Spaced', email: ' Pat.Spaced@Example.test ', role: 'Engineer', level: 5, managerId: null });
    expect(person.status).toBe(201);
    expect(person.body.person.email).toBe('pat.spaced@example.test');
    expect((await org.admin.client.post(`/orgs/${org.orgId}/invitations`, { email: ' invited.spaced@example.test ', role: 'member' })).status).toBe(201);
    // Spaces inside are still no email address, named by field.
    const inside = await org.recruiter.post(`${base()}/requisitions/${org.requisitionId}/candidates`, { name: 'Sam Inside', email: 'sam inside@example.test' });
    expect(inside.status).toBe(400);
    expect(inside.body.error.field).toMatch(/email$/);
  });

  it('holds a veto for the person: the same email is refused twice on a requisition, and gets no offer elsewhere for half a year', async () => {
    const email = 'vetoed@example.test';
    const first = await newCandidate('Val Vetoed', email);
    expect((await org.recruiter.post(`${base()}/requisitions/${org.requisitionId}/candidates`, { name: 'Val Again', email: 'Vetoed@Example.test' })).body.error).toMatchObject({ code: 'conflict', field: 'body.email' });
    expect((await org.recruiter.post(`${base()}/candidates/${first}/loop`, { interviewAt: new Date().toISOString(), interviewers: loopSeats() })).status).toBe(201);
    for (const actor of everyone()) expect((await submit(actor, first, 'not_inclined', 2)).status).toBe(204);
    expect((await org.barRaiser.client.post(`${base()}/candidates/${first}/decision`, { decision: 'no_hire', isBetterThanHalf: false, justification: 'Below the bar on ownership: could not name a decision they owned.' })).status).toBe(204);

    // A second requisition for the same role: a new loop says hire, but the veto still holds.
    const team = (await org.admin.client.get(`${base()}/requisitions/${org.requisitionId}`)).body.requisition.team.id;
    const other = (await org.recruiter.post(`${base()}/requisitions`, { role: 'Engineer', level: 6, teamId: team, hiringManagerId: org.hm.personId })).body.requisition.id;
    const again = (await org.recruiter.post(`${base()}/requisitions/${other}/candidates`, { name: 'Val Vetoed', email })).body.id;
    expect((await org.recruiter.post(`${base()}/candidates/${again}/loop`, { interviewAt: new Date().toISOString(), interviewers: loopSeats() })).status).toBe(201);
    for (const actor of everyone()) expect((await submit(actor, again, 'strongly_inclined', 5)).status).toBe(204);
    expect((await org.barRaiser.client.post(`${base()}/candidates/${again}/decision`, { decision: 'hire', isBetterThanHalf: true, justification: 'Strong this time: owned the outage and its follow-up end to end.' })).status).toBe(204);
    const offer = await org.hm.client.post(`${base()}/candidates/${again}/offer`);
    expect(offer.status).toBe(422);
    expect(offer.body.error).toMatchObject({ rule: 'offer.bar_raiser_veto', message: expect.stringMatching(/^A bar raiser vetoed this candidate for Engineer on [A-Z][a-z]{2} \d{1,2}, \d{4}: a veto holds for 182 days/) });
    expect((await org.recruiter.get(`${base()}/candidates/${again}`)).body.candidate.offer).toBeNull();
    // The candidate page is told before anyone asks: the hiring manager and hiring staff read the veto that holds.
    const told = (await org.hm.client.get(`${base()}/candidates/${again}`)).body.candidate.earlierVeto;
    expect(told).toMatchObject({ role: 'Engineer', requisitionId: org.requisitionId, decidedAt: expect.any(String), holdsUntil: expect.any(String) });
    expect(Date.parse(told.holdsUntil) - Date.parse(told.decidedAt)).toBe(182 * 86_400_000);
    expect((await org.recruiter.get(`${base()}/candidates/${again}`)).body.candidate.earlierVeto).toEqual(told);
    // An interviewer makes no offer: they are not told of another requisition's loop.
    expect((await org.interviewers[0]!.client.get(`${base()}/candidates/${again}`)).body.candidate.earlierVeto).toBeNull();
    // The vetoed record itself has no *earlier* veto: its own no is its decision.
    expect((await org.hm.client.get(`${base()}/candidates/${first}`)).body.candidate.earlierVeto).toBeNull();
  });

  it('lets only admins certify bar raisers, and nobody themselves', async () => {
    const someone = await person(org.admin.client, org.orgId, 'Cert Candidate', 'cert@example.test', org.admin.personId);
    expect((await org.recruiter.put(`${base()}/bar-raisers/${someone}`, { status: 'certified' })).status).toBe(403);
    const self = await org.admin.client.put(`${base()}/bar-raisers/${org.admin.personId}`, { status: 'certified' });
    expect(self.body.error).toMatchObject({ rule: 'bar_raiser.not_self' });
    expect((await org.admin.client.get(`${base()}/bar-raisers`)).body.pool.map((entry: { personId: string }) => entry.personId)).not.toContain(org.admin.personId);
  });

  it('links a person to their login when they join by invitation, and says a bar raiser without one is not eligible', async () => {
    const email = `late-raiser-${Date.now()}@example.test`;
    const late = await person(org.admin.client, org.orgId, 'Late Raiser', email, org.admin.personId);
    expect((await org.admin.client.put(`${base()}/bar-raisers/${late}`, { status: 'certified' })).status).toBe(204);
    const eligibility = async () => (await org.recruiter.get(`${base()}/requisitions/${org.requisitionId}/bar-raiser-eligibility/${late}`)).body;
    expect(await eligibility()).toEqual({ isEligible: false, rule: 'loop.bar_raiser_login' });
    const invitation = await org.admin.client.post(`/orgs/${org.orgId}/invitations`, { email, role: 'member' });
    const token = new URL(invitation.body.url).pathname.split('/').pop();
    expect((await new ApiClient(app).post(`/invitations/${token}/signup`, { email, name: 'Late Raiser', password: TEST_PASSWORD })).status).toBe(201);
    expect((await org.admin.client.get(`${base()}/bar-raisers`)).body.pool.find((entry: { personId: string }) => entry.personId === late)).toMatchObject({ hasLogin: true });
    expect(await eligibility()).toEqual({ isEligible: true, rule: null });
  });

  it('takes no feedback before the interview, keeps a shadow blind until the debrief, and lets no bar raiser key in', async () => {
    const tomorrow = await newCandidate('Tom Morrow');
    expect((await org.recruiter.post(`${base()}/candidates/${tomorrow}/loop`, { interviewAt: new Date(Date.now() + 86_400_000).toISOString(), interviewers: loopSeats() })).status).toBe(201);
    expect((await submit(org.hm, tomorrow)).body.error).toMatchObject({ rule: 'feedback.after_interview' });

    // The outsider, in training, shadows: a bare vote does not show them the others' feedback before the debrief.
    expect((await org.admin.client.put(`${base()}/bar-raisers/${org.outsider.personId}`, { status: 'in_training' })).status).toBe(204);
    const shadowed = await newCandidate('Sha Dow');
    const seats = loopSeats().map((seat) => (seat.seat === 'shadow' ? { ...seat, personId: org.outsider.personId } : seat));
    expect((await org.recruiter.post(`${base()}/candidates/${shadowed}/loop`, { interviewAt: new Date().toISOString(), interviewers: seats })).status).toBe(201);
    expect((await submit(org.hm, shadowed)).status).toBe(204);
    expect((await org.outsider.client.put(`${base()}/candidates/${shadowed}/feedback`, { vote: 'inclined', ratings: [] })).status).toBe(204);
    expect((await org.outsider.client.get(`${base()}/candidates/${shadowed}/feedback`)).body).toMatchObject({ isBlind: true, feedback: [expect.objectContaining({ personId: org.outsider.personId })] });
    for (const actor of [...org.interviewers, org.barRaiser]) expect((await submit(actor, shadowed)).status).toBe(204);
    expect((await org.outsider.client.get(`${base()}/candidates/${shadowed}/feedback`)).body.isBlind).toBe(false);

    // A recruiter who is the loop's bar raiser keys in nobody's scorecard, even after their own.
    const raiser = await inviteClient(app, org.admin.client, org.orgId, 'recruiter');
    const raiserPerson = await person(org.admin.client, org.orgId, 'Rec Raiser', raiser.email, org.admin.personId);
    expect((await org.admin.client.put(`${base()}/bar-raisers/${raiserPerson}`, { status: 'certified' })).status).toBe(204);
    const paper = await person(org.admin.client, org.orgId, 'Paper Pia', `pia-${Date.now()}@example.test`, org.admin.personId);
    const keyed = await newCandidate('Key Dee');
    const keyedSeats = loopSeats(raiserPerson).map((seat, index) => (index === 3 ? { ...seat, personId: paper } : seat));
    expect((await org.recruiter.post(`${base()}/candidates/${keyed}/loop`, { interviewAt: new Date().toISOString(), interviewers: keyedSeats })).status).toBe(201);
    expect((await submit({ client: raiser.client, personId: raiserPerson }, keyed)).status).toBe(204);
    const scorecard = { vote: 'inclined', ratings: keyedSeats[3]!.principleIds.map((principleId) => ({ principleId, rating: 3, evidence: writtenEvidence('from the paper form') })) };
    expect((await raiser.client.put(`${base()}/candidates/${keyed}/feedback/${paper}`, scorecard)).body.error).toMatchObject({ rule: 'feedback.not_by_bar_raiser' });
    expect((await org.recruiter.put(`${base()}/candidates/${keyed}/feedback/${paper}`, scorecard)).status).toBe(204);
  });

  it('sets up one loop when several requests race, refuses the rest by rule, and refuses interview times past the year 9999', async () => {
    const candidateId = await newCandidate('Ray Sing');
    const body = { interviewAt: new Date().toISOString(), interviewers: loopSeats() };
    const answers = await Promise.all([1, 2, 3, 4].map(() => org.recruiter.post(`${base()}/candidates/${candidateId}/loop`, body)));
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 422, 422, 422]);
    expect(answers.filter((answer) => answer.status === 422).every((answer) => answer.body.error.rule === 'loop.one_per_candidate')).toBe(true);
    const far = await newCandidate('Far Future');
    const farLoop = await org.recruiter.post(`${base()}/candidates/${far}/loop`, { ...body, interviewAt: '9999-12-31T23:59:59-14:00' });
    expect(farLoop.status).toBe(400);
    expect(farLoop.body.error).toMatchObject({ field: 'body.interviewAt', message: expect.stringContaining('years 0001 to 9999') });
  });

  it('reads a seat handed over while its feedback was on its way as it now is: nothing is recorded under the old name', async () => {
    const candidateId = await candidateWithLoop();
    const leaving = org.interviewers[2]!;
    const loopId = (await org.recruiter.get(`${base()}/candidates/${candidateId}`)).body.candidate.loop.id as string;
    // A hand-over in flight: its transaction holds the loop's row and has given the seat away, not committed yet.
    const handOver = await database.db.startTransaction().execute();
    await handOver.selectFrom('loops').select('id').where('id', '=', loopId).forUpdate().execute();
    await handOver.updateTable('loop_seats').set({ person_id: org.outsider.personId }).where('loop_id', '=', loopId).where('person_id', '=', leaving.personId).execute();
    const submitting = submit(leaving, candidateId);
    // The submit waits on the loop's row; once it does, the hand-over commits.
    const waiting = async () => Number((await sql<{ count: string }>`select count(*) as count from pg_locks where not granted`.execute(database.db)).rows[0]!.count);
    await expect.poll(waiting, { timeout: 5_000 }).toBeGreaterThan(0);
    await handOver.commit().execute();
    const answer = await submitting;
    expect(answer.status).toBe(403);
    expect(answer.body.error.message).toMatch(/given to someone else/);
    expect(await database.db.selectFrom('feedback').select('person_id').where('loop_id', '=', loopId).execute()).toEqual([]);
  });

  it('compares the candidate only with people still in the role', async () => {
    const candidateId = await candidateWithLoop();
    for (const actor of everyone()) await submit(actor, candidateId, 'inclined', 4);
    const leaver = await person(org.admin.client, org.orgId, 'Lea Ving', `leaving-${Date.now()}@example.test`, org.admin.personId);
    const cycle = (await org.admin.client.post(`/orgs/${org.orgId}/review-cycles`, { name: 'Leavers cycle' })).body.id;
    const ratings = org.principleIds.map((principleId) => ({ principleId, rating: 5, evidence: writtenEvidence('strong half') }));
    expect((await org.admin.client.put(`/orgs/${org.orgId}/review-cycles/${cycle}/reviews/${leaver}`, { ratings, baseVersion: 0 })).status).toBe(204);
    const scores = async () => (await org.admin.client.get(`${base()}/candidates/${candidateId}/standing`)).body.incumbentScores as number[];
    expect(await scores()).toContain(5);
    expect((await org.admin.client.post(`/orgs/${org.orgId}/people/${leaver}/departure`, { leftOn: '2026-11-20' })).status).toBe(200);
    expect(await scores()).not.toContain(5);
  });

  it('gives an unsubmitted seat to someone else, under the loop rules, so an absent interviewer can leave', async () => {
    const candidateId = await candidateWithLoop();
    const seatPath = (personId: string) => `${base()}/candidates/${candidateId}/loop/seats/${personId}`;
    const substitute = await member(org.admin.client, org.orgId, 'Sub Stitute', org.admin.personId);
    expect((await submit(org.interviewers[1]!, candidateId)).status).toBe(204);
    // Interviewers do not rearrange loops; a seat whose feedback is in stays; nobody sits twice.
    expect((await org.hm.client.put(seatPath(org.interviewers[2]!.personId), { personId: substitute.personId })).status).toBe(403);
    expect((await org.recruiter.put(seatPath(org.interviewers[1]!.personId), { personId: substitute.personId })).body.error.rule).toBe('loop.seat_feedback_in');
    expect((await org.recruiter.put(seatPath(org.interviewers[2]!.personId), { personId: org.hm.personId })).body.error.rule).toBe('loop.distinct_people');
    // The bar raiser's seat goes only to an eligible bar raiser.
    expect((await org.recruiter.put(seatPath(org.barRaiser.personId), { personId: org.insiderBarRaiser.personId })).body.error.rule).toBe('loop.bar_raiser_outside_chain');

    expect((await org.recruiter.put(seatPath(org.interviewers[2]!.personId), { personId: substitute.personId })).status).toBe(204);
    const seats = (await org.recruiter.get(`${base()}/candidates/${candidateId}`)).body.candidate.loop.seats as Array<{ personId: string; principles: Array<{ id: string }> }>;
    expect(seats.map((seat) => seat.personId)).toContain(substitute.personId);
    expect(seats.find((seat) => seat.personId === substitute.personId)!.principles.map((principle) => principle.id)).toEqual([org.principleIds[3]]);
    // The one replaced is out of the loop: it no longer holds their departure, nor shows them the candidate.
    expect((await org.interviewers[2]!.client.get(`${base()}/candidates/${candidateId}`)).status).toBe(404);
    expect((await submit(substitute, candidateId)).status).toBe(204);
  });

  it('hands a requisition to a new hiring manager unless an undecided loop\'s bar raiser would then report to them', async () => {
    const team = (await org.admin.client.get(`${base()}/requisitions/${org.requisitionId}`)).body.requisition.team.id;
    const requisition = (await org.recruiter.post(`${base()}/requisitions`, { role: 'Engineer', level: 6, teamId: team, hiringManagerId: org.hm.personId })).body.requisition.id;
    const candidate = (await org.recruiter.post(`${base()}/requisitions/${requisition}/candidates`, { name: 'Han Dover', email: 'handover@example.test' })).body.id;
    expect((await org.recruiter.post(`${base()}/candidates/${candidate}/loop`, { interviewAt: new Date().toISOString(), interviewers: loopSeats() })).status).toBe(201);
    const patch = (body: unknown) => org.recruiter.patch(`${base()}/requisitions/${requisition}`, body);
    expect((await patch({})).status).toBe(400);
    expect((await patch({ roleTemplate: null, hiringManagerId: org.outsider.personId })).status).toBe(400);
    // The CEO manages the bar raiser: as hiring manager, the judge would report to them.
    const refused = await patch({ hiringManagerId: org.admin.personId });
    expect(refused.body.error).toMatchObject({ rule: 'loop.bar_raiser_outside_chain', message: expect.stringContaining('Han Dover\'s loop would break a rule under this hiring manager') });
    expect((await org.recruiter.get(`${base()}/requisitions/${requisition}`)).body.requisition.hiringManager.id).toBe(org.hm.personId);
    const moved = await patch({ hiringManagerId: org.outsider.personId });
    expect(moved.status).toBe(200);
    expect(moved.body.requisition.hiringManager).toMatchObject({ id: org.outsider.personId, name: 'Out Sider' });
    const actions = (await org.admin.client.get(`/orgs/${org.orgId}/audit-events`)).body.events.map((event: { action: string }) => event.action);
    expect(actions).toContain('requisition.hiring_manager_changed');
  });

  it('refuses an offer from a hiring manager whose requisition is being handed over at that moment', async () => {
    const team = (await org.admin.client.get(`${base()}/requisitions/${org.requisitionId}`)).body.requisition.team.id;
    const requisition = (await org.recruiter.post(`${base()}/requisitions`, { role: 'Engineer', level: 6, teamId: team, hiringManagerId: org.hm.personId })).body.requisition.id as string;
    const candidateId = (await org.recruiter.post(`${base()}/requisitions/${requisition}/candidates`, { name: 'Rae Sing', email: 'race@example.test' })).body.id as string;
    expect((await org.recruiter.post(`${base()}/candidates/${candidateId}/loop`, { interviewAt: new Date().toISOString(), interviewers: loopSeats() })).status).toBe(201);
    for (const actor of everyone()) expect((await submit(actor, candidateId, 'strongly_inclined', 5)).status).toBe(204);
    expect((await org.barRaiser.client.post(`${base()}/candidates/${candidateId}/decision`, { decision: 'hire', isBetterThanHalf: true, justification: 'Stronger than most engineers at this level on ownership and delivery.' })).status).toBe(204);
    // A hand-over in flight: its transaction holds the requisition's row and has named the new manager, not committed yet.
    const handOver = await database.db.startTransaction().execute();
    await handOver.selectFrom('requisitions').select('id').where('id', '=', requisition).forUpdate().execute();
    await handOver.updateTable('requisitions').set({ hiring_manager_id: org.outsider.personId }).where('id', '=', requisition).execute();
    const offering = org.hm.client.post(`${base()}/candidates/${candidateId}/offer`);
    // The offer waits on the requisition's row; once it does, the hand-over commits.
    const waiting = async () => Number((await sql<{ count: string }>`select count(*) as count from pg_locks where not granted`.execute(database.db)).rows[0]!.count);
    await expect.poll(waiting, { timeout: 5_000 }).toBeGreaterThan(0);
    await handOver.commit().execute();
    const answer = await offering;
    expect(answer.status).toBe(403);
    expect(await database.db.selectFrom('offers').select('id').where('candidate_id', '=', candidateId).execute()).toEqual([]);
    // The new hiring manager makes it.
    expect((await org.outsider.client.post(`${base()}/candidates/${candidateId}/offer`)).status).toBe(201);
  });

  it('refuses a candidate and a loop sent while the requisition is being closed', async () => {
    const team = (await org.admin.client.get(`${base()}/requisitions/${org.requisitionId}`)).body.requisition.team.id;
    const requisition = (await org.recruiter.post(`${base()}/requisitions`, { role: 'Engineer', level: 6, teamId: team, hiringManagerId: org.hm.personId })).body.requisition.id as string;
    const candidateId = (await org.recruiter.post(`${base()}/requisitions/${requisition}/candidates`, { name: 'Clo Sing', email: 'closing@example.test' })).body.id as string;
    // A close in flight: its transaction holds the requisition's row and has closed it, not committed yet.
    const closing = await database.db.startTransaction().execute();
    await closing.selectFrom('requisitions').select('id').where('id', '=', requisition).forUpdate().execute();
    await closing.updateTable('requisitions').set({ status: 'closed', closed_at: new Date() }).where('id', '=', requisition).execute();
    const adding = org.recruiter.post(`${base()}/requisitions/${requisition}/candidates`, { name: 'Late Comer', email: 'late-comer@example.test' });
    const setting = org.recruiter.post(`${base()}/candidates/${candidateId}/loop`, { interviewAt: new Date().toISOString(), interviewers: loopSeats() });
    // Both wait on the requisition's row; once they do, the close commits.
    const waiting = async () => Number((await sql<{ count: string }>`select count(*) as count from pg_locks where not granted`.execute(database.db)).rows[0]!.count);
    await expect.poll(waiting, { timeout: 5_000 }).toBeGreaterThan(1);
    await closing.commit().execute();
    for (const answer of [await adding, await setting]) expect(answer.body.error).toMatchObject({ code: 'rule_violation', rule: 'requisition.open' });
    expect((await org.recruiter.get(`${base()}/requisitions/${requisition}/candidates`)).body.candidates.map((c: { loopStatus: string }) => c.loopStatus)).toEqual(['no_loop']);
  });

  it('lists each person\'s interviews with their next step, most urgent first', async () => {
    const earlier = await candidateWithLoop(new Date(Date.now() - 3 * 86_400_000).toISOString());
    const later = await candidateWithLoop();
    for (const actor of everyone()) expect((await submit(actor, later)).status).toBe(204);
    const mine = async (actor: Actor) => (await actor.client.get(`${base()}/my-interviews`)).body.interviews as Array<{ candidateId: string; next: string; isOverdue: boolean; seat: string }>;
    const forHm = await mine(org.hm);
    // The overdue one first; a loop whose feedback is in asks nothing more of an interviewer.
    expect(forHm.findIndex((entry) => entry.candidateId === earlier)).toBeLessThan(forHm.findIndex((entry) => entry.candidateId === later));
    expect(forHm.find((entry) => entry.candidateId === earlier)).toMatchObject({ next: 'feedback', isOverdue: true, seat: 'interviewer' });
    expect(forHm.find((entry) => entry.candidateId === later)).toMatchObject({ next: 'none', isOverdue: false });
    expect((await mine(org.barRaiser)).find((entry) => entry.candidateId === later)).toMatchObject({ next: 'run_debrief', seat: 'bar_raiser' });
    // Someone in no loop has none; the recruiter (no person on the chart) too.
    expect((await org.recruiter.get(`${base()}/my-interviews`)).body.interviews).toEqual([]);
    // A loop set a year ahead is not yet part of the bar raiser's load; one next week is.
    const load = async () => (await org.admin.client.get(`${base()}/bar-raisers`)).body.pool.find((entry: { personId: string }) => entry.personId === org.barRaiser.personId).recentLoad as number;
    const before = await load();
    await candidateWithLoop(new Date(Date.now() + 365 * 86_400_000).toISOString());
    expect(await load()).toBe(before);
    await candidateWithLoop(new Date(Date.now() + 7 * 86_400_000).toISOString());
    expect(await load()).toBe(before + 1);
  });

  it('asks for no feedback before the interview: the interview comes first, on the list and on Home', async () => {
    const upcoming = await candidateWithLoop(new Date(Date.now() + 2 * 86_400_000).toISOString());
    const mine = (await org.hm.client.get(`${base()}/my-interviews`)).body.interviews.find((entry: { candidateId: string }) => entry.candidateId === upcoming);
    expect(mine).toMatchObject({ next: 'interview', isOverdue: false, lastReminder: null });
    // Home puts nothing before them for it: feedback would be refused until the interview starts.
    const needsYou = (await org.hm.client.get(`/orgs/${org.orgId}/home`)).body.needsYou as Array<{ candidateId?: string }>;
    expect(needsYou.filter((item) => item.candidateId === upcoming)).toEqual([]);
    expect((await submit(org.hm, upcoming)).body.error).toMatchObject({ rule: 'feedback.after_interview' });
    // The requisition's list says so too, as its stage counts do, rather than "collecting feedback".
    const listed = (await org.recruiter.get(`${base()}/requisitions/${org.requisitionId}/candidates`)).body.candidates.find((entry: { id: string }) => entry.id === upcoming);
    expect(listed.loopStatus).toBe('scheduled');
    const counts = (await org.recruiter.get(`${base()}/requisitions`)).body.requisitions.find((entry: { id: string }) => entry.id === org.requisitionId).stageCounts;
    expect(counts.scheduled).toBeGreaterThanOrEqual(1);
  });

  it('tells the requisition\'s viewer whether they are its hiring manager (who may reject its candidates)', async () => {
    const viewerOf = async (client: ApiClient) => (await client.get(`${base()}/requisitions/${org.requisitionId}`)).body.requisition.viewer;
    expect(await viewerOf(org.hm.client)).toEqual({ isHiringManager: true });
    for (const client of [org.recruiter, org.admin.client, org.barRaiser.client]) expect(await viewerOf(client)).toEqual({ isHiringManager: false });
  });

  it('counts a dotted line to or from the hiring manager as part of their reporting chain', async () => {
    const dotted = await member(org.admin.client, org.orgId, 'Dot Ted', org.admin.personId);
    expect((await org.admin.client.put(`${base()}/bar-raisers/${dotted.personId}`, { status: 'certified' })).status).toBe(204);
    const eligibility = async () => (await org.recruiter.get(`${base()}/requisitions/${org.requisitionId}/bar-raiser-eligibility/${dotted.personId}`)).body;
    expect(await eligibility()).toEqual({ isEligible: true, rule: null });
    expect((await org.admin.client.patch(`/orgs/${org.orgId}/people/${dotted.personId}`, { dottedLineManagerId: org.hm.personId })).status).toBe(200);
    expect(await eligibility()).toEqual({ isEligible: false, rule: 'loop.bar_raiser_outside_chain' });
    const candidateId = await newCandidate('Dot Candidate');
    const refused = await org.recruiter.post(`${base()}/candidates/${candidateId}/loop`, { interviewAt: new Date().toISOString(), interviewers: loopSeats(dotted.personId) });
    expect(refused.body.error.rule).toBe('loop.bar_raiser_outside_chain');
    expect((await org.admin.client.patch(`/orgs/${org.orgId}/people/${dotted.personId}`, { dottedLineManagerId: null })).status).toBe(200);
  });

  it('follows dotted lines up the chain: a bar raiser whose dotted-line manager reports to the hiring manager is inside it', async () => {
    const raiser = await member(org.admin.client, org.orgId, 'Far Dot', org.admin.personId);
    expect((await org.admin.client.put(`${base()}/bar-raisers/${raiser.personId}`, { status: 'certified' })).status).toBe(204);
    const eligibility = async () => (await org.recruiter.get(`${base()}/requisitions/${org.requisitionId}/bar-raiser-eligibility/${raiser.personId}`)).body;
    const setUp = async () => org.recruiter.post(`${base()}/candidates/${await newCandidate('Far Candidate')}/loop`, { interviewAt: new Date().toISOString(), interviewers: loopSeats(raiser.personId) });
    expect(await eligibility()).toEqual({ isEligible: true, rule: null });
    // Their dotted-line manager is Team Mate, who reports to the hiring manager.
    expect((await org.admin.client.patch(`/orgs/${org.orgId}/people/${raiser.personId}`, { dottedLineManagerId: org.interviewers[0]!.personId })).status).toBe(200);
    try {
      expect(await eligibility()).toEqual({ isEligible: false, rule: 'loop.bar_raiser_outside_chain' });
      expect((await setUp()).body.error.rule).toBe('loop.bar_raiser_outside_chain');
    } finally {
      expect((await org.admin.client.patch(`/orgs/${org.orgId}/people/${raiser.personId}`, { dottedLineManagerId: null })).status).toBe(200);
    }
    // Their manager's dotted-line manager is the hiring manager: they answer to the hiring manager through their manager.
    const middle = await member(org.admin.client, org.orgId, 'Mid Dle', org.admin.personId);
    expect((await org.admin.client.patch(`/orgs/${org.orgId}/people/${middle.personId}`, { dottedLineManagerId: org.hm.personId })).status).toBe(200);
    expect((await org.admin.client.patch(`/orgs/${org.orgId}/people/${raiser.personId}`, { managerId: middle.personId })).status).toBe(200);
    try {
      expect(await eligibility()).toEqual({ isEligible: false, rule: 'loop.bar_raiser_outside_chain' });
    } finally {
      expect((await org.admin.client.patch(`/orgs/${org.orgId}/people/${raiser.personId}`, { managerId: org.admin.personId })).status).toBe(200);
    }
    expect(await eligibility()).toEqual({ isEligible: true, rule: null });
    expect((await setUp()).status).toBe(201);
  });

  it('warns on an undecided loop whose bar raiser the org has since moved into the hiring manager\'s chain', async () => {
    const candidateId = await candidateWithLoop();
    const warning = async () => (await org.recruiter.get(`${base()}/candidates/${candidateId}`)).body.candidate.loop.barRaiserWarning;
    expect(await warning()).toBeNull();
    expect((await org.admin.client.patch(`/orgs/${org.orgId}/people/${org.barRaiser.personId}`, { managerId: org.hm.personId })).status).toBe(200);
    try {
      expect(await warning()).toEqual({ rule: 'loop.bar_raiser_outside_chain', message: expect.stringMatching(/^Since the loop was set up, Bar Raiser no longer qualifies as its bar raiser: .* Give the bar raiser's seat to an eligible bar raiser before the debrief\.$/) });
    } finally {
      expect((await org.admin.client.patch(`/orgs/${org.orgId}/people/${org.barRaiser.personId}`, { managerId: org.admin.personId })).status).toBe(200);
    }
    expect(await warning()).toBeNull();
  });
});

describe('moving an interview', () => {
  it('moves the loop\'s interview until its first feedback is in, so feedback opens and falls due from the real time', async () => {
    const candidateId = await candidateWithLoop(new Date(Date.now() + 86_400_000).toISOString());
    expect((await submit(org.hm, candidateId)).body.error).toMatchObject({ rule: 'feedback.after_interview' });
    const move = (client: ApiClient, interviewAt: unknown) => client.put(`${base()}/candidates/${candidateId}/loop/interview`, { interviewAt });
    const anHourAgo = new Date(Date.now() - 3_600_000).toISOString();
    expect((await move(org.hm.client, anHourAgo)).status).toBe(403);
    const invalid = await move(org.recruiter, 'next Tuesday');
    expect(invalid.status).toBe(400);
    expect(invalid.body.error).toMatchObject({ code: 'validation_failed', field: 'body.interviewAt' });
    expect((await move(org.recruiter, anHourAgo)).status).toBe(204);
    expect((await org.recruiter.get(`${base()}/candidates/${candidateId}`)).body.candidate.loop.interviewAt).toBe(anHourAgo);
    expect((await submit(org.hm, candidateId)).status).toBe(204);
    const refused = await move(org.recruiter, new Date().toISOString());
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ code: 'rule_violation', rule: 'loop.feedback_in' });
    const actions = (await org.admin.client.get(`/orgs/${org.orgId}/audit-events?subjectId=${candidateId}`)).body.events.map((event: { action: string }) => event.action);
    expect(actions).toContain('loop.rescheduled');
  });
});

describe('a candidate who withdraws', () => {
  const withdraw = (client: ApiClient, candidateId: string) => client.post(`${base()}/candidates/${candidateId}/withdraw`);
  const hire = { decision: 'hire', isBetterThanHalf: true, justification: 'Stronger than most engineers at this level on ownership and delivery.' };

  it('ends their loop without a verdict: nothing more is taken or owed, and nobody is held back from leaving', async () => {
    const candidateId = await candidateWithLoop();
    const leaver = await member(org.admin.client, org.orgId, 'Lee Leaving', org.admin.personId);
    expect((await org.recruiter.put(`${base()}/candidates/${candidateId}/loop/seats/${org.interviewers[2]!.personId}`, { personId: leaver.personId })).status).toBe(204);
    expect((await submit(org.hm, candidateId)).status).toBe(204);
    const leave = () => org.admin.client.post(`/orgs/${org.orgId}/people/${leaver.personId}/departure`, { leftOn: '2026-11-20' });
    expect((await leave()).body.error.rule).toBe('departure.in_open_loop');
    const myNext = async () => (await leaver.client.get(`${base()}/my-interviews`)).body.interviews.find((entry: { candidateId: string }) => entry.candidateId === candidateId);
    expect(await myNext()).toMatchObject({ next: 'feedback' });

    expect((await withdraw(org.hm.client, candidateId)).status).toBe(403);
    expect((await withdraw(org.recruiter, candidateId)).status).toBe(204);
    expect((await withdraw(org.recruiter, candidateId)).status).toBe(204);
    const refused = await submit(org.barRaiser, candidateId);
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ code: 'rule_violation', rule: 'candidate.withdrawn' });
    const replaced = await org.recruiter.put(`${base()}/candidates/${candidateId}/loop/seats/${org.interviewers[1]!.personId}`, { personId: org.outsider.personId });
    expect(replaced.body.error).toMatchObject({ rule: 'candidate.withdrawn' });
    expect(await myNext()).toMatchObject({ next: 'none', isOverdue: false });
    const candidate = (await org.recruiter.get(`${base()}/candidates/${candidateId}`)).body.candidate;
    expect(candidate.withdrawnAt).toEqual(expect.any(String));
    expect(candidate.loop.seats.filter((seat: { isOverdue: boolean }) => seat.isOverdue)).toEqual([]);
    const listed = (await org.recruiter.get(`${base()}/requisitions/${org.requisitionId}/candidates`)).body.candidates.find((entry: { id: string }) => entry.id === candidateId);
    expect(listed.withdrawnAt).toBe(candidate.withdrawnAt);
    expect((await leave()).status).toBe(200);
    const actions = (await org.admin.client.get(`/orgs/${org.orgId}/audit-events?subjectId=${candidateId}`)).body.events.map((event: { action: string }) => event.action);
    expect(actions).toContain('candidate.withdrawn');
  });

  it('takes no loop, decision or offer after a withdrawal, and no withdrawal after an offer', async () => {
    const noLoop = await newCandidate();
    expect((await withdraw(org.recruiter, noLoop)).status).toBe(204);
    const loop = await org.recruiter.post(`${base()}/candidates/${noLoop}/loop`, { interviewAt: new Date().toISOString(), interviewers: loopSeats() });
    expect(loop.body.error).toMatchObject({ rule: 'candidate.withdrawn' });

    const [beforeDecision, beforeOffer, offered] = [await candidateWithLoop(), await candidateWithLoop(), await candidateWithLoop()];
    for (const candidateId of [beforeDecision, beforeOffer, offered]) for (const actor of everyone()) expect((await submit(actor, candidateId, 'strongly_inclined', 5)).status).toBe(204);
    expect((await withdraw(org.admin.client, beforeDecision)).status).toBe(204);
    expect((await org.barRaiser.client.post(`${base()}/candidates/${beforeDecision}/decision`, hire)).body.error).toMatchObject({ rule: 'candidate.withdrawn' });
    for (const candidateId of [beforeOffer, offered]) expect((await org.barRaiser.client.post(`${base()}/candidates/${candidateId}/decision`, hire)).status).toBe(204);
    expect((await withdraw(org.recruiter, beforeOffer)).status).toBe(204);
    const offer = await org.hm.client.post(`${base()}/candidates/${beforeOffer}/offer`);
    expect(offer.status).toBe(422);
    expect(offer.body.error).toMatchObject({ rule: 'candidate.withdrawn' });
    expect((await org.hm.client.post(`${base()}/candidates/${offered}/offer`)).status).toBe(201);
    expect((await withdraw(org.recruiter, offered)).body.error).toMatchObject({ code: 'rule_violation', rule: 'candidate.offer_made' });
  });
});

describe('a recruiter\'s week across requisitions', () => {
  const hire = { decision: 'hire', isBetterThanHalf: true, justification: 'Stronger than most engineers at this level on ownership and delivery.' };
  const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();

  async function freshRequisition(role: string): Promise<string> {
    const team = (await org.admin.client.get(`${base()}/requisitions/${org.requisitionId}`)).body.requisition.team.id;
    const created = await org.recruiter.post(`${base()}/requisitions`, { role, level: 6, teamId: team, hiringManagerId: org.hm.personId });
    expect(created.status).toBe(201);
    return created.body.requisition.id;
  }

  async function candidateOn(requisitionId: string, interviewAt: string | null, barRaiserId?: string): Promise<string> {
    const created = await org.recruiter.post(`${base()}/requisitions/${requisitionId}/candidates`, { name: `Cand ${++candidates}`, email: `week-${candidates}@example.test` });
    expect(created.status).toBe(201);
    if (interviewAt !== null) expect((await org.recruiter.post(`${base()}/candidates/${created.body.id}/loop`, { interviewAt, interviewers: loopSeats(barRaiserId) })).status).toBe(201);
    return created.body.id;
  }

  it('counts each requisition\'s candidates by stage in the list, only those the viewer may know of', async () => {
    const requisitionId = await freshRequisition('Stage Counter');
    await candidateOn(requisitionId, null);
    await candidateOn(requisitionId, new Date(Date.now() + 3 * 86_400_000).toISOString());
    await candidateOn(requisitionId, daysAgo(2));
    const withdrawn = await candidateOn(requisitionId, null);
    expect((await org.recruiter.post(`${base()}/candidates/${withdrawn}/withdraw`)).status).toBe(204);
    const hired = await candidateOn(requisitionId, daysAgo(1));
    for (const actor of everyone().slice(0, -1)) expect((await submit(actor, hired, 'inclined', 4)).status).toBe(204);
    const countsFor = async (client: ApiClient) => (await client.get(`${base()}/requisitions`)).body.requisitions.find((entry: { id: string }) => entry.id === requisitionId).stageCounts;
    expect(await countsFor(org.recruiter)).toEqual({ noLoop: 1, scheduled: 1, feedback: 2, debrief: 0, decided: 0, offer: 0, withdrawn: 1, rejected: 0 });
    expect((await submit(org.barRaiser, hired, 'inclined', 4)).status).toBe(204);
    expect(await countsFor(org.recruiter)).toMatchObject({ feedback: 1, debrief: 1 });
    expect((await org.barRaiser.client.post(`${base()}/candidates/${hired}/decision`, hire)).status).toBe(204);
    expect(await countsFor(org.admin.client)).toMatchObject({ debrief: 0, decided: 1, offer: 0 });
    expect((await org.hm.client.post(`${base()}/candidates/${hired}/offer`)).status).toBe(201);
    // The hiring manager knows every candidate of their requisition.
    expect(await countsFor(org.hm.client)).toEqual({ noLoop: 1, scheduled: 1, feedback: 1, debrief: 0, decided: 0, offer: 1, withdrawn: 1, rejected: 0 });
    // A member in none of these loops learns nothing from a count: the candidates are confidential.
    expect(await countsFor(org.outsider.client)).toEqual({ noLoop: 0, scheduled: 0, feedback: 0, debrief: 0, decided: 0, offer: 0, withdrawn: 0, rejected: 0 });
    // An interviewer counts the loops they sit in (three of them here), not the rest.
    const seated = await countsFor(org.interviewers[1]!.client);
    expect(Object.values(seated).reduce((sum: number, count) => sum + Number(count), 0)).toBe(3);
  });

  it('lists every overdue scorecard across requisitions for recruiters and admins: who owes it, on whom, since when', async () => {
    const requisitionId = await freshRequisition('Late Chaser');
    const late = await candidateOn(requisitionId, daysAgo(3));
    expect((await submit(org.hm, late)).status).toBe(204);
    const onTime = await candidateOn(requisitionId, new Date(Date.now() - 3_600_000).toISOString());
    const gone = await candidateOn(requisitionId, daysAgo(3));
    expect((await org.recruiter.post(`${base()}/candidates/${gone}/withdraw`)).status).toBe(204);

    const answer = await org.recruiter.get(`${base()}/late-feedback`);
    expect(answer.status).toBe(200);
    const mine = answer.body.lateFeedback.filter((entry: { requisition: { id: string } }) => entry.requisition.id === requisitionId);
    // The hiring manager's is in; the shadow owes none; a fresh loop is not late; a withdrawn candidate's loop asks nothing.
    expect(mine.map((entry: { candidateId: string; interviewer: { name: string }; seat: string }) => [entry.candidateId, entry.interviewer.name, entry.seat])).toEqual([
      [late, 'Team Mate', 'interviewer'],
      [late, 'Peer One', 'interviewer'],
      [late, 'Peer Two', 'interviewer'],
      [late, 'Bar Raiser', 'bar_raiser'],
    ]);
    expect(mine.some((entry: { candidateId: string }) => entry.candidateId === onTime)).toBe(false);
    const candidate = (await org.recruiter.get(`${base()}/candidates/${late}`)).body.candidate;
    expect(mine[0]).toMatchObject({ candidateName: candidate.name, requisition: { role: 'Late Chaser', level: 6 }, interviewer: { hasLogin: true }, interviewAt: candidate.loop.interviewAt, dueAt: candidate.loop.seats[1].dueAt });
    // Longest overdue first, across every requisition.
    const dues = answer.body.lateFeedback.map((entry: { dueAt: string }) => entry.dueAt);
    expect([...dues].sort()).toEqual(dues);
    expect((await org.admin.client.get(`${base()}/late-feedback`)).body.lateFeedback).toEqual(answer.body.lateFeedback);

    // Interviewers, hiring managers and other members see no one else's loops.
    for (const client of [org.outsider.client, org.hm.client, org.interviewers[0]!.client]) {
      const refused = await client.get(`${base()}/late-feedback`);
      expect(refused.status).toBe(403);
      expect(refused.body.error.code).toBe('forbidden');
    }
  });

  it('counts no withdrawn candidate\'s loop in a bar raiser\'s recent load', async () => {
    const raiser = await member(org.admin.client, org.orgId, 'Load Raiser', org.admin.personId);
    expect((await org.admin.client.put(`${base()}/bar-raisers/${raiser.personId}`, { status: 'certified' })).status).toBe(204);
    const requisitionId = await freshRequisition('Load Counter');
    const kept = await candidateOn(requisitionId, daysAgo(1), raiser.personId);
    const gone = await candidateOn(requisitionId, daysAgo(1), raiser.personId);
    const loadOf = async () => (await org.recruiter.get(`${base()}/bar-raisers`)).body.pool.find((entry: { personId: string }) => entry.personId === raiser.personId);
    expect(await loadOf()).toMatchObject({ recentLoad: 2, totalLoops: 2 });
    expect((await org.recruiter.post(`${base()}/candidates/${gone}/withdraw`)).status).toBe(204);
    expect(await loadOf()).toMatchObject({ recentLoad: 1 });
    expect(kept).not.toBe(gone);
  });
});

describe('rejecting and reinstating a candidate', () => {
  const reject = (client: ApiClient, candidateId: string, body: unknown = { reason: 'skills', note: '  Systems design was thin for this level.  ' }) => client.post(`${base()}/candidates/${candidateId}/reject`, body);
  const reinstate = (client: ApiClient, candidateId: string) => client.post(`${base()}/candidates/${candidateId}/reinstate`);
  const hire = { decision: 'hire', isBetterThanHalf: true, justification: 'Stronger than most engineers at this level on ownership and delivery.' };
  const eventsOf = async (subjectId: string) => (await org.admin.client.get(`/orgs/${org.orgId}/audit-events?subjectId=${subjectId}`)).body.events as { action: string; data: Record<string, unknown> }[];

  async function requisitionFor(role: string, hiringManagerId = org.hm.personId): Promise<string> {
    const team = (await org.admin.client.get(`${base()}/requisitions/${org.requisitionId}`)).body.requisition.team.id;
    const created = await org.recruiter.post(`${base()}/requisitions`, { role, level: 6, teamId: team, hiringManagerId });
    expect(created.status).toBe(201);
    return created.body.requisition.id;
  }

  async function candidateOn(requisitionId: string, withLoop: boolean, email = `rej-${++candidates}@example.test`, loop: { hoursAgo?: number; barRaiserId?: string } = {}): Promise<string> {
    const created = await org.recruiter.post(`${base()}/requisitions/${requisitionId}/candidates`, { name: `Cand ${candidates}`, email });
    expect(created.status).toBe(201);
    const interviewAt = new Date(Date.now() - (loop.hoursAgo ?? 1) * 3_600_000).toISOString();
    if (withLoop) expect((await org.recruiter.post(`${base()}/candidates/${created.body.id}/loop`, { interviewAt, interviewers: loopSeats(loop.barRaiserId) })).status).toBe(201);
    return created.body.id;
  }

  it('is done by the hiring manager, recruiters and admins with a reason, before any offer, once; it ends the loop without a veto', async () => {
    const candidateId = await candidateWithLoop();
    expect((await submit(org.hm, candidateId)).status).toBe(204);
    // An interviewer who may see the candidate is not who decides; someone who may not see them learns nothing.
    const wrongPerson = await reject(org.interviewers[1]!.client, candidateId);
    expect(wrongPerson.status).toBe(403);
    expect(wrongPerson.body.error.code).toBe('forbidden');
    expect((await reject(org.outsider.client, candidateId)).status).toBe(404);
    const noReason = await reject(org.hm.client, candidateId, { reason: 'vibes' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error).toMatchObject({ code: 'validation_failed', field: 'body.reason' });

    expect((await reject(org.hm.client, candidateId)).status).toBe(204);
    const twice = await reject(org.recruiter, candidateId, { reason: 'other' });
    expect(twice.status).toBe(422);
    expect(twice.body.error).toMatchObject({ code: 'rule_violation', rule: 'candidate.rejected' });
    // The loop takes nothing more, and asks nothing more of anyone.
    expect((await submit(org.barRaiser, candidateId)).body.error).toMatchObject({ code: 'rule_violation', rule: 'candidate.rejected' });
    expect((await org.recruiter.put(`${base()}/candidates/${candidateId}/loop/seats/${org.interviewers[1]!.personId}`, { personId: org.outsider.personId })).body.error).toMatchObject({ rule: 'candidate.rejected' });
    expect((await org.recruiter.post(`${base()}/candidates/${candidateId}/withdraw`)).body.error).toMatchObject({ rule: 'candidate.rejected' });
    const mine = (await org.interviewers[1]!.client.get(`${base()}/my-interviews`)).body.interviews.find((entry: { candidateId: string }) => entry.candidateId === candidateId);
    expect(mine).toMatchObject({ next: 'none', isOverdue: false });

    // Shown on the candidate (to whoever may see them) and in the list; audited with its reason, not its note.
    const seen = (await org.interviewers[1]!.client.get(`${base()}/candidates/${candidateId}`)).body.candidate;
    expect(seen.rejection).toEqual({ rejectedAt: expect.any(String), reason: 'skills', note: 'Systems design was thin for this level.', rejectedBy: expect.any(String) });
    expect(seen.loop.decision).toBeNull();
    const listed = (await org.recruiter.get(`${base()}/requisitions/${org.requisitionId}/candidates`)).body.candidates.find((entry: { id: string }) => entry.id === candidateId);
    expect(listed.rejection).toEqual({ rejectedAt: seen.rejection.rejectedAt, reason: 'skills' });
    const rejected = (await eventsOf(candidateId)).find((event) => event.action === 'candidate.rejected')!;
    expect(rejected.data).toMatchObject({ reason: 'skills' });
    expect(JSON.stringify(rejected.data)).not.toContain('thin');

  });

  it('asks nothing more of a rejected candidate\'s loop: no late scorecard, no bar raiser load, nobody held back from leaving', async () => {
    const raiser = await member(org.admin.client, org.orgId, 'Reject Raiser', org.admin.personId);
    expect((await org.admin.client.put(`${base()}/bar-raisers/${raiser.personId}`, { status: 'certified' })).status).toBe(204);
    const candidateId = await candidateOn(await requisitionFor('Nothing Owed'), true, undefined, { hoursAgo: 72, barRaiserId: raiser.personId });
    const leaver = await member(org.admin.client, org.orgId, 'Rae Leaving', org.admin.personId);
    expect((await org.recruiter.put(`${base()}/candidates/${candidateId}/loop/seats/${org.interviewers[2]!.personId}`, { personId: leaver.personId })).status).toBe(204);
    const leave = () => org.admin.client.post(`/orgs/${org.orgId}/people/${leaver.personId}/departure`, { leftOn: '2026-11-20' });
    expect((await leave()).body.error.rule).toBe('departure.in_open_loop');
    const lateOn = async () => (await org.recruiter.get(`${base()}/late-feedback`)).body.lateFeedback.filter((entry: { candidateId: string }) => entry.candidateId === candidateId).length;
    const loadOf = async () => (await org.recruiter.get(`${base()}/bar-raisers`)).body.pool.find((entry: { personId: string }) => entry.personId === raiser.personId).recentLoad;
    expect(await lateOn()).toBe(5);
    expect(await loadOf()).toBe(1);

    expect((await reject(org.admin.client, candidateId, { reason: 'experience' })).status).toBe(204);
    expect(await lateOn()).toBe(0);
    expect(await loadOf()).toBe(0);
    expect((await org.recruiter.get(`${base()}/candidates/${candidateId}`)).body.candidate.loop.seats.filter((seat: { isOverdue: boolean }) => seat.isOverdue)).toEqual([]);
    expect((await leave()).status).toBe(200);
  });

  it('holds nothing against a rejected person elsewhere', async () => {
    const candidateId = await candidateWithLoop();
    expect((await reject(org.recruiter, candidateId, { reason: 'skills' })).status).toBe(204);
    const seen = (await org.recruiter.get(`${base()}/candidates/${candidateId}`)).body.candidate;
    // No veto: the same person on another requisition has nothing held against them.
    const email = seen.email as string;
    const again = await candidateOn(await requisitionFor('Second Chance'), false, email);
    expect((await org.recruiter.get(`${base()}/candidates/${again}`)).body.candidate.earlierVeto).toBeNull();
  });

  it('is refused after an offer and after a bar raiser\'s no', async () => {
    const [offered, vetoed] = [await candidateWithLoop(), await candidateWithLoop()];
    for (const candidateId of [offered, vetoed]) for (const actor of everyone()) expect((await submit(actor, candidateId, 'inclined', 4)).status).toBe(204);
    expect((await org.barRaiser.client.post(`${base()}/candidates/${offered}/decision`, hire)).status).toBe(204);
    expect((await org.hm.client.post(`${base()}/candidates/${offered}/offer`)).status).toBe(201);
    const afterOffer = await reject(org.hm.client, offered, { reason: 'compensation' });
    expect(afterOffer.status).toBe(422);
    expect(afterOffer.body.error).toMatchObject({ code: 'rule_violation', rule: 'candidate.offer_made' });
    expect((await org.barRaiser.client.post(`${base()}/candidates/${vetoed}/decision`, { decision: 'no_hire', isBetterThanHalf: false, justification: 'Below the median engineer in this role on ownership.' })).status).toBe(204);
    expect((await reject(org.recruiter, vetoed, { reason: 'skills' })).body.error).toMatchObject({ code: 'rule_violation', rule: 'candidate.vetoed' });
  });

  it('reinstates a rejected or withdrawn candidate where their loop was, while the requisition is open and its opening unfilled', async () => {
    const requisitionId = await requisitionFor('Reinstated');
    const [rejected, withdrawn, chosen] = [await candidateOn(requisitionId, true), await candidateOn(requisitionId, false), await candidateOn(requisitionId, true)];
    expect((await submit(org.hm, rejected)).status).toBe(204);
    expect((await reject(org.recruiter, rejected, { reason: 'another_candidate' })).status).toBe(204);
    expect((await org.recruiter.post(`${base()}/candidates/${withdrawn}/withdraw`)).status).toBe(204);
    const countsFor = async () => (await org.hm.client.get(`${base()}/requisitions`)).body.requisitions.find((entry: { id: string }) => entry.id === requisitionId).stageCounts;
    expect(await countsFor()).toEqual({ noLoop: 0, scheduled: 0, feedback: 1, debrief: 0, decided: 0, offer: 0, withdrawn: 1, rejected: 1 });

    expect((await reinstate(org.interviewers[1]!.client, rejected)).status).toBe(403);
    const back = await reinstate(org.hm.client, rejected);
    expect(back.status).toBe(200);
    expect(back.body).toEqual({ undid: 'rejected' });
    // The loop resumes: the hiring manager's feedback stays, the rest is owed again.
    const resumed = (await org.hm.client.get(`${base()}/candidates/${rejected}`)).body.candidate;
    expect(resumed.rejection).toBeNull();
    expect(resumed.loop.seats.find((seat: { personId: string }) => seat.personId === org.hm.personId).submittedAt).toEqual(expect.any(String));
    expect((await submit(org.barRaiser, rejected)).status).toBe(204);
    const nothing = await reinstate(org.hm.client, rejected);
    expect(nothing.status).toBe(422);
    expect(nothing.body.error).toMatchObject({ code: 'rule_violation', rule: 'candidate.in_process' });
    expect((await eventsOf(rejected)).find((event) => event.action === 'candidate.reinstated')!.data).toMatchObject({ undid: 'rejected', reason: 'another_candidate' });

    // A closed requisition has no role to compete for.
    expect((await org.recruiter.post(`${base()}/requisitions/${requisitionId}/close`)).status).toBe(200);
    expect((await reinstate(org.recruiter, withdrawn)).body.error).toMatchObject({ code: 'rule_violation', rule: 'requisition.open' });
    expect((await org.recruiter.post(`${base()}/requisitions/${requisitionId}/reopen`)).status).toBe(200);
    expect((await reinstate(org.recruiter, withdrawn)).body).toEqual({ undid: 'withdrawn' });
    expect((await org.recruiter.get(`${base()}/candidates/${withdrawn}`)).body.candidate.withdrawnAt).toBeNull();

    // Once someone else has an offer for the opening, nobody comes back for it, until the requisition reopens for another seat.
    expect((await reject(org.hm.client, withdrawn, { reason: 'location' })).status).toBe(204);
    for (const actor of everyone()) expect((await submit(actor, chosen, 'strongly_inclined', 5)).status).toBe(204);
    expect((await org.barRaiser.client.post(`${base()}/candidates/${chosen}/decision`, hire)).status).toBe(204);
    expect((await org.hm.client.post(`${base()}/candidates/${chosen}/offer`)).status).toBe(201);
    const filled = await reinstate(org.hm.client, withdrawn);
    expect(filled.status).toBe(422);
    expect(filled.body.error).toMatchObject({ code: 'rule_violation', rule: 'requisition.opening_filled' });
    expect((await org.recruiter.post(`${base()}/requisitions/${requisitionId}/close`)).status).toBe(200);
    expect((await org.recruiter.post(`${base()}/requisitions/${requisitionId}/reopen`)).status).toBe(200);
    expect((await reinstate(org.hm.client, withdrawn)).body).toEqual({ undid: 'rejected' });
    // Closed again: the departure tests of this file see only its own open requisition.
    expect((await org.recruiter.post(`${base()}/requisitions/${requisitionId}/close`)).status).toBe(200);
  });

  it('reopens a requisition whose hiring manager left with a new one, checked as a new requisition\'s and as a hand-over\'s', async () => {
    const manager = await person(org.admin.client, org.orgId, 'Former Manager', `former-${++candidates}@example.test`, org.admin.personId);
    const requisitionId = await requisitionFor('Handed On', manager);
    await candidateOn(requisitionId, true);
    expect((await org.recruiter.post(`${base()}/requisitions/${requisitionId}/close`)).status).toBe(200);
    expect((await org.admin.client.post(`/orgs/${org.orgId}/people/${manager}/departure`, { leftOn: '2026-11-20' })).status).toBe(200);
    const reopen = (body?: unknown) => org.recruiter.post(`${base()}/requisitions/${requisitionId}/reopen`, body);

    const unnamed = await reopen();
    expect(unnamed.status).toBe(422);
    expect(unnamed.body.error).toMatchObject({ code: 'rule_violation', rule: 'requisition.hiring_manager_here', field: 'body.hiringManagerId' });
    const gone = await reopen({ hiringManagerId: manager });
    expect(gone.body.error).toMatchObject({ rule: 'requisition.hiring_manager_here' });
    const stranger = await reopen({ hiringManagerId: '00000000-0000-4000-8000-000000000000' });
    expect(stranger.status).toBe(400);
    expect(stranger.body.error).toMatchObject({ code: 'validation_failed', field: 'body.hiringManagerId' });
    // The running loop's bar raiser would judge for their own hiring manager.
    const judge = await reopen({ hiringManagerId: org.barRaiser.personId });
    expect(judge.status).toBe(422);
    expect(judge.body.error).toMatchObject({ code: 'rule_violation', rule: 'loop.bar_raiser_outside_chain' });
    expect((await org.hm.client.post(`${base()}/requisitions/${requisitionId}/reopen`, { hiringManagerId: org.hm.personId })).status).toBe(403);
    expect((await org.recruiter.get(`${base()}/requisitions/${requisitionId}`)).body.requisition.status).toBe('closed');

    const reopened = await reopen({ hiringManagerId: org.hm.personId });
    expect(reopened.status).toBe(200);
    expect(reopened.body.requisition).toMatchObject({ status: 'open', hiringManager: { id: org.hm.personId } });
    expect((await eventsOf(requisitionId)).map((event) => event.action)).toEqual(expect.arrayContaining(['requisition.reopened', 'requisition.hiring_manager_changed']));
    expect((await org.recruiter.post(`${base()}/requisitions/${requisitionId}/close`)).status).toBe(200);
  });

  it('refuses a reopen naming a new hiring manager on a requisition open already: that is a hand-over', async () => {
    const requisitionId = await requisitionFor('Open Already');
    const refused = await org.recruiter.post(`${base()}/requisitions/${requisitionId}/reopen`, { hiringManagerId: org.outsider.personId });
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ code: 'rule_violation', rule: 'requisition.closed', field: 'body.hiringManagerId', message: expect.stringContaining('hand it to a new hiring manager instead') });
    const requisition = (await org.recruiter.get(`${base()}/requisitions/${requisitionId}`)).body.requisition;
    expect(requisition).toMatchObject({ status: 'open', hiringManager: { id: org.hm.personId } });
    expect((await eventsOf(requisitionId)).map((event) => event.action)).not.toContain('requisition.hiring_manager_changed');
    // Naming the manager it has already is no change: the reopen answers with the requisition as it is.
    expect((await org.recruiter.post(`${base()}/requisitions/${requisitionId}/reopen`, { hiringManagerId: org.hm.personId })).status).toBe(200);
    expect((await org.recruiter.post(`${base()}/requisitions/${requisitionId}/close`)).status).toBe(200);
  });

  it('hands no requisition to someone whose departure is being recorded at that moment', async () => {
    const requisitionId = await requisitionFor('Handed Over Mid Departure');
    const leaving = await person(org.admin.client, org.orgId, 'Leav Ing', `leaving-${++candidates}@example.test`, org.admin.personId);
    const answer = await duringDeparture(database.db, leaving, '2026-11-20', () => org.recruiter.patch(`${base()}/requisitions/${requisitionId}`, { hiringManagerId: leaving }));
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({ code: 'validation_failed', field: 'body.hiringManagerId', message: 'hiringManagerId: Leav Ing left the company on Nov 20, 2026.' });
    expect((await org.recruiter.get(`${base()}/requisitions/${requisitionId}`)).body.requisition.hiringManager.id).toBe(org.hm.personId);
    expect((await org.recruiter.post(`${base()}/requisitions/${requisitionId}/close`)).status).toBe(200);
  });
});

describe('the answer to an offer', () => {
  const hireJustification = 'Stronger than most engineers at this level on ownership and delivery.';
  const today = () => new Date().toISOString().slice(0, 10);

  /** A requisition of its own (closed at the end of each test: the departure tests read the hiring manager's). */
  async function ownRequisition() {
    const team = (await org.admin.client.get(`/orgs/${org.orgId}/teams`)).body.teams[0].id;
    const id = (await org.recruiter.post(`${base()}/requisitions`, { role: 'Engineer', level: 6, teamId: team, hiringManagerId: org.hm.personId })).body.requisition.id as string;
    const path = `${base()}/requisitions/${id}`;
    const add = (name: string) => org.recruiter.post(`${path}/candidates`, { name, email: `${name.toLowerCase()}-${++candidates}@example.test` });
    const setUpLoop = (candidateId: string) => org.recruiter.post(`${base()}/candidates/${candidateId}/loop`, { interviewAt: new Date().toISOString(), interviewers: loopSeats() });
    /** A candidate whose loop decided to hire. */
    const hire = async (name: string) => {
      const candidateId = (await add(name)).body.id as string;
      expect((await setUpLoop(candidateId)).status).toBe(201);
      for (const actor of everyone()) expect((await submit(actor, candidateId, 'strongly_inclined', 5)).status).toBe(204);
      expect((await org.barRaiser.client.post(`${base()}/candidates/${candidateId}/decision`, { decision: 'hire', isBetterThanHalf: true, justification: hireJustification })).status).toBe(204);
      return candidateId;
    };
    return { id, path, add, setUpLoop, hire };
  }
  const answer = (client: ApiClient, candidateId: string, body: Record<string, unknown>) => client.post(`${base()}/candidates/${candidateId}/offer/answer`, body);

  it('records a decline once, by the hiring manager, audited; the opening is then free for candidates, loops, reinstatements and another offer', async () => {
    const req = await ownRequisition();
    const chosen = await req.hire('Chosen');
    const runnerUp = await req.hire('Runner');
    const rejected = (await req.add('Later')).body.id as string;
    expect((await org.hm.client.post(`${base()}/candidates/${rejected}/reject`, { reason: 'another_candidate' })).status).toBe(204);
    expect((await org.hm.client.post(`${base()}/candidates/${chosen}/offer`)).status).toBe(201);
    expect((await org.recruiter.get(`${base()}/requisitions`)).body.requisitions.find((item: { id: string }) => item.id === req.id).isOpeningFilled).toBe(true);

    const declined = await answer(org.hm.client, chosen, { answer: 'declined', answeredOn: today(), note: '  Took a counter-offer. ' });
    expect(declined.status).toBe(204);
    const candidate = (await org.recruiter.get(`${base()}/candidates/${chosen}`)).body.candidate;
    expect(candidate.offer.answer).toMatchObject({ answer: 'declined', answeredOn: today(), note: 'Took a counter-offer.', recordedBy: expect.any(String), recordedAt: expect.any(String) });
    // A declined offer fills nothing: it leaves the requisition's filling offers and the list's marker.
    expect((await org.recruiter.get(req.path)).body.requisition.offersSinceOpened).toEqual([]);
    expect((await org.recruiter.get(`${base()}/requisitions`)).body.requisitions.find((item: { id: string }) => item.id === req.id).isOpeningFilled).toBe(false);
    expect((await org.recruiter.get(`${req.path}/candidates`)).body.candidates.find((item: { id: string }) => item.id === chosen)).toMatchObject({ hasOffer: true, offerAnswer: 'declined' });
    // Audited, without the note (it is about the candidate).
    const events = (await org.admin.client.get(`/orgs/${org.orgId}/audit-events?subjectId=${chosen}`)).body.events as { action: string; data: Record<string, unknown> }[];
    const audited = events.find((event) => event.action === 'offer.answered');
    expect(audited?.data).toMatchObject({ answer: 'declined', answeredOn: today(), requisitionId: req.id });
    expect(JSON.stringify(audited?.data)).not.toMatch(/counter-offer/);

    // Answering twice (a stale page, or a second tab) is refused, and the first answer stands.
    const twice = await answer(org.recruiter, chosen, { answer: 'accepted', answeredOn: today() });
    expect(twice.status).toBe(409);
    expect(twice.body.error).toMatchObject({ code: 'conflict', rule: 'offer.answered_once', message: `The answer to this offer was already recorded: declined on ${formatDay(today())}. It is recorded once.` });
    expect((await org.recruiter.get(`${base()}/candidates/${chosen}`)).body.candidate.offer.answer.answer).toBe('declined');

    // The opening is free again: a new candidate, a loop, a reinstatement and an offer to the runner-up.
    expect((await req.add('Newcomer')).status).toBe(201);
    expect((await org.hm.client.post(`${base()}/candidates/${rejected}/reinstate`)).status).toBe(200);
    expect((await req.setUpLoop(rejected)).status).toBe(201);
    expect((await org.hm.client.post(`${base()}/candidates/${runnerUp}/offer`)).status).toBe(201);
    expect((await org.recruiter.get(req.path)).body.requisition.offersSinceOpened).toEqual([{ candidate: { id: runnerUp, name: 'Runner' }, madeAt: expect.any(String), answer: null }]);
    // The declined candidate gets no revised offer now: the runner-up's offer fills the opening.
    const revised = await org.hm.client.post(`${base()}/candidates/${chosen}/offer`);
    expect(revised.status).toBe(422);
    expect(revised.body.error).toMatchObject({ rule: 'requisition.opening_filled' });
    expect((await org.recruiter.post(`${req.path}/close`)).status).toBe(200);
  });

  it('keeps the opening filled after an acceptance, also when the answer comes after the close', async () => {
    const req = await ownRequisition();
    const chosen = await req.hire('Chosen');
    expect((await org.recruiter.post(`${base()}/candidates/${chosen}/offer`)).status).toBe(201);
    expect((await org.recruiter.post(`${req.path}/close`)).status).toBe(200);
    // Closed as filled while the answer was awaited: the answer is still recorded.
    expect((await answer(org.recruiter, chosen, { answer: 'accepted', answeredOn: today() })).status).toBe(204);
    expect((await org.recruiter.get(req.path)).body.requisition.offersSinceOpened).toEqual([{ candidate: { id: chosen, name: 'Chosen' }, madeAt: expect.any(String), answer: { answer: 'accepted', answeredOn: today() } }]);
    expect((await org.recruiter.post(`${req.path}/reopen`)).status).toBe(200);
    expect((await org.recruiter.post(`${req.path}/close`)).status).toBe(200);
  });

  it('refuses the wrong role, bad input, an answer without an offer, and an answer to an open offer while it is filled', async () => {
    const req = await ownRequisition();
    const chosen = await req.hire('Chosen');
    const noOffer = await answer(org.hm.client, chosen, { answer: 'accepted', answeredOn: today() });
    expect(noOffer.status).toBe(422);
    expect(noOffer.body.error).toMatchObject({ code: 'rule_violation', rule: 'offer.none' });
    expect((await org.hm.client.post(`${base()}/candidates/${chosen}/offer`)).status).toBe(201);

    // An interviewer in the loop sees the candidate but does not record the answer; an outsider does not see them at all.
    const interviewer = await answer(org.interviewers[1]!.client, chosen, { answer: 'accepted', answeredOn: today() });
    expect(interviewer.status).toBe(403);
    expect(interviewer.body.error.message).toMatch(/hiring manager, recruiters and admins/);
    expect((await answer(org.outsider.client, chosen, { answer: 'accepted', answeredOn: today() })).status).toBe(404);

    // Bad input names its field.
    for (const [body, field] of [
      [{ answer: 'maybe', answeredOn: today() }, 'answer'],
      [{ answer: 'accepted', answeredOn: '30/11/2026' }, 'answeredOn'],
      [{ answer: 'accepted' }, 'answeredOn'],
      [{ answer: 'accepted', answeredOn: '2020-01-01' }, 'answeredOn'],
      [{ answer: 'accepted', answeredOn: '2999-01-01' }, 'answeredOn'],
      [{ answer: 'accepted', answeredOn: today(), note: 'x'.repeat(1001) }, 'note'],
    ] as const) {
      const refused = await answer(org.hm.client, chosen, body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(refused.body.error.field).toMatch(new RegExp(`${field}$`));
    }
    // Nothing was written by the refusals; the hiring manager's acceptance is recorded.
    expect((await org.recruiter.get(`${base()}/candidates/${chosen}`)).body.candidate.offer.answer).toBeNull();
    // Someone outside every loop reads the requisition: a pending offer is the candidate's to keep quiet (they may still
    // decline), so it still reads as unfilled; once accepted, the role is taken, which it says without naming anyone.
    const seenByOutsider = async () => ({
      requisition: (await org.outsider.client.get(req.path)).body.requisition,
      listed: (await org.outsider.client.get(`${base()}/requisitions`)).body.requisitions.find((item: { id: string }) => item.id === req.id),
    });
    expect(await seenByOutsider()).toMatchObject({ requisition: { hasAcceptedOffer: false, offersSinceOpened: [] }, listed: { isOpeningFilled: false, stageCounts: { offer: 0 } } });
    expect((await org.recruiter.get(req.path)).body.requisition.hasAcceptedOffer).toBe(false);
    expect((await answer(org.hm.client, chosen, { answer: 'accepted', answeredOn: today() })).status).toBe(204);
    const afterAcceptance = await seenByOutsider();
    expect(afterAcceptance).toMatchObject({ requisition: { status: 'open', hasAcceptedOffer: true, offersSinceOpened: [] }, listed: { isOpeningFilled: true, stageCounts: { offer: 0 } } });
    expect(JSON.stringify(afterAcceptance)).not.toContain('Chosen');
    expect((await org.outsider.client.get(`${req.path}/candidates`)).body.candidates).toEqual([]);
    expect((await org.recruiter.get(req.path)).body.requisition.hasAcceptedOffer).toBe(true);
    // Accepted, the opening stays filled.
    const late = await req.add('Late');
    expect(late.status).toBe(422);
    expect(late.body.error).toMatchObject({ rule: 'requisition.opening_filled' });
    expect((await org.recruiter.post(`${req.path}/close`)).status).toBe(200);
  });

  describe('a revised offer after a decline', () => {
    type OfferBody = { id: string; answer: null | { answer: string } };
    const offerTo = (client: ApiClient, candidateId: string) => client.post(`${base()}/candidates/${candidateId}/offer`);
    const offersOf = async (candidateId: string) => (await org.recruiter.get(`${base()}/candidates/${candidateId}`)).body.candidate as { offer: OfferBody | null; offers: OfferBody[] };

    it('follows a decline, keeps the earlier offers in order, audited, and is final once accepted', async () => {
      const req = await ownRequisition();
      const chosen = await req.hire('Chosen');
      const first = await offerTo(org.hm.client, chosen);
      expect(first.status).toBe(201);
      expect((await answer(org.hm.client, chosen, { answer: 'declined', answeredOn: today(), note: 'Salary too low.' })).status).toBe(204);

      const revised = await offerTo(org.hm.client, chosen);
      expect(revised.status).toBe(201);
      const history = await offersOf(chosen);
      expect(history.offers).toMatchObject([
        { id: first.body.id, createdBy: expect.any(String), answer: { answer: 'declined', answeredOn: today(), note: 'Salary too low.' } },
        { id: revised.body.id, createdBy: expect.any(String), answer: null },
      ]);
      // `offer` stays the latest, so its readers go on reading the offer that stands.
      expect(history.offer).toEqual(history.offers[1]);
      // The revised offer fills the opening again; the candidate is one row, one stage, with the latest offer's answer.
      expect((await org.recruiter.get(req.path)).body.requisition.offersSinceOpened).toEqual([{ candidate: { id: chosen, name: 'Chosen' }, madeAt: expect.any(String), answer: null }]);
      expect((await org.recruiter.get(`${req.path}/candidates`)).body.candidates).toMatchObject([{ id: chosen, hasOffer: true, offerAnswer: null }]);
      const listed = (await org.recruiter.get(`${base()}/requisitions`)).body.requisitions.find((item: { id: string }) => item.id === req.id);
      expect(listed).toMatchObject({ isOpeningFilled: true, stageCounts: { offer: 1 } });
      const events = (await org.admin.client.get(`/orgs/${org.orgId}/audit-events?subjectId=${chosen}`)).body.events as { action: string; data: Record<string, unknown> }[];
      expect(events.filter((event) => event.action === 'offer.created').map((event) => event.data)).toEqual(expect.arrayContaining([{ offerId: first.body.id }, { offerId: revised.body.id, revisesOfferId: first.body.id }]));

      // Never two open offers: the revised one awaits its answer.
      const open = await offerTo(org.recruiter, chosen);
      expect(open.status).toBe(409);
      expect(open.body.error).toMatchObject({ code: 'conflict', rule: 'offer.awaiting_answer' });
      // The answer goes to the latest offer; the first keeps its decline.
      expect((await answer(org.recruiter, chosen, { answer: 'accepted', answeredOn: today() })).status).toBe(204);
      expect((await offersOf(chosen)).offers.map((offer) => offer.answer?.answer)).toEqual(['declined', 'accepted']);
      // An acceptance is final: no offer after it, by anyone.
      for (const client of [org.hm.client, org.admin.client]) {
        const after = await offerTo(client, chosen);
        expect(after.status).toBe(422);
        expect(after.body.error).toMatchObject({ code: 'rule_violation', rule: 'offer.accepted_final' });
      }
      expect((await offersOf(chosen)).offers).toHaveLength(2);
      expect((await org.recruiter.post(`${req.path}/close`)).status).toBe(200);
    });

    it('is refused to those who make no offers, and while another candidate\'s offer fills the opening', async () => {
      const req = await ownRequisition();
      const chosen = await req.hire('Chosen');
      const runnerUp = await req.hire('Runner');
      expect((await offerTo(org.recruiter, chosen)).status).toBe(201);
      expect((await answer(org.recruiter, chosen, { answer: 'declined', answeredOn: today() })).status).toBe(204);
      // An interviewer of the loop sees the candidate and the declined offer, but makes no offer; an outsider sees nothing.
      const byInterviewer = await offerTo(org.interviewers[1]!.client, chosen);
      expect(byInterviewer.status).toBe(403);
      expect(byInterviewer.body.error.message).toMatch(/hiring manager, recruiters and admins make offers/);
      expect((await offerTo(org.outsider.client, chosen)).status).toBe(404);
      // The runner-up's offer now fills the opening: no revised offer beside it.
      expect((await offerTo(org.hm.client, runnerUp)).status).toBe(201);
      const beside = await offerTo(org.hm.client, chosen);
      expect(beside.status).toBe(422);
      expect(beside.body.error).toMatchObject({ rule: 'requisition.opening_filled' });
      // The runner-up declines too: the first candidate may have a revised offer, and the runner-up's stays declined.
      expect((await answer(org.hm.client, runnerUp, { answer: 'declined', answeredOn: today() })).status).toBe(204);
      expect((await offerTo(org.hm.client, chosen)).status).toBe(201);
      const again = await offerTo(org.hm.client, runnerUp);
      expect(again.status).toBe(422);
      expect(again.body.error).toMatchObject({ rule: 'requisition.opening_filled' });
      expect((await offersOf(chosen)).offers.map((offer) => offer.answer?.answer ?? null)).toEqual(['declined', null]);
      expect((await org.recruiter.post(`${req.path}/close`)).status).toBe(200);
    });

    it('lets a candidate whose every offer was declined withdraw or be rejected, audited, and then makes them no revised offer', async () => {
      const req = await ownRequisition();
      const [leaver, turnedDown] = [await req.hire('Leaver'), await req.hire('Turned')];
      const withdraw = (client: ApiClient, candidateId: string) => client.post(`${base()}/candidates/${candidateId}/withdraw`);
      const reject = (client: ApiClient, candidateId: string) => client.post(`${base()}/candidates/${candidateId}/reject`, { reason: 'compensation', note: 'Asked well above the band.' });
      // While the offer awaits its answer, it stands: neither way out.
      expect((await offerTo(org.hm.client, leaver)).status).toBe(201);
      const awaiting = await withdraw(org.recruiter, leaver);
      expect(awaiting.status).toBe(422);
      expect(awaiting.body.error).toMatchObject({ code: 'rule_violation', rule: 'candidate.offer_made', message: expect.stringMatching(/awaiting their answer/) });
      expect((await reject(org.hm.client, leaver)).body.error).toMatchObject({ code: 'rule_violation', rule: 'candidate.offer_made' });
      // Declined, then they took another job: the withdrawal is recorded, the declined offer stays on the record.
      expect((await answer(org.hm.client, leaver, { answer: 'declined', answeredOn: today() })).status).toBe(204);
      expect((await withdraw(org.recruiter, leaver)).status).toBe(204);
      const left = (await org.recruiter.get(`${base()}/candidates/${leaver}`)).body.candidate;
      expect(left).toMatchObject({ withdrawnAt: expect.any(String), offers: [{ answer: { answer: 'declined' } }] });
      // Out of the process: no revised offer.
      const revisedToLeaver = await offerTo(org.hm.client, leaver);
      expect(revisedToLeaver.status).toBe(422);
      expect(revisedToLeaver.body.error).toMatchObject({ rule: 'candidate.withdrawn' });
      expect((await offersOf(leaver)).offers).toHaveLength(1);

      // Two offers, both declined: the hiring side rejects them.
      for (let offer = 0; offer < 2; offer++) {
        expect((await offerTo(org.hm.client, turnedDown)).status).toBe(201);
        expect((await answer(org.hm.client, turnedDown, { answer: 'declined', answeredOn: today() })).status).toBe(204);
      }
      expect((await reject(org.hm.client, turnedDown)).status).toBe(204);
      const revisedToRejected = await offerTo(org.recruiter, turnedDown);
      expect(revisedToRejected.status).toBe(422);
      expect(revisedToRejected.body.error).toMatchObject({ rule: 'candidate.rejected' });
      expect((await offersOf(turnedDown)).offers).toHaveLength(2);

      const eventsOf = async (subjectId: string) => (await org.admin.client.get(`/orgs/${org.orgId}/audit-events?subjectId=${subjectId}`)).body.events as { action: string; data: Record<string, unknown> }[];
      expect((await eventsOf(leaver)).filter((event) => event.action === 'candidate.withdrawn')).toHaveLength(1);
      expect((await eventsOf(turnedDown)).filter((event) => event.action === 'candidate.rejected').map((event) => event.data)).toEqual([expect.objectContaining({ reason: 'compensation' })]);
      expect((await org.recruiter.post(`${req.path}/close`)).status).toBe(200);
    });

    it('keeps an accepted candidate in the process, even after earlier declines: no withdrawal, no rejection', async () => {
      const req = await ownRequisition();
      const chosen = await req.hire('Chosen');
      expect((await offerTo(org.hm.client, chosen)).status).toBe(201);
      expect((await answer(org.hm.client, chosen, { answer: 'declined', answeredOn: today() })).status).toBe(204);
      expect((await offerTo(org.hm.client, chosen)).status).toBe(201);
      expect((await answer(org.hm.client, chosen, { answer: 'accepted', answeredOn: today() })).status).toBe(204);
      const withdrawn = await org.recruiter.post(`${base()}/candidates/${chosen}/withdraw`);
      expect(withdrawn.status).toBe(422);
      expect(withdrawn.body.error).toMatchObject({ code: 'rule_violation', rule: 'candidate.offer_made', message: expect.stringMatching(/accepted the offer on .*final/) });
      const rejected = await org.hm.client.post(`${base()}/candidates/${chosen}/reject`, { reason: 'other' });
      expect(rejected.status).toBe(422);
      expect(rejected.body.error).toMatchObject({ rule: 'candidate.offer_made' });
      expect((await org.recruiter.get(`${base()}/candidates/${chosen}`)).body.candidate).toMatchObject({ withdrawnAt: null, rejection: null });
      expect((await org.recruiter.post(`${req.path}/close`)).status).toBe(200);
    });

    it('makes one revised offer when two are sent at once, and the database holds one standing offer a candidate', async () => {
      const req = await ownRequisition();
      const chosen = await req.hire('Chosen');
      expect((await offerTo(org.hm.client, chosen)).status).toBe(201);
      expect((await answer(org.hm.client, chosen, { answer: 'declined', answeredOn: today() })).status).toBe(204);
      const raced = await Promise.all([offerTo(org.hm.client, chosen), offerTo(org.recruiter, chosen), offerTo(org.admin.client, chosen)]);
      expect(raced.map((response) => response.status).sort()).toEqual([201, 409, 409]);
      for (const refused of raced.filter((response) => response.status === 409)) expect(refused.body.error.rule).toBe('offer.awaiting_answer');
      expect((await offersOf(chosen)).offers).toHaveLength(2);
      // Below the service, the storage refuses a second offer that is not declined (the migration's partial unique index).
      const maker = await database.db.selectFrom('offers').select('created_by').where('candidate_id', '=', chosen).executeTakeFirstOrThrow();
      await expect(database.db.insertInto('offers').values({ org_id: org.orgId, candidate_id: chosen, created_by: maker.created_by }).execute()).rejects.toThrow(/offers_one_standing_per_candidate/);
      expect((await org.recruiter.post(`${req.path}/close`)).status).toBe(200);
    });
  });
});
