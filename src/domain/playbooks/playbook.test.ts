import { describe, expect, it } from 'vitest';
import { XSS_PAYLOADS } from '../documents/xss-payloads.js';
import { isAppError } from '../errors.js';
import { countReadableWords as countWords } from '../writing/word-count.js';
import { buildPlaybookLibrary, playbookMarkdown, relatedPlaybooks, renderPlaybookPrintPage, type PlaybookSource } from './playbook.js';

const DIAGRAM = ['```mermaid', 'flowchart TD', '  accTitle: Draft to verdict', '  A[Draft] --> B{Compelling?}', '  B -->|yes| C[FAQ]', '```'].join('\n');

function source(slug: string, overrides: { frontMatter?: Record<string, string>; body?: string; extraLines?: string[] } = {}): PlaybookSource {
  const fields: Record<string, string> = {
    title: `The ${slug} playbook`,
    slug,
    mechanism: 'working-backwards',
    summary: 'A summary long enough to read in the list of playbooks.',
    related: '[]',
    tool: 'prfaq',
    ...overrides.frontMatter,
  };
  const lines = ['---', ...Object.entries(fields).filter(([, value]) => value !== '').map(([key, value]) => `${key}: ${value}`), ...(overrides.extraLines ?? []), '---'];
  return { file: `content/playbooks/${slug}.md`, text: `${lines.join('\n')}\n${overrides.body ?? `## Steps\n\nWrite the release first.\n\n${DIAGRAM}\n\nThen the FAQ.\n`}` };
}

function refusal(sources: PlaybookSource[]) {
  try {
    buildPlaybookLibrary(sources);
  } catch (error) {
    if (isAppError(error)) return { code: error.code, file: error.details.file, line: error.details.line, message: error.message };
    throw error;
  }
  throw new Error('expected the library to be refused');
}

describe('reading a playbook', () => {
  it('reads the front matter, the body, its diagram, word count and read time', () => {
    const library = buildPlaybookLibrary([source('writing-a-prfaq', { frontMatter: { related: '[six-page-memo]', summary: '>-\n  A folded summary\n  over two lines.' } }), source('six-page-memo', { frontMatter: { mechanism: 'narrative-memo', tool: 'memo' } })]);
    const playbook = library.bySlug.get('writing-a-prfaq')!;
    expect(playbook).toMatchObject({ title: 'The writing-a-prfaq playbook', mechanism: 'working-backwards', tool: 'prfaq', summary: 'A folded summary over two lines.', related: ['six-page-memo'], wordCount: 8, readMinutes: 1 });
    expect(playbook.diagrams).toEqual([{ number: 1, title: 'Draft to verdict', description: null, source: 'flowchart TD\n  accTitle: Draft to verdict\n  A[Draft] --> B{Compelling?}\n  B -->|yes| C[FAQ]', steps: ['Draft → Compelling?', 'Compelling? → FAQ (yes)'] }]);
    expect(relatedPlaybooks(library, playbook).map((related) => related.slug)).toEqual(['six-page-memo']);
    // Working backwards comes before the memo in the library's order.
    expect(library.playbooks.map((item) => item.slug)).toEqual(['writing-a-prfaq', 'six-page-memo']);
  });

  it('renders the body as safe HTML with each diagram as a slot, not as code', () => {
    const { html } = buildPlaybookLibrary([source('writing-a-prfaq')]).bySlug.get('writing-a-prfaq')!;
    expect(html).toContain('<h2>Steps</h2>');
    expect(html).not.toContain('data-source-start');
    expect(html).not.toContain('<pre');
    expect(html).not.toContain('flowchart TD');
    expect(html).toContain('<div class="playbook-diagram__drawing" data-diagram="1"></div>');
    expect(html).toContain('<span class="playbook-diagram__number">Diagram 1.</span> Draft to verdict');
    expect(html).toContain('<li>Compelling? → FAQ (yes)</li>');
    // Prose on both sides of the diagram stays in order.
    expect(html.indexOf('Write the release first.')).toBeLessThan(html.indexOf('data-diagram'));
    expect(html.indexOf('data-diagram')).toBeLessThan(html.indexOf('Then the FAQ.'));
  });

  it('keeps other code blocks as code', () => {
    const { html, diagrams } = buildPlaybookLibrary([source('writing-a-prfaq', { body: '## Example\n\n```text\n# not a heading\n```\n' })]).bySlug.get('writing-a-prfaq')!;
    expect(diagrams).toEqual([]);
    expect(html).toContain('<pre><code># not a heading</code></pre>');
  });

  it.each(XSS_PAYLOADS.filter((payload) => !payload.startsWith('# ')))('renders hostile Markdown as inert text: %s', (payload) => {
    const { html } = buildPlaybookLibrary([source('writing-a-prfaq', { body: `## Body\n\n${payload}\n` })]).bySlug.get('writing-a-prfaq')!;
    expect(html).not.toMatch(/<(script|img|svg|iframe|style|math|details open|body)\b/i);
    expect(html).not.toMatch(/<[^>]*\son\w+\s*=/i);
    expect(html).not.toMatch(/href="(?!https?:|mailto:|#)/i);
  });

  it('escapes diagram labels in the HTML and in the steps', () => {
    const body = '```mermaid\nflowchart TD\naccTitle: Ampersands & "quotes"\nA["Q&A, \'quoted\'"] --> B[Done]\n```\n';
    const { html } = buildPlaybookLibrary([source('writing-a-prfaq', { body })]).bySlug.get('writing-a-prfaq')!;
    expect(html).toContain('Ampersands &amp; &quot;quotes&quot;');
    expect(html).toContain('<li>Q&amp;A, &#39;quoted&#39; → Done</li>');
  });

  it('counts the words a reader reads: prose, headings and link text, not diagrams or link targets', () => {
    expect(countWords('## Two words\n\nSingle-threaded teams ship. [Read more](https://example.test/a-b-c) now.\n\n```mermaid\nflowchart TD\nA --> B\n```\n- team\'s list item')).toBe(11);
    expect(countWords('')).toBe(0);
  });

  it('makes a Markdown download that starts with the title and summary', () => {
    const playbook = buildPlaybookLibrary([source('writing-a-prfaq')]).bySlug.get('writing-a-prfaq')!;
    const markdown = playbookMarkdown(playbook);
    expect(markdown.startsWith('# The writing-a-prfaq playbook\n\nA summary long enough')).toBe(true);
    expect(markdown).toContain('```mermaid\nflowchart TD');
    expect(markdown).not.toContain('tool: prfaq');
  });

  it('makes a print-ready page with no script, each diagram drawn and then written out as its steps', () => {
    const page = renderPlaybookPrintPage(buildPlaybookLibrary([source('writing-a-prfaq')]).bySlug.get('writing-a-prfaq')!);
    expect(page).toContain('<title>The writing-a-prfaq playbook</title>');
    expect(page).toContain('@page');
    expect(page).toContain('Pulse playbook · Working backwards (PR/FAQ) · 8 words, 1 min read');
    // The caption, the drawing (named by its title), then the steps in words.
    expect(page).toMatch(/<figure class="diagram"><figcaption>Diagram 1\. Draft to verdict<\/figcaption><div class="diagram-drawing"><svg [^>]*role="img"><title>Draft to verdict<\/title>.*<\/svg><\/div><p class="diagram-words">The diagram in words<\/p><ol><li>Draft → Compelling\?<\/li><li>Compelling\? → FAQ \(yes\)<\/li><\/ol><\/figure>/);
    const svg = /<svg [^>]*>.*?<\/svg>/.exec(page)![0];
    // Each node's label and the arrow's, three shapes and two arrowheads; text in the font it was measured in, or a narrower one.
    for (const label of ['Draft', 'Compelling?', 'FAQ', 'yes']) expect(svg).toMatch(new RegExp(`<text [^>]*>${label.replace('?', '\\?')}</text>`));
    expect(svg.match(/<(rect|polygon)\b/g)!.length).toBeGreaterThanOrEqual(5);
    expect(svg).toContain('font-family="&#39;DejaVu Sans&#39;, &#39;Helvetica Neue&#39;, Arial, sans-serif"');
    // A small chart keeps its labels at full size: its width in points is the layout's.
    const [, viewWidth] = /viewBox="0 0 ([\d.]+) [\d.]+"/.exec(svg)!;
    expect(svg).toContain(`width="${viewWidth}pt"`);
    expect(page).not.toMatch(/<script/i);
    expect(page).not.toContain('data-diagram');
    expect(page).not.toContain('Drawn top to bottom');
  });

  it('fits a wide chart to the printable page, draws a chain across it top-down, saying so, and a chain too long for a page in parts', () => {
    const chainSource = (name: string, count: number) => Array.from({ length: count - 1 }, (_, index) => `  ${name}${index}[${name} step number ${index + 1}] --> ${name}${index + 1}[${name} step number ${index + 2}]`).join('\n');
    const body = `## Steps\n\n\`\`\`mermaid\nflowchart LR\n  accTitle: A long chain\n${chainSource('Long', 25)}\n\`\`\`\n\n\`\`\`mermaid\nflowchart LR\n  accTitle: A medium chain\n${chainSource('Medium', 12)}\n\`\`\`\n\n\`\`\`mermaid\nflowchart LR\n  accTitle: A short chain\n  A[Lead] --> B[Call] --> C[Proposal] --> D[Contract] --> E[Kick-off]\n\`\`\`\n`;
    const page = renderPlaybookPrintPage(buildPlaybookLibrary([source('writing-a-prfaq', { body })]).bySlug.get('writing-a-prfaq')!);
    const [long, medium, short] = [...page.matchAll(/<figure class="diagram[^"]*">.*?<\/figure>/g)].map((match) => match[0]);
    const sizesOf = (figure: string) => [...figure.matchAll(/<svg [^>]*>/g)].map(([svg]) => {
      const [, viewWidth, viewHeight] = /viewBox="0 0 ([\d.]+) ([\d.]+)"/.exec(svg)!.map(Number);
      const width = Number(/ width="([\d.]+)pt"/.exec(svg)![1]);
      return { viewWidth: viewWidth!, viewHeight: viewHeight!, width, scale: width / viewWidth! };
    });
    // Twelve steps run down the page, one drawing, its labels at least the readable six points high (across, under two).
    expect(medium).toContain('<figcaption>Diagram 2. A medium chain</figcaption><p class="diagram-note">Drawn top to bottom to fit the page; its source runs across.</p><div class="diagram-drawing">');
    const [turned, ...others] = sizesOf(medium!);
    expect(others).toHaveLength(0);
    expect(turned!.viewHeight).toBeGreaterThan(3 * turned!.viewWidth);
    expect(turned!.scale * 9).toBeGreaterThanOrEqual(6);
    // Twenty-five steps would be under six points even down the page: they are drawn in parts, each readable and
    // fitting the page, each arrow from one part to the next drawn to a dashed "Continues at" box and from a "From" one.
    expect(long).toMatch(/^<figure class="diagram diagram--banded"><figcaption>Diagram 1\. A long chain<\/figcaption><div class="diagram-lead"><p class="diagram-note">Drawn top to bottom to fit the page; its source runs across\.<\/p><p class="diagram-note">Drawn in 2 parts to keep its labels readable: .*?<\/p><p class="diagram-part">Part 1 of 2<\/p><div class="diagram-drawing"><svg [^>]*><title>A long chain, part 1 of 2<\/title>/);
    // The caption stays with the first part on a printed page; the second may go on the next.
    expect(long).toContain('</svg></div></div><p class="diagram-part">Part 2 of 2</p><div class="diagram-drawing"><svg');
    const parts = sizesOf(long!);
    expect(parts).toHaveLength(2);
    for (const part of parts) {
      expect(part.scale * 9).toBeGreaterThanOrEqual(6);
      expect(part.width).toBeLessThanOrEqual(460);
      expect(part.viewHeight * part.scale).toBeLessThanOrEqual(650);
    }
    for (let step = 1; step <= 25; step += 1) expect(long).toContain(`>Long step number ${step}</text>`);
    // The marker's phrase on a line, the node it names on the next, so that the name is never cut after a word.
    expect(long).toMatch(/>Continues at<\/text><text [^>]*>“Long step number \d+”<\/text>/);
    expect(long).toMatch(/>From<\/text><text [^>]*>“Long step number \d+”<\/text>/);
    expect(long).toContain('stroke-dasharray="3 2"');
    expect(long).toContain('<li>Long step number 24 → Long step number 25</li>');
    // The short chain stays across, scaled to the page's width if it must be, and says nothing.
    expect(short).not.toContain('diagram-note');
    const [across] = sizesOf(short!);
    expect(across!.viewWidth).toBeGreaterThan(across!.viewHeight);
    expect(across!.width).toBeLessThanOrEqual(460);
  });
});

describe('a broken playbook is refused with its file and line', () => {
  it.each([
    ['no front matter', { file: 'content/playbooks/a.md', text: '## Body only\n' }, 1, /starts with its front matter/],
    ['an unclosed front matter', { file: 'content/playbooks/a.md', text: '---\ntitle: A\n## Body\n' }, 1, /never closes/],
    ['a YAML syntax error', source('a', { frontMatter: { title: 'a: b: c' } }), 2, /^Front matter: Nested mappings are not allowed in compact mappings$/],
    ['an unknown field', source('a', { extraLines: ['author: Priya'] }), 8, /unknown field "author"/],
    ['a missing field', source('a', { frontMatter: { tool: '' } }), 1, /missing tool/],
    ['a slug that is not the file name', source('a', { frontMatter: { slug: 'b' } }), 3, /must be the file's name \(a\)/],
    ['a slug with capitals', { ...source('a', { frontMatter: { slug: 'Bad_Slug' } }), file: 'content/playbooks/Bad_Slug.md' }, 3, /lower-case words joined by hyphens/],
    ['an unknown mechanism', source('a', { frontMatter: { mechanism: 'okrs' } }), 4, /mechanism "okrs" is not one of working-backwards/],
    ['an unknown tool', source('a', { frontMatter: { tool: 'slides' } }), 7, /tool "slides" is not one of prfaq, memo/],
    ['a title that is a list', source('a', { frontMatter: { title: '[x, y]' } }), 2, /title must be text/],
    ['a short summary', source('a', { frontMatter: { summary: 'Too short.' } }), 5, /summary must be 20-300 characters/],
    ['related that is not a list', source('a', { frontMatter: { related: 'b' } }), 6, /related must be a list/],
    ['related to itself', source('a', { frontMatter: { related: '[a]' } }), 6, /not related to itself/],
    ['a level-one heading in the body', source('a', { body: '## Fine\n\n# Not fine\n' }), 11, /starts its sections at "##"/],
    ['an unclosed code block', source('a', { body: 'Text\n\n```mermaid\nflowchart TD\n' }), 11, /never closes/],
    ['a diagram Mermaid would not draw as we read it', source('a', { body: 'Text\n\n```mermaid\nflowchart TD\naccTitle: T\nA -> B\n```\n' }), 14, /expected an arrow/],
    ['an empty body', source('a', { body: '\n\n' }), 9, /no body/],
  ])('%s', (_case, broken, line, message) => {
    const error = refusal([broken]);
    expect(error).toMatchObject({ code: 'invalid_config', file: broken.file, line });
    expect(error.message).toMatch(message);
  });

  it('names the line of a related slug that no playbook has', () => {
    const broken = source('a', { frontMatter: { related: '' }, extraLines: ['related:', '  - b', '  - missing'] });
    const error = refusal([broken, source('b')]);
    expect(error).toMatchObject({ file: 'content/playbooks/a.md', line: 9 });
    expect(error.message).toBe('Front matter: related "missing" is not the slug of any playbook (there are: a, b).');
  });

  it('refuses two playbooks with one slug', () => {
    const error = refusal([source('a'), { ...source('a'), file: 'content/playbooks/copies/a.md' }]);
    expect(error).toMatchObject({ file: 'content/playbooks/copies/a.md', line: 3 });
    expect(error.message).toMatch(/already the slug of content\/playbooks\/a.md/);
  });
});
