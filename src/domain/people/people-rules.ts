import { AppError } from '../errors.js';
import { normalizeName } from '../names.js';

/** Limits shared by the API schemas, the web forms, the CSV import and these rules. */
export const PEOPLE_LIMITS = {
  nameMaxLength: 120,
  roleMaxLength: 80,
  minLevel: 1,
  maxLevel: 12,
  maxImportRows: 20_000,
} as const;

/**
 * A team's or an initiative's name as stored: names.ts normalizeName (composed form, nothing invisible, one line),
 * as metrics, decks and principles are, so what a list shows is what was stored and compared. Refused (naming
 * the field) when nothing visible is left, or when composing made it longer than the limit.
 */
export function normaliseUnitName(name: string, unit: 'team' | 'initiative'): string {
  const stored = normalizeName(name);
  if (stored === '') throw new AppError('validation_failed', `body.name: ${unit === 'team' ? 'a team' : 'an initiative'} needs a name with something visible in it.`, { field: 'body.name' });
  if (stored.length > PEOPLE_LIMITS.nameMaxLength) throw new AppError('validation_failed', `body.name: must be at most ${PEOPLE_LIMITS.nameMaxLength} characters.`, { field: 'body.name' });
  return stored;
}

export const INITIATIVE_STATUSES = ['active', 'paused', 'done'] as const;
export type InitiativeStatus = (typeof INITIATIVE_STATUSES)[number];

/** What an archived team is refused, in the words of the refusal. */
export type ArchivedTeamRefusal = 'take people' | 'take requisitions' | 'work on an initiative';

/**
 * Refuses to give an archived team new work: people, a requisition (a new or reopened one), an initiative. Archiving
 * keeps its history, not its use; restoring it is the way back, so the refusal says so (rule `team.archived`).
 */
export function assertTeamNotArchived(team: { name: string; archived_at: Date | string | null }, field: string, refused: ArchivedTeamRefusal): void {
  if (team.archived_at === null) return;
  throw new AppError('rule_violation', `The team "${team.name}" is archived, so it cannot ${refused}: restore it first (Teams & initiatives, Show archived teams).`, { field, rule: 'team.archived' });
}

/**
 * Whether a team working on an initiative holds off its archiving: an initiative still active or paused is live work
 * (its staffing gate counts the team); a done one is history the archived team keeps. A killed initiative released
 * its teams already.
 */
export const isLiveInitiative = (initiative: { status: InitiativeStatus; stage: string }) => initiative.status !== 'done' && initiative.stage !== 'killed';

/** An allocation goes to exactly one place: a team or an initiative. */
export function assertAllocationTarget(input: { teamId?: string | null | undefined; initiativeId?: string | null | undefined; percent: number }): void {
  const targets = [input.teamId, input.initiativeId].filter((value) => value !== undefined && value !== null);
  if (targets.length !== 1) throw new AppError('validation_failed', 'An allocation goes to exactly one team or one initiative.', { field: 'teamId' });
  if (!Number.isInteger(input.percent) || input.percent < 1 || input.percent > 100) {
    throw new AppError('validation_failed', 'An allocation is a whole percent from 1 to 100.', { field: 'percent' });
  }
}
