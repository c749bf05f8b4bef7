import { can } from '../../domain/accounts/roles.js';
import type { Db } from '../../storage/database.js';
import type { OrgActor } from '../context.js';
import { saveWritingSettings } from '../documents/document-lint.service.js';
import { castVote, addComment, recordVerdict, replyToComment, resolveCommentThread } from '../documents/document-review.service.js';
import { createDocument, saveDocumentVersion } from '../documents/documents.service.js';
import { createMeeting, endMeeting, postToDiscussion, publishMeetingNotes, addMeetingNote, recordReadingProgress, startMeeting, voteInMeeting } from '../documents/reading-meetings.service.js';
import { daysAgo, RETURNS_ROBOT_PRFAQ_DAYS_AGO } from './demo-calendar.js';

export const DEMO_PRFAQ = `# Northwind Returns Robot picks up returns from your door

## Subheading

Shoppers in Seattle can hand a return to a sidewalk robot and get their refund in minutes.

## Summary

Starting today, shoppers in Seattle can send back any order without printing a label or driving to a store. They open the Northwind app, choose a return window, and a small robot rolls to their door. The refund lands the moment the robot scans the parcel.

## Problem

Shoppers tell us that returns eat an afternoon. They print a label, find tape, and queue at a counter. Then they wait nine days to see their money.

## Solution

The Returns Robot comes to the shopper. It scans the parcel at the door, and the shopper sees the refund in the app before the robot leaves the street.

## Leader quote

"Our shoppers should never lose an afternoon to a return," said Dana Whitfield, head of Northwind Robotics. "The robot gives them that time back."

## How to get started

Open the Northwind app, tap Returns, and pick a thirty-minute window. The robot texts you when it turns into your street.

## Customer quote

"I sent back a jacket while my coffee brewed, and the refund showed up before I finished the cup," said Maria Lopez, a shopper in Ballard.

## Call to action

Shoppers in Seattle can book a pickup in the Northwind app today.

## External FAQ

### What does a pickup cost?

Pickups are free for every order.

## Internal FAQ

### What is the biggest risk?

Robots cannot climb stairs, so shoppers in walk-up buildings must meet the robot at the street door. We will measure how many shoppers that stops.
`;

export const DEMO_MEMO = `# Same-day refunds for returned orders

## Context

Shoppers who return an order wait nine days for their money. In the spring survey, shoppers named that wait as the worst part of buying from us. Each week, the support team answers about four hundred messages that ask where a refund is.

## Proposal

We will refund a return the moment the courier scans the parcel. The courier scan already tells us that the parcel has left the shopper. Fraud stays low because each account may receive three scan refunds before the first parcel reaches the warehouse.

## What it costs

The finance team estimates that earlier refunds tie up about two days of working capital. The savings in support time cover that cost within one quarter.

## Appendix

The survey asked two thousand shoppers about their last return.
`;


/** The demo org's members besides its admin who may write documents, oldest first: its reviewers and readers. */
export async function demoReaders(db: Db, admin: OrgActor): Promise<OrgActor[]> {
  const members = await db.selectFrom('memberships').select(['user_id', 'role']).where('org_id', '=', admin.orgId).where('user_id', '!=', admin.userId).orderBy('created_at').execute();
  return members.filter((member) => can(member.role, 'documents.write')).map((member): OrgActor => ({ userId: member.user_id, orgId: admin.orgId, role: member.role }));
}

