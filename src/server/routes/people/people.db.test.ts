import { describe, expect, it } from 'vitest';
import { FULFILMENT_CONFIG, fulfilmentCsv } from '../../../../test/support/wbr-review-fixture.js';
import { ApiClient, TEST_PASSWORD, inviteClient, signUpClient, useTestApp } from '../../../../test/support/test-app.js';
import type { OrgActor } from '../../../services/context.js';
import { recordDeparture } from '../../../services/people/departure.service.js';

const context = useTestApp();

async function addPerson(client: ApiClient, orgId: string, name: string, extra: Record<string, unknown> = {}): Promise<string> {
  const response = await client.post(`/orgs/${orgId}/people`, { name, email: `${name.toLowerCase().replace(/\s+/g, '.')}@example.test`, role: 'Engineer', level: 5, ...extra });
  if (response.status !== 201) throw new Error(`adding ${name} failed: ${JSON.stringify(response.body)}`);
  return response.body.person.id;
}

const CSV = [
  'name,email,role,level,manager_email,dotted_line_manager_email,team,team_percent',
  'Ana Chief,ana@example.test,CEO,10,,,,',
  'Ben Vee,ben@example.test,VP Engineering,9,ana@example.test,,Platform,100',
  'Cy Dev,cy@example.test,Engineer,5,ben@example.test,ana@example.test,Robots,50',
  'Di Dev,di@example.test,Engineer,5,ben@example.test,,Robots,',
].join('\n');

describe('people and the org chart', () => {
  it('adds people with reporting lines and builds the org chart', async () => {
    const { client, orgId } = await signUpClient(context.app);
    const ceo = await addPerson(client, orgId, 'Ana Chief', { role: 'CEO', level: 10 });
    const vp = await addPerson(client, orgId, 'Ben Vee', { managerId: ceo });
    await addPerson(client, orgId, 'Cy Dev', { managerId: vp });
    await addPerson(client, orgId, 'Al Dev', { managerId: vp });
    const chart = await client.get(`/orgs/${orgId}/org-chart`);
    expect(chart.status).toBe(200);
    expect(chart.body.roots).toHaveLength(1);
    expect(chart.body.roots[0].person.name).toBe('Ana Chief');
    expect(chart.body.roots[0].reports[0].reports.map((node: { person: { name: string } }) => node.person.name)).toEqual(['Al Dev', 'Cy Dev']);
  });

  it('links a person to the member with the same email', async () => {
    const { client, orgId, email, userId } = await signUpClient(context.app);
    const person = await client.post(`/orgs/${orgId}/people`, { name: 'Me', email, role: 'CEO', level: 10 });
    expect(person.body.person.userId).toBe(userId);
    const clash = await client.post(`/orgs/${orgId}/people`, { name: 'Me again', email: email.toUpperCase(), role: 'CEO', level: 10 });
    expect(clash.status).toBe(409);
    expect(clash.body.error.field).toBe('body.email');

    // Imported before they had a login; once they join, importing again links them.
    const csv = 'name,email,role,level\nLate Joiner,late@example.test,Engineer,5';
    await client.post(`/orgs/${orgId}/people/import`, { csv });
    const invitation = await client.post(`/orgs/${orgId}/invitations`, { email: 'late@example.test', role: 'member' });
    const joiner = new ApiClient(context.app);
    const joined = await joiner.post(`/invitations/${new URL(invitation.body.url).pathname.split('/').pop()}/signup`, { email: 'late@example.test', name: 'Late Joiner', password: TEST_PASSWORD });
    await client.post(`/orgs/${orgId}/people/import`, { csv });
    const late = (await client.get(`/orgs/${orgId}/people`)).body.people.find((entry: { email: string }) => entry.email === 'late@example.test');
    expect(late.userId).toBe(joined.body.user.id);
  });

  it('leaves an admin\'s own level and login link to another admin, so nobody promotes or reviews themselves by the back door', async () => {
    const { client: admin, orgId } = await signUpClient(context.app);
    const me = (await admin.post(`/orgs/${orgId}/people/me`, { role: 'Founder', level: 8 })).body.person.id as string;
    for (const [change, field] of [[{ level: 9 }, 'body.level'], [{ userId: null }, 'body.userId']] as const) {
      const refused = await admin.patch(`/orgs/${orgId}/people/${me}`, change);
      expect(refused.status).toBe(422);
      expect(refused.body.error).toMatchObject({ rule: 'people.not_self', field });
    }
    // Their own role and name are theirs to correct; another admin may change their level.
    expect((await admin.patch(`/orgs/${orgId}/people/${me}`, { role: 'CEO' })).status).toBe(200);
    const other = await inviteClient(context.app, admin, orgId, 'admin');
    expect((await other.client.patch(`/orgs/${orgId}/people/${me}`, { level: 9 })).body.person.level).toBe(9);
  });

  it('refuses an import row that changes the importing admin\'s own level, by line, and writes nothing of the file', async () => {
    const { client: admin, orgId, email } = await signUpClient(context.app);
    const me = (await admin.post(`/orgs/${orgId}/people/me`, { role: 'Founder', level: 8 })).body.person.id as string;
    const csv = (level: number) => `name,email,role,level\nNew Hire,new.hire@example.test,Engineer,4\nMe,${email},CEO,${level}`;
    const refused = await admin.post(`/orgs/${orgId}/people/import`, { csv: csv(12), fileName: 'org.csv' });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: 'invalid_data', line: 3, field: 'level' });
    expect(refused.body.error.message).toContain('is your own level (8 now)');
    expect((await admin.get(`/orgs/${orgId}/people/${me}`)).body.person).toMatchObject({ level: 8, role: 'Founder' });
    expect((await admin.get(`/orgs/${orgId}/people`)).body.people).toHaveLength(1);
    // Their own row at the level they have goes through with the rest of the file; another admin may import their level.
    expect((await admin.post(`/orgs/${orgId}/people/import`, { csv: csv(8) })).status).toBe(200);
    expect((await admin.get(`/orgs/${orgId}/people/${me}`)).body.person).toMatchObject({ level: 8, role: 'CEO' });
    const other = await inviteClient(context.app, admin, orgId, 'admin');
    expect((await other.client.post(`/orgs/${orgId}/people/import`, { csv: csv(9) })).status).toBe(200);
    expect((await admin.get(`/orgs/${orgId}/people/${me}`)).body.person.level).toBe(9);
  });

  it('refuses a reporting cycle with org.no_reporting_cycle', async () => {
    const { client, orgId } = await signUpClient(context.app);
    const top = await addPerson(client, orgId, 'Top');
    const mid = await addPerson(client, orgId, 'Mid', { managerId: top });
    const low = await addPerson(client, orgId, 'Low', { managerId: mid });
    const refused = await client.patch(`/orgs/${orgId}/people/${top}`, { managerId: low });
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ code: 'rule_violation', rule: 'org.no_reporting_cycle' });
  });

  it('refuses a reporting cycle closed through a dotted line, whichever line is new (422 naming the field)', async () => {
    const { client, orgId } = await signUpClient(context.app);
    const top = await addPerson(client, orgId, 'Top');
    const mid = await addPerson(client, orgId, 'Mid', { managerId: top });
    const low = await addPerson(client, orgId, 'Low', { managerId: mid });
    // A dotted line from Top to Low, who answers to Top through Mid.
    const dottedDown = await client.patch(`/orgs/${orgId}/people/${top}`, { dottedLineManagerId: low });
    expect(dottedDown.status).toBe(422);
    expect(dottedDown.body.error).toMatchObject({ code: 'rule_violation', rule: 'org.no_reporting_cycle', field: 'body.dottedLineManagerId' });
    // Side has a dotted line to Low: Low reporting to Side would loop back through it, and so would Low's manager Mid.
    const side = await addPerson(client, orgId, 'Side', { dottedLineManagerId: low });
    const solidUp = await client.patch(`/orgs/${orgId}/people/${mid}`, { managerId: side });
    expect(solidUp.status).toBe(422);
    expect(solidUp.body.error).toMatchObject({ rule: 'org.no_reporting_cycle', field: 'body.managerId' });
    expect((await client.get(`/orgs/${orgId}/people/${mid}`)).body.person.managerId).toBe(top);
    // Lines that close no loop still pass, and the form sending an unchanged dotted line is not refused.
    expect((await client.patch(`/orgs/${orgId}/people/${side}`, { managerId: top, dottedLineManagerId: low })).status).toBe(200);
    // Two dotted lines to each other are a loop too.
    expect((await client.patch(`/orgs/${orgId}/people/${low}`, { dottedLineManagerId: side })).body.error).toMatchObject({ rule: 'org.no_reporting_cycle' });
  });

  it('names bad input fields and answers 404 to outsiders, 403 to members who write', async () => {
    const { client, orgId } = await signUpClient(context.app);
    const bad = await client.post(`/orgs/${orgId}/people`, { name: 'X', email: 'nope', role: 'Engineer', level: 5 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('body.email');
    const member = await inviteClient(context.app, client, orgId, 'member');
    expect((await member.client.get(`/orgs/${orgId}/people`)).status).toBe(200);
    expect((await member.client.post(`/orgs/${orgId}/people`, { name: 'X', email: 'x@example.test', role: 'Eng', level: 5 })).status).toBe(403);
    const outsider = await signUpClient(context.app);
    expect((await outsider.client.get(`/orgs/${orgId}/org-chart`)).status).toBe(404);
  });
});

