import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import { escapeHtml, renderMarkdown, renderPrintablePage } from '../documents/markdown-html.js';
import { AppError } from '../errors.js';
import { flowchartSteps, parseFlowchart } from './flowchart.js';
import { bandCaption, bandedChartNote, fitFlowchartInBands, FLOWCHART_PRINT_FONT, FLOWCHART_PRINT_PALETTE, TURNED_CHART_NOTE } from './flowchart-fit.js';
import { flowchartSvg } from './flowchart-svg.js';
import { isMechanism, isPlaybookTool, MECHANISM_KEYS, MECHANISMS, PLAYBOOK_LIMITS, readMinutes, SLUG_PATTERN, TOOL_KEYS, type Mechanism, type PlaybookTool } from './playbook-catalog.js';
import { normalizeName } from '../names.js';
import { countReadableWords } from '../writing/word-count.js';
import { MEASURED_SANS_FAMILY, sansTextWidth } from './sans-text-width.js';

/**
 * A playbook is a Markdown file with YAML front matter between `---` lines:
 *
 *   ---
 *   title: Writing a PR/FAQ
 *   slug: writing-a-prfaq            (the file's name without .md)
 *   mechanism: working-backwards     (one of MECHANISMS)
 *   summary: One or two sentences for the list.
 *   related: [six-page-memo, initiative-pipeline]
 *   tool: prfaq                      (one of PLAYBOOK_TOOLS: where "Apply this" goes)
 *   ---
 *   ## The body, in Markdown, with ```mermaid flowcharts
 *
 * Reading one checks everything a reader would otherwise meet as a broken page, and every problem names the file
 * and the line to fix (AppError `invalid_config` with `file` and `line`).
 */

export interface PlaybookSource {
  /** The path as a writer finds it, e.g. `content/playbooks/writing-a-prfaq.md`. */
  file: string;
  text: string;
}

export interface PlaybookDiagram {
  /** 1-based, in the order the diagrams appear. */
  number: number;
  title: string;
  description: string | null;
  /** The Mermaid source, as written: the web page draws it. */
  source: string;
  /** The diagram in words, one step per arrow. */
  steps: string[];
}

export interface Playbook {
  file: string;
  slug: string;
  title: string;
  summary: string;
  mechanism: Mechanism;
  tool: PlaybookTool;
  related: string[];
  /** The Markdown after the front matter. */
  body: string;
  wordCount: number;
  readMinutes: number;
  diagrams: PlaybookDiagram[];
  /** The body as safe HTML for the web page, each diagram an empty slot (`data-diagram="N"`) beside its steps in words. */
  html: string;
}

export interface PlaybookLibrary {
  /** By mechanism (in MECHANISMS order), then title. */
  playbooks: readonly Playbook[];
  bySlug: ReadonlyMap<string, Playbook>;
}

const FRONT_MATTER_KEYS = ['title', 'slug', 'mechanism', 'summary', 'related', 'tool'] as const;
type FrontMatterKey = (typeof FRONT_MATTER_KEYS)[number];

/** A playbook as read from its file, with the lines the library's cross-file checks point at. */
interface ReadPlaybook {
  playbook: Playbook;
  slugLine: number;
  relatedLines: number[];
}

const FENCE = /^\s{0,3}(```|~~~)\s*([^`\s]*)/;
const LEVEL_ONE_HEADING = /^\s{0,3}#\s/;

function invalid(file: string, line: number, message: string): AppError {
  return new AppError('invalid_config', message, { file, line });
}


interface FrontMatter {
  values: Map<FrontMatterKey, { node: YamlNode; line: number }>;
  /** The file's line of an offset in the YAML text. */
  fileLine(offset: number): number;
  bodyStartLine: number;
  body: string;
}

