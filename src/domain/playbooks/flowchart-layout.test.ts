import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../test/support/seeded-random.js';
import { parseFlowchart } from './flowchart.js';
import type { Flowchart } from './flowchart.js';
import { layoutFlowchart, placeInOrder, wrapLabel } from './flowchart-layout.js';
import type { FlowchartLayout, LaidOutNode, LayoutLabel, LayoutPoint } from './flowchart-layout.js';
import { flowchartSvg } from './flowchart-svg.js';

const at = { file: 'content/playbooks/example.md', line: 1 };
/** About the width of a sans-serif at 9 points, without a font. */
const options = { measureText: (text: string) => text.length * 5, fontSize: 9, lineHeight: 11.5 };
const palette = { text: '#111', line: '#444', nodeFill: '#eef', nodeStroke: '#556', background: '#fff' };

function chart(lines: readonly string[], direction = 'TD'): Flowchart {
  return parseFlowchart([`flowchart ${direction}`, 'accTitle: Test chart', ...lines].join('\n'), at);
}

/** A shipped diagram (six-page-memo): a loop back, a three-way decision, a dotted arrow round the whole chart. */
const READING_MEETING = [
  'A[Author schedules the meeting with its attendees] --> B[Facilitator starts the reading]',
  'B --> C[Everyone reads in silence and writes margin notes]',
  'C --> D{Has every attendee finished, or is the time up?}',
  'D -->|no| C',
  'D -->|yes| E[Discussion opens]',
  'E --> F{Decision}',
  'F -->|approve| G[The initiative moves on]',
  'F -->|iterate| H[Author writes a new version]',
  'F -->|kill| I[Record the reason]',
  'H -.-> A',
];

interface Box { left: number; right: number; top: number; bottom: number; name: string }

const nodeBox = (node: LaidOutNode): Box => ({ left: node.x - node.width / 2, right: node.x + node.width / 2, top: node.y - node.height / 2, bottom: node.y + node.height / 2, name: node.id });
const labelBox = (label: LayoutLabel, name: string): Box => ({ left: label.x - label.width / 2, right: label.x + label.width / 2, top: label.y - label.height / 2, bottom: label.y + label.height / 2, name });

/** Every pair of boxes (shapes, and arrows' labels) that overlap. */
function overlaps(layout: FlowchartLayout): string[] {
  const boxes = [...layout.nodes.map(nodeBox), ...layout.edges.flatMap((edge, index) => (edge.label === null ? [] : [labelBox(edge.label, `label of arrow ${index + 1}`)]))];
  const found: string[] = [];
  for (let i = 0; i < boxes.length; i += 1) {
    for (let j = i + 1; j < boxes.length; j += 1) {
      const [a, b] = [boxes[i]!, boxes[j]!];
      if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) found.push(`${a.name} and ${b.name}`);
    }
  }
  return found;
}

/** Whether a point lies on the node's outline (its bounding box's edge, a diamond's sides or a circle), within a point. */
function isOnOutline(node: LaidOutNode, point: LayoutPoint): boolean {
  const dx = Math.abs(point.x - node.x) / (node.width / 2);
  const dy = Math.abs(point.y - node.y) / (node.height / 2);
  const tolerance = 1 / Math.min(node.width / 2, node.height / 2);
  if (node.shape === 'decision') return Math.abs(dx + dy - 1) < tolerance;
  if (node.shape === 'circle') return Math.abs(Math.hypot(dx, dy) - 1) < tolerance;
  return Math.abs(Math.max(dx, dy) - 1) < tolerance;
}

function expectWellDrawn(source: Flowchart, layout: FlowchartLayout): void {
  expect(overlaps(layout)).toEqual([]);
  const byId = new Map(layout.nodes.map((node) => [node.id, node]));
  expect(layout.edges).toHaveLength(source.edges.length);
  layout.edges.forEach((edge, index) => {
    expect([edge.from, edge.to]).toEqual([source.edges[index]!.from, source.edges[index]!.to]);
    expect(edge.points.length).toBeGreaterThanOrEqual(2);
    if (edge.from !== edge.to) {
      expect(isOnOutline(byId.get(edge.from)!, edge.points[0]!), `arrow ${index + 1} leaves ${edge.from}'s outline`).toBe(true);
      expect(isOnOutline(byId.get(edge.to)!, edge.points.at(-1)!), `arrow ${index + 1} reaches ${edge.to}'s outline`).toBe(true);
    }
    expect(edge.label === null).toBe(source.edges[index]!.label === null);
  });
  const labelBoxes = layout.edges.flatMap((edge) => (edge.label === null ? [] : [labelBox(edge.label, 'label')]));
  for (const box of [...layout.nodes.map(nodeBox), ...labelBoxes]) {
    expect(box.left).toBeGreaterThanOrEqual(0);
    expect(box.top).toBeGreaterThanOrEqual(0);
    expect(box.right).toBeLessThanOrEqual(layout.width);
    expect(box.bottom).toBeLessThanOrEqual(layout.height);
  }
}

