import type { InitiativeStage } from '../../domain/initiatives/stages.js';
import { sql } from 'kysely';
import { formatDay } from '../../domain/dates.js';
import { AppError, notFound } from '../../domain/errors.js';
import { assertNoReportingCycle, buildOrgChart, type OrgChartNode } from '../../domain/people/org-graph.js';
import type { OrgViolation } from '../../domain/people/single-threaded-rules.js';
import type { Db } from '../../storage/database.js';
import { isUniqueViolation } from '../../storage/pg-errors.js';
import { recordAuditEvent } from '../audit/audit.service.js';
import { requirePermission, type OrgActor } from '../context.js';
import { changeOrgStructure, currentViolations } from './org-state.js';
import { normaliseEmail } from '../../domain/accounts/account-rules.js';
import { can } from '../../domain/accounts/roles.js';
import { PEOPLE_LIMITS } from '../../domain/people/people-rules.js';
import { assertRecordKept } from '../../domain/people/departure-rules.js';
import { assertSameContent, fieldsToken } from '../../domain/stale-write.js';

export interface PersonSummary {
  id: string;
  name: string;
  email: string;
  role: string;
  level: number;
  managerId: string | null;
  dottedLineManagerId: string | null;
  userId: string | null;
  /** The day they left the company (YYYY-MM-DD); null while they are here. */
  leftOn: string | null;
}

export interface AllocationView {
  id: string;
  teamId: string | null;
  initiativeId: string | null;
  targetName: string;
  percent: number;
  /** Send it back as `baseToken` when removing it: a change to it since (its percent) refuses the removal (409). */
  editToken: string;
}

export interface PersonView extends PersonSummary {
  /** Send it back as `baseToken` with a change: one made to the person since refuses it (409). */
  editToken: string;
  allocations: AllocationView[];
  /** Send it back as `baseToken` when setting one of their allocations: one set or removed since refuses it (409). */
  allocationsToken: string;
  leads: { id: string; name: string; status: string; stage: InitiativeStage }[];
  /** The catalog metrics this person answers for each week. */
  metricsOwned: { id: string; name: string; kind: 'input' | 'output'; controllable: boolean }[];
  /** The business review anomalies waiting for their answer (open or explained), oldest first. */
  anomaliesToAnswer: { id: string; deckId: string; deckName: string; metric: string; status: 'open' | 'explained'; firstWeekEnding: string }[];
  /** Their open sales opportunities (not won or lost); empty for a viewer whose role does not see sales. */
  openDeals: { id: string; accountName: string; name: string; stage: 'discovery' | 'solution' | 'proposal' }[];
}

/**
 * The token of all of a person's allocations (in no particular order): the allocation form splits their time across
 * them, so a share set or removed by a colleague since the form was read refuses its save, whichever target it names.
 */
export function allocationsToken(rows: ReadonlyArray<{ team_id: string | null; initiative_id: string | null; percent: number }>): string {
  return fieldsToken(rows.map((row) => `${row.team_id ?? ''}/${row.initiative_id ?? ''}/${row.percent}`).sort());
}

/** The token of one allocation: where it is and its share, so a removal made from a stale read is refused. */
export function allocationEditToken(row: { team_id: string | null; initiative_id: string | null; percent: number }): string {
  return fieldsToken([row.team_id, row.initiative_id, row.percent]);
}

/** Everything a change to the person may write, so an edit, a departure moving reports or an import all move it. */
function personEditToken(row: PersonRow): string {
  return fieldsToken([row.name, row.email, row.role, row.level, row.manager_id, row.dotted_line_manager_id, row.user_id, row.left_on]);
}

export interface PersonInput {
  name: string;
  email: string;
  role: string;
  level: number;
  managerId?: string | null | undefined;
  dottedLineManagerId?: string | null | undefined;
  userId?: string | null | undefined;
}

const personColumns = ['id', 'name', 'email', 'role', 'level', 'manager_id', 'dotted_line_manager_id', 'user_id', 'left_on'] as const;

