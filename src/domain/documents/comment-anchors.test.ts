import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { anchorOfRenderedSelection, carryAnchor, validateAnchor } from './comment-anchors.js';

const v1 = '# Returns\n\nCustomers wait two days for a refund. We will fix that in March.';
const anchorOn = (body: string, quote: string) => ({ start: body.indexOf(quote), end: body.indexOf(quote) + quote.length, quote });

describe('comment anchors', () => {
  it('accepts an anchor whose offsets select the quoted words and refuses one that does not', () => {
    expect(validateAnchor(v1, anchorOn(v1, 'two days'))).toMatchObject({ quote: 'two days' });
    expect(() => validateAnchor(v1, { start: 0, end: 5, quote: 'hello' })).toThrow(AppError);
    expect(() => validateAnchor(v1, { start: 5, end: 5000, quote: 'x' })).toThrow(/outside this version/);
  });

  it('says a backwards or empty passage ends before it starts, naming the end', () => {
    for (const anchor of [{ start: 10, end: 5, quote: 'x' }, { start: 4, end: 4, quote: 'x' }]) {
      expect(() => validateAnchor(v1, anchor)).toThrow(/ends \(\d+\) before it starts/);
      try {
        validateAnchor(v1, anchor);
      } catch (error) {
        expect((error as AppError).details.field).toBe('body.anchor.end');
      }
    }
  });

  it('carries an anchor unchanged to a version that only added text elsewhere', () => {
    const v2 = `# Returns\n\nA new opening line.\n\n${v1.slice(11)}`;
    const carried = carryAnchor(anchorOn(v1, 'We will fix that in March.'), v1, v2);
    expect(carried).toMatchObject({ status: 'unchanged', text: 'We will fix that in March.' });
    expect(v2.slice(carried.start, carried.end)).toBe('We will fix that in March.');
  });

  it('marks the anchor changed where the words under it were edited', () => {
    const v2 = v1.replace('two days', 'two hours');
    const carried = carryAnchor(anchorOn(v1, 'wait two days for a refund'), v1, v2);
    expect(carried.status).toBe('changed');
    expect(carried.text).toContain('hours');
  });

  it('marks the anchor removed when its passage was deleted', () => {
    const v2 = v1.replace(' We will fix that in March.', '');
    expect(carryAnchor(anchorOn(v1, 'We will fix that in March.'), v1, v2)).toMatchObject({ status: 'removed', text: '' });
  });
});

describe('a replaced passage', () => {
  it('follows the replacement and marks it changed rather than removed', () => {
    const v2 = v1.replace('March', 'April');
    const carried = carryAnchor(anchorOn(v1, 'March.'), v1, v2);
    expect(carried).toMatchObject({ status: 'changed', text: 'April.' });
  });
});

describe('a passage selected in the rendered page', () => {
  /** The visible characters of each block as the page renders them (no markup, footnote numbers or whitespace). */
  const visible: Record<number, string> = {};
  const source = '# Refunds\n\nCustomers wait **nine days**\nfor a [refund](https://example.com) today.[^1]\n\nWe fix it.\n\n[^1]: From the survey.\n';
  const paragraph = source.indexOf('Customers');
  const second = source.indexOf('We fix');
  visible[paragraph] = 'Customerswaitninedaysforarefundtoday.';
  visible[second] = 'Wefixit.';
  const select = (startBlock: number, first: string, endBlock: number, last: string, lastOccurrence = 0) => {
    const startIndex = visible[startBlock]!.indexOf(first);
    let endIndex = visible[endBlock]!.indexOf(last);
    for (let skip = 0; skip < lastOccurrence; skip += 1) endIndex = visible[endBlock]!.indexOf(last, endIndex + 1);
    return anchorOfRenderedSelection(source, { startBlock, startIndex, endBlock, endIndex: endIndex + last.length - 1 }, (block) => visible[block] ?? '');
  };

  it('maps a selection across emphasis, a line break, a link and a footnote back to the source, exactly', () => {
    const anchor = select(paragraph, 'nine', paragraph, 'today.');
    expect(anchor?.quote).toBe('nine days**\nfor a [refund](https://example.com) today.');
    expect(validateAnchor(source, anchor!)).toEqual(anchor);
    // Inside emphasis only: the words without the marks.
    expect(select(paragraph, 'nine', paragraph, 'days')?.quote).toBe('nine days');
    // The link's label, not its address.
    expect(select(paragraph, 'refund', paragraph, 'refund')?.quote).toBe('refund');
  });

  it('maps a selection that runs from one block into the next', () => {
    expect(select(paragraph, 'today.', second, 'fix')?.quote).toBe('today.[^1]\n\nWe fix');
  });

  it('gives up (undefined) when the rendered text does not line up with the source', () => {
    expect(anchorOfRenderedSelection(source, { startBlock: paragraph, startIndex: 0, endBlock: paragraph, endIndex: 3 }, () => 'zzzz')).toBeUndefined();
    expect(anchorOfRenderedSelection(source, { startBlock: paragraph, startIndex: 5, endBlock: paragraph, endIndex: 99 }, (block) => visible[block] ?? '')).toBeUndefined();
  });
});