describe('flowchart layout', () => {
  it('ranks nodes by their longest path from a start, an arrow that closes a loop left out', () => {
    const source = chart(['A --> B --> C', 'A --> C', 'C -->|again| A', 'C --> D', 'E[Lonely]']);
    const layout = layoutFlowchart(source, options);
    expect(Object.fromEntries(layout.nodes.map((node) => [node.id, node.rank]))).toEqual({ A: 0, B: 1, C: 2, D: 3, E: 0 });
    // Top-down: each rank lower on the page than the one before.
    const y = (id: string) => layout.nodes.find((node) => node.id === id)!.y;
    expect(y('A')).toBeLessThan(y('B'));
    expect(y('B')).toBeLessThan(y('C'));
    expect(y('C')).toBeLessThan(y('D'));
    expectWellDrawn(source, layout);
  });

  it('draws a start it is asked to keep beside its target one rank before it, and any other start on the first rank', () => {
    const source = chart(['A --> B --> C --> D', 'M[From elsewhere] --> D', 'N[Also from elsewhere] --> D', 'A --> N']);
    const ranks = (layout: FlowchartLayout) => Object.fromEntries(layout.nodes.map((node) => [node.id, node.rank]));
    expect(ranks(layoutFlowchart(source, options))).toEqual({ A: 0, B: 1, C: 2, D: 3, M: 0, N: 1 });
    // N is led to by A, so it stays where its longest path puts it.
    const beside = layoutFlowchart(source, { ...options, besideTheirTarget: new Set(['M', 'N']) });
    expect(ranks(beside)).toEqual({ A: 0, B: 1, C: 2, D: 3, M: 2, N: 1 });
    expectWellDrawn(source, beside);
  });

  it.each([
    ['LR', (a: LaidOutNode, b: LaidOutNode) => b.x - a.x],
    ['RL', (a: LaidOutNode, b: LaidOutNode) => a.x - b.x],
    ['BT', (a: LaidOutNode, b: LaidOutNode) => a.y - b.y],
    ['TB', (a: LaidOutNode, b: LaidOutNode) => b.y - a.y],
  ] as const)('lays ranks out in the direction %s declares', (direction, progress) => {
    const source = chart(['A[Start] --> B{Ready?}', 'B -->|yes| C([Done])', 'B -->|no| D((Wait))', 'D --> B'], direction);
    const layout = layoutFlowchart(source, options);
    const [a, b, c] = ['A', 'B', 'C'].map((id) => layout.nodes.find((node) => node.id === id)!);
    expect(progress(a!, b!)).toBeGreaterThan(0);
    expect(progress(b!, c!)).toBeGreaterThan(0);
    expectWellDrawn(source, layout);
  });

  it('draws a shipped chart without overlaps, every arrow from outline to outline, the loop back beside the way there', () => {
    const source = chart(READING_MEETING);
    const layout = layoutFlowchart(source, options);
    expectWellDrawn(source, layout);
    // "no" goes back up from the decision to the reading: its route and the way down are side by side, not one line.
    const down = layout.edges.find((edge) => edge.from === 'C' && edge.to === 'D')!;
    const back = layout.edges.find((edge) => edge.from === 'D' && edge.to === 'C')!;
    expect(Math.abs(down.points[1]!.x - back.points[1]!.x)).toBeGreaterThan(5);
    // The three answers of the decision sit on one rank, in the order that crosses nothing: approve, iterate, kill.
    const finals = ['G', 'H', 'I'].map((id) => layout.nodes.find((node) => node.id === id)!);
    expect(new Set(finals.map((node) => node.rank)).size).toBe(1);
    expect(finals.map((node) => node.x)).toEqual([...finals.map((node) => node.x)].sort((a, b) => a - b));
  });

  it('keeps a straight chain straight and a fan without crossings', () => {
    const layout = layoutFlowchart(chart(['A[One] --> B[Two, a longer label] --> C[Three] --> D[Four]']), options);
    const xs = layout.nodes.map((node) => node.x);
    for (const x of xs) expect(x).toBeCloseTo(xs[0]!, 5);
    const fan = layoutFlowchart(chart(['R --> A1', 'R --> B1', 'A1 --> A2', 'B1 --> B2', 'R --> C1']), options);
    const x = (id: string) => fan.nodes.find((node) => node.id === id)!.x;
    // Each child's own child sits on its side of the fan.
    expect(Math.sign(x('A2') - x('B2'))).toBe(Math.sign(x('A1') - x('B1')));
  });

  it('wraps long labels to fit their shape, and sizes the shape round the text', () => {
    const layout = layoutFlowchart(chart(['A[Plan the loop: five to seven interviewers, one of them the bar raiser] --> B{Does the bar raiser agree to hire this person?}']), options);
    const [box, diamond] = layout.nodes;
    expect(box!.label.lines.length).toBeGreaterThan(1);
    for (const line of box!.label.lines) expect(options.measureText(line)).toBeLessThanOrEqual(15 * 9);
    expect(box!.width).toBeGreaterThanOrEqual(box!.label.width);
    expect(box!.height).toBeGreaterThanOrEqual(box!.label.height);
    // The text's corners lie inside the diamond.
    const dx = diamond!.label.width / 2 / (diamond!.width / 2);
    const dy = diamond!.label.height / 2 / (diamond!.height / 2);
    expect(dx + dy).toBeLessThanOrEqual(1);
    expect(wrapLabel('a supercalifragilistic word', 40, options.measureText)).toEqual(['a', 'supercalifragilistic', 'word']);
    // A line break is kept (a printed band's continuation markers use one), and each part wraps on its own.
    expect(wrapLabel('Continues at\n“a supercalifragilistic word”', 60, options.measureText)).toEqual(['Continues at', '“a', 'supercalifragilistic', 'word”']);
    expect(wrapLabel('From\n“A B”', 400, options.measureText)).toEqual(['From', '“A B”']);
  });

  it('draws an arrow from a node to itself round its side, and a line without an arrowhead', () => {
    const source = chart(['A[Retry] -->|again| A', 'A --- B[Log]']);
    const layout = layoutFlowchart(source, options);
    expectWellDrawn(source, layout);
    const loop = layout.edges[0]!;
    const node = layout.nodes[0]!;
    expect(loop.points.every((point) => point.x >= node.x + node.width / 2 - 0.01)).toBe(true);
    const svg = flowchartSvg(layout, palette, 'Test chart');
    // Two paths, one arrowhead (the loop's); the line has none.
    expect(svg.match(/<path /g)).toHaveLength(2);
    expect(svg.match(/<polygon [^>]*stroke="none"/g)).toHaveLength(1);
  });

  it('lays out random charts without overlaps, every arrow drawn', () => {
    const random = seededRandom(7);
    const shapes = [['[', ']'], ['{', '}'], ['((', '))'], ['([', '])'], ['{{', '}}'], ['(', ')'], ['[[', ']]']] as const;
    for (let round = 0; round < 40; round += 1) {
      const count = 2 + Math.floor(random() * 12);
      const lines = Array.from({ length: count }, (_, index) => {
        const [open, close] = shapes[Math.floor(random() * shapes.length)]!;
        return `N${index}${open}Step ${index}${' with more words'.repeat(Math.floor(random() * 4))}${close}`;
      });
      for (let arrow = 0; arrow < count + Math.floor(random() * count); arrow += 1) {
        const from = Math.floor(random() * count);
        const to = Math.floor(random() * count);
        lines.push(`N${from} ${random() < 0.3 ? `-->|case ${arrow}|` : random() < 0.5 ? '-.->' : '-->'} N${to}`);
      }
      const source = chart(lines, round % 2 === 0 ? 'TD' : 'LR');
      const layout = layoutFlowchart(source, options);
      expectWellDrawn(source, layout);
      const svg = flowchartSvg(layout, palette, source.title);
      expect(svg.match(/<path /g)?.length).toBe(source.edges.length + source.nodes.filter((node) => node.shape === 'subroutine').length);
    }
  });

  it('places a layer as near the wanted positions as its order and gaps allow (least squares)', () => {
    // Wanted all at 0, a gap of 10: centred on 0 in order.
    expect(placeInOrder([0, 0, 0], [1, 1, 1], [10, 10])).toEqual([-10, 0, 10]);
    // Far enough apart already: each where it is wanted.
    expect(placeInOrder([0, 50], [1, 1], [10])).toEqual([0, 50]);
    // The heavier one moves less.
    const [light, heavy] = placeInOrder([5, 0], [1, 3], [10]);
    expect(heavy! - light!).toBeCloseTo(10, 9);
    expect(Math.abs(heavy!)).toBeLessThan(Math.abs(light! - 5));
  });
});

describe('flowchart SVG', () => {
  it('has one shape per node, every label line as text, escaped, and a title', () => {
    const source = chart(['A["Tom & Jerry"] --> B{Ready?}', 'B -->|yes & no| C((Go))']);
    const svg = flowchartSvg(layoutFlowchart(source, options), palette, 'Tom & Jerry');
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" viewBox="0 0 [\d.]+ [\d.]+"/);
    expect(svg).toContain('<title>Tom &amp; Jerry</title>');
    expect(svg).toContain('>Tom &amp; Jerry</text>');
    expect(svg).toContain('>yes &amp; no</text>');
    expect(svg.match(/<rect /g)).toHaveLength(2); // the box, and the ground under the arrow's label
    expect(svg.match(/<circle /g)).toHaveLength(1);
    expect(svg.match(/<polygon /g)).toHaveLength(1 + 2); // the diamond, and two arrowheads
  });
});
