import type { Db } from '../../storage/database.js';
import type { OrgActor } from '../context.js';
import { setBarRaiserStatus } from '../hiring/bar-raiser-pool.service.js';
import { answerOffer, createLoop, createOffer, decideDebrief, keyInFeedback, submitFeedback } from '../hiring/loops.service.js';
import { createCandidate, createRequisition } from '../hiring/requisitions.service.js';
import { createInitiative, createTeam, setAllocation } from '../people/org-structure.service.js';
import { importPeopleCsv } from '../people/people-import.service.js';
import { DAY_MS, daysAgo, DEMO_CHART_DAYS_AGO, HOUR_MS, FIRST_HALF_CYCLE_CLOSED_DAYS_AGO, FIRST_HALF_CYCLE_OPENED_DAYS_AGO, SECOND_HALF_CYCLE_OPENED_DAYS_AGO } from './demo-calendar.js';
import { addEvidence, closeCycle, createCycle, createPromotionCase, saveReview } from '../reviews/reviews.service.js';

// The demo org's people: the four members with logins (matched by email) and colleagues without one.
// One row breaks a rule on purpose (a dotted line inside a single-threaded team) so Org health has a story.
const DEMO_PEOPLE_CSV = `name,email,role,level,manager_email,dotted_line_manager_email,team,team_percent
Dana Whitfield,demo@pulse.example,CEO,10,,,,
Marcus Oyelaran,marcus@pulse.example,VP Engineering,8,demo@pulse.example,,Platform,100
Priya Raman,priya@pulse.example,Principal Engineer,7,demo@pulse.example,,,
Lena Fischer,lena@pulse.example,Recruiter,5,demo@pulse.example,,,
Tomas Berg,tomas@pulse.example,Software Engineer,6,marcus@pulse.example,,Platform,100
Aiko Tanaka,aiko@pulse.example,Software Engineer,6,marcus@pulse.example,,Platform,100
Noor Haddad,noor@pulse.example,Software Engineer,6,marcus@pulse.example,,Platform,100
Sam Okafor,sam@pulse.example,Software Engineer,5,marcus@pulse.example,,Gripper,100
Ines Duarte,ines@pulse.example,Software Engineer,5,marcus@pulse.example,priya@pulse.example,Gripper,100
Kofi Mensah,kofi@pulse.example,Product Manager,6,demo@pulse.example,,,
Ravi Iyer,ravi@pulse.example,Engineering Manager,7,priya@pulse.example,,,
Elif Demir,elif@pulse.example,Engineering Manager,7,demo@pulse.example,,,
`;

