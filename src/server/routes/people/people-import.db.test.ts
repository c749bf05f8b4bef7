import { describe, expect, it } from 'vitest';
import { signUpClient, useTestApp } from '../../../../test/support/test-app.js';

const context = useTestApp();

const HEADER = 'name,email,role,level,manager_email,dotted_line_manager_email,team,team_percent';

describe('people CSV import: every problem in one report', () => {
  it('lists a malformed row and every problem against the org by line and field, and writes nothing', async () => {
    const { client: admin, orgId, email } = await signUpClient(context.app);
    await admin.post(`/orgs/${orgId}/people/me`, { role: 'Founder', level: 8 });
    const first = [HEADER, 'Ana Chief,ana@example.test,CEO,10,,,,', 'Ben Vee,ben@example.test,VP,9,ana@example.test,,Platform,', 'Lou Gone,lou@example.test,Engineer,4,ben@example.test,,Night shift,'].join('\n');
    expect((await admin.post(`/orgs/${orgId}/people/import`, { csv: first })).status).toBe(200);
    const people = (await admin.get(`/orgs/${orgId}/people`)).body.people as { id: string; name: string; managerId: string | null }[];
    const idOf = (name: string) => people.find((person) => person.name === name)!.id;
    expect((await admin.post(`/orgs/${orgId}/people/${idOf('Lou Gone')}/departure`, { leftOn: '2026-11-20' })).status).toBe(200);
    const nightShift = (await admin.get(`/orgs/${orgId}/teams`)).body.teams.find((team: { name: string }) => team.name === 'Night shift');
    expect((await admin.post(`/orgs/${orgId}/teams/${nightShift.id}/archive`, {})).status).toBe(200);
    const before = (await admin.get(`/orgs/${orgId}/people`)).body.people;

    const csv = [
      HEADER,
      `Me,${email},CEO,12,,,,`, // 2: the importer's own level
      'Ana Chief,ana@example.test,CEO,10,ben@example.test,,,', // 3: Ana under Ben, who is under Ana
      'New Hire,new@example.test,Engineer,5,ghost@example.test,,Platform,', // 4: an unknown manager
      'Bad Row,bad@example.test,Engineer,5,ana@example.test,,Platform,200', // 5: cannot be read (the percent)
      'Lou Gone,lou@example.test,Engineer,4,ben@example.test,,,', // 6: left the company
      'Nia Night,nia@example.test,Operator,4,bad@example.test,,night shift,', // 7: an archived team; her manager's row is bad, no more
    ].join('\n');
    const refused = await admin.post(`/orgs/${orgId}/people/import`, { csv, fileName: 'org.csv' });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: 'invalid_data', line: 2, field: 'level' });
    expect(refused.body.error.message).toMatch(/^org\.csv:2: level is your own level \(8 now\).* \(and 5 more problems\)\. Nothing was imported\.$/);
    expect(refused.body.error.data.total).toBe(6);
    expect(refused.body.error.data.errors).toEqual([
      { line: 2, field: 'level', message: 'is your own level (8 now): another admin changes it, since your reviews and promotions are judged at it; keep 8 in this row' },
      { line: 3, field: 'manager_email', message: 'makes a reporting cycle: ana@example.test → ben@example.test → ana@example.test' },
      { line: 4, field: 'manager_email', message: '"ghost@example.test" is neither in the file nor in the org' },
      { line: 5, field: 'team_percent', message: 'must be a whole number from 1 to 100' },
      { line: 6, field: 'email', message: '"lou@example.test" left the company on Nov 20, 2026; their record is kept as it was' },
      { line: 7, field: 'team', message: '"Night shift" is archived and takes no people: restore it first, or name another team' },
    ]);
    // All or nothing: nobody added or changed, no team made.
    expect((await admin.get(`/orgs/${orgId}/people`)).body.people).toEqual(before);
    expect((await admin.get(`/orgs/${orgId}/teams`)).body.teams.map((team: { name: string }) => team.name)).toEqual(['Platform']);
  });

  it('lists the first hundred problems by line and counts them all', async () => {
    const { client, orgId } = await signUpClient(context.app);
    const rows = Array.from({ length: 300 }, (_, index) => `Person ${index},p${index}@example.test,Engineer,${index % 2 === 0 ? 5 : 50},,,,`);
    const refused = await client.post(`/orgs/${orgId}/people/import`, { csv: [HEADER, ...rows].join('\n'), fileName: 'big.csv' });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toBe('big.csv:3: level must be a whole number from 1 to 12 (and 149 more problems). Nothing was imported.');
    expect(refused.body.error.data.total).toBe(150);
    expect(refused.body.error.data.errors).toHaveLength(100);
    expect(refused.body.error.data.errors.at(-1)).toEqual({ line: 201, field: 'level', message: 'must be a whole number from 1 to 12' });
    expect((await client.get(`/orgs/${orgId}/people`)).body.people).toEqual([]);
  });
});
