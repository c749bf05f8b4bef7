/** Rules about the words and sentences themselves, for every kind of document. */
import type { LintZone, TextUnit } from '../document-model.js';
import type { LintRule, RuleContext } from '../lint-rule.js';
import type { PhraseMatcher } from '../phrase-matcher.js';
import { countSyllables, fleschKincaidGrade } from '../text-analysis.js';
import type { Token } from '../text-analysis.js';
import { BE_FORMS, IRREGULAR_PARTICIPLES, PASSIVE_GAP_WORDS, STATIVE_ED_WORDS } from '../word-lists.js';
import { isProse, quote, sentenceWordCount, tokenRange, ZONE_NAMES } from './rule-helpers.js';

const ALL_BUT_APPENDIX: readonly LintZone[] = ['headline', 'pressRelease', 'quote', 'faq', 'memoBody'];

export const jargonRule: LintRule = {
  id: 'style.jargon',
  defaultSeverity: 'warning',
  kinds: ['prfaq', 'memo'],
  title: 'Jargon (built-in list plus the org\'s)',
  why: 'Jargon sounds like meaning but hides it; readers outside the team stop following.',
  check(context) {
    for (const unit of context.document.units) {
      if (unit.block.kind === 'heading' && !isProse(unit)) continue;
      for (const match of context.vocabulary.jargon.findAll(unit.tokens, context.document.markdown.masked)) {
        if (match.phrase === 'leverage' && isNounUse(unit.tokens, match.endToken, context.document.markdown.masked)) continue;
        const range = tokenRange(unit.tokens, match.firstToken, match.endToken);
        context.report(range, unit.section, `${quote(textOf(context, range))} is jargon: say plainly what it means.`);
      }
    }
  },
};

// "purchasing leverage over suppliers" is a noun and plain English; "leverage our data" is the jargon verb.
function isNounUse(tokens: readonly Token[], endToken: number, masked: string): boolean {
  const word = tokens[endToken - 1] as Token;
  const next = tokens[endToken];
  if (next === undefined || /[.!?;:,]/.test(masked.slice(word.end, next.start))) return true;
  return ['over', 'with', 'in', 'on', 'of', 'for', 'against', 'and', 'or', 'to'].includes(next.lower);
}

// Words that are not vague in these positions: "rather than", "the very first", "what kind of".
const DETERMINERS = new Set(['the', 'a', 'an', 'this', 'that', 'these', 'those', 'what', 'which', 'any', 'every', 'each', 'some', 'no', 'one', 'same', 'its', 'our', 'their', 'your', 'his', 'her', 'my', 'new', 'different', 'right', 'wrong', 'other', 'another']);

function isVagueUse(tokens: readonly Token[], firstToken: number, phrase: string): boolean {
  const previous = tokens[firstToken - 1]?.lower;
  const next = tokens[firstToken + 1]?.lower;
  if (phrase === 'maybe' && (previous === 'a' || previous === 'the')) return false; // "not a maybe": a noun
  if (phrase === 'rather' && (next === 'than' || previous === 'would')) return false;
  if (phrase === 'very' && previous === 'the') return false; // "the very first": emphasis of identity, not degree
  if ((phrase === 'kind of' || phrase === 'sort of') && previous !== undefined && DETERMINERS.has(previous)) return false;
  return true;
}

function createWordListRule(id: 'style.weasel' | 'style.hedge', title: string, why: string, pick: (context: RuleContext) => PhraseMatcher, describe: (words: string) => string): LintRule {
  return {
    id,
    defaultSeverity: 'warning',
    kinds: ['prfaq', 'memo'],
    title,
    why,
    check(context) {
      const matcher = pick(context);
      for (const unit of context.document.units) {
        if (!isProse(unit) || !ALL_BUT_APPENDIX.includes(unit.section.zone)) continue;
        for (const match of matcher.findAll(unit.tokens, context.document.markdown.masked)) {
          if (!isVagueUse(unit.tokens, match.firstToken, match.phrase)) continue;
          const range = tokenRange(unit.tokens, match.firstToken, match.endToken);
          context.report(range, unit.section, describe(quote(textOf(context, range))));
        }
      }
    },
  };
}

export const weaselRule = createWordListRule(
  'style.weasel',
  'Weasel words: intensifiers and vague quantities',
  'A vague word stands where a number or a fact should be; the reader cannot check it.',
  (context) => context.vocabulary.weasel,
  (words) => `${words} is vague: give the number or the fact instead.`,
);

export const hedgeRule = createWordListRule(
  'style.hedge',
  'Hedge words',
  'Hedging hides what the writer actually claims; make the claim, or state the uncertainty with data.',
  (context) => context.vocabulary.hedge,
  (words) => `${words} hedges: state the claim plainly, or quantify the doubt.`,
);

// "is set to launch", "is meant to", "are bound to": idioms of plan or likelihood, not passive actions.
const IDIOM_BEFORE_TO = new Set(['set', 'meant', 'bound', 'supposed', 'used']);

