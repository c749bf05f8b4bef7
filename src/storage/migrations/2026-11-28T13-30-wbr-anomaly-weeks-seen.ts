import { sql, type Kysely } from 'kysely';

// The weeks each anomaly was seen in: the weeks whose signals on its metric were given to it (by the publish or the
// correction that raised them). A correction re-dates an anomaly from these weeks exactly (those the latest versions
// still show), rather than from every signal of its metric between its first and last week, which could take the
// week of another anomaly of the same metric whose span overlaps it (one reopened after a withdrawal).
//
// Anomalies stored before are given the weeks their metric was raised on (by any version of a published week, as a
// publish raises them: on weeks after the week published before it) between their first and last week. A week inside
// the spans of two anomalies of the metric goes to the one first seen later (the inner one). An anomaly with no such
// week (its signals all corrected away) keeps its first and last week.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table wbr_anomalies add column weeks_seen date[] not null default '{}'`.execute(db);
  await sql`
    with raised as (
      select distinct s.deck_id, signal->>'metric' as metric, (signal->>'weekEnding')::date as week
      from wbr_snapshots s
      cross join lateral (select max(p.week_ending) as previous from wbr_snapshots p where p.deck_id = s.deck_id and p.week_ending < s.week_ending) before
      cross join lateral jsonb_array_elements(s.signals_json::jsonb) signal
      where before.previous is null or (signal->>'weekEnding')::date >= before.previous + 7
    )
    update wbr_anomalies a set weeks_seen = coalesce(
      (select array_agg(r.week order by r.week) from raised r
        where r.deck_id = a.deck_id and r.metric = a.metric_name and r.week between a.first_week_ending and a.last_week_ending
          and not exists (
            select 1 from wbr_anomalies b
            where b.deck_id = a.deck_id and b.metric_name = a.metric_name and b.id <> a.id
              and r.week between b.first_week_ending and b.last_week_ending
              and (b.first_week_ending, b.created_at, b.id) > (a.first_week_ending, a.created_at, a.id))),
      array(select distinct unnest(array[a.first_week_ending, a.last_week_ending]) order by 1))`.execute(db);
  await sql`alter table wbr_anomalies alter column weeks_seen drop default`.execute(db);
  await sql`alter table wbr_anomalies add constraint wbr_anomalies_weeks_seen check (cardinality(weeks_seen) > 0)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table wbr_anomalies drop column weeks_seen`.execute(db);
}
