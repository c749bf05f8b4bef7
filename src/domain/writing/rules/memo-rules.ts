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
