import { AppError } from '../errors.js';

/**
 * The flowcharts of playbooks: a small, checked subset of Mermaid's flowchart syntax. The browser draws them with
 * Mermaid; this module reads the same source so that every diagram also exists in words (the steps, for screen
 * readers and for the printable page, which has no script to draw with) and so that a typo fails when the
 * library loads, with its file and line, instead of showing a broken drawing to a reader.
 *
 * The subset, one statement per line:
 *   flowchart TD                      (or LR, TB, RL, BT; `graph` works too) — the first line
 *   accTitle: What the diagram shows  (required: the figure's caption and the drawing's accessible name)
 *   accDescr: One more sentence       (optional)
 *   A[Box] --> B{Question?}           (nodes: [box] (round) {decision} ([stadium]) ((circle)) [[subroutine]] {{hexagon}})
 *   B -->|yes| C("Label, with a comma")   (arrows: --> --- -.-> ==>, a label as |text| or as -- text -->)
 *   %% a comment
 * Anything else (subgraphs, styles, classes, clicks, `%%{…}%%` directives, which Mermaid applies as configuration
 * wherever they are) is refused: colours come from the app's theme, and a click would be a script.
 */

export const FLOWCHART_DIRECTIONS = ['TD', 'TB', 'LR', 'RL', 'BT'] as const;
export type FlowchartDirection = (typeof FLOWCHART_DIRECTIONS)[number];

/** The node shapes of the subset, named as Mermaid's documentation names them. */
export type FlowchartShape = 'box' | 'round' | 'decision' | 'stadium' | 'circle' | 'subroutine' | 'hexagon';

export interface FlowchartNode {
  id: string;
  label: string;
  /** How the node is drawn; a node only ever referred to by its id is a box, as Mermaid draws it. */
  shape: FlowchartShape;
}

export interface FlowchartEdge {
  from: string;
  to: string;
  label: string | null;
  /** Dotted (`-.->`) arrows mean "sometimes"; the words say so when the arrow has no label of its own. */
  isDotted: boolean;
  /** Thick (`==>`) arrows are the main path. */
  isThick: boolean;
  /** `---` joins two nodes without a direction: a line with no arrowhead. */
  hasArrowHead: boolean;
}

export interface Flowchart {
  direction: FlowchartDirection;
  title: string;
  description: string | null;
  nodes: FlowchartNode[];
  edges: FlowchartEdge[];
}

/** Where the diagram's source sits, so an error names the file and the line a writer fixes. */
export interface SourceLocation {
  file: string;
  /** 1-based line of the diagram's first source line in that file. */
  line: number;
}

const SHAPES: ReadonlyArray<readonly [open: string, close: string, shape: FlowchartShape]> = [
  ['([', '])', 'stadium'],
  ['((', '))', 'circle'],
  ['[[', ']]', 'subroutine'],
  ['{{', '}}', 'hexagon'],
  ['[', ']', 'box'],
  ['(', ')', 'round'],
  ['{', '}', 'decision'],
];

const HEADER = /^(?:flowchart|graph)\s+(\S+)\s*;?$/;
const ACC_TITLE = /^accTitle\s*:\s*(.*)$/;
const ACC_DESCRIPTION = /^accDescr\s*:\s*(.*)$/;
const NODE_ID = /^[A-Za-z_][A-Za-z0-9_]*/;
const ARROW = /^(-\.->|-->|---|==>)(?:\|([^|]*)\|)?/;
const TEXT_ARROW = /^--\s+(.+?)\s+-->/;
/** Mermaid reads `#lt;`, `#35;` and the like in a label as a character code, so the drawing would not show the words. */
const CHARACTER_CODE = /#\w+;/;
const REFUSED_KEYWORDS = /^(subgraph|end|classDef|class|style|linkStyle|click|direction)\b/;
// Mermaid reads `end` as a keyword. (An id starting with o or x right after `---` is refused in readArrow.)
const RESERVED_IDS = new Set(['end', 'graph', 'flowchart', 'subgraph']);

