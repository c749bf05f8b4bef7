import type { Flowchart, FlowchartDirection, FlowchartShape } from './flowchart.js';

/**
 * A playbook flowchart laid out for a page that has no browser to run Mermaid in (the PDF): a layered drawing in
 * the direction the chart declares, as Mermaid's own layout (dagre) draws it, in four steps:
 *
 * 1. Ranks. Arrows that close a loop ("no → write it again") are turned round for the layout only, found by a
 *    depth-first walk in the order the arrows are written; each node's rank is then its longest path from a start.
 * 2. Layers. Between two ranks lies a layer for the arrows' labels, and an arrow that spans several ranks passes
 *    through a point on every layer between, so that arrows bend round boxes instead of crossing them, and two
 *    arrows between the same nodes (there and back) lie side by side.
 * 3. Order. Each layer is sorted by the barycentre (mean position) of its neighbours in the layer before, then
 *    after, a few times over, keeping the order with the fewest crossings.
 * 4. Positions. Each node moves towards the mean of its neighbours as far as the order and the gaps allow (a
 *    least-squares fit under those constraints, by pool-adjacent-violators), so a chain is drawn straight.
 *
 * Everything is in points of the drawing; text is measured by the caller (the PDF's font), since the domain core
 * has no fonts.
 */

export interface FlowchartLayoutOptions {
  /** The width of one line of label text, in the font and size the drawing will use. */
  measureText: (text: string) => number;
  fontSize: number;
  lineHeight: number;
  /**
   * Nodes that nothing leads to, drawn one rank before the first node they lead to instead of on the first rank:
   * a printed band's markers for arrows coming in from another band (flowchart-fit.ts), which belong beside the
   * step they lead to, however deep in the band it is.
   */
  besideTheirTarget?: ReadonlySet<string>;
}

export interface LayoutPoint {
  x: number;
  y: number;
}

