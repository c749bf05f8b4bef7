/**
 * The document model the linter reads: a PR/FAQ (press-release sections, FAQ entries tagged
 * external or internal) or a narrative memo (body and appendices), built from Markdown headings.
 * Every section and text unit keeps its source offsets, so a finding can name its line and column.
 */
import { scanMarkdown } from './markdown-scanner.js';
import type { MarkdownBlock, ScannedMarkdown } from './markdown-scanner.js';
import { splitSentences, tokenize } from './text-analysis.js';
import { isPlaceholderText } from './placeholder-text.js';
import type { Sentence, Token } from './text-analysis.js';

export const DOCUMENT_KINDS = ['prfaq', 'memo'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/** The sections of a press release, in the order the template asks for them. */
export const PRESS_RELEASE_ROLES = [
  'headline',
  'subheading',
  'summary',
  'problem',
  'solution',
  'leader-quote',
  'how-it-works',
  'customer-quote',
  'call-to-action',
] as const;
export type PressReleaseRole = (typeof PRESS_RELEASE_ROLES)[number];

export type SectionRole = PressReleaseRole | 'press-release-other' | 'faq' | 'memo-body' | 'appendix';

/**
 * Where a piece of text sits, for section-aware budgets: each zone has its own sentence length and
 * reading grade limits in the settings.
 */
export const LINT_ZONES = ['headline', 'pressRelease', 'quote', 'faq', 'memoBody', 'appendix'] as const;
export type LintZone = (typeof LINT_ZONES)[number];

export type FaqAudience = 'external' | 'internal';

export interface DocumentSection {
  readonly role: SectionRole;
  readonly zone: LintZone;
  /** Stable across versions while the heading stays: used in suppression anchors. */
  readonly key: string;
  /** The heading text, or '' for text before any heading. */
  readonly title: string;
  readonly heading: MarkdownBlock | undefined;
  /** The blocks under the heading (the heading itself excluded). */
  readonly blocks: readonly MarkdownBlock[];
  /** For FAQ sections: the audience named by the heading, when it names one. */
  readonly audience: FaqAudience | undefined;
  readonly start: number;
  readonly end: number;
}

export interface FaqEntry {
  readonly audience: FaqAudience | undefined;
  readonly question: string;
  readonly questionStart: number;
  readonly questionEnd: number;
  /** Words in the answer; 0 means the question is unanswered. */
  readonly answerWords: number;
  readonly sectionKey: string;
}

/** One block of prose with its words and sentences, and the section it belongs to. */
export interface TextUnit {
  readonly block: MarkdownBlock;
  readonly section: DocumentSection;
  readonly tokens: readonly Token[];
  readonly sentences: readonly Sentence[];
}

export interface WritingDocument {
  readonly kind: DocumentKind;
  readonly markdown: ScannedMarkdown;
  readonly sections: readonly DocumentSection[];
  readonly units: readonly TextUnit[];
  readonly faq: readonly FaqEntry[];
}

const FAQ_HEADING = /\bfaqs?\b|frequently asked questions|^(?:external|internal|customer|stakeholder)\s+questions\b/i;
/** The name of the document kind in a title ("PR/FAQ", "PR-FAQ", "PRFAQ"), which is not an FAQ heading. */
const PRFAQ_NAME = /\bPR\s*[/&-]?\s*FAQs?\b/gi;
const APPENDIX_HEADING = /^(?:appendix|appendices|annex)\b/i;
const EXTERNAL_AUDIENCE = /\b(?:external|customers?|public)\b/i;
const INTERNAL_AUDIENCE = /\b(?:internal|stakeholders?)\b/i;

/** Press-release section names, matched against heading text (first match wins). */
const SECTION_PATTERNS: ReadonlyArray<readonly [PressReleaseRole, RegExp]> = [
  ['headline', /^headline$/i],
  ['subheading', /\bsub-?\s?(?:heading|headline|title)\b|\btagline\b/i],
  ['customer-quote', /\b(?:customer|user|client)s?\b.*\b(?:quote|says?|voice)\b|\bquote\b.*\b(?:customer|user|client)s?\b|\btestimonial/i],
  ['leader-quote', /\bquote\b|\bleader\b.*\bsays?\b/i],
  ['call-to-action', /\bcall to action\b|\bcta\b|\bavailability\b|\bclosing\b|\bwhere to (?:buy|find)|\blearn more\b/i],
  ['how-it-works', /\bhow (?:it works|to (?:get )?start(?:ed)?|to begin|to use)\b|\bgetting started\b|\bget started\b/i],
  ['summary', /\bsummary\b|\boverview\b|\bintro(?:duction)?\b|\bopening\b/i],
  ['problem', /\bproblem\b|\bpain\b|\bchallenge\b/i],
  ['solution', /\bsolution\b/i],
];

/** Guesses the kind of a document from its headings: an FAQ or press-release sections make a PR/FAQ. */
export function guessDocumentKind(markdown: ScannedMarkdown): DocumentKind {
  let sectionNames = 0;
  for (const block of markdown.blocks) {
    if (block.kind !== 'heading') continue;
    const title = headingText(markdown, block);
    if (FAQ_HEADING.test(title)) return 'prfaq';
    if (block.depth > 1 && classifyPressReleaseHeading(title) !== undefined) sectionNames += 1;
  }
  return sectionNames >= 2 ? 'prfaq' : 'memo';
}

export function parseWritingDocument(source: string, kind?: DocumentKind): WritingDocument {
  const markdown = scanMarkdown(source);
  const documentKind = kind ?? guessDocumentKind(markdown);
  const sections = documentKind === 'prfaq' ? buildPrfaqSections(markdown) : buildMemoSections(markdown);
  const units = buildTextUnits(markdown, sections);
  const faq = documentKind === 'prfaq' ? collectFaqEntries(markdown, sections) : [];
  return { kind: documentKind, markdown, sections, units, faq };
}

/** The prose of a heading, markup removed. */
export function headingText(markdown: ScannedMarkdown, block: MarkdownBlock): string {
  return markdown.masked.slice(block.start, block.end).replace(/\s+/g, ' ').trim();
}

export function classifyPressReleaseHeading(title: string): PressReleaseRole | undefined {
  for (const [role, pattern] of SECTION_PATTERNS) if (pattern.test(title)) return role;
  return undefined;
}

export function zoneOfRole(role: SectionRole): LintZone {
  switch (role) {
    case 'headline':
      return 'headline';
    case 'leader-quote':
    case 'customer-quote':
      return 'quote';
    case 'faq':
      return 'faq';
    case 'memo-body':
      return 'memoBody';
    case 'appendix':
      return 'appendix';
    default:
      return 'pressRelease';
  }
}

interface SectionDraft {
  role: SectionRole;
  title: string;
  heading: MarkdownBlock | undefined;
  blocks: MarkdownBlock[];
  audience: FaqAudience | undefined;
}

function buildPrfaqSections(markdown: ScannedMarkdown): DocumentSection[] {
  const drafts: SectionDraft[] = [];
  let current: SectionDraft | undefined;
  let isInFaq = false;
  let faqDepth = 0;
  let faqAudience: FaqAudience | undefined;
  let hasHeadline = false;
  const push = (draft: SectionDraft): void => {
    drafts.push(draft);
    current = draft;
  };

  for (const block of markdown.blocks) {
    if (block.kind !== 'heading') {
      const isUnderTitleHeadline = current?.role === 'headline' && current.heading?.depth === 1;
      const isAfterSubheadingLine = current?.role === 'subheading' && current.heading === undefined;
      if (current !== undefined && !isUnderTitleHeadline && !isAfterSubheadingLine) {
        current.blocks.push(block);
      } else if (isUnderTitleHeadline && current?.blocks.length === 0 && isEmphasisedParagraph(markdown, block)) {
        // An emphasised line right under the "# headline" is the subheading.
        push({ role: 'subheading', title: '', heading: undefined, blocks: [block], audience: undefined });
      } else {
        // Text straight under the headline belongs to the press release but to no named section.
        push({ role: 'press-release-other', title: '', heading: undefined, blocks: [block], audience: undefined });
      }
      continue;
    }
    const title = headingText(markdown, block);
    // "One-click returns PR/FAQ" names the document, not its FAQ section.
    const isFaqHeading = FAQ_HEADING.test(title.replace(PRFAQ_NAME, ' '));
    if (isFaqHeading || isInFaq) {
      const isAudienceHeading = isFaqHeading || (!title.includes('?') && audienceOf(title) !== undefined);
      if (!isAudienceHeading) {
        (current as SectionDraft).blocks.push(block); // a question heading stays inside its FAQ section
        continue;
      }
      if (!isInFaq || (isFaqHeading && block.depth <= faqDepth)) faqAudience = undefined;
      if (!isInFaq) faqDepth = block.depth;
      isInFaq = true;
      faqAudience = audienceOf(title) ?? faqAudience;
      push({ role: 'faq', title, heading: block, blocks: [], audience: faqAudience });
      continue;
    }
    if (block.depth === 1 && !hasHeadline) {
      hasHeadline = true;
      push({ role: 'headline', title, heading: block, blocks: [], audience: undefined });
      continue;
    }
    const role = classifyPressReleaseHeading(title);
    if (role === undefined && current?.role === 'headline' && current.blocks.length === 0 && current.heading?.depth === 1 && block.depth === 2) {
      // "# Headline" followed at once by "## A line that names no section" is the subheading.
      push({ role: 'subheading', title, heading: block, blocks: [], audience: undefined });
      continue;
    }
    if (role === undefined && current?.heading !== undefined && current.role !== 'headline' && block.depth > current.heading.depth) {
      current.blocks.push(block); // an unnamed sub-heading stays in the section above it
      continue;
    }
    push({ role: role ?? 'press-release-other', title, heading: block, blocks: [], audience: undefined });
  }
  return finishSections(markdown, drafts);
}

function buildMemoSections(markdown: ScannedMarkdown): DocumentSection[] {
  const drafts: SectionDraft[] = [];
  let isInAppendix = false;
  // An appendix follows a body: a memo that opens with "Appendix" has its whole text counted as body, or an
  // appendix heading at the top would take a memo of any length past the six-page check.
  let hasBodyText = false;
  let current: SectionDraft | undefined;
  for (const block of markdown.blocks) {
    if (block.kind === 'heading') {
      const title = headingText(markdown, block);
      if (APPENDIX_HEADING.test(title) && hasBodyText) isInAppendix = true;
      current = { role: isInAppendix ? 'appendix' : 'memo-body', title, heading: block, blocks: [], audience: undefined };
      drafts.push(current);
      continue;
    }
    if (current === undefined) {
      current = { role: 'memo-body', title: '', heading: undefined, blocks: [], audience: undefined };
      drafts.push(current);
    }
    if (current.role === 'memo-body' && markdown.masked.slice(block.start, block.end).trim() !== '') hasBodyText = true;
    current.blocks.push(block);
  }
  return finishSections(markdown, drafts);
}

function finishSections(markdown: ScannedMarkdown, drafts: readonly SectionDraft[]): DocumentSection[] {
  const usedKeys = new Map<string, number>();
  return drafts.map((draft) => {
    const base = draft.role === 'press-release-other' || draft.role === 'faq' || draft.role === 'memo-body' || draft.role === 'appendix'
      ? `${draft.role}${draft.title === '' ? '' : `-${slugify(draft.title)}`}`
      : draft.role;
    const seen = usedKeys.get(base) ?? 0;
    usedKeys.set(base, seen + 1);
    const first = draft.heading ?? draft.blocks[0];
    const last = draft.blocks.at(-1) ?? draft.heading;
    return {
      role: draft.role,
      zone: zoneOfRole(draft.role),
      key: seen === 0 ? base : `${base}-${seen + 1}`,
      title: draft.title,
      heading: draft.heading,
      blocks: draft.blocks,
      audience: draft.audience,
      start: first?.start ?? 0,
      end: last?.end ?? markdown.source.length,
    };
  });
}

function buildTextUnits(markdown: ScannedMarkdown, sections: readonly DocumentSection[]): TextUnit[] {
  const units: TextUnit[] = [];
  for (const section of sections) {
    const blocks = section.heading === undefined ? section.blocks : [section.heading, ...section.blocks];
    for (const block of blocks) {
      if (block.kind === 'code' || block.kind === 'html' || block.kind === 'thematic-break') continue;
      const tokens = tokenize(markdown.masked, block.start, block.end);
      if (tokens.length === 0) continue;
      const sentences = block.kind === 'heading' || block.kind === 'table'
        ? [{ start: (tokens[0] as Token).start, end: (tokens.at(-1) as Token).end, firstToken: 0, endToken: tokens.length, terminator: '' }]
        : splitSentences(markdown.masked, tokens, block.end);
      units.push({ block, section, tokens, sentences });
    }
  }
  return units;
}

/**
 * FAQ entries: a question is a heading inside an FAQ section, or a paragraph that opens with a bold
 * line (`**How much does it cost?**`). Its answer is the text up to the next question. A question
 * tagged `[external]`/`(internal)` takes that audience; otherwise it takes its section's.
 */
function collectFaqEntries(markdown: ScannedMarkdown, sections: readonly DocumentSection[]): FaqEntry[] {
  const entries: FaqEntry[] = [];
  for (const section of sections) {
    if (section.role !== 'faq') continue;
    let open: { audience: FaqAudience | undefined; question: string; start: number; end: number; answer: string } | undefined;
    const flush = (): void => {
      // A placeholder ("TBD", "To do", "See above") answers nothing: it counts as no answer, for the checks and the gates.
      if (open !== undefined) entries.push({ audience: open.audience, question: open.question, questionStart: open.start, questionEnd: open.end, answerWords: isPlaceholderText(open.answer) ? 0 : tokenize(open.answer, 0, open.answer.length).length, sectionKey: section.key });
      open = undefined;
    };
    for (const block of section.blocks) {
      const raw = markdown.source.slice(block.start, block.end);
      if (block.kind === 'heading') {
        flush();
        const question = headingText(markdown, block);
        open = { audience: audienceTag(raw) ?? section.audience, question, start: block.start, end: block.end, answer: '' };
        continue;
      }
      const bold = block.kind === 'paragraph' ? /^(\s*)(\*\*|__)(.+?)\2/.exec(raw) : null;
      const startsWithQ = block.kind === 'paragraph' && /^\s*Q[:.]\s/.test(raw);
      if (bold !== null || startsWithQ) {
        flush();
        const questionLength = bold !== null ? bold[0].length : firstLineLength(raw);
        const question = markdown.masked.slice(block.start, block.start + questionLength).replace(/\s+/g, ' ').trim();
        const rawQuestion = raw.slice(0, questionLength);
        const answer = markdown.masked.slice(block.start + questionLength, block.end);
        open = { audience: audienceTag(rawQuestion) ?? section.audience, question, start: block.start, end: block.start + questionLength, answer: answer.replace(/^\s*A[:.]\s/, ' ') };
        continue;
      }
      if (open !== undefined) open.answer += `\n${markdown.masked.slice(block.start, block.end)}`;
    }
    flush();
  }
  return entries;
}

function firstLineLength(raw: string): number {
  const newline = raw.indexOf('\n');
  return newline === -1 ? raw.length : newline;
}


function audienceOf(title: string): FaqAudience | undefined {
  if (INTERNAL_AUDIENCE.test(title)) return 'internal';
  if (EXTERNAL_AUDIENCE.test(title)) return 'external';
  return undefined;
}

function audienceTag(question: string): FaqAudience | undefined {
  const tag = /[[(](external|internal|customer|stakeholder)[\])]/i.exec(question);
  if (tag === null) return undefined;
  return audienceOf(tag[1] as string);
}

function isEmphasisedParagraph(markdown: ScannedMarkdown, block: MarkdownBlock): boolean {
  if (block.kind !== 'paragraph') return false;
  const raw = markdown.source.slice(block.start, block.end).trim();
  return /^(\*|_)[^*_][\s\S]*\1$/.test(raw) && !raw.startsWith('**');
}

function slugify(title: string): string {
  return title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40);
}
