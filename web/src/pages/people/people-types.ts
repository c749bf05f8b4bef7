import type { z } from '@hono/zod-openapi';
import type { CandidateSchema, CandidateSummarySchema, FeedbackListSchema, LateFeedbackSchema, LoopPlanSchema, MyInterviewSchema, PoolMemberSchema, RequisitionListItemSchema, RequisitionSchema, StandingSchema } from '../../../../src/server/routes/hiring/hiring.schema.js';
import type { InitiativeSchema, OrgChartNodeShape, PersonSchema, PersonSummarySchema, TeamSchema, ViolationSchema } from '../../../../src/server/routes/people/people.schema.js';
import type { CalibrationSchema, CycleSchema, EvidenceSchema, PersonReviewSchema, PromotionCaseSchema, ReviewSchema } from '../../../../src/server/routes/reviews/reviews.schema.js';
import { EVIDENCE_MIN_WORDS } from '../../../../src/domain/hiring/feedback-rules.js';
import { ROLE_TEMPLATES } from '../../../../src/domain/hiring/role-templates.js';
export { PROMOTION_RULES } from '../../../../src/domain/reviews/review-rules.js';
import { isApiError, type ApiError } from '../../lib/api-client.js';
import type { ErrorPlacement } from '../../lib/use-api-form.js';

// The web app reads the same schemas the server validates with, so a renamed field is a type error here.
export type PersonSummary = z.infer<typeof PersonSummarySchema>;
export type Person = z.infer<typeof PersonSchema>;
export type Team = z.infer<typeof TeamSchema>;
export type Initiative = z.infer<typeof InitiativeSchema>;
export type Violation = z.infer<typeof ViolationSchema>;
export type OrgChartNode = OrgChartNodeShape;
export type Requisition = z.infer<typeof RequisitionSchema>;
/** A requisition in the Hiring page's list, with its candidates counted by stage. */
export type RequisitionListItem = z.infer<typeof RequisitionListItemSchema>;
export type LateFeedback = z.infer<typeof LateFeedbackSchema>;
export type CandidateSummary = z.infer<typeof CandidateSummarySchema>;
export type Candidate = z.infer<typeof CandidateSchema>;
/** A role template's question for one principle and what strong evidence sounds like. */
export type RolePrompt = NonNullable<Candidate['loop']>['seats'][number]['principles'][number]['prompt'] & {};
export type PoolMember = z.infer<typeof PoolMemberSchema>;
export type MyInterview = z.infer<typeof MyInterviewSchema>;
export type LoopPlan = z.infer<typeof LoopPlanSchema>;
export type FeedbackList = z.infer<typeof FeedbackListSchema>;
export type Standing = z.infer<typeof StandingSchema>;
export type Cycle = z.infer<typeof CycleSchema>;
export type Review = z.infer<typeof ReviewSchema>;
export type Calibration = z.infer<typeof CalibrationSchema>;
export type Evidence = z.infer<typeof EvidenceSchema>;
export type PersonReview = z.infer<typeof PersonReviewSchema>;
export type PromotionCase = z.infer<typeof PromotionCaseSchema>;

export const VOTE_LABELS = { strongly_inclined: 'Strongly inclined', inclined: 'Inclined', not_inclined: 'Not inclined', strongly_not_inclined: 'Strongly not inclined' } as const;
export const SEAT_LABELS = { interviewer: 'Interviewer', bar_raiser: 'Bar raiser', shadow: 'Shadow (in training)' } as const;
export const RATING_OPTIONS = [1, 2, 3, 4, 5].map((value) => ({ value: String(value), label: `${value} — ${['far below the bar', 'below the bar', 'at the bar', 'above the bar', 'far above the bar'][value - 1]}` }));

export const personOptions = (people: readonly PersonSummary[], empty?: string) => [...(empty === undefined ? [] : [{ value: '', label: empty }]), ...people.map((person) => ({ value: person.id, label: `${person.name} — ${person.role}` }))];

/**
 * The people below the viewer in the org chart (directly or not): those a manager may review. The server
 * decides; this only keeps the forms from offering what it would refuse.
 */
