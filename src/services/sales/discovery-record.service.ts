import { notFound } from '../../domain/errors.js';
import { assertSameContent } from '../../domain/stale-write.js';
import { objectionToken, pressReleaseToken, removalRefusal, successCriterionToken, validateObjection, validatePressRelease, validateSuccessCriterion, type BuyerPressRelease, type ObjectionStatus } from '../../domain/sales/opportunity-rules.js';
import type { Db } from '../../storage/database.js';
import type { OrgActor } from '../context.js';
import { changeOpportunity, type OpportunityView } from './opportunities.service.js';

/**
 * The discovery record of an opportunity: the buyer's press release, its success criteria and its FAQ of
 * objections. Each change goes through `changeOpportunity`: owner or admin, open opportunity, discovery kept, audited.
 * An optional `now` dates a change and its audit event (the demo's past deals); without it, the database's clock.
 */

/** Writes the buyer's press release (all four parts at once, as the editor saves them). */
export async function savePressRelease(db: Db, actor: OrgActor, opportunityId: string, input: BuyerPressRelease & { baseToken?: string | undefined }, now?: Date): Promise<OpportunityView> {
  const pressRelease = validatePressRelease(input);
  return changeOpportunity(db, actor, opportunityId, async (trx) => {
    const before = await trx.selectFrom('opportunities').select(['pr_headline', 'pr_problem', 'pr_outcome', 'pr_quote']).where('org_id', '=', actor.orgId).where('id', '=', opportunityId).executeTakeFirstOrThrow();
    const current = pressReleaseToken({ headline: before.pr_headline, problem: before.pr_problem, outcome: before.pr_outcome, quote: before.pr_quote });
    assertSameContent(current, input.baseToken, 'press release', 'baseToken');
    const columns = { pr_headline: pressRelease.headline, pr_problem: pressRelease.problem, pr_outcome: pressRelease.outcome, pr_quote: pressRelease.quote };
    const changed = (Object.keys(columns) as (keyof typeof columns)[]).filter((column) => columns[column] !== before[column]);
    if (changed.length === 0) return null;
    await trx.updateTable('opportunities').set(columns).where('org_id', '=', actor.orgId).where('id', '=', opportunityId).execute();
    return { action: 'opportunity.press_release_saved', data: { changed: changed.map((column) => column.slice('pr_'.length)), headline: pressRelease.headline } };
  }, null, now);
}

export interface SuccessCriterionInput {
  metric: string;
  baseline?: string | undefined;
  target?: string | undefined;
  dueOn?: string | null | undefined;
}

export async function addSuccessCriterion(db: Db, actor: OrgActor, opportunityId: string, input: SuccessCriterionInput, now?: Date): Promise<OpportunityView> {
  const criterion = validateSuccessCriterion({ metric: input.metric, baseline: input.baseline ?? '', target: input.target ?? '', dueOn: input.dueOn ?? null });
  return changeOpportunity(db, actor, opportunityId, async (trx) => {
    await trx.insertInto('opportunity_success_criteria').values({ org_id: actor.orgId, opportunity_id: opportunityId, metric: criterion.metric, baseline: criterion.baseline, target: criterion.target, due_on: criterion.dueOn, ...(now === undefined ? {} : { created_at: now }) }).execute();
    return { action: 'opportunity.criterion_added', data: { metric: criterion.metric } };
  }, null, now);
}

async function lockedCriterion(trx: Db, orgId: string, opportunityId: string, criterionId: string) {
  const row = await trx.selectFrom('opportunity_success_criteria').select(['metric', 'baseline', 'target', 'due_on']).where('org_id', '=', orgId).where('opportunity_id', '=', opportunityId).where('id', '=', criterionId).executeTakeFirst();
  if (!row) throw notFound('Success criterion');
  return row;
}

export async function updateSuccessCriterion(db: Db, actor: OrgActor, opportunityId: string, criterionId: string, change: Partial<SuccessCriterionInput> & { baseToken?: string | undefined }): Promise<OpportunityView> {
  return changeOpportunity(db, actor, opportunityId, async (trx) => {
    const before = await lockedCriterion(trx, actor.orgId, opportunityId, criterionId);
    assertSameContent(successCriterionToken({ metric: before.metric, baseline: before.baseline, target: before.target, dueOn: before.due_on }), change.baseToken, 'success criterion', 'baseToken');
    const after = validateSuccessCriterion({
      metric: change.metric ?? before.metric,
      baseline: change.baseline ?? before.baseline,
      target: change.target ?? before.target,
      dueOn: change.dueOn === undefined ? before.due_on : change.dueOn,
    });
    const columns = { metric: after.metric, baseline: after.baseline, target: after.target, due_on: after.dueOn };
    const changed = (Object.keys(columns) as (keyof typeof columns)[]).filter((column) => columns[column] !== before[column]);
    if (changed.length === 0) return null;
    await trx.updateTable('opportunity_success_criteria').set(columns).where('org_id', '=', actor.orgId).where('id', '=', criterionId).execute();
    return { action: 'opportunity.criterion_changed', data: { metric: after.metric, changed: changed.map((column) => (column === 'due_on' ? 'dueOn' : column)) } };
  });
}

