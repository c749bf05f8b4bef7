import { formatDay } from '../dates.js';
import { AppError } from '../errors.js';

/**
 * Strategic accounts: each has exactly one single-threaded owner, who answers for the whole relationship, and
 * the signs that an account is drifting into shared ownership are flagged: many people other than the owner
 * working its deals, owners changing often, an owner holding more strategic accounts than one person can carry,
 * deals of the account owned by others, an owner who has left.
 */

export const ACCOUNT_DRIFT_LIMITS = {
  /** The days of activity and of owner changes the flags look at. */
  windowDays: 90,
  /** People other than the owner who changed the account's deals in the window, from which it is flagged. */
  actingNonOwners: 3,
  /** Hand-overs from one owner to another in the window from which it is flagged. */
  ownerChanges: 3,
  /** Strategic accounts one owner holds, above which each of them is flagged. */
  strategicPerOwner: 6,
} as const;

export type AccountDriftKind = 'owner_left' | 'many_hands' | 'owner_churn' | 'owner_overloaded' | 'deals_elsewhere';

export interface AccountDrift {
  kind: AccountDriftKind;
  /** How many: people acting, owner changes, strategic accounts held, or deals owned elsewhere (1 for owner_left). */
  count: number;
  /** The flag in a sentence, for the accounts page and the API. */
  message: string;
}

export interface AccountDriftFacts {
  isStrategic: boolean;
  /** The owner's departure day, when they left. */
  ownerLeftOn: string | null;
  /** Distinct people, other than the owner, who changed the account's deals in the window. */
  actingNonOwners: number;
  /** Hand-overs from one owner to another in the window (naming the first owner is not one). */
  ownerChangesInWindow: number;
  /** Strategic accounts the owner holds (this one included). */
  ownerStrategicAccounts: number;
  /** Open deals of the account whose owner is not the account's owner, by name with their owner's name (null for none). */
  openDealsOwnedElsewhere: readonly { name: string; ownerName: string | null }[];
}

/** How many deals a flag names before it says "and N more": enough to act on, short enough to read in a row. */
const NAMED_DEALS = 3;

/** The drift flags of an account; none for an account that is not strategic (its deals may be anyone's). */
export function accountDrift(facts: AccountDriftFacts, limits: typeof ACCOUNT_DRIFT_LIMITS = ACCOUNT_DRIFT_LIMITS): AccountDrift[] {
  if (!facts.isStrategic) return [];
  const flags: AccountDrift[] = [];
  const days = `the last ${limits.windowDays} days`;
  if (facts.ownerLeftOn !== null) {
    flags.push({ kind: 'owner_left', count: 1, message: `Its owner left on ${formatDay(facts.ownerLeftOn)}: give it a new owner.` });
  }
  if (facts.actingNonOwners >= limits.actingNonOwners) {
    flags.push({ kind: 'many_hands', count: facts.actingNonOwners, message: `${facts.actingNonOwners} people besides its owner changed its deals in ${days}.` });
  }
  if (facts.ownerChangesInWindow >= limits.ownerChanges) {
    flags.push({ kind: 'owner_churn', count: facts.ownerChangesInWindow, message: `Its owner changed ${facts.ownerChangesInWindow} times in ${days}.` });
  }
  if (facts.ownerStrategicAccounts > limits.strategicPerOwner) {
    flags.push({ kind: 'owner_overloaded', count: facts.ownerStrategicAccounts, message: `Its owner holds ${facts.ownerStrategicAccounts} strategic accounts, more than ${limits.strategicPerOwner}.` });
  }
  const elsewhere = facts.openDealsOwnedElsewhere;
  if (elsewhere.length > 0) {
    const deals = elsewhere.length === 1 ? '1 open deal is' : `${elsewhere.length} open deals are`;
    // Named, with whose they are, so the leader can hand each one over without hunting through the pipeline.
    const named = elsewhere.slice(0, NAMED_DEALS).map((deal) => `${deal.name} (${deal.ownerName ?? 'no owner'})`).join(', ');
    const more = elsewhere.length > NAMED_DEALS ? ` and ${elsewhere.length - NAMED_DEALS} more` : '';
    flags.push({ kind: 'deals_elsewhere', count: elsewhere.length, message: `${deals} owned by someone other than its owner: ${named}${more}.` });
  }
  return flags;
}

/**
 * A strategic account has exactly one owner, who is still with the company. (Any account may have an owner; only a
 * strategic one must.)
 */
export function assertAccountOwnership(isStrategic: boolean, owner: { name: string; leftOn: string | null } | null): void {
  if (isStrategic && owner === null) {
    throw new AppError('rule_violation', 'A strategic account has exactly one owner: choose who answers for it.', { rule: 'account.single_owner', field: 'ownerPersonId' });
  }
  if (owner !== null && owner.leftOn !== null) {
    throw new AppError('rule_violation', `${owner.name} left on ${formatDay(owner.leftOn)}: an account needs an owner who is still here.`, { rule: 'account.owner_left', field: 'ownerPersonId' });
  }
}

/**
 * Who decides about an account: an admin, for everything; its owner only hands it over to someone else. Whether an
 * account is strategic is leadership's call: a seller who could drop the mark would shed the single-threaded rule and
 * the drift flags with it. And an owner who walks away from an account leaves nobody answering for it.
 */
export function assertMayChangeAccount(
  actor: { isAdmin: boolean; personId: string | null },
  current: { isStrategic: boolean; ownerPersonId: string | null },
  next: { isStrategic: boolean; ownerPersonId: string | null },
): void {
  if (actor.isAdmin) return;
  if (actor.personId === null || actor.personId !== current.ownerPersonId) {
    throw new AppError('forbidden', 'Only an admin, or the account\'s owner handing it over, changes who owns it.', { rule: 'account.owner_or_admin' });
  }
  if (next.isStrategic !== current.isStrategic) {
    throw new AppError('forbidden', 'Only an admin marks an account strategic or not: as its owner, you may hand it over to someone else.', { rule: 'account.strategic_by_admin', field: 'isStrategic' });
  }
  if (next.ownerPersonId === null) {
    throw new AppError('forbidden', 'Hand the account to someone: as its owner you may give it to another person; only an admin leaves it with no owner.', { rule: 'account.owner_or_admin', field: 'ownerPersonId' });
  }
}
