import { describe, expect, it } from 'vitest';
import { formatTableCell, parseYScaling } from '../../domain/wbr/html/y-scaling-format.js';
import { parseWbrConfig } from '../../domain/wbr/wbr-deck.js';
import { dayNumber } from '../../domain/wbr/calendar.js';
import { SQL_DECK_CONFIG } from './demo-warehouse.js';
import { demoWeekNumber } from './seed-wbr-demo.js';

describe('the demo SQL deck\'s config', () => {
  const config = parseWbrConfig(SQL_DECK_CONFIG(dayNumber(2026, 11, 28), 'NorthwindWarehouse'), { fileName: 'config.yaml' });
  const maskOf = (title: string): string => {
    const block = config.deck.find((candidate) => candidate.uiType === '6_12Graph' && candidate.title === title);
    return block?.uiType === '6_12Graph' ? block.yScaling : '';
  };

  it('writes its numbers with the decimals they need, as the App reads its masks', () => {
    // A week of the warehouse: about half a million in revenue, a late rate of a few percent.
    expect(formatTableCell(462_318.5, parseYScaling(maskOf('Revenue')))).toBe('0.46M');
    expect(formatTableCell(0.0423, parseYScaling(maskOf('Late delivery rate')))).toBe('4.2%');
    expect(formatTableCell(6_412, parseYScaling(maskOf('Orders')))).toBe('6,412');
  });
});

describe('the demo decks\' week numbers', () => {
  it('number the week they review with its ISO week, so a November week is not labelled wk 1', () => {
    const config = parseWbrConfig(SQL_DECK_CONFIG(dayNumber(2026, 11, 28), 'NorthwindWarehouse'), { fileName: 'config.yaml' });
    expect(config.setup.weekNumber).toBe(48);
    expect(demoWeekNumber(dayNumber(2026, 11, 21))).toBe(47);
    // Week 53 of a long ISO year (its Thursday is 31 December 2026), then week 1 of the next.
    expect(demoWeekNumber(dayNumber(2027, 1, 2))).toBe(53);
    expect(demoWeekNumber(dayNumber(2027, 1, 9))).toBe(1);
    expect(demoWeekNumber(dayNumber(2025, 1, 4))).toBe(1);
  });
});
