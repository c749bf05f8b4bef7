/**
 * The WBR deck as ONE self-contained HTML file: inline CSS and inline SVG, no script, no font or
 * image to download, no remote content. A Content-Security-Policy in the file itself forbids any
 * script and any request, so even a string that slipped past escaping could not run or call out.
 *
 * Every string that comes from a deck config (titles, legend names, row headers, annotations, URLs)
 * goes through escapeHtml. Row styles from the config are never copied into the page: the few
 * properties the App's configs use are mapped to classes.
 */
import type {
  Deck,
  XmrRuleId,
  DeckAnnotation,
  DeckBlock,
  EmbeddedContentBlock,
  SixTwelveChartBlock,
  SixWeeksTableBlock,
  TableRow,
  TwelveMonthsTableBlock,
} from '../deck-types.js';
import { DECK_STYLESHEET } from './deck-stylesheet.js';
import { escapeHtml } from './escape-html.js';
import { chartSignalNotes, describeRule, describeRuleBriefly, renderSixTwelveChart, SERIES_COLOUR_COUNT } from './six-twelve-chart-svg.js';
import type { ChartSignalNote } from './six-twelve-chart-svg.js';
import { formatBoxCell, formatTableCell, isBoxComparisonColumn, parseYScaling } from './y-scaling-format.js';

/** Receives the HTML in order, piece by piece (a file stream, an array, ...). */
export type HtmlSink = (chunk: string) => void;

/** The signal index at the top lists at most this many charts; the charts show every signal. */
const SIGNAL_INDEX_LIMIT = 100;
const BOX_GROUPS: ReadonlyArray<[string, number]> = [['Week', 3], ['Month to date', 2], ['Quarter to date', 2], ['Year to date', 2]];

/** Renders the deck to one HTML string. */
export function renderDeckHtml(deck: Deck): string {
  const chunks: string[] = [];
  writeDeckHtml(deck, (chunk) => chunks.push(chunk));
  return chunks.join('');
}

interface NumberedBlock {
  block: DeckBlock;
  /** The number shown before the title; null for sections and embedded content (not numbered, as in the App). */
  number: number | null;
  anchor: string;
}

/** Numbers the blocks as the App does: charts and tables count, sections and embedded content do not. */
function numberBlocks(deck: Deck): NumberedBlock[] {
  let next = Number.isFinite(deck.blockStartingNumber) ? deck.blockStartingNumber : 1;
  return deck.blocks.map((block, index) => {
    const isNumbered = block.plotStyle === '6_12_chart' || block.plotStyle === '6_week_table' || block.plotStyle === '12_MonthsTable';
    const number = isNumbered ? next++ : null;
    return { block, number, anchor: `block-${index + 1}` };
  });
}

/**
 * Renders the deck piece by piece, so that a deck of 10,000 charts can be written to a file without
 * holding the whole page in memory twice.
 */
export function writeDeckHtml(deck: Deck, sink: HtmlSink): void {
  const title = deck.title ?? '';
  const numbered = numberBlocks(deck);
  const pageTitle = `${title}${deck.weekEnding ? ` (week ending ${deck.weekEnding})` : ''}`;
  const isoDate = deck.pulse?.weekEndingDate;
  sink(
    '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n' +
      '<meta name="viewport" content="width=device-width, initial-scale=1">\n' +
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'">\n` +
      '<meta name="color-scheme" content="light dark">\n<meta name="generator" content="Pulse">\n' +
      `<title>${escapeHtml(pageTitle)}</title>\n<style>${DECK_STYLESHEET}</style>\n</head>\n<body>\n<div class="deck">\n` +
      '<header class="deck-header">\n<p class="eyebrow">Weekly Business Review</p>\n' +
      `<h1>${escapeHtml(title)}</h1>\n` +
      `<p class="week">Week ending ${isoDate ? `<time datetime="${escapeHtml(isoDate)}">${escapeHtml(deck.weekEnding)}</time>` : escapeHtml(deck.weekEnding)}</p>\n` +
      '</header>\n<main>\n',
  );
  if (deck.annotationErrors) {
    sink(`<p class="notice" role="note">Some annotations were not shown:\n${escapeHtml(deck.annotationErrors)}</p>\n`);
  }
  sink(renderSignalIndex(numbered));
  const hasSections = deck.blocks.some((block) => block.plotStyle === 'section');
  let isInSection = false;
  for (const entry of numbered) {
    if (entry.block.plotStyle === 'section') isInSection = true;
    // Blocks after a section header sit one heading level below it.
    const level = hasSections && isInSection && entry.block.plotStyle !== 'section' ? 3 : 2;
    sink(flatten(renderBlock(entry, level)));
  }
  sink(
    '</main>\n<footer class="deck-footer"><p>Made with Pulse. Current year solid, prior year dashed; triangles are targets. ' +
      'Dotted lines over the six weeks are XmR natural process limits; ringed points are signals.</p></footer>\n</div>\n</body>\n</html>\n',
  );
}

