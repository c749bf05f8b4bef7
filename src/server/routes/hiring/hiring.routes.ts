import { createRoute, z } from '@hono/zod-openapi';
import { listBarRaiserPool, setBarRaiserStatus } from '../../../services/hiring/bar-raiser-pool.service.js';
import { barRaiserPoolToken } from '../../../domain/hiring/loop-rules.js';
import { remindInterviewer } from '../../../services/hiring/feedback-reminders.service.js';
import { emailSettingsFrom } from '../../../services/mail/outbox.service.js';
import { answerOffer, checkBarRaiserEligibility, createLoop, createOffer, decideDebrief, getCandidate, getStanding, keyInFeedback, listFeedback, listLateFeedback, listMyInterviews, planLoop, reinstateCandidate, rejectCandidate, replaceLoopSeat, rescheduleLoop, setHiringManager, submitFeedback, withdrawCandidate } from '../../../services/hiring/loops.service.js';
import { closeRequisition, createCandidate, createRequisition, getRequisition, listCandidates, listRequisitions, reopenRequisition, setRequisitionTemplate } from '../../../services/hiring/requisitions.service.js';
import { orgScope } from '../../middleware/org-scope.js';
import { createRouter } from '../../router.js';
import { errorResponses, json, jsonBody, OrgParamsSchema } from '../common/common.schema.js';
import {
  AnswerOfferSchema,
  CandidateParamsSchema,
  CandidateSeatParamsSchema,
  CandidateSchema,
  CandidateSummarySchema,
  CreateCandidateSchema,
  CreateLoopSchema,
  CreateRequisitionSchema,
  DecideSchema,
  FeedbackListSchema,
  LateFeedbackSchema,
  LoopPlanSchema,
  MyInterviewSchema,
  PlanLoopSchema,
  PoolMemberSchema,
  PoolParamsSchema,
  RejectCandidateSchema,
  ReopenRequisitionSchema,
  ReminderSchema,
  ReplaceSeatSchema,
  RescheduleLoopSchema,
  RequisitionListItemSchema,
  RequisitionParamsSchema,
  RequisitionSchema,
  SetPoolStatusSchema,
  StandingSchema,
  SubmitFeedbackSchema,
  UpdateRequisitionSchema,
  WarningSchema,
} from './hiring.schema.js';

const tags = ['Hiring'];
const ruleResponses = { ...errorResponses, 409: errorResponses[400], 422: { description: 'A hiring rule refuses the action; `rule` names it (e.g. `offer.bar_raiser_veto`).', content: errorResponses[400].content } };
const candidateNote = 'Confidential: only the loop, the hiring manager, recruiters and admins see candidates; anyone else gets 404.';

export const hiringRoutes = createRouter();
hiringRoutes.use('/orgs/:orgId/hiring/*', orgScope);

hiringRoutes.openapi(
  createRoute({ method: 'get', path: '/orgs/{orgId}/hiring/requisitions', tags, request: { params: OrgParamsSchema }, responses: { 200: json(z.object({ requisitions: z.array(RequisitionListItemSchema) }), 'Open and closed requisitions, newest first, with their candidates counted by stage.'), ...errorResponses } }),
  async (c) => c.json({ requisitions: await listRequisitions(c.get('deps').db, c.get('actor')) }, 200),
);

hiringRoutes.openapi(
  createRoute({ method: 'post', path: '/orgs/{orgId}/hiring/requisitions', tags, request: { params: OrgParamsSchema, ...jsonBody(CreateRequisitionSchema) }, responses: { 201: json(z.object({ requisition: RequisitionSchema }), 'The new requisition.'), ...ruleResponses } }),
  async (c) => c.json({ requisition: await createRequisition(c.get('deps').db, c.get('actor'), c.req.valid('json')) }, 201),
);

