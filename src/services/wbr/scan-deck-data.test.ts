import { describe, expect, it } from 'vitest';
import { FULFILMENT_CONFIG, fulfilmentCsv } from '../../../test/support/wbr-review-fixture.js';
import { readDeckConfig } from './deck-config.js';
import { scanDeckData } from './wbr-decks.service.js';

describe('scanning a deck\'s data in the server', () => {
  it('lets the event loop turn while it scans a large file, and reads it as one piece would', async () => {
    const config = readDeckConfig(FULFILMENT_CONFIG);
    const oneFile = fulfilmentCsv('2025-01-04');
    // About 3 MB: the same rows many times over (repeated dates are aggregated like any other).
    const body = oneFile.slice(oneFile.indexOf('\n') + 1);
    const large = oneFile + body.repeat(Math.ceil(3_000_000 / body.length));
    let turns = 0;
    const counting = setInterval(() => { turns += 1; }, 0);
    const table = await scanDeckData(config, large, 'data.csv');
    clearInterval(counting);
    // Other work (a timer here, another request in the server) ran between the slices.
    expect(turns).toBeGreaterThan(0);
    expect(table.rowCount).toBeGreaterThan(3 * (await scanDeckData(config, oneFile, 'data.csv')).rowCount);
  });
});
