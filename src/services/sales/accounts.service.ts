import { sql } from 'kysely';
import { nameKey } from '../../domain/names.js';
import { AppError, notFound } from '../../domain/errors.js';
import { ACCOUNT_DRIFT_LIMITS, accountDrift, assertAccountOwnership, assertMayChangeAccount, type AccountDrift } from '../../domain/sales/account-rules.js';
import { cents } from '../../domain/sales/sales-figures.js';
import { weightedAmount } from '../../domain/sales/stage-probabilities.js';
import { assertNotChangedSince } from '../../domain/stale-write.js';
import type { Db } from '../../storage/database.js';
import { recordAuditEvent } from '../audit/audit.service.js';
import { requirePermission, type OrgActor } from '../context.js';
import { findActorPerson, holdPerson } from '../people/people.service.js';
import { loadStageProbabilities } from './stage-probabilities.service.js';

/**
 * Customer accounts: every name a deal uses is an account; a strategic one has one single-threaded owner, changed
 * by an admin or by the owner handing it over, audited; the list flags strategic accounts drifting into shared
 * ownership (src/domain/sales/account-rules.ts).
 */

export interface AccountView {
  id: string;
  name: string;
  isStrategic: boolean;
  owner: { id: string; name: string; leftOn: string | null } | null;
  ownerSince: string | null;
  /** When its owner or strategic mark last changed: sent back as `baseUpdatedAt`, a newer change refuses the save. */
  updatedAt: string;
  openDeals: number;
  /** The amounts of the open deals (those with one), and of the deals won, to the cent. */
  openAmount: number;
  /** Open deals with no amount yet, left out of `openAmount` (their size is unknown, not 0). */
  openDealsWithoutAmount: number;
  /** The open deals' amounts at their stage's probability (weightedAmount), as the pipeline list weights each deal. */
  openWeightedAmount: number;
  wonAmount: number;
  drift: AccountDrift[];
}

/** Makes the account a deal names, when it is new (in the deal's transaction). */
export async function ensureAccount(trx: Db, orgId: string, name: string): Promise<void> {
  await sql`insert into accounts (org_id, name) values (${orgId}, ${name}) on conflict (org_id, lower(name)) do nothing`.execute(trx);
}