function readFrontMatter(source: PlaybookSource): FrontMatter {
  const lines = source.text.replace(/^\uFEFF/, '').split('\n');
  if (lines[0]?.trim() !== '---') throw invalid(source.file, 1, 'A playbook starts with its front matter: a line "---", the fields (title, slug, mechanism, summary, related, tool), and another "---".');
  const closing = lines.findIndex((line, index) => index > 0 && line.trim() === '---');
  if (closing < 0) throw invalid(source.file, 1, 'The front matter opened on line 1 never closes: end it with a line "---".');

  const lineCounter = new LineCounter();
  const document = parseDocument(lines.slice(1, closing).join('\n'), { lineCounter, uniqueKeys: true, prettyErrors: true });
  // The YAML starts on the file's line 2.
  const fileLine = (offset: number) => lineCounter.linePos(offset).line + 1;
  const firstError = document.errors[0];
  // The library's message ends with its own "at line N, column M:" (of the YAML, not the file) and a code frame.
  if (firstError) throw invalid(source.file, (firstError.linePos?.[0].line ?? 0) + 1, `Front matter: ${firstError.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`);
  const root = document.contents;
  if (!isMap(root)) throw invalid(source.file, 2, 'Front matter: write the fields as "key: value" lines.');

  const values = new Map<FrontMatterKey, { node: YamlNode; line: number }>();
  for (const pair of root.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    const keyLine = isScalar(pair.key) && pair.key.range ? fileLine(pair.key.range[0]) : 2;
    if (!(FRONT_MATTER_KEYS as readonly string[]).includes(key)) throw invalid(source.file, keyLine, `Front matter: unknown field "${key}"; the fields are ${FRONT_MATTER_KEYS.join(', ')}.`);
    if (!pair.value || !('range' in pair.value)) throw invalid(source.file, keyLine, `Front matter: ${key} has no value.`);
    const node = pair.value as YamlNode;
    values.set(key as FrontMatterKey, { node, line: node.range ? fileLine(node.range[0]) : keyLine });
  }
  const missing = FRONT_MATTER_KEYS.filter((key) => !values.has(key));
  if (missing.length > 0) throw invalid(source.file, 1, `Front matter: missing ${missing.join(', ')}.`);
  return { values, fileLine, bodyStartLine: closing + 2, body: lines.slice(closing + 1).join('\n') };
}

function readPlaybook(source: PlaybookSource): ReadPlaybook {
  const { file } = source;
  const { values, fileLine, bodyStartLine, body } = readFrontMatter(source);
  const text = (key: FrontMatterKey): { value: string; line: number } => {
    const { node, line } = values.get(key)!;
    if (!isScalar(node) || typeof node.value !== 'string' || node.value.trim() === '') throw invalid(file, line, `Front matter: ${key} must be text.`);
    return { value: normalizeName(node.value), line };
  };

  const title = text('title');
  if (title.value.length > PLAYBOOK_LIMITS.titleMaxLength) throw invalid(file, title.line, `Front matter: title must be at most ${PLAYBOOK_LIMITS.titleMaxLength} characters.`);
  const slug = text('slug');
  if (!SLUG_PATTERN.test(slug.value) || slug.value.length > PLAYBOOK_LIMITS.slugMaxLength) throw invalid(file, slug.line, `Front matter: slug "${slug.value}" must be lower-case words joined by hyphens (at most ${PLAYBOOK_LIMITS.slugMaxLength} characters).`);
  const fileName = file.split('/').pop()!.replace(/\.md$/, '');
  if (slug.value !== fileName) throw invalid(file, slug.line, `Front matter: slug "${slug.value}" must be the file's name (${fileName}), so the address and the file are found from each other.`);
  const mechanism = text('mechanism');
  if (!isMechanism(mechanism.value)) throw invalid(file, mechanism.line, `Front matter: mechanism "${mechanism.value}" is not one of ${MECHANISM_KEYS.join(', ')}.`);
  const summary = text('summary');
  if (summary.value.length < PLAYBOOK_LIMITS.summaryMinLength || summary.value.length > PLAYBOOK_LIMITS.summaryMaxLength) {
    throw invalid(file, summary.line, `Front matter: summary must be ${PLAYBOOK_LIMITS.summaryMinLength}-${PLAYBOOK_LIMITS.summaryMaxLength} characters (it is ${summary.value.length}).`);
  }
  const tool = text('tool');
  if (!isPlaybookTool(tool.value)) throw invalid(file, tool.line, `Front matter: tool "${tool.value}" is not one of ${TOOL_KEYS.join(', ')}.`);

  const relatedNode = values.get('related')!;
  if (!isSeq(relatedNode.node)) throw invalid(file, relatedNode.line, 'Front matter: related must be a list of slugs, e.g. [six-page-memo, initiative-pipeline].');
  const related: string[] = [];
  const relatedLines: number[] = [];
  for (const item of relatedNode.node.items) {
    const line = isScalar(item) && item.range ? fileLine(item.range[0]) : relatedNode.line;
    if (!isScalar(item) || typeof item.value !== 'string') throw invalid(file, line, 'Front matter: each related entry is a playbook slug.');
    if (related.includes(item.value)) throw invalid(file, line, `Front matter: related lists "${item.value}" twice.`);
    if (item.value === slug.value) throw invalid(file, line, 'Front matter: a playbook is not related to itself.');
    related.push(item.value);
    relatedLines.push(line);
  }
  if (related.length > PLAYBOOK_LIMITS.relatedMax) throw invalid(file, relatedNode.line, `Front matter: at most ${PLAYBOOK_LIMITS.relatedMax} related playbooks.`);

  const { html, diagrams } = renderBody(file, body, bodyStartLine, 'web');
  const wordCount = countReadableWords(body);
  return {
    playbook: { file, slug: slug.value, title: title.value, summary: summary.value, mechanism: mechanism.value, tool: tool.value, related, body, wordCount, readMinutes: readMinutes(wordCount), diagrams, html },
    slugLine: slug.line,
    relatedLines,
  };
}