describe('single-threaded leadership', () => {
  it('staffs an initiative single-threaded: the leader gets 100% in the same change', async () => {
    const { client, orgId } = await signUpClient(context.app);
    const leader = await addPerson(client, orgId, 'Lead Er');
    const created = await client.post(`/orgs/${orgId}/initiatives`, { name: 'Robot arm', stage: 'building', stlPersonId: leader });
    expect(created.status).toBe(201);
    expect(created.body.initiative).toMatchObject({ status: 'active', stl: { id: leader }, members: [{ personId: leader, percent: 100 }] });
    expect((await client.get(`/orgs/${orgId}/org-health`)).body.violations).toEqual([]);
  });

  it('refuses every single-threaded rule with its id', async () => {
    const { client, orgId } = await signUpClient(context.app);
    const leader = await addPerson(client, orgId, 'Lead Er');
    const other = await addPerson(client, orgId, 'Oth Er');
    const team = (await client.post(`/orgs/${orgId}/teams`, { name: 'Ops', isSingleThreaded: false })).body.team.id;
    const initiative = (await client.post(`/orgs/${orgId}/initiatives`, { name: 'Arm', stage: 'building', stlPersonId: leader })).body.initiative.id;

    const moonlight = await client.put(`/orgs/${orgId}/allocations`, { personId: leader, teamId: team, percent: 10 });
    expect(moonlight.status).toBe(422);
    // Named by the leader's rule, which is what is broken; the total over 100% is listed with it.
    expect(moonlight.body.error.rule).toBe('stl.no_other_duties');
    expect(moonlight.body.error.data.violations.map((violation: { rule: string }) => violation.rule)).toContain('alloc.total_at_most_100');

    const second = await client.post(`/orgs/${orgId}/initiatives`, { name: 'Leg', stage: 'staffing', stlPersonId: leader });
    expect(second.status).toBe(422);
    expect(second.body.error).toMatchObject({ rule: 'stl.single_initiative', message: 'Lead Er leads 2 active initiatives ("Arm", "Leg"); a person leads at most one.' });
    expect((await client.get(`/orgs/${orgId}/initiatives`)).body.initiatives).toHaveLength(1);

    const partTime = await client.put(`/orgs/${orgId}/allocations`, { personId: leader, initiativeId: initiative, percent: 50 });
    expect(partTime.body.error.rule).toBe('stl.full_time');

    const leaderless = await client.post(`/orgs/${orgId}/initiatives`, { name: 'Orphan', stage: 'building', stlPersonId: null });
    expect(leaderless.body.error.rule).toBe('stl.exactly_one');
    // An idea still being written up has no leader yet, and needs none.
    expect((await client.post(`/orgs/${orgId}/initiatives`, { name: 'Notion', stlPersonId: null })).body.initiative).toMatchObject({ stage: 'idea', stl: null });
    // One recorded as killed before Pulse is done, like one killed through the pipeline.
    expect((await client.post(`/orgs/${orgId}/initiatives`, { name: 'Old bet', stage: 'killed', status: 'active', stlPersonId: null })).body.initiative).toMatchObject({ stage: 'killed', status: 'done' });
    expect((await client.post(`/orgs/${orgId}/initiatives`, { name: 'Later', status: 'paused', stlPersonId: null })).status).toBe(201);

    await client.put(`/orgs/${orgId}/allocations`, { personId: other, teamId: team, percent: 50 });
    const singleThreaded = await client.post(`/orgs/${orgId}/teams`, { name: 'Arm team', isSingleThreaded: true, initiativeId: initiative });
    const armTeam = singleThreaded.body.team.id;
    const shared = await client.put(`/orgs/${orgId}/allocations`, { personId: other, teamId: armTeam, percent: 50 });
    expect(shared.body.error.rule).toBe('team.members_full_time');

    const solo = await addPerson(client, orgId, 'Solo Member');
    expect((await client.put(`/orgs/${orgId}/allocations`, { personId: solo, teamId: armTeam, percent: 100 })).status).toBe(200);
    const dotted = await client.patch(`/orgs/${orgId}/people/${solo}`, { dottedLineManagerId: other });
    expect(dotted.body.error.rule).toBe('team.no_dotted_lines');

    // Ops has a half-time member: making it single-threaded now would break the rule for them.
    const turnShared = await client.patch(`/orgs/${orgId}/teams/${team}`, { isSingleThreaded: true });
    expect(turnShared.body.error.rule).toBe('team.members_full_time');

    // The leader may manage the arm team's members, but not someone who works on Ops.
    expect((await client.patch(`/orgs/${orgId}/people/${solo}`, { managerId: leader })).status).toBe(200);
    const opsReport = await client.patch(`/orgs/${orgId}/people/${other}`, { managerId: leader });
    expect(opsReport.status).toBe(422);
    expect(opsReport.body.error).toMatchObject({ rule: 'stl.no_reports_elsewhere', message: expect.stringContaining('manages Oth Er, who works elsewhere') });
    expect((await client.get(`/orgs/${orgId}/people/${other}`)).body.person.managerId).toBeNull();
    // Nor move a report of theirs off the initiative (every rule the move would break is listed).
    const moveOff = await client.put(`/orgs/${orgId}/allocations`, { personId: solo, teamId: team, percent: 100 });
    expect(moveOff.status).toBe(422);
    expect(moveOff.body.error.data.violations.map((violation: { rule: string }) => violation.rule)).toContain('stl.no_reports_elsewhere');
  });

  it('imports all or nothing, lists imported violations in org health and still allows other edits', async () => {
    const { client, orgId } = await signUpClient(context.app);
    const bad = await client.post(`/orgs/${orgId}/people/import`, { csv: `${CSV}\nEve,not-an-email,Engineer,50,,,,\nFay,fay@example.test,Engineer,5,ghost@example.test,,,`, fileName: 'org.csv' });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'invalid_data' });
    expect(bad.body.error.message).toMatch(/^org\.csv:6: email/);
    // Eve's row cannot be read; Fay's, which can, is still checked against the org in the same attempt.
    expect(bad.body.error.data.errors.map((error: { line: number; field: string }) => `${error.line} ${error.field}`)).toEqual(['6 email', '6 level', '7 manager_email']);
    expect((await client.get(`/orgs/${orgId}/people`)).body.people).toEqual([]);

    const unknownManager = await client.post(`/orgs/${orgId}/people/import`, { csv: `${CSV}\nFay,fay@example.test,Engineer,5,ghost@example.test,,,` });
    expect(unknownManager.body.error.data.errors).toEqual([{ line: 6, field: 'manager_email', message: '"ghost@example.test" is neither in the file nor in the org' }]);
    expect((await client.get(`/orgs/${orgId}/people`)).body.people).toEqual([]);

    const cyclic = await client.post(`/orgs/${orgId}/people/import`, { csv: 'name,email,role,level,manager_email\nA,a@example.test,X,5,b@example.test\nB,b@example.test,X,5,a@example.test' });
    expect(cyclic.body.error.message).toMatch(/reporting cycle/);

    const imported = await client.post(`/orgs/${orgId}/people/import`, { csv: CSV });
    expect(imported.status).toBe(200);
    expect(imported.body).toMatchObject({ created: 4, updated: 0, teamsCreated: 2 });
    // Cy has a dotted line to Ana in the org: a file putting Ana under Cy loops through it, and changes nothing.
    const dottedLoop = await client.post(`/orgs/${orgId}/people/import`, { csv: 'name,email,role,level,manager_email\nBen Vee,ben@example.test,VP Engineering,9,\nAna Chief,ana@example.test,CEO,10,cy@example.test' });
    expect(dottedLoop.body.error.data.errors).toEqual([{ line: 3, field: 'manager_email', message: 'makes a reporting cycle: ana@example.test → cy@example.test → ana@example.test' }]);
    expect((await client.get(`/orgs/${orgId}/people`)).body.people.find((person: { name: string }) => person.name === 'Ana Chief').managerId).toBeNull();
    const robots = (await client.get(`/orgs/${orgId}/teams`)).body.teams.find((team: { name: string }) => team.name === 'Robots');
    expect((await client.patch(`/orgs/${orgId}/teams/${robots.id}`, { isSingleThreaded: true })).body.error.rule).toBe('team.members_full_time');

    const again = await client.post(`/orgs/${orgId}/people/import`, { csv: CSV.replace('Robots,50', 'Robots,50') + '\nGus,gus@example.test,Engineer,4,cy@example.test,,,' });
    expect(again.body).toMatchObject({ created: 1, updated: 4, teamsCreated: 0 });
    const exported = await client.get(`/orgs/${orgId}/people/export`);
    expect(exported.body.csv.split('\n')[0]).toBe('name,email,role,level,manager_email,dotted_line_manager_email,team,team_percent');
    expect(exported.body.csv).toContain('Cy Dev,cy@example.test,Engineer,5,ben@example.test,ana@example.test,Robots,50');
  });

  it('exports names a spreadsheet would run as formulas with a guard, and imports the file back unchanged', async () => {
    const { client, orgId } = await signUpClient(context.app);
    const lead = await addPerson(client, orgId, 'Lead', { name: '=HYPERLINK("http://evil.test","Lead")', email: 'lead@example.test' });
    await addPerson(client, orgId, 'Ops', { name: '-Ops', email: 'ops@example.test', role: '@team', managerId: lead });
    const exported = (await client.get(`/orgs/${orgId}/people/export`)).body.csv as string;
    expect(exported).toContain(`"'=HYPERLINK(""http://evil.test"",""Lead"")",lead@example.test,Engineer,5,`);
    expect(exported).toContain("'-Ops,ops@example.test,'@team,5,lead@example.test,,,");
    const cells = exported.split('\n').slice(1).flatMap((line) => line.split(','));
    expect(cells.filter((cell) => /^"?[=+\-@\t\r]/.test(cell))).toEqual([]);

    const other = await signUpClient(context.app);
    expect((await other.client.post(`/orgs/${other.orgId}/people/import`, { csv: exported, fileName: 'people.csv' })).status).toBe(200);
    const people = (await other.client.get(`/orgs/${other.orgId}/people`)).body.people as { name: string; role: string }[];
    expect(people.map((person) => [person.name, person.role]).sort()).toEqual([['-Ops', '@team'], ['=HYPERLINK("http://evil.test","Lead")', 'Engineer']]);
    expect((await other.client.get(`/orgs/${other.orgId}/people/export`)).body.csv).toBe(exported);
  });

  it('lists data that breaks the rules after an import, and refuses only new breaks', async () => {
    const { client, orgId } = await signUpClient(context.app);
    await client.post(`/orgs/${orgId}/teams`, { name: 'Robots', isSingleThreaded: true });
    const imported = await client.post(`/orgs/${orgId}/people/import`, { csv: CSV });
    expect(imported.body.violations.map((violation: { rule: string }) => violation.rule).sort()).toEqual(['team.members_full_time', 'team.no_dotted_lines']);
    const health = await client.get(`/orgs/${orgId}/org-health`);
    expect(health.body.violations).toHaveLength(2);
    const cy = (await client.get(`/orgs/${orgId}/people`)).body.people.find((person: { name: string }) => person.name === 'Cy Dev');
    expect((await client.patch(`/orgs/${orgId}/people/${cy.id}`, { level: 6 })).status).toBe(200);
    expect((await client.patch(`/orgs/${orgId}/people/${cy.id}`, { dottedLineManagerId: null })).status).toBe(200);
    expect((await client.get(`/orgs/${orgId}/org-health`)).body.violations).toHaveLength(1);
  });
});