hiringRoutes.openapi(
  createRoute({ method: 'get', path: '/orgs/{orgId}/hiring/requisitions/{requisitionId}', tags, request: { params: RequisitionParamsSchema }, responses: { 200: json(z.object({ requisition: RequisitionSchema }), 'The requisition.'), ...errorResponses } }),
  async (c) => c.json({ requisition: await getRequisition(c.get('deps').db, c.get('actor'), c.req.valid('param').requisitionId) }, 200),
);

hiringRoutes.openapi(
  createRoute({
    method: 'patch',
    path: '/orgs/{orgId}/hiring/requisitions/{requisitionId}',
    tags,
    description: 'Changes the role template of an open requisition, until its first loop is set up (then 422 `requisition.template_locked`: its interviewers were asked to probe the template\'s principles), or hands it to a new hiring manager (422 with a loop rule when an undecided loop\'s bar raiser would then sit in their chain or team). With `baseToken` (the requisition\'s `editToken` as you read it), a requisition changed since is refused with 409 (`field` is `body.baseToken`, `data.token` the current token) and nothing is written; without it the change is not checked.',
    request: { params: RequisitionParamsSchema, ...jsonBody(UpdateRequisitionSchema) },
    responses: { 200: json(z.object({ requisition: RequisitionSchema }), 'The requisition as it now is.'), ...ruleResponses },
  }),
  async (c) => {
    const { db } = c.get('deps');
    const { requisitionId } = c.req.valid('param');
    const { roleTemplate, hiringManagerId, baseToken } = c.req.valid('json');
    if (hiringManagerId !== undefined) await setHiringManager(db, c.get('actor'), requisitionId, hiringManagerId, baseToken);
    const requisition = roleTemplate === undefined ? await getRequisition(db, c.get('actor'), requisitionId) : await setRequisitionTemplate(db, c.get('actor'), requisitionId, roleTemplate, baseToken);
    return c.json({ requisition }, 200);
  },
);

hiringRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/orgs/{orgId}/hiring/requisitions/{requisitionId}/close',
    tags,
    description: 'Closes a filled or cancelled requisition: no new candidates or loops (422 `requisition.open`); loops already set up finish, and an offer goes only to a hire decided before the close (422 `offer.requisition_closed`).',
    request: { params: RequisitionParamsSchema },
    responses: { 200: json(z.object({ requisition: RequisitionSchema }), 'The requisition, closed.'), ...errorResponses },
  }),
  async (c) => c.json({ requisition: await closeRequisition(c.get('deps').db, c.get('actor'), c.req.valid('param').requisitionId) }, 200),
);

hiringRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/orgs/{orgId}/hiring/requisitions/{requisitionId}/reopen',
    tags,
    description: 'Reopens a closed requisition: it takes candidates, loops and offers again. Without a body (an empty one included, whatever its content-type) it keeps its hiring manager, and is refused (422 `requisition.hiring_manager_here`, `field` `body.hiringManagerId`) when they have left; with `hiringManagerId` it is handed to someone here (400 for someone who left or is not in the org; 422 with a loop rule when an undecided loop\'s bar raiser would then sit in their chain or team). Audited (`requisition.reopened`, and `requisition.hiring_manager_changed` for a new one).',
    request: { params: RequisitionParamsSchema, body: { content: { 'application/json': { schema: ReopenRequisitionSchema } }, required: false } },
    responses: { 200: json(z.object({ requisition: RequisitionSchema }), 'The requisition, open.'), ...ruleResponses },
  }),
  async (c) => c.json({ requisition: await reopenRequisition(c.get('deps').db, c.get('actor'), c.req.valid('param').requisitionId, { hiringManagerId: c.req.valid('json').hiringManagerId }) }, 200),
);

hiringRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/orgs/{orgId}/hiring/requisitions/{requisitionId}/candidates',
    tags,
    description: 'Lists only the candidates you may see.',
    request: { params: RequisitionParamsSchema },
    responses: { 200: json(z.object({ candidates: z.array(CandidateSummarySchema) }), 'The candidates you may see.'), ...errorResponses },
  }),
  async (c) => c.json({ candidates: await listCandidates(c.get('deps').db, c.get('actor'), c.req.valid('param').requisitionId, new Date()) }, 200),
);