/** A playbook's body in order: runs of Markdown prose, and the flowcharts between them. */
export type PlaybookBodyPart = { kind: 'prose'; markdown: string } | { kind: 'diagram'; diagram: PlaybookDiagram };

/**
 * Splits the body into prose and flowcharts, checking what a reader would meet as a broken page (a second
 * top-level heading, a code block that never closes, a flowchart Pulse cannot draw, no body at all).
 */
export function playbookBodyParts(file: string, body: string, firstLine: number): PlaybookBodyPart[] {
  const lines = body.split('\n');
  const parts: PlaybookBodyPart[] = [];
  let diagramCount = 0;
  let prose: string[] = [];
  const flushProse = () => {
    if (prose.some((line) => line.trim() !== '')) parts.push({ kind: 'prose', markdown: prose.join('\n') });
    prose = [];
  };
  let index = 0;
  while (index < lines.length) {
    const line = lines[index]!;
    const fence = FENCE.exec(line);
    if (!fence) {
      if (LEVEL_ONE_HEADING.test(line)) throw invalid(file, firstLine + index, 'The body starts its sections at "##": the title in the front matter is the page\'s only top-level heading.');
      prose.push(line);
      index += 1;
      continue;
    }
    const close = lines.findIndex((candidate, at) => at > index && candidate.trimStart().startsWith(fence[1]!));
    if (close < 0) throw invalid(file, firstLine + index, `The code block opened here with ${fence[1]} never closes.`);
    if (fence[2] !== 'mermaid') {
      prose.push(...lines.slice(index, close + 1));
      index = close + 1;
      continue;
    }
    flushProse();
    const source = lines.slice(index + 1, close).join('\n');
    const chart = parseFlowchart(source, { file, line: firstLine + index + 1 });
    diagramCount += 1;
    parts.push({ kind: 'diagram', diagram: { number: diagramCount, title: chart.title, description: chart.description, source, steps: flowchartSteps(chart) } });
    index = close + 1;
  }
  flushProse();
  if (parts.length === 0) throw invalid(file, firstLine, 'The playbook has no body after its front matter.');
  return parts;
}

/**
 * The body as HTML: Markdown through the documents' safe renderer (it escapes every character and writes only its
 * own tags), and each ```mermaid block taken out as a diagram. On the web page a diagram is a slot the page draws
 * into, with its steps in words below; on the printable page (no script) it is drawn here, the steps under it.
 */
function renderBody(file: string, body: string, firstLine: number, target: 'web' | 'print'): { html: string; diagrams: PlaybookDiagram[] } {
  const parts = playbookBodyParts(file, body, firstLine);
  const html = parts.map((part) => {
    // Offsets of blocks matter to documents' comment anchors, not here; they would be offsets into a fragment.
    if (part.kind === 'prose') return renderMarkdown(part.markdown).replace(/ data-source-start="\d+"/g, '');
    return target === 'web' ? diagramSlotHtml(part.diagram) : diagramPrintHtml(part.diagram, file);
  });
  const diagrams = parts.flatMap((part) => (part.kind === 'diagram' ? [part.diagram] : []));
  return { html: html.join('\n'), diagrams };
}