describe('a single-threaded leader staffs their team', () => {
  it('lets the leader (a member) put people on and take them off the single-threaded team of their active initiative, under the rules, and nowhere else', async () => {
    const { client: admin, orgId } = await signUpClient(context.app);
    const leaderLogin = await inviteClient(context.app, admin, orgId, 'member');
    const leader = await addPerson(admin, orgId, 'Lea Der', { email: leaderLogin.email });
    const arm = (await admin.post(`/orgs/${orgId}/initiatives`, { name: 'Arm', stage: 'building', stlPersonId: leader })).body.initiative.id;
    const armTeam = (await admin.post(`/orgs/${orgId}/teams`, { name: 'Arm team', isSingleThreaded: true, initiativeId: arm })).body.team.id;
    const ops = (await admin.post(`/orgs/${orgId}/teams`, { name: 'Ops', isSingleThreaded: false })).body.team.id;
    const free = await addPerson(admin, orgId, 'Fre E');
    const busy = await addPerson(admin, orgId, 'Bu Sy');
    expect((await admin.put(`/orgs/${orgId}/allocations`, { personId: busy, teamId: ops, percent: 100 })).status).toBe(200);
    const lead = leaderLogin.client;

    const staffed = await lead.put(`/orgs/${orgId}/allocations`, { personId: free, teamId: armTeam, percent: 100 });
    expect(staffed.status, JSON.stringify(staffed.body)).toBe(200);
    // The rules hold for the leader as for an admin: someone working elsewhere is not shared onto the team.
    const shared = await lead.put(`/orgs/${orgId}/allocations`, { personId: busy, teamId: armTeam, percent: 100 });
    expect(shared.status).toBe(422);
    expect(shared.body.error.rule).toBe('team.members_full_time');
    // Nowhere but their team: another team, an initiative, or a person's record.
    for (const target of [{ teamId: ops }, { initiativeId: arm }]) {
      const refused = await lead.put(`/orgs/${orgId}/allocations`, { personId: free, percent: 10, ...target });
      expect(refused.status, JSON.stringify(target)).toBe(403);
      expect(refused.body.error.message).toContain('a single-threaded leader staffs only the single-threaded team of the active initiative they lead');
    }
    const opsAllocation = (await admin.get(`/orgs/${orgId}/people/${busy}`)).body.person.allocations[0].id;
    expect((await lead.delete(`/orgs/${orgId}/allocations/${opsAllocation}`)).status).toBe(403);
    expect((await lead.patch(`/orgs/${orgId}/people/${free}`, { role: 'Lead' })).status).toBe(403);

    const onTeam = (await admin.get(`/orgs/${orgId}/people/${free}`)).body.person.allocations[0];
    expect((await lead.delete(`/orgs/${orgId}/allocations/${onTeam.id}?baseToken=${onTeam.editToken}`)).status).toBe(204);
    // Each change is the leader's in the audit log.
    const actions = await context.database.db.selectFrom('audit_events').select('action').where('org_id', '=', orgId).where('actor_user_id', '=', leaderLogin.userId).where('action', 'like', 'allocation.%').orderBy('created_at').execute();
    expect(actions.map((event) => event.action)).toEqual(['allocation.set', 'allocation.removed']);

    // Once the initiative is paused, staffing it is back with the admins; another member never had it.
    expect((await admin.patch(`/orgs/${orgId}/initiatives/${arm}`, { status: 'paused' })).status).toBe(200);
    expect((await lead.put(`/orgs/${orgId}/allocations`, { personId: free, teamId: armTeam, percent: 100 })).status).toBe(403);
    const someone = await inviteClient(context.app, admin, orgId, 'member');
    expect((await someone.client.put(`/orgs/${orgId}/allocations`, { personId: free, teamId: armTeam, percent: 100 })).status).toBe(403);
  });
});

