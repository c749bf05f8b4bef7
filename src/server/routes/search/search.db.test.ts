import { describe, expect, it } from 'vitest';
import { ApiClient, inviteClient, signUpClient, useTestApp } from '../../../../test/support/test-app.js';
import { FULFILMENT_CONFIG } from '../../../../test/support/wbr-review-fixture.js';
import { sql } from 'kysely';
import { formatDay } from '../../../domain/dates.js';
import { foldForSearch } from '../../../domain/search/search-text.js';
import { everyTermIn } from '../../../services/search/search.service.js';

const context = useTestApp();

interface Result {
  kind: string;
  id: string;
  title: string;
  detail: string;
  snippet: { text: string; highlights: [number, number][] } | null;
  titleHighlights: [number, number][];
  parentId: string | null;
  updatedAt: string | null;
}
interface Answer {
  query: string;
  results: Result[];
  counts: Record<string, number>;
  truncated: boolean;
}

async function search(client: ApiClient, orgId: string, params: string) {
  return client.get<Answer>(`/orgs/${orgId}/search?${params}`);
}

/** `kind:title` of each result, the shipped playbooks aside (every org has them; their own test looks at them). */
async function found(client: ApiClient, orgId: string, q: string, extra = ''): Promise<string[]> {
  const response = await search(client, orgId, `q=${encodeURIComponent(q)}${extra}`);
  expect(response.status).toBe(200);
  return response.body.results.filter((result) => result.kind !== 'playbook').map((result) => `${result.kind}:${result.title}`);
}

async function addPerson(client: ApiClient, orgId: string, name: string, email = `${name.toLowerCase().replace(/[^a-z]+/g, '.')}@example.test`): Promise<string> {
  const response = await client.post(`/orgs/${orgId}/people`, { name, email, role: 'Engineer', level: 5 });
  if (response.status !== 201) throw new Error(`adding ${name} failed: ${JSON.stringify(response.body)}`);
  return response.body.person.id;
}

async function addDocument(client: ApiClient, orgId: string, title: string, body: string, extra: Record<string, unknown> = {}): Promise<string> {
  const response = await client.post(`/orgs/${orgId}/documents`, { kind: 'memo', title, body, ...extra });
  if (response.status !== 201) throw new Error(`adding ${title} failed: ${JSON.stringify(response.body)}`);
  return response.body.document.id;
}

