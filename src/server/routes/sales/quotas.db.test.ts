import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { addPerson, salesOrg } from '../../../../test/support/sales-fixture.js';
import { formatDay } from '../../../domain/dates.js';
import { inviteClient, signUpClient, useTestApp } from '../../../../test/support/test-app.js';

const context = useTestApp();

/**
 * Sales quotas over the API: admins set them, everyone with sales rights reads attainment and coverage; a quarter
 * that is over keeps its quotas; the sales deck of the business review draws the team quota as the bookings target.
 */

/** The calendar quarter of a UTC day: its label, first day and number of days. */
function quarterOf(date: Date): { label: string; firstDay: Date; days: number } {
  const year = date.getUTCFullYear();
  const index = Math.floor(date.getUTCMonth() / 3);
  const firstDay = new Date(Date.UTC(year, index * 3, 1));
  const next = new Date(Date.UTC(year, index * 3 + 3, 1));
  return { label: `${year}-Q${index + 1}`, firstDay, days: Math.round((next.getTime() - firstDay.getTime()) / 86_400_000) };
}

const today = new Date();
const todayText = today.toISOString().slice(0, 10);
const current = quarterOf(today);
const next = quarterOf(new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() + 3, 1)));
const previous = quarterOf(new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - 3, 1)));

/** A deal won today (without walking the gates: quotas read the stage and its day) owned by `owner`. */
async function wonToday(orgId: string, owner: string, name: string, amount: number): Promise<void> {
  await context.database.db.insertInto('opportunities').values({
    org_id: orgId, account_name: 'Harbor Foods', name, owner_person_id: owner, stage: 'won', amount, stage_changed_at: sql<Date>`now()`,
  }).execute();
}

