import { formatUtcDateTime } from '../dates.js';
import { AppError, ruleViolation } from '../errors.js';
import { isPlaceholderText } from '../writing/placeholder-text.js';
import { tokenize } from '../writing/text-analysis.js';

export const VOTES = ['strongly_inclined', 'inclined', 'not_inclined', 'strongly_not_inclined'] as const;
export type Vote = (typeof VOTES)[number];

export const RATING_SCALE = { min: 1, max: 5 } as const;

/** A principle's rating, the same scale for interviews, reviews and promotion cases: a whole number from 1 to 5. */
export function assertRating(rating: number, field: string): void {
  if (!Number.isInteger(rating) || rating < RATING_SCALE.min || rating > RATING_SCALE.max) {
    throw new AppError('validation_failed', `A rating is a whole number from ${RATING_SCALE.min} to ${RATING_SCALE.max}.`, { field });
  }
}
export const FEEDBACK_DUE_HOURS = 24;
export const FEEDBACK_LIMITS = { evidenceMaxLength: 10_000 } as const;

/**
 * The fewest words of written evidence a principle takes, in interview feedback, reviews and promotion cases: one
 * real sentence of what the person said or did ("Walked me through the outage they led, minute by minute" is 11).
 * Eight is short enough never to ask for padding, and long enough that "good", "strong hire" or "see above" are not
 * taken for evidence. Words are counted as the writing checks count them (text-analysis.ts).
 */
export const EVIDENCE_MIN_WORDS = 8;

/** Words that are no evidence on their own, beyond the placeholders of any text ("n/a", "see above"): "none", "ok", "fine". */
const NOT_EVIDENCE_WORDS: ReadonlySet<string> = new Set(['none', 'nil', 'nothing', 'null', 'ok', 'okay', 'fine', 'test']);

export type EvidenceShortfall = { kind: 'placeholder' } | { kind: 'too_short'; words: number };

/**
 * What keeps a text from being evidence, or null when it is evidence: a placeholder (see isPlaceholderText, plus
 * NOT_EVIDENCE_WORDS), or fewer words than EVIDENCE_MIN_WORDS.
 */
export function evidenceShortfall(text: string): EvidenceShortfall | null {
  if (isPlaceholderText(text, NOT_EVIDENCE_WORDS)) return { kind: 'placeholder' };
  const words = tokenize(text, 0, text.length).length;
  if (words < EVIDENCE_MIN_WORDS) return { kind: 'too_short', words };
  return null;
}

/**
 * Refuses written evidence that is not evidence yet, naming the principle it is for and what is expected.
 * `area` names the rules (`feedback.evidence_too_short`, `feedback.evidence_placeholder`); `expected` says what to
 * write ("what the candidate said or did"). `principle` names what the evidence is for (a principle, or the bar).
 */
export function assertEvidence(text: string, at: { area: 'feedback' | 'review' | 'promotion' | 'debrief'; field: string; principle: string; expected: string }): void {
  const shortfall = evidenceShortfall(text);
  if (shortfall === null) return;
  const ask = `Write at least ${EVIDENCE_MIN_WORDS} words of evidence for ${at.principle}: ${at.expected}`;
  if (shortfall.kind === 'placeholder') {
    const shown = text.trim().replace(/\s+/g, ' ');
    const quoted = shown.length === 0 ? 'This' : `"${shown.length > 40 ? `${shown.slice(0, 40)}…` : shown}"`;
    throw new AppError('rule_violation', `${quoted} is a placeholder, not evidence. ${ask}.`, { rule: `${at.area}.evidence_placeholder`, field: at.field });
  }
  throw new AppError('rule_violation', `${ask} (this has ${shortfall.words === 1 ? '1 word' : `${shortfall.words} words`}).`, { rule: `${at.area}.evidence_too_short`, field: at.field });
}

export interface PrincipleRating {
  principleId: string;
  rating: number;
  evidence: string;
}

/**
 * Feedback covers exactly the principles the interviewer was assigned, each with evidence and a rating. Feedback is
 * final once submitted (there are no drafts), so every submission's evidence is checked: at least
 * EVIDENCE_MIN_WORDS words, not a placeholder. `titles` names the principles in those refusals.
 */
