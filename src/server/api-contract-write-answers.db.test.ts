import { describe, expect, it } from 'vitest';
import { apiPath, concretePath, idsOf, useDemoApi, type Bindings, type DeclaredRoute, type Row } from '../../test/support/demo-api.js';
import { answerMismatch } from '../../test/support/declared-answer.js';
import { checkEveryGetRoute } from '../../test/support/get-routes.js';
import { ApiClient, type ApiResponse } from '../../test/support/test-app.js';
import { FULFILMENT_CONFIG, fulfilmentCsv } from '../../test/support/wbr-review-fixture.js';
import { DEMO_LOGIN } from '../services/demo/seed-demo-org.js';

/*
 * The API's write routes, checked from the outside for their successful answers (api-contract-writes.db.test.ts sends
 * them bad bodies, api-contract.db.test.ts reads): each POST, PUT, PATCH and DELETE route of the OpenAPI document is
 * called once as a client would, in an order in which each call can succeed on the demo org (a document before its
 * comments, a loop before its feedback), and its answer must be one the route declares: a 2xx status it lists, a
 * content type it lists for that status (none for a 204), and a body its zod schema parses with no field the schema
 * does not name (declared-answer.ts). A write route nobody calls here fails the test, so a new route is added to the
 * walk when it is written. Then every GET route is read again on the org the walk changed: an ended meeting, a
 * declined offer or a corrected week answers in shapes the seeded demo may not hold.
 */

const api = useDemoApi();

/** Write routes this walk cannot call on the demo org, and where their successful answer is checked instead. */
const CHECKED_ELSEWHERE: Record<string, string> = {
  'put /orgs/{orgId}/wbr/decks/{deckId}/data/from-sources': 'runs SQL on a database the server is configured with (PULSE_WBR_CONNECTIONS): wbr-sources.db.test.ts',
};

interface Call {
  method: 'post' | 'put' | 'patch' | 'delete';
  /** The route as the document names it, without the API's prefix. */
  route: string;
  bound?: Bindings;
  /** A query string, without its `?`. */
  query?: string;
  body?: unknown;
  /** A body that is not JSON (a CSV upload), sent as is with its content type. */
  raw?: { text: string; contentType: string };
  /** Another signed-in client (a new user signing up); the demo admin by default. */
  as?: ApiClient;
}

