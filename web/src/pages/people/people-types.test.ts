import { describe, expect, it } from 'vitest';
import { peopleBelow, type PersonSummary } from './people-types.js';

const person = (id: string, managerId: string | null, userId: string | null = null): PersonSummary => ({ id, name: id, email: `${id}@x.test`, role: 'Engineer', level: 5, managerId, dottedLineManagerId: null, userId, leftOn: null });

describe('peopleBelow', () => {
  const people = [person('ceo', null, 'u-ceo'), person('vp', 'ceo', 'u-vp'), person('eng', 'vp'), person('other', 'ceo'), person('a', 'b'), person('b', 'a')];
  it('lists everyone below the viewer, directly or not', () => {
    expect(peopleBelow(people, 'u-vp').map((entry) => entry.id)).toEqual(['eng']);
    expect(peopleBelow(people, 'u-ceo').map((entry) => entry.id)).toEqual(['vp', 'eng', 'other']);
  });
  it('is empty for a viewer with no person, and survives a reporting cycle in the data', () => {
    expect(peopleBelow(people, 'u-nobody')).toEqual([]);
    expect(peopleBelow(people, undefined)).toEqual([]);
  });
});
