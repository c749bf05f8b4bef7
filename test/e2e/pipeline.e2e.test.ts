import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { accountSettingsFrom } from '../../src/server/serve.js';
import { DEMO_LOGIN, seedDemoOrg } from '../../src/services/demo/seed-demo-org.js';
import { expectNoSeriousAxeViolations, newContext, useBrowserStack } from '../support/browser.js';
import { testConfig } from '../support/test-app.js';

const stack = useBrowserStack();
let orgId: string;
const pages: Partial<Record<'light' | 'dark', Page>> = {};

beforeAll(async () => {
  ({ orgId } = await seedDemoOrg(stack.server.database.db, accountSettingsFrom(testConfig())));
});

async function signedInDemo(colorScheme: 'light' | 'dark' = 'light'): Promise<Page> {
  const existing = pages[colorScheme];
  if (existing) return existing;
  const page = await (await newContext(stack.browser, stack.server, { colorScheme })).newPage();
  await page.goto('/signin');
  await page.getByLabel('Email').fill(DEMO_LOGIN.email);
  await page.getByLabel('Password').fill(DEMO_LOGIN.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/o\/[0-9a-f-]{36}\//);
  await page.getByRole('heading', { level: 1, name: 'Leadership principles' }).waitFor();
  pages[colorScheme] = page;
  return page;
}

describe('the pipeline pages on the demo org', () => {
  it('shows the flowchart with live counts, filters by stage, and passes axe in light and dark', async () => {
    for (const scheme of ['light', 'dark'] as const) {
      const page = await signedInDemo(scheme);
      await page.goto(`/o/${orgId}/pipeline`);
      await page.getByRole('heading', { level: 1, name: 'Pipeline' }).waitFor();
      const stages = page.getByRole('navigation', { name: 'Pipeline stages' });
      await stages.getByRole('link', { name: /^Reading review\s*:\s*1$/ }).waitFor();
      await expectNoSeriousAxeViolations(page, `pipeline (${scheme})`);
    }
    const page = await signedInDemo();
    await page.getByRole('navigation', { name: 'Pipeline stages' }).getByRole('link', { name: /^Killed\s*:\s*1$/ }).click();
    await page.getByRole('heading', { name: 'Killed (1)' }).waitFor();
    expect(await page.getByRole('table').getByRole('link').first().textContent()).toBe('Drone returns');
  });

  it('opens the Returns Robot with the gate that holds it, in the words of the reading decision', async () => {
    const page = await signedInDemo();
    await page.goto(`/o/${orgId}/pipeline`);
    await page.getByRole('link', { name: 'Returns Robot pickups' }).click();
    await page.getByRole('heading', { level: 1, name: 'Returns Robot pickups' }).waitFor();
    await page.getByRole('heading', { name: 'Next: Approved' }).waitFor();
    await page.getByText('Not met: The latest reading meeting decided to iterate, not to approve.').waitFor();
    expect(await page.getByRole('button', { name: 'Move to Approved' }).isDisabled()).toBe(true);
    await page.getByRole('cell', { name: 'The memo passes the hard checks; the reading is booked.' }).waitFor();
    await expectNoSeriousAxeViolations(page, 'initiative');
    // The memo's page names the initiative it argues for, and leads back to it.
    await page.getByRole('link', { name: 'Same-day refunds' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Same-day refunds' }).waitFor();
    await page.getByText(/Memo of Returns Robot pickups \(Reading review\)/).waitFor();
  });

  it('proposes an idea, moves it through an open gate, needs a reason to send it back, and asks before killing it', async () => {
    const page = await signedInDemo();
    await page.goto(`/o/${orgId}/pipeline`);
    await page.getByRole('heading', { level: 1, name: 'Pipeline' }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('Returns lockers');
    await page.getByRole('combobox', { name: 'Its PR/FAQ' }).selectOption({ label: 'Returns Robot' });
    await page.getByRole('button', { name: 'Propose idea' }).click();
    await page.getByRole('heading', { level: 1, name: 'Returns lockers' }).waitFor();
    await page.getByText('Met: PR/FAQ "Returns Robot" is linked.').waitFor();
    await page.getByRole('button', { name: 'Move to Press release' }).click();
    await page.getByRole('heading', { name: 'Next: FAQ' }).waitFor();
    await page.getByRole('cell', { name: 'Idea → Press release' }).waitFor();

    // Back to the idea stage: the server refuses it without a reason, and the form shows why.
    const sendBack = page.getByRole('region', { name: 'Send back or kill' });
    await sendBack.getByRole('combobox', { name: 'Move to' }).selectOption({ label: 'Back to Idea' });
    await sendBack.getByRole('button', { name: 'Send back to Idea' }).click();
    await sendBack.getByText('Say why it goes back to the idea stage.').waitFor();
    await sendBack.getByRole('textbox', { name: 'Why' }).fill('The customer is unclear: lockers for whom?');
    await sendBack.getByRole('button', { name: 'Send back to Idea' }).click();
    await page.getByRole('heading', { name: 'Next: Press release' }).waitFor();
    await page.getByRole('cell', { name: 'The customer is unclear: lockers for whom?' }).waitFor();

    await sendBack.getByRole('combobox', { name: 'Move to' }).selectOption({ label: 'Killed (stop the initiative)' });
    await sendBack.getByRole('textbox', { name: 'Why' }).fill('The Returns Robot covers the same shoppers.');
    await sendBack.getByRole('button', { name: 'Kill initiative' }).click();
    await sendBack.getByText(/Press again to confirm/).waitFor();
    await sendBack.getByRole('button', { name: 'Yes, kill it' }).click();
    await page.getByRole('cell', { name: 'Idea → Killed' }).waitFor();
    expect(await page.getByRole('region', { name: 'Send back or kill' }).count()).toBe(0);
    const record = await (await page.request.get(`/api/v1/orgs/${orgId}/pipeline`)).json();
    expect(record.counts.killed).toBe(2);
  });

  it('staffs an approved initiative from its own page: a busy leader is refused by name, a free one opens the gate', async () => {
    const page = await signedInDemo();
    await page.goto(`/o/${orgId}/pipeline`);
    await page.getByRole('link', { name: 'Night-time deliveries' }).click();
    await page.getByRole('heading', { name: 'Next: Staffing' }).waitFor();
    await page.getByText('Not met: Name the single-threaded leader.').waitFor();
    const leader = page.getByRole('combobox', { name: 'Single-threaded leader' });
    await leader.selectOption({ label: 'Kofi Mensah — Product Manager' });
    await page.getByRole('button', { name: 'Save leader' }).click();
    await page.getByRole('alert').filter({ hasText: 'Kofi Mensah' }).waitFor();
    await leader.selectOption({ label: 'Ravi Iyer — Engineering Manager' });
    await page.getByRole('button', { name: 'Save leader' }).click();
    await page.getByText('Met: Ravi Iyer leads it, full time.').waitFor();
    await page.getByRole('button', { name: 'Move to Staffing' }).click();
    await page.getByRole('heading', { name: 'Next: Building' }).waitFor();

    await page.getByRole('combobox', { name: 'Metric it promises to move' }).selectOption({ label: 'Return requests (input)' });
    await page.getByRole('button', { name: 'Link metric' }).click();
    await page.getByText('Return requests (input)', { exact: true }).waitFor();
    await expectNoSeriousAxeViolations(page, 'initiative with staffing forms');
  });
});
