import { z } from '@hono/zod-openapi';
import { OPEN_STAGES } from '../../../domain/sales/opportunity-rules.js';
import { GETTING_STARTED_STEPS } from '../../../services/home/home.service.js';

const RequisitionRefSchema = z.object({ id: z.string(), role: z.string(), level: z.number().int() });

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
    z.object({ kind: z.literal('anomaly'), anomalyId: z.string(), deck: z.object({ id: z.string(), name: z.string() }), metric: z.string(), firstWeekEnding: z.string(), carriedOver: z.boolean() }).openapi({ description: 'A business review anomaly you own that is still open (no root cause yet).' }),
    z.object({ kind: z.literal('reviews_owed'), cycle: z.object({ id: z.string(), name: z.string() }), people: z.array(z.object({ id: z.string(), name: z.string() })) }).openapi({ description: 'An open review cycle in which some of your direct reports have no review yet.' }),
    z.object({ kind: z.literal('deal_past_close'), opportunityId: z.string(), accountName: z.string(), name: z.string(), stage: z.enum(OPEN_STAGES), closeDate: z.string() }).openapi({ description: 'An open deal you own whose expected close date has passed.' }),
  ])
  .openapi('NeedsYouItem');

export const HomeSchema = z
  .object({
    personId: z.string().nullable().openapi({ description: 'Your person on the org chart; null until you are on it.' }),
    gettingStarted: z.array(z.object({ id: z.enum(GETTING_STARTED_STEPS), isDone: z.boolean() })).openapi({ description: 'The first steps of a new org that your role can take, in order, each done when the org\'s data says so.' }),
    needsYou: z.array(NeedsYouItemSchema).openapi({ description: 'What waits for you across the mechanisms, most urgent first.' }),
  })
  .openapi('Home');