describe('breaks already in the data', () => {
  it('refuses a change that makes an imported break worse (422 with the rule), and allows one that leaves it or reduces it', async () => {
    const { client, orgId } = await signUpClient(context.app);
    const ops = (await client.post(`/orgs/${orgId}/teams`, { name: 'Ops', isSingleThreaded: false })).body.team.id;
    await client.post(`/orgs/${orgId}/teams`, { name: 'Robots', isSingleThreaded: true });
    const bet = (await client.post(`/orgs/${orgId}/initiatives`, { name: 'Side bet', stlPersonId: null })).body.initiative.id;
    // Ben is 60% on Ops; the import puts him 100% on Platform too: 160%, a documented, allowed break.
    const ben = await addPerson(client, orgId, 'Ben Vee', { email: 'ben@example.test' });
    expect((await client.put(`/orgs/${orgId}/allocations`, { personId: ben, teamId: ops, percent: 60 })).status).toBe(200);
    const imported = await client.post(`/orgs/${orgId}/people/import`, { csv: CSV });
    expect(imported.status).toBe(200);
    const breaks = async () => (await client.get(`/orgs/${orgId}/org-health`)).body.violations.map((violation: { rule: string; message: string }) => `${violation.rule}: ${violation.message}`).sort();
    expect(await breaks()).toEqual([
      'alloc.total_at_most_100: Ben Vee is allocated 160% in total; the most is 100%.',
      'team.members_full_time: Cy Dev is on the single-threaded team "Robots" at 50%; its members are 100% on it.',
      'team.no_dotted_lines: Cy Dev is on the single-threaded team "Robots" and has a dotted-line manager; its members have none.',
    ]);
    const before = await breaks();

    // Another 100% for Ben (260%) is refused, naming the rule and saying the break was already there.
    const more = await client.put(`/orgs/${orgId}/allocations`, { personId: ben, initiativeId: bet, percent: 100 });
    expect(more.status).toBe(422);
    expect(more.body.error).toMatchObject({ code: 'rule_violation', rule: 'alloc.total_at_most_100', message: expect.stringContaining('Ben Vee is allocated 260% in total') });
    expect(more.body.error.message).toContain('not make it worse');
    expect(more.body.error.data.violations).toEqual([{ rule: 'alloc.total_at_most_100', personId: ben, message: expect.any(String) }]);
    // So is a new dotted-line manager for Cy, already on the single-threaded Robots team with one, and a lower share on it.
    const people = (await client.get(`/orgs/${orgId}/people`)).body.people as Array<{ id: string; name: string }>;
    const idOf = (name: string) => people.find((person) => person.name === name)!.id;
    const robots = (await client.get(`/orgs/${orgId}/teams`)).body.teams.find((team: { name: string }) => team.name === 'Robots').id;
    const dotted = await client.patch(`/orgs/${orgId}/people/${idOf('Cy Dev')}`, { dottedLineManagerId: idOf('Di Dev') });
    expect(dotted.status).toBe(422);
    expect(dotted.body.error.rule).toBe('team.no_dotted_lines');
    const lower = await client.put(`/orgs/${orgId}/allocations`, { personId: idOf('Cy Dev'), teamId: robots, percent: 30 });
    expect(lower.status).toBe(422);
    expect(lower.body.error.rule).toBe('team.members_full_time');
    expect(await breaks()).toEqual(before);

    // Leaving a break alone or reducing it is allowed.
    expect((await client.patch(`/orgs/${orgId}/people/${idOf('Cy Dev')}`, { level: 6, dottedLineManagerId: idOf('Ana Chief') })).status).toBe(200);
    expect((await client.put(`/orgs/${orgId}/allocations`, { personId: ben, teamId: ops, percent: 20 })).status).toBe(200);
    expect((await client.put(`/orgs/${orgId}/allocations`, { personId: idOf('Cy Dev'), teamId: robots, percent: 100 })).status).toBe(200);
    expect(await breaks()).toEqual([
      'alloc.total_at_most_100: Ben Vee is allocated 120% in total; the most is 100%.',
      'team.no_dotted_lines: Cy Dev is on the single-threaded team "Robots" and has a dotted-line manager; its members have none.',
    ]);
  });
});