hiringRoutes.openapi(
  createRoute({ method: 'post', path: '/orgs/{orgId}/hiring/requisitions/{requisitionId}/candidates', tags, description: 'Refused on a closed requisition (422 `requisition.open`) and once an offer has filled its opening since it last opened (422 `requisition.opening_filled`: close it as filled, and reopen it for another seat).', request: { params: RequisitionParamsSchema, ...jsonBody(CreateCandidateSchema) }, responses: { 201: json(z.object({ id: z.string() }), 'The new candidate.'), ...ruleResponses } }),
  async (c) => c.json(await createCandidate(c.get('deps').db, c.get('actor'), c.req.valid('param').requisitionId, c.req.valid('json')), 201),
);

hiringRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/orgs/{orgId}/hiring/my-interviews',
    tags,
    description: 'The loops you sit in, most urgent first: overdue feedback, feedback to write, debriefs to run, then the rest.',
    request: { params: OrgParamsSchema },
    responses: { 200: json(z.object({ interviews: z.array(MyInterviewSchema) }), 'Your seats in interview loops.'), ...errorResponses },
  }),
  async (c) => c.json({ interviews: await listMyInterviews(c.get('deps').db, c.get('actor'), new Date()) }, 200),
);

hiringRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/orgs/{orgId}/hiring/late-feedback',
    tags,
    description: 'Every overdue scorecard across the org\'s requisitions, longest overdue first: who owes feedback on which candidate, since when. Recruiters and admins only (403 otherwise): it names candidates and panels nobody else may know of.',
    request: { params: OrgParamsSchema },
    responses: { 200: json(z.object({ lateFeedback: z.array(LateFeedbackSchema) }), 'Overdue scorecards.'), ...errorResponses },
  }),
  async (c) => c.json({ lateFeedback: await listLateFeedback(c.get('deps').db, c.get('actor'), new Date()) }, 200),
);

hiringRoutes.openapi(
  createRoute({ method: 'get', path: '/orgs/{orgId}/hiring/bar-raisers', tags, request: { params: OrgParamsSchema }, responses: { 200: json(z.object({ pool: z.array(PoolMemberSchema), editTokenOutsidePool: z.string().openapi({ description: 'The `baseToken` to send when adding someone you read as outside the pool: if another admin added them since, 409.' }) }), 'Certified bar raisers and those in training, with their load.'), ...errorResponses } }),
  // The token of no place in the pool: what an "add to pool" form sends for someone it read as outside it.
  async (c) => c.json({ pool: await listBarRaiserPool(c.get('deps').db, c.get('actor'), new Date()), editTokenOutsidePool: barRaiserPoolToken(null) }, 200),
);

hiringRoutes.openapi(
  createRoute({ method: 'put', path: '/orgs/{orgId}/hiring/bar-raisers/{personId}', tags, request: { params: PoolParamsSchema, ...jsonBody(SetPoolStatusSchema) }, responses: { 204: { description: 'Saved.' }, ...ruleResponses } }),
  async (c) => {
    const { status, baseToken } = c.req.valid('json');
    await setBarRaiserStatus(c.get('deps').db, c.get('actor'), c.req.valid('param').personId, status, undefined, baseToken);
    return c.body(null, 204);
  },
);

hiringRoutes.openapi(
  createRoute({ method: 'post', path: '/orgs/{orgId}/hiring/loop-plans', tags, request: { params: OrgParamsSchema, ...jsonBody(PlanLoopSchema) }, responses: { 200: json(LoopPlanSchema, 'Principles per interviewer, coverage warnings and the suggested bar raiser.'), ...ruleResponses } }),
  async (c) => {
    const { requisitionId, interviewerIds } = c.req.valid('json');
    return c.json(await planLoop(c.get('deps').db, c.get('actor'), requisitionId, interviewerIds, new Date()), 200);
  },
);

hiringRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/orgs/{orgId}/hiring/requisitions/{requisitionId}/bar-raiser-eligibility/{personId}',
    tags,
    request: { params: RequisitionParamsSchema.extend({ personId: PoolParamsSchema.shape.personId }) },
    responses: { 200: json(z.object({ isEligible: z.boolean(), rule: z.string().nullable() }), 'Whether the person may be this requisition\'s bar raiser, and the rule that says no.'), ...errorResponses },
  }),
  async (c) => {
    const { requisitionId, personId } = c.req.valid('param');
    return c.json(await checkBarRaiserEligibility(c.get('deps').db, c.get('actor'), requisitionId, personId), 200);
  },
);

const candidateRoute = <P extends string>(method: 'get' | 'post' | 'put', suffix: P) => ({ method, path: `/orgs/{orgId}/hiring/candidates/{candidateId}${suffix}` as const, tags, description: candidateNote });

hiringRoutes.openapi(
  createRoute({ ...candidateRoute('get', ''), request: { params: CandidateParamsSchema }, responses: { 200: json(z.object({ candidate: CandidateSchema }), 'The candidate, their loop and its state.'), ...errorResponses } }),
  async (c) => c.json({ candidate: await getCandidate(c.get('deps').db, c.get('actor'), c.req.valid('param').candidateId, new Date()) }, 200),
);

hiringRoutes.openapi(
  createRoute({ ...candidateRoute('post', '/loop'), request: { params: CandidateParamsSchema, ...jsonBody(CreateLoopSchema) }, responses: { 201: json(z.object({ warnings: z.array(WarningSchema) }), 'The loop is set up; coverage warnings, if any.'), ...ruleResponses } }),
  async (c) => {
    const { interviewAt, interviewers } = c.req.valid('json');
    const seats = interviewers.map((interviewer) => ({ personId: interviewer.personId, seat: interviewer.seat, principleIds: interviewer.principleIds }));
    return c.json(await createLoop(c.get('deps').db, c.get('actor'), c.req.valid('param').candidateId, { interviewAt: new Date(interviewAt), seats }, undefined, emailSettingsFrom(c.get('deps').config)), 201);
  },
);

hiringRoutes.openapi(
  createRoute({
    ...candidateRoute('put', '/loop/interview'),
    summary: 'Move the loop\'s interview (recruiters and admins), until its first feedback is in (422 `loop.feedback_in`).',
    request: { params: CandidateParamsSchema, ...jsonBody(RescheduleLoopSchema) },
    responses: { 204: { description: 'Moved.' }, ...ruleResponses },
  }),
  async (c) => {
    await rescheduleLoop(c.get('deps').db, c.get('actor'), c.req.valid('param').candidateId, new Date(c.req.valid('json').interviewAt));
    return c.body(null, 204);
  },
);

hiringRoutes.openapi(
  createRoute({
    ...candidateRoute('put', '/loop/seats/{personId}'),
    summary: 'Give a seat of an undecided loop to someone else, before its feedback is in (recruiters and admins).',
    request: { params: CandidateSeatParamsSchema, ...jsonBody(ReplaceSeatSchema) },
    responses: { 204: { description: 'Replaced.' }, ...ruleResponses },
  }),
  async (c) => {
    const { candidateId, personId } = c.req.valid('param');
    await replaceLoopSeat(c.get('deps').db, c.get('actor'), candidateId, personId, c.req.valid('json').personId, emailSettingsFrom(c.get('deps').config));
    return c.body(null, 204);
  },
);

