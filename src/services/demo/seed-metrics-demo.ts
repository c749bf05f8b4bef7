import type { Db } from '../../storage/database.js';
import type { OrgActor } from '../context.js';
import { createMetric, type MetricInput } from '../metrics/metrics.service.js';
import { DAY_MS, daysAgo, METRICS_DRAWN_UP_DAYS_AGO } from './demo-calendar.js';

type DemoMetric = Omit<MetricInput, 'ownerPersonId' | 'initiativeId'> & { owner: string; initiative?: string; addedBy?: string };

// Northwind's catalog: what its shoppers get in the end (outputs) and what its teams do every week to get there
// (inputs). Each initiative of the people and pipeline demos is linked to the controllable inputs it promises to
// move (the launched same-day courier too, as its launch gate requires); the Returns Robot also to the refund time
// it aims to cut.
const DEMO_METRICS: DemoMetric[] = [
  { name: 'Orders delivered', definition: 'Customer orders with status delivered, counted by delivery date over the week, all regions.', kind: 'output', owner: 'demo', unit: 'orders', goodDirection: 'up', target: 42_000 },
  { name: 'Repeat shopper rate', definition: 'Shoppers with an order delivered this week who also had one delivered in the 90 days before, divided by all shoppers with an order delivered this week.', kind: 'output', owner: 'kofi', unit: '%', goodDirection: 'up', target: 38 },
  { name: 'Refund time (median)', definition: 'Median hours from a return being handed over (at the door or a counter) to the refund reaching the shopper, for returns refunded in the week.', kind: 'output', owner: 'ravi', unit: 'hours', goodDirection: 'down', target: 24, initiative: 'Returns Robot pickups' },
  { name: 'Contribution margin per order', definition: 'Revenue minus product, fulfilment and delivery costs for orders delivered in the week, divided by those orders.', kind: 'output', owner: 'demo', unit: 'USD', goodDirection: 'up' },
  { name: 'First-grasp pick rate', definition: 'Picks that succeed on the first grasp, divided by all picks attempted at gripper-equipped stations in the week, from the station logs.', kind: 'input', controllable: true, owner: 'kofi', unit: '%', goodDirection: 'up', target: 99.5, initiative: 'Adaptive gripper' },
  { name: 'Same-day orders on time', definition: 'Same-day orders delivered before 9 pm on the day they were placed, divided by all same-day orders placed in the week.', kind: 'input', controllable: true, owner: 'tomas', unit: '%', goodDirection: 'up', target: 97, initiative: 'Same-day courier' },
  { name: 'Items damaged in picking', definition: 'Items written off as damaged by a picking station, per 10,000 picks, over the week.', kind: 'input', controllable: true, owner: 'ines', unit: 'per 10,000 picks', goodDirection: 'down', target: 2, initiative: 'Adaptive gripper' },
  { name: 'Order pick time (p90)', definition: '90th percentile of the seconds between an order being released to the warehouse floor and its last item being picked, for orders released in the week.', kind: 'input', controllable: true, owner: 'ravi', unit: 'seconds', goodDirection: 'down', target: 90, initiative: 'Warehouse pilot' },
  { name: 'Return pickups on time', definition: 'Robot return pickups that arrived inside the 30-minute window the shopper chose, divided by all pickups scheduled for the week.', kind: 'input', controllable: true, owner: 'noor', unit: '%', goodDirection: 'up', target: 95, initiative: 'Returns Robot pickups' },
  { name: 'In-stock rate, top 1,000 items', definition: 'Hours in the week in which each of the 1,000 best-selling items could be ordered for next-day delivery, divided by all hours of those items.', kind: 'input', controllable: true, owner: 'marcus', unit: '%', goodDirection: 'up', target: 98 },
  { name: 'Checkout page load (p90)', definition: '90th percentile of the time from tapping Checkout to the page being usable, measured in the app for every checkout started in the week.', kind: 'input', controllable: true, owner: 'aiko', unit: 'ms', goodDirection: 'down', target: 800, addedBy: 'marcus' },
  // Demand the fleet must serve: an input to the refund time, but no team decides how many shoppers return things.
  { name: 'Return requests', definition: 'Return requests opened in the app during the week, counted before any are cancelled.', kind: 'input', controllable: false, owner: 'tomas', unit: 'requests', goodDirection: null },
];

/** The demo org's metric catalog, owned by its people (by their email's name part), some linked to its initiatives. */
export async function seedMetricsDemo(db: Db, admin: OrgActor): Promise<void> {
  const [people, initiatives] = await Promise.all([
    db.selectFrom('people').select(['id', 'email', 'user_id']).where('org_id', '=', admin.orgId).execute(),
    db.selectFrom('initiatives').select(['id', 'name', 'created_at']).where('org_id', '=', admin.orgId).execute(),
  ]);
  const personOf = (name: string) => {
    const person = people.find((entry) => entry.email === `${name}@pulse.example`);
    if (!person) throw new Error(`The demo has no person ${name}@pulse.example.`);
    return person;
  };
  for (const { owner, initiative, addedBy, ...metric } of DEMO_METRICS) {
    // A member adds one of them, so the audit log shows the catalog is everyone's to grow.
    const author = addedBy === undefined ? admin : { userId: personOf(addedBy).user_id!, orgId: admin.orgId, role: 'member' as const };
    const linked = initiatives.find((entry) => entry.name === initiative);
    // The catalog was drawn up in the org's first months, a metric a day; one that promises to move an initiative
    // came a day after the initiative, not before it existed.
    const drawnUp = daysAgo(METRICS_DRAWN_UP_DAYS_AGO - DEMO_METRICS.findIndex((entry) => entry.name === metric.name));
    const addedAt = linked === undefined ? drawnUp : new Date(Math.max(drawnUp.getTime(), new Date(linked.created_at).getTime() + DAY_MS));
    await createMetric(db, author, { ...metric, ownerPersonId: personOf(owner).id, initiativeId: linked?.id ?? null }, addedAt);
  }
}