describe('someone who left the company', () => {
  it('cannot be made a leader or given an allocation (400 naming the field), and is named, never "Someone", in org health', async () => {
    const { client, orgId } = await signUpClient(context.app);
    const ops = (await client.post(`/orgs/${orgId}/teams`, { name: 'Ops', isSingleThreaded: false })).body.team.id;
    const gone = await addPerson(client, orgId, 'Gone Girl');
    const here = await addPerson(client, orgId, 'Still Here');
    expect((await client.post(`/orgs/${orgId}/people/${gone}/departure`, { leftOn: '2026-01-05' })).status).toBe(200);

    const led = await client.post(`/orgs/${orgId}/initiatives`, { name: 'Arm', stage: 'building', stlPersonId: gone });
    expect(led.status).toBe(400);
    expect(led.body.error).toMatchObject({ code: 'validation_failed', field: 'body.stlPersonId', message: 'stlPersonId: Gone Girl left the company on Jan 5, 2026.' });
    expect((await client.get(`/orgs/${orgId}/initiatives`)).body.initiatives).toEqual([]);

    const allocated = await client.put(`/orgs/${orgId}/allocations`, { personId: gone, teamId: ops, percent: 100 });
    expect(allocated.status).toBe(400);
    expect(allocated.body.error).toMatchObject({ field: 'body.personId', message: 'personId: Gone Girl left the company on Jan 5, 2026.' });
    expect((await client.get(`/orgs/${orgId}/people/${gone}`)).body.person.allocations).toEqual([]);

    const arm = (await client.post(`/orgs/${orgId}/initiatives`, { name: 'Arm', stage: 'building', stlPersonId: here })).body.initiative.id;
    const handedToGone = await client.patch(`/orgs/${orgId}/initiatives/${arm}`, { stlPersonId: gone });
    expect(handedToGone.status).toBe(400);
    expect(handedToGone.body.error.field).toBe('body.stlPersonId');

    // An allocation left over from before these checks (written straight to the table) is named in org health.
    await context.database.db.insertInto('allocations').values([
      { org_id: orgId, person_id: gone, team_id: ops, initiative_id: null, percent: 100 },
      { org_id: orgId, person_id: gone, team_id: null, initiative_id: arm, percent: 50 },
    ]).execute();
    const health = (await client.get(`/orgs/${orgId}/org-health`)).body.violations as Array<{ message: string }>;
    expect(health.map((violation) => violation.message)).toContain('Gone Girl is allocated 150% in total; the most is 100%.');
    expect(JSON.stringify(health)).not.toContain('Someone');
  });

  it('keeps their record as it was: no new role, level, manager, dotted line or login through the API (422 departure.record_kept)', async () => {
    const { client, orgId } = await signUpClient(context.app);
    const boss = await addPerson(client, orgId, 'Bo Ss');
    const gone = await addPerson(client, orgId, 'Gone Girl', { managerId: boss });
    expect((await client.post(`/orgs/${orgId}/people/${gone}/departure`, { leftOn: '2026-01-05' })).status).toBe(200);
    const before = (await client.get(`/orgs/${orgId}/people/${gone}`)).body.person;
    for (const change of [{ role: 'Ghost' }, { level: 9 }, { managerId: null }, { dottedLineManagerId: boss }, { name: 'Back Again' }]) {
      const refused = await client.patch(`/orgs/${orgId}/people/${gone}`, change);
      expect(refused.status, JSON.stringify(change)).toBe(422);
      expect(refused.body.error).toMatchObject({ code: 'rule_violation', rule: 'departure.record_kept' });
      expect(refused.body.error.message).toContain('Gone Girl left the company on');
    }
    expect((await client.get(`/orgs/${orgId}/people/${gone}`)).body.person).toEqual(before);
  });

  it('cannot lead a done initiative brought back to work', async () => {
    const { client, orgId } = await signUpClient(context.app);
    const leader = await addPerson(client, orgId, 'Lea Der');
    const drone = (await client.post(`/orgs/${orgId}/initiatives`, { name: 'Drone', stage: 'building', stlPersonId: leader })).body.initiative.id;
    expect((await client.patch(`/orgs/${orgId}/initiatives/${drone}`, { status: 'done' })).status).toBe(200);
    expect((await client.post(`/orgs/${orgId}/people/${leader}/departure`, { leftOn: '2026-01-05' })).status).toBe(200);
    const reopened = await client.patch(`/orgs/${orgId}/initiatives/${drone}`, { status: 'active' });
    expect(reopened.status).toBe(400);
    expect(reopened.body.error).toMatchObject({ field: 'body.stlPersonId', message: 'stlPersonId: Lea Der left the company on Jan 5, 2026.' });
    const next = await addPerson(client, orgId, 'Nex Tone');
    expect((await client.patch(`/orgs/${orgId}/initiatives/${drone}`, { status: 'active', stlPersonId: next })).status).toBe(200);
  });
});

describe('initiative names', () => {
  it('refuses a second initiative with the same name, ignoring case and spaces (409 naming the field), as teams do', async () => {
    const { client, orgId } = await signUpClient(context.app);
    const gripper = await client.post(`/orgs/${orgId}/initiatives`, { name: 'Adaptive gripper', stlPersonId: null });
    expect(gripper.status).toBe(201);
    const twin = await client.post(`/orgs/${orgId}/initiatives`, { name: '  adaptive GRIPPER ', stlPersonId: null });
    expect(twin.status).toBe(409);
    expect(twin.body.error).toMatchObject({ code: 'conflict', field: 'body.name' });
    const other = (await client.post(`/orgs/${orgId}/initiatives`, { name: 'Warehouse pilot', stlPersonId: null })).body.initiative.id;
    const renamed = await client.patch(`/orgs/${orgId}/initiatives/${other}`, { name: 'Adaptive Gripper' });
    expect(renamed.status).toBe(409);
    expect(renamed.body.error.field).toBe('body.name');
    // Renaming an initiative to its own name in other letters is not a clash with itself.
    expect((await client.patch(`/orgs/${orgId}/initiatives/${gripper.body.initiative.id}`, { name: 'Adaptive Gripper' })).body.initiative.name).toBe('Adaptive Gripper');
    expect((await client.get(`/orgs/${orgId}/initiatives`)).body.initiatives.map((initiative: { name: string }) => initiative.name)).toEqual(['Adaptive Gripper', 'Warehouse pilot']);
  });

  it('refuses an initiative or a team whose name only looks like one the org has (full-width letters, a soft hyphen), as the same name is', async () => {
    const { client, orgId } = await signUpClient(context.app);
    expect((await client.post(`/orgs/${orgId}/initiatives`, { name: 'Adaptive gripper', stlPersonId: null })).status).toBe(201);
    const lookAlike = await client.post(`/orgs/${orgId}/initiatives`, { name: 'Ａｄａｐｔｉｖｅ grip\u00adper', stlPersonId: null });
    expect({ status: lookAlike.status, error: lookAlike.body.error }).toMatchObject({ status: 409, error: { code: 'conflict', field: 'body.name' } });

    expect((await client.post(`/orgs/${orgId}/teams`, { name: 'Picking', isSingleThreaded: false })).status).toBe(201);
    const sameTeam = await client.post(`/orgs/${orgId}/teams`, { name: 'picking', isSingleThreaded: false });
    const lookAlikeTeam = await client.post(`/orgs/${orgId}/teams`, { name: 'Ｐｉｃｋｉｎｇ', isSingleThreaded: false });
    expect({ status: lookAlikeTeam.status, error: lookAlikeTeam.body.error }).toEqual({ status: sameTeam.status, error: sameTeam.body.error });
    expect(sameTeam.status).toBe(409);
    const packing = (await client.post(`/orgs/${orgId}/teams`, { name: 'Packing', isSingleThreaded: false })).body.team.id;
    expect((await client.patch(`/orgs/${orgId}/teams/${packing}`, { name: 'Pick\u00ading' })).body.error).toMatchObject({ code: 'conflict', field: 'body.name' });
  });
});

