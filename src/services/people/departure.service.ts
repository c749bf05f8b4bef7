import { sql } from 'kysely';
import { assertCanLeave, reportsAfterDeparture } from '../../domain/people/departure-rules.js';
import { formatDay, latestCalendarDay } from '../../domain/dates.js';
import { AppError, notFound } from '../../domain/errors.js';
import type { Db } from '../../storage/database.js';
import { endMembership } from '../accounts/members.service.js';
import { recordAuditEvent } from '../audit/audit.service.js';
import { requirePermission, type OrgActor } from '../context.js';
import { isCandidateInProcess } from '../hiring/candidate-access.js';
import { changeOrgStructure } from './org-state.js';
import { assertPersonHere, getPerson, loadReportingLines, type PersonView } from './people.service.js';

export interface DepartureInput {
  /** Their last day, YYYY-MM-DD: a day that has begun somewhere (no later than today at UTC+14). */
  leftOn: string;
  /** Who their reports report to from now on; by default their own manager, null for nobody. */
  successorId?: string | null | undefined;
}

export interface DepartureView {
  person: PersonView;
  /** The people whose manager changed. */
  reportsMoved: number;
  /** Whether their login lost the org (membership ended, API tokens revoked, open invitations withdrawn). */
  accessRevoked: boolean;
  /** The login that lost the org, if any (the person record no longer names it). */
  revokedUserId: string | null;
  /** The catalog metrics they owned that the successor owns now (none without a successor: those wait for one). */
  metricsHandedOver: number;
  /** The business review decks and the unresolved anomalies they owned that the successor owns now. */
  decksHandedOver: number;
  anomaliesHandedOver: number;
  /** The open sales opportunities (not won or lost) they owned that the successor owns now. */
  opportunitiesHandedOver: number;
  /** The accounts (strategic ones above all) they owned that the successor owns now. */
  accountsHandedOver: number;
}

/**
 * Records that someone left the company, in one transaction under the org-structure lock: refused while they
 * still own work nobody else carries on (departure-rules.ts); otherwise their reports, their catalog metrics, their
 * business review decks and unresolved anomalies, and their open sales opportunities move to the successor, dotted lines to them end, their allocations and bar-raiser seat end, and their login loses the org.
 */