/** People, single-threaded initiatives, hiring loops in every state and a review cycle, for the demo org. */
export async function seedPeopleDemo(db: Db, admin: OrgActor): Promise<void> {
  // The org chart and its teams come first, months before the work that names them: the oldest sales deal has an
  // owner from it 240 days back (the sales demo), the oldest initiative a leader 200 days back (the pipeline demo),
  // and the sellers had quotas for each of the last four quarters (a quarter starts at most 274 days back).
  await importPeopleCsv(db, admin, DEMO_PEOPLE_CSV, 'demo-people.csv', daysAgo(DEMO_CHART_DAYS_AGO));
  const people = await db.selectFrom('people').select(['id', 'email', 'user_id']).where('org_id', '=', admin.orgId).execute();
  const idOf = (name: string) => people.find((person) => person.email === `${name}@pulse.example`)!.id;
  const actorOf = async (name: string): Promise<OrgActor> => {
    const person = people.find((entry) => entry.email === `${name}@pulse.example`)!;
    const membership = await db.selectFrom('memberships').select('role').where('org_id', '=', admin.orgId).where('user_id', '=', person.user_id!).executeTakeFirstOrThrow();
    return { userId: person.user_id!, orgId: admin.orgId, role: membership.role };
  };

  // Single-threaded: Kofi leads the gripper initiative full time; the Gripper team works only on it.
  // Building since its team was staffed, some weeks after its memo's approval (see the pipeline demo's dates).
  const gripper = await createInitiative(db, admin, { name: 'Adaptive gripper', status: 'active', stage: 'building', stlPersonId: idOf('kofi') }, daysAgo(60));
  await createInitiative(db, admin, { name: 'Warehouse pilot', status: 'paused', stage: 'staffing', stlPersonId: null }, daysAgo(100));
  const gripperTeam = (await db.selectFrom('teams').select('id').where('org_id', '=', admin.orgId).where('name', '=', 'Gripper').executeTakeFirstOrThrow()).id;
  await db.updateTable('teams').set({ is_single_threaded: true, initiative_id: gripper.id }).where('id', '=', gripperTeam).execute();
  const recruiting = await createTeam(db, admin, { name: 'Recruiting', isSingleThreaded: false }, daysAgo(244));
  await setAllocation(db, admin, { personId: idOf('lena'), teamId: recruiting.id, percent: 100 }, daysAgo(244));

  // The bar raiser pool: Priya and Ravi certified (outside Marcus's chain) long ago, Noor shadowing since this quarter.
  await setBarRaiserStatus(db, admin, idOf('priya'), 'certified', daysAgo(190));
  await setBarRaiserStatus(db, admin, idOf('ravi'), 'certified', daysAgo(190));
  await setBarRaiserStatus(db, admin, idOf('noor'), 'in_training', daysAgo(45));

  const lena = await actorOf('lena');
  const platform = (await db.selectFrom('teams').select('id').where('org_id', '=', admin.orgId).where('name', '=', 'Platform').executeTakeFirstOrThrow()).id;
  // Each record is dated before what it holds: the role opened a month ago, its candidates applied and their loops
  // were set up in the weeks after, before the interviews below.
  const requisition = await createRequisition(db, lena, { role: 'Software Engineer', level: 6, teamId: platform, hiringManagerId: idOf('marcus') }, daysAgo(30));
  // The gripper's team hires too, since it was staffed: its initiative's record shows the open role.
  await createRequisition(db, lena, { role: 'Gripper test engineer', level: 5, teamId: gripperTeam, hiringManagerId: idOf('kofi') }, daysAgo(40));
  const principles = await db.selectFrom('principles').select(['id', 'slug']).where('org_id', '=', admin.orgId).where('status', '=', 'active').orderBy('position').execute();
  const p = principles.map((principle) => principle.id);
  const bySlug = (slug: string) => principles.find((principle) => principle.slug === slug)?.id ?? p[0]!;
  const [ownership, customerObsession, deliverResults] = [bySlug('ownership'), bySlug('customer-obsession'), bySlug('deliver-results')];
  const seats = [
    { personId: idOf('marcus'), seat: 'interviewer' as const, principleIds: [p[0]!, p[1]!] },
    { personId: idOf('demo'), seat: 'interviewer' as const, principleIds: [p[2]!, p[3]!] },
    { personId: idOf('lena'), seat: 'interviewer' as const, principleIds: [p[4]!, p[5]!] },
    { personId: idOf('tomas'), seat: 'interviewer' as const, principleIds: [p[6]!, p[7]!] },
    { personId: idOf('priya'), seat: 'bar_raiser' as const, principleIds: [p[8]!, p[9]!] },
    { personId: idOf('noor'), seat: 'shadow' as const, principleIds: [] },
  ];
  const now = new Date();
  const withLoginIds = new Set(['marcus', 'demo', 'lena', 'priya']);

  // People with logins submit their own feedback; Tomas has none, so Lena (the recruiter, who has submitted
  // hers) keys in his paper scorecard. Each scorecard comes in on the interview's day, in seat order, a couple of
  // hours apart (the bar raiser's last), and the debrief sits the next day: the log reads as the loop ran.
  const afterInterview = (interviewAt: Date, hours: number) => new Date(interviewAt.getTime() + hours * HOUR_MS);
  const scorecardAt = (interviewAt: Date, name: string) => afterInterview(interviewAt, 3 + 2 * seats.findIndex((entry) => entry.personId === idOf(name)));
  const giveFeedback = async (candidateId: string, interviewAt: Date, name: string, vote: 'inclined' | 'strongly_inclined' | 'not_inclined' | 'strongly_not_inclined', rating: number) => {
    const at = scorecardAt(interviewAt, name);
    const seat = seats.find((entry) => entry.personId === idOf(name))!;
    // What this interviewer heard on each principle they probed, about this candidate: a scorecard reads as notes on a real interview.
    const firstName = (await db.selectFrom('candidates').select('name').where('id', '=', candidateId).executeTakeFirstOrThrow()).name.split(' ')[0]!;
    const ratings = seat.principleIds.map((principleId) => {
      const heard = DEMO_INTERVIEW_EVIDENCE[principles.find((principle) => principle.id === principleId)?.slug ?? ''] ?? DEMO_INTERVIEW_EVIDENCE['customer-obsession']!;
      return { principleId, rating, evidence: (rating >= 4 ? heard.strong : heard.weak).replaceAll('{name}', firstName) };
    });
    if (withLoginIds.has(name)) await submitFeedback(db, await actorOf(name), candidateId, { vote, ratings }, at);
    else await keyInFeedback(db, lena, candidateId, idOf(name), { vote, ratings }, at);
  };

  // 1. Ada: hired, with an offer. 2. Ben: vetoed by the bar raiser. 3. Chloe: interviewed two days ago, feedback overdue.
  const ada = await createCandidate(db, lena, requisition.id, { name: 'Ada Lindqvist', email: 'ada@candidates.example' }, daysAgo(24));
  const adaInterview = new Date(now.getTime() - 6 * DAY_MS);
  await createLoop(db, lena, ada.id, { interviewAt: adaInterview, seats }, daysAgo(14));
  for (const name of ['marcus', 'demo', 'lena', 'tomas']) await giveFeedback(ada.id, adaInterview, name, 'strongly_inclined', 5);
  await giveFeedback(ada.id, adaInterview, 'priya', 'inclined', 4);
  await decideDebrief(db, await actorOf('priya'), ada.id, { decision: 'hire', isBetterThanHalf: true, justification: 'Stronger than most of our L6 engineers on Ownership and Insist on the Highest Standards, with specific stories on every principle we probed; raises the bar.' }, afterInterview(adaInterview, 26));

  const ben = await createCandidate(db, lena, requisition.id, { name: 'Ben Castillo', email: 'ben@candidates.example' }, daysAgo(21));
  const benInterview = new Date(now.getTime() - 4 * DAY_MS);
  await createLoop(db, lena, ben.id, { interviewAt: benInterview, seats }, daysAgo(12));
  for (const name of ['marcus', 'demo']) await giveFeedback(ben.id, benInterview, name, 'inclined', 4);
  for (const name of ['lena', 'tomas', 'priya']) await giveFeedback(ben.id, benInterview, name, 'not_inclined', 2);
  await decideDebrief(db, await actorOf('priya'), ben.id, { decision: 'no_hire', isBetterThanHalf: false, justification: 'Below the median of our L6 engineers on Ownership; the hiring manager was keen, but the bar holds.' }, afterInterview(benInterview, 26));

  const chloe = await createCandidate(db, lena, requisition.id, { name: 'Chloe Nakamura', email: 'chloe@candidates.example' }, daysAgo(18));
  const chloeInterview = new Date(now.getTime() - 2 * DAY_MS);
  await createLoop(db, lena, chloe.id, { interviewAt: chloeInterview, seats }, daysAgo(10));
  await giveFeedback(chloe.id, chloeInterview, 'lena', 'inclined', 4);
  // Ada's offer, made four days ago, filled the opening (requisition.opening_filled): it is recorded after Chloe, who
  // applied and was given a loop before it, since a filled opening takes no new candidate or loop.
  await createOffer(db, await actorOf('marcus'), ada.id, afterInterview(adaInterview, 48));
  // Ada accepted two days later, as Lena recorded: the opening stays filled, and the requisition leads with its close.
  const adaAccepted = afterInterview(adaInterview, 96);
  await answerOffer(db, lena, ada.id, { answer: 'accepted', answeredOn: adaAccepted.toISOString().slice(0, 10), note: 'Accepted on a call with Lena; starts in four weeks.' }, adaAccepted);

  // Reviews: a closed cycle and an open one, with ledger evidence and a promotion case for Tomas. The ledger fills
  // over the months, the first half's cycle opened half a year ago and closed after its reviews, this half's opened
  // six weeks ago with its reviews written since, and the case came last, citing the ledger.
  const evidence = await addEvidence(db, admin, idOf('tomas'), { principleId: ownership, text: 'Took on-call for the arm firmware after launch and cut pages by half.' }, daysAgo(190));
  await addEvidence(db, admin, idOf('tomas'), { principleId: deliverResults, text: 'Shipped the gripper calibration tool two weeks early.' }, daysAgo(75));
  const customerCalls = await addEvidence(db, admin, idOf('tomas'), { principleId: customerObsession, text: 'Joined the pilot customer calls and brought back the three gripper complaints.' }, daysAgo(120));
  const closed = await createCycle(db, admin, { name: '2026 H1' }, daysAgo(FIRST_HALF_CYCLE_OPENED_DAYS_AGO));
  const open = await createCycle(db, admin, { name: '2026 H2' }, daysAgo(SECOND_HALF_CYCLE_OPENED_DAYS_AGO));
  const writtenAt = new Map([[closed.id, 170], [open.id, 20]]);
  for (const [cycle, scores] of [[closed.id, { tomas: 3, aiko: 4, noor: 3 }], [open.id, { tomas: 4, aiko: 4, noor: 2 }]] as const) {
    for (const [name, score] of Object.entries(scores)) {
      // Tomas and Aiko are rated on every principle; Noor's review is thin (two principles), so calibration lists it after theirs.
      const others = name === 'noor' ? [] : principles.filter((principle) => principle.id !== ownership && principle.id !== customerObsession).map((principle, index) => ({
        principleId: principle.id,
        // Shifted per person, so two people with one overall score still differ principle by principle, as people do.
        rating: Math.max(1, Math.min(5, score + ((index + (name === 'aiko' ? 2 : 0)) % 3) - 1)),
        // The org's own principle (no slug) is the demo's added one: Success and Scale Bring Broad Responsibility.
        evidence: DEMO_REVIEW_EVIDENCE[principle.slug ?? 'success-and-scale']?.[name === 'tomas' ? 0 : 1] ?? 'Gave the team a concrete example of this principle this half, written up in the retrospective.',
        evidenceIds: [],
      }));
      await saveReview(db, admin, cycle, idOf(name), [
        { principleId: ownership, rating: score, evidence: 'Owned outcomes beyond their own code, such as the release pipeline.', evidenceIds: name === 'tomas' ? [evidence.id] : [] },
        { principleId: customerObsession, rating: Math.min(5, score + 1), evidence: 'Started each planning round from customer calls, not from the backlog.', evidenceIds: [] },
        ...others,
      ], 0, daysAgo(writtenAt.get(cycle)!));
    }
  }
  await closeCycle(db, admin, closed.id, daysAgo(FIRST_HALF_CYCLE_CLOSED_DAYS_AGO));
  // A case argues from strength: at least three principles, each at or above the bar of L7 (review-rules.ts PROMOTION_RULES).
  await createPromotionCase(db, admin, idOf('tomas'), {
    targetLevel: 7,
    sections: [
      { principleId: ownership, rating: 4, narrative: 'Acts as an owner of the whole arm stack, not only his part of it.', evidenceIds: [evidence.id] },
      { principleId: customerObsession, rating: 4, narrative: 'Sat in on the pilot customer calls and rewrote the gripper roadmap around them.', evidenceIds: [customerCalls.id] },
      { principleId: deliverResults, rating: 3, narrative: 'Shipped the gripper calibration tool two weeks early, with the tests to keep it working.', evidenceIds: [] },
    ],
  }, daysAgo(10));
}

