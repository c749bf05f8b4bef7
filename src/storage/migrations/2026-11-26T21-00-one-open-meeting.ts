import { sql, type Kysely } from 'kysely';

const MIGRATION = '2026-11-26T21-00-one-open-meeting';

// One open reading meeting per document: a meeting not yet ended nor cancelled (ended_at is null) is the document's
// only one, so readers and the decision are not split between two. A partial unique index makes it race-safe (two
// requests at once give one meeting and one refusal, meeting.one_open_per_document).
//
// Documents that already have several open meetings keep one: the reading that started last (people may be reading
// it now), else the meeting scheduled last. The others are cancelled as a facilitator would cancel them: ended with
// no decision, the reason in decision_notes (naming the meeting kept), and a `meeting.cancelled` audit event with no
// actor, marked with this migration. No initiative moves: a cancellation decides nothing.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    with ranked as (
      select id, org_id, document_id, version,
        first_value(id) over w as kept_id,
        row_number() over w as place
      from reading_meetings
      where ended_at is null
      window w as (partition by org_id, document_id order by started_at desc nulls last, created_at desc, id desc)
    ),
    cancelled as (
      update reading_meetings as meeting
      set ended_at = now(), decision = null,
        decision_notes = 'Cancelled when Pulse came to allow one open reading meeting per document: meeting ' || ranked.kept_id || ' on this document was kept.'
      from ranked
      where meeting.id = ranked.id and ranked.place > 1
      returning meeting.id, meeting.org_id, meeting.document_id, meeting.version, meeting.decision_notes
    )
    insert into audit_events (org_id, actor_user_id, action, subject_type, subject_id, data)
    select org_id, null, 'meeting.cancelled', 'reading_meeting', id::text,
      jsonb_build_object('documentId', document_id, 'version', version, 'reason', decision_notes, 'migration', ${MIGRATION}::text)
    from cancelled
  `.execute(db);
  await sql`create unique index reading_meetings_one_open on reading_meetings (org_id, document_id) where ended_at is null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  // The meetings cancelled on the way up stay cancelled: their audit events say why.
  await sql`drop index if exists reading_meetings_one_open`.execute(db);
}
