import { describe, expect, it } from 'vitest';
import { DEMO_LOGIN } from '../../src/services/demo/seed-demo-org.js';
import { callApi, expectNoSeriousAxeViolations, newContext, newPerson, orgIdOf, signedInPage, signedUpPage, signUpInBrowser, useBrowserStack, useSignedInDemo } from '../support/browser.js';

const stack = useBrowserStack();
const demo = useSignedInDemo(stack);

describe('an org\'s home', () => {
  it('greets a new org with getting started: one click puts you on the org chart and ticks the step', async () => {
    const page = await (await newContext(stack.browser, stack.server)).newPage();
    const founder = newPerson('founder');
    // Signing up lands on Home (signUpInBrowser waits for its heading), first in the navigation.
    await signUpInBrowser(page, founder);
    const orgId = orgIdOf(page);
    expect(new URL(page.url()).pathname).toBe(`/o/${orgId}/home`);
    expect((await page.getByRole('navigation', { name: 'Org' }).getByRole('link').allTextContents())[0]).toBe('Home');

    const start = page.getByRole('region', { name: 'Getting started' });
    await start.getByText('0 of 7 done', { exact: false }).waitFor();
    const steps = start.getByRole('listitem');
    expect(await steps.getByRole('heading', { level: 3 }).allTextContents()).toEqual([
      'To do: Add yourself to the org chart',
      'To do: Add or import your people',
      'To do: Review the leadership principles',
      'To do: Write a first PR/FAQ',
      'To do: Add input metrics to the catalog',
      'To do: Set up a weekly business review deck',
      'To do: Open a requisition',
    ]);
    // Each step leads to the page where it is done.
    expect(await start.getByRole('link', { name: 'Start a PR/FAQ' }).getAttribute('href')).toBe(`/o/${orgId}/documents?new=prfaq`);
    await page.getByRole('region', { name: 'Needs you' }).getByText('Nothing waits for you.').waitFor();
    // The founder is an admin: the leadership's section teaches what will come there, and leads to the pipeline.
    const leadership = page.getByRole('region', { name: 'Waiting on the leadership' });
    await leadership.getByText('No decision waits on the leadership, and no initiative is at risk.').waitFor();
    expect(await leadership.getByRole('link', { name: 'Open the pipeline' }).getAttribute('href')).toBe(`/o/${orgId}/pipeline`);
    await expectNoSeriousAxeViolations(page, 'home of a new org');

    // One click: the role and level come prefilled, the name and email from the account.
    await start.getByRole('button', { name: 'Add me to the org chart' }).click();
    await start.getByRole('heading', { level: 3, name: 'Done: Add yourself to the org chart' }).waitFor();
    await start.getByText('1 of 7 done', { exact: false }).waitFor();
    expect(await start.getByRole('form', { name: 'Add me to the org chart' }).count()).toBe(0);
    const { people } = await (await page.request.get(`/api/v1/orgs/${orgId}/people`)).json();
    expect(people).toEqual([expect.objectContaining({ name: founder.name, email: founder.email, role: 'Founder', level: 8 })]);
    expect(people[0].userId).not.toBeNull();
    // It says so, and the keyboard is on that sentence rather than at the top of the page.
    const added = page.getByRole('status').filter({ hasText: 'You are on the org chart as Founder, level 8.' });
    await added.waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('home-added');

    // Dismissed, the list stays away after a reload, and can be brought back; the keyboard follows the control.
    await start.getByRole('button', { name: 'Dismiss' }).click();
    await start.waitFor({ state: 'detached' });
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Show the getting-started steps');
    await page.reload();
    await page.getByRole('region', { name: 'Needs you' }).waitFor();
    expect(await page.getByRole('region', { name: 'Getting started' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Show the getting-started steps' }).click();
    await page.getByRole('region', { name: 'Getting started' }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('getting-started-title');

    // `g` then `y` goes Home from anywhere.
    await page.getByRole('navigation', { name: 'Org' }).getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
    await page.keyboard.press('g');
    await page.keyboard.press('y');
    await page.getByRole('heading', { level: 1, name: 'Home' }).waitFor();
  });

  it('leads the requisition step of a new org to what a requisition needs first, a person and a team', async () => {
    const { page, orgId } = await signedUpPage(stack, newPerson('founder'));
    await page.getByRole('region', { name: 'Getting started' }).getByRole('link', { name: 'Open hiring' }).click();
    await page.getByRole('heading', { level: 1, name: 'Hiring' }).waitFor();
    // Nobody on the chart yet: the page says who a requisition needs and links where to add them, then the team.
    const main = page.getByRole('main');
    await main.getByText('A requisition names its hiring manager, someone on the org chart, and it has nobody yet', { exact: false }).waitFor();
    expect(await main.getByRole('link', { name: 'Home' }).getAttribute('href')).toBe(`/o/${orgId}/home`);
    expect(await main.getByRole('link', { name: 'People' }).getAttribute('href')).toBe(`/o/${orgId}/people`);
    await main.getByRole('link', { name: 'Teams & initiatives' }).click();
    await page.getByRole('heading', { level: 1, name: 'Teams & initiatives' }).waitFor();
    // An initiative's leader cannot be chosen from nobody: the field says where people are added.
    const leaderHint = page.getByText("An initiative's leader is someone on the org chart, and it has nobody yet", { exact: false });
    await leaderHint.waitFor();
    expect(await leaderHint.getByRole('link', { name: 'People' }).getAttribute('href')).toBe(`/o/${orgId}/people`);

    // Once on the chart, the team is what is missing, and once it exists the requisition form is there.
    await page.goto(`/o/${orgId}/home`);
    await page.getByRole('button', { name: 'Add me to the org chart' }).click();
    await page.getByRole('heading', { level: 3, name: 'Done: Add yourself to the org chart' }).waitFor();
    await page.goto(`/o/${orgId}/hiring`);
    await main.getByText('A requisition names the team it hires for, and the org has no team yet', { exact: false }).waitFor();
    const { csrfToken } = (await (await page.request.get('/api/v1/auth/session')).json()) as { csrfToken: string };
    expect((await page.request.post(`/api/v1/orgs/${orgId}/teams`, { data: { name: 'Founders', isSingleThreaded: false, initiativeId: null }, headers: { 'x-csrf-token': csrfToken } })).ok()).toBe(true);
    await page.reload();
    await page.getByRole('region', { name: 'Open a requisition' }).waitFor();
    await expectNoSeriousAxeViolations(page, 'hiring of an org with a person and a team');
  });

  it('teaches a new org\'s documents what a PR/FAQ and a memo are for, and starts the PR/FAQ from the empty state', async () => {
    const { page, orgId } = await signedUpPage(stack, newPerson('writer'));
    await page.getByRole('navigation', { name: 'Org' }).getByRole('link', { name: 'Documents' }).click();
    const empty = page.getByRole('region', { name: 'No documents yet' });
    await empty.getByText('a narrative memo makes the full case in prose', { exact: false }).waitFor();
    expect(await empty.getByRole('link', { name: 'writing a PR/FAQ' }).getAttribute('href')).toBe(`/o/${orgId}/playbooks/writing-a-prfaq`);
    await expectNoSeriousAxeViolations(page, 'documents of a new org');
    // The form starts on a memo; the empty state's button turns it to a PR/FAQ and puts the caret in the title.
    const form = page.getByRole('form', { name: 'New document' });
    expect(await form.getByLabel('Kind').inputValue()).toBe('memo');
    await empty.getByRole('button', { name: 'Start a PR/FAQ' }).click();
    expect(await form.getByLabel('Kind').inputValue()).toBe('prfaq');
    await page.keyboard.type('Returns at the door');
    await form.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('heading', { level: 1, name: 'Returns at the door' }).waitFor();
    const documentId = new URL(page.url()).pathname.split('/').pop()!;
    expect((await (await page.request.get(`/api/v1/orgs/${orgId}/documents/${documentId}`)).json()).document).toMatchObject({ kind: 'prfaq' });
  });

  it('shows the demo org\'s admin what needs them, most urgent first, each a link to where it is done', async () => {
    for (const scheme of ['light', 'dark'] as const) {
      // Signing in lands on Home too.
      const page = await demo.page(scheme);
      const needs = page.getByRole('region', { name: 'Needs you' });
      await needs.getByRole('listitem').first().waitFor();
      // The demo org is set up: no getting-started steps are left.
      expect(await page.getByRole('region', { name: 'Getting started' }).count()).toBe(0);
      const links = await needs.getByRole('link').allTextContents();
      expect(links[0]).toBe('Write your feedback on Chloe Nakamura');
      expect(links).toContain('Review 5 of your reports');
      expect(await needs.getByRole('listitem').first().textContent()).toContain('Overdue');
      await expectNoSeriousAxeViolations(page, `home of the demo org (${scheme})`);
    }
    const page = await demo.page();
    await page.getByRole('region', { name: 'Needs you' }).getByRole('link', { name: 'Write your feedback on Chloe Nakamura' }).click();
    // Straight to the candidate, where the feedback form is.
    await page.getByRole('heading', { name: 'Your feedback' }).waitFor();
    expect(new URL(page.url()).search).toMatch(/^\?candidate=/);
  });

  it('leads an approver from Needs you to the booked reading, which says that their vote decides', async () => {
    // Marcus sits on the leadership team: the demo books the Returns Robot memo's second reading with him as approver.
    const page = await signedInPage(stack, { email: 'marcus@pulse.example', password: DEMO_LOGIN.password });
    const needs = page.getByRole('region', { name: 'Needs you' });
    const reading = needs.getByRole('listitem').filter({ hasText: 'Same-day refunds' });
    await reading.getByText('Your vote').waitFor();
    await reading.getByRole('link', { name: /Same-day refunds/ }).click();
    await page.getByRole('heading', { name: 'Reading meeting' }).waitFor();
    await page.getByText('You are an approver: once everyone has read, you vote approve, iterate or kill', { exact: false }).waitFor();
    await expectNoSeriousAxeViolations(page, 'a booked reading meeting, seen by an approver');
  });

  it('shows the demo\'s executive what waits on the leadership across initiatives, at laptop and phone sizes', async () => {
    const page = await demo.page();
    for (const viewport of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
      await page.setViewportSize(viewport);
      await page.goto(`/o/${demo.orgId}/home`);
      const leadership = page.getByRole('region', { name: 'Waiting on the leadership' });
      const risks = leadership.getByRole('group', { name: /At risk/ });
      // The paused initiative nobody leads: the pipeline's "Needs attention" watches active ones only.
      const pilot = risks.getByRole('listitem').filter({ hasText: 'Warehouse pilot' });
      await pilot.getByText('Paused with no leader', { exact: false }).waitFor();
      await pilot.getByText('No leader', { exact: true }).waitFor();
      const decisions = leadership.getByRole('group', { name: /Decisions waiting/ });
      const release = decisions.getByRole('listitem').filter({ hasText: 'No verdict' });
      await release.getByText('The PR/FAQ of Gift returns without a receipt.', { exact: false }).waitFor();
      expect(await release.getByRole('link', { name: 'Gift returns' }).getAttribute('href')).toMatch(/\/documents\/[^/]+\?tab=review$/);
      await decisions.getByRole('listitem').filter({ hasText: 'Waiting at a gate' }).first().getByText('30 or more is too long a wait', { exact: false }).waitFor();
      // Nothing of it spills past a phone's width.
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      await expectNoSeriousAxeViolations(page, `the leadership's home of the demo org (${viewport.width} wide)`);
    }
    // From the keyboard, the line opens the initiative's record, where its leader is named.
    const link = page.getByRole('region', { name: 'Waiting on the leadership' }).getByRole('link', { name: 'Warehouse pilot' });
    await link.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Warehouse pilot' }).waitFor();
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('does not show a member what waits on the leadership', async () => {
    const page = await signedInPage(stack, { email: 'priya@pulse.example', password: DEMO_LOGIN.password });
    await page.getByRole('region', { name: 'Needs you' }).waitFor();
    expect(await page.getByRole('region', { name: 'Waiting on the leadership' }).count()).toBe(0);
  });

  it('shows a member who leads an initiative its risks under Needs you, in the leadership\'s words, at laptop and phone sizes', async () => {
    // The demo's leaders have no logins: the admin hands Priya an initiative to lead. A single-threaded leader
    // manages only people on it, so Ravi, her report, first moves to report to the admin.
    const admin = await demo.page();
    const { people } = await callApi(admin.request, 'GET', `/orgs/${demo.orgId}/people`);
    const personOf = (email: string) => (people as Array<{ id: string; email: string }>).find((person) => person.email === email)!.id;
    await callApi(admin.request, 'PATCH', `/orgs/${demo.orgId}/people/${personOf('ravi@pulse.example')}`, { managerId: personOf('demo@pulse.example') });
    const { initiative } = await callApi(admin.request, 'POST', `/orgs/${demo.orgId}/initiatives`, { name: 'Returns kiosks', status: 'active', stage: 'building', stlPersonId: personOf('priya@pulse.example') });
    const reason = 'It is being built, but no single-threaded team works on it.';

    const page = await signedInPage(stack, { email: 'priya@pulse.example', password: DEMO_LOGIN.password });
    for (const viewport of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
      await page.setViewportSize(viewport);
      await page.goto(`/o/${demo.orgId}/home`);
      const line = page.getByRole('region', { name: 'Needs you' }).getByRole('listitem').filter({ hasText: 'Returns kiosks' });
      await line.getByText('You lead it · Building', { exact: false }).waitFor();
      await line.getByText(reason).waitFor();
      expect(await line.getByRole('link', { name: 'Returns kiosks' }).getAttribute('href')).toBe(`/o/${demo.orgId}/pipeline/${initiative.id}`);
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      await expectNoSeriousAxeViolations(page, `the home of a member who leads an initiative (${viewport.width} wide)`);
    }
    await page.setViewportSize({ width: 1280, height: 800 });
    // The admin, who does not lead it, reads the same reason under the leadership's "At risk".
    await admin.goto(`/o/${demo.orgId}/home`);
    const risks = admin.getByRole('region', { name: 'Waiting on the leadership' }).getByRole('group', { name: /At risk/ });
    await risks.getByRole('listitem').filter({ hasText: 'Returns kiosks' }).getByText(reason).waitFor();
  });
});
