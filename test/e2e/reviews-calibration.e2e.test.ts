import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { callApi, expectNoSeriousAxeViolations, useBrowserStack, useSignedInDemo } from '../support/browser.js';
import { writtenEvidence } from '../support/evidence.js';

const stack = useBrowserStack();
const demo = useSignedInDemo(stack);

/** Calls the demo org's API as the signed-in demo admin. */
const apiAs = (page: Page, method: 'GET' | 'PUT' | 'POST' | 'DELETE', path: string, body?: unknown) => callApi(page.request, method, `/orgs/${demo.orgId}${path}`, body);

interface DemoPerson {
  id: string;
  name: string;
  role: string;
  level: number;
  leftOn: string | null;
  userId: string | null;
}

interface CalibrationGroup {
  role: string;
  level: number;
  people: { name: string; isThin: boolean; isInAverages: boolean; ratings: Record<string, number> }[];
  principleAverages: Record<string, number>;
  principleRatingCounts: Record<string, number>;
  thinLeftOut: number;
}

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;
/** A group's "Reviews averaged" cell: how many, and how many thin ones were left out or counted in. */
const reviewsCell = (group: CalibrationGroup, includesThin: boolean) => {
  const thin = group.people.filter((person) => person.isThin).length;
  const note = group.thinLeftOut > 0 ? ` (${plural(group.thinLeftOut, 'thin review', 'thin reviews')} left out)` : includesThin && thin > 0 ? ` (${plural(thin, 'thin review', 'thin reviews')} included)` : '';
  return `${group.people.filter((person) => person.isInAverages).length}${note}`;
};
/** A group's cell for one principle: the average and how many ratings it rests on, or a dash. */
const averageCell = (group: CalibrationGroup, principleId: string) => {
  const count = group.principleRatingCounts[principleId];
  return `${group.principleAverages[principleId] ?? '—'}${count === undefined ? '' : ` (${plural(count, 'rating', 'ratings')})`}`;
};

/** The page fits the viewport's width: nothing on it widens the page so that it scrolls sideways. */
const fitsWidth = async (page: Page, width: number) => expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);

