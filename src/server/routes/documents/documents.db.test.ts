import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database.js';
import { createTestApp, inviteClient, signUpClient, type ApiClient } from '../../../../test/support/test-app.js';
import type { PulseApp } from '../../app.js';
import { readPdf } from '../../../../test/support/pdf-reader.js';
import { formatDay } from '../../../domain/dates.js';
import { assertNoReadingUnderWay } from '../../../services/documents/reading-meetings.service.js';

let database: TestDatabase;
let app: PulseApp;
let logs: string[];

beforeAll(async () => {
  database = await createTestDatabase();
  ({ app, logs } = createTestApp(database.db));
});
afterAll(async () => database.drop());

const CLEAN_MEMO = '# Faster refunds\n\n## Context\n\nCustomers who return an item wait nine days for their money. They tell us the wait is the worst part of shopping with us.\n\n## Proposal\n\nWe refund the moment the courier scans the parcel. Customers get their money the same day.\n';
const BULLET_MEMO = `${CLEAN_MEMO}\n## Risks\n\n- fraud may rise\n- couriers may scan late\n`;
/** 2,900 words of prose, within the six pages: 13 minutes at 240 words a minute. */
const LONG_MEMO = `# Faster refunds\n\n## Context\n\n${Array.from({ length: 120 }, () => 'Customers who return an item wait nine days for their money. They tell us the wait is the worst part of shopping with us.').join('\n\n')}\n\n## Proposal\n\nWe refund the moment the courier scans the parcel. Customers get their money the same day.\n`;

async function createMemo(client: ApiClient, orgId: string, body = CLEAN_MEMO, extra: Record<string, unknown> = {}) {
  const response = await client.post(`/orgs/${orgId}/documents`, { kind: 'memo', title: 'Faster refunds', body, ...extra });
  expect(response.status).toBe(201);
  return response.body.document as { id: string; version: number };
}

describe('documents and versions', () => {
  it('keeps every save as a numbered version, counts drafts and diffs any two versions word by word', async () => {
    const { client, orgId } = await signUpClient(app);
    const document = await createMemo(client, orgId);
    expect(document).toMatchObject({ version: 1, draftCount: 1, kind: 'memo', visibility: 'org' });

    const saved = await client.post(`/orgs/${orgId}/documents/${document.id}/versions`, { title: 'Faster refunds', body: CLEAN_MEMO.replace('nine days', 'two weeks'), baseVersion: 1 });
    expect(saved.status).toBe(201);
    expect(saved.body.document).toMatchObject({ version: 2, draftCount: 2 });

    const versions = await client.get(`/orgs/${orgId}/documents/${document.id}/versions`);
    expect(versions.body.versions.map((version: { version: number }) => version.version)).toEqual([2, 1]);
    expect((await client.get(`/orgs/${orgId}/documents/${document.id}/versions/1`)).body.version.body).toBe(CLEAN_MEMO);

    const diff = await client.get(`/orgs/${orgId}/documents/${document.id}/diff?from=1&to=2`);
    expect(diff.status).toBe(200);
    const changes = diff.body.diff.runs.filter((run: { kind: string }) => run.kind !== 'same').map((run: { kind: string; text: string }) => [run.kind, run.text]);
    expect(changes).toEqual([
      ['deleted', 'nine days'],
      ['inserted', 'two weeks'],
    ]);
    expect(diff.body.diff.summary).toEqual({ insertedWords: 2, deletedWords: 2 });
    expect(diff.body.diff.title).toEqual({ from: 'Faster refunds', to: 'Faster refunds' });
    // A retitled draft changes no word of the body: the diff still says what changed.
    await client.post(`/orgs/${orgId}/documents/${document.id}/versions`, { title: 'Same-day refunds', body: CLEAN_MEMO.replace('nine days', 'two weeks'), baseVersion: 2 });
    const retitled = (await client.get(`/orgs/${orgId}/documents/${document.id}/diff?from=2&to=3`)).body.diff;
    expect(retitled).toMatchObject({ title: { from: 'Faster refunds', to: 'Same-day refunds' }, summary: { insertedWords: 0, deletedWords: 0 } });
  });

  it('answers 409 with the current version when a save is based on a stale version, and keeps the first save', async () => {
    const { client, orgId } = await signUpClient(app);
    const document = await createMemo(client, orgId);
    await client.post(`/orgs/${orgId}/documents/${document.id}/versions`, { title: 'Faster refunds', body: `${CLEAN_MEMO}\nFirst writer.`, baseVersion: 1 });
    const stale = await client.post(`/orgs/${orgId}/documents/${document.id}/versions`, { title: 'Faster refunds', body: `${CLEAN_MEMO}\nSecond writer.`, baseVersion: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'conflict', field: 'body.baseVersion', data: { currentVersion: 2 } });
    expect((await client.get(`/orgs/${orgId}/documents/${document.id}`)).body.document.body).toContain('First writer.');
    // A base that does not exist yet is a bad request, not a colleague's save.
    const ahead = await client.post(`/orgs/${orgId}/documents/${document.id}/versions`, { title: 'Faster refunds', body: CLEAN_MEMO, baseVersion: 8 });
    expect(ahead.status).toBe(400);
    expect(ahead.body.error).toMatchObject({ code: 'validation_failed', field: 'body.baseVersion', message: 'baseVersion: there is no version 8 yet; the latest is version 2.' });
  });

  it('lets exactly one of two concurrent saves on the same base win; the other gets 409', async () => {
    const { client, orgId } = await signUpClient(app);
    const document = await createMemo(client, orgId);
    const saves = await Promise.all(['A', 'B'].map((writer) => client.post(`/orgs/${orgId}/documents/${document.id}/versions`, { title: 'Faster refunds', body: `${CLEAN_MEMO}\nWriter ${writer}.`, baseVersion: 1 })));
    expect(saves.map((save) => save.status).sort()).toEqual([201, 409]);
    const versions = (await client.get(`/orgs/${orgId}/documents/${document.id}/versions`)).body.versions;
    expect(versions).toHaveLength(2);
  });

  it('makes no version for an unchanged save and names bad input', async () => {
    const { client, orgId } = await signUpClient(app);
    const document = await createMemo(client, orgId);
    const same = await client.post(`/orgs/${orgId}/documents/${document.id}/versions`, { title: 'Faster refunds', body: CLEAN_MEMO, baseVersion: 1 });
    expect(same.body.document.version).toBe(1);
    const bad = await client.post(`/orgs/${orgId}/documents`, { kind: 'novel', title: 'x' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('body.kind');
    const unknownVersion = await client.get(`/orgs/${orgId}/documents/${document.id}/versions/9`);
    expect(unknownVersion.status).toBe(404);
  });

  it('lets only authors save; readers-only documents are 404 for everyone else, and other orgs see nothing', async () => {
    const { client: author, orgId, userId: authorId } = await signUpClient(app);
    const reader = await inviteClient(app, author, orgId, 'member');
    const outsider = await inviteClient(app, author, orgId, 'member');
    const recruiter = await inviteClient(app, author, orgId, 'recruiter');
    const document = await createMemo(author, orgId, CLEAN_MEMO, { visibility: 'readers', readerIds: [reader.userId] });

    expect((await reader.client.get(`/orgs/${orgId}/documents/${document.id}`)).status).toBe(200);
    expect((await outsider.client.get(`/orgs/${orgId}/documents/${document.id}`)).status).toBe(404);
    expect((await outsider.client.get(`/orgs/${orgId}/documents`)).body.documents).toEqual([]);
    expect((await recruiter.client.get(`/orgs/${orgId}/documents`)).status).toBe(403);

    const readerSave = await reader.client.post(`/orgs/${orgId}/documents/${document.id}/versions`, { title: 'x', body: 'y', baseVersion: 1 });
    expect(readerSave.status).toBe(403);

    const { client: otherOrg } = await signUpClient(app);
    expect((await otherOrg.get(`/orgs/${orgId}/documents/${document.id}`)).status).toBe(404);

    const opened = await author.put(`/orgs/${orgId}/documents/${document.id}/access`, { visibility: 'org', authorIds: [authorId], readerIds: [] });
    expect(opened.status).toBe(200);
    expect((await outsider.client.get(`/orgs/${orgId}/documents/${document.id}`)).status).toBe(200);
  });
});

describe('sharing', () => {
  it('refuses (409) a sharing change made from a stale read, so one author does not undo another\'s', async () => {
    const { client: dana, orgId, userId: danaId } = await signUpClient(app);
    const priya = await inviteClient(app, dana, orgId, 'member');
    const ann = await inviteClient(app, dana, orgId, 'member');
    const bob = await inviteClient(app, dana, orgId, 'member');
    const document = await createMemo(dana, orgId, CLEAN_MEMO, { visibility: 'readers' });
    const access = `/orgs/${orgId}/documents/${document.id}/access`;
    const shared = await dana.put(access, { visibility: 'readers', authorIds: [danaId, priya.userId], readerIds: [], baseToken: (await dana.get(`/orgs/${orgId}/documents/${document.id}`)).body.document.accessToken });
    expect(shared.status).toBe(200);
    // Both open the sharing form; Priya adds Ann, then Dana, from her older read, adds Bob.
    const read = shared.body.document.accessToken as string;
    expect((await priya.client.put(access, { visibility: 'readers', authorIds: [danaId, priya.userId], readerIds: [ann.userId], baseToken: read })).status).toBe(200);
    const stale = await dana.put(access, { visibility: 'readers', authorIds: [danaId, priya.userId], readerIds: [bob.userId], baseToken: read });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'conflict', field: 'body.baseToken' });
    const current = (await dana.get(`/orgs/${orgId}/documents/${document.id}`)).body.document;
    expect(current.readers.map((person: { id: string }) => person.id)).toEqual([ann.userId]);
    expect(stale.body.error.data.token).toBe(current.accessToken);
    // A save of the text does not touch the sharing: the token still holds.
    await dana.post(`/orgs/${orgId}/documents/${document.id}/versions`, { title: 'Faster refunds', body: `${CLEAN_MEMO}\nMore.`, baseVersion: 1 });
    expect((await dana.put(access, { visibility: 'readers', authorIds: [danaId, priya.userId], readerIds: [ann.userId, bob.userId], baseToken: current.accessToken })).status).toBe(200);
  });
});

