import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppError } from '../../domain/errors.js';
import { movesWithOrg, parseOrgExport, formatOrgExport, withExportLine, type ExportRow, type OrgExport } from '../../domain/org-transfer/org-export.js';
import { accountSettingsFrom } from '../../server/serve.js';
import type { Db } from '../../storage/database.js';
import { expectAppError } from '../../../test/support/app-error.js';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.js';
import { ApiClient, createTestApp, signUpClient, testConfig, TEST_PASSWORD, useTestApp } from '../../../test/support/test-app.js';
import { hashSecret } from '../accounts/secrets.js';
import { DEMO_LOGIN, seedDemoOrg } from '../demo/seed-demo-org.js';
import { exportOrg } from './export-org.service.js';
import { importOrg } from './import-org.service.js';

// Email on, so the org's outbox has emails (an invitation's among them) that the export must leave behind.
const EMAIL_ON = { PULSE_SMTP_URL: 'smtp://127.0.0.1:2525', PULSE_MAIL_FROM: 'Pulse <pulse@example.test>', PULSE_PUBLIC_URL: 'https://pulse.example.test' };
const source = useTestApp(EMAIL_ON, { withDemoOrg: true });
let target: TestDatabase;
let orgId: string;
let exported: OrgExport;
/** Live credentials of the source installation that no export may carry (nor their hashes). */
const credentials: string[] = [];

beforeAll(async () => {
  target = await createTestDatabase();
  ({ orgId } = await seedDemoOrg(source.database.db, accountSettingsFrom(testConfig())));
  // Credentials that stay behind in a move: an API token and a pending invitation (whose email waits in the outbox).
  const admin = new ApiClient(source.app);
  await admin.post('/auth/login', { email: DEMO_LOGIN.email, password: DEMO_LOGIN.password });
  const token = await admin.post(`/orgs/${orgId}/api-tokens`, { name: 'nightly script' });
  expect(token.status).toBe(201);
  const invitation = await admin.post(`/orgs/${orgId}/invitations`, { email: 'newcomer@example.test', role: 'member' });
  expect(invitation.status).toBe(201);
  credentials.push(token.body.token as string, /[A-Za-z0-9_-]{20,}$/.exec(invitation.body.url as string)![0]);
  // Rows of the tables the demo leaves empty, so that every org table is seen to move: the org's stage
  // probabilities, a suppressed writing finding, and a reminder of a late scorecard.
  expect((await admin.request('PUT', `/orgs/${orgId}/stage-probabilities`, { discovery: 15, solution: 40, proposal: 70 })).status).toBe(200);
  const ownMemo = await source.database.db.selectFrom('documents').innerJoin('users', 'users.id', 'documents.created_by').select('documents.id').where('documents.org_id', '=', orgId).where('users.email', '=', DEMO_LOGIN.email).executeTakeFirstOrThrow();
  const suppressed = await admin.post(`/orgs/${orgId}/documents/${ownMemo.id}/suppressions`, { ruleId: 'style.jargon', anchor: 'synergy', reason: 'The customer\'s own word.' });
  expect(suppressed.status, JSON.stringify(suppressed.body)).toBe(201);
  // Review requests on the memo, one of them withdrawn (who withdrew it is an account that moves too).
  const adminUser = await source.database.db.selectFrom('users').select('id').where('email', '=', DEMO_LOGIN.email).executeTakeFirstOrThrow();
  const reviewers = await source.database.db.selectFrom('memberships').select('user_id').where('org_id', '=', orgId).where('user_id', '!=', adminUser.id).where('role', '!=', 'recruiter').orderBy('user_id').limit(2).execute();
  const asked = await admin.post(`/orgs/${orgId}/documents/${ownMemo.id}/review-requests`, { reviewerIds: reviewers.map((reviewer) => reviewer.user_id) });
  expect(asked.status, JSON.stringify(asked.body)).toBe(201);
  expect((await admin.delete(`/orgs/${orgId}/documents/${ownMemo.id}/review-requests/${asked.body.requests[0].id}`)).status).toBe(200);
  const late = (await admin.get(`/orgs/${orgId}/hiring/late-feedback`)).body.lateFeedback[0] as { candidateId: string; interviewer: { personId: string } };
  const reminded = await admin.post(`/orgs/${orgId}/hiring/candidates/${late.candidateId}/loop/seats/${late.interviewer.personId}/reminders`, {});
  expect(reminded.status, JSON.stringify(reminded.body)).toBe(201);
  // An audit entry whose details name accounts: a document shared with every member as a reader.
  const document = await source.database.db.selectFrom('documents').select(['id', 'created_by']).where('org_id', '=', orgId).executeTakeFirstOrThrow();
  const members = await source.database.db.selectFrom('memberships').select('user_id').where('org_id', '=', orgId).where('user_id', '!=', document.created_by).where('role', '!=', 'recruiter').execute();
  const shared = await admin.request('PUT', `/orgs/${orgId}/documents/${document.id}/access`, { visibility: 'readers', authorIds: [document.created_by], readerIds: members.map((member) => member.user_id) });
  expect(shared.status, JSON.stringify(shared.body)).toBe(200);
  // A published week corrected: both versions of the week move, the original still superseded by the correction.
  const week = await source.database.db.selectFrom('wbr_snapshots').select(['id', 'deck_id']).where('org_id', '=', orgId).orderBy('week_ending', 'desc').executeTakeFirstOrThrow();
  const corrected = await admin.post(`/orgs/${orgId}/wbr/decks/${week.deck_id}/snapshots/${week.id}/corrections`, { reason: 'The late file arrived' });
  expect(corrected.status, JSON.stringify(corrected.body)).toBe(201);
  exported = await exportOrg(source.database.db, orgId, 'test');
});
afterAll(async () => target?.drop());

