import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { PIPELINE_STAGES } from '../../src/domain/initiatives/stages.js';
import { callApi, useBrowserStack, useSignedInDemo } from '../support/browser.js';

const stack = useBrowserStack();
const demo = useSignedInDemo(stack);

const PHONE = { width: 390, height: 844 };
/** The narrowest width pages must reflow to without sideways scrolling (WCAG 1.4.10: 320 CSS pixels). */
const NARROW_PHONE = { width: 320, height: 700 };

interface Box {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** Layout is in fractional pixels: a box ending a hair past its container still fits. */
const SLACK = 0.5;
const isInside = (inner: Box, outer: Box) => inner.left >= outer.left - SLACK && inner.right <= outer.right + SLACK;

/** The ids of the demo's pages with an id in their address, looked up once through the API the app uses. */
interface DemoIds {
  initiative: string;
  document: string;
  reviewCycle: string;
  person: string;
}
let demoIds: DemoIds | undefined;
async function idsOf(page: Page): Promise<DemoIds> {
  if (demoIds) return demoIds;
  const get = async <T>(path: string): Promise<T> => {
    const response = await page.request.get(`/api/v1/orgs/${demo.orgId}${path}`);
    expect(response.status(), `GET ${path}`).toBe(200);
    return (await response.json()) as T;
  };
  const { initiatives } = await get<{ initiatives: { id: string; stage: string }[] }>('/pipeline');
  const { documents } = await get<{ documents: { id: string }[] }>('/documents');
  const { cycles } = await get<{ cycles: { id: string }[] }>('/review-cycles');
  const { people } = await get<{ people: { id: string }[] }>('/people');
  // The launched initiative has the longest record: every stage passed, its metrics and their week.
  const launched = initiatives.find((initiative) => initiative.stage === 'launched') ?? initiatives[0]!;
  demoIds = { initiative: launched.id, document: documents[0]!.id, reviewCycle: cycles[0]!.id, person: people[0]!.id };
  return demoIds;
}

/** Opens a page of the demo org at a phone's size and waits until what it loads is on screen. */
async function openOnPhone(page: Page, path: string, size: { width: number; height: number } = PHONE): Promise<void> {
  await page.setViewportSize(size);
  await page.goto(`/o/${demo.orgId}/${path}`);
  await page.getByRole('heading', { level: 1 }).waitFor();
  await page.waitForLoadState('networkidle');
  await expect.poll(() => page.locator('.loading-note').count()).toBe(0);
}

/** What sticks out past the right edge of the screen (its innermost elements, outside any scroll box), to name in a failure. */
function overflowingElements(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = window.innerWidth;
    const sticksOut = (element: Element) => element.getBoundingClientRect().right > width + 0.5;
    const isInScrollBox = (element: Element) => {
      for (let parent = element.parentElement; parent && parent !== document.body; parent = parent.parentElement) if (getComputedStyle(parent).overflowX !== 'visible') return true;
      return false;
    };
    return [...document.body.querySelectorAll('*')]
      .filter((element) => sticksOut(element) && !isInScrollBox(element) && ![...element.children].some(sticksOut))
      .slice(0, 5)
      .map((element) => `<${element.tagName.toLowerCase()} class="${element.getAttribute('class') ?? ''}"> "${(element.textContent ?? '').trim().slice(0, 40)}" ends at ${Math.round(element.getBoundingClientRect().right)}px`);
  });
}

async function expectNoSidewaysScroll(page: Page, what: string): Promise<void> {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
  const offenders = scrollWidth > innerWidth ? await overflowingElements(page) : [];
  expect({ scrollWidth, offenders }, `${what} at ${innerWidth}px wide`).toEqual({ scrollWidth: innerWidth, offenders: [] });
}

const boxOf = (locator: Locator): Promise<Box> =>
  locator.evaluate((element) => {
    const { left, right, top, bottom } = element.getBoundingClientRect();
    return { left, right, top, bottom };
  });

