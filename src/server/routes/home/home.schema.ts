import { z } from '@hono/zod-openapi';
import { GATE_WAIT_DAYS, INITIATIVE_RISKS } from '../../../domain/initiatives/leadership-attention.js';
import { INITIATIVE_STAGES, PIPELINE_STAGES } from '../../../domain/initiatives/stages.js';
import { OPEN_STAGES } from '../../../domain/sales/opportunity-rules.js';
import { GETTING_STARTED_STEPS } from '../../../services/home/home.service.js';

const RequisitionRefSchema = z.object({ id: z.string(), role: z.string(), level: z.number().int() });

/** Why an initiative is at risk: the same reasons, in the same words, in the leadership's lines and in its leader's. */
const RiskReasonsSchema = z
  .array(z.object({ risk: z.enum(INITIATIVE_RISKS), message: z.string() }))
  .openapi({ description: 'Why it is at risk, each in the words Home shows: what its stage stands on and lacks (the pipeline\'s "Needs attention"), no single-threaded leader, open anomalies on its metrics, open roles on its teams.' });

export const NeedsYouItemSchema = z
  .discriminatedUnion('kind', [
    z.object({
      kind: z.literal('interview_feedback'),
      candidateId: z.string(),
      candidateName: z.string(),
      requisition: RequisitionRefSchema,
      interviewAt: z.string(),
      dueAt: z.string(),
      isOverdue: z.boolean(),
      lastReminder: z
        .object({ remindedAt: z.string(), remindedBy: z.string() })
        .nullable()
        .openapi({ description: 'The latest reminder of this late scorecard sent to you by a recruiter, an admin or the hiring manager: when, and who sent it.' }),
    }).openapi({ description: 'Your feedback on a candidate you interviewed (only candidates whose loop you sit in).' }),
    z.object({ kind: z.literal('run_debrief'), candidateId: z.string(), candidateName: z.string(), requisition: RequisitionRefSchema }).openapi({ description: 'Every interviewer\'s feedback is in: the debrief you run as bar raiser is open.' }),
    z.object({
      kind: z.literal('reading_meeting'),
      meetingId: z.string(),
      documentId: z.string(),
      documentTitle: z.string(),
      phase: z.enum(['scheduled', 'reading', 'discussion']),
      isFacilitator: z.boolean(),
      isVoteAwaited: z.boolean().openapi({ description: 'You approve the document in this meeting and have not voted yet.' }),
    }).openapi({ description: 'A reading meeting you attend or facilitate that has not ended.' }),
    z.object({
      kind: z.literal('review_requested'),
      requestId: z.string(),
      documentId: z.string(),
      documentTitle: z.string().openapi({ description: 'The title of the document\'s current version.' }),
      requestedBy: z.object({ id: z.string(), name: z.string() }).openapi({ description: 'The author who asked.' }),
      requestedAt: z.string(),
    }).openapi({ description: 'An author asked you to review a document you may read: listed until you vote on it (any version) or the request is withdrawn.' }),
    z.object({ kind: z.literal('anomaly'), anomalyId: z.string(), deck: z.object({ id: z.string(), name: z.string() }), metric: z.string(), firstWeekEnding: z.string(), carriedOver: z.boolean() }).openapi({ description: 'A business review anomaly you own that is still open (no root cause yet).' }),
    z.object({ kind: z.literal('reviews_owed'), cycle: z.object({ id: z.string(), name: z.string() }), people: z.array(z.object({ id: z.string(), name: z.string() })) }).openapi({ description: 'An open review cycle in which some of your direct reports have no review yet.' }),
    z.object({ kind: z.literal('deal_past_close'), opportunityId: z.string(), accountName: z.string(), name: z.string(), stage: z.enum(OPEN_STAGES), closeDate: z.string() }).openapi({ description: 'An open deal you own whose expected close date has passed.' }),
    z.object({
      kind: z.literal('initiative_you_lead'),
      initiativeId: z.string(),
      name: z.string(),
      stage: z.enum(INITIATIVE_STAGES),
      status: z.enum(['active', 'paused']),
      gateWait: z
        .object({ nextStage: z.enum(PIPELINE_STAGES), since: z.string(), days: z.number().int(), message: z.string() })
        .nullable()
        .openapi({ description: `How long it has waited at its next gate, when that is ${GATE_WAIT_DAYS} days or more (active initiatives before building only); null otherwise.` }),
      reasons: RiskReasonsSchema,
    }).openapi({ description: 'A living initiative you are the single-threaded leader of that waits at a gate or is at risk: one line with every reason, the same the leadership sees (admins do not see it again under leadership).' }),
  ])
  .openapi('NeedsYouItem');

