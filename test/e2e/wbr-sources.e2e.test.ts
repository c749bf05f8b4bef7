import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { expectNoSeriousAxeViolations, useBrowserStack, useSignedInDemo } from '../support/browser.js';
import { createReaderLogin, type ReaderLogin } from '../support/wbr-reader.js';

/**
 * A deck whose data comes from a SQL query: the server's connections file names a database (here, a table in the
 * test's own database), the deck's config names the query, and the deck's page refreshes the data from it.
 */

const work = mkdtempSync(join(tmpdir(), 'pulse-e2e-sources-'));
let reader: ReaderLogin | undefined;

const stack = useBrowserStack({
  async env(database) {
    await sql`CREATE TABLE warehouse_daily AS SELECT d::date AS day, 100 + (extract(dow FROM d))::int AS orders FROM generate_series('2023-01-01'::date, '2024-12-31', '1 day') AS d`.execute(database.db);
    reader = await createReaderLogin(database.url);
    await reader.grant('warehouse_daily');
    const file = join(work, 'connections.yaml');
    writeFileSync(file, `version: 1.0\nconnections:\n  - name: Warehouse\n    type: postgres\n    pulse_orgs: ["*"]\n${reader.config}`);
    return { PULSE_WBR_CONNECTIONS: file };
  },
});
// After the stack's own afterAll has dropped the test database (and the login's grants with it).
afterAll(async () => {
  await reader?.drop();
  rmSync(work, { recursive: true, force: true });
});
const demo = useSignedInDemo(stack);

const CONFIG = `setup:
  week_ending: 28-DEC-2024
  week_number: 52
  title: Orders from the warehouse
data_sources:
  Warehouse:
    daily:
      query: SELECT day AS "Date", orders AS "Orders" FROM warehouse_daily
metrics:
  Orders:
    column: daily.Orders
    aggf: sum
deck:
  - block:
      ui_type: 6_12Graph
      title: Orders
      metrics:
        Orders:
          graph_prior_year_flag: true
`;

describe('a deck fed by a SQL query', () => {
  it('shows the config\'s query and refreshes the deck\'s data from it', async () => {
    const page = await demo.page();
    await page.goto(`/o/${demo.orgId}/wbr`);
    const newDeck = page.getByRole('form', { name: 'New deck' });
    await newDeck.getByLabel('Name').fill('Warehouse orders');
    await newDeck.getByRole('textbox', { name: 'Config (YAML)' }).fill(CONFIG);
    await newDeck.getByRole('button', { name: 'Create deck' }).click();
    await page.getByRole('heading', { level: 1, name: 'Warehouse orders' }).waitFor();

    const refresh = page.getByRole('form', { name: 'Refresh from the database' });
    expect(await refresh.textContent()).toMatch(/Or run the config’s queries: daily on Warehouse\. They run read-only/);
    await expectNoSeriousAxeViolations(page, 'a deck fed by a query, before its first refresh');
    await refresh.getByRole('button', { name: 'Refresh from the database' }).click();
    await refresh.getByRole('status').filter({ hasText: 'Refreshed from the database: 731 rows.' }).waitFor();
    await page.getByRole('definition').filter({ hasText: 'data_sources: daily' }).first().waitFor();
    // The data reaches the last Saturday: the week can be published.
    expect(await page.getByRole('form', { name: 'Publish a week' }).getByLabel('Week ending').inputValue()).toBe('2024-12-28');

    // The daily refresh: an hour in UTC, saved with the name of whose rights it runs with.
    const schedule = page.getByRole('form', { name: 'Daily refresh' });
    await schedule.getByLabel('Daily refresh').selectOption({ label: 'Every day at 06:00 UTC' });
    await schedule.getByRole('button', { name: 'Save schedule' }).click();
    await schedule.getByRole('status').filter({ hasText: /^Saved: the next refresh runs / }).waitFor();
    expect(await schedule.locator('.wbr-refresh__status').textContent()).toMatch(/^Next: .+, as .+\. It has not run yet\.$/);
    await expectNoSeriousAxeViolations(page, 'a deck with a daily refresh');
    await schedule.getByLabel('Daily refresh').selectOption({ label: 'Off: refresh by hand' });
    await schedule.getByRole('button', { name: 'Save schedule' }).click();
    await schedule.getByRole('status').filter({ hasText: 'The daily refresh is off.' }).waitFor();
    expect(await schedule.locator('.wbr-refresh__status').count()).toBe(0);
    expect(stack.server.logs.filter((line) => /unexpected|500/.test(line))).toEqual([]);
  });
});
