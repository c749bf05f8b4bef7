import { describe, expect, it } from 'vitest';
import { appErrorOf as refusal } from '../../../test/support/app-error.js';
import { assertCanLeave, reportsAfterDeparture, type DepartureFacts } from './departure-rules.js';
import { solidLinesOf } from './org-graph.js';

const here: DepartureFacts = { person: { id: 'p', name: 'Pat', leftOn: null, managerId: 'm' }, initiativesLed: [], openRequisitions: [], openLoops: [] };


describe('assertCanLeave', () => {
  it('lets someone with nothing to hand over leave', () => {
    expect(() => assertCanLeave(here)).not.toThrow();
  });

  it('refuses a second departure as a conflict', () => {
    const error = refusal(() => assertCanLeave({ ...here, person: { ...here.person, leftOn: '2026-11-02' } }));
    expect(error.code).toBe('conflict');
    expect(error.details.rule).toBe('departure.already_left');
    expect(error.message).toBe('Pat already left on Nov 2, 2026.');
  });

  it('names the initiatives a leaver still leads', () => {
    const error = refusal(() => assertCanLeave({ ...here, initiativesLed: [{ name: 'Drone delivery', status: 'active' }, { name: 'Lockers', status: 'paused' }, { name: 'Vans', status: 'active' }] }));
    expect(error.details.rule).toBe('departure.leads_initiative');
    expect(error.message).toBe('Pat is the single-threaded leader of "Drone delivery" (active), "Lockers" (paused) and 1 more: name a new leader first.');
  });

  it('names the open requisitions and the undecided loops', () => {
    expect(refusal(() => assertCanLeave({ ...here, openRequisitions: [{ role: 'SDE II' }] })).message).toBe('Pat is the hiring manager of the open requisition "SDE II": hand it over or close it first.');
    const loops = refusal(() => assertCanLeave({ ...here, openLoops: [{ candidateName: 'Kim', seat: 'bar_raiser' }, { candidateName: 'Lee', seat: 'interviewer' }] }));
    expect(loops.details.rule).toBe('departure.in_open_loop');
    expect(loops.message).toBe('Pat has a seat in the loops of Kim (bar raiser) and Lee (interviewer), which have no decision yet: replace them first.');
  });
});

describe('reportsAfterDeparture', () => {
  // m manages p; p manages a and b; a manages c.
  const managerOf = solidLinesOf(new Map<string, string | null>([['m', null], ['p', 'm'], ['a', 'p'], ['b', 'p'], ['c', 'a'], ['d', 'm']]));
  const leaver = { id: 'p', managerId: 'm' };

  it('moves the reports to the successor (by default the leaver\'s manager)', () => {
    expect(reportsAfterDeparture(leaver, 'm', ['a', 'b'], managerOf)).toEqual([{ personId: 'a', managerId: 'm' }, { personId: 'b', managerId: 'm' }]);
    expect(reportsAfterDeparture({ id: 'p', managerId: null }, null, ['a'], managerOf)).toEqual([{ personId: 'a', managerId: null }]);
  });

  it('puts a successor from among the reports in the leaver\'s place', () => {
    expect(reportsAfterDeparture(leaver, 'a', ['a', 'b'], managerOf)).toEqual([{ personId: 'a', managerId: 'm' }, { personId: 'b', managerId: 'a' }]);
  });

  it('refuses a successor further down the line, and the leaver themself', () => {
    expect(refusal(() => reportsAfterDeparture(leaver, 'c', ['a', 'b'], managerOf)).details.rule).toBe('departure.successor');
    expect(refusal(() => reportsAfterDeparture(leaver, 'p', ['a', 'b'], managerOf)).details.rule).toBe('departure.successor');
  });

  it('refuses a successor who answers to one of the reports through a dotted line', () => {
    // d reports to m but has a dotted line to b: b reporting to d would loop.
    const dottedToB = new Map([...managerOf, ['d', ['m', 'b']]]);
    expect(refusal(() => reportsAfterDeparture(leaver, 'd', ['a', 'b'], dottedToB)).details.rule).toBe('departure.successor');
    expect(reportsAfterDeparture(leaver, 'd', ['a', 'b'], managerOf)).toEqual([{ personId: 'a', managerId: 'd' }, { personId: 'b', managerId: 'd' }]);
  });
});