type PersonRow = { id: string; name: string; email: string; role: string; level: number; manager_id: string | null; dotted_line_manager_id: string | null; user_id: string | null; left_on: string | null };

export function toPersonSummary(row: PersonRow): PersonSummary {
  return { id: row.id, name: row.name, email: row.email, role: row.role, level: row.level, managerId: row.manager_id, dottedLineManagerId: row.dotted_line_manager_id, userId: row.user_id, leftOn: row.left_on };
}

/** Everyone in the org by name: the people here, and with `includeLeft` also those who left the company. */
export async function listPeople(db: Db, actor: OrgActor, options: { includeLeft?: boolean } = {}): Promise<PersonSummary[]> {
  requirePermission(actor, 'people.read');
  let query = db.selectFrom('people').select(personColumns).where('org_id', '=', actor.orgId);
  if (options.includeLeft !== true) query = query.where('left_on', 'is', null);
  const rows = await query.orderBy('name').orderBy('id').execute();
  return rows.map(toPersonSummary);
}

export async function getPerson(db: Db, actor: OrgActor, personId: string): Promise<PersonView> {
  requirePermission(actor, 'people.read');
  const row = await db.selectFrom('people').select(personColumns).where('org_id', '=', actor.orgId).where('id', '=', personId).executeTakeFirst();
  if (!row) throw notFound('Person');
  const [allocations, leads, metricsOwned, anomalies, openDeals] = await Promise.all([
    db
      .selectFrom('allocations')
      .leftJoin('teams', 'teams.id', 'allocations.team_id')
      .leftJoin('initiatives', 'initiatives.id', 'allocations.initiative_id')
      .select(['allocations.id', 'allocations.team_id', 'allocations.initiative_id', 'allocations.percent', 'teams.name as team_name', 'initiatives.name as initiative_name'])
      .where('allocations.org_id', '=', actor.orgId)
      .where('allocations.person_id', '=', personId)
      .execute(),
    db.selectFrom('initiatives').select(['id', 'name', 'status', 'stage']).where('org_id', '=', actor.orgId).where('stl_person_id', '=', personId).orderBy('name').execute(),
    db.selectFrom('metrics').select(['id', 'name', 'kind', 'controllable']).where('org_id', '=', actor.orgId).where('owner_person_id', '=', personId).orderBy('name').execute(),
    db
      .selectFrom('wbr_anomalies')
      .innerJoin('wbr_decks', 'wbr_decks.id', 'wbr_anomalies.deck_id')
      .select(['wbr_anomalies.id', 'wbr_anomalies.deck_id', 'wbr_decks.name as deck_name', 'wbr_anomalies.metric_name', 'wbr_anomalies.status', 'wbr_anomalies.first_week_ending'])
      .where('wbr_anomalies.org_id', '=', actor.orgId)
      .where('wbr_anomalies.owner_person_id', '=', personId)
      .where('wbr_anomalies.status', '!=', 'resolved')
      // A correction withdrew it: it waits for nobody's answer.
      .where('wbr_anomalies.withdrawn_by_snapshot_id', 'is', null)
      .orderBy('wbr_anomalies.first_week_ending')
      .orderBy('wbr_anomalies.metric_name')
      .execute(),
    // Deals are for those who see sales: a recruiter reads people, not the pipeline.
    can(actor.role, 'sales.read')
      ? db
          .selectFrom('opportunities')
          .select(['id', 'account_name', 'name', 'stage'])
          .where('org_id', '=', actor.orgId)
          .where('owner_person_id', '=', personId)
          .where('stage', 'not in', ['won', 'lost'])
          .orderBy(sql`lower(account_name)`)
          .orderBy(sql`lower(name)`)
          .execute()
      : Promise.resolve([]),
  ]);
  return {
    ...toPersonSummary(row),
    editToken: personEditToken(row),
    allocationsToken: allocationsToken(allocations),
    allocations: allocations.map((allocation) => ({
      id: allocation.id,
      teamId: allocation.team_id,
      initiativeId: allocation.initiative_id,
      targetName: allocation.team_name ?? allocation.initiative_name ?? '',
      percent: allocation.percent,
      editToken: allocationEditToken(allocation),
    })),
    leads,
    metricsOwned,
    anomaliesToAnswer: anomalies.map((anomaly) => ({
      id: anomaly.id,
      deckId: anomaly.deck_id,
      deckName: anomaly.deck_name,
      metric: anomaly.metric_name,
      // The query leaves resolved ones out.
      status: anomaly.status as 'open' | 'explained',
      firstWeekEnding: anomaly.first_week_ending,
    })),
    // The query leaves won and lost deals out.
    openDeals: openDeals.map((deal) => ({ id: deal.id, accountName: deal.account_name, name: deal.name, stage: deal.stage as 'discovery' | 'solution' | 'proposal' })),
  };
}