describe('lint findings, settings, suppressions and the gate', () => {
  it('reports a bullet list in a memo body as a hard error that blocks the gate, which neither a suppression nor the org\'s settings wave through', async () => {
    const { client, orgId } = await signUpClient(app);
    const document = await createMemo(client, orgId, BULLET_MEMO);
    const lint = await client.get(`/orgs/${orgId}/documents/${document.id}/lint`);
    expect(lint.status).toBe(200);
    const listFinding = lint.body.lint.findings.find((finding: { ruleId: string }) => finding.ruleId === 'memo.no-lists');
    expect(listFinding).toMatchObject({ severity: 'error' });
    expect(lint.body.lint.isGateBlocked).toBe(true);

    const suppressed = await client.post(`/orgs/${orgId}/documents/${document.id}/suppressions`, { ruleId: 'memo.no-lists', anchor: listFinding.anchor, reason: 'The risks are a checklist for legal.' });
    expect(suppressed.status).toBe(422);
    expect(suppressed.body.error).toMatchObject({ code: 'rule_violation', rule: 'memo.hard_checks', field: 'body.ruleId' });
    const turnedOff = await client.put(`/orgs/${orgId}/writing-settings`, { rules: { 'memo.no-lists': 'warning' } });
    expect(turnedOff.body.error).toMatchObject({ rule: 'memo.hard_checks', field: 'body.rules.memo.no-lists' });
    const longer = await client.put(`/orgs/${orgId}/writing-settings`, { memoMaxPages: 10 });
    expect(longer.body.error).toMatchObject({ rule: 'memo.hard_checks', field: 'body.memoMaxPages' });
    // Stricter is fine.
    expect((await client.put(`/orgs/${orgId}/writing-settings`, { memoMaxPages: 4 })).status).toBe(200);
    expect((await client.get(`/orgs/${orgId}/documents/${document.id}/lint`)).body.lint.isGateBlocked).toBe(true);
  });

  it('lets the author suppress a soft finding, with a reason reviewers read', async () => {
    const { client, orgId } = await signUpClient(app);
    const document = await createMemo(client, orgId, `${CLEAN_MEMO}\nThe flywheel project keeps customers happy.\n`);
    expect((await client.put(`/orgs/${orgId}/writing-settings`, { jargon: ['flywheel project'] })).status).toBe(200);
    const finding = (await client.get(`/orgs/${orgId}/documents/${document.id}/lint`)).body.lint.findings.find((candidate: { ruleId: string }) => candidate.ruleId === 'style.jargon');
    expect(finding).toBeDefined();
    const suppressed = await client.post(`/orgs/${orgId}/documents/${document.id}/suppressions`, { ruleId: 'style.jargon', anchor: finding.anchor, reason: 'It is the product\'s public name.' });
    expect(suppressed.status).toBe(201);
    const after = await client.get(`/orgs/${orgId}/documents/${document.id}/lint`);
    expect(after.body.lint.findings.some((candidate: { ruleId: string }) => candidate.ruleId === 'style.jargon')).toBe(false);
    expect(after.body.lint.suppressed[0].suppression).toMatchObject({ reason: 'It is the product\'s public name.', ruleId: 'style.jargon' });

    const noReason = await client.post(`/orgs/${orgId}/documents/${document.id}/suppressions`, { ruleId: 'style.jargon', anchor: finding.anchor, reason: ' ' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.field).toMatch(/reason/);
  });

  it('applies the org\'s jargon list (admin only) to findings', async () => {
    const { client, orgId } = await signUpClient(app);
    const member = await inviteClient(app, client, orgId, 'member');
    const document = await createMemo(client, orgId, `${CLEAN_MEMO}\nThe flywheel project keeps customers happy.\n`);
    const jargonOf = async () => (await client.get(`/orgs/${orgId}/documents/${document.id}/lint`)).body.lint.findings.filter((finding: { ruleId: string }) => finding.ruleId === 'style.jargon');
    const before = (await jargonOf()).length;
    expect((await member.client.put(`/orgs/${orgId}/writing-settings`, { jargon: ['flywheel project'] })).status).toBe(403);
    const saved = await client.put(`/orgs/${orgId}/writing-settings`, { jargon: ['flywheel project'], wordsPerPage: 450 });
    expect(saved.status).toBe(200);
    expect(saved.body.resolved.wordsPerPage).toBe(450);
    expect((await jargonOf()).length).toBe(before + 1);
    const invalid = await client.put(`/orgs/${orgId}/writing-settings`, { wordsPerPage: -3 });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.field).toBe('body.wordsPerPage');
  });
});

