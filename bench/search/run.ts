/**
 * `npm run bench:search`: org-wide search (`searchOrg`) on a synthetic org, on the PostgreSQL server at
 * 127.0.0.1:5432 (PULSE_BENCH_SERVER_URL to change it): 3,000 documents of two versions (PULSE_BENCH_DOCUMENTS),
 * 5,000 people (PULSE_BENCH_PEOPLE), and initiatives, teams, metrics, accounts, deals and candidates.
 *
 * The same searches run, interleaved, on three databases that hold the same rows:
 * - now: the stored folded text (`search_text`, `search_title`) and its trigram indexes;
 * - no trigram index: a copy without those indexes (the stored text kept);
 * - folding every row: a copy without the stored text, where `people.search_text` and the like are functions of
 *   the row that fold it when read (PostgreSQL reads `row.f` as `f(row)`), which is how search worked before.
 * Every variant must give the same answer; the medians are reported with their ratios to "now". The databases
 * are dropped at the end.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import type { PlaybookLibrary } from '../../src/domain/playbooks/playbook.js';
import { loadShippedPlaybooks } from '../../src/server/serve.js';
import type { OrgActor } from '../../src/services/context.js';
import { createDocument, saveDocumentVersion } from '../../src/services/documents/documents.service.js';
import { searchOrg, type SearchAnswer } from '../../src/services/search/search.service.js';
import { migrateToLatest, openDatabase, type Db } from '../../src/storage/database.js';
import { SEARCH_TEXT_COLUMNS } from '../../src/storage/migrations/2026-11-27T03-10-search-trigrams.js';
import { seededRandom } from '../../test/support/seeded-random.js';
import { copyBenchDatabase, createBenchDatabase } from '../support/bench-database.js';

const DOCUMENTS = Number(process.env.PULSE_BENCH_DOCUMENTS ?? 3_000);
const PEOPLE = Number(process.env.PULSE_BENCH_PEOPLE ?? 5_000);
const RUNS = Number(process.env.PULSE_BENCH_RUNS ?? 15);
const WARM_UP = 3;

/** Each query and what it stands for. */
const QUERIES: Array<[label: string, query: string]> = [
  ['common prefix', 'lau'],
  ['rare word', 'quokka'],
  ['two words', 'launch plan'],
  ['two letters', 're'],
];

// Words of plausible business prose; "launch" and "plan" are common on purpose. Seeded, so every run builds the same org.
const WORDS = (
  'launch plan review customer refund warehouse metric weekly growth pricing margin forecast hiring onboarding ' +
  'retention churn delivery returns inventory supplier contract renewal pipeline quota territory region partner ' +
  'roadmap milestone budget headcount latency uptime incident postmortem security compliance audit invoice payment ' +
  'checkout search mobile tablet desktop feature release beta pilot experiment survey feedback support ticket ' +
  'escalation backlog sprint design research analytics dashboard report memo narrative decision principle mechanism ' +
  'ownership bar raiser interview loop candidate offer team initiative goal input output controllable trend anomaly ' +
  'seasonal holiday peak capacity freight carrier label scan robot gripper conveyor picker packer sorter dock trailer'
).split(' ');
const FIRST_NAMES = 'Ana Ben Chloé Dmitri Élodie Farid Greta Hiro Inès Jonas Kofi Lena Mateo Nadia Omar Priya Quentin Rosa Sven Tariq Uma Viktor Wen Ximena Yusuf Zoë Aiko Bruno Carmen Diego Emeka Fatima Gustav Hana Ivan Jana Kenji Luca Maya Nils'.split(' ');
const LAST_NAMES = 'Ruiz Okafor Ångström Novak Dubois Haddad Larsen Tanaka Moreau Becker Mensah Fischer Rossi Khan Sato Nguyen Costa Silva Weber Kowalski Petrov Jensen Laurent Müller Schmidt Garcia Martin Bernard Lopez Gonzalez Wilson Taylor Brown Davies Evans Thomas Johnson Roberts Walker Wright Robinson Thompson White Hughes Edwards Green Hall Wood Harris Clarke Jackson Turner Hill Moore Cooper Ward Morris King Baker Harrison Morgan Allen James Scott Phillips Watson Parker Bennett Young Cook Price Bailey Bell Richardson Cox Lee Marshall Gray Mitchell Kelly Adams Murphy Ramos Campbell Anderson Ellis Holmes Lloyd Stewart Shaw Lewis Graham Fox Palmer Rice Reyes'.split(' ');

const random = seededRandom(42);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const phrase = (count: number): string => Array.from({ length: count }, () => pick(WORDS)).join(' ');
const capitalised = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

async function inBatches<T>(items: readonly T[], size: number, write: (batch: T[]) => Promise<unknown>): Promise<void> {
  for (let start = 0; start < items.length; start += size) await write(items.slice(start, start + size));
}