/**
 * The management chains above the given people (them included), as a partial manager map. The
 * reporting-chain rules only walk upwards, so this is all they need, at the cost of the chains' depth
 * rather than the size of the org. `union` (not `union all`) stops on a cycle.
 */
export async function loadReportingChains(db: Db, orgId: string, personIds: readonly string[]): Promise<Map<string, string | null>> {
  if (personIds.length === 0) return new Map();
  const result = await sql<{ id: string; manager_id: string | null }>`
    with recursive chain(id, manager_id) as (
      select id, manager_id from people where org_id = ${orgId} and id = any(${[...personIds]}::uuid[])
      union
      select p.id, p.manager_id from people p join chain c on p.id = c.manager_id where p.org_id = ${orgId}
    )
    select id, manager_id from chain`.execute(db);
  return new Map(result.rows.map((row) => [row.id, row.manager_id]));
}

/**
 * The reporting lines above the given people (them included), solid and dotted, as the chain rules walk them
 * (ReportingLinesOf): each person reached, with their manager and their dotted-line manager. Like
 * loadReportingChains, it costs the depth of the lines above, not the size of the org; `union` stops on a cycle.
 */
export async function loadReportingLines(db: Db, orgId: string, personIds: readonly string[]): Promise<Map<string, string[]>> {
  if (personIds.length === 0) return new Map();
  const result = await sql<{ id: string; manager_id: string | null; dotted_line_manager_id: string | null }>`
    with recursive reached(id) as (
      select id from people where org_id = ${orgId} and id = any(${[...personIds]}::uuid[])
      union
      select above.id from reached
      join people below on below.id = reached.id
      join people above on above.id in (below.manager_id, below.dotted_line_manager_id)
      where above.org_id = ${orgId}
    )
    select people.id, people.manager_id, people.dotted_line_manager_id from people join reached on reached.id = people.id`.execute(db);
  return new Map(result.rows.map((row) => [row.id, [row.manager_id, row.dotted_line_manager_id].filter((id): id is string => id !== null)]));
}

/**
 * Checks that a person named in a change (a manager, a successor, a leader, someone allocated...) is in the org
 * and has not left it. Returns their name, for the audit event that records the change.
 */
export async function assertPersonHere(db: Db, orgId: string, personId: string, field: string): Promise<string> {
  const row = await db.selectFrom('people').select(['name', 'left_on']).where('org_id', '=', orgId).where('id', '=', personId).executeTakeFirst();
  if (!row) throw new AppError('validation_failed', `${field}: no such person in this org.`, { field });
  if (row.left_on !== null) throw new AppError('validation_failed', `${field}: ${row.name} left the company on ${formatDay(row.left_on)}.`, { field });
  return row.name;
}

/**
 * Holds a person's row against a departure until the transaction ends (a second hold by the same transaction is
 * free). A departure locks the leaver's row before handing their metrics, decks, anomalies, deals and accounts to a
 * successor, so an owner held first is seen as having left (the departure came first) or keeps the row until the
 * item is theirs, and the departure then hands it over too. Take it before locking the item's own row, in the
 * departure's order (person, then their items): the other order could deadlock with a departure handing it over.
 */