describe('sales quotas', () => {
  it('lets an admin set each seller\'s quota and measures attainment and pipeline coverage, audited', async () => {
    const { client, orgId, kofi, dana } = await salesOrg(context.app);
    await wonToday(orgId, kofi, 'Cold chain', 60000);
    await wonToday(orgId, dana, 'Night shift', 15000);
    // An open deal expected to close today: pipeline of this quarter (the fixture's own deal closes in 2027-03).
    const open = await client.post(`/orgs/${orgId}/opportunities`, { accountName: 'Acme Grocers', name: 'Returns robots', ownerPersonId: dana, amount: 90000, closeDate: todayText });
    expect(open.status).toBe(201);

    const setKofi = await client.put(`/orgs/${orgId}/quotas/${current.label}/${kofi}`, { amount: 200000 });
    expect(setKofi.status).toBe(200);
    const setDana = await client.put(`/orgs/${orgId}/quotas/${current.label}/${dana}`, { amount: 100000 });
    expect(setDana.body.quotas).toMatchObject({
      quarter: current.label, isClosed: false, teamQuota: 300000, bookings: 75000, attainment: 0.25, remaining: 225000, pipeline: 90000, coverage: 0.4,
    });
    const bySeller = Object.fromEntries((setDana.body.quotas.sellers as Array<{ seller: { name: string }; quota: number; bookings: number; attainment: number }>).map((row) => [row.seller.name, row]));
    expect(bySeller['Kofi Mensah']).toMatchObject({ quota: 200000, bookings: 60000, attainment: 0.3, pipeline: expect.any(Number) });
    expect(bySeller['Dana Whitfield']).toMatchObject({ quota: 100000, bookings: 15000, attainment: 0.15, pipeline: 90000 });

    // Read back, by default for the quarter today falls in; a changed quota replaces the old one.
    expect((await client.put(`/orgs/${orgId}/quotas/${current.label}/${kofi}`, { amount: 250000 })).body.quotas.teamQuota).toBe(350000);
    const read = await client.get(`/orgs/${orgId}/quotas`);
    expect(read.status).toBe(200);
    expect(read.body.quotas).toMatchObject({ quarter: current.label, teamQuota: 350000 });
    expect((await client.get(`/orgs/${orgId}/quotas?quarter=${next.label}`)).body.quotas).toMatchObject({ quarter: next.label, teamQuota: null, attainment: null, coverage: null, bookings: 0 });

    const events = (await client.get(`/orgs/${orgId}/audit-events`)).body.events as Array<{ action: string; subjectId: string; data: Record<string, unknown> }>;
    const quotaEvents = events.filter((event) => event.action === 'sales_quota.set' && event.subjectId === kofi);
    expect(quotaEvents.map((event) => [event.data.amount, event.data.previousAmount])).toEqual(expect.arrayContaining([[200000, null], [250000, 200000]]));

    // Removing a quota takes it out of the team's; removing it again finds none.
    const removed = await client.delete(`/orgs/${orgId}/quotas/${current.label}/${dana}`);
    expect(removed.status).toBe(200);
    expect(removed.body.quotas.teamQuota).toBe(250000);
    expect((await client.delete(`/orgs/${orgId}/quotas/${current.label}/${dana}`)).status).toBe(404);
  });

  it('is set by admins only: a member reads it but cannot set or remove one; a recruiter sees nothing', async () => {
    const { client, orgId, kofi } = await salesOrg(context.app);
    const { client: member } = await inviteClient(context.app, client, orgId, 'member');
    const refused = await member.put(`/orgs/${orgId}/quotas/${current.label}/${kofi}`, { amount: 1 });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('forbidden');
    expect((await member.get(`/orgs/${orgId}/quotas`)).status).toBe(200);
    expect((await client.put(`/orgs/${orgId}/quotas/${current.label}/${kofi}`, { amount: 5000 })).status).toBe(200);
    expect((await member.delete(`/orgs/${orgId}/quotas/${current.label}/${kofi}`)).status).toBe(403);
    const { client: recruiter } = await inviteClient(context.app, client, orgId, 'recruiter');
    expect((await recruiter.get(`/orgs/${orgId}/quotas`)).status).toBe(403);
    expect((await client.get(`/orgs/${orgId}/quotas`)).body.quotas.teamQuota).toBe(5000);
  });

  it('keeps a past quarter\'s quotas as they were (rule sales.quota_closed) and refuses bad input naming the field', async () => {
    const { client, orgId, kofi } = await salesOrg(context.app);
    const closed = await client.put(`/orgs/${orgId}/quotas/${previous.label}/${kofi}`, { amount: 100000 });
    expect(closed.status).toBe(422);
    expect(closed.body.error).toMatchObject({ code: 'rule_violation', rule: 'sales.quota_closed', field: 'param.quarter' });
    const previousLastDay = new Date(previous.firstDay.getTime() + (previous.days - 1) * 86_400_000);
    expect(closed.body.error.message).toBe(`${previous.label} is over (it ended on ${formatDay(previousLastDay)}); its quotas are kept as they were.`);
    expect((await client.delete(`/orgs/${orgId}/quotas/${previous.label}/${kofi}`)).body.error.rule).toBe('sales.quota_closed');
    expect((await client.get(`/orgs/${orgId}/quotas?quarter=${previous.label}`)).body.quotas).toMatchObject({ isClosed: true, teamQuota: null, coverage: null });

    const bad = async (path: string, body: unknown, field: string) => {
      const response = await client.put(`/orgs/${orgId}/quotas/${path}`, body);
      expect(response.status, path).toBe(400);
      expect(response.body.error, path).toMatchObject({ code: 'validation_failed', field });
    };
    await bad(`2026-Q5/${kofi}`, { amount: 1 }, 'param.quarter');
    await bad(`1999-Q1/${kofi}`, { amount: 1 }, 'param.quarter');
    // Written as a quarter, but of a year Pulse keeps none for: the refusal says so.
    expect((await client.put(`/orgs/${orgId}/quotas/1999-Q1/${kofi}`, { amount: 1 })).body.error.message).toBe('quarter must be a quarter of a year from 2000 to 2099, not "1999-Q1".');
    expect((await client.get(`/orgs/${orgId}/quotas?quarter=2100-Q1`)).body.error).toMatchObject({ field: 'query.quarter', message: 'quarter must be a quarter of a year from 2000 to 2099, not "2100-Q1".' });
    await bad(`${current.label}/${kofi}`, { amount: 0 }, 'body.amount');
    await bad(`${current.label}/${kofi}`, { amount: 0.004 }, 'body.amount'); // less than a cent: no quota at all
    // A fraction of a cent is refused, as in a deal's amount, not rounded away.
    const fraction = await client.put(`/orgs/${orgId}/quotas/${current.label}/${kofi}`, { amount: 250000.004 });
    expect(fraction.body.error).toMatchObject({ field: 'body.amount', message: 'body.amount: must be to the cent (at most 2 decimals)' });
    await bad(`${current.label}/${kofi}`, { amount: '100' }, 'body.amount');
    await bad(`${current.label}/${kofi}`, { amount: 100, currency: 'EUR' }, 'body');
    await bad(`${current.label}/not-a-person`, { amount: 100 }, 'param.personId');
    expect((await client.get(`/orgs/${orgId}/quotas?quarter=next`)).body.error).toMatchObject({ code: 'validation_failed', field: 'query.quarter' });

    // A seller who left the company, or a person of another org, gets no quota.
    const leaver = await addPerson(client, orgId, 'Lee Park');
    expect((await client.post(`/orgs/${orgId}/people/${leaver}/departure`, { leftOn: todayText })).status).toBe(200);
    await bad(`${current.label}/${leaver}`, { amount: 100 }, 'param.personId');
    const other = await signUpClient(context.app);
    const stranger = await addPerson(other.client, other.orgId, 'Sam Okoro');
    await bad(`${current.label}/${stranger}`, { amount: 100 }, 'param.personId');
    expect((await client.get(`/orgs/${orgId}/quotas`)).body.quotas.teamQuota).toBeNull();
  });

  it('feeds the sales deck of the business review: its bookings chart draws the team quota as the target', async () => {
    const { client, orgId, kofi, dana } = await salesOrg(context.app);
    expect((await client.put(`/orgs/${orgId}/quotas/${current.label}/${kofi}`, { amount: 600000 })).status).toBe(200);
    expect((await client.put(`/orgs/${orgId}/quotas/${current.label}/${dana}`, { amount: 300000 })).status).toBe(200);
    // Last quarter's quota is history the API no longer changes; it is written here as it would have been then.
    await context.database.db.insertInto('sales_quotas').values({ org_id: orgId, person_id: kofi, quarter_start: previous.firstDay.toISOString().slice(0, 10), amount: 455000 }).execute();

    const deck = (await client.post(`/orgs/${orgId}/wbr/decks/from-sales`, { name: 'Sales pipeline' })).body.deck;
    const published = await client.post(`/orgs/${orgId}/wbr/decks/${deck.id}/snapshots`, {});
    expect(published.status).toBe(201);
    const json = await client.get(`/orgs/${orgId}/wbr/decks/${deck.id}/snapshots/${published.body.snapshot.id}/export?format=json`);
    const built = typeof json.body === 'string' ? JSON.parse(json.body) : json.body;
    const bookings = built.blocks.find((block: { title?: string }) => block.title === 'Bookings');
    const target = bookings.yAxis.find((line: { lineStyle: string }) => line.lineStyle === 'target');
    expect(target.legendName).toBe('Quota');
    // The published week's target: each of its seven days' share of its quarter's team quota.
    const weekEnd = new Date(`${published.body.snapshot.weekEnding}T00:00:00Z`);
    let expected = 0;
    for (let back = 0; back < 7; back += 1) {
      const day = new Date(weekEnd.getTime() - back * 86_400_000);
      const quarter = quarterOf(day);
      const teamQuota = quarter.label === current.label ? 900000 : quarter.label === previous.label ? 455000 : Number.NaN;
      expected += teamQuota / quarter.days;
    }
    expect(target.Target.current[0].primaryAxis[5]).toBeCloseTo(expected, 6);
  });
});
