import type { Db } from '../../storage/database.js';
import type { OrgActor } from '../context.js';
import { castVote, recordVerdict } from '../documents/document-review.service.js';
import { createDocument, getDocument, saveDocumentVersion } from '../documents/documents.service.js';
import { createMeeting, endMeeting, publishMeetingNotes, recordReadingProgress, startMeeting, voteInMeeting } from '../documents/reading-meetings.service.js';
import { linkInitiativeDocuments, moveInitiative, proposeIdea } from '../initiatives/pipeline.service.js';
import { createInitiative } from '../people/org-structure.service.js';
import { can } from '../../domain/accounts/roles.js';
import { daysAgo, GRIPPER_PRFAQ_DAYS_AGO } from './demo-calendar.js';
import { DEMO_MEMO, demoReaders } from './seed-documents-demo.js';

/** The demo's members who write documents: its admin (Dana), Priya and Marcus; null in an org without them. */
interface DemoWriters { dana: OrgActor; priya: OrgActor; marcus: OrgActor }

async function demoWriters(db: Db, admin: OrgActor): Promise<DemoWriters | null> {
  const members = await db.selectFrom('memberships').innerJoin('users', 'users.id', 'memberships.user_id').select(['users.id', 'users.email', 'memberships.role']).where('memberships.org_id', '=', admin.orgId).execute();
  const writer = (name: string): OrgActor | undefined => {
    const member = members.find((entry) => entry.email === `${name}@pulse.example`);
    return member === undefined || !can(member.role, 'documents.write') ? undefined : { userId: member.id, orgId: admin.orgId, role: member.role };
  };
  const [priya, marcus] = [writer('priya'), writer('marcus')];
  return priya === undefined || marcus === undefined ? null : { dana: admin, priya, marcus };
}

/** The two writers who read `author`'s document, in the order they review it (the second records the verdict). */
function readersOf(writers: DemoWriters, author: OrgActor): [OrgActor, OrgActor] {
  const [first, second] = [writers.priya, writers.marcus, writers.dana].filter((writer) => writer.userId !== author.userId);
  return [first!, second!];
}

/** A first draft, up for review: a reader is not convinced yet. */
const GIFT_PRFAQ = `# Northwind takes back a gift without a receipt

## Subheading

People who receive a Northwind gift they cannot use can swap it for store credit without asking the giver for a receipt.

## Summary

Starting today, anyone holding a Northwind gift can scan the code on its box in the app and swap it for store credit. The giver is never told, and the gift reaches someone who wants it.

## Problem

People who receive the wrong gift keep it in a drawer rather than ask the giver for a receipt. The gift is wasted, and the giver never learns.

## Solution

Every box carries a code that proves where the gift came from. Scanning it in the app gives store credit for the price paid.

## Leader quote

"A gift should end up in hands that want it," said Dana Whitfield, head of Northwind Robotics.

## How to get started

Open the Northwind app, tap Swap a gift, and scan the code on the box.

## Customer quote

"My aunt sent me a second kettle, and I swapped it for headphones without a word to her," said Priya Shah, a shopper in Tacoma.

## Call to action

Anyone with a Northwind gift can swap it in the app today.

## External FAQ

### Will the giver find out?

No. The giver sees nothing about the swap.

## Internal FAQ

### How do we stop resale fraud?

Each code works once, and we credit the price paid, never more.
`;