/**
 * A block's HTML is built by hundreds of `+=`, which V8 keeps as a tree of string pieces. Kept as
 * such until the page is joined, 10,000 of those trees make the garbage collector trace millions of
 * objects (several seconds); slicing makes V8 copy the block into one flat string right away, which
 * measured four to ten times faster for a 10,000-chart deck.
 */
function flatten(text: string): string {
  return (' ' + text).slice(1);
}

function renderBlock(entry: NumberedBlock, level: number): string {
  const { block } = entry;
  switch (block.plotStyle) {
    case '6_12_chart':
      return renderChartBlock(block, entry, level);
    case '6_week_table':
    case '12_MonthsTable':
      return renderTableBlock(block, entry, level);
    case 'section':
      return `<h${level} class="section-title" id="${entry.anchor}">${escapeHtml(block.title)}</h${level}>\n`;
    case 'embedded_content':
      return renderEmbeddedBlock(block, entry, level);
    default:
      return '';
  }
}

function blockHeading(entry: NumberedBlock, title: string | null, level: number): string {
  const number = entry.number === null ? '' : `<span class="num">${entry.number}.</span> `;
  return `<h${level} class="block-title" id="${entry.anchor}-h">${number}${escapeHtml(title ?? '')}</h${level}>\n`;
}

function numberedTitle(entry: NumberedBlock, title: string | null): string {
  return entry.number === null ? title ?? '' : `${entry.number}. ${title ?? ''}`;
}

function renderChartBlock(block: SixTwelveChartBlock, entry: NumberedBlock, level: number): string {
  const chart = renderSixTwelveChart(block, entry.anchor, numberedTitle(entry, block.title));
  let html = `<section class="block chart-block" id="${entry.anchor}" aria-labelledby="${entry.anchor}-h">\n`;
  html += blockHeading(entry, block.title, level);
  html += `<figure>${chart.svg}\n${renderLegend(block, chart.signals)}</figure>\n`;
  html += renderBoxTotals(block, entry);
  if (chart.signals.length > 0) {
    html += '<ul class="signals" aria-label="XmR signals">';
    for (const group of groupSignalNotes(chart.signals)) {
      const who = group.legendName === block.title ? '' : `${group.legendName}, `;
      html += `<li>${signalTag(group)} ${escapeHtml(`${who}${group.weekLabels.join(', ')}: ${describeRule(group.rule, group.direction)}`)}</li>`;
    }
    html += '</ul>\n';
  }
  if (chart.xmrRemarks.length > 0) {
    html += `<ul class="xmr-remarks">${chart.xmrRemarks.map((remark) => `<li>${escapeHtml(remark)}</li>`).join('')}</ul>\n`;
  }
  html += renderAnnotations(block.annotations);
  return html + '</section>\n';
}

interface SignalGroup {
  legendName: string;
  rule: XmrRuleId;
  direction: 'up' | 'down';
  isAnomaly: boolean;
  weekLabels: string[];
}

/** One entry per metric, rule and direction, listing its weeks: `wk 33, wk 34: above the upper ...`. */
function groupSignalNotes(notes: ReadonlyArray<ChartSignalNote>): SignalGroup[] {
  const groups = new Map<string, SignalGroup>();
  for (const note of notes) {
    const key = `${note.legendName}\u0000${note.rule}\u0000${note.direction}\u0000${note.isAnomaly}`;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, { legendName: note.legendName, rule: note.rule, direction: note.direction, isAnomaly: note.isAnomaly, weekLabels: [note.weekLabel] });
    else group.weekLabels.push(note.weekLabel);
  }
  return [...groups.values()];
}

function signalTag(signal: { isAnomaly: boolean }): string {
  return signal.isAnomaly ? '<span class="tag bad">Anomaly</span>' : '<span class="tag good">Good signal</span>';
}

function swatch(inner: string): string {
  return `<svg viewBox="0 0 26 12" aria-hidden="true" focusable="false">${inner}</svg>`;
}

