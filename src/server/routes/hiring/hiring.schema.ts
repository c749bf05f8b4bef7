import { z } from '@hono/zod-openapi';
import { DECISIONS } from '../../../domain/hiring/debrief-rules.js';
import { EVIDENCE_MIN_WORDS, FEEDBACK_LIMITS, RATING_SCALE, VOTES } from '../../../domain/hiring/feedback-rules.js';
import { BAR_RAISER_STATUSES, LOOP_LIMITS, LOOP_SEATS } from '../../../domain/hiring/loop-rules.js';
import { OFFER_ANSWER_NOTE_MAX, OFFER_ANSWERS } from '../../../domain/hiring/offer-rules.js';
import { REJECTION_NOTE_MAX, REJECTION_REASONS } from '../../../domain/hiring/rejection-rules.js';
import { ROLE_TEMPLATE_IDS } from '../../../domain/hiring/role-templates.js';
import { PEOPLE_LIMITS } from '../../../domain/people/people-rules.js';
import { baseToken, EmailInput, nullableRef, OrgParamsSchema, storableDate, Uuid } from '../common/common.schema.js';

export const RequisitionParamsSchema = OrgParamsSchema.extend({ requisitionId: Uuid.openapi({ param: { name: 'requisitionId', in: 'path' } }) });
export const CandidateParamsSchema = OrgParamsSchema.extend({ candidateId: Uuid.openapi({ param: { name: 'candidateId', in: 'path' } }) });
export const PoolParamsSchema = OrgParamsSchema.extend({ personId: Uuid.openapi({ param: { name: 'personId', in: 'path' } }) });
export const CandidateSeatParamsSchema = CandidateParamsSchema.extend({ personId: Uuid.openapi({ param: { name: 'personId', in: 'path' } }) });

const named = z.object({ id: z.string(), name: z.string() });

export const ReminderSchema = z
  .object({ remindedAt: z.string(), remindedBy: z.string().openapi({ description: 'The name of who sent it.' }) })
  .openapi('FeedbackReminder', { description: 'A reminder of a late scorecard: when, and who sent it. It carries nothing of anyone\'s feedback.' });

/** A requisition as its own list shows it, and as an initiative's record lists its teams' requisitions. */
export const RequisitionFieldsSchema = z
  .object({
    id: z.string(),
    role: z.string(),
    level: z.number().int(),
    status: z.enum(['open', 'closed']),
    closedAt: z.string().nullable().openapi({ description: 'When it last closed; null while open. After it, offers go only to hires decided before it (422 `offer.requisition_closed`).' }),
    team: named,
    hiringManager: named,
    roleTemplate: named.nullable().openapi({ description: 'The role template its loops plan with; null is "General".' }),
    createdAt: z.string(),
    editToken: z.string().openapi({ description: 'Send it back as `baseToken` when changing the requisition (its template, its hiring manager): if it was changed since you read it, the change is refused (409).' }),
  });

export const RequisitionSchema = RequisitionFieldsSchema.extend({
  offersSinceOpened: z
    .array(
      z.object({
        candidate: named,
        madeAt: z.string(),
        answer: z.object({ answer: z.literal('accepted'), answeredOn: z.string() }).nullable().openapi({ description: 'The candidate\'s acceptance; null while the answer is awaited.' }),
      }),
    )
    .openapi({
      description:
        'Offers made since the requisition last opened and not declined, earliest first, to the candidates you may see (recruiters, admins and the hiring manager see every one). One fills its opening: the requisition then takes no new candidates, loops or second offer (422 `requisition.opening_filled`) until it is closed and reopened, or until the candidate declines it.',
    }),
  hasAcceptedOffer: z.boolean().openapi({ description: 'An offer made since it last opened was accepted, whoever the candidate: its opening is filled. Told to everyone who may read the requisition, naming nobody; a pending offer shows only in `offersSinceOpened`, to those who may see its candidate.' }),
  viewer: z.object({ isHiringManager: z.boolean() }).openapi({ description: 'Who you are to the requisition: its hiring manager may reject its candidates (as recruiters and admins may), though not close it.' }),
}).openapi('Requisition');

