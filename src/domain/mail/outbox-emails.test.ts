import { describe, expect, it } from 'vitest';
import { anomalyOwnerEmail, emailStatusLine, feedbackReminderEmail, interviewSeatEmail, invitationEmail, linkedMetricEmail, MAX_EMAIL_ATTEMPTS, nextAttemptAfterFailure, outboxEmailStatus, readingMeetingEmail, storableSendError } from './outbox-emails.js';

const at = (iso: string) => new Date(iso);

describe('the invitation email', () => {
  it('says who invites whom to which org as what, carries the link and says until when it works', () => {
    const email = invitationEmail({ orgName: 'Acme', inviterName: 'Ada Admin', role: 'recruiter', url: 'https://pulse.example.com/invite/inv_abc', expiresAt: at('2026-12-04T10:00:00Z') });
    expect(email.subject).toBe('Ada Admin invited you to Acme on Pulse');
    expect(email.text).toContain('join Acme on Pulse as a recruiter');
    expect(email.text).toContain('\nhttps://pulse.example.com/invite/inv_abc\n');
    expect(email.text).toContain('until Dec 4, 2026');
  });

  it('keeps a name with a line break from starting another header', () => {
    expect(invitationEmail({ orgName: 'Acme\r\nBcc: x@example.com', inviterName: 'Ada', role: 'member', url: 'https://p/invite/t', expiresAt: at('2026-12-04T10:00:00Z') }).subject).not.toMatch(/[\r\n]/);
  });
});

describe('the late-scorecard reminder email', () => {
  const facts = { orgName: 'Acme', interviewerName: 'Ivy Interviewer', senderName: 'Rita Recruiter', role: 'Senior Engineer', interviewAt: at('2026-11-20T14:00:00Z'), dueAt: at('2026-11-21T14:00:00Z'), url: 'https://pulse.example.com/o/org/hiring/req?candidate=cand' };

  it('names the role, the interview day, when it was due and who reminds, with a link to write it', () => {
    const email = feedbackReminderEmail(facts);
    expect(email.subject).toBe('Your interview feedback is late (Senior Engineer, Acme)');
    expect(email.text).toContain('Hello Ivy Interviewer,');
    expect(email.text).toContain('Rita Recruiter reminds you that your scorecard for the Senior Engineer interview of Nov 20, 2026 was due Nov 21, 2026, 2:00 PM UTC.');
    expect(email.text).toContain(facts.url);
  });

  it('says why it names no candidate: the builder takes no candidate at all, and Pulse shows them after sign-in', () => {
    expect(feedbackReminderEmail(facts).text).toContain('leaves out who the candidate is and what others wrote');
  });
});

describe('the reading meeting email', () => {
  const facts = { orgName: 'Acme', attendeeName: 'Rae Reader', facilitatorName: 'Ada Author', documentTitle: 'Same-day delivery', readingMinutes: 25, isApprover: true, url: 'https://pulse.example.com/o/org/documents/doc?meeting=m1' };

  it('names the document by its title, who asked, that it starts when the facilitator starts it, the reading time and the link', () => {
    const email = readingMeetingEmail(facts);
    expect(email.subject).toBe('Reading meeting: Same-day delivery (Acme)');
    expect(email.text).toContain('Hello Rae Reader,');
    expect(email.text).toContain('Ada Author asked you to a reading meeting on "Same-day delivery" in Acme.');
    expect(email.text).toContain('It begins when Ada Author starts it in Pulse: everyone then reads the same version in silence for 25 minutes');
    expect(email.text).toContain(`\n${facts.url}\n`);
  });

  it('tells an approver they vote, and an attendee who is not one nothing of the kind', () => {
    expect(readingMeetingEmail(facts).text).toContain('You are one of its approvers');
    expect(readingMeetingEmail({ ...facts, isApprover: false, readingMinutes: 1 }).text).not.toContain('approvers');
    expect(readingMeetingEmail({ ...facts, readingMinutes: 1 }).text).toContain('in silence for 1 minute,');
  });

  it('keeps a title with a line break from starting another header', () => {
    expect(readingMeetingEmail({ ...facts, documentTitle: 'Plan\r\nBcc: x@example.com' }).subject).not.toMatch(/[\r\n]/);
  });
});

describe('the anomaly owner email', () => {
  const facts = { orgName: 'Acme', ownerName: 'Olga Owner', assignerName: 'Ada Admin', metric: 'Orders shipped', deckName: 'Operations', firstWeekEnding: '2026-11-14', lastWeekEnding: '2026-11-21', url: 'https://pulse.example.com/o/org/wbr/deck?week=2026-11-21' };

  it('names the metric, the deck, its weeks and who handed it over, with a link to the deck', () => {
    const email = anomalyOwnerEmail(facts);
    expect(email.subject).toBe('You own the Orders shipped anomaly (Operations, Acme)');
    expect(email.text).toContain('Ada Admin made you the owner of the anomaly on Orders shipped in the Operations business review, signalled in the weeks ending Nov 14, 2026 to Nov 21, 2026.');
    expect(email.text).toContain(facts.url);
  });

  it('says one week once', () => {
    expect(anomalyOwnerEmail({ ...facts, firstWeekEnding: '2026-11-21' }).text).toContain('signalled in the week ending Nov 21, 2026.');
  });
});

