import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Deck } from '../../src/domain/wbr/deck-types.js';
import { renderDeckHtml } from '../../src/domain/wbr/html/render-deck-html.js';

/**
 * The HTML renderer on decks written by the WBR App itself (the reference scenarios' expected.json,
 * beside the repository in ../shared/wbr/scenarios): every chart drawn, every box-total cell filled,
 * and no NaN, Infinity, undefined or null leaking into the page. Skips itself, saying so, where the
 * folder is absent.
 */
const scenariosDir = fileURLToPath(new URL('../../../shared/wbr/scenarios/', import.meta.url));
const isPresent = existsSync(scenariosDir);
const scenarios = isPresent ? readdirSync(scenariosDir).filter((name) => existsSync(`${scenariosDir}${name}/expected.json`)).sort() : [];

/** The page's text outside tags, where a leaked JavaScript value would show. */
function visibleText(html: string): string {
  return html.replace(/<style>[\s\S]*?<\/style>/, '').replace(/<[^>]*>/g, ' ');
}

describe('HTML deck from the WBR App\'s own deck JSON', () => {
  if (!isPresent) {
    it('needs ../shared/wbr/scenarios beside the repository', (context) => {
      const message = `WBR App decks skipped: ${scenariosDir} is absent (it is present for developers and in CI).`;
      console.warn(message);
      // CI always has ../shared: there a missing folder is a failure, never a skip.
      if (process.env.CI === 'true') throw new Error(`${message} CI must run this suite.`);
      context.skip(message);
    });
    return;
  }

  it.each(scenarios)('%s renders every block with no leaked value', (scenario) => {
    const deck = JSON.parse(readFileSync(`${scenariosDir}${scenario}/expected.json`, 'utf8')) as Deck;
    const html = renderDeckHtml(deck);
    const charts = deck.blocks.filter((block) => block.plotStyle === '6_12_chart');
    expect(html.match(/<svg class="chart"/g)?.length ?? 0).toBe(charts.length);
    expect(html.match(/<path class="cy s\d"/g)?.length ?? 0).toBeGreaterThanOrEqual(charts.length);
    const boxRows = charts.reduce((rows, block) => rows + block.table.tableBody.length, 0);
    expect(html.match(/<td class="(?:val|cmp)">[^<]+<\/td>/g)?.length ?? 0).toBe(boxRows * 9);
    expect(visibleText(html)).not.toMatch(/\b(NaN|Infinity|undefined|null)\b/);
    expect(html).not.toMatch(/="[^"]*\b(NaN|undefined)\b[^"]*"/);
  });
});