export const RequisitionListItemSchema = RequisitionFieldsSchema.extend({
  stageCounts: z
    .object({
      noLoop: z.number().int(),
      scheduled: z.number().int().openapi({ description: 'In a loop whose interview is still to come.' }),
      feedback: z.number().int().openapi({ description: 'Interviewed; feedback still owed.' }),
      debrief: z.number().int().openapi({ description: 'All feedback in; the bar raiser\'s debrief to run.' }),
      decided: z.number().int().openapi({ description: 'Hire or no hire recorded, no offer.' }),
      offer: z.number().int(),
      withdrawn: z.number().int(),
      rejected: z.number().int().openapi({ description: 'Rejected by the hiring side (not a bar raiser\'s veto).' }),
    })
    .openapi({ description: 'The candidates you may see, each counted once at the step they reached.' }),
  isOpeningFilled: z.boolean().openapi({ description: 'An offer made since it last opened, not declined, to a candidate you may see, fills its opening (as the requisition\'s `offersSinceOpened`); or one was accepted, whoever the candidate (as its `hasAcceptedOffer`).' }),
}).openapi('RequisitionListItem');

export const LateFeedbackSchema = z
  .object({
    candidateId: z.string(),
    candidateName: z.string(),
    requisition: z.object({ id: z.string(), role: z.string(), level: z.number().int() }),
    interviewer: z.object({ personId: z.string(), name: z.string(), hasLogin: z.boolean().openapi({ description: 'Without a login, their paper scorecard is keyed in by a recruiter or admin.' }) }),
    seat: z.enum(['interviewer', 'bar_raiser']),
    interviewAt: z.string(),
    dueAt: z.string().openapi({ description: 'When the feedback fell due (24 hours after the interview, or after the candidate\'s reinstatement if later): overdue since.' }),
    lastReminder: nullableRef(ReminderSchema).openapi({ description: 'The latest reminder sent to the interviewer about this loop; null if none.' }),
    isYours: z.boolean().openapi({ description: 'The scorecard is your own: yours to write; nobody reminds themselves (422 `feedback.reminder_self`).' }),
  })
  .openapi('LateFeedback');

const RoleTemplateField = z
  .enum(ROLE_TEMPLATE_IDS, { message: `must be one of ${ROLE_TEMPLATE_IDS.join(', ')}, or null for General` })
  .nullable()
  .openapi({ description: 'A sales role template: its principles come first in the loop plan, with role-specific questions. Null for General.' });

export const CreateRequisitionSchema = z
  .strictObject({
    role: z.string().trim().min(1, 'must not be empty').max(PEOPLE_LIMITS.roleMaxLength),
    level: z.number().int('must be a whole number').min(PEOPLE_LIMITS.minLevel).max(PEOPLE_LIMITS.maxLevel),
    teamId: Uuid,
    hiringManagerId: Uuid,
    roleTemplate: RoleTemplateField.optional(),
  })
  .openapi('CreateRequisition');

export const UpdateRequisitionSchema = z
  .strictObject({
    roleTemplate: RoleTemplateField.optional(),
    hiringManagerId: Uuid.optional().openapi({ description: 'Hands the requisition to a new hiring manager; its undecided loops must keep a bar raiser outside their chain and team.' }),
    baseToken: baseToken('requisition', 'editToken'),
  })
  // One change per request, each in its own transaction: a pair could otherwise land half.
  .refine((body) => (body.roleTemplate === undefined) !== (body.hiringManagerId === undefined), 'must change either roleTemplate or hiringManagerId, one at a time')
  .openapi('UpdateRequisition');

export const ReplaceSeatSchema = z.strictObject({ personId: Uuid.openapi({ description: 'Who takes the seat, with its principles.' }) }).openapi('ReplaceLoopSeat');

export const CandidateSummarySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    email: z.string(),
    requisitionId: z.string(),
    loopStatus: z.enum(['no_loop', 'scheduled', 'feedback', 'debrief', 'decided']).openapi({ description: '`scheduled`: in a loop whose interview is still to come (feedback opens when it starts).' }),
    decision: z.enum(DECISIONS).nullable(),
    hasOffer: z.boolean(),
    offerAnswer: z.enum(OFFER_ANSWERS).nullable().openapi({ description: 'The candidate\'s answer to their latest offer; null without an offer or while it is awaited.' }),
    withdrawnAt: z.string().nullable().openapi({ description: 'When the candidate withdrew; null while still in the process.' }),
    rejection: z.object({ rejectedAt: z.string(), reason: z.enum(REJECTION_REASONS) }).nullable().openapi({ description: 'When and why the hiring side rejected the candidate; null unless rejected.' }),
  })
  .openapi('CandidateSummary');

