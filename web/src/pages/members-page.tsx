import { useEffect, useState } from 'react';
import { ROLES, type Role } from '../../../src/domain/accounts/roles.js';
import { Button } from '../components/button.js';
import { DataTable } from '../components/data-table.js';
import { ConfirmDialog } from '../components/confirm-dialog.js';
import { FormMessage, SelectField, TextField } from '../components/field.js';
import { PickAndSave } from '../components/pick-and-save.js';
import { ErrorNote, LoadingNote, Page } from '../components/page.js';
import { SecretOnce } from '../components/secret-once.js';
import { api, messageOf } from '../lib/api-client.js';
import type { Invitation, Member, Membership, Outbox } from '../lib/api-types.js';
import { formatDate, roleLabel } from '../lib/format.js';
import { isStaleWriteRefusal } from '../lib/stale-draft.js';
import { useApiForm } from '../lib/use-api-form.js';
import { useResource } from '../lib/use-resource.js';
import { Panel } from '../components/panel.js';
import { OutboxSection } from './outbox-section.js';

const ROLE_OPTIONS = ROLES.map((role) => ({ value: role, label: roleLabel(role) }));

const ROLE_MEANINGS: Record<Role, string> = {
  admin: 'Admins manage people, principles and the audit log.',
  member: 'Members write documents, read the org chart and take part in the hiring loops they are on.',
  recruiter: 'Recruiters run hiring loops.',
};

interface People {
  members: Member[];
  invitations: Invitation[];
  /** What Pulse emails for the org, and whether it sends email at all. */
  outbox?: Outbox;
}

/** An invitation link, shown once: when the invitation is made, or when an admin issues a new one. */
interface ShownLink {
  invitationId: string;
  email: string;
  url: string;
}

/** Why a role picked here was not saved: another admin changed it first, to what the row now shows. */
function staleRoleNote(member: Member, picked: Role): string {
  const theirs = roleLabel(member.role).toLowerCase();
  if (member.role === picked) return `Another admin already changed ${member.name}'s role to ${theirs} after you opened the page: the role you picked.`;
  return `Another admin changed ${member.name}'s role to ${theirs} after you opened the page, so your choice (${roleLabel(picked).toLowerCase()}) was not saved.`;
}

/** How an invitation link reaches its person: by Pulse's email when the server sends email, else by the admin. */
const linkDelivery = (outbox: Outbox | undefined) => (outbox?.isEmailOn ? 'Pulse is emailing it to them; you may also send it yourself.' : 'Send this link to them yourself; Pulse sends no email.');

const isExpired = (invitation: Invitation) => new Date(invitation.expiresAt).getTime() <= Date.now();

