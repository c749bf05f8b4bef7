import { sql } from 'kysely';
import { AppError, notFound } from '../../domain/errors.js';
import { findLookAlike, nameKey, normalizeName } from '../../domain/names.js';
import { assertNotChangedSince } from '../../domain/stale-write.js';
import { dealGrossProfit, normalizeTerritory, validateDealMoney } from '../../domain/sales/gross-profit.js';
import {
  assertCanChangeOpportunity,
  assertCanOpenOpportunityFor,
  assertCanMove,
  assertMoveOnCurrentRead,
  assertDiscoveryKept,
  assertOpen,
  isCriterionComplete,
  isOpenStage,
  objectionToken,
  OPPORTUNITY_STAGES,
  pressReleaseToken,
  SALES_LIMITS,
  successCriterionToken,
  type BuyerPressRelease,
  type DiscoveryFacts,
  type ObjectionStatus,
  type OpportunityStage,
} from '../../domain/sales/opportunity-rules.js';
import { weightedAmount, type StageProbabilities } from '../../domain/sales/stage-probabilities.js';
import { pipelineSort, sortPipeline, type PipelineSortKey, type SortOrder } from '../../domain/sales/pipeline-list.js';
import type { AuditAction } from '../../domain/audit/audit-actions.js';
import type { Db } from '../../storage/database.js';
import { isUniqueViolation } from '../../storage/pg-errors.js';
import { recordAuditEvent } from '../audit/audit.service.js';
import { requirePermission, type OrgActor } from '../context.js';
import { assertOwnerHere, findActorPerson, holdPerson } from '../people/people.service.js';
import { lockNameScope } from '../unique-names.js';
import { ensureAccount } from './accounts.service.js';
import { loadStageProbabilities } from './stage-probabilities.service.js';

export interface OpportunitySummary {
  id: string;
  accountName: string;
  name: string;
  /** The owner, with the day they left when they did (the list flags it so someone takes the deal over). */
  owner: { id: string; name: string; leftOn: string | null } | null;
  stage: OpportunityStage;
  lostReason: string;
  amount: number | null;
  /** The direct cost to deliver the deal; null while unknown. */
  deliveryCost: number | null;
  territory: string | null;
  /** Amount less delivery cost, and that over the amount: null while either is unknown (the margin also when the amount is 0). */
  grossProfit: number | null;
  grossMargin: number | null;
  /** An open deal's amount at its stage's probability; null for a closed deal or one with no amount yet. */
  weightedAmount: number | null;
  closeDate: string | null;
  stageChangedAt: string;
  updatedAt: string;
}

export interface SuccessCriterionView {
  id: string;
  metric: string;
  baseline: string;
  target: string;
  dueOn: string | null;
  isComplete: boolean;
  /** Send it back as `baseToken` with a change to the criterion: one made since refuses it (409). */
  editToken: string;
}

export interface ObjectionView {
  id: string;
  question: string;
  answer: string;
  status: ObjectionStatus;
  /** Send it back as `baseToken` with a change to the objection: one made since refuses it (409). */
  editToken: string;
}

export interface OpportunityView extends OpportunitySummary {
  pressRelease: BuyerPressRelease;
  /** Send it back as `baseToken` when saving the press release: one saved since refuses the save (409). */
  pressReleaseToken: string;
  successCriteria: SuccessCriterionView[];
  objections: ObjectionView[];
}

export interface OpportunityInput {
  accountName: string;
  name: string;
  ownerPersonId: string;
  amount?: number | null | undefined;
  deliveryCost?: number | null | undefined;
  territory?: string | null | undefined;
  closeDate?: string | null | undefined;
}

export type OpportunityChange = Partial<OpportunityInput> & {
  /** The deal's `updatedAt` as the changer read it: a deal changed since is refused, not overwritten. */
  baseUpdatedAt?: string | undefined;
};

export interface OpportunityFilters {
  stage?: OpportunityStage | undefined;
  ownerPersonId?: string | undefined;
  /** An account's id: the deals that name it. */
  account?: string | undefined;
  /** A column to sort by (the pipeline list's own sort); default: account, then name. */
  sort?: PipelineSortKey | undefined;
  order?: SortOrder | undefined;
}