describe('the pages of an org on a phone (390 × 844)', () => {
  it.each([
    ['the pipeline page', () => 'pipeline'],
    ['an initiative\'s record', (ids: DemoIds) => `pipeline/${ids.initiative}`],
  ] as const)('wraps the stage flow on %s inside the page, each arrow after its stage so no row starts with one', async (_, pathOf) => {
    const page = await demo.page();
    await openOnPhone(page, pathOf(await idsOf(page)));
    const flow = page.getByRole('navigation', { name: 'Pipeline stages' });
    const flowBox = await boxOf(flow);
    expect(flowBox.left).toBeGreaterThanOrEqual(0);
    expect(flowBox.right).toBeLessThanOrEqual(PHONE.width);
    const stages = await flow.locator('.pipeline-flow__stages > li').evaluateAll((items) =>
      items.map((item) => {
        const boxOfElement = (element: Element | null) => {
          if (!element) return null;
          const { left, right, top, bottom } = element.getBoundingClientRect();
          return { left, right, top, bottom };
        };
        return { stage: boxOfElement(item.querySelector('.pipeline-flow__box'))!, arrow: boxOfElement(item.querySelector('.pipeline-flow__arrow')) };
      }),
    );
    expect(stages).toHaveLength(PIPELINE_STAGES.length);
    // Nine stages do not fit one row of a phone: the flow wraps, and this test sees the rows it makes.
    expect(new Set(stages.map(({ stage }) => Math.round(stage.top))).size).toBeGreaterThan(1);
    for (const [index, { stage, arrow }] of stages.entries()) {
      expect(isInside(stage, flowBox), `stage ${index + 1} inside the flow`).toBe(true);
      if (index === stages.length - 1) {
        expect(arrow, 'no arrow after the last stage').toBeNull();
        continue;
      }
      expect(arrow, `an arrow after stage ${index + 1}`).not.toBeNull();
      expect(isInside(arrow!, flowBox), `the arrow after stage ${index + 1} inside the flow`).toBe(true);
      // On the stage's row, to its right: a wrapped row ends with an arrow pointing on, and never starts with one.
      expect(arrow!.left).toBeGreaterThanOrEqual(stage.right);
      const middle = (arrow!.top + arrow!.bottom) / 2;
      expect(middle > stage.top && middle < stage.bottom, `the arrow after stage ${index + 1} on its row`).toBe(true);
    }
    await expectNoSidewaysScroll(page, 'the page with the stage flow');
  });

  // Every page with view tabs (components/view-tabs.tsx). The search's kinds are the longest set: the demo org
  // answers "a" with most kinds of result.
  it.each([
    ['a document', 'Document views', (ids: DemoIds) => `documents/${ids.document}`],
    ['the sales pipeline', 'Sales views', () => 'sales'],
    ['the sales accounts', 'Sales views', () => 'sales/accounts'],
    ['the sales quotas', 'Sales views', () => 'sales/quotas'],
    ['the gross profit', 'Sales views', () => 'sales/gross-profit'],
    ['the search results', 'Kinds of result', () => 'search?q=a'],
  ] as const)('shows every view tab of %s whole at 390 and 320 px, none scrolled out of sight, the arrow keys moving along them', async (_, label, pathOf) => {
    const page = await demo.page();
    const path = pathOf(await idsOf(page));
    for (const size of [PHONE, NARROW_PHONE]) {
      await openOnPhone(page, path, size);
      const row = page.getByRole('navigation', { name: label }).getByRole('list');
      await row.waitFor();
      const tabs = row.getByRole('link');
      const count = await tabs.count();
      expect(count, 'tabs to look at').toBeGreaterThanOrEqual(4);
      const rowBox = await boxOf(row);
      for (let index = 0; index < count; index += 1) {
        const tab = tabs.nth(index);
        expect(isInside(await boxOf(tab), { ...rowBox, left: 0, right: size.width }), `the tab "${await tab.textContent()}" whole on the screen at ${size.width}px`).toBe(true);
      }
      // Nothing to scroll inside the row: what does not fit goes on to another row.
      expect(await row.evaluate((list) => list.scrollWidth - list.clientWidth)).toBeLessThanOrEqual(SLACK);
      await expectNoSidewaysScroll(page, `${label} on ${path}`);

      // Right moves to the next tab, round the end; Left back; Home and End to the ends. Only the focus moves.
      const names = await tabs.allTextContents();
      const focused = () => page.evaluate(() => document.activeElement?.textContent);
      const address = page.url();
      await tabs.first().focus();
      for (let index = 1; index <= count; index += 1) {
        await page.keyboard.press('ArrowRight');
        expect(await focused()).toBe(names[index % count]);
      }
      await page.keyboard.press('ArrowLeft');
      expect(await focused()).toBe(names[count - 1]);
      await page.keyboard.press('Home');
      expect(await focused()).toBe(names[0]);
      await page.keyboard.press('End');
      expect(await focused()).toBe(names[count - 1]);
      expect(page.url()).toBe(address);
    }
  });

  // Every main page, on the demo org's data: nothing widens the page, at a phone's width and at the narrowest one.
  const PAGES: readonly [string, (ids: DemoIds) => string][] = [
    ['Home', () => 'home'],
    ['Pipeline', () => 'pipeline'],
    ['an initiative', (ids) => `pipeline/${ids.initiative}`],
    ['Documents', () => 'documents'],
    ['a document', (ids) => `documents/${ids.document}`],
    ['People', () => 'people'],
    ['a person', (ids) => `people/${ids.person}`],
    ['Org chart', () => 'org'],
    ['Teams & initiatives', () => 'teams'],
    ['Hiring', () => 'hiring'],
    ['Reviews', () => 'reviews'],
    ['a review cycle', (ids) => `reviews/${ids.reviewCycle}`],
    ['Metrics', () => 'metrics'],
    ['Business review', () => 'wbr'],
    ['Sales', () => 'sales'],
    ['Playbooks', () => 'playbooks'],
    ['Principles', () => 'principles'],
    ['Members', () => 'members'],
    ['API tokens', () => 'api-tokens'],
    ['Audit log', () => 'audit'],
  ];
  it('stacks the hiring page\'s requisitions, each one\'s status and candidates in sight without scrolling its table', async () => {
    const page = await demo.page();
    await openOnPhone(page, 'hiring');
    const requisitions = page.locator('.table-scroll').filter({ has: page.getByRole('columnheader', { name: 'Hiring manager' }) });
    const status = requisitions.locator('td[data-label="Status"]').first();
    expect(await status.evaluate((cell) => getComputedStyle(cell).display)).toBe('block');
    const box = await status.boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(PHONE.width + SLACK);
    expect(await requisitions.evaluate((element) => element.scrollWidth - element.clientWidth)).toBeLessThanOrEqual(1);
  });

  it('stacks the metric catalog like the requisitions: each metric\'s owner, target and Edit in sight, nothing scrolled sideways', async () => {
    const page = await demo.page();
    await openOnPhone(page, 'metrics');
    const catalog = page.locator('.metric-catalog .table-scroll');
    expect(await catalog.evaluate((element) => element.scrollWidth - element.clientWidth)).toBeLessThanOrEqual(1);
    await expectNoSidewaysScroll(page, 'the metric catalog');
    // The demo admin may edit every metric: the first row with an owner shows the owner and its Edit on screen.
    const metric = page.locator('.metric-catalog tbody tr').filter({ hasNot: page.locator('td[data-label="Owner"]', { hasText: /^—/ }) }).first();
    const name = (await metric.locator('.metric-catalog__name strong').textContent())!;
    const owner = metric.locator('td[data-label="Owner"]');
    const edit = metric.getByRole('button', { name: `Edit ${name}` });
    for (const [what, locator] of [['owner', owner], ['target', metric.locator('td[data-label="Target"]')], ['Edit', edit]] as const) {
      expect(await locator.isVisible(), `${what} of ${name} visible`).toBe(true);
      const box = await boxOf(locator);
      expect(box.left, `${what} of ${name} starts on screen`).toBeGreaterThanOrEqual(-SLACK);
      expect(box.right, `${what} of ${name} ends on screen`).toBeLessThanOrEqual(PHONE.width + SLACK);
    }
    expect((await owner.textContent())!.trim().length).toBeGreaterThan(1);
    // Every value of the row is inside the screen's width, each named by its column.
    const cells = await metric.locator('td').evaluateAll((tds) => tds.map((td) => ({ label: td.getAttribute('data-label'), right: td.getBoundingClientRect().right })));
    expect(cells.filter((cell) => cell.right > PHONE.width + SLACK).map((cell) => cell.label)).toEqual([]);
  });

  it('puts a requisition\'s candidates before the forms that add one or hand it over, the first of them on the first screen', async () => {
    const page = await demo.page();
    const response = await page.request.get(`/api/v1/orgs/${demo.orgId}/hiring/requisitions`);
    expect(response.status()).toBe(200);
    const { requisitions } = (await response.json()) as { requisitions: { id: string; status: string; isOpeningFilled: boolean; stageCounts: Record<string, number> }[] };
    // An open requisition whose opening is free: the demo admin, as a recruiter, gets every form there. The demo's has
    // no candidate yet, so the recruiter adds the one she comes back for.
    const free = requisitions.find((requisition) => requisition.status === 'open' && !requisition.isOpeningFilled);
    expect(free).toBeDefined();
    if (Object.values(free!.stageCounts).every((count) => count === 0)) {
      await callApi(page.request, 'POST', `/orgs/${demo.orgId}/hiring/requisitions/${free!.id}/candidates`, { name: 'Phoebe Phone', email: 'phoebe.phone@example.test' });
    }
    await openOnPhone(page, `hiring/${free!.id}`);
    const forms = ['Add a candidate', 'Hiring manager'];
    for (const title of forms) await page.getByRole('heading', { level: 2, name: title, exact: true }).waitFor();
    const firstCandidate = await page.getByRole('region', { name: 'Candidates' }).getByRole('link').first().boundingBox();
    expect(firstCandidate!.y + firstCandidate!.height).toBeLessThanOrEqual(PHONE.height);
    // In reading order as well as on screen, for a screen reader and for whoever reads the page from the top.
    const order = await page.evaluate((titles) => {
      const headings = [...document.querySelectorAll('h2')].map((heading) => heading.textContent?.trim());
      return [headings.indexOf('Candidates'), ...titles.map((title) => headings.indexOf(title))];
    }, forms);
    const [candidatesAt, ...formsAt] = order;
    for (const formAt of formsAt) expect(candidatesAt).toBeLessThan(formAt!);
  });

  it.each(PAGES)('shows %s without sideways scrolling at 390 and at 320 pixels wide', async (name, pathOf) => {
    const page = await demo.page();
    const path = pathOf(await idsOf(page));
    for (const size of [PHONE, NARROW_PHONE]) {
      await openOnPhone(page, path, size);
      await expectNoSidewaysScroll(page, name);
    }
  });
});
