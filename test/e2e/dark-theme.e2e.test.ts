import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { SECTION_VIEWS, SECTIONS } from '../../web/src/shell/sections.js';
import { expectNoSeriousAxeViolations, useBrowserStack, useSignedInDemo } from '../support/browser.js';

const stack = useBrowserStack();
const demo = useSignedInDemo(stack);

/** Sections whose list links to one record's own page (`/o/:orgId/:section/:id`); the demo org has some of each. */
const SECTIONS_WITH_RECORDS = new Set(['principles', 'pipeline', 'documents', 'people', 'teams', 'hiring', 'reviews', 'sales', 'wbr', 'playbooks']);

/** Waits until the page has drawn what it loads: its heading, and no "Loading…" note left. */
async function settle(page: Page): Promise<void> {
  await page.locator('main h1').first().waitFor();
  await page.waitForLoadState('networkidle');
  await expect.poll(() => page.locator('main [aria-busy="true"], .loading-note').count()).toBe(0);
}

/** The address of the first record the section's list links to, taken from the page as a person would click it. */
async function firstRecordOf(page: Page, section: string): Promise<string> {
  const views = new Set<string>(SECTION_VIEWS[section as keyof typeof SECTION_VIEWS] ?? []);
  const prefix = `/o/${demo.orgId}/${section}/`;
  const hrefs = await page.locator(`main a[href^="${prefix}"]`).evaluateAll((links) => links.map((link) => link.getAttribute('href') ?? ''));
  const record = hrefs.map((href) => href.split(/[?#]/)[0]!).find((href) => href.length > prefix.length && !href.slice(prefix.length).includes('/') && !views.has(href.slice(prefix.length)));
  expect(record, `a record linked from ${section}`).toBeDefined();
  return record!;
}

describe('the dark theme', () => {
  // Walks the router's sections rather than a hand-made list, so a page added later is audited without a new test.
  it('passes axe on every page of the app, each section, its views and one record of each', async () => {
    const page = await demo.page('dark');
    const addresses: string[] = [];
    for (const section of SECTIONS) {
      const address = `/o/${demo.orgId}/${section.path}`;
      addresses.push(address);
      for (const view of SECTION_VIEWS[section.path as keyof typeof SECTION_VIEWS] ?? []) addresses.push(`${address}/${view}`);
      if (SECTIONS_WITH_RECORDS.has(section.path)) {
        await page.goto(address);
        await settle(page);
        addresses.push(await firstRecordOf(page, section.path));
      }
    }
    addresses.push(`/o/${demo.orgId}/search?q=refund`);

    for (const address of addresses) {
      await page.goto(address);
      await settle(page);
      expect(await page.evaluate(() => window.matchMedia('(prefers-color-scheme: dark)').matches), address).toBe(true);
      await expectNoSeriousAxeViolations(page, `${address} in the dark theme`);
    }
  });

  it('is the same dark theme when a person picks it with the toggle on a light system', async () => {
    const page = await demo.page('light');
    await page.goto(`/o/${demo.orgId}/pipeline`);
    await settle(page);
    await page.getByRole('button', { name: 'Switch to the dark theme' }).click();
    await expect.poll(() => page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(21, 23, 26)');
    await expectNoSeriousAxeViolations(page, 'pipeline in the dark theme picked with the toggle');
    await page.getByRole('button', { name: 'Switch to the light theme' }).click();
  });

  // A date field reached with Tab once showed no ring at all: Chromium does not always count it as :focus-visible.
  it('shows where the keyboard is on every stop of the pages full of forms', async () => {
    const page = await demo.page('dark');
    for (const section of ['people', 'documents', 'wbr']) {
      await page.goto(`/o/${demo.orgId}/${section}`);
      await settle(page);
      await page.goto(await firstRecordOf(page, section));
      await settle(page);
      const unringed = new Set<string>();
      // Every Tab stop from where the page puts the keyboard (its heading) on, up to a bound on a long page.
      for (let stop = 0; stop < 60; stop += 1) {
        await page.keyboard.press('Tab');
        const focused = await page.evaluate(() => {
          const element = document.activeElement;
          if (!(element instanceof HTMLElement) || element === document.body) return null;
          // A published week's deck is a sandboxed frame: the ring is drawn by its own page, out of this one's reach.
          if (element instanceof HTMLIFrameElement) return { shows: true, name: 'iframe' };
          const style = getComputedStyle(element);
          const hasOutline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0 && style.outlineColor !== 'rgba(0, 0, 0, 0)';
          return { shows: hasOutline || style.boxShadow !== 'none', name: `${element.tagName.toLowerCase()}${element instanceof HTMLInputElement ? `[type=${element.type}]` : ''} "${(element.getAttribute('aria-label') ?? element.textContent ?? '').trim().slice(0, 40)}"` };
        });
        if (focused === null) break;
        if (!focused.shows) unringed.add(focused.name);
      }
      expect([...unringed], `stops without a visible focus ring on a ${section} record`).toEqual([]);
    }
  });
});
