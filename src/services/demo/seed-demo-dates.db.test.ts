import { beforeAll, describe, expect, it } from 'vitest';
import { seedDemoAsAdmin } from '../../../test/support/demo-org.js';
import { useTestApp } from '../../../test/support/test-app.js';

const context = useTestApp({}, { withDemoOrg: true });

const ms = (value: Date | string) => new Date(value).getTime();

interface Event { action: string; actor: string | null; subject: string | null; data: Record<string, unknown>; at: number }

/** The demo's audit log, oldest first: the story a newcomer reads, in the order it says things happened. */
async function auditLog(orgId: string): Promise<Event[]> {
  const rows = await context.database.db.selectFrom('audit_events').select(['action', 'actor_user_id', 'subject_id', 'data', 'created_at'])
    .where('org_id', '=', orgId).orderBy('created_at').orderBy('id').execute();
  return rows.map((row) => ({ action: row.action, actor: row.actor_user_id, subject: row.subject_id, data: row.data as Record<string, unknown>, at: ms(row.created_at) }));
}

describe('the demo org reads as weeks of a real org', () => {
  let orgId: string;
  let log: Event[];
  let seededAt: number;
  beforeAll(async () => {
    seededAt = Date.now();
    ({ orgId } = await seedDemoAsAdmin(context.database.db));
    log = await auditLog(orgId);
  }, 120_000);

  it('dates nothing at the seeding moment: the latest events are the ones that happened before the demo\'s today', () => {
    // The demo's latest work is at least an hour old (a week published on a Sunday's eve, a quota set the evening
    // before its quarter); the log has no event of the seeding itself on top of it as "today".
    const recent = log.filter((event) => event.at > seededAt - 30 * 60_000).map((event) => event.action);
    expect(recent).toEqual([]);
    for (const action of ['wbr_deck.created', 'wbr_deck.updated', 'wbr_deck.data_uploaded', 'wbr_annotation.added', 'wbr_week.published', 'wbr_anomaly.updated', 'account.owner_changed', 'account.strategic_changed', 'sales_quota.set']) {
      expect(log.some((event) => event.action === action), action).toBe(true);
    }
  });

  it('publishes each business review week after it ended and after the data that reaches past it, with its notes written before', async () => {
    const db = context.database.db;
    const deck = await db.selectFrom('wbr_decks').select(['id', 'created_at', 'data_uploaded_at']).where('org_id', '=', orgId).executeTakeFirstOrThrow();
    const weeks = await db.selectFrom('wbr_snapshots').select(['id', 'week_ending', 'published_at']).where('deck_id', '=', deck.id).orderBy('week_ending').execute();
    expect(weeks).toHaveLength(3);
    const events = log.filter((event) => event.subject === deck.id);
    expect(events[0]).toMatchObject({ action: 'wbr_deck.created', at: ms(deck.created_at) });
    const uploads = events.filter((event) => event.action === 'wbr_deck.data_uploaded');
    expect(uploads.at(-1)!.at).toBe(ms(deck.data_uploaded_at as Date));
    for (const week of weeks) {
      const published = events.find((event) => event.action === 'wbr_week.published' && event.data.weekEnding === week.week_ending)!;
      expect(published.at).toBe(ms(week.published_at));
      // Published once its Saturday had begun (a Sunday review east of Greenwich at the earliest)...
      expect(published.at).toBeGreaterThan(Date.parse(`${week.week_ending}T00:00:00Z`));
      // ...on data uploaded before it that reached past the week's end, and no later than the upload's own day.
      const upload = uploads.filter((event) => event.at < published.at).at(-1)!;
      expect(String(upload.data.lastDate) > week.week_ending).toBe(true);
      expect(Date.parse(`${String(upload.data.lastDate)}T00:00:00Z`)).toBeLessThanOrEqual(upload.at);
    }
    // Each note on the data was written after the deck existed, and the explained anomaly after its week was published.
    for (const note of events.filter((event) => event.action === 'wbr_annotation.added')) expect(note.at).toBeGreaterThan(ms(deck.created_at));
    const anomalies = await db.selectFrom('wbr_anomalies').select(['created_at', 'first_snapshot_id']).where('deck_id', '=', deck.id).execute();
    for (const anomaly of anomalies) expect(ms(anomaly.created_at)).toBe(ms(weeks.find((week) => week.id === anomaly.first_snapshot_id)!.published_at));
    const explained = log.find((event) => event.action === 'wbr_anomaly.updated')!;
    expect(explained.at).toBeGreaterThan(ms(weeks[0]!.published_at));
    expect(explained.at).toBeLessThan(ms(weeks[1]!.published_at));
  });

  it('sets each quarter\'s quotas while the quarter was open, through the service, and names the strategic accounts after their deals opened', async () => {
    const db = context.database.db;
    const quotas = await db.selectFrom('sales_quotas').select(['person_id', 'quarter_start', 'amount', 'created_at']).where('org_id', '=', orgId).execute();
    expect(quotas).toHaveLength(12);
    const set = log.filter((event) => event.action === 'sales_quota.set');
    expect(set).toHaveLength(12);
    const imported = log.find((event) => event.action === 'people.imported')!;
    for (const quota of quotas) {
      const event = set.find((entry) => entry.subject === quota.person_id && entry.data.amount === quota.amount && ms(quota.created_at) === entry.at);
      expect(event, `the audit row of ${quota.quarter_start}`).toBeDefined();
      expect(event!.at).toBeGreaterThan(imported.at);
      // Set before the quarter was over (three months after its first day, at most).
      expect(event!.at).toBeLessThan(Date.parse(`${quota.quarter_start}T00:00:00Z`) + 92 * 86_400_000);
    }
    const accounts = await db.selectFrom('accounts').select(['id', 'owner_since']).where('org_id', '=', orgId).where('is_strategic', '=', true).execute();
    expect(accounts).toHaveLength(2);
    for (const account of accounts) {
      const changes = log.filter((event) => event.subject === account.id && event.action.startsWith('account.'));
      expect(changes.map((event) => event.action).sort()).toEqual(['account.owner_changed', 'account.strategic_changed']);
      for (const change of changes) expect(change.at).toBe(ms(account.owner_since as Date));
      const opened = log.filter((event) => event.action === 'opportunity.created' && event.data.accountName === changes[0]!.data.name).map((event) => event.at);
      expect(Math.min(...opened)).toBeLessThan(changes[0]!.at);
    }
  });

  it('dates each scorecard after its interview, each debrief after its scorecards and the offer after its debrief, as the audit log does', async () => {
    const db = context.database.db;
    const loops = await db.selectFrom('loops').select(['id', 'interview_at', 'decided_at']).where('org_id', '=', orgId).execute();
    let scorecards = 0;
    for (const loop of loops) {
      const feedback = await db.selectFrom('feedback').select('submitted_at').where('loop_id', '=', loop.id).execute();
      const submitted = feedback.map((row) => ms(row.submitted_at)).sort((a, b) => a - b);
      scorecards += submitted.length;
      for (const at of submitted) expect(at).toBeGreaterThan(ms(loop.interview_at));
      // The audit log says each scorecard came in when the loop says it did.
      const events = log.filter((event) => event.action.startsWith('feedback.') && event.data.loopId === loop.id).map((event) => event.at).sort((a, b) => a - b);
      expect(events).toEqual(submitted);
      if (loop.decided_at === null) continue;
      expect(ms(loop.decided_at)).toBeGreaterThan(Math.max(...submitted));
      expect(log.filter((event) => event.action === 'debrief.decided' && event.data.loopId === loop.id).map((event) => event.at)).toEqual([ms(loop.decided_at)]);
      const offer = await db.selectFrom('offers').innerJoin('loops', 'loops.candidate_id', 'offers.candidate_id').select('offers.created_at').where('loops.id', '=', loop.id).executeTakeFirst();
      if (offer) expect(ms(offer.created_at)).toBeGreaterThan(ms(loop.decided_at));
    }
    expect(scorecards).toBeGreaterThan(5);
    expect(loops.filter((loop) => loop.decided_at !== null)).toHaveLength(2);
  });

  it('has each member join before their first action, and the org exist before anyone joins', async () => {
    const db = context.database.db;
    const members = await db.selectFrom('memberships').select(['user_id', 'created_at']).where('org_id', '=', orgId).execute();
    expect(members).toHaveLength(4);
    const founded = log.find((event) => event.action === 'org.created')!;
    for (const member of members) {
      const joined = log.find((event) => (event.action === 'member.joined' || event.action === 'org.created') && event.actor === member.user_id)!;
      expect(joined.at).toBe(ms(member.created_at));
      expect(joined.at).toBeGreaterThanOrEqual(founded.at);
      const first = log.find((event) => event.actor === member.user_id && event !== joined);
      expect(first, `a first action of ${member.user_id}`).toBeDefined();
      expect(joined.at).toBeLessThan(first!.at);
    }
  });

  it('edits the principles before the work that cites them, and makes each team before the roles and work it holds', async () => {
    const db = context.database.db;
    const work = log.filter((event) => !['org.created', 'member.joined'].includes(event.action) && !event.action.startsWith('principle.'));
    const principleEvents = log.filter((event) => event.action.startsWith('principle.'));
    expect(principleEvents.map((event) => event.action).sort()).toEqual(['principle.created', 'principle.created', 'principle.edited', 'principle.retired']);
    for (const event of principleEvents) expect(event.at).toBeLessThan(work[0]!.at);
    // The org's writing-check settings were set before the first document was checked against them.
    expect(log.find((event) => event.action === 'writing_settings.changed')!.at).toBeLessThan(log.find((event) => event.action === 'document.created')!.at);
    // Each wording a scorecard or review cites was written before it was cited.
    const versions = await db.selectFrom('principle_versions').select(['principle_id', 'version', 'created_at']).where('org_id', '=', orgId).execute();
    const writtenAt = new Map(versions.map((row) => [`${row.principle_id}@${row.version}`, ms(row.created_at)]));
    const feedback = await db.selectFrom('feedback').select(['ratings', 'submitted_at']).where('org_id', '=', orgId).execute();
    for (const row of feedback) for (const rating of row.ratings) expect(writtenAt.get(`${rating.principleId}@${rating.version}`)).toBeLessThan(ms(row.submitted_at));
    const edited = versions.find((row) => row.version === 2)!;
    expect(principleEvents.find((event) => event.action === 'principle.edited')!.at).toBe(ms(edited.created_at));

    const teams = await db.selectFrom('teams').select(['id', 'name', 'initiative_id', 'created_at']).where('org_id', '=', orgId).execute();
    expect(teams.map((team) => team.name).sort()).toEqual(['Gripper', 'Platform', 'Recruiting']);
    for (const team of teams) {
      const requisitions = await db.selectFrom('requisitions').select('created_at').where('team_id', '=', team.id).execute();
      for (const requisition of requisitions) expect(ms(team.created_at)).toBeLessThan(ms(requisition.created_at));
      if (team.initiative_id !== null) {
        const initiative = await db.selectFrom('initiatives').select('created_at').where('id', '=', team.initiative_id).executeTakeFirstOrThrow();
        expect(ms(team.created_at)).toBeLessThan(ms(initiative.created_at));
      }
      // Whoever works on a team was put on it before the team's roles opened.
      const allocated = log.filter((event) => (event.action === 'allocation.set' && event.data.teamId === team.id) || (event.action === 'team.created' && event.subject === team.id));
      for (const event of allocated) for (const requisition of requisitions) expect(event.at).toBeLessThan(ms(requisition.created_at));
    }
    // The people (and the teams the import made) were on the org chart before any work named them.
    const imported = log.find((event) => event.action === 'people.imported')!;
    const people = await db.selectFrom('people').select('created_at').where('org_id', '=', orgId).execute();
    for (const person of people) expect(ms(person.created_at)).toBe(imported.at);
    expect(imported.at).toBeLessThan(log.find((event) => event.action === 'initiative.created')!.at);
    // Bar raisers were certified before any loop needed one.
    for (const event of log.filter((entry) => entry.action === 'bar_raiser.updated')) expect(event.at).toBeLessThan(log.find((entry) => entry.action === 'loop.created')!.at);
  });

  it('builds the metric catalog before the business review weeks that chart it, each metric after the initiative it promises to move', async () => {
    const db = context.database.db;
    const metrics = await db.selectFrom('metrics').leftJoin('initiatives', 'initiatives.id', 'metrics.initiative_id')
      .select(['metrics.id', 'metrics.created_at', 'initiatives.created_at as initiative_created_at']).where('metrics.org_id', '=', orgId).execute();
    const weeks = await db.selectFrom('wbr_snapshots').select('week_ending').where('org_id', '=', orgId).execute();
    expect(metrics.length).toBeGreaterThan(0);
    expect(weeks.length).toBeGreaterThan(0);
    const firstWeekEnding = Math.min(...weeks.map((week) => Date.parse(`${week.week_ending}T00:00:00Z`)));
    for (const metric of metrics) {
      expect(ms(metric.created_at)).toBeLessThan(firstWeekEnding);
      if (metric.initiative_created_at !== null) expect(ms(metric.created_at)).toBeGreaterThan(ms(metric.initiative_created_at));
      expect(log.find((event) => event.action === 'metric.created' && event.subject === metric.id)!.at).toBe(ms(metric.created_at));
    }
  });

  it('opens each sales deal before its discovery record and its moves, on an org chart that already had its owner', async () => {
    const db = context.database.db;
    const deals = await db.selectFrom('opportunities').innerJoin('people', 'people.id', 'opportunities.owner_person_id')
      .select(['opportunities.id', 'opportunities.created_at', 'opportunities.stage_changed_at', 'people.created_at as owner_since']).where('opportunities.org_id', '=', orgId).execute();
    expect(deals.length).toBeGreaterThan(3);
    for (const deal of deals) {
      const events = log.filter((event) => event.action.startsWith('opportunity.') && event.subject === deal.id);
      expect(events[0]!.action).toBe('opportunity.created');
      expect(events[0]!.at).toBe(ms(deal.created_at));
      expect(ms(deal.owner_since)).toBeLessThan(ms(deal.created_at));
      for (const event of events.slice(1)) expect(event.at).toBeGreaterThan(events[0]!.at);
      const moves = events.filter((event) => event.action === 'opportunity.stage_changed');
      if (moves.length > 0) expect(moves.at(-1)!.at).toBe(ms(deal.stage_changed_at));
    }
  });

  it('links each document to its initiative after the document was written, not at the seeding moment', async () => {
    const db = context.database.db;
    const documents = new Map((await db.selectFrom('documents').select(['id', 'created_at']).where('org_id', '=', orgId).execute()).map((row) => [row.id, ms(row.created_at)]));
    const links = log.filter((event) => event.action === 'initiative.documents_linked');
    expect(links.length).toBeGreaterThan(3);
    for (const link of links) {
      const linked = Object.values(link.data.to as Record<string, string | null>).filter((id): id is string => id !== null);
      for (const id of linked) expect(documents.get(id)).toBeLessThan(link.at);
      // Linked while the initiative stood at the stage the event names: before the next move it made.
      const nextMove = log.find((event) => event.action === 'initiative.stage_changed' && event.subject === link.subject && event.data.from === link.data.stage);
      if (nextMove) expect(link.at).toBeLessThan(nextMove.at);
    }
  });

  it('writes each review inside its cycle, after the ledger evidence it cites, and the promotion case after the ledger too', async () => {
    const db = context.database.db;
    const cycles = await db.selectFrom('review_cycles').select(['id', 'name', 'status', 'created_at']).where('org_id', '=', orgId).execute();
    const evidence = await db.selectFrom('evidence_entries').select(['id', 'created_at']).where('org_id', '=', orgId).execute();
    const evidenceAt = new Map(evidence.map((row) => [row.id, ms(row.created_at)]));
    // Nothing in the ledger or the reviews is dated at the seeding moment: the closed cycle is months old, the open one weeks.
    for (const at of evidenceAt.values()) expect(at).toBeLessThan(log.find((event) => event.action === 'loop.created')!.at);
    expect(cycles).toHaveLength(2);
    for (const cycle of cycles) {
      const opened = log.find((event) => event.action === 'review_cycle.created' && event.subject === cycle.id)!;
      expect(opened.at).toBe(ms(cycle.created_at));
      const closed = log.find((event) => event.action === 'review_cycle.closed' && event.subject === cycle.id);
      expect(closed === undefined).toBe(cycle.status === 'open');
      const reviews = await db.selectFrom('reviews').select(['ratings', 'updated_at']).where('cycle_id', '=', cycle.id).execute();
      expect(reviews.length).toBeGreaterThan(0);
      for (const review of reviews) {
        expect(ms(review.updated_at)).toBeGreaterThan(ms(cycle.created_at));
        if (closed) expect(ms(review.updated_at)).toBeLessThan(closed.at);
        for (const rating of review.ratings) for (const id of rating.evidenceIds) expect(evidenceAt.get(id)).toBeLessThan(ms(review.updated_at));
      }
    }
    const cases = await db.selectFrom('promotion_cases').select(['sections', 'created_at']).where('org_id', '=', orgId).execute();
    expect(cases).toHaveLength(1);
    for (const section of cases[0]!.sections) for (const id of section.evidenceIds) expect(evidenceAt.get(id)).toBeLessThan(ms(cases[0]!.created_at));
    expect(log.find((event) => event.action === 'promotion_case.created')!.at).toBe(ms(cases[0]!.created_at));
  });
});
