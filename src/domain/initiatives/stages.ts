/**
 * The initiative pipeline's stages, in the order an idea travels them (the Working Backwards flowchart), and
 * `killed`, which any stage may end in (before launch it stops the work; after launch it retires the product).
 */
export const PIPELINE_STAGES = ['idea', 'press_release', 'faq', 'memo', 'reading_review', 'approved', 'staffing', 'building', 'launched'] as const;
export const INITIATIVE_STAGES = [...PIPELINE_STAGES, 'killed'] as const;

export type PipelineStage = (typeof PIPELINE_STAGES)[number];
export type InitiativeStage = (typeof INITIATIVE_STAGES)[number];

/** Stages from which the initiative has a single-threaded leader and team (the leadership rules apply). */
export function isStaffedStage(stage: InitiativeStage): boolean {
  return stage === 'staffing' || stage === 'building' || stage === 'launched';
}
