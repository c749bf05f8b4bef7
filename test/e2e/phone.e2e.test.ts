import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectNoSeriousAxeViolations, newContext, newPerson, orgIdOf, signUpInBrowser, useBrowserStack } from '../support/browser.js';

const stack = useBrowserStack();

/** One new admin and org per colour scheme, signed up once for the whole file; `orgOf` holds each page's org. */
const pages: Partial<Record<'light' | 'dark', Page>> = {};
const orgOf = new Map<Page, string>();
async function signedIn(colorScheme: 'light' | 'dark' = 'light'): Promise<Page> {
  const existing = pages[colorScheme];
  if (existing) return existing;
  const page = await (await newContext(stack.browser, stack.server, { colorScheme })).newPage();
  await signUpInBrowser(page, newPerson('phone'));
  orgOf.set(page, orgIdOf(page));
  pages[colorScheme] = page;
  return page;
}

const PHONE = { width: 390, height: 844 };
const LAPTOP = { width: 1280, height: 800 };

const menuButton = (page: Page) => page.getByRole('button', { name: /^Menu/ });
const orgNav = (page: Page) => page.getByRole('navigation', { name: 'Org' });
const focusedText = (page: Page) => page.evaluate(() => document.activeElement?.textContent?.trim() ?? '');

async function onPhone(page: Page, section: string, heading: string): Promise<void> {
  await page.setViewportSize(PHONE);
  await page.goto(`/o/${orgOf.get(page)}/${section}`);
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
}

async function expectMenu(page: Page, open: boolean): Promise<void> {
  await expect.poll(() => menuButton(page).getAttribute('aria-expanded')).toBe(String(open));
  expect(await orgNav(page).isVisible()).toBe(open);
}

