import { describe, expect, it } from 'vitest';
import { labelWidth, pointLabels, POINT_FONT_SIZE, shortPointLabel, TICK_FONT_SIZE, tickLabels } from './chart-labels.js';
import { parseYScaling } from './y-scaling-format.js';

const plain = parseYScaling('');
/** The room beside the plot a tick label has in a chart with the usual margins. */
const TICK_ROOM = 52;

describe('labelWidth', () => {
  it('estimates widths from DejaVu Sans (the widest font the deck asks for)', () => {
    // Measured in Chromium with DejaVu Sans: a digit is 0.636 em, a comma 0.318 em.
    expect(labelWidth('2,500,000,000', TICK_FONT_SIZE)).toBeCloseTo((10 * 0.637 + 3 * 0.318) * 12, 5);
    expect(labelWidth('7.05×10⁻⁹', TICK_FONT_SIZE)).toBeGreaterThan(labelWidth('7.05', TICK_FONT_SIZE));
  });
});

describe('tickLabels', () => {
  it('keeps the mask\'s form when it fits beside the plot', () => {
    expect(tickLabels([4e8, 4.5e8, 5e8], parseYScaling('##.1MM'), TICK_ROOM)).toEqual(['400.0M', '450.0M', '500.0M']);
    expect(tickLabels([0, 0.25, 0.5], parseYScaling('##%'), TICK_ROOM)).toEqual(['0%', '25%', '50%']);
  });

  it('shortens labels that would not fit (the App\'s sample decks have no mask and values in the billions)', () => {
    expect(tickLabels([3.5e8, 4e8, 4.5e8, 5e8], plain, TICK_ROOM)).toEqual(['350M', '400M', '450M', '500M']);
    expect(tickLabels([2e6, 2.5e6, 3e6], plain, TICK_ROOM)).toEqual(['2.0M', '2.5M', '3.0M']);
  });

  it('writes every shortened tick exactly: 1.25B, not a rounded 1.3B', () => {
    expect(tickLabels([1.25e9, 1.5e9, 1.75e9, 2e9], plain, TICK_ROOM)).toEqual(['1.25B', '1.50B', '1.75B', '2.00B']);
  });

  it('replaces the mask\'s own unit and keeps a percentage\'s or basis points\' unit', () => {
    expect(tickLabels([3e15, 3.2e15, 3.4e15], parseYScaling('##.1MM'), TICK_ROOM)).toEqual(['3,000T', '3,200T', '3,400T']);
    expect(tickLabels([0, 500, 1000, 1500], parseYScaling('##.1%'), TICK_ROOM)).toEqual(['0', '50K%', '100K%', '150K%']);
  });

  it('writes a power of ten beyond 9,999 trillions and for values too small for decimals, never 1e+21', () => {
    const huge = tickLabels([3e20, 3.2e20, 3.4e20], parseYScaling('##bps'), TICK_ROOM);
    expect(huge).toEqual(['3.0×10²⁴bps', '3.2×10²⁴bps', '3.4×10²⁴bps']);
    const tiny = tickLabels([6.5e-9, 7e-9, 7.5e-9, 8e-9], plain, TICK_ROOM);
    expect(tiny).toEqual(['6.5×10⁻⁹', '7.0×10⁻⁹', '7.5×10⁻⁹', '8.0×10⁻⁹']);
    for (const label of [...huge, ...tiny]) expect(label).not.toMatch(/e[+-]|NaN|Infinity/);
  });

  it('fits every label it shortens within the usual margin', () => {
    for (const ticks of [[3e8, 4e8], [1.5e13, 2e13], [-4e6, -2e6, 0], [3e20, 4e20], [6e-9, 8e-9]]) {
      for (const label of tickLabels(ticks, plain, TICK_ROOM)) expect(labelWidth(label, TICK_FONT_SIZE)).toBeLessThanOrEqual(TICK_ROOM);
    }
  });
});

describe('shortPointLabel', () => {
  it.each([
    [470759324, '471M'],
    [2318880564, '2.32B'],
    [35.545e12, '35.5T'],
    [999950, '1.00M'],
    [-3497738.9, '-3.50M'],
    [1.23e17, '1.23×10¹⁷'],
    [0.5, '0.500'],
    [0, '0'],
  ])('writes %d as %j', (value, expected) => {
    expect(shortPointLabel(value, plain)).toBe(expected);
  });

  it('counts a percentage in percent (the point labels carry no unit, as in the App)', () => {
    expect(shortPointLabel(1302, parseYScaling('##.1%'))).toBe('130K');
  });
});

describe('pointLabels', () => {
  const slotWidth = 40;
  // As beside the six weeks: the axis's margin before, the empty slot between weeks and months after.
  const room = { before: 26, after: 58 };

  it('keeps the mask\'s form when neighbours keep clear of each other', () => {
    expect(pointLabels([470759324, null, 460207741], parseYScaling('##.1MM'), slotWidth, room)).toEqual(['470.8', null, '460.2']);
  });

  it('shortens every label of the row when two would overlap', () => {
    expect(pointLabels([496725386, 499671126, 464148871], plain, slotWidth, room)).toEqual(['497M', '500M', '464M']);
  });

  it('leaves out every second label, keeping the latest, when even shortened labels overlap', () => {
    const labels = pointLabels([8.07e17, 8.16e17, 7.75e17, 8.26e17, 8.0e17, 7.88e17], plain, slotWidth, room);
    expect(labels).toEqual([null, '8.16×10¹⁷', null, '8.26×10¹⁷', null, '7.88×10¹⁷']);
  });

  it('never lets labels overlap or leave the room beside the row', () => {
    const rows = [[1e12, 2e12, 3e12, 4e12], [-123456.7, 0.5, 99999.9, -1], [9e15, 9.1e15, 9.2e15], [1e-9, 2e-9, 3e-9]];
    for (const values of rows) {
      const labels = pointLabels(values, parseYScaling('##.3'), slotWidth, room);
      const shown = labels.flatMap((label, slot) => (label === null ? [] : [{ slot, width: labelWidth(label, POINT_FONT_SIZE) }]));
      for (const [i, label] of shown.entries()) {
        const next = shown[i + 1];
        if (next !== undefined) expect((label.width + next.width) / 2).toBeLessThanOrEqual((next.slot - label.slot) * slotWidth);
      }
      const first = shown[0];
      const last = shown[shown.length - 1];
      if (first !== undefined) expect(first.width / 2).toBeLessThanOrEqual(first.slot * slotWidth + room.before);
      if (last !== undefined) expect(last.width / 2).toBeLessThanOrEqual((values.length - 1 - last.slot) * slotWidth + room.after);
    }
  });
});
