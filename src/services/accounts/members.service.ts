import { sql } from 'kysely';
import { normaliseEmail } from '../../domain/accounts/account-rules.js';
import type { Role } from '../../domain/accounts/roles.js';
import { AppError, notFound } from '../../domain/errors.js';
import { invitationEmail } from '../../domain/mail/outbox-emails.js';
import { assertSameContent, fieldsToken } from '../../domain/stale-write.js';
import { publishChange } from '../../storage/change-feed.js';
import type { Db } from '../../storage/database.js';
import { recordAuditEvent } from '../audit/audit.service.js';
import { lockOrgStructure } from '../people/org-state.js';
import { requirePermission, type OrgActor } from '../context.js';
import { appLink, dropUnsentInvitationEmails, queueEmail, type EmailSettings } from '../mail/outbox.service.js';
import { getAccount, signUpUser, type Account, type AccountSettings } from './accounts.service.js';
import { hashSecret, newSecret } from './secrets.js';

export interface MemberView {
  userId: string;
  name: string;
  email: string;
  role: Role;
  joinedAt: string;
  /** Send it back as `baseToken` when changing their role: a change to it since refuses yours (409). */
  editToken: string;
}

export interface InvitationView {
  id: string;
  email: string;
  role: Role;
  createdAt: string;
  expiresAt: string;
  acceptedAt: string | null;
  /** Who sent it: an invitation lets people in on that member's authority. */
  invitedBy: { id: string; name: string };
}

/** What ending a login's membership took away with it. */
export interface EndedMembership {
  tokensRevoked: number;
  /** Its invitations that were still open (not accepted, not expired), now withdrawn. */
  invitationsWithdrawn: number;
}

const INVITATION_DAYS = 7;
/** When an invitation made now stops letting anyone in. */
const newInvitationExpiry = () => new Date(Date.now() + INVITATION_DAYS * 86_400_000);
const hasExpired = (expiresAt: Date) => new Date(expiresAt).getTime() < Date.now();

export async function listMembers(db: Db, actor: OrgActor): Promise<MemberView[]> {
  requirePermission(actor, 'members.read');
  const rows = await db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select(['users.id', 'users.name', 'users.email', 'memberships.role', 'memberships.created_at'])
    .where('memberships.org_id', '=', actor.orgId)
    .orderBy('users.name')
    .execute();
  return rows.map((row) => ({ userId: row.id, name: row.name, email: row.email, role: row.role, joinedAt: new Date(row.created_at).toISOString(), editToken: memberEditToken(row.role) }));
}

/** The token of what a member's row lets an admin edit: their role. */
const memberEditToken = (role: Role) => fieldsToken([role]);

/**
 * Changes a member's role; an org always keeps at least one admin, or nobody could manage it again. `baseToken` is
 * the member's `editToken` as read: a role another admin changed since is not overwritten unseen (409).
 */
export async function changeMemberRole(db: Db, actor: OrgActor, userId: string, role: Role, baseToken?: string): Promise<MemberView[]> {
  requirePermission(actor, 'members.manage');
  await db.transaction().execute(async (trx) => {
    // Every admin's row locked first: two admins demoting each other at once queue here, and the second re-reads the
    // admins after the first's change (READ COMMITTED re-checks a locked row), so it cannot demote the last one.
    const admins = await trx.selectFrom('memberships').select('user_id').where('org_id', '=', actor.orgId).where('role', '=', 'admin').forUpdate().execute();
    const member = await trx.selectFrom('memberships').select('role').where('org_id', '=', actor.orgId).where('user_id', '=', userId).forUpdate().executeTakeFirst();
    if (!member) throw notFound('Member');
    assertSameContent(memberEditToken(member.role), baseToken, 'member\'s role', 'baseToken');
    if (member.role === role) return;
    if (member.role === 'admin' && admins.length === 1) {
      throw new AppError('rule_violation', 'An org needs at least one admin: make someone else admin first.', { rule: 'org.last_admin', field: 'role' });
    }
    await trx.updateTable('memberships').set({ role }).where('org_id', '=', actor.orgId).where('user_id', '=', userId).execute();
    await publishChange(trx, { topic: 'membership', orgId: actor.orgId, userId });
    await recordAuditEvent(trx, { orgId: actor.orgId, actorUserId: actor.userId, action: 'member.role_changed', subjectType: 'user', subjectId: userId, data: { from: member.role, to: role } });
  });
  return listMembers(db, actor);
}

