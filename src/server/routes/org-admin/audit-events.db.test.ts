import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { AuditCsvEvent } from '../../../domain/audit/audit-filters.js';
import { parseCsvRecords } from '../../../domain/people/people-csv.js';
import { recordAuditEvent } from '../../../services/audit/audit.service.js';
import { ApiClient, inviteClient, signUpClient, useTestApp } from '../../../../test/support/test-app.js';

const context = useTestApp();

/** An event as the log's API answers it: what the CSV writes, and its id. */
type Event = AuditCsvEvent & { id: number };

/**
 * An org with a known log: the admin signs up and invites a second admin, who joins; the admin writes two
 * principles signed in and one with an API token; the second admin edits one of them.
 */
async function orgWithHistory() {
  const { client: admin, orgId, userId: adminId } = await signUpClient(context.app, { name: 'Ada Admin' });
  const colleague = await inviteClient(context.app, admin, orgId, 'admin');
  const token = (await admin.post(`/orgs/${orgId}/api-tokens`, { name: '=nightly import' })).body;
  const script = new ApiClient(context.app);
  script.bearer = token.token;
  const created = async (client: ApiClient, title: string) => {
    const response = await client.post(`/orgs/${orgId}/principles`, { title, summary: `${title}, in a sentence.` });
    expect(response.status).toBe(201);
    return response.body.principle.id as string;
  };
  const first = await created(admin, 'First by hand');
  await created(admin, 'Second by hand');
  const scripted = await created(script, 'From the script');
  expect((await colleague.client.patch(`/orgs/${orgId}/principles/${first}`, { title: 'First, edited', summary: 'Edited by the colleague.', expectedVersion: 1 })).status).toBe(200);
  return { admin, orgId, adminId, colleague, tokenId: token.apiToken.id as string, principles: { first, scripted } };
}

const eventsOf = async (client: ApiClient, orgId: string, query: string): Promise<Event[]> => {
  const response = await client.get<{ events: Event[] }>(`/orgs/${orgId}/audit-events?${query}`);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body.events;
};
const actionsOf = (events: Event[]) => events.map((event) => event.action);