export async function holdPerson(trx: Db, orgId: string, personId: string): Promise<void> {
  await holdPeople(trx, orgId, [personId]);
}

/** holdPerson for several people at once (those who may be given something, when it is not yet known which). */
export async function holdPeople(trx: Db, orgId: string, personIds: readonly string[]): Promise<void> {
  if (personIds.length === 0) return;
  await trx.selectFrom('people').select('id').where('org_id', '=', orgId).where('id', 'in', [...new Set(personIds)]).orderBy('id').forShare().execute();
}

/**
 * Checks that someone given a thing to own (a metric, a deck, an anomaly, a deal, an account) is in the org and has
 * not left, holding their row until the change commits (holdPerson): the foreign key alone takes a lock a departure
 * does not wait for, and the thing would stay with someone who left. Returns their name.
 */
export async function assertOwnerHere(trx: Db, orgId: string, personId: string, field = 'ownerPersonId'): Promise<string> {
  await holdPerson(trx, orgId, personId);
  return assertPersonHere(trx, orgId, personId, field);
}

/** The login to link: the one named, which must be a member of the org, or else a member with the same email. */
async function resolveUserLink(db: Db, orgId: string, email: string, userId: string | null | undefined): Promise<string | null> {
  if (userId === null) return null;
  let query = db.selectFrom('memberships').innerJoin('users', 'users.id', 'memberships.user_id').select('users.id').where('memberships.org_id', '=', orgId);
  query = userId === undefined ? query.where(sql`lower(users.email)`, '=', email.toLowerCase()) : query.where('users.id', '=', userId);
  const row = await query.executeTakeFirst();
  if (!row && userId !== undefined) throw new AppError('validation_failed', 'userId: that login is not a member of this org.', { field: 'userId' });
  return row?.id ?? null;
}

function uniqueClash(error: unknown): never {
  if (isUniqueViolation(error)) {
    if (isUniqueViolation(error, 'people_org_user_key')) throw new AppError('conflict', 'That login is already linked to another person.', { field: 'userId' });
    throw new AppError('conflict', 'A person with that email is already in the org.', { field: 'email' });
  }
  throw error;
}

export async function createPerson(db: Db, actor: OrgActor, input: PersonInput): Promise<PersonView> {
  requirePermission(actor, 'people.manage');
  const id = await changeOrgStructure(db, actor.orgId, async (trx) => {
    if (input.managerId) await assertPersonHere(trx, actor.orgId, input.managerId, 'managerId');
    if (input.dottedLineManagerId) await assertPersonHere(trx, actor.orgId, input.dottedLineManagerId, 'dottedLineManagerId');
    const userId = await resolveUserLink(trx, actor.orgId, input.email, input.userId);
    const row = await trx
      .insertInto('people')
      .values({ org_id: actor.orgId, name: input.name.trim(), email: normaliseEmail(input.email), role: input.role.trim(), level: input.level, manager_id: input.managerId ?? null, dotted_line_manager_id: input.dottedLineManagerId ?? null, user_id: userId })
      .returning('id')
      .executeTakeFirstOrThrow()
      .catch(uniqueClash);
    await recordAuditEvent(trx, { orgId: actor.orgId, actorUserId: actor.userId, action: 'person.created', subjectType: 'person', subjectId: row.id, data: { name: input.name.trim() } });
    return row.id;
  });
  return getPerson(db, actor, id);
}

/** What a member says about themself when they join the org chart; the rest comes from their login. */
export interface SelfPersonInput {
  role: string;
  level: number;
}

/**
 * Puts the signed-in member on the org chart: a person with the name and email of their login, linked to it, at
 * the top of the chart until someone gives them a manager. Any role may do it, for themself only, once.
 */
