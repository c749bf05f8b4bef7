import { describe, expect, it } from 'vitest';
import type { Principle } from '../lib/api-types.js';
import { principlesChangeNote } from './principles-changes.js';

const principle = (id: string, title: string, extra: Partial<Principle> = {}): Principle => ({ id, slug: null, position: 0, status: 'active', version: 1, title, summary: '', updatedAt: '2026-11-27T10:00:00.000Z', ...extra });

describe('principlesChangeNote', () => {
  const a = principle('a', 'Ownership');
  const b = principle('b', 'Frugality');
  const c = principle('c', 'Bias for Action');

  it('names what a colleague added, retired and reworded, and says whether they moved any', () => {
    const after = [principle('c', 'Bias for Speed', { version: 2 }), a, principle('b', 'Frugality', { status: 'retired' }), principle('d', 'Think Small')];
    expect(principlesChangeNote([a, b, c], after)).toBe(
      'Someone added “Think Small”; retired “Frugality”; reworded “Bias for Speed”; changed the order after you opened this page. The page now shows their version; your change was not made: make it again if you still mean to.',
    );
  });

  it('says only that they moved some when that is all they did, and is still a sentence when nothing shows', () => {
    expect(principlesChangeNote([a, b, c], [b, a, c])).toMatch(/^Someone changed the order after you opened this page\./);
    expect(principlesChangeNote([a, b], [a, b])).toMatch(/^Someone changed the principles after you opened this page\./);
  });
});