/**
 * Removes a login from the org: for an account that is not on the org chart (invited, never added as a person).
 * Their API tokens here are revoked and their open invitations withdrawn with it. Someone on the chart leaves
 * through a departure instead, which also hands their reports and work to a successor; and an org always keeps at
 * least one admin.
 */
export async function removeMember(db: Db, actor: OrgActor, userId: string): Promise<MemberView[]> {
  requirePermission(actor, 'members.manage');
  await db.transaction().execute(async (trx) => {
    // Under the org-structure lock, as every change that links a login to a person: a racing "add me to the org
    // chart" cannot leave a person linked to a login removed meanwhile.
    await lockOrgStructure(trx, actor.orgId);
    const member = await trx
      .selectFrom('memberships')
      .innerJoin('users', 'users.id', 'memberships.user_id')
      .select(['memberships.role', 'users.name', 'users.email'])
      .where('memberships.org_id', '=', actor.orgId)
      .where('memberships.user_id', '=', userId)
      .executeTakeFirst();
    if (!member) throw notFound('Member');
    const person = await trx.selectFrom('people').select('name').where('org_id', '=', actor.orgId).where('user_id', '=', userId).where('left_on', 'is', null).executeTakeFirst();
    if (person) {
      throw new AppError('rule_violation', `${person.name} is on the org chart: record their departure from their page in People instead, so their reports and work move to someone else. That also ends their access.`, { rule: 'members.use_departure', field: 'userId' });
    }
    const ended = await endMembership(trx, actor.orgId, userId);
    await recordAuditEvent(trx, {
      orgId: actor.orgId,
      actorUserId: actor.userId,
      action: 'member.removed',
      subjectType: 'user',
      subjectId: userId,
      data: { name: member.name, email: member.email, role: member.role, tokensRevoked: ended?.tokensRevoked ?? 0, invitationsWithdrawn: ended?.invitationsWithdrawn ?? 0 },
    });
  });
  return listMembers(db, actor);
}

/**
 * Ends a login's membership of the org, as a member's removal and a departure both do: its API tokens there are
 * revoked, the invitations it sent that are still open are withdrawn, and caches everywhere drop its role. Refused
 * for the org's last admin (nobody could manage the org) and while the login is in a reading meeting that has not
 * ended (its facilitator or an approver gone, the meeting could never end, and the document could hold no other).
 * Null when the login was not a member.
 */