function stepsHtml(diagram: PlaybookDiagram): string {
  return `<ol>${diagram.steps.map((step) => `<li>${escapeHtml(step)}</li>`).join('')}</ol>`;
}

function diagramSlotHtml(diagram: PlaybookDiagram): string {
  const description = diagram.description === null ? '' : ` <span class="playbook-diagram__description">${escapeHtml(diagram.description)}</span>`;
  return `<figure class="playbook-diagram" id="diagram-${diagram.number}">
<div class="playbook-diagram__drawing" data-diagram="${diagram.number}"></div>
<figcaption class="playbook-diagram__caption"><span class="playbook-diagram__number">Diagram ${diagram.number}.</span> ${escapeHtml(diagram.title)}${description}</figcaption>
<details class="playbook-diagram__words"><summary>The diagram in words</summary>${stepsHtml(diagram)}</details>
</figure>`;
}

/**
 * The room a drawing has on the printable page, in points: the text column of an A4 page with PRINT_STYLES'
 * margins (170 mm, also about the screen's 44em at 11pt) inside the figure's padding and border, and the page's
 * height (253 mm) less the caption's lines, so that the caption and the drawing fit one page.
 */
const PRINT_DRAWING_FRAME = { width: 460, height: 650 } as const;
/** The same for each part of a chart drawn in parts: the first shares its page with the caption's two notes and its own heading. */
const PRINT_BAND_FRAME = { width: PRINT_DRAWING_FRAME.width, height: 580 } as const;

/**
 * A diagram on the printable page: drawn as the PDF draws it, laid out here with text measured from a width table
 * (the page has no script, and the server no browser), then its steps in words, which say what leads to what in
 * reading order to a screen reader or a copy of the text. A chart too long for one page at a readable size is
 * drawn in bands, one after another, each headed by its part number and kept whole on a page.
 */
function diagramPrintHtml(diagram: PlaybookDiagram, file: string): string {
  const description = diagram.description === null ? '' : `<p>${escapeHtml(diagram.description)}</p>`;
  // The source was checked when the body was split, so this parse cannot fail.
  const chart = parseFlowchart(diagram.source, { file, line: 1 });
  const measureText = (text: string) => sansTextWidth(text, FLOWCHART_PRINT_FONT.fontSize);
  const printed = fitFlowchartInBands(chart, measureText, PRINT_DRAWING_FRAME);
  const { bands, scale, isTurned } = printed.bands.length > 1 ? fitFlowchartInBands(chart, measureText, PRINT_BAND_FRAME) : printed;
  const isBanded = bands.length > 1;
  const drawings = bands.map(({ layout }, index) => {
    const width = `${Math.round(layout.width * scale * 100) / 100}pt`;
    const part = bandCaption(index, bands.length);
    const svg = flowchartSvg(layout, FLOWCHART_PRINT_PALETTE, isBanded ? `${diagram.title}, ${part.toLowerCase()}` : diagram.title, { fontFamily: MEASURED_SANS_FAMILY, width });
    return `${isBanded ? `<p class="diagram-part">${escapeHtml(part)}</p>` : ''}<div class="diagram-drawing">${svg}</div>`;
  });
  const notes = [...(isTurned ? [TURNED_CHART_NOTE] : []), ...(isBanded ? [bandedChartNote(bands.length)] : [])];
  const note = notes.map((text) => `<p class="diagram-note">${escapeHtml(text)}</p>`).join('');
  const caption = `<figcaption>Diagram ${diagram.number}. ${escapeHtml(diagram.title)}</figcaption>`;
  const words = `<p class="diagram-words">The diagram in words</p>${stepsHtml(diagram)}`;
  if (!isBanded) return `<figure class="diagram">${caption}${description}${note}${drawings.join('')}${words}</figure>`;
  // The figure may break between parts, but the caption stays with what it says and the first part.
  const [first, ...rest] = drawings;
  return `<figure class="diagram diagram--banded">${caption}<div class="diagram-lead">${description}${note}${first!}</div>${rest.join('')}${words}</figure>`;
}