/** Found compelling; its memo's first draft still has a list, which the memo's hard checks refuse. */
const REPAIR_PRFAQ = `# Northwind repairs a faulty gadget at your door instead of taking it back

## Subheading

Shoppers in Seattle whose gadget breaks in its first year get it fixed on the spot, with no return at all.

## Summary

Starting today, a shopper whose Northwind gadget stops working in its first year books a repair in the app. A technician comes to the door within two days, fixes the gadget while the shopper waits, and the shopper keeps the gadget they chose.

## Problem

Shoppers tell us that a broken gadget means a return, a refund and a second order. They lose the gadget for two weeks, and many give up and buy elsewhere.

## Solution

A technician brings the common spare parts in a van and repairs eight in ten faults at the door. When a fix needs the workshop, the technician leaves a loan gadget.

## Leader quote

"A shopper wants the gadget to work, not a refund," said Dana Whitfield, head of Northwind Robotics. "Fixing it at the door keeps their day and their gadget."

## How to get started

Open the Northwind app, tap the order, and choose Repair. Pick a two-hour window in the next two days.

## Customer quote

"My speaker went quiet on Monday, and on Tuesday a technician had it playing again in twenty minutes," said Sam Lee, a shopper in Fremont.

## Call to action

Shoppers in Seattle can book a repair in the Northwind app today.

## External FAQ

### What does a repair cost?

Repairs in the first year are free, parts and visit included.

## Internal FAQ

### How many technicians do we need?

We expect about three hundred repairs a week in Seattle, which five technicians cover. We will hire them before the launch.
`;

/** Found compelling, with its FAQ answered: its gate to the memo stage is open, and nobody has moved it yet. */
const LOCKERS_PRFAQ = `# Northwind lockers keep parcels safe until shoppers come home

## Subheading

Shoppers in Seattle who are out when a parcel arrives collect it from a locker on their street, any hour of the day.

## Summary

Starting today, a shopper who is not home when the courier comes finds the parcel in a Northwind locker within two blocks of their door. The app sends a code, and the locker opens for them day or night.

## Problem

Shoppers tell us that a missed delivery means a card in the door and a trip to a depot across town. One parcel in twelve waits there for three days or more.

## Solution

Couriers leave a missed parcel in the nearest street locker instead of taking it back to the depot. The shopper collects it on the way home.

## Leader quote

"A parcel should wait for the shopper, not the other way round," said Dana Whitfield, head of Northwind Robotics.

## How to get started

Nothing to set up: when a courier misses you, the app sends the locker's address and a code.

## Customer quote

"I work nights, and now my parcels wait for me at the corner instead of at a depot I can never reach," said Tom Reyes, a shopper in Ballard.

## Call to action

Shoppers in Seattle get locker codes from today.

## External FAQ

### How long does the locker keep my parcel?

Seven days, and the app reminds you after two.

## Internal FAQ

### Where do the lockers go?

We will place two hundred lockers at the busiest corners, where four in five missed parcels would land within two blocks.
`;

const REPAIR_MEMO = `# Repair at the door

## Context

One in twenty gadgets comes back in its first year, and most of those returns are faults a technician can fix.

## Proposal

We will send technicians with spare parts to fix faults at the door. The steps are these:

- book the repair in the app
- send the nearest technician
- fix the gadget or leave a loan gadget

## What it costs

Five technicians and a van cost less than the refunds and the second shipments they save.
`;

/**
 * The Returns Robot memo's first reading asked for the fraud data: its author adds it, and the second reading is booked
 * with the same approvers, so each finds it under "Needs you" with their vote awaited.
 */
async function bookSecondReading(db: Db, admin: OrgActor, memoId: string): Promise<void> {
  const [first, second] = await demoReaders(db, admin);
  if (first === undefined || second === undefined) return;
  const memo = await getDocument(db, admin, memoId);
  const body = `${DEMO_MEMO.trimEnd()}\n\nThe fraud data behind the limit: in last year's pilot, one shopper in four hundred asked for a fourth instant refund within a month, and half of those refunds were for goods never sent back.\n`;
  await saveDocumentVersion(db, admin, memoId, { title: memo.title, body, baseVersion: memo.version }, daysAgo(4));
  await createMeeting(db, admin, memoId, { attendeeIds: [first.userId, second.userId] }, daysAgo(3));
}