export async function listAccounts(db: Db, actor: OrgActor): Promise<AccountView[]> {
  requirePermission(actor, 'sales.read');
  const since = sql<Date>`now() - make_interval(days => ${ACCOUNT_DRIFT_LIMITS.windowDays})`;
  const [accounts, deals, actors, ownerChanges, { probabilities }] = await Promise.all([
    db.selectFrom('accounts')
      .leftJoin('people', 'people.id', 'accounts.owner_person_id')
      .select(['accounts.id', 'accounts.name', 'accounts.is_strategic', 'accounts.owner_person_id', 'accounts.owner_since', 'accounts.updated_at', 'people.name as owner_name', 'people.left_on as owner_left_on', 'people.user_id as owner_user_id'])
      .where('accounts.org_id', '=', actor.orgId)
      .orderBy('accounts.is_strategic', 'desc')
      .orderBy(sql`lower(accounts.name)`)
      .execute(),
    db.selectFrom('opportunities')
      .leftJoin('people', 'people.id', 'opportunities.owner_person_id')
      .select(['opportunities.account_name', 'opportunities.name', 'opportunities.stage', 'opportunities.amount', 'opportunities.owner_person_id', 'people.name as owner_name'])
      .where('opportunities.org_id', '=', actor.orgId)
      .orderBy(sql`lower(opportunities.name)`)
      .execute(),
    // Who changed each account's deals lately (the owner is left out below), counted for the account the deal was
    // under when they did it: each deal event records it (`accountName`, before any change the event makes), so work
    // done before a deal moved to another account stays with the first. An event that does not record it (a departure
    // handing deals over) falls back to the deal's account now.
    db.selectFrom('audit_events')
      .innerJoin('opportunities', (join) => join.onRef(sql`opportunities.id::text`, '=', 'audit_events.subject_id').onRef('opportunities.org_id', '=', 'audit_events.org_id'))
      .select([sql<string>`coalesce(audit_events.data->>'accountName', opportunities.account_name)`.as('account_name'), 'audit_events.actor_user_id'])
      .distinct()
      .where('audit_events.org_id', '=', actor.orgId)
      .where('audit_events.subject_type', '=', 'opportunity')
      .where('audit_events.actor_user_id', 'is not', null)
      .where('audit_events.created_at', '>', since)
      .execute(),
    // Hand-overs from one owner to another: naming the first owner (or leaving an account with none) is not churn.
    db.selectFrom('audit_events')
      .select(['subject_id', sql<number>`count(*)::int`.as('changes')])
      .where('org_id', '=', actor.orgId)
      .where('action', '=', 'account.owner_changed')
      .where(sql<string | null>`data->>'fromOwnerPersonId'`, 'is not', null)
      .where(sql<string | null>`data->>'toOwnerPersonId'`, 'is not', null)
      .where('created_at', '>', since)
      .groupBy('subject_id')
      .execute(),
    loadStageProbabilities(db, actor.orgId),
  ]);
  // Deals join their account by name, compared as names are (names.ts nameKey).
  const key = nameKey;
  const strategicHeld = new Map<string, number>();
  for (const account of accounts) {
    if (account.is_strategic && account.owner_person_id !== null) strategicHeld.set(account.owner_person_id, (strategicHeld.get(account.owner_person_id) ?? 0) + 1);
  }
  const changesOf = new Map(ownerChanges.map((row) => [row.subject_id, row.changes]));
  // Each account's deals and recent actors, grouped once (not searched for every account).
  const dealsOf = groupBy(deals, (deal) => key(deal.account_name));
  const actorsOf = groupBy(actors, (row) => key(row.account_name));
  return accounts.map((account) => {
    const own = dealsOf.get(key(account.name)) ?? [];
    const open = own.filter((deal) => deal.stage !== 'won' && deal.stage !== 'lost');
    const sum = (list: typeof own) => list.reduce((total, deal) => cents(total + (deal.amount ?? 0)), 0);
    const acting = new Set((actorsOf.get(key(account.name)) ?? []).filter((row) => row.actor_user_id !== account.owner_user_id).map((row) => row.actor_user_id));
    return {
      id: account.id,
      name: account.name,
      isStrategic: account.is_strategic,
      owner: account.owner_person_id === null ? null : { id: account.owner_person_id, name: account.owner_name ?? '', leftOn: account.owner_left_on },
      ownerSince: account.owner_since === null ? null : new Date(account.owner_since).toISOString(),
      updatedAt: new Date(account.updated_at).toISOString(),
      openDeals: open.length,
      openAmount: sum(open),
      openDealsWithoutAmount: open.filter((deal) => deal.amount === null).length,
      openWeightedAmount: open.reduce((total, deal) => cents(total + (weightedAmount(deal, probabilities) ?? 0)), 0),
      wonAmount: sum(own.filter((deal) => deal.stage === 'won')),
      drift: accountDrift({
        isStrategic: account.is_strategic,
        ownerLeftOn: account.owner_left_on,
        actingNonOwners: acting.size,
        ownerChangesInWindow: changesOf.get(account.id) ?? 0,
        ownerStrategicAccounts: account.owner_person_id === null ? 0 : (strategicHeld.get(account.owner_person_id) ?? 0),
        openDealsOwnedElsewhere: account.owner_person_id === null ? [] : open.filter((deal) => deal.owner_person_id !== account.owner_person_id).map((deal) => ({ name: deal.name, ownerName: deal.owner_name })),
      }),
    };
  });
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(keyOf(item));
    if (group) group.push(item);
    else groups.set(keyOf(item), [item]);
  }
  return groups;
}