describe('the app on a phone (390 × 844)', () => {
  it('starts the page under a one-row top bar whose Menu button names the page, with the theme toggle in the bar', async () => {
    const page = await signedIn();
    await onPhone(page, 'pipeline', 'Pipeline');
    const heading = await page.getByRole('heading', { level: 1, name: 'Pipeline' }).boundingBox();
    expect(heading!.y).toBeLessThan(150);
    expect(await orgNav(page).count()).toBe(0);
    await expect.poll(() => menuButton(page).textContent()).toContain('Pipeline');
    const panelId = await menuButton(page).getAttribute('aria-controls');
    expect(panelId).toBeTruthy();
    expect(await page.locator(`[id="${panelId}"]`).count()).toBe(1);
    await page.getByRole('button', { name: /^Switch to the (dark|light) theme$/ }).waitFor();
  });

  it('opens and closes by mouse, and a section chosen from it navigates', async () => {
    const page = await signedIn();
    await onPhone(page, 'pipeline', 'Pipeline');
    await menuButton(page).click();
    await expectMenu(page, true);
    // The focus is in the list, on the current page's link.
    expect(await focusedText(page)).toBe('Pipeline');
    // A tap on the dimmed page below the menu closes it.
    await page.mouse.click(200, PHONE.height - 20);
    await expectMenu(page, false);
    await menuButton(page).click();
    await menuButton(page).click();
    await expectMenu(page, false);

    await menuButton(page).click();
    await orgNav(page).getByRole('link', { name: 'Documents' }).click();
    await page.getByRole('heading', { level: 1, name: 'Documents' }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/o/${orgOf.get(page)}/documents`);
    await expectMenu(page, false);
    expect(await menuButton(page).textContent()).toContain('Documents');
  });

  it('works from the keyboard: Escape returns to the button, Enter on a section navigates, tabbing out closes it', async () => {
    const page = await signedIn();
    await onPhone(page, 'pipeline', 'Pipeline');
    await menuButton(page).focus();
    await page.keyboard.press('Enter');
    await expectMenu(page, true);
    expect(await focusedText(page)).toBe('Pipeline');
    await page.keyboard.press('Tab');
    expect(await focusedText(page)).toBe('Documents');
    await page.keyboard.press('Escape');
    await expectMenu(page, false);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-expanded'))).toBe('false');
    expect(await focusedText(page)).toMatch(/^Menu/);

    await page.keyboard.press('Space');
    await expectMenu(page, true);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Documents' }).waitFor();
    await expectMenu(page, false);
    // As on every page change, the new page's heading takes the focus.
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
    expect(await focusedText(page)).toBe('Documents');

    // Tab past the menu's last item (Sign out) leaves it closed behind, on the theme toggle: no trap, nothing left open.
    await menuButton(page).focus();
    await page.keyboard.press('Enter');
    await expectMenu(page, true);
    await page.getByRole('button', { name: 'Sign out' }).focus();
    await page.keyboard.press('Tab');
    await expectMenu(page, false);
    expect(await page.evaluate(() => document.activeElement?.className)).toContain('theme-toggle');
  });

  it('keeps the org switcher in the menu (Escape closes the org list first) and the g shortcuts working', async () => {
    const page = await signedIn();
    await onPhone(page, 'pipeline', 'Pipeline');
    await menuButton(page).click();
    await page.getByRole('button', { name: /^Org/ }).click();
    await page.getByRole('link', { name: 'Create another org' }).waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('link', { name: 'Create another org' }).waitFor({ state: 'hidden' });
    await expectMenu(page, true);
    // The shortcuts' help opens from the menu; its Escape closes the dialog only, back on the menu's button.
    await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor({ state: 'hidden' });
    await expectMenu(page, true);
    expect(await focusedText(page)).toBe('Keyboard shortcuts');
    await page.keyboard.press('Escape');
    await expectMenu(page, false);

    // With the menu open, and with it closed, `g` then a letter still goes to a page, and the menu is closed there.
    await menuButton(page).click();
    await page.keyboard.press('g');
    await page.keyboard.press('a');
    await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
    await expectMenu(page, false);
    expect(await menuButton(page).textContent()).toContain('Audit log');
    await page.keyboard.press('g');
    await page.keyboard.press('p');
    await page.getByRole('heading', { level: 1, name: 'Leadership principles' }).waitFor();
    expect(await menuButton(page).textContent()).toContain('Principles');
  });

  it.each(['light', 'dark'] as const)('passes axe with the menu closed and open in the %s theme', async (colorScheme) => {
    const page = await signedIn(colorScheme);
    await onPhone(page, 'audit', 'Audit log');
    await page.locator('.audit-entry').first().waitFor();
    await expectNoSeriousAxeViolations(page, `phone, menu closed (${colorScheme})`);
    await menuButton(page).click();
    await expectMenu(page, true);
    await expectNoSeriousAxeViolations(page, `phone, menu open (${colorScheme})`);
    await page.getByRole('button', { name: /^Org/ }).click();
    await expectNoSeriousAxeViolations(page, `phone, menu and org list open (${colorScheme})`);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await expectMenu(page, false);
  });

  it('prints the page without the menu, even left open', async () => {
    const page = await signedIn();
    await onPhone(page, 'pipeline', 'Pipeline');
    await menuButton(page).click();
    await expectMenu(page, true);
    await page.emulateMedia({ media: 'print' });
    try {
      expect(await menuButton(page).isVisible()).toBe(false);
      expect(await orgNav(page).isVisible()).toBe(false);
      expect(await page.getByRole('heading', { level: 1, name: 'Pipeline' }).isVisible()).toBe(true);
    } finally {
      await page.emulateMedia({ media: 'screen' });
    }
    await page.keyboard.press('Escape');
  });

  it('keeps the side navigation, and no Menu button, on a laptop screen, also after a phone-sized window is widened', async () => {
    const page = await signedIn();
    await onPhone(page, 'pipeline', 'Pipeline');
    await page.setViewportSize(LAPTOP);
    await orgNav(page).getByRole('link', { name: 'Documents' }).waitFor();
    expect(await menuButton(page).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Keyboard shortcuts' }).isVisible()).toBe(true);
    const nav = await orgNav(page).boundingBox();
    const heading = await page.getByRole('heading', { level: 1, name: 'Pipeline' }).boundingBox();
    // Beside the page, not above it.
    expect(nav!.x + nav!.width).toBeLessThanOrEqual(heading!.x);
    await orgNav(page).getByRole('link', { name: 'Documents' }).click();
    await page.getByRole('heading', { level: 1, name: 'Documents' }).waitFor();
  });
});