/** The adaptive gripper's press release, found compelling before the team was staffed. */
const GRIPPER_PRFAQ = `# Northwind stations pick fragile items on the first try

## Subheading

Warehouses that run Northwind picking stations stop losing glassware and electronics to a gripper that squeezes too hard.

## Summary

Starting today, every Northwind picking station feels the shape and weight of an item before it closes its grip. It picks a wine glass and a cast-iron pan in the same minute, and it breaks neither.

## Problem

Warehouse managers tell us that a station which drops one item in fifty is a station they staff with a person beside it. Broken stock costs them money, and a missed pick holds up the whole order.

## Solution

The new gripper measures how an item gives under light pressure and sets its force from that. When it is unsure, it tries a gentler hold first.

## Leader quote

"A picking station earns its place when the manager stops watching it," said Kofi Mensah, who leads the gripper team.

## How to get started

Stations already on the floor get the new gripper at their next service visit, at no charge.

## Customer quote

"We ran a week of glassware through it and swept up nothing," said Ana Ruiz, who runs a warehouse in Kent.

## Call to action

Ask your Northwind engineer to book the upgrade at your next visit.

## External FAQ

### Will the stations pick more slowly?

No. The light test grip takes a fraction of a second, and fewer retries make the station faster overall.

## Internal FAQ

### How will we know it works?

The first-grasp pick rate and the items damaged per ten thousand picks are reviewed every week, with targets the team owns.
`;

/** The gripper's memo: prose only, well within six pages, approved at its reading. */
const GRIPPER_MEMO = `# Adaptive gripper

## Context

Our picking stations drop or crush about one item in fifty when the goods are fragile or oddly shaped. Customers answer by keeping a person beside each station, which removes most of the saving they bought the station for.

## Proposal

We will replace the fixed-force gripper with one that tests each item with a light squeeze and sets its force from what it feels. A dedicated team of two engineers, Sam Okafor and Ines Duarte, led full time by Kofi Mensah, will build it and fit it to the stations already in service.

## How we will know

The team owns two input metrics that it can move directly: the share of picks that succeed on the first grasp, and the items damaged per ten thousand picks. Both are reviewed every week in the business review, and the team will hire a test engineer to run the damage trials.

## What it costs

The team costs less than the credits we paid customers last year for stock our stations broke.
`;

/**
 * The adaptive gripper, which entered the pipeline at building, carries the documents its leadership read before:
 * a compelling PR/FAQ and a memo the approvers approved at its reading. With its leader, team, hiring loop and input
 * metrics, it is the one record a newcomer can follow through every mechanism.
 */
async function seedGripperDocuments(db: Db, admin: OrgActor): Promise<void> {
  // Marcus wrote them: the gripper's engineers report to him (Kofi, who leads it, has no login in the demo). The two
  // other writers read them.
  const writers = await demoWriters(db, admin);
  const gripper = await db.selectFrom('initiatives').select('id').where('org_id', '=', admin.orgId).where('name', '=', 'Adaptive gripper').executeTakeFirst();
  if (writers === null || gripper === undefined) return;
  const author = writers.marcus;
  const [first, second] = readersOf(writers, author);
  const prfaq = await createDocument(db, author, { kind: 'prfaq', title: 'Adaptive gripper', body: GRIPPER_PRFAQ }, daysAgo(GRIPPER_PRFAQ_DAYS_AGO));
  await castVote(db, first, prfaq.id, { version: 1, choice: 'compelling', reason: 'A manager who stops watching the station: that is the promise we sell.' }, daysAgo(97));
  await castVote(db, second, prfaq.id, { version: 1, choice: 'compelling', reason: 'Both metrics are ones the team can move.' }, daysAgo(96));
  await recordVerdict(db, second, prfaq.id, { version: 1, verdict: 'compelling', reason: 'Both readers found it compelling.' }, daysAgo(95));
  const memo = await createDocument(db, author, { kind: 'memo', title: 'Adaptive gripper', body: GRIPPER_MEMO }, daysAgo(85));
  // Read and approved ten weeks ago, before the team was staffed (the initiative is building since, see the people demo).
  // Its author facilitates the reading; the readers are the approvers.
  const startedAt = daysAgo(70);
  const at = (minutes: number) => new Date(startedAt.getTime() + minutes * 60_000);
  const meeting = await createMeeting(db, author, memo.id, { attendeeIds: [first.userId, second.userId] }, at(-5));
  await startMeeting(db, author, meeting.id, at(0));
  await recordReadingProgress(db, first, meeting.id, { percent: 100, isDone: true }, at(15));
  await recordReadingProgress(db, second, meeting.id, { percent: 100, isDone: true }, at(17));
  await publishMeetingNotes(db, author, meeting.id, at(18));
  await voteInMeeting(db, first, meeting.id, { decision: 'approve' }, at(30));
  await voteInMeeting(db, second, meeting.id, { decision: 'approve' }, at(31));
  await endMeeting(db, author, meeting.id, { notes: 'Approved: staff a single-threaded team under Kofi and report both metrics weekly.' }, at(35));
  await linkInitiativeDocuments(db, admin, gripper.id, { prfaqDocumentId: prfaq.id, memoDocumentId: memo.id }, at(40));
}