export function peopleBelow(people: readonly PersonSummary[], viewerUserId: string | undefined): PersonSummary[] {
  const viewer = people.find((person) => person.userId !== null && person.userId === viewerUserId);
  if (!viewer) return [];
  const managerOf = new Map(people.map((person) => [person.id, person.managerId]));
  return people.filter((person) => {
    const seen = new Set<string>([person.id]);
    for (let current = managerOf.get(person.id) ?? null; current !== null && !seen.has(current); current = managerOf.get(current) ?? null) {
      if (current === viewer.id) return true;
      seen.add(current);
    }
    return false;
  });
}

/** What the role and reporting-lines form holds: the text of each field, '' for no manager. */
export interface PersonFormValues {
  role: string;
  level: string;
  managerId: string;
  dottedLineManagerId: string;
}

/** The form's fields as they read for a person as loaded. */
export function personFormValues(person: Pick<PersonSummary, 'role' | 'level' | 'managerId' | 'dottedLineManagerId'>): PersonFormValues {
  return { role: person.role, level: String(person.level), managerId: person.managerId ?? '', dottedLineManagerId: person.dottedLineManagerId ?? '' };
}

/**
 * Only the fields the admin changed from the person as the page loaded them. Sending every field would put back,
 * unseen, whatever a colleague changed since (a new manager reverted by a stale page saving a new role).
 */
export function personFormChanges(person: Pick<PersonSummary, 'role' | 'level' | 'managerId' | 'dottedLineManagerId'>, values: PersonFormValues): { role?: string; level?: number; managerId?: string | null; dottedLineManagerId?: string | null } {
  const managerId = values.managerId || null;
  const dottedLineManagerId = values.dottedLineManagerId || null;
  return {
    ...(values.role === person.role ? {} : { role: values.role }),
    ...(Number(values.level) === person.level && values.level.trim() !== '' ? {} : { level: Number(values.level) }),
    ...(managerId === person.managerId ? {} : { managerId }),
    ...(dottedLineManagerId === person.dottedLineManagerId ? {} : { dottedLineManagerId }),
  };
}

const PERSON_FORM_LABELS: Record<keyof PersonFormValues, string> = { role: 'role', level: 'level', managerId: 'manager', dottedLineManagerId: 'dotted-line manager' };

/**
 * What the form says when its save was refused because someone saved the person after the page read them: which of
 * its fields took the newer values, and that the admin's own changes are kept for saving again.
 */
export function newerPersonNote(read: PersonFormValues, latest: PersonFormValues): string {
  const changed = (Object.keys(PERSON_FORM_LABELS) as Array<keyof PersonFormValues>).filter((key) => read[key] !== latest[key]).map((key) => PERSON_FORM_LABELS[key]);
  const where = changed.length === 0 ? 'Their change is to fields this form does not show' : `The ${changed.length === 1 ? changed[0] : `${changed.slice(0, -1).join(', ')} and ${changed[changed.length - 1]}`} now ${changed.length === 1 ? 'shows' : 'show'} their version`;
  return `Someone saved this person while you were editing. ${where}; your changes are kept. Check them and save again.`;
}

/**
 * Why an allocation was not removed: a colleague changed it (its share, named with the old and new one) or removed
 * it after the page was read. The page shows theirs; removing it again is the admin's call.
 */
export function staleRemovalNote(personName: string, read: { targetName: string; percent: number }, current: { percent: number } | undefined): string {
  if (current === undefined) return `${personName}'s allocation to ${read.targetName} was already removed by someone else.`;
  return `Someone changed ${personName}'s allocation to ${read.targetName} after you opened the page (from ${read.percent}% to ${current.percent}%), so it was not removed. Remove it again if you still mean to.`;
}

/** The role templates as the choices of a select: General (no template, value '') first. */
export const ROLE_TEMPLATE_OPTIONS: ReadonlyArray<{ value: string; label: string }> = [{ value: '', label: 'General' }, ...ROLE_TEMPLATES.map((template) => ({ value: template.id, label: template.name }))];