/**
 * What an interviewer heard on each principle a demo loop probes (by slug), when the answer convinced them and when it
 * did not; `{name}` is the candidate's first name.
 */
const DEMO_INTERVIEW_EVIDENCE: Readonly<Record<string, { strong: string; weak: string }>> = {
  'customer-obsession': { strong: '{name} rebuilt a checkout flow after sitting in on ten support calls, and named the complaint that moved the number.', weak: '{name} talked about users in general; asked for one customer they had spoken to, could not name one.' },
  'ownership': { strong: '{name} kept the on-call rota for a service another team had dropped, and fixed the alert that woke everyone.', weak: '{name} described a failed launch as the other team\'s fault and could not say what they would change themselves.' },
  'invent-and-simplify': { strong: '{name} replaced three deploy scripts with one command the whole team now uses, and showed the before and after.', weak: '{name} proposed a new framework for every problem in the exercise; never asked whether the old one would do.' },
  'are-right-a-lot': { strong: '{name} argued against a rewrite with data from the incident log, and was proved right within the quarter.', weak: '{name} held to the first answer in the design exercise after the numbers showed it would not fit.' },
  'learn-and-be-curious': { strong: '{name} learned enough about motor control to debug a firmware timing fault, and explained it plainly.', weak: '{name} had not looked at anything outside their own stack in the last year.' },
  'hire-and-develop-the-best': { strong: '{name} mentored two juniors to their first on-call shift and sat on a dozen loops, with clear written feedback.', weak: '{name} has never interviewed or mentored anyone, and did not see why an engineer would.' },
  'insist-on-the-highest-standards': { strong: '{name} held a release for one flaky test, found the race behind it, and added the check that catches it.', weak: '{name} shipped with known failing tests to meet a date and saw no problem in doing it again.' },
  'think-big': { strong: '{name} sketched how the sorting service would grow from one warehouse to twenty, with the three changes it needs.', weak: '{name} kept the design exercise to the one feature asked for; no view of where the system goes next.' },
  'bias-for-action': { strong: '{name} shipped a reversible fix in a day while the full redesign was argued over, and said why it was safe.', weak: '{name} waited a month for sign-off on a change that could have been rolled back in minutes.' },
  'frugality': { strong: '{name} cut a build farm\'s cost by a third by caching, without asking for a new budget.', weak: '{name} asked for more machines as the first answer to every performance question.' },
};

