import { AppError } from '../../domain/errors.js';
import { alreadyRemindedToday, assertCanRemind, feedbackDueAt, utcDay } from '../../domain/hiring/feedback-rules.js';
import { feedbackReminderEmail } from '../../domain/mail/outbox-emails.js';
import type { Db } from '../../storage/database.js';
import { recordAuditEvent } from '../audit/audit.service.js';
import type { OrgActor } from '../context.js';
import { appLink, queueEmail, type EmailSettings } from '../mail/outbox.service.js';
import { candidateAccess } from './candidate-access.js';

/** The latest reminder sent to an interviewer about one loop: when, and the name of who sent it. */
export interface ReminderView {
  remindedAt: string;
  remindedBy: string;
}

/**
 * The latest reminder of each interviewer in these loops, by `loopId:personId`. It says who chased and when, never
 * anything of the feedback itself.
 */
export async function latestReminders(db: Db, orgId: string, loopIds: readonly string[]): Promise<Map<string, ReminderView>> {
  if (loopIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('feedback_reminders')
    .innerJoin('users', 'users.id', 'feedback_reminders.reminded_by')
    .select(['feedback_reminders.loop_id', 'feedback_reminders.person_id', 'feedback_reminders.reminded_at', 'users.name'])
    .where('feedback_reminders.org_id', '=', orgId)
    .where('feedback_reminders.loop_id', 'in', [...new Set(loopIds)])
    .orderBy('feedback_reminders.reminded_at', 'desc')
    .execute();
  const latest = new Map<string, ReminderView>();
  for (const row of rows) {
    const key = reminderKey(row.loop_id, row.person_id);
    if (!latest.has(key)) latest.set(key, { remindedAt: new Date(row.reminded_at).toISOString(), remindedBy: row.name });
  }
  return latest;
}

export const reminderKey = (loopId: string, personId: string) => `${loopId}:${personId}`;

/**
 * Reminds an interviewer that their scorecard is late (recruiters, admins and the requisition's hiring manager):
 * recorded with who sent it and when, audited, and shown on the interviewer's home page. One a day (UTC) per
 * interviewer and loop: the day is the reminders' key, so two sent at once cannot both land. With email on, the
 * interviewer's email is queued in the same transaction (a reminder refused or rolled back emails nobody).
 */
export async function remindInterviewer(db: Db, actor: OrgActor, candidateId: string, personId: string, now: Date, email: EmailSettings | null): Promise<ReminderView> {
  const access = await candidateAccess(db, actor, candidateId);
  if (access.loopId === null) throw new AppError('rule_violation', 'This candidate has no interview loop yet.', { rule: 'loop.exists' });
  const loopId = access.loopId;
  return db.transaction().execute(async (trx) => {
    // The loop's row is the lock feedback, seat changes and withdrawals take: the seat is read as it now is.
    const loop = await trx.selectFrom('loops').select(['interview_at', 'decision']).where('id', '=', loopId).forUpdate().executeTakeFirstOrThrow();
    const candidate = await trx.selectFrom('candidates').select(['withdrawn_at', 'rejected_at', 'reinstated_at']).where('id', '=', candidateId).executeTakeFirstOrThrow();
    const seat = await trx
      .selectFrom('loop_seats')
      .innerJoin('people', 'people.id', 'loop_seats.person_id')
      .leftJoin('feedback', (join) => join.onRef('feedback.loop_id', '=', 'loop_seats.loop_id').onRef('feedback.person_id', '=', 'loop_seats.person_id'))
      .select(['loop_seats.seat', 'people.name', 'people.user_id', 'feedback.submitted_at'])
      .where('loop_seats.loop_id', '=', loopId)
      .where('loop_seats.person_id', '=', personId)
      .executeTakeFirst();
    if (!seat) throw new AppError('not_found', 'That person has no seat in this loop.', { field: 'personId' });
    const last = (await latestReminders(trx, actor.orgId, [loopId])).get(reminderKey(loopId, personId)) ?? null;
    assertCanRemind(
      { isHiringStaff: access.isHiringStaff, isHiringManager: access.isHiringManager },
      { name: seat.name, seat: seat.seat, hasLogin: seat.user_id !== null, submittedAt: seat.submitted_at === null ? null : new Date(seat.submitted_at), interviewAt: new Date(loop.interview_at), reinstatedAt: candidate.reinstated_at === null ? null : new Date(candidate.reinstated_at), isClosed: loop.decision !== null || candidate.withdrawn_at !== null || candidate.rejected_at !== null, isSender: personId === access.actorPersonId },
      last && { remindedAt: new Date(last.remindedAt), remindedBy: last.remindedBy },
      now,
    );
    const inserted = await trx
      .insertInto('feedback_reminders')
      .values({ loop_id: loopId, org_id: actor.orgId, person_id: personId, reminded_by: actor.userId, reminded_at: now, reminded_on: utcDay(now) })
      .onConflict((oc) => oc.columns(['loop_id', 'person_id', 'reminded_on']).doNothing())
      .returning('reminded_at')
      .executeTakeFirst();
    // Another reminder landed between the read and the insert (the loop lock makes this rare): the same refusal.
    if (!inserted) {
      const landed = (await latestReminders(trx, actor.orgId, [loopId])).get(reminderKey(loopId, personId))!;
      throw alreadyRemindedToday(seat.name, { remindedAt: new Date(landed.remindedAt), remindedBy: landed.remindedBy });
    }
    await recordAuditEvent(trx, { at: now, orgId: actor.orgId, actorUserId: actor.userId, action: 'feedback.reminded', subjectType: 'candidate', subjectId: candidateId, data: { loopId, personId } });
    const sender = await trx.selectFrom('users').select('name').where('id', '=', actor.userId).executeTakeFirstOrThrow();
    // assertCanRemind refused an interviewer without a login, so the seat has one: the email goes to that login.
    if (email !== null && seat.user_id !== null) {
      const recipient = await trx.selectFrom('users').select('email').where('id', '=', seat.user_id).executeTakeFirstOrThrow();
      const org = await trx.selectFrom('orgs').select('name').where('id', '=', actor.orgId).executeTakeFirstOrThrow();
      const interviewAt = new Date(loop.interview_at);
      const content = feedbackReminderEmail({
        orgName: org.name,
        interviewerName: seat.name,
        senderName: sender.name,
        role: access.requisition.role,
        interviewAt,
        dueAt: feedbackDueAt(interviewAt, candidate.reinstated_at === null ? null : new Date(candidate.reinstated_at)),
        url: appLink(email, `/o/${actor.orgId}/hiring/${access.requisition.id}?candidate=${candidateId}`),
      });
      await queueEmail(trx, { orgId: actor.orgId, kind: 'feedback_reminder', recipient: recipient.email, content, now });
    }
    return { remindedAt: now.toISOString(), remindedBy: sender.name };
  });
}