export async function recordDeparture(db: Db, actor: OrgActor, personId: string, input: DepartureInput, now = new Date()): Promise<DepartureView> {
  requirePermission(actor, 'people.manage');
  // Still to come everywhere: the app defaults the field to the reader's own day, which is ahead of UTC in the far east.
  if (input.leftOn > latestCalendarDay(now)) {
    throw new AppError('validation_failed', `leftOn: record a departure on or after the last day (${formatDay(input.leftOn)} is still to come).`, { field: 'leftOn' });
  }
  const orgId = actor.orgId;
  const result = await changeOrgStructure(db, orgId, async (trx) => {
    const person = await trx.selectFrom('people').select(['id', 'name', 'manager_id', 'user_id', 'left_on']).where('org_id', '=', orgId).where('id', '=', personId).forUpdate().executeTakeFirst();
    if (!person) throw notFound('Person');
    const [initiativesLed, openRequisitions, openLoops] = await Promise.all([
      trx.selectFrom('initiatives').select(['name', 'status']).where('org_id', '=', orgId).where('stl_person_id', '=', personId).where('status', '!=', 'done').orderBy('name').execute(),
      trx.selectFrom('requisitions').select('role').where('org_id', '=', orgId).where('hiring_manager_id', '=', personId).where('status', '=', 'open').orderBy('role').execute(),
      trx
        .selectFrom('loop_seats')
        .innerJoin('loops', 'loops.id', 'loop_seats.loop_id')
        .innerJoin('candidates', 'candidates.id', 'loops.candidate_id')
        .select(['candidates.name as candidateName', 'loop_seats.seat'])
        .where('loop_seats.org_id', '=', orgId)
        .where('loop_seats.person_id', '=', personId)
        .where('loops.decision', 'is', null)
        // A withdrawn or rejected candidate's loop will never decide: it holds nobody back (a reinstatement gives
        // the seat of someone who left to someone else, as for any loop).
        .where(isCandidateInProcess)
        .orderBy('loops.interview_at')
        .execute(),
    ]);
    assertCanLeave({ person: { id: person.id, name: person.name, leftOn: person.left_on, managerId: person.manager_id }, initiativesLed, openRequisitions, openLoops });

    const successorId = input.successorId === undefined ? person.manager_id : input.successorId;
    const successorName = successorId !== null && successorId !== personId ? await assertPersonHere(trx, orgId, successorId, 'successorId') : null;
    const reports = await trx.selectFrom('people').select('id').where('org_id', '=', orgId).where('manager_id', '=', personId).where('left_on', 'is', null).execute();
    const linesOf = await loadReportingLines(trx, orgId, successorId === null ? [] : [successorId]);
    const changes = reportsAfterDeparture({ id: personId, managerId: person.manager_id }, successorId, reports.map((row) => row.id), linesOf);
    for (const change of changes) {
      await trx.updateTable('people').set({ manager_id: change.managerId }).where('org_id', '=', orgId).where('id', '=', change.personId).execute();
    }
    await trx.updateTable('people').set({ dotted_line_manager_id: null }).where('org_id', '=', orgId).where('dotted_line_manager_id', '=', personId).execute();
    // What the leaver answered for goes to the successor, as their reports do, and each item's own history says so
    // (an audit event per item, as if its owner had been changed by hand). Without a successor it all waits, flagged.
    const handOver = async (rows: ReadonlyArray<{ id: string; name: string }>, action: 'metric.updated' | 'wbr_deck.updated' | 'wbr_anomaly.updated' | 'opportunity.updated' | 'account.owner_changed', subjectType: string, field: string): Promise<number> => {
      for (const row of rows) {
        await recordAuditEvent(trx, {
          at: now,
          orgId,
          actorUserId: actor.userId,
          action,
          subjectType,
          subjectId: row.id,
          data: { name: row.name, ...(action === 'wbr_anomaly.updated' && { metric: row.name }), changed: [field], fromOwnerPersonId: personId, toOwnerPersonId: successorId, reason: 'departure' },
        });
      }
      return rows.length;
    };
    const handedOver = { metricsHandedOver: 0, decksHandedOver: 0, anomaliesHandedOver: 0, opportunitiesHandedOver: 0, accountsHandedOver: 0 };
    if (successorId !== null) {
      const ownedBy = { owner_person_id: successorId, updated_at: sql<Date>`now()` };
      // A metric answers to someone each week.
      handedOver.metricsHandedOver = await handOver(
        await trx.updateTable('metrics').set(ownedBy).where('org_id', '=', orgId).where('owner_person_id', '=', personId).returning(['id', 'name']).execute(),
        'metric.updated', 'metric', 'ownerPersonId',
      );
      // So do their business reviews and the anomalies still waiting for an answer (resolved ones keep who answered).
      handedOver.decksHandedOver = await handOver(
        await trx.updateTable('wbr_decks').set(ownedBy).where('org_id', '=', orgId).where('owner_person_id', '=', personId).returning(['id', 'name']).execute(),
        'wbr_deck.updated', 'wbr_deck', 'owner',
      );
      handedOver.anomaliesHandedOver = await handOver(
        await trx.updateTable('wbr_anomalies').set(ownedBy).where('org_id', '=', orgId).where('owner_person_id', '=', personId).where('status', '!=', 'resolved').returning(['id', 'metric_name as name']).execute(),
        'wbr_anomaly.updated', 'wbr_anomaly', 'ownerPersonId',
      );
      // And their open deals: a buyer in the middle of discovery needs someone to answer. Closed deals keep who closed them.
      handedOver.opportunitiesHandedOver = await handOver(
        await trx.updateTable('opportunities').set(ownedBy).where('org_id', '=', orgId).where('owner_person_id', '=', personId).where('stage', 'not in', ['won', 'lost']).returning(['id', 'name']).execute(),
        'opportunity.updated', 'opportunity', 'ownerPersonId',
      );
      // A strategic account has exactly one owner at every moment: the successor, from today.
      handedOver.accountsHandedOver = await handOver(
        await trx.updateTable('accounts').set({ ...ownedBy, owner_since: sql<Date>`now()` }).where('org_id', '=', orgId).where('owner_person_id', '=', personId).returning(['id', 'name']).execute(),
        'account.owner_changed', 'account', 'ownerPersonId',
      );
    }
    await trx.deleteFrom('allocations').where('org_id', '=', orgId).where('person_id', '=', personId).execute();
    await trx.deleteFrom('bar_raisers').where('org_id', '=', orgId).where('person_id', '=', personId).execute();
    await trx.updateTable('people').set({ left_on: input.leftOn, user_id: null }).where('org_id', '=', orgId).where('id', '=', personId).execute();
    const ended = person.user_id === null ? null : await endMembership(trx, orgId, person.user_id);
    const accessRevoked = ended !== null;
    await recordAuditEvent(trx, {
      at: now,
      orgId,
      actorUserId: actor.userId,
      action: 'person.left',
      subjectType: 'person',
      subjectId: personId,
      // Named, so the audit log reads "recorded that Ben Vee left the company on 2026-11-20" without a lookup.
      data: { name: person.name, leftOn: input.leftOn, successorId, successorName, reportsMoved: changes.length, accessRevoked, tokensRevoked: ended?.tokensRevoked ?? 0, invitationsWithdrawn: ended?.invitationsWithdrawn ?? 0, ...handedOver },
    });
    return { reportsMoved: changes.length, accessRevoked, revokedUserId: accessRevoked ? person.user_id : null, ...handedOver };
  });
  return { person: await getPerson(db, actor, personId), ...result };
}

