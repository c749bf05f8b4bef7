/**
 * A deterministic narrative memo of a given length, for the linter benchmark: the same seed gives
 * the same text on every machine. Sentences are built from varied parts so the text exercises
 * every rule (passives, hedges, jargon, acronyms, a list, long sentences), as a real draft would.
 */

import { seededRandom } from '../../test/support/seeded-random.js';

const SUBJECTS = ['The support team', 'Our largest customers', 'The finance group', 'Each regional office', 'The onboarding flow', 'New sellers', 'The data team', 'Most small accounts', 'The pricing page', 'Warehouse staff'];
const VERBS = ['answers', 'reviews', 'loses', 'doubles', 'measures', 'ships', 'cancels', 'requests', 'tracks', 'improves'];
const OBJECTS = ['about forty requests a week', 'the weekly churn report', 'a third of new orders', 'every refund over a hundred dollars', 'the time to first reply', 'orders that arrive late', 'the share of repeat buyers', 'the backlog of open tickets'];
const TAILS = ['before the end of the quarter', 'in the first week after launch', 'when the holiday peak arrives', 'since the price change in March', 'across all four regions', 'without any extra headcount'];
const EXTRAS = [
  'The report was written by hand each Friday.',
  'We think this might change next year.',
  'The plan leverages the existing tools.',
  'The WBR shows the numbers every Monday.',
  'Refunds were approved in two days on average.',
  'This is a very large share of revenue.',
  'The change was built by two engineers in a month.',
];

function sentence(random: () => number): string {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const roll = random();
  if (roll < 0.12) return pick(EXTRAS);
  if (roll < 0.2) return `${pick(SUBJECTS)} ${pick(VERBS)} ${pick(OBJECTS)} ${pick(TAILS)}, and ${pick(SUBJECTS).toLowerCase()} ${pick(VERBS)} ${pick(OBJECTS)} ${pick(TAILS)}, which means that ${pick(SUBJECTS).toLowerCase()} ${pick(VERBS)} ${pick(OBJECTS)} ${pick(TAILS)}.`;
  return `${pick(SUBJECTS)} ${pick(VERBS)} ${pick(OBJECTS)} ${pick(TAILS)}.`;
}

/** A memo of about `words` words: title, body sections, one bullet list, and an appendix. */
export function generateMemo(words: number, seed = 20_240_601): string {
  const random = seededRandom(seed);
  const parts: string[] = ['# A proposal to merge the regional support queues', ''];
  let count = 8;
  let section = 0;
  const sectionNames = ['Where we are', 'What customers tell us', 'What we propose', 'What it costs', 'How we will know', 'Risks'];
  while (count < words * 0.9) {
    parts.push(`## ${sectionNames[section % sectionNames.length]}`, '');
    count += 3;
    for (let paragraph = 0; paragraph < 4 && count < words * 0.9; paragraph += 1) {
      const sentences: string[] = [];
      for (let index = 0; index < 5; index += 1) sentences.push(sentence(random));
      const text = sentences.join(' ');
      parts.push(text, '');
      count += text.split(/\s+/).length;
    }
    if (section === 1) {
      parts.push('- faster replies for small accounts', '- one owner per region', '- fewer handoffs between teams', '');
      count += 14;
    }
    section += 1;
  }
  parts.push('## Appendix: weekly volumes', '');
  while (count < words) {
    const text = [sentence(random), sentence(random), sentence(random)].join(' ');
    parts.push(text, '');
    count += text.split(/\s+/).length;
  }
  return parts.join('\n');
}