/** What a manager wrote for Tomas and for Aiko under each principle (by slug): a review reads as written about real work. */
const DEMO_REVIEW_EVIDENCE: Readonly<Record<string, readonly [tomas: string, aiko: string]>> = {
  'invent-and-simplify': ['Replaced the three calibration scripts with one tool that the technicians run without help.', 'Proposed reusing the vision model from sorting for grip checks, which saved a quarter of new work.'],
  'are-right-a-lot': ['Predicted that the cold-room pilot would fail on condensation and planned the seals before it did.', 'Argued against the cheaper motor from the bench data, and the field failures later proved her right.'],
  'learn-and-be-curious': ['Learned enough control theory this half to review the motion planner changes on his own.', 'Ran a reading group on robot safety standards that four other teams now attend.'],
  'hire-and-develop-the-best': ['Sat on six loops this half and wrote the clearest feedback of the panel each time.', 'Mentored the new firmware engineer until she shipped her first release without a reviewer.'],
  'insist-on-the-highest-standards': ['Refused to ship the gripper release with one flaky test until he found the timing bug behind it.', 'Raised the code review bar for firmware: every change now carries a test on real hardware.'],
  'think-big': ['Wrote the one-page case for one arm design across all three warehouses, now the team plan.', 'Sketched the path from a single pilot site to twenty, with the three changes that would take.'],
  'bias-for-action': ['Shipped a reversible fix for the jammed grippers in two days instead of waiting for the redesign.', 'Started the supplier trial the same week the budget was approved, not after the next review.'],
  'frugality': ['Rebuilt the test rig from spare parts instead of buying a new one, saving most of its cost.', 'Cut the cloud bill of the simulation runs by a third by running them only on changed code.'],
  'earn-trust': ['Told the pilot customer about the firmware regression before they found it, with a date for the fix.', 'Owned the outage she caused in the incident review, in front of the whole org, and fixed its cause.'],
  'dive-deep': ['Traced the dropped parcels to a sensor timing issue by reading the raw logs from one night shift.', 'Found that the pick rate dashboard double counted retries, and corrected the number everyone used.'],
  'have-backbone-disagree-and-commit': ['Disagreed with the launch date in writing, then put in the weekend work when the date held.', 'Pushed back on removing the safety stop, lost the argument, and then helped make the change safely.'],
  'deliver-results': ['Shipped the gripper calibration tool two weeks early, with the tests to keep it working.', 'Delivered the cold-room firmware on the date promised despite losing a teammate mid-quarter.'],
  'success-and-scale': ['Checked the noise of the night shift robots against the neighbours\' limits before the pilot grew.', 'Made the recycling plan for retired grippers part of the rollout plan, not an afterthought.'],
};
