/** Rules for the PR/FAQ: the press release's page, sections, language, and the FAQ's coverage. */
import { PRESS_RELEASE_ROLES } from '../document-model.js';
import type { DocumentSection, LintZone, PressReleaseRole, TextUnit } from '../document-model.js';
import type { LintRule, RuleContext } from '../lint-rule.js';
import type { Token } from '../text-analysis.js';
import { COMPANY_WORDS, CUSTOMER_WORDS, TECHNICAL_UNITS } from '../word-lists.js';
import { formatCount, isProse, quote, tokenRange } from './rule-helpers.js';

const PRESS_RELEASE_ZONES: readonly LintZone[] = ['headline', 'pressRelease', 'quote'];

/** The press release's text as a reader sees it: section titles of the template are not part of it. */
function pressReleaseUnits(context: RuleContext): TextUnit[] {
  return context.document.units.filter((unit) => PRESS_RELEASE_ZONES.includes(unit.section.zone) && (unit.block.kind !== 'heading' || isProse(unit)));
}

/**
 * Reports a text that runs past its page budget, at the first word beyond it, so the author sees
 * where the page ends. Shared by the press-release and memo length rules.
 */
export function reportPageOverflow(context: RuleContext, units: readonly TextUnit[], pages: number, what: string, anchor: string): void {
  const limit = pages * context.settings.wordsPerPage;
  let total = 0;
  let overflow: { token: Token; unit: TextUnit } | undefined;
  for (const unit of units) {
    if (overflow === undefined && total + unit.tokens.length > limit) overflow = { token: unit.tokens[limit - total] as Token, unit };
    total += unit.tokens.length;
  }
  if (overflow === undefined) return;
  const pageWord = pages === 1 ? 'one page holds' : `${pages} pages hold`;
  context.report(
    { start: overflow.token.start, end: overflow.token.end },
    undefined,
    `${what} runs ${formatCount(total)} words; ${pageWord} ${formatCount(limit)} (${formatCount(context.settings.wordsPerPage)} words a page). The page ends before this word.`,
    anchor,
  );
}

export const pressReleaseLengthRule: LintRule = {
  id: 'prfaq.length',
  defaultSeverity: 'error',
  kinds: ['prfaq'],
  title: 'The press release fits on one page',
  why: 'A press release that needs a second page has not yet found what matters to the customer.',
  check(context) {
    reportPageOverflow(context, pressReleaseUnits(context), context.settings.pressReleaseMaxPages, 'The press release', 'press-release');
  },
};

const SECTION_NAMES: Readonly<Record<PressReleaseRole, string>> = {
  headline: 'headline (the "# " title)',
  subheading: 'subheading',
  summary: 'summary paragraph',
  problem: 'customer problem',
  solution: 'solution',
  'leader-quote': 'quote from a leader',
  'how-it-works': 'how it works / how to start',
  'customer-quote': 'customer quote',
  'call-to-action': 'call to action',
};

export const missingSectionRule: LintRule = {
  id: 'prfaq.missing-section',
  defaultSeverity: 'error',
  kinds: ['prfaq'],
  title: 'Missing press-release sections',
  why: 'Each section answers a question the customer will ask; a missing one is a question left open.',
  check(context) {
    const present = new Set<PressReleaseRole>();
    for (const unit of context.document.units) {
      const role = unit.section.role;
      const isContent = unit.block !== unit.section.heading || role === 'headline' || role === 'subheading';
      if (isContent && (PRESS_RELEASE_ROLES as readonly string[]).includes(role)) present.add(role as PressReleaseRole);
    }
    const headline = context.document.sections.find((section) => section.role === 'headline');
    const at = headline?.heading ?? context.document.sections[0]?.heading;
    const range = at === undefined ? { start: 0, end: 0 } : { start: at.start, end: at.end };
    const missing = PRESS_RELEASE_ROLES.filter((role) => !present.has(role));
    if (missing.length === 0) return;
    if (missing.length >= PRESS_RELEASE_ROLES.length - 1) {
      context.report(range, undefined, 'The press release has no recognisable sections: give each one a heading (Summary, Problem, Solution, Quote, How it works, Customer quote, Call to action).', 'all-sections');
      return;
    }
    for (const role of missing) {
      context.report(range, undefined, `The press release has no ${SECTION_NAMES[role]}${role === 'headline' ? '' : ' section (a heading naming it, with text under it)'}.`, role);
    }
  },
};

export const faqCoverageRule: LintRule = {
  id: 'prfaq.faq-coverage',
  defaultSeverity: 'error',
  kinds: ['prfaq'],
  title: 'The FAQ has an answered external and internal question',
  why: 'Customers and stakeholders ask different hard questions; a PR/FAQ must face both.',
  check(context) {
    const faqSections = context.document.sections.filter((section) => section.role === 'faq');
    const first = faqSections[0];
    if (first === undefined) {
      const end = context.document.markdown.source.length;
      context.report({ start: end, end }, undefined, 'The PR/FAQ has no FAQ: add "## External FAQ" and "## Internal FAQ" with answered questions.', 'no-faq');
      return;
    }
    const range = { start: first.heading?.start ?? first.start, end: first.heading?.end ?? first.start };
    const answered = context.document.faq.filter((entry) => entry.answerWords > 0);
    const isUntagged = answered.length > 0 && answered.every((entry) => entry.audience === undefined);
    for (const audience of ['external', 'internal'] as const) {
      if (answered.some((entry) => entry.audience === audience)) continue;
      const who = audience === 'external' ? 'customers' : 'stakeholders inside the company';
      const hint = isUntagged ? ' Tag each question: put it under an "External FAQ" or "Internal FAQ" heading, or add [external]/[internal].' : '';
      context.report(range, first, `The FAQ has no answered ${audience} question (from ${who}).${hint}`, `${audience}-question`);
    }
  },
};

