import { sql } from 'kysely';
import { formatDay } from '../../domain/dates.js';
import { AppError } from '../../domain/errors.js';
import { assertSameContent } from '../../domain/stale-write.js';
import { isUuid } from '../../domain/ids.js';
import {
  assertQuotaChangeable, checkQuotaAmount, parseQuarter, quarterLabelProblem, quarterOf, quotaEditToken, quotaReport, type Quarter, type QuotaDealFacts, type QuotaFacts, type QuotaReport, type SellerAttainment,
} from '../../domain/sales/quotas.js';
import { isoDate } from '../../domain/wbr/calendar.js';
import { parseIsoDay } from '../../domain/wbr-review/review-rules.js';
import type { Db } from '../../storage/database.js';
import { recordAuditEvent } from '../audit/audit.service.js';
import { requirePermission, type OrgActor } from '../context.js';
import { todayUtc, wonAndOpenDeals } from './sales-kpis.service.js';

/**
 * Sales quotas (src/domain/sales/quotas.ts): admins set what each seller is asked to book in a quarter; everyone
 * with sales rights reads the quarter's attainment and pipeline coverage, measured on the UTC calendar.
 */

/** The quarter a request names, or a 400 naming the field. */
export function requireQuarter(text: string, field: string): Quarter {
  const quarter = parseQuarter(text);
  if (quarter === undefined) throw new AppError('validation_failed', `${field} ${quarterLabelProblem(text)}.`, { field });
  return quarter;
}

async function loadQuotaFacts(db: Db, orgId: string, quarter: Quarter): Promise<QuotaFacts[]> {
  const rows = await db.selectFrom('sales_quotas')
    .innerJoin('people', 'people.id', 'sales_quotas.person_id')
    .select(['people.id', 'people.name', 'people.left_on', 'sales_quotas.amount'])
    .where('sales_quotas.org_id', '=', orgId)
    .where('sales_quotas.quarter_start', '=', isoDate(quarter.firstDay))
    .execute();
  return rows.map((row) => ({ seller: { id: row.id, name: row.name, leftOn: row.left_on }, amount: row.amount }));
}

async function loadQuotaDeals(db: Db, orgId: string): Promise<QuotaDealFacts[]> {
  const rows = await wonAndOpenDeals(db, orgId).select(['opportunities.close_date', 'people.left_on as owner_left_on']).execute();
  return rows.map((row) => ({
    stage: row.stage,
    amount: row.amount,
    owner: row.owner_person_id === null ? null : { id: row.owner_person_id, name: row.owner_name ?? '', leftOn: row.owner_left_on },
    stageChangedOn: row.stage_changed_on,
    closeDate: row.close_date,
  }));
}

/** A quarter's quota report, each seller's row with the token a change of their quota sends back (quotaEditToken). */
export type QuotaReportView = Omit<QuotaReport, 'sellers'> & { sellers: Array<SellerAttainment & { editToken: string }> };

/** A quarter's quotas, attainment and coverage; without a quarter, the one today falls in. */
export async function getQuotaReport(db: Db, actor: OrgActor, quarterLabel?: string, today: string = todayUtc()): Promise<QuotaReportView> {
  requirePermission(actor, 'sales.read');
  const quarter = quarterLabel === undefined ? quarterOf(parseIsoDay(today) as number) : requireQuarter(quarterLabel, 'quarter');
  const [deals, quotas] = await Promise.all([loadQuotaDeals(db, actor.orgId), loadQuotaFacts(db, actor.orgId, quarter)]);
  const report = quotaReport(deals, quotas, quarter, today);
  return { ...report, sellers: report.sellers.map((row) => ({ ...row, editToken: quotaEditToken(row.quota) })) };
}

/**
 * Refuses a quota change made from a stale read (a leader's page opened before a colleague set, changed or removed
 * this seller's quota): 409 naming `baseToken`, nothing written. Without a token the change is not checked.
 */
function assertQuotaNotChangedSince(current: number | null, baseToken: string | undefined, name: string, quarter: Quarter): void {
  assertSameContent(quotaEditToken(current), baseToken, `quota (${name}, ${quarter.label})`, 'baseToken');
}

/**
 * Sets a seller's quota for a quarter (admins only: a seller does not set what they are asked to book). The seller
 * must be a person of the org who has not left; a quarter that is over keeps its quotas (rule sales.quota_closed).
 */