export function MembersPage({ membership, currentUserId }: { membership: Membership; currentUserId: string }) {
  const orgId = membership.org.id;
  const people = useResource<People>(async (signal) => {
    const [{ members }, { invitations }, outbox] = await Promise.all([
      api<{ members: Member[] }>('GET', `/orgs/${orgId}/members`, undefined, { signal }),
      api<{ invitations: Invitation[] }>('GET', `/orgs/${orgId}/invitations`, undefined, { signal }),
      api<Outbox>('GET', `/orgs/${orgId}/outbox`, undefined, { signal }),
    ]);
    return { members, invitations, outbox };
  }, orgId);
  const [roleErrors, setRoleErrors] = useState<Record<string, string>>({});
  const [savingUserId, setSavingUserId] = useState<string | undefined>();
  const [removing, setRemoving] = useState<Member | undefined>();
  /** A role picked here that was refused because another admin changed the member's role first: kept to apply on request. */
  const [staleRole, setStaleRole] = useState<{ userId: string; role: Role } | undefined>();
  const [createdLink, setCreatedLink] = useState<ShownLink | undefined>();
  const [newLink, setNewLink] = useState<ShownLink | undefined>();
  const [renewingId, setRenewingId] = useState<string | undefined>();
  const [invitationErrors, setInvitationErrors] = useState<Record<string, string>>({});
  const [revokingInvitation, setRevokingInvitation] = useState<Invitation | undefined>();

  /** Invitations made, renewed or revoked change what Pulse emails: the email list is read again. */
  const refreshOutbox = () => {
    void api<Outbox>('GET', `/orgs/${orgId}/outbox`)
      .then((outbox) => people.setData((current) => ({ members: current?.members ?? [], invitations: current?.invitations ?? [], outbox })))
      .catch(() => undefined);
  };

  /** A link that no longer works is no secret to keep: its box goes. */
  const forgetLinksOf = (invitationId: string) => {
    setCreatedLink((current) => (current?.invitationId === invitationId ? undefined : current));
    setNewLink((current) => (current?.invitationId === invitationId ? undefined : current));
  };

  const issueNewLink = async (invitation: Invitation) => {
    setRenewingId(invitation.id);
    setInvitationErrors({});
    try {
      const answer = await api<{ invitation: Invitation; url: string }>('POST', `/orgs/${orgId}/invitations/${invitation.id}/resend`);
      forgetLinksOf(invitation.id);
      setNewLink({ invitationId: answer.invitation.id, email: answer.invitation.email, url: answer.url });
      refreshOutbox();
      people.setData((current) => ({ ...current, members: current?.members ?? [], invitations: (current?.invitations ?? []).map((listed) => (listed.id === answer.invitation.id ? answer.invitation : listed)) }));
    } catch (error) {
      // Accepted meanwhile, or its email joined another way: the message says which.
      setInvitationErrors({ [invitation.id]: messageOf(error) });
    } finally {
      setRenewingId(undefined);
    }
  };

  // A new link is what the admin came for: once it shows, the keyboard goes to it, selected, ready to copy.
  useEffect(() => {
    if (newLink) document.querySelector<HTMLInputElement>('#new-invitation-link input')?.focus();
  }, [newLink]);

  const revokeInvitation = async () => {
    if (!revokingInvitation) return;
    const revokedId = revokingInvitation.id;
    await api('DELETE', `/orgs/${orgId}/invitations/${revokedId}`);
    forgetLinksOf(revokedId);
    refreshOutbox();
    people.setData((current) => ({ ...current, members: current?.members ?? [], invitations: (current?.invitations ?? []).filter((listed) => listed.id !== revokedId) }));
  };

  // A refusal (someone on the org chart leaves through a departure; the last admin stays) shows in the dialog.
  const removeMember = async () => {
    if (!removing) return;
    const { members } = await api<{ members: Member[] }>('DELETE', `/orgs/${orgId}/members/${removing.userId}`);
    people.setData((current) => ({ ...current, invitations: current?.invitations ?? [], members }));
    // Their open invitations went with them: the list is read again rather than guessed.
    people.reload();
  };

  /** Saves a member's role with the role this page shows; resolves to whether it was saved (a refusal shows in the row). */
  const changeRole = async (member: Member, role: string): Promise<boolean> => {
    setSavingUserId(member.userId);
    setRoleErrors({});
    setStaleRole(undefined);
    try {
      // Sent with the role this page shows: one another admin changed meanwhile is not overwritten unseen.
      const { members } = await api<{ members: Member[] }>('PATCH', `/orgs/${orgId}/members/${member.userId}`, { role, baseToken: member.editToken });
      people.setData((current) => ({ ...current, invitations: current?.invitations ?? [], members }));
      return true;
    } catch (error) {
      if (isStaleWriteRefusal(error)) {
        // Their change shows; the role picked here waits for a second, informed click.
        const { members } = await api<{ members: Member[] }>('GET', `/orgs/${orgId}/members`);
        people.setData((current) => ({ ...current, invitations: current?.invitations ?? [], members }));
        setStaleRole({ userId: member.userId, role: role as Role });
      } else {
        setRoleErrors({ [member.userId]: messageOf(error) });
      }
      return false;
    } finally {
      setSavingUserId(undefined);
    }
  };

  // Expired invitations stay listed, marked, so the admin can send a new link or revoke them.
  const pending = (people.data?.invitations ?? []).filter((invitation) => !invitation.acceptedAt);
  // A member's removal withdraws only their open invitations; expired ones stay.
  const removingInvitations = removing ? pending.filter((invitation) => invitation.invitedBy.id === removing.userId && !isExpired(invitation)).length : 0;

  return (
    <Page title="Members" context={membership.org.name} lead={<p>Who is in {membership.org.name} and what each person may do. {ROLES.map((role) => ROLE_MEANINGS[role]).join(' ')}</p>}>
      <InviteForm
        orgId={orgId}
        link={createdLink}
        outbox={people.data?.outbox}
        onInvited={(invitation, url) => {
          setCreatedLink({ invitationId: invitation.id, email: invitation.email, url });
          refreshOutbox();
          people.setData((current) => ({ ...current, members: current?.members ?? [], invitations: [invitation, ...(current?.invitations ?? [])] }));
        }}
      />
      {people.isLoading && !people.data && <LoadingNote label="Loading members…" />}
      {people.error && <ErrorNote message={people.error} onRetry={people.reload} />}
      {people.data && (
        <>
          <section aria-labelledby="members-heading">
            <h2 id="members-heading" className="section-title" tabIndex={-1}>
              {people.data.members.length === 1 ? '1 member' : `${people.data.members.length} members`}
            </h2>
            <DataTable columns={['Name', 'Email', 'Joined', 'Role', <span className="visually-hidden">Actions</span>]} stacksOnPhones>
                {people.data.members.map((member) => (
                  <tr key={member.userId}>
                    <td>
                      {member.name}
                      {member.userId === currentUserId && <span className="badge badge--muted">you</span>}
                    </td>
                    <td className="table__muted" data-label="Email">{member.email}</td>
                    <td className="table__muted" data-label="Joined">{formatDate(member.joinedAt)}</td>
                    <td data-label="Role">
                      {/* Picked, then saved with Save: arrowing through the roles grants none of them on the way. */}
                      <PickAndSave label={`Role of ${member.name}`} value={member.role} options={ROLE_OPTIONS} saveWhat={`the role of ${member.name}`} error={roleErrors[member.userId]} onSave={(role) => changeRole(member, role)} keepsPickWhenRefused={false} />
                      {staleRole?.userId === member.userId && (
                        <div className="field__error" role="alert">
                          <p>{staleRoleNote(member, staleRole.role)}</p>
                          {member.role !== staleRole.role && (
                            <Button size="small" onClick={() => void changeRole(member, staleRole.role)} isBusy={savingUserId === member.userId}>
                              Make them {roleLabel(staleRole.role).toLowerCase()}
                            </Button>
                          )}
                        </div>
                      )}
                    </td>
                    <td className="table__end">
                      {member.userId !== currentUserId && (
                        <Button size="small" variant="danger" onClick={() => setRemoving(member)} aria-label={`Remove ${member.name}`}>
                          Remove
                        </Button>
                      )}
                    </td>
                  </tr>
                ))}
              </DataTable>
          </section>
          <section aria-labelledby="invitations-heading">
            <h2 id="invitations-heading" className="section-title" tabIndex={-1}>
              Pending invitations
            </h2>
            {newLink && (
              <div id="new-invitation-link">
                <SecretOnce label={`New invitation link for ${newLink.email}`} value={newLink.url} note={`The earlier link no longer works. ${linkDelivery(people.data?.outbox)} It is shown only now.`} />
              </div>
            )}
            {pending.length === 0 ? (
              <p className="section-lead">No one is waiting to join. Invitations appear here until they are accepted or revoked, or, while open, until their sender leaves the org. An expired one stays, so you can send a new link.</p>
            ) : (
              <DataTable columns={['Email', 'Role', 'Invited by', 'Sent', 'Expires', <span className="visually-hidden">Actions</span>]} stacksOnPhones>
                  {pending.map((invitation) => (
                    <tr key={invitation.id} className={isExpired(invitation) ? 'table__row--muted' : undefined}>
                      <td>{invitation.email}</td>
                      <td data-label="Role">{roleLabel(invitation.role)}</td>
                      <td className="table__muted" data-label="Invited by">{invitation.invitedBy.id === currentUserId ? 'You' : invitation.invitedBy.name}</td>
                      <td className="table__muted" data-label="Sent">{formatDate(invitation.createdAt)}</td>
                      <td className="table__muted" data-label="Expires">{isExpired(invitation) ? <span className="badge badge--muted">Expired {formatDate(invitation.expiresAt)}</span> : formatDate(invitation.expiresAt)}</td>
                      <td className="table__end">
                        <Button size="small" isBusy={renewingId === invitation.id} onClick={() => void issueNewLink(invitation)} aria-label={`New link for ${invitation.email}`}>
                          New link
                        </Button>{' '}
                        <Button size="small" variant="danger" onClick={() => setRevokingInvitation(invitation)} aria-label={`Revoke the invitation for ${invitation.email}`}>
                          Revoke
                        </Button>
                        {invitationErrors[invitation.id] && (
                          <p className="field__error" role="alert">
                            {invitationErrors[invitation.id]}
                          </p>
                        )}
                      </td>
                    </tr>
                  ))}
                </DataTable>
            )}
          </section>
          {people.data.outbox && <OutboxSection outbox={people.data.outbox} />}
        </>
      )}
      {/* The revoked invitation's row is gone with its Revoke button: the keyboard goes to the list, not the page's top. */}
      <ConfirmDialog
        title="Revoke this invitation?"
        isOpen={revokingInvitation !== undefined}
        description={revokingInvitation && <p>The link sent to {revokingInvitation.email} stops working at once: opening it then says the invitation was not found. You can invite them again later.</p>}
        confirmLabel="Revoke invitation"
        cancelLabel="Keep it"
        onConfirm={revokeInvitation}
        onClose={() => setRevokingInvitation(undefined)}
        focusAfterConfirm={() => document.getElementById('invitations-heading')}
      />
      {/* Likewise the removed member's row: the keyboard goes to the members list. */}
      <ConfirmDialog
        title="Remove this member?"
        isOpen={removing !== undefined}
        confirmLabel="Remove member"
        cancelLabel="Keep them"
        onConfirm={removeMember}
        onClose={() => setRemoving(undefined)}
        focusAfterConfirm={() => document.getElementById('members-heading')}
        description={
          removing && (
            <p>
              {removing.name} ({removing.email}) loses access to {membership.org.name} at once, their API tokens here stop working, and{' '}
              {removingInvitations === 0 ? 'any invitation they sent that is still open is withdrawn' : removingInvitations === 1 ? 'the invitation they sent that is still open is withdrawn' : `the ${removingInvitations} invitations they sent that are still open are withdrawn`}. Someone on the org chart leaves through a departure instead, recorded on their page in People.
            </p>
          )
        }
      />
    </Page>
  );
}