describe('the email telling a catalog metric\'s owner it left or joined a review', () => {
  const facts = { orgName: 'Acme', ownerName: 'Kofi Mensah', actorName: 'Sam Okafor', metric: 'Late deliveries', deckName: 'Fulfilment', url: 'https://pulse.example.com/o/org/wbr/deck' };
  const removed = (unresolvedAnomalies: number) => linkedMetricEmail({ ...facts, change: { kind: 'removed', unresolvedAnomalies } });

  it('says who took which metric off which deck, what that stops, what stays and where to look', () => {
    const email = removed(0);
    expect(email.subject).toBe('Late deliveries was taken off the Fulfilment business review (Acme)');
    expect(email.text).toContain('Sam Okafor took Late deliveries, a metric you own in the catalog, off the Fulfilment business review');
    expect(email.text).not.toContain('unresolved');
    expect(email.text).toContain(`\n${facts.url}`);
    expect(removed(1).text).toContain('Its unresolved anomaly stays on the deck\'s agenda.');
    expect(removed(2).text).toContain('Its 2 unresolved anomalies stay on the deck\'s agenda.');
  });

  it('says who put which metric on which deck, what it reads there, and what to do if that is not the metric\'s data', () => {
    const email = linkedMetricEmail({ ...facts, change: { kind: 'added', reads: 'column "orders"' } });
    expect(email.subject).toBe('Late deliveries was added to the Fulfilment business review (Acme)');
    expect(email.text).toContain('Sam Okafor added Late deliveries, a metric you own in the catalog, to the Fulfilment business review, where it reads column "orders": the anomalies its weeks raise there will be yours to answer.');
    expect(email.text).toContain('If that is not your metric\'s data, change it in the deck\'s config (as its owner you may) or ask an admin:');
    expect(email.text).toContain(`\n${facts.url}`);
  });
});

describe('the interview seat email', () => {
  const facts = { orgName: 'Acme', interviewerName: 'Ivy Interviewer', assignerName: 'Rita Recruiter', role: 'Senior Engineer', seat: 'interviewer' as const, interviewAt: at('2026-12-02T14:00:00Z'), feedbackDueAt: at('2026-12-03T14:00:00Z'), url: 'https://pulse.example.com/o/org/hiring/req?candidate=cand' };

  it('names the role, the part, the interview time and when the scorecard is due, with a link to the loop', () => {
    const email = interviewSeatEmail(facts);
    expect(email.subject).toBe('You interview for Senior Engineer on Dec 2, 2026 (Acme)');
    expect(email.text).toContain('Rita Recruiter gave you a seat as an interviewer in an interview loop for the Senior Engineer role, on Dec 2, 2026, 2:00 PM UTC.');
    expect(email.text).toContain('your scorecard is due Dec 3, 2026, 2:00 PM UTC');
    expect(email.text).toContain(facts.url);
    expect(email.text).toContain('leaves out who the candidate is');
  });

  it('tells the bar raiser their part, and a shadow that they write no scorecard', () => {
    expect(interviewSeatEmail({ ...facts, seat: 'bar_raiser' }).text).toContain('a seat as the bar raiser');
    const shadow = interviewSeatEmail({ ...facts, seat: 'shadow' }).text;
    expect(shadow).toContain('write no scorecard');
    expect(shadow).not.toContain('due');
  });
});

describe('the email line pulse serve prints at start', () => {
  it('says email is on, through which server and from whom, without the login of the URL', () => {
    const line = emailStatusLine({ smtpUrl: 'smtp://bot:s3cret@mail.example.com:587', from: 'Pulse <pulse@example.com>' });
    expect(line).toBe('  Email    on, through smtp://mail.example.com:587, from Pulse <pulse@example.com>');
    expect(line).not.toMatch(/s3cret|bot/);
  });

  it('says email is off when no SMTP server is set', () => {
    expect(emailStatusLine(null)).toContain('Email    off (PULSE_SMTP_URL is not set)');
  });
});

describe('retries', () => {
  const now = at('2026-11-27T12:00:00Z');
  it('waits longer after each failed try and gives up after the last', () => {
    const delays = [1, 2, 3, 4].map((attempts) => (nextAttemptAfterFailure(attempts, now)!.getTime() - now.getTime()) / 60_000);
    expect(delays).toEqual([1, 5, 30, 120]);
    expect(nextAttemptAfterFailure(MAX_EMAIL_ATTEMPTS, now)).toBeNull();
  });

  it('reads a row as sent, waiting or given up', () => {
    expect(outboxEmailStatus({ sentAt: now, nextAttemptAt: null })).toBe('sent');
    expect(outboxEmailStatus({ sentAt: null, nextAttemptAt: now })).toBe('waiting');
    expect(outboxEmailStatus({ sentAt: null, nextAttemptAt: null })).toBe('failed');
  });

  it('stores an error on one line, without a URL\'s password, and not too long', () => {
    expect(storableSendError('Connection to smtp://bot:s3cret@mail.example.com failed\n  at x')).toBe('Connection to smtp://bot:***@mail.example.com failed at x');
    expect(storableSendError('  ')).toContain('without saying why');
    expect(storableSendError('x'.repeat(2000))).toHaveLength(500);
  });
});
