import type { Flowchart, FlowchartEdge, FlowchartNode } from './flowchart.js';
import { layoutFlowchart } from './flowchart-layout.js';
import type { FlowchartLayout, FlowchartLayoutOptions } from './flowchart-layout.js';
import type { FlowchartPalette } from './flowchart-svg.js';

/**
 * A flowchart laid out for a printed frame (the PDF's, the printable page's): scaled down to fit when it is
 * larger, never up. A chart drawn left to right (or right to left) that would have to shrink its labels below a
 * readable size is drawn top-down instead when that keeps them larger: a long chain across a page is scaled to
 * the page's width, and its labels end up a point or two high, while the same chain down the page keeps each
 * label at its width and shrinks only with the page's height.
 *
 * A chart too long for one frame in either direction (25 steps in a chain) is cut into bands of consecutive ranks
 * instead (fitFlowchartInBands), each fitting the frame at a readable size and drawn after the one before, down the
 * page and onto the next ones. An arrow between two bands is drawn to a marker naming the node it continues at,
 * and from a marker naming the node it came from, so that every arrow is still on paper.
 */

/** The labels' size and line height at full scale, in points. */
export const FLOWCHART_PRINT_FONT = { fontSize: 9, lineHeight: 11.5 } as const;
/** The printed drawing's colours, the PDF's and the printable page's alike (always light: it is for paper). */
export const FLOWCHART_PRINT_PALETTE: FlowchartPalette = { text: '#111111', line: '#4a5160', nodeFill: '#eef1f8', nodeStroke: '#5b6a8a', background: '#ffffff' };
/** The smallest label size, in points, a printed chart keeps in the direction it declares. */
export const READABLE_LABEL_SIZE = 6;
/** Said under a chart's caption when it is drawn top-down though its source runs across. */
export const TURNED_CHART_NOTE = 'Drawn top to bottom to fit the page; its source runs across.';

export interface FittedFlowchart {
  layout: FlowchartLayout;
  /** At most 1: the drawing's size on the page is the layout's times this. */
  scale: number;
  /** Whether the chart is drawn top-down though it declares LR or RL. */
  isTurned: boolean;
}

/** `frame` is the room the drawing may take, in points; `measureText` measures a line at FLOWCHART_PRINT_FONT's size. */
export function fitFlowchart(chart: Flowchart, measureText: (text: string) => number, frame: { width: number; height: number }): FittedFlowchart {
  const fit = (source: Flowchart) => {
    const layout = layoutFlowchart(source, { measureText, ...FLOWCHART_PRINT_FONT });
    return { layout, scale: scaleToFit(layout, frame) };
  };
  const declared = fit(chart);
  const runsAcross = chart.direction === 'LR' || chart.direction === 'RL';
  if (!runsAcross || declared.scale * FLOWCHART_PRINT_FONT.fontSize >= READABLE_LABEL_SIZE) return { ...declared, isTurned: false };
  const turned = fit({ ...chart, direction: 'TD' });
  return turned.scale > declared.scale ? { ...turned, isTurned: true } : { ...declared, isTurned: false };
}

/** A layout's scale in a frame: at most 1, so that a small chart keeps its size. */
function scaleToFit(layout: FlowchartLayout, frame: { width: number; height: number }): number {
  return Math.min(1, frame.width / layout.width, frame.height / layout.height);
}

/**
 * A node of one band that stands for an arrow's other end, drawn in another band: `to` where the arrow leaves
 * this band (it names the node the arrow goes to), `from` where it comes in (it names the node it came from).
 */
export interface FlowchartContinuation {
  /** The arrow's index in the chart's edges. */
  edgeIndex: number;
  side: 'to' | 'from';
  /** The marker's node id in the band's layout (never one a chart can declare, since ids have no hyphen). */
  markerId: string;
  /** The band, counted from 0, that holds the arrow's other end. */
  otherBand: number;
}

export interface FlowchartBand {
  /** Its nodes and arrows, with a node of shape `continuation` for each of its continuations. */
  layout: FlowchartLayout;
  continuations: FlowchartContinuation[];
}

/** A chart on paper: one band (the chart as fitFlowchart fits it), or several, drawn one after another. */
export interface PrintedFlowchart {
  bands: FlowchartBand[];
  /** At most 1, the same for every band, so that all of a chart's labels print at one size. */
  scale: number;
  isTurned: boolean;
}

/**
 * A continuation marker's words: where the arrow goes on to, or where it came from (with the arrow's label, which
 * the arrow out of that marker does not repeat). The phrase has a line to itself, the node's label the next ones.
 */
export function continuationLabel(side: 'to' | 'from', otherNodeLabel: string, options: { isBack: boolean; edgeLabel: string | null }): string {
  if (side === 'to') return `${options.isBack ? 'Back to' : 'Continues at'}\n“${otherNodeLabel}”`;
  return `From\n“${otherNodeLabel}”${options.edgeLabel === null ? '' : ` (${options.edgeLabel})`}`;
}

/** Said under the caption of a chart drawn in bands; `count` is how many. */
export function bandedChartNote(count: number): string {
  return `Drawn in ${count} parts to keep its labels readable: an arrow from one part to another ends at a dashed box naming the step it continues at, and starts again at one naming where it came from.`;
}

/** Printed over each band of a chart drawn in bands (and its drawing's accessible name, after the chart's title). */
export function bandCaption(index: number, count: number): string {
  return `Part ${index + 1} of ${count}`;
}

interface BandChart {
  chart: Flowchart;
  continuations: Array<Omit<FlowchartContinuation, 'otherBand'> & { otherNodeId: string }>;
}

