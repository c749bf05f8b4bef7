import { sql } from 'kysely';
import { assertLintGate } from '../../domain/documents/review-rules.js';
import { AppError, notFound } from '../../domain/errors.js';
import { lintMarkdown, type LintReport } from '../../domain/writing/lint.js';
import type { LintFinding } from '../../domain/writing/lint-rule.js';
import type { DocumentKind } from '../../domain/writing/document-model.js';
import { assertSameContent, contentToken } from '../../domain/stale-write.js';
import { assertHardChecksKept, resolveLintSettings, withHardChecks, type LintSettings } from '../../domain/writing/lint-settings.js';
import { applySuppressions, assertSuppressible, parseSuppression, parseSuppressions } from '../../domain/writing/suppressions.js';
import type { Db } from '../../storage/database.js';
import { recordAuditEvent } from '../audit/audit.service.js';
import { requirePermission, type OrgActor } from '../context.js';
import { loadReadableDocument, loadVersionBody, personOf, requireAuthor, userNames } from './document-access.js';

export interface SuppressionView {
  id: string;
  ruleId: string;
  anchor: string;
  reason: string;
  createdBy: { id: string; name: string } | null;
  createdAt: string;
}

export interface VersionLintView {
  version: number;
  kind: LintReport['kind'];
  words: LintReport['words'];
  /** Findings in force, ranked (errors first). */
  findings: LintFinding[];
  /** Findings an author waved through, each with the reason reviewers read. */
  suppressed: Array<{ finding: LintFinding; suppression: SuppressionView }>;
  /** Suppressions whose text is gone from this version. */
  staleSuppressions: SuppressionView[];
  errorCount: number;
  warningCount: number;
  /** Errors in force block the gates (a compelling verdict, a reading meeting). */
  isGateBlocked: boolean;
}

/** The org's settings as entered (for the settings form) and resolved over the defaults (for the linter). */
export interface WritingSettingsView {
  input: Record<string, unknown>;
  resolved: LintSettings;
  /** Send it back as `baseToken` when saving the settings: a save made since refuses yours (409). */
  editToken: string;
}

/** The token of the settings as entered: jsonb gives its keys back in one order, so equal settings give equal tokens. */
const writingSettingsToken = (input: Record<string, unknown>) => contentToken(JSON.stringify(input));

async function readWritingSettings(db: Db, orgId: string): Promise<Record<string, unknown>> {
  const row = await db.selectFrom('writing_settings').select('settings').where('org_id', '=', orgId).executeTakeFirst();
  return row?.settings ?? {};
}

export async function getWritingSettings(db: Db, actor: OrgActor): Promise<WritingSettingsView> {
  requirePermission(actor, 'documents.read');
  const input = await readWritingSettings(db, actor.orgId);
  return { input, resolved: withHardChecks(resolveLintSettings(input)), editToken: writingSettingsToken(input) };
}

/**
 * Replaces the org's settings whole, as the settings form saves them. With `baseToken` (the `editToken` the form read),
 * settings saved by someone else since are refused, so a stale form cannot undo a colleague's jargon list. `now` dates
 * the save and its audit event (the demo's settings, set before its first document); without it, the database's clock.
 */
export async function saveWritingSettings(db: Db, actor: OrgActor, input: Record<string, unknown>, baseToken?: string, now?: Date): Promise<WritingSettingsView> {
  requirePermission(actor, 'documents.settings');
  // Validated with the linter's own checker, so the field named in an error is the setting's key path.
  assertHardChecksKept(resolveLintSettings(input, 'body'), 'body');
  await db.transaction().execute(async (trx) => {
    // Serialises saves per org (the first save has no row to lock), so two stale forms cannot both pass the check.
    await sql`select pg_advisory_xact_lock(hashtext(${`writing-settings:${actor.orgId}`}))`.execute(trx);
    assertSameContent(writingSettingsToken(await readWritingSettings(trx, actor.orgId)), baseToken, 'set of writing settings', 'baseToken');
    await trx
      .insertInto('writing_settings')
      .values({ org_id: actor.orgId, settings: JSON.stringify(input), updated_by: actor.userId, ...(now === undefined ? {} : { updated_at: now }) })
      .onConflict((conflict) => conflict.column('org_id').doUpdateSet({ settings: JSON.stringify(input), updated_by: actor.userId, updated_at: now ?? sql<Date>`now()` }))
      .execute();
    await recordAuditEvent(trx, { at: now, orgId: actor.orgId, actorUserId: actor.userId, action: 'writing_settings.changed', subjectType: 'org', subjectId: actor.orgId, data: { settings: input } });
  });
  return getWritingSettings(db, actor);
}

