import { escapeHtml } from '../documents/markdown-html.js';
import type { FlowchartLayout, LaidOutEdge, LaidOutNode, LayoutLabel, LayoutPoint } from './flowchart-layout.js';

/**
 * A laid-out flowchart as SVG, in the few elements svg-to-pdfkit draws faithfully (paths, polygons, rects and
 * text with presentation attributes; no markers, CSS or fonts of its own): arrowheads are triangles, and text
 * is set in whatever font the caller maps `sans-serif` to (the one the layout measured with).
 */

export interface FlowchartPalette {
  text: string;
  line: string;
  nodeFill: string;
  nodeStroke: string;
  /** Behind an arrow's label, so that the line does not run through the words. */
  background: string;
}

const ARROW_LENGTH = 7;
const ARROW_HALF_WIDTH = 3.5;
const CORNER_RADIUS = 8;

const round = (value: number) => Math.round(value * 100) / 100;

function lineText(label: LayoutLabel, lineHeight: number, palette: FlowchartPalette): string {
  const top = label.y - label.height / 2;
  return label.lines
    .map((line, index) => `<text x="${round(label.x)}" y="${round(top + (index + 0.5) * lineHeight)}" text-anchor="middle" dominant-baseline="central" fill="${palette.text}">${escapeHtml(line)}</text>`)
    .join('');
}

function shapeSvg(node: LaidOutNode, palette: FlowchartPalette): string {
  const { x, y, width, height } = node;
  const left = x - width / 2;
  const top = y - height / 2;
  const paint = `fill="${palette.nodeFill}" stroke="${palette.nodeStroke}" stroke-width="1"`;
  const rect = (radius: number) => `<rect x="${round(left)}" y="${round(top)}" width="${round(width)}" height="${round(height)}" rx="${round(radius)}" ry="${round(radius)}" ${paint}/>`;
  const polygon = (points: ReadonlyArray<readonly [number, number]>) => `<polygon points="${points.map(([px, py]) => `${round(px)},${round(py)}`).join(' ')}" ${paint}/>`;
  switch (node.shape) {
    case 'decision': return polygon([[x, top], [left + width, y], [x, top + height], [left, y]]);
    case 'circle': return `<circle cx="${round(x)}" cy="${round(y)}" r="${round(width / 2)}" ${paint}/>`;
    case 'round': return rect(5);
    case 'stadium': return rect(height / 2);
    case 'hexagon': {
      const inset = height / 4;
      return polygon([[left + inset, top], [left + width - inset, top], [left + width, y], [left + width - inset, top + height], [left + inset, top + height], [left, y]]);
    }
    // Where an arrow leaves for another band of a long chart, or comes in from one: a dashed outline on the page's colour.
    case 'continuation': return `<rect x="${round(left)}" y="${round(top)}" width="${round(width)}" height="${round(height)}" rx="5" ry="5" fill="${palette.background}" stroke="${palette.nodeStroke}" stroke-width="1" stroke-dasharray="3 2"/>`;
    case 'subroutine': return `${rect(0)}<path d="M${round(left + 6)} ${round(top)}V${round(top + height)}M${round(left + width - 6)} ${round(top)}V${round(top + height)}" fill="none" stroke="${palette.nodeStroke}" stroke-width="1"/>`;
    default: return rect(0);
  }
}

/** A polyline with its bends rounded, its end pulled back under the arrowhead. */
function edgePath(points: readonly LayoutPoint[], endInset: number): string {
  const last = points.at(-1)!;
  const before = points.at(-2)!;
  const length = Math.hypot(last.x - before.x, last.y - before.y) || 1;
  const inset = Math.min(endInset, length / 2);
  const end = { x: last.x - ((last.x - before.x) / length) * inset, y: last.y - ((last.y - before.y) / length) * inset };
  const path = [...points.slice(0, -1), end];
  let d = `M${round(path[0]!.x)} ${round(path[0]!.y)}`;
  for (let index = 1; index < path.length - 1; index += 1) {
    const [previous, corner, next] = [path[index - 1]!, path[index]!, path[index + 1]!];
    const inLength = Math.hypot(corner.x - previous.x, corner.y - previous.y);
    const outLength = Math.hypot(next.x - corner.x, next.y - corner.y);
    const radius = Math.min(CORNER_RADIUS, inLength / 2, outLength / 2);
    if (radius < 0.5) { d += `L${round(corner.x)} ${round(corner.y)}`; continue; }
    const entry = { x: corner.x - ((corner.x - previous.x) / inLength) * radius, y: corner.y - ((corner.y - previous.y) / inLength) * radius };
    const exit = { x: corner.x + ((next.x - corner.x) / outLength) * radius, y: corner.y + ((next.y - corner.y) / outLength) * radius };
    d += `L${round(entry.x)} ${round(entry.y)}Q${round(corner.x)} ${round(corner.y)} ${round(exit.x)} ${round(exit.y)}`;
  }
  return `${d}L${round(end.x)} ${round(end.y)}`;
}

