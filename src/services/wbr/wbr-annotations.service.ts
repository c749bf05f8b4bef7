import { AppError, notFound } from '../../domain/errors.js';
import { isUuid } from '../../domain/ids.js';
import { WBR_REVIEW_RULES } from '../../domain/wbr-review/review-rules.js';
import { ANNOTATION_LIMITS, annotationEventsOf, annotationsFromCsv, checkAnnotation, type AnnotationInput, type CheckedAnnotation } from '../../domain/wbr-review/annotations.js';
import type { AnnotationEvent } from '../../domain/wbr/wbr-deck.js';
import type { Db } from '../../storage/database.js';
import { recordAuditEvent } from '../audit/audit.service.js';
import { requirePermission, type OrgActor } from '../context.js';
import { readDeckConfig } from './deck-config.js';

/**
 * A deck's annotations (src/domain/wbr-review/annotations.ts): everyone who reads the review sees them; those who
 * build it add, remove, or replace them all with the WBR App's annotation file. Each change is audited.
 */

export interface AnnotationView {
  id: string;
  date: string;
  metric: string;
  description: string;
  createdBy: string | null;
  createdAt: string;
}

/** The deck's metric names (what an annotation may name), with the deck row locked when `lock` (changes). */
async function deckMetricNames(db: Db, orgId: string, deckId: string, lock: boolean): Promise<{ name: string; metrics: Set<string> }> {
  if (!isUuid(deckId)) throw notFound('Deck');
  let query = db.selectFrom('wbr_decks').select(['name', 'config_text']).where('org_id', '=', orgId).where('id', '=', deckId);
  if (lock) query = query.forUpdate();
  const deck = await query.executeTakeFirst();
  if (!deck) throw notFound('Deck');
  return { name: deck.name, metrics: new Set(readDeckConfig(deck.config_text).metrics.map((metric) => metric.name)) };
}

export async function listAnnotations(db: Db, actor: OrgActor, deckId: string): Promise<AnnotationView[]> {
  requirePermission(actor, 'wbr.read');
  await deckMetricNames(db, actor.orgId, deckId, false);
  const rows = await db.selectFrom('wbr_annotations')
    .leftJoin('users', 'users.id', 'wbr_annotations.created_by_user_id')
    .select(['wbr_annotations.id', 'wbr_annotations.day', 'wbr_annotations.metric_name', 'wbr_annotations.description', 'wbr_annotations.created_at', 'users.name as created_by'])
    .where('wbr_annotations.org_id', '=', actor.orgId)
    .where('wbr_annotations.deck_id', '=', deckId)
    .orderBy('wbr_annotations.day', 'desc')
    .orderBy('wbr_annotations.created_at', 'desc')
    .execute();
  return rows.map((row) => ({ id: row.id, date: row.day, metric: row.metric_name, description: row.description, createdBy: row.created_by, createdAt: new Date(row.created_at).toISOString() }));
}

/** What publishing a week passes to the engine: every annotation of the deck (the engine keeps the week's). */
export async function deckAnnotationEvents(db: Db, orgId: string, deckId: string): Promise<AnnotationEvent[]> {
  const rows = await db.selectFrom('wbr_annotations').select(['day', 'metric_name', 'description', 'created_at']).where('org_id', '=', orgId).where('deck_id', '=', deckId).orderBy('created_at').execute();
  return annotationEventsOf(rows.map((row) => ({ date: row.day, metric: row.metric_name, description: row.description })));
}

const tooMany = () => new AppError('rule_violation', `${WBR_REVIEW_RULES['wbr.annotation_limit']} Remove old ones first.`, { rule: 'wbr.annotation_limit' });

export async function addAnnotation(db: Db, actor: OrgActor, deckId: string, input: AnnotationInput, now?: Date): Promise<AnnotationView[]> {
  requirePermission(actor, 'wbr.write');
  await db.transaction().execute(async (trx) => {
    const deck = await deckMetricNames(trx, actor.orgId, deckId, true);
    const annotation = checkAnnotation(input, deck.metrics);
    const { count } = await trx.selectFrom('wbr_annotations').select((eb) => eb.fn.countAll<string>().as('count')).where('org_id', '=', actor.orgId).where('deck_id', '=', deckId).executeTakeFirstOrThrow();
    if (Number(count) >= ANNOTATION_LIMITS.perDeck) throw tooMany();
    await insertAnnotations(trx, actor, deckId, [annotation], now);
    await recordAuditEvent(trx, { at: now, orgId: actor.orgId, actorUserId: actor.userId, action: 'wbr_annotation.added', subjectType: 'wbr_deck', subjectId: deckId, data: { deck: deck.name, ...annotation } });
  });
  return listAnnotations(db, actor, deckId);
}

export async function removeAnnotation(db: Db, actor: OrgActor, deckId: string, annotationId: string): Promise<AnnotationView[]> {
  requirePermission(actor, 'wbr.write');
  await db.transaction().execute(async (trx) => {
    const deck = await deckMetricNames(trx, actor.orgId, deckId, true);
    const removed = isUuid(annotationId)
      ? await trx.deleteFrom('wbr_annotations').where('org_id', '=', actor.orgId).where('deck_id', '=', deckId).where('id', '=', annotationId).returning(['day', 'metric_name', 'description']).executeTakeFirst()
      : undefined;
    if (!removed) throw notFound('Annotation');
    await recordAuditEvent(trx, { orgId: actor.orgId, actorUserId: actor.userId, action: 'wbr_annotation.removed', subjectType: 'wbr_deck', subjectId: deckId, data: { deck: deck.name, date: removed.day, metric: removed.metric_name, description: removed.description } });
  });
  return listAnnotations(db, actor, deckId);
}

/** Replaces every annotation of the deck with a file's, all or nothing: a bad row names its line and keeps the old ones. */
export async function replaceAnnotationsFromCsv(db: Db, actor: OrgActor, deckId: string, upload: { csv: string; fileName: string }): Promise<AnnotationView[]> {
  requirePermission(actor, 'wbr.write');
  await db.transaction().execute(async (trx) => {
    const deck = await deckMetricNames(trx, actor.orgId, deckId, true);
    const annotations = annotationsFromCsv(upload.csv, upload.fileName, deck.metrics);
    const removed = await trx.deleteFrom('wbr_annotations').where('org_id', '=', actor.orgId).where('deck_id', '=', deckId).executeTakeFirst();
    await insertAnnotations(trx, actor, deckId, annotations);
    await recordAuditEvent(trx, { orgId: actor.orgId, actorUserId: actor.userId, action: 'wbr_annotation.imported', subjectType: 'wbr_deck', subjectId: deckId, data: { deck: deck.name, fileName: upload.fileName, annotations: annotations.length, replaced: Number(removed.numDeletedRows) } });
  });
  return listAnnotations(db, actor, deckId);
}

async function insertAnnotations(trx: Db, actor: OrgActor, deckId: string, annotations: readonly CheckedAnnotation[], now?: Date): Promise<void> {
  if (annotations.length === 0) return;
  await trx.insertInto('wbr_annotations').values(annotations.map((annotation) => ({
    org_id: actor.orgId, deck_id: deckId, day: annotation.date, metric_name: annotation.metric, description: annotation.description, created_by_user_id: actor.userId,
    ...(now !== undefined && { created_at: now }),
  }))).execute();
}
