import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { inviteClient, signUpClient, useTestApp } from '../../../../test/support/test-app.js';
import { FULFILMENT_CONFIG, fulfilmentCsv } from '../../../../test/support/wbr-review-fixture.js';
import { dayNumber, isoDate, isoWeekday } from '../../../domain/wbr/calendar.js';

const context = useTestApp();

const SATURDAY = 6;

/** Today (UTC) and the Saturday that ends its week: the week not over yet, unless today is that Saturday. */
function thisWeek() {
  const today = new Date().toISOString().slice(0, 10);
  const [year, month, day] = today.split('-').map(Number) as [number, number, number];
  const todayNumber = dayNumber(year, month, day);
  return { today, weekEnding: isoDate(todayNumber + ((SATURDAY - isoWeekday(todayNumber) + 7) % 7)), weekBefore: isoDate(todayNumber + ((SATURDAY - isoWeekday(todayNumber) + 7) % 7) - 7) };
}

/** What a preview must never write: published weeks, anomalies and audit entries, counted. */
async function keptRows(orgId: string) {
  const count = async (table: 'wbr_snapshots' | 'wbr_anomalies' | 'audit_events') =>
    Number((await sql<{ count: string }>`select count(*)::text as count from ${sql.table(table)} where org_id = ${orgId}`.execute(context.database.db)).rows[0]?.count);
  return { snapshots: await count('wbr_snapshots'), anomalies: await count('wbr_anomalies'), auditEvents: await count('audit_events') };
}

/** A deck whose data runs to today, with a late-deliveries spike in the current week and in the week before. */
async function deckWithDataToToday() {
  const { client: admin, orgId } = await signUpClient(context.app);
  const created = await admin.post(`/orgs/${orgId}/wbr/decks`, { name: 'Fulfilment', config: FULFILMENT_CONFIG });
  expect(created.status).toBe(201);
  const deckPath = `/orgs/${orgId}/wbr/decks/${created.body.deck.id as string}`;
  const week = thisWeek();
  const uploaded = await admin.request('PUT', `${deckPath}/data?fileName=fulfilment.csv`, undefined, { rawBody: fulfilmentCsv(week.today, [week.weekEnding, week.weekBefore]), headers: { 'content-type': 'text/csv' } });
  expect(uploaded.status).toBe(200);
  return { admin, orgId, deckPath, week };
}

describe('previewing a week of a deck', () => {
  it('shows the current, unfinished week marked as a preview, and writes nothing', async () => {
    const { admin, orgId, deckPath, week } = await deckWithDataToToday();
    const before = await keptRows(orgId);

    // Without a week named: the latest week with data, the one under way.
    const html = await admin.get(`${deckPath}/preview`);
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toMatch(/^text\/html/);
    expect(html.headers.get('content-disposition')).toBe(`inline; filename="Fulfilment-${week.weekEnding}-preview.html"`);
    // Framed by the deck's page as published weeks are: nothing in it may run.
    expect(html.headers.get('content-security-policy')).toMatch(/sandbox/);
    expect(html.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(html.body).toContain('[PREVIEW, not published');

    const json = await admin.get(`${deckPath}/preview?weekEnding=${week.weekEnding}&format=json`);
    expect(json.status).toBe(200);
    const partial = week.weekEnding > week.today;
    expect(json.body.title).toMatch(partial ? /^Fulfilment WBR \[PREVIEW, not published, partial week: day \d of 7\]$/ : /^Fulfilment WBR \[PREVIEW, not published\]$/);
    // The week's spike is a new signal a publish would raise as an anomaly: the preview shows it and raises nothing.
    expect(json.body.blocks[0].pulse.xmr['Late deliveries'].signals.length).toBeGreaterThan(0);

    expect(await keptRows(orgId)).toEqual(before);
    expect((await admin.get(deckPath)).body.deck).toMatchObject({ snapshotCount: 0, unresolvedAnomalies: 0 });
  });

  it('builds the deck a publish of the same week keeps, in any order of weeks', async () => {
    const { admin, orgId, deckPath } = await deckWithDataToToday();
    const next = (await admin.get(deckPath)).body.deck.nextWeekEnding as string;
    const preview = await admin.get(`${deckPath}/preview?weekEnding=${next}&format=json`);
    expect(preview.status).toBe(200);
    const published = await admin.post(`${deckPath}/snapshots`, { weekEnding: next });
    expect(published.status).toBe(201);
    const kept = (await admin.get(`${deckPath}/snapshots/${published.body.snapshot.id as string}/export?format=json`)).body;
    expect({ ...preview.body, title: kept.title }).toEqual(kept);
    expect(preview.body.title).toBe(`${kept.title as string} [PREVIEW, not published]`);

    // A week long before the latest published one may still be previewed: nothing is kept, so no order is broken.
    const counts = await keptRows(orgId);
    const old = await admin.get(`${deckPath}/preview?weekEnding=2023-03-04&format=json`);
    expect(old.status).toBe(200);
    expect(old.body.weekEnding).toBe('04 March 2023');
    expect(await keptRows(orgId)).toEqual(counts);
  });

  it('refuses a week ending on another weekday, outside the data, or not a date, naming query.weekEnding', async () => {
    const { admin, orgId, deckPath } = await deckWithDataToToday();
    const before = await keptRows(orgId);
    const cases: Array<[string, RegExp]> = [
      ['2025-01-03', /^query\.weekEnding: Jan 3, 2025 is a Friday; this deck's weeks end on a Saturday/],
      ['2022-11-19', /^query\.weekEnding: the week ending Nov 19, 2022 is outside the data, which runs from Dec 1, 2022 to /],
      ['2099-01-03', /^query\.weekEnding: the week ending Jan 3, 2099 is outside the data/],
      ['2025-02-30', /^query\.weekEnding: /],
      ['soon', /^query\.weekEnding: /],
    ];
    for (const [weekEnding, message] of cases) {
      const refused = await admin.get(`${deckPath}/preview?weekEnding=${weekEnding}`);
      expect({ weekEnding, status: refused.status, field: refused.body.error?.field }).toEqual({ weekEnding, status: 400, field: 'query.weekEnding' });
      expect(refused.body.error.message).toMatch(message);
    }
    expect((await admin.get(`${deckPath}/preview?format=pdf`)).body.error).toMatchObject({ field: 'query.format' });
    expect(await keptRows(orgId)).toEqual(before);
  });

  it('is read by whoever may read the deck, and by nobody else', async () => {
    const { admin, orgId, deckPath } = await deckWithDataToToday();
    const { client: recruiter } = await inviteClient(context.app, admin, orgId, 'recruiter');
    expect((await recruiter.get(`${deckPath}/preview?format=json`)).status).toBe(200);

    const removed = await inviteClient(context.app, admin, orgId, 'member');
    expect((await removed.client.get(`${deckPath}/preview?format=json`)).status).toBe(200);
    expect((await admin.delete(`/orgs/${orgId}/members/${removed.userId}`)).status).toBe(200);
    // Refused as reading the deck itself is: the org is not theirs (any more).
    const refused = await removed.client.get(`${deckPath}/preview?format=json`);
    expect(refused.status).toBe(404);
    expect(refused.status).toBe((await removed.client.get(deckPath)).status);
    expect(refused.body.title).toBeUndefined();

    const { client: outsider } = await signUpClient(context.app);
    const outside = await outsider.get(`${deckPath}/preview?format=json`);
    expect(outside.status).toBe(404);
    expect(outside.status).toBe((await outsider.get(deckPath)).status);
    expect(outside.body.title).toBeUndefined();
  });
});
