import type { OpportunityStage } from '../../domain/sales/opportunity-rules.js';
import { parseQuarter, quarterOf, shiftQuarter, type Quarter } from '../../domain/sales/quotas.js';
import { isoDate } from '../../domain/wbr/calendar.js';
import { parseIsoDay } from '../../domain/wbr-review/review-rules.js';
import type { Db } from '../../storage/database.js';
import type { OrgActor } from '../context.js';
import { addObjection, addSuccessCriterion, savePressRelease, type ObjectionInput, type SuccessCriterionInput } from '../sales/discovery-record.service.js';
import { listAccounts, updateAccount } from '../sales/accounts.service.js';
import { createOpportunity, moveOpportunity } from '../sales/opportunities.service.js';
import { setQuota } from '../sales/quotas.service.js';
import { todayUtc } from '../sales/sales-kpis.service.js';
import { DAY_MS, daysAgo, DEMO_CHART_DAYS_AGO, HOUR_MS } from './demo-calendar.js';

interface DemoOpportunity {
  accountName: string;
  name: string;
  /** The owner, by the name part of their email. */
  owner: string;
  amount: number | null;
  /** The direct cost to deliver it; null while the seller does not know it yet. */
  deliveryCost: number | null;
  territory: string | null;
  /** When the seller expects it to close: the last day of this quarter or of the next (the demo stays current), or not yet known. */
  closesAt: 'this quarter' | 'next quarter' | null;
  pressRelease: { headline: string; problem: string; outcome: string; quote: string };
  criteria: SuccessCriterionInput[];
  objections: ObjectionInput[];
  /** The stages it has moved through after discovery, in order, ten days apart. */
  moves: OpportunityStage[];
  /** When it was opened; its discovery record was written in the days after. */
  openedDaysAgo: number;
}

// Northwind sells its warehouse robots too. Three deals at three stages, so the pipeline and each gate have a story:
// one in proposal with every objection answered, one in solution held back by an open objection, and one still in
// discovery whose press release has no number yet.
const DEMO_OPPORTUNITIES: DemoOpportunity[] = [
  {
    accountName: 'Harbor Foods',
    name: 'Same-day fulfilment',
    owner: 'marcus',
    amount: 420_000,
    deliveryCost: 168_000,
    territory: 'West',
    closesAt: 'this quarter',
    pressRelease: {
      headline: 'Harbor Foods fills every grocery order the day the shopper places it',
      problem: 'Harbor\'s evening orders wait for the morning shift. In the words of its operations director: "We promise fresh, then we deliver yesterday\'s picking."',
      outcome: 'Orders picked and shipped on the day they are placed rose from 58% to 96% across Harbor\'s three warehouses, and overtime hours fell by a third.',
      quote: '"Our stores stopped calling about late trucks. That call used to be the first thing I heard every morning," said Rosa Delgado, Chief Operating Officer of Harbor Foods.',
    },
    criteria: [
      { metric: 'Orders shipped the day they are placed', baseline: '58%', target: '96%', dueOn: '2027-09-30' },
      { metric: 'Overtime hours per week, all warehouses', baseline: '1,200 hours', target: '800 hours', dueOn: '2027-09-30' },
    ],
    objections: [
      { question: 'Will the robots work with our warehouse management system?', answer: 'Yes. Northwind reads pick lists from Harbor\'s system every minute through its export API; the pilot at the Tacoma site proved it in two weeks.', status: 'answered' },
      { question: 'What happens to our pickers?', answer: 'They move to packing and quality checks, where Harbor has open roles today; no one loses a job in the first year, as Harbor\'s own plan states.', status: 'answered' },
    ],
    moves: ['solution', 'proposal'],
    openedDaysAgo: 75,
  },
  {
    accountName: 'Alpine Outfitters',
    name: 'Returns robots pilot',
    owner: 'demo',
    amount: 150_000,
    deliveryCost: 69_000,
    territory: 'Central',
    closesAt: 'next quarter',
    pressRelease: {
      headline: 'Alpine Outfitters refunds returned gear within a day',
      problem: 'Alpine\'s customers wait nine days for a refund because returns sit in bins until someone has time to sort them.',
      outcome: 'The median time from a return arriving to the refund being paid fell from 9 days to 1 day.',
      quote: '"Returns used to be where we lost customers. Now they are where we keep them," said Jonas Weber, CEO of Alpine Outfitters.',
    },
    criteria: [{ metric: 'Median days from return received to refund paid', baseline: '9 days', target: '1 day', dueOn: '2027-10-31' }],
    objections: [
      { question: 'Can the robots handle bulky items such as tents and skis?', answer: '', status: 'open' },
      { question: 'Who maintains the robots on weekends?', answer: 'Northwind\'s on-call technicians, within four hours, as part of the service contract.', status: 'answered' },
    ],
    moves: ['solution'],
    openedDaysAgo: 45,
  },
  {
    accountName: 'Cedar Pharmacy',
    name: 'Night-shift picking',
    owner: 'kofi',
    amount: null,
    deliveryCost: null,
    territory: 'East',
    closesAt: null,
    pressRelease: {
      headline: 'Cedar Pharmacy restocks every branch overnight',
      problem: 'Branches run out of common prescriptions by Friday because the central warehouse picks only in daytime.',
      outcome: 'Branches rarely run out any more.',
      quote: '',
    },
    criteria: [{ metric: 'Prescriptions out of stock at branches on Fridays', baseline: '', target: '', dueOn: null }],
    objections: [],
    moves: [],
    openedDaysAgo: 15,
  },
];

