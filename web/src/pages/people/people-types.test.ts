import { describe, expect, it } from 'vitest';
import { ApiError } from '../../lib/api-client.js';
import { deletedCitationRefusal, evidenceErrorPlacement, evidenceHint, newerPersonNote, peopleBelow, personFormChanges, personFormValues, reviewDraftOverNewer, staleRemovalNote, type Evidence, type PersonSummary } from './people-types.js';

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

describe('evidence in the forms', () => {
  it('says the minimum in the hint', () => {
    expect(evidenceHint('What the candidate said or did')).toBe('What the candidate said or did: at least 8 words, one real sentence with an example ("n/a" or "see above" is not evidence).');
  });
  it('places the server\'s refusal of a principle\'s evidence beside that principle\'s box', () => {
    const place = evidenceErrorPlacement('ratings', 'evidence', (index) => ['evidence-p1', 'evidence-p2'][index]);
    const refusal = new ApiError(422, 'rule_violation', 'Write at least 8 words of evidence for Dive Deep: what the candidate said or did (this has 2 words).', 'ratings.1.evidence');
    expect(place(refusal)).toEqual({ field: 'evidence-p2', message: refusal.message });
    expect(place(new ApiError(422, 'rule_violation', 'Too short.', 'ratings.5.evidence'))).toBeUndefined();
    expect(place(new ApiError(400, 'validation_failed', 'Bad.', 'vote'))).toBeUndefined();
  });
});

describe('deletedCitationRefusal', () => {
  const entry = (id: string, principleId: string, text: string): Evidence => ({ id, principleId, principleVersion: 1, principleTitle: principleId === 'p1' ? 'Ownership' : 'Dive Deep', text, author: null, createdAt: '2026-11-01T00:00:00.000Z', correctedAt: null, editToken: 't', canChange: true, isCited: false });
  const ledger = [entry('e1', 'p1', 'Took the pager.'), entry('e2', 'p1', 'Ran the launch.'), entry('e3', 'p2', 'Found the leak.')];
  const gone = (id: string, field: string) => new ApiError(400, 'validation_failed', 'A cited ledger entry is not in this person\'s ledger.', field, { evidenceId: id });
  it('names the deleted entry by the text the form read, at the principle that cited it', () => {
    expect(deletedCitationRefusal(gone('e1', 'ratings.0.evidenceIds'), ledger, 'review')).toEqual({ field: 'evidence-p1', message: expect.stringContaining('The ledger entry “Took the pager.” (Ownership) was deleted after you opened this form') });
    expect(deletedCitationRefusal(gone('e1', 'sections.0.evidenceIds'), ledger, 'promotion')).toMatchObject({ field: 'narrative-p1' });
  });
  it('says above a promotion case that a section went with its principle\'s last entry', () => {
    expect(deletedCitationRefusal(gone('e3', 'sections.2.evidenceIds'), ledger, 'promotion')).toEqual({ field: undefined, message: expect.stringContaining('Dive Deep has no evidence left, so its section is no longer offered') });
  });
  it('leaves other refusals, and entries the form never read, to the other placements', () => {
    expect(deletedCitationRefusal(gone('nope', 'ratings.0.evidenceIds'), ledger, 'review')).toBeUndefined();
    expect(deletedCitationRefusal(gone('e1', 'ratings.0.evidence'), ledger, 'review')).toBeUndefined();
    expect(deletedCitationRefusal(new ApiError(400, 'validation_failed', 'A ledger entry is cited twice.', 'ratings.0.evidenceIds'), ledger, 'review')).toBeUndefined();
  });
});

describe('personFormChanges', () => {
  const loaded = { ...person('eng', 'vp'), dottedLineManagerId: 'pm' };
  const untouched = { role: 'Engineer', level: '5', managerId: 'vp', dottedLineManagerId: 'pm' };
  it('sends only what the admin changed, so a stale page does not put back a colleague\'s change to another field', () => {
    expect(personFormValues(loaded)).toEqual(untouched);
    expect(personFormChanges(loaded, untouched)).toEqual({});
    expect(personFormChanges(loaded, { ...untouched, role: 'Staff Engineer' })).toEqual({ role: 'Staff Engineer' });
    expect(personFormChanges(loaded, { ...untouched, level: '6', managerId: '' })).toEqual({ level: 6, managerId: null });
    expect(personFormChanges(loaded, { ...untouched, dottedLineManagerId: '' })).toEqual({ dottedLineManagerId: null });
  });

  it('sends an emptied level, for the server to refuse naming the field', () => {
    expect(personFormChanges(loaded, { ...untouched, level: '' })).toEqual({ level: 0 });
  });
});

describe('newerPersonNote', () => {
  const read = { role: 'Engineer', level: '5', managerId: 'vp', dottedLineManagerId: '' };
  it('names the fields that now show a colleague\'s version, and says what to do', () => {
    expect(newerPersonNote(read, { ...read, managerId: 'ceo' })).toBe('Someone saved this person while you were editing. The manager now shows their version; your changes are kept. Check them and save again.');
    expect(newerPersonNote(read, { ...read, role: 'Staff Engineer', level: '6', managerId: '' })).toContain('The role, level and manager now show their version;');
    expect(newerPersonNote(read, read)).toContain('Their change is to fields this form does not show;');
  });
});

describe('staleRemovalNote', () => {
  it('names the share a colleague set since the page was read, or that they removed it', () => {
    expect(staleRemovalNote('Cy Dev', { targetName: 'Platform', percent: 50 }, { percent: 80 })).toBe('Someone changed Cy Dev\'s allocation to Platform after you opened the page (from 50% to 80%), so it was not removed. Remove it again if you still mean to.');
    expect(staleRemovalNote('Cy Dev', { targetName: 'Platform', percent: 50 }, undefined)).toBe('Cy Dev\'s allocation to Platform was already removed by someone else.');
  });
});

describe('reviewDraftOverNewer', () => {
  const entry = (rating: string, evidence: string) => ({ rating, evidence, evidenceIds: [] });
  it('keeps the principles this reviewer changed and takes the colleague\'s newer ratings for the others', () => {
    const read = { ownership: entry('3', 'first words'), bias: entry('4', 'acted fast') };
    const latest = { ownership: entry('4', 'the colleague rewrote this'), bias: entry('4', 'acted fast'), trust: entry('5', 'the colleague added this') };
    const draft = { ownership: entry('3', 'first words'), bias: entry('5', 'my new evidence'), dive: entry('4', 'my new principle') };
    expect(reviewDraftOverNewer(read, latest, draft)).toEqual({ ownership: entry('4', 'the colleague rewrote this'), bias: entry('5', 'my new evidence'), trust: entry('5', 'the colleague added this'), dive: entry('4', 'my new principle') });
  });
  it('keeps a principle this reviewer cleared cleared', () => {
    const read = { ownership: entry('3', 'first words') };
    expect(reviewDraftOverNewer(read, { ownership: entry('3', 'first words') }, { ownership: entry('', '') })).toEqual({});
  });
});
