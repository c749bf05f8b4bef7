import { EmptyState, Page } from '../components/page.js';
import type { Membership } from '../lib/api-types.js';
import { roleLabel } from '../lib/format.js';
import { Link } from '../lib/router.js';

export function NotFoundPage() {
  return (
    <Page title="Not found">
      <EmptyState title="Nothing here" action={<Link to="/">Go to your principles</Link>}>
        <p>This page does not exist, or it belongs to an org you are not a member of.</p>
      </EmptyState>
    </Page>
  );
}

export function NotAllowed({ membership, what }: { membership: Membership; what: string }) {
  return (
    <Page title={what} context={membership.org.name}>
      <EmptyState title="Only admins can open this page" action={<Link to={`/o/${membership.org.id}/home`}>Back to Home</Link>}>
        <p>
          You are a {roleLabel(membership.role).toLowerCase()} of {membership.org.name}. Ask one of its admins if you need this.
        </p>
      </EmptyState>
    </Page>
  );
}
