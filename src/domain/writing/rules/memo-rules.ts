/** Rules for the narrative memo: six pages of prose, no lists, full sentences. */
import type { TextUnit } from '../document-model.js';
import type { LintRule } from '../lint-rule.js';
import { classifyFragment } from '../sentence-fragments.js';
import { reportPageOverflow } from './prfaq-rules.js';
import { sentenceTokens } from './rule-helpers.js';

export const memoLengthRule: LintRule = {
  id: 'memo.length',
  defaultSeverity: 'error',
  kinds: ['memo'],
  title: 'The memo body fits in six pages (appendices excluded)',
  why: 'Six pages is what a meeting can read in silence and discuss; the rest belongs in an appendix.',
  check(context) {
    const body = context.document.units.filter((unit) => unit.section.zone === 'memoBody');
    reportPageOverflow(context, body, context.settings.memoMaxPages, 'The memo body', 'memo-body');
  },
};

/** A list item's marker on a quoted line (`> - point`, `> 1. step`), quotes nested or not. */
const QUOTED_LIST_ITEM = /^ {0,3}>(?:[ \t]*>)*[ \t]?[ \t]{0,3}([-*+]|\d{1,9}[.)])[ \t]+\S/m;

/**
 * A line that starts with a bullet character typed or pasted instead of a Markdown marker (`• We build…`, `– We
 * hire…`), in a paragraph or a quote: Markdown renders it as text, but it reads as a list item all the same.
 */
const BULLET_LINE = /^[ \t]*(?:>[ \t]*)*([•‣◦·–—])[ \t]+\S/;
/** Dashes also open a line of dialogue in prose; •, ‣, ◦ and · never do. */
const isDash = (bullet: string) => bullet === '–' || bullet === '—';

interface BulletRun {
  unit: TextUnit;
  start: number;
  end: number;
  items: number;
  bullets: Set<string>;
}

/**
 * The runs of bullet-character lines in the memo body: consecutive lines of a paragraph or quote, and paragraphs
 * that follow one another each opening with one, are one list. A lone dash line is a line of dialogue, not a list:
 * dashes count only two or more together.
 */
function bulletRuns(units: readonly TextUnit[], source: string): BulletRun[] {
  const runs: BulletRun[] = [];
  let current: BulletRun | undefined;
  let lastBlockStart = -1;
  for (const unit of units) {
    if (unit.block.start === lastBlockStart) continue;
    lastBlockStart = unit.block.start;
    if (unit.section.zone !== 'memoBody' || (unit.block.kind !== 'paragraph' && unit.block.kind !== 'blockquote')) {
      current = undefined;
      continue;
    }
    let lineStart = unit.block.start;
    for (const line of source.slice(unit.block.start, unit.block.end).split('\n')) {
      const bullet = BULLET_LINE.exec(line)?.[1];
      const lineEnd = lineStart + line.length;
      if (bullet === undefined) {
        current = undefined;
      } else if (current === undefined) {
        current = { unit, start: lineStart, end: lineEnd, items: 1, bullets: new Set([bullet]) };
        runs.push(current);
      } else {
        current.items += 1;
        current.end = lineEnd;
        current.bullets.add(bullet);
      }
      lineStart = lineEnd + 1;
    }
  }
  return runs.filter((run) => run.items > 1 || ![...run.bullets].every(isDash));
}

export const memoListRule: LintRule = {
  id: 'memo.no-lists',
  defaultSeverity: 'error',
  kinds: ['memo'],
  title: 'Bullet or numbered lists in the memo body',
  why: 'Bullets drop the reasoning between the points; a narrative has to connect them.',
  check(context) {
    const lists = new Map<number, TextUnit[]>();
    for (const unit of context.document.units) {
      if (unit.block.kind !== 'list-item' || unit.section.zone !== 'memoBody') continue;
      const items = lists.get(unit.block.listId) ?? [];
      items.push(unit);
      lists.set(unit.block.listId, items);
    }
    // A list inside a quote is still a list: "> - point" reads as bullets all the same.
    const { source } = context.document.markdown;
    for (const unit of context.document.units) {
      if (unit.block.kind !== 'blockquote' || unit.section.zone !== 'memoBody') continue;
      const quoted = QUOTED_LIST_ITEM.exec(source.slice(unit.block.start, unit.block.end));
      if (quoted === null || lists.has(-unit.block.start)) continue;
      lists.set(-unit.block.start, [unit]);
      const kind = /\d/.test(quoted[1] as string) ? 'numbered' : 'bulleted';
      context.report({ start: unit.block.start, end: unit.block.end }, unit.section, `A ${kind} list inside a quote in the memo body: write it as prose that connects the points, or move it to an appendix.`, unit.tokens.slice(0, 6).map((token) => token.lower).join(' '));
    }
    for (const run of bulletRuns(context.document.units, source)) {
      const count = run.items === 1 ? 'one item' : `${run.items} items`;
      const firstWords = run.unit.tokens.filter((token) => token.start >= run.start).slice(0, 6).map((token) => token.lower).join(' ');
      context.report({ start: run.start, end: run.end }, run.unit.section, `A bulleted list (${count}, typed with "${[...run.bullets].join('" and "')}") in the memo body: write it as prose that connects the points, or move it to an appendix.`, firstWords);
    }
    for (const [listId, items] of lists) {
      if (listId < 0) continue;
      const first = items[0] as TextUnit;
      const kind = first.block.isOrdered ? 'numbered' : 'bulleted';
      const count = items.length === 1 ? 'one item' : `${items.length} items`;
      const firstWords = first.tokens.slice(0, 6).map((token) => token.lower).join(' ');
      context.report({ start: first.block.start, end: first.block.end }, first.section, `A ${kind} list (${count}) in the memo body: write it as prose that connects the points, or move it to an appendix.`, firstWords);
    }
  },
};

export const sentenceFragmentRule: LintRule = {
  id: 'memo.sentence-fragment',
  defaultSeverity: 'error',
  kinds: ['memo'],
  title: 'Sentence fragments in the memo body',
  why: 'A memo argues in full sentences; a fragment states a point without the claim that makes it one.',
  check(context) {
    const source = context.document.markdown.source;
    for (const unit of context.document.units) {
      if (unit.section.zone !== 'memoBody' || (unit.block.kind !== 'paragraph' && unit.block.kind !== 'blockquote')) continue;
      for (const sentence of unit.sentences) {
        // Questions and unpunctuated lines (labels such as "Owner: Priya") are not judged.
        if (sentence.terminator !== '.' && sentence.terminator !== '!') continue;
        const kind = classifyFragment(sentenceTokens(unit, sentence), source.slice(sentence.start, sentence.end));
        if (kind === undefined) continue;
        const message = kind === 'no-verb'
          ? 'Sentence fragment (no verb): write the full claim.'
          : 'Sentence fragment (a dependent clause on its own): join it to the sentence it explains.';
        const firstWords = unit.tokens.slice(sentence.firstToken, Math.min(sentence.firstToken + 6, sentence.endToken)).map((token) => token.lower).join(' ');
        context.report({ start: sentence.start, end: sentence.end }, unit.section, message, firstWords);
      }
    }
  },
};