/**
 * Reads every playbook and checks what spans files: slugs are unique and every related slug names a playbook of
 * the library. The first problem is thrown, naming its file and line.
 */
export function buildPlaybookLibrary(sources: readonly PlaybookSource[]): PlaybookLibrary {
  const read = sources.map(readPlaybook);
  const bySlug = new Map<string, Playbook>();
  for (const { playbook, slugLine } of read) {
    const earlier = bySlug.get(playbook.slug);
    if (earlier) throw invalid(playbook.file, slugLine, `Front matter: slug "${playbook.slug}" is already the slug of ${earlier.file}.`);
    bySlug.set(playbook.slug, playbook);
  }
  for (const { playbook, relatedLines } of read) {
    for (const [index, slug] of playbook.related.entries()) {
      if (!bySlug.has(slug)) throw invalid(playbook.file, relatedLines[index]!, `Front matter: related "${slug}" is not the slug of any playbook (there are: ${[...bySlug.keys()].sort().join(', ')}).`);
    }
  }
  const playbooks = [...bySlug.values()].sort((a, b) => MECHANISM_KEYS.indexOf(a.mechanism) - MECHANISM_KEYS.indexOf(b.mechanism) || a.title.localeCompare(b.title));
  return { playbooks, bySlug };
}

/** The playbook as a reader downloads it: a Markdown file that starts with its title and summary. */
export function playbookMarkdown(playbook: Playbook): string {
  return `# ${playbook.title}\n\n${playbook.summary}\n\n${playbook.body.trim()}\n`;
}

const PRINT_STYLES = `figure.diagram { margin: 1.2em 0; padding: .6em .9em; border: 1px solid #bbb; break-inside: avoid; }
figure.diagram figcaption { font-family: 'Helvetica Neue', Arial, sans-serif; font-weight: bold; font-size: 10pt; }
figure.diagram ol { margin: .4em 0 0; font-size: 10pt; }
figure.diagram > p { margin: .3em 0 0; font-size: 9.5pt; color: #4a5160; }
figure.diagram .diagram-note { font: italic 8.5pt 'Helvetica Neue', Arial, sans-serif; }
figure.diagram--banded { break-inside: auto; }
figure.diagram--banded > figcaption { break-after: avoid; }
figure.diagram .diagram-lead { break-inside: avoid; }
figure.diagram .diagram-lead > p:not(.diagram-part) { margin: .3em 0 0; font-size: 9.5pt; color: #4a5160; }
figure.diagram .diagram-part { margin-top: .8em; font: bold 8.5pt 'Helvetica Neue', Arial, sans-serif; break-after: avoid; }
.diagram-drawing { margin: .6em 0 0; text-align: center; break-inside: avoid; }
.diagram-drawing svg { max-width: 100%; height: auto; }
figure.diagram .diagram-words { margin-top: .8em; font: bold 8.5pt 'Helvetica Neue', Arial, sans-serif; break-after: avoid; }
`;

/** The line under a playbook's title in its printable page and its PDF. */
export function playbookSubtitle(playbook: Playbook): string {
  return `Pulse playbook · ${MECHANISMS[playbook.mechanism]} · ${playbook.wordCount.toLocaleString('en-US')} words, ${playbook.readMinutes} min read`;
}

/**
 * The print-ready page, as documents export theirs: open it and print to PDF. It carries no script: each diagram
 * is drawn on the server, as in the PDF, with its steps under it.
 */
export function renderPlaybookPrintPage(playbook: Playbook): string {
  const { html } = renderBody(playbook.file, playbook.body, 1, 'print');
  return renderPrintablePage({ title: playbook.title, subtitle: playbookSubtitle(playbook), bodyHtml: `<p><em>${escapeHtml(playbook.summary)}</em></p>\n${html}`, extraStyles: PRINT_STYLES });
}

/** A playbook's related playbooks, in the order its front matter lists them. */
export function relatedPlaybooks(library: PlaybookLibrary, playbook: Playbook): Playbook[] {
  return playbook.related.map((slug) => library.bySlug.get(slug)).filter((related): related is Playbook => related !== undefined);
}
