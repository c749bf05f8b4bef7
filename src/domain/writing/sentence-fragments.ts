/**
 * Is a sentence a fragment? Two shapes are recognised: a sentence with no finite verb ("A big win
 * for customers."), and a lone dependent clause ("Because the pilot ended."). Without a tagger
 * the verb test is a set of cues; each cue leans towards "there is a verb", so that when the cues
 * are unsure the sentence passes (a false alarm costs more than a missed fragment).
 */
import type { Token } from './text-analysis.js';
import { AUXILIARIES, BASE_VERBS, isVerbContraction, NOT_BEFORE_FINITE_VERB, PAST_FORMS, PREPOSITIONS, SUBJECT_PRONOUNS, SUBORDINATORS, THIRD_PERSON_FORMS } from './verb-lexicon.js';

export type FragmentKind = 'no-verb' | 'dependent-clause';

/** Token positions that look like finite verbs (only the first one when `isFirstEnough`). */
export function finiteVerbPositions(tokens: readonly Token[], isFirstEnough = false): Set<number> {
  const positions = new Set<number>();
  for (let index = 0; index < tokens.length && !(isFirstEnough && positions.size > 0); index += 1) {
    const token = tokens[index] as Token;
    const word = token.lower;
    const previous = tokens[index - 1];
    const beforePrevious = tokens[index - 2];
    // "for supplier changes": a noun phrase after a preposition, so "changes" is a noun here.
    const isAfterPrepositionPhrase = beforePrevious !== undefined && PREPOSITIONS.has(beforePrevious.lower) && !SUBJECT_PRONOUNS.has((previous as Token).lower);
    const isFreePosition = (previous === undefined || !NOT_BEFORE_FINITE_VERB.has(previous.lower)) && !isAfterPrepositionPhrase;
    if (AUXILIARIES.has(word) || isVerbContraction(word) || PAST_FORMS.has(word)) positions.add(index);
    else if (/^[a-z]{2,}ed$/.test(word) && isFreePosition) positions.add(index);
    else if (THIRD_PERSON_FORMS.has(word) && isFreePosition) positions.add(index);
    // "a written plan": a base form after an article and one more word is the noun of that phrase.
    else if (BASE_VERBS.has(word) && isFreePosition && !(beforePrevious !== undefined && DETERMINERS.has(beforePrevious.lower) && !/s$/.test((previous as Token).lower))) positions.add(index);
    else if (previous !== undefined && SUBJECT_PRONOUNS.has(previous.lower) && isFreePosition && /^[a-z]/.test(word)) positions.add(index);
    else if (looksLikeVerbAfterSubject(tokens, index) && !isAfterPrepositionPhrase) positions.add(index);
    // "negotiations systematically undermine": a word after a mid-sentence "-ly" adverb acts as the verb.
    // A preposition or an article after the adverb ("sells mostly on phones") is no verb.
    else if (previous !== undefined && index >= 2 && previous.lower.length > 4 && previous.lower.endsWith('ly') && /^[a-z]+$/.test(word) && !isAfterPrepositionPhrase && !PREPOSITIONS.has(word) && !NOT_BEFORE_FINITE_VERB.has(word) && !CONNECTORS.has(word)) positions.add(index);
  }
  return positions;
}

/**
 * Verbs the lexicon does not know, by position: "The tool flags lists" (noun after a determiner,
 * then an -s word), "Acme ships" (after a name), "Teams onboard quickly" (after a plural noun).
 */
function looksLikeVerbAfterSubject(tokens: readonly Token[], index: number): boolean {
  const token = tokens[index] as Token;
  const previous = tokens[index - 1];
  if (previous === undefined || !/^[a-z]+$/.test(token.lower) || token.lower.endsWith('ly')) return false;
  if (NOT_BEFORE_FINITE_VERB.has(previous.lower) || NOT_BEFORE_FINITE_VERB.has(token.lower)) return false;
  if (CONNECTORS.has(token.lower)) return false;
  const isSWord = /[^su]s$/.test(token.lower);
  const beforePrevious = tokens[index - 2];
  if (isSWord && beforePrevious !== undefined && DETERMINERS.has(beforePrevious.lower) && !/s$/.test(previous.lower)) return true;
  if (isSWord && /^[A-Z]/.test(previous.text)) return true;
  return /[^su]s$/.test(previous.lower) && /^[a-z]/.test(previous.text) && index >= 1;
}

const DETERMINERS = new Set(['the', 'a', 'an', 'this', 'that', 'my', 'your', 'our', 'their', 'its', 'his', 'her', 'each', 'every', 'no']);
const CONNECTORS = new Set(['and', 'or', 'but', 'nor', 'so', 'yet', 'as', 'like', 'not', 'also', 'too', 'both', 'either', 'neither', 'only', 'just', 'even', 'very', 'up', 'down', 'out', 'off', 'over', 'under', 'after', 'before', 'since', 'until', 'while', 'because', 'if', 'when', 'where', 'how', 'why', 'who', 'whom', 'then', 'now', 'here', 'there', 'today', 'tomorrow', 'yesterday', 'weekly', 'daily', 'monthly', 'ago', 'again', 'instead', 'alone', 'together', 'year', 'week', 'month', 'day', 'quarter']);

/** The kind of fragment a sentence is, or undefined for a full sentence. */
export function classifyFragment(tokens: readonly Token[], sentenceText: string): FragmentKind | undefined {
  if (tokens.length === 0 || tokens.every((token) => /^[\d.,/]+$/.test(token.text))) return undefined;
  const first = (tokens[0] as Token).lower;
  const isSubordinate = SUBORDINATORS.has(first);
  // Most sentences show a verb within a few words: stop there unless the clause count matters.
  const verbs = finiteVerbPositions(tokens, !isSubordinate);
  if (verbs.size === 0) return 'no-verb';
  // "Because the pilot ended." has one verb group, inside the dependent clause, and no comma
  // after which a main clause could stand.
  if (isSubordinate && countVerbGroups(tokens, verbs) === 1 && !sentenceText.includes(',')) return 'dependent-clause';
  return undefined;
}

/** Verb positions that form one group ("are split", "was not built") count once. */
function countVerbGroups(tokens: readonly Token[], positions: ReadonlySet<number>): number {
  const sorted = [...positions].sort((left, right) => left - right);
  let groups = 0;
  let last = -2;
  for (const position of sorted) {
    const between = tokens.slice(last + 1, position);
    const isSameGroup = last >= 0 && between.every((token) => token.lower === 'not' || token.lower === 'never' || token.lower.endsWith('ly'));
    if (!isSameGroup) groups += 1;
    last = position;
  }
  return groups;
}