export function isParticiple(lower: string): boolean {
  if (STATIVE_ED_WORDS.has(lower)) return false;
  if (IRREGULAR_PARTICIPLES.has(lower)) return true;
  return lower.length >= 5 && /^[a-z]+ed$/.test(lower);
}

export const passiveVoiceRule: LintRule = {
  id: 'style.passive-voice',
  defaultSeverity: 'warning',
  kinds: ['prfaq', 'memo'],
  title: 'Passive voice (regular and irregular participles)',
  why: 'The passive hides who acts; Working Backwards documents name the owner of every action.',
  check(context) {
    for (const unit of context.document.units) {
      if (!isProse(unit) || !ALL_BUT_APPENDIX.includes(unit.section.zone)) continue;
      for (const sentence of unit.sentences) {
        for (let index = sentence.firstToken; index < sentence.endToken; index += 1) {
          if (!BE_FORMS.has((unit.tokens[index] as Token).lower)) continue;
          let participleAt = index + 1;
          // Up to two adverbs may stand between: "was not yet fully built".
          while (participleAt < sentence.endToken && participleAt - index <= 2 && isPassiveGap((unit.tokens[participleAt] as Token).lower)) participleAt += 1;
          const participle = unit.tokens[participleAt];
          if (participle === undefined || participleAt >= sentence.endToken || !isParticiple(participle.lower)) continue;
          if (IDIOM_BEFORE_TO.has(participle.lower) && unit.tokens[participleAt + 1]?.lower === 'to') continue;
          const range = tokenRange(unit.tokens, index, participleAt + 1);
          context.report(range, unit.section, `Passive voice: ${quote(textOf(context, range))}. Say who does it.`);
          index = participleAt;
        }
      }
    }
  },
};

function isPassiveGap(lower: string): boolean {
  return PASSIVE_GAP_WORDS.has(lower) || (lower.length > 4 && lower.endsWith('ly') && !IRREGULAR_PARTICIPLES.has(lower));
}

export const longSentenceRule: LintRule = {
  id: 'style.long-sentence',
  defaultSeverity: 'warning',
  kinds: ['prfaq', 'memo'],
  title: 'Very long sentences (a budget per section)',
  why: 'Long sentences make the reader hold too much at once; split them where the thought turns.',
  check(context) {
    for (const unit of context.document.units) {
      if (!isProse(unit)) continue;
      const zone = unit.section.zone;
      const limit = context.settings.maxSentenceWords[zone];
      if (limit <= 0) continue;
      for (const sentence of unit.sentences) {
        const words = sentenceWordCount(sentence);
        if (words <= limit) continue;
        const what = zone === 'headline' ? 'Headline' : 'Sentence';
        const firstWords = unit.tokens.slice(sentence.firstToken, Math.min(sentence.firstToken + 6, sentence.endToken)).map((token) => token.lower).join(' ');
        context.report({ start: sentence.start, end: sentence.end }, unit.section, `${what} of ${words} words; the limit in ${ZONE_NAMES[zone]} is ${limit}. Split it.`, firstWords);
      }
    }
  },
};

export const readabilityRule: LintRule = {
  id: 'style.readability',
  defaultSeverity: 'warning',
  kinds: ['prfaq', 'memo'],
  title: 'Reading grade of a paragraph (a limit per section)',
  why: 'Dense paragraphs slow every reader; plain words and shorter sentences reach more of them.',
  check(context) {
    for (const unit of context.document.units) {
      if (unit.block.kind !== 'paragraph' && unit.block.kind !== 'blockquote') continue;
      const limit = context.settings.maxReadingGrade[unit.section.zone];
      // A grade needs enough text to mean something: a few sentences, not one long one (that is
      // the long-sentence rule's finding).
      if (limit <= 0 || unit.tokens.length < context.settings.readabilityMinWords || unit.sentences.length < 3) continue;
      const grade = gradeOf(unit);
      if (grade <= limit) continue;
      const firstWords = unit.tokens.slice(0, 6).map((token) => token.lower).join(' ');
      const range = { start: (unit.tokens[0] as Token).start, end: (unit.tokens.at(-1) as Token).end };
      context.report(range, unit.section, `Reading grade ${grade.toFixed(1)} is above ${limit} for ${ZONE_NAMES[unit.section.zone]}: use shorter sentences and plainer words.`, firstWords);
    }
  },
};

export function gradeOf(unit: TextUnit): number {
  let syllables = 0;
  for (const token of unit.tokens) syllables += countSyllables(token.lower);
  return fleschKincaidGrade(unit.tokens.length, unit.sentences.length, syllables);
}

/** The flagged words as the reader sees them: markup such as `**` left out. */
function textOf(context: RuleContext, range: { start: number; end: number }): string {
  return context.document.markdown.masked.slice(range.start, range.end).replace(/\s+/g, ' ').trim();
}