/**
 * Gives the demo org a pipeline with a story: the Returns Robot has walked the real gates up to its reading review
 * (its PR/FAQ was found compelling, its memo's reading asked for another draft), gift returns wait for a compelling
 * press release, repair at the door for a memo without lists, a drone idea was killed with its reason, and older
 * work sits at approval, staffing, building (the adaptive gripper, with the documents its approval stood on) and launch.
 * Runs after the documents and people demos, whose records the gates read.
 */
export async function seedPipelineDemo(db: Db, admin: OrgActor): Promise<void> {
  const documents = await db.selectFrom('documents').select(['id', 'kind']).where('org_id', '=', admin.orgId).orderBy('created_at').execute();
  const prfaq = documents.find((document) => document.kind === 'prfaq');
  const memo = documents.find((document) => document.kind === 'memo');
  if (prfaq && memo) {
    // Each move is dated after the review it stands on (see the documents demo's dates): four months from the idea
    // to the reading review, whose first reading (a week ago) came before it and asked for the redraft read next.
    const robot = await proposeIdea(db, admin, { name: 'Returns Robot pickups', prfaqDocumentId: prfaq.id }, daysAgo(119.3));
    await moveInitiative(db, admin, robot.id, { to: 'press_release', reason: 'The first draft of the press release is up for review.' }, daysAgo(119.1));
    await moveInitiative(db, admin, robot.id, { to: 'faq', reason: 'Both readers found version 2 compelling.' }, daysAgo(110.8));
    await linkInitiativeDocuments(db, admin, robot.id, { memoDocumentId: memo.id }, daysAgo(59.5));
    await moveInitiative(db, admin, robot.id, { to: 'memo', reason: 'The FAQ answers the pickup cost and faces the stairs risk.' }, daysAgo(57.7));
    await moveInitiative(db, admin, robot.id, { to: 'reading_review', reason: 'The memo passes the hard checks; the reading is booked.' }, daysAgo(3.2));
    await bookSecondReading(db, admin, memo.id);
  }
  await seedEarlyStages(db, admin);
  const drone = await proposeIdea(db, admin, { name: 'Drone returns' }, daysAgo(150));
  await moveInitiative(db, admin, drone.id, { to: 'killed', reason: 'Drones may not fly over homes here without a waiver, and the Returns Robot solves the same problem from the sidewalk.' }, daysAgo(140));
  // Work that was under way before the org used Pulse starts at its real stage, on the day it reached it. The
  // courier, launched last spring, keeps the leader who runs it; its controllable input comes with the catalog. The
  // night-time deliveries, approved three weeks ago, are led by an engineering manager on no team and with no reports
  // (the people demo), so naming her breaks none of the single-threaded rules.
  const leaderOf = async (email: string) => (await db.selectFrom('people').select('id').where('org_id', '=', admin.orgId).where('email', '=', email).executeTakeFirst())?.id ?? null;
  await createInitiative(db, admin, { name: 'Night-time deliveries', status: 'active', stage: 'approved', stlPersonId: await leaderOf('elif@pulse.example') }, daysAgo(21));
  await createInitiative(db, admin, { name: 'Same-day courier', status: 'done', stage: 'launched', stlPersonId: await leaderOf('ravi@pulse.example') }, daysAgo(200));
  await seedGripperDocuments(db, admin);
}