/** The hint under an evidence box: the server refuses fewer words (feedback-rules.ts EVIDENCE_MIN_WORDS), or a placeholder. */
export function evidenceHint(what: string): string {
  return `${what}: at least ${EVIDENCE_MIN_WORDS} words, one real sentence with an example ("n/a" or "see above" is not evidence).`;
}

/**
 * Places the server's refusal of one principle's written evidence (`ratings.2.evidence`, `sections.0.narrative`: the
 * index of what was sent) beside that principle's box, named by `fieldOf`.
 */
export function evidenceErrorPlacement(list: 'ratings' | 'sections', part: 'evidence' | 'narrative', fieldOf: (index: number) => string | undefined): ErrorPlacement {
  const pattern = new RegExp(`^(?:body\\.)?${list}\\.(\\d+)\\.${part}$`);
  return (error) => {
    const index = pattern.exec(error.field ?? '')?.[1];
    const field = index === undefined ? undefined : fieldOf(Number(index));
    return field === undefined ? undefined : { field, message: error.message };
  };
}

/** The ledger entry a review or promotion case was refused for citing, when it is gone (deleted after the form read the ledger). */
export const deletedCitationId = (error: unknown): string | undefined => {
  const evidenceId = isApiError(error) && /(?:^|\.)(?:ratings|sections)\.\d+\.evidenceIds$/.test(error.field ?? '') ? error.data?.['evidenceId'] : undefined;
  return typeof evidenceId === 'string' ? evidenceId : undefined;
};

/**
 * A review or promotion case refused for citing a ledger entry that is gone: the server says which by id (the entry is
 * no longer there to name), and the form names it by the text it read, at the principle that cited it. The form reads
 * the ledger again and keeps what was typed. A promotion case offers a section only for a principle with evidence: when
 * the entry was its principle's last, that section goes with the reload, and the refusal says so above the form.
 */
export function deletedCitationRefusal(error: ApiError, evidence: readonly Evidence[], form: 'review' | 'promotion'): { field: string | undefined; message: string } | undefined {
  const entry = evidence.find((candidate) => candidate.id === deletedCitationId(error));
  if (entry === undefined) return undefined;
  const named = `The ledger entry “${entry.text}” (${entry.principleTitle}) was deleted after you opened this form, so it can no longer be cited.`;
  if (form === 'review') return { field: `evidence-${entry.principleId}`, message: `${named} The ledger has been read again and the entry is no longer cited; what you wrote is kept: save again.` };
  const isLastOfPrinciple = !evidence.some((candidate) => candidate.principleId === entry.principleId && candidate.id !== entry.id);
  return isLastOfPrinciple
    ? { field: undefined, message: `${named} The ledger has been read again: ${entry.principleTitle} has no evidence left, so its section is no longer offered. The rest of your case is kept: check it, then save again.` }
    : { field: `narrative-${entry.principleId}`, message: `${named} The ledger has been read again and this section now cites the entries it holds; your words are kept: save again.` };
}

/** A review form's entries, by principle id: what the form holds for each principle it rates. */
export type ReviewEntries = Record<string, { rating: string; evidence: string; evidenceIds: string[] }>;

const NOT_RATED = { rating: '', evidence: '', evidenceIds: [] as string[] };
const sameEntry = (a: ReviewEntries[string] | undefined, b: ReviewEntries[string] | undefined) => JSON.stringify(a ?? NOT_RATED) === JSON.stringify(b ?? NOT_RATED);

/**
 * The entries after a colleague saved the same review (the form read it again): each principle this reviewer changed
 * since the form read the review keeps what they wrote, and every other principle takes the colleague's newer rating,
 * so saving again neither throws away this reviewer's words nor undoes the colleague's.
 */
export function reviewDraftOverNewer(read: ReviewEntries, latest: ReviewEntries, draft: ReviewEntries): ReviewEntries {
  const merged: ReviewEntries = { ...latest };
  for (const id of new Set([...Object.keys(read), ...Object.keys(draft)])) {
    if (sameEntry(draft[id], read[id])) continue;
    if (draft[id] === undefined || sameEntry(draft[id], NOT_RATED)) delete merged[id];
    else merged[id] = draft[id];
  }
  return merged;
}