class LineReader {
  position = 0;
  constructor(readonly text: string) {}
  get rest(): string {
    return this.text.slice(this.position);
  }
  skipSpaces(): void {
    while (this.text[this.position] === ' ' || this.text[this.position] === '\t') this.position += 1;
  }
  get isAtEnd(): boolean {
    return this.rest.trim() === '' || this.rest.trim() === ';';
  }
}

export function parseFlowchart(source: string, at: SourceLocation): Flowchart {
  const fail = (offset: number, message: string): never => {
    throw new AppError('invalid_config', `Diagram: ${message}`, { file: at.file, line: at.line + offset });
  };
  const lines = source.split('\n').map((text) => text.replace(/\r$/, ''));
  let direction: FlowchartDirection | undefined;
  let title: string | undefined;
  let description: string | null = null;
  const nodes = new Map<string, FlowchartNode>();
  const edges: FlowchartEdge[] = [];

  const checkLabel = (offset: number, label: string): string => {
    const text = label.trim();
    if (text === '') fail(offset, 'a node or arrow label is empty.');
    if (/[<>`]/.test(text)) fail(offset, `"${text}": labels are plain words (no <, > or backticks), so the drawing and the words say the same.`);
    if (CHARACTER_CODE.test(text)) fail(offset, `"${text}": Mermaid reads ${CHARACTER_CODE.exec(text)![0]} as a character code, so the drawing and the words would differ; write the character itself.`);
    // Mermaid reads [/…/] and [\…\] as other shapes.
    if (/^[/\\]/.test(text)) fail(offset, `"${text}": a label cannot start with / or \\ (Mermaid reads that as another shape).`);
    return text;
  };

  const readNode = (reader: LineReader, offset: number): string => {
    reader.skipSpaces();
    const id = NODE_ID.exec(reader.rest)?.[0];
    if (id === undefined) return fail(offset, `expected a node id (letters, digits, _) at "${reader.rest.trim()}".`);
    if (RESERVED_IDS.has(id.toLowerCase())) fail(offset, `"${id}" cannot be a node id: Mermaid reads it as a keyword.`);
    reader.position += id.length;
    const shape = SHAPES.find(([open]) => reader.rest.startsWith(open));
    if (shape === undefined) {
      if (!nodes.has(id)) nodes.set(id, { id, label: id, shape: 'box' });
      return id;
    }
    const [open, close, shapeName] = shape;
    reader.position += open.length;
    let label: string;
    if (reader.rest.startsWith('"')) {
      const end = reader.rest.indexOf('"', 1);
      if (end < 0) fail(offset, `the quoted label of ${id} has no closing quote.`);
      label = reader.rest.slice(1, end);
      reader.position += end + 1;
      if (!reader.rest.startsWith(close)) fail(offset, `the label of ${id} should end with ${close}.`);
    } else {
      const end = reader.rest.indexOf(close);
      if (end < 0) fail(offset, `the label of ${id} opens with ${open} but never closes with ${close}.`);
      label = reader.rest.slice(0, end);
      if (/["[\](){}]/.test(label)) fail(offset, `the label of ${id} contains brackets or quotes: put the whole label in double quotes.`);
      reader.position += end;
    }
    reader.position += close.length;
    const text = checkLabel(offset, label);
    const known = nodes.get(id);
    if (known && known.label !== id && known.label !== text) fail(offset, `${id} is labelled "${known.label}" earlier and "${text}" here: label a node once, then refer to it by its id.`);
    nodes.set(id, { id, label: text, shape: shapeName });
    return id;
  };

  type Arrow = Pick<FlowchartEdge, 'label' | 'isDotted' | 'isThick' | 'hasArrowHead'>;
  const readArrow = (reader: LineReader, offset: number): Arrow | undefined => {
    reader.skipSpaces();
    const textArrow = TEXT_ARROW.exec(reader.rest);
    if (textArrow) {
      reader.position += textArrow[0].length;
      return { label: checkLabel(offset, textArrow[1]!), isDotted: false, isThick: false, hasArrowHead: true };
    }
    const arrow = ARROW.exec(reader.rest);
    if (!arrow) return undefined;
    // Mermaid reads `---o` and `---x` as one arrow with a circle or cross end: `A ---oB` would join A to B, not to oB.
    if (arrow[1] === '---' && arrow[2] === undefined && /^[ox]/.test(reader.rest.slice(3))) {
      fail(offset, `"${reader.rest.trim()}": Mermaid reads ---${reader.rest[3]} as an arrow with a circle or cross end; put a space after the arrow.`);
    }
    reader.position += arrow[0].length;
    return { label: arrow[2] === undefined ? null : checkLabel(offset, arrow[2]), isDotted: arrow[1] === '-.->', isThick: arrow[1] === '==>', hasArrowHead: arrow[1] !== '---' };
  };

  for (const [offset, raw] of lines.entries()) {
    const line = raw.trim();
    if (line.includes('%%{')) fail(offset, 'a %%{…}%% directive is not a comment: Mermaid applies it as configuration (themes, styles), and colours come from the app\'s theme.');
    if (line === '' || line.startsWith('%%')) continue;
    if (direction === undefined) {
      const header = HEADER.exec(line);
      if (!header) fail(offset, `the first line must be "flowchart TD" (or LR, TB, RL, BT); playbook diagrams are flowcharts.`);
      const named = header![1]!.toUpperCase();
      if (!(FLOWCHART_DIRECTIONS as readonly string[]).includes(named)) fail(offset, `"${header![1]}" is not a direction: use ${FLOWCHART_DIRECTIONS.join(', ')}.`);
      direction = named as FlowchartDirection;
      continue;
    }
    const accTitle = ACC_TITLE.exec(line);
    if (accTitle) {
      if (title !== undefined) fail(offset, 'accTitle is given twice.');
      title = checkLabel(offset, accTitle[1]!);
      continue;
    }
    const accDescription = ACC_DESCRIPTION.exec(line);
    if (accDescription) {
      description = checkLabel(offset, accDescription[1]!);
      continue;
    }
    const keyword = REFUSED_KEYWORDS.exec(line);
    if (keyword) fail(offset, `"${keyword[1]}" is not in the subset playbook diagrams use (no subgraphs, styles, classes or clicks: colours come from the app's theme).`);

    const reader = new LineReader(line);
    let from = readNode(reader, offset);
    while (!reader.isAtEnd) {
      const arrow = readArrow(reader, offset);
      if (!arrow) fail(offset, `expected an arrow (-->, ---, -.->, ==>) at "${reader.rest.trim()}".`);
      const to = readNode(reader, offset);
      edges.push({ from, to, ...arrow! });
      from = to;
    }
  }
  if (direction === undefined) return fail(0, 'the diagram is empty: start with "flowchart TD".');
  if (title === undefined) return fail(0, 'add an "accTitle: …" line: it is the caption readers see and the name screen readers announce.');
  if (edges.length === 0) fail(0, 'a flowchart needs at least one arrow.');
  return { direction, title, description, nodes: [...nodes.values()], edges };
}

/**
 * The diagram in words, one step per arrow in the order written, e.g. "Is it compelling? → Write the FAQ (yes)".
 * Nodes that no arrow touches follow on their own.
 */
export function flowchartSteps(chart: Flowchart): string[] {
  const labelOf = new Map(chart.nodes.map((node) => [node.id, node.label]));
  const steps = chart.edges.map((edge) => {
    // A labelled arrow says when it is taken; an unlabelled dotted one is the occasional path.
    const qualifier = edge.label ?? (edge.isDotted ? 'sometimes' : null);
    return `${labelOf.get(edge.from)} → ${labelOf.get(edge.to)}${qualifier === null ? '' : ` (${qualifier})`}`;
  });
  const connected = new Set(chart.edges.flatMap((edge) => [edge.from, edge.to]));
  return [...steps, ...chart.nodes.filter((node) => !connected.has(node.id)).map((node) => node.label)];
}