export const RejectCandidateSchema = z
  .strictObject({
    reason: z.enum(REJECTION_REASONS).openapi({ description: 'Why, from the closed list.' }),
    note: z.string().max(REJECTION_NOTE_MAX).nullish().openapi({ description: 'Optional; seen by whoever may see the candidate, kept off the audit log.' }),
  })
  .openapi('RejectCandidate');

export const AnswerOfferSchema = z
  .strictObject({
    answer: z.enum(OFFER_ANSWERS).openapi({ description: 'The candidate\'s answer.' }),
    answeredOn: storableDate('2026-11-30').openapi({ description: 'The day they gave it: not before the offer, not after today (in the time zone furthest ahead, UTC+14).' }),
    note: z.string().max(OFFER_ANSWER_NOTE_MAX).nullish().openapi({ description: 'Optional; seen by whoever may see the candidate, kept off the audit log.' }),
  })
  .openapi('AnswerOffer');

export const ReopenRequisitionSchema = z
  .strictObject({ hiringManagerId: Uuid.optional().openapi({ description: 'A new hiring manager (someone here), when the old one left or the role moves; checked as a hand-over checks the open loops.' }) })
  .openapi('ReopenRequisition');

export const CreateCandidateSchema = z
  .strictObject({ name: z.string().trim().min(1, 'must not be empty').max(PEOPLE_LIMITS.nameMaxLength), email: EmailInput })
  .openapi('CreateCandidate');

const seatKind = z.enum(LOOP_SEATS);

export const MyInterviewSchema = z
  .object({
    candidateId: z.string(),
    candidateName: z.string(),
    requisition: z.object({ id: z.string(), role: z.string(), level: z.number().int() }),
    seat: seatKind,
    interviewAt: z.string(),
    dueAt: z.string().nullable().openapi({ description: '24 hours after the interview, or after the candidate\'s reinstatement if later; null for a shadow, who owes none.' }),
    next: z.enum(['interview', 'feedback', 'run_debrief', 'none']).openapi({ description: 'Your next step: the interview (still to come; feedback opens when it starts), write your feedback, run the debrief (bar raiser), or none.' }),
    isOverdue: z.boolean(),
    lastReminder: nullableRef(ReminderSchema).openapi({ description: 'While your feedback is owed: the latest reminder sent to you about it; otherwise null.' }),
  })
  .openapi('MyInterview');

const PromptSchema = z
  .object({ question: z.string(), strongEvidence: z.string() })
  .openapi('RolePrompt', { description: 'The role template\'s question for this principle and what strong evidence sounds like; null without a template or when it does not name the principle.' });
const SeatSchema = z.object({
  personId: z.string(),
  name: z.string(),
  seat: seatKind,
  principles: z.array(z.object({ id: z.string(), version: z.number().int(), title: z.string(), prompt: nullableRef(PromptSchema) })),
  submittedAt: z.string().nullable(),
  dueAt: z.string().nullable().openapi({ description: '24 hours after the interview, or after the candidate\'s reinstatement if later; null for a shadow, who owes no scorecard.' }),
  isOverdue: z.boolean(),
  hasLogin: z.boolean().openapi({ description: 'Without a login, a recruiter or admin keys in their scorecard.' }),
  lastReminder: nullableRef(ReminderSchema).openapi({ description: 'The latest reminder of their late scorecard; null if none was sent.' }),
});

const OfferSchema = z
  .object({
    id: z.string(),
    createdAt: z.string(),
    createdBy: z.string().nullable().openapi({ description: 'The name of who made it.' }),
    answer: z
      .object({ answer: z.enum(OFFER_ANSWERS), answeredOn: z.string(), note: z.string().nullable(), recordedBy: z.string().nullable(), recordedAt: z.string() })
      .nullable()
      .openapi({ description: 'The candidate\'s answer (the day they gave it), recorded once; null while awaited. A declined offer no longer fills the opening.' }),
  })
  .openapi('Offer');

