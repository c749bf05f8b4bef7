import { sql } from 'kysely';
import { AppError, notFound } from '../../domain/errors.js';
import { assertLaunchKeepsInput, type LaunchInput } from '../../domain/initiatives/pipeline-rules.js';
import type { InitiativeStage } from '../../domain/initiatives/stages.js';
import { can } from '../../domain/accounts/roles.js';
import { assertCanChangeMetric, metricNameKey, targetStatus, validateMetric, type GoodDirection, type MetricFields, type MetricKind, type TargetStatus } from '../../domain/metrics/metric-rules.js';
import type { Db } from '../../storage/database.js';
import { isUniqueViolation } from '../../storage/pg-errors.js';
import { recordAuditEvent } from '../audit/audit.service.js';
import { assertNameFree } from '../unique-names.js';
import { requirePermission, type OrgActor } from '../context.js';
import { requireLiveInitiative } from '../people/org-structure.service.js';
import { assertOwnerHere, findActorPerson, holdPerson } from '../people/people.service.js';
import { latestPublishedWeeks, type PublishedMetricWeek } from '../wbr/wbr-metric-weeks.service.js';
import { assertNotChangedSince } from '../../domain/stale-write.js';

export interface MetricView {
  id: string;
  name: string;
  definition: string;
  kind: MetricKind;
  controllable: boolean;
  /** The owner, with the day they left when they did (the catalog flags it so someone takes the metric over). */
  owner: { id: string; name: string; leftOn: string | null } | null;
  unit: string;
  goodDirection: GoodDirection | null;
  target: number | null;
  /** The initiative that promises to move this metric, with its stage (a killed one needs replacing). */
  initiative: { id: string; name: string; stage: InitiativeStage } | null;
  createdAt: string;
  updatedAt: string;
}

/** A new metric as the API takes it: the optional fields default to "not controllable, no unit, no direction, no target, no initiative". */
export interface MetricInput {
  name: string;
  definition: string;
  kind: MetricKind;
  controllable?: boolean | undefined;
  ownerPersonId: string;
  unit?: string | undefined;
  goodDirection?: GoodDirection | null | undefined;
  target?: number | null | undefined;
  initiativeId?: string | null | undefined;
}

export type MetricChange = Partial<MetricInput> & {
  /** The metric's `updatedAt` as the changer read it: a metric changed since is refused, not overwritten. */
  baseUpdatedAt?: string | undefined;
};

export interface MetricFilters {
  kind?: MetricKind | undefined;
  controllable?: boolean | undefined;
  ownerPersonId?: string | undefined;
  initiativeId?: string | undefined;
}

function selectMetrics(db: Db, orgId: string) {
  return db
    .selectFrom('metrics')
    .leftJoin('people', 'people.id', 'metrics.owner_person_id')
    .leftJoin('initiatives', 'initiatives.id', 'metrics.initiative_id')
    .select([
      'metrics.id',
      'metrics.name',
      'metrics.definition',
      'metrics.kind',
      'metrics.controllable',
      'metrics.owner_person_id',
      'metrics.unit',
      'metrics.good_direction',
      'metrics.target',
      'metrics.initiative_id',
      'metrics.created_at',
      'metrics.updated_at',
      'people.name as owner_name',
      'people.left_on as owner_left_on',
      'initiatives.name as initiative_name',
      'initiatives.stage as initiative_stage',
    ])
    .where('metrics.org_id', '=', orgId);
}

type MetricRow = Awaited<ReturnType<ReturnType<typeof selectMetrics>['executeTakeFirstOrThrow']>>;

