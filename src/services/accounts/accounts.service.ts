import { sql } from 'kysely';
import { assertAcceptablePassword, normaliseEmail, slugify } from '../../domain/accounts/account-rules.js';
import type { Role } from '../../domain/accounts/roles.js';
import { AppError } from '../../domain/errors.js';
import { publishChange } from '../../storage/change-feed.js';
import type { Db } from '../../storage/database.js';
import { recordAuditEvent } from '../audit/audit.service.js';
import { seedDefaultPrinciples } from '../principles/principles.service.js';
import { decoyPasswordHash, hashPassword, hashSecret, newSecret, verifyPassword } from './secrets.js';

/** Settings the account use cases need from configuration (passed in: services read no environment). */
export interface AccountSettings {
  sessionDays: number;
  passwordHashLog2N: number;
  loginAttemptsPerWindow: number;
  loginWindowMinutes: number;
}

const IP_ALLOWANCE_FACTOR = 5;

export interface NewSession {
  /** The bearer secret for the cookie: shown once, stored only as a hash. */
  token: string;
  csrfToken: string;
  expiresAt: Date;
}

export interface Membership {
  org: { id: string; name: string; slug: string };
  role: Role;
}

export interface Account {
  user: { id: string; email: string; name: string };
  memberships: Membership[];
}

export async function createSession(db: Db, userId: string, settings: Pick<AccountSettings, 'sessionDays'>): Promise<NewSession> {
  const token = newSecret('ps');
  const csrfToken = newSecret('csrf');
  const expiresAt = new Date(Date.now() + settings.sessionDays * 24 * 60 * 60 * 1000);
  await db.insertInto('sessions').values({ id: hashSecret(token), user_id: userId, csrf_token: csrfToken, expires_at: expiresAt }).execute();
  return { token, csrfToken, expiresAt };
}

export async function resolveSession(db: Db, token: string): Promise<{ userId: string; csrfToken: string; expiresAt: number } | null> {
  const row = await db
    .selectFrom('sessions')
    .select(['user_id', 'csrf_token', 'expires_at'])
    .where('id', '=', hashSecret(token))
    .executeTakeFirst();
  const expiresAt = row ? new Date(row.expires_at).getTime() : 0;
  if (!row || expiresAt <= Date.now()) return null;
  return { userId: row.user_id, csrfToken: row.csrf_token, expiresAt };
}

export async function endSession(db: Db, token: string): Promise<void> {
  const sessionId = hashSecret(token);
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('sessions').where('id', '=', sessionId).execute();
    await publishChange(trx, { topic: 'session', sessionId });
  });
}

async function uniqueSlug(trx: Db, name: string): Promise<string> {
  const base = slugify(name);
  const taken = await trx.selectFrom('orgs').select('slug').where('slug', 'like', `${base}%`).execute();
  const names = new Set(taken.map((row) => row.slug));
  if (!names.has(base)) return base;
  for (let suffix = 2; ; suffix += 1) if (!names.has(`${base}-${suffix}`)) return `${base}-${suffix}`;
}

/**
 * Creates an org with its default principles and makes the creator its admin, in one transaction. `now` dates all of
 * it (the demo's org, founded months before its story); without it, the database's clock.
 */
export async function createOrgWithAdmin(trx: Db, userId: string, orgName: string, now?: Date): Promise<{ id: string; name: string; slug: string }> {
  const name = orgName.trim();
  if (name.length === 0) throw new AppError('validation_failed', 'The org needs a name.', { field: 'orgName' });
  const dated = now === undefined ? {} : { created_at: now };
  const org = await trx.insertInto('orgs').values({ name, slug: await uniqueSlug(trx, name), ...dated }).returning(['id', 'name', 'slug']).executeTakeFirstOrThrow();
  await trx.insertInto('memberships').values({ org_id: org.id, user_id: userId, role: 'admin', ...dated }).execute();
  await seedDefaultPrinciples(trx, org.id, userId, now);
  await recordAuditEvent(trx, { at: now, orgId: org.id, actorUserId: userId, action: 'org.created', subjectType: 'org', subjectId: org.id, data: { name } });
  return org;
}

