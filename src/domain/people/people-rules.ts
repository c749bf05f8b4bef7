import { AppError } from '../errors.js';

/** Limits shared by the API schemas, the web forms, the CSV import and these rules. */
export const PEOPLE_LIMITS = {
  nameMaxLength: 120,
  roleMaxLength: 80,
  minLevel: 1,
  maxLevel: 12,
  maxImportRows: 20_000,
} as const;

export const INITIATIVE_STATUSES = ['active', 'paused', 'done'] as const;
export type InitiativeStatus = (typeof INITIATIVE_STATUSES)[number];

/** An allocation goes to exactly one place: a team or an initiative. */
export function assertAllocationTarget(input: { teamId?: string | null | undefined; initiativeId?: string | null | undefined; percent: number }): void {
  const targets = [input.teamId, input.initiativeId].filter((value) => value !== undefined && value !== null);
  if (targets.length !== 1) throw new AppError('validation_failed', 'An allocation goes to exactly one team or one initiative.', { field: 'teamId' });
  if (!Number.isInteger(input.percent) || input.percent < 1 || input.percent > 100) {
    throw new AppError('validation_failed', 'An allocation is a whole percent from 1 to 100.', { field: 'percent' });
  }
}