/**
 * Deals closed in the past months, so the KPIs and the sales deck have a history: opened and closed this many days
 * before the demo is made. Won deals went through every gate; the lost one says why.
 */
interface ClosedDemoOpportunity {
  accountName: string;
  name: string;
  owner: string;
  amount: number;
  deliveryCost: number | null;
  territory: string;
  openedDaysAgo: number;
  closedDaysAgo: number;
  lostReason: string | null;
}

// Summit Sports was won before its delivery cost was known (the bulky-item grippers were priced later), so the gross
// profit view shows a deal counted as "cost unknown" beside the costed ones.
const CLOSED_OPPORTUNITIES: ClosedDemoOpportunity[] = [
  { accountName: 'Lakeside Grocers', name: 'Cold-chain picking', owner: 'marcus', amount: 310_000, deliveryCost: 124_000, territory: 'West', openedDaysAgo: 240, closedDaysAgo: 150, lostReason: null },
  { accountName: 'Metro Books', name: 'Returns sorting', owner: 'demo', amount: 95_000, deliveryCost: 52_000, territory: 'East', openedDaysAgo: 200, closedDaysAgo: 130, lostReason: 'They chose to hire seasonal staff this year; revisit after the holiday peak.' },
  { accountName: 'Northgate Pharma', name: 'Controlled-drug vault picking', owner: 'kofi', amount: 540_000, deliveryCost: 237_600, territory: 'East', openedDaysAgo: 170, closedDaysAgo: 60, lostReason: null },
  { accountName: 'Summit Sports', name: 'Bulky-item picking', owner: 'marcus', amount: 180_000, deliveryCost: null, territory: 'Central', openedDaysAgo: 120, closedDaysAgo: 25, lostReason: null },
];

/** A closed deal's record: enough to have passed every gate (a measurable outcome, a complete criterion, no open objection). */
function closedRecord(deal: ClosedDemoOpportunity) {
  return {
    pressRelease: {
      headline: `${deal.accountName} automates ${deal.name.toLowerCase()}`,
      problem: `${deal.accountName} could not staff ${deal.name.toLowerCase()} through its peaks.`,
      outcome: `${deal.accountName} handles 40% more orders at peak with the same team.`,
      quote: '',
    },
    criterion: { metric: 'Orders handled per hour at peak', baseline: '1,000', target: '1,400', dueOn: '2027-06-30' },
  };
}

