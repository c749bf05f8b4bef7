import { useState } from 'react';
import { utcDay } from '../../../../src/domain/hiring/feedback-rules.js';
import { Button } from '../../components/button.js';
import { api, messageOf } from '../../lib/api-client.js';
import { formatAgo, formatDateTime } from '../../lib/format.js';

export interface Reminder {
  remindedAt: string;
  remindedBy: string;
}

/** "Reminded 2 hours ago by Rae": who chased a late scorecard, and when (the exact time on hover). */
export function ReminderNote({ reminder }: { reminder: Reminder }) {
  return (
    <span className="table__muted" title={formatDateTime(reminder.remindedAt)}>
      Reminded {formatAgo(reminder.remindedAt)} by {reminder.remindedBy}
    </span>
  );
}

/**
 * A late scorecard's last reminder, and a button to send one (recruiters, admins, the hiring manager). The server
 * takes one a day (UTC) per interviewer and loop (feedback.reminder_once_a_day): once sent today, the button goes.
 */
export function RemindInterviewer({ path, name, lastReminder, onSent }: { path: string; name: string; lastReminder: Reminder | null; onSent(reminder: Reminder): void }) {
  const [sent, setSent] = useState<Reminder | null>(null);
  const [isBusy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const latest = sent ?? lastReminder;
  const isRemindedToday = latest !== null && utcDay(new Date(latest.remindedAt)) === utcDay(new Date());
  const send = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const { reminder } = await api<{ reminder: Reminder }>('POST', path);
      setSent(reminder);
      onSent(reminder);
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <span className="remind-interviewer">
      {latest && <ReminderNote reminder={latest} />}
      {!isRemindedToday && (
        <>
          {latest && ' '}
          <Button size="small" variant="quiet" isBusy={isBusy} onClick={() => void send()} aria-label={`Remind ${name} of their late feedback`}>
            Remind
          </Button>
        </>
      )}
      {error && (
        <span className="form-message form-message--error" role="alert">
          {' '}
          {error}
        </span>
      )}
    </span>
  );
}
