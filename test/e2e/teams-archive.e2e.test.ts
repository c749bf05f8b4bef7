import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { callApi, expectNoSeriousAxeViolations, newPerson, useBrowserStack, useSignedInDemo } from '../support/browser.js';

const stack = useBrowserStack();
const demo = useSignedInDemo(stack);

/** Calls the demo org's API as the signed-in demo admin. */
const apiAs = (page: Page, method: 'GET' | 'PUT' | 'POST' | 'PATCH', path: string, body?: unknown) => callApi(page.request, method, `/orgs/${demo.orgId}${path}`, body);

async function openTeams(page: Page): Promise<void> {
  await page.goto(`/o/${demo.orgId}/teams`);
  await page.getByRole('heading', { level: 2, name: 'Teams' }).waitFor();
  await page.getByRole('button', { name: 'Rename Gripper', exact: true }).waitFor();
}

/** The accessible name of what has keyboard focus: its aria-label, else its text (a button's hidden words included). */
const focused = (page: Page) => page.evaluate(() => {
  const element = document.activeElement;
  return element === null || element === document.body ? 'body' : (element.getAttribute('aria-label') ?? element.textContent ?? '').trim();
});

describe('keyboard focus after Remove', () => {
  it('moves focus to the next member\'s Remove on a team\'s row, then the last one\'s, then the row\'s "Add someone" once nobody is left', async () => {
    const page = await demo.page();
    const { team } = await apiAs(page, 'POST', '/teams', { name: 'Focus crew' });
    for (const name of ['Ada Focus', 'Bea Focus', 'Cal Focus']) {
      const { person } = await apiAs(page, 'POST', '/people', { name, email: `${name.toLowerCase().replace(' ', '.')}@example.test`, role: 'Operator', level: 4 });
      await apiAs(page, 'PUT', '/allocations', { personId: person.id, teamId: team.id, percent: 10 });
    }
    await openTeams(page);
    // Bea, in the middle: the keyboard goes on to Cal, who is now where she was.
    await page.getByRole('button', { name: 'Remove Bea Focus from Focus crew' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => focused(page)).toBe('Remove Cal Focus from Focus crew');
    // Cal, the last: to the one before, Ada.
    await page.keyboard.press('Enter');
    await expect.poll(() => focused(page)).toBe('Remove Ada Focus from Focus crew');
    // Ada, the only one: to the row's "Add someone", where the team is built again.
    await page.keyboard.press('Enter');
    await expect.poll(() => focused(page)).toBe('Person to add to Focus crew');
  });

  it('moves focus to the next allocation\'s Remove on a person\'s page, then to the Allocations heading once none is left', async () => {
    const page = await demo.page();
    const { person } = await apiAs(page, 'POST', '/people', { name: 'Dee Focus', email: 'dee.focus@example.test', role: 'Operator', level: 4 });
    const { teams } = await apiAs(page, 'GET', '/teams');
    for (const name of ['Platform', 'Recruiting']) await apiAs(page, 'PUT', '/allocations', { personId: person.id, teamId: teams.find((team: { name: string }) => team.name === name).id, percent: 10 });
    await page.goto(`/o/${demo.orgId}/people/${person.id}`);
    await page.getByRole('button', { name: 'Remove allocation to Platform' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => focused(page)).toBe('Remove allocation to Recruiting');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('allocations-heading');
  });

  it('moves focus to the members list after removing a member on the Members page', async () => {
    const page = await demo.page();
    const invitee = newPerson('leaver');
    const { url } = await apiAs(page, 'POST', '/invitations', { email: invitee.email, role: 'member' });
    const joined = await fetch(`${stack.server.baseUrl}/api/v1/invitations/${new URL(url).pathname.split('/').pop()}/signup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: invitee.email, name: invitee.name, password: invitee.password }) });
    expect(joined.status).toBe(201);
    await page.goto(`/o/${demo.orgId}/members`);
    await page.getByRole('button', { name: `Remove ${invitee.name}` }).focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Remove this member?' });
    await dialog.getByRole('button', { name: 'Remove member' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('members-heading');
  });
});

describe('a member\'s role on the Members page', () => {
  it('saves nothing while the keyboard arrows through the roles, saves the pick with Save (keeping focus), and Escape puts it back', async () => {
    const page = await demo.page();
    const { members } = await apiAs(page, 'GET', '/members');
    const priya = members.find((member: { name: string }) => member.name === 'Priya Raman');
    expect(priya.role).toBe('member');
    await page.goto(`/o/${demo.orgId}/members`);
    const role = page.getByRole('combobox', { name: 'Role of Priya Raman' });
    await role.focus();
    // Up from Member passes Admin: nothing is saved on the way.
    await page.keyboard.press('ArrowUp');
    const save = page.getByRole('button', { name: 'Save the role of Priya Raman' });
    await save.waitFor();
    expect((await apiAs(page, 'GET', '/members')).members.find((member: { userId: string }) => member.userId === priya.userId).role).toBe('member');
    await page.keyboard.press('Escape');
    await save.waitFor({ state: 'detached' });
    expect(await role.inputValue()).toBe('member');
    expect(await focused(page)).toBe('Role of Priya Raman');

    await role.selectOption('recruiter');
    await save.click();
    await expect.poll(async () => (await apiAs(page, 'GET', '/members')).members.find((member: { userId: string }) => member.userId === priya.userId).role).toBe('recruiter');
    await save.waitFor({ state: 'detached' });
    expect(await role.inputValue()).toBe('recruiter');
    await apiAs(page, 'PATCH', `/members/${priya.userId}`, { role: 'member' });
  });
});

describe('archiving teams', () => {
  it('archives a done team from its row (out of the list and the pickers), lists it under Show archived teams, and restores it', async () => {
    const page = await demo.page();
    await apiAs(page, 'POST', '/teams', { name: 'Old night crew' });
    await openTeams(page);

    await page.getByRole('button', { name: 'Archive Old night crew', exact: true }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('teams-heading');
    expect(await page.getByRole('button', { name: 'Rename Old night crew', exact: true }).count()).toBe(0);
    const archive = page.getByRole('region', { name: /^Archived teams/ });
    await archive.getByRole('heading', { name: 'Archived teams (1)' }).waitFor();
    // Out of the pickers: the hiring form's team picker no longer offers it.
    expect((await apiAs(page, 'GET', '/teams')).teams.map((team: { name: string }) => team.name)).not.toContain('Old night crew');

    const toggle = archive.getByRole('button', { name: 'Show archived teams' });
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await toggle.click();
    const row = archive.getByRole('row', { name: /Old night crew/ });
    await row.waitFor();
    await expectNoSeriousAxeViolations(page, 'teams with the archive shown');
    await row.getByRole('button', { name: 'Restore Old night crew' }).click();
    await page.getByRole('button', { name: 'Rename Old night crew', exact: true }).waitFor();
    expect(await page.getByRole('region', { name: /^Archived teams/ }).count()).toBe(0);
  });

  it('refuses to archive a team people are on, beside its Archive button, saying what to do first', async () => {
    const page = await demo.page();
    await openTeams(page);
    const archiveButton = page.getByRole('button', { name: 'Archive Platform', exact: true });
    await archiveButton.click();
    const row = page.locator('tr', { has: archiveButton });
    await row.getByRole('alert').getByText('remove them from the team first').waitFor();
    expect(await focused(page)).toBe('Archive Platform');
    await page.getByRole('button', { name: 'Rename Platform', exact: true }).waitFor();
  });
});
