/**
 * The WBR deck as ONE self-contained HTML file: inline CSS and inline SVG, no script, no font or
 * image to download, no remote content. A Content-Security-Policy in the file itself forbids any
 * script and any request, so even a string that slipped past escaping could not run or call out.
 *
 * Every string that comes from a deck config (titles, legend names, row headers, annotations, URLs)
 * goes through escapeHtml. Row styles from the config are never copied into the page: the few
 * properties the App's configs use are mapped to classes.
 */
import type { Deck, DeckAnnotation, EmbeddedContentBlock, SixTwelveChartBlock, SixWeeksTableBlock, TableRow, TwelveMonthsTableBlock } from '../deck-types.js';
import { DECK_STYLESHEET } from './deck-stylesheet.js';
import {
  boxTotals, chartSignalLines, countOf, DECK_FOOTER_TEXT, DECK_WORDS, EMBED_NOTICE, embeddedTarget, legendItems, numberBlocks, numberedTitle, rowStyleOf,
  signalIndex, signalTagText, tableRowCells, alertLines, ALERTS_HEADING,
} from './deck-view.js';
import type { LegendItem, NumberedBlock, RowStyle } from './deck-view.js';
import { escapeHtml } from './escape-html.js';
import { renderSixTwelveChart } from './six-twelve-chart-svg.js';

/** Receives the HTML in order, piece by piece (a file stream, an array, ...). */
export type HtmlSink = (chunk: string) => void;

