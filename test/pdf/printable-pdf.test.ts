import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseFlowchart } from '../../src/domain/playbooks/flowchart.js';
import { buildPlaybookLibrary } from '../../src/domain/playbooks/playbook.js';
import type { PlaybookLibrary } from '../../src/domain/playbooks/playbook.js';
import { renderMarkdownPdf, renderPlaybookPdf } from '../../src/pdf/printable-pdf.js';
import { pageOf, readPdf } from '../support/pdf-reader.js';

const MEMO = `# Why we build the gripper

Shift leads lose **an hour** every evening to failed picks. We *think* soft packaging is the cause; see \`pick_errors\`.
Read [the study](https://example.org/study) before the meeting, not [this](javascript:alert(1)).

> Нам нужен захват, который не рвёт пакеты.

- Picks fail on bags
- Returns take a day

1. Measure
2. Build

\`\`\`
SELECT day, count(*) FROM picks GROUP BY day;
\`\`\`

---

## Appendix

The data behind the numbers.
`;

describe('document PDFs', () => {
  it('keep the Markdown: headings, emphasis, quotes in any script, lists, code, safe links only', async () => {
    const pdf = await readPdf(await renderMarkdownPdf({ title: 'Gripper memo', subtitle: 'Memo · version 4 · Priya Raman · 2026-11-20', markdown: MEMO }));
    const text = pdf.pages.map((page) => page.text).join(' ');
    expect(pdf.title).toBe('Gripper memo');
    expect(text).toMatch(/^Gripper memo Memo · version 4 · Priya Raman · 2026-11-20 Why we build the gripper Shift leads lose an hour/);
    expect(text).toContain('Нам нужен захват, который не рвёт пакеты.');
    expect(text).toMatch(/• Picks fail on bags • Returns take a day 1\. Measure 2\. Build/);
    expect(text).toContain('SELECT day, count(*) FROM picks GROUP BY day;');
    expect(text).toContain('The data behind the numbers.');
    // The safe link is a link; the javascript: one is its label alone.
    const links = pdf.pages.flatMap((page) => page.links);
    expect(links).toEqual([{ url: 'https://example.org/study', destination: null }]);
    expect(pdf.outline).toEqual([{ title: 'Why we build the gripper', depth: 0 }, { title: 'Appendix', depth: 0 }]);
    expect(pdf.pages[0]!.text).toMatch(/Gripper memo Page 1 of 1$/);
  });

  it('reflow a hard-wrapped paragraph, follow only links a viewer can open, and print what the fonts can', async () => {
    const markdown = [
      'Shift leads lose an hour',
      'every evening to failed picks.',
      '',
      'See [the intro](#intro), [the café study](https://example.org/café) and [mail us](mailto:ops@example.org).',
      '',
      `A hash\tpasted\u0007 here: ${'0123456789abcdef'.repeat(2500)} done.`,
    ].join('\n');
    const pdf = await readPdf(await renderMarkdownPdf({ title: 'Notes', subtitle: 'Memo', markdown }));
    expect(pdf.pages[0]!.lines).toContain('Shift leads lose an hour every evening to failed picks.');
    expect(pdf.pages.flatMap((page) => page.links)).toEqual([
      { url: 'https://example.org/caf%C3%A9', destination: null },
      { url: 'mailto:ops@example.org', destination: null },
    ]);
    const text = pdf.pages.map((page) => page.text).join(' ');
    // The tab is spaces, the bell is gone, and the 40,000-letter word is broken where it must be.
    expect(text).toContain('A hash pasted here: 0123456789abcdef');
    expect(text).toContain('done.');
  });

  it('break lines where the Markdown says so, and print footnotes as raised numbers with the notes at the end', async () => {
    const markdown = [
      'Dear team,  ',
      'the pilot starts Monday.',
      '',
      'Orders grew[^growth] while returns fell.[^returns] Again[^growth], and [^missing].',
      '',
      '[^returns]: Net of exchanges.',
      '[^growth]: Week 38 against week 37.',
    ].join('\n');
    const pdf = await readPdf(await renderMarkdownPdf({ title: 'Notes', subtitle: 'Memo', markdown }));
    const lines = pdf.pages.flatMap((page) => page.lines);
    expect(lines).toContain('Dear team,');
    expect(lines).toContain('the pilot starts Monday.');
    expect(lines).toContain('Orders grew¹ while returns fell.² Again¹, and [^missing].');
    expect(lines.slice(-3)).toEqual(['1. Week 38 against week 37.', '2. Net of exchanges.', 'Notes Page 1 of 1']);
  });

  it('print every number of a long ordered list and of the notes whole, their items lined up', async () => {
    const items = Array.from({ length: 12 }, (_, index) => `${index + 1}. Step number ${index + 1}${index === 11 ? ' has a note.[^n]' : ''}`).join('\n');
    const notes = Array.from({ length: 11 }, (_, index) => `[^${index === 10 ? 'n' : `x${index}`}]: Note ${index + 1}.`).join('\n');
    const references = Array.from({ length: 10 }, (_, index) => `[^x${index}]`).join(' ');
    const pdf = await readPdf(await renderMarkdownPdf({ title: 'Steps', subtitle: 'Memo', markdown: `Notes first: ${references}\n\n${items}\n\n${notes}` }));
    const lines = pdf.pages.flatMap((page) => page.lines);
    for (let index = 1; index <= 12; index += 1) expect(lines).toContain(`${index}. Step number ${index}${index === 12 ? ' has a note.¹¹' : ''}`);
    for (let index = 1; index <= 11; index += 1) expect(lines).toContain(`${index}. Note ${index}.`);
    expect(lines.join('\n')).not.toContain('…');
  });

  it('draw a table as a grid, its header again on each page a long one runs over', async () => {
    const rows = Array.from({ length: 80 }, (_, index) => `| Site ${index + 1} | ${(index + 1) * 1000} | on time |`).join('\n');
    const markdown = `The sites.\n\n| Site | Parcels | Note |\n|:--|--:|:-:|\n${rows}\n\nAfter the table.`;
    const pdf = await readPdf(await renderMarkdownPdf({ title: 'Sites', subtitle: 'Memo', markdown }));
    const lines = pdf.pages.flatMap((page) => page.lines);
    expect(lines).toContain('Site Parcels Note');
    for (const index of [1, 40, 80]) expect(lines).toContain(`Site ${index} ${index * 1000} on time`);
    expect(pdf.pages.length).toBeGreaterThan(1);
    expect(pdf.pages.filter((page) => page.lines.includes('Site Parcels Note')).length).toBe(pdf.pages.length);
    expect(pdf.pages.at(-1)!.text).toContain('After the table.');
  });

  it('write a code block longer than a page from where it starts, every line of it', async () => {
    const code = Array.from({ length: 150 }, (_, index) => `step_${index + 1}();`).join('\n');
    const pdf = await readPdf(await renderMarkdownPdf({ title: 'Runbook', subtitle: 'Memo', markdown: `Before the code.\n\n\`\`\`\n${code}\n\`\`\`\n\nAfter the code.` }));
    expect(pdf.pages[0]!.text).toMatch(/Before the code\. step_1\(\); step_2\(\);/);
    const lines = pdf.pages.flatMap((page) => page.lines);
    for (let index = 1; index <= 150; index += 1) expect(lines).toContain(`step_${index}();`);
    expect(pdf.pages.at(-1)!.text).toContain('After the code.');
  });

  it('run over as many pages as they need, each numbered, every section bookmarked', async () => {
    const sections = Array.from({ length: 40 }, (_, index) => `## Section ${index + 1}\n\n${'The team measured what the customer saw, week after week. '.repeat(1 + ((index * 7) % 11))}\n`).join('\n');
    const pdf = await readPdf(await renderMarkdownPdf({ title: 'Long memo', subtitle: 'Memo', markdown: sections }));
    expect(pdf.pages.length).toBeGreaterThan(3);
    pdf.pages.forEach((page, index) => expect(page.text).toMatch(new RegExp(`Long memo Page ${index + 1} of ${pdf.pages.length}$`)));
    expect(pdf.outline.map((item) => item.title)).toEqual(Array.from({ length: 40 }, (_, index) => `Section ${index + 1}`));
  });
});