/**
 * The account names an account's deals are written with: deals join their account by name, compared as names are
 * (names.ts nameKey), as the accounts list counts them. An id the org has no account for is refused, naming the field.
 */
async function accountDealNames(db: Db, orgId: string, accountId: string): Promise<string[]> {
  const account = await db.selectFrom('accounts').select('name').where('org_id', '=', orgId).where('id', '=', accountId).executeTakeFirst();
  if (!account) throw new AppError('validation_failed', 'account: this org has no account with that id.', { field: 'query.account' });
  const key = nameKey(account.name);
  const names = await db.selectFrom('opportunities').select('account_name').distinct().where('org_id', '=', orgId).execute();
  return [account.name, ...names.map((row) => row.account_name).filter((name) => name !== account.name && nameKey(name) === key)];
}

function selectOpportunities(db: Db, orgId: string) {
  return db
    .selectFrom('opportunities')
    .leftJoin('people', 'people.id', 'opportunities.owner_person_id')
    .select([
      'opportunities.id',
      'opportunities.account_name',
      'opportunities.name',
      'opportunities.owner_person_id',
      'opportunities.stage',
      'opportunities.lost_reason',
      'opportunities.amount',
      'opportunities.delivery_cost',
      'opportunities.territory',
      'opportunities.close_date',
      'opportunities.pr_headline',
      'opportunities.pr_problem',
      'opportunities.pr_outcome',
      'opportunities.pr_quote',
      'opportunities.stage_changed_at',
      'opportunities.updated_at',
      'people.name as owner_name',
      'people.left_on as owner_left_on',
    ])
    .where('opportunities.org_id', '=', orgId);
}

type OpportunityRow = Awaited<ReturnType<ReturnType<typeof selectOpportunities>['executeTakeFirstOrThrow']>>;

