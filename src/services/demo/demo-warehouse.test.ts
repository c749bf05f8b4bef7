import { describe, expect, it } from 'vitest';
import { formatTableCell, parseYScaling } from '../../domain/wbr/html/y-scaling-format.js';
import { parseWbrConfig } from '../../domain/wbr/wbr-deck.js';
import { SQL_DECK_CONFIG } from './demo-warehouse.js';

describe('the demo SQL deck\'s config', () => {
  const config = parseWbrConfig(SQL_DECK_CONFIG('28-NOV-2026', 'NorthwindWarehouse'), { fileName: 'config.yaml' });
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