export const CandidateSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    email: z.string(),
    withdrawnAt: z.string().nullable().openapi({ description: 'When the candidate withdrew: their loop then takes no more feedback, decision, seat change or offer (422 `candidate.withdrawn`).' }),
    rejection: z
      .object({ rejectedAt: z.string(), reason: z.enum(REJECTION_REASONS), note: z.string().nullable(), rejectedBy: z.string().nullable() })
      .nullable()
      .openapi({ description: 'The hiring side\'s rejection: the loop then takes no more feedback, decision, seat change or offer (422 `candidate.rejected`); null unless rejected.' }),
    requisition: z.object({ id: z.string(), role: z.string(), level: z.number().int(), hiringManagerId: z.string(), roleTemplate: named.nullable(), status: z.enum(['open', 'closed']), closedAt: z.string().nullable() }),
    viewer: z.object({ personId: z.string().nullable(), seat: seatKind.nullable(), isHiringManager: z.boolean(), isHiringStaff: z.boolean(), hasSubmitted: z.boolean(), canReadFeedback: z.boolean() }),
    loop: z
      .object({
        id: z.string(),
        interviewAt: z.string(),
        seats: z.array(SeatSchema),
        isDebriefOpen: z.boolean(),
        decision: z.object({ decision: z.enum(DECISIONS), isBetterThanHalf: z.boolean(), justification: z.string(), decidedAt: z.string() }).nullable(),
        barRaiserWarning: z.object({ rule: z.string(), message: z.string() }).nullable().openapi({ description: 'While undecided: the org changed since the loop was set up, and its bar raiser would no longer be accepted (the rule, and what to do).' }),
      })
      .nullable(),
    offer: nullableRef(OfferSchema).openapi({ description: 'The latest of `offers`: awaiting its answer, accepted (final), or declined (a revised offer may follow); null without one.' }),
    offers: z.array(OfferSchema).openapi({ description: 'Every offer made to the candidate, earliest first. Only the latest may be unanswered; the earlier ones were declined.' }),
    earlierVeto: z
      .object({ role: z.string(), requisitionId: z.string(), decidedAt: z.string(), holdsUntil: z.string() })
      .nullable()
      .openapi({ description: 'To the hiring manager, recruiters and admins, while no offer stands (none yet, or the latest declined): a bar raiser\'s no on the same person (by email) on another requisition that still holds, so an offer is refused (422 `offer.bar_raiser_veto`) until `holdsUntil`.' }),
  })
  .openapi('Candidate');

export const PoolMemberSchema = z
  .object({
    personId: z.string(),
    name: z.string(),
    status: z.enum(BAR_RAISER_STATUSES),
    recentLoad: z.number().int(),
    totalLoops: z.number().int(),
    shadowed: z.number().int(),
    hasLogin: z.boolean().openapi({ description: 'Whether they sign in to Pulse: only a bar raiser with a login can run a debrief (rule loop.bar_raiser_login).' }),
    editToken: z.string().openapi({ description: 'Send it back as `baseToken` when changing their status or removing them: if their place changed since you read it, the change is refused (409).' }),
  })
  .openapi('BarRaiserPoolMember');

export const SetPoolStatusSchema = z
  .strictObject({
    status: z.enum(BAR_RAISER_STATUSES).nullable().openapi({ description: 'null takes the person out of the pool.' }),
    baseToken: baseToken('bar raiser\'s place in the pool', 'editToken').openapi({ description: 'The member\'s `editToken` as you read it (or, adding someone you read as outside the pool, the token of no place: `editTokenOutsidePool` of the pool list). Changed since: 409 with `field` `body.baseToken` and `data.token` the current one, and nothing is written. Without it the change is not checked.' }),
  })
  .openapi('SetBarRaiserStatus');

export const WarningSchema = z.object({ kind: z.enum(['uncovered', 'duplicate']), principleId: z.string(), message: z.string() }).openapi('LoopPlanWarning');

export const PlanLoopSchema = z
  .strictObject({ requisitionId: Uuid, interviewerIds: z.array(Uuid).min(1, 'must name at least one interviewer').max(LOOP_LIMITS.maxInterviewers) })
  .openapi('PlanLoop');

export const LoopPlanSchema = z
  .object({
    seats: z.array(z.object({ personId: z.string(), principleIds: z.array(z.string()) })),
    roleTemplate: named.nullable(),
    prompts: z.array(PromptSchema.extend({ principleId: z.string() })).openapi({ description: 'The template\'s prompts for the org\'s principles it names, in the template\'s order.' }),
    warnings: z.array(WarningSchema),
    suggestedBarRaiser: z.object({ personId: z.string(), name: z.string(), status: z.enum(BAR_RAISER_STATUSES), recentLoad: z.number().int() }).nullable(),
  })
  .openapi('LoopPlan');