async function seedOrg(db: Db): Promise<OrgActor> {
  const org = await db.insertInto('orgs').values({ name: 'Bench Org', slug: `bench-${randomBytes(3).toString('hex')}` }).returning('id').executeTakeFirstOrThrow();
  const user = await db.insertInto('users').values({ email: `bench-${randomBytes(3).toString('hex')}@example.test`, name: 'Bench Admin', password_hash: 'x' }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('memberships').values({ org_id: org.id, user_id: user.id, role: 'admin' }).execute();
  const actor: OrgActor = { userId: user.id, orgId: org.id, role: 'admin' };

  const people = Array.from({ length: PEOPLE }, (_, index) => {
    // One in a thousand is a Quokka: the rare word.
    const name = `${pick(FIRST_NAMES)} ${index % 1_000 === 7 ? 'Quokka' : pick(LAST_NAMES)}`;
    return { id: randomUUID(), org_id: org.id, name, email: `${name.toLowerCase().replace(/[^a-z]+/g, '.')}.${index}@example.test`, role: 'Engineer', level: 4 + (index % 5) };
  });
  await inBatches(people, 1_000, (batch) => db.insertInto('people').values(batch).execute());
  const personIds = people.map((person) => person.id);

  const initiatives = Array.from({ length: 300 }, () => ({ org_id: org.id, name: capitalised(phrase(3)), status: 'active' as const, stl_person_id: pick(personIds) }));
  await inBatches(initiatives, 500, (batch) => db.insertInto('initiatives').values(batch).execute());
  const teams = Array.from({ length: 200 }, (_, index) => ({ org_id: org.id, name: `${capitalised(phrase(2))} ${index}` }));
  const teamIds = (await db.insertInto('teams').values(teams).returning('id').execute()).map((row) => row.id);
  const metrics = Array.from({ length: 500 }, (_, index) => ({ org_id: org.id, name: `${capitalised(phrase(3))} ${index}`, definition: capitalised(`${phrase(12)}.`), kind: index % 2 === 0 ? ('input' as const) : ('output' as const), controllable: index % 2 === 0, owner_person_id: pick(personIds) }));
  await inBatches(metrics, 500, (batch) => db.insertInto('metrics').values(batch).execute());
  const accounts = Array.from({ length: 500 }, (_, index) => ({ org_id: org.id, name: `${capitalised(pick(WORDS))} ${pick(LAST_NAMES)} ${index}`, owner_person_id: pick(personIds) }));
  await inBatches(accounts, 500, (batch) => db.insertInto('accounts').values(batch).execute());
  const deals = Array.from({ length: 1_000 }, () => ({ org_id: org.id, name: capitalised(phrase(3)), account_name: `${capitalised(pick(WORDS))} ${pick(LAST_NAMES)}`, owner_person_id: pick(personIds) }));
  await inBatches(deals, 500, (batch) => db.insertInto('opportunities').values(batch).execute());
  const requisitions = await db
    .insertInto('requisitions')
    .values(Array.from({ length: 20 }, (_, index) => ({ org_id: org.id, role: `${capitalised(pick(WORDS))} engineer`, level: 5, team_id: teamIds[index]!, hiring_manager_id: pick(personIds) })))
    .returning('id')
    .execute();
  const candidates = Array.from({ length: 1_000 }, (_, index) => {
    const name = `${pick(FIRST_NAMES)} ${pick(LAST_NAMES)}`;
    return { org_id: org.id, requisition_id: pick(requisitions).id, name, email: `${name.toLowerCase().replace(/[^a-z]+/g, '.')}.c${index}@example.test` };
  });
  await inBatches(candidates, 500, (batch) => db.insertInto('candidates').values(batch).execute());

  // Documents through the documents service, as the app writes them: a first version, then an edit.
  const bodyOf = (index: number) =>
    Array.from({ length: 6 }, (_, paragraph) => `${capitalised(phrase(40))}.${index % 997 === 3 && paragraph === 2 ? ' The quokka pilot.' : ''}`).join('\n\n');
  const documentIndexes = Array.from({ length: DOCUMENTS }, (_, index) => index);
  await inBatches(documentIndexes, 8, (batch) =>
    Promise.all(
      batch.map(async (index) => {
        const title = `${capitalised(phrase(4))}${index % 1_000 === 11 ? ' quokka' : ''}`;
        const created = await createDocument(db, actor, { kind: 'memo', title, body: bodyOf(index) });
        await saveDocumentVersion(db, actor, created.id, { title, body: `${bodyOf(index + 1)}\n\nRevised.`, baseVersion: 1 });
      }),
    ),
  );
  return actor;
}


async function dropTrigramIndexes(db: Db): Promise<void> {
  for (const { table } of SEARCH_TEXT_COLUMNS) await sql`drop index ${sql.ref(`${table}_search_trgm_idx`)}`.execute(db);
}

/** Stored text replaced by functions of the row that fold it on every read: search as it was before. */
async function foldOnRead(db: Db): Promise<void> {
  for (const { table, column, sources } of SEARCH_TEXT_COLUMNS) {
    await sql`alter table ${sql.table(table)} drop column ${sql.ref(column)}`.execute(db);
    const joined = sql.join(sources.map((source) => sql`coalesce(${sql.ref(`item.${source}`)}, '')`), sql` || ' ' || `);
    await sql`create function ${sql.ref(column)}(item ${sql.table(table)}) returns text language sql immutable as ${sql.lit(`select search_fold(${joined.compile(db).sql})`)}`.execute(db);
  }
}

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** What must not change between variants: every result and count. */
const fingerprint = (answer: SearchAnswer): string => JSON.stringify({ counts: answer.counts, truncated: answer.truncated, results: answer.results.map((result) => [result.kind, result.id]) });

const main = await createBenchDatabase('pulse_bench_search');
const dropped: Array<() => Promise<void>> = [main.drop];
try {
  const seeding = openDatabase(main.url);
  const started = performance.now();
  await migrateToLatest(seeding);
  const actor = await seedOrg(seeding);
  await seeding.destroy();
  process.stdout.write(`Seeded ${DOCUMENTS.toLocaleString('en-US')} documents × 2 versions, ${PEOPLE.toLocaleString('en-US')} people, 300 initiatives, 200 teams, 500 metrics, 500 accounts, 1,000 deals, 1,000 candidates in ${((performance.now() - started) / 1000).toFixed(0)} s.\n`);

  const withoutIndexes = await copyBenchDatabase(main.url, 'noindex');
  dropped.push(withoutIndexes.drop);
  const folding = await copyBenchDatabase(main.url, 'fold');
  dropped.push(folding.drop);
  const variants: Array<{ label: string; db: Db }> = [
    { label: 'now', db: openDatabase(main.url) },
    { label: 'no trigram index', db: openDatabase(withoutIndexes.url) },
    { label: 'folding every row', db: openDatabase(folding.url) },
  ];
  await dropTrigramIndexes(variants[1]!.db);
  await foldOnRead(variants[2]!.db);
  // As autovacuum leaves a table that has been written to: the rows just inserted moved out of the GIN indexes'
  // pending lists (which every search would otherwise read through), and fresh statistics for the planner.
  for (const { db } of variants) await sql`vacuum analyze`.execute(db);
  const reference = variants[0]!.db;

  const library: PlaybookLibrary = loadShippedPlaybooks();
  const search = (db: Db, query: string) => searchOrg(db, actor, library, { query, kinds: [], limit: 20 });
  const rows: string[] = [];
  for (const [label, query] of QUERIES) {
    const expected = fingerprint(await search(reference, query));
    for (const variant of variants) {
      const answer = await search(variant.db, query);
      if (fingerprint(answer) !== expected) throw new Error(`"${query}" answered differently with ${variant.label}`);
      for (let run = 1; run < WARM_UP; run += 1) await search(variant.db, query);
    }
    const samples = variants.map(() => [] as number[]);
    // Interleaved, so a change in the machine's load falls on every variant alike.
    for (let run = 0; run < RUNS; run += 1) {
      for (const [index, variant] of variants.entries()) {
        const start = performance.now();
        await search(variant.db, query);
        samples[index]!.push(performance.now() - start);
      }
    }
    const counts = Object.values((await search(reference, query)).counts).reduce((sum, count) => sum + (count ?? 0), 0);
    const [now, noIndex, fold] = samples.map(median) as [number, number, number];
    rows.push(`| ${label}: \`${query}\` | ${counts} | ${now.toFixed(1)} ms | ${noIndex.toFixed(1)} ms (×${(noIndex / now).toFixed(1)}) | ${fold.toFixed(1)} ms (×${(fold / now).toFixed(1)}) |`);
  }
  for (const { db } of variants) await db.destroy();

  const load = os.loadavg().map((value) => value.toFixed(1)).join(' ');
  process.stdout.write(`\nMedian of ${RUNS} searches (all kinds, limit 20) after ${WARM_UP} warm-up ones, Node ${process.version}, ${os.cpus().length} CPUs, load average ${load}:\n\n`);
  process.stdout.write('| query | matches | now | no trigram index | folding every row (before) |\n| --- | ---: | ---: | ---: | ---: |\n');
  for (const row of rows) process.stdout.write(`${row}\n`);
} finally {
  for (const drop of dropped.reverse()) await drop();
}
