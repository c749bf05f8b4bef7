import { describe, expect, it } from 'vitest';
import { parseFlowchart } from './flowchart.js';
import { fitFlowchart, fitFlowchartInBands, FLOWCHART_PRINT_FONT, READABLE_LABEL_SIZE } from './flowchart-fit.js';
import type { PrintedFlowchart } from './flowchart-fit.js';
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

/** Each node is drawn in exactly one band; each arrow inside its band, or from its node to a marker and from a marker to its node. */
function expectEveryArrowOnPaper(chart: ReturnType<typeof parseFlowchart>, printed: PrintedFlowchart): void {
  const bandOf = (id: string) => printed.bands.findIndex((band) => band.layout.nodes.some((node) => node.id === id && node.shape !== 'continuation'));
  for (const node of chart.nodes) {
    expect(printed.bands.filter((band) => band.layout.nodes.some((drawn) => drawn.id === node.id)), node.id).toHaveLength(1);
  }
  const labelOf = new Map(chart.nodes.map((node) => [node.id, node.label]));
  chart.edges.forEach((edge, edgeIndex) => {
    const [from, to] = [bandOf(edge.from), bandOf(edge.to)];
    if (from === to) {
      expect(printed.bands[from]!.layout.edges.some((drawn) => drawn.from === edge.from && drawn.to === edge.to), `${edge.from} → ${edge.to}`).toBe(true);
      expect(printed.bands[from]!.continuations.some((continuation) => continuation.edgeIndex === edgeIndex)).toBe(false);
      return;
    }
    const leaving = printed.bands[from]!.continuations.find((continuation) => continuation.edgeIndex === edgeIndex && continuation.side === 'to')!;
    const arriving = printed.bands[to]!.continuations.find((continuation) => continuation.edgeIndex === edgeIndex && continuation.side === 'from')!;
    expect([leaving.otherBand, arriving.otherBand], `${edge.from} → ${edge.to}`).toEqual([to, from]);
    expect(printed.bands[from]!.layout.edges.some((drawn) => drawn.from === edge.from && drawn.to === leaving.markerId)).toBe(true);
    expect(printed.bands[to]!.layout.edges.some((drawn) => drawn.from === arriving.markerId && drawn.to === edge.to)).toBe(true);
    const leavingMarker = printed.bands[from]!.layout.nodes.find((node) => node.id === leaving.markerId)!;
    const arrivingMarker = printed.bands[to]!.layout.nodes.find((node) => node.id === arriving.markerId)!;
    expect([leavingMarker.shape, arrivingMarker.shape]).toEqual(['continuation', 'continuation']);
    // Each marker names the node at the arrow's other end by its label.
    expect(leavingMarker.label.lines.join(' ')).toContain(`“${labelOf.get(edge.to)!}”`);
    expect(arrivingMarker.label.lines.join(' ')).toContain(`From “${labelOf.get(edge.from)!}”`);
  });
}

function expectReadableBands(printed: PrintedFlowchart): void {
  expect(printed.bands.length).toBeGreaterThan(1);
  expect(printed.scale * FLOWCHART_PRINT_FONT.fontSize).toBeGreaterThanOrEqual(READABLE_LABEL_SIZE);
  for (const band of printed.bands) {
    expect(band.layout.width * printed.scale).toBeLessThanOrEqual(frame.width + 1e-9);
    expect(band.layout.height * printed.scale).toBeLessThanOrEqual(frame.height + 1e-9);
  }
}