// Read in UTC, as it is stored: 9999-12-31T23:59-14:00 is already in the year 10000.
const InterviewAtField = z.iso.datetime({ offset: true, message: 'must be an ISO date-time' }).refine((value) => {
  const year = new Date(value).getUTCFullYear();
  return year >= 1 && year <= 9999;
}, 'must be an ISO date-time in the years 0001 to 9999 (UTC)');

export const RescheduleLoopSchema = z.strictObject({ interviewAt: InterviewAtField }).openapi('RescheduleLoop');

export const CreateLoopSchema = z
  .strictObject({
    interviewAt: InterviewAtField,
    interviewers: z
      .array(z.strictObject({ personId: Uuid, seat: seatKind, principleIds: z.array(Uuid).max(LOOP_LIMITS.maxPrinciplesPerInterviewer) }))
      .min(1, 'must name the interviewers')
      .max(LOOP_LIMITS.maxInterviewers + 3),
  })
  .openapi('CreateLoop');

export const SubmitFeedbackSchema = z
  .strictObject({
    vote: z.enum(VOTES, { message: `must be one of ${VOTES.join(', ')} (there is no neutral)` }),
    ratings: z.array(
      z.strictObject({
        principleId: Uuid,
        rating: z.number().int('must be a whole number').min(RATING_SCALE.min, `must be at least ${RATING_SCALE.min}`).max(RATING_SCALE.max, `must be at most ${RATING_SCALE.max}`),
        evidence: z.string().max(FEEDBACK_LIMITS.evidenceMaxLength, `must be at most ${FEEDBACK_LIMITS.evidenceMaxLength} characters`),
      }),
    ).max(LOOP_LIMITS.maxPrinciplesPerInterviewer),
  })
  .openapi('SubmitFeedback');

export const FeedbackListSchema = z
  .object({
    isBlind: z.boolean().openapi({ description: 'True while you have not submitted your own: others\' feedback is withheld.' }),
    voteTally: z
      .object(Object.fromEntries(VOTES.map((vote) => [vote, z.number().int()])) as Record<(typeof VOTES)[number], z.ZodNumber>)
      .nullable()
      .openapi({ description: 'The debrief\'s count of the interviewers\' votes (the bar raiser\'s included, shadows\' not), each vote named even at zero. Null until the debrief opens (every interviewer has submitted), and for anyone who may not read the feedback yet.' }),
    feedback: z.array(
      z.object({
        personId: z.string(),
        name: z.string(),
        seat: z.string(),
        vote: z.enum(VOTES),
        ratings: z.array(z.object({ principleId: z.string(), version: z.number().int(), title: z.string(), rating: z.number().int(), evidence: z.string() })),
        submittedAt: z.string(),
        keyedInBy: z.string().nullable().openapi({ description: 'Who keyed in this scorecard for an interviewer without a login; null when they submitted it.' }),
      }),
    ),
  })
  .openapi('FeedbackList');

export const DecideSchema = z
  .strictObject({
    decision: z.enum(DECISIONS),
    isBetterThanHalf: z.boolean().openapi({ description: 'Is the candidate better than half of the people now in this role?' }),
    justification: z.string().max(FEEDBACK_LIMITS.evidenceMaxLength).openapi({ description: `Why the candidate is, or is not, better than half of the people now in this role: at least ${EVIDENCE_MIN_WORDS} words, not a placeholder (422 \`debrief.evidence_too_short\`, \`debrief.evidence_placeholder\`). The decision is final.` }),
  })
  .openapi('DebriefDecision');

export const StandingSchema = z
  .object({
    candidateScore: z.number().nullable(),
    role: z.string(),
    level: z.number().int(),
    incumbents: z.number().int(),
    incumbentScores: z.array(z.number()).nullable().openapi({ description: 'Each incumbent\'s review average, lowest first: for admins only (they read every review); null for everyone else.' }),
    below: z.number().int(),
    percentile: z.number().int().nullable(),
    isAboveMedian: z.boolean().nullable(),
  })
  .openapi('Standing');
