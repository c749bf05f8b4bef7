import { sql } from 'kysely';
import { OPEN_STAGES } from '../../domain/sales/opportunity-rules.js';
import { checkStageProbabilities, DEFAULT_STAGE_PROBABILITIES, staleStageProbabilitiesMessage, stageProbabilitiesToken, type StageProbabilities, type StageProbabilitiesInput } from '../../domain/sales/stage-probabilities.js';
import { assertSameContent } from '../../domain/stale-write.js';
import type { Db } from '../../storage/database.js';
import { recordAuditEvent } from '../audit/audit.service.js';
import { requirePermission, type OrgActor } from '../context.js';

/**
 * The org's stage probabilities (src/domain/sales/stage-probabilities.ts): everyone with sales rights reads them and
 * the forecast they make; only an admin changes them, since they set what every seller's pipeline is worth.
 */

export interface StageProbabilitiesView {
  probabilities: StageProbabilities;
  /** True while the org has never changed them: the defaults are in force. */
  isDefault: boolean;
  /** Send it back as `baseToken` with a change: one made since refuses it (409). */
  editToken: string;
}

/** The org's probabilities, or the defaults while it has not set its own; no permission check (callers have one). */
export async function loadStageProbabilities(db: Db, orgId: string): Promise<StageProbabilitiesView> {
  const row = await db.selectFrom('sales_stage_probabilities').select(['discovery', 'solution', 'proposal']).where('org_id', '=', orgId).executeTakeFirst();
  const probabilities = row ? { ...DEFAULT_STAGE_PROBABILITIES, ...row } : DEFAULT_STAGE_PROBABILITIES;
  return { probabilities, isDefault: !row, editToken: stageProbabilitiesToken(probabilities) };
}

export async function getStageProbabilities(db: Db, actor: OrgActor): Promise<StageProbabilitiesView> {
  requirePermission(actor, 'sales.read');
  return loadStageProbabilities(db, actor.orgId);
}

/**
 * Sets the open stages' probabilities (admins only), each a whole percent; won and lost stay 100 and 0. Audited. With
 * `baseToken` (the editToken read), a change a colleague made since is refused, naming what they set.
 */
export async function setStageProbabilities(db: Db, actor: OrgActor, input: StageProbabilitiesInput & { baseToken?: string | undefined }): Promise<StageProbabilitiesView> {
  requirePermission(actor, 'sales.manage');
  const next = checkStageProbabilities(input);
  await db.transaction().execute(async (trx) => {
    // The org's row, locked: before an org's first save there is no probabilities row for FOR UPDATE to lock, and two
    // admins saving at once would both read the defaults and the second would overwrite the first unseen.
    await trx.selectFrom('orgs').select('id').where('id', '=', actor.orgId).forUpdate().executeTakeFirst();
    const previous = await trx.selectFrom('sales_stage_probabilities').select(['discovery', 'solution', 'proposal']).where('org_id', '=', actor.orgId).forUpdate().executeTakeFirst();
    const before = { ...DEFAULT_STAGE_PROBABILITIES, ...previous };
    // Saving what is already stored changes nothing and writes no audit row (the defaults saved the first time are recorded).
    if (previous !== undefined && OPEN_STAGES.every((stage) => previous[stage] === next[stage])) return;
    assertSameContent(stageProbabilitiesToken(before), input.baseToken, 'stage probabilities', 'baseToken', staleStageProbabilitiesMessage(before));
    const values = { discovery: next.discovery, solution: next.solution, proposal: next.proposal };
    await trx.insertInto('sales_stage_probabilities')
      .values({ org_id: actor.orgId, ...values })
      .onConflict((conflict) => conflict.column('org_id').doUpdateSet({ ...values, updated_at: sql<Date>`now()` }))
      .execute();
    await recordAuditEvent(trx, {
      orgId: actor.orgId,
      actorUserId: actor.userId,
      action: 'stage_probabilities.changed',
      subjectType: 'org',
      subjectId: actor.orgId,
      data: { probabilities: values, previous: { discovery: before.discovery, solution: before.solution, proposal: before.proposal } },
    });
  });
  return loadStageProbabilities(db, actor.orgId);
}
