import { sql } from 'kysely';
import type { PulseConfig } from '../../config/config.js';
import { nextAttemptAfterFailure, outboxEmailStatus, storableSendError, MAX_EMAIL_ATTEMPTS, type EmailContent, type OutboxEmailKind, type OutboxEmailStatus } from '../../domain/mail/outbox-emails.js';
import type { Db } from '../../storage/database.js';
import { requirePermission, type OrgActor } from '../context.js';

/**
 * The outbox (decision 023): an email is a row written in the transaction of the decision that causes it, so a
 * decision rolled back sends nothing and one committed is sent even if the server stops right after. The sender
 * (outbox-sender.ts) delivers the rows afterwards.
 */

/** What a use case needs to queue email; null when Pulse sends none (PULSE_SMTP_URL unset): nothing is queued then. */
export interface EmailSettings {
  /** Where links in an email point (PULSE_PUBLIC_URL). */
  publicUrl: string;
}

export function emailSettingsFrom(config: PulseConfig): EmailSettings | null {
  return config.mail === null ? null : { publicUrl: config.http.publicUrl };
}

/** A link into the web app at `path`, for an email. */
export const appLink = (settings: EmailSettings, path: string): string => new URL(path, settings.publicUrl).toString();

/** Queues one email inside the caller's transaction: it is sent once that transaction commits, never if it rolls back. */
export async function queueEmail(trx: Db, email: { orgId: string; kind: OutboxEmailKind; recipient: string; content: EmailContent; invitationId?: string; now: Date }): Promise<void> {
  await trx
    .insertInto('outbox_emails')
    .values({
      org_id: email.orgId,
      kind: email.kind,
      recipient: email.recipient,
      subject: email.content.subject,
      text_body: email.content.text,
      invitation_id: email.invitationId ?? null,
      created_at: email.now,
      next_attempt_at: email.now,
    })
    .execute();
}

/**
 * Drops the emails of invitations that are not sent yet: a revoked or renewed invitation's old link must not
 * reach anyone. Those already sent stay, as a record of what went.
 */
export async function dropUnsentInvitationEmails(trx: Db, orgId: string, invitationIds: readonly string[]): Promise<void> {
  if (invitationIds.length === 0) return;
  await trx.deleteFrom('outbox_emails').where('org_id', '=', orgId).where('invitation_id', 'in', [...invitationIds]).where('sent_at', 'is', null).execute();
}

export interface OutboxEmailView {
  id: string;
  kind: OutboxEmailKind;
  recipient: string;
  subject: string;
  status: OutboxEmailStatus;
  createdAt: string;
  attempts: number;
  /** When the next try is due, while it waits. */
  nextAttemptAt: string | null;
  sentAt: string | null;
  /** Why the last try failed (the SMTP server's answer), without secrets. */
  lastError: string | null;
}

export interface OutboxView {
  /** False when PULSE_SMTP_URL is unset: Pulse queues and sends nothing. */
  isEmailOn: boolean;
  maxAttempts: number;
  counts: Record<OutboxEmailStatus, number>;
  /** The most recent emails, newest first. */
  emails: OutboxEmailView[];
}

export const OUTBOX_LIST_LIMIT = 100;

