import { useState } from 'react';
import { Button } from '../components/button.js';
import { FormMessage, TextField } from '../components/field.js';
import { api } from '../lib/api-client.js';
import type { Session } from '../lib/api-types.js';
import { Link, navigate, safeNextPath, useLocation } from '../lib/router.js';
import { useSession } from '../lib/session.js';
import { useApiForm } from '../lib/use-api-form.js';
import { AuthLayout } from './auth-layout.js';

export function SignInPage() {
  const { adopt } = useSession();
  const { search } = useLocation();
  const next = safeNextPath(search.get('next'));
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const form = useApiForm(['email', 'password']);

  return (
    <AuthLayout
      title="Sign in to Pulse"
      footer={
        <p>
          New to Pulse? <Link to={next === '/' ? '/signup' : `/signup?next=${encodeURIComponent(next)}`}>Create an account and an org</Link>
        </p>
      }
    >
      <form
        className="form"
        noValidate
        onSubmit={form.handleSubmit(async () => {
          adopt(await api<Session>('POST', '/auth/login', { email, password }));
          navigate(next, { replace: true });
        })}
      >
        <FormMessage message={form.formError} />
        <TextField label="Email" name="email" type="email" autoComplete="email" required value={email} onChange={(event) => setEmail(event.target.value)} error={form.errorFor('email')} />
        <TextField label="Password" name="password" type="password" autoComplete="current-password" required value={password} onChange={(event) => setPassword(event.target.value)} error={form.errorFor('password')} />
        <Button type="submit" variant="primary" isBusy={form.isPending} className="form__submit">
          {form.isPending ? 'Signing in…' : 'Sign in'}
        </Button>
      </form>
    </AuthLayout>
  );
}
