import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { ApiClient, inviteClient, signUpClient, useTestApp } from '../../../../test/support/test-app.js';
import { readPdf } from '../../../../test/support/pdf-reader.js';

const context = useTestApp();
const PRFAQ = 'writing-a-prfaq';

/** An org with its admin, and a member and a recruiter who have joined it. */
async function libraryOrg() {
  const admin = await signUpClient(context.app);
  const member = await inviteClient(context.app, admin.client, admin.orgId, 'member');
  const recruiter = await inviteClient(context.app, admin.client, admin.orgId, 'recruiter');
  return { orgId: admin.orgId, admin: admin.client, adminUserId: admin.userId, member: member.client, recruiter: recruiter.client };
}

const summaryOf = async (client: ApiClient, orgId: string, slug: string) => (await client.get(`/orgs/${orgId}/playbooks`)).body.playbooks.find((playbook: { slug: string }) => playbook.slug === slug);

describe('the playbook library', () => {
  it('lists every playbook with its counts, and filters by mechanism and by words', async () => {
    const { orgId, recruiter } = await libraryOrg();
    const all = await recruiter.get(`/orgs/${orgId}/playbooks`);
    expect(all.status).toBe(200);
    expect(all.body.playbooks.map((playbook: { slug: string }) => playbook.slug)).toEqual(['writing-a-prfaq', 'six-page-memo', 'leadership-principles', 'bar-raiser-hiring', 'single-threaded-leadership', 'weekly-business-review', 'initiative-pipeline', 'sales-discovery']);
    expect(all.body.playbooks[0]).toEqual({
      slug: PRFAQ,
      title: 'Writing a PR/FAQ',
      summary: expect.stringMatching(/^Start a new product from the announcement/),
      mechanism: 'working-backwards',
      wordCount: expect.any(Number),
      readMinutes: expect.any(Number),
      views: 0,
      helpful: { yes: 0, no: 0 },
    });
    const slugs = async (query: string) => (await recruiter.get(`/orgs/${orgId}/playbooks${query}`)).body.playbooks.map((playbook: { slug: string }) => playbook.slug);
    expect(await slugs('?mechanism=bar-raiser')).toEqual(['bar-raiser-hiring']);
    expect(await slugs('?q=single%20thread')).toEqual(['single-threaded-leadership']);
    expect(await slugs('?q=memo&mechanism=working-backwards')).toEqual([]);
  });

  it('reads one playbook with safe HTML, diagrams, related playbooks and "Apply this"', async () => {
    const { orgId, admin } = await libraryOrg();
    const response = await admin.get(`/orgs/${orgId}/playbooks/${PRFAQ}`);
    expect(response.status).toBe(200);
    const { playbook } = response.body;
    expect(playbook).toMatchObject({ slug: PRFAQ, mechanism: 'working-backwards', tool: 'prfaq', views: 1, helpful: { yes: 0, no: 0, mine: null } });
    expect(playbook.html).toContain('<h2>Why start with the announcement</h2>');
    expect(playbook.html).toContain('data-diagram="1"');
    expect(playbook.html).not.toContain('<pre');
    expect(playbook.diagrams[0]).toMatchObject({ number: 1, title: 'From customer problem to a compelling PR/FAQ', source: expect.stringMatching(/^flowchart TD\n/) });
    expect(playbook.diagrams[0].steps[0]).toBe('Name one customer and their problem → Draft the press release');
    expect(playbook.related.map((related: { slug: string }) => related.slug)).toEqual(['six-page-memo', 'initiative-pipeline', 'leadership-principles']);
    expect(playbook.related[0]).toEqual({ slug: 'six-page-memo', title: 'The six-page memo and the silent reading meeting', summary: expect.any(String), readMinutes: expect.any(Number) });
    expect(playbook.apply).toEqual({ tool: 'prfaq', label: 'Start a PR/FAQ', href: `/o/${orgId}/documents?new=prfaq`, isAllowed: true, refusal: null });
  });

  it('lets every role read; "Apply this" says when the reader\'s role cannot use the tool', async () => {
    const { orgId, recruiter, member } = await libraryOrg();
    const asRecruiter = (await recruiter.get(`/orgs/${orgId}/playbooks/${PRFAQ}`)).body.playbook.apply;
    // Who can is read from the permissions table.
    expect(asRecruiter).toMatchObject({ isAllowed: false, refusal: 'Your role cannot use this in Documents; an admin or a member can.' });
    expect((await recruiter.get(`/orgs/${orgId}/playbooks/bar-raiser-hiring`)).body.playbook.apply).toMatchObject({ href: `/o/${orgId}/hiring`, isAllowed: true });
    expect((await member.get(`/orgs/${orgId}/playbooks/${PRFAQ}`)).body.playbook.apply.isAllowed).toBe(true);
  });
});

