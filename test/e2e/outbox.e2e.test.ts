import { describe, expect, it } from 'vitest';
import { expectNoSeriousAxeViolations, newPerson, signedUpPage, useBrowserStack } from '../support/browser.js';

// Email on, but no sender runs in the test server: what is queued stays waiting, as it would before the first look.
const stack = useBrowserStack({ env: async () => ({ PULSE_SMTP_URL: 'smtp://127.0.0.1:2525', PULSE_MAIL_FROM: 'Pulse <pulse@example.test>' }) });

describe('the outbox on the members page', () => {
  it('tells the admin Pulse emails the invitation link, and lists the email waiting to be sent', async () => {
    const { page, orgId } = await signedUpPage(stack, newPerson('outbox-admin'));
    await page.goto(`/o/${orgId}/members`);
    const email = page.getByRole('region', { name: 'Outbox', exact: true });
    await email.getByText('0 sent, 0 waiting, 0 given up', { exact: false }).waitFor();

    await page.getByLabel('Email').fill('invitee@example.test');
    await page.getByRole('button', { name: 'Create invitation link' }).click();
    await page.getByRole('textbox', { name: 'Invitation link for invitee@example.test' }).waitFor();
    await page.getByText('Pulse is emailing it to them', { exact: false }).waitFor();
    await email.getByText('0 sent, 1 waiting, 0 given up', { exact: false }).waitFor();
    const row = email.getByRole('row').filter({ hasText: 'invitee@example.test' });
    expect(await row.textContent()).toContain('Waiting to be sent');
    expect(await row.textContent()).toContain('Invitation');
    await expectNoSeriousAxeViolations(page, 'members page with email on');
  });
});