async function listSuppressionViews(db: Db, orgId: string, documentId: string): Promise<SuppressionView[]> {
  const rows = await db.selectFrom('document_suppressions').selectAll().where('org_id', '=', orgId).where('document_id', '=', documentId).orderBy('created_at').execute();
  const names = await userNames(db, rows.map((row) => row.created_by));
  return rows.map((row) => ({ id: row.id, ruleId: row.rule_id, anchor: row.anchor, reason: row.reason, createdBy: personOf(names, row.created_by), createdAt: new Date(row.created_at).toISOString() }));
}

/** Lints one version with the org's settings and the document's suppressions. */
export async function lintDocumentVersion(db: Db, actor: OrgActor, documentId: string, version?: number): Promise<VersionLintView> {
  const loaded = await loadReadableDocument(db, actor, documentId);
  return lintStoredVersion(db, actor, loaded.row, version ?? loaded.row.current_version);
}

/**
 * Lints a stored version without checking that the actor may read this document (they still need documents
 * rights, for the org's settings): for gates that read a document the actor may not see (the initiative
 * pipeline reads its memo's error count, never its text).
 */
export async function lintStoredVersion(db: Db, actor: OrgActor, document: { id: string; kind: DocumentKind }, number: number): Promise<VersionLintView> {
  const documentId = document.id;
  const [{ body }, settings, suppressions] = await Promise.all([
    loadVersionBody(db, actor.orgId, documentId, number, 'query.version'),
    getWritingSettings(db, actor),
    listSuppressionViews(db, actor.orgId, documentId),
  ]);
  const report = lintMarkdown(body, { kind: document.kind, settings: settings.resolved });
  const parsed = parseSuppressions(suppressions.map(({ ruleId, anchor, reason }) => ({ ruleId, anchor, reason })));
  const byParsed = new Map(parsed.map((suppression, index) => [suppression, suppressions[index]!]));
  const applied = applySuppressions(report.findings, parsed);
  const errorCount = applied.active.filter((finding) => finding.severity === 'error').length;
  return {
    version: number,
    kind: report.kind,
    words: report.words,
    findings: [...applied.active],
    suppressed: applied.suppressed.map(({ finding, suppression }) => ({ finding, suppression: byParsed.get(suppression)! })),
    staleSuppressions: applied.stale.map((suppression) => byParsed.get(suppression)!),
    errorCount,
    warningCount: applied.active.length - errorCount,
    isGateBlocked: errorCount > 0,
  };
}

/** The gate helper for services: refuses `gate` while the version has lint errors in force. */
export async function assertVersionPassesLintGate(db: Db, actor: OrgActor, documentId: string, version: number, gate: string): Promise<void> {
  const lint = await lintDocumentVersion(db, actor, documentId, version);
  assertLintGate(lint.errorCount, gate);
}

export async function suppressDocumentFinding(db: Db, actor: OrgActor, documentId: string, input: { ruleId: string; anchor: string; reason: string }): Promise<SuppressionView[]> {
  requirePermission(actor, 'documents.write');
  const suppression = parseSuppression(input, 'body');
  assertSuppressible(suppression.ruleId, 'body.ruleId');
  await db.transaction().execute(async (trx) => {
    const loaded = await loadReadableDocument(trx, actor, documentId, { forUpdate: true });
    requireAuthor(loaded, actor, 'suppress its findings');
    const inserted = await trx
      .insertInto('document_suppressions')
      .values({ document_id: documentId, org_id: actor.orgId, rule_id: suppression.ruleId, anchor: suppression.anchor, reason: suppression.reason, created_by: actor.userId })
      .onConflict((conflict) => conflict.columns(['document_id', 'rule_id', 'anchor']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) throw new AppError('conflict', `This ${suppression.ruleId} finding is already suppressed.`, { field: 'body.anchor' });
    await recordAuditEvent(trx, { orgId: actor.orgId, actorUserId: actor.userId, action: 'document.finding_suppressed', subjectType: 'document', subjectId: documentId, data: { ...suppression } });
  });
  return listSuppressionViews(db, actor.orgId, documentId);
}

export async function removeDocumentSuppression(db: Db, actor: OrgActor, documentId: string, suppressionId: string): Promise<SuppressionView[]> {
  requirePermission(actor, 'documents.write');
  const loaded = await loadReadableDocument(db, actor, documentId);
  requireAuthor(loaded, actor, 'lift suppressions');
  const deleted = await db.deleteFrom('document_suppressions').where('org_id', '=', actor.orgId).where('document_id', '=', documentId).where('id', '=', suppressionId).executeTakeFirst();
  if (Number(deleted.numDeletedRows) === 0) throw notFound('Suppression');
  return listSuppressionViews(db, actor.orgId, documentId);
}