describe('the compelling review', () => {
  it('tallies votes per version, carries comments forward marked where the text changed, and records an audited verdict', async () => {
    const { client: author, orgId } = await signUpClient(app);
    const reviewer = await inviteClient(app, author, orgId, 'member');
    const second = await inviteClient(app, author, orgId, 'member');
    const document = await createMemo(author, orgId);
    const path = `/orgs/${orgId}/documents/${document.id}`;

    expect((await author.post(`${path}/votes`, { version: 1, choice: 'compelling', reason: 'Mine.' })).body.error.rule).toBe('documents.author_cannot_vote');
    const quote = 'wait nine days for their money';
    const start = CLEAN_MEMO.indexOf(quote);
    const comment = await reviewer.client.post(`${path}/comments`, { version: 1, anchor: { start, end: start + quote.length, quote }, body: 'How do we know it is nine?' });
    expect(comment.status).toBe(201);
    const stableQuote = 'Customers get their money the same day.';
    const stableStart = CLEAN_MEMO.indexOf(stableQuote);
    await second.client.post(`${path}/comments`, { version: 1, anchor: { start: stableStart, end: stableStart + stableQuote.length, quote: stableQuote }, body: 'Love this.' });
    const wrongQuote = await reviewer.client.post(`${path}/comments`, { version: 1, anchor: { start, end: start + 5, quote: 'nope!' }, body: 'x' });
    expect(wrongQuote.status).toBe(400);

    await reviewer.client.post(`${path}/votes`, { version: 1, choice: 'not_yet', reason: 'Where does nine come from?' });
    await author.post(`${path}/versions`, { title: 'Faster refunds', body: CLEAN_MEMO.replace('## Context\n\n', '## Context\n\nThis memo asks for one decision.\n\n').replace('nine days', 'nine working days'), baseVersion: 1 });
    await reviewer.client.post(`${path}/votes`, { version: 2, choice: 'compelling', reason: 'The data is cited now.' });
    await second.client.post(`${path}/votes`, { version: 2, choice: 'not_yet', reason: 'Fraud is not covered.' });

    const review = await author.get(`${path}/review`);
    expect(review.body.review.tally).toEqual({ version: 2, compelling: 1, notYet: 1, reviewers: 2 });
    const [changed, unchanged] = review.body.review.comments;
    expect(changed).toMatchObject({ version: 1, quote, anchor: { version: 2, status: 'changed' } });
    expect(changed.anchor.text).toContain('nine working days');
    expect(unchanged.anchor).toMatchObject({ status: 'unchanged', text: stableQuote });
    expect((await author.get(`${path}/review?version=1`)).body.review.tally).toEqual({ version: 1, compelling: 0, notYet: 1, reviewers: 1 });

    expect((await author.post(`${path}/verdicts`, { version: 2, verdict: 'compelling', reason: 'Mine.' })).body.error.rule).toBe('documents.author_cannot_decide');
    const verdict = await second.client.post(`${path}/verdicts`, { version: 2, verdict: 'compelling', reason: 'One strong yes, risks noted.' });
    expect(verdict.status).toBe(201);
    expect(verdict.body.review.verdicts[0]).toMatchObject({ verdict: 'compelling', version: 2, decidedBy: { id: second.userId } });
    expect((await author.get(`/orgs/${orgId}/documents`)).body.documents[0].verdict).toEqual({ verdict: 'compelling', version: 2, isBackedByVotes: true });
    const audit = await author.get(`/orgs/${orgId}/audit-events`);
    expect(audit.body.events.find((event: { action: string }) => event.action === 'document.verdict_recorded')).toMatchObject({ subjectId: document.id, data: { version: 2, verdict: 'compelling' } });
  });

  it('never lets someone who saved a version judge the document, even after leaving its author list', async () => {
    const { client: dana, orgId, userId: danaId } = await signUpClient(app);
    const priya = await inviteClient(app, dana, orgId, 'member');
    const ann = await inviteClient(app, dana, orgId, 'member');
    const document = await createMemo(dana, orgId);
    const path = `/orgs/${orgId}/documents/${document.id}`;
    expect((await dana.put(`${path}/access`, { visibility: 'org', authorIds: [priya.userId], readerIds: [] })).status).toBe(200);

    const vote = await dana.post(`${path}/votes`, { version: 1, choice: 'compelling', reason: 'Mine.' });
    expect(vote.status).toBe(422);
    expect(vote.body.error.rule).toBe('documents.author_cannot_vote');
    await ann.client.post(`${path}/votes`, { version: 1, choice: 'compelling', reason: 'Strong.' });
    const verdict = await dana.post(`${path}/verdicts`, { version: 1, verdict: 'compelling', reason: 'Mine.' });
    expect(verdict.status).toBe(422);
    expect(verdict.body.error.rule).toBe('documents.author_cannot_decide');
    const meeting = await priya.client.post(`${path}/meetings`, { attendeeIds: [ann.userId, danaId], approverIds: [danaId] });
    expect(meeting.status).toBe(422);
    expect(meeting.body.error.rule).toBe('meeting.author_not_approver');
    // By default the approvers are the attendees who never wrote it.
    const byDefault = await priya.client.post(`${path}/meetings`, { attendeeIds: [ann.userId, danaId] });
    expect(byDefault.status).toBe(201);
    expect(byDefault.body.meeting.attendees.filter((attendee: { isApprover: boolean }) => attendee.isApprover).map((attendee: { person: { id: string } }) => attendee.person.id)).toEqual([ann.userId]);
  });

  it('refuses a compelling verdict while "not yet" votes outnumber compelling ones (documents.verdict_against_votes), naming the tally', async () => {
    const { client: author, orgId } = await signUpClient(app);
    const [fan, sceptic, doubter, decider] = await Promise.all([1, 2, 3, 4].map(() => inviteClient(app, author, orgId, 'member')));
    const document = await createMemo(author, orgId);
    const path = `/orgs/${orgId}/documents/${document.id}`;
    await fan!.client.post(`${path}/votes`, { version: 1, choice: 'compelling', reason: 'I would use it.' });
    await sceptic!.client.post(`${path}/votes`, { version: 1, choice: 'not_yet', reason: 'No price.' });
    await doubter!.client.post(`${path}/votes`, { version: 1, choice: 'not_yet', reason: 'No date.' });
    const refused = await decider!.client.post(`${path}/verdicts`, { version: 1, verdict: 'compelling', reason: 'I like it anyway.' });
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({
      code: 'rule_violation',
      rule: 'documents.verdict_against_votes',
      message: expect.stringContaining('2 "not yet" to 1 compelling'),
      data: { tally: { version: 1, compelling: 1, notYet: 2, reviewers: 3 } },
    });
    // Even the one who voted compelling cannot record it over the others.
    expect((await fan!.client.post(`${path}/verdicts`, { version: 1, verdict: 'compelling', reason: 'Mine counts.' })).body.error.rule).toBe('documents.verdict_against_votes');
    expect((await author.get(`${path}/review`)).body.review.verdicts).toEqual([]);
    // "Not yet" agrees with them; a tie is the decider's to break.
    expect((await decider!.client.post(`${path}/verdicts`, { version: 1, verdict: 'not_yet', reason: 'Price and date first.' })).status).toBe(201);
    await doubter!.client.post(`${path}/votes`, { version: 1, choice: 'compelling', reason: 'The date is in the FAQ.' });
    expect((await decider!.client.post(`${path}/verdicts`, { version: 1, verdict: 'compelling', reason: 'Split, and the FAQ answers the price.' })).status).toBe(201);
    expect((await author.get(`/orgs/${orgId}/documents`)).body.documents[0].verdict).toEqual({ verdict: 'compelling', version: 1, isBackedByVotes: true });
    // Outvoted after it was recorded: the list says so, as the pipeline's gate does.
    await fan!.client.post(`${path}/votes`, { version: 1, choice: 'not_yet', reason: 'Changed my mind: no price.' });
    await decider!.client.post(`${path}/votes`, { version: 1, choice: 'not_yet', reason: 'On reflection, no.' });
    expect((await author.get(`/orgs/${orgId}/documents`)).body.documents[0].verdict).toEqual({ verdict: 'compelling', version: 1, isBackedByVotes: false });
  });

  it('makes a verdict sent while votes are being cast wait for them, and counts them', async () => {
    const { client: author, orgId } = await signUpClient(app);
    const [fan, sceptic, decider] = await Promise.all([1, 2, 3].map(() => inviteClient(app, author, orgId, 'member')));
    const document = await createMemo(author, orgId);
    const path = `/orgs/${orgId}/documents/${document.id}`;
    await fan!.client.post(`${path}/votes`, { version: 1, choice: 'compelling', reason: 'I would use it.' });
    // Two "not yet" votes in flight: checked as castVote checks them (the document's row held FOR SHARE), written,
    // not committed yet. The verdict arrives meanwhile.
    const votes = await database.db.startTransaction().execute();
    await assertNoReadingUnderWay(votes, { userId: sceptic!.userId, orgId, role: 'member' }, document.id, new Date());
    await votes.insertInto('document_votes').values([decider!, sceptic!].map((reviewer) => ({ document_id: document.id, org_id: orgId, version: 1, reviewer_id: reviewer.userId, choice: 'not_yet' as const, reason: 'No price.' }))).execute();
    let isSettled = false;
    const verdict = fan!.client.post(`${path}/verdicts`, { version: 1, verdict: 'compelling', reason: 'One strong yes.' }).finally(() => { isSettled = true; });
    const waitsOrAnswered = async () => isSettled || (await sql<{ count: number }>`select count(*)::int as count from pg_locks l join pg_stat_activity a on a.pid = l.pid where not l.granted and a.datname = current_database()`.execute(database.db)).rows[0]!.count > 0;
    await expect.poll(waitsOrAnswered, { timeout: 5_000 }).toBe(true);
    await votes.commit().execute();
    const answer = await verdict;
    expect(answer.status).toBe(422);
    expect(answer.body.error).toMatchObject({ rule: 'documents.verdict_against_votes', data: { tally: { compelling: 1, notYet: 2 } } });
  });

  it('refuses a compelling verdict on a version with lint errors in force (the gate) or without a compelling vote', async () => {
    const { client: author, orgId } = await signUpClient(app);
    const reviewer = await inviteClient(app, author, orgId, 'member');
    const document = await createMemo(author, orgId, BULLET_MEMO);
    const path = `/orgs/${orgId}/documents/${document.id}`;
    const noVotes = await reviewer.client.post(`${path}/verdicts`, { version: 1, verdict: 'compelling', reason: 'Looks fine.' });
    expect(noVotes.status).toBe(422);
    expect(noVotes.body.error.rule).toBe('documents.verdict_needs_votes');
    await reviewer.client.post(`${path}/votes`, { version: 1, choice: 'compelling', reason: 'Strong.' });
    const blocked = await reviewer.client.post(`${path}/verdicts`, { version: 1, verdict: 'compelling', reason: 'Strong.' });
    expect(blocked.status).toBe(422);
    expect(blocked.body.error).toMatchObject({ code: 'rule_violation', rule: 'documents.lint_errors_block_gate' });
    expect((await reviewer.client.post(`${path}/verdicts`, { version: 1, verdict: 'not_yet', reason: 'Rewrite the list as prose.' })).status).toBe(201);
  });
});

