import { describe, expect, it } from 'vitest';
import { apiHeaders, expectNoSeriousAxeViolations, useBrowserStack, useSignedInDemo } from '../support/browser.js';
import { readPdf } from '../support/pdf-reader.js';
import { formatDay, formatMonthDay } from '../../src/domain/dates.js';
import { fulfilmentCsv } from '../support/wbr-review-fixture.js';

/** Three metrics read from the fixture's late-deliveries column: a spike in it is three anomalies, withdrawn together. */
const THREE_LATE_SIGNALS_CONFIG = `setup:
  week_ending: 04-JAN-2025
  week_number: 1
  title: Three late signals
metrics:
${['Late deliveries', 'Late parcels', 'Late returns'].map((name) => `  ${name}:\n    column: late\n    aggf: sum\n    good_direction: down\n`).join('')}deck:
  - block:
      ui_type: 6_12Graph
      title: Late deliveries
      y_scaling: "##"
      metrics:
        Late deliveries:
          graph_prior_year_flag: true
        Late parcels:
          graph_prior_year_flag: true
        Late returns:
          graph_prior_year_flag: true
`;

const stack = useBrowserStack();
const demo = useSignedInDemo(stack);

const DECK_NAME = 'Fulfilment review (e2e)';
const DAY_MS = 86_400_000;
const LAST_DAY = Date.UTC(2024, 11, 28) / DAY_MS;
const WEEKS_OF_DATA = 60;

/**
 * The deck config, in the WBR App's format. Pick errors are bad when they go up, so the spike in the last week is
 * an anomaly; the other two metrics only wobble.
 */
const CONFIG = `setup:
  week_ending: 28-DEC-2024
  week_number: 52
  title: Fulfilment weekly business review
metrics:
  PickErrors:
    column: PickErrors
    aggf: sum
    good_direction: down
  OrdersPicked:
    column: OrdersPicked
    aggf: sum
    good_direction: up
  ItemsInStock:
    column: ItemsInStock
    aggf: mean
    good_direction: up
deck:
  - block:
      ui_type: 6_12Graph
      title: Pick errors
      y_scaling: "##"
      metrics:
        PickErrors:
          graph_prior_year_flag: true
  - block:
      ui_type: 6_12Graph
      title: Orders picked
      y_scaling: "##"
      metrics:
        OrdersPicked:
          graph_prior_year_flag: true
  - block:
      ui_type: 6_12Graph
      title: Items in stock
      y_scaling: "##"
      metrics:
        ItemsInStock:
          graph_prior_year_flag: true
`;

/**
 * Sixty weeks of daily rows to Saturday 28 December 2024: steady numbers with a small fixed wobble (so the XmR limits
 * have a width), and pick errors three times their usual level in the last week. The XmR baseline is the 26 weeks
 * before the 6 shown ones, well inside the steady part.
 */
