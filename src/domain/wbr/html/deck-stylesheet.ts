/**
 * The HTML deck's only stylesheet, inlined into the file: system fonts (no downloads), a light
 * theme that is also the print theme, a dark theme for screens that ask for one, and print rules
 * that keep every block on one page and keep chart colours.
 */
/** The print theme's colours: the HTML deck prints with them and the PDF deck is drawn with them. */
export const PRINT_PALETTE = {
  page: '#ffffff', card: '#ffffff', fg: '#111111', muted: '#4a5160', border: '#c9ced6', grid: '#e3e6ea',
  s0: '#2f49bf', s1: '#0c7a74', s2: '#995500', s3: '#7a3aae',
  target: '#1b7a33', bad: '#c0262d', good: '#1b7a33', link: '#2442b0',
  badBg: '#fdecec', goodBg: '#e7f5ea', noteBg: '#fff6e0',
} as const;

const P = PRINT_PALETTE;

export const DECK_STYLESHEET = `
:root {
  color-scheme: light dark;
  --page: #f4f5f7; --card: #ffffff; --fg: #1b2130; --muted: #555e6e; --border: #d9dde4; --grid: #e9ecf0;
  --s0: #2f49bf; --s1: #0c7a74; --s2: #995500; --s3: #7a3aae;
  --target: #1b7a33; --bad: #c0262d; --good: #1b7a33; --link: #2442b0;
  --bad-bg: #fdecec; --good-bg: #e7f5ea; --note-bg: #fff6e0;
}
@media (prefers-color-scheme: dark) {
  :root {
    --page: #0f1115; --card: #181c23; --fg: #e5e8ee; --muted: #a4acba; --border: #2d333e; --grid: #252a33;
    --s0: #8fa3ff; --s1: #4fd0c4; --s2: #f0b35a; --s3: #c99dff;
    --target: #6fd37f; --bad: #ff7b72; --good: #6fd37f; --link: #9db0ff;
    --bad-bg: #3a1d1f; --good-bg: #17301d; --note-bg: #332a12;
  }
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0; background: var(--page); color: var(--fg);
  font: 15px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif;
  font-variant-numeric: tabular-nums;
}
a { color: var(--link); }
.deck { max-width: 1060px; margin: 0 auto; padding: 32px 24px 48px; }
.deck-header { margin: 0 0 24px; }
.eyebrow { margin: 0; color: var(--muted); font-size: 13px; letter-spacing: .06em; text-transform: uppercase; }
h1 { margin: 4px 0 2px; font-size: 30px; line-height: 1.2; font-weight: 650; }
.week { margin: 0; color: var(--muted); font-size: 16px; }
.notice { margin: 0 0 20px; padding: 10px 14px; border-radius: 8px; background: var(--note-bg); border: 1px solid var(--border); white-space: pre-line; }
.signals-index { margin: 0 0 24px; padding: 14px 18px; border: 1px solid var(--border); border-radius: 10px; background: var(--card); }
.signals-index h2 { margin: 0 0 6px; font-size: 17px; }
.signals-index ul { margin: 0; padding: 0; list-style: none; columns: 2 320px; column-gap: 28px; }
.signals-index li { margin: 0 0 8px; break-inside: avoid; }
.signals-index .detail { color: var(--muted); font-size: 13.5px; }
.signals-index p { margin: 4px 0 0; color: var(--muted); }
.signals-index a { text-decoration: none; }
.signals-index a:hover, .signals-index a:focus { text-decoration: underline; }
.tag { display: inline-block; padding: 0 6px; border-radius: 4px; font-size: 12px; font-weight: 600; line-height: 18px; }
.tag.bad { color: var(--bad); background: var(--bad-bg); }
.tag.good { color: var(--good); background: var(--good-bg); }
.section-title { margin: 36px 0 14px; padding-top: 14px; border-top: 2px solid var(--fg); font-size: 22px; line-height: 1.25; }
.block { margin: 0 0 20px; padding: 18px 20px 16px; background: var(--card); border: 1px solid var(--border); border-radius: 10px; break-inside: avoid; page-break-inside: avoid; }
.block-title { margin: 0 0 8px; font-size: 18px; line-height: 1.3; font-weight: 620; }
.block-title .num { color: var(--muted); font-weight: 500; margin-right: 2px; }
figure { margin: 0; }
svg.chart { display: block; width: 100%; height: auto; overflow: visible; }
svg.chart text { font-size: 12px; fill: var(--muted); }
svg.chart .xl text { text-anchor: middle; }
svg.chart .dl text { font-size: 11px; fill: var(--fg); text-anchor: middle; paint-order: stroke; stroke: var(--card); stroke-width: 3px; stroke-linejoin: round; }
svg.chart .empty { text-anchor: middle; font-size: 13px; }
svg.chart .grid { stroke: var(--grid); stroke-width: 1; fill: none; }
svg.chart .sep { stroke: var(--border); stroke-dasharray: 3 3; fill: none; }
svg.chart .base { stroke: var(--border); fill: none; }
svg.chart .cy { fill: none; stroke-width: 2.2; stroke-linejoin: round; stroke-linecap: round; }
svg.chart .py { fill: none; stroke-width: 1.6; stroke-dasharray: 6 4; stroke-linecap: round; opacity: .75; }
svg.chart .mk { stroke: var(--card); stroke-width: 1; }
svg.chart .lim { fill: none; stroke: var(--muted); stroke-width: 1.2; stroke-dasharray: 2 3; opacity: .8; }
svg.chart .ctr { fill: none; stroke: var(--muted); stroke-width: 1; stroke-dasharray: 10 3 2 3; opacity: .6; }
svg.chart .tgt { fill: var(--target); stroke: var(--card); stroke-width: .8; }
svg.chart .ctg, .legend .ctg { fill: none; stroke: var(--target); stroke-width: 1.6; stroke-dasharray: 9 3; }
svg.chart .ring { fill: none; stroke-width: 2.4; }
svg.chart .ring.bad { stroke: var(--bad); }
svg.chart .ring.good { stroke: var(--good); }
svg.chart .band { opacity: .1; }
svg.chart .band.bad { fill: var(--bad); }
svg.chart .band.good { fill: var(--good); }
svg.chart .hit { fill: transparent; }
svg.chart .lim.s0, svg.chart .ctr.s0 { stroke: var(--s0); } svg.chart .lim.s1, svg.chart .ctr.s1 { stroke: var(--s1); }
svg.chart .lim.s2, svg.chart .ctr.s2 { stroke: var(--s2); } svg.chart .lim.s3, svg.chart .ctr.s3 { stroke: var(--s3); }
.s0 { stroke: var(--s0); } .mk.s0, .sw.s0 { fill: var(--s0); }
.s1 { stroke: var(--s1); } .mk.s1, .sw.s1 { fill: var(--s1); }
.s2 { stroke: var(--s2); } .mk.s2, .sw.s2 { fill: var(--s2); }
.s3 { stroke: var(--s3); } .mk.s3, .sw.s3 { fill: var(--s3); }
.legend { display: flex; flex-wrap: wrap; gap: 4px 18px; margin: 4px 0 10px; padding: 0; list-style: none; color: var(--muted); font-size: 13px; }
.legend li { display: inline-flex; align-items: center; gap: 6px; }
.legend svg { width: 26px; height: 12px; flex: none; }
.legend .cy, .legend .py, .legend .lim { fill: none; }
.legend .cy { stroke-width: 2.2; }
.legend .py { stroke-width: 1.6; stroke-dasharray: 5 3; }
.legend .lim { stroke: var(--muted); stroke-width: 1.2; stroke-dasharray: 2 3; }
.legend .tgt { fill: var(--target); }
.legend .ring { fill: none; stroke-width: 2; }
.legend .ring.bad { stroke: var(--bad); }
.legend .ring.good { stroke: var(--good); }
table { border-collapse: collapse; width: 100%; }
th, td { padding: 4px 8px; text-align: right; white-space: nowrap; }
th { font-weight: 600; color: var(--muted); font-size: 13px; }
table.box { margin-top: 4px; font-size: 14px; }
table.box thead th { border-bottom: 1px solid var(--border); }
table.box .group th { font-weight: 500; font-size: 12px; padding-bottom: 0; text-align: center; border-bottom: 0; }
table.box tbody th { text-align: left; color: var(--fg); font-weight: 600; }
table.box td.cmp { color: var(--muted); }
table.box td.val, table.box th.val { border-left: 1px solid var(--grid); }
.table-wrap { overflow-x: auto; }
table.data { font-size: 14px; }
table.data caption { text-align: left; caption-side: top; padding: 0 0 8px; }
table.data thead th { border-bottom: 1px solid var(--border); }
table.data tbody th { text-align: left; font-weight: 500; color: var(--fg); }
table.data tbody tr:nth-child(even) td, table.data tbody tr:nth-child(even) th { background: color-mix(in srgb, var(--grid) 45%, transparent); }
table.data tr.row-bold th, table.data tr.row-bold td { font-weight: 700; }
table.data tr.row-italic th, table.data tr.row-italic td { font-style: italic; }
table.data tr.row-center th { text-align: center; }
table.data tr.row-right th { text-align: right; }
table.data tr.group th { padding-top: 10px; font-weight: 700; color: var(--fg); border-bottom: 1px solid var(--border); }
.signals, .xmr-remarks { margin: 10px 0 0; padding: 0; list-style: none; font-size: 13.5px; }
.signals li { margin: 3px 0; }
.xmr-remarks { color: var(--muted); }
.notes { margin: 12px 0 0; padding: 10px 12px; border-left: 3px solid var(--border); font-size: 14px; }
.notes p { margin: 0 0 4px; font-weight: 600; }
.notes ul { margin: 0; padding-left: 18px; }
.notes time { color: var(--muted); }
.embed p { margin: 0; }
.embed code { overflow-wrap: anywhere; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.deck-footer { margin-top: 32px; color: var(--muted); font-size: 13px; }
@media (max-width: 640px) { .deck { padding: 20px 12px; } .block { padding: 14px 12px; } h1 { font-size: 24px; } }
@page { margin: 12mm; }
@media print {
  :root {
    --page: ${P.page}; --card: ${P.card}; --fg: ${P.fg}; --muted: ${P.muted}; --border: ${P.border}; --grid: ${P.grid};
    --s0: ${P.s0}; --s1: ${P.s1}; --s2: ${P.s2}; --s3: ${P.s3};
    --target: ${P.target}; --bad: ${P.bad}; --good: ${P.good}; --link: ${P.link};
    --bad-bg: ${P.badBg}; --good-bg: ${P.goodBg}; --note-bg: ${P.noteBg};
  }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  body { font-size: 10.5pt; background: #ffffff; }
  .deck { max-width: none; padding: 0; }
  .block { border-color: var(--border); border-radius: 6px; padding: 10px 12px; margin-bottom: 10px; }
  .block, .signals-index, figure, table, tr, .notes { break-inside: avoid; page-break-inside: avoid; }
  .section-title, .block-title { break-after: avoid; page-break-after: avoid; }
  .table-wrap { overflow: visible; }
  /* Paper cannot scroll: a table too wide for the page (twelve months of 15-digit numbers) wraps its values instead of being cut off. */
  td { white-space: normal; overflow-wrap: anywhere; }
  .embed a::after { content: " (" attr(href) ")"; overflow-wrap: anywhere; }
}
`;
