import type { z } from '@hono/zod-openapi';
import type { InitiativeRecordSchema, PipelineItemSchema, PipelineRowSchema, PipelineSchema } from '../../../../src/server/routes/pipeline/pipeline.schema.js';
import { PIPELINE_STAGES, type InitiativeStage } from '../../../../src/domain/initiatives/stages.js';

// The web app reads the same schemas the server validates with, so a renamed field is a type error here.
export type Pipeline = z.infer<typeof PipelineSchema>;
export type PipelineItem = z.infer<typeof PipelineItemSchema>;
export type PipelineRow = z.infer<typeof PipelineRowSchema>;
export type InitiativeRecord = z.infer<typeof InitiativeRecordSchema>;

export { PIPELINE_STAGES };

/** A document offered for linking (from the documents list, which holds only what the viewer may read). */
export interface DocumentOption {
  id: string;
  kind: 'prfaq' | 'memo';
  title: string;
}

export const STAGE_LABELS: Record<InitiativeStage, string> = {
  idea: 'Idea',
  press_release: 'Press release',
  faq: 'FAQ',
  memo: 'Memo',
  reading_review: 'Reading review',
  approved: 'Approved',
  staffing: 'Staffing',
  building: 'Building',
  launched: 'Launched',
  killed: 'Killed',
};

/** What the team does at each stage, in a line: the flowchart's legend and the empty state's lesson. */
export const STAGE_HINTS: Record<InitiativeStage, string> = {
  idea: 'Someone has a customer problem worth a page.',
  press_release: 'The launch announcement is drafted first, before anything is built.',
  faq: 'Customer and internal questions get honest answers.',
  memo: 'A narrative memo makes the full case, in prose.',
  reading_review: 'Leaders read the memo in silence, then discuss.',
  approved: 'After the silent reading, the approvers decide to go ahead.',
  staffing: 'One single-threaded leader owns it, full time.',
  building: 'A single-threaded team builds it.',
  launched: 'It is live, and its input metrics are watched weekly.',
  killed: 'Stopped, with the reason on record.',
};

/**
 * What a record without a leader (or team) says: "none yet" while the initiative can still get one, "none recorded"
 * once it is launched or killed (work from before Pulse may have had one nobody entered).
 */
export function noneText(stage: InitiativeStage): string {
  return stage === 'launched' || stage === 'killed' ? 'none recorded' : 'none yet';
}