/**
 * The part of `chart` whose nodes have a rank from `first` to `last`: its own arrows, and for each arrow to or
 * from a node outside, a marker node at the band's end of it, joined to the node inside as the arrow was.
 */
function bandChart(chart: Flowchart, rankOf: ReadonlyMap<string, number>, first: number, last: number): BandChart {
  const isInside = (id: string) => { const rank = rankOf.get(id)!; return rank >= first && rank <= last; };
  const labelOf = new Map(chart.nodes.map((node) => [node.id, node.label]));
  const incoming: FlowchartNode[] = [];
  const outgoing: FlowchartNode[] = [];
  const edges: FlowchartEdge[] = [];
  const continuations: BandChart['continuations'] = [];
  chart.edges.forEach((edge, edgeIndex) => {
    const [isFromInside, isToInside] = [isInside(edge.from), isInside(edge.to)];
    if (isFromInside && isToInside) edges.push(edge);
    else if (isFromInside) {
      const markerId = `continues-${edgeIndex}`;
      outgoing.push({ id: markerId, label: continuationLabel('to', labelOf.get(edge.to)!, { isBack: rankOf.get(edge.to)! < first, edgeLabel: edge.label }), shape: 'round' });
      edges.push({ ...edge, to: markerId });
      continuations.push({ edgeIndex, side: 'to', markerId, otherNodeId: edge.to });
    } else if (isToInside) {
      const markerId = `from-${edgeIndex}`;
      incoming.push({ id: markerId, label: continuationLabel('from', labelOf.get(edge.from)!, { isBack: false, edgeLabel: edge.label }), shape: 'round' });
      edges.push({ ...edge, from: markerId, label: null });
      continuations.push({ edgeIndex, side: 'from', markerId, otherNodeId: edge.from });
    }
  });
  const nodes = [...incoming, ...chart.nodes.filter((node) => isInside(node.id)), ...outgoing];
  return { chart: { ...chart, nodes, edges }, continuations };
}

/**
 * Bands of consecutive ranks, each as long as still fits the frame at a readable label size (from the first rank
 * on); null when a single rank with its markers cannot (a fan of many branches is as wide in any band).
 */
function readableBands(chart: Flowchart, rankOf: ReadonlyMap<string, number>, options: FlowchartLayoutOptions, frame: { width: number; height: number }): PrintedFlowchart | null {
  const readableScale = READABLE_LABEL_SIZE / FLOWCHART_PRINT_FONT.fontSize;
  const lastRank = Math.max(0, ...rankOf.values());
  const laidOut = (first: number, last: number) => {
    const band = bandChart(chart, rankOf, first, last);
    const arriving = new Set(band.continuations.filter((continuation) => continuation.side === 'from').map((continuation) => continuation.markerId));
    const layout = layoutFlowchart(band.chart, { ...options, besideTheirTarget: arriving });
    return { band, layout, scale: scaleToFit(layout, frame) };
  };
  const ranges: Array<{ first: number; last: number; part: ReturnType<typeof laidOut> }> = [];
  for (let first = 0; first <= lastRank;) {
    let part = laidOut(first, first);
    if (part.scale < readableScale) return null;
    // The longest band that fits, found by halving (a band one rank longer is rarely smaller); only a band that
    // was laid out and fits is kept, so every band is readable whatever the search skipped.
    let [last, tooLong] = [first, lastRank + 1];
    while (tooLong - last > 1) {
      const middle = Math.floor((last + tooLong) / 2);
      const longer = laidOut(first, middle);
      if (longer.scale < readableScale) tooLong = middle;
      else [part, last] = [longer, middle];
    }
    ranges.push({ first, last, part });
    first = last + 1;
  }
  const bandOf = (id: string) => ranges.findIndex(({ first, last }) => rankOf.get(id)! >= first && rankOf.get(id)! <= last);
  const bands = ranges.map(({ part: { band, layout } }): FlowchartBand => {
    const markers = new Set(band.continuations.map((continuation) => continuation.markerId));
    return {
      layout: { ...layout, nodes: layout.nodes.map((node) => (markers.has(node.id) ? { ...node, shape: 'continuation' } : node)) },
      continuations: band.continuations.map(({ otherNodeId, ...continuation }) => ({ ...continuation, otherBand: bandOf(otherNodeId) })),
    };
  });
  return { bands, scale: Math.min(...ranges.map(({ part }) => part.scale)), isTurned: false };
}

/**
 * A chart for paper: as fitFlowchart fits it when its labels stay readable that way (or when no banding helps);
 * otherwise cut into bands of consecutive ranks that each fit the frame at a readable size, in the declared
 * direction or top-down, whichever needs fewer bands (the declared one on a tie).
 */
export function fitFlowchartInBands(chart: Flowchart, measureText: (text: string) => number, frame: { width: number; height: number }): PrintedFlowchart {
  const whole = fitFlowchart(chart, measureText, frame);
  const single: PrintedFlowchart = { bands: [{ layout: whole.layout, continuations: [] }], scale: whole.scale, isTurned: whole.isTurned };
  if (whole.scale * FLOWCHART_PRINT_FONT.fontSize >= READABLE_LABEL_SIZE) return single;
  const options = { measureText, ...FLOWCHART_PRINT_FONT };
  // Ranks do not depend on the direction, so the whole chart's serve either way.
  const rankOf = new Map(whole.layout.nodes.map((node) => [node.id, node.rank]));
  const declared = readableBands(chart, rankOf, options, frame);
  const runsAcross = chart.direction === 'LR' || chart.direction === 'RL';
  const turned = runsAcross ? readableBands({ ...chart, direction: 'TD' }, rankOf, options, frame) : null;
  if (turned !== null && (declared === null || turned.bands.length < declared.bands.length)) return { ...turned, isTurned: true };
  return declared ?? single;
}