export async function addSelfToOrgChart(db: Db, actor: OrgActor, input: SelfPersonInput): Promise<PersonView> {
  requirePermission(actor, 'people.read');
  const id = await changeOrgStructure(db, actor.orgId, async (trx) => {
    const user = await trx.selectFrom('users').select(['name', 'email']).where('id', '=', actor.userId).executeTakeFirst();
    if (!user) throw notFound('Your account');
    const email = normaliseEmail(user.email);
    const existing = await trx
      .selectFrom('people')
      .select(['name', 'user_id'])
      .where('org_id', '=', actor.orgId)
      // Someone who left and came back is a new person on the chart: their old record stays their history.
      .where('left_on', 'is', null)
      .where((eb) => eb.or([eb('user_id', '=', actor.userId), eb(sql`lower(email)`, '=', email)]))
      .orderBy(sql`user_id is null`)
      .executeTakeFirst();
    if (existing?.user_id === actor.userId) {
      throw new AppError('rule_violation', `You are already on the org chart, as ${existing.name}.`, { rule: 'people.already_on_chart' });
    }
    if (existing) {
      throw new AppError('conflict', `${existing.name} is already on the org chart with your email (${email}). Ask an admin to link that person to your login rather than adding a second one.`, { rule: 'people.email_on_chart' });
    }
    const name = user.name.trim().slice(0, PEOPLE_LIMITS.nameMaxLength);
    const row = await trx
      .insertInto('people')
      .values({ org_id: actor.orgId, name, email, role: input.role.trim(), level: input.level, manager_id: null, dotted_line_manager_id: null, user_id: actor.userId })
      .returning('id')
      .executeTakeFirstOrThrow()
      .catch(uniqueClash);
    await recordAuditEvent(trx, { orgId: actor.orgId, actorUserId: actor.userId, action: 'person.created', subjectType: 'person', subjectId: row.id, data: { name, isSelf: true } });
    return row.id;
  });
  return getPerson(db, actor, id);
}