/** The org's outbox as admins see it: what was sent, what waits and what was given up, with the errors. */
export async function listOutbox(db: Db, actor: OrgActor, settings: EmailSettings | null): Promise<OutboxView> {
  requirePermission(actor, 'outbox.read');
  const rows = await db
    .selectFrom('outbox_emails')
    .select(['id', 'kind', 'recipient', 'subject', 'created_at', 'attempts', 'next_attempt_at', 'sent_at', 'last_error'])
    .where('org_id', '=', actor.orgId)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(OUTBOX_LIST_LIMIT)
    .execute();
  const countRows = await db
    .selectFrom('outbox_emails')
    .select([
      sql<number>`count(*) filter (where sent_at is not null)::int`.as('sent'),
      sql<number>`count(*) filter (where next_attempt_at is not null)::int`.as('waiting'),
      sql<number>`count(*) filter (where sent_at is null and next_attempt_at is null)::int`.as('failed'),
    ])
    .where('org_id', '=', actor.orgId)
    .executeTakeFirstOrThrow();
  const iso = (at: Date | null) => (at === null ? null : new Date(at).toISOString());
  return {
    isEmailOn: settings !== null,
    maxAttempts: MAX_EMAIL_ATTEMPTS,
    counts: { sent: countRows.sent, waiting: countRows.waiting, failed: countRows.failed },
    emails: rows.map((row) => ({
      id: row.id,
      kind: row.kind,
      recipient: row.recipient,
      subject: row.subject,
      status: outboxEmailStatus({ sentAt: row.sent_at, nextAttemptAt: row.next_attempt_at }),
      createdAt: new Date(row.created_at).toISOString(),
      attempts: row.attempts,
      nextAttemptAt: iso(row.next_attempt_at),
      sentAt: iso(row.sent_at),
      lastError: row.last_error,
    })),
  };
}

/** Sends one email; throws with the server's answer when it is refused. */
export interface Mailer {
  send(message: { from: string; to: string; subject: string; text: string }): Promise<void>;
}

/**
 * How long a claimed email is kept from other senders while one sends it: longer than the SMTP timeouts
 * (outbox-sender.ts), so it is only tried again by another instance when its sender died mid-send.
 */
export const SEND_LEASE_MS = 10 * 60_000;

export interface SendOutcome {
  id: string;
  isSent: boolean;
}

/**
 * Sends every email due at `now()`, one after another, until none is due. Each is claimed by a statement that skips
 * rows another instance holds and moves the claimed row's next try past the lease, so two senders never send one
 * email twice; then it is marked sent, or its error is recorded and it is tried again later, until it is given up.
 */
export async function sendDueEmails(db: Db, mailer: Mailer, from: string, now: () => Date, log: (message: string) => void): Promise<SendOutcome[]> {
  const outcomes: SendOutcome[] = [];
  for (;;) {
    const claimedAt = now();
    const claimed = await db
      .updateTable('outbox_emails')
      .set((eb) => ({ attempts: eb('attempts', '+', 1), next_attempt_at: new Date(claimedAt.getTime() + SEND_LEASE_MS) }))
      .where('id', '=', (eb) =>
        eb.selectFrom('outbox_emails').select('id').where('next_attempt_at', '<=', claimedAt).orderBy('next_attempt_at').orderBy('id').limit(1).forUpdate().skipLocked(),
      )
      .returning(['id', 'recipient', 'subject', 'text_body', 'attempts'])
      .executeTakeFirst();
    if (!claimed) return outcomes;
    let failure: string | null = null;
    try {
      await mailer.send({ from, to: claimed.recipient, subject: claimed.subject, text: claimed.text_body ?? '' });
    } catch (error) {
      failure = storableSendError(error instanceof Error ? error.message : String(error));
    }
    const doneAt = now();
    if (failure === null) {
      await db.updateTable('outbox_emails').set({ sent_at: doneAt, next_attempt_at: null, text_body: null, last_error: null }).where('id', '=', claimed.id).execute();
    } else {
      const retryAt = nextAttemptAfterFailure(claimed.attempts, doneAt);
      // Given up: the body (maybe an invitation's link) is no longer kept.
      await db
        .updateTable('outbox_emails')
        .set(retryAt === null ? { next_attempt_at: null, text_body: null, last_error: failure } : { next_attempt_at: retryAt, last_error: failure })
        .where('id', '=', claimed.id)
        .execute();
      log(`mail: email ${claimed.id} failed (try ${claimed.attempts} of ${MAX_EMAIL_ATTEMPTS}${retryAt === null ? ', given up' : ''}): ${failure}`);
    }
    outcomes.push({ id: claimed.id, isSent: failure === null });
  }
}