export async function endMembership(trx: Db, orgId: string, userId: string): Promise<EndedMembership | null> {
  const membership = await trx.selectFrom('memberships').innerJoin('users', 'users.id', 'memberships.user_id').select(['memberships.role', 'users.name']).where('memberships.org_id', '=', orgId).where('memberships.user_id', '=', userId).forUpdate().executeTakeFirst();
  if (!membership) return null;
  if (membership.role === 'admin') {
    const admins = await trx.selectFrom('memberships').select(sql<number>`count(*)::int`.as('n')).where('org_id', '=', orgId).where('role', '=', 'admin').executeTakeFirstOrThrow();
    if (admins.n <= 1) throw new AppError('rule_violation', `${membership.name} is the org's only admin: make someone else admin first.`, { rule: 'org.last_admin', field: 'userId' });
  }
  const meeting = await trx
    .selectFrom('reading_meetings')
    .innerJoin('document_versions', (join) => join.onRef('document_versions.document_id', '=', 'reading_meetings.document_id'))
    .innerJoin('documents', (join) => join.onRef('documents.id', '=', 'reading_meetings.document_id').onRef('documents.current_version', '=', 'document_versions.version'))
    .select('document_versions.title')
    .where('reading_meetings.org_id', '=', orgId)
    .where('reading_meetings.ended_at', 'is', null)
    .where((eb) => eb.or([
      eb('reading_meetings.facilitator_id', '=', userId),
      eb.exists(eb.selectFrom('reading_meeting_attendees').select('reading_meeting_attendees.user_id').whereRef('reading_meeting_attendees.meeting_id', '=', 'reading_meetings.id').where('reading_meeting_attendees.user_id', '=', userId)),
    ]))
    .executeTakeFirst();
  if (meeting) {
    throw new AppError('rule_violation', `${membership.name} is in the reading meeting on "${meeting.title}", which has not ended: its facilitator or an admin ends or cancels it first, or takes them off its attendees.`, { rule: 'members.in_open_meeting', field: 'userId' });
  }
  await trx.deleteFrom('memberships').where('org_id', '=', orgId).where('user_id', '=', userId).execute();
  const revoked = await trx.updateTable('api_tokens').set({ revoked_at: sql<Date>`now()` }).where('org_id', '=', orgId).where('user_id', '=', userId).where('revoked_at', 'is', null).executeTakeFirst();
  // An open invitation lets someone in on its sender's authority, which ends here: withdrawn as an admin's revoke
  // withdraws one, and the audit event of this removal or departure counts them. Expired ones let nobody in, and
  // stay listed for an admin to send a new link for or revoke.
  const withdrawn = await withdrawInvitations(trx, orgId, { sentBy: userId });
  await publishChange(trx, { topic: 'membership', orgId, userId });
  await publishChange(trx, { topic: 'api_tokens' });
  return { tokensRevoked: Number(revoked.numUpdatedRows), invitationsWithdrawn: withdrawn };
}

/**
 * Withdraws invitations nobody has used: the open ones a login sent (when it loses the org), or one invitation an
 * admin revokes, open or expired. Deleted rather than marked, so a withdrawn link answers exactly as a link that was
 * never sent, and the list (the invitations that exist) no longer shows it; the audit event says what went. Accepted
 * invitations are never withdrawn: they record how someone joined.
 */
async function withdrawInvitations(trx: Db, orgId: string, which: { sentBy: string } | { invitationId: string }): Promise<number> {
  let query = trx.selectFrom('invitations').select('id').where('org_id', '=', orgId).where('accepted_at', 'is', null);
  query = 'sentBy' in which ? query.where('invited_by', '=', which.sentBy).where('expires_at', '>', sql<Date>`now()`) : query.where('id', '=', which.invitationId);
  const ids = (await query.execute()).map((row) => row.id);
  if (ids.length === 0) return 0;
  // A withdrawn invitation's link answers as unknown: an email still waiting with it is not sent. Dropped first,
  // while the emails still name their invitation (deleting it clears that link).
  await dropUnsentInvitationEmails(trx, orgId, ids);
  // Accepted meanwhile (by a racing sign-up): kept, as an accepted invitation always is.
  const withdrawn = await trx.deleteFrom('invitations').where('org_id', '=', orgId).where('id', 'in', ids).where('accepted_at', 'is', null).executeTakeFirst();
  return Number(withdrawn.numDeletedRows);
}

/** The page an invitation's secret opens: where the web app asks the invited person to join. */
export function invitationUrl(token: string, publicUrl: string): string {
  return appLink({ publicUrl }, `/invite/${token}`);
}

/** With email on, queues the invitation's email (its link) in the transaction that made or renewed it. */
async function queueInvitationEmail(trx: Db, orgId: string, invitation: { id: string; email: string; role: Role; expires_at: Date; inviter_name: string }, token: string, emailSettings: EmailSettings | null): Promise<void> {
  if (emailSettings === null) return;
  const org = await trx.selectFrom('orgs').select('name').where('id', '=', orgId).executeTakeFirstOrThrow();
  const content = invitationEmail({ orgName: org.name, inviterName: invitation.inviter_name, role: invitation.role, url: invitationUrl(token, emailSettings.publicUrl), expiresAt: new Date(invitation.expires_at) });
  await queueEmail(trx, { orgId, kind: 'invitation', recipient: invitation.email, content, invitationId: invitation.id, now: new Date() });
}