function renderLegend(block: SixTwelveChartBlock, signals: ReadonlyArray<ChartSignalNote>): string {
  let items = '';
  let metricIndex = 0;
  let hasLimits = false;
  for (const line of block.yAxis) {
    const name = escapeHtml(line.legendName);
    if (line.lineStyle === 'target' || line.metric === undefined) {
      const suffix = /target/i.test(line.legendName) ? '' : ' (target)';
      items += `<li>${swatch('<path class="tgt" d="M13 1l5 8.5H8z"/>')}${name}${suffix}</li>`;
      continue;
    }
    const colour = metricIndex++ % SERIES_COLOUR_COUNT;
    items += `<li>${swatch(`<path class="cy s${colour}" d="M1 6H25"/><circle class="sw s${colour}" cx="13" cy="6" r="3"/>`)}${name}</li>`;
    if (line.metric.previous.length > 0) items += `<li>${swatch(`<path class="py s${colour}" d="M1 6H25"/>`)}${name}, prior year</li>`;
  }
  const xmr = block.pulse?.xmr;
  if (xmr !== undefined) hasLimits = Object.values(xmr).some((entry) => entry.upperLimit !== null);
  if (hasLimits) items += `<li>${swatch('<path class="lim" d="M1 6H25"/>')}XmR limits (weeks)</li>`;
  if (signals.some((signal) => signal.isAnomaly)) items += `<li>${swatch('<circle class="ring bad" cx="13" cy="6" r="4.5"/>')}Anomaly</li>`;
  if (signals.some((signal) => !signal.isAnomaly)) items += `<li>${swatch('<circle class="ring good" cx="13" cy="6" r="4.5"/>')}Signal in the good direction</li>`;
  return `<ul class="legend">${items}</ul>`;
}

function renderBoxTotals(block: SixTwelveChartBlock, entry: NumberedBlock): string {
  const header = block.table.tableHeader;
  if (header === undefined || block.table.tableBody.length === 0) return '';
  const scaling = parseYScaling(block.yScale);
  const metricLines = block.yAxis.filter((line) => line.lineStyle !== 'target' && line.metric !== undefined);
  // On a narrow screen the table scrolls sideways inside its own box, which keyboard users can focus.
  let html = `<div class="table-wrap" role="region" tabindex="0" aria-label="Box totals of ${escapeHtml(numberedTitle(entry, block.title))}">\n`;
  html += '<table class="box">\n<thead>';
  // The group row fits the App's nine columns; a deck with other columns gets their labels alone.
  if (header.length === BOX_GROUPS.reduce((total, [, span]) => total + span, 0)) {
    html += '<tr class="group"><td></td>';
    for (const [label, span] of BOX_GROUPS) html += `<th scope="colgroup" colspan="${span}">${label}</th>`;
    html += '</tr>\n';
  }
  html += '<tr><th scope="col"><span class="visually-hidden">Metric</span></th>';
  header.forEach((label, index) => {
    const cssClass = isBoxComparisonColumn(index) ? 'cmp' : 'val';
    html += `<th scope="col" class="${cssClass}">${escapeHtml(label)}</th>`;
  });
  html += '</tr></thead>\n<tbody>';
  block.table.tableBody.forEach((row, rowIndex) => {
    html += `<tr><th scope="row">${escapeHtml(metricLines[rowIndex]?.legendName ?? '')}</th>`;
    row.forEach((value, index) => {
      const cssClass = isBoxComparisonColumn(index) ? 'cmp' : 'val';
      html += `<td class="${cssClass}">${escapeHtml(formatBoxCell(value, index, scaling, block.boxTotalScale))}</td>`;
    });
    html += '</tr>';
  });
  return html + '</tbody>\n</table>\n</div>\n';
}

/** The classes a config's row style maps to: bold, italic and the header's alignment. */
function rowClasses(rowStyle: string): string {
  const style = rowStyle.toLowerCase().replace(/\s+/g, '');
  const classes: string[] = [];
  if (/font-weight:(bold|[6-9]00)/.test(style)) classes.push('row-bold');
  if (style.includes('font-style:italic')) classes.push('row-italic');
  if (style.includes('text-align:center')) classes.push('row-center');
  else if (style.includes('text-align:right')) classes.push('row-right');
  return classes.join(' ');
}

function renderTableBlock(block: SixWeeksTableBlock | TwelveMonthsTableBlock, entry: NumberedBlock, level: number): string {
  const columnCount = block.headers.length;
  let html = `<section class="block table-block" id="${entry.anchor}" aria-labelledby="${entry.anchor}-h">\n`;
  html += blockHeading(entry, block.title, level);
  html += `<div class="table-wrap" role="region" tabindex="0" aria-labelledby="${entry.anchor}-h">\n<table class="data">\n<thead><tr><td></td>`;
  for (const header of block.headers) html += `<th scope="col">${escapeHtml(header)}</th>`;
  html += '</tr></thead>\n<tbody>\n';
  for (const row of block.rows) html += renderTableRow(row, columnCount);
  html += '</tbody>\n</table>\n</div>\n';
  html += renderAnnotations(block.annotations.flat());
  return html + '</section>\n';
}

