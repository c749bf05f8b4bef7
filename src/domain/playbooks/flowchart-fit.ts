import type { Flowchart } from './flowchart.js';
import { layoutFlowchart } from './flowchart-layout.js';
import type { FlowchartLayout } from './flowchart-layout.js';
import type { FlowchartPalette } from './flowchart-svg.js';

/**
 * A flowchart laid out for a printed frame (the PDF's, the printable page's): scaled down to fit when it is
 * larger, never up. A chart drawn left to right (or right to left) that would have to shrink its labels below a
 * readable size is drawn top-down instead when that keeps them larger: a long chain across a page is scaled to
 * the page's width, and its labels end up a point or two high, while the same chain down the page keeps each
 * label at its width and shrinks only with the page's height.
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
    return { layout, scale: Math.min(1, frame.width / layout.width, frame.height / layout.height) };
  };
  const declared = fit(chart);
  const runsAcross = chart.direction === 'LR' || chart.direction === 'RL';
  if (!runsAcross || declared.scale * FLOWCHART_PRINT_FONT.fontSize >= READABLE_LABEL_SIZE) return { ...declared, isTurned: false };
  const turned = fit({ ...chart, direction: 'TD' });
  return turned.scale > declared.scale ? { ...turned, isTurned: true } : { ...declared, isTurned: false };
}