/** Gives the demo org documents that have lived: a reviewed PR/FAQ with a verdict and a memo read in a meeting to a decision. */
export async function seedDocumentsDemo(db: Db, admin: OrgActor): Promise<void> {
  const [first, second] = await demoReaders(db, admin);
  if (first === undefined || second === undefined) return;

  // Set before the first document below was written, so its findings were checked with them.
  await saveWritingSettings(db, admin, { jargon: ['moonshot'], knownAcronyms: ['WBR'] }, undefined, daysAgo(121));

  const draft = DEMO_PRFAQ.replace('get their refund in minutes', 'get their refund fast');
  // Written four months ago, reviewed over the following weeks: the Returns Robot's pipeline history follows these dates.
  const prfaq = await createDocument(db, admin, { kind: 'prfaq', title: 'Returns Robot', body: draft }, daysAgo(RETURNS_ROBOT_PRFAQ_DAYS_AGO));
  const quote = 'get their refund fast';
  const start = draft.indexOf(quote);
  const fast = await addComment(db, first, prfaq.id, { version: 1, anchor: { start, end: start + quote.length, quote }, body: 'How fast? Give the shopper a number.' }, daysAgo(118));
  await castVote(db, first, prfaq.id, { version: 1, choice: 'not_yet', reason: '"Fast" is not a promise a shopper can check.' }, daysAgo(118));
  await saveDocumentVersion(db, admin, prfaq.id, { title: 'Returns Robot', body: DEMO_PRFAQ, baseVersion: 1 }, daysAgo(116));
  // The author answers the thread, and the reviewer who started it closes it: the point is settled in version 2.
  await replyToComment(db, admin, prfaq.id, fast.id, { body: 'Version 2 promises the refund in minutes, at the door.' }, daysAgo(116));
  await resolveCommentThread(db, first, prfaq.id, fast.id, daysAgo(115));
  const stairs = 'Robots cannot climb stairs';
  const stairsStart = DEMO_PRFAQ.indexOf(stairs);
  const open = await addComment(db, second, prfaq.id, { version: 2, anchor: { start: stairsStart, end: stairsStart + stairs.length, quote: stairs }, body: 'How many of our Seattle shoppers live in walk-ups?' }, daysAgo(115));
  await replyToComment(db, admin, prfaq.id, open.id, { body: 'About a third, from the delivery data; the pilot will tell us how many that stops.' }, daysAgo(114));
  await castVote(db, first, prfaq.id, { version: 2, choice: 'compelling', reason: 'Minutes, at the door: I would use it tomorrow.' }, daysAgo(114));
  await castVote(db, second, prfaq.id, { version: 2, choice: 'compelling', reason: 'The stairs risk is named and measured.' }, daysAgo(113));
  await recordVerdict(db, second, prfaq.id, { version: 2, verdict: 'compelling', reason: 'Both readers found version 2 compelling; the FAQ faces the stairs problem.' }, daysAgo(112));

  const memo = await createDocument(db, admin, { kind: 'memo', title: 'Same-day refunds', body: DEMO_MEMO }, daysAgo(60));
  // The meeting ran last week: times are set in the past so the recorded phases read in order.
  const startedAt = daysAgo(7);
  const at = (minutes: number) => new Date(startedAt.getTime() + minutes * 60_000);
  const meeting = await createMeeting(db, admin, memo.id, { attendeeIds: [first.userId, second.userId] }, at(-5));
  await startMeeting(db, admin, meeting.id, at(0));
  await recordReadingProgress(db, first, meeting.id, { percent: 60, lastSection: 'Proposal' }, at(10));
  await addMeetingNote(db, first, meeting.id, { quote: 'three scan refunds', body: 'Why three? Show the fraud data behind the limit.' }, at(12));
  await recordReadingProgress(db, first, meeting.id, { percent: 100, isDone: true }, at(18));
  await addMeetingNote(db, second, meeting.id, { body: 'The working-capital cost needs a range, not one number.' }, at(20));
  await recordReadingProgress(db, second, meeting.id, { percent: 100, isDone: true }, at(22));
  await publishMeetingNotes(db, admin, meeting.id, at(23));
  await postToDiscussion(db, first, meeting.id, { body: 'I support it if the fraud limit is backed by data.' }, at(25));
  // The two readers approve or not; the meeting's decision is theirs.
  await voteInMeeting(db, first, meeting.id, { decision: 'approve' }, at(35));
  await voteInMeeting(db, second, meeting.id, { decision: 'iterate' }, at(36));
  await endMeeting(db, admin, meeting.id, { notes: 'Add the fraud data behind the three-refund limit and a cost range; read again next week.' }, at(40));
}