function dailyCsv(): string {
  const lines = ['Date,PickErrors,OrdersPicked,ItemsInStock'];
  for (let day = LAST_DAY - 7 * WEEKS_OF_DATA + 1; day <= LAST_DAY; day++) {
    const spike = day > LAST_DAY - 7 ? 3 : 1;
    const wobble = (day * 7919) % 13;
    lines.push([new Date(day * DAY_MS).toISOString().slice(0, 10), (20 + wobble) * spike, 1000 + ((day * 104729) % 97), 5000 + ((day * 31) % 41)].join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** The 1-based line of the first line of `text` that contains `fragment`. */
function lineOf(text: string, fragment: string): number {
  return text.split('\n').findIndex((line) => line.includes(fragment)) + 1;
}

describe('the weekly business review pages on the demo org', () => {
  it('creates a deck, uploads its data, publishes a week, reviews its anomaly and shows the deck as published', async () => {
    const page = await demo.page();
    // The navigation leads to the review.
    await page.getByRole('navigation', { name: 'Org' }).getByRole('link', { name: 'Business review' }).click();
    await page.getByRole('heading', { level: 1, name: 'Business review' }).waitFor();

    // A config that names an aggregation the engine does not know is refused, with its line and key path.
    const newDeck = page.getByRole('form', { name: 'New deck' });
    await newDeck.getByLabel('Name').fill(DECK_NAME);
    const badConfig = CONFIG.replace('aggf: sum', 'aggf: total');
    await newDeck.getByLabel('Load a YAML file').setInputFiles({ name: 'fulfilment.yaml', mimeType: 'text/yaml', buffer: Buffer.from(badConfig) });
    const configText = newDeck.getByRole('textbox', { name: 'Config (YAML)' });
    await expect.poll(() => configText.inputValue()).toBe(badConfig);
    await newDeck.getByRole('button', { name: 'Create deck' }).click();
    await expect.poll(() => configText.getAttribute('aria-invalid')).toBe('true');
    // The place is named once (the server's message names it; the page adds no second "Line …").
    expect(await newDeck.locator('.field--invalid .field__error').textContent()).toMatch(new RegExp(`^Line ${lineOf(badConfig, 'aggf: total')} \\(metrics\\.PickErrors\\.aggf\\): "total" is not a known aggf[^]*$`));
    expect(await newDeck.locator('.field--invalid .field__error').textContent()).not.toMatch(/Line \d+[^]*Line \d+/);
    await newDeck.getByRole('button', { name: `Go to line ${lineOf(badConfig, 'aggf: total')}` }).waitFor();

    await configText.fill(CONFIG);
    await newDeck.getByRole('button', { name: 'Create deck' }).click();
    await page.getByRole('heading', { level: 1, name: DECK_NAME }).waitFor();
    await page.getByText('No data yet. Upload a CSV to build the deck.').waitFor();
    // The server says why nothing can be published yet (the same check a publish makes).
    await page.getByText("Upload the deck's data (a CSV) before publishing a week.").waitFor();
    expect(await page.getByRole('button', { name: 'Publish week' }).isDisabled()).toBe(true);
    await expectNoSeriousAxeViolations(page, 'a new deck without data');

    // A CSV with a word where a number belongs is refused with its line and column; the good one is taken.
    const upload = page.getByRole('form', { name: 'Upload data' });
    const csv = dailyCsv();
    const badCsv = csv.replace(/\n(\d{4}-\d{2}-\d{2}),(\d+),/, '\n$1,five,');
    await upload.getByLabel('Data (CSV)').setInputFiles({ name: 'fulfilment.csv', mimeType: 'text/csv', buffer: Buffer.from(badCsv) });
    await upload.getByRole('button', { name: 'Upload' }).click();
    await upload.locator('.field__error').filter({ hasText: /^Line 2: The cell "five" in column "PickErrors" is not a number\.$/ }).waitFor();
    // A column the config reads and the file lacks: the file and the column, with the config's line as the config's.
    await upload.getByLabel('Data (CSV)').setInputFiles({ name: 'fulfilment.csv', mimeType: 'text/csv', buffer: Buffer.from(csv.replace('Date,PickErrors,', 'Date,Errors,')) });
    await upload.getByRole('button', { name: 'Upload' }).click();
    await upload.locator('.field__error').filter({ hasText: `The file fulfilment.csv has no column "PickErrors", which metric "PickErrors" reads (config line ${lineOf(CONFIG, 'column: PickErrors')}, metrics.PickErrors.column).` }).waitFor();
    // A row whose year is a typo (2062) is taken, but the owner is told of it at once, and it does not choose the week.
    const typoCsv = `${csv}2062-03-01,5,100,1000\n`;
    const typoLine = lineOf(typoCsv, '2062-03-01');
    const typoWarning = `1 row is dated after today (first: Mar 1, 2062, line ${typoLine} of fulfilment.csv); it is left out of the week to review until its week is over. If it is not a plan for the weeks ahead, correct the date and upload the file again.`;
    await upload.getByLabel('Data (CSV)').setInputFiles({ name: 'fulfilment.csv', mimeType: 'text/csv', buffer: Buffer.from(typoCsv) });
    await upload.getByRole('button', { name: 'Upload' }).click();
    await upload.getByRole('status').filter({ hasText: `Uploaded fulfilment.csv: ${(7 * WEEKS_OF_DATA + 1).toLocaleString('en-US')} rows. ${typoWarning}` }).waitFor();
    await page.getByRole('note').filter({ hasText: typoWarning }).waitFor();
    expect(await page.getByRole('form', { name: 'Publish a week' }).getByLabel('Week ending').inputValue()).toBe('2024-12-28');
    await upload.getByLabel('Data (CSV)').setInputFiles({ name: 'fulfilment.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await upload.getByRole('button', { name: 'Upload' }).click();
    await upload.getByRole('status').filter({ hasText: `Uploaded fulfilment.csv: ${7 * WEEKS_OF_DATA} rows.` }).waitFor();
    expect(await page.getByRole('note').filter({ hasText: 'dated after today' }).count()).toBe(0);
    // The section stays where the reader is: its message in view, the keyboard on the button pressed.
    expect(await upload.getByRole('status').filter({ hasText: 'Uploaded fulfilment.csv' }).isVisible()).toBe(true);
    expect(await page.evaluate(() => { const status = [...document.querySelectorAll('[role="status"]')].find((element) => element.textContent?.includes('Uploaded fulfilment.csv')); const box = status?.getBoundingClientRect(); return box !== undefined && box.top >= 0 && box.bottom <= window.innerHeight; })).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Upload');
    await page.getByRole('definition').filter({ hasText: 'fulfilment.csv' }).first().waitFor();

    // An alert on a weekly rise in pick errors, beside the process limits.
    const alerts = page.getByRole('form', { name: 'Metrics and alerts' });
    // Each metric says which way is good and who says so (the config here; the catalog where the config is silent).
    expect(await alerts.getByRole('row').filter({ hasText: 'PickErrors' }).getByRole('cell').nth(3).textContent()).toBe('Down (the config)');
    await alerts.getByRole('spinbutton', { name: 'PickErrors: week-over-week alert, in percent' }).fill('50');
    await alerts.getByRole('button', { name: 'Save alerts' }).click();
    await alerts.getByRole('status').filter({ hasText: 'Alerts saved' }).waitFor();

    // An annotation explains the spike: the file's bad row is refused by its line, then one is typed in.
    const annotations = page.getByRole('region', { name: 'Annotations' });
    const fileForm = annotations.getByRole('form', { name: 'Upload annotations' });
    await fileForm.getByLabel(/upload a file/).setInputFiles({ name: 'events.csv', mimeType: 'text/csv', buffer: Buffer.from('Date,MetricName,EventDescription\n2024-12-26,Returns,Sale\n') });
    await fileForm.getByRole('button', { name: 'Upload', exact: true }).click();
    await fileForm.locator('.field__error').filter({ hasText: /^Line 2: metric: the deck has no metric "Returns"/ }).waitFor();
    // A date the file's reader cannot read names its line too, as the input's hint promises.
    await fileForm.getByLabel(/upload a file/).setInputFiles({ name: 'events.csv', mimeType: 'text/csv', buffer: Buffer.from('Date,MetricName,EventDescription\nnext Tuesday,PickErrors,Sale\n') });
    await fileForm.getByRole('button', { name: 'Upload', exact: true }).click();
    await fileForm.locator('.field__error').filter({ hasText: /^Line 2: Cannot read the date "next Tuesday"/ }).waitFor();
    const annotate = annotations.getByRole('form', { name: 'Annotate a metric' });
    await annotate.getByLabel('Date').fill('2024-12-26');
    await annotate.getByLabel('Metric').selectOption('PickErrors');
    await annotate.getByRole('button', { name: 'Add annotation' }).click();
    await annotate.locator('.field__error').filter({ hasText: 'Say what happened.' }).waitFor();
    await annotate.getByLabel('What happened').fill('Scanner firmware update on the night shift');
    await annotate.getByRole('button', { name: 'Add annotation' }).click();
    // Dated as every other date in the app, not as the file's ISO day.
    await annotations.getByRole('status').filter({ hasText: 'Annotated PickErrors on Dec 26, 2024.' }).waitFor();
    await annotations.getByRole('row', { name: /^Dec 26, 2024\s*PickErrors\s*Scanner firmware update/ }).waitFor();
    await annotations.getByRole('form', { name: 'Remove the annotation of Dec 26, 2024 on PickErrors' }).waitFor();

    // Publish: the week starts at the latest the data covers.
    const publish = page.getByRole('form', { name: 'Publish a week' });
    expect(await publish.getByLabel('Week ending').inputValue()).toBe('2024-12-28');
    // Publishing is for good: a dialog names the week and asks.
    await publish.getByRole('button', { name: 'Publish week' }).click();
    await page.getByRole('dialog', { name: /^Publish the week ending .*\?$/ }).getByRole('button', { name: 'Publish week' }).click();
    await page.waitForURL(/\?week=2024-12-28$/);

    // The spike is on the agenda, owned by the deck's owner (the demo admin), and open.
    const anomaly = page.getByRole('article', { name: 'PickErrors: above the upper limit' });
    await anomaly.waitFor();
    expect(await anomaly.getByRole('combobox', { name: 'Owner' }).inputValue()).not.toBe('');
    expect(await anomaly.getByRole('combobox', { name: 'Status' }).inputValue()).toBe('open');

    // The published week: its signals (the spike is new) and the deck itself, framed.
    const week = page.getByRole('article', { name: /^Week ending / });
    await week.getByRole('listitem').filter({ hasText: /^PickErrors: above the upper limit, week ending .*new$/ }).waitFor();
    await week.getByRole('listitem').filter({ hasText: /^PickErrors: week over week up beyond its alert, week ending .*new$/ }).waitFor();
    const frame = page.frameLocator('iframe[title^="WBR deck, week ending"]');
    await frame.getByText('Pick errors').first().waitFor();
    await frame.getByText(/Scanner firmware update on the night shift/).first().waitFor();
    // One word for each count, and the counts agree: the week's chip and its list count the same new bad signals (the
    // first week raises all it shows); the deck counts the same XmR signals less the alert, which it lists apart; the
    // agenda counts anomalies, one per metric.
    const chip = (await page.getByRole('navigation', { name: 'Published weeks' }).locator('.wbr-weeks__signals').innerText()).match(/^(\d+) new bad signals?$/);
    const raised = Number(chip?.[1]);
    expect(await week.getByRole('heading', { level: 4 }).first().innerText()).toBe(`Bad signals: ${raised}, all new`);
    const deckHeading = await frame.locator('#signals-h').innerText();
    expect(deckHeading).toMatch(new RegExp(`^Signals in the six weeks shown: ${raised - 1} in the bad direction, \\d+ in the good direction, on \\d+ charts?$`));
    expect(await frame.locator('body').innerText()).not.toMatch(/anomal/i);
    expect(await week.getByRole('link', { name: 'Download JSON' }).getAttribute('href')).toMatch(/\/export\?format=json$/);
    const exported = await page.request.get((await week.getByRole('link', { name: 'Download HTML' }).getAttribute('href'))!);
    expect(exported.headers()['content-disposition']).toMatch(/^attachment/);
    const pdf = await page.request.get((await week.getByRole('link', { name: 'Download PDF' }).getAttribute('href'))!);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect((await readPdf(await pdf.body())).pages[0]?.text).toMatch(/^WEEKLY BUSINESS REVIEW .* Week ending /);

    // Does an output follow an input? The lag table for two charted metrics, its strongest lag named.
    const lag = week.getByRole('form', { name: 'Measure how an output follows an input' });
    await lag.getByRole('combobox', { name: 'Input' }).selectOption('PickErrors');
    await lag.getByRole('combobox', { name: 'Output' }).selectOption('OrdersPicked');
    await lag.getByRole('button', { name: 'Measure' }).click();
    await week.getByRole('status').filter({ hasText: /^OrdersPicked moves (closely|somewhat|hardly) (with|against) PickErrors .*\(correlation -?\d\.\d\d\)\.$/ }).waitFor();
    expect(await week.getByRole('table', { name: 'Correlation of OrdersPicked with PickErrors by lag' }).getByRole('row').count()).toBe(14);
    // On a phone the table is wider than the screen: it scrolls in a box the keyboard reaches, which axe checks.
    await page.setViewportSize({ width: 390, height: 844 });
    await week.getByRole('region', { name: 'Correlation of OrdersPicked with PickErrors by lag (scrolls sideways)' }).waitFor();
    await expectNoSeriousAxeViolations(page, 'the lag table on a phone');
    await page.setViewportSize({ width: 1280, height: 800 });

    // A week is published once: the next one waits for data that reaches it, and the page says so.
    await publish.getByText('The data ends on Dec 28, 2024, before the week ending Jan 4, 2025: upload the newer data first.').waitFor();
    expect(await publish.getByRole('button', { name: 'Publish week' }).isDisabled()).toBe(true);

    // Explained needs a root cause: the server refuses it, and says so under the root cause.
    await anomaly.getByRole('combobox', { name: 'Status' }).selectOption('explained');
    await anomaly.getByRole('button', { name: 'Save' }).click();
    const rootCause = anomaly.getByRole('textbox', { name: 'Root cause' });
    await expect.poll(() => rootCause.getAttribute('aria-invalid')).toBe('true');
    expect(await anomaly.locator('.field__error').textContent()).toMatch(/root cause/);
    expect(await rootCause.evaluate((element) => element === document.activeElement)).toBe(true);
    await rootCause.fill('A new picker shift started on 22 December without the scanner training.');
    await anomaly.getByRole('button', { name: 'Save' }).click();
    await anomaly.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await anomaly.locator('.wbr-status', { hasText: 'Explained' }).waitFor();
    await expectNoSeriousAxeViolations(page, 'deck with a published week and an explained anomaly');

    // The config is checked on save too; its error names the line, and the line is selected in the text.
    const configForm = page.getByRole('form', { name: 'Deck config' });
    const brokenConfig = CONFIG.replace('good_direction: up', 'good_direction: sideways');
    const deckConfig = configForm.getByRole('textbox', { name: 'Config (YAML)' });
    await deckConfig.fill(brokenConfig);
    await configForm.getByRole('button', { name: 'Save config' }).click();
    const brokenLine = lineOf(brokenConfig, 'sideways');
    await configForm.locator('.field__error').filter({ hasText: new RegExp(`^Line ${brokenLine} \\(metrics\\.OrdersPicked\\.good_direction\\): `) }).waitFor();
    const selected = await deckConfig.evaluate((element) => {
      const textarea = element as HTMLTextAreaElement;
      return textarea.value.slice(textarea.selectionStart, textarea.selectionEnd);
    });
    expect(selected).toContain('good_direction: sideways');
    await expectNoSeriousAxeViolations(page, 'deck config with a line error');
    await configForm.getByRole('button', { name: 'Undo changes' }).click();

    // A config that renames the metric leaves its anomaly on the agenda, and the card says the metric has left it.
    await deckConfig.fill(CONFIG.replaceAll('PickErrors:', 'PickErrorsTotal:'));
    await configForm.getByRole('button', { name: 'Save config' }).click();
    await anomaly.getByText('This metric is no longer in the deck’s config').waitFor();

    // The list: the deck with its week and its one unresolved anomaly, and the anomaly among the admin's own.
    await page.getByRole('link', { name: '← Business review' }).click();
    // Within the decks' table: the anomaly table below names the deck too, and may have loaded already.
    const row = page.getByRole('table').filter({ has: page.getByRole('columnheader', { name: 'Latest published week' }) }).getByRole('row').filter({ hasText: DECK_NAME });
    await row.waitFor();
    expect(await row.getByRole('cell').allTextContents()).toEqual(expect.arrayContaining([DECK_NAME, 'Dana Whitfield', '1']));
    const owner = page.getByRole('combobox', { name: 'Owned by' });
    await owner.selectOption({ label: 'Mine (Dana Whitfield)' });
    const mine = page.getByRole('table').filter({ hasText: 'Signal' }).getByRole('row').filter({ hasText: 'PickErrors' });
    await mine.waitFor();
    expect(await mine.getByRole('cell').allTextContents()).toEqual(expect.arrayContaining([`PickErrorsin ${DECK_NAME}`, 'Above the upper limit', 'Explained', 'A new picker shift started on 22 December without the scanner training.']));
    await expectNoSeriousAxeViolations(page, 'business review list');
    expect(stack.server.logs.filter((line) => line.includes('unexpected error'))).toEqual([]);
  });

  it('shows a week from its link, passes axe in the dark theme, and deletes a deck after asking', async () => {
    const page = await demo.page('dark');
    // "g w" goes to the business review from anywhere.
    await page.goto(`/o/${demo.orgId}/principles`);
    await page.getByRole('heading', { level: 1, name: 'Leadership principles' }).waitFor();
    await page.keyboard.press('g');
    await page.keyboard.press('w');
    await page.getByRole('heading', { level: 1, name: 'Business review' }).waitFor();
    await page.evaluate(() => Promise.all(document.getAnimations().map((animation) => animation.finished)));
    await expectNoSeriousAxeViolations(page, 'business review list (dark)');
    const decks = page.getByRole('region', { name: /^\d+ decks?$/ });
    await decks.getByRole('link', { name: DECK_NAME }).click();
    await page.getByRole('heading', { level: 1, name: DECK_NAME }).waitFor();

    // A link to a week shows that week; a link to a week never published says so.
    const deckUrl = new URL(page.url()).pathname;
    await page.goto(`${deckUrl}?week=2024-12-28`);
    await page.frameLocator('iframe[title^="WBR deck, week ending"]').getByText('Pick errors').first().waitFor();
    expect(await page.getByRole('navigation', { name: 'Published weeks' }).locator('[aria-current="page"]').count()).toBe(1);
    await expectNoSeriousAxeViolations(page, 'deck with a week (dark)');
    await page.goto(`${deckUrl}?week=2024-11-30`);
    await page.getByText(/^No week ending .* was published\./).waitFor();

    await page.getByRole('button', { name: 'Delete deck' }).click();
    const dialog = page.getByRole('dialog', { name: `Delete “${DECK_NAME}”?` });
    await dialog.waitFor();
    await expectNoSeriousAxeViolations(page, 'delete deck dialog (dark)');
    await dialog.getByRole('button', { name: 'Delete deck' }).click();
    await page.getByRole('heading', { level: 1, name: 'Business review' }).waitFor();
    await page.getByRole('region', { name: /^\d+ decks?$/ }).waitFor();
    expect(await page.getByRole('link', { name: DECK_NAME }).count()).toBe(0);
  });

  it('shows each catalog metric\'s last reviewed week against its target, on the catalog and on its initiative', async () => {
    const page = await demo.page();
    await page.goto(`/o/${demo.orgId}/metrics`);
    await page.getByRole('heading', { level: 1, name: 'Metrics' }).waitFor();
    // The demo's same-day reliability fell to about 91% against a target of 97; pick time is back under its 90 seconds.
    const sameDay = page.getByRole('row').filter({ hasText: 'Same-day orders on time' });
    await sameDay.getByText('✗ missed').waitFor();
    expect(await sameDay.getByRole('link', { name: /^9\d\.\d%$/ }).count()).toBe(1);
    await page.getByRole('row').filter({ hasText: 'Order pick time (p90)' }).getByText('✓ met').waitFor();
    expect(await page.getByRole('row').filter({ hasText: 'Repeat shopper rate' }).textContent()).not.toContain('last week');
    // With the weeks under the targets, the demo's catalog still fits a laptop screen.
    const catalog = page.getByRole('table').filter({ has: page.getByRole('columnheader', { name: 'Target' }) });
    expect(await catalog.evaluate((table) => table.getBoundingClientRect().right <= (table.closest('main') ?? document.body).getBoundingClientRect().right)).toBe(true);
    await expectNoSeriousAxeViolations(page, 'metric catalog with last weeks against targets');
    // The initiative that promises to move it says so too.
    await sameDay.getByRole('link', { name: 'Same-day courier' }).click();
    await page.getByRole('heading', { level: 1, name: 'Same-day courier' }).waitFor();
    // Its metrics' table (the record also lists the metric's open anomalies, in rows of their own).
    const onRecord = page.locator('section[aria-labelledby="metrics-week-heading"]').getByRole('row').filter({ hasText: 'Same-day orders on time' });
    await onRecord.getByText('✗ missed').waitFor();
    expect(await onRecord.textContent()).toContain('(target 97%)');
    await expectNoSeriousAxeViolations(page, 'initiative with its metrics against targets');
    // And the review's chart draws the target: the week's deck shows the catalog's line over the six weeks.
    await page.goBack();
    await page.getByRole('row').filter({ hasText: 'Same-day orders on time' }).getByRole('link', { name: /^9\d\.\d%$/ }).click();
    const deck = page.frameLocator('iframe[title^="WBR deck, week ending"]');
    await deck.getByText('Same-day orders on time, target 97% a week (metric catalog)').waitFor();
    expect(await deck.locator('svg.chart path.ctg').count()).toBeGreaterThan(0);
  });

  it('saves alerts over a colleague\'s rename, keeps the alerts typed when a colleague saved alerts meanwhile, shows theirs, saves both when asked again, and opens a catalog metric on its row', async () => {
    const page = await demo.page();
    await page.goto(`/o/${demo.orgId}/wbr`);
    await page.getByRole('region', { name: /^\d+ decks?$/ }).getByRole('link', { name: 'Weekly business review' }).click();
    const alerts = page.getByRole('form', { name: 'Metrics and alerts' });
    const ordersWow = alerts.getByLabel('Orders delivered: week-over-week alert, in percent');
    await ordersWow.waitFor();
    const deckPath = `/api/v1/orgs/${demo.orgId}/wbr/decks/${new URL(page.url()).pathname.split('/').pop() as string}`;
    const before = (await (await page.request.get(deckPath)).json()).deck.alerts;
    try {
      // A colleague renames the deck meanwhile: the alerts form shows nothing of that, so its save goes through.
      expect((await page.request.patch(deckPath, { headers: await apiHeaders(page), data: { name: 'Weekly business review (ops)' } })).status()).toBe(200);
      await alerts.getByLabel('Orders delivered: year-over-year alert, in percent').fill('9');
      await alerts.getByRole('button', { name: 'Save alerts' }).click();
      await alerts.getByText('Alerts saved: they apply from the next published week.').waitFor();
      const afterRename = (await (await page.request.get(deckPath)).json()).deck as { name: string; alerts: Array<{ metric: string; yoy: number | null }> };
      expect(afterRename.name).toBe('Weekly business review (ops)');
      expect(afterRename.alerts.find((alert) => alert.metric === 'Orders delivered')?.yoy).toBe(9);
      // A colleague, from their own tab, tightens the week-over-week alert on orders while this page shows the old one.
      const theirs = await page.request.patch(deckPath, { headers: await apiHeaders(page), data: { alerts: before.map((alert: { metric: string }) => (alert.metric === 'Orders delivered' ? { ...alert, wow: 7 } : alert)) } });
      expect(theirs.status()).toBe(200);
      // This page's alert on pick time is refused as stale: nothing is written, theirs is shown, and what was typed stays.
      const pickWow = alerts.getByLabel('Order pick time (p90): week-over-week alert, in percent');
      await pickWow.fill('25');
      await alerts.getByRole('button', { name: 'Save alerts' }).click();
      await alerts.getByRole('alert').filter({ hasText: /^Someone saved this deck’s settings while you had it open/ }).waitFor();
      expect(await ordersWow.inputValue()).toBe('7');
      expect(await pickWow.inputValue()).toBe('25');
      expect((await (await page.request.get(deckPath)).json()).deck.alerts.some((alert: { metric: string }) => alert.metric === 'Order pick time (p90)')).toBe(false);
      // Saving again applies it, without undoing the colleague's.
      await alerts.getByRole('button', { name: 'Save alerts' }).click();
      await alerts.getByText('Alerts saved: they apply from the next published week.').waitFor();
      const saved = (await (await page.request.get(deckPath)).json()).deck.alerts as Array<{ metric: string; wow: number | null }>;
      expect(saved.find((alert) => alert.metric === 'Orders delivered')?.wow).toBe(7);
      expect(saved.find((alert) => alert.metric === 'Order pick time (p90)')?.wow).toBe(25);
    } finally {
      await page.request.patch(deckPath, { headers: await apiHeaders(page), data: { alerts: before, name: 'Weekly business review' } });
    }

    // An anomaly's catalog metric opens on its own row of the catalog (what it counts, its owner and target), not on the top of the list.
    await page.getByRole('article', { name: /^Checkout page load \(p90\):/ }).getByRole('link', { name: 'Checkout page load (p90)' }).click();
    await page.locator('tr.row--linked').filter({ hasText: 'Checkout page load (p90)' }).waitFor();
  });

  it('keeps what a reviewer wrote when a colleague saved the anomaly meanwhile, and measures no metric against itself', async () => {
    const page = await demo.page();
    await page.goto(`/o/${demo.orgId}/wbr`);
    await page.getByRole('link', { name: 'Weekly business review' }).first().click();
    const mine = page.getByRole('form', { name: 'Review Checkout page load (p90)' });
    await mine.waitFor();
    // On a phone the owner's name has the whole line, as wide as the root cause, rather than half of it.
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      const [owner, cause] = await Promise.all([mine.getByLabel('Owner').boundingBox(), mine.getByLabel('Root cause').boundingBox()]);
      expect(owner?.width).toBeCloseTo(cause?.width ?? 0, 0);
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
    }
    // A colleague's tab, opened on the same review: they explain the anomaly first.
    const theirs = await page.context().newPage();
    await theirs.goto(page.url());
    const theirForm = theirs.getByRole('form', { name: 'Review Checkout page load (p90)' });
    await theirForm.getByLabel('Root cause').fill('A CDN rule sent checkout traffic to one region after release 4.2.');
    await theirForm.getByLabel('Status').selectOption('explained');
    await theirForm.getByRole('button', { name: 'Save' }).click();
    await theirForm.getByText('Saved.').waitFor();
    await theirs.close();
    // The stale page's save is refused, but what was typed stays, over the colleague's status, and is shown beside theirs.
    await mine.getByLabel('Root cause').fill('The payment provider was slow on Black Friday.');
    await mine.getByRole('button', { name: 'Save' }).click();
    await mine.getByRole('alert').filter({ hasText: /^Someone saved this anomaly while you were writing\. It now reads: explained, owned by .*, root cause “A CDN rule sent checkout traffic/ }).waitFor();
    expect(await mine.getByLabel('Root cause').inputValue()).toBe('The payment provider was slow on Black Friday.');
    expect(await mine.getByLabel('Status').inputValue()).toBe('explained');
    // Saving again applies it, without undoing the colleague's status.
    await mine.getByRole('button', { name: 'Save' }).click();
    await mine.getByText('Saved.').waitFor();
    const [saved] = (await (await page.request.get(`/api/v1/orgs/${demo.orgId}/wbr/anomalies?status=explained`)).json()).anomalies.filter((anomaly: { metric: string }) => anomaly.metric === 'Checkout page load (p90)');
    expect(saved).toMatchObject({ status: 'explained', rootCause: 'The payment provider was slow on Black Friday.' });

    // One metric as both input and output would show a perfect, meaningless correlation: refused at the output.
    const lag = page.getByRole('form', { name: 'Measure how an output follows an input' });
    await lag.getByRole('combobox', { name: 'Input' }).selectOption('Orders delivered');
    await lag.getByRole('combobox', { name: 'Output' }).selectOption('Orders delivered');
    await lag.getByRole('button', { name: 'Measure' }).click();
    await lag.locator('.field__error').filter({ hasText: /^Choose a metric other than the input \("Orders delivered"\)/ }).waitFor();
    expect(await lag.getByRole('combobox', { name: 'Input' }).locator('option', { hasText: /^Orders delivered \((input|output)\)$/ }).count()).toBe(1);
  });

  it('lists on an anomaly\'s card the weeks it was seen in, as the API gives them, and dates annotations as the rest of the page', async () => {
    const page = await demo.page();
    await page.goto(`/o/${demo.orgId}/wbr`);
    await page.getByRole('link', { name: 'Weekly business review' }).first().click();
    const listed = (await (await page.request.get(`/api/v1/orgs/${demo.orgId}/wbr/anomalies?status=unresolved`)).json()) as { anomalies: Array<{ metric: string; weeksSeen: string[] }> };
    const checkout = listed.anomalies.find((anomaly) => anomaly.metric === 'Checkout page load (p90)');
    // The demo's checkout page load has been above its limit for weeks on end: one range, its count in the heading.
    expect(checkout!.weeksSeen.length).toBeGreaterThan(3);
    const short = formatMonthDay;
    const card = page.getByRole('article', { name: 'Checkout page load (p90): above the upper limit' });
    await card.getByText(`Seen in ${checkout!.weeksSeen.length} weeks in a row: ${short(checkout!.weeksSeen[0]!)} – ${short(checkout!.weeksSeen.at(-1)!)}`, { exact: true }).waitFor();

    const annotations = page.getByRole('region', { name: 'Annotations' });
    const dates = await annotations.getByRole('row').locator('td:first-child').allInnerTexts();
    expect(dates.length).toBeGreaterThan(0);
    for (const date of dates) expect(date).toMatch(/^[A-Z][a-z]{2} \d{1,2}, \d{4}$/);
    await expectNoSeriousAxeViolations(page, 'the deck with the weeks of its anomalies');
  });

  it('names weeks as the rest of Pulse names days in a browser set to British English, and keeps the week\'s link ISO', async () => {
    const signedIn = await demo.page();
    const british = await stack.browser.newContext({ baseURL: stack.server.baseUrl, viewport: { width: 1280, height: 800 }, locale: 'en-GB', storageState: await signedIn.context().storageState() });
    try {
      const page = await british.newPage();
      const { decks } = (await (await page.request.get(`/api/v1/orgs/${demo.orgId}/wbr/decks`)).json()) as { decks: Array<{ id: string; name: string; latestWeekEnding: string | null }> };
      const deck = decks.find((entry) => entry.latestWeekEnding !== null)!;
      const week = formatDay(deck.latestWeekEnding!);
      expect(week).toMatch(/^[A-Z][a-z]{2} \d{1,2}, \d{4}$/);
      await page.goto(`/o/${demo.orgId}/wbr`);
      const row = page.getByRole('table').filter({ has: page.getByRole('columnheader', { name: 'Latest published week' }) }).getByRole('row').filter({ hasText: deck.name });
      await row.waitFor();
      expect(await row.getByRole('cell').allInnerTexts()).toContain(week);
      await page.goto(`/o/${demo.orgId}/wbr/${deck.id}`);
      const weeks = page.getByRole('navigation', { name: 'Published weeks' });
      await weeks.getByRole('link', { name: new RegExp(`^${week}`) }).waitFor();
      expect(await weeks.getByRole('link', { name: new RegExp(`^${week}`) }).first().getAttribute('href')).toContain(`week=${deck.latestWeekEnding!}`);
      await page.getByRole('article', { name: `Week ending ${week}` }).waitFor();
      // No British "28 Nov 2026" anywhere on the page: the sentences are English, and so are their dates.
      expect(await page.locator('main').innerText()).not.toMatch(/\b\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}\b/);

      // A correction that withdrew three signals lists them as the English sentence around them does ("a, b, and c"),
      // not as British English joins a list ("a, b and c").
      const headers = await apiHeaders(page);
      const base = `/api/v1/orgs/${demo.orgId}/wbr/decks`;
      const created = await page.request.post(base, { data: { name: 'Three late signals (en-GB)', config: THREE_LATE_SIGNALS_CONFIG }, headers });
      expect(created.status(), await created.text()).toBe(201);
      const deckId = (await created.json()).deck.id as string;
      const upload = async (csv: string) => expect((await page.request.put(`${base}/${deckId}/data?fileName=fulfilment.csv`, { data: csv, headers: { ...headers, 'content-type': 'text/csv' } })).status()).toBe(200);
      await upload(fulfilmentCsv('2025-01-07', ['2025-01-04']));
      expect((await page.request.post(`${base}/${deckId}/snapshots`, { data: {}, headers })).status()).toBe(201);
      await upload(fulfilmentCsv('2025-01-07'));
      await page.goto(`/o/${demo.orgId}/wbr/${deckId}?week=2025-01-04`);
      await page.getByRole('button', { name: 'Correct this week' }).click();
      const dialog = page.getByRole('dialog', { name: /^Correct the week ending/ });
      await dialog.getByLabel('Why is it corrected?').fill('The file tripled the late deliveries');
      await dialog.getByRole('button', { name: 'Publish correction' }).click();
      await dialog.waitFor({ state: 'hidden' });
      await page.getByRole('note').filter({ hasText: 'It no longer shows the signal of Late deliveries, Late parcels, and Late returns: their anomalies were withdrawn' }).waitFor();

      // The audit log's times read on the app's 12-hour clock, as its day headings and tooltips do, not "14:05".
      await page.goto(`/o/${demo.orgId}/audit`);
      await page.locator('.audit-entry__time').first().waitFor();
      const times = await page.locator('.audit-entry__time').allInnerTexts();
      expect(times.length).toBeGreaterThan(0);
      for (const time of times) expect(time).toMatch(/^\d{1,2}:\d{2} (AM|PM)$/);
      expect(await page.locator('main').innerText()).not.toMatch(/\b\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}\b/);
    } finally {
      await british.close();
    }
  });

  it('keeps each anomaly\'s owner, status and root cause in sight on a phone, and names the week a long-running signal is new in', async () => {
    const page = await demo.page();
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      await page.goto(`/o/${demo.orgId}/wbr`);
      const agenda = page.getByRole('table').filter({ has: page.getByRole('columnheader', { name: 'Root cause' }) });
      const row = agenda.getByRole('row').filter({ hasText: 'Order pick time (p90)' });
      // Each anomaly is a block on a phone: its owner, status and root cause within the screen, not scrolled off to the side.
      for (const text of ['Ravi Iyer', 'Explained', 'Conveyor 3 at the Leeds warehouse']) {
        const box = await row.getByText(text).first().boundingBox();
        expect(box, text).not.toBeNull();
        expect(box!.x + box!.width, text).toBeLessThanOrEqual(390);
      }
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await expectNoSeriousAxeViolations(page, 'the business review on a phone');

      // The latest week's checkout page load has been above its limit for weeks: its line says which week is new.
      await page.getByRole('link', { name: 'Weekly business review' }).first().click();
      const line = page.getByRole('listitem').filter({ hasText: /^Checkout page load \(p90\): above the upper limit, weeks ending/ });
      expect(await line.locator('.badge').textContent()).toMatch(/^new: [A-Z][a-z]{2} \d{1,2}, \d{4}$/);
      // The deck's tables are blocks too: an annotation's Remove button and a metric's alert fields are within the screen.
      const remove = page.getByRole('form', { name: /^Remove the annotation of .* on Order pick time \(p90\)$/ }).getByRole('button', { name: 'Remove' });
      const alert = page.getByRole('spinbutton', { name: 'Checkout page load (p90): year-over-year alert, in percent' });
      for (const [name, control] of [['Remove', remove], ['alert', alert]] as const) {
        await control.scrollIntoViewIfNeeded();
        const box = await control.boundingBox();
        expect(box!.x + box!.width, name).toBeLessThanOrEqual(390);
      }
      await expectNoSeriousAxeViolations(page, 'the deck on a phone');
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
    }
  });
});
