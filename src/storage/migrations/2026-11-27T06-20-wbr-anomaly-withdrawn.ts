import { sql, type Kysely } from 'kysely';

// An anomaly whose signal a correction of the week that raised it no longer shows is withdrawn by that correction:
// a fact about the data, kept beside the owner's status and root cause (which stay as they were, readable), not a
// status of the owner's answer. A later correction that shows the signal again clears it. A withdrawn anomaly is off
// the agenda, so it no longer holds its metric's one unresolved anomaly.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table wbr_anomalies add column withdrawn_by_snapshot_id uuid references wbr_snapshots (id) on delete cascade`.execute(db);
  await sql`drop index wbr_anomalies_one_unresolved`.execute(db);
  await sql`create unique index wbr_anomalies_one_unresolved on wbr_anomalies (deck_id, metric_name) where status <> 'resolved' and withdrawn_by_snapshot_id is null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  // Withdrawn anomalies go back on the agenda; where one would now be a second unresolved anomaly of its metric, its
  // place is taken by the newer one and it is left resolved with its cause (the check wants one written).
  await sql`update wbr_anomalies a set status = 'resolved', root_cause = case when btrim(a.root_cause) = '' then 'Withdrawn by a correction of its week.' else a.root_cause end
    where a.withdrawn_by_snapshot_id is not null and a.status <> 'resolved'
      and exists (select 1 from wbr_anomalies b where b.deck_id = a.deck_id and b.metric_name = a.metric_name and b.id <> a.id and b.status <> 'resolved' and b.withdrawn_by_snapshot_id is null)`.execute(db);
  await sql`drop index wbr_anomalies_one_unresolved`.execute(db);
  await sql`alter table wbr_anomalies drop column withdrawn_by_snapshot_id`.execute(db);
  await sql`create unique index wbr_anomalies_one_unresolved on wbr_anomalies (deck_id, metric_name) where status <> 'resolved'`.execute(db);
}