export async function updatePerson(db: Db, actor: OrgActor, personId: string, input: Partial<PersonInput> & { baseToken?: string | undefined }): Promise<PersonView> {
  requirePermission(actor, 'people.manage');
  await changeOrgStructure(db, actor.orgId, async (trx) => {
    const current = await trx.selectFrom('people').select(personColumns).where('org_id', '=', actor.orgId).where('id', '=', personId).forUpdate().executeTakeFirst();
    if (!current) throw notFound('Person');
    assertSameContent(personEditToken(current), input.baseToken, 'person', 'baseToken');
    assertRecordKept({ name: current.name, leftOn: current.left_on });
    // An admin's own level decides their calibration group and promotions, and unlinking their login would let them
    // review themselves: both are for another admin to change (reviews refuse review.not_self by the login link).
    if (current.user_id === actor.userId) {
      if (input.level !== undefined && input.level !== current.level) throw new AppError('rule_violation', 'Your own level is changed by another admin (it is what your reviews and promotions are judged at).', { rule: 'people.not_self', field: 'level' });
      if (input.userId !== undefined && input.userId !== current.user_id) throw new AppError('rule_violation', 'Your own person record stays linked to your login: another admin can change that link.', { rule: 'people.not_self', field: 'userId' });
    }
    let managerName: string | null = null;
    if (input.managerId !== undefined && input.managerId !== current.manager_id) {
      if (input.managerId !== null) managerName = await assertPersonHere(trx, actor.orgId, input.managerId, 'managerId');
      // Dotted lines count: a manager who has a dotted line to this person, however far up, would close a loop.
      assertNoReportingCycle(personId, input.managerId, await loadReportingLines(trx, actor.orgId, input.managerId === null ? [] : [input.managerId]));
    }
    let dottedLineManagerName: string | null = null;
    if (input.dottedLineManagerId) {
      if (input.dottedLineManagerId === personId) throw new AppError('validation_failed', 'dottedLineManagerId: a person cannot have a dotted line to themself.', { field: 'dottedLineManagerId' });
      dottedLineManagerName = await assertPersonHere(trx, actor.orgId, input.dottedLineManagerId, 'dottedLineManagerId');
      // A dotted line to someone below them (their own report, or anyone answering to them) is a reporting loop too.
      if (input.dottedLineManagerId !== current.dotted_line_manager_id) {
        assertNoReportingCycle(personId, input.dottedLineManagerId, await loadReportingLines(trx, actor.orgId, [input.dottedLineManagerId]), 'dottedLineManagerId');
      }
    }
    const email = input.email === undefined ? undefined : normaliseEmail(input.email);
    const userId = input.userId === undefined ? undefined : await resolveUserLink(trx, actor.orgId, email ?? current.email, input.userId);
    const proposed = {
      ...(input.name === undefined ? {} : { name: input.name.trim() }),
      ...(email === undefined ? {} : { email }),
      ...(input.role === undefined ? {} : { role: input.role.trim() }),
      ...(input.level === undefined ? {} : { level: input.level }),
      ...(input.managerId === undefined ? {} : { manager_id: input.managerId }),
      ...(input.dottedLineManagerId === undefined ? {} : { dotted_line_manager_id: input.dottedLineManagerId }),
      ...(userId === undefined ? {} : { user_id: userId }),
    };
    // Only what differs is changed and audited: the person form sends every field, and the log should say which one changed.
    const changes = Object.fromEntries(Object.entries(proposed).filter(([column, value]) => current[column as keyof typeof proposed] !== value)) as Partial<typeof proposed>;
    if (Object.keys(changes).length === 0) return;
    await trx.updateTable('people').set(changes).where('org_id', '=', actor.orgId).where('id', '=', personId).execute().catch(uniqueClash);
    const formerName = async (id: string | null) => (id === null ? null : ((await trx.selectFrom('people').select('name').where('org_id', '=', actor.orgId).where('id', '=', id).executeTakeFirst())?.name ?? null));
    // Names and values, before and after, so the audit log reads "changed Tomas Berg's manager to Priya Raman (was Marcus Oyelaran)".
    await recordAuditEvent(trx, {
      orgId: actor.orgId,
      actorUserId: actor.userId,
      action: 'person.updated',
      subjectType: 'person',
      subjectId: personId,
      data: {
        name: changes.name ?? current.name,
        changed: Object.keys(changes),
        ...(changes.name === undefined ? {} : { fromName: current.name }),
        ...(changes.role === undefined ? {} : { fromRole: current.role, toRole: changes.role }),
        ...(changes.level === undefined ? {} : { fromLevel: current.level, toLevel: changes.level }),
        ...(changes.manager_id === undefined ? {} : { fromManagerName: await formerName(current.manager_id), toManagerName: managerName }),
        ...(changes.dotted_line_manager_id === undefined ? {} : { fromDottedLineManagerName: await formerName(current.dotted_line_manager_id), toDottedLineManagerName: dottedLineManagerName }),
      },
    });
  });
  return getPerson(db, actor, personId);
}

export type OrgChartPerson = Pick<PersonSummary, 'id' | 'name' | 'role' | 'level' | 'managerId'>;

/** The whole org (the people still here) as a forest of reporting lines, each level sorted by name. */
export async function getOrgChart(db: Db, actor: OrgActor): Promise<OrgChartNode<OrgChartPerson>[]> {
  requirePermission(actor, 'people.read');
  const rows = await db.selectFrom('people').select(['id', 'name', 'role', 'level', 'manager_id']).where('org_id', '=', actor.orgId).where('left_on', 'is', null).orderBy('name').orderBy('id').execute();
  return buildOrgChart(rows.map((row) => ({ id: row.id, name: row.name, role: row.role, level: row.level, managerId: row.manager_id })));
}

/** Every single-threaded rule the data breaks now (typically after an import), for the org-health view. */
export async function getOrgHealth(db: Db, actor: OrgActor): Promise<OrgViolation[]> {
  requirePermission(actor, 'people.read');
  return currentViolations(db, actor.orgId);
}

/** The person record linked to the actor's login in this org, if any. */
export async function findActorPerson(db: Db, actor: OrgActor): Promise<string | null> {
  const row = await db.selectFrom('people').select('id').where('org_id', '=', actor.orgId).where('user_id', '=', actor.userId).executeTakeFirst();
  return row?.id ?? null;
}