/** The playbooks Pulse ships. */
function library(): PlaybookLibrary {
  const folder = fileURLToPath(new URL('../../content/playbooks/', import.meta.url));
  return buildPlaybookLibrary(readdirSync(folder).map((file) => ({ file: `content/playbooks/${file}`, text: readFileSync(`${folder}${file}`, 'utf8') })));
}

describe('playbook PDFs', () => {
  it('carry the title, the summary, the prose and each diagram drawn, then as its steps', async () => {
    const playbook = library().bySlug.get('writing-a-prfaq')!;
    const pdf = await readPdf(await renderPlaybookPdf(playbook));
    const text = pdf.pages.map((page) => page.text).join(' ');
    expect(text.startsWith(`${playbook.title} Pulse playbook · `)).toBe(true);
    expect(text).toContain(playbook.summary.split(' ').slice(0, 8).join(' '));
    // The caption, the drawing's labels (every node's, then the arrows'), then the same diagram in words.
    expect(text).toMatch(/Diagram 1\. From customer problem to a compelling PR\/FAQ Name one customer and their problem Draft the press release .* The diagram in words 1\. Name one customer and their problem → Draft the press release/);
    expect(pdf.outline.map((item) => item.title)).toContain('Pitfalls');
  });

  it('draw every shipped diagram whole on the page of its caption: each node\'s label, each arrow\'s label, its lines and shapes', async () => {
    for (const playbook of library().playbooks) {
      const pdf = await readPdf(await renderPlaybookPdf(playbook));
      for (const diagram of playbook.diagrams) {
        const chart = parseFlowchart(diagram.source, { file: playbook.file, line: 1 });
        const pageIndex = pageOf(pdf, `Diagram ${diagram.number}. ${diagram.title}`);
        expect(pageIndex, `${playbook.slug}: diagram ${diagram.number}'s caption`).toBeGreaterThanOrEqual(0);
        const page = pdf.pages[pageIndex]!;
        const drawing = page.text.slice(page.text.indexOf(`Diagram ${diagram.number}.`), page.text.indexOf('The diagram in words'));
        for (const node of chart.nodes) expect(drawing, `${playbook.slug}: ${node.label}`).toContain(node.label);
        for (const edge of chart.edges) if (edge.label !== null) expect(drawing).toContain(edge.label);
        // A shape per node, a line and an arrowhead per arrow, at the least.
        expect(page.paths, playbook.slug).toBeGreaterThanOrEqual(chart.nodes.length + 2 * chart.edges.length);
      }
    }
  }, 60_000);

  it('scale a chart wider or taller than the page down to fit it, never splitting it across pages, and turn a chain across top-down', async () => {
    const sales = library().bySlug.get('sales-discovery')!;
    const wide = Array.from({ length: 13 }, (_, index) => `  W${index}[Wide step number ${index + 1}] --> W${index + 1}[Wide step number ${index + 2}]`).join('\n');
    const tall = ['  T0[Tall step number 1]', ...Array.from({ length: 14 }, (_, index) => `  T${index} --> T${index + 1}{Tall step number ${index + 2}?}`)].join('\n');
    const body = `${sales.body}\n\n\`\`\`mermaid\nflowchart LR\n  accTitle: A wide chart\n${wide}\n\`\`\`\n\n\`\`\`mermaid\nflowchart TD\n  accTitle: A tall chart\n${tall}\n\`\`\`\n`;
    const pdf = await readPdf(await renderPlaybookPdf({ ...sales, body }));
    for (const [caption, labels] of [['Diagram 2. A wide chart', ['Wide step number 1', 'Wide step number 14']], ['Diagram 3. A tall chart', ['Tall step number 1', 'Tall step number 15?']]] as const) {
      const page = pdf.pages[pageOf(pdf, caption)]!;
      // The first and the last node's labels are on the caption's page, within its margins (62 points).
      for (const label of labels) {
        const run = page.runs.find((candidate) => candidate.text === label);
        expect(run, `${caption}: ${label}`).toBeDefined();
        expect(run!.x).toBeGreaterThanOrEqual(62);
        expect(run!.x).toBeLessThan(page.size.width - 62);
        expect(run!.y).toBeGreaterThan(62);
        expect(run!.y).toBeLessThan(page.size.height - 62);
      }
      expect(page.text).not.toContain('Part 1 of');
    }
    // Fourteen steps left to right would be scaled to labels a few points high: the chain runs down the page
    // instead, one step under another, and its caption says so; the tall chart needs no such note.
    const widePage = pdf.pages[pageOf(pdf, 'Diagram 2. A wide chart')]!;
    expect(widePage.text).toContain('Diagram 2. A wide chart Drawn top to bottom to fit the page; its source runs across.');
    const [first, last] = ['Wide step number 1', 'Wide step number 14'].map((label) => widePage.runs.find((candidate) => candidate.text === label)!);
    expect(last!.y - first!.y).toBeGreaterThan(400);
    expect(Math.abs(last!.x - first!.x)).toBeLessThan(5);
    expect(pdf.pages[pageOf(pdf, 'Diagram 3. A tall chart')]!.text).not.toContain('Drawn top to bottom');
  }, 30_000);

  it('draw a chain too long for one page at a readable size in parts, down the page and onto the next, each arrow between parts kept as a pair of markers', async () => {
    const sales = library().bySlug.get('sales-discovery')!;
    const long = Array.from({ length: 24 }, (_, index) => `  L${index}[Long step number ${index + 1}] --> L${index + 1}[Long step number ${index + 2}]`).join('\n');
    const tall = ['  T0[Tall step number 1]', ...Array.from({ length: 40 }, (_, index) => `  T${index} -->|ok| T${index + 1}{Tall step number ${index + 2}?}`)].join('\n');
    const body = `${sales.body}\n\n\`\`\`mermaid\nflowchart LR\n  accTitle: A long chain\n${long}\n\`\`\`\n\n\`\`\`mermaid\nflowchart TD\n  accTitle: A tall chart\n${tall}\n\`\`\`\n`;
    const pdf = await readPdf(await renderPlaybookPdf({ ...sales, body }));
    for (const [caption, next, name, count] of [['Diagram 2. A long chain', 'Diagram 3.', 'Long step number', 25], ['Diagram 3. A tall chart', 'The diagram in words', 'Tall step number', 41]] as const) {
      const from = pageOf(pdf, caption);
      const to = pdf.pages.findIndex((page, index) => index >= from && page.text.slice(index === from ? page.text.indexOf(caption) : 0).includes(next));
      const pages = pdf.pages.slice(from, to + 1);
      const text = pages.map((page) => page.text).join(' ');
      const drawing = text.slice(text.indexOf(caption), text.indexOf('The diagram in words', text.indexOf(caption)));
      expect(drawing).toMatch(/Drawn in \d parts to keep its labels readable/);
      const parts = Number(/Drawn in (\d) parts/.exec(drawing)![1]);
      for (let part = 1; part <= parts; part += 1) expect(drawing).toContain(`Part ${part} of ${parts}`);
      // Every step's label is drawn, and each cut is marked on both sides, naming the step by its label.
      for (let step = 1; step <= count; step += 1) expect(drawing, `${caption}: step ${step}`).toMatch(new RegExp(`${name} ${step}\\??(?!\\d)`));
      // A chain is cut once between two parts: one marker where it leaves a part, one where it comes into the next.
      expect(drawing.split('Continues at “').length - 1, caption).toBe(parts - 1);
      expect(drawing.split('From “').length - 1, caption).toBe(parts - 1);
      expect(drawing).toMatch(new RegExp(`Continues at “${name} \\d+\\??”`));
      expect(drawing).toMatch(new RegExp(`From “${name} \\d+\\??”`));
      // Each part is within a page's margins, and the parts run onto the next page.
      for (const page of pages) for (const run of page.runs.filter((candidate) => candidate.text.startsWith(name))) {
        expect(run.y).toBeGreaterThan(62);
        expect(run.y).toBeLessThan(page.size.height - 62);
      }
      expect(pages.filter((page) => page.runs.some((candidate) => candidate.text.startsWith(name))).length, caption).toBeGreaterThan(1);
    }
    // The arrow's label crosses with it: the marker an arrow comes in from says it.
    expect(pdf.pages.map((page) => page.text).join(' ')).toMatch(/From “Tall step number \d+\??” \(ok\)/);
  }, 60_000);

  it('number every step of a diagram whole, the tenth and after too', async () => {
    const sales = library().bySlug.get('sales-discovery')!;
    const edges = Array.from({ length: 13 }, (_, index) => `  S${index}[Stage ${index + 1}] --> S${index + 1}[Stage ${index + 2}]`).join('\n');
    const playbook = { ...sales, body: `${sales.body}\n\n\`\`\`mermaid\nflowchart TD\n  accTitle: Thirteen stages\n${edges}\n\`\`\`\n` };
    const pdf = await readPdf(await renderPlaybookPdf(playbook));
    const lines = pdf.pages.flatMap((page) => page.lines);
    // The shipped sales diagram has eleven steps; the added one thirteen.
    expect(lines).toContain('10. Buyer signs? → Won: the buyer judges it by the criteria on their dates (yes)');
    expect(lines).toContain('11. Buyer signs? → Lost, with the reason written down (no)');
    for (let index = 1; index <= 13; index += 1) expect(lines).toContain(`${index}. Stage ${index} → Stage ${index + 1}`);
    expect(lines.join('\n')).not.toContain('…');
  });
});