describe('comment threads', () => {
  const quote = 'wait nine days for their money';
  const anchor = { start: CLEAN_MEMO.indexOf(quote), end: CLEAN_MEMO.indexOf(quote) + quote.length, quote };

  async function reviewedMemo() {
    const { client: author, orgId, userId: authorId } = await signUpClient(app);
    const reviewer = await inviteClient(app, author, orgId, 'member');
    const bystander = await inviteClient(app, author, orgId, 'member');
    const document = await createMemo(author, orgId);
    const path = `/orgs/${orgId}/documents/${document.id}`;
    const comment = await reviewer.client.post(`${path}/comments`, { version: 1, anchor, body: 'How do we know it is nine?' });
    expect(comment.status).toBe(201);
    return { author, authorId, reviewer, bystander, orgId, document, path, threadId: comment.body.comment.id as string };
  }

  it('shows replies under their thread in order, from anyone who may comment, the author included, under the comment limits', async () => {
    const { author, reviewer, bystander, path, threadId } = await reviewedMemo();
    const fromAuthor = await author.post(`${path}/comments/${threadId}/replies`, { body: '  The spring survey: nine days on average.  ' });
    expect(fromAuthor.status).toBe(201);
    expect(fromAuthor.body.reply).toMatchObject({ body: 'The spring survey: nine days on average.', author: { name: expect.any(String) } });
    expect((await reviewer.client.post(`${path}/comments/${threadId}/replies`, { body: 'Cite it in the memo, then.' })).status).toBe(201);
    expect((await bystander.client.post(`${path}/comments/${threadId}/replies`, { body: 'Agreed.' })).status).toBe(201);

    const review = (await author.get(`${path}/review`)).body.review;
    expect(review.comments).toHaveLength(1);
    expect(review.comments[0]).toMatchObject({ id: threadId, quote, resolved: null, canResolve: true });
    expect(review.comments[0].replies.map((reply: { body: string }) => reply.body)).toEqual(['The spring survey: nine days on average.', 'Cite it in the memo, then.', 'Agreed.']);
    // The thread follows its passage to later versions, replies and all.
    await author.post(`${path}/versions`, { title: 'Faster refunds', body: CLEAN_MEMO.replace('nine days', 'nine working days'), baseVersion: 1 });
    const carried = (await bystander.client.get(`${path}/review`)).body.review.comments[0];
    expect(carried).toMatchObject({ anchor: { version: 2, status: 'changed' }, canResolve: false });
    expect(carried.replies).toHaveLength(3);

    const empty = await reviewer.client.post(`${path}/comments/${threadId}/replies`, { body: '   ' });
    expect(empty.status).toBe(400);
    expect(empty.body.error).toMatchObject({ code: 'validation_failed', field: 'body.body' });
    const long = await reviewer.client.post(`${path}/comments/${threadId}/replies`, { body: 'x'.repeat(4001) });
    expect(long.status).toBe(400);
    expect(long.body.error.field).toBe('body.body');
    // One level deep: a reply is answered in its thread.
    const replyId = review.comments[0].replies[0].id as string;
    const nested = await reviewer.client.post(`${path}/comments/${replyId}/replies`, { body: 'Nested?' });
    expect(nested.status).toBe(422);
    expect(nested.body.error).toMatchObject({ rule: 'documents.comment_is_reply', data: { threadId } });
  });

  it('lets whoever started a thread or an author resolve and reopen it, keeps who resolved it and when, and audits both', async () => {
    const { author, authorId, reviewer, bystander, orgId, path, threadId } = await reviewedMemo();
    const refused = await bystander.client.post(`${path}/comments/${threadId}/resolve`);
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(/started this thread or an author/);

    const resolved = await author.post(`${path}/comments/${threadId}/resolve`);
    expect(resolved.status).toBe(200);
    expect(resolved.body.comment).toMatchObject({ id: threadId, resolved: { by: { id: authorId }, at: expect.any(String) } });
    // Resolving again keeps the first resolution.
    expect((await reviewer.client.post(`${path}/comments/${threadId}/resolve`)).body.comment.resolved).toEqual(resolved.body.comment.resolved);
    expect((await bystander.client.get(`${path}/review`)).body.review.comments[0].resolved).toMatchObject({ by: { id: authorId } });
    // A resolved thread takes no answer until it is reopened.
    const late = await bystander.client.post(`${path}/comments/${threadId}/replies`, { body: 'One more thing.' });
    expect(late.status).toBe(422);
    expect(late.body.error).toMatchObject({ code: 'rule_violation', rule: 'documents.thread_resolved' });
    expect((await bystander.client.post(`${path}/comments/${threadId}/reopen`)).status).toBe(403);

    const reopened = await reviewer.client.post(`${path}/comments/${threadId}/reopen`);
    expect(reopened.status).toBe(200);
    expect(reopened.body.comment.resolved).toBeNull();
    expect((await bystander.client.post(`${path}/comments/${threadId}/replies`, { body: 'One more thing.' })).status).toBe(201);
    // A reply is not a thread: it is neither resolved nor reopened on its own.
    const replyId = (await author.get(`${path}/review`)).body.review.comments[0].replies[0].id as string;
    expect((await author.post(`${path}/comments/${replyId}/resolve`)).body.error.rule).toBe('documents.comment_is_reply');

    const audit = (await author.get(`/orgs/${orgId}/audit-events`)).body.events as Array<{ action: string; subjectId: string; data: Record<string, unknown> }>;
    expect(audit.filter((event) => event.action.startsWith('document.comment_')).map((event) => event.action)).toEqual(['document.comment_reopened', 'document.comment_resolved']);

    // A thread whose passage was edited away is marked removed, and is still answered and resolved.
    await author.post(`${path}/versions`, { title: 'Faster refunds', body: CLEAN_MEMO.replace(' wait nine days for their money', ' are unhappy'), baseVersion: 1 });
    expect((await author.get(`${path}/review`)).body.review.comments[0]).toMatchObject({ anchor: { version: 2, status: 'removed' }, quote });
    expect((await author.post(`${path}/comments/${threadId}/replies`, { body: 'Gone in version 2.' })).status).toBe(201);
    expect((await reviewer.client.post(`${path}/comments/${threadId}/resolve`)).body.comment).toMatchObject({ anchor: { status: 'removed' }, resolved: { by: { id: reviewer.userId } } });
    expect(audit.find((event) => event.action === 'document.comment_reopened')).toMatchObject({ subjectId: path.split('/').pop(), data: { commentId: threadId, resolvedBy: authorId } });
  });

  it('answers 404 for a comment of another document or org, and keeps readers-only documents to their readers', async () => {
    const { author, reviewer, bystander, orgId, document, path, threadId } = await reviewedMemo();
    const other = await createMemo(author, orgId);
    const otherPath = `/orgs/${orgId}/documents/${other.id}`;
    for (const request of [
      reviewer.client.post(`${otherPath}/comments/${threadId}/replies`, { body: 'Wrong document.' }),
      author.post(`${otherPath}/comments/${threadId}/resolve`),
      author.post(`${path}/comments/00000000-0000-4000-8000-000000000000/reopen`),
    ]) {
      const response = await request;
      expect(response.status).toBe(404);
      expect(response.body.error.message).toBe('Comment was not found.');
    }
    expect((await author.post(`${path}/comments/not-a-uuid/resolve`)).body.error.field).toBe('param.commentId');
    // Another org's admin, through their own org or ours, finds nothing.
    const { client: stranger, orgId: strangerOrg } = await signUpClient(app);
    expect((await stranger.post(`/orgs/${strangerOrg}/documents/${document.id}/comments/${threadId}/replies`, { body: 'Hi.' })).status).toBe(404);
    expect((await stranger.post(`/orgs/${strangerOrg}/documents/${document.id}/comments/${threadId}/resolve`)).status).toBe(404);
    expect([403, 404]).toContain((await stranger.post(`${path}/comments/${threadId}/resolve`)).status);

    // Readers' rights: a reader of a readers-only document answers; a member who is not one does not learn of it.
    expect((await author.put(`${path}/access`, { visibility: 'readers', authorIds: [(await author.get('/auth/session')).body.user.id], readerIds: [reviewer.userId] })).status).toBe(200);
    expect((await reviewer.client.post(`${path}/comments/${threadId}/replies`, { body: 'Still here.' })).status).toBe(201);
    expect((await bystander.client.post(`${path}/comments/${threadId}/replies`, { body: 'Let me in.' })).status).toBe(404);
    const recruiter = await inviteClient(app, author, orgId, 'recruiter');
    expect((await recruiter.client.post(`${path}/comments/${threadId}/replies`, { body: 'Hello.' })).status).toBe(403);
  });

  it('refuses a reply from a participant while a reading of the document is under way (meeting.discussion_closed)', async () => {
    const { author, reviewer, bystander, orgId, document, path, threadId } = await reviewedMemo();
    const meeting = await author.post(`/orgs/${orgId}/documents/${document.id}/meetings`, { attendeeIds: [reviewer.userId] });
    expect(meeting.status).toBe(201);
    expect((await author.post(`/orgs/${orgId}/meetings/${meeting.body.meeting.id}/start`)).status).toBe(200);
    for (const participant of [author, reviewer.client]) {
      const refused = await participant.post(`${path}/comments/${threadId}/replies`, { body: 'While reading.' });
      expect(refused.status).toBe(422);
      expect(refused.body.error).toMatchObject({ rule: 'meeting.discussion_closed', data: { meetingId: meeting.body.meeting.id } });
    }
    // Whoever does not take part in the reading is not held by it.
    expect((await bystander.client.post(`${path}/comments/${threadId}/replies`, { body: 'Outside the room.' })).status).toBe(201);
  });

  it('makes a comment, reply or vote sent as the reading starts wait for the start, then refuses it', async () => {
    const { author, reviewer, orgId, document, path, threadId } = await reviewedMemo();
    const meeting = await author.post(`/orgs/${orgId}/documents/${document.id}/meetings`, { attendeeIds: [reviewer.userId] });
    const meetingId = meeting.body.meeting.id as string;
    const sends = [
      () => reviewer.client.post(`${path}/comments`, { version: 1, anchor, body: 'Just in time?' }),
      () => reviewer.client.post(`${path}/comments/${threadId}/replies`, { body: 'Just in time?' }),
      () => reviewer.client.post(`${path}/votes`, { version: 1, choice: 'not_yet', reason: 'Just in time?' }),
    ];
    for (const [index, send] of sends.entries()) {
      // A start in flight: its transaction holds the meeting's row and the document's, as startMeeting does, and has
      // set the start, not committed yet.
      const start = await database.db.startTransaction().execute();
      await start.selectFrom('reading_meetings').select('id').where('id', '=', meetingId).forUpdate().execute();
      await start.selectFrom('documents').select('id').where('id', '=', document.id).forUpdate().execute();
      await start.updateTable('reading_meetings').set({ started_at: new Date(), version: 1 }).where('id', '=', meetingId).execute();
      let isSettled = false;
      const sent = send().finally(() => { isSettled = true; });
      const waitsOrAnswered = async () => isSettled || (await sql<{ count: number }>`select count(*)::int as count from pg_locks l join pg_stat_activity a on a.pid = l.pid where not l.granted and a.datname = current_database()`.execute(database.db)).rows[0]!.count > 0;
      await expect.poll(waitsOrAnswered, { timeout: 5_000 }).toBe(true);
      await start.commit().execute();
      const answer = await sent;
      expect(answer.status, `request ${index}`).toBe(422);
      expect(answer.body.error.rule).toBe('meeting.discussion_closed');
      await database.db.updateTable('reading_meetings').set({ started_at: null, version: null }).where('id', '=', meetingId).execute();
    }
    const review = (await author.get(`${path}/review`)).body.review;
    expect(review.comments).toHaveLength(1);
    expect(review.comments[0].replies).toEqual([]);
    expect(review.votes).toEqual([]);
  });

  it('makes a reading scheduled and started while a comment is being written wait for that comment, so it never lands during the reading', async () => {
    const { author, reviewer, orgId, document, path } = await reviewedMemo();
    // A comment in flight: its transaction has checked that no reading is under way (none is even scheduled) and has
    // not written yet. The meeting is scheduled and started meanwhile.
    const comment = await database.db.startTransaction().execute();
    await assertNoReadingUnderWay(comment, { userId: reviewer.userId, orgId, role: 'member' }, document.id, new Date());
    const meeting = await author.post(`/orgs/${orgId}/documents/${document.id}/meetings`, { attendeeIds: [reviewer.userId] });
    expect(meeting.status).toBe(201);
    let isSettled = false;
    const start = author.post(`/orgs/${orgId}/meetings/${meeting.body.meeting.id}/start`).finally(() => { isSettled = true; });
    const waitsOrAnswered = async () => isSettled || (await sql<{ count: number }>`select count(*)::int as count from pg_locks l join pg_stat_activity a on a.pid = l.pid where not l.granted and a.datname = current_database()`.execute(database.db)).rows[0]!.count > 0;
    await expect.poll(waitsOrAnswered, { timeout: 5_000 }).toBe(true);
    // The start waits for the comment: it lands before the reading, never during it.
    const didStartWait = !isSettled;
    await comment.insertInto('document_comments').values({ document_id: document.id, org_id: orgId, version: 1, author_id: reviewer.userId, anchor_start: anchor.start, anchor_end: anchor.end, quote: anchor.quote, body: 'Sent before the reading.' }).execute();
    await comment.commit().execute();
    expect(didStartWait).toBe(true);
    expect((await start).status).toBe(200);
    expect((await author.get(`${path}/review`)).body.review.comments).toHaveLength(2);
    // Once it has started, the next comment is refused.
    const refused = await reviewer.client.post(`${path}/comments`, { version: 1, anchor, body: 'During the reading.' });
    expect(refused.status).toBe(422);
    expect(refused.body.error.rule).toBe('meeting.discussion_closed');
  });
});

