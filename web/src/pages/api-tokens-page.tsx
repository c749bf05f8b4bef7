import { useState } from 'react';
import { Button } from '../components/button.js';
import { DataTable } from '../components/data-table.js';
import { ConfirmDialog } from '../components/confirm-dialog.js';
import { FormMessage, SelectField, TextField } from '../components/field.js';
import { EmptyState, ErrorNote, LoadingNote, Page } from '../components/page.js';
import { SecretOnce } from '../components/secret-once.js';
import { api } from '../lib/api-client.js';
import type { ApiToken, Membership } from '../lib/api-types.js';
import { formatDate, formatDateTime } from '../lib/format.js';
import { useApiForm } from '../lib/use-api-form.js';
import { useResource } from '../lib/use-resource.js';
import { Panel } from '../components/panel.js';

const EXPIRY_OPTIONS = [
  { value: '30', label: 'In 30 days' },
  { value: '90', label: 'In 90 days' },
  { value: '365', label: 'In a year' },
  { value: 'never', label: 'Never' },
];

// Read only comes first and is the default: least privilege, so writing is a choice made on purpose. (The API
// itself still defaults to write when a script leaves the scope out, as tokens always could, so scripts keep working.)
const SCOPE_OPTIONS = [
  { value: 'read', label: 'Read only' },
  { value: 'write', label: 'Read and write (your role)' },
];

/** The expiry a choice of the form means, counted from now; null for never. */
function expiryFrom(choice: string): string | null {
  return choice === 'never' ? null : new Date(Date.now() + Number(choice) * 86_400_000).toISOString();
}

const isExpired = (token: ApiToken) => token.expiresAt !== null && new Date(token.expiresAt).getTime() <= Date.now();

export function ApiTokensPage({ membership }: { membership: Membership }) {
  const orgId = membership.org.id;
  // Admins see every token of the org (to revoke a leaked one), so the list says whose each is.
  const seesEveryone = membership.role === 'admin';
  const tokens = useResource(async (signal) => (await api<{ apiTokens: ApiToken[] }>('GET', `/orgs/${orgId}/api-tokens`, undefined, { signal })).apiTokens, orgId);
  const [name, setName] = useState('');
  const [scope, setScope] = useState('read');
  const [expiry, setExpiry] = useState('90');
  const [created, setCreated] = useState<{ id: string; name: string; token: string } | undefined>();
  const [revoking, setRevoking] = useState<ApiToken | undefined>();
  const form = useApiForm(['name', 'scope', 'expiresAt']);

  const revoke = async () => {
    if (!revoking) return;
    await api('DELETE', `/orgs/${orgId}/api-tokens/${revoking.id}`);
    // A token just shown and now revoked is no secret to keep: its box goes.
    if (created?.id === revoking.id) setCreated(undefined);
    tokens.reload();
  };

  const list = tokens.data ?? [];
  return (
    <Page
      title="API tokens"
      context={membership.org.name}
      lead={
        <p>
          A token lets a script or the <code>pulse</code> command line act as you in {membership.org.name}, with your role, or only read with a read-only token. Send it as <code>Authorization: Bearer …</code>. Pulse
          stores only a hash, so a token is shown once, when you create it. Changes made with a token show in the audit log with its name.
        </p>
      }
    >
      <Panel headingId="new-token-heading" title="Create a token" isNewItemForm>
        <form
          className="form form--inline"
          noValidate
          onSubmit={form.handleSubmit(async () => {
            const answer = await api<{ apiToken: ApiToken; token: string }>('POST', `/orgs/${orgId}/api-tokens`, { name, scope, expiresAt: expiryFrom(expiry) });
            setCreated({ id: answer.apiToken.id, name: answer.apiToken.name, token: answer.token });
            setName('');
            tokens.setData((current = []) => [answer.apiToken, ...current]);
          })}
        >
          <FormMessage message={form.formError} />
          <TextField label="Name" name="name" required maxLength={80} placeholder="e.g. Weekly metrics import" value={name} onChange={(event) => setName(event.target.value)} error={form.errorFor('name')} hint="Say what will use it, so you know what breaks when you revoke it." />
          <SelectField
            label="Access"
            name="scope"
            value={scope}
            options={SCOPE_OPTIONS}
            onChange={setScope}
            error={form.errorFor('scope')}
            hint={
              <>
                A read-only token can look but not change anything: enough for <code>pulse principles list</code>, <code>pulse people export</code> and dashboards. <code>pulse people import</code> and scripts that change things need read and write.
              </>
            }
          />
          <SelectField label="Expires" name="expiresAt" value={expiry} options={EXPIRY_OPTIONS} onChange={setExpiry} error={form.errorFor('expiresAt')} hint="After that it stops working." />
          <Button type="submit" variant="primary" isBusy={form.isPending} className="form__inline-submit">
            Create token
          </Button>
        </form>
        {created && <SecretOnce label={`Token “${created.name}”`} value={created.token} note="Copy it now and keep it somewhere safe: it will not be shown again." />}
      </Panel>
      {tokens.isLoading && !tokens.data && <LoadingNote label="Loading tokens…" />}
      {tokens.error && <ErrorNote message={tokens.error} onRetry={tokens.reload} />}
      {tokens.data && list.length === 0 && (
        <EmptyState title="No tokens yet">
          <p>You need one only for scripts and the command line; the web app uses your sign-in.</p>
        </EmptyState>
      )}
      {list.length > 0 && (
        <section aria-labelledby="tokens-heading">
          <h2 id="tokens-heading" className="section-title" tabIndex={-1}>
            {seesEveryone ? 'Tokens in this org' : 'Your tokens'}
          </h2>
          <DataTable columns={['Name', ...(seesEveryone ? ['Owner'] : []), 'Access', 'Starts with', 'Created', 'Expires', 'Last used', <span className="visually-hidden">Status</span>]}>
              {list.map((token) => (
                <tr key={token.id} className={token.revokedAt || isExpired(token) ? 'table__row--muted' : undefined}>
                  <td>{token.name}</td>
                  {seesEveryone && <td>{token.owner.name}</td>}
                  <td>{token.scope === 'read' ? 'Read only' : 'Read and write'}</td>
                  <td>
                    <code>{token.prefix}…</code>
                  </td>
                  <td className="table__muted">{formatDate(token.createdAt)}</td>
                  <td className="table__muted">{token.expiresAt ? formatDate(token.expiresAt) : 'Never'}</td>
                  <td className="table__muted">{token.lastUsedAt ? formatDateTime(token.lastUsedAt) : 'Never'}</td>
                  <td className="table__end">
                    {token.revokedAt ? (
                      <span className="badge badge--muted">Revoked {formatDate(token.revokedAt)}</span>
                    ) : isExpired(token) ? (
                      <span className="badge badge--muted">Expired</span>
                    ) : (
                      <Button size="small" variant="danger" onClick={() => setRevoking(token)} aria-label={`Revoke ${token.name}`}>
                        Revoke
                      </Button>
                    )}
                  </td>
                </tr>
              ))}
            </DataTable>
        </section>
      )}
      {/* Once revoked, the row's Revoke button becomes a badge: the keyboard goes to the list, not to the page's top. */}
      <ConfirmDialog
        title="Revoke this token?"
        isOpen={revoking !== undefined}
        description={revoking && <p>Scripts using “{revoking.name}” stop working at once. This cannot be undone.</p>}
        confirmLabel="Revoke token"
        cancelLabel="Keep it"
        onConfirm={revoke}
        onClose={() => setRevoking(undefined)}
        focusAfterConfirm={() => document.getElementById('tokens-heading')}
      />
    </Page>
  );
}