export function normaliseFeedback(ratings: readonly PrincipleRating[], assignedPrincipleIds: readonly string[], titles: ReadonlyMap<string, string> = new Map()): PrincipleRating[] {
  const assigned = new Set(assignedPrincipleIds);
  const given = new Set<string>();
  const result: PrincipleRating[] = [];
  for (const [index, rating] of ratings.entries()) {
    if (!assigned.has(rating.principleId)) throw ruleViolation('feedback.assigned_principles', 'Feedback rates only the principles you were assigned.', { principleId: rating.principleId });
    if (given.has(rating.principleId)) throw new AppError('validation_failed', 'A principle is rated twice.', { field: `ratings.${index}.principleId` });
    given.add(rating.principleId);
    const evidence = rating.evidence.trim();
    if (evidence.length === 0) throw new AppError('validation_failed', 'Each rating needs written evidence: what the candidate said or did.', { field: `ratings.${index}.evidence` });
    assertRating(rating.rating, `ratings.${index}.rating`);
    result.push({ principleId: rating.principleId, rating: rating.rating, evidence });
  }
  const missing = assignedPrincipleIds.filter((id) => !given.has(id));
  if (missing.length > 0) throw ruleViolation('feedback.all_principles_rated', 'Rate every principle you were assigned, each with evidence.', { missing });
  // Checked once the scorecard is whole, in the order it was written: the first short one is named.
  for (const [index, rating] of result.entries()) {
    assertEvidence(rating.evidence, { area: 'feedback', field: `ratings.${index}.evidence`, principle: titles.get(rating.principleId) ?? 'this principle', expected: 'what the candidate said or did' });
  }
  return result;
}

/**
 * When the clock for owed feedback starts: the interview, or the candidate's latest reinstatement when that came
 * later. While a candidate is out (withdrawn or rejected) their loop asks nothing of anyone, and an interviewer told
 * so may fairly have let the scorecard go: once the candidate is back, every scorecard still owed gets the full
 * FEEDBACK_DUE_HOURS from the reinstatement, rather than being overdue (and chased) the moment it is owed again.
 */
export function feedbackOwedFrom(interviewAt: Date, reinstatedAt: Date | null = null): Date {
  return reinstatedAt !== null && reinstatedAt.getTime() > interviewAt.getTime() ? reinstatedAt : interviewAt;
}

export function feedbackDueAt(interviewAt: Date, reinstatedAt: Date | null = null): Date {
  return new Date(feedbackOwedFrom(interviewAt, reinstatedAt).getTime() + FEEDBACK_DUE_HOURS * 3_600_000);
}

export function isFeedbackOverdue(interviewAt: Date, submittedAt: Date | null, now: Date, reinstatedAt: Date | null = null): boolean {
  return submittedAt === null && now.getTime() > feedbackDueAt(interviewAt, reinstatedAt).getTime();
}

/**
 * Blind feedback: an interviewer reads others' feedback only after submitting their own; anyone else allowed to
 * see the candidate reads it only once every interviewer has submitted (the debrief). A shadow is in the loop to
 * learn, rates no principle, and could unblind themselves with a bare vote: they read it at the debrief too.
 */
export function canReadOthersFeedback(viewer: { isInLoop: boolean; isShadow?: boolean; hasSubmitted: boolean }, isDebriefOpen: boolean): boolean {
  if (viewer.isInLoop && viewer.isShadow !== true) return viewer.hasSubmitted;
  return isDebriefOpen;
}

/** Whether the interview has started: from then on feedback is taken (and asked for). */
export const hasInterviewStarted = (interviewAt: Date, now: Date): boolean => now.getTime() >= interviewAt.getTime();

/** Feedback is about an interview that took place: none is taken before the interview's start. */
export function assertInterviewHeld(interviewAt: Date, now: Date): void {
  if (!hasInterviewStarted(interviewAt, now)) {
    throw ruleViolation('feedback.after_interview', `The interview is set for ${formatUtcDateTime(interviewAt)}: feedback opens when it starts.`);
  }
}

/**
 * Who may key in an interviewer's paper scorecard: a recruiter or admin, for an interviewer without a login (who
 * cannot submit it themselves), and, if the keyer sits in the loop too, only once their own feedback is in, as
 * the blind rule asks of every interviewer. Never the loop's bar raiser: the one who judges the evidence at the
 * debrief does not write down anyone else's.
 */
export function assertCanKeyIn(keyer: { isHiringStaff: boolean; isInLoop: boolean; isBarRaiser?: boolean; hasSubmitted: boolean }, interviewer: { name: string; hasLogin: boolean }): void {
  if (!keyer.isHiringStaff) throw new AppError('forbidden', 'Only recruiters and admins key in the scorecard of an interviewer without a login.');
  if (interviewer.hasLogin) throw ruleViolation('feedback.own_words', `${interviewer.name} has a login: they submit their own feedback.`);
  if (keyer.isBarRaiser === true) throw ruleViolation('feedback.not_by_bar_raiser', `You are this loop's bar raiser: another recruiter or admin keys in ${interviewer.name}'s scorecard.`);
  if (keyer.isInLoop && !keyer.hasSubmitted) throw ruleViolation('feedback.blind', 'You sit in this loop: submit your own feedback before keying in anyone else\'s.');
}