/** Renders the deck to one HTML string. */
export function renderDeckHtml(deck: Deck): string {
  const chunks: string[] = [];
  writeDeckHtml(deck, (chunk) => chunks.push(chunk));
  return chunks.join('');
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
      `<header class="deck-header">\n<p class="eyebrow">${DECK_WORDS.eyebrow}</p>\n` +
      `<h1>${escapeHtml(title)}</h1>\n` +
      `<p class="week">${DECK_WORDS.weekEnding} ${isoDate ? `<time datetime="${escapeHtml(isoDate)}">${escapeHtml(deck.weekEnding)}</time>` : escapeHtml(deck.weekEnding)}</p>\n` +
      '</header>\n<main>\n',
  );
  if (deck.annotationErrors) {
    sink(`<p class="notice" role="note">${DECK_WORDS.annotationErrors}\n${escapeHtml(deck.annotationErrors)}</p>\n`);
  }
  sink(renderSignalIndex(numbered));
  sink(renderAlerts(deck));
  const hasSections = deck.blocks.some((block) => block.plotStyle === 'section');
  let isInSection = false;
  for (const entry of numbered) {
    if (entry.block.plotStyle === 'section') isInSection = true;
    // Blocks after a section header sit one heading level below it.
    const level = hasSections && isInSection && entry.block.plotStyle !== 'section' ? 3 : 2;
    sink(flatten(renderBlock(entry, level)));
  }
  sink(
    `</main>\n<footer class="deck-footer"><p>${DECK_FOOTER_TEXT}</p></footer>\n</div>\n</body>\n</html>\n`,
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

function renderChartBlock(block: SixTwelveChartBlock, entry: NumberedBlock, level: number): string {
  const chart = renderSixTwelveChart(block, entry.anchor, numberedTitle(entry, block.title));
  let html = `<section class="block chart-block" id="${entry.anchor}" aria-labelledby="${entry.anchor}-h">\n`;
  html += blockHeading(entry, block.title, level);
  html += `<figure>${chart.svg}\n${renderLegend(block, chart.signals)}</figure>\n`;
  html += renderBoxTotals(block, entry);
  if (chart.signals.length > 0) {
    html += '<ul class="signals" aria-label="XmR signals">';
    for (const line of chartSignalLines(block, chart.signals)) html += `<li>${signalTag(line.isAnomaly)} ${escapeHtml(line.text)}</li>`;
    html += '</ul>\n';
  }
  if (chart.xmrRemarks.length > 0) {
    html += `<ul class="xmr-remarks">${chart.xmrRemarks.map((remark) => `<li>${escapeHtml(remark)}</li>`).join('')}</ul>\n`;
  }
  html += renderAnnotations(block.annotations);
  return html + '</section>\n';
}

function signalTag(isAnomaly: boolean): string {
  return `<span class="tag ${isAnomaly ? 'bad' : 'good'}">${signalTagText(isAnomaly)}</span>`;
}

function swatch(inner: string): string {
  return `<svg viewBox="0 0 26 12" aria-hidden="true" focusable="false">${inner}</svg>`;
}

function legendSwatch(item: LegendItem): string {
  switch (item.kind) {
    case 'target': return swatch('<path class="tgt" d="M13 1l5 8.5H8z"/>');
    case 'catalogTarget': return swatch('<path class="ctg" d="M1 6H25"/>');
    case 'current': return swatch(`<path class="cy s${item.colour}" d="M1 6H25"/><circle class="sw s${item.colour}" cx="13" cy="6" r="3"/>`);
    case 'prior': return swatch(`<path class="py s${item.colour}" d="M1 6H25"/>`);
    case 'limits': return swatch('<path class="lim" d="M1 6H25"/>');
    case 'anomaly': return swatch('<circle class="ring bad" cx="13" cy="6" r="4.5"/>');
    case 'good': return swatch('<circle class="ring good" cx="13" cy="6" r="4.5"/>');
  }
}

function renderLegend(block: SixTwelveChartBlock, signals: Parameters<typeof legendItems>[1]): string {
  return `<ul class="legend">${legendItems(block, signals).map((item) => `<li>${legendSwatch(item)}${escapeHtml(item.label)}</li>`).join('')}</ul>`;
}

function renderBoxTotals(block: SixTwelveChartBlock, entry: NumberedBlock): string {
  const totals = boxTotals(block);
  if (totals === null) return '';
  const cellClass = (isComparison: boolean) => (isComparison ? 'cmp' : 'val');
  // On a narrow screen the table scrolls sideways inside its own box, which keyboard users can focus.
  let html = `<div class="table-wrap" role="region" tabindex="0" aria-label="Box totals of ${escapeHtml(numberedTitle(entry, block.title))}">\n`;
  html += '<table class="box">\n<thead>';
  if (totals.groups !== null) {
    html += '<tr class="group"><td></td>';
    for (const [label, span] of totals.groups) html += `<th scope="colgroup" colspan="${span}">${label}</th>`;
    html += '</tr>\n';
  }
  html += '<tr><th scope="col"><span class="visually-hidden">Metric</span></th>';
  for (const column of totals.header) html += `<th scope="col" class="${cellClass(column.isComparison)}">${escapeHtml(column.label)}</th>`;
  html += '</tr></thead>\n<tbody>';
  for (const row of totals.rows) {
    html += `<tr><th scope="row">${escapeHtml(row.name)}</th>`;
    for (const cell of row.cells) html += `<td class="${cellClass(cell.isComparison)}">${escapeHtml(cell.text)}</td>`;
    html += '</tr>';
  }
  return html + '</tbody>\n</table>\n</div>\n';
}

/** The classes a config's row style maps to: bold, italic and the header's alignment. */
function rowClasses(style: RowStyle): string {
  const classes: string[] = [];
  if (style.isBold) classes.push('row-bold');
  if (style.isItalic) classes.push('row-italic');
  if (style.headerAlign !== 'left') classes.push(`row-${style.headerAlign}`);
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
  const classes = rowClasses(rowStyleOf(row.rowStyle));
  if (row.rowData.length === 0) {
    // A header-only row introduces the rows under it.
    return `<tr class="group${classes ? ` ${classes}` : ''}"><th scope="colgroup" colspan="${columnCount + 1}">${escapeHtml(row.rowHeader)}</th></tr>\n`;
  }
  let html = `<tr${classes ? ` class="${classes}"` : ''}><th scope="row">${escapeHtml(row.rowHeader)}</th>`;
  for (const cell of tableRowCells(row, columnCount)) html += `<td>${escapeHtml(cell)}</td>`;
  return html + '</tr>\n';
}

function renderAnnotations(annotations: ReadonlyArray<DeckAnnotation>): string {
  if (annotations.length === 0) return '';
  let html = `<aside class="notes"><p>${DECK_WORDS.annotations}</p><ul>`;
  for (const note of annotations) {
    html += `<li><time>${escapeHtml(note.date)}</time> · <strong>${escapeHtml(note.metric)}</strong>: ${escapeHtml(note.description)}</li>`;
  }
  return html + '</ul></aside>\n';
}

function renderEmbeddedBlock(block: EmbeddedContentBlock, entry: NumberedBlock, level: number): string {
  const { title, source, isWebUrl } = embeddedTarget(block);
  let html = `<section class="block embed" id="${entry.anchor}" aria-labelledby="${entry.anchor}-h">\n`;
  html += blockHeading(entry, title, level);
  const target = isWebUrl ? `<a href="${escapeHtml(source)}" rel="noopener noreferrer">${escapeHtml(source)}</a>` : `<code>${escapeHtml(source)}</code>`;
  html += `<p>${EMBED_NOTICE} ${target}.</p>\n`;
  return html + '</section>\n';
}

function renderAlerts(deck: Deck): string {
  const lines = alertLines(deck);
  if (lines.length === 0) return '';
  const items = lines.map((line) => `<li>${escapeHtml(line)}</li>`).join('');
  return `<section class="signals-index" aria-labelledby="alerts-h">\n<h2 id="alerts-h">${ALERTS_HEADING(lines.length)}</h2>\n<ul>${items}</ul>\n</section>\n`;
}

function renderSignalIndex(numbered: ReadonlyArray<NumberedBlock>): string {
  const index = signalIndex(numbered);
  if (index === null) return '';
  let items = '';
  for (const entry of index.entries) {
    let tags = '';
    if (entry.anomalies > 0) tags += ` <span class="tag bad">${entry.anomalies} bad</span>`;
    if (entry.good > 0) tags += ` <span class="tag good">${entry.good} good</span>`;
    items += `<li><a href="#${entry.anchor}">${escapeHtml(entry.title)}</a>${tags}<br><span class="detail">${escapeHtml(entry.details)}</span></li>`;
  }
  const more = index.moreCharts > 0 ? `<p>… and ${countOf(index.moreCharts, 'more chart', 'more charts')} with signals, marked on the charts.</p>` : '';
  return `<nav class="signals-index" aria-labelledby="signals-h">\n<h2 id="signals-h">${index.heading}</h2>\n<ul>${items}</ul>${more}\n</nav>\n`;
}