async function insertUser(trx: Db, input: { email: string; name: string; password: string }, settings: AccountSettings): Promise<string> {
  assertAcceptablePassword(input.password);
  const email = normaliseEmail(input.email);
  const existing = await trx.selectFrom('users').select('id').where(sql`lower(email)`, '=', email).executeTakeFirst();
  if (existing) throw new AppError('conflict', 'An account with this email already exists. Sign in instead.', { field: 'email' });
  const user = await trx
    .insertInto('users')
    .values({ email, name: input.name.trim(), password_hash: await hashPassword(input.password, settings.passwordHashLog2N) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return user.id;
}

/** Sign-up creates the person and their org; the first user of an org is its admin. */
export async function signUp(
  db: Db,
  input: { email: string; name: string; password: string; orgName: string },
  settings: AccountSettings,
): Promise<{ account: Account; session: NewSession }> {
  const userId = await db.transaction().execute(async (trx) => {
    const id = await insertUser(trx, input, settings);
    await createOrgWithAdmin(trx, id, input.orgName);
    return id;
  });
  return { account: await getAccount(db, userId), session: await createSession(db, userId, settings) };
}

/** Creates a user who joins through an invitation instead of creating an org. */
export async function signUpUser(trx: Db, input: { email: string; name: string; password: string }, settings: AccountSettings): Promise<string> {
  return insertUser(trx, input, settings);
}

/**
 * Signs in with email and password. Failures are counted per email and per client address in the
 * database (so the limit holds across many stateless web instances); past the limit every attempt is
 * refused until the window moves on, even with the right password.
 */
export async function signIn(
  db: Db,
  input: { email: string; password: string; clientAddress: string },
  settings: AccountSettings,
): Promise<{ account: Account; session: NewSession }> {
  const email = normaliseEmail(input.email);
  const keys = [`email:${email}`, `ip:${input.clientAddress}`];
  const windowStart = new Date(Date.now() - settings.loginWindowMinutes * 60 * 1000);
  const recent = await db
    .selectFrom('login_attempts')
    .select(['key', (eb) => eb.fn.countAll<number>().as('failures')])
    .where('key', 'in', keys)
    .where('attempted_at', '>', windowStart)
    .groupBy('key')
    .execute();
  // One address may be a whole office behind one NAT: it gets more room than one account does.
  const limitFor = (key: string) => (key.startsWith('ip:') ? settings.loginAttemptsPerWindow * IP_ALLOWANCE_FACTOR : settings.loginAttemptsPerWindow);
  if (recent.some((row) => Number(row.failures) >= limitFor(row.key))) {
    throw new AppError('rate_limited', `Too many failed sign-ins. Wait ${settings.loginWindowMinutes} minutes and try again.`, {
      data: { retryAfterSeconds: settings.loginWindowMinutes * 60 },
    });
  }
  const user = await db.selectFrom('users').select(['id', 'password_hash']).where(sql`lower(email)`, '=', email).executeTakeFirst();
  const isValid = await verifyPassword(input.password, user?.password_hash ?? (await decoyPasswordHash(settings.passwordHashLog2N)));
  if (!user || !isValid) {
    await db.insertInto('login_attempts').values(keys.map((key) => ({ key }))).execute();
    throw new AppError('unauthenticated', 'The email or password is not right.', { field: 'password' });
  }
  await db.deleteFrom('login_attempts').where('key', '=', keys[0]!).execute();
  return { account: await getAccount(db, user.id), session: await createSession(db, user.id, settings) };
}

export async function getAccount(db: Db, userId: string): Promise<Account> {
  const user = await db.selectFrom('users').select(['id', 'email', 'name']).where('id', '=', userId).executeTakeFirst();
  if (!user) throw new AppError('unauthenticated', 'Your account no longer exists. Sign in again.');
  const memberships = await db
    .selectFrom('memberships')
    .innerJoin('orgs', 'orgs.id', 'memberships.org_id')
    .select(['orgs.id', 'orgs.name', 'orgs.slug', 'memberships.role'])
    .where('memberships.user_id', '=', userId)
    .orderBy('orgs.name')
    .execute();
  return { user, memberships: memberships.map((row) => ({ org: { id: row.id, name: row.name, slug: row.slug }, role: row.role })) };
}

/** The caller's role in an org, or null when they are not a member (callers then answer 404, not 403). */
export async function findMembershipRole(db: Db, userId: string, orgId: string): Promise<Role | null> {
  const row = await db.selectFrom('memberships').select('role').where('user_id', '=', userId).where('org_id', '=', orgId).executeTakeFirst();
  return row?.role ?? null;
}

export async function createOrg(db: Db, userId: string, orgName: string): Promise<Membership> {
  const org = await db.transaction().execute((trx) => createOrgWithAdmin(trx, userId, orgName));
  return { org, role: 'admin' };
}