describe('org-wide search', () => {
  it('finds every kind by the start of a word, case and accents aside, ranked title-first', async () => {
    const { client, orgId } = await signUpClient(context.app);
    const ana = await addPerson(client, orgId, 'Ana Ruiz');
    await addPerson(client, orgId, 'Zoë Ångström');
    await addPerson(client, orgId, 'Дмитрий Орлов', 'dmitry@example.test');
    await addPerson(client, orgId, 'Nicolau Costa');
    const initiative = (await client.post(`/orgs/${orgId}/initiatives`, { name: 'Launch robots', stlPersonId: ana })).body.initiative.id;
    expect((await client.post(`/orgs/${orgId}/teams`, { name: 'Launch crew', isSingleThreaded: true, initiativeId: initiative })).status).toBe(201);
    expect((await client.post(`/orgs/${orgId}/metrics`, { name: 'Launch readiness', definition: 'Checks passed before a launch.', kind: 'input', controllable: true, ownerPersonId: ana })).status).toBe(201);
    expect((await client.post(`/orgs/${orgId}/wbr/decks`, { name: 'Launch weekly', ownerPersonId: ana, config: FULFILMENT_CONFIG })).status).toBe(201);
    expect((await client.post(`/orgs/${orgId}/opportunities`, { accountName: 'Launchpad Foods', name: 'Returns robots', ownerPersonId: ana })).status).toBe(201);
    expect((await client.post(`/orgs/${orgId}/principles`, { title: 'Launch and iterate', summary: 'Ship, then learn.' })).status).toBe(201);
    await addDocument(client, orgId, 'The launch memo', 'Why we launch.');
    await addDocument(client, orgId, 'Quarterly plan', 'In May we **launch** the new gripper to every warehouse.');

    const answer = (await search(client, orgId, 'q=%20LAU%20')).body;
    expect(answer.query).toBe('LAU');
    const titles = answer.results.map((result) => `${result.kind}:${result.title}`);
    expect(titles).toEqual(expect.arrayContaining([
      'initiative:Launch robots', 'team:Launch crew', 'metric:Launch readiness', 'deck:Launch weekly', 'account:Launchpad Foods', 'deal:Returns robots',
      'principle:Launch and iterate', 'document:The launch memo', 'document:Quarterly plan',
    ]));
    expect(titles).not.toContain('person:Nicolau Costa');
    // Titles that start with the query, then titles that contain it, then matches in a body (the deal by its account).
    const tierOf = (title: string) => titles.indexOf(title);
    expect(tierOf('initiative:Launch robots')).toBeLessThan(tierOf('document:The launch memo'));
    expect(tierOf('document:The launch memo')).toBeLessThan(tierOf('document:Quarterly plan'));
    expect(tierOf('document:The launch memo')).toBeLessThan(tierOf('deal:Returns robots'));
    expect(answer.counts).toMatchObject({ initiative: 1, team: 1, metric: 1, deck: 1, account: 1, deal: 1, principle: 1, document: 2, person: 0, candidate: 0 });

    const launchRobots = answer.results.find((result) => result.title === 'Launch robots')!;
    expect(launchRobots).toMatchObject({ id: initiative, detail: 'Initiative · Stage: Idea · led by Ana Ruiz', titleHighlights: [[0, 3]], snippet: null, parentId: null });
    const plan = answer.results.find((result) => result.title === 'Quarterly plan')!;
    // The snippet is the body without its Markdown, the word highlighted.
    expect(plan.snippet?.text).toBe('In May we launch the new gripper to every warehouse.');
    expect(plan.snippet?.highlights).toEqual([[10, 13]]);

    expect(await found(client, orgId, 'zoe ang')).toEqual(['person:Zoë Ångström']);
    expect(await found(client, orgId, 'дмит')).toEqual(['person:Дмитрий Орлов']);
    expect(await found(client, orgId, 'ana.ruiz@')).toEqual(['person:Ana Ruiz']);
    // Both titles start with the query: the deck, which has a date of change, before the team, which has none.
    expect(await found(client, orgId, 'lau', '&kind=team&kind=deck')).toEqual(['deck:Launch weekly', 'team:Launch crew']);
    expect(Object.keys((await search(client, orgId, 'q=lau&kind=team&kind=deck')).body.counts).sort()).toEqual(['deck', 'team']);

    const limited = (await search(client, orgId, 'q=lau&limit=2')).body;
    expect(limited.results).toHaveLength(2);
    expect(limited.truncated).toBe(true);
    expect(limited.counts.document).toBe(2);
    expect((await search(client, orgId, 'q=lau&limit=50')).body.truncated).toBe(false);
  });

  it('searches the playbooks Pulse ships, titles and bodies', async () => {
    const { client, orgId } = await signUpClient(context.app);
    const answer = (await search(client, orgId, 'q=press%20release&kind=playbook')).body;
    expect(answer.results.length).toBeGreaterThan(0);
    expect(answer.results.every((result) => result.kind === 'playbook' && result.id === result.id.toLowerCase() && !result.id.includes(' '))).toBe(true);
    const library = (await client.get(`/orgs/${orgId}/playbooks`)).body.playbooks as { slug: string }[];
    expect(library.map((playbook) => playbook.slug)).toEqual(expect.arrayContaining(answer.results.map((result) => result.id)));
  });

  it('reads only the current version of a document, and only documents the viewer may read', async () => {
    const { client, orgId } = await signUpClient(context.app);
    const member = await inviteClient(context.app, client, orgId, 'member');
    const reader = await inviteClient(context.app, client, orgId, 'member');
    const id = await addDocument(client, orgId, 'Refund memo', 'The backlog is nine days.');
    expect((await client.post(`/orgs/${orgId}/documents/${id}/versions`, { title: 'Refund memo', body: 'The queue is two days.', baseVersion: 1 })).status).toBe(201);
    expect(await found(client, orgId, 'backlog')).toEqual([]);
    expect(await found(client, orgId, 'queue')).toEqual(['document:Refund memo']);

    await addDocument(client, orgId, 'Secret acquisition', 'Project Falcon terms.', { visibility: 'readers', readerIds: [reader.userId] });
    expect(await found(client, orgId, 'falcon')).toEqual(['document:Secret acquisition']);
    expect(await found(reader.client, orgId, 'falcon')).toEqual(['document:Secret acquisition']);
    for (const q of ['falcon', 'secret', 'acq']) {
      const answer = (await search(member.client, orgId, `q=${q}`)).body;
      expect(answer.results).toEqual([]);
      expect(answer.counts.document).toBe(0);
    }
    // Words too short for the trigram index take another way to the titles, under the same rule.
    expect(await found(reader.client, orgId, 'se', '&kind=document')).toEqual(['document:Secret acquisition']);
    for (const q of ['se', 's']) {
      const answer = (await search(member.client, orgId, `q=${q}&kind=document`)).body;
      expect(answer.results).toEqual([]);
      expect(answer.counts.document).toBe(0);
    }
  });

  it('keeps candidates confidential: an interviewer not on the loop finds none, the recruiter and the loop do', async () => {
    const { client: admin, orgId } = await signUpClient(context.app);
    const recruiter = (await inviteClient(context.app, admin, orgId, 'recruiter')).client;
    const manager = await inviteClient(context.app, admin, orgId, 'member');
    const onLoop = await inviteClient(context.app, admin, orgId, 'member');
    const offLoop = await inviteClient(context.app, admin, orgId, 'member');
    const managerId = await addPerson(admin, orgId, 'Hiring Manager', manager.email);
    const onLoopId = await addPerson(admin, orgId, 'Loop Member', onLoop.email);
    await addPerson(admin, orgId, 'Other Interviewer', offLoop.email);
    const team = (await admin.post(`/orgs/${orgId}/teams`, { name: 'Robots' })).body.team.id;
    const requisition = (await recruiter.post(`/orgs/${orgId}/hiring/requisitions`, { role: 'Robotics engineer', level: 6, teamId: team, hiringManagerId: managerId })).body.requisition.id;
    const candidate = await recruiter.post(`/orgs/${orgId}/hiring/requisitions/${requisition}/candidates`, { name: 'Casey Quill', email: 'casey.quill@example.test' });
    expect(candidate.status).toBe(201);
    // A loop with one seat, made directly: the loop rules (bar raiser, principles) are not what is tested here.
    const db = context.database.db;
    const loop = await db.insertInto('loops').values({ org_id: orgId, candidate_id: candidate.body.id, interview_at: new Date() }).returning('id').executeTakeFirstOrThrow();
    await db.insertInto('loop_seats').values({ loop_id: loop.id, org_id: orgId, person_id: onLoopId, seat: 'interviewer', principles: '[]', position: 0 }).execute();

    for (const q of ['casey', 'quill', 'casey.quill@example']) {
      const hidden = (await search(offLoop.client, orgId, `q=${encodeURIComponent(q)}`)).body;
      expect(hidden.results).toEqual([]);
      expect(hidden.counts.candidate).toBe(0);
      for (const viewer of [recruiter, admin, manager.client, onLoop.client]) {
        const answer = (await search(viewer, orgId, `q=${encodeURIComponent(q)}&kind=candidate`)).body;
        expect(answer.results).toEqual([expect.objectContaining({ kind: 'candidate', id: candidate.body.id, title: 'Casey Quill', parentId: requisition, detail: 'Candidate · Robotics engineer (level 6)' })]);
      }
    }
  });

  it('searches only the kinds the viewer\'s role reads', async () => {
    const { client: admin, orgId } = await signUpClient(context.app);
    const recruiter = (await inviteClient(context.app, admin, orgId, 'recruiter')).client;
    const ana = await addPerson(admin, orgId, 'Ana Ruiz');
    await addDocument(admin, orgId, 'Zephyr memo', 'Text.');
    expect((await admin.post(`/orgs/${orgId}/opportunities`, { accountName: 'Zephyr Foods', name: 'Zephyr pilot', ownerPersonId: ana })).status).toBe(201);
    expect((await admin.post(`/orgs/${orgId}/metrics`, { name: 'Zephyr uptime', definition: 'Minutes up.', kind: 'output', ownerPersonId: ana })).status).toBe(201);

    expect((await found(admin, orgId, 'zephyr')).sort()).toEqual(['account:Zephyr Foods', 'deal:Zephyr pilot', 'document:Zephyr memo', 'metric:Zephyr uptime']);
    // Recruiters read neither documents nor sales: asked for, those kinds are not searched, nor counted.
    const answer = (await search(recruiter, orgId, 'q=zephyr')).body;
    expect(answer.results.map((result) => result.title)).toEqual(['Zephyr uptime']);
    expect(Object.keys(answer.counts)).not.toEqual(expect.arrayContaining(['document']));
    expect(answer.counts).not.toHaveProperty('deal');
    expect(answer.counts).not.toHaveProperty('account');
    const asked = (await search(recruiter, orgId, 'q=zephyr&kind=document&kind=deal')).body;
    expect(asked).toEqual({ query: 'zephyr', results: [], counts: {}, truncated: false });
  });

  it('never shows another org\'s items', async () => {
    const mine = await signUpClient(context.app);
    const theirs = await signUpClient(context.app);
    await addPerson(theirs.client, theirs.orgId, 'Quentin Elsewhere');
    await addDocument(theirs.client, theirs.orgId, 'Quentin plan', 'Quentin body.');
    expect(await found(mine.client, mine.orgId, 'quentin')).toEqual([]);
    expect((await found(theirs.client, theirs.orgId, 'quentin')).sort()).toEqual(['document:Quentin plan', 'person:Quentin Elsewhere']);
    // Someone outside an org cannot search it at all.
    expect((await search(mine.client, theirs.orgId, 'q=quentin')).status).toBe(404);
  });

  it('takes % and _ literally', async () => {
    const { client, orgId } = await signUpClient(context.app);
    const ana = await addPerson(client, orgId, 'Ana Ruiz');
    for (const name of ['Uptime 99.9%', 'Orders shipped', 'rate_of_return', 'Rate of return']) {
      expect((await client.post(`/orgs/${orgId}/metrics`, { name, definition: 'Counted weekly.', kind: 'output', ownerPersonId: ana })).status).toBe(201);
    }
    expect(await found(client, orgId, '%')).toEqual(['metric:Uptime 99.9%']);
    expect(await found(client, orgId, '_of')).toEqual(['metric:rate_of_return']);
    expect(await found(client, orgId, '_')).toEqual(['metric:rate_of_return']);
    expect(await found(client, orgId, 'ra%rn')).toEqual([]);
    expect(await found(client, orgId, '\\')).toEqual([]);
    // The SQL that picks the candidate rows takes them literally too: unescaped, "%" and "_" would read every row.
    const db = context.database.db;
    const candidates = async (term: string) =>
      (await db.selectFrom('metrics').select('name').where('org_id', '=', orgId).where(everyTermIn('metrics.search_text', [term])).orderBy('name').execute()).map((row) => row.name);
    expect(await candidates('%')).toEqual(['Uptime 99.9%']);
    expect(await candidates('_')).toEqual(['rate_of_return']);
    expect(await candidates('e_o')).toEqual(['rate_of_return']);
    expect(await candidates('\\')).toEqual([]);
  });

  it('shows people who have left, and says so', async () => {
    const { client, orgId } = await signUpClient(context.app);
    const gone = await addPerson(client, orgId, 'Gwen Gone');
    const today = new Date().toISOString().slice(0, 10);
    expect((await client.post(`/orgs/${orgId}/people/${gone}/departure`, { leftOn: today })).status).toBeLessThan(300);
    const [result] = (await search(client, orgId, 'q=gwen')).body.results;
    expect(result).toMatchObject({ kind: 'person', id: gone, detail: `Engineer · level 5 · left on ${formatDay(today)}` });
  });

  it('answers a read-only API token', async () => {
    const { client, orgId } = await signUpClient(context.app);
    await addPerson(client, orgId, 'Tara Token');
    const { token } = (await client.post(`/orgs/${orgId}/api-tokens`, { name: 'reader', scope: 'read' })).body;
    const script = new ApiClient(context.app);
    script.bearer = token;
    expect(await found(script, orgId, 'tara')).toEqual(['person:Tara Token']);
  });

  it('folds text in the database as the domain does, whatever the database\'s locale', async () => {
    const samples = ['Crème BRÛLÉE', 'ŁÓDŹ Ørsted ÆON', 'ΔΈΛΤΑ Ωμέγα', 'ДМИТРИЙ Ёжиков', 'Ｏｒｄｅｒｓ ﬁnal', 'Cafe\u0301 100% a_b'];
    for (const sample of samples) {
      const { rows } = await sql<{ folded: string }>`select search_fold(${sample}) as folded`.execute(context.database.db);
      expect(rows[0]?.folded, sample).toBe(foldForSearch(sample));
    }
  });

  it('matches one- and two-character words, accents and the parts of hyphenated words by their start', async () => {
    const { client, orgId } = await signUpClient(context.app);
    await addPerson(client, orgId, 'Jean-Luc Éluard', 'jl@example.test');
    await addPerson(client, orgId, 'Lucía Ortega', 'lucia@example.test');
    await addPerson(client, orgId, 'Paul Blucher', 'pb@example.test');
    await addDocument(client, orgId, 'Q3 re-launch: go/no-go', 'Text.');
    await addDocument(client, orgId, 'Prelaunch checklist', 'Text.');
    // The org's principles (every new org has them) aside.
    const kinds = '&kind=person&kind=document';
    // Too short for a trigram, matched all the same, and only at the start of a word.
    expect((await found(client, orgId, 'l', kinds)).sort()).toEqual(['document:Q3 re-launch: go/no-go', 'person:Jean-Luc Éluard', 'person:Lucía Ortega']);
    expect((await found(client, orgId, 'lu', kinds)).sort()).toEqual(['person:Jean-Luc Éluard', 'person:Lucía Ortega']);
    expect(await found(client, orgId, 'q3', kinds)).toEqual(['document:Q3 re-launch: go/no-go']);
    expect(await found(client, orgId, 'no', kinds)).toEqual(['document:Q3 re-launch: go/no-go']);
    // Accents aside, both ways; the word after a hyphen is a word; a word inside another is not.
    expect((await found(client, orgId, 'luc', kinds)).sort()).toEqual(['person:Jean-Luc Éluard', 'person:Lucía Ortega']);
    expect(await found(client, orgId, 'LUCÍA', kinds)).toEqual(['person:Lucía Ortega']);
    expect(await found(client, orgId, 'eluard', kinds)).toEqual(['person:Jean-Luc Éluard']);
    expect(await found(client, orgId, 'jean-l', kinds)).toEqual(['person:Jean-Luc Éluard']);
    expect(await found(client, orgId, 'launch', kinds)).toEqual(['document:Q3 re-launch: go/no-go']);
    expect(await found(client, orgId, 'lucher', kinds)).toEqual([]);
  });

  it('finds a renamed person and document by the new name only', async () => {
    const { client, orgId } = await signUpClient(context.app);
    const person = await addPerson(client, orgId, 'Wanda Oldname', 'wanda@example.test');
    const document = await addDocument(client, orgId, 'Draft zeppelin', 'Text.');
    expect((await client.patch(`/orgs/${orgId}/people/${person}`, { name: 'Wanda Newname' })).status).toBe(200);
    expect((await client.post(`/orgs/${orgId}/documents/${document}/versions`, { title: 'Final dirigible', body: 'Text.', baseVersion: 1 })).status).toBe(201);
    expect(await found(client, orgId, 'oldname')).toEqual([]);
    expect(await found(client, orgId, 'newname')).toEqual(['person:Wanda Newname']);
    expect(await found(client, orgId, 'zeppelin')).toEqual([]);
    expect(await found(client, orgId, 'dirig')).toEqual(['document:Final dirigible']);
  });

  it('keeps each row\'s folded text stored, and narrows by its trigram index', async () => {
    const { client, orgId } = await signUpClient(context.app);
    await addPerson(client, orgId, 'Zoë ÅNGSTRÖM', 'Zoe.A@Example.test');
    const db = context.database.db;
    const { rows } = await sql<{ search_text: string }>`select search_text from people where org_id = ${orgId}`.execute(db);
    expect(rows.map((row) => row.search_text)).toContain(foldForSearch('Zoë ÅNGSTRÖM Zoe.A@Example.test'));
    // With sequential scans priced out, a word of three characters or more reads each kind's index: the predicate
    // is one the index serves. A plan that cannot use the index would still scan the table.
    for (const [table, column] of [['people', 'search_text'], ['initiatives', 'search_text'], ['teams', 'search_text'], ['metrics', 'search_text'], ['wbr_decks', 'search_text'], ['opportunities', 'search_text'], ['accounts', 'search_text'], ['candidates', 'search_text'], ['principle_versions', 'search_text'], ['document_versions', 'search_title']] as const) {
      const plan = await db.transaction().execute(async (trx) => {
        await sql`set local enable_seqscan = off`.execute(trx);
        const explained = await sql<{ 'QUERY PLAN': string }>`explain select 1 from ${sql.table(table)} where ${everyTermIn(`${table}.${column}`, ['angst'])}`.execute(trx);
        return explained.rows.map((row) => row['QUERY PLAN']).join('\n');
      });
      expect(plan, table).toContain(`${table}_search_trgm_idx`);
    }
  });

  it('is described in the OpenAPI document', async () => {
    const document = (await new ApiClient(context.app).get('/openapi.json')).body;
    const operation = document.paths['/api/v1/orgs/{orgId}/search'].get;
    expect(operation.parameters.map((parameter: { name: string; in: string }) => `${parameter.in}.${parameter.name}`).sort()).toEqual(['path.orgId', 'query.kind', 'query.limit', 'query.q']);
    expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '404']));
  });

  it('refuses bad input naming the field', async () => {
    const { client, orgId } = await signUpClient(context.app);
    for (const [params, field] of [
      ['', 'query.q'],
      ['q=', 'query.q'],
      ['q=%20%20', 'query.q'],
      [`q=${'a'.repeat(201)}`, 'query.q'],
      ['q=a&q=b', 'query.q'],
      ['q=a&kind=robot', 'query.kind'],
      ['q=a&kind=team&kind=', 'query.kind'],
      ['q=a&limit=0', 'query.limit'],
      ['q=a&limit=51', 'query.limit'],
      ['q=a&limit=two', 'query.limit'],
    ] as const) {
      const response = await client.get(`/orgs/${orgId}/search?${params}`);
      expect(response.status, params).toBe(400);
      expect(response.body.error, params).toMatchObject({ code: 'validation_failed', field });
    }
    expect((await search(client, orgId, `q=${'a'.repeat(200)}`)).status).toBe(200);
    expect(context.logs.filter((line) => line.includes('internal'))).toEqual([]);
  });
});