export const faqUnansweredRule: LintRule = {
  id: 'prfaq.faq-unanswered',
  defaultSeverity: 'warning',
  kinds: ['prfaq'],
  title: 'An FAQ question without an answer',
  why: 'An unanswered question is a risk the team has named but not faced.',
  check(context) {
    for (const entry of context.document.faq) {
      if (entry.answerWords > 0) continue;
      const section = context.document.sections.find((candidate) => candidate.key === entry.sectionKey);
      context.report({ start: entry.questionStart, end: entry.questionEnd }, section, `The question ${quote(entry.question)} has no answer yet.`);
    }
  },
};

const VERSION_TOKEN = /^v\d+(?:\.\d+)*$|^\d+\.\d+\.\d+(?:\.\d+)*$/i;
const NUMBER_TOKEN = /^\d+(?:[.,]\d+)*$/;
const NUMBER_WITH_UNIT = new RegExp(`^\\d+(?:\\.\\d+)?(?:${[...TECHNICAL_UNITS].join('|')})$`, 'i');
const VERSION_WORDS = new Set(['version', 'release', 'build']);

export const techSpecRule: LintRule = {
  id: 'prfaq.tech-spec',
  defaultSeverity: 'warning',
  kinds: ['prfaq'],
  title: 'Technical specifications in the press release',
  why: 'Customers buy outcomes, not specifications; keep units, versions and internal terms for the internal FAQ.',
  check(context) {
    const masked = context.document.markdown.masked;
    const units = pressReleaseUnits(context);
    for (const unit of units) {
      const tokens = unit.tokens;
      const flagged = new Set<number>();
      const sentenceStarts = new Set(unit.sentences.map((sentence) => sentence.firstToken));
      for (const match of context.vocabulary.technicalTerms.findAll(tokens, masked)) {
        const range = tokenRange(tokens, match.firstToken, match.endToken);
        for (let index = match.firstToken; index < match.endToken; index += 1) flagged.add(index);
        context.report(range, unit.section, `${quote(context.document.markdown.source.slice(range.start, range.end))} is an internal technical term: say what it does for the customer.`);
      }
      for (let index = 0; index < tokens.length; index += 1) {
        if (flagged.has(index)) continue;
        const token = tokens[index] as Token;
        const next = tokens[index + 1];
        const isAdjacent = next !== undefined && /^ ?$/.test(masked.slice(token.end, next.start));
        let end = -1;
        if (NUMBER_WITH_UNIT.test(token.text) || VERSION_TOKEN.test(token.text)) end = index + 1;
        else if (NUMBER_TOKEN.test(token.text) && isAdjacent && TECHNICAL_UNITS.has(next.lower)) end = index + 2;
        else if (VERSION_WORDS.has(token.lower) && isAdjacent && /^v?\d+(?:\.\d+)*$/i.test(next.text)) end = index + 2;
        // "Bluetooth 5.3", "Acme 2.0": a name and a decimal (but not "Rated 4.5" opening a sentence).
        else if (/^[A-Z][a-z]/.test(token.text) && !sentenceStarts.has(index) && isAdjacent && /^\d+\.\d+$/.test(next.text)) end = index + 2;
        if (end === -1) continue;
        const range = tokenRange(tokens, index, end);
        context.report(range, unit.section, `${quote(context.document.markdown.source.slice(range.start, range.end))} is a technical specification: tell the customer the benefit instead.`);
        index = end - 1;
      }
    }
    for (const span of context.document.markdown.codeSpans) {
      const section = sectionAt(context, span.start);
      if (section === undefined || !PRESS_RELEASE_ZONES.includes(section.zone)) continue;
      context.report(span, section, 'Code in a press release: customers read benefits, not commands or identifiers.');
    }
  },
};

function sectionAt(context: RuleContext, offset: number): DocumentSection | undefined {
  return context.document.sections.find((section) => section.start <= offset && offset < section.end);
}

export const customerFocusRule: LintRule = {
  id: 'prfaq.customer-focus',
  defaultSeverity: 'warning',
  kinds: ['prfaq'],
  title: 'Customer focus: the customer more than "we/our"',
  why: 'A press release is written from the customer\'s side; "we" talk shows the company looking at itself.',
  check(context) {
    const customerTerms = new Set(context.settings.customerTerms.map((term) => term.toLowerCase()));
    let company = 0;
    let customer = 0;
    for (const unit of pressReleaseUnits(context)) {
      // The leader's quote speaks for the company by design: it does not count against it.
      if (unit.section.role === 'leader-quote') continue;
      for (const token of unit.tokens) {
        if (COMPANY_WORDS.has(token.lower) && token.text !== 'US') company += 1;
        else if (CUSTOMER_WORDS.has(token.lower) || customerTerms.has(token.lower)) customer += 1;
      }
    }
    if (company < 3 || company <= customer) return;
    const headline = context.document.sections.find((section) => section.role === 'headline')?.heading;
    const range = headline === undefined ? { start: 0, end: 0 } : { start: headline.start, end: headline.end };
    context.report(range, undefined, `The press release says "we/our" ${company} times and speaks of the customer ${customer} times: write it from the customer's side.`, 'press-release');
  },
};