describe('views', () => {
  it('count each reader once a day, in their own org only', async () => {
    const { orgId, admin, adminUserId, member } = await libraryOrg();
    expect((await admin.get(`/orgs/${orgId}/playbooks/${PRFAQ}`)).body.playbook.views).toBe(1);
    // Reopening the same day does not count again.
    expect((await admin.get(`/orgs/${orgId}/playbooks/${PRFAQ}`)).body.playbook.views).toBe(1);
    expect((await member.get(`/orgs/${orgId}/playbooks/${PRFAQ}`)).body.playbook.views).toBe(2);
    // A reading day of the admin's from last week counts as its own view.
    await context.database.db.insertInto('playbook_views').values({ org_id: orgId, playbook_slug: PRFAQ, user_id: adminUserId, viewed_on: sql<string>`(now() at time zone 'utc')::date - 7` }).execute();
    expect((await admin.get(`/orgs/${orgId}/playbooks/${PRFAQ}`)).body.playbook.views).toBe(3);
    expect(await summaryOf(admin, orgId, PRFAQ)).toMatchObject({ views: 3 });
    expect(await summaryOf(admin, orgId, 'six-page-memo')).toMatchObject({ views: 0 });
    // A HEAD request only asks whether the playbook is there: not a view.
    expect((await member.request('HEAD', `/orgs/${orgId}/playbooks/six-page-memo`)).status).toBe(200);
    // Downloads and the list are not views.
    expect((await admin.get(`/orgs/${orgId}/playbooks/six-page-memo/export?format=markdown`)).status).toBe(200);
    expect(await summaryOf(admin, orgId, 'six-page-memo')).toMatchObject({ views: 0 });

    const other = await signUpClient(context.app);
    expect(await summaryOf(other.client, other.orgId, PRFAQ)).toMatchObject({ views: 0 });
    const rows = await context.database.db.selectFrom('playbook_views').select(sql<number>`count(*)`.as('count')).where('org_id', '=', orgId).executeTakeFirstOrThrow();
    expect(Number(rows.count)).toBe(3);
  });
});