describe('printing a chart too long for one frame in bands', () => {
  it('cuts a 25-step chain into bands of readable labels, each arrow between two bands drawn to and from a marker', () => {
    for (const direction of ['LR', 'TD']) {
      const chart = chain(direction, 25);
      // On one page, either way round, its labels would be under the readable size.
      expect(fitFlowchart(chart, measureText, frame).scale * FLOWCHART_PRINT_FONT.fontSize).toBeLessThan(READABLE_LABEL_SIZE);
      const printed = fitFlowchartInBands(chart, measureText, frame);
      expectReadableBands(printed);
      expectEveryArrowOnPaper(chart, printed);
      // Down the page, its bands take fewer markers than across: a chain across is turned, as on one page.
      expect(printed.isTurned, direction).toBe(direction === 'LR');
      expect(printed.bands.every((band) => band.layout.direction === 'TD')).toBe(true);
      // The bands follow the chain: the first holds step 1, the last step 25, and the first ends "Continues at" the next's first step.
      expect(printed.bands[0]!.layout.nodes.some((node) => node.id === 'S0')).toBe(true);
      expect(printed.bands.at(-1)!.layout.nodes.some((node) => node.id === 'S24')).toBe(true);
      const firstOfSecond = printed.bands[1]!.layout.nodes.find((node) => node.shape !== 'continuation' && node.rank === 1)!;
      expect(printed.bands[0]!.layout.nodes.find((node) => node.shape === 'continuation')!.label.lines.join(' ')).toBe(`Continues at “${firstOfSecond.label.lines.join(' ')}”`);
    }
  });

  it('cuts a branching 30-node chart with loops back into readable bands, keeping every arrow and its label', () => {
    const arrows = Array.from({ length: 15 }, (_, index) => [
      `D${index}{Check ${index + 1} passes?} -->|yes| ${index === 14 ? 'Done([Shipped])' : `D${index + 1}`}`,
      `D${index} -->|no| F${index}[Fix problem ${index + 1}]`,
      `F${index} -.-> D${index}`,
    ]).flat();
    const chart = parseFlowchart(['flowchart TD', 'accTitle: Checks', ...arrows].join('\n'), at);
    expect(chart.nodes).toHaveLength(31);
    expect(fitFlowchart(chart, measureText, frame).scale * FLOWCHART_PRINT_FONT.fontSize).toBeLessThan(READABLE_LABEL_SIZE);
    const printed = fitFlowchartInBands(chart, measureText, frame);
    expectReadableBands(printed);
    expectEveryArrowOnPaper(chart, printed);
    expect(printed.isTurned).toBe(false);
    // An arrow's label is drawn on its way out of a band (the arrow into the next one has its marker say it).
    const crossing = printed.bands.flatMap((band) => band.continuations.map((continuation) => ({ band, continuation }))).filter(({ continuation }) => chart.edges[continuation.edgeIndex]!.label !== null);
    for (const { band, continuation } of crossing) {
      const label = chart.edges[continuation.edgeIndex]!.label!;
      if (continuation.side === 'to') expect(band.layout.edges.find((edge) => edge.to === continuation.markerId)!.label!.lines.join(' ')).toBe(label);
      else expect(band.layout.nodes.find((node) => node.id === continuation.markerId)!.label.lines.join(' ')).toContain(`(${label})`);
    }
    // A dotted arrow stays dotted on both sides of the cut.
    for (const band of printed.bands) for (const continuation of band.continuations) {
      const drawn = band.layout.edges.find((edge) => edge.from === continuation.markerId || edge.to === continuation.markerId)!;
      expect(drawn.isDotted).toBe(chart.edges[continuation.edgeIndex]!.isDotted);
    }
  });

  it('leaves a chart that one frame holds readably as fitFlowchart fits it, and one no band could help (a wide fan) too', () => {
    const fan = parseFlowchart(['flowchart LR', 'accTitle: A fan', 'H[Hub]', ...Array.from({ length: 40 }, (_, index) => `H --> B${index}[Branch ${index + 1}]`)].join('\n'), at);
    for (const chart of [chain('LR', 3), chain('LR', 5), chain('TD', 12), chain('LR', 12), fan]) {
      const fitted = fitFlowchart(chart, measureText, frame);
      expect(fitFlowchartInBands(chart, measureText, frame)).toEqual({ bands: [{ layout: fitted.layout, continuations: [] }], scale: fitted.scale, isTurned: fitted.isTurned });
    }
  });
});
