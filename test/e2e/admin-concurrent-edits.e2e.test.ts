import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { callApi, useBrowserStack, useSignedInDemo } from '../support/browser.js';

const stack = useBrowserStack();
const demo = useSignedInDemo(stack);

/** Calls the demo org's API as the signed-in demo admin (standing in for a colleague). */
const apiAs = (page: Page, method: 'GET' | 'PUT' | 'POST' | 'PATCH', path: string, body?: unknown) => callApi(page.request, method, `/orgs/${demo.orgId}${path}`, body);

describe('an admin\'s change made from a page a colleague changed meanwhile', () => {
  it('does not remove an allocation whose share a colleague changed, names the new share, and removes it when asked again', async () => {
    const page = await demo.page();
    const { person } = await apiAs(page, 'POST', '/people', { name: 'Removal Race', email: 'removal.race@example.test', role: 'Engineer', level: 5 });
    const { team } = await apiAs(page, 'POST', '/teams', { name: 'Removal race team' });
    await apiAs(page, 'PUT', '/allocations', { personId: person.id, teamId: team.id, percent: 50 });
    await page.goto(`/o/${demo.orgId}/people/${person.id}`);
    await page.getByRole('heading', { level: 1, name: 'Removal Race' }).waitFor();
    await page.getByRole('cell', { name: '50%' }).waitFor();
    // A colleague raises the share to 80% while this page still shows 50%.
    await apiAs(page, 'PUT', '/allocations', { personId: person.id, teamId: team.id, percent: 80 });
    await page.getByRole('button', { name: 'Remove allocation to Removal race team' }).click();
    await page.getByRole('alert').filter({ hasText: 'Someone changed Removal Race\'s allocation to Removal race team after you opened the page (from 50% to 80%), so it was not removed. Remove it again if you still mean to.' }).waitFor();
    await page.getByRole('cell', { name: '80%' }).waitFor();
    expect((await apiAs(page, 'GET', `/people/${person.id}`)).person.allocations).toMatchObject([{ percent: 80 }]);
    await page.getByRole('button', { name: 'Remove allocation to Removal race team' }).click();
    await page.getByText('Not allocated to any team or initiative.').waitFor();
    expect(await page.getByRole('alert').filter({ hasText: 'Removal race team' }).count()).toBe(0);
  });

  it('does not overwrite a role another admin changed, says what they chose, and applies the admin\'s choice on a second click', async () => {
    const page = await demo.page();
    const { members } = await apiAs(page, 'GET', '/members');
    const lena = members.find((member: { name: string }) => member.name === 'Lena Fischer');
    expect(lena.role).toBe('recruiter');
    await page.goto(`/o/${demo.orgId}/members`);
    const role = page.getByRole('combobox', { name: 'Role of Lena Fischer' });
    await role.waitFor();
    // Another admin makes Lena a member while this page still says recruiter; here, she is made an admin.
    await apiAs(page, 'PATCH', `/members/${lena.userId}`, { role: 'member' });
    await role.selectOption('admin');
    await page.getByRole('button', { name: 'Save the role of Lena Fischer' }).click();
    await page.getByRole('alert').filter({ hasText: 'Another admin changed Lena Fischer\'s role to member after you opened the page, so your choice (admin) was not saved.' }).waitFor();
    expect(await role.inputValue()).toBe('member');
    await page.getByRole('button', { name: 'Make them admin' }).click();
    await expect.poll(async () => (await apiAs(page, 'GET', '/members')).members.find((member: { userId: string }) => member.userId === lena.userId).role).toBe('admin');
    expect(await role.inputValue()).toBe('admin');
    expect(await page.getByRole('alert').filter({ hasText: 'Lena Fischer' }).count()).toBe(0);
    await apiAs(page, 'PATCH', `/members/${lena.userId}`, { role: 'recruiter' });
  });

  it('does not move principles on a list a colleague changed, nor retire one they reworded, and names what they did', async () => {
    const page = await demo.page();
    await page.goto(`/o/${demo.orgId}/principles`);
    const list = page.getByRole('list', { name: 'Active principles' });
    await list.getByRole('listitem').first().waitFor();
    const before = await list.getByRole('heading', { level: 2 }).allTextContents();
    // A colleague adds a principle; here, the second one is moved up from the list read before it.
    const { principle: added } = await apiAs(page, 'POST', '/principles', { title: 'Write It Down', summary: 'Decisions live in documents, not in meetings.' });
    await page.getByRole('button', { name: `Move ${before[1]} up` }).click();
    await page.getByRole('alert').filter({ hasText: 'Someone added “Write It Down” after you opened this page. The page now shows their version; your change was not made: make it again if you still mean to.' }).waitFor();
    expect(await list.getByRole('heading', { level: 2 }).allTextContents()).toEqual([...before, 'Write It Down']);
    const { principles } = await apiAs(page, 'GET', '/principles');
    expect(principles.map((principle: { title: string }) => principle.title)).toEqual([...before, 'Write It Down']);
    // Read again, the move goes through.
    await page.getByRole('button', { name: `Move ${before[1]} up` }).click();
    await expect.poll(async () => (await apiAs(page, 'GET', '/principles')).principles[0].title).toBe(before[1]);
    // A colleague rewords the new principle; retiring it from the wording shown here is refused, and the new one shows.
    await apiAs(page, 'PATCH', `/principles/${added.id}`, { title: 'Write It Down', summary: 'Decisions live in six-page memos.', expectedVersion: 1 });
    await page.getByRole('button', { name: 'Retire Write It Down' }).click();
    await page.getByRole('alert').filter({ hasText: 'Someone reworded “Write It Down” after you opened this page.' }).waitFor();
    await list.getByText('Decisions live in six-page memos.').waitFor();
    expect((await apiAs(page, 'GET', `/principles/${added.id}`)).principle.status).toBe('active');
    await page.getByRole('button', { name: 'Retire Write It Down' }).click();
    await page.getByRole('heading', { level: 2, name: 'Retired principles' }).waitFor();
    expect((await apiAs(page, 'GET', `/principles/${added.id}`)).principle.status).toBe('retired');
  });
});

