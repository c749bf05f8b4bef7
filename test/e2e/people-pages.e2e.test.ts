import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_LOGIN } from '../../src/services/demo/seed-demo-org.js';
import { callApi, expectNoSeriousAxeViolations, signedInPage, useBrowserStack, useSignedInDemo } from '../support/browser.js';

const stack = useBrowserStack();
const demo = useSignedInDemo(stack);

/** Calls the demo org's API as the signed-in demo admin. */
const apiAs = (page: Page, method: 'GET' | 'PUT' | 'POST' | 'PATCH', path: string, body?: unknown) => callApi(page.request, method, `/orgs/${demo.orgId}${path}`, body);

describe('people, hiring and reviews pages on the demo org', () => {
  it('shows the org chart with the org-health break from the import, and passes axe in light and dark', async () => {
    for (const scheme of ['light', 'dark'] as const) {
      const page = await demo.page(scheme);
      await page.goto(`/o/${demo.orgId}/org`);
      await page.getByRole('heading', { level: 1, name: 'Org chart' }).waitFor();
      await page.getByText('team.no_dotted_lines').waitFor();
      await page.getByRole('navigation', { name: 'Org chart' }).getByRole('link', { name: 'Tomas Berg' }).waitFor();
      await expectNoSeriousAxeViolations(page, `org chart (${scheme})`);
    }
  });

  it('refuses a single-threaded break on the teams page, naming the rule, and passes axe', async () => {
    const page = await demo.page();
    await page.goto(`/o/${demo.orgId}/teams`);
    await page.getByRole('heading', { level: 1, name: 'Teams & initiatives' }).waitFor();
    await page.getByRole('cell', { name: 'Kofi Mensah' }).first().waitFor();
    await expectNoSeriousAxeViolations(page, 'teams');
    // Kofi already leads the gripper initiative full time: a second initiative for him is refused.
    await page.getByLabel('Name', { exact: true }).first().fill('Second bet');
    await page.getByRole('combobox', { name: 'Single-threaded leader' }).selectOption({ label: 'Kofi Mensah — Product Manager' });
    await page.getByRole('button', { name: 'Create initiative' }).click();
    const refusal = page.getByRole('alert').filter({ hasText: 'Kofi Mensah' });
    await refusal.waitFor();
    expect(await refusal.textContent()).toMatch(/100%|leads|allocated/);
  });

  it('lists people, opens a person with allocations, ledger and promotion case, and passes axe', async () => {
    const page = await demo.page();
    // Evidence on a principle retired since: a promotion case can no longer argue it, so the form does not offer it.
    const { people } = await apiAs(page, 'GET', '/people');
    const tomas = people.find((person: { name: string }) => person.name === 'Tomas Berg').id;
    const { principle } = await apiAs(page, 'POST', '/principles', { title: 'Gone Principle', summary: 'Tried for a quarter, then retired.' });
    await apiAs(page, 'POST', `/ledgers/${tomas}/evidence`, { principleId: principle.id, text: 'Ran the experiment the principle asked for.' });
    await apiAs(page, 'POST', `/principles/${principle.id}/retire`);
    await page.goto(`/o/${demo.orgId}/people`);
    await page.getByRole('heading', { level: 1, name: 'People' }).waitFor();
    await expectNoSeriousAxeViolations(page, 'people');
    await page.getByRole('link', { name: 'Tomas Berg' }).click();
    await page.getByRole('heading', { level: 1, name: 'Tomas Berg' }).waitFor();
    // A person's page names the catalog metrics they answer for, and leads to them.
    await page.getByRole('heading', { name: 'Metrics they own' }).waitFor();
    await page.getByText(/Same-day orders on time \(controllable input\)/).waitFor();
    await page.getByRole('heading', { name: 'Evidence ledger' }).waitFor();
    // A placeholder is no ledger entry a review could cite: the refusal shows at the box, and the text stays to fix.
    const ledgerForm = page.locator('form').filter({ has: page.getByRole('button', { name: 'Add evidence' }) });
    await ledgerForm.getByLabel('What they did, and what came of it').fill('TBD');
    await ledgerForm.getByRole('button', { name: 'Add evidence' }).click();
    await ledgerForm.locator('.field--invalid .field__error').filter({ hasText: '"TBD" is a placeholder, not evidence' }).waitFor();
    expect(await ledgerForm.getByLabel('What they did, and what came of it').inputValue()).toBe('TBD');
    await page.getByRole('heading', { name: 'L6 → L7' }).first().waitFor();
    // Each section of a promotion case is scored per principle, like an interview.
    await page.getByRole('heading', { level: 4, name: /Ownership\s*4 of 5/ }).first().waitFor();
    await expectNoSeriousAxeViolations(page, 'person');

    // A new case goes one level up, and offers only the scores a case can stand on (3 and up).
    const form = page.locator('form').filter({ has: page.getByRole('heading', { name: 'Write a promotion case' }) });
    expect(await form.getByLabel('Target level').inputValue()).toBe('7');
    expect(await form.getByLabel('Gone Principle', { exact: true }).count()).toBe(0);
    expect(await form.getByLabel('Ownership', { exact: true }).count()).toBe(1);
    expect(await form.getByLabel('Score for Ownership').locator('option').allTextContents()).toEqual(['Score it against the target level', '3 — at the bar', '4 — above the bar', '5 — far above the bar']);
    // One section alone is refused as too thin a case; a section without its score is refused at that score.
    await form.getByLabel('Ownership', { exact: true }).fill('Owns the on-call rota for the whole arm stack.');
    await form.getByLabel('Score for Ownership').selectOption('5');
    await form.getByRole('button', { name: 'Save promotion case' }).click();
    await form.getByRole('alert').filter({ hasText: 'A promotion case argues from strength on at least 3 principles' }).waitFor();
    await form.getByLabel('Customer Obsession', { exact: true }).fill('Brought the pilot customers\' three complaints into the roadmap.');
    await form.getByLabel('Score for Customer Obsession').selectOption('4');
    await form.getByLabel('Deliver Results', { exact: true }).fill('Shipped the calibration tool two weeks early, tests included.');
    await form.getByRole('button', { name: 'Save promotion case' }).click();
    await form.locator('.field--invalid .field__error').filter({ hasText: 'Score this principle from 3 to 5.' }).waitFor();
    await form.getByLabel('Score for Deliver Results').selectOption('3');
    // A colleague saves a case for Tomas meanwhile: this one is not saved unread after it. Theirs shows, and what was
    // typed here stays for a second save.
    const titled = Object.fromEntries(((await apiAs(page, 'GET', '/principles')).principles as { id: string; title: string }[]).map((found) => [found.title, found.id]));
    const colleagues = ['Ownership', 'Customer Obsession', 'Deliver Results'].map((title) => ({ principleId: titled[title], rating: 3, narrative: 'Kept the arm stack running through the launch week without a page.' }));
    await apiAs(page, 'POST', `/ledgers/${tomas}/promotion-cases`, { targetLevel: 7, sections: colleagues });
    await form.getByRole('button', { name: 'Save promotion case' }).click();
    await form.getByRole('alert').filter({ hasText: 'Someone wrote a promotion case for Tomas Berg while you were writing this one' }).waitFor();
    await page.getByRole('heading', { level: 4, name: /Ownership\s*3 of 5/ }).waitFor();
    expect(await form.getByLabel('Ownership', { exact: true }).inputValue()).toBe('Owns the on-call rota for the whole arm stack.');
    expect(await page.getByRole('heading', { level: 4, name: /Ownership\s*5 of 5/ }).count()).toBe(0);
    await form.getByRole('button', { name: 'Save promotion case' }).click();
    await page.getByRole('heading', { level: 4, name: /Ownership\s*5 of 5/ }).waitFor();
    // Each case names who wrote it.
    await page.getByRole('heading', { level: 3, name: /^L6 → L7 by Dana Whitfield on / }).first().waitFor();
  });

  it('keeps what was typed when a colleague changed the person meanwhile, shows their change, and saves over it when asked', async () => {
    const page = await demo.page();
    const { people } = await apiAs(page, 'GET', '/people');
    const firstManager = people[0].id as string;
    const { person: newBoss } = await apiAs(page, 'POST', '/people', { name: 'Stale Page Boss', email: 'stale.boss@example.test', role: 'Director', level: 8 });
    const { person } = await apiAs(page, 'POST', '/people', { name: 'Stale Page Report', email: 'stale.report@example.test', role: 'Engineer', level: 5, managerId: firstManager });
    await apiAs(page, 'POST', '/people', { name: 'Stale Page Intern', email: 'stale.intern@example.test', role: 'Intern', level: 2, managerId: person.id });
    await page.goto(`/o/${demo.orgId}/people/${person.id}`);
    await page.getByRole('heading', { level: 1, name: 'Stale Page Report' }).waitFor();
    // A colleague moves them to a new manager while this page stays open; here, only the role is changed.
    await apiAs(page, 'PATCH', `/people/${person.id}`, { managerId: newBoss.id });
    const form = page.locator('form').filter({ has: page.getByRole('button', { name: 'Save', exact: true }) }).filter({ has: page.getByLabel('Role', { exact: true }) });
    await form.getByLabel('Role', { exact: true }).fill('Senior Engineer');
    await form.getByRole('button', { name: 'Save', exact: true }).click();
    // Refused: nothing is written over the colleague's change, the form says what changed and keeps the new role.
    await form.getByRole('alert').filter({ hasText: 'Someone saved this person while you were editing. The manager now shows their version; your changes are kept.' }).waitFor();
    expect((await apiAs(page, 'GET', `/people/${person.id}`)).person).toMatchObject({ role: 'Engineer', managerId: newBoss.id });
    expect(await form.getByLabel('Role', { exact: true }).inputValue()).toBe('Senior Engineer');
    await expect.poll(() => form.getByRole('combobox', { name: 'Manager', exact: true }).inputValue()).toBe(newBoss.id);
    // The page shows the newer record too.
    await page.getByRole('link', { name: 'Stale Page Boss' }).waitFor();
    // Saving again applies the role over their version, keeping their manager.
    await form.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText(/Senior Engineer · L5/).waitFor();
    expect(await form.getByRole('alert').count()).toBe(0);
    expect((await apiAs(page, 'GET', `/people/${person.id}`)).person).toMatchObject({ role: 'Senior Engineer', managerId: newBoss.id });
    expect(await form.getByRole('combobox', { name: 'Manager', exact: true }).inputValue()).toBe(newBoss.id);
    // A dotted line to their own report would be a reporting loop: refused at that select, naming why.
    await form.getByRole('combobox', { name: 'Dotted-line manager' }).selectOption({ label: 'Stale Page Intern — Intern' });
    await form.getByRole('button', { name: 'Save', exact: true }).click();
    await form.locator('.field--invalid .field__error').filter({ hasText: 'reporting cycle' }).waitFor();
    expect((await apiAs(page, 'GET', `/people/${person.id}`)).person).toMatchObject({ managerId: newBoss.id, dottedLineManagerId: null });
  });

  it('shows hiring, a vetoed candidate and the review calibration, each passing axe', async () => {
    const page = await demo.page();
    await page.goto(`/o/${demo.orgId}/hiring`);
    await page.getByRole('heading', { level: 1, name: 'Hiring' }).waitFor();
    await expectNoSeriousAxeViolations(page, 'hiring');
    await page.getByRole('link', { name: 'Software Engineer L6' }).click();
    await page.getByRole('cell', { name: 'No hire (bar raiser veto)' }).waitFor();
    await page.getByRole('link', { name: 'Chloe Nakamura' }).click();
    await page.getByText(/Overdue/).first().waitFor();
    await page.getByRole('link', { name: 'Ben Castillo' }).click();
    await page.getByText('No hire — the bar raiser vetoed this candidate.').waitFor();
    // Feedback closed with the decision: the shadow who gave none is not shown as still due.
    expect(await page.getByRole('row', { name: /Noor Haddad/ }).getByRole('cell').nth(3).textContent()).toBe('None given');
    await expectNoSeriousAxeViolations(page, 'candidate');

    await page.goto(`/o/${demo.orgId}/reviews`);
    await page.getByRole('heading', { level: 1, name: 'Reviews' }).waitFor();
    await expectNoSeriousAxeViolations(page, 'reviews');
    await page.getByRole('link', { name: '2026 H2' }).click();
    await page.getByRole('heading', { name: 'Calibration by role and level' }).waitFor();
    await page.getByRole('heading', { name: 'Software Engineer L6' }).waitFor();
    await expectNoSeriousAxeViolations(page, 'review cycle');

    // Calibration shows each review's coverage, and ranks Noor's thin review (two principles) after the full ones.
    const level6 = page.getByRole('table').filter({ has: page.getByRole('link', { name: 'Noor Haddad' }) });
    const rows = await level6.getByRole('row').allTextContents();
    expect(rows.slice(1).map((row) => /^(Tomas Berg|Aiko Tanaka|Noor Haddad)/.exec(row)?.[1])).toEqual(['Aiko Tanaka', 'Tomas Berg', 'Noor Haddad']);
    expect(rows[3]).toMatch(/Thin review/);

    // A review draws on the person's evidence ledger, and opens with what was saved: re-saving one principle keeps the others.
    const cycleId = new URL(page.url()).pathname.split('/').pop();
    const ratingsOfTomas = async () => {
      const cycle = await (await page.request.get(`/api/v1/orgs/${demo.orgId}/review-cycles/${cycleId}`)).json();
      return cycle.reviews.find((entry: { name: string }) => entry.name === 'Tomas Berg').ratings as { title: string; evidence: string; evidenceIds: string[] }[];
    };
    const before = await ratingsOfTomas();
    await page.getByRole('combobox', { name: 'Person' }).selectOption({ label: 'Tomas Berg — Software Engineer' });
    await page.getByRole('heading', { name: 'Edit Tomas Berg\'s review' }).waitFor();
    expect(await page.getByRole('textbox', { name: 'Evidence for Customer Obsession' }).inputValue()).toBe('Started each planning round from customer calls, not from the backlog.');
    const cite = page.getByRole('group', { name: 'Ownership' }).getByRole('checkbox', { name: /Cite from the ledger: Took on-call/ });
    expect(await cite.isChecked()).toBe(true);
    await page.getByRole('textbox', { name: 'Evidence for Ownership' }).fill('Owns the arm firmware on call, beyond his own code.');
    await page.getByRole('button', { name: 'Save review' }).click();
    await expect.poll(async () => (await ratingsOfTomas()).find((rating) => rating.title === 'Ownership')?.evidence).toBe('Owns the arm firmware on call, beyond his own code.');
    const after = await ratingsOfTomas();
    expect(after.map((rating) => [rating.title, rating.evidenceIds.length])).toEqual(before.map((rating) => [rating.title, rating.evidenceIds.length]));
    expect(after.length).toBeGreaterThan(2);
    // The form opens again on the review just saved.
    expect(await page.getByRole('textbox', { name: 'Evidence for Ownership' }).inputValue()).toBe('Owns the arm firmware on call, beyond his own code.');
  });

  it('keeps a review being written when a colleague saved the same review meanwhile, and saves both when asked again', async () => {
    const page = await demo.page();
    const { id } = await apiAs(page, 'POST', '/review-cycles', { name: 'Two reviewers' });
    const [ownership, bias] = (await apiAs(page, 'GET', '/principles')).principles as { id: string; title: string }[];
    const aiko = (await apiAs(page, 'GET', '/people')).people.find((person: { name: string }) => person.name === 'Aiko Tanaka').id as string;
    const save = async (ratings: unknown[], baseVersion: number) => {
      const session = await (await page.request.get('/api/v1/auth/session')).json();
      const response = await page.request.put(`/api/v1/orgs/${demo.orgId}/review-cycles/${id}/reviews/${aiko}`, { headers: { 'x-csrf-token': session.csrfToken, 'content-type': 'application/json' }, data: JSON.stringify({ ratings, baseVersion }) });
      expect(response.status(), await response.text()).toBe(204);
    };
    const colleagueWords = 'Owned the flaky gripper tests until the whole suite ran green for a month.';
    await save([{ principleId: ownership!.id, rating: 3, evidence: 'Owned the release checklist for the arm firmware this half.' }], 0);
    await page.goto(`/o/${demo.orgId}/reviews/${id}`);
    await page.getByRole('combobox', { name: 'Person' }).selectOption({ label: 'Aiko Tanaka — Software Engineer' });
    await page.getByRole('heading', { name: 'Edit Aiko Tanaka\'s review' }).waitFor();
    const myWords = 'Shipped a reversible fix for the jammed grippers in two days, not after the redesign.';
    await page.getByRole('combobox', { name: `Rating for ${bias!.title}` }).selectOption('4');
    await page.getByRole('textbox', { name: `Evidence for ${bias!.title}` }).fill(myWords);
    // A colleague saves the same review while this form is open.
    await save([{ principleId: ownership!.id, rating: 5, evidence: colleagueWords }], 1);
    await page.getByRole('button', { name: 'Save review' }).click();
    await page.getByText('Someone saved Aiko Tanaka\'s review after you opened it.', { exact: false }).waitFor();
    // The form holds the colleague's rating and, over it, what was typed here.
    await expect.poll(() => page.getByRole('textbox', { name: `Evidence for ${ownership!.title}` }).inputValue()).toBe(colleagueWords);
    expect(await page.getByRole('textbox', { name: `Evidence for ${bias!.title}` }).inputValue()).toBe(myWords);
    await page.getByRole('button', { name: 'Save review' }).click();
    const ratingsOf = async () => ((await apiAs(page, 'GET', `/review-cycles/${id}`)).reviews[0]?.ratings ?? []).map((rating: { title: string; rating: number; evidence: string }) => [rating.title, rating.rating, rating.evidence]);
    await expect.poll(ratingsOf).toEqual([
      [ownership!.title, 5, colleagueWords],
      [bias!.title, 4, myWords],
    ]);
  });

  it('shows an employee their own review once its cycle is closed, and their own ledger to add to', async () => {
    const admin = await demo.page();
    const { id } = await apiAs(admin, 'POST', '/review-cycles', { name: 'Marcus reads his own' });
    const [principle] = (await apiAs(admin, 'GET', '/principles')).principles as { id: string; title: string }[];
    const marcusId = (await apiAs(admin, 'GET', '/people')).people.find((person: { name: string }) => person.name === 'Marcus Oyelaran').id as string;
    const entry = await apiAs(admin, 'POST', `/ledgers/${marcusId}/evidence`, { principleId: principle!.id, text: 'Kept the platform launch dates through the reorg.' });
    const session = await (await admin.request.get('/api/v1/auth/session')).json();
    const saved = await admin.request.put(`/api/v1/orgs/${demo.orgId}/review-cycles/${id}/reviews/${marcusId}`, { headers: { 'x-csrf-token': session.csrfToken, 'content-type': 'application/json' }, data: JSON.stringify({ ratings: [{ principleId: principle!.id, rating: 4, evidence: 'Ran the platform reorg and kept every launch date this half.', evidenceIds: [entry.id] }], baseVersion: 0 }) });
    expect(saved.status()).toBe(204);

    const page = await signedInPage(stack, { email: 'marcus@pulse.example', password: DEMO_LOGIN.password });
    // While the cycle is open, his review can still change: he does not see it yet. As a manager, he sees whom he has
    // still to review.
    await page.goto(`/o/${demo.orgId}/reviews/${id}`);
    await page.getByText('0 of 5 people below you reviewed. Not reviewed yet (pick one to write their review):').waitFor();
    expect(await page.getByRole('list', { name: 'Not reviewed yet' }).getByRole('button').allTextContents()).toEqual(['Aiko Tanaka', 'Ines Duarte', 'Noor Haddad', 'Sam Okafor', 'Tomas Berg']);
    await page.getByText('Your own review shows here once the cycle is closed', { exact: false }).waitFor();
    expect(await page.getByRole('heading', { name: 'Marcus Oyelaran' }).count()).toBe(0);
    expect((await admin.request.post(`/api/v1/orgs/${demo.orgId}/review-cycles/${id}/close`, { headers: { 'x-csrf-token': session.csrfToken } })).status()).toBe(204);
    await page.reload();
    const review = page.locator('article').filter({ has: page.getByRole('heading', { name: 'Marcus Oyelaran' }) });
    await review.getByText('Ran the platform reorg and kept every launch date this half.').waitFor();
    await review.getByText('by Dana Whitfield', { exact: false }).waitFor();
    // What the rating cites from his ledger is there to read, not only its written evidence.
    await review.getByText('Cites from the ledger: Kept the platform launch dates through the reorg.').waitFor();
    await expectNoSeriousAxeViolations(page, 'a closed cycle, seen by the person reviewed');

    // His own page: his ledger, which he adds to; the promotion cases about him stay with his reviewers.
    await page.goto(`/o/${demo.orgId}/people/${marcusId}`);
    await page.getByRole('heading', { name: 'Evidence ledger' }).waitFor();
    await page.getByLabel('What you did, and what came of it').fill('Moved the platform team to weekly releases without a single rollback.');
    await page.getByRole('button', { name: 'Add evidence' }).click();
    await page.getByRole('cell', { name: 'Moved the platform team to weekly releases without a single rollback.' }).waitFor();
    await page.getByText('Your manager or an admin writes your promotion case from this ledger', { exact: false }).waitFor();
    expect(await page.getByRole('heading', { name: 'Write a promotion case' }).count()).toBe(0);
    await expectNoSeriousAxeViolations(page, 'one\'s own person page');
  });

  it('picks a person to review from the to-do, puts the form before the reviews on a phone, and lets an employee correct, delete and read their own', async () => {
    const admin = await demo.page();
    const { id } = await apiAs(admin, 'POST', '/review-cycles', { name: 'Marcus keeps his ledger' });
    const [principle] = (await apiAs(admin, 'GET', '/principles')).principles as { id: string; title: string }[];
    const people = (await apiAs(admin, 'GET', '/people')).people as { id: string; name: string }[];
    const idOf = (name: string) => people.find((person) => person.name === name)!.id;
    const session = await (await admin.request.get('/api/v1/auth/session')).json();
    const review = async (personId: string, evidenceIds: string[] = []) => {
      const saved = await admin.request.put(`/api/v1/orgs/${demo.orgId}/review-cycles/${id}/reviews/${personId}`, { headers: { 'x-csrf-token': session.csrfToken, 'content-type': 'application/json' }, data: JSON.stringify({ ratings: [{ principleId: principle!.id, rating: 4, evidence: 'Ran the platform reorg and kept every launch date this half.', evidenceIds }], baseVersion: 0 }) });
      expect(saved.status()).toBe(204);
    };
    await review(idOf('Ines Duarte'));

    const page = await signedInPage(stack, { email: 'marcus@pulse.example', password: DEMO_LOGIN.password });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`/o/${demo.orgId}/reviews/${id}`);
    await page.getByText('1 of 5 people below you reviewed.', { exact: false }).waitFor();
    // On a phone the form comes before the reviews written so far, not below all of them.
    const formTop = (await page.getByRole('form', { name: 'Write a review' }).boundingBox())!.y;
    const firstReviewTop = (await page.locator('article').filter({ has: page.getByRole('heading', { name: 'Ines Duarte' }) }).boundingBox())!.y;
    expect(formTop).toBeLessThan(firstReviewTop);
    // A name in the to-do picks that person in the form, and the keyboard goes there.
    await page.getByRole('list', { name: 'Not reviewed yet' }).getByRole('button', { name: 'Noor Haddad' }).click();
    const personField = page.getByRole('combobox', { name: 'Person' });
    await expect.poll(() => personField.inputValue()).toBe(idOf('Noor Haddad'));
    expect(await personField.evaluate((element) => element === document.activeElement)).toBe(true);
    expect(await page.getByRole('button', { name: 'Noor Haddad' }).getAttribute('aria-pressed')).toBe('true');
    await expectNoSeriousAxeViolations(page, 'an open cycle on a phone, its to-do before the form');
    await page.setViewportSize({ width: 1280, height: 800 });

    // His own ledger: he corrects and deletes what he wrote.
    const marcusId = idOf('Marcus Oyelaran');
    await page.goto(`/o/${demo.orgId}/people/${marcusId}`);
    await page.getByLabel('What you did, and what came of it').fill('Shiped the weekly release train to every team.');
    await page.getByRole('button', { name: 'Add evidence' }).click();
    const rowOf = (text: string) => page.getByRole('row').filter({ has: page.getByRole('cell', { name: text, exact: true }) });
    await rowOf('Shiped the weekly release train to every team.').getByRole('button', { name: 'Correct' }).click();
    await page.getByRole('form', { name: 'Correct this entry' }).getByLabel('Evidence').fill('Shipped the weekly release train to every team.');
    await page.getByRole('button', { name: 'Save correction' }).click();
    await page.getByRole('cell', { name: 'Shipped the weekly release train to every team.' }).waitFor();
    // The entry says it was corrected after it was written, and when; an entry never corrected says nothing of the kind.
    const today = await page.evaluate(() => new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' }).format(new Date()));
    await rowOf('Shipped the weekly release train to every team.').getByText(`corrected on ${today}`, { exact: true }).waitFor();
    expect(await page.getByRole('region', { name: 'Evidence ledger' }).getByText(/^corrected on /).count()).toBe(1);
    await rowOf('Shipped the weekly release train to every team.').getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog', { name: 'Delete this ledger entry?' }).getByRole('button', { name: 'Delete entry' }).click();
    await expect.poll(() => page.getByRole('cell', { name: 'Shipped the weekly release train to every team.' }).count()).toBe(0);

    // An entry his review cites stays as it was read; once the cycle closes, his page links his review.
    await page.getByLabel('What you did, and what came of it').fill('Took the platform on-call through the launch week.');
    await page.getByRole('button', { name: 'Add evidence' }).click();
    await rowOf('Took the platform on-call through the launch week.').getByRole('button', { name: 'Correct' }).waitFor();
    const cited = ((await apiAs(admin, 'GET', `/ledgers/${marcusId}`)).evidence as { id: string; text: string }[]).find((entry) => entry.text === 'Took the platform on-call through the launch week.')!;
    await review(marcusId, [cited.id]);
    expect((await admin.request.post(`/api/v1/orgs/${demo.orgId}/review-cycles/${id}/close`, { headers: { 'x-csrf-token': session.csrfToken } })).status()).toBe(204);
    await page.reload();
    const row = rowOf('Took the platform on-call through the launch week.');
    await row.getByText('Cited: kept as read').waitFor();
    expect(await row.getByRole('button').count()).toBe(0);
    await page.getByRole('heading', { name: 'Your reviews' }).waitFor();
    await expectNoSeriousAxeViolations(page, 'one\'s own page with a cited entry and their reviews');
    await page.getByRole('link', { name: 'Marcus keeps his ledger' }).click();
    await page.getByRole('heading', { level: 1, name: 'Marcus keeps his ledger' }).waitFor();
    await page.locator('article').filter({ has: page.getByRole('heading', { name: 'Marcus Oyelaran' }) }).getByText('Cites from the ledger: Took the platform on-call through the launch week.').waitFor();
  });

  it('asks once before closing a review cycle', async () => {
    const page = await demo.page();
    const { id } = await apiAs(page, 'POST', '/review-cycles', { name: 'Closing test' });
    await page.goto(`/o/${demo.orgId}/reviews/${id}`);
    await page.getByRole('heading', { level: 1, name: 'Closing test' }).waitFor();
    await page.getByRole('button', { name: 'Close cycle' }).click();
    const confirm = page.getByRole('dialog', { name: 'Close “Closing test”?' });
    await confirm.getByText('A closed cycle cannot be reopened').waitFor();
    expect((await apiAs(page, 'GET', `/review-cycles/${id}`)).cycle.status).toBe('open');
    // "Keep it open" backs out; asking again brings the question back.
    await confirm.getByRole('button', { name: 'Keep it open' }).click();
    await confirm.waitFor({ state: 'hidden' });
    await page.getByRole('button', { name: 'Close cycle' }).click();
    await confirm.getByRole('button', { name: 'Close cycle' }).click();
    await page.getByText('Closed: its reviews no longer change.').waitFor();
    expect((await apiAs(page, 'GET', `/review-cycles/${id}`)).cycle.status).toBe('closed');
    // Its calibration counts coverage against the principles it was closed with, whatever changes later.
    const active = (await apiAs(page, 'GET', '/principles')).principles.filter((principle: { status: string }) => principle.status === 'active');
    await page.getByText(`Reviews that rate at least half the ${active.length} principles the cycle was closed with are ranked first`, { exact: false }).waitFor();
    await page.getByText('Principles added or retired since the cycle closed change nothing here.', { exact: false }).waitFor();
  });

  it('keys in the paper scorecard of an interviewer without a login, once the admin has given their own', async () => {
    const page = await demo.page();
    await page.goto(`/o/${demo.orgId}/hiring`);
    await page.getByRole('link', { name: 'Software Engineer L6' }).click();
    await page.getByRole('link', { name: 'Chloe Nakamura' }).click();
    // The demo admin sits in Chloe's loop: until their own feedback is in, they may not key in anyone else's.
    await page.getByRole('heading', { name: 'Your feedback' }).waitFor();
    await page.getByRole('row', { name: /Tomas Berg/ }).getByText('(no login)').waitFor();
    expect(await page.getByRole('button', { name: "Key in Tomas Berg's scorecard" }).count()).toBe(0);

    const fillFeedback = async (evidence: string) => {
      for (const box of await page.getByRole('textbox', { name: /^Evidence for / }).all()) await box.fill(evidence);
      for (const rating of await page.getByRole('combobox', { name: /^Rating for / }).all()) await rating.selectOption('4');
      await page.getByRole('combobox', { name: 'Overall vote' }).selectOption({ label: 'Inclined' });
    };
    await fillFeedback('Dana: clear ownership of a migration, with the numbers.');
    // Feedback is final: the form asks first.
    await page.getByRole('button', { name: 'Submit feedback…' }).click();
    await page.getByRole('dialog', { name: /^Submit your feedback on / }).getByRole('button', { name: 'Submit feedback' }).click();
    await page.getByRole('button', { name: "Key in Tomas Berg's scorecard" }).click();
    await page.getByRole('heading', { name: "Tomas Berg's scorecard" }).waitFor();
    await page.getByText('Tomas Berg has no login: copy their paper scorecard word for word.').waitFor();
    await expectNoSeriousAxeViolations(page, 'keying in a scorecard');
    await fillFeedback('Tomas (paper): strong on customer calls, vague on metrics.');
    await page.getByRole('button', { name: 'Submit the scorecard…' }).click();
    await page.getByRole('dialog', { name: "Submit Tomas Berg's scorecard?" }).getByRole('button', { name: 'Submit the scorecard' }).click();
    await page.getByRole('row', { name: /Tomas Berg/ }).getByText(/^Submitted /).waitFor();
    // Now in the loop with her own feedback given, the admin reads everyone's: Tomas's says who keyed it in.
    await page.getByText(/^Keyed in by .+ from a paper scorecard\.$/).waitFor();
  });

  it('names each single-threaded checkbox by its team, and shows a refusal right beside the box that was ticked', async () => {
    const page = await demo.page();
    // Priya works half time on Platform: making Platform single-threaded would break team.members_full_time for her.
    const { people } = await apiAs(page, 'GET', '/people');
    const { teams } = await apiAs(page, 'GET', '/teams');
    const idOf = (list: Array<{ id: string; name: string }>, name: string) => list.find((entry) => entry.name === name)!.id;
    await apiAs(page, 'PUT', '/allocations', { personId: idOf(people, 'Priya Raman'), teamId: idOf(teams, 'Platform'), percent: 50 });

    await page.goto(`/o/${demo.orgId}/teams`);
    await page.getByRole('heading', { level: 1, name: 'Teams & initiatives' }).waitFor();
    // The heading comes before the teams: wait for their table.
    await page.getByRole('checkbox', { name: 'Gripper is single-threaded', exact: true }).waitFor();
    // Every box says which team it is about; none is just "single-threaded".
    for (const team of ['Gripper', 'Platform', 'Recruiting']) {
      expect(await page.getByRole('checkbox', { name: `${team} is single-threaded`, exact: true }).count(), team).toBe(1);
    }
    expect(await page.getByRole('checkbox', { name: 'single-threaded', exact: true }).count()).toBe(0);
    expect(await page.getByRole('checkbox', { name: 'Gripper is single-threaded', exact: true }).isChecked()).toBe(true);

    const platform = page.getByRole('checkbox', { name: 'Platform is single-threaded', exact: true });
    await platform.scrollIntoViewIfNeeded();
    await platform.click();
    const row = page.getByRole('row').filter({ has: platform });
    const refusal = row.getByRole('alert');
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('Priya Raman is on the single-threaded team "Platform" at 50%');
    // Beside the box (in its cell, in view without scrolling), tied to it for screen readers, and the box is unticked again.
    const [boxArea, alertArea, viewport] = [await platform.boundingBox(), await refusal.boundingBox(), page.viewportSize()];
    expect(boxArea && alertArea && viewport).toBeTruthy();
    expect(Math.abs(alertArea!.y - boxArea!.y)).toBeLessThan(80);
    expect(alertArea!.y + alertArea!.height).toBeLessThanOrEqual(viewport!.height);
    expect(await platform.getAttribute('aria-describedby')).toBe(await refusal.getAttribute('id'));
    expect(await platform.isChecked()).toBe(false);
    expect(await page.getByRole('alert').count()).toBe(1);
    await expectNoSeriousAxeViolations(page, 'teams with a refusal');
  });

  it('saves an initiative status only when asked: arrowing through the select saves nothing, Save saves once', async () => {
    const page = await demo.page();
    await page.goto(`/o/${demo.orgId}/teams`);
    await page.getByRole('heading', { level: 1, name: 'Teams & initiatives' }).waitFor();
    const statusChanges = async () => ((await apiAs(page, 'GET', '/audit-events')).events as Array<{ action: string; data: { name?: string; changed?: string[]; fromStatus?: string; toStatus?: string } }>)
      .filter((event) => event.action === 'initiative.updated' && event.data.name === 'Night-time deliveries')
      .map((event) => `${event.data.fromStatus} → ${event.data.toStatus}`);

    const status = page.getByRole('combobox', { name: 'Status of Night-time deliveries' });
    expect(await status.inputValue()).toBe('active');
    await status.focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await status.inputValue()).toBe('done');
    const save = page.getByRole('button', { name: 'Save the status of Night-time deliveries' });
    await save.waitFor();
    expect(await statusChanges()).toEqual([]);

    // Escape puts the pick back; nothing was saved.
    await page.keyboard.press('Escape');
    expect(await status.inputValue()).toBe('active');
    await save.waitFor({ state: 'detached' });

    // Pick again, Tab to Save, Enter: one change, audited once.
    await status.focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Tab');
    expect(await save.evaluate((element) => element === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    await save.waitFor({ state: 'detached' });
    expect(await status.inputValue()).toBe('done');
    await expect.poll(statusChanges).toEqual(['active → done']);
    const { initiatives } = await apiAs(page, 'GET', '/initiatives');
    expect(initiatives.find((initiative: { name: string }) => initiative.name === 'Night-time deliveries').status).toBe('done');

    // The audit log says what happened, by name.
    await page.goto(`/o/${demo.orgId}/audit`);
    await page.getByText('marked the initiative “Night-time deliveries” done (was active)').waitFor();
  });

  it('keeps an allocation being set when a colleague changed the person\'s allocations meanwhile, and saves it when asked again', async () => {
    const page = await demo.page();
    const { person } = await apiAs(page, 'POST', '/people', { name: 'Stale Alloc Person', email: 'stale.alloc@example.test', role: 'Engineer', level: 5 });
    const { team } = await apiAs(page, 'POST', '/teams', { name: 'Stale alloc team' });
    await page.goto(`/o/${demo.orgId}/people/${person.id}`);
    await page.getByRole('heading', { level: 1, name: 'Stale Alloc Person' }).waitFor();
    const form = page.locator('form').filter({ has: page.getByRole('button', { name: 'Save allocation' }) });
    await form.getByRole('combobox', { name: 'Team or initiative' }).selectOption({ label: 'Team: Stale alloc team' });
    await form.getByLabel('Percent of their time').fill('100');
    // A colleague gives them 60% of their time on the team while this page stays open.
    await apiAs(page, 'PUT', '/allocations', { personId: person.id, teamId: team.id, percent: 60 });
    await form.getByRole('button', { name: 'Save allocation' }).click();
    await form.getByRole('alert').filter({ hasText: 'Someone changed Stale Alloc Person\'s allocations after you opened the page: the page now shows theirs. Your allocation is kept here: save again to apply it.' }).waitFor();
    expect((await apiAs(page, 'GET', `/people/${person.id}`)).person.allocations).toMatchObject([{ teamId: team.id, percent: 60 }]);
    expect(await form.getByLabel('Percent of their time').inputValue()).toBe('100');
    await form.getByRole('button', { name: 'Save allocation' }).click();
    await expect.poll(async () => (await apiAs(page, 'GET', `/people/${person.id}`)).person.allocations[0]?.percent).toBe(100);
    expect(await form.getByRole('alert').count()).toBe(0);
  });

  it('keeps an initiative\'s status pick when a colleague changed the initiative meanwhile, and saves it when asked again', async () => {
    const page = await demo.page();
    const { initiative } = await apiAs(page, 'POST', '/initiatives', { name: 'Stale status trial', stlPersonId: null });
    await page.goto(`/o/${demo.orgId}/teams`);
    const status = page.getByRole('combobox', { name: 'Status of Stale status trial' });
    await status.waitFor();
    // A colleague pauses it while this page stays open; here, it is marked done.
    await apiAs(page, 'PATCH', `/initiatives/${initiative.id}`, { status: 'paused' });
    await status.selectOption('done');
    await page.getByRole('button', { name: 'Save the status of Stale status trial' }).click();
    await page.getByRole('alert').filter({ hasText: 'Someone changed this initiative after you opened the page: it now shows their version.' }).waitFor();
    expect((await apiAs(page, 'GET', '/initiatives')).initiatives.find((entry: { id: string }) => entry.id === initiative.id).status).toBe('paused');
    expect(await status.inputValue()).toBe('done');
    await page.getByRole('button', { name: 'Save the status of Stale status trial' }).click();
    await page.getByRole('button', { name: 'Save the status of Stale status trial' }).waitFor({ state: 'detached' });
    expect((await apiAs(page, 'GET', '/initiatives')).initiatives.find((entry: { id: string }) => entry.id === initiative.id).status).toBe('done');
  });

  it('starts a page\'s new item with n, keeps the keyboard where it was after a save, and fits a phone screen', async () => {
    const page = await demo.page();
    await page.goto(`/o/${demo.orgId}/reviews`);
    await page.getByRole('heading', { level: 1, name: 'Reviews' }).waitFor();
    await page.getByRole('link', { name: '2026 H1' }).waitFor();
    await page.keyboard.press('n');
    await page.waitForFunction(() => document.activeElement?.getAttribute('name') === 'name');
    await page.keyboard.type('2027 H1');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Open cycle');
    await page.keyboard.press('Enter');
    await page.getByRole('link', { name: '2027 H1' }).waitFor();
    // The busy button kept its focus (a disabled one would have dropped it to the page).
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Open cycle');

    await page.goto(`/o/${demo.orgId}/principles`);
    await page.getByRole('heading', { level: 1, name: 'Principles' }).waitFor();
    await page.getByRole('button', { name: 'Add a principle' }).waitFor();
    await page.keyboard.press('n');
    await page.getByRole('dialog').waitFor();
    await page.keyboard.press('Escape');

    // On a phone-sized screen nothing widens the page: wide tables scroll inside themselves.
    await page.setViewportSize({ width: 390, height: 844 });
    for (const path of ['pipeline', 'teams', 'members', 'people']) {
      await page.goto(`/o/${demo.orgId}/${path}`);
      await page.locator('.table').first().waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(390);
    }
    await page.setViewportSize({ width: 1280, height: 800 });
  });
});
