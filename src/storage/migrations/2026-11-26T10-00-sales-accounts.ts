import { sql, type Kysely } from 'kysely';

// Accounts, with one single-threaded owner for each strategic one. A deal names its account by name (as since the
// sales discovery migration); an account row exists for every name a deal uses, made with the deal, so the rules
// of an account (strategic, its owner) have a place. Rows for today's deals are made here.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('accounts')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('org_id', 'uuid', (c) => c.notNull().references('orgs.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('is_strategic', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('owner_person_id', 'uuid', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('owner_since', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    // The API refuses first, naming the rule (account.single_owner); the database keeps it whatever writes the row.
    .addCheckConstraint('accounts_strategic_has_owner', sql`not is_strategic or owner_person_id is not null`)
    .execute();
  await sql`create unique index accounts_org_name_key on accounts (org_id, lower(name))`.execute(db);
  await sql`
    insert into accounts (org_id, name, created_at)
    select distinct on (org_id, lower(account_name)) org_id, account_name, created_at
    from opportunities
    order by org_id, lower(account_name), created_at`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('accounts').execute();
}