/** `link`: the link of the invitation just made, held by the page, which drops it once that link stops working. */
function InviteForm({ orgId, link, outbox, onInvited }: { orgId: string; link: ShownLink | undefined; outbox: Outbox | undefined; onInvited(invitation: Invitation, url: string): void }) {
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<string>('member');
  const form = useApiForm(['email', 'role']);
  return (
    <Panel headingId="invite-heading" title="Invite someone" isNewItemForm>
      <form
        className="form form--inline"
        noValidate
        onSubmit={form.handleSubmit(async () => {
          const answer = await api<{ invitation: Invitation; url: string }>('POST', `/orgs/${orgId}/invitations`, { email, role });
          setEmail('');
          onInvited(answer.invitation, answer.url);
        })}
      >
        <FormMessage message={form.formError} />
        <TextField label="Email" name="email" type="email" autoComplete="off" required value={email} onChange={(event) => setEmail(event.target.value)} error={form.errorFor('email')} />
        <SelectField label="Role" name="role" value={role} options={ROLE_OPTIONS} onChange={setRole} error={form.errorFor('role')} />
        <Button type="submit" variant="primary" isBusy={form.isPending} className="form__inline-submit">
          Create invitation link
        </Button>
      </form>
      {link && <SecretOnce label={`Invitation link for ${link.email}`} value={link.url} note={`${linkDelivery(outbox)} It is shown only now.`} />}
    </Panel>
  );
}