export async function createInvitation(db: Db, actor: OrgActor, input: { email: string; role: Role }, emailSettings: EmailSettings | null): Promise<{ token: string; invitation: InvitationView }> {
  requirePermission(actor, 'members.manage');
  const email = normaliseEmail(input.email);
  await refuseExistingMember(db, actor.orgId, email);
  const token = newSecret('inv');
  const row = await db.transaction().execute(async (trx) => {
    await refuseOpenInvitation(trx, actor.orgId, email);
    const inviter = await trx.selectFrom('users').select('name').where('id', '=', actor.userId).executeTakeFirstOrThrow();
    const inserted = await trx
      .insertInto('invitations')
      .values({ org_id: actor.orgId, email, role: input.role, token_hash: hashSecret(token), invited_by: actor.userId, expires_at: newInvitationExpiry() })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAuditEvent(trx, { orgId: actor.orgId, actorUserId: actor.userId, action: 'member.invited', subjectType: 'invitation', subjectId: inserted.id, data: { email, role: input.role } });
    await queueInvitationEmail(trx, actor.orgId, { ...inserted, inviter_name: inviter.name }, token, emailSettings);
    return { ...inserted, inviter_name: inviter.name };
  });
  return { token, invitation: toInvitationView(row) };
}

/**
 * One open invitation per email: a second one would be a second working link for the same person, which revoking
 * "the" invitation would leave open. An expired one lets nobody in, so a new one may be made beside it. Under a lock
 * per org and email, so two admins inviting the same person at once make one.
 */
