import { describe, expect, it } from 'vitest';
import { callApi, expectNoSeriousAxeViolations, useBrowserStack, useSignedInDemo } from '../support/browser.js';

const stack = useBrowserStack();
const demo = useSignedInDemo(stack);

describe('people CSV import page', () => {
  it('lists every problem of a refused file by line in one attempt, writes nothing, and passes axe', async () => {
    const page = await demo.page();
    // Someone who left the company: a file that updates them is refused.
    const { person } = await callApi(page.request, 'POST', `/orgs/${demo.orgId}/people`, { name: 'Lee Gone', email: 'lee.gone@example.test', role: 'Engineer', level: 4 });
    await callApi(page.request, 'POST', `/orgs/${demo.orgId}/people/${person.id}/departure`, { leftOn: '2026-11-20' });
    const csv = [
      'name,email,role,level,manager_email',
      'Ivo Loop,ivo.loop@example.test,Engineer,5,ula.loop@example.test',
      'Ula Loop,ula.loop@example.test,Engineer,5,ivo.loop@example.test',
      'Pat Newer,pat.newer@example.test,Engineer,5,ghost@example.test',
      'Row Broken,row.broken@example.test,Engineer,level five,',
      'Lee Gone,lee.gone@example.test,Engineer,4,',
    ].join('\n');
    const before = (await callApi(page.request, 'GET', `/orgs/${demo.orgId}/people`)).people.length;

    await page.goto(`/o/${demo.orgId}/people`);
    await page.getByRole('heading', { level: 1, name: 'People' }).waitFor();
    await page.getByLabel('CSV file').setInputFiles({ name: 'org.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    const refusal = page.getByRole('alert').filter({ hasText: 'Nothing was imported' });
    await refusal.waitFor();
    expect(await refusal.locator('p').textContent()).toBe('Nothing was imported: org.csv has 4 problems. Fix them all, then choose the file again.');
    const problems = refusal.getByRole('list', { name: 'Problems in org.csv, by line' }).getByRole('listitem');
    expect(await problems.allTextContents()).toEqual([
      'Line 2, manager_email: makes a reporting cycle: ivo.loop@example.test → ula.loop@example.test → ivo.loop@example.test',
      'Line 4, manager_email: "ghost@example.test" is neither in the file nor in the org',
      'Line 5, level: must be a whole number from 1 to 12',
      'Line 6, email: "lee.gone@example.test" left the company on Nov 20, 2026; their record is kept as it was',
    ]);
    await expectNoSeriousAxeViolations(page, 'people import refused');
    expect((await callApi(page.request, 'GET', `/orgs/${demo.orgId}/people`)).people).toHaveLength(before);

    // A file with more problems than one refusal lists says how many more there are.
    const many = ['name,email,role,level', ...Array.from({ length: 130 }, (_, index) => `Many ${index},many${index}@example.test,Engineer,99`)].join('\n');
    await page.getByLabel('CSV file').setInputFiles({ name: 'many.csv', mimeType: 'text/csv', buffer: Buffer.from(many) });
    const longRefusal = page.getByRole('alert').filter({ hasText: 'many.csv has 130 problems' });
    await longRefusal.waitFor();
    const listed = longRefusal.getByRole('listitem');
    expect(await listed.count()).toBe(101);
    expect(await listed.last().textContent()).toBe('…and 30 more, not listed here: fix these and import the file again to see them.');
  });
});
