import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectNoSeriousAxeViolations, newContext, newPerson, orgIdOf, type Person, signedUpPage, useBrowserStack } from '../support/browser.js';

const stack = useBrowserStack();

async function signedUp(label: string): Promise<{ page: Page; person: Person; orgId: string }> {
  const person = newPerson(label);
  return { ...(await signedUpPage(stack, person)), person };
}

/** The admin creates an invitation on the members page and reads the link it shows once. */
async function inviteFromMembersPage(admin: Page, orgId: string, email: string, role: 'Admin' | 'Member' | 'Recruiter'): Promise<string> {
  await admin.goto(`/o/${orgId}/members`);
  await admin.getByLabel('Email').fill(email);
  await admin.getByRole('combobox', { name: 'Role', exact: true }).selectOption({ label: role });
  await admin.getByRole('button', { name: 'Create invitation link' }).click();
  const link = admin.getByRole('textbox', { name: `Invitation link for ${email}` });
  await link.waitFor();
  return link.inputValue();
}

const navLinks = (page: Page) => page.getByRole('navigation', { name: 'Org' }).getByRole('link').allTextContents();

describe('accounts in the browser', () => {
  it('keeps a session made before the signed-in hint: the page load sets the hint and the app asks for the session', async () => {
    const { page, orgId } = await signedUp('earlier');
    await page.context().clearCookies({ name: 'pulse_signed_in' });
    await page.goto(`/o/${orgId}/principles`);
    await page.getByRole('heading', { level: 1, name: 'Leadership principles' }).waitFor();
    expect((await page.context().cookies()).map((cookie) => cookie.name).sort()).toEqual(['pulse_session', 'pulse_signed_in']);
  });

  it('signs out, sends a signed-out visitor to sign in, and brings them back where they were going', async () => {
    const { page, person, orgId } = await signedUp('admin');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sign in to Pulse' }).waitFor();
    expect((await page.request.get('/api/v1/auth/session')).status()).toBe(401);

    // Signed out, a page load asks the server nothing about a session: no 401 in the browser's console.
    const consoleErrors: string[] = [];
    const sessionRequests: string[] = [];
    page.on('console', (message) => { if (message.type() === 'error') consoleErrors.push(message.text()); });
    page.on('request', (request) => { if (request.url().endsWith('/api/v1/auth/session')) sessionRequests.push(request.url()); });
    await page.goto(`/o/${orgId}/audit`);
    await page.getByRole('heading', { level: 1, name: 'Sign in to Pulse' }).waitFor();
    expect(new URL(page.url()).search).toBe(`?next=${encodeURIComponent(`/o/${orgId}/audit`)}`);
    expect(sessionRequests).toEqual([]);
    expect(consoleErrors).toEqual([]);

    await page.getByLabel('Email').fill(person.email);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const passwordError = page.locator('.field--invalid .field__error');
    await passwordError.waitFor();
    expect(await passwordError.textContent()).toBe('The email or password is not right.');
    expect(await page.getByLabel('Password').getAttribute('aria-invalid')).toBe('true');

    await page.getByLabel('Password').fill(person.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();

    // An address typed to sign in leads to the sign-in page, and from there home, not back to itself.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sign in to Pulse' }).waitFor();
    await page.goto('/login');
    await page.getByRole('heading', { level: 1, name: 'Sign in to Pulse' }).waitFor();
    expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe('/signin');
    await page.getByLabel('Email').fill(person.email);
    await page.getByLabel('Password').fill(person.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/o\/[^/]+\/home$/);
    await page.goto('/login');
    await page.waitForURL(/\/o\/[^/]+\/home$/);
  });

  it('shows the server’s sign-up errors next to the fields they name', async () => {
    const page = await (await newContext(stack.browser, stack.server)).newPage();
    await page.goto('/signup');
    await page.getByLabel('Your name').fill('Short Password');
    await page.getByLabel('Work email').fill('short-password@example.test');
    await page.getByLabel('Password').fill('short');
    await page.getByLabel('Org name').fill('Some org');
    await page.getByRole('button', { name: 'Create account and org' }).click();
    const password = page.getByLabel('Password');
    await page.locator('.field--invalid').waitFor();
    expect(await password.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('.field--invalid .field__error').textContent()).toBe('A password needs at least 10 characters.');

    // An empty form: every field the server names is marked at once, and the caret goes to the first of them.
    for (const label of ['Your name', 'Work email', 'Password', 'Org name']) await page.getByLabel(label).fill('');
    await page.getByRole('button', { name: 'Create account and org' }).click();
    await expect.poll(() => page.locator('.field--invalid').count()).toBeGreaterThanOrEqual(3);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe(await page.locator('.field--invalid input').first().getAttribute('name'));
  });

  it('invites a member in a second browser: they see the org and role, join, and get no admin pages', async () => {
    const { page: admin, person: adminPerson, orgId } = await signedUp('admin');
    const invitee = newPerson('member');
    const link = await inviteFromMembersPage(admin, orgId, invitee.email, 'Member');
    expect(link).toMatch(new RegExp(`^${stack.server.baseUrl}/invite/`));
    expect(await admin.getByRole('region', { name: 'Pending invitations' }).textContent()).toContain(invitee.email);
    // Who sent each invitation: its sender's invitations are withdrawn when they lose the org.
    expect(await admin.getByRole('row', { name: new RegExp(invitee.email) }).getByRole('cell').allTextContents()).toEqual([invitee.email, 'Member', 'You', expect.any(String), expect.any(String), 'New link Revoke']);

    const page = await (await newContext(stack.browser, stack.server)).newPage();
    await page.goto(link);
    await page.getByRole('heading', { level: 1, name: `Join ${adminPerson.orgName}` }).waitFor();
    expect(await page.locator('.auth__lead').textContent()).toBe(`You are invited to join ${adminPerson.orgName} as Member.`);
    expect(await page.getByLabel('Email').inputValue()).toBe(invitee.email);
    await page.getByLabel('Your name').fill(invitee.name);
    await page.getByLabel('Password').fill(invitee.password);
    await page.getByRole('button', { name: 'Create account and join' }).click();
    await page.getByRole('heading', { level: 1, name: 'Home' }).waitFor();
    expect(orgIdOf(page)).toBe(orgId);

    // Other mechanisms add their own pages; what matters here is that the admin-only ones are absent.
    const memberLinks = await navLinks(page);
    expect(memberLinks).toEqual(expect.arrayContaining(['Principles', 'API tokens']));
    expect(memberLinks).not.toContain('Members');
    expect(memberLinks).not.toContain('Audit log');
    await page.getByRole('navigation', { name: 'Org' }).getByRole('link', { name: 'Principles' }).click();
    await page.getByRole('heading', { level: 1, name: 'Leadership principles' }).waitFor();
    expect(await page.getByRole('button', { name: 'Add a principle' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /^Edit / }).count()).toBe(0);
    await page.getByRole('link', { name: 'History of Ownership' }).waitFor();

    await page.goto(`/o/${orgId}/audit`);
    await page.getByRole('heading', { name: 'Only admins can open this page' }).waitFor();
    expect((await page.request.get(`/api/v1/orgs/${orgId}/audit-events`)).status()).toBe(403);
    await page.goto(`/o/${orgId}/members`);
    await page.getByRole('heading', { name: 'Only admins can open this page' }).waitFor();

    await admin.reload();
    await admin.getByRole('cell', { name: invitee.email, exact: true }).waitFor();
    expect(await admin.getByRole('region', { name: 'Pending invitations' }).textContent()).not.toContain(invitee.email);

    // Promoted to admin, they get the admin pages.
    const roleSaved = admin.waitForResponse((response) => response.request().method() === 'PATCH' && response.url().includes('/members/'));
    await admin.getByRole('combobox', { name: `Role of ${invitee.name}` }).selectOption({ label: 'Admin' });
    await admin.getByRole('button', { name: `Save the role of ${invitee.name}` }).click();
    expect((await roleSaved).status()).toBe(200);
    await page.goto(`/o/${orgId}/principles`);
    await page.getByRole('heading', { level: 1, name: 'Leadership principles' }).waitFor();
    expect(await navLinks(page)).toEqual(expect.arrayContaining(['Principles', 'Members', 'Audit log', 'API tokens']));
    expect(await page.locator('.topbar__role').textContent()).toBe('Admin');
  });

  it('removes a member who is not on the org chart, after a confirmation', async () => {
    const { page: admin, orgId } = await signedUp('remover');
    const invitee = newPerson('leaver');
    const link = await inviteFromMembersPage(admin, orgId, invitee.email, 'Member');
    const joined = await fetch(`${stack.server.baseUrl}/api/v1/invitations/${new URL(link).pathname.split('/').pop()}/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: invitee.email, name: invitee.name, password: invitee.password }),
    });
    expect(joined.status).toBe(201);
    await admin.reload();
    await admin.getByRole('cell', { name: invitee.email, exact: true }).waitFor();
    // No way to remove yourself from here.
    expect(await admin.getByRole('button', { name: /^Remove / }).count()).toBe(1);

    await admin.getByRole('button', { name: `Remove ${invitee.name}` }).click();
    const dialog = admin.getByRole('dialog', { name: 'Remove this member?' });
    await dialog.getByRole('button', { name: 'Keep them' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await admin.getByRole('cell', { name: invitee.email, exact: true }).waitFor();

    await admin.getByRole('button', { name: `Remove ${invitee.name}` }).click();
    expect(await dialog.textContent()).toContain('their API tokens here stop working, and any invitation they sent that is still open is withdrawn.');
    await dialog.getByRole('button', { name: 'Remove member' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await admin.getByRole('heading', { name: '1 member' }).waitFor();
    expect(await admin.getByRole('cell', { name: invitee.email, exact: true }).count()).toBe(0);
  });

  it('revokes an invitation after a confirmation naming its email, and issues a new link, also for an expired one', async () => {
    const { page: admin, orgId } = await signedUp('inviter');
    const wrong = newPerson('wrong');
    const lost = newPerson('lost');
    const wrongLink = await inviteFromMembersPage(admin, orgId, wrong.email, 'Member');
    const lostLink = await inviteFromMembersPage(admin, orgId, lost.email, 'Recruiter');
    const invitationAnswer = async (link: string) => (await fetch(`${stack.server.baseUrl}/api/v1/invitations/${new URL(link).pathname.split('/').pop()}`)).status;
    const pendingList = admin.getByRole('region', { name: 'Pending invitations' });

    // Revoke asks first, naming the email; keeping it changes nothing.
    await admin.getByRole('button', { name: `Revoke the invitation for ${wrong.email}` }).click();
    const dialog = admin.getByRole('dialog', { name: 'Revoke this invitation?' });
    expect(await dialog.textContent()).toContain(`The link sent to ${wrong.email} stops working at once`);
    await dialog.getByRole('button', { name: 'Keep it' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await invitationAnswer(wrongLink)).toBe(200);
    await admin.getByRole('button', { name: `Revoke the invitation for ${wrong.email}` }).click();
    await dialog.getByRole('button', { name: 'Revoke invitation' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => pendingList.getByRole('cell', { name: wrong.email, exact: true }).count()).toBe(0);
    // Its row is gone: the keyboard is on the list's heading, not lost at the top of the page.
    await expect.poll(() => admin.evaluate(() => document.activeElement?.id)).toBe('invitations-heading');
    expect(await invitationAnswer(wrongLink)).toBe(404);

    // An expired invitation shows as expired, and a new link brings it back for 7 days; the old link stops working.
    await stack.server.database.db.updateTable('invitations').set({ expires_at: new Date(Date.now() - 60_000) }).where('email', '=', lost.email).execute();
    await admin.reload();
    const lostRow = admin.getByRole('row', { name: new RegExp(lost.email) });
    expect(await lostRow.textContent()).toContain('Expired');
    await lostRow.getByRole('button', { name: `New link for ${lost.email}` }).click();
    const newLinkField = admin.getByRole('textbox', { name: `New invitation link for ${lost.email}` });
    await newLinkField.waitFor();
    const newLink = await newLinkField.inputValue();
    expect(newLink).toMatch(new RegExp(`^${stack.server.baseUrl}/invite/`));
    expect(newLink).not.toBe(lostLink);
    // The keyboard is on the new link, ready to copy, with the copy button next to it.
    await expect.poll(() => admin.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(`New invitation link for ${lost.email}`);
    await admin.getByRole('region', { name: `New invitation link for ${lost.email}` }).getByRole('button', { name: 'Copy' }).waitFor();
    expect(await lostRow.textContent()).not.toContain('Expired');
    expect(await invitationAnswer(lostLink)).toBe(404);
    expect(await invitationAnswer(newLink)).toBe(200);
    await expectNoSeriousAxeViolations(admin, 'members with a new invitation link');
  });

  it('lets a signed-in person accept an invitation and switch between their orgs', async () => {
    const { page: owner, person: ownerPerson, orgId: firstOrgId } = await signedUp('owner');
    const { page: other, person: otherPerson } = await signedUp('other');
    const link = await inviteFromMembersPage(owner, firstOrgId, otherPerson.email, 'Admin');

    await other.goto(link);
    await other.getByRole('button', { name: `Join ${ownerPerson.orgName}` }).click();
    await other.getByRole('heading', { level: 1, name: 'Home' }).waitFor();
    expect(orgIdOf(other)).toBe(firstOrgId);

    // The switcher lists both orgs; switching keeps the section.
    await other.getByRole('navigation', { name: 'Org' }).getByRole('link', { name: 'Audit log' }).click();
    await other.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
    await other.getByRole('button', { name: /^Org/ }).click();
    expect(await other.locator('.org-switcher__item > span:first-child').allTextContents()).toEqual([otherPerson.orgName, ownerPerson.orgName]);
    await other.getByRole('link', { name: new RegExp(`^${otherPerson.orgName}`) }).click();
    await other.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
    expect(orgIdOf(other)).not.toBe(firstOrgId);
    expect(await other.locator('.audit-entry').first().textContent()).toContain(`created the org “${otherPerson.orgName}”`);

    // A third org, made from the switcher.
    await other.getByRole('button', { name: /^Org/ }).click();
    await other.getByRole('link', { name: 'Create another org' }).click();
    await other.getByLabel('Org name').fill('Third org');
    await other.getByRole('button', { name: 'Create org' }).click();
    await other.getByRole('heading', { level: 1, name: 'Home' }).waitFor();
    expect(await other.getByRole('button', { name: /^Org/ }).textContent()).toContain('Third org');
    const thirdOrgId = orgIdOf(other);

    // Home opens the org used last.
    await other.goto('/');
    await other.getByRole('heading', { level: 1, name: 'Home' }).waitFor();
    expect(orgIdOf(other)).toBe(thirdOrgId);
  });

  it('goes to a page with `g` and a letter, to its new-item form with `n`, and shows the shortcuts with `?`', async () => {
    const { page } = await signedUp('keyboard');
    await page.keyboard.press('g');
    await page.keyboard.press('a');
    await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
    await page.keyboard.press('g');
    await page.keyboard.press('t');
    await page.getByRole('heading', { level: 1, name: 'API tokens' }).waitFor();
    // `n` puts the caret in the page's new-item form: here the token's name, typed into at once.
    await page.getByRole('region', { name: 'Create a token' }).waitFor();
    await page.keyboard.press('n');
    await page.keyboard.type('Typed after n');
    // In a field, `n` is a letter like any other (the name above has two).
    expect(await page.getByRole('region', { name: 'Create a token' }).getByLabel('Name').inputValue()).toBe('Typed after n');
    // On a page without a new-item form it does nothing.
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('g');
    await page.keyboard.press('a');
    await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
    await page.keyboard.press('n');
    // Focus stays on the page's heading, where going to a page puts it.
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
    // Where the new item is made in a dialog (a principle), `n` opens it.
    await page.keyboard.press('g');
    await page.keyboard.press('p');
    await page.getByRole('heading', { level: 1, name: 'Leadership principles' }).waitFor();
    await page.getByRole('button', { name: 'Add a principle' }).waitFor();
    await page.keyboard.press('n');
    await page.getByRole('dialog').waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    await page.keyboard.press('g');
    await page.keyboard.press('l');
    await page.getByRole('heading', { level: 1, name: 'Pipeline' }).waitFor();
    // The form comes with the page's data: `n` goes to it once it is there.
    await page.getByRole('region', { name: 'Propose an idea' }).waitFor();
    await page.keyboard.press('n');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('name');
    await page.keyboard.type('Return bins');
    expect(await page.getByRole('region', { name: 'Propose an idea' }).getByLabel('Name').inputValue()).toBe('Return bins');
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await help.waitFor();
    expect(await help.textContent()).toContain('Go to principles');
    expect(await help.textContent()).toContain('Start the page\'s new item');
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'hidden' });
  });

  it('creates an API token that is shown once and works as a bearer token, then revokes it', async () => {
    const { page, orgId } = await signedUp('scripter');
    await page.goto(`/o/${orgId}/api-tokens`);
    await page.getByLabel('Name').fill('Nightly export');
    // A new token only reads unless writing is chosen.
    expect(await page.getByRole('combobox', { name: 'Access' }).inputValue()).toBe('read');
    await page.getByRole('combobox', { name: 'Access' }).selectOption({ label: 'Read and write (your role)' });
    await page.getByRole('button', { name: 'Create token' }).click();
    const secret = page.getByRole('textbox', { name: 'Token “Nightly export”' });
    await secret.waitFor();
    const token = await secret.inputValue();
    const withToken = await fetch(`${stack.server.baseUrl}/api/v1/orgs/${orgId}/principles`, { headers: { authorization: `Bearer ${token}` } });
    expect(withToken.status).toBe(200);
    // Chosen to write, it may, for 90 days by default; what it does shows in the audit log under its name.
    const written = await fetch(`${stack.server.baseUrl}/api/v1/orgs/${orgId}/principles`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ title: 'Exported nightly', summary: 'Written by a script.' }) });
    expect(written.status).toBe(201);

    // A read-only token that ends in 30 days: the list says both, and it cannot write.
    await page.getByLabel('Name').fill('Dashboard reader');
    await page.getByRole('combobox', { name: 'Access' }).selectOption({ label: 'Read only' });
    await page.getByRole('combobox', { name: 'Expires' }).selectOption({ label: 'In 30 days' });
    await page.getByRole('button', { name: 'Create token' }).click();
    const readerToken = await page.getByRole('textbox', { name: 'Token “Dashboard reader”' }).inputValue();
    const readerRow = page.getByRole('row').filter({ has: page.getByRole('cell', { name: 'Dashboard reader', exact: true }) });
    await readerRow.getByRole('cell', { name: 'Read only', exact: true }).waitFor();
    expect(await readerRow.getByRole('cell', { name: 'Never', exact: true }).count()).toBe(1); // last used, not the expiry
    const refused = await fetch(`${stack.server.baseUrl}/api/v1/orgs/${orgId}/principles`, { method: 'POST', headers: { authorization: `Bearer ${readerToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ title: 'Not allowed', summary: 'Read only.' }) });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(/is read-only/);

    await page.goto(`/o/${orgId}/audit`);
    await page.getByText('via token “Nightly export”').waitFor();
    await page.goto(`/o/${orgId}/api-tokens`);
    await page.getByRole('cell', { name: 'Nightly export', exact: true }).waitFor();
    const nightlyRow = page.getByRole('row').filter({ has: page.getByRole('cell', { name: 'Nightly export', exact: true }) });
    expect(await nightlyRow.getByRole('cell', { name: 'Read and write', exact: true }).count()).toBe(1);
    expect(await page.getByRole('textbox', { name: 'Token “Nightly export”' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Revoke Nightly export' }).click();
    await page.getByRole('dialog', { name: 'Revoke this token?' }).getByRole('button', { name: 'Revoke token' }).click();
    await page.getByText(/^Revoked /).waitFor();
    // The Revoke button is gone: the keyboard is on the list, not at the top of the page.
    await page.waitForFunction(() => document.activeElement?.id === 'tokens-heading');
    expect((await fetch(`${stack.server.baseUrl}/api/v1/orgs/${orgId}/principles`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
  });
});