/** The UTC day of a moment, as 'YYYY-MM-DD': the day reminders are counted by, wherever the sender is. */
export const utcDay = (moment: Date): string => moment.toISOString().slice(0, 10);

/**
 * Who may remind an interviewer of a late scorecard, and when: a recruiter, an admin or the requisition's hiring
 * manager (they chase their own loops), for a scorecard that is owed and overdue, to someone with a login (the
 * reminder waits on their home page; a paper scorecard is keyed in instead), and once a day per interviewer and loop
 * (`lastReminder`, if any, is the latest one): a chase is a nudge, not a flood. Nothing here reads feedback: a
 * reminder says only that theirs is late.
 */
export function assertCanRemind(
  sender: { isHiringStaff: boolean; isHiringManager: boolean },
  seat: { name: string; seat: string; hasLogin: boolean; submittedAt: Date | null; interviewAt: Date; reinstatedAt?: Date | null; isClosed: boolean; isSender?: boolean },
  lastReminder: { remindedAt: Date; remindedBy: string } | null,
  now: Date,
): void {
  // The seat (its person) is what each refusal is about.
  const refuse = (rule: string, message: string, data?: Record<string, unknown>) => new AppError('rule_violation', message, { rule, field: 'personId', ...(data && { data }) });
  if (!sender.isHiringStaff && !sender.isHiringManager) throw new AppError('forbidden', 'Only recruiters, admins and the hiring manager remind interviewers of late feedback.');
  if (seat.isSender === true) throw refuse('feedback.reminder_self', 'This scorecard is yours: your feedback waits on your own home page; nobody reminds themselves.');
  if (seat.seat === 'shadow') throw refuse('feedback.reminder_not_owed', `${seat.name} shadows this loop: a shadow owes no scorecard.`);
  if (seat.submittedAt !== null || seat.isClosed) throw refuse('feedback.reminder_not_owed', `${seat.name} owes no feedback on this loop any more.`);
  if (!isFeedbackOverdue(seat.interviewAt, seat.submittedAt, now, seat.reinstatedAt)) {
    throw refuse('feedback.reminder_not_late', `${seat.name}'s feedback is not late yet: it is due ${formatUtcDateTime(feedbackDueAt(seat.interviewAt, seat.reinstatedAt))}.`);
  }
  if (!seat.hasLogin) throw refuse('feedback.reminder_no_login', `${seat.name} has no login to read a reminder: key in their paper scorecard on the candidate's page.`);
  if (lastReminder !== null && utcDay(lastReminder.remindedAt) === utcDay(now)) throw alreadyRemindedToday(seat.name, lastReminder);
}

/** The refusal of a second reminder on one UTC day, naming who sent today's. */
export function alreadyRemindedToday(name: string, lastReminder: { remindedAt: Date; remindedBy: string }): AppError {
  return new AppError('rule_violation', `${lastReminder.remindedBy} already reminded ${name} today (UTC): one reminder a day per interviewer and loop.`, {
    rule: 'feedback.reminder_once_a_day',
    field: 'personId',
    data: { remindedAt: lastReminder.remindedAt.toISOString(), remindedBy: lastReminder.remindedBy },
  });
}

export type VoteTally = Record<Vote, number>;

/**
 * The debrief's count of votes, one per interviewer (the bar raiser included). A shadow is in the loop to learn and
 * owes no scorecard: their vote, if they gave one, is theirs to read in the feedback, not a voice in the count.
 */
export function tallyVotes(feedback: readonly { seat: string; vote: Vote }[]): VoteTally {
  const tally = Object.fromEntries(VOTES.map((vote) => [vote, 0])) as VoteTally;
  for (const entry of feedback) if (entry.seat !== 'shadow') tally[entry.vote]++;
  return tally;
}

/** The debrief opens when every interviewer (the bar raiser included, shadows not) has submitted. */
export function isDebriefOpen(seats: readonly { seat: string; submittedAt: Date | null }[]): boolean {
  const required = seats.filter((seat) => seat.seat !== 'shadow');
  return required.length > 0 && required.every((seat) => seat.submittedAt !== null);
}
