import { useState } from 'react';
import { ACCOUNT_LIMITS } from '../../../src/domain/accounts/account-rules.js';
import { Button } from '../components/button.js';
import { FormMessage, TextField } from '../components/field.js';
import { api } from '../lib/api-client.js';
import type { Session } from '../lib/api-types.js';
import { Link, navigate } from '../lib/router.js';
import { useSession } from '../lib/session.js';
import { useApiForm } from '../lib/use-api-form.js';
import { AuthLayout } from './auth-layout.js';

export function SignUpPage() {
  const { adopt } = useSession();
  const [values, setValues] = useState({ name: '', email: '', password: '', orgName: '' });
  const form = useApiForm(['name', 'email', 'password', 'orgName']);
  const bind = (name: keyof typeof values) => ({ name, value: values[name], onChange: (event: { target: { value: string } }) => setValues((current) => ({ ...current, [name]: event.target.value })), error: form.errorFor(name) });

  return (
    <AuthLayout
      title="Create your Pulse org"
      lead={<p>You become the org’s admin. It starts with fourteen leadership principles that you can reword, reorder or retire.</p>}
      footer={
        <p>
          Already have an account? <Link to="/signin">Sign in</Link>
        </p>
      }
    >
      <form
        className="form"
        noValidate
        onSubmit={form.handleSubmit(async () => {
          const session = await api<Session>('POST', '/auth/signup', values);
          adopt(session);
          const orgId = session.memberships[0]?.org.id;
          navigate(orgId ? `/o/${orgId}/home` : '/', { replace: true });
        })}
      >
        <FormMessage message={form.formError} />
        <TextField label="Your name" autoComplete="name" required maxLength={ACCOUNT_LIMITS.nameMaxLength} {...bind('name')} />
        <TextField label="Work email" type="email" autoComplete="email" required maxLength={ACCOUNT_LIMITS.emailMaxLength} {...bind('email')} />
        <TextField
          label="Password"
          type="password"
          autoComplete="new-password"
          required
          maxLength={ACCOUNT_LIMITS.passwordMaxLength}
          hint={`At least ${ACCOUNT_LIMITS.passwordMinLength} characters. A short sentence is easy to remember and hard to guess.`}
          {...bind('password')}
        />
        <TextField label="Org name" autoComplete="organization" required maxLength={ACCOUNT_LIMITS.orgNameMaxLength} hint="Your company or team. You can create more orgs later." {...bind('orgName')} />
        <Button type="submit" variant="primary" isBusy={form.isPending} className="form__submit">
          {form.isPending ? 'Creating your org…' : 'Create account and org'}
        </Button>
      </form>
    </AuthLayout>
  );
}
