import { formatDay, formatUtcDateTime } from '../dates.js';

/**
 * The emails Pulse sends, built from the facts of the decision that causes them, and the outbox's retry rules.
 * Plain text only. A reminder never says who the candidate is nor anything of the loop's feedback: an email is
 * forwarded, previewed on lock screens and kept by mail servers, out of reach of the rule that only the loop, the
 * hiring manager, recruiters and admins know of a candidate. It names the role and the interview's day, which the
 * interviewer recognises, and links to Pulse, which checks who may see the candidate.
 */

export const OUTBOX_EMAIL_KINDS = ['invitation', 'feedback_reminder', 'reading_meeting', 'anomaly_owner', 'interview_seat', 'review_request', 'linked_metric_removed', 'linked_metric_added'] as const;
export type OutboxEmailKind = (typeof OUTBOX_EMAIL_KINDS)[number];

export interface EmailContent {
  subject: string;
  text: string;
}

/** Tries before an email is given up (the first one included). */
export const MAX_EMAIL_ATTEMPTS = 5;

/** Waits before the 2nd, 3rd, 4th and 5th try: a refused address or a server down for a while, without a flood. */
const RETRY_DELAYS_MINUTES = [1, 5, 30, 120];

/** When an email that has now failed its `attempts`-th try is tried again; null: it is given up. */
export function nextAttemptAfterFailure(attempts: number, now: Date): Date | null {
  if (attempts >= MAX_EMAIL_ATTEMPTS) return null;
  const minutes = RETRY_DELAYS_MINUTES[Math.max(0, attempts - 1)] ?? RETRY_DELAYS_MINUTES[RETRY_DELAYS_MINUTES.length - 1]!;
  return new Date(now.getTime() + minutes * 60_000);
}

export type OutboxEmailStatus = 'sent' | 'waiting' | 'failed';

/** Sent once delivered to the SMTP server; waiting while a try is due; failed once given up. */
export function outboxEmailStatus(email: { sentAt: Date | null; nextAttemptAt: Date | null }): OutboxEmailStatus {
  if (email.sentAt !== null) return 'sent';
  return email.nextAttemptAt !== null ? 'waiting' : 'failed';
}

/** An SMTP error as it may be stored and shown to admins: one line, no password of a URL, not too long. */
export function storableSendError(message: string): string {
  const oneLine = message.replace(/\s+/g, ' ').trim();
  const withoutSecrets = withoutUrlPasswords(oneLine);
  const text = withoutSecrets === '' ? 'The SMTP server refused the email without saying why.' : withoutSecrets;
  return text.length > 500 ? `${text.slice(0, 499)}…` : text;
}

/** Text with the password of every URL in it (`smtp://user:password@host`) replaced by ***, for errors and logs. */
export function withoutUrlPasswords(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/[^\s:@/]*:)[^\s@/]*@/gi, '$1***@');
}

/**
 * The line `pulse serve` prints at start about email, so an operator sees at once whether invitations and reminders
 * will go out. It names the SMTP server by scheme, host and port only: no user, no password, nothing else of the URL.
 */
export function emailStatusLine(mail: { smtpUrl: string; from: string } | null): string {
  if (mail === null) return '  Email    off (PULSE_SMTP_URL is not set): nothing is emailed; admins share invitation links themselves';
  let server: string;
  try {
    const url = new URL(mail.smtpUrl);
    server = `${url.protocol}//${url.hostname}${url.port === '' ? '' : `:${url.port}`}`;
  } catch {
    // The configuration checks the URL before this runs; should it not parse, still say nothing of what it holds.
    server = 'the configured SMTP server';
  }
  return `  Email    on, through ${server}, from ${headerSafe(mail.from)}`;
}

/** Names from the database go into a header: no line break may start another one. */
const headerSafe = (text: string) => text.replace(/[\r\n]+/g, ' ').trim();

const ROLE_NAMES = { admin: 'an admin', member: 'a member', recruiter: 'a recruiter' } as const;

