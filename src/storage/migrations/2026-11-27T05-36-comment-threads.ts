import { sql, type Kysely } from 'kysely';

// Comment threads in a document's review. A reply is a row of document_comments with the thread's first comment as
// its parent (one level, as in Google Docs); it quotes no passage, so the anchor columns are empty for replies (all
// three or none). A thread is resolved by someone, at some time, both or neither, and only a thread's first comment
// carries that. The parent is a key of one column, as every key the org export checks: a reply in the parent's
// document and org is the service's rule (the reply takes both from the comment it answers).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table document_comments
      add column parent_id uuid references document_comments (id) on delete cascade,
      add column resolved_at timestamptz,
      add column resolved_by uuid references users (id),
      alter column anchor_start drop not null,
      alter column anchor_end drop not null,
      alter column quote drop not null,
      add constraint document_comments_anchor_whole check ((anchor_start is null) = (quote is null) and (anchor_end is null) = (quote is null)),
      add constraint document_comments_resolved_whole check ((resolved_at is null) = (resolved_by is null)),
      add constraint document_comments_reply_not_resolved check (parent_id is null or resolved_at is null)`.execute(db);
  await sql`create index document_comments_parent_idx on document_comments (parent_id) where parent_id is not null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`delete from document_comments where parent_id is not null`.execute(db);
  await sql`
    alter table document_comments
      drop constraint document_comments_anchor_whole,
      drop constraint document_comments_resolved_whole,
      drop constraint document_comments_reply_not_resolved,
      drop column parent_id,
      drop column resolved_at,
      drop column resolved_by,
      alter column anchor_start set not null,
      alter column anchor_end set not null,
      alter column quote set not null`.execute(db);
}
