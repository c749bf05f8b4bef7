import { useState } from 'react';
import { ACCOUNT_LIMITS } from '../../../src/domain/accounts/account-rules.js';
import { FormActions } from '../components/form-actions.js';
import { FormMessage, TextField } from '../components/field.js';
import { Page } from '../components/page.js';
import { api } from '../lib/api-client.js';
import type { Membership } from '../lib/api-types.js';
import { navigate } from '../lib/router.js';
import { useSession } from '../lib/session.js';
import { useApiForm } from '../lib/use-api-form.js';

export function NewOrgPage() {
  const { addMembership } = useSession();
  const [name, setName] = useState('');
  // The schema names the field `name`; the org rule calls it `orgName`. Both belong next to this input.
  const form = useApiForm(['name', 'orgName']);
  return (
    <Page title="Create another org" lead={<p>A separate org has its own people, principles and audit log. You become its admin, and you can switch between your orgs at any time.</p>}>
      <form
        className="form form--narrow"
        noValidate
        onSubmit={form.handleSubmit(async () => {
          const { membership } = await api<{ membership: Membership }>('POST', '/orgs', { name });
          addMembership(membership);
          navigate(`/o/${membership.org.id}/home`);
        })}
      >
        <FormMessage message={form.formError} />
        <TextField label="Org name" name="name" required maxLength={ACCOUNT_LIMITS.orgNameMaxLength} value={name} onChange={(event) => setName(event.target.value)} error={form.errorFor('name') ?? form.errorFor('orgName')} />
        <FormActions isBusy={form.isPending} onCancel={() => window.history.back()}>
          Create org
        </FormActions>
      </form>
    </Page>
  );
}