/** A box of text centred on (x, y), its lines already wrapped. */
export interface LayoutLabel {
  lines: string[];
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface LaidOutNode {
  id: string;
  /** `continuation` only in a band of a long printed chart (flowchart-fit.ts): the far end of an arrow drawn in another band. */
  shape: FlowchartShape | 'continuation';
  rank: number;
  /** Centre and size of the shape's bounding box. */
  x: number;
  y: number;
  width: number;
  height: number;
  label: LayoutLabel;
}

export interface LaidOutEdge {
  from: string;
  to: string;
  /** From the source's outline to the target's, bends between. */
  points: LayoutPoint[];
  label: LayoutLabel | null;
  isDotted: boolean;
  isThick: boolean;
  hasArrowHead: boolean;
}

export interface FlowchartLayout {
  direction: FlowchartDirection;
  width: number;
  height: number;
  nodes: LaidOutNode[];
  edges: LaidOutEdge[];
  fontSize: number;
  lineHeight: number;
}

/** Gaps of the drawing, in points (at a 9-point label size). */
const PADDING = { x: 10, y: 6 };
const NODE_GAP = 22;
const DUMMY_GAP = 10;
/** Between a layer of nodes and the layer of labels after it: two of these separate two ranks of nodes. */
const LAYER_GAP = 13;
const MARGIN = 4;
const ORDER_SWEEPS = 8;
const POSITION_SWEEPS = 60;
const SELF_LOOP_REACH = 12;

/** How wide a label may run before it wraps: a diamond and a circle grow in both directions, so they wrap sooner. */
function wrapWidth(shape: FlowchartShape, fontSize: number): number {
  const ems = shape === 'decision' ? 11 : shape === 'circle' ? 8 : 15;
  return ems * fontSize;
}

/**
 * Words filled into lines no wider than `width`; a word wider than that has a line of its own. A line break in the
 * text is kept: a chart's labels have none (its source is one statement a line), but a printed band's continuation
 * markers put one after their phrase, so that the node they name is never cut after its first words.
 */
export function wrapLabel(text: string, width: number, measureText: (text: string) => number): string[] {
  return text.split('\n').flatMap((paragraph) => wrapWords(paragraph, width, measureText));
}

function wrapWords(text: string, width: number, measureText: (text: string) => number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((part) => part !== '')) {
    const candidate = line === '' ? word : `${line} ${word}`;
    if (line !== '' && measureText(candidate) > width) {
      lines.push(line);
      line = word;
    } else {
      line = candidate;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

function labelBox(text: string, wrapAt: number, options: FlowchartLayoutOptions): LayoutLabel {
  const lines = wrapLabel(text, wrapAt, options.measureText);
  const width = Math.max(...lines.map((line) => options.measureText(line)));
  return { lines, x: 0, y: 0, width, height: lines.length * options.lineHeight };
}

/** The shape's size around its text, as Mermaid proportions it. */
function shapeSize(shape: FlowchartShape, label: LayoutLabel): { width: number; height: number } {
  const height = label.height + 2 * PADDING.y;
  switch (shape) {
    case 'decision': {
      // The text's corners lie on the diamond's sides when each half-diagonal is twice the text's half-size.
      const halfWidth = label.width / 2 + 4;
      const halfHeight = label.height / 2 + 3;
      return { width: 4 * halfWidth, height: 4 * halfHeight };
    }
    case 'circle': {
      const diameter = Math.hypot(label.width + 8, label.height + 6);
      return { width: diameter, height: diameter };
    }
    case 'stadium': return { width: label.width + height, height };
    case 'hexagon': return { width: label.width + 2 * PADDING.x + height / 2, height };
    case 'subroutine': return { width: label.width + 2 * PADDING.x + 12, height };
    default: return { width: label.width + 2 * PADDING.x, height };
  }
}

/** One thing placed on a layer: a node, or a point an arrow passes through (carrying its label, if any). */
interface Item {
  layer: number;
  /** Extent along the layer, and across it, whatever the direction. */
  breadth: number;
  depth: number;
  isDummy: boolean;
  /** Position along the layer (the centre). */
  position: number;
  up: number[];
  down: number[];
}

interface Route {
  edgeIndex: number;
  /** Items from the source to the target, in the layout's direction (reversed for an arrow closing a loop). */
  items: number[];
  isReversed: boolean;
  labelItem: number | null;
}

/** Which arrows close a loop: the ones a depth-first walk, in the written order, meets pointing back up its path. */
function loopClosingEdges(chart: Flowchart): Set<number> {
  const outgoing = new Map<string, number[]>(chart.nodes.map((node) => [node.id, []]));
  chart.edges.forEach((edge, index) => { if (edge.from !== edge.to) outgoing.get(edge.from)!.push(index); });
  const hasIncoming = new Set(chart.edges.filter((edge) => edge.from !== edge.to).map((edge) => edge.to));
  const state = new Map<string, 'open' | 'done'>();
  const closing = new Set<number>();
  const visit = (id: string) => {
    state.set(id, 'open');
    for (const index of outgoing.get(id)!) {
      const target = chart.edges[index]!.to;
      const seen = state.get(target);
      if (seen === 'open') closing.add(index);
      else if (seen === undefined) visit(target);
    }
    state.set(id, 'done');
  };
  // Starts first, so that the loop is closed by the arrow written as the way back.
  for (const node of chart.nodes) if (!hasIncoming.has(node.id) && !state.has(node.id)) visit(node.id);
  for (const node of chart.nodes) if (!state.has(node.id)) visit(node.id);
  return closing;
}

/** Each node's rank: its longest path from a node nothing leads to, loops left out. */
function longestPathRanks(chart: Flowchart, closing: ReadonlySet<number>): Map<string, number> {
  const forward = chart.edges.map((edge, index) => ({ edge, index })).filter(({ edge, index }) => edge.from !== edge.to && !closing.has(index));
  const rank = new Map<string, number>();
  const rankOf = (id: string): number => {
    const known = rank.get(id);
    if (known !== undefined) return known;
    // The loops are broken, so this recursion ends; -1 marks the node in progress all the same.
    rank.set(id, -1);
    const value = Math.max(0, ...forward.filter(({ edge }) => edge.to === id).map(({ edge }) => rankOf(edge.from) + 1));
    rank.set(id, value);
    return value;
  };
  for (const node of chart.nodes) rankOf(node.id);
  return rank;
}

function countCrossings(upper: readonly number[], items: readonly Item[]): number {
  const indexIn = new Map<number, number>();
  const segments: Array<[number, number]> = [];
  const lower = new Set<number>();
  for (const id of upper) for (const below of items[id]!.down) lower.add(below);
  for (const id of upper) indexIn.set(id, indexIn.size);
  const lowerOrder = [...lower].sort((a, b) => items[a]!.position - items[b]!.position);
  const lowerIndex = new Map(lowerOrder.map((id, index) => [id, index]));
  for (const id of upper) for (const below of items[id]!.down) segments.push([indexIn.get(id)!, lowerIndex.get(below)!]);
  let crossings = 0;
  for (let i = 0; i < segments.length; i += 1) {
    for (let j = i + 1; j < segments.length; j += 1) {
      const [a1, b1] = segments[i]!;
      const [a2, b2] = segments[j]!;
      if ((a1 - a2) * (b1 - b2) < 0) crossings += 1;
    }
  }
  return crossings;
}

/**
 * Positions along a layer as near `desired` as possible (least squares, by weight) that keep the order and the
 * minimum gaps: shifted by the gaps, it is an isotonic regression, solved by pool-adjacent-violators.
 */
export function placeInOrder(desired: readonly number[], weights: readonly number[], minimumSteps: readonly number[]): number[] {
  const offsets = [0];
  for (const step of minimumSteps) offsets.push(offsets.at(-1)! + step);
  const blocks: Array<{ value: number; weight: number; count: number }> = [];
  desired.forEach((target, index) => {
    blocks.push({ value: target - offsets[index]!, weight: weights[index]!, count: 1 });
    while (blocks.length > 1 && blocks.at(-2)!.value > blocks.at(-1)!.value) {
      const last = blocks.pop()!;
      const previous = blocks.at(-1)!;
      const weight = previous.weight + last.weight;
      previous.value = (previous.value * previous.weight + last.value * last.weight) / weight;
      previous.weight = weight;
      previous.count += last.count;
    }
  });
  return blocks.flatMap((block) => Array<number>(block.count).fill(block.value)).map((value, index) => value + offsets[index]!);
}

/** Where the line from a shape's centre towards `towards` leaves its outline. */
function outlinePoint(node: LaidOutNode, towards: LayoutPoint): LayoutPoint {
  const dx = towards.x - node.x;
  const dy = towards.y - node.y;
  if (dx === 0 && dy === 0) return { x: node.x, y: node.y };
  const halfWidth = node.width / 2;
  const halfHeight = node.height / 2;
  let scale: number;
  if (node.shape === 'decision') scale = 1 / (Math.abs(dx) / halfWidth + Math.abs(dy) / halfHeight);
  else if (node.shape === 'circle') scale = halfWidth / Math.hypot(dx, dy);
  else scale = Math.min(dx === 0 ? Infinity : halfWidth / Math.abs(dx), dy === 0 ? Infinity : halfHeight / Math.abs(dy));
  return { x: node.x + dx * scale, y: node.y + dy * scale };
}

export function layoutFlowchart(chart: Flowchart, options: FlowchartLayoutOptions): FlowchartLayout {
  const isVertical = chart.direction === 'TD' || chart.direction === 'TB' || chart.direction === 'BT';
  const closing = loopClosingEdges(chart);
  const ranks = longestPathRanks(chart, closing);
  for (const id of options.besideTheirTarget ?? []) {
    if (chart.edges.some((edge) => edge.to === id)) continue;
    const targets = chart.edges.filter((edge, index) => edge.from === id && edge.to !== id && !closing.has(index)).map((edge) => ranks.get(edge.to)!);
    if (targets.length > 0) ranks.set(id, Math.max(ranks.get(id)!, Math.min(...targets) - 1));
  }
  const edgeLabels = new Map<number, LayoutLabel>();
  chart.edges.forEach((edge, index) => { if (edge.label !== null) edgeLabels.set(index, labelBox(edge.label, 10 * options.fontSize, options)); });
  // Arrows from a node to itself, by node: drawn as loops nested round its far side, their labels stacked beyond.
  const selfLoops = new Map<string, number[]>();
  chart.edges.forEach((edge, index) => { if (edge.from === edge.to) selfLoops.set(edge.from, [...(selfLoops.get(edge.from) ?? []), index]); });
  const loopLabels = (id: string) => (selfLoops.get(id) ?? []).flatMap((index) => { const label = edgeLabels.get(index); return label === undefined ? [] : [label]; });

  // Nodes and their sizes.
  const nodes: LaidOutNode[] = chart.nodes.map((node) => {
    const label = labelBox(node.label, wrapWidth(node.shape, options.fontSize), options);
    return { id: node.id, shape: node.shape, rank: ranks.get(node.id)!, x: 0, y: 0, ...shapeSize(node.shape, label), label };
  });
  const items: Item[] = [];
  const addItem = (layer: number, width: number, height: number, isDummy: boolean): number => {
    items.push({ layer, breadth: isVertical ? width : height, depth: isVertical ? height : width, isDummy, position: 0, up: [], down: [] });
    return items.length - 1;
  };
  const nodeItem = new Map<string, number>();
  for (const node of nodes) {
    let [width, height] = [node.width, node.height];
    const loops = selfLoops.get(node.id)?.length ?? 0;
    if (loops > 0) {
      // The loops and their labels take room on one side; the item stays centred on the node, so it takes it on both.
      const labels = loopLabels(node.id);
      if (isVertical) {
        width += 2 * (loops * SELF_LOOP_REACH + 3 + Math.max(0, ...labels.map((label) => label.width)));
        height = Math.max(height, labels.reduce((sum, label) => sum + label.height, 0));
      } else {
        height += 2 * (loops * SELF_LOOP_REACH + 3 + labels.reduce((sum, label) => sum + label.height, 0));
        width = Math.max(width, ...labels.map((label) => label.width));
      }
    }
    nodeItem.set(node.id, addItem(2 * node.rank, width, height, false));
  }

  // Arrows as chains of items, one on every layer they cross.
  const routes: Route[] = [];
  chart.edges.forEach((edge, edgeIndex) => {
    const label = edgeLabels.get(edgeIndex) ?? null;
    if (edge.from === edge.to) return;
    const isReversed = closing.has(edgeIndex);
    const [top, bottom] = isReversed ? [edge.to, edge.from] : [edge.from, edge.to];
    const chain = [nodeItem.get(top)!];
    const firstLayer = items[chain[0]!]!.layer;
    const lastLayer = items[nodeItem.get(bottom)!]!.layer;
    let labelItem: number | null = null;
    for (let layer = firstLayer + 1; layer < lastLayer; layer += 1) {
      // The label sits on the first layer of labels the arrow crosses: next to the node it leaves (or, for an arrow
      // closing a loop, the one it returns to), where a reader looks for "yes" and "no".
      const carriesLabel: boolean = label !== null && labelItem === null && layer % 2 === 1 && (isReversed ? layer >= lastLayer - 1 : true);
      const id: number = carriesLabel && label !== null ? addItem(layer, label.width + 6, label.height + 2, true) : addItem(layer, 0, 0, true);
      if (carriesLabel) labelItem = id;
      chain.push(id);
    }
    chain.push(nodeItem.get(bottom)!);
    for (let index = 1; index < chain.length; index += 1) {
      items[chain[index - 1]!]!.down.push(chain[index]!);
      items[chain[index]!]!.up.push(chain[index - 1]!);
    }
    routes.push({ edgeIndex, items: chain, isReversed, labelItem });
  });

  // Layers in their first order: nodes as written, then each layer after its predecessors.
  const layerCount = Math.max(0, ...items.map((item) => item.layer)) + 1;
  const layers: number[][] = Array.from({ length: layerCount }, () => []);
  items.forEach((item, id) => layers[item.layer]!.push(id));
  const setPositions = (layer: readonly number[]) => layer.forEach((id, index) => { items[id]!.position = index; });
  const barycentre = (id: number, neighbours: 'up' | 'down'): number => {
    const around = items[id]![neighbours];
    return around.length === 0 ? items[id]!.position : around.reduce((sum, other) => sum + items[other]!.position, 0) / around.length;
  };
  const sortBy = (layer: number[], neighbours: 'up' | 'down') => {
    const keys = new Map(layer.map((id) => [id, barycentre(id, neighbours)]));
    layer.sort((a, b) => keys.get(a)! - keys.get(b)! || items[a]!.position - items[b]!.position);
    setPositions(layer);
  };
  setPositions(layers[0]!);
  for (let layer = 1; layer < layerCount; layer += 1) {
    layers[layer]!.forEach((id, index) => { items[id]!.position = items[id]!.up.length === 0 ? layers[layer]!.length + index : 0; });
    for (const id of layers[layer]!) if (items[id]!.up.length > 0) items[id]!.position = barycentre(id, 'up');
    sortBy(layers[layer]!, 'up');
  }
  const totalCrossings = () => layers.slice(0, -1).reduce((sum, layer) => sum + countCrossings(layer, items), 0);
  let best = { crossings: totalCrossings(), order: layers.map((layer) => [...layer]) };
  for (let sweep = 0; sweep < ORDER_SWEEPS && best.crossings > 0; sweep += 1) {
    if (sweep % 2 === 0) for (let layer = 1; layer < layerCount; layer += 1) sortBy(layers[layer]!, 'up');
    else for (let layer = layerCount - 2; layer >= 0; layer -= 1) sortBy(layers[layer]!, 'down');
    const crossings = totalCrossings();
    if (crossings < best.crossings) best = { crossings, order: layers.map((layer) => [...layer]) };
  }
  best.order.forEach((layer, index) => { layers[index] = layer; });

  // Positions along the layers: packed first, then each pulled towards its neighbours.
  const gapBetween = (a: number, b: number) => (items[a]!.isDummy && items[b]!.isDummy ? DUMMY_GAP : items[a]!.isDummy || items[b]!.isDummy ? (DUMMY_GAP + NODE_GAP) / 2 : NODE_GAP);
  const minimumSteps = (layer: readonly number[]) => layer.slice(1).map((id, index) => (items[layer[index]!]!.breadth + items[id]!.breadth) / 2 + gapBetween(layer[index]!, id));
  for (const layer of layers) {
    let position = 0;
    layer.forEach((id, index) => {
      if (index > 0) position += minimumSteps(layer)[index - 1]!;
      items[id]!.position = position;
    });
  }
  // A straight arrow matters more than a centred node: links between arrow points pull hardest (as in dagre).
  const pull = (a: number, b: number) => (items[a]!.isDummy && items[b]!.isDummy ? 8 : items[a]!.isDummy || items[b]!.isDummy ? 2 : 1);
  for (let sweep = 0; sweep < POSITION_SWEEPS; sweep += 1) {
    const order = sweep % 2 === 0 ? layers : [...layers].reverse();
    for (const layer of order) {
      const desired: number[] = [];
      const weights: number[] = [];
      for (const id of layer) {
        const item = items[id]!;
        const neighbours = [...item.up, ...item.down];
        const weight = neighbours.reduce((sum, other) => sum + pull(id, other), 0);
        desired.push(weight === 0 ? item.position : neighbours.reduce((sum, other) => sum + pull(id, other) * items[other]!.position, 0) / weight);
        weights.push(Math.max(weight, 0.5));
      }
      placeInOrder(desired, weights, minimumSteps(layer)).forEach((position, index) => { items[layer[index]!]!.position = position; });
    }
  }
  const lowest = Math.min(...items.map((item) => item.position - item.breadth / 2));
  const breadth = Math.max(...items.map((item) => item.position - item.breadth / 2 - lowest + item.breadth)) + 2 * MARGIN;

  // Across the layers: each as deep as its deepest item.
  const layerDepth = layers.map((layer) => Math.max(0, ...layer.map((id) => items[id]!.depth)));
  const layerCentre: number[] = [];
  let reach = MARGIN;
  layerDepth.forEach((depth, index) => {
    if (index > 0) reach += LAYER_GAP;
    layerCentre.push(reach + depth / 2);
    reach += depth;
  });
  const depth = reach + MARGIN;

  // From (along the layer, across the layers) to the page, in the chart's direction.
  const width = isVertical ? breadth : depth;
  const height = isVertical ? depth : breadth;
  const place = (along: number, across: number): LayoutPoint => {
    switch (chart.direction) {
      case 'BT': return { x: along, y: depth - across };
      case 'LR': return { x: across, y: along };
      case 'RL': return { x: depth - across, y: along };
      default: return { x: along, y: across };
    }
  };
  const centreOf = (id: number) => place(items[id]!.position - lowest + MARGIN, layerCentre[items[id]!.layer]!);
  for (const node of nodes) {
    const centre = centreOf(nodeItem.get(node.id)!);
    node.x = centre.x;
    node.y = centre.y;
    node.label = { ...node.label, x: centre.x, y: centre.y };
  }
  const nodeById = new Map(nodes.map((node) => [node.id, node]));

  const edges: LaidOutEdge[] = chart.edges.map((edge, edgeIndex) => {
    const label = edgeLabels.get(edgeIndex) ?? null;
    const common = { from: edge.from, to: edge.to, isDotted: edge.isDotted, isThick: edge.isThick, hasArrowHead: edge.hasArrowHead };
    const source = nodeById.get(edge.from)!;
    if (edge.from === edge.to) {
      // The node's k-th loop goes out of its far side (right, or below for a chart drawn sideways) k steps further.
      const loops = selfLoops.get(edge.from)!;
      const nth = loops.indexOf(edgeIndex);
      const reach = (nth + 1) * SELF_LOOP_REACH;
      const side = { x: source.x + source.width / 2, y: source.y + source.height / 2 };
      const points = isVertical
        ? [{ x: side.x, y: source.y - source.height / 4 }, { x: side.x + reach, y: source.y - source.height / 4 }, { x: side.x + reach, y: source.y + source.height / 4 }, { x: side.x, y: source.y + source.height / 4 }]
        : [{ x: source.x - source.width / 4, y: side.y }, { x: source.x - source.width / 4, y: side.y + reach }, { x: source.x + source.width / 4, y: side.y + reach }, { x: source.x + source.width / 4, y: side.y }];
      if (label === null) return { ...common, points, label: null };
      // Labels stack beyond the outermost loop, in the order the loops are written.
      const labels = loopLabels(edge.from);
      const before = labels.slice(0, labels.indexOf(label)).reduce((sum, other) => sum + other.height, 0);
      const stack = labels.reduce((sum, other) => sum + other.height, 0);
      const beyond = loops.length * SELF_LOOP_REACH + 3;
      return {
        ...common,
        points,
        label: isVertical
          ? { ...label, x: side.x + beyond + label.width / 2, y: source.y - stack / 2 + before + label.height / 2 }
          : { ...label, x: source.x, y: side.y + beyond + before + label.height / 2 },
      };
    }
    const route = routes.find((candidate) => candidate.edgeIndex === edgeIndex)!;
    const ordered = route.isReversed ? [...route.items].reverse() : route.items;
    const middle = ordered.slice(1, -1).map(centreOf);
    const target = nodeById.get(edge.to)!;
    const first = outlinePoint(source, middle[0] ?? target);
    const last = outlinePoint(target, middle.at(-1) ?? source);
    const labelAt = route.labelItem === null ? null : centreOf(route.labelItem);
    return { ...common, points: [first, ...middle, last], label: label === null || labelAt === null ? null : { ...label, ...labelAt } };
  });

  return { direction: chart.direction, width, height, nodes, edges, fontSize: options.fontSize, lineHeight: options.lineHeight };
}