describe('initiative and team names as stored', () => {
  const SOFT_HYPHEN = '\u00ad';
  const ZERO_WIDTH_SPACE = '\u200b';

  it('stores initiative names without invisible characters, on create, rename and a pipeline idea, and answers with what is stored', async () => {
    const { client, orgId } = await signUpClient(context.app);
    const created = await client.post(`/orgs/${orgId}/initiatives`, { name: `  Adap${SOFT_HYPHEN}tive  gripper `, stlPersonId: null });
    expect(created.status).toBe(201);
    expect(created.body.initiative.name).toBe('Adaptive gripper');
    const id = created.body.initiative.id as string;
    const renamed = await client.patch(`/orgs/${orgId}/initiatives/${id}`, { name: `Adaptive${ZERO_WIDTH_SPACE} gripper v2` });
    expect(renamed.status).toBe(200);
    expect(renamed.body.initiative.name).toBe('Adaptive gripper v2');
    const idea = await client.post(`/orgs/${orgId}/pipeline/ideas`, { name: `Returns${ZERO_WIDTH_SPACE} ro${SOFT_HYPHEN}bot` });
    expect(idea.status).toBe(201);
    expect(idea.body.name).toBe('Returns robot');
    expect((await client.get(`/orgs/${orgId}/initiatives`)).body.initiatives.map((initiative: { name: string }) => initiative.name).sort()).toEqual(['Adaptive gripper v2', 'Returns robot']);
    // The audit log names them as they are stored.
    const events = (await client.get(`/orgs/${orgId}/audit-events?subjectType=initiative`)).body.events as Array<{ action: string; data: { name: string; fromName?: string } }>;
    expect(events.map((event) => [event.action, event.data.name, event.data.fromName])).toEqual([
      ['initiative.created', 'Returns robot', undefined],
      ['initiative.updated', 'Adaptive gripper v2', 'Adaptive gripper'],
      ['initiative.created', 'Adaptive gripper', undefined],
    ]);
  });

  it('stores team names without invisible characters, on create and rename', async () => {
    const { client, orgId } = await signUpClient(context.app);
    const created = await client.post(`/orgs/${orgId}/teams`, { name: `Pick${SOFT_HYPHEN}ing`, isSingleThreaded: false });
    expect(created.status).toBe(201);
    expect(created.body.team.name).toBe('Picking');
    const renamed = await client.patch(`/orgs/${orgId}/teams/${created.body.team.id}`, { name: `Pick${ZERO_WIDTH_SPACE}ing and packing` });
    expect(renamed.body.team.name).toBe('Picking and packing');
    expect((await client.get(`/orgs/${orgId}/teams`)).body.teams.map((team: { name: string }) => team.name)).toEqual(['Picking and packing']);
  });

  it('refuses a name with nothing visible in it (400 naming the field), which would look blank in every list', async () => {
    const { client, orgId } = await signUpClient(context.app);
    const invisible = `${ZERO_WIDTH_SPACE}${SOFT_HYPHEN}`;
    const team = (await client.post(`/orgs/${orgId}/teams`, { name: 'Robots', isSingleThreaded: false })).body.team.id as string;
    const initiative = (await client.post(`/orgs/${orgId}/initiatives`, { name: 'Gripper', stlPersonId: null })).body.initiative.id as string;
    const attempts = [
      await client.post(`/orgs/${orgId}/initiatives`, { name: invisible, stlPersonId: null }),
      await client.patch(`/orgs/${orgId}/initiatives/${initiative}`, { name: invisible }),
      await client.post(`/orgs/${orgId}/pipeline/ideas`, { name: invisible }),
      await client.post(`/orgs/${orgId}/teams`, { name: invisible, isSingleThreaded: false }),
      await client.patch(`/orgs/${orgId}/teams/${team}`, { name: invisible }),
    ];
    expect(attempts.map((response) => [response.status, response.body.error?.code, response.body.error?.field])).toEqual(Array(5).fill([400, 'validation_failed', 'body.name']));
    expect((await client.get(`/orgs/${orgId}/teams`)).body.teams.map((row: { name: string }) => row.name)).toEqual(['Robots']);
  });

  it('names teams from a CSV import as the API does: one team for look-alikes, found among the org\'s own', async () => {
    const { client, orgId } = await signUpClient(context.app);
    expect((await client.post(`/orgs/${orgId}/teams`, { name: 'Platform', isSingleThreaded: false })).status).toBe(201);
    const csv = [
      'name,email,role,level,manager_email,dotted_line_manager_email,team,team_percent',
      `Ana Chief,ana@example.test,CEO,10,,,Ro${SOFT_HYPHEN}bots,100`,
      'Ben Vee,ben@example.test,Engineer,5,ana@example.test,,robots,100',
      `Cy Dev,cy@example.test,Engineer,5,ana@example.test,,Plat${ZERO_WIDTH_SPACE}form,100`,
    ].join('\n');
    const imported = await client.post(`/orgs/${orgId}/people/import`, { csv });
    expect(imported.status, JSON.stringify(imported.body)).toBe(200);
    expect(imported.body).toMatchObject({ created: 3, teamsCreated: 1 });
    const teams = (await client.get(`/orgs/${orgId}/teams`)).body.teams as Array<{ name: string; members: Array<{ name: string }> }>;
    expect(teams.map((team) => [team.name, team.members.map((member) => member.name).sort()])).toEqual([['Platform', ['Cy Dev']], ['Robots', ['Ana Chief', 'Ben Vee']]]);

    const blank = await client.post(`/orgs/${orgId}/people/import`, { csv: `name,email,role,level,team\nDi Dev,di@example.test,Engineer,5,${ZERO_WIDTH_SPACE}` });
    expect(blank.status).toBe(400);
    expect(blank.body.error.data.errors).toEqual([{ line: 2, field: 'team', message: 'has nothing visible in it' }]);
  });
});

describe('the audit log of ownership changes', () => {
  it('keeps the names a reader needs: initiative, old and new leader, person, team and percent, and only the fields that changed', async () => {
    const { client, orgId } = await signUpClient(context.app);
    const kofi = await addPerson(client, orgId, 'Kofi Mensah');
    const ravi = await addPerson(client, orgId, 'Ravi Iyer');
    const marcus = await addPerson(client, orgId, 'Marcus Oyelaran');
    const tomas = await addPerson(client, orgId, 'Tomas Berg', { managerId: marcus, level: 6 });
    const platform = (await client.post(`/orgs/${orgId}/teams`, { name: 'Platform', isSingleThreaded: false })).body.team.id;
    const gripper = (await client.post(`/orgs/${orgId}/initiatives`, { name: 'Adaptive gripper', stage: 'building', stlPersonId: kofi })).body.initiative.id;
    expect((await client.patch(`/orgs/${orgId}/initiatives/${gripper}`, { stlPersonId: ravi })).status).toBe(200);
    expect((await client.put(`/orgs/${orgId}/allocations`, { personId: tomas, teamId: platform, percent: 100 })).status).toBe(200);
    expect((await client.put(`/orgs/${orgId}/allocations`, { personId: tomas, teamId: platform, percent: 60 })).status).toBe(200);
    // The person form sends every field: only what differs is recorded.
    expect((await client.patch(`/orgs/${orgId}/people/${tomas}`, { role: 'Engineer', level: 7, managerId: kofi, dottedLineManagerId: null })).status).toBe(200);
    // The same status again is no change, and records nothing.
    expect((await client.patch(`/orgs/${orgId}/initiatives/${gripper}`, { status: 'active' })).status).toBe(200);

    const events = (await client.get(`/orgs/${orgId}/audit-events`)).body.events as Array<{ action: string; subjectId: string; data: Record<string, unknown> }>;
    const of = (action: string) => events.filter((event) => event.action === action).map((event) => event.data);
    expect(of('initiative.created')).toEqual([expect.objectContaining({ name: 'Adaptive gripper', stlName: 'Kofi Mensah' })]);
    expect(of('initiative.updated')).toEqual([{ name: 'Adaptive gripper', changed: ['stl_person_id'], fromStl: kofi, toStl: ravi, fromStlName: 'Kofi Mensah', toStlName: 'Ravi Iyer' }]);
    expect(of('allocation.set')).toEqual([
      { name: 'Tomas Berg', teamId: platform, teamName: 'Platform', initiativeId: null, initiativeName: null, percent: 60, fromPercent: 100 },
      { name: 'Tomas Berg', teamId: platform, teamName: 'Platform', initiativeId: null, initiativeName: null, percent: 100, fromPercent: null },
    ]);
    expect(of('person.updated')).toEqual([{ name: 'Tomas Berg', changed: ['level', 'manager_id'], fromLevel: 6, toLevel: 7, fromManagerName: 'Marcus Oyelaran', toManagerName: 'Kofi Mensah' }]);
  });
});