export interface AccountChange {
  isStrategic?: boolean | undefined;
  ownerPersonId?: string | null | undefined;
  /** The `updatedAt` the changer read: a change made since refuses this one (409) instead of being undone by it. */
  baseUpdatedAt?: string | undefined;
}

/**
 * Marks an account strategic (or not) and sets its owner. An admin may do both; the account's owner may only hand it
 * over to someone else (account-rules.ts assertMayChangeAccount): nobody else, so ownership is a decision, not a
 * drift. The row is locked; a change made since the changer read it refuses theirs; each change is audited.
 */
export async function updateAccount(db: Db, actor: OrgActor, accountId: string, change: AccountChange, now?: Date): Promise<AccountView> {
  requirePermission(actor, 'sales.read');
  const actorPersonId = await findActorPerson(db, actor);
  await db.transaction().execute(async (trx) => {
    // The owner named is held before the account, in the order a departure takes them (holdPerson), and read after.
    if (change.ownerPersonId != null) await holdPerson(trx, actor.orgId, change.ownerPersonId);
    const current = await trx.selectFrom('accounts').select(['name', 'is_strategic', 'owner_person_id', 'updated_at']).where('org_id', '=', actor.orgId).where('id', '=', accountId).forUpdate().executeTakeFirst();
    if (!current) throw notFound('Account');
    const isStrategic = change.isStrategic ?? current.is_strategic;
    const ownerPersonId = change.ownerPersonId === undefined ? current.owner_person_id : change.ownerPersonId;
    assertMayChangeAccount(
      { isAdmin: actor.role === 'admin', personId: actorPersonId },
      { isStrategic: current.is_strategic, ownerPersonId: current.owner_person_id },
      { isStrategic, ownerPersonId },
    );
    assertNotChangedSince(current.updated_at, change.baseUpdatedAt, 'account');
    const owner = ownerPersonId === null ? null : await trx.selectFrom('people').select(['name', 'left_on']).where('org_id', '=', actor.orgId).where('id', '=', ownerPersonId).executeTakeFirst();
    if (ownerPersonId !== null && !owner) throw new AppError('validation_failed', 'ownerPersonId: no such person in this org.', { field: 'ownerPersonId' });
    assertAccountOwnership(isStrategic, owner ? { name: owner.name, leftOn: owner.left_on } : null);
    const ownerChanged = ownerPersonId !== current.owner_person_id;
    const strategicChanged = isStrategic !== current.is_strategic;
    if (!ownerChanged && !strategicChanged) return;
    await trx.updateTable('accounts').set({
      is_strategic: isStrategic,
      owner_person_id: ownerPersonId,
      // `now` dates the change on an earlier day (the demo's past), as its audit rows.
      ...(ownerChanged && { owner_since: ownerPersonId === null ? null : (now ?? sql<Date>`now()`) }),
      updated_at: now ?? sql<Date>`now()`,
    }).where('org_id', '=', actor.orgId).where('id', '=', accountId).execute();
    if (ownerChanged) {
      await recordAuditEvent(trx, { at: now, orgId: actor.orgId, actorUserId: actor.userId, action: 'account.owner_changed', subjectType: 'account', subjectId: accountId, data: { name: current.name, fromOwnerPersonId: current.owner_person_id, toOwnerPersonId: ownerPersonId, toOwnerName: owner?.name ?? null } });
    }
    if (strategicChanged) {
      await recordAuditEvent(trx, { at: now, orgId: actor.orgId, actorUserId: actor.userId, action: 'account.strategic_changed', subjectType: 'account', subjectId: accountId, data: { name: current.name, isStrategic } });
    }
  });
  const account = (await listAccounts(db, actor)).find((candidate) => candidate.id === accountId);
  if (!account) throw notFound('Account');
  return account;
}