hiringRoutes.openapi(
  createRoute({
    ...candidateRoute('post', '/loop/seats/{personId}/reminders'),
    summary: 'Remind an interviewer that their scorecard is late (recruiters, admins and the hiring manager; 403 for anyone else in the loop).',
    description: `${candidateNote} The reminder waits on the interviewer's home page with who sent it, and the late scorecards list shows it; when Pulse sends email (PULSE_SMTP_URL), an email to the interviewer's login is queued with it (the role and interview day and a link, never the candidate's name or anyone's feedback). Refused with 422 and \`field\` \`param.personId\`: \`feedback.reminder_not_late\` before the feedback is due, \`feedback.reminder_not_owed\` once it is in (or the loop decided, the candidate withdrew, or the seat is a shadow's), \`feedback.reminder_no_login\` for an interviewer without a login, \`feedback.reminder_self\` for your own seat, \`feedback.reminder_once_a_day\` when they were already reminded of this loop that UTC day (\`data.remindedAt\`, \`data.remindedBy\`).`,
    request: { params: CandidateSeatParamsSchema },
    responses: { 201: json(z.object({ reminder: ReminderSchema }), 'The reminder, sent.'), ...ruleResponses },
  }),
  async (c) => {
    const { candidateId, personId } = c.req.valid('param');
    return c.json({ reminder: await remindInterviewer(c.get('deps').db, c.get('actor'), candidateId, personId, new Date(), emailSettingsFrom(c.get('deps').config)) }, 201);
  },
);

hiringRoutes.openapi(
  createRoute({ ...candidateRoute('get', '/feedback'), request: { params: CandidateParamsSchema }, responses: { 200: json(FeedbackListSchema, 'Feedback you may read (blind until you submit yours).'), ...ruleResponses } }),
  async (c) => c.json(await listFeedback(c.get('deps').db, c.get('actor'), c.req.valid('param').candidateId), 200),
);

hiringRoutes.openapi(
  createRoute({ ...candidateRoute('put', '/feedback'), request: { params: CandidateParamsSchema, ...jsonBody(SubmitFeedbackSchema) }, responses: { 204: { description: 'Submitted (final).' }, ...ruleResponses } }),
  async (c) => {
    await submitFeedback(c.get('deps').db, c.get('actor'), c.req.valid('param').candidateId, c.req.valid('json'), new Date());
    return c.body(null, 204);
  },
);

hiringRoutes.openapi(
  createRoute({
    ...candidateRoute('put', '/feedback/{personId}'),
    summary: 'Key in the paper scorecard of an interviewer without a login (recruiters and admins).',
    request: { params: CandidateSeatParamsSchema, ...jsonBody(SubmitFeedbackSchema) },
    responses: { 204: { description: 'Keyed in (final).' }, ...ruleResponses },
  }),
  async (c) => {
    const { candidateId, personId } = c.req.valid('param');
    await keyInFeedback(c.get('deps').db, c.get('actor'), candidateId, personId, c.req.valid('json'), new Date());
    return c.body(null, 204);
  },
);

hiringRoutes.openapi(
  createRoute({ ...candidateRoute('post', '/decision'), request: { params: CandidateParamsSchema, ...jsonBody(DecideSchema) }, responses: { 204: { description: 'Decided.' }, ...ruleResponses } }),
  async (c) => {
    await decideDebrief(c.get('deps').db, c.get('actor'), c.req.valid('param').candidateId, c.req.valid('json'), new Date());
    return c.body(null, 204);
  },
);

hiringRoutes.openapi(
  createRoute({ ...candidateRoute('get', '/standing'), request: { params: CandidateParamsSchema }, responses: { 200: json(StandingSchema, 'Where the candidate would stand among the people now in the role.'), ...ruleResponses } }),
  async (c) => c.json(await getStanding(c.get('deps').db, c.get('actor'), c.req.valid('param').candidateId), 200),
);

hiringRoutes.openapi(
  createRoute({
    ...candidateRoute('post', '/withdraw'),
    summary: 'Record that the candidate withdrew (recruiters and admins), while no offer stands: before any, or once every offer was declined (422 `candidate.offer_made` while one awaits its answer or after an acceptance). Their loop then takes no more feedback, decision, seat change or offer (422 `candidate.withdrawn`), and holds nobody back from leaving. Refused for a rejected candidate (422 `candidate.rejected`); undone by `/reinstate`.',
    request: { params: CandidateParamsSchema },
    responses: { 204: { description: 'Withdrawn.' }, ...ruleResponses },
  }),
  async (c) => {
    await withdrawCandidate(c.get('deps').db, c.get('actor'), c.req.valid('param').candidateId, new Date());
    return c.body(null, 204);
  },
);

