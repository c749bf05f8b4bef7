import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { carryAnchor, validateAnchor } from './comment-anchors.js';

const v1 = '# Returns\n\nCustomers wait two days for a refund. We will fix that in March.';
const anchorOn = (body: string, quote: string) => ({ start: body.indexOf(quote), end: body.indexOf(quote) + quote.length, quote });

describe('comment anchors', () => {
  it('accepts an anchor whose offsets select the quoted words and refuses one that does not', () => {
    expect(validateAnchor(v1, anchorOn(v1, 'two days'))).toMatchObject({ quote: 'two days' });
    expect(() => validateAnchor(v1, { start: 0, end: 5, quote: 'hello' })).toThrow(AppError);
    expect(() => validateAnchor(v1, { start: 5, end: 5000, quote: 'x' })).toThrow(/outside this version/);
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
