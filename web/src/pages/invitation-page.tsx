import { useState } from 'react';
import { ACCOUNT_LIMITS } from '../../../src/domain/accounts/account-rules.js';
import { Button } from '../components/button.js';
import { FormMessage, TextField } from '../components/field.js';
import { ErrorNote, LoadingNote } from '../components/page.js';
import { api } from '../lib/api-client.js';
import type { Session } from '../lib/api-types.js';
import { roleLabel } from '../lib/format.js';
import { Link, navigate } from '../lib/router.js';
import { rememberOrg, useSession } from '../lib/session.js';
import { useApiForm } from '../lib/use-api-form.js';
import { useResource } from '../lib/use-resource.js';
import { AuthLayout } from './auth-layout.js';

interface InvitationSummary {
  orgName: string;
  email: string;
  role: string;
}

function goToJoinedOrg(session: Session, orgName: string) {
  const joined = session.memberships.find((membership) => membership.org.name === orgName) ?? session.memberships[session.memberships.length - 1];
  if (joined) rememberOrg(joined.org.id);
  navigate(joined ? `/o/${joined.org.id}/home` : '/', { replace: true });
}

export function InvitationPage({ token }: { token: string }) {
  const { state, adopt, signOut } = useSession();
  const invitation = useResource((signal) => api<InvitationSummary>('GET', `/invitations/${encodeURIComponent(token)}`, undefined, { signal }), token);
  const [values, setValues] = useState({ name: '', password: '' });
  const form = useApiForm(['name', 'email', 'password']);

  if (invitation.isLoading) {
    return (
      <AuthLayout title="Invitation">
        <LoadingNote label="Opening the invitation…" />
      </AuthLayout>
    );
  }
  if (!invitation.data) {
    return (
      <AuthLayout title="This invitation cannot be used" footer={<Link to="/">Go to Pulse</Link>}>
        <ErrorNote message={invitation.error ?? 'The invitation was not found.'} />
        <p>Ask the person who invited you for a new link.</p>
      </AuthLayout>
    );
  }

  const { orgName, email, role } = invitation.data;
  const lead = (
    <p>
      You are invited to join <strong>{orgName}</strong> as <strong>{roleLabel(role)}</strong>.
    </p>
  );

  if (state.status === 'signed-in') {
    const isSameEmail = state.session.user.email.toLowerCase() === email.toLowerCase();
    return (
      <AuthLayout title={`Join ${orgName}`} lead={lead}>
        <form
          className="form"
          onSubmit={form.handleSubmit(async () => {
            const session = await api<Session>('POST', `/invitations/${encodeURIComponent(token)}/accept`, {});
            adopt(session);
            goToJoinedOrg(session, orgName);
          })}
        >
          <FormMessage message={form.formError} />
          <p>
            You are signed in as <strong>{state.session.user.email}</strong>.
            {!isSameEmail && ` The invitation was sent to ${email}; sign in with that email to accept it.`}
          </p>
          <div className="form__row">
            <Button type="submit" variant="primary" isBusy={form.isPending}>
              Join {orgName}
            </Button>
            <Button variant="quiet" onClick={() => void signOut()}>
              Sign out and use another account
            </Button>
          </div>
        </form>
      </AuthLayout>
    );
  }

  return (
    <AuthLayout
      title={`Join ${orgName}`}
      lead={lead}
      footer={
        <p>
          Already have an account? <Link to={`/signin?next=${encodeURIComponent(`/invite/${token}`)}`}>Sign in to accept</Link>
        </p>
      }
    >
      <form
        className="form"
        noValidate
        onSubmit={form.handleSubmit(async () => {
          const session = await api<Session>('POST', `/invitations/${encodeURIComponent(token)}/signup`, { email, ...values });
          adopt(session);
          goToJoinedOrg(session, orgName);
        })}
      >
        <FormMessage message={form.formError} />
        <TextField label="Email" name="email" type="email" readOnly value={email} hint="The invitation is for this address." error={form.errorFor('email')} />
        <TextField label="Your name" name="name" autoComplete="name" required maxLength={ACCOUNT_LIMITS.nameMaxLength} value={values.name} onChange={(event) => setValues({ ...values, name: event.target.value })} error={form.errorFor('name')} />
        <TextField
          label="Password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          maxLength={ACCOUNT_LIMITS.passwordMaxLength}
          hint={`At least ${ACCOUNT_LIMITS.passwordMinLength} characters.`}
          value={values.password}
          onChange={(event) => setValues({ ...values, password: event.target.value })}
          error={form.errorFor('password')}
        />
        <Button type="submit" variant="primary" isBusy={form.isPending} className="form__submit">
          Create account and join
        </Button>
      </form>
    </AuthLayout>
  );
}