describe('calibration and the evidence ledger', () => {
  it('shows the calibration chair each group\'s average per principle, side by side, on a desktop and stacked on a phone', async () => {
    const page = await demo.page();
    const cycleId = ((await apiAs(page, 'GET', '/review-cycles')).cycles as { id: string; name: string }[]).find((cycle) => cycle.name === '2026 H2')!.id;
    // A second group to compare with the demo's Software Engineer L6: someone of another role or level, reviewed now.
    const people = (await apiAs(page, 'GET', '/people')).people as DemoPerson[];
    const session = await (await page.request.get('/api/v1/auth/session')).json();
    const other = people.find((person) => person.leftOn === null && person.userId !== session.user.id && !(person.role === 'Software Engineer' && person.level === 6))!;
    const principles = (await apiAs(page, 'GET', '/principles')).principles as { id: string; title: string; status: string }[];
    const [first, second] = principles.filter((principle) => principle.status === 'active');
    await apiAs(page, 'PUT', `/review-cycles/${cycleId}/reviews/${other.id}`, { ratings: [{ principleId: first!.id, rating: 2, evidence: writtenEvidence('first') }, { principleId: second!.id, rating: 5, evidence: writtenEvidence('second') }], baseVersion: 0 });
    const calibration = await apiAs(page, 'GET', `/review-cycles/${cycleId}/calibration`);
    const groups = calibration.groups as CalibrationGroup[];
    expect(groups.length).toBeGreaterThanOrEqual(2);

    await page.goto(`/o/${demo.orgId}/reviews/${cycleId}`);
    const table = page.getByRole('table').filter({ has: page.getByRole('columnheader', { name: 'Group' }) });
    await page.getByRole('heading', { level: 3, name: 'Average rating per principle, by group' }).waitFor();
    // One row per group, in the order of the groups below it; each principle's cell is the group's average with how many
    // ratings it rests on, a dash where none of the reviews averaged rates it.
    const rows = table.getByRole('row');
    expect(await rows.count()).toBe(groups.length + 1);
    const headers = await table.getByRole('columnheader').allTextContents();
    expect(headers.slice(0, 2)).toEqual(['Group', 'Reviews averaged']);
    for (const [index, group] of groups.entries()) {
      const cells = await rows.nth(index + 1).getByRole('cell').allTextContents();
      expect(cells).toEqual([`${group.role} L${group.level}`, reviewsCell(group, false), ...calibration.principles.map((principle: { id: string }) => averageCell(group, principle.id))]);
    }
    // The demo's Software Engineer L6 has a thin review: left out, its averages rest on the 2 full reviews.
    const engineers = rows.filter({ hasText: 'Software Engineer L6' });
    expect(await engineers.getByRole('cell').nth(1).textContent()).toBe('2 (1 thin review left out)');
    expect(await engineers.getByRole('cell').allTextContents()).toContain('4.5 (2 ratings)');
    // The group just reviewed has one thin review only: no average rests on it.
    const otherRow = rows.filter({ hasText: `${other.role} L${other.level}` });
    const firstColumn = 2 + calibration.principles.findIndex((principle: { id: string }) => principle.id === first!.id);
    expect(await otherRow.getByRole('cell').nth(firstColumn).textContent()).toBe('—');
    await expectNoSeriousAxeViolations(page, 'calibration');

    // On a phone each group is a block, every average under its principle's name, and nothing scrolls sideways.
    await page.setViewportSize({ width: 390, height: 844 });
    const firstCell = otherRow.getByRole('cell').nth(firstColumn);
    expect(await firstCell.getAttribute('data-label')).toBe(first!.title);
    expect(await firstCell.evaluate((cell) => getComputedStyle(cell).display)).toBe('block');
    const box = await firstCell.boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(390);
    await fitsWidth(page, 390);
    await expectNoSeriousAxeViolations(page, 'calibration on a phone');
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('lets the chair narrow calibration to a role and level and count thin reviews in, kept in the address to share', async () => {
    const page = await demo.page();
    const cycleId = ((await apiAs(page, 'GET', '/review-cycles')).cycles as { id: string; name: string }[]).find((cycle) => cycle.name === '2026 H2')!.id;
    const cyclePath = `/o/${demo.orgId}/reviews/${cycleId}`;
    await page.goto(cyclePath);
    const section = page.locator('section[aria-labelledby="calibration-heading"]');
    const averages = section.getByRole('table').filter({ has: page.getByRole('columnheader', { name: 'Group' }) });
    await averages.waitFor();
    const role = section.getByRole('combobox', { name: 'Role' });
    const level = section.getByRole('combobox', { name: 'Level' });
    const toggle = section.getByRole('checkbox', { name: 'Count thin reviews in the group averages' });
    expect(await toggle.isChecked()).toBe(false);

    await role.selectOption('Software Engineer');
    await level.selectOption('6');
    await page.waitForURL((url) => url.search === '?role=Software+Engineer&level=6');
    await expect.poll(() => averages.getByRole('row').count()).toBe(2);
    const engineers = averages.getByRole('row').nth(1);
    expect(await engineers.getByRole('cell').nth(1).textContent()).toBe('2 (1 thin review left out)');
    expect(await section.getByRole('status').textContent()).toBe('1 thin review left out of these averages: listed, marked, in their groups below.');
    // The thin review is still listed in its group, marked.
    expect(await section.getByRole('row').filter({ hasText: 'Noor Haddad' }).getByText('Thin review').count()).toBe(1);

    // Counted in from the keyboard: the averages are the API's with includeThin, and so is the count they rest on.
    await toggle.focus();
    await page.keyboard.press('Space');
    await page.waitForURL((url) => url.search === '?role=Software+Engineer&level=6&includeThin=true');
    await expect.poll(() => engineers.getByRole('cell').nth(1).textContent()).toBe('3 (1 thin review included)');
    const counted = await apiAs(page, 'GET', `/review-cycles/${cycleId}/calibration?role=Software%20Engineer&level=6&includeThin=true`);
    const [group] = counted.groups as CalibrationGroup[];
    expect(await engineers.getByRole('cell').allTextContents()).toEqual([`${group!.role} L${group!.level}`, reviewsCell(group!, true), ...counted.principles.map((principle: { id: string }) => averageCell(group!, principle.id))]);

    // A shared link opens the same view.
    await page.reload();
    await averages.waitFor();
    expect([await role.inputValue(), await level.inputValue(), await toggle.isChecked()]).toEqual(['Software Engineer', '6', true]);

    // A filter that matches nobody says so and how to get out of it; clearing keeps the toggle and hands the keyboard back to the filters.
    await page.goto(`${cyclePath}?role=software%20engineer&level=12&includeThin=true`);
    const empty = section.getByRole('status');
    await expect.poll(() => empty.textContent()).toBe('No review in this cycle is of a Software Engineer at L12 (people who have left are not calibrated): clear the filters to see every role and level.');
    await expectNoSeriousAxeViolations(page, 'calibration filtered to nobody');
    await section.getByRole('button', { name: 'Clear filters' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.search === '?includeThin=true');
    await averages.waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('calibration-role');
    expect(await section.getByRole('button', { name: 'Clear filters' }).count()).toBe(0);
  });

  it('stacks the ledger on a phone, its Correct and Delete in sight without scrolling sideways', async () => {
    const page = await demo.page();
    const tomas = ((await apiAs(page, 'GET', '/people')).people as DemoPerson[]).find((person) => person.name === 'Tomas Berg')!.id;
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`/o/${demo.orgId}/people/${tomas}`);
    const ledger = page.locator('section[aria-labelledby="ledger-heading"]');
    const remove = ledger.getByRole('button', { name: 'Delete' }).first();
    await remove.scrollIntoViewIfNeeded();
    const box = await remove.boundingBox();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(390);
    // The table fits: it does not scroll inside its own box either.
    expect(await ledger.locator('.table-scroll').evaluate((element) => element.scrollWidth <= element.clientWidth + 1)).toBe(true);
    expect(await ledger.getByRole('cell', { name: /two weeks early/ }).first().getAttribute('data-label')).toBe('Evidence');
    await fitsWidth(page, 390);
    await expectNoSeriousAxeViolations(page, 'ledger on a phone');
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('names a ledger entry deleted while a promotion case cited it, reads the ledger again and keeps the case as typed', async () => {
    const page = await demo.page();
    const tomas = ((await apiAs(page, 'GET', '/people')).people as DemoPerson[]).find((person) => person.name === 'Tomas Berg')!.id;
    const titled = Object.fromEntries(((await apiAs(page, 'GET', '/principles')).principles as { id: string; title: string }[]).map((found) => [found.title, found.id]));
    // Two more Deliver Results entries: one is deleted while the form is open, the other is still there to cite.
    const doomedText = 'Cut the gripper test run from an hour to ten minutes.';
    const doomed = (await apiAs(page, 'POST', `/ledgers/${tomas}/evidence`, { principleId: titled['Deliver Results'], text: doomedText })).id as string;
    await apiAs(page, 'POST', `/ledgers/${tomas}/evidence`, { principleId: titled['Deliver Results'], text: 'Shipped the arm firmware update a sprint early.' });
    await page.goto(`/o/${demo.orgId}/people/${tomas}`);
    const form = page.locator('form').filter({ has: page.getByRole('heading', { name: 'Write a promotion case' }) });
    await form.waitFor();
    const sections: [string, string, string][] = [
      ['Ownership', 'Owns the on-call rota for the whole arm stack.', '5'],
      ['Customer Obsession', 'Brought the pilot customers\' three complaints into the roadmap.', '4'],
      ['Deliver Results', 'Shipped the calibration tool two weeks early, tests included.', '4'],
    ];
    for (const [title, narrative, score] of sections) {
      await form.getByLabel(title, { exact: true }).fill(narrative);
      await form.getByLabel(`Score for ${title}`).selectOption(score);
    }
    const casesBefore = await page.getByRole('heading', { level: 3, name: /^L6 → L7/ }).count();
    // Someone deletes one of the Deliver Results entries the case cites, before it is saved.
    const { evidence } = await apiAs(page, 'GET', `/ledgers/${tomas}`);
    const { editToken } = (evidence as { id: string; editToken: string }[]).find((entry) => entry.id === doomed)!;
    await apiAs(page, 'DELETE', `/ledgers/${tomas}/evidence/${doomed}?baseToken=${encodeURIComponent(editToken)}`);
    await form.getByRole('button', { name: 'Save promotion case' }).click();
    // The refusal names the entry at the section that cited it; the ledger is read again (the entry leaves the table),
    // and every word and score typed stays.
    await form.locator('.field--invalid .field__error').filter({ hasText: `The ledger entry “${doomedText}” (Deliver Results) was deleted after you opened this form` }).waitFor();
    await expect.poll(async () => page.locator('section[aria-labelledby="ledger-heading"]').getByRole('cell', { name: doomedText }).count()).toBe(0);
    for (const [title, narrative, score] of sections) {
      expect(await form.getByLabel(title, { exact: true }).inputValue()).toBe(narrative);
      expect(await form.getByLabel(`Score for ${title}`).inputValue()).toBe(score);
    }
    expect(await page.getByRole('heading', { level: 3, name: /^L6 → L7/ }).count()).toBe(casesBefore);
    await expectNoSeriousAxeViolations(page, 'promotion case refused');
    // Saved again, it cites what the ledger holds now.
    await form.getByRole('button', { name: 'Save promotion case' }).click();
    await expect.poll(async () => page.getByRole('heading', { level: 3, name: /^L6 → L7/ }).count()).toBe(casesBefore + 1);
    const { promotionCases } = await apiAs(page, 'GET', `/ledgers/${tomas}`);
    const cited = (promotionCases[0].sections as { title: string; evidence: { text: string }[] }[]).find((section) => section.title === 'Deliver Results')!.evidence.map((entry) => entry.text);
    expect(cited).toContain('Shipped the arm firmware update a sprint early.');
    expect(cited).not.toContain(doomedText);
  });

  it('names a ledger entry deleted while a review cited it, unticks it and keeps the review as typed, so the next save goes through', async () => {
    const page = await demo.page();
    const tomas = ((await apiAs(page, 'GET', '/people')).people as DemoPerson[]).find((person) => person.name === 'Tomas Berg')!.id;
    const titled = Object.fromEntries(((await apiAs(page, 'GET', '/principles')).principles as { id: string; title: string }[]).map((found) => [found.title, found.id]));
    const doomedText = 'Closed the last gripper bug before the pilot started.';
    const doomed = (await apiAs(page, 'POST', `/ledgers/${tomas}/evidence`, { principleId: titled['Dive Deep'], text: doomedText })).id as string;
    const cycleId = ((await apiAs(page, 'GET', '/review-cycles')).cycles as { id: string; name: string }[]).find((cycle) => cycle.name === '2026 H2')!.id;
    await page.goto(`/o/${demo.orgId}/reviews/${cycleId}`);
    await page.getByRole('combobox', { name: 'Person' }).selectOption({ label: 'Tomas Berg — Software Engineer' });
    await page.getByRole('heading', { name: 'Edit Tomas Berg\'s review' }).waitFor();
    const diveDeep = page.getByRole('group', { name: 'Dive Deep' });
    const written = 'Traced the gripper drift to a loose encoder by reading the raw logs himself.';
    await diveDeep.getByRole('textbox', { name: 'Evidence for Dive Deep' }).fill(written);
    await diveDeep.getByRole('checkbox', { name: `Cite from the ledger: ${doomedText}` }).check();
    // Someone deletes the entry before the review citing it is saved.
    const { evidence } = await apiAs(page, 'GET', `/ledgers/${tomas}`);
    const { editToken } = (evidence as { id: string; editToken: string }[]).find((entry) => entry.id === doomed)!;
    await apiAs(page, 'DELETE', `/ledgers/${tomas}/evidence/${doomed}?baseToken=${encodeURIComponent(editToken)}`);
    await page.getByRole('button', { name: 'Save review' }).click();
    await diveDeep.locator('.field--invalid .field__error').filter({ hasText: `The ledger entry “${doomedText}” (Dive Deep) was deleted after you opened this form` }).waitFor();
    await expect.poll(async () => diveDeep.getByRole('checkbox', { name: `Cite from the ledger: ${doomedText}` }).count()).toBe(0);
    expect(await diveDeep.getByRole('textbox', { name: 'Evidence for Dive Deep' }).inputValue()).toBe(written);
    await expectNoSeriousAxeViolations(page, 'review refused');
    // Saved again, the review no longer cites the entry that is gone.
    await page.getByRole('button', { name: 'Save review' }).click();
    await expect
      .poll(async () => ((await apiAs(page, 'GET', `/review-cycles/${cycleId}`)).reviews as { name: string; ratings: { title: string; evidence: string }[] }[]).find((review) => review.name === 'Tomas Berg')!.ratings.find((rating) => rating.title === 'Dive Deep')?.evidence)
      .toBe(written);
  });
});