const PersonRefSchema = z.object({ id: z.string(), name: z.string() });

export const LeadershipItemSchema = z
  .discriminatedUnion('kind', [
    z.object({
      kind: z.literal('reading_undecided'),
      meetingId: z.string(),
      documentId: z.string(),
      documentTitle: z.string(),
      facilitator: PersonRefSchema,
      startedAt: z.string(),
      approvers: z.object({ count: z.number().int(), waitingFor: z.number().int() }).openapi({ description: 'How many approvers the meeting has, and how many have not voted yet (the votes stay blind until it ends).' }),
    }).openapi({ description: 'A reading meeting whose reading is over (its discussion is open) and that nobody has ended with a decision.' }),
    z.object({
      kind: z.literal('press_release_unjudged'),
      documentId: z.string(),
      documentTitle: z.string(),
      version: z.number().int(),
      votes: z.object({ compelling: z.number().int(), notYet: z.number().int() }),
      lastVoteAt: z.string(),
      initiative: PersonRefSchema.nullable().openapi({ description: 'The living initiative this PR/FAQ argues for, if any.' }),
    }).openapi({ description: 'A PR/FAQ whose current version has reviewers\' votes and no verdict.' }),
    z.object({
      kind: z.literal('gate_waiting'),
      initiativeId: z.string(),
      name: z.string(),
      stage: z.enum(INITIATIVE_STAGES),
      nextStage: z.enum(PIPELINE_STAGES),
      since: z.string(),
      days: z.number().int(),
      message: z.string(),
    }).openapi({ description: `An active initiative at a stage before building that has waited at its next gate for ${GATE_WAIT_DAYS} days or more.` }),
    z.object({
      kind: z.literal('initiative_at_risk'),
      initiativeId: z.string(),
      name: z.string(),
      stage: z.enum(INITIATIVE_STAGES),
      status: z.enum(['active', 'paused']),
      stl: PersonRefSchema.nullable(),
      reasons: RiskReasonsSchema.min(1),
    }).openapi({ description: 'A living initiative at risk: no single-threaded leader (active past approval, or paused at any stage), what the pipeline lists under "Needs attention", open anomalies on its metrics, open roles on its teams. One you lead yourself is in `needsYou` instead.' }),
  ])
  .openapi('LeadershipItem');

export const HomeSchema = z
  .object({
    personId: z.string().nullable().openapi({ description: 'Your person on the org chart; null until you are on it.' }),
    gettingStarted: z.array(z.object({ id: z.enum(GETTING_STARTED_STEPS), isDone: z.boolean() })).openapi({ description: 'The first steps of a new org that your role can take, in order, each done when the org\'s data says so.' }),
    needsYou: z.array(NeedsYouItemSchema).openapi({ description: 'What waits for you across the mechanisms, most urgent first, including the initiatives you lead that wait at a gate or are at risk.' }),
    leadership: z.array(LeadershipItemSchema).nullable().openapi({ description: 'For roles that oversee the pipeline (admins): decisions waiting on the leadership across initiatives, then initiatives at risk, except those you lead yourself (they are in `needsYou`). Null for other roles.' }),
  })
  .openapi('Home');