function renderTableRow(row: TableRow, columnCount: number): string {
  const classes = rowClasses(row.rowStyle ?? '');
  if (row.rowData.length === 0) {
    // A header-only row introduces the rows under it.
    return `<tr class="group${classes ? ` ${classes}` : ''}"><th scope="colgroup" colspan="${columnCount + 1}">${escapeHtml(row.rowHeader)}</th></tr>\n`;
  }
  const scaling = parseYScaling(row.yScale);
  let html = `<tr${classes ? ` class="${classes}"` : ''}><th scope="row">${escapeHtml(row.rowHeader)}</th>`;
  for (const value of row.rowData) html += `<td>${escapeHtml(formatTableCell(value, scaling))}</td>`;
  // Rows shorter than the header still fill the grid, so columns stay aligned.
  for (let i = row.rowData.length; i < columnCount; i += 1) html += '<td></td>';
  return html + '</tr>\n';
}

function renderAnnotations(annotations: ReadonlyArray<DeckAnnotation>): string {
  if (annotations.length === 0) return '';
  let html = '<aside class="notes"><p>Noteworthy events</p><ul>';
  for (const note of annotations) {
    html += `<li><time>${escapeHtml(note.date)}</time> · <strong>${escapeHtml(note.metric)}</strong>: ${escapeHtml(note.description)}</li>`;
  }
  return html + '</ul></aside>\n';
}

/** Only web links become links; anything else (a file path, `javascript:`) is shown as text. */
function isWebUrl(source: string): boolean {
  return /^https?:\/\/[^\s]+$/i.test(source.trim());
}

function renderEmbeddedBlock(block: EmbeddedContentBlock, entry: NumberedBlock, level: number): string {
  const source = block.source ?? '';
  const title = block.title || block.name || 'Embedded content';
  let html = `<section class="block embed" id="${entry.anchor}" aria-labelledby="${entry.anchor}-h">\n`;
  html += blockHeading(entry, title, level);
  const target = isWebUrl(source)
    ? `<a href="${escapeHtml(source.trim())}" rel="noopener noreferrer">${escapeHtml(source.trim())}</a>`
    : `<code>${escapeHtml(source)}</code>`;
  html += `<p>This deck is self-contained and does not load embedded content. Open it at ${target}.</p>\n`;
  return html + '</section>\n';
}

function renderSignalIndex(numbered: ReadonlyArray<NumberedBlock>): string {
  let items = '';
  let listed = 0;
  let charts = 0;
  let total = 0;
  let anomalies = 0;
  for (const entry of numbered) {
    if (entry.block.plotStyle !== '6_12_chart') continue;
    const notes = chartSignalNotes(entry.block);
    if (notes.length === 0) continue;
    charts += 1;
    total += notes.length;
    const chartAnomalies = notes.filter((note) => note.isAnomaly).length;
    anomalies += chartAnomalies;
    if (listed >= SIGNAL_INDEX_LIMIT) continue;
    listed += 1;
    const title = entry.block.title ?? '';
    const details = groupSignalNotes(notes)
      .map((group) => `${group.legendName === title ? '' : `${group.legendName}, `}${group.weekLabels.join(', ')}: ${describeRuleBriefly(group.rule, group.direction)}`)
      .join('; ');
    let tags = '';
    if (chartAnomalies > 0) tags += ` <span class="tag bad">${countOf(chartAnomalies, 'anomaly', 'anomalies')}</span>`;
    if (chartAnomalies < notes.length) tags += ` <span class="tag good">${notes.length - chartAnomalies} good</span>`;
    items += `<li><a href="#${entry.anchor}">${escapeHtml(numberedTitle(entry, title))}</a>${tags}<br><span class="detail">${escapeHtml(details)}</span></li>`;
  }
  if (total === 0) return '';
  const more = charts > listed ? `<p>… and ${countOf(charts - listed, 'more chart', 'more charts')} with signals, marked on the charts.</p>` : '';
  const heading = `Signals this week: ${countOf(anomalies, 'anomaly', 'anomalies')}, ${total - anomalies} in the good direction, on ${countOf(charts, 'chart', 'charts')}`;
  return `<nav class="signals-index" aria-labelledby="signals-h">\n<h2 id="signals-h">${heading}</h2>\n<ul>${items}</ul>${more}\n</nav>\n`;
}

function countOf(count: number, singular: string, plural: string): string {
  return `${count} ${count === 1 ? singular : plural}`;
}