describe('building a team from its row', () => {
  it('adds someone to a team with a share, and does not put a share over one a colleague set meanwhile', async () => {
    const page = await demo.page();
    const { team } = await apiAs(page, 'POST', '/teams', { name: 'Row-built team' });
    const { person: ada } = await apiAs(page, 'POST', '/people', { name: 'Ada Rowbuilt', email: 'ada.rowbuilt@example.test', role: 'Engineer', level: 5 });
    const { person: bo } = await apiAs(page, 'POST', '/people', { name: 'Bo Rowbuilt', email: 'bo.rowbuilt@example.test', role: 'Engineer', level: 5 });
    await page.goto(`/o/${demo.orgId}/teams`);
    const pick = page.getByRole('combobox', { name: 'Person to add to Row-built team' });
    await pick.selectOption({ label: 'Ada Rowbuilt — Engineer' });
    await page.getByRole('spinbutton', { name: 'Percent of their time on Row-built team' }).fill('40');
    await page.getByRole('button', { name: 'Add to Row-built team' }).click();
    const row = page.getByRole('row').filter({ hasText: 'Row-built team' });
    await row.getByRole('link', { name: 'Ada Rowbuilt' }).waitFor();
    expect(await row.textContent()).toContain('Ada Rowbuilt 40%');
    expect((await apiAs(page, 'GET', `/people/${ada.id}`)).person.allocations).toMatchObject([{ teamId: team.id, percent: 40 }]);
    // A colleague puts Bo on the team at 30% while this page still shows him off it; here, he is added at 100%.
    await pick.selectOption({ label: 'Bo Rowbuilt — Engineer' });
    await apiAs(page, 'PUT', '/allocations', { personId: bo.id, teamId: team.id, percent: 30 });
    await page.getByRole('button', { name: 'Add to Row-built team' }).click();
    await row.getByRole('alert').filter({ hasText: 'Someone put Bo Rowbuilt on Row-built team (30%) after you opened the page: it now shows theirs. Change the share on their page.' }).waitFor();
    await row.getByRole('link', { name: 'Bo Rowbuilt' }).waitFor();
    expect((await apiAs(page, 'GET', `/people/${bo.id}`)).person.allocations).toMatchObject([{ teamId: team.id, percent: 30 }]);
  });
});

describe('importing people from a CSV file', () => {
  it('says what is wrong with a refused file, and imports the fixed file chosen again under the same name', async () => {
    const page = await demo.page();
    await page.goto(`/o/${demo.orgId}/people`);
    const input = page.getByLabel('CSV file');
    await input.waitFor();
    const file = (text: string) => ({ name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from(text) });
    // Saved by a spreadsheet that separates columns with semicolons: said so, rather than "lacks the column name".
    await input.setInputFiles(file('name;email;role;level\nIma Port;ima.port@example.test;Engineer;5\n'));
    await page.getByRole('alert').filter({ hasText: 'people.csv:1: the columns are separated by semicolons; Pulse reads commas.' }).waitFor();
    expect(await input.inputValue()).toBe('');
    await input.setInputFiles(file('name,email,role,level\nIma Port,ima.port@example.test,Engineer,five\n'));
    await page.getByRole('alert').filter({ hasText: 'Line 2, level: must be a whole number from 1 to 12' }).waitFor();
    await input.setInputFiles(file('name,email,role,level\nIma Port,ima.port@example.test,Engineer,5\n'));
    await page.getByRole('status').filter({ hasText: 'Imported: 1 new, 0 updated, 0 new teams.' }).waitFor();
    await page.getByRole('link', { name: 'Ima Port' }).waitFor();
  });
});