describe('someone leaves the company', () => {
  it('hands their reports to the successor, ends their allocations and access, and keeps their record', async () => {
    const { client: admin, orgId, email: adminEmail } = await signUpClient(context.app);
    const ana = await addPerson(admin, orgId, 'Ana Chief', { email: adminEmail, role: 'CEO', level: 10 });
    const ben = await inviteClient(context.app, admin, orgId, 'member');
    const benId = await addPerson(admin, orgId, 'Ben Vee', { email: ben.email, managerId: ana });
    const benToken: string = (await ben.client.post(`/orgs/${orgId}/api-tokens`, { name: 'laptop' })).body.token;
    const cy = await addPerson(admin, orgId, 'Cy Dev', { managerId: benId });
    const di = await addPerson(admin, orgId, 'Di Dev', { managerId: benId });
    const eve = await addPerson(admin, orgId, 'Eve Ops', { managerId: ana, dottedLineManagerId: benId });
    const team = (await admin.post(`/orgs/${orgId}/teams`, { name: 'Platform', isSingleThreaded: false })).body.team.id;
    expect((await admin.put(`/orgs/${orgId}/allocations`, { personId: benId, teamId: team, percent: 60 })).status).toBe(200);
    expect((await admin.put(`/orgs/${orgId}/hiring/bar-raisers/${benId}`, { status: 'certified' })).status).toBe(204);
    const drone = (await admin.post(`/orgs/${orgId}/initiatives`, { name: 'Drone', stage: 'building', stlPersonId: cy })).body.initiative.id;
    const leave = (personId: string, body: Record<string, unknown>) => admin.post(`/orgs/${orgId}/people/${personId}/departure`, body);

    // A leader, a date still to come, a date that is no date, a successor further down the line: each refused, nothing changed.
    const leader = await leave(cy, { leftOn: '2026-11-20' });
    expect(leader.status).toBe(422);
    expect(leader.body.error).toMatchObject({ rule: 'departure.leads_initiative', message: 'Cy Dev is the single-threaded leader of "Drone" (active): name a new leader first.' });
    expect((await leave(benId, { leftOn: '2999-01-01' })).body.error).toMatchObject({ code: 'validation_failed', field: 'body.leftOn', message: 'leftOn: record a departure on or after the last day (Jan 1, 2999 is still to come).' });
    expect((await leave(benId, { leftOn: '2026-02-30' })).body.error).toMatchObject({ code: 'validation_failed', field: 'body.leftOn' });
    expect((await leave(benId, { leftOn: '0000-01-01' })).body.error).toMatchObject({ code: 'validation_failed', field: 'body.leftOn' });
    const fay = await addPerson(admin, orgId, 'Fay Dev', { managerId: di });
    expect((await leave(benId, { leftOn: '2026-11-20', successorId: fay })).body.error.rule).toBe('departure.successor');
    expect((await leave(benId, { leftOn: '2026-11-20', successorId: benId })).body.error.rule).toBe('departure.successor');
    // Nor someone with a dotted line to one of Ben's reports: Di reporting to Gus would loop back through it.
    const gus = await addPerson(admin, orgId, 'Gus Ops', { managerId: ana, dottedLineManagerId: di });
    expect((await leave(benId, { leftOn: '2026-11-20', successorId: gus })).body.error.rule).toBe('departure.successor');
    // The org's only admin cannot leave: nobody could manage the org after them.
    expect((await leave(ana, { leftOn: '2026-11-20' })).body.error).toMatchObject({ code: 'rule_violation', rule: 'org.last_admin' });
    expect((await admin.get(`/orgs/${orgId}/people/${benId}`)).body.person).toMatchObject({ leftOn: null, managerId: ana });

    const metric = (await admin.post(`/orgs/${orgId}/metrics`, { name: 'Deploys per week', definition: 'Production deploys, Monday to Sunday.', kind: 'input', controllable: true, ownerPersonId: benId })).body.metric.id;
    expect((await admin.get(`/orgs/${orgId}/people/${benId}`)).body.person.metricsOwned).toEqual([{ id: metric, name: 'Deploys per week', kind: 'input', controllable: true }]);
    expect((await admin.get(`/orgs/${orgId}/people/${cy}`)).body.person.leads).toEqual([{ id: drone, name: 'Drone', status: 'active', stage: 'building' }]);
    // Ben owns a business review whose first week raised an anomaly on a metric the catalog does not have: his too.
    const deck = (await admin.post(`/orgs/${orgId}/wbr/decks`, { name: 'Fulfilment', ownerPersonId: benId, config: FULFILMENT_CONFIG })).body.deck.id;
    await admin.request('PUT', `/orgs/${orgId}/wbr/decks/${deck}/data?fileName=f.csv`, undefined, { rawBody: fulfilmentCsv('2025-01-04', ['2025-01-04']), headers: { 'content-type': 'text/csv' } });
    await admin.post(`/orgs/${orgId}/wbr/decks/${deck}/snapshots`, {});
    expect((await admin.get(`/orgs/${orgId}/people/${benId}`)).body.person.anomaliesToAnswer).toEqual([
      { id: expect.any(String), deckId: deck, deckName: 'Fulfilment', metric: 'Late deliveries', status: 'open', firstWeekEnding: '2025-01-04' },
    ]);
    // And an open deal, in discovery: the successor takes it over.
    const openDeal = (await admin.post(`/orgs/${orgId}/opportunities`, { accountName: 'Harbour Freight', name: 'Returns automation', ownerPersonId: benId })).body.opportunity.id;
    expect((await admin.get(`/orgs/${orgId}/people/${benId}`)).body.person.openDeals).toEqual([{ id: openDeal, accountName: 'Harbour Freight', name: 'Returns automation', stage: 'discovery' }]);
    // A recruiter reads people but not the sales pipeline: the person's deals are not shown to them.
    const { client: recruiter } = await inviteClient(context.app, admin, orgId, 'recruiter');
    expect((await recruiter.get(`/orgs/${orgId}/people/${benId}`)).body.person.openDeals).toEqual([]);
    const left = await leave(benId, { leftOn: '2026-11-20', successorId: cy });
    expect(left.status).toBe(200);
    expect(left.body).toMatchObject({ reportsMoved: 2, accessRevoked: true, metricsHandedOver: 1, decksHandedOver: 1, anomaliesHandedOver: 1, opportunitiesHandedOver: 1, person: { leftOn: '2026-11-20', userId: null, allocations: [] } });
    expect((await admin.get(`/orgs/${orgId}/opportunities/${openDeal}`)).body.opportunity.owner).toMatchObject({ id: cy });
    // Each item handed over has the change of owner in its own history, with the departure as the reason.
    const events = (await admin.get(`/orgs/${orgId}/audit-events`)).body.events as Array<{ action: string; subjectId: string; data: Record<string, unknown> }>;
    const handOver = { fromOwnerPersonId: benId, toOwnerPersonId: cy, reason: 'departure' };
    expect(events.find((event) => event.action === 'metric.updated' && event.subjectId === metric)?.data).toMatchObject({ name: 'Deploys per week', changed: ['ownerPersonId'], ...handOver });
    expect(events.find((event) => event.action === 'wbr_deck.updated' && event.subjectId === deck)?.data).toMatchObject({ name: 'Fulfilment', changed: ['owner'], ...handOver });
    expect(events.find((event) => event.action === 'wbr_anomaly.updated')?.data).toMatchObject({ metric: 'Late deliveries', changed: ['ownerPersonId'], ...handOver });
    expect(events.find((event) => event.action === 'opportunity.updated' && event.subjectId === openDeal)?.data).toMatchObject({ name: 'Returns automation', changed: ['ownerPersonId'], ...handOver });
    const review = (await admin.get(`/orgs/${orgId}/wbr/decks/${deck}`)).body.deck;
    expect(review.owner.id).toBe(cy);
    expect(review.anomalies.map((anomaly: { owner: { id: string } }) => anomaly.owner.id)).toEqual([cy]);
    expect((await admin.get(`/orgs/${orgId}/people/${cy}`)).body.person.anomaliesToAnswer.map((anomaly: { metric: string }) => anomaly.metric)).toEqual(['Late deliveries']);
    expect((await admin.get(`/orgs/${orgId}/metrics/${metric}`)).body.metric.owner).toMatchObject({ id: cy });
    const byId = new Map((await admin.get(`/orgs/${orgId}/people?includeLeft=true`)).body.people.map((person: { id: string }) => [person.id, person]));
    expect(byId.get(cy)).toMatchObject({ managerId: ana });
    expect(byId.get(di)).toMatchObject({ managerId: cy });
    expect(byId.get(eve)).toMatchObject({ dottedLineManagerId: null });
    expect(byId.get(benId)).toMatchObject({ leftOn: '2026-11-20' });
    expect((await admin.get(`/orgs/${orgId}/people`)).body.people.map((person: { name: string }) => person.name)).not.toContain('Ben Vee');
    expect(JSON.stringify((await admin.get(`/orgs/${orgId}/org-chart`)).body.roots)).not.toContain('Ben Vee');
    expect((await admin.get(`/orgs/${orgId}/people/export`)).body.csv).not.toContain(ben.email);
    expect((await admin.get(`/orgs/${orgId}/hiring/bar-raisers`)).body.pool.map((entry: { personId: string }) => entry.personId)).not.toContain(benId);

    // Their login lost the org, and their API token with it.
    expect((await ben.client.get(`/orgs/${orgId}/people`)).status).toBe(404);
    const tokenClient = new ApiClient(context.app);
    tokenClient.bearer = benToken;
    expect((await tokenClient.get(`/orgs/${orgId}/people`)).status).toBe(401);

    // Once is enough; and they are nobody's manager, nor in an import, from now on.
    expect((await leave(benId, { leftOn: '2026-11-21' })).body.error).toMatchObject({ code: 'conflict', rule: 'departure.already_left', message: 'Ben Vee already left on Nov 20, 2026.' });
    expect((await admin.patch(`/orgs/${orgId}/people/${di}`, { managerId: benId })).body.error).toMatchObject({ field: 'body.managerId', message: 'managerId: Ben Vee left the company on Nov 20, 2026.' });
    const reimport = await admin.post(`/orgs/${orgId}/people/import`, { csv: `name,email,role,level\nBen Vee,${ben.email},VP,9`, fileName: 'back.csv' });
    expect(reimport.status).toBe(400);
    expect(reimport.body.error.data.errors).toEqual([{ line: 2, field: 'email', message: `"${ben.email}" left the company on Nov 20, 2026; their record is kept as it was` }]);

    // A leader who hands the initiative over (here: it is done) may leave; with no successor named, the reports go to their manager.
    expect((await admin.patch(`/orgs/${orgId}/initiatives/${drone}`, { status: 'done' })).status).toBe(200);
    expect((await leave(cy, { leftOn: '2026-11-24' })).body).toMatchObject({ reportsMoved: 1, accessRevoked: false });
    expect((await admin.get(`/orgs/${orgId}/people/${di}`)).body.person.managerId).toBe(ana);
  });
});