describe('filtering the audit log', () => {
  it('by action: one, several (repeated or comma-separated), and a whole family', async () => {
    const { admin, orgId } = await orgWithHistory();
    expect(actionsOf(await eventsOf(admin, orgId, 'action=principle.created'))).toEqual(['principle.created', 'principle.created', 'principle.created']);
    const several = ['principle.edited', 'api_token.created'];
    expect(actionsOf(await eventsOf(admin, orgId, 'action=principle.edited&action=api_token.created'))).toEqual(several);
    expect(actionsOf(await eventsOf(admin, orgId, 'action=principle.edited,api_token.created'))).toEqual(several);
    expect(actionsOf(await eventsOf(admin, orgId, 'action=member.*'))).toEqual(['member.joined', 'member.invited']);
    // Unfiltered, the log holds more than any of these.
    expect(new Set(actionsOf(await eventsOf(admin, orgId, '')))).toEqual(new Set(['org.created', 'member.invited', 'member.joined', 'api_token.created', 'principle.created', 'principle.edited']));
  });

  it('by actor, subject, and the token used (that token, any token, or none)', async () => {
    const { admin, orgId, colleague, tokenId, principles } = await orgWithHistory();
    const byColleague = await eventsOf(admin, orgId, `actor=${colleague.userId}`);
    expect(actionsOf(byColleague)).toEqual(['principle.edited', 'member.joined']);
    expect(byColleague.every((event) => event.actor?.id === colleague.userId)).toBe(true);

    expect(actionsOf(await eventsOf(admin, orgId, `subjectType=principle&subjectId=${principles.first}`))).toEqual(['principle.edited', 'principle.created']);
    expect(actionsOf(await eventsOf(admin, orgId, 'subjectType=api_token'))).toEqual(['api_token.created']);
    expect(await eventsOf(admin, orgId, 'subjectType=metric')).toEqual([]);

    const byToken = await eventsOf(admin, orgId, `via=${tokenId}`);
    expect(byToken.map((event) => [event.action, event.subjectId, event.via?.tokenName])).toEqual([['principle.created', principles.scripted, '=nightly import']]);
    expect(await eventsOf(admin, orgId, 'via=any')).toEqual(byToken);
    const withoutToken = await eventsOf(admin, orgId, 'via=none');
    expect(withoutToken.length).toBe((await eventsOf(admin, orgId, '')).length - 1);
    expect(withoutToken.every((event) => event.via === null)).toBe(true);
  });

  it('by period: from and to as days (whole UTC days) or instants', async () => {
    const { admin, orgId } = await orgWithHistory();
    const all = await eventsOf(admin, orgId, '');
    // The log is written as things happen; this org's history is spread over three days of November to test periods.
    const dated = (event: Event, at: string) => sql`update audit_events set created_at = ${at}::timestamptz where id = ${event.id}`.execute(context.database.db);
    const [newest, second, third, ...older] = all;
    await dated(newest!, '2026-11-20T23:59:59.999Z');
    await dated(second!, '2026-11-20T00:00:00Z');
    await dated(third!, '2026-11-19T12:00:00Z');
    for (const event of older) await dated(event, '2026-11-01T08:00:00Z');
    const ids = (events: Event[]) => events.map((event) => event.id);

    expect(ids(await eventsOf(admin, orgId, 'from=2026-11-20&to=2026-11-20'))).toEqual([newest!.id, second!.id]);
    expect(ids(await eventsOf(admin, orgId, 'from=2026-11-19'))).toEqual([newest!.id, second!.id, third!.id]);
    expect(ids(await eventsOf(admin, orgId, 'to=2026-11-19'))).toEqual(ids([third!, ...older]));
    expect(ids(await eventsOf(admin, orgId, `from=${encodeURIComponent('2026-11-20T01:00:00+01:00')}&to=${encodeURIComponent('2026-11-20T12:00:00Z')}`))).toEqual([second!.id]);
    // An instant `to` includes that instant.
    expect(ids(await eventsOf(admin, orgId, 'from=2026-11-20T12:00:00Z&to=2026-11-20T23:59:59.999Z'))).toEqual([newest!.id]);
    expect(await eventsOf(admin, orgId, 'from=2026-11-21')).toEqual([]);
  });

  it('pages through a filtered log with before, keeping the filters', async () => {
    const { admin, orgId, adminId, colleague } = await orgWithHistory();
    const [principle] = (await admin.get(`/orgs/${orgId}/principles`)).body.principles as Array<{ id: string }>;
    // Seven edits by the admin, interleaved with edits by the colleague that the filter must leave out.
    for (let version = 1; version <= 14; version += 1) {
      const editor = version % 2 === 1 ? admin : colleague.client;
      expect((await editor.patch(`/orgs/${orgId}/principles/${principle!.id}`, { title: `Edit ${version}`, summary: 'Again.', expectedVersion: version })).status).toBe(200);
    }
    const filter = `action=principle.edited&actor=${adminId}&subjectId=${principle!.id}&limit=3`;
    const pages: Event[][] = [];
    let before = '';
    for (;;) {
      const page = await eventsOf(admin, orgId, `${filter}${before}`);
      if (page.length === 0) break;
      pages.push(page);
      before = `&before=${page[page.length - 1]!.id}`;
    }
    expect(pages.map((page) => page.length)).toEqual([3, 3, 1]);
    const titles = pages.flat().map((event) => (event.data.after as { title: string } | undefined)?.title ?? event.data.title);
    expect(titles).toEqual(['Edit 13', 'Edit 11', 'Edit 9', 'Edit 7', 'Edit 5', 'Edit 3', 'Edit 1']);
    expect(pages.flat().every((event) => event.actor?.id === adminId && event.action === 'principle.edited')).toBe(true);
  });
});

