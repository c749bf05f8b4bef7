import { describe, expect, it } from 'vitest';
import { appErrorOf } from '../../../test/support/app-error.js';
import { accountDrift, assertAccountOwnership, type AccountDriftFacts } from './account-rules.js';

const quiet: AccountDriftFacts = { isStrategic: true, ownerLeftOn: null, actingNonOwners: 2, ownerChangesInWindow: 2, ownerStrategicAccounts: 6, openDealsOwnedElsewhere: [] };

describe('strategic accounts', () => {
  it('flags nothing on a strategic account with one owner and a few helpers, and nothing on an ordinary account', () => {
    expect(accountDrift(quiet)).toEqual([]);
    expect(accountDrift({ ...quiet, isStrategic: false, actingNonOwners: 10, ownerLeftOn: '2026-01-01', openDealsOwnedElsewhere: [{ name: 'Pilot', ownerName: 'Dana' }] })).toEqual([]);
  });

  it('flags each sign of shared ownership at its limit', () => {
    expect(accountDrift({ ...quiet, actingNonOwners: 3 })).toEqual([{ kind: 'many_hands', count: 3, message: '3 people besides its owner changed its deals in the last 90 days.' }]);
    expect(accountDrift({ ...quiet, ownerChangesInWindow: 3 }).map((flag) => flag.kind)).toEqual(['owner_churn']);
    expect(accountDrift({ ...quiet, ownerStrategicAccounts: 7 })[0]).toMatchObject({ kind: 'owner_overloaded', count: 7 });
    expect(accountDrift({ ...quiet, openDealsOwnedElsewhere: [{ name: 'Returns sorting', ownerName: 'Dana Whitfield' }] })[0]).toEqual({ kind: 'deals_elsewhere', count: 1, message: '1 open deal is owned by someone other than its owner: Returns sorting (Dana Whitfield).' });
    expect(accountDrift({ ...quiet, openDealsOwnedElsewhere: [{ name: 'A', ownerName: 'Dana' }, { name: 'B', ownerName: null }] })[0]?.message).toBe('2 open deals are owned by someone other than its owner: A (Dana), B (no owner).');
    expect(accountDrift({ ...quiet, ownerLeftOn: '2026-10-31' })[0]).toMatchObject({ kind: 'owner_left', message: 'Its owner left on Oct 31, 2026: give it a new owner.' });
  });

  it('names at most three of the deals owned elsewhere, and counts the rest', () => {
    const deals = ['A', 'B', 'C', 'D', 'E'].map((name) => ({ name, ownerName: 'Sam' }));
    expect(accountDrift({ ...quiet, openDealsOwnedElsewhere: deals })[0]).toEqual({ kind: 'deals_elsewhere', count: 5, message: '5 open deals are owned by someone other than its owner: A (Sam), B (Sam), C (Sam) and 2 more.' });
  });

  it('needs exactly one owner, still here, for a strategic account', () => {
    expect(appErrorOf(() => assertAccountOwnership(true, null)).details).toMatchObject({ rule: 'account.single_owner', field: 'ownerPersonId' });
    expect(appErrorOf(() => assertAccountOwnership(false, { name: 'Kofi', leftOn: '2026-09-30' })).details.rule).toBe('account.owner_left');
    expect(() => assertAccountOwnership(true, { name: 'Kofi', leftOn: null })).not.toThrow();
    expect(() => assertAccountOwnership(false, null)).not.toThrow();
  });
});