describe('removing an allocation', () => {
  it('refuses a removal made from a stale read (409 naming baseToken, nothing removed), and answers 404 once it is gone', async () => {
    const { client, orgId } = await signUpClient(context.app);
    const cy = await addPerson(client, orgId, 'Cy Dev');
    const team = (await client.post(`/orgs/${orgId}/teams`, { name: 'Platform' })).body.team;
    const personPath = `/orgs/${orgId}/people/${cy}`;
    expect((await client.put(`/orgs/${orgId}/allocations`, { personId: cy, teamId: team.id, percent: 50 })).status).toBe(200);
    const [opened] = (await client.get(personPath)).body.person.allocations;
    // A colleague raises the share to 80% while this admin's page still shows 50%.
    expect((await client.put(`/orgs/${orgId}/allocations`, { personId: cy, teamId: team.id, percent: 80 })).status).toBe(200);
    const [current] = (await client.get(personPath)).body.person.allocations;
    expect(current).toMatchObject({ id: opened.id, percent: 80 });
    expect(current.editToken).not.toBe(opened.editToken);
    const stale = await client.delete(`/orgs/${orgId}/allocations/${opened.id}?baseToken=${opened.editToken}`);
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'conflict', field: 'query.baseToken', data: { token: current.editToken } });
    expect(stale.body.error.message).toContain('This allocation changed after you opened it');
    expect((await client.get(personPath)).body.person.allocations).toMatchObject([{ id: opened.id, percent: 80 }]);
    // Read again, it goes; removed twice (a second tab, a double click), the second is a clear 404, never a 500.
    expect((await client.delete(`/orgs/${orgId}/allocations/${opened.id}?baseToken=${current.editToken}`)).status).toBe(204);
    const again = await client.delete(`/orgs/${orgId}/allocations/${opened.id}?baseToken=${current.editToken}`);
    expect(again.status).toBe(404);
    expect(again.body.error).toMatchObject({ code: 'not_found' });
    expect((await client.get(personPath)).body.person.allocations).toEqual([]);
  });

  it('removes each of two allocations removed at the same moment once: the other request is a 404', async () => {
    const { client, orgId } = await signUpClient(context.app);
    const cy = await addPerson(client, orgId, 'Cy Dev');
    const team = (await client.post(`/orgs/${orgId}/teams`, { name: 'Platform' })).body.team;
    expect((await client.put(`/orgs/${orgId}/allocations`, { personId: cy, teamId: team.id, percent: 50 })).status).toBe(200);
    const [allocation] = (await client.get(`/orgs/${orgId}/people/${cy}`)).body.person.allocations;
    const answers = await Promise.all([0, 1].map(() => client.delete(`/orgs/${orgId}/allocations/${allocation.id}?baseToken=${allocation.editToken}`)));
    expect(answers.map((answer) => answer.status).sort()).toEqual([204, 404]);
    const removals = (await client.get(`/orgs/${orgId}/audit-events?action=allocation.removed`)).body.events;
    expect(removals).toHaveLength(1);
  });
});

describe('the last day of a departure, read from the admin\'s own calendar', () => {
  it('takes a day that has begun somewhere as today (a reader at UTC+14 is a day ahead of UTC), and refuses the day after', async () => {
    const { client: admin, orgId, userId } = await signUpClient(context.app);
    const ana = await addPerson(admin, orgId, 'Ana Chief', { role: 'CEO', level: 10 });
    const ben = await addPerson(admin, orgId, 'Ben Vee', { managerId: ana });
    const actor: OrgActor = { userId, orgId, role: 'admin' };
    // 10:30 UTC on Nov 27 is 00:30 on Nov 28 in Kiritimati: the form there starts the field at Nov 28.
    const now = new Date('2026-11-27T10:30:00Z');
    const later = recordDeparture(context.database.db, actor, ben, { leftOn: '2026-11-29' }, now);
    await expect(later).rejects.toMatchObject({ code: 'validation_failed', details: { field: 'leftOn' }, message: 'leftOn: record a departure on or after the last day (Nov 29, 2026 is still to come).' });
    const left = await recordDeparture(context.database.db, actor, ben, { leftOn: '2026-11-28' }, now);
    expect(left.person.leftOn).toBe('2026-11-28');
  });
});