/** Through the file's text, as the CLI does. */
function viaFile(value: OrgExport): OrgExport {
  return parseOrgExport([...formatOrgExport(value)].join(''), 'org.json');
}

/** Rows of the org in every table with an org_id column, counted from the catalog (not from the export's code). */
async function countOrgRows(db: Db, id: string): Promise<Record<string, number>> {
  const tables = await sql<{ table_name: string }>`
    select table_name from information_schema.columns where table_schema = current_schema() and column_name = 'org_id' order by 1`.execute(db);
  const counts: Record<string, number> = {};
  for (const { table_name: table } of tables.rows) {
    const result = await sql<{ count: string }>`select count(*) as count from ${sql.table(table)} where org_id = ${id}::uuid`.execute(db);
    counts[table] = Number(result.rows[0]?.count);
  }
  return counts;
}

/** A copy of an export with one change, for the refusals. */
function changed(change: (copy: OrgExport) => void): OrgExport {
  const copy = structuredClone(exported);
  change(copy);
  return copy;
}

async function orgCount(db: Db): Promise<number> {
  return Number((await db.selectFrom('orgs').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
}

describe('exporting and importing an org', () => {
  it('moves every row of every org table to another database, and the demo login signs in there with its password', async () => {
    const summary = await importOrg(target.db, viaFile(exported), { file: 'org.json' });
    expect(summary).toMatchObject({ org: { id: orgId, slug: 'northwind-robotics', name: 'Northwind Robotics' }, users: { matched: 0 } });
    expect(summary.users.created).toBe(exported.users.length);

    const before = await countOrgRows(source.database.db, orgId);
    const after = await countOrgRows(target.db, orgId);
    // The same rows everywhere, plus the audit event of the import, but the credentials made for the old place.
    expect(before.api_tokens).toBe(1);
    expect(exported.tables.api_tokens).toEqual([]);
    expect(exported.tables.invitations?.every((invitation) => invitation.accepted_at !== null)).toBe(true);
    expect(before.outbox_emails).toBeGreaterThan(0);
    expect(after).toEqual({ ...before, audit_events: (before.audit_events as number) + 1, api_tokens: 0, invitations: (before.invitations as number) - 1, outbox_emails: 0 });
    expect(Object.values(before).filter((count) => count > 0).length).toBeGreaterThan(25);

    // Exported again, the org is the same file: every value, every link, every timestamp (sequence ids aside).
    const again = await exportOrg(target.db, orgId, 'test');
    const withoutSequenceIds = (value: OrgExport) => Object.fromEntries(Object.entries(value.tables).map(([table, rows]) => [
      table,
      rows.filter((row) => row.action !== 'org.imported').map((row) => (typeof row.id === 'number' ? { ...row, id: 0 } : row)),
    ]));
    expect(withoutSequenceIds(again)).toEqual(withoutSequenceIds(exported));
    expect(again.users).toEqual(exported.users);
    // A corrected week keeps both versions, and the correction its reason.
    const versions = await target.db.selectFrom('wbr_snapshots').select(['version', 'correction_reason']).where('org_id', '=', orgId).where('version', '>', 1).execute();
    expect(versions).toEqual([{ version: 2, correction_reason: 'The late file arrived' }]);
    // Comment threads keep their replies (a reference inside the table) and who resolved them.
    const comments = await target.db.selectFrom('document_comments').select(['parent_id', 'resolved_by']).where('org_id', '=', orgId).execute();
    expect([comments.some((row) => row.parent_id !== null), comments.some((row) => row.resolved_by !== null)]).toEqual([true, true]);

    const { app } = createTestApp(target.db);
    const client = new ApiClient(app);
    expect((await client.post('/auth/login', { email: DEMO_LOGIN.email, password: DEMO_LOGIN.password })).status).toBe(200);
    const people = await client.get(`/orgs/${orgId}/people`);
    expect(people.status).toBe(200);
    // Reporting lines inside the table (a person's manager) survive.
    expect(people.body.people.filter((person: { managerId: string | null }) => person.managerId !== null).length).toBeGreaterThan(5);
    const audit = await client.get(`/orgs/${orgId}/audit-events?limit=1`);
    expect(audit.body.events[0]).toMatchObject({ action: 'org.imported', actor: null, data: { usersCreated: exported.users.length } });
  });

  it('writes every column of every org table in the catalog, row for row, into the other database', async () => {
    // The org is in `target` (the first test). Read from the catalog, not through the export's code, and with the
    // columns the database makes itself (search words): a column the export or the import drops shows here.
    const tables = await sql<{ table_name: string }>`
      select table_name from information_schema.columns where table_schema = current_schema() and column_name = 'org_id' order by 1`.execute(source.database.db);
    const stayBehind = new Set<string>();
    for (const { table_name: table } of tables.rows) {
      const sequences = await sql<{ column_name: string }>`
        select column_name from information_schema.columns
        where table_schema = current_schema() and table_name = ${table} and (column_default like 'nextval(%' or is_identity = 'YES')`.execute(source.database.db);
      const rowsOf = async (db: Db): Promise<ExportRow[]> => (await sql<{ row: ExportRow }>`
        select to_jsonb(t) as row from ${sql.table(table)} t where org_id = ${orgId}::uuid`.execute(db)).rows
        // Sequence ids are given anew by the target (decision 017); the import's own audit entry is the target's.
        .map(({ row }) => Object.fromEntries(Object.entries(row).filter(([column]) => !sequences.rows.some((sequence) => sequence.column_name === column))))
        .filter((row) => row.action !== 'org.imported');
      const sorted = (rows: ExportRow[]) => rows.map((row) => JSON.stringify(row)).sort();
      const before = await rowsOf(source.database.db);
      // Every org table has rows here, so a table that a later migration adds is seen to move (or to stay behind).
      expect(before.length, `the test org has no rows in ${table}: give it some in beforeAll`).toBeGreaterThan(0);
      const moving = before.filter((row) => movesWithOrg(table, row));
      if (moving.length < before.length) stayBehind.add(table);
      expect(sorted(await rowsOf(target.db)), table).toEqual(sorted(moving));
    }
    expect([...stayBehind].sort()).toEqual(['api_tokens', 'invitations', 'outbox_emails']);
  });

  it('carries no credential of the old installation: tokens, invitation links, emails, sessions', async () => {
    const text = [...formatOrgExport(exported)].join('');
    const sessions = await source.database.db.selectFrom('sessions').select(['id', 'csrf_token']).execute();
    expect(sessions.length).toBeGreaterThan(0);
    const outbox = await source.database.db.selectFrom('outbox_emails').select(['subject', 'text_body']).where('org_id', '=', orgId).where('kind', '=', 'invitation').execute();
    // The invitation's email holds its sign-up link until it is sent.
    expect(outbox.some((email) => email.text_body?.includes(credentials[1] as string))).toBe(true);
    const secrets = [
      ...credentials,
      ...credentials.map((credential) => hashSecret(credential)),
      ...sessions.flatMap((session) => [session.id, session.csrf_token]),
      ...outbox.flatMap((email) => [email.subject, email.text_body ?? email.subject]),
    ];
    for (const secret of secrets) expect(text.includes(secret), `the file holds ${secret}`).toBe(false);
    expect(text).not.toMatch(/pulse\.example\.test|smtp:/);
    // What the file keeps of an account: a new column of users must be decided here, as data that moves or as a
    // credential that stays behind (decision 017 keeps the password hash, so people sign in after a move).
    for (const user of exported.users) expect(Object.keys(user).sort()).toEqual(['created_at', 'email', 'id', 'name', 'password_hash']);
  });

  it('imports an org once: the same file again is refused and nothing changes', async () => {
    const orgs = await orgCount(target.db);
    await expectAppError(importOrg(target.db, exported, { file: 'org.json' }), 'conflict', /already has this org/);
    expect(await orgCount(target.db)).toBe(orgs);
  });

  it('points the org at accounts that exist here (matched by email), which keep their own password', async () => {
    // A member who joined the demo org (an audit entry is about them) already has an account in the target.
    const joinedEvent = exported.tables.audit_events!.find((event) => event.action === 'member.joined')!;
    const exportedUser = exported.users.find((user) => user.id === joinedEvent.subject_id)!;
    const exportedRole = exported.tables.memberships!.find((membership) => membership.user_id === exportedUser.id)!.role;
    const other = await createTestDatabase();
    try {
      const { app } = createTestApp(other.db);
      const existing = await signUpClient(app, { email: exportedUser.email, orgName: 'Their own org' });
      // The file writes the email in other letters: it is the same person's address.
      const mixedCase = changed((copy) => { copy.users.find((user) => user.id === exportedUser.id)!.email = exportedUser.email.toUpperCase(); });
      // Linking accounts is the operator's decision, having seen whose.
      const refused = await expectAppError(importOrg(other.db, mixedCase, { file: 'org.json' }), 'conflict', new RegExp(`One person of the org already has an account in this database: ${exportedUser.email.replace('.', '\\.')}\\. .*--link-accounts`), { field: '--link-accounts' });
      expect(refused.details.data).toEqual({ emails: [exportedUser.email] });
      expect(await orgCount(other.db)).toBe(1);
      const summary = await importOrg(other.db, mixedCase, { file: 'org.json', linkExistingAccounts: true });
      expect(summary.users).toEqual({ created: exported.users.length - 1, matched: 1, matchedEmails: [exportedUser.email] });
      const member = await other.db.selectFrom('memberships').select(['user_id', 'role']).where('org_id', '=', orgId).where('user_id', '=', existing.userId).executeTakeFirst();
      expect(member).toEqual({ user_id: existing.userId, role: exportedRole });
      const client = new ApiClient(app);
      const session = await client.post('/auth/login', { email: exportedUser.email, password: TEST_PASSWORD });
      expect(session.status).toBe(200);
      expect(session.body.memberships.map((m: { org: { id: string } }) => m.org.id)).toEqual(expect.arrayContaining([orgId, existing.orgId]));
      // Rows that named the exported account name this one now, the audit entry about them included.
      const stale = await sql<{ n: string }>`
        select count(*) as n from audit_events where org_id = ${orgId}::uuid and (actor_user_id = ${exportedUser.id}::uuid or subject_id = ${exportedUser.id})`.execute(other.db);
      expect(Number(stale.rows[0]?.n)).toBe(0);
      const about = await other.db.selectFrom('audit_events').select(['subject_id', 'actor_user_id']).where('org_id', '=', orgId).where('action', '=', 'member.joined').execute();
      expect(about).toContainEqual({ subject_id: existing.userId, actor_user_id: existing.userId });
      const sharing = await other.db.selectFrom('audit_events').select('data').where('org_id', '=', orgId).where('action', '=', 'document.access_changed').executeTakeFirstOrThrow();
      expect(JSON.stringify(sharing.data)).toContain(existing.userId);
      expect(JSON.stringify(sharing.data)).not.toContain(exportedUser.id);
      // The accounts made by the import sign in with their exported password.
      expect((await new ApiClient(app).post('/auth/login', { email: DEMO_LOGIN.email, password: DEMO_LOGIN.password })).status).toBe(200);
    } finally {
      await other.drop();
    }
  });

  it('refuses a slug taken here unless --slug gives another, and checks that slug', async () => {
    const other = await createTestDatabase();
    try {
      await signUpClient(createTestApp(other.db).app, { orgName: 'Northwind Robotics' });
      await expectAppError(importOrg(other.db, exported, { file: 'org.json' }), 'conflict', /slug "northwind-robotics" belongs to the org Northwind Robotics/, { field: '--slug' });
      await expectAppError(importOrg(other.db, exported, { file: 'org.json', slug: 'North Wind' }), 'validation_failed', /not a slug/, { field: '--slug' });
      const summary = await importOrg(other.db, exported, { file: 'org.json', slug: 'northwind-2', name: 'Northwind (copy)' });
      expect(summary.org).toEqual({ id: orgId, slug: 'northwind-2', name: 'Northwind (copy)' });
    } finally {
      await other.drop();
    }
  });

  it('names the row the database refuses, and writes nothing', async () => {
    const other = await createTestDatabase();
    try {
      const orgs = await orgCount(other.db);
      const badName = changed((copy) => { (copy.tables.people as Array<Record<string, unknown>>)[3]!.name = null; });
      await expectAppError(importOrg(other.db, badName, { file: 'org.json' }), 'invalid_data', /^tables\.people\[3\] \(id [0-9a-f-]{36}\) cannot be written: null value in column "name"/, { field: 'tables.people[3]' });
      const badType = changed((copy) => { (copy.tables.people as Array<Record<string, unknown>>)[2]!.left_on = 'last spring'; });
      await expectAppError(importOrg(other.db, badType, { file: 'org.json' }), 'invalid_data', /^tables\.people\[2\] \(id .*invalid input syntax for type date: "last spring"/);
      const unknownColumn = changed((copy) => { (copy.tables.teams as Array<Record<string, unknown>>)[1]!.colour = 'red'; });
      await expectAppError(importOrg(other.db, unknownColumn, { file: 'org.json' }), 'invalid_data', /teams table has no column "colour"/, { field: 'tables.teams[1].colour' });
      const unknownTable = changed((copy) => { copy.tables.spaceships = []; });
      await expectAppError(importOrg(other.db, unknownTable, { file: 'org.json' }), 'invalid_data', /no org table "spaceships"/);
      const unlistedUser = changed((copy) => { copy.tables.memberships!.push({ ...copy.tables.memberships![0]!, user_id: randomUUID() }); });
      await expectAppError(importOrg(other.db, unlistedUser, { file: 'org.json' }), 'invalid_data', /names a user the file does not list/, { field: `tables.memberships[${exported.tables.memberships!.length}].user_id` });
      const newer = changed((copy) => { copy.migrations.push('2099-01-01T00-00-future'); });
      await expectAppError(importOrg(other.db, newer, { file: 'org.json' }), 'invalid_data', /newer Pulse.*2099-01-01T00-00-future/, { field: 'migrations' });
      expect(await orgCount(other.db)).toBe(orgs);
      expect(Number((await other.db.selectFrom('users').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n)).toBe(0);
    } finally {
      await other.drop();
    }
  });

  it('refuses a line the file holds twice, even of a table whose ids the target gives anew, naming its line', async () => {
    const other = await createTestDatabase();
    try {
      const lines = [...formatOrgExport(exported)].join('').split('\n');
      // An audit entry: its sequence id is left to the target, so only the file's own check sees the copy.
      const entry = lines.findIndex((line) => line.includes('"action":"document.created"') && line.endsWith(','));
      lines.splice(entry + 1, 0, lines[entry] as string);
      const text = lines.join('\n');
      const refused = await expectAppError(importOrg(other.db, parseOrgExport(text, 'org.json'), { file: 'org.json' }), 'invalid_data', /^tables\.audit_events\[\d+\] repeats tables\.audit_events\[\d+\] \(the same id: \d+\): a row is in the file twice/);
      expect((withExportLine(refused, text, 'org.json') as AppError).location).toBe(`org.json:${entry + 2}`);
      expect(await orgCount(other.db)).toBe(0);
      expect(Number((await other.db.selectFrom('users').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n)).toBe(0);
    } finally {
      await other.drop();
    }
  });

  it('refuses a file whose rows link to another org\'s rows, before writing anything', async () => {
    // The org is in `target` (the first test): a second org's file attaches a version to its memo.
    const document = exported.tables.documents![0]!;
    const intruder = changed((copy) => {
      copy.org = { ...copy.org, id: randomUUID(), slug: 'intruder', name: 'Intruder' };
      copy.tables = { document_versions: [{ ...copy.tables.document_versions![0]!, org_id: copy.org.id, document_id: document.id, version: 99 }] };
      copy.users = [];
      copy.tables.document_versions![0]!.created_by = null;
    });
    const orgs = await orgCount(target.db);
    await expectAppError(importOrg(target.db, intruder, { file: 'org.json' }), 'invalid_data', /names a row of documents that is not in the file/, { field: 'tables.document_versions[0].document_id' });
    expect(await orgCount(target.db)).toBe(orgs);
    expect(Number((await sql<{ n: string }>`select count(*) as n from document_versions where document_id = ${document.id as string}::uuid and version = 99`.execute(target.db)).rows[0]?.n)).toBe(0);
  });

  it('stops, before reading or writing a row, in a database whose foreign keys a transfer could not check', async () => {
    // A later migration that linked tables by two columns would leave that link unchecked: the transfer refuses.
    const other = await createTestDatabase();
    try {
      await sql`create table pair_parent (org_id uuid not null, id uuid not null, primary key (org_id, id))`.execute(other.db);
      await sql`create table pair_child (org_id uuid not null, parent_id uuid not null, foreign key (org_id, parent_id) references pair_parent (org_id, id))`.execute(other.db);
      const orgs = await orgCount(other.db);
      await expectAppError(importOrg(other.db, exported, { file: 'org.json' }), 'internal', /foreign keys of several columns/);
      await expectAppError(exportOrg(other.db, orgId, 'test'), 'internal', /foreign keys of several columns/);
      expect(await orgCount(other.db)).toBe(orgs);
    } finally {
      await other.drop();
    }
  });

  it('gives a column a row leaves out its default, even beside rows that have it', async () => {
    const other = await createTestDatabase();
    try {
      const teams = exported.tables.teams!;
      expect(teams.length).toBeGreaterThan(1);
      const column = Object.keys(teams[0]!).find((key) => key === 'updated_at' || key === 'created_at') as string;
      const partial = changed((copy) => { delete copy.tables.teams![1]![column]; });
      await importOrg(other.db, partial, { file: 'org.json' });
      const stored = await sql<{ id: string; at: Date }>`select id, ${sql.ref(column)} as at from teams where org_id = ${orgId}::uuid`.execute(other.db);
      expect(stored.rows.find((row) => row.id === teams[1]!.id)?.at).toBeInstanceOf(Date);
      expect(new Date(stored.rows.find((row) => row.id === teams[0]!.id)!.at).toISOString()).toBe(new Date(teams[0]![column] as string).toISOString());
    } finally {
      await other.drop();
    }
  });

  it('imports reviews from a file written before reviews kept their role and level, taking the person\'s', async () => {
    const other = await createTestDatabase();
    try {
      const reviews = exported.tables.reviews!;
      expect(reviews.length).toBeGreaterThan(0);
      const older = changed((copy) => {
        for (const review of copy.tables.reviews!) { delete review.role; delete review.level; }
      });
      await importOrg(other.db, older, { file: 'org.json' });
      const stored = await sql<{ role: string; level: number; person_role: string; person_level: number }>`
        select r.role, r.level, p.role as person_role, p.level as person_level from reviews r join people p on p.id = r.person_id where r.org_id = ${orgId}::uuid`.execute(other.db);
      expect(stored.rows).toHaveLength(reviews.length);
      for (const row of stored.rows) expect([row.role, row.level]).toEqual([row.person_role, row.person_level]);
    } finally {
      await other.drop();
    }
  });

  it('keeps the principles a closed review cycle was closed with, through the file and into the other database', async () => {
    // The org is in `target` (the first test).
    const cycles = exported.tables.review_cycles!;
    const closed = cycles.filter((cycle) => cycle.status === 'closed');
    expect(closed.length).toBeGreaterThan(0);
    expect(cycles.some((cycle) => cycle.status === 'open' && cycle.principles === null)).toBe(true);
    for (const cycle of closed) expect((cycle.principles as unknown[]).length).toBeGreaterThan(0);
    const stored = await target.db.selectFrom('review_cycles').select(['id', 'principles']).where('org_id', '=', orgId).execute();
    expect(Object.fromEntries(stored.map((row) => [row.id, row.principles]))).toEqual(Object.fromEntries(cycles.map((cycle) => [cycle.id, cycle.principles])));
  });

  it('imports anomalies from a file written before they kept the weeks they were seen in, giving each its first and last week', async () => {
    const other = await createTestDatabase();
    try {
      const anomalies = exported.tables.wbr_anomalies!;
      expect(anomalies.length).toBeGreaterThan(0);
      const older = changed((copy) => {
        copy.migrations = copy.migrations.slice(0, copy.migrations.indexOf('2026-11-28T13-30-wbr-anomaly-weeks-seen'));
        for (const anomaly of copy.tables.wbr_anomalies!) delete anomaly.weeks_seen;
      });
      await importOrg(other.db, viaFile(older), { file: 'org.json' });
      const stored = await other.db.selectFrom('wbr_anomalies').select(['id', sql<string>`first_week_ending::text`.as('first'), sql<string>`last_week_ending::text`.as('last'), sql<string[]>`weeks_seen::text[]`.as('weeks')]).where('org_id', '=', orgId).execute();
      expect(stored).toHaveLength(anomalies.length);
      for (const row of stored) expect(row.weeks).toEqual([...new Set([row.first, row.last])]);
    } finally {
      await other.drop();
    }
  });

  it('imports closed cycles from a file written before they kept their principles, giving them the file\'s active principles', async () => {
    const other = await createTestDatabase();
    try {
      const migration = '2026-11-26T23-30-review-cycle-principles';
      expect(exported.migrations).toContain(migration);
      const retired = exported.tables.principles!.find((principle) => principle.status === 'active')!;
      const older = changed((copy) => {
        copy.migrations = copy.migrations.slice(0, copy.migrations.indexOf(migration));
        for (const cycle of copy.tables.review_cycles!) delete cycle.principles;
        // A principle retired in the older Pulse after the cycle closed: what the file has is the best record there is.
        copy.tables.principles!.find((principle) => principle.id === retired.id)!.status = 'retired';
      });
      await importOrg(other.db, viaFile(older), { file: 'org.json' });
      const activeInFile = older.tables.principles!
        .filter((principle) => principle.status === 'active')
        .sort((a, b) => (a.position as number) - (b.position as number))
        .map((principle) => ({ principleId: principle.id, version: principle.current_version }));
      expect(activeInFile).not.toContainEqual(expect.objectContaining({ principleId: retired.id }));
      const stored = await other.db.selectFrom('review_cycles').select(['status', 'principles']).where('org_id', '=', orgId).execute();
      expect(stored.filter((cycle) => cycle.status === 'closed').map((cycle) => cycle.principles)).toEqual(exported.tables.review_cycles!.filter((cycle) => cycle.status === 'closed').map(() => activeInFile));
      expect(stored.filter((cycle) => cycle.status === 'open').map((cycle) => cycle.principles)).toEqual(exported.tables.review_cycles!.filter((cycle) => cycle.status === 'open').map(() => null));

      // The calibration of a closed cycle counts against them.
      const client = new ApiClient(createTestApp(other.db).app);
      expect((await client.post('/auth/login', { email: DEMO_LOGIN.email, password: DEMO_LOGIN.password })).status).toBe(200);
      const closedId = exported.tables.review_cycles!.find((cycle) => cycle.status === 'closed')!.id as string;
      const calibration = await client.get(`/orgs/${orgId}/review-cycles/${closedId}/calibration`);
      expect(calibration.status).toBe(200);
      expect(calibration.body.judgedAgainst.map((principle: { id: string }) => principle.id)).toEqual(activeInFile.map((principle) => principle.principleId));
      expect(calibration.body.groups.flatMap((group: { people: { coverage: { of: number } }[] }) => group.people.map((person) => person.coverage.of))).toEqual(expect.arrayContaining([activeInFile.length]));
    } finally {
      await other.drop();
    }
  });
});