/**
 * Initiatives in the early stages: gift returns, whose press release a reader does not find compelling yet; street
 * lockers, at the FAQ with its gate to the memo open; repair at the door, whose memo still has a list.
 */
async function seedEarlyStages(db: Db, admin: OrgActor): Promise<void> {
  const writers = await demoWriters(db, admin);
  await proposeIdea(db, admin, { name: 'Return bins in apartment lobbies' }, daysAgo(12));
  const gift = await proposeIdea(db, admin, { name: 'Gift returns without a receipt' }, daysAgo(45));
  if (writers === null) return;
  // Each press release is its author's, read by the two other writers: Priya writes the shopper-facing returns
  // ideas, Marcus the one his engineers and technicians would run.
  const giftPrfaq = await createDocument(db, writers.priya, { kind: 'prfaq', title: 'Gift returns', body: GIFT_PRFAQ }, daysAgo(42));
  await linkInitiativeDocuments(db, admin, gift.id, { prfaqDocumentId: giftPrfaq.id }, daysAgo(41.9));
  await moveInitiative(db, admin, gift.id, { to: 'press_release', reason: 'The first draft of the press release is up for review.' }, daysAgo(41));
  await castVote(db, readersOf(writers, writers.priya)[0], giftPrfaq.id, { version: 1, choice: 'not_yet', reason: 'Who pays for the credit when the gift was bought on sale? Say it in the FAQ.' }, daysAgo(39));

  /** A press release written `days` ago, which both readers find compelling, taken through its gate to the FAQ stage in a week. */
  const atFaq = async (author: OrgActor, name: string, body: string, reasons: readonly [string, string], days: number) => {
    const [first, second] = readersOf(writers, author);
    const prfaq = await createDocument(db, author, { kind: 'prfaq', title: name, body }, daysAgo(days));
    const initiative = await proposeIdea(db, admin, { name, prfaqDocumentId: prfaq.id }, daysAgo(days - 0.5));
    await moveInitiative(db, admin, initiative.id, { to: 'press_release', reason: 'The press release is up for review.' }, daysAgo(days - 1));
    await castVote(db, first, prfaq.id, { version: 1, choice: 'compelling', reason: reasons[0] }, daysAgo(days - 3));
    await castVote(db, second, prfaq.id, { version: 1, choice: 'compelling', reason: reasons[1] }, daysAgo(days - 4));
    await recordVerdict(db, second, prfaq.id, { version: 1, verdict: 'compelling', reason: 'Both readers found it compelling.' }, daysAgo(days - 5));
    await moveInitiative(db, admin, initiative.id, { to: 'faq', reason: 'Both readers found it compelling.' }, daysAgo(days - 6));
    return initiative;
  };
  const repair = await atFaq(writers.marcus, 'Repair at the door', REPAIR_PRFAQ, ['Keeping the gadget beats any refund.', 'Two days and a loan gadget: a promise a shopper can check.'], 80);
  const repairMemo = await createDocument(db, writers.marcus, { kind: 'memo', title: 'Repair at the door', body: REPAIR_MEMO }, daysAgo(30));
  await linkInitiativeDocuments(db, admin, repair.id, { memoDocumentId: repairMemo.id }, daysAgo(29.9));
  await moveInitiative(db, admin, repair.id, { to: 'memo', reason: 'The FAQ answers the cost and the hiring; the memo is being written.' }, daysAgo(29));
  await atFaq(writers.priya, 'Street lockers', LOCKERS_PRFAQ, ['Any hour, two blocks away: I would stop dreading the card in the door.', 'The seven days and the reminder answer my first question.'], 50);
}