hiringRoutes.openapi(
  createRoute({
    ...candidateRoute('post', '/reject'),
    summary: 'Reject the candidate (the hiring manager, recruiters and admins; 403 for anyone else) with a reason from the closed list and an optional note, at any step while no offer stands, before any or once every offer was declined (422 `candidate.offer_made` while one awaits its answer or after an acceptance, `candidate.rejected` when already rejected, `candidate.withdrawn` after a withdrawal, `candidate.vetoed` after a bar raiser\'s no). Their loop then takes no more feedback, decision, seat change or offer (422 `candidate.rejected`). It is no veto: nothing holds against the person elsewhere.',
    request: { params: CandidateParamsSchema, ...jsonBody(RejectCandidateSchema) },
    responses: { 204: { description: 'Rejected.' }, ...ruleResponses },
  }),
  async (c) => {
    await rejectCandidate(c.get('deps').db, c.get('actor'), c.req.valid('param').candidateId, c.req.valid('json'), new Date());
    return c.body(null, 204);
  },
);

hiringRoutes.openapi(
  createRoute({
    ...candidateRoute('post', '/reinstate'),
    summary: 'Undo a withdrawal or a rejection (the hiring manager, recruiters and admins): the loop resumes where it was, and the feedback still owed on an interview held before now falls due 24 hours from now. Refused while the requisition is closed (422 `requisition.open`), once another candidate has an offer since it last opened (422 `requisition.opening_filled`), or when there is nothing to undo (422 `candidate.in_process`).',
    request: { params: CandidateParamsSchema },
    responses: { 200: json(z.object({ undid: z.enum(['withdrawn', 'rejected']) }), 'What was undone.'), ...ruleResponses },
  }),
  async (c) => c.json(await reinstateCandidate(c.get('deps').db, c.get('actor'), c.req.valid('param').candidateId, new Date()), 200),
);

hiringRoutes.openapi(
  createRoute({ ...candidateRoute('post', '/offer'), summary: 'Make the offer (the hiring manager, recruiters and admins; 403 for anyone else) to a hire: refused after a veto (422 `offer.bar_raiser_veto`), and once another candidate\'s offer has filled the requisition\'s opening since it last opened (422 `requisition.opening_filled`: one opening, one offer). After the candidate declined, the same call makes a revised offer under the same rules; refused while their offer awaits its answer (409 `offer.awaiting_answer`) and after they accepted one (422 `offer.accepted_final`). Audited (`offer.created`, with `revisesOfferId` for a revised offer).', request: { params: CandidateParamsSchema }, responses: { 201: json(z.object({ id: z.string() }), 'The offer.'), ...ruleResponses } }),
  async (c) => c.json(await createOffer(c.get('deps').db, c.get('actor'), c.req.valid('param').candidateId), 201),
);

hiringRoutes.openapi(
  createRoute({
    ...candidateRoute('post', '/offer/answer'),
    summary: 'Record the candidate\'s answer to their latest offer (the hiring manager, recruiters and admins; 403 for anyone else), once (409 `offer.answered_once`), with the day they gave it (400 `answeredOn` before the offer or after today) and an optional note; 422 `offer.none` without an offer. Allowed after the requisition closed. A decline frees the requisition\'s opening: new candidates, loops, another offer (a revised one to this candidate too) and reinstatements are allowed again; an acceptance keeps it filled, and is final. Audited (`offer.answered`, without the note).',
    request: { params: CandidateParamsSchema, ...jsonBody(AnswerOfferSchema) },
    responses: { 204: { description: 'Recorded.' }, ...ruleResponses },
  }),
  async (c) => {
    await answerOffer(c.get('deps').db, c.get('actor'), c.req.valid('param').candidateId, c.req.valid('json'), new Date());
    return c.body(null, 204);
  },
);
