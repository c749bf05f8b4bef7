/**
 * Reads a PDF back the way a reader's viewer does (pdf.js): each page's text in reading order, the bookmarks,
 * and the links. Tests of the PDF exports assert on what a reader would see, not on the file's bytes.
 */
import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';

export interface PdfPageView {
  /** The page's text, its text runs joined by spaces (line breaks inside a paragraph become spaces too). */
  text: string;
  /** The page's lines from top to bottom: text runs that share a baseline, joined by spaces. */
  lines: string[];
  /** Web links (URI) and in-document links (a named destination) on the page. */
  links: Array<{ url: string | null; destination: string | null }>;
  /** How many vector paths the page paints (rules, frames, a chart's or a diagram's lines and shapes). */
  paths: number;
  /** Each text run where it starts, in points from the page's top-left corner (as pdfkit places it), and the page's size. */
  runs: Array<{ text: string; x: number; y: number }>;
  size: { width: number; height: number };
}

export interface PdfView {
  pages: PdfPageView[];
  /** The bookmarks, depth first, with their depth (0 = top level). */
  outline: Array<{ title: string; depth: number }>;
  title: string | null;
  /** The fonts the pages use, by name (embedded subsets are named like `ABCDEF+DejaVuSans`). */
  fonts: string[];
}

interface OutlineNode {
  title: string;
  items: OutlineNode[];
}

export async function readPdf(bytes: Uint8Array): Promise<PdfView> {
  // pdf.js takes the buffer over: hand it a copy so that the caller's bytes stay readable.
  const document = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false }).promise;
  try {
    const pages: PdfPageView[] = [];
    const fonts = new Set<string>();
    for (let number = 1; number <= document.numPages; number += 1) {
      const page = await document.getPage(number);
      const content = await page.getTextContent();
      const runs = content.items.flatMap((item) => ('str' in item && item.str.trim() !== '' ? [{ text: item.str, y: Math.round(item.transform[5] as number) }] : []));
      const text = runs.map((run) => run.text).join(' ').replace(/\s+/g, ' ').trim();
      const byBaseline = new Map<number, string[]>();
      for (const run of runs) byBaseline.set(run.y, [...(byBaseline.get(run.y) ?? []), run.text]);
      const lines = [...byBaseline.entries()].sort((a, b) => b[0] - a[0]).map(([, parts]) => parts.join(' ').replace(/\s+/g, ' ').trim());
      const annotations = (await page.getAnnotations()) as Array<{ subtype: string; url?: string; dest?: unknown }>;
      const links = annotations.filter((annotation) => annotation.subtype === 'Link').map((annotation) => ({
        url: annotation.url ?? null,
        destination: typeof annotation.dest === 'string' ? annotation.dest : null,
      }));
      const [, , pageWidth, pageHeight] = page.view as [number, number, number, number];
      const placedRuns = content.items.flatMap((item) => ('str' in item && item.str.trim() !== '' ? [{ text: item.str, x: item.transform[4] as number, y: pageHeight - (item.transform[5] as number) }] : []));
      const operators = await page.getOperatorList();
      const paths = operators.fnArray.filter((operator) => operator === OPS.constructPath).length;
      for (let i = 0; i < operators.fnArray.length; i += 1) {
        const args = operators.argsArray[i] as unknown[] | null;
        const font = Array.isArray(args) && typeof args[0] === 'string' && args[0].startsWith('g_') ? (page.commonObjs.has(args[0]) ? (page.commonObjs.get(args[0]) as { name?: string }).name : undefined) : undefined;
        if (font !== undefined) fonts.add(font);
      }
      pages.push({ text, lines, links, paths, runs: placedRuns, size: { width: pageWidth, height: pageHeight } });
    }
    const outline: PdfView['outline'] = [];
    const walk = (nodes: readonly OutlineNode[] | null, depth: number) => {
      for (const node of nodes ?? []) {
        outline.push({ title: node.title, depth });
        walk(node.items, depth + 1);
      }
    };
    walk((await document.getOutline()) as OutlineNode[] | null, 0);
    const metadata = await document.getMetadata();
    const title = (metadata.info as { Title?: string }).Title ?? null;
    return { pages, outline, title, fonts: [...fonts] };
  } finally {
    await document.destroy();
  }
}

/** Which page (0-based) first shows `text`, or -1. */
export function pageOf(view: PdfView, text: string): number {
  return view.pages.findIndex((page) => page.text.includes(text));
}