export function invitationEmail(facts: { orgName: string; inviterName: string; role: keyof typeof ROLE_NAMES; url: string; expiresAt: Date }): EmailContent {
  return {
    subject: headerSafe(`${facts.inviterName} invited you to ${facts.orgName} on Pulse`),
    text: [
      `${facts.inviterName} invited you to join ${facts.orgName} on Pulse as ${ROLE_NAMES[facts.role]}.`,
      '',
      'To accept, open this link and create your account (or sign in with one you have):',
      facts.url,
      '',
      `The link works once and until ${formatDay(facts.expiresAt)}. If you did not expect this invitation, ignore this email: nobody joins without the link.`,
    ].join('\n'),
  };
}

export function feedbackReminderEmail(facts: { orgName: string; interviewerName: string; senderName: string; role: string; interviewAt: Date; dueAt: Date; url: string }): EmailContent {
  return {
    subject: headerSafe(`Your interview feedback is late (${facts.role}, ${facts.orgName})`),
    text: [
      `Hello ${facts.interviewerName},`,
      '',
      `${facts.senderName} reminds you that your scorecard for the ${facts.role} interview of ${formatDay(facts.interviewAt)} was due ${formatUtcDateTime(facts.dueAt)}.`,
      'The debrief cannot start until every interviewer has written theirs. Write it in Pulse:',
      facts.url,
      '',
      'This email leaves out who the candidate is and what others wrote: Pulse shows them to you once you sign in.',
    ].join('\n'),
  };
}

/**
 * An attendee asked to a reading meeting. Meetings have no set hour: the facilitator starts the reading for everyone
 * at once, so the email says that and how long the silent reading lasts. It names the document by its title only
 * (the recipient is one of its readers; its text stays in Pulse, where the sharing is checked again).
 */
export function readingMeetingEmail(facts: { orgName: string; attendeeName: string; facilitatorName: string; documentTitle: string; readingMinutes: number; isApprover: boolean; url: string }): EmailContent {
  const minutes = facts.readingMinutes === 1 ? '1 minute' : `${facts.readingMinutes} minutes`;
  return {
    subject: headerSafe(`Reading meeting: ${facts.documentTitle} (${facts.orgName})`),
    text: [
      `Hello ${facts.attendeeName},`,
      '',
      `${facts.facilitatorName} asked you to a reading meeting on "${facts.documentTitle}" in ${facts.orgName}.`,
      `It begins when ${facts.facilitatorName} starts it in Pulse: everyone then reads the same version in silence for ${minutes}, and the discussion follows.`,
      ...(facts.isApprover ? ['You are one of its approvers: after the reading you vote to approve, iterate or kill.'] : []),
      'Open the meeting (the reading starts there):',
      facts.url,
      '',
      'This email leaves out the document\'s text: Pulse shows it to you once you sign in.',
    ].join('\n'),
  };
}

/**
 * A reviewer asked by an author to review a document: who asks, the document's title and a link to its review. Like
 * the reading meeting's email it carries no text of the document (the recipient may read it; Pulse checks again).
 */
export function reviewRequestEmail(facts: { orgName: string; reviewerName: string; requesterName: string; documentTitle: string; url: string }): EmailContent {
  return {
    subject: headerSafe(`${facts.requesterName} asks you to review "${facts.documentTitle}" (${facts.orgName})`),
    text: [
      `Hello ${facts.reviewerName},`,
      '',
      `${facts.requesterName} asks you to review "${facts.documentTitle}" in ${facts.orgName}: read it, comment where you like, and vote compelling or not yet.`,
      'The request stays on your Home until you vote. The review:',
      facts.url,
      '',
      'This email leaves out the document\'s text: Pulse shows it to you once you sign in.',
    ].join('\n'),
  };
}

/** The new owner of a business-review anomaly: which metric, on which deck, since which week, and where to explain it. */
export function anomalyOwnerEmail(facts: { orgName: string; ownerName: string; assignerName: string; metric: string; deckName: string; firstWeekEnding: string; lastWeekEnding: string; url: string }): EmailContent {
  const weeks = facts.firstWeekEnding === facts.lastWeekEnding ? `the week ending ${formatDay(facts.lastWeekEnding)}` : `the weeks ending ${formatDay(facts.firstWeekEnding)} to ${formatDay(facts.lastWeekEnding)}`;
  return {
    subject: headerSafe(`You own the ${facts.metric} anomaly (${facts.deckName}, ${facts.orgName})`),
    text: [
      `Hello ${facts.ownerName},`,
      '',
      `${facts.assignerName} made you the owner of the anomaly on ${facts.metric} in the ${facts.deckName} business review, signalled in ${weeks}.`,
      'As its owner you find the root cause and record it, with the status, before the next review:',
      facts.url,
    ].join('\n'),
  };
}