export async function setQuota(db: Db, actor: OrgActor, input: { quarter: string; personId: string; amount: number; baseToken?: string | undefined }, today: string = todayUtc(), now?: Date): Promise<QuotaReportView> {
  requirePermission(actor, 'sales.manage');
  const quarter = requireQuarter(input.quarter, 'quarter');
  const amount = checkQuotaAmount(input.amount);
  assertQuotaChangeable(quarter, today);
  await db.transaction().execute(async (trx) => {
    const person = isUuid(input.personId)
      // The person's row is locked so that two changes of their quota (one of them a first quota, with no row of its
      // own to lock yet) are decided one after the other, the second against what the first wrote.
      ? await trx.selectFrom('people').select(['name', 'left_on']).where('org_id', '=', actor.orgId).where('id', '=', input.personId).forNoKeyUpdate().executeTakeFirst()
      : undefined;
    if (!person) throw new AppError('validation_failed', 'personId: no such person in this org.', { field: 'personId' });
    if (person.left_on !== null && person.left_on <= today) {
      throw new AppError('validation_failed', `personId: ${person.name} left the company on ${formatDay(person.left_on)}; a quota is for a current seller.`, { field: 'personId' });
    }
    const quarterStart = isoDate(quarter.firstDay);
    const previous = await trx.selectFrom('sales_quotas').select('amount').where('org_id', '=', actor.orgId).where('person_id', '=', input.personId).where('quarter_start', '=', quarterStart).forUpdate().executeTakeFirst();
    // Setting the amount it already has loses nothing (a retried save): no refusal, no write.
    if (previous?.amount === amount) return;
    assertQuotaNotChangedSince(previous?.amount ?? null, input.baseToken, person.name, quarter);
    await trx.insertInto('sales_quotas')
      // `now` dates it on an earlier day (the demo's past quarters), as its audit row.
      .values({ org_id: actor.orgId, person_id: input.personId, quarter_start: quarterStart, amount, ...(now !== undefined && { created_at: now, updated_at: now }) })
      .onConflict((conflict) => conflict.columns(['org_id', 'person_id', 'quarter_start']).doUpdateSet({ amount, updated_at: now ?? sql<Date>`now()` }))
      .execute();
    await recordAuditEvent(trx, { at: now, orgId: actor.orgId, actorUserId: actor.userId, action: 'sales_quota.set', subjectType: 'person', subjectId: input.personId, data: { name: person.name, quarter: quarter.label, amount, previousAmount: previous?.amount ?? null } });
  });
  return getQuotaReport(db, actor, quarter.label, today);
}

/** Removes a seller's quota for a quarter that is not over (admins only). */
export async function removeQuota(db: Db, actor: OrgActor, input: { quarter: string; personId: string; baseToken?: string | undefined }, today: string = todayUtc()): Promise<QuotaReportView> {
  requirePermission(actor, 'sales.manage');
  const quarter = requireQuarter(input.quarter, 'quarter');
  assertQuotaChangeable(quarter, today);
  await db.transaction().execute(async (trx) => {
    if (input.baseToken !== undefined && isUuid(input.personId)) {
      const current = await trx.selectFrom('sales_quotas').select('amount').where('org_id', '=', actor.orgId).where('person_id', '=', input.personId).where('quarter_start', '=', isoDate(quarter.firstDay)).forUpdate().executeTakeFirst();
      // A quota already removed is answered below (404); one changed since the page read it is not removed.
      if (current !== undefined) {
        const person = await trx.selectFrom('people').select('name').where('org_id', '=', actor.orgId).where('id', '=', input.personId).executeTakeFirstOrThrow();
        assertQuotaNotChangedSince(current.amount, input.baseToken, person.name, quarter);
      }
    }
    const removed = isUuid(input.personId)
      ? await trx.deleteFrom('sales_quotas').where('org_id', '=', actor.orgId).where('person_id', '=', input.personId).where('quarter_start', '=', isoDate(quarter.firstDay)).returning('amount').executeTakeFirst()
      : undefined;
    if (!removed) throw new AppError('not_found', `No quota for that seller in ${quarter.label}.`);
    await recordAuditEvent(trx, { orgId: actor.orgId, actorUserId: actor.userId, action: 'sales_quota.removed', subjectType: 'person', subjectId: input.personId, data: { quarter: quarter.label, amount: removed.amount } });
  });
  return getQuotaReport(db, actor, quarter.label, today);
}
