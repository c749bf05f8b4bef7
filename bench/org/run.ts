/**
 * `npm run bench:org`: a generated org of 10,000 people (a tree about six levels deep, eight reports per
 * manager), on the PostgreSQL server at 127.0.0.1:5432 (PULSE_BENCH_SERVER_URL to change it). Measures the
 * server time of two service functions against the database: building the org chart (`getOrgChart`), and
 * checking a loop's bar raiser against the hiring manager's reporting chain (`checkBarRaiserEligibility`).
 * Prints median and p95 of each over RUNS calls after a warm-up. The database is dropped at the end.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { checkBarRaiserEligibility } from '../../src/services/hiring/loops.service.js';
import { getOrgChart } from '../../src/services/people/people.service.js';
import type { OrgActor } from '../../src/services/context.js';
import { migrateToLatest, openDatabase } from '../../src/storage/database.js';
import { createBenchDatabase } from '../support/bench-database.js';

const PEOPLE = Number(process.env.PULSE_BENCH_PEOPLE ?? 10_000);
const FAN_OUT = 8;
const RUNS = Number(process.env.PULSE_BENCH_RUNS ?? 50);
const BUDGET_MS = 50;

function summary(samples: number[]): { median: number; p95: number; max: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  return { median: at(0.5), p95: at(0.95), max: sorted[sorted.length - 1]! };
}

async function measure(label: string, run: () => Promise<unknown>): Promise<{ label: string; median: number; p95: number; max: number }> {
  for (let i = 0; i < 5; i++) await run();
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await run();
    samples.push(performance.now() - start);
  }
  return { label, ...summary(samples) };
}

const database = await createBenchDatabase('pulse_bench_org');
const db = openDatabase(database.url);
try {
  await migrateToLatest(db);
  const org = await db.insertInto('orgs').values({ name: 'Bench Org', slug: `bench-${randomBytes(3).toString('hex')}` }).returning('id').executeTakeFirstOrThrow();
  const user = await db.insertInto('users').values({ email: `bench-${randomBytes(3).toString('hex')}@example.test`, name: 'Bench Admin', password_hash: 'x' }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('memberships').values({ org_id: org.id, user_id: user.id, role: 'admin' }).execute();
  const actor: OrgActor = { userId: user.id, orgId: org.id, role: 'admin' };

  // Person i reports to person floor((i - 1) / FAN_OUT): a complete tree, inserted top-down in batches.
  const ids = Array.from({ length: PEOPLE }, () => randomUUID());
  const started = performance.now();
  for (let start = 0; start < PEOPLE; start += 1_000) {
    const rows = ids.slice(start, start + 1_000).map((id, offset) => {
      const index = start + offset;
      return { id, org_id: org.id, name: `Person ${String(index).padStart(5, '0')}`, email: `p${index}@example.test`, role: index === 0 ? 'CEO' : 'Engineer', level: Math.max(1, 10 - Math.floor(Math.log(index + 1) / Math.log(FAN_OUT))), manager_id: index === 0 ? null : ids[Math.floor((index - 1) / FAN_OUT)]! };
    });
    await db.insertInto('people').values(rows).execute();
  }
  process.stdout.write(`Generated ${PEOPLE.toLocaleString('en-US')} people in ${Math.round(performance.now() - started)} ms.\n`);

  // A hiring manager deep in one branch, and a certified bar raiser at the bottom of another branch.
  const hiringManager = ids[Math.floor(PEOPLE / 3)]!;
  const barRaiser = ids[PEOPLE - 1]!;
  await db.insertInto('bar_raisers').values({ org_id: org.id, person_id: barRaiser, status: 'certified' }).execute();
  // The bar raiser signs in (they run the debrief): without a login the check refuses them (loop.bar_raiser_login).
  await db.updateTable('people').set({ user_id: user.id }).where('id', '=', barRaiser).execute();
  const team = await db.insertInto('teams').values({ org_id: org.id, name: 'Bench team' }).returning('id').executeTakeFirstOrThrow();
  const requisition = await db.insertInto('requisitions').values({ org_id: org.id, role: 'Engineer', level: 5, team_id: team.id, hiring_manager_id: hiringManager }).returning('id').executeTakeFirstOrThrow();

  const chart = await measure(`org chart (getOrgChart, ${PEOPLE.toLocaleString('en-US')} people)`, async () => {
    const roots = await getOrgChart(db, actor);
    if (roots.length !== 1) throw new Error('expected one root');
  });
  const check = await measure('bar raiser vs reporting chain (checkBarRaiserEligibility)', async () => {
    const result = await checkBarRaiserEligibility(db, actor, requisition.id, barRaiser);
    if (!result.isEligible) throw new Error(`expected an eligible bar raiser, got ${result.rule}`);
  });

  process.stdout.write(`\n${RUNS} calls each after 5 warm-up calls (Node ${process.version}, PostgreSQL server):\n\n`);
  process.stdout.write('| measured | median | p95 | max | budget |\n| --- | ---: | ---: | ---: | ---: |\n');
  for (const result of [chart, check]) {
    const verdict = result.p95 < BUDGET_MS ? 'met' : 'MISSED';
    process.stdout.write(`| ${result.label} | ${result.median.toFixed(1)} ms | ${result.p95.toFixed(1)} ms | ${result.max.toFixed(1)} ms | < ${BUDGET_MS} ms: ${verdict} |\n`);
  }
} finally {
  await db.destroy();
  await database.drop();
}
