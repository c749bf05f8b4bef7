import { describe, expect, it } from 'vitest';
import { parseFlowchart } from './flowchart.js';
import { fitFlowchart, FLOWCHART_PRINT_FONT, READABLE_LABEL_SIZE } from './flowchart-fit.js';
import { sansTextWidth } from './sans-text-width.js';

const at = { file: 'content/playbooks/example.md', line: 1 };
const measureText = (text: string) => sansTextWidth(text, FLOWCHART_PRINT_FONT.fontSize);
/** About the room a printed page gives a drawing, in points. */
const frame = { width: 450, height: 650 };

function chain(direction: string, count: number): ReturnType<typeof parseFlowchart> {
  const arrows = Array.from({ length: count - 1 }, (_, index) => `S${index}[Step number ${index + 1}] --> S${index + 1}[Step number ${index + 2}]`);
  return parseFlowchart([`flowchart ${direction}`, 'accTitle: A chain', ...arrows].join('\n'), at);
}

describe('fitting a flowchart to a printed frame', () => {
  it('keeps a chart that fits at full size in its own direction, unscaled', () => {
    const fitted = fitFlowchart(chain('LR', 3), measureText, frame);
    expect(fitted.isTurned).toBe(false);
    expect(fitted.layout.direction).toBe('LR');
    expect(fitted.scale).toBe(1);
  });

  it('draws a long chain across the page top-down instead, where its labels come out several times larger', () => {
    for (const direction of ['LR', 'RL']) {
      const chart = chain(direction, 25);
      const across = fitFlowchart({ ...chart, direction: 'TD' }, measureText, frame);
      const fitted = fitFlowchart(chart, measureText, frame);
      expect(fitted.isTurned, direction).toBe(true);
      expect(fitted.layout.direction).toBe('TD');
      expect(fitted.scale).toBe(across.scale);
      // Left to right, the 25 boxes share the frame's width: their labels would be about a point and a half high.
      const declaredWidth = fitted.layout.nodes.reduce((sum, node) => sum + node.width, 0);
      expect((frame.width / declaredWidth) * FLOWCHART_PRINT_FONT.fontSize).toBeLessThan(2);
      expect(fitted.scale * FLOWCHART_PRINT_FONT.fontSize).toBeGreaterThan(4);
      // Down the page, every box is under the one before it.
      const xs = new Set(fitted.layout.nodes.map((node) => Math.round(node.x)));
      expect(xs.size).toBe(1);
      expect(fitted.layout.width * fitted.scale).toBeLessThanOrEqual(frame.width);
      expect(fitted.layout.height * fitted.scale).toBeLessThanOrEqual(frame.height + 1e-9);
    }
  });

  it('keeps a chart across the page that stays readable scaled down, and never turns a top-down one', () => {
    const medium = fitFlowchart(chain('LR', 5), measureText, frame);
    expect(medium.isTurned).toBe(false);
    expect(medium.scale).toBeLessThan(1);
    expect(medium.scale * FLOWCHART_PRINT_FONT.fontSize).toBeGreaterThanOrEqual(READABLE_LABEL_SIZE);
    const tall = fitFlowchart(chain('TD', 40), measureText, frame);
    expect(tall.isTurned).toBe(false);
    expect(tall.layout.direction).toBe('TD');
  });

  it('keeps the declared direction when drawing it top-down would not make the labels larger', () => {
    // A fan of many short branches is wide top-down and narrow across: turning it would shrink it further.
    const arrows = Array.from({ length: 40 }, (_, index) => `H --> B${index}[Branch ${index + 1}]`);
    const chart = parseFlowchart(['flowchart LR', 'accTitle: A fan', 'H[Hub]', ...arrows].join('\n'), at);
    const fitted = fitFlowchart(chart, measureText, frame);
    expect(fitted.scale * FLOWCHART_PRINT_FONT.fontSize).toBeLessThan(READABLE_LABEL_SIZE);
    expect(fitted.isTurned).toBe(false);
    expect(fitted.layout.direction).toBe('LR');
  });
});