async function refuseOpenInvitation(trx: Db, orgId: string, email: string, renewedId: string | null = null): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${`invitations:${orgId}:${email}`}))`.execute(trx);
  let query = trx
    .selectFrom('invitations')
    .innerJoin('users', 'users.id', 'invitations.invited_by')
    .select(['invitations.role', 'users.name'])
    .where('invitations.org_id', '=', orgId)
    .where('invitations.email', '=', email)
    .where('invitations.accepted_at', 'is', null)
    .where('invitations.expires_at', '>', sql<Date>`now()`);
  if (renewedId !== null) query = query.where('invitations.id', '<>', renewedId);
  const open = await query.executeTakeFirst();
  if (open && renewedId !== null) {
    // A new link sends no email (the invitation keeps its own): no input to point at, so the rule is named instead.
    throw new AppError('conflict', `${email} already has another open invitation (as ${open.role}, sent by ${open.name}): use that one, or Revoke it and press New link here again.`, { rule: 'invitation.one_open_per_email' });
  }
  if (open) {
    throw new AppError('conflict', `${email} already has an open invitation (as ${open.role}, sent by ${open.name}): under Pending invitations, press New link on its row for a new link, or Revoke it to invite them with another role.`, { field: 'email' });
  }
}

/**
 * An invitation for someone already in the org could only fail when used: refused when it is made, or given a new
 * link (`renewing`: the request sends no email, so the refusal names its rule rather than a field).
 */
async function refuseExistingMember(db: Db, orgId: string, email: string, renewing = false): Promise<void> {
  const alreadyMember = await db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select('users.id')
    .where('memberships.org_id', '=', orgId)
    .where(sql`lower(users.email)`, '=', email)
    .executeTakeFirst();
  if (alreadyMember && renewing) throw new AppError('conflict', `${email} is already a member of this org, so this invitation is not needed: Revoke it.`, { rule: 'invitation.already_member' });
  if (alreadyMember) throw new AppError('conflict', `${email} is already a member of this org.`, { field: 'email' });
}

/**
 * The invitation of this org with that id, locked until the transaction ends (a racing acceptance waits for the
 * decision); an accepted one is refused, since it records how someone joined and lets nobody else in.
 */
async function unusedInvitationForUpdate(trx: Db, orgId: string, invitationId: string, refusedAction: string) {
  const invitation = await trx.selectFrom('invitations').selectAll().where('org_id', '=', orgId).where('id', '=', invitationId).forUpdate().executeTakeFirst();
  if (!invitation) throw notFound('Invitation');
  if (invitation.accepted_at) {
    throw new AppError('rule_violation', `The invitation for ${invitation.email} has already been accepted: it records how they joined, so there is nothing to ${refusedAction}.`, {
      rule: 'invitation.already_accepted',
      field: 'invitationId',
    });
  }
  return invitation;
}

/** An admin withdraws an invitation nobody has used (wrong address, link sent astray): its link then answers as an unknown one. */
export async function revokeInvitation(db: Db, actor: OrgActor, invitationId: string): Promise<void> {
  requirePermission(actor, 'members.manage');
  await db.transaction().execute(async (trx) => {
    const invitation = await unusedInvitationForUpdate(trx, actor.orgId, invitationId, 'revoke');
    await withdrawInvitations(trx, actor.orgId, { invitationId });
    const wasExpired = hasExpired(invitation.expires_at);
    await recordAuditEvent(trx, { orgId: actor.orgId, actorUserId: actor.userId, action: 'member.invitation_revoked', subjectType: 'invitation', subjectId: invitationId, data: { email: invitation.email, role: invitation.role, wasExpired } });
  });
}

/**
 * Issues a new link for an invitation nobody has used, open or expired: a new secret and a fresh expiry, for the
 * same email and role, so the old link stops working. The link carries the authority of the admin who issued it, so
 * they become its sender (their leaving withdraws it). Returned once, as a new invitation's is.
 */
export async function resendInvitation(db: Db, actor: OrgActor, invitationId: string, emailSettings: EmailSettings | null): Promise<{ token: string; invitation: InvitationView }> {
  requirePermission(actor, 'members.manage');
  const token = newSecret('inv');
  const row = await db.transaction().execute(async (trx) => {
    const invitation = await unusedInvitationForUpdate(trx, actor.orgId, invitationId, 'send a new link for');
    await refuseExistingMember(trx, actor.orgId, invitation.email, true);
    // A new life for an expired invitation must not make it a second open one for its email.
    await refuseOpenInvitation(trx, actor.orgId, invitation.email, invitationId);
    const inviter = await trx.selectFrom('users').select('name').where('id', '=', actor.userId).executeTakeFirstOrThrow();
    const updated = await trx
      .updateTable('invitations')
      .set({ token_hash: hashSecret(token), expires_at: newInvitationExpiry(), invited_by: actor.userId })
      .where('id', '=', invitationId)
      .returningAll()
      .executeTakeFirstOrThrow();
    const wasExpired = hasExpired(invitation.expires_at);
    await recordAuditEvent(trx, { orgId: actor.orgId, actorUserId: actor.userId, action: 'member.invitation_resent', subjectType: 'invitation', subjectId: invitationId, data: { email: invitation.email, role: invitation.role, wasExpired } });
    // The old link stops working: its email, if still waiting, goes; the new link's is queued.
    await dropUnsentInvitationEmails(trx, actor.orgId, [invitationId]);
    await queueInvitationEmail(trx, actor.orgId, { ...updated, inviter_name: inviter.name }, token, emailSettings);
    return { ...updated, inviter_name: inviter.name };
  });
  return { token, invitation: toInvitationView(row) };
}

function toInvitationView(row: { id: string; email: string; role: Role; created_at: Date; expires_at: Date; accepted_at: Date | null; invited_by: string; inviter_name: string }): InvitationView {
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    createdAt: new Date(row.created_at).toISOString(),
    expiresAt: new Date(row.expires_at).toISOString(),
    acceptedAt: row.accepted_at ? new Date(row.accepted_at).toISOString() : null,
    invitedBy: { id: row.invited_by, name: row.inviter_name },
  };
}

export async function listInvitations(db: Db, actor: OrgActor): Promise<InvitationView[]> {
  requirePermission(actor, 'members.manage');
  const rows = await db
    .selectFrom('invitations')
    // An invitation's sender is a user for as long as it exists (the foreign key keeps them).
    .innerJoin('users', 'users.id', 'invitations.invited_by')
    .selectAll('invitations')
    .select('users.name as inviter_name')
    .where('invitations.org_id', '=', actor.orgId)
    .orderBy('invitations.created_at', 'desc')
    .execute();
  return rows.map(toInvitationView);
}

/** What an invitation link shows before anyone signs in: which org, which role, for which email. */
export async function describeInvitation(db: Db, token: string): Promise<{ orgName: string; email: string; role: Role }> {
  const row = await openInvitation(db, token);
  const org = await db.selectFrom('orgs').select('name').where('id', '=', row.org_id).executeTakeFirstOrThrow();
  return { orgName: org.name, email: row.email, role: row.role };
}

async function openInvitation(db: Db, token: string) {
  const row = await db.selectFrom('invitations').selectAll().where('token_hash', '=', hashSecret(token)).executeTakeFirst();
  if (!row) throw notFound('Invitation');
  if (row.accepted_at) throw new AppError('conflict', 'This invitation has already been used.', { field: 'token' });
  if (hasExpired(row.expires_at)) throw new AppError('rule_violation', 'This invitation has expired; ask for a new one.', { rule: 'invitation.expired', field: 'token' });
  return row;
}

/** `emailSent`: whether the request carried the email (a sign-up does, an acceptance by a signed-in member does not). */
async function joinThroughInvitation(trx: Db, token: string, userId: string, emailSent: boolean): Promise<void> {
  const invitation = await openInvitation(trx, token);
  const user = await trx.selectFrom('users').select('email').where('id', '=', userId).executeTakeFirstOrThrow();
  if (normaliseEmail(user.email) !== invitation.email) {
    // An invitation is for one person: a forwarded link must not let someone else in.
    throw new AppError('forbidden', `This invitation is for ${invitation.email}; sign in with that email to accept it.`, emailSent ? { field: 'email' } : { rule: 'invitation.for_its_email' });
  }
  const claimed = await trx
    .updateTable('invitations')
    .set({ accepted_at: sql<Date>`now()`, accepted_by: userId })
    .where('id', '=', invitation.id)
    .where('accepted_at', 'is', null)
    .executeTakeFirst();
  if (Number(claimed.numUpdatedRows) === 0) {
    // Taken meanwhile, or withdrawn with its sender's membership: reading it again tells which, in the same words.
    await openInvitation(trx, token);
    throw new AppError('conflict', 'This invitation has already been used.', { field: 'token' });
  }
  // Accepted before its email went out (the admin shared the link another way): the email would only ask them to
  // join again, with a link that no longer works.
  await dropUnsentInvitationEmails(trx, invitation.org_id, [invitation.id]);
  await trx
    .insertInto('memberships')
    .values({ org_id: invitation.org_id, user_id: userId, role: invitation.role })
    .onConflict((oc) => oc.columns(['org_id', 'user_id']).doNothing())
    .execute();
  // The org chart may already hold them (imported before they had a login): their person record is theirs now,
  // so they can sit in loops, own metrics and be found as themselves. Only an unlinked record, and only when this
  // login is not linked to someone else in the org.
  await trx
    .updateTable('people')
    .set({ user_id: userId })
    .where('org_id', '=', invitation.org_id)
    .where(sql`lower(email)`, '=', invitation.email)
    .where('user_id', 'is', null)
    // Not the record of someone who left: coming back is joining anew, not taking back old loop seats and records.
    .where('left_on', 'is', null)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('people as linked').select('linked.id').where('linked.org_id', '=', invitation.org_id).where('linked.user_id', '=', userId))))
    .execute();
  await recordAuditEvent(trx, { orgId: invitation.org_id, actorUserId: userId, action: 'member.joined', subjectType: 'user', subjectId: userId, data: { role: invitation.role, invitationId: invitation.id } });
}

/** A signed-in person accepts an invitation into another org. */
export async function acceptInvitation(db: Db, token: string, userId: string): Promise<Account> {
  await db.transaction().execute((trx) => joinThroughInvitation(trx, token, userId, false));
  return getAccount(db, userId);
}

/** A new person creates an account from an invitation: they join that org instead of creating one. */
export async function signUpWithInvitation(db: Db, token: string, input: { email: string; name: string; password: string }, settings: AccountSettings): Promise<string> {
  return db.transaction().execute(async (trx) => {
    const userId = await signUpUser(trx, input, settings);
    await joinThroughInvitation(trx, token, userId, true);
    return userId;
  });
}