function arrowHead(points: readonly LayoutPoint[], palette: FlowchartPalette): string {
  const tip = points.at(-1)!;
  const before = points.at(-2)!;
  const length = Math.hypot(tip.x - before.x, tip.y - before.y) || 1;
  const ux = (tip.x - before.x) / length;
  const uy = (tip.y - before.y) / length;
  const base = { x: tip.x - ux * ARROW_LENGTH, y: tip.y - uy * ARROW_LENGTH };
  const corners = [tip, { x: base.x - uy * ARROW_HALF_WIDTH, y: base.y + ux * ARROW_HALF_WIDTH }, { x: base.x + uy * ARROW_HALF_WIDTH, y: base.y - ux * ARROW_HALF_WIDTH }];
  return `<polygon points="${corners.map((point) => `${round(point.x)},${round(point.y)}`).join(' ')}" fill="${palette.line}" stroke="none"/>`;
}

function edgeSvg(edge: LaidOutEdge, palette: FlowchartPalette): string {
  const dash = edge.isDotted ? ' stroke-dasharray="3 3"' : '';
  const path = `<path d="${edgePath(edge.points, edge.hasArrowHead ? ARROW_LENGTH - 1 : 0)}" fill="none" stroke="${palette.line}" stroke-width="${edge.isThick ? 2.4 : 1}"${dash} stroke-linejoin="round"/>`;
  return edge.hasArrowHead ? path + arrowHead(edge.points, palette) : path;
}

function edgeLabelSvg(label: LayoutLabel, lineHeight: number, palette: FlowchartPalette): string {
  const ground = `<rect x="${round(label.x - label.width / 2 - 2)}" y="${round(label.y - label.height / 2 - 1)}" width="${round(label.width + 4)}" height="${round(label.height + 2)}" fill="${palette.background}" stroke="none"/>`;
  return ground + lineText(label, lineHeight, palette);
}

/** How a page other than the PDF shows the drawing. */
export interface FlowchartDisplay {
  /** The fonts the text is set in: the one the layout measured with, or ones no wider. */
  fontFamily?: string;
  /** The drawing's width on a web page, with its unit (`312pt`); its height follows. */
  width?: string;
}

/**
 * The drawing: arrows under the shapes, then the shapes with their text in the order the chart names them, then
 * the arrows' labels on a ground of their own. `title` names the drawing (its first element, as SVG asks).
 */
export function flowchartSvg(layout: FlowchartLayout, palette: FlowchartPalette, title: string, display: FlowchartDisplay = {}): string {
  const width = round(layout.width);
  const height = round(layout.height);
  // Without a width the drawing takes the size its container gives it (svg-to-pdfkit would read one as px).
  const size = display.width === undefined ? '' : ` width="${escapeHtml(display.width)}"`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}"${size} font-family="${escapeHtml(display.fontFamily ?? 'sans-serif')}" font-size="${layout.fontSize}" role="img">`,
    `<title>${escapeHtml(title)}</title>`,
    ...layout.edges.map((edge) => edgeSvg(edge, palette)),
    ...layout.nodes.map((node) => shapeSvg(node, palette) + lineText(node.label, layout.lineHeight, palette)),
    ...layout.edges.flatMap((edge) => (edge.label === null ? [] : [edgeLabelSvg(edge.label, layout.lineHeight, palette)])),
    '</svg>',
  ].join('');
}
