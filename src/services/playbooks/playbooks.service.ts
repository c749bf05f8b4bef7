import { sql } from 'kysely';
import { can } from '../../domain/accounts/roles.js';
import { notFound } from '../../domain/errors.js';
import { applyTargetFor, filterPlaybooks, type ApplyTarget, type Mechanism, type PlaybookTool } from '../../domain/playbooks/playbook-catalog.js';
import { relatedPlaybooks, type Playbook, type PlaybookDiagram, type PlaybookLibrary } from '../../domain/playbooks/playbook.js';
import type { Db } from '../../storage/database.js';
import { requirePermission, type OrgActor } from '../context.js';

/** How an org's readers answered "Was this helpful?"; `mine` is the asking reader's answer (null: none yet). */
export interface HelpfulCounts {
  yes: number;
  no: number;
  mine: boolean | null;
}

export interface PlaybookSummaryView {
  slug: string;
  title: string;
  summary: string;
  mechanism: Mechanism;
  wordCount: number;
  readMinutes: number;
  /** Reading days in this org: each reader counts once a day. */
  views: number;
  helpful: { yes: number; no: number };
}

export interface PlaybookView extends Omit<PlaybookSummaryView, 'helpful'> {
  tool: PlaybookTool;
  helpful: HelpfulCounts;
  html: string;
  diagrams: PlaybookDiagram[];
  related: { slug: string; title: string; summary: string; readMinutes: number }[];
  apply: ApplyTarget;
}

export interface PlaybookFilters {
  mechanism?: Mechanism | undefined;
  query?: string | undefined;
}

function findPlaybook(library: PlaybookLibrary, slug: string): Playbook {
  const playbook = library.bySlug.get(slug);
  if (!playbook) throw notFound(`Playbook "${slug}"`);
  return playbook;
}

/** Yes and no answers by playbook in the org, in one query. */
async function helpfulCountsBySlug(db: Db, orgId: string, slugs?: readonly string[]): Promise<Map<string, { yes: number; no: number }>> {
  let query = db
    .selectFrom('playbook_feedback')
    .select(['playbook_slug', sql<number>`count(*) filter (where is_helpful)`.as('yes'), sql<number>`count(*) filter (where not is_helpful)`.as('no')])
    .where('org_id', '=', orgId)
    .groupBy('playbook_slug');
  if (slugs !== undefined) query = query.where('playbook_slug', 'in', slugs);
  const rows = await query.execute();
  return new Map(rows.map((row) => [row.playbook_slug, { yes: Number(row.yes), no: Number(row.no) }]));
}

async function viewCountsBySlug(db: Db, orgId: string, slugs?: readonly string[]): Promise<Map<string, number>> {
  let query = db.selectFrom('playbook_views').select(['playbook_slug', sql<number>`count(*)`.as('views')]).where('org_id', '=', orgId).groupBy('playbook_slug');
  if (slugs !== undefined) query = query.where('playbook_slug', 'in', slugs);
  const rows = await query.execute();
  return new Map(rows.map((row) => [row.playbook_slug, Number(row.views)]));
}

/** The library, narrowed by mechanism and by words of the title and summary, with the org's views and answers. */
export async function listPlaybooks(db: Db, actor: OrgActor, library: PlaybookLibrary, filters: PlaybookFilters = {}): Promise<PlaybookSummaryView[]> {
  requirePermission(actor, 'playbooks.read');
  const playbooks = filterPlaybooks(library.playbooks, filters);
  const [views, helpful] = await Promise.all([viewCountsBySlug(db, actor.orgId), helpfulCountsBySlug(db, actor.orgId)]);
  return playbooks.map((playbook) => ({
    slug: playbook.slug,
    title: playbook.title,
    summary: playbook.summary,
    mechanism: playbook.mechanism,
    wordCount: playbook.wordCount,
    readMinutes: playbook.readMinutes,
    views: views.get(playbook.slug) ?? 0,
    helpful: helpful.get(playbook.slug) ?? { yes: 0, no: 0 },
  }));
}

async function helpfulCountsFor(db: Db, actor: OrgActor, slug: string): Promise<HelpfulCounts> {
  const [counts, mine] = await Promise.all([
    helpfulCountsBySlug(db, actor.orgId, [slug]),
    db.selectFrom('playbook_feedback').select('is_helpful').where('org_id', '=', actor.orgId).where('playbook_slug', '=', slug).where('user_id', '=', actor.userId).executeTakeFirst(),
  ]);
  return { ...(counts.get(slug) ?? { yes: 0, no: 0 }), mine: mine?.is_helpful ?? null };
}

/**
 * One playbook for a reader, and (unless `recordView` is false: a HEAD request only asks whether it is there) their
 * view of it recorded: the first opening of the day (UTC) by this reader counts, later ones that day do not. The
 * view is written before the count is read, so the reader is in it.
 */
export async function readPlaybook(db: Db, actor: OrgActor, library: PlaybookLibrary, slug: string, options: { recordView?: boolean } = {}): Promise<PlaybookView> {
  requirePermission(actor, 'playbooks.read');
  const playbook = findPlaybook(library, slug);
  if (options.recordView !== false) {
    await db
      .insertInto('playbook_views')
      .values({ org_id: actor.orgId, playbook_slug: slug, user_id: actor.userId, viewed_on: sql<string>`(now() at time zone 'utc')::date` })
      .onConflict((conflict) => conflict.doNothing())
      .execute();
  }
  const [views, helpful] = await Promise.all([viewCountsBySlug(db, actor.orgId, [slug]), helpfulCountsFor(db, actor, slug)]);
  return {
    slug: playbook.slug,
    title: playbook.title,
    summary: playbook.summary,
    mechanism: playbook.mechanism,
    tool: playbook.tool,
    wordCount: playbook.wordCount,
    readMinutes: playbook.readMinutes,
    views: views.get(slug) ?? 0,
    helpful,
    html: playbook.html,
    diagrams: playbook.diagrams,
    related: relatedPlaybooks(library, playbook).map((related) => ({ slug: related.slug, title: related.title, summary: related.summary, readMinutes: related.readMinutes })),
    apply: applyTargetFor(playbook.tool, actor.orgId, (permission) => can(actor.role, permission)),
  };
}

/** Records (or changes) the reader's answer to "Was this helpful?" and returns the playbook's counts after it. */
export async function answerPlaybookHelpful(db: Db, actor: OrgActor, library: PlaybookLibrary, slug: string, isHelpful: boolean): Promise<HelpfulCounts> {
  requirePermission(actor, 'playbooks.read');
  findPlaybook(library, slug);
  await db
    .insertInto('playbook_feedback')
    .values({ org_id: actor.orgId, playbook_slug: slug, user_id: actor.userId, is_helpful: isHelpful })
    .onConflict((conflict) => conflict.columns(['org_id', 'playbook_slug', 'user_id']).doUpdateSet({ is_helpful: isHelpful, updated_at: sql`now()` }))
    .execute();
  return helpfulCountsFor(db, actor, slug);
}

/** A playbook for download: the reader needs read rights, and the playbook must exist. Downloads are not views. */
export function playbookForDownload(actor: OrgActor, library: PlaybookLibrary, slug: string): Playbook {
  requirePermission(actor, 'playbooks.read');
  return findPlaybook(library, slug);
}