describe('every write route answers what its OpenAPI document declares', () => {
  it('when called successfully, once each, in an order the demo org allows', { timeout: 120_000 }, async () => {
    const faults: string[] = [];
    const called = new Set<string>();
    const declared = new Map<string, DeclaredRoute>(['post', 'put', 'patch', 'delete'].flatMap((method) => [...api.declaredRoutes(method)].map(([path, route]) => [`${method} ${apiPath(path)}`, route] as const)));

    /** Makes the call and checks its answer against the route's declaration; the answer's body, for the calls after it. */
    async function call({ method, route, bound = {}, query, body, raw, as = api.admin }: Call): Promise<Row> {
      const key = `${method} ${route}`;
      const where = `${method.toUpperCase()} ${route}`;
      called.add(key);
      const url = `${concretePath(route, { orgId: api.orgId, ...bound })}${query === undefined ? '' : `?${query}`}`;
      const response: ApiResponse<Row> = await as.request(method.toUpperCase(), url, raw === undefined ? (body ?? (method === 'post' ? {} : undefined)) : undefined, raw === undefined ? {} : { rawBody: raw.text, headers: { 'content-type': raw.contentType } });
      const declaredRoute = declared.get(key);
      if (declaredRoute === undefined) faults.push(`${where} is called here but no route declares it`);
      else if (response.status < 200 || response.status > 299) faults.push(`${where} answered ${response.status}, not a success: ${JSON.stringify(response.body).slice(0, 300)}`);
      else {
        const mismatch = answerMismatch(where, declaredRoute.responses, response);
        if (mismatch !== undefined) faults.push(mismatch);
      }
      return typeof response.body === 'object' && response.body !== null ? response.body : {};
    }

    /** The id of what a write made: the answer's own `id`, or that of the one record it holds. */
    const idIn = (body: Row): string => {
      if (typeof body.id === 'string') return body.id;
      const record = Object.values(body).find((value): value is Row => typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as Row).id === 'string');
      return String(record?.id);
    };

    const people = (await api.read('/people')).people as Row[];
    const members = (await api.read('/members')).members as Row[];
    const personOf = (userId: unknown) => String(people.find((person) => person.userId === userId)?.id);
    const adminUserId = String(members.find((member) => member.role === 'admin')?.userId);
    const adminPersonId = personOf(adminUserId);
    // Two members beside the admin (the recruiter reads no documents), signed in for what is theirs to do.
    const signedIn = async (email: string) => {
      const client = new ApiClient(api.app);
      await client.post('/auth/login', { email, password: DEMO_LOGIN.password });
      return { client, userId: String(members.find((member) => member.email === email)?.userId) };
    };
    const { client: priya, userId: priyaUserId } = await signedIn('priya@pulse.example');
    const { client: marcus, userId: marcusUserId } = await signedIn('marcus@pulse.example');
    const priyaPersonId = personOf(priyaUserId);
    const principleIds = idsOf((await api.read('/principles?includeRetired=true')).principles);
    const activePrincipleIds = idsOf((await api.read('/principles')).principles);
    const today = new Date().toISOString().slice(0, 10);
    const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
    const eightWords = 'Led the billing migration and wrote its rollback plan.';

    // Principles.
    const principle = await call({ method: 'post', route: '/orgs/{orgId}/principles', body: { title: 'Contract check', summary: 'Every answer as declared.' } });
    const principleId = idIn(principle);
    await call({ method: 'patch', route: '/orgs/{orgId}/principles/{principleId}', bound: { principleId }, body: { title: 'Contract check, edited', summary: 'Still as declared.', expectedVersion: Number((principle.principle as Row | undefined)?.version ?? 1) } });
    await call({ method: 'post', route: '/orgs/{orgId}/principles/{principleId}/retire', bound: { principleId } });
    await call({ method: 'post', route: '/orgs/{orgId}/principles/{principleId}/restore', bound: { principleId } });
    await call({ method: 'put', route: '/orgs/{orgId}/principles/order', body: { ids: [principleId, ...principleIds] } });

    // A document, its review and its reading meetings.
    await call({ method: 'put', route: '/orgs/{orgId}/writing-settings', body: { jargon: ['flywheel project'] } });
    const memoBody = '## The problem\n\nCustomers wait three days for an answer, and we lose one in five of them.\n\n## The proposal\n\nWe answer within a day. The flywheel project keeps customers happy.';
    const created = await call({ method: 'post', route: '/orgs/{orgId}/documents', body: { kind: 'memo', title: 'Contract check memo', body: memoBody } });
    const documentId = idIn(created);
    await call({ method: 'post', route: '/orgs/{orgId}/documents/{documentId}/versions', bound: { documentId }, body: { title: 'Contract check memo', body: `${memoBody}\n\nIt costs two people.`, baseVersion: 1 } });
    await call({ method: 'put', route: '/orgs/{orgId}/documents/{documentId}/access', bound: { documentId }, body: { visibility: 'org', authorIds: [adminUserId], readerIds: [] } });
    const lint = (await api.admin.get<{ lint: { findings: Row[] } }>(`/orgs/${api.orgId}/documents/${documentId}/lint`)).body.lint;
    const finding = lint.findings.find((candidate) => candidate.ruleId === 'style.jargon');
    const suppressions = await call({ method: 'post', route: '/orgs/{orgId}/documents/{documentId}/suppressions', bound: { documentId }, body: { ruleId: 'style.jargon', anchor: String(finding?.anchor), reason: 'The project is named so.' } });
    const suppressionId = String((suppressions.suppressions as Row[])[0]?.id);
    await call({ method: 'delete', route: '/orgs/{orgId}/documents/{documentId}/suppressions/{suppressionId}', bound: { documentId, suppressionId } });
    const requests = await call({ method: 'post', route: '/orgs/{orgId}/documents/{documentId}/review-requests', bound: { documentId }, body: { reviewerIds: [priyaUserId] } });
    const requestId = String((requests.requests as Row[])[0]?.id);
    await call({ method: 'delete', route: '/orgs/{orgId}/documents/{documentId}/review-requests/{requestId}', bound: { documentId, requestId } });
    const comment = await call({ method: 'post', route: '/orgs/{orgId}/documents/{documentId}/comments', bound: { documentId }, body: { version: 2, anchor: { start: 3, end: 14, quote: 'The problem' }, body: 'Which customers?' } });
    const commentId = idIn(comment);
    await call({ method: 'post', route: '/orgs/{orgId}/documents/{documentId}/comments/{commentId}/replies', bound: { documentId, commentId }, body: { body: 'Those on the phone line.' } });
    await call({ method: 'post', route: '/orgs/{orgId}/documents/{documentId}/comments/{commentId}/resolve', bound: { documentId, commentId } });
    await call({ method: 'post', route: '/orgs/{orgId}/documents/{documentId}/comments/{commentId}/reopen', bound: { documentId, commentId } });
    // Votes and verdicts are a reader's: the admin wrote the memo.
    await call({ method: 'post', route: '/orgs/{orgId}/documents/{documentId}/votes', as: priya, bound: { documentId }, body: { version: 2, choice: 'compelling', reason: 'Clear enough.' } });
    await call({ method: 'post', route: '/orgs/{orgId}/documents/{documentId}/verdicts', as: priya, bound: { documentId }, body: { version: 2, verdict: 'compelling', reason: 'Clear enough.' } });
    const attendeeIds = [adminUserId, priyaUserId];
    const meeting = await call({ method: 'post', route: '/orgs/{orgId}/documents/{documentId}/meetings', bound: { documentId }, body: { attendeeIds, approverIds: [priyaUserId], readingMinutes: 10 } });
    const meetingId = idIn(meeting);
    await call({ method: 'put', route: '/orgs/{orgId}/meetings/{meetingId}/attendees', bound: { meetingId }, body: { attendeeIds, approverIds: [priyaUserId] } });
    await call({ method: 'put', route: '/orgs/{orgId}/meetings/{meetingId}/reading-time', bound: { meetingId }, body: { readingMinutes: 12 } });
    await call({ method: 'post', route: '/orgs/{orgId}/meetings/{meetingId}/start', bound: { meetingId } });
    await call({ method: 'post', route: '/orgs/{orgId}/meetings/{meetingId}/progress', bound: { meetingId }, body: { percent: 100, isDone: true } });
    await priya.post(`/orgs/${api.orgId}/meetings/${meetingId}/progress`, { percent: 100, isDone: true });
    await call({ method: 'post', route: '/orgs/{orgId}/meetings/{meetingId}/notes', bound: { meetingId }, body: { body: 'Who answers at night?' } });
    await call({ method: 'post', route: '/orgs/{orgId}/meetings/{meetingId}/discussion', bound: { meetingId }, body: { body: 'The night shift does.' } });
    await call({ method: 'post', route: '/orgs/{orgId}/meetings/{meetingId}/publish-notes', bound: { meetingId } });
    await call({ method: 'post', route: '/orgs/{orgId}/meetings/{meetingId}/votes', as: priya, bound: { meetingId }, body: { decision: 'approve' } });
    await call({ method: 'post', route: '/orgs/{orgId}/meetings/{meetingId}/end', bound: { meetingId }, body: { decision: 'approve', notes: 'Approved.' } });
    const secondMeeting = await call({ method: 'post', route: '/orgs/{orgId}/documents/{documentId}/meetings', bound: { documentId }, body: { attendeeIds } });
    await call({ method: 'post', route: '/orgs/{orgId}/meetings/{meetingId}/cancel', bound: { meetingId: idIn(secondMeeting) }, body: { reason: 'Nobody could come.' } });

    // Invitations and API tokens.
    const invitation = await call({ method: 'post', route: '/orgs/{orgId}/invitations', body: { email: 'contract-invitee@example.test', role: 'member' } });
    const invitationId = idIn(invitation);
    await call({ method: 'post', route: '/orgs/{orgId}/invitations/{invitationId}/resend', bound: { invitationId } });
    await call({ method: 'delete', route: '/orgs/{orgId}/invitations/{invitationId}', bound: { invitationId } });
    const token = await call({ method: 'post', route: '/orgs/{orgId}/api-tokens', body: { name: 'Contract check', scope: 'read' } });
    await call({ method: 'delete', route: '/orgs/{orgId}/api-tokens/{tokenId}', bound: { tokenId: idIn(token) } });

    // People, teams, initiatives and the pipeline.
    const person = await call({ method: 'post', route: '/orgs/{orgId}/people', body: { name: 'Casey Contract', email: 'casey-contract@example.test', role: 'Engineer', level: 4, managerId: adminPersonId } });
    const personId = idIn(person);
    await call({ method: 'patch', route: '/orgs/{orgId}/people/{personId}', bound: { personId }, body: { role: 'Senior Engineer' } });
    await call({ method: 'post', route: '/orgs/{orgId}/people/import', body: { csv: 'name,email,role,level,manager_email\nRiley Import,riley-import@example.test,Analyst,3,casey-contract@example.test\n' } });
    const team = await call({ method: 'post', route: '/orgs/{orgId}/teams', body: { name: 'Contract team' } });
    const teamId = idIn(team);
    await call({ method: 'patch', route: '/orgs/{orgId}/teams/{teamId}', bound: { teamId }, body: { name: 'Contract team, renamed' } });
    await call({ method: 'post', route: '/orgs/{orgId}/teams/{teamId}/archive', bound: { teamId }, body: {} });
    await call({ method: 'post', route: '/orgs/{orgId}/teams/{teamId}/restore', bound: { teamId }, body: {} });
    const initiative = await call({ method: 'post', route: '/orgs/{orgId}/initiatives', body: { name: 'Contract initiative', stlPersonId: null } });
    const initiativeId = idIn(initiative);
    await call({ method: 'patch', route: '/orgs/{orgId}/initiatives/{initiativeId}', bound: { initiativeId }, body: { status: 'paused' } });
    const allocation = await call({ method: 'put', route: '/orgs/{orgId}/allocations', body: { personId, teamId, percent: 50 } });
    await call({ method: 'delete', route: '/orgs/{orgId}/allocations/{allocationId}', bound: { allocationId: idIn(allocation) } });
    const prfaq = await call({ method: 'post', route: '/orgs/{orgId}/documents', body: { kind: 'prfaq', title: 'Contract check PR/FAQ' } });
    const idea = await call({ method: 'post', route: '/orgs/{orgId}/pipeline/ideas', body: { name: 'Contract idea' } });
    const ideaId = idIn(idea);
    await call({ method: 'put', route: '/orgs/{orgId}/pipeline/initiatives/{initiativeId}/documents', bound: { initiativeId: ideaId }, body: { prfaqDocumentId: idIn(prfaq) } });
    await call({ method: 'post', route: '/orgs/{orgId}/pipeline/initiatives/{initiativeId}/moves', bound: { initiativeId: ideaId }, body: { to: 'press_release' } });
    const spareTeam = await call({ method: 'post', route: '/orgs/{orgId}/teams', body: { name: 'Contract team to delete' } });
    await call({ method: 'delete', route: '/orgs/{orgId}/teams/{teamId}', bound: { teamId: idIn(spareTeam) } });

    // Hiring: a requisition under a new hiring manager, a loop of five (the admin and Priya among them, a bar raiser
    // from outside the team) to a declined offer, and a second candidate rejected, reinstated and withdrawn.
    const newPerson = async (name: string, managerId: string) =>
      String(((await api.admin.post<Row>(`/orgs/${api.orgId}/people`, { name, email: `${name.split(' ')[0]!.toLowerCase()}@contract.example.test`, role: 'Engineer', level: 5, managerId })).body.person as Row | undefined)?.id);
    const hiringManager = await newPerson('Hana Manager', adminPersonId);
    // The bar raiser runs the debrief in Pulse, so needs a login: Marcus, outside the hiring manager's chain and team.
    const barRaiser = personOf(marcusUserId);
    const [firstPeer, secondPeer, sparePeer] = [await newPerson('Ines Peer', hiringManager), await newPerson('Omar Peer', adminPersonId), await newPerson('Ueli Spare', adminPersonId)];
    await call({ method: 'put', route: '/orgs/{orgId}/hiring/bar-raisers/{personId}', bound: { personId: barRaiser }, body: { status: 'certified' } });
    const requisition = await call({ method: 'post', route: '/orgs/{orgId}/hiring/requisitions', body: { role: 'Engineer', level: 4, teamId, hiringManagerId: hiringManager } });
    const requisitionId = idIn(requisition);
    await call({ method: 'patch', route: '/orgs/{orgId}/hiring/requisitions/{requisitionId}', bound: { requisitionId }, body: { roleTemplate: null } });
    const interviewerIds = [adminPersonId, priyaPersonId, firstPeer, secondPeer];
    await call({ method: 'post', route: '/orgs/{orgId}/hiring/loop-plans', body: { requisitionId, interviewerIds: [...interviewerIds, barRaiser] } });
    const candidate = await call({ method: 'post', route: '/orgs/{orgId}/hiring/requisitions/{requisitionId}/candidates', bound: { requisitionId }, body: { name: 'Jordan Candidate', email: 'jordan-candidate@example.test' } });
    const candidateId = idIn(candidate);
    const seats = [
      ...interviewerIds.map((personId, index) => ({ personId, seat: 'interviewer', principleIds: [activePrincipleIds[index]] })),
      { personId: barRaiser, seat: 'bar_raiser', principleIds: [activePrincipleIds[4]] },
    ];
    await call({ method: 'post', route: '/orgs/{orgId}/hiring/candidates/{candidateId}/loop', bound: { candidateId }, body: { interviewAt: daysAgo(4), interviewers: seats } });
    await call({ method: 'put', route: '/orgs/{orgId}/hiring/candidates/{candidateId}/loop/interview', bound: { candidateId }, body: { interviewAt: daysAgo(3) } });
    await call({ method: 'put', route: '/orgs/{orgId}/hiring/candidates/{candidateId}/loop/seats/{personId}', bound: { candidateId, personId: secondPeer }, body: { personId: sparePeer } });
    await call({ method: 'post', route: '/orgs/{orgId}/hiring/candidates/{candidateId}/loop/seats/{personId}/reminders', bound: { candidateId, personId: priyaPersonId } });
    const assigned = new Map((((await api.admin.get<{ candidate: { loop: { seats: Row[] } } }>(`/orgs/${api.orgId}/hiring/candidates/${candidateId}`)).body.candidate.loop.seats) as Row[]).map((seat) => [String(seat.personId), idsOf(seat.principles)]));
    const scorecard = (personId: string) => ({ vote: 'inclined', ratings: (assigned.get(personId) ?? []).map((principleId) => ({ principleId, rating: 4, evidence: eightWords })) });
    await call({ method: 'put', route: '/orgs/{orgId}/hiring/candidates/{candidateId}/feedback', bound: { candidateId }, body: scorecard(adminPersonId) });
    await call({ method: 'put', route: '/orgs/{orgId}/hiring/candidates/{candidateId}/feedback', as: priya, bound: { candidateId }, body: scorecard(priyaPersonId) });
    await call({ method: 'put', route: '/orgs/{orgId}/hiring/candidates/{candidateId}/feedback', as: marcus, bound: { candidateId }, body: scorecard(barRaiser) });
    // Interviewers without a login (one of them given a seat above) have their scorecards keyed in for them.
    for (const personId of [firstPeer, sparePeer]) await call({ method: 'put', route: '/orgs/{orgId}/hiring/candidates/{candidateId}/feedback/{personId}', bound: { candidateId, personId }, body: scorecard(personId) });
    await call({ method: 'post', route: '/orgs/{orgId}/hiring/candidates/{candidateId}/decision', as: marcus, bound: { candidateId }, body: { decision: 'hire', isBetterThanHalf: true, justification: 'Stronger than most engineers we hired this year, with evidence.' } });
    await call({ method: 'post', route: '/orgs/{orgId}/hiring/candidates/{candidateId}/offer', bound: { candidateId } });
    await call({ method: 'post', route: '/orgs/{orgId}/hiring/candidates/{candidateId}/offer/answer', bound: { candidateId }, body: { answer: 'declined', answeredOn: today } });
    const second = await call({ method: 'post', route: '/orgs/{orgId}/hiring/requisitions/{requisitionId}/candidates', bound: { requisitionId }, body: { name: 'Sam Second', email: 'sam-second@example.test' } });
    const secondId = idIn(second);
    await call({ method: 'post', route: '/orgs/{orgId}/hiring/candidates/{candidateId}/reject', bound: { candidateId: secondId }, body: { reason: 'skills' } });
    await call({ method: 'post', route: '/orgs/{orgId}/hiring/candidates/{candidateId}/reinstate', bound: { candidateId: secondId } });
    await call({ method: 'post', route: '/orgs/{orgId}/hiring/candidates/{candidateId}/withdraw', bound: { candidateId: secondId } });
    await call({ method: 'post', route: '/orgs/{orgId}/hiring/requisitions/{requisitionId}/close', bound: { requisitionId } });
    await call({ method: 'post', route: '/orgs/{orgId}/hiring/requisitions/{requisitionId}/reopen', bound: { requisitionId }, body: {} });

    // Reviews and ledgers.
    const cycle = await call({ method: 'post', route: '/orgs/{orgId}/review-cycles', body: { name: 'Contract cycle' } });
    const cycleId = idIn(cycle);
    await call({ method: 'put', route: '/orgs/{orgId}/review-cycles/{cycleId}/reviews/{personId}', bound: { cycleId, personId }, body: { ratings: [{ principleId: activePrincipleIds[0], rating: 3, evidence: eightWords }], baseVersion: 0 } });
    await call({ method: 'post', route: '/orgs/{orgId}/review-cycles/{cycleId}/close', bound: { cycleId } });
    const evidence = await call({ method: 'post', route: '/orgs/{orgId}/ledgers/{personId}/evidence', bound: { personId }, body: { principleId: activePrincipleIds[0], text: eightWords } });
    const evidenceId = idIn(evidence);
    await call({ method: 'patch', route: '/orgs/{orgId}/ledgers/{personId}/evidence/{evidenceId}', bound: { personId, evidenceId }, body: { text: 'Led the database migration.' } });
    await call({ method: 'post', route: '/orgs/{orgId}/ledgers/{personId}/promotion-cases', bound: { personId }, body: { targetLevel: 5, sections: activePrincipleIds.slice(0, 3).map((principleId) => ({ principleId, rating: 4, narrative: eightWords })) } });
    await call({ method: 'delete', route: '/orgs/{orgId}/ledgers/{personId}/evidence/{evidenceId}', bound: { personId, evidenceId } });

    // Metrics.
    const metric = await call({ method: 'post', route: '/orgs/{orgId}/metrics', body: { name: 'Contract answers', definition: 'Answers checked against their schema.', kind: 'input', ownerPersonId: adminPersonId } });
    const metricId = idIn(metric);
    await call({ method: 'patch', route: '/orgs/{orgId}/metrics/{metricId}', bound: { metricId }, body: { target: 100, goodDirection: 'up' } });
    await call({ method: 'delete', route: '/orgs/{orgId}/metrics/{metricId}', bound: { metricId } });

    // Sales.
    const probabilities = ((await api.read('/stage-probabilities')).stageProbabilities as Row).probabilities as Row;
    await call({ method: 'put', route: '/orgs/{orgId}/stage-probabilities', body: { discovery: probabilities.discovery, solution: probabilities.solution, proposal: Number(probabilities.proposal) + 1 } });
    const accountId = idsOf((await api.read('/accounts')).accounts)[0]!;
    await call({ method: 'patch', route: '/orgs/{orgId}/accounts/{accountId}', bound: { accountId }, body: { isStrategic: true } });
    const opportunity = await call({ method: 'post', route: '/orgs/{orgId}/opportunities', body: { accountName: 'Contract Co', name: 'Contract deal', ownerPersonId: adminPersonId, amount: 50_000, closeDate: today } });
    const opportunityId = idIn(opportunity);
    await call({ method: 'patch', route: '/orgs/{orgId}/opportunities/{opportunityId}', bound: { opportunityId }, body: { amount: 60_000 } });
    await call({ method: 'put', route: '/orgs/{orgId}/opportunities/{opportunityId}/press-release', bound: { opportunityId }, body: { headline: 'Contract Co answers in a day', problem: 'Slow answers.', outcome: 'Answers within 1 day by March, down from 3 days.', quote: '"At last."' } });
    const criterion = await call({ method: 'post', route: '/orgs/{orgId}/opportunities/{opportunityId}/success-criteria', bound: { opportunityId }, body: { metric: 'Time to answer', baseline: '3 days', target: '1 day', dueOn: today } });
    const criterionId = String(((criterion.opportunity as Row).successCriteria as Row[]).at(-1)?.id);
    await call({ method: 'patch', route: '/orgs/{orgId}/opportunities/{opportunityId}/success-criteria/{criterionId}', bound: { opportunityId, criterionId }, body: { target: '12 hours' } });
    await api.admin.post(`/orgs/${api.orgId}/opportunities/${opportunityId}/success-criteria`, { metric: 'Answers kept', baseline: '80%', target: '95%', dueOn: today });
    await call({ method: 'post', route: '/orgs/{orgId}/opportunities/{opportunityId}/moves', bound: { opportunityId }, body: { to: 'solution' } });
    await call({ method: 'delete', route: '/orgs/{orgId}/opportunities/{opportunityId}/success-criteria/{criterionId}', bound: { opportunityId, criterionId } });
    const objection = await call({ method: 'post', route: '/orgs/{orgId}/opportunities/{opportunityId}/objections', bound: { opportunityId }, body: { question: 'Is it secure?' } });
    const objectionId = String(((objection.opportunity as Row).objections as Row[]).at(-1)?.id);
    await call({ method: 'patch', route: '/orgs/{orgId}/opportunities/{opportunityId}/objections/{objectionId}', bound: { opportunityId, objectionId }, body: { answer: 'Yes.', status: 'answered' } });
    await call({ method: 'delete', route: '/orgs/{orgId}/opportunities/{opportunityId}/objections/{objectionId}', bound: { opportunityId, objectionId } });
    const quarter = String(((await api.read('/quotas')).quotas as Row).quarter);
    await call({ method: 'put', route: '/orgs/{orgId}/quotas/{quarter}/{personId}', bound: { quarter, personId: adminPersonId }, body: { amount: 250_000 } });
    await call({ method: 'delete', route: '/orgs/{orgId}/quotas/{quarter}/{personId}', bound: { quarter, personId: adminPersonId } });
    const slug = String(((await api.read('/playbooks')).playbooks as Row[])[0]?.slug);
    await call({ method: 'put', route: '/orgs/{orgId}/playbooks/{slug}/feedback', bound: { slug }, body: { helpful: true } });

    // WBR: a deck whose data spikes in its first week (an anomaly to explain), that week published, then corrected.
    const deck = await call({ method: 'post', route: '/orgs/{orgId}/wbr/decks', body: { name: 'Contract deck', config: FULFILMENT_CONFIG } });
    const deckId = idIn(deck);
    await call({ method: 'patch', route: '/orgs/{orgId}/wbr/decks/{deckId}', bound: { deckId }, body: { name: 'Contract deck, renamed' } });
    const upload = (csv: string) => call({ method: 'put', route: '/orgs/{orgId}/wbr/decks/{deckId}/data', bound: { deckId }, query: 'fileName=fulfilment.csv', raw: { text: csv, contentType: 'text/csv' } });
    await upload(fulfilmentCsv('2025-01-06', ['2025-01-04']));
    await call({ method: 'post', route: '/orgs/{orgId}/wbr/decks/{deckId}/data/rows', bound: { deckId }, body: { rows: [{ date: '2025-01-07', values: { late: 10, orders: 1000 } }] } });
    const snapshot = await call({ method: 'post', route: '/orgs/{orgId}/wbr/decks/{deckId}/snapshots', bound: { deckId }, body: {} });
    const anomalyId = idsOf(((await api.admin.get<{ deck: Row }>(`/orgs/${api.orgId}/wbr/decks/${deckId}`)).body.deck.anomalies ?? []) as Row[])[0]!;
    await call({ method: 'patch', route: '/orgs/{orgId}/wbr/anomalies/{anomalyId}', bound: { anomalyId }, body: { rootCause: 'A carrier strike.', status: 'explained' } });
    await upload(fulfilmentCsv('2025-01-07'));
    await call({ method: 'post', route: '/orgs/{orgId}/wbr/decks/{deckId}/snapshots/{snapshotId}/corrections', bound: { deckId, snapshotId: idIn(snapshot) }, body: { reason: 'No spike after all.' } });
    const annotation = await call({ method: 'post', route: '/orgs/{orgId}/wbr/decks/{deckId}/annotations', bound: { deckId }, body: { date: '2025-01-03', metric: 'Late deliveries', description: 'A carrier strike.' } });
    await call({ method: 'delete', route: '/orgs/{orgId}/wbr/decks/{deckId}/annotations/{annotationId}', bound: { deckId, annotationId: String((annotation.annotations as Row[])[0]?.id) } });
    await call({ method: 'put', route: '/orgs/{orgId}/wbr/decks/{deckId}/annotations', bound: { deckId }, query: 'fileName=events.csv', raw: { text: 'Date,MetricName,EventDescription\n2025-01-03,Late deliveries,A carrier strike\n', contentType: 'text/csv' } });
    const salesDeck = await call({ method: 'post', route: '/orgs/{orgId}/wbr/decks/from-sales', body: { name: 'Contract sales deck' } });
    await call({ method: 'put', route: '/orgs/{orgId}/wbr/decks/{deckId}/data/from-sales', bound: { deckId: idIn(salesDeck) } });
    await call({ method: 'delete', route: '/orgs/{orgId}/wbr/decks/{deckId}', bound: { deckId: idIn(salesDeck) } });

    // Departures, and the newcomers: signing up, joining by invitation, in and out.
    await call({ method: 'post', route: '/orgs/{orgId}/people/{personId}/departure', bound: { personId }, body: { leftOn: today } });
    const newcomer = new ApiClient(api.app);
    const newcomerSignup = await call({ method: 'post', route: '/auth/signup', as: newcomer, body: { email: 'newcomer@example.test', name: 'Nia Newcomer', password: 'correct horse battery', orgName: 'Newcomer Co' } });
    const newOrg = await call({ method: 'post', route: '/orgs', as: newcomer, body: { name: 'Newcomer Two' } });
    await call({ method: 'post', route: '/orgs/{orgId}/people/me', as: newcomer, bound: { orgId: String(((newOrg.membership as Row).org as Row).id) }, body: { role: 'Founder', level: 8 } });
    const invite = async (email: string) => new URL(String((await api.admin.post<Row>(`/orgs/${api.orgId}/invitations`, { email, role: 'member' })).body.url)).pathname.split('/').pop()!;
    await call({ method: 'post', route: '/invitations/{token}/accept', as: newcomer, bound: { token: await invite('newcomer@example.test') } });
    await call({ method: 'patch', route: '/orgs/{orgId}/members/{userId}', bound: { userId: String((newcomerSignup.user as Row).id) }, body: { role: 'recruiter' } });
    await call({ method: 'delete', route: '/orgs/{orgId}/members/{userId}', bound: { userId: String((newcomerSignup.user as Row).id) } });
    const joiner = new ApiClient(api.app);
    await call({ method: 'post', route: '/invitations/{token}/signup', as: joiner, bound: { token: await invite('joiner@example.test') }, body: { email: 'joiner@example.test', name: 'Jo Joiner', password: 'correct horse battery' } });
    await call({ method: 'post', route: '/auth/logout', as: joiner });
    await call({ method: 'post', route: '/auth/login', as: joiner, body: { email: 'joiner@example.test', password: 'correct horse battery' } });

    expect(faults).toEqual([]);
    const notCalled = [...declared.keys()].filter((key) => !called.has(key) && CHECKED_ELSEWHERE[key] === undefined);
    expect(notCalled, 'write routes this walk does not call').toEqual([]);
  });

  it('and every GET route still answers as declared on the org the walk changed', { timeout: 120_000 }, async () => {
    api.forgetReads();
    const { mismatches, notCalled } = await checkEveryGetRoute(api);
    expect(mismatches).toEqual([]);
    expect(notCalled).toEqual([]);
  });
});