/** With `baseToken` (the criterion's editToken as read), a criterion changed since is not removed: the refusal names the change. */
export async function removeSuccessCriterion(db: Db, actor: OrgActor, opportunityId: string, criterionId: string, baseToken?: string): Promise<OpportunityView> {
  return changeOpportunity(db, actor, opportunityId, async (trx) => {
    const before = await lockedCriterion(trx, actor.orgId, opportunityId, criterionId);
    const criterion = { metric: before.metric, baseline: before.baseline, target: before.target, dueOn: before.due_on };
    assertSameContent(successCriterionToken(criterion), baseToken, 'success criterion', 'baseToken', removalRefusal({ kind: 'criterion', criterion }));
    await trx.deleteFrom('opportunity_success_criteria').where('org_id', '=', actor.orgId).where('id', '=', criterionId).execute();
    return { action: 'opportunity.criterion_removed', data: { metric: before.metric } };
  });
}

export interface ObjectionInput {
  question: string;
  answer?: string | undefined;
  status?: ObjectionStatus | undefined;
}

export async function addObjection(db: Db, actor: OrgActor, opportunityId: string, input: ObjectionInput, now?: Date): Promise<OpportunityView> {
  const objection = validateObjection({ question: input.question, answer: input.answer ?? '', status: input.status ?? 'open' });
  return changeOpportunity(db, actor, opportunityId, async (trx) => {
    await trx.insertInto('opportunity_objections').values({ org_id: actor.orgId, opportunity_id: opportunityId, ...objection, ...(now === undefined ? {} : { created_at: now }) }).execute();
    return { action: 'opportunity.objection_added', data: { question: objection.question, status: objection.status } };
  }, null, now);
}

async function lockedObjection(trx: Db, orgId: string, opportunityId: string, objectionId: string) {
  const row = await trx.selectFrom('opportunity_objections').select(['question', 'answer', 'status']).where('org_id', '=', orgId).where('opportunity_id', '=', opportunityId).where('id', '=', objectionId).executeTakeFirst();
  if (!row) throw notFound('Objection');
  return row;
}

export async function updateObjection(db: Db, actor: OrgActor, opportunityId: string, objectionId: string, change: Partial<ObjectionInput> & { baseToken?: string | undefined }): Promise<OpportunityView> {
  return changeOpportunity(db, actor, opportunityId, async (trx) => {
    const before = await lockedObjection(trx, actor.orgId, opportunityId, objectionId);
    assertSameContent(objectionToken(before), change.baseToken, 'objection', 'baseToken');
    const after = validateObjection({ question: change.question ?? before.question, answer: change.answer ?? before.answer, status: change.status ?? before.status });
    const changed = (['question', 'answer', 'status'] as const).filter((field) => after[field] !== before[field]);
    if (changed.length === 0) return null;
    await trx.updateTable('opportunity_objections').set(after).where('org_id', '=', actor.orgId).where('id', '=', objectionId).execute();
    return { action: 'opportunity.objection_changed', data: { question: after.question, changed, ...(changed.includes('status') && { toStatus: after.status }) } };
  });
}

/** With `baseToken` (the objection's editToken as read), an objection changed since is not removed: the refusal names the change. */
export async function removeObjection(db: Db, actor: OrgActor, opportunityId: string, objectionId: string, baseToken?: string): Promise<OpportunityView> {
  return changeOpportunity(db, actor, opportunityId, async (trx) => {
    const before = await lockedObjection(trx, actor.orgId, opportunityId, objectionId);
    assertSameContent(objectionToken(before), baseToken, 'objection', 'baseToken', removalRefusal({ kind: 'objection', objection: before }));
    await trx.deleteFrom('opportunity_objections').where('org_id', '=', actor.orgId).where('id', '=', objectionId).execute();
    return { action: 'opportunity.objection_removed', data: { question: before.question } };
  });
}