describe('refused filters', () => {
  it('names the field and what is allowed, on the log and on its export alike', async () => {
    const { client: admin, orgId } = await signUpClient(context.app);
    const cases: Array<[string, string, RegExp]> = [
      ['action=member.deleted', 'query.action', /^query\.action: "member\.deleted" is not an audit action: .*member\.\*, api_token\.\*/],
      ['action=principle.created,nonsense', 'query.action', /^query\.action: "nonsense" is not an audit action/],
      ['action=member.', 'query.action', /"member\." is not an audit action/],
      ['from=yesterday', 'query.from', /^query\.from: must be a date like 2026-11-01 \(a UTC day\) or a date and time like/],
      ['to=2026-02-30', 'query.to', /^query\.to: must be a date like/],
      ['from=2026-11-20&to=2026-11-19', 'query.from', /^query\.from: must not be after to \(2026-11-20 is after 2026-11-19\)$/],
      ['from=2026-11-20T10:00:00Z&to=2026-11-20T09:00:00Z', 'query.from', /must not be after to/],
      ['via=someone', 'query.via', /^query\.via: must be an API token id, any .* or none/],
      ['actor=ada', 'query.actor', /^query\.actor: must be a UUID/],
      ['subjectType=Metric;drop', 'query.subjectType', /^query\.subjectType: must be a subject type/],
    ];
    for (const path of [`/orgs/${orgId}/audit-events`, `/orgs/${orgId}/audit-events/export`]) {
      for (const [query, field, message] of cases) {
        const response = await admin.get(`${path}?${query}`);
        expect(response.status, `${path}?${query}`).toBe(400);
        expect(response.body.error.code).toBe('validation_failed');
        expect(response.body.error.field, query).toBe(field);
        expect(response.body.error.message, query).toMatch(message);
      }
    }
    expect((await admin.get(`/orgs/${orgId}/audit-events/export?format=xlsx`)).body.error).toMatchObject({ field: 'query.format', message: 'query.format: must be "csv"' });
    // The same day as from and to is one whole day, not a backwards period.
    expect((await admin.get(`/orgs/${orgId}/audit-events?from=2026-11-20&to=2026-11-20`)).status).toBe(200);
    expect(context.logs.filter((line) => line.includes('unexpected'))).toEqual([]);
  });

  it('refuses the log and its export to a member without audit.read', async () => {
    const { client: admin, orgId } = await signUpClient(context.app);
    const { client: member } = await inviteClient(context.app, admin, orgId, 'member');
    for (const path of [`/orgs/${orgId}/audit-events?action=member.*`, `/orgs/${orgId}/audit-events/export`, `/orgs/${orgId}/audit-events/export?action=member.*`]) {
      const response = await member.get(path);
      expect(response.status, path).toBe(403);
      expect(response.body.error.code).toBe('forbidden');
      expect(response.headers.get('content-type')).toContain('application/json');
    }
    // Someone outside the org learns nothing about it.
    const { client: stranger } = await signUpClient(context.app);
    expect((await stranger.get(`/orgs/${orgId}/audit-events/export`)).status).toBe(404);
  });
});

describe('the audit log in the OpenAPI document', () => {
  it('documents the filters on the log and its export, and the CSV answer', async () => {
    const document = (await new ApiClient(context.app).get('/openapi.json')).body;
    const list = document.paths['/api/v1/orgs/{orgId}/audit-events'].get;
    const exported = document.paths['/api/v1/orgs/{orgId}/audit-events/export'].get;
    const filters = ['action', 'actor', 'subjectType', 'subjectId', 'via', 'from', 'to'];
    const queryNames = (operation: { parameters: Array<{ in: string; name: string }> }) => operation.parameters.filter((parameter) => parameter.in === 'query').map((parameter) => parameter.name);
    expect(queryNames(list).sort()).toEqual([...filters, 'limit', 'before'].sort());
    expect(queryNames(exported).sort()).toEqual([...filters, 'format'].sort());
    const action = list.parameters.find((parameter: { name: string }) => parameter.name === 'action');
    expect(action.description).toContain('`member.*`');
    expect(action.description).toContain('`metric.updated`');
    expect(Object.keys(exported.responses['200'].content)).toEqual(['text/csv']);
  });
});