/** What happened to a catalog metric on a deck that its owner is told of (linkedMetricEmail). */
export type LinkedMetricChange = { kind: 'removed'; unresolvedAnomalies: number } | { kind: 'added'; reads: string };

/**
 * The owner of a catalog metric that someone else put on or took off a business review's deck (wbr-decks.service).
 * Taken off (removed from its config, or renamed away from the catalog's name): no later week charts or signals it
 * there, so no new anomaly on it reaches them from that deck; its unresolved anomalies there, if any, stay on the
 * deck's agenda. Put on (added, or renamed to the catalog's name): its anomalies there will be theirs to answer, for
 * the data the deck reads under the name, which the email spells out so they can tell whether it is their metric's.
 */
export function linkedMetricEmail(facts: { orgName: string; ownerName: string; actorName: string; metric: string; deckName: string; change: LinkedMetricChange; url: string }): EmailContent {
  const { change } = facts;
  if (change.kind === 'added') {
    return {
      subject: headerSafe(`${facts.metric} was added to the ${facts.deckName} business review (${facts.orgName})`),
      text: [
        `Hello ${facts.ownerName},`,
        '',
        `${facts.actorName} added ${facts.metric}, a metric you own in the catalog, to the ${facts.deckName} business review, where it reads ${change.reads}: the anomalies its weeks raise there will be yours to answer.`,
        'If that is not your metric\'s data, change it in the deck\'s config (as its owner you may) or ask an admin:',
        facts.url,
      ].join('\n'),
    };
  }
  const waiting = change.unresolvedAnomalies === 0 ? [] : [`${change.unresolvedAnomalies === 1 ? 'Its unresolved anomaly stays' : `Its ${change.unresolvedAnomalies} unresolved anomalies stay`} on the deck's agenda.`];
  return {
    subject: headerSafe(`${facts.metric} was taken off the ${facts.deckName} business review (${facts.orgName})`),
    text: [
      `Hello ${facts.ownerName},`,
      '',
      `${facts.actorName} took ${facts.metric}, a metric you own in the catalog, off the ${facts.deckName} business review: its later weeks will not chart or signal it, so no new anomaly on it will reach you from that deck.`,
      ...waiting,
      'If the review should keep watching it, ask them or an admin to put it back in the deck\'s config:',
      facts.url,
    ].join('\n'),
  };
}

const SEAT_NAMES = { interviewer: 'an interviewer', bar_raiser: 'the bar raiser', shadow: 'a shadow (a bar raiser in training)' } as const;

/**
 * An interviewer given a seat in a loop: the role, their part, when the interview is and when the scorecard is due
 * (a shadow writes none), and a link to the loop. Like the reminder, it names no candidate: Pulse shows who it is
 * after sign-in.
 */
export function interviewSeatEmail(facts: { orgName: string; interviewerName: string; assignerName: string; role: string; seat: keyof typeof SEAT_NAMES; interviewAt: Date; feedbackDueAt: Date; url: string }): EmailContent {
  const task = facts.seat === 'shadow' ? 'You observe the interview and write no scorecard. The loop:' : `Pulse shows the principles you probe; your scorecard is due ${formatUtcDateTime(facts.feedbackDueAt)}. The loop:`;
  return {
    subject: headerSafe(`You interview for ${facts.role} on ${formatDay(facts.interviewAt)} (${facts.orgName})`),
    text: [
      `Hello ${facts.interviewerName},`,
      '',
      `${facts.assignerName} gave you a seat as ${SEAT_NAMES[facts.seat]} in an interview loop for the ${facts.role} role, on ${formatUtcDateTime(facts.interviewAt)}.`,
      task,
      facts.url,
      '',
      'This email leaves out who the candidate is: Pulse shows them to you once you sign in.',
    ].join('\n'),
  };
}
