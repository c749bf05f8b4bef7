import { describe, expect, it } from 'vitest';
import type { ApiClient } from '../../../../test/support/test-app.js';
import { inviteClient, signUpClient, useTestApp } from '../../../../test/support/test-app.js';
import { FULFILMENT_CONFIG, fulfilmentCsv } from '../../../../test/support/wbr-review-fixture.js';

// A small upload limit, so that a push that would outgrow it can be tested with a small deck.
const context = useTestApp({ PULSE_MAX_UPLOAD_BYTES: '100000' });

/** Rows pushed by a script into a deck's data: merged by day, checked like an upload, audited. */

async function deck(client: ApiClient, orgId: string, name = 'Fulfilment') {
  return `/orgs/${orgId}/wbr/decks/${(await client.post(`/orgs/${orgId}/wbr/decks`, { name, config: FULFILMENT_CONFIG })).body.deck.id}`;
}

describe('pushing rows', () => {
  it('adds the new days and replaces a pushed one, so the next week can be published, audited', async () => {
    const { client, orgId } = await signUpClient(context.app);
    const path = await deck(client, orgId);
    expect((await client.request('PUT', `${path}/data?fileName=fulfilment.csv`, undefined, { rawBody: fulfilmentCsv('2025-01-04'), headers: { 'content-type': 'text/csv' } })).status).toBe(200);
    expect((await client.post(`${path}/snapshots`, {})).body.snapshot.weekEnding).toBe('2025-01-04');
    // A week of new days, and a correction of the 4th.
    const rows = [...Array.from({ length: 7 }, (_, i) => ({ date: `2025-01-${String(5 + i).padStart(2, '0')}`, values: { late: 10, orders: 1000 } })), { date: '2025-01-04', values: { late: 11, orders: 999 } }];
    const pushed = await client.post(`${path}/data/rows`, { rows });
    expect(pushed.status).toBe(200);
    expect(pushed.body.deck.data).toMatchObject({ fileName: 'fulfilment.csv', lastDate: '2025-01-11', rows: 766 + 7 });
    expect(pushed.body.deck.nextWeekEnding).toBe('2025-01-11');
    expect((await client.post(`${path}/snapshots`, {})).body.snapshot.weekEnding).toBe('2025-01-11');
    const events = (await client.get(`/orgs/${orgId}/audit-events`)).body.events as Array<{ action: string; data: { pushedRows?: number } }>;
    expect(events.find((event) => event.action === 'wbr_deck.data_uploaded')?.data.pushedRows).toBe(8);
  });

  it('starts a deck without data from the pushed columns', async () => {
    const { client, orgId } = await signUpClient(context.app);
    const path = await deck(client, orgId);
    const rows = Array.from({ length: 14 }, (_, i) => ({ date: `2025-01-${String(1 + i).padStart(2, '0')}`, values: { late: 3, orders: 500 } }));
    const pushed = await client.post(`${path}/data/rows`, { rows });
    expect(pushed.status).toBe(200);
    expect(pushed.body.deck.data).toMatchObject({ fileName: 'pushed-rows.csv', firstDate: '2025-01-01', lastDate: '2025-01-14', rows: 14 });
  });

  it('refuses a bad push whole, naming the row, and keeps the data as it was; readers cannot push', async () => {
    const { client, orgId } = await signUpClient(context.app);
    const path = await deck(client, orgId);
    await client.request('PUT', `${path}/data?fileName=fulfilment.csv`, undefined, { rawBody: fulfilmentCsv('2025-01-04'), headers: { 'content-type': 'text/csv' } });
    const refused = async (body: unknown, field: string) => {
      const response = await client.post(`${path}/data/rows`, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.error, JSON.stringify(body)).toMatchObject({ code: 'validation_failed', field });
    };
    await refused({ rows: [] }, 'body.rows');
    await refused({ rows: [{ date: '2025-01-05', values: { late: 'ten' } }] }, 'body.rows.0.values.late');
    await refused({ rows: [{ date: '2025-01-05', values: { late: 1 } }, { date: '5 Jan', values: { late: 1 } }] }, 'body.rows.1.date');
    await refused({ rows: [{ date: '2025-01-05', values: { returns: 1 } }] }, 'body.rows.0.values.returns');
    await refused({ rows: [{ date: '0000-01-01', values: { late: 1 } }] }, 'body.rows.0.date');
    await refused({ rows: [{ date: '2025-01-05', values: { '=cmd': 1 } }] }, 'body.rows.0.values.=cmd');
    // Every pushed row writes all the data's columns: ten thousand empty days would outgrow the upload limit.
    const wide = await client.post(`${path}/data/rows`, { rows: Array.from({ length: 10_000 }, (_, i) => ({ date: new Date(Date.UTC(2025, 1, 1) + i * 86_400_000).toISOString().slice(0, 10), values: {} })) });
    expect(wide.status).toBe(413);
    expect(wide.body.error).toMatchObject({ code: 'payload_too_large', field: 'body.rows' });
    // An uploaded file dated in the year 0 is refused naming the file, not failed on.
    const yearZero = await client.request('PUT', `${path}/data?fileName=old.csv`, undefined, { rawBody: 'Date,late,orders\n01-Jan-0000,1,2\n2025-01-01,1,2\n', headers: { 'content-type': 'text/csv' } });
    expect(yearZero.status).toBe(400);
    expect(yearZero.body.error).toMatchObject({ code: 'invalid_data', file: 'old.csv' });
    // None of the refused pushes or files landed.
    expect((await client.get(path)).body.deck.data).toMatchObject({ lastDate: '2025-01-04', rows: 766 });
    const { client: recruiter } = await inviteClient(context.app, client, orgId, 'recruiter');
    expect((await recruiter.post(`${path}/data/rows`, { rows: [{ date: '2025-01-05', values: { late: 1 } }] })).status).toBe(403);
  });
});