describe('exporting the audit log as CSV', () => {
  it('downloads the filtered events newest first, with named columns, details as JSON and formulas neutralised', async () => {
    const { admin, orgId, adminId, tokenId, principles } = await orgWithHistory();
    const response = await admin.get<string>(`/orgs/${orgId}/audit-events/export?format=csv&action=principle.*`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="audit-log-\d{4}-\d{2}-\d{2}\.csv"$/);
    const [header, ...rows] = parseCsvRecords(response.body).map((record) => record.fields);
    expect(header).toEqual(['time', 'actor_name', 'actor_id', 'via_token_name', 'action', 'subject_type', 'subject_id', 'details']);
    const listed = await eventsOf(admin, orgId, 'action=principle.*');
    expect(rows.map((row) => row[0])).toEqual(listed.map((event) => event.createdAt));
    expect(rows.map((row) => row[4])).toEqual(['principle.edited', 'principle.created', 'principle.created', 'principle.created']);
    const scripted = rows.find((row) => row[6] === principles.scripted)!;
    // The token's name starts with "=": a spreadsheet would run it, so it is written as text.
    expect(scripted.slice(1, 6)).toEqual(['Ada Admin', adminId, "'=nightly import", 'principle.created', 'principle']);
    expect(JSON.parse(scripted[7]!)).toMatchObject({ title: 'From the script' });
    expect(rows.every((row) => !Number.isNaN(Date.parse(row[0]!)) && row[0]!.endsWith('Z'))).toBe(true);
    // Only the token's own events, when asked.
    const viaToken = parseCsvRecords((await admin.get<string>(`/orgs/${orgId}/audit-events/export?via=${tokenId}`)).body);
    expect(viaToken.map((record) => record.fields[6])).toEqual(['subject_id', principles.scripted]);
  });

  it('exports a log longer than one read of the database whole, in order, each event once', async () => {
    const { client: admin, orgId, userId } = await signUpClient(context.app);
    const many = Array.from({ length: 1234 }, (_, index) => ({ org_id: orgId, actor_user_id: userId, action: 'person.updated', subject_type: 'person', subject_id: `p-${index}`, data: JSON.stringify({ index }) }));
    await context.database.db.insertInto('audit_events').values(many).execute();
    const [header, ...rows] = parseCsvRecords((await admin.get<string>(`/orgs/${orgId}/audit-events/export?action=person.updated`)).body).map((record) => record.fields);
    expect(header![0]).toBe('time');
    expect(rows.map((row) => row[6])).toEqual(many.map((event) => event.subject_id).reverse());
    // An empty result is the header alone.
    expect((await admin.get<string>(`/orgs/${orgId}/audit-events/export?action=metric.*`)).body).toBe('time,actor_name,actor_id,via_token_name,action,subject_type,subject_id,details\n');
  });
});