describe('"Was this helpful?"', () => {
  it('keeps one answer per reader, which they may change, and counts yes and no', async () => {
    const { orgId, admin, member, recruiter } = await libraryOrg();
    const answer = (client: ApiClient, helpful: boolean) => client.put(`/orgs/${orgId}/playbooks/${PRFAQ}/feedback`, { helpful });
    const first = await answer(admin, true);
    expect(first.status).toBe(200);
    expect(first.body.helpful).toEqual({ yes: 1, no: 0, mine: true });
    expect((await answer(admin, true)).body.helpful).toEqual({ yes: 1, no: 0, mine: true });
    expect((await answer(admin, false)).body.helpful).toEqual({ yes: 0, no: 1, mine: false });
    expect((await answer(member, true)).body.helpful).toEqual({ yes: 1, no: 1, mine: true });
    expect((await answer(recruiter, true)).body.helpful).toEqual({ yes: 2, no: 1, mine: true });
    expect((await admin.get(`/orgs/${orgId}/playbooks/${PRFAQ}`)).body.playbook.helpful).toEqual({ yes: 2, no: 1, mine: false });
    expect(await summaryOf(member, orgId, PRFAQ)).toMatchObject({ helpful: { yes: 2, no: 1 } });

    const other = await signUpClient(context.app);
    expect((await other.client.get(`/orgs/${other.orgId}/playbooks/${PRFAQ}`)).body.playbook.helpful).toEqual({ yes: 0, no: 0, mine: null });
  });

  it('refuses a bad body, naming the field, and saves nothing', async () => {
    const { orgId, admin } = await libraryOrg();
    const path = `/orgs/${orgId}/playbooks/${PRFAQ}/feedback`;
    for (const [body, field] of [[{}, 'body.helpful'], [{ helpful: 'yes' }, 'body.helpful'], [{ helpful: null }, 'body.helpful'], [{ helpful: true, stars: 5 }, 'body']] as const) {
      const refused = await admin.put(path, body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(refused.body.error).toMatchObject({ code: 'validation_failed', field });
      expect(refused.body.error.message).toMatch(field === 'body' ? /stars/ : /^body\.helpful: /);
    }
    const notJson = await admin.request('PUT', path, undefined, { rawBody: '{"helpful": tru' });
    expect(notJson.status).toBe(400);
    expect(notJson.body.error.code).toBe('validation_failed');
    // A body in another media type is bad input too, not a 500.
    const asText = await admin.request('PUT', path, undefined, { rawBody: 'helpful', headers: { 'content-type': 'text/plain' } });
    expect(asText.status).toBe(400);
    expect(asText.body.error).toMatchObject({ code: 'validation_failed', field: 'body' });
    expect((await admin.get(`/orgs/${orgId}/playbooks/${PRFAQ}`)).body.playbook.helpful).toEqual({ yes: 0, no: 0, mine: null });
  });
});

describe('downloads', () => {
  it('give the Markdown as a file and a print-ready page with the diagrams drawn and in words', async () => {
    const { orgId, recruiter } = await libraryOrg();
    const markdown = await recruiter.get(`/orgs/${orgId}/playbooks/${PRFAQ}/export?format=markdown`);
    expect(markdown.status).toBe(200);
    expect(markdown.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    expect(markdown.headers.get('content-disposition')).toBe(`attachment; filename="${PRFAQ}.md"`);
    expect(markdown.body).toMatch(/^# Writing a PR\/FAQ\n\nStart a new product/);
    expect(markdown.body).toContain('```mermaid\nflowchart TD');

    const page = await recruiter.get(`/orgs/${orgId}/playbooks/${PRFAQ}/export?format=html`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.body).toContain('<title>Writing a PR/FAQ</title>');
    expect(page.body).toContain('<figcaption>Diagram 1. From customer problem to a compelling PR/FAQ</figcaption><div class="diagram-drawing"><svg ');
    expect(page.body).toContain('<p class="diagram-words">The diagram in words</p><ol><li>Name one customer and their problem → Draft the press release</li>');
    expect(page.body).not.toMatch(/<script/i);

    const pdf = await recruiter.get<Uint8Array>(`/orgs/${orgId}/playbooks/${PRFAQ}/export?format=pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.headers.get('content-disposition')).toBe(`attachment; filename="${PRFAQ}.pdf"`);
    const text = (await readPdf(pdf.body)).pages.map((pdfPage) => pdfPage.text).join(' ');
    expect(text).toMatch(/^Writing a PR\/FAQ Pulse playbook · /);
    expect(text).toContain('Diagram 1. From customer problem to a compelling PR/FAQ');
  });
});

describe('the OpenAPI document', () => {
  it('describes the playbook routes from their validating schemas', async () => {
    const { paths, components } = (await new ApiClient(context.app).get('/openapi.json')).body;
    expect(Object.keys(paths).filter((path) => path.includes('/playbooks'))).toEqual(['/api/v1/orgs/{orgId}/playbooks', '/api/v1/orgs/{orgId}/playbooks/{slug}', '/api/v1/orgs/{orgId}/playbooks/{slug}/feedback', '/api/v1/orgs/{orgId}/playbooks/{slug}/export']);
    expect(components.schemas.PlaybookFeedback).toMatchObject({ required: ['helpful'], properties: { helpful: { type: 'boolean' } } });
  });
});

describe('errors in the one error shape', () => {
  it('answers 404 for a playbook that does not exist, 400 naming the field for malformed input, 401 signed out', async () => {
    const { orgId, admin } = await libraryOrg();
    for (const path of [`/playbooks/no-such-playbook`, '/playbooks/no-such-playbook/export?format=html']) {
      const missing = await admin.get(`/orgs/${orgId}${path}`);
      expect(missing.status).toBe(404);
      expect(missing.body.error).toEqual({ code: 'not_found', message: 'Playbook "no-such-playbook" was not found.' });
    }
    expect((await admin.put(`/orgs/${orgId}/playbooks/no-such-playbook/feedback`, { helpful: true })).status).toBe(404);

    const cases: [string, string][] = [
      [`/orgs/${orgId}/playbooks/Not_A_Slug`, 'param.slug'],
      [`/orgs/${orgId}/playbooks/${'a'.repeat(81)}`, 'param.slug'],
      [`/orgs/${orgId}/playbooks?mechanism=okrs`, 'query.mechanism'],
      [`/orgs/${orgId}/playbooks?q=${'word '.repeat(41)}`, 'query.q'],
      [`/orgs/${orgId}/playbooks/${PRFAQ}/export?format=docx`, 'query.format'],
      [`/orgs/${orgId}/playbooks/${PRFAQ}/export`, 'query.format'],
      ['/orgs/not-an-org/playbooks', 'param.orgId'],
    ];
    for (const [path, field] of cases) {
      const refused = await admin.get(path);
      expect(refused.status, path).toBe(400);
      expect(refused.body.error, path).toMatchObject({ code: 'validation_failed', field });
    }
    // Another org's library is not yours to read.
    const other = await signUpClient(context.app);
    expect((await admin.get(`/orgs/${other.orgId}/playbooks`)).status).toBe(404);
    expect((await new ApiClient(context.app).get(`/orgs/${orgId}/playbooks`)).status).toBe(401);
    expect(context.logs).toEqual([]);
  });
});
