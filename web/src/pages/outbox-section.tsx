import { DataTable } from '../components/data-table.js';
import type { Outbox } from '../lib/api-types.js';
import { formatDateTime } from '../lib/format.js';

const KIND_LABELS: Record<Outbox['emails'][number]['kind'], string> = {
  invitation: 'Invitation',
  feedback_reminder: 'Scorecard reminder',
  reading_meeting: 'Reading meeting',
  anomaly_owner: 'Anomaly owner',
  interview_seat: 'Interview seat',
  review_request: 'Review request',
  linked_metric_removed: 'Metric taken off a review',
  linked_metric_added: 'Metric added to a review',
};

function statusOf(email: Outbox['emails'][number], maxAttempts: number) {
  if (email.status === 'sent') return <span className="badge badge--muted">Sent {email.sentAt && formatDateTime(email.sentAt)}</span>;
  if (email.status === 'failed') return <span className="badge">Given up after {email.attempts} tries</span>;
  // Waiting: its first try, or a retry after a failure.
  return <span className="badge">{email.attempts === 0 ? 'Waiting to be sent' : `Retrying ${email.nextAttemptAt ? formatDateTime(email.nextAttemptAt) : ''} (try ${email.attempts + 1} of ${maxAttempts})`}</span>;
}

/** What Pulse emailed for the org (admins): sent, waiting and given up, with the mail server's answers. */
export function OutboxSection({ outbox }: { outbox: Outbox }) {
  return (
    <section aria-labelledby="outbox-heading">
      <h2 id="outbox-heading" className="section-title" tabIndex={-1}>
        Outbox
      </h2>
      {!outbox.isEmailOn ? (
        <p className="section-lead">Pulse sends no email: this server has no mail server set (PULSE_SMTP_URL). Send invitation links yourself; reminders, loop seats, reading meetings and anomalies to own show only in Pulse.</p>
      ) : (
        <>
          <p className="section-lead">
            Pulse emails invitation links, scorecard reminders, loop seats, reading meetings and anomalies to own, to people with a login. {outbox.counts.sent} sent, {outbox.counts.waiting} waiting, {outbox.counts.failed} given up. An email the mail server refuses is tried again later, waiting longer each time, and given up after {outbox.maxAttempts} tries.
          </p>
          {outbox.emails.length > 0 && (
            <DataTable columns={['To', 'What', 'Subject', 'Queued', 'Status', 'Last error']} stacksOnPhones>
              {outbox.emails.map((email) => (
                <tr key={email.id}>
                  <td>{email.recipient}</td>
                  <td data-label="What">{KIND_LABELS[email.kind]}</td>
                  <td className="table__muted" data-label="Subject">{email.subject}</td>
                  <td className="table__muted" data-label="Queued">{formatDateTime(email.createdAt)}</td>
                  <td data-label="Status">{statusOf(email, outbox.maxAttempts)}</td>
                  <td className="table__muted" data-label="Last error">{email.lastError ?? '—'}</td>
                </tr>
              ))}
            </DataTable>
          )}
        </>
      )}
    </section>
  );
}
