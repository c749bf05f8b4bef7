import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_LOGIN } from '../../src/services/demo/seed-demo-org.js';
import { callApi, expectNoSeriousAxeViolations, signedInPage, useBrowserStack, useSignedInDemo } from '../support/browser.js';

const stack = useBrowserStack();
const demo = useSignedInDemo(stack);

/** Calls the demo org's API as the signed-in demo admin. */
const apiAs = (page: Page, method: 'GET' | 'PUT' | 'POST', path: string, body?: unknown) => callApi(page.request, method, `/orgs/${demo.orgId}${path}`, body);

async function openTeams(page: Page): Promise<void> {
  await page.goto(`/o/${demo.orgId}/teams`);
  await page.getByRole('heading', { level: 2, name: 'Teams' }).waitFor();
  await page.getByRole('row', { name: /Gripper/ }).first().waitFor();
}

const rightEdge = (locator: Locator) => locator.evaluate((element) => element.getBoundingClientRect().right);

describe('teams on Teams & initiatives', () => {
  it('shows which initiative each team works on, and the Gripper team\'s people under Adaptive gripper', async () => {
    const page = await demo.page();
    await openTeams(page);
    const gripperRow = page.locator('tr', { has: page.getByRole('button', { name: 'Rename Gripper', exact: true }) });
    expect(await gripperRow.getByRole('link', { name: 'Adaptive gripper' }).count()).toBe(1);
    const recruitingRow = page.locator('tr', { has: page.getByRole('button', { name: 'Rename Recruiting', exact: true }) });
    expect(await recruitingRow.locator('td[data-label="Initiative"]').textContent()).toBe('none');
    // The initiative lists its leader and, team by team, the people of the team working on it.
    const initiativeRow = page.locator('tr', { has: page.getByRole('link', { name: 'Adaptive gripper', exact: true }) }).filter({ has: page.getByRole('combobox', { name: 'Status of Adaptive gripper' }) });
    const people = initiativeRow.locator('td[data-label="People"]');
    const text = (await people.textContent()) ?? '';
    expect(text).toContain('Kofi');
    expect(text).toMatch(/Gripper\s*single-threaded:/);
    for (const name of ['Sam Okafor', 'Ines Duarte']) expect(text).toContain(name);
  });

  it('renames a team, removes someone from its row, refuses to delete a team with people saying what to do first, then deletes it', async () => {
    const page = await demo.page();
    const { person: lena } = await apiAs(page, 'POST', '/people', { name: 'Lena Night', email: 'lena.night@example.test', role: 'Operator', level: 4 });
    const { teams } = await apiAs(page, 'GET', '/teams');
    const recruiting = teams.find((listed: { name: string }) => listed.name === 'Recruiting');
    const { team } = await apiAs(page, 'POST', '/teams', { name: 'Night shift' });
    await apiAs(page, 'PUT', '/allocations', { personId: lena.id, teamId: recruiting.id, percent: 50 });
    await apiAs(page, 'PUT', '/allocations', { personId: lena.id, teamId: team.id, percent: 20 });
    await openTeams(page);

    await page.getByRole('button', { name: 'Rename Night shift', exact: true }).click();
    const field = page.getByRole('textbox', { name: 'New name for Night shift' });
    await field.fill('Late shift');
    await field.press('Enter');
    await page.getByRole('button', { name: 'Rename Late shift', exact: true }).waitFor();

    // Lena is still on it: the delete is refused in the dialog, which names what to do first, and the team stays.
    await page.getByRole('button', { name: 'Delete Late shift', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete this team?' });
    await dialog.getByRole('button', { name: 'Delete team' }).click();
    await dialog.getByText('remove them from the team first').waitFor();
    await expectNoSeriousAxeViolations(page, 'teams with a refused delete');
    await dialog.getByRole('button', { name: 'Keep it' }).click();

    const row = page.locator('tr', { has: page.getByRole('button', { name: 'Rename Late shift', exact: true }) });
    await row.getByRole('button', { name: `Remove ${lena.name} from Late shift` }).click();
    await row.getByText('nobody').waitFor();
    // Only this team's share went: Lena stays on Recruiting.
    const { person } = await apiAs(page, 'GET', `/people/${lena.id}`);
    expect(person.allocations.map((allocation: { targetName: string }) => allocation.targetName)).toEqual(['Recruiting']);

    await page.getByRole('button', { name: 'Delete Late shift', exact: true }).click();
    await dialog.getByRole('button', { name: 'Delete team' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => page.getByRole('button', { name: 'Rename Late shift', exact: true }).count()).toBe(0);
    expect((await apiAs(page, 'GET', '/teams')).teams.map((listed: { name: string }) => listed.name)).not.toContain('Late shift');
  });

  it('stacks the members and teams tables on a 390-pixel phone, so Role and Single-threaded are in sight without scrolling sideways', async () => {
    const page = await demo.page();
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      await page.goto(`/o/${demo.orgId}/members`);
      const role = page.getByRole('combobox', { name: /^Role of / }).first();
      await role.waitFor();
      expect(await rightEdge(role)).toBeLessThanOrEqual(390);
      await openTeams(page);
      const box = page.getByRole('checkbox', { name: 'Gripper is single-threaded', exact: true });
      expect(await rightEdge(box)).toBeLessThanOrEqual(390);
      expect(await rightEdge(page.getByRole('combobox', { name: 'Status of Adaptive gripper' }))).toBeLessThanOrEqual(390);
      // No table scrolls inside its box either: each row is a block, its cells named by their column.
      for (const path of ['members', 'teams']) {
        if (path === 'members') await page.goto(`/o/${demo.orgId}/members`);
        else await openTeams(page);
        await page.locator('.table').first().waitFor();
        const overflowing = await page.locator('.table-scroll').evaluateAll((boxes) => boxes.filter((element) => element.scrollWidth > element.clientWidth + 1).length);
        expect(overflowing, path).toBe(0);
      }
      await expectNoSeriousAxeViolations(page, 'teams on a phone');
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
    }
  });
});

describe('a new team on Teams & initiatives', () => {
  it('offers no killed initiative to work on, and says under the field why one killed after the page loaded is refused', async () => {
    const page = await demo.page();
    const { initiative } = await apiAs(page, 'POST', '/initiatives', { name: 'Parcel drones', stlPersonId: null });
    await openTeams(page);
    const form = page.locator('form', { has: page.getByRole('button', { name: 'Create team' }) });
    const picker = form.getByRole('combobox', { name: 'Initiative it works on' });
    const offered = await picker.locator('option').allTextContents();
    // The demo's "Drone returns" was killed: nothing new works on it, so the form does not offer it.
    expect(offered).toContain('Adaptive gripper');
    expect(offered).not.toContain('Drone returns');

    // A colleague kills "Parcel drones" while this page is open; the refusal is shown under the picker, with the keyboard there.
    await apiAs(page, 'POST', `/pipeline/initiatives/${initiative.id}/moves`, { to: 'killed', reason: 'Regulators said no.' });
    await form.getByRole('textbox', { name: 'Name' }).fill('Drone crew');
    await picker.selectOption({ label: 'Parcel drones' });
    await form.getByRole('textbox', { name: 'Name' }).press('Enter');
    await expect.poll(() => picker.getAttribute('aria-invalid')).toBe('true');
    const described = ((await picker.getAttribute('aria-describedby')) ?? '').split(' ').filter(Boolean);
    const said = await Promise.all(described.map((id) => page.locator(`[id="${id}"]`).textContent()));
    expect(said.join(' ')).toMatch(/killed/i);
    expect(await picker.evaluate((element) => element === document.activeElement)).toBe(true);
    expect((await apiAs(page, 'GET', '/teams')).teams.map((listed: { name: string }) => listed.name)).not.toContain('Drone crew');
  });
});

describe('a single-threaded leader on Teams & initiatives', () => {
  it('staffs the single-threaded team of the initiative they lead from its row, and only that team', async () => {
    const admin = await demo.page();
    const { people } = await apiAs(admin, 'GET', '/people');
    const lena = people.find((person: { email: string }) => person.email === 'lena@pulse.example');
    // Lena, a recruiter, leaves Recruiting to lead "Lift assist" full time; Ada is new and free.
    const { person: before } = await apiAs(admin, 'GET', `/people/${lena.id}`);
    for (const allocation of before.allocations) await callApi(admin.request, 'DELETE', `/orgs/${demo.orgId}/allocations/${allocation.id}?baseToken=${allocation.editToken}`);
    const { person: ada } = await apiAs(admin, 'POST', '/people', { name: 'Ada Free', email: 'ada.free@example.test', role: 'Engineer', level: 4 });
    const { initiative } = await apiAs(admin, 'POST', '/initiatives', { name: 'Lift assist', stage: 'building', stlPersonId: lena.id });
    await apiAs(admin, 'POST', '/teams', { name: 'Lift crew', isSingleThreaded: true, initiativeId: initiative.id });

    const page = await signedInPage(stack, { email: 'lena@pulse.example', password: DEMO_LOGIN.password });
    await page.goto(`/o/${demo.orgId}/teams`);
    const picker = page.getByRole('combobox', { name: 'Person to add to Lift crew' });
    await picker.waitFor();
    // Other teams are read-only for her: staffing them is for admins.
    expect(await page.getByRole('combobox', { name: 'Person to add to Gripper' }).count()).toBe(0);
    await picker.focus();
    await picker.selectOption({ label: 'Ada Free — Engineer' });
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Remove Ada Free from Lift crew' }).waitFor();
    const { person } = await apiAs(admin, 'GET', `/people/${ada.id}`);
    expect(person.allocations.map((allocation: { targetName: string; percent: number }) => `${allocation.targetName} ${allocation.percent}`)).toEqual(['Lift crew 100']);
    await expectNoSeriousAxeViolations(page, 'teams as a single-threaded leader');
  });
});
