import type { Membership } from '../../lib/api-types.js';
import { AccountsPage } from './accounts-page.js';
import { GrossProfitPage } from './gross-profit-page.js';
import { OpportunityPage } from './opportunity-page.js';
import { QuotasPage } from './quotas-page.js';
import { SalesPage } from './sales-page.js';

/** The Sales section's pages: the pipeline, the accounts, the quotas, the gross profit view, and one opportunity (by id, a UUID, so no view name clashes with one). */
export function SalesSection({ itemId, membership }: { itemId: string | undefined; membership: Membership }) {
  if (itemId === 'gross-profit') return <GrossProfitPage key={membership.org.id} membership={membership} />;
  if (itemId === 'quotas') return <QuotasPage key={membership.org.id} membership={membership} />;
  if (itemId === 'accounts') return <AccountsPage key={membership.org.id} membership={membership} />;
  if (itemId) return <OpportunityPage key={itemId} membership={membership} opportunityId={itemId} />;
  return <SalesPage key={membership.org.id} membership={membership} />;
}