describe('export', () => {
  it('names the downloaded file after the title with its accented letters kept as letters', async () => {
    const { client, orgId } = await signUpClient(app);
    const document = (await client.post(`/orgs/${orgId}/documents`, { kind: 'memo', title: 'Remboursements éclair : Übersicht', body: CLEAN_MEMO })).body.document;
    const markdown = await client.get(`/orgs/${orgId}/documents/${document.id}/export?format=markdown`);
    expect(markdown.headers.get('content-disposition')).toBe('attachment; filename="Remboursements-eclair-Ubersicht-v1.md"');
  });

  it('exports Markdown and a print-ready HTML page with the document escaped', async () => {
    const { client, orgId } = await signUpClient(app);
    const document = await createMemo(client, orgId, `${CLEAN_MEMO}\n<script>window.__xss = 1</script>\n`);
    const markdown = await client.get(`/orgs/${orgId}/documents/${document.id}/export?format=markdown`);
    expect(markdown.status).toBe(200);
    expect(markdown.headers.get('content-type')).toContain('text/markdown');
    expect(markdown.body).toContain('# Faster refunds');
    const html = await client.get(`/orgs/${orgId}/documents/${document.id}/export?format=html`);
    expect(html.headers.get('content-type')).toContain('text/html');
    expect(html.body).toContain('&lt;script&gt;');
    expect(html.body).not.toContain('<script>');
    // The app's content security policy covers the export too: no inline script could run even if one slipped through.
    expect(html.headers.get('content-security-policy')).toMatch(/script-src 'self'(;|$)/);
    // The PDF: the same text, the script as text.
    const pdf = await client.get<Uint8Array>(`/orgs/${orgId}/documents/${document.id}/export?format=pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.headers.get('content-disposition')).toMatch(/^attachment; filename=".+-v1\.pdf"$/);
    const text = (await readPdf(pdf.body)).pages.map((page) => page.text).join(' ');
    expect(text).toMatch(/^Faster refunds Memo · version 1 · /);
    expect(text).toContain('<script>window.__xss = 1</script>');
    // The subtitle names the version's day as people read days ("Nov 28, 2026"), in the PDF and the printable page alike.
    const savedOn = formatDay(new Date((await client.get(`/orgs/${orgId}/documents/${document.id}/versions/1`)).body.version.createdAt));
    expect((await readPdf(pdf.body)).pages[0]!.lines.find((line) => line.startsWith('Memo · version 1 · '))).toMatch(new RegExp(` · ${savedOn}$`));
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    expect(html.body).toContain(` · ${savedOn}`);
    const refused = await client.get(`/orgs/${orgId}/documents/${document.id}/export?format=docx`);
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: 'validation_failed', field: 'query.format' });
  });
});

describe('the silent-reading meeting', () => {
  async function meetingWithTwoAttendees() {
    const { client: facilitator, orgId } = await signUpClient(app);
    const ann = await inviteClient(app, facilitator, orgId, 'member');
    const bob = await inviteClient(app, facilitator, orgId, 'member');
    const document = await createMemo(facilitator, orgId);
    const created = await facilitator.post(`/orgs/${orgId}/documents/${document.id}/meetings`, { attendeeIds: [ann.userId, bob.userId] });
    expect(created.status).toBe(201);
    expect(created.body.meeting).toMatchObject({ phase: 'scheduled', readingMinutes: 30, version: null });
    return { facilitator, ann, bob, orgId, document, path: `/orgs/${orgId}/meetings/${created.body.meeting.id}`, meetingId: created.body.meeting.id as string };
  }

  it('never lets an author approve their own document, and needs an approver', async () => {
    const { facilitator, ann, orgId, document, meetingId } = await meetingWithTwoAttendees();
    const me = (await facilitator.get('/auth/session')).body.user.id as string;
    const meetings = `/orgs/${orgId}/documents/${document.id}/meetings`;
    const asApprover = await facilitator.post(meetings, { attendeeIds: [ann.userId, me], approverIds: [me] });
    expect(asApprover.status).toBe(422);
    expect(asApprover.body.error.rule).toBe('meeting.author_not_approver');
    expect((await facilitator.post(meetings, { attendeeIds: [me] })).body.error.rule).toBe('meeting.approvers_required');
    expect((await facilitator.post(meetings, { attendeeIds: [ann.userId], approverIds: ['00000000-0000-4000-8000-000000000000'] })).body.error.field).toBe('body.approverIds');
    // One open meeting per document: the one set up first is cancelled before another is scheduled.
    expect((await facilitator.post(`/orgs/${orgId}/meetings/${meetingId}/cancel`, { reason: 'Adding the author as a reader.' })).status).toBe(200);
    // The author may attend and read; the others decide.
    const both = await facilitator.post(meetings, { attendeeIds: [ann.userId, me] });
    expect(both.status).toBe(201);
    expect(both.body.meeting.attendees.map((attendee: { person: { id: string }; isApprover: boolean }) => [attendee.person.id === me, attendee.isApprover]).sort()).toEqual([[false, true], [true, false]]);
  });

  it('keeps the discussion closed (422 meeting.discussion_closed) until both attendees are done, then opens it', async () => {
    const { facilitator, ann, bob, orgId, document, path } = await meetingWithTwoAttendees();
    expect((await ann.client.post(`${path}/start`)).body.error.rule).toBe('meeting.facilitator_only');
    const started = await facilitator.post(`${path}/start`);
    expect(started.body.meeting).toMatchObject({ phase: 'reading', version: 1 });

    // A save after the start does not change what the meeting reads.
    await facilitator.post(`/orgs/${orgId}/documents/${document.id}/versions`, { title: 'Faster refunds', body: `${CLEAN_MEMO}\nLate edit.`, baseVersion: 1 });
    expect((await ann.client.get(path)).body.meeting.body).toBe(CLEAN_MEMO);

    const annMeetings = (await ann.client.get(`/orgs/${orgId}/meetings`)).body.meetings;
    expect(annMeetings).toEqual([expect.objectContaining({ documentId: document.id, documentTitle: 'Faster refunds', phase: 'reading' })]);
    await ann.client.post(`${path}/progress`, { percent: 40, lastSection: 'Context' });
    const progress = (await facilitator.get(path)).body.meeting.attendees;
    expect(progress.find((attendee: { person: { id: string } }) => attendee.person.id === ann.userId)).toMatchObject({ percent: 40, lastSection: 'Context', isDone: false });
    // Scrolling back up to reread a passage keeps the furthest point reached.
    await ann.client.post(`${path}/progress`, { percent: 5, lastSection: 'Context' });
    expect((await facilitator.get(path)).body.meeting.attendees.find((attendee: { person: { id: string } }) => attendee.person.id === ann.userId).percent).toBe(40);
    expect((await bob.client.get(path)).body.meeting.attendees.find((attendee: { person: { id: string } }) => attendee.person.id === ann.userId).percent).toBeNull();

    await ann.client.post(`${path}/notes`, { quote: 'nine days', body: 'Source for nine days?' });
    expect((await bob.client.get(path)).body.meeting.notes).toEqual([]);

    // The document's own comments and votes are no side door into the discussion while the others still read.
    const docPath = `/orgs/${orgId}/documents/${document.id}`;
    const quote = 'wait nine days for their money';
    const anchor = { start: CLEAN_MEMO.indexOf(quote), end: CLEAN_MEMO.indexOf(quote) + quote.length, quote };
    const sideDoors = [
      await ann.client.post(`${docPath}/comments`, { version: 1, anchor, body: 'Nine days, really?' }),
      await ann.client.post(`${docPath}/votes`, { version: 1, choice: 'not_yet', reason: 'Nine days is not sourced.' }),
      await ann.client.post(`${docPath}/verdicts`, { version: 1, verdict: 'not_yet', reason: 'Nine days is not sourced.' }),
    ];
    for (const refused of sideDoors) {
      expect(refused.status).toBe(422);
      expect(refused.body.error).toMatchObject({ rule: 'meeting.discussion_closed', data: { meetingId: path.split('/').pop(), waitingFor: 2 } });
      expect(refused.body.error.message).toContain(path.split('/').pop());
    }
    expect((await bob.client.get(`${docPath}/review?version=1`)).body.review).toMatchObject({ comments: [], votes: [], verdicts: [] });

    const closed = await ann.client.post(`${path}/discussion`, { body: 'I have a question.' });
    expect(closed.status).toBe(422);
    expect(closed.body.error).toMatchObject({ code: 'rule_violation', rule: 'meeting.discussion_closed', data: { waitingFor: 2 } });

    await ann.client.post(`${path}/progress`, { percent: 100, isDone: true });
    const stillClosed = await facilitator.post(`${path}/discussion`, { body: 'Anyone?' });
    expect(stillClosed.body.error).toMatchObject({ rule: 'meeting.discussion_closed', data: { waitingFor: 1 } });
    expect((await facilitator.post(`${path}/end`, { decision: 'approve', notes: 'x' })).body.error.rule).toBe('meeting.decision_before_discussion');

    await bob.client.post(`${path}/progress`, { percent: 100, isDone: true });
    const open = await ann.client.post(`${path}/discussion`, { body: 'Where does nine days come from?' });
    expect(open.status).toBe(201);
    expect((await ann.client.post(`${docPath}/comments`, { version: 1, anchor, body: 'Nine days, really?' })).status).toBe(201);
    expect(open.body.meeting).toMatchObject({ phase: 'discussion', isDiscussionOpen: true });

    expect((await ann.client.post(`${path}/publish-notes`)).body.error.rule).toBe('meeting.facilitator_only');
    await facilitator.post(`${path}/publish-notes`);
    expect((await bob.client.get(path)).body.meeting.notes.map((note: { body: string }) => note.body)).toEqual(['Source for nine days?']);

    // The decision is the approvers' (both attendees: neither wrote the memo). They vote blind.
    expect((await facilitator.post(`${path}/votes`, { decision: 'approve' })).body.error.rule).toBe('meeting.approvers_only');
    expect((await ann.client.post(`${path}/votes`, { decision: 'approve' })).status).toBe(200);
    const seenByBob = (await bob.client.get(path)).body.meeting;
    expect(seenByBob.attendees.find((attendee: { person: { id: string } }) => attendee.person.id === ann.userId)).toMatchObject({ isApprover: true, hasVoted: true, vote: null });
    expect(seenByBob.approvers).toEqual({ count: 2, waitingFor: 1, decision: null });
    const early = await facilitator.post(`${path}/end`, { notes: 'x' });
    expect(early.body.error).toMatchObject({ rule: 'meeting.votes_missing', data: { waitingFor: 1 } });
    await bob.client.post(`${path}/votes`, { decision: 'iterate' });
    expect((await facilitator.get(path)).body.meeting.approvers).toEqual({ count: 2, waitingFor: 0, decision: 'iterate' });
    // The combined decision would tell an approver how the others voted while votes can still change: only the
    // facilitator, who records it, sees it before the end.
    expect((await ann.client.get(path)).body.meeting.approvers).toEqual({ count: 2, waitingFor: 0, decision: null });
    expect((await bob.client.get(path)).body.meeting.approvers.decision).toBeNull();
    // The facilitator records the approvers' decision, not their own.
    expect((await facilitator.post(`${path}/end`, { decision: 'approve', notes: 'x' })).body.error).toMatchObject({ rule: 'meeting.decision_is_the_approvers', data: { decision: 'iterate' } });
    const ended = await facilitator.post(`${path}/end`, { notes: 'Cite the nine days; come back next week.' });
    expect(ended.status).toBe(200);
    expect(ended.body.meeting).toMatchObject({ phase: 'ended', version: 1, decision: { decision: 'iterate', notes: 'Cite the nine days; come back next week.' } });
    // No initiative waits on this memo's reading: the decision moves nothing in the pipeline.
    expect(ended.body.initiatives).toEqual({ moved: [], held: [] });
    // Once it has ended, everyone sees how each approver voted.
    expect((await bob.client.get(path)).body.meeting.attendees.map((attendee: { vote: string | null }) => attendee.vote).sort()).toEqual(['approve', 'iterate']);
    expect((await ann.client.get(path)).body.meeting.approvers.decision).toBe('iterate');
    const audit = await facilitator.get(`/orgs/${orgId}/audit-events`);
    expect(audit.body.events.find((event: { action: string }) => event.action === 'meeting.decided')).toMatchObject({ data: { version: 1, decision: 'iterate', votes: expect.arrayContaining([{ userId: ann.userId, vote: 'approve' }, { userId: bob.userId, vote: 'iterate' }]) } });
    expect((await ann.client.post(`${path}/discussion`, { body: 'late' })).body.error.rule).toBe('meeting.ended');
  });

  it('refuses an access change that would shut out an attendee of a meeting that has not ended', async () => {
    const { facilitator, ann, bob, orgId, document, path } = await meetingWithTwoAttendees();
    const me = (await facilitator.get('/auth/session')).body.user.id as string;
    const access = `/orgs/${orgId}/documents/${document.id}/access`;
    const lockOut = await facilitator.put(access, { visibility: 'readers', authorIds: [me], readerIds: [ann.userId] });
    expect(lockOut.status).toBe(422);
    expect(lockOut.body.error).toMatchObject({ rule: 'meeting.attendee_keeps_access', data: { userId: bob.userId, meetingId: path.split('/').pop() } });
    expect(lockOut.body.error.message).toMatch(/^A member takes part in reading meeting/);
    expect((await bob.client.get(path)).status).toBe(200);
    // Everyone in the meeting named: the change is fine.
    expect((await facilitator.put(access, { visibility: 'readers', authorIds: [me], readerIds: [ann.userId, bob.userId] })).status).toBe(200);
    // Once the meeting has ended, access is the authors' to change again.
    await database.db.updateTable('reading_meetings').set({ ended_at: sql<Date>`now()` }).where('id', '=', path.split('/').pop()!).execute();
    expect((await facilitator.put(access, { visibility: 'readers', authorIds: [me], readerIds: [ann.userId] })).status).toBe(200);
  });

  it('refuses to make an approver of a meeting that has not ended an author (meeting.author_not_approver): they would approve their own memo', async () => {
    const { facilitator, ann, bob, orgId, document, path, meetingId } = await meetingWithTwoAttendees();
    const me = (await facilitator.get('/auth/session')).body.user.id as string;
    const access = `/orgs/${orgId}/documents/${document.id}/access`;
    const coAuthor = await facilitator.put(access, { visibility: 'org', authorIds: [me, ann.userId], readerIds: [] });
    expect(coAuthor.status).toBe(422);
    expect(coAuthor.body.error).toMatchObject({ rule: 'meeting.author_not_approver', data: { userId: ann.userId, meetingId } });
    expect((await facilitator.get(`/orgs/${orgId}/documents/${document.id}`)).body.document.authors.map((author: { id: string }) => author.id)).toEqual([me]);
    // Nor once the reading has started, when the approvers can no longer be changed.
    await facilitator.post(`${path}/start`);
    expect((await facilitator.put(access, { visibility: 'org', authorIds: [me, bob.userId], readerIds: [] })).body.error).toMatchObject({ rule: 'meeting.author_not_approver', data: { userId: bob.userId } });
    // Once the meeting is over, sharing is the authors' to change again.
    expect((await facilitator.post(`${path}/cancel`, { reason: 'Ann joins as a co-author.' })).status).toBe(200);
    expect((await facilitator.put(access, { visibility: 'org', authorIds: [me, ann.userId], readerIds: [] })).status).toBe(200);
  });

  it('is cancelled by its facilitator with a reason, records no decision, and leaves everyone\'s open meetings', async () => {
    const { facilitator, ann, orgId, path } = await meetingWithTwoAttendees();
    expect((await facilitator.post(`${path}/start`)).status).toBe(200);
    expect((await ann.client.get(path)).body.meeting.canCancel).toBe(false);
    expect((await ann.client.post(`${path}/cancel`, { reason: 'I am bored.' })).body.error.rule).toBe('meeting.facilitator_only');
    expect((await facilitator.post(`${path}/cancel`, { reason: '' })).body.error.field).toBe('body.reason');
    const cancelled = await facilitator.post(`${path}/cancel`, { reason: 'Bob left the company and cannot vote.' });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.meeting).toMatchObject({ phase: 'ended', decision: null, canCancel: false, cancellation: { reason: 'Bob left the company and cannot vote.' } });
    expect((await facilitator.post(`${path}/cancel`, { reason: 'Again.' })).body.error.rule).toBe('meeting.ended');
    expect((await ann.client.get(`/orgs/${orgId}/meetings`)).body.meetings).toEqual([]);
    const actions = (await facilitator.get(`/orgs/${orgId}/audit-events`)).body.events.map((event: { action: string }) => event.action);
    expect(actions).toContain('meeting.cancelled');
  });

  it('cannot be cancelled once every approver has voted (meeting.decision_is_the_approvers): it ends with their decision', async () => {
    const { facilitator, ann, bob, path } = await meetingWithTwoAttendees();
    await facilitator.post(`${path}/start`);
    for (const attendee of [ann, bob]) await attendee.client.post(`${path}/progress`, { percent: 100, isDone: true });
    await ann.client.post(`${path}/votes`, { decision: 'kill' });
    // One vote still to come: the meeting may still be unable to end, and the way out stays open.
    expect((await facilitator.get(path)).body.meeting.canCancel).toBe(true);
    await bob.client.post(`${path}/votes`, { decision: 'iterate' });
    expect((await facilitator.get(path)).body.meeting).toMatchObject({ canCancel: false, approvers: { waitingFor: 0, decision: 'kill' } });
    const buried = await facilitator.post(`${path}/cancel`, { reason: 'Let us ask other approvers.' });
    expect(buried.status).toBe(422);
    expect(buried.body.error.rule).toBe('meeting.decision_is_the_approvers');
    expect((await facilitator.post(`${path}/end`, { notes: 'Killed by the approvers.' })).body.meeting).toMatchObject({ phase: 'ended', decision: { decision: 'kill' } });
  });

  it('opens the discussion when the reading time is up even if someone is still reading', async () => {
    const { facilitator, bob, path, meetingId } = await meetingWithTwoAttendees();
    await facilitator.post(`${path}/start`);
    expect((await bob.client.post(`${path}/discussion`, { body: 'Too early' })).status).toBe(422);
    // Move the start back past the reading time instead of waiting 30 minutes.
    await database.db.updateTable('reading_meetings').set({ started_at: sql<Date>`now() - interval '31 minutes'` }).where('id', '=', meetingId).execute();
    const open = await bob.client.post(`${path}/discussion`, { body: 'Time is up; my question is about fraud.' });
    expect(open.status).toBe(201);
  });

  it('gives at least the time the memo takes to read (meeting.reading_time_too_short), when scheduled and when changed', async () => {
    const { client: facilitator, orgId } = await signUpClient(app);
    const ann = await inviteClient(app, facilitator, orgId, 'member');
    const short = await createMemo(facilitator, orgId);
    const tooShort = await facilitator.post(`/orgs/${orgId}/documents/${short.id}/meetings`, { attendeeIds: [ann.userId], readingMinutes: 1 });
    expect(tooShort.status).toBe(422);
    expect(tooShort.body.error).toMatchObject({ code: 'rule_violation', rule: 'meeting.reading_time_too_short', field: 'body.readingMinutes', data: { minMinutes: 5 } });
    expect(tooShort.body.error.message).toMatch(/^This memo is \d+ words: give at least 5 minutes of reading time \(no silent reading is shorter than 5 minutes\)\.$/);

    const long = await createMemo(facilitator, orgId, LONG_MEMO);
    const meetings = `/orgs/${orgId}/documents/${long.id}/meetings`;
    expect((await facilitator.get(meetings)).body.readingFloor).toEqual({ version: 1, words: 2900, minutes: 13, wordsPerMinute: 240 });
    const refused = await facilitator.post(meetings, { attendeeIds: [ann.userId], readingMinutes: 12 });
    expect(refused.status).toBe(422);
    expect(refused.body.error.message).toBe('This memo is 2,900 words: give at least 13 minutes of reading time (at 240 words a minute, appendices aside).');
    const created = await facilitator.post(meetings, { attendeeIds: [ann.userId], readingMinutes: 13 });
    expect(created.status).toBe(201);
    expect(created.body.meeting).toMatchObject({ readingMinutes: 13, readingFloor: { version: 1, minutes: 13 } });
    const readingTime = `/orgs/${orgId}/meetings/${created.body.meeting.id}/reading-time`;
    expect((await facilitator.put(readingTime, { readingMinutes: 6 })).body.error).toMatchObject({ rule: 'meeting.reading_time_too_short', field: 'body.readingMinutes' });
    expect((await ann.client.put(readingTime, { readingMinutes: 20 })).body.error.rule).toBe('meeting.facilitator_only');
    expect((await facilitator.put(readingTime, { readingMinutes: 0 })).body.error.field).toBe('body.readingMinutes');
    const changed = await facilitator.put(readingTime, { readingMinutes: 20 });
    expect(changed.status).toBe(200);
    expect(changed.body.meeting.readingMinutes).toBe(20);
    expect((await facilitator.post(`/orgs/${orgId}/meetings/${created.body.meeting.id}/start`)).status).toBe(200);
    expect((await facilitator.put(readingTime, { readingMinutes: 25 })).body.error.rule).toBe('meeting.already_started');
  });

  it('raises the reading time at the start when the memo has grown since the meeting was scheduled', async () => {
    const { client: facilitator, orgId } = await signUpClient(app);
    const ann = await inviteClient(app, facilitator, orgId, 'member');
    const document = await createMemo(facilitator, orgId);
    const created = await facilitator.post(`/orgs/${orgId}/documents/${document.id}/meetings`, { attendeeIds: [ann.userId], readingMinutes: 5 });
    expect(created.status).toBe(201);
    const meetingPath = `/orgs/${orgId}/meetings/${created.body.meeting.id}`;
    expect((await facilitator.post(`/orgs/${orgId}/documents/${document.id}/versions`, { title: 'Faster refunds', body: LONG_MEMO, baseVersion: 1 })).status).toBe(201);
    // Before the start the meeting shows the floor of the version it will read; a change must meet it.
    expect((await facilitator.get(meetingPath)).body.meeting).toMatchObject({ readingMinutes: 5, readingFloor: { version: 2, words: 2900, minutes: 13 } });
    expect((await facilitator.put(`${meetingPath}/reading-time`, { readingMinutes: 10 })).body.error.rule).toBe('meeting.reading_time_too_short');
    const askedAt = Date.now();
    const started = await facilitator.post(`${meetingPath}/start`);
    expect(started.status).toBe(200);
    expect(started.body.meeting).toMatchObject({ version: 2, readingMinutes: 13, readingFloor: null });
    expect(new Date(started.body.meeting.readingEndsAt).getTime() - new Date(started.body.meeting.startedAt).getTime()).toBe(13 * 60_000);
    // The server's time comes with the meeting, so a page counts the time left by it, not by its device's clock.
    expect(Date.parse(started.body.meeting.serverNow)).toBeGreaterThanOrEqual(askedAt);
    expect(Date.parse(started.body.meeting.serverNow)).toBeLessThanOrEqual(Date.now());
    const events = (await facilitator.get(`/orgs/${orgId}/audit-events`)).body.events as Array<{ action: string; data: Record<string, unknown> }>;
    expect(events.find((event) => event.action === 'meeting.started')?.data).toMatchObject({ version: 2, readingMinutes: 13, words: 2900, readingMinutesRaisedFrom: 5 });
  });

  it('keeps one open meeting per document (meeting.one_open_per_document), even when two are asked for at once', async () => {
    const { client: facilitator, orgId } = await signUpClient(app);
    const ann = await inviteClient(app, facilitator, orgId, 'member');
    const document = await createMemo(facilitator, orgId);
    const meetings = `/orgs/${orgId}/documents/${document.id}/meetings`;
    const first = await facilitator.post(meetings, { attendeeIds: [ann.userId] });
    expect(first.status).toBe(201);
    const second = await facilitator.post(meetings, { attendeeIds: [ann.userId] });
    expect(second.status).toBe(422);
    expect(second.body.error).toMatchObject({ code: 'rule_violation', rule: 'meeting.one_open_per_document', data: { meetingId: first.body.meeting.id, startedAt: null } });
    expect(second.body.error.message).toMatch(new RegExp(`^This document already has an open reading meeting \\(facilitated by .+, scheduled [A-Z][a-z]{2} \\d{1,2}, \\d{4}, \\d{1,2}:\\d\\d [AP]M UTC, not started yet\\): its facilitator or an admin ends or cancels it on the Meetings tab before another is scheduled\\.$`));
    expect((await facilitator.post(`/orgs/${orgId}/meetings/${first.body.meeting.id}/cancel`, { reason: 'Wrong attendees.' })).status).toBe(200);
    expect((await facilitator.post(meetings, { attendeeIds: [ann.userId] })).status).toBe(201);

    // Two at once on a fresh document: one meeting and one clean refusal, never a 500.
    for (let round = 0; round < 3; round += 1) {
      const racing = await createMemo(facilitator, orgId);
      const both = await Promise.all([0, 1].map(() => facilitator.post(`/orgs/${orgId}/documents/${racing.id}/meetings`, { attendeeIds: [ann.userId] })));
      expect(both.map((response) => response.status).sort()).toEqual([201, 422]);
      expect(both.find((response) => response.status === 422)!.body.error.rule).toBe('meeting.one_open_per_document');
      expect((await facilitator.get(`/orgs/${orgId}/documents/${racing.id}/meetings`)).body.meetings).toHaveLength(1);
    }
  });

  it('will not schedule a reading review of a memo that fails its hard checks, nor start one on a version that does', async () => {
    const { client: facilitator, orgId } = await signUpClient(app);
    const ann = await inviteClient(app, facilitator, orgId, 'member');
    const listed = await createMemo(facilitator, orgId, BULLET_MEMO);
    const refused = await facilitator.post(`/orgs/${orgId}/documents/${listed.id}/meetings`, { attendeeIds: [ann.userId] });
    expect(refused.status).toBe(422);
    expect(refused.body.error.rule).toBe('documents.lint_errors_block_gate');
    expect(refused.body.error.message).toContain('before a reading review is scheduled');
    // Clean when scheduled, a list added since: the start (which freezes the version) refuses.
    const document = await createMemo(facilitator, orgId);
    const created = await facilitator.post(`/orgs/${orgId}/documents/${document.id}/meetings`, { attendeeIds: [ann.userId] });
    expect(created.status).toBe(201);
    expect((await facilitator.post(`/orgs/${orgId}/documents/${document.id}/versions`, { title: 'Faster refunds', body: BULLET_MEMO, baseVersion: 1 })).status).toBe(201);
    const notStarted = await facilitator.post(`/orgs/${orgId}/meetings/${created.body.meeting.id}/start`);
    expect(notStarted.status).toBe(422);
    expect(notStarted.body.error.rule).toBe('documents.lint_errors_block_gate');
  });

  it('is scheduled by an author of the memo or an admin, never by a reader choosing its approvers', async () => {
    const { client: admin, orgId } = await signUpClient(app);
    const author = await inviteClient(app, admin, orgId, 'member');
    const marcus = await inviteClient(app, admin, orgId, 'member');
    const document = await createMemo(author.client, orgId);
    const byReader = await marcus.client.post(`/orgs/${orgId}/documents/${document.id}/meetings`, { attendeeIds: [marcus.userId] });
    expect(byReader.status).toBe(422);
    expect(byReader.body.error.rule).toBe('meeting.scheduled_by_author');
    const byAuthor = await author.client.post(`/orgs/${orgId}/documents/${document.id}/meetings`, { attendeeIds: [marcus.userId] });
    expect(byAuthor.status).toBe(201);
    expect((await author.client.post(`/orgs/${orgId}/meetings/${byAuthor.body.meeting.id}/cancel`, { reason: 'The admin runs this review.' })).status).toBe(200);
    expect((await admin.post(`/orgs/${orgId}/documents/${document.id}/meetings`, { attendeeIds: [marcus.userId] })).status).toBe(201);
  });

  it('hides meetings of a readers-only document from people who cannot read it', async () => {
    const { client: facilitator, orgId } = await signUpClient(app);
    const ann = await inviteClient(app, facilitator, orgId, 'member');
    const outsider = await inviteClient(app, facilitator, orgId, 'member');
    const document = await createMemo(facilitator, orgId, CLEAN_MEMO, { visibility: 'readers', readerIds: [ann.userId] });
    const notReader = await facilitator.post(`/orgs/${orgId}/documents/${document.id}/meetings`, { attendeeIds: [outsider.userId] });
    expect(notReader.status).toBe(400);
    expect(notReader.body.error.field).toBe('body.attendeeIds');
    // The message names the person, not their id.
    expect(notReader.body.error.message).toBe('body.attendeeIds: A member is not a reader of this document; add them as a reader first.');
    const created = await facilitator.post(`/orgs/${orgId}/documents/${document.id}/meetings`, { attendeeIds: [ann.userId] });
    expect((await outsider.client.get(`/orgs/${orgId}/meetings/${created.body.meeting.id}`)).status).toBe(404);
  });
});

describe('the documents API as a whole', () => {
  it('answers bad input with 400 naming the field, and unknown ids with 404', async () => {
    const { client, orgId } = await signUpClient(app);
    const document = await createMemo(client, orgId);
    const path = `/orgs/${orgId}/documents/${document.id}`;
    const cases: Array<[Promise<{ status: number; body: any }>, number, string | undefined]> = [
      [client.get(`/orgs/${orgId}/documents/not-a-uuid`), 400, 'param.documentId'],
      [client.get(`${path}/diff?from=1&to=x`), 400, 'query.to'],
      // A version the document does not have: the 404 names which number of the request names none.
      [client.get(`${path}/diff?from=1&to=7`), 404, 'query.to'],
      [client.get(`${path}/diff?from=7&to=1`), 404, 'query.from'],
      [client.get(`${path}/review?version=7`), 404, 'query.version'],
      [client.get(`${path}/lint?version=7`), 404, 'query.version'],
      [client.get(`${path}/export?format=markdown&version=7`), 404, 'query.version'],
      [client.post(`${path}/comments`, { version: 7, anchor: { start: 0, end: 2, quote: '# ' }, body: 'c' }), 404, 'body.version'],
      [client.post(`${path}/suppressions`, { ruleId: 'nope.rule', anchor: 'a', reason: 'r' }), 400, 'body.ruleId'],
      [client.post(`${path}/suppressions`, { ruleId: 'style.jargon', anchor: ' ', reason: 'r' }), 400, 'body.anchor'],
      [client.get(`${path}/export?format=docx`), 400, 'query.format'],
      [client.post(`${path}/versions`, { title: 'T', body: 'B' }), 400, 'body.baseVersion'],
      [client.post(`${path}/versions`, { title: 'T', body: 'B', baseVersion: 1, extra: true }), 400, undefined],
      [client.post(`${path}/comments`, { version: 1, anchor: { start: 5, end: 2, quote: 'x' }, body: 'c' }), 400, 'body.anchor.end'],
      [client.post(`${path}/votes`, { version: 1, choice: 'maybe', reason: 'r' }), 400, 'body.choice'],
      [client.post(`${path}/comments/00000000-0000-4000-8000-000000000000/replies`, { body: 'r', extra: 1 }), 400, undefined],
      [client.post(`${path}/comments/00000000-0000-4000-8000-000000000000/replies`, {}), 400, 'body.body'],
      [client.post(`${path}/meetings`, { attendeeIds: ['nope'] }), 400, 'body.attendeeIds.0'],
      [client.post(`${path}/meetings`, { attendeeIds: [], readingMinutes: 0 }), 400, 'body.readingMinutes'],
      [client.get(`/orgs/${orgId}/meetings/00000000-0000-4000-8000-000000000000`), 404, undefined],
      [client.put(`/orgs/${orgId}/writing-settings`, { wordsPerPage: 400, colour: 'red' }), 400, 'body.colour'],
      // A version number no version can have (past PostgreSQL's integer) is bad input, not a server error.
      [client.get(`${path}/versions/99999999999`), 400, 'param.version'],
      [client.get(`${path}/diff?from=1&to=99999999999`), 400, 'query.to'],
      [client.get(`${path}/review?version=99999999999`), 400, 'query.version'],
      [client.get(`${path}/lint?version=99999999999`), 400, 'query.version'],
      [client.get(`${path}/export?format=markdown&version=99999999999`), 400, 'query.version'],
      [client.post(`${path}/votes`, { version: 99999999999, choice: 'compelling', reason: 'r' }), 400, 'body.version'],
      [client.post(`${path}/comments`, { version: 99999999999, anchor: { start: 0, end: 2, quote: '# ' }, body: 'c' }), 400, 'body.version'],
      [client.post(`${path}/verdicts`, { version: 99999999999, verdict: 'not_yet', reason: 'r' }), 400, 'body.version'],
      [client.post(`${path}/versions`, { title: 'T', body: 'B', baseVersion: 99999999999 }), 400, 'body.baseVersion'],
      [client.get(`${path}/versions/2147483647`), 404, 'param.version'],
    ];
    for (const [request, status, field] of cases) {
      const response = await request;
      expect(response.status).toBe(status);
      if (field !== undefined) expect(response.body.error.field).toBe(field);
    }
  });

  it('describes its routes in the OpenAPI document', async () => {
    const { client } = await signUpClient(app);
    const response = await client.get('/openapi.json');
    expect(response.status).toBe(200);
    const save = response.body.paths['/api/v1/orgs/{orgId}/documents/{documentId}/versions'].post;
    const schemaRef = save.requestBody.content['application/json'].schema.$ref as string;
    expect(response.body.components.schemas[schemaRef.split('/').pop()!].required).toEqual(expect.arrayContaining(['title', 'body', 'baseVersion']));
    expect(response.body.paths['/api/v1/orgs/{orgId}/meetings/{meetingId}/discussion']).toBeDefined();
  });

  it('answered every request above without an internal error', () => {
    expect(logs.filter((line) => line.startsWith('unexpected error'))).toEqual([]);
  });
});