/** The demo org's sales pipeline, owned by its people, each deal's discovery record written by its owner's side. */
export async function seedSalesDemo(db: Db, admin: OrgActor): Promise<void> {
  const people = await db.selectFrom('people').select(['id', 'email']).where('org_id', '=', admin.orgId).execute();
  const personOf = (name: string) => {
    const person = people.find((entry) => entry.email === `${name}@pulse.example`);
    if (!person) throw new Error(`The demo has no person ${name}@pulse.example.`);
    return person.id;
  };
  const thisQuarter = quarterOf(parseIsoDay(todayUtc()) as number);
  const closeDates = { 'this quarter': isoDate(thisQuarter.lastDay), 'next quarter': isoDate(quarterOf(thisQuarter.lastDay + 1).lastDay) };
  for (const deal of DEMO_OPPORTUNITIES) {
    const closeDate = deal.closesAt === null ? null : closeDates[deal.closesAt];
    // Each deal's history through the services' clocks: opened, its discovery record written over the next days,
    // then each move ten days after the last.
    const opened = deal.openedDaysAgo;
    const { id } = await createOpportunity(db, admin, { accountName: deal.accountName, name: deal.name, ownerPersonId: personOf(deal.owner), amount: deal.amount, deliveryCost: deal.deliveryCost, territory: deal.territory, closeDate }, daysAgo(opened));
    await savePressRelease(db, admin, id, deal.pressRelease, daysAgo(opened - 1));
    for (const criterion of deal.criteria) await addSuccessCriterion(db, admin, id, criterion, daysAgo(opened - 2));
    for (const objection of deal.objections) await addObjection(db, admin, id, objection, daysAgo(opened - 3));
    for (const [index, stage] of deal.moves.entries()) await moveOpportunity(db, admin, id, { to: stage }, daysAgo(opened - 10 * (index + 1)));
  }
  for (const deal of CLOSED_OPPORTUNITIES) {
    // The cost and territory are written while the deal is open: a closed deal keeps the numbers it closed with.
    // Opened and closed months ago, through the services' clocks: the rules ran as they would have then, and a
    // closed deal's close date is the day it closed. A won deal passed solution and proposal on the way, evenly spaced.
    const { id } = await createOpportunity(db, admin, { accountName: deal.accountName, name: deal.name, ownerPersonId: personOf(deal.owner), amount: deal.amount, deliveryCost: deal.deliveryCost, territory: deal.territory, closeDate: null }, daysAgo(deal.openedDaysAgo));
    const record = closedRecord(deal);
    await savePressRelease(db, admin, id, record.pressRelease, daysAgo(deal.openedDaysAgo - 1));
    await addSuccessCriterion(db, admin, id, record.criterion, daysAgo(deal.openedDaysAgo - 2));
    if (deal.lostReason !== null) {
      await moveOpportunity(db, admin, id, { to: 'lost', reason: deal.lostReason }, daysAgo(deal.closedDaysAgo));
    } else {
      const step = (deal.openedDaysAgo - deal.closedDaysAgo) / 3;
      for (const [index, stage] of (['solution', 'proposal', 'won'] as const).entries()) await moveOpportunity(db, admin, id, { to: stage }, daysAgo(deal.openedDaysAgo - step * (index + 1)));
    }
  }
  // Two strategic accounts, both Marcus's: Harbor Foods is single-threaded; Alpine Outfitters' open deal is still
  // Dana's, which the accounts page flags.
  // Named strategic in the account review a few days after Alpine's deal was opened.
  const accounts = await listAccounts(db, admin);
  for (const name of DEMO_STRATEGIC_ACCOUNTS) {
    const account = accounts.find((candidate) => candidate.name === name);
    if (account) await updateAccount(db, admin, account.id, { isStrategic: true, ownerPersonId: personOf('marcus') }, daysAgo(40));
  }
  await seedQuotas(db, admin, personOf, thisQuarter);
}

/** Each seller's quota per quarter: this quarter's and the three before it (a year of targets for the sales review). */
const DEMO_QUOTAS: Record<string, number> = { marcus: 600_000, demo: 400_000, kofi: 500_000 };

async function seedQuotas(db: Db, admin: OrgActor, personOf: (name: string) => string, current: Quarter): Promise<void> {
  // Each quarter's quotas were set on its second day (or, for a quarter that began before the org chart was drawn up,
  // the day after it was), while the quarter was open or about to: through the service's clock, as they were set then, a little
  // lower each quarter back. The rule sales.quota_closed ran as it did on that day.
  const chartDrawnUp = daysAgo(DEMO_CHART_DAYS_AGO - 1).getTime();
  for (let back = 3; back >= 0; back -= 1) {
    const quarter = back === 0 ? current : parseQuarter(shiftQuarter(current.label, -back) as string) as Quarter;
    // (A quarter only a day old had its quotas set the evening before: never later than an hour before the demo.)
    const setAt = new Date(Math.min(Math.max((quarter.firstDay + 1) * DAY_MS + 10 * HOUR_MS, chartDrawnUp), Date.now() - HOUR_MS));
    for (const [seller, amount] of Object.entries(DEMO_QUOTAS)) {
      await setQuota(db, admin, { quarter: quarter.label, personId: personOf(seller), amount: amount - back * 50_000 }, isoDate(Math.floor(setAt.getTime() / DAY_MS)), setAt);
    }
  }
}

export const DEMO_STRATEGIC_ACCOUNTS = ['Harbor Foods', 'Alpine Outfitters'] as const;