function toSummary(row: OpportunityRow, probabilities: StageProbabilities): OpportunitySummary {
  return {
    id: row.id,
    accountName: row.account_name,
    name: row.name,
    owner: row.owner_person_id === null ? null : { id: row.owner_person_id, name: row.owner_name ?? '', leftOn: row.owner_left_on ?? null },
    stage: row.stage,
    lostReason: row.lost_reason,
    amount: row.amount,
    deliveryCost: row.delivery_cost,
    territory: row.territory,
    ...dealGrossProfit({ amount: row.amount, deliveryCost: row.delivery_cost }),
    weightedAmount: weightedAmount(row, probabilities),
    closeDate: row.close_date,
    stageChangedAt: new Date(row.stage_changed_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

/** The pipeline, by account then name, narrowed by the filters (stage, owner, account); the counts by stage ignore the stage filter, so each stage's tab says what it holds. */
export async function listOpportunities(db: Db, actor: OrgActor, filters: OpportunityFilters = {}): Promise<{ opportunities: OpportunitySummary[]; countsByStage: Record<OpportunityStage, number>; stageProbabilities: StageProbabilities }> {
  requirePermission(actor, 'sales.read');
  let query = selectOpportunities(db, actor.orgId);
  let counts = db.selectFrom('opportunities').select(['stage', sql<number>`count(*)::int`.as('count')]).where('org_id', '=', actor.orgId).groupBy('stage');
  if (filters.ownerPersonId !== undefined) {
    query = query.where('opportunities.owner_person_id', '=', filters.ownerPersonId);
    counts = counts.where('owner_person_id', '=', filters.ownerPersonId);
  }
  if (filters.account !== undefined) {
    const names = await accountDealNames(db, actor.orgId, filters.account);
    query = query.where('opportunities.account_name', 'in', names);
    counts = counts.where('account_name', 'in', names);
  }
  if (filters.stage !== undefined) query = query.where('opportunities.stage', '=', filters.stage);
  const [rows, countRows, { probabilities }] = await Promise.all([
    query.orderBy(sql`lower(opportunities.account_name)`).orderBy(sql`lower(opportunities.name)`).orderBy('opportunities.id').execute(),
    counts.execute(),
    loadStageProbabilities(db, actor.orgId),
  ]);
  const countsByStage = Object.fromEntries(OPPORTUNITY_STAGES.map((stage) => [stage, countRows.find((row) => row.stage === stage)?.count ?? 0])) as Record<OpportunityStage, number>;
  // The probabilities come with the list, so the page weights the totals of the deals it shows as the server weights each deal.
  const opportunities = rows.map((row) => toSummary(row, probabilities));
  return { opportunities: filters.sort === undefined ? opportunities : sortPipeline(opportunities, pipelineSort(filters.sort, filters.order)), countsByStage, stageProbabilities: probabilities };
}

export async function getOpportunity(db: Db, actor: OrgActor, opportunityId: string): Promise<OpportunityView> {
  requirePermission(actor, 'sales.read');
  const row = await selectOpportunities(db, actor.orgId).where('opportunities.id', '=', opportunityId).executeTakeFirst();
  if (!row) throw notFound('Opportunity');
  const [criteria, objections, { probabilities }] = await Promise.all([
    db.selectFrom('opportunity_success_criteria').select(['id', 'metric', 'baseline', 'target', 'due_on']).where('org_id', '=', actor.orgId).where('opportunity_id', '=', opportunityId).orderBy('created_at').orderBy('id').execute(),
    db.selectFrom('opportunity_objections').select(['id', 'question', 'answer', 'status']).where('org_id', '=', actor.orgId).where('opportunity_id', '=', opportunityId).orderBy('created_at').orderBy('id').execute(),
    loadStageProbabilities(db, actor.orgId),
  ]);
  const pressRelease = { headline: row.pr_headline, problem: row.pr_problem, outcome: row.pr_outcome, quote: row.pr_quote };
  return {
    ...toSummary(row, probabilities),
    pressRelease,
    pressReleaseToken: pressReleaseToken(pressRelease),
    successCriteria: criteria.map((criterion) => {
      const fields = { metric: criterion.metric, baseline: criterion.baseline, target: criterion.target, dueOn: criterion.due_on };
      return { id: criterion.id, ...fields, isComplete: isCriterionComplete(fields), editToken: successCriterionToken(fields) };
    }),
    objections: objections.map((objection) => ({ id: objection.id, question: objection.question, answer: objection.answer, status: objection.status, editToken: objectionToken(objection) })),
  };
}

const opportunityNameTaken = (accountName: string, name: string) =>
  new AppError('conflict', `name: "${accountName}" already has an opportunity named "${name}" (names are compared without regard to case, spacing or look-alike characters).`, { field: 'name' });

function nameClash(accountName: string, name: string) {
  return (error: unknown): never => {
    if (isUniqueViolation(error, 'opportunities_org_account_name_key')) throw opportunityNameTaken(accountName, name);
    throw error;
  };
}

/**
 * The names a deal is written with, checked under the org's opportunity-name lock (unique-names.ts): an account
 * name that reads as an account the org has ("ＨＡＲＢＯＲ Foods") is that account, written as it is stored, so its
 * deals stay together; and an opportunity name that reads as one the account has is refused as the same name is.
 * The unique index compares only `lower()`, so look-alikes are caught here; `exceptId` is the deal being changed.
 */
async function claimOpportunityNames(trx: Db, orgId: string, names: { accountName: string; name: string }, exceptId: string | null): Promise<{ accountName: string; name: string }> {
  await lockNameScope(trx, `opportunities:${orgId}`);
  const accounts = await trx.selectFrom('accounts').select(['id', 'name']).where('org_id', '=', orgId).execute();
  const accountName = findLookAlike(names.accountName, accounts, null)?.name ?? names.accountName;
  const accountKey = nameKey(accountName);
  const deals = await trx.selectFrom('opportunities').select(['id', 'account_name', 'name']).where('org_id', '=', orgId).execute();
  const twin = findLookAlike(names.name, deals.filter((deal) => nameKey(deal.account_name) === accountKey), exceptId);
  if (twin) throw opportunityNameTaken(twin.account_name, twin.name);
  return { accountName, name: names.name };
}

function validateFields(input: OpportunityInput): { accountName: string; name: string } {
  const accountName = normalizeName(input.accountName);
  const name = normalizeName(input.name);
  if (accountName === '') throw new AppError('validation_failed', 'accountName: must not be empty.', { field: 'accountName' });
  if (name === '') throw new AppError('validation_failed', 'name: must not be empty.', { field: 'name' });
  if (accountName.length > SALES_LIMITS.nameMaxLength) throw new AppError('validation_failed', `accountName: must be at most ${SALES_LIMITS.nameMaxLength} characters.`, { field: 'accountName' });
  if (name.length > SALES_LIMITS.nameMaxLength) throw new AppError('validation_failed', `name: must be at most ${SALES_LIMITS.nameMaxLength} characters.`, { field: 'name' });
  return { accountName, name };
}

/**
 * Opens an opportunity in discovery: its owner must be someone in the org who has not left, and the opener themself
 * unless an admin opens it (assertCanOpenOpportunityFor). `now` dates the opening
 * and its audit event (the demo's deals, opened months ago); without it, the database's clock.
 */
export async function createOpportunity(db: Db, actor: OrgActor, input: OpportunityInput, now?: Date): Promise<OpportunityView> {
  requirePermission(actor, 'sales.write');
  const fields = validateFields(input);
  validateDealMoney(input);
  assertCanOpenOpportunityFor({ role: actor.role, personId: await findActorPerson(db, actor) }, input.ownerPersonId);
  const id = await db.transaction().execute(async (trx) => {
    await assertOwnerHere(trx, actor.orgId, input.ownerPersonId);
    const { accountName, name } = await claimOpportunityNames(trx, actor.orgId, fields, null);
    const row = await trx
      .insertInto('opportunities')
      .values({
        org_id: actor.orgId,
        account_name: accountName,
        name,
        owner_person_id: input.ownerPersonId,
        amount: input.amount ?? null,
        delivery_cost: input.deliveryCost ?? null,
        territory: normalizeTerritory(input.territory ?? null),
        close_date: input.closeDate ?? null,
        ...(now === undefined ? {} : { created_at: now, updated_at: now, stage_changed_at: now }),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
      .catch(nameClash(accountName, name));
    await ensureAccount(trx, actor.orgId, accountName);
    await recordAuditEvent(trx, { at: now, orgId: actor.orgId, actorUserId: actor.userId, action: 'opportunity.created', subjectType: 'opportunity', subjectId: row.id, data: { name, accountName, ownerPersonId: input.ownerPersonId } });
    return row.id;
  });
  return getOpportunity(db, actor, id);
}

export interface LockedOpportunity {
  id: string;
  name: string;
  accountName: string;
  stage: OpportunityStage;
  ownerPersonId: string | null;
}

/** The facts the gates read, inside the transaction that holds the opportunity's row. */
async function discoveryFacts(trx: Db, orgId: string, opportunityId: string): Promise<DiscoveryFacts> {
  const [row, criteria, open] = await Promise.all([
    trx.selectFrom('opportunities').select(['stage', 'pr_headline', 'pr_problem', 'pr_outcome', 'pr_quote']).where('org_id', '=', orgId).where('id', '=', opportunityId).executeTakeFirstOrThrow(),
    trx.selectFrom('opportunity_success_criteria').select(['metric', 'baseline', 'target', 'due_on']).where('org_id', '=', orgId).where('opportunity_id', '=', opportunityId).execute(),
    trx.selectFrom('opportunity_objections').select(sql<number>`count(*)::int`.as('count')).where('org_id', '=', orgId).where('opportunity_id', '=', opportunityId).where('status', '=', 'open').executeTakeFirstOrThrow(),
  ]);
  return {
    stage: row.stage,
    pressRelease: { headline: row.pr_headline, problem: row.pr_problem, outcome: row.pr_outcome, quote: row.pr_quote },
    successCriteria: criteria.map((criterion) => ({ metric: criterion.metric, baseline: criterion.baseline, target: criterion.target, dueOn: criterion.due_on })),
    openObjections: open.count,
  };
}

export interface AuditNote {
  action: AuditAction;
  data: Record<string, unknown>;
}

/**
 * One change to an opportunity or its discovery record, by its owner or an admin, on an open opportunity: the row
 * is locked first so two changes cannot each pass the rules alone and together break them; after the change, the
 * record must still pass the discovery gate if the opportunity is past it; the audit row goes in the same transaction.
 */
export async function changeOpportunity(
  db: Db,
  actor: OrgActor,
  opportunityId: string,
  change: (trx: Db, opportunity: LockedOpportunity) => Promise<AuditNote | null>,
  newOwnerPersonId: string | null = null,
  /** Dates the change and its audit event (the demo's past); without it, the database's clock. */
  now?: Date,
): Promise<OpportunityView> {
  requirePermission(actor, 'sales.read');
  const actorPersonId = await findActorPerson(db, actor);
  await db.transaction().execute(async (trx) => {
    // A new owner named is held before the deal, in the order a departure takes them (holdPerson).
    if (newOwnerPersonId !== null) await holdPerson(trx, actor.orgId, newOwnerPersonId);
    const row = await trx.selectFrom('opportunities').select(['id', 'name', 'account_name', 'stage', 'owner_person_id']).where('org_id', '=', actor.orgId).where('id', '=', opportunityId).forUpdate().executeTakeFirst();
    if (!row) throw notFound('Opportunity');
    const opportunity: LockedOpportunity = { id: row.id, name: row.name, accountName: row.account_name, stage: row.stage, ownerPersonId: row.owner_person_id };
    assertCanChangeOpportunity({ role: actor.role, personId: actorPersonId }, opportunity);
    assertOpen(opportunity);
    const note = await change(trx, opportunity);
    if (note === null) return;
    assertDiscoveryKept(await discoveryFacts(trx, actor.orgId, opportunityId));
    await trx.updateTable('opportunities').set({ updated_at: now ?? sql`now()` }).where('org_id', '=', actor.orgId).where('id', '=', opportunityId).execute();
    await recordAuditEvent(trx, { at: now, orgId: actor.orgId, actorUserId: actor.userId, action: note.action, subjectType: 'opportunity', subjectId: opportunityId, data: { name: opportunity.name, accountName: opportunity.accountName, ...note.data } });
  });
  return getOpportunity(db, actor, opportunityId);
}

/** Changes the fields sent (names, owner, amount, delivery cost, territory, close date); a handed-over deal is audited with both owners. */
export async function updateOpportunity(db: Db, actor: OrgActor, opportunityId: string, change: OpportunityChange): Promise<OpportunityView> {
  validateDealMoney(change);
  return changeOpportunity(db, actor, opportunityId, async (trx, current) => {
    const stored = await trx.selectFrom('opportunities').select(['amount', 'delivery_cost', 'territory', 'close_date', 'updated_at']).where('org_id', '=', actor.orgId).where('id', '=', opportunityId).executeTakeFirstOrThrow();
    assertNotChangedSince(stored.updated_at, change.baseUpdatedAt, 'deal');
    const fields = validateFields({ accountName: change.accountName ?? current.accountName, name: change.name ?? current.name, ownerPersonId: '' });
    // Names are checked only when they change: a form that sends them back unchanged is not refused for a twin
    // written before look-alikes were compared.
    const renamed = fields.accountName !== current.accountName || fields.name !== current.name;
    const { accountName, name } = renamed ? await claimOpportunityNames(trx, actor.orgId, fields, opportunityId) : fields;
    const after = {
      account_name: accountName,
      name,
      owner_person_id: change.ownerPersonId ?? current.ownerPersonId,
      amount: change.amount === undefined ? stored.amount : change.amount,
      delivery_cost: change.deliveryCost === undefined ? stored.delivery_cost : change.deliveryCost,
      territory: change.territory === undefined ? stored.territory : normalizeTerritory(change.territory),
      close_date: change.closeDate === undefined ? stored.close_date : change.closeDate,
    };
    const before = { account_name: current.accountName, name: current.name, owner_person_id: current.ownerPersonId, amount: stored.amount, delivery_cost: stored.delivery_cost, territory: stored.territory, close_date: stored.close_date };
    const changed = (Object.keys(after) as (keyof typeof after)[]).filter((column) => after[column] !== before[column]);
    if (changed.length === 0) return null;
    if (changed.includes('owner_person_id') && after.owner_person_id !== null) await assertOwnerHere(trx, actor.orgId, after.owner_person_id);
    await trx.updateTable('opportunities').set(Object.fromEntries(changed.map((column) => [column, after[column]]))).where('org_id', '=', actor.orgId).where('id', '=', opportunityId).execute().catch(nameClash(accountName, name));
    if (changed.includes('account_name')) await ensureAccount(trx, actor.orgId, accountName);
    const fieldNames = { account_name: 'accountName', name: 'name', owner_person_id: 'ownerPersonId', amount: 'amount', delivery_cost: 'deliveryCost', territory: 'territory', close_date: 'closeDate' } as const;
    return {
      action: 'opportunity.updated',
      data: {
        changed: changed.map((column) => fieldNames[column]),
        ...(changed.includes('name') || changed.includes('account_name') ? { toName: name, toAccountName: accountName } : {}),
        // Handing a deal over is a decision the log keeps in full: who held it, and who holds it now.
        ...(changed.includes('owner_person_id') && { fromOwnerPersonId: before.owner_person_id, toOwnerPersonId: after.owner_person_id }),
      },
    };
  }, change.ownerPersonId ?? null);
}

/**
 * Moves an opportunity to another stage through the gate of the stage it enters (the domain rules say which). The
 * facts are read in the transaction that holds its row, so an objection added meanwhile cannot slip past the gate.
 */
export async function moveOpportunity(db: Db, actor: OrgActor, opportunityId: string, move: { to: OpportunityStage; reason?: string | undefined; baseUpdatedAt?: string | undefined }, now?: Date): Promise<OpportunityView> {
  requirePermission(actor, 'sales.read');
  const actorPersonId = await findActorPerson(db, actor);
  await db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('opportunities').select(['id', 'name', 'account_name', 'stage', 'owner_person_id', 'updated_at']).where('org_id', '=', actor.orgId).where('id', '=', opportunityId).forUpdate().executeTakeFirst();
    if (!row) throw notFound('Opportunity');
    assertCanChangeOpportunity({ role: actor.role, personId: actorPersonId }, { name: row.name, ownerPersonId: row.owner_person_id });
    assertMoveOnCurrentRead({ name: row.name, stage: row.stage, updatedAt: row.updated_at }, move.baseUpdatedAt);
    const reason = (move.reason ?? '').trim();
    assertCanMove(await discoveryFacts(trx, actor.orgId, opportunityId), move.to, reason);
    // A deal that closes, won or lost, closes today (on the UTC calendar, as the KPIs count it): its close date says
    // when it did, not when it was once expected to. `now` moves it on an earlier day (the demo's past deals).
    const closes = !isOpenStage(move.to);
    const at = now ?? sql<Date>`now()`;
    const moved = await trx
      .updateTable('opportunities')
      .set({ stage: move.to, lost_reason: move.to === 'lost' ? reason : '', stage_changed_at: at, updated_at: at, ...(closes && { close_date: sql<string>`(${at}::timestamptz at time zone 'UTC')::date` }) })
      .where('org_id', '=', actor.orgId)
      .where('id', '=', opportunityId)
      .returning('close_date')
      .executeTakeFirstOrThrow();
    await recordAuditEvent(trx, {
      at: now,
      orgId: actor.orgId,
      actorUserId: actor.userId,
      action: 'opportunity.stage_changed',
      subjectType: 'opportunity',
      subjectId: opportunityId,
      data: { name: row.name, accountName: row.account_name, from: row.stage, to: move.to, ...(reason !== '' && { reason }), ...(closes && { closeDate: moved.close_date }) },
    });
  });
  return getOpportunity(db, actor, opportunityId);
}