describe('paging by time', () => {
  /**
   * Events written straight into the log at the given times, in the order given (so ids rise down the list):
   * an imported org's events get new ids in the file's order, and events of one transaction share one time.
   */
  async function eventsAt(orgId: string, userId: string, times: readonly string[]): Promise<Array<{ id: number; at: string }>> {
    const rows = await context.database.db
      .insertInto('audit_events')
      .values(times.map((at, index) => ({ org_id: orgId, actor_user_id: userId, action: 'person.updated', subject_type: 'person', subject_id: `p-${index}`, data: JSON.stringify({ index }), created_at: at })))
      .returning(['id', 'created_at'])
      .execute();
    return rows.map((row) => ({ id: Number(row.id), at: new Date(row.created_at).toISOString() }));
  }

  /** The log's order: newest first, and among events of one moment the larger id first. */
  const newestFirst = (events: ReadonlyArray<{ id: number; at: string }>) => [...events].sort((a, b) => b.at.localeCompare(a.at) || b.id - a.id).map((event) => event.id);

  async function allPages(client: ApiClient, orgId: string, query: string): Promise<Event[][]> {
    const pages: Event[][] = [];
    for (let before = ''; ;) {
      const page = await eventsOf(client, orgId, `${query}${before}`);
      if (page.length === 0) return pages;
      pages.push(page);
      before = `&before=${page[page.length - 1]!.id}`;
    }
  }

  it('loses and repeats nothing when events of one moment straddle a page boundary, and follows time, not ids', async () => {
    const { client: admin, orgId, userId } = await signUpClient(context.app);
    // Five events of one moment, and ids that run against time: the last written is the oldest.
    const written = await eventsAt(orgId, userId, [
      '2026-10-01T10:00:00.000Z',
      '2026-10-03T09:00:00.000Z',
      '2026-10-02T12:00:00.000Z',
      '2026-10-02T12:00:00.000Z',
      '2026-10-02T12:00:00.000Z',
      '2026-10-02T12:00:00.000Z',
      '2026-10-02T12:00:00.000Z',
      '2026-09-30T08:00:00.000Z',
    ]);
    const pages = await allPages(admin, orgId, 'action=person.updated&limit=3');
    expect(pages.map((page) => page.length)).toEqual([3, 3, 2]);
    // The page boundaries fall inside the five events of 12:00: each is on exactly one page.
    expect(pages.flat().map((event) => event.id)).toEqual(newestFirst(written));
    expect(pages[0]!.map((event) => event.createdAt)).toEqual(['2026-10-03T09:00:00.000Z', '2026-10-02T12:00:00.000Z', '2026-10-02T12:00:00.000Z']);
    // An event older by time but newer by id comes after the older ids: the log follows time.
    expect(pages.flat().slice(-2).map((event) => event.createdAt)).toEqual(['2026-10-01T10:00:00.000Z', '2026-09-30T08:00:00.000Z']);
  });

  it('pages through a period long past, leaving out what came before and after it', async () => {
    const { client: admin, orgId, userId } = await signUpClient(context.app);
    const before = await eventsAt(orgId, userId, ['2025-02-28T23:59:59.999Z']);
    const inPeriod = await eventsAt(orgId, userId, ['2025-03-01T00:00:00.000Z', '2025-03-10T10:00:00.000Z', '2025-03-10T10:00:00.000Z', '2025-03-10T10:00:00.000Z', '2025-03-20T15:30:00.000Z', '2025-03-31T23:59:59.999Z', '2025-03-05T06:00:00.000Z']);
    const after = await eventsAt(orgId, userId, ['2025-04-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z']);
    const pages = await allPages(admin, orgId, 'from=2025-03-01&to=2025-03-31&limit=2');
    expect(pages.map((page) => page.length)).toEqual([2, 2, 2, 1]);
    expect(pages.flat().map((event) => event.id)).toEqual(newestFirst(inPeriod));
    const outside = new Set([...before, ...after].map((event) => event.id));
    expect(pages.flat().some((event) => outside.has(event.id))).toBe(false);
    // The same period with another filter kept while paging: only this org's own sign-up events are left out.
    expect((await allPages(admin, orgId, 'from=2025-03-01&to=2025-03-31&action=person.*&limit=3')).flat().map((event) => event.id)).toEqual(newestFirst(inPeriod));
  });

  it('exports a period, in time order, across reads of the database, each event once', async () => {
    const { client: admin, orgId, userId } = await signUpClient(context.app);
    // 1,200 events in March 2025, 120 to each moment, so reads of the database (500 at a time) end inside
    // a moment; written newest day first, so ids run against time; and events on either side of the period.
    const times = Array.from({ length: 1200 }, (_, index) => `2025-03-${String(12 - Math.floor(index / 120)).padStart(2, '0')}T12:00:00.000Z`);
    const inPeriod = await eventsAt(orgId, userId, times);
    await eventsAt(orgId, userId, ['2025-02-28T23:59:59.999Z', '2025-03-13T00:00:00.000Z', '2026-11-01T00:00:00.000Z']);
    const response = await admin.get<string>(`/orgs/${orgId}/audit-events/export?from=2025-03-01&to=2025-03-12`);
    expect(response.status).toBe(200);
    const [, ...rows] = parseCsvRecords(response.body).map((record) => record.fields);
    const expected = newestFirst(inPeriod);
    const subjectOf = new Map(inPeriod.map((event, index) => [event.id, `p-${index}`]));
    expect(rows.map((row) => row[6])).toEqual(expected.map((id) => subjectOf.get(id)));
    expect(new Set(rows.map((row) => row[0]))).toEqual(new Set(times));
  });

  it('refuses a before that is no event of the org, naming the field', async () => {
    const { client: admin, orgId } = await signUpClient(context.app);
    const { client: otherAdmin, orgId: otherOrgId } = await signUpClient(context.app);
    const [otherEvent] = await eventsOf(otherAdmin, otherOrgId, '');
    const [ownEvent] = await eventsOf(admin, orgId, '');
    for (const before of [otherEvent!.id, 2_000_000_000]) {
      const response = await admin.get(`/orgs/${orgId}/audit-events?before=${before}`);
      expect(response.status, String(before)).toBe(400);
      expect(response.body.error).toMatchObject({ code: 'validation_failed', field: 'query.before' });
      expect(response.body.error.message).toMatch(/^query\.before: must be the id of an event in this org's audit log/);
    }
    // The org's own oldest event is a cursor with nothing after it: an empty page, not a refusal.
    expect(await eventsOf(admin, orgId, `before=${ownEvent!.id}`)).toEqual([]);
    expect((await admin.get(`/orgs/${orgId}/audit-events?before=0`)).body.error.field).toBe('query.before');
  });
});

describe('who acted', () => {
  it('lists everyone who acted, former members included, and their events are still found by them', async () => {
    const { admin, orgId, adminId, colleague } = await orgWithHistory();
    const { client: member, userId: memberId } = await inviteClient(context.app, admin, orgId, 'member');
    expect((await admin.delete(`/orgs/${orgId}/members/${colleague.userId}`)).status).toBe(200);

    const response = await admin.get<{ actors: Array<{ userId: string; name: string; email: string; isMember: boolean }> }>(`/orgs/${orgId}/audit-events/actors`);
    expect(response.status).toBe(200);
    expect(response.body.actors).toEqual([
      { userId: colleague.userId, name: 'A admin', email: colleague.email, isMember: false },
      { userId: memberId, name: 'A member', email: expect.stringMatching(/^member-/), isMember: true },
      { userId: adminId, name: 'Ada Admin', email: expect.any(String), isMember: true },
    ]);
    // The former member's events are there to find, by the id the list gives.
    expect(actionsOf(await eventsOf(admin, orgId, `actor=${colleague.userId}`))).toEqual(['principle.edited', 'member.joined']);

    // Someone who has done nothing in the log is not listed: the list is of actors, not of members.
    const { client: stranger } = await signUpClient(context.app);
    expect((await stranger.get(`/orgs/${orgId}/audit-events/actors`)).status).toBe(404);
    const refused = await member.get(`/orgs/${orgId}/audit-events/actors`);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('forbidden');
  });

  it('is empty of events by Pulse itself, and lists one person once however often they acted', async () => {
    const { client: admin, orgId, userId } = await signUpClient(context.app);
    await context.database.db.insertInto('audit_events').values([
      { org_id: orgId, actor_user_id: null, action: 'person.updated', subject_type: 'person', subject_id: 'p', data: '{}' },
      ...Array.from({ length: 30 }, () => ({ org_id: orgId, actor_user_id: userId, action: 'person.updated', subject_type: 'person', subject_id: 'p', data: '{}' })),
    ]).execute();
    expect((await admin.get(`/orgs/${orgId}/audit-events/actors`)).body.actors.map((actor: { userId: string }) => actor.userId)).toEqual([userId]);
  });

  it('lists a change that waited for another\'s lock after it, though its transaction began first', async () => {
    const { client: admin, orgId, userId } = await signUpClient(context.app);
    const entry = (action: 'person.updated' | 'team.updated') => ({ orgId, actorUserId: userId, action, subjectType: 'person', subjectId: 'p' });
    // The waiting change's transaction begins (the database's now() is fixed at its start), another change lands
    // meanwhile, then the waiting one writes its event: the log lists it as the later of the two.
    await context.database.db.transaction().execute(async (waiting) => {
      await sql`select 1`.execute(waiting);
      await recordAuditEvent(context.database.db, entry('person.updated'));
      await recordAuditEvent(waiting, entry('team.updated'));
    });
    expect(actionsOf(await eventsOf(admin, orgId, 'action=person.updated,team.updated'))).toEqual(['team.updated', 'person.updated']);
  });
});