function toMetricView(row: MetricRow): MetricView {
  return {
    id: row.id,
    name: row.name,
    definition: row.definition,
    kind: row.kind,
    controllable: row.controllable,
    owner: row.owner_person_id === null ? null : { id: row.owner_person_id, name: row.owner_name ?? '', leftOn: row.owner_left_on ?? null },
    unit: row.unit,
    goodDirection: row.good_direction,
    target: row.target,
    initiative: row.initiative_id === null || row.initiative_stage === null ? null : { id: row.initiative_id, name: row.initiative_name ?? '', stage: row.initiative_stage },
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

/** The catalog by name, narrowed by any of the filters. */
/** A catalog entry with where the weekly business review last showed it, and whether that week met its target. */
export interface MetricListItem extends MetricView {
  lastWeek: { deck: { id: string; name: string }; weekEnding: string; valueText: string | null; targetStatus: TargetStatus | null } | null;
}

export async function listMetrics(db: Db, actor: OrgActor, filters: MetricFilters = {}): Promise<MetricListItem[]> {
  requirePermission(actor, 'metrics.read');
  let query = selectMetrics(db, actor.orgId);
  if (filters.kind !== undefined) query = query.where('metrics.kind', '=', filters.kind);
  if (filters.controllable !== undefined) query = query.where('metrics.controllable', '=', filters.controllable);
  if (filters.ownerPersonId !== undefined) query = query.where('metrics.owner_person_id', '=', filters.ownerPersonId);
  if (filters.initiativeId !== undefined) query = query.where('metrics.initiative_id', '=', filters.initiativeId);
  const rows = await query.orderBy(sql`lower(metrics.name)`).orderBy('metrics.id').execute();
  const views = rows.map(toMetricView);
  // Someone who cannot read the review sees the catalog without its weeks.
  const weeks = can(actor.role, 'wbr.read') ? await latestPublishedWeeks(db, actor.orgId, views.map((view) => view.name)) : new Map<string, PublishedMetricWeek>();
  return views.map((view) => {
    const week = weeks.get(metricNameKey(view.name));
    return {
      ...view,
      lastWeek: week === undefined ? null : { deck: week.deck, weekEnding: week.weekEnding, valueText: week.valueText, targetStatus: targetStatus(week.valueForTarget, view.target, view.goodDirection) },
    };
  });
}

export async function getMetric(db: Db, actor: OrgActor, metricId: string): Promise<MetricView> {
  requirePermission(actor, 'metrics.read');
  const row = await selectMetrics(db, actor.orgId).where('metrics.id', '=', metricId).executeTakeFirst();
  if (!row) throw notFound('Metric');
  return toMetricView(row);
}

const nameTaken = (name: string) => new AppError('conflict', `name: a metric named "${name}" is already in the catalog (names are compared without regard to case, spacing or look-alike characters).`, { field: 'name' });

function nameClash(name: string) {
  return (error: unknown): never => {
    if (isUniqueViolation(error, 'metrics_org_name_key')) throw nameTaken(name);
    throw error;
  };
}

/**
 * Refuses a name that reads as one already in the org's catalog ("Café" typed two ways, full-width letters): the
 * unique index compares only `lower(name)`, so the look-alikes are caught here. The names of the org's metrics are
 * compared under a per-org lock, so two requests cannot each find the name free; `exceptId` is the metric renamed.
 */
async function assertMetricNameFree(trx: Db, orgId: string, name: string, exceptId: string | null): Promise<void> {
  await assertNameFree(trx, {
    scope: `metrics:${orgId}`,
    name,
    exceptId,
    existing: () => trx.selectFrom('metrics').select(['id', 'name']).where('org_id', '=', orgId).execute(),
    taken: nameTaken,
  });
}

function toColumns(fields: MetricFields) {
  return {
    name: fields.name,
    definition: fields.definition,
    kind: fields.kind,
    controllable: fields.controllable,
    owner_person_id: fields.ownerPersonId,
    unit: fields.unit,
    good_direction: fields.goodDirection,
    target: fields.target,
    initiative_id: fields.initiativeId,
  };
}

/**
 * Adds a metric to the catalog: its owner must be someone still here, its initiative one of the org's. `now` dates the
 * metric and its audit event (the demo's catalog, built over months); without it, the database's clock.
 */
export async function createMetric(db: Db, actor: OrgActor, input: MetricInput, now?: Date): Promise<MetricView> {
  requirePermission(actor, 'metrics.write');
  const fields = validateMetric({
    name: input.name,
    definition: input.definition,
    kind: input.kind,
    controllable: input.controllable ?? false,
    ownerPersonId: input.ownerPersonId,
    unit: input.unit ?? '',
    goodDirection: input.goodDirection ?? null,
    target: input.target ?? null,
    initiativeId: input.initiativeId ?? null,
  });
  const id = await db.transaction().execute(async (trx) => {
    await assertOwnerHere(trx, actor.orgId, input.ownerPersonId);
    if (fields.initiativeId !== null) await requireLiveInitiative(trx, actor.orgId, fields.initiativeId, 'initiativeId');
    await assertMetricNameFree(trx, actor.orgId, fields.name, null);
    const row = await trx.insertInto('metrics').values({ org_id: actor.orgId, ...toColumns(fields), ...(now === undefined ? {} : { created_at: now, updated_at: now }) }).returning('id').executeTakeFirstOrThrow().catch(nameClash(fields.name));
    await recordAuditEvent(trx, {
      at: now,
      orgId: actor.orgId,
      actorUserId: actor.userId,
      action: 'metric.created',
      subjectType: 'metric',
      subjectId: row.id,
      data: { name: fields.name, kind: fields.kind, controllable: fields.controllable, ownerPersonId: fields.ownerPersonId, unit: fields.unit, goodDirection: fields.goodDirection, target: fields.target, initiativeId: fields.initiativeId },
    });
    return row.id;
  });
  return getMetric(db, actor, id);
}

const FIELD_COLUMNS: Record<keyof MetricFields, keyof ReturnType<typeof toColumns>> = {
  name: 'name',
  definition: 'definition',
  kind: 'kind',
  controllable: 'controllable',
  ownerPersonId: 'owner_person_id',
  unit: 'unit',
  goodDirection: 'good_direction',
  target: 'target',
  initiativeId: 'initiative_id',
};

/**
 * Each changed field as it was and as it is (`fromTarget: 99.5, toTarget: 99.8`, `fromOwnerPersonId`, …): a target,
 * a direction or an owner is a decision the log keeps in full, so "who lowered the target, from what" has an answer.
 * The definition, prose of up to 2,000 characters, is named in `changed` only.
 */
function changeValues(changed: readonly (keyof MetricFields)[], before: MetricFields, after: MetricFields): Record<string, unknown> {
  const suffix = (field: string) => field.charAt(0).toUpperCase() + field.slice(1);
  return Object.fromEntries(changed.filter((field) => field !== 'definition').flatMap((field) => [[`from${suffix(field)}`, before[field]], [`to${suffix(field)}`, after[field]]]));
}

/**
 * The launch rule, for a change to a metric linked to an initiative: the initiative's row is locked first, so two
 * changes to its last two inputs cannot each count the other and together leave it with none. The lock is
 * FOR NO KEY UPDATE: it still serialises those changes and the initiative's moves, but not the foreign-key checks
 * of metrics linked to it meanwhile (FOR UPDATE made two metrics swapping initiatives deadlock).
 */
async function assertLaunchedInitiativeKeepsInput(trx: Db, orgId: string, metricId: string, before: LaunchInput, after: LaunchInput | null): Promise<void> {
  if (before.initiativeId === null) return;
  const initiative = await trx.selectFrom('initiatives').select(['id', 'name', 'stage']).where('org_id', '=', orgId).where('id', '=', before.initiativeId).forNoKeyUpdate().executeTakeFirst();
  if (!initiative || initiative.stage !== 'launched') return;
  const others = await trx.selectFrom('metrics').select(sql<number>`count(*)::int`.as('count')).where('org_id', '=', orgId).where('initiative_id', '=', initiative.id)
    .where('kind', '=', 'input').where('controllable', '=', true).where('id', '!=', metricId).executeTakeFirstOrThrow();
  assertLaunchKeepsInput(initiative, before, after, others.count);
}

/**
 * Changes some fields of a metric, by its owner or an admin. The rules run on the metric as it would be after
 * the change, in the transaction that holds its row, so two edits cannot together produce what each alone would
 * have been refused (e.g. one makes it an output while the other makes it controllable).
 */
export async function updateMetric(db: Db, actor: OrgActor, metricId: string, change: MetricChange): Promise<MetricView> {
  requirePermission(actor, 'metrics.read');
  const actorPersonId = await findActorPerson(db, actor);
  await db.transaction().execute(async (trx) => {
    // The owner named is held before the metric, in the order a departure takes them (the leaver's people, then
    // their metrics): the other order could deadlock with a departure handing this metric over.
    if (change.ownerPersonId !== undefined) await holdPerson(trx, actor.orgId, change.ownerPersonId);
    const current = await trx.selectFrom('metrics').selectAll().where('org_id', '=', actor.orgId).where('id', '=', metricId).forUpdate().executeTakeFirst();
    if (!current) throw notFound('Metric');
    assertCanChangeMetric({ role: actor.role, personId: actorPersonId }, { name: current.name, ownerPersonId: current.owner_person_id });
    assertNotChangedSince(current.updated_at, change.baseUpdatedAt, 'metric');
    const before: MetricFields = {
      name: current.name,
      definition: current.definition,
      kind: current.kind,
      controllable: current.controllable,
      ownerPersonId: current.owner_person_id,
      unit: current.unit,
      goodDirection: current.good_direction,
      target: current.target,
      initiativeId: current.initiative_id,
    };
    const validated = validateMetric({
      name: change.name ?? before.name,
      definition: change.definition ?? before.definition,
      kind: change.kind ?? before.kind,
      controllable: change.controllable ?? before.controllable,
      ownerPersonId: change.ownerPersonId ?? before.ownerPersonId,
      unit: change.unit ?? before.unit,
      goodDirection: change.goodDirection === undefined ? before.goodDirection : change.goodDirection,
      target: change.target === undefined ? before.target : change.target,
      initiativeId: change.initiativeId === undefined ? before.initiativeId : change.initiativeId,
    });
    // A name not sent stays as stored, even one written before names were normalised as they are now: a change of
    // target must not turn into a rename that meets a look-alike of the catalog.
    const after: MetricFields = change.name === undefined ? { ...validated, name: before.name } : validated;
    const changed = (Object.keys(FIELD_COLUMNS) as (keyof MetricFields)[]).filter((field) => after[field] !== before[field]);
    if (changed.length === 0) return;
    // Only what changes is checked against the org: an owner who has since left may stay until someone takes over.
    if (changed.includes('ownerPersonId') && after.ownerPersonId !== null) await assertOwnerHere(trx, actor.orgId, after.ownerPersonId);
    if (changed.includes('initiativeId') && after.initiativeId !== null) await requireLiveInitiative(trx, actor.orgId, after.initiativeId, 'initiativeId');
    if (changed.includes('name')) await assertMetricNameFree(trx, actor.orgId, after.name, metricId);
    await assertLaunchedInitiativeKeepsInput(trx, actor.orgId, metricId, before, after);
    const columns = toColumns(after);
    const set = Object.fromEntries(changed.map((field) => [FIELD_COLUMNS[field], columns[FIELD_COLUMNS[field]]]));
    await trx.updateTable('metrics').set({ ...set, updated_at: sql`now()` }).where('org_id', '=', actor.orgId).where('id', '=', metricId).execute().catch(nameClash(after.name));
    await recordAuditEvent(trx, {
      orgId: actor.orgId,
      actorUserId: actor.userId,
      action: 'metric.updated',
      subjectType: 'metric',
      subjectId: metricId,
      data: { name: after.name, changed, ...changeValues(changed, before, after) },
    });
  });
  return getMetric(db, actor, metricId);
}

/**
 * Removes a metric from the catalog, by its owner or an admin; the audit log keeps what it said. Nothing published
 * refers to it by id: a deck charts metrics by name, a published week keeps the targets it was published with, and
 * an anomaly keeps its owner, so those stay as they were (an anomaly only loses its link to the catalog entry).
 */
export async function deleteMetric(db: Db, actor: OrgActor, metricId: string): Promise<void> {
  requirePermission(actor, 'metrics.read');
  const actorPersonId = await findActorPerson(db, actor);
  await db.transaction().execute(async (trx) => {
    const current = await trx.selectFrom('metrics').select(['name', 'kind', 'controllable', 'initiative_id', 'owner_person_id', 'unit', 'good_direction', 'target']).where('org_id', '=', actor.orgId).where('id', '=', metricId).forUpdate().executeTakeFirst();
    if (!current) throw notFound('Metric');
    assertCanChangeMetric({ role: actor.role, personId: actorPersonId }, { name: current.name, ownerPersonId: current.owner_person_id });
    await assertLaunchedInitiativeKeepsInput(trx, actor.orgId, metricId, { initiativeId: current.initiative_id, kind: current.kind, controllable: current.controllable }, null);
    await trx.deleteFrom('metrics').where('org_id', '=', actor.orgId).where('id', '=', metricId).execute();
    await recordAuditEvent(trx, {
      orgId: actor.orgId,
      actorUserId: actor.userId,
      action: 'metric.deleted',
      subjectType: 'metric',
      subjectId: metricId,
      // What the catalog said of it when it went, so "what did we stop measuring, and what was its target" has an answer.
      data: { name: current.name, kind: current.kind, controllable: current.controllable, ownerPersonId: current.owner_person_id, unit: current.unit, goodDirection: current.good_direction, target: current.target, initiativeId: current.initiative_id },
    });
  });
}
