import type { Membership } from '../../lib/api-types.js';
import { lazyPage } from '../../lib/lazy-page.js';

// Each page its own chunk, fetched when first opened (the app's boundary shows the wait and a failed fetch).
const AccountsPage = lazyPage(() => import('./accounts-page.js'), 'AccountsPage');
const GrossProfitPage = lazyPage(() => import('./gross-profit-page.js'), 'GrossProfitPage');
const OpportunityPage = lazyPage(() => import('./opportunity-page.js'), 'OpportunityPage');
const QuotasPage = lazyPage(() => import('./quotas-page.js'), 'QuotasPage');
const SalesPage = lazyPage(() => import('./sales-page.js'), 'SalesPage');

/** The Sales section's pages: the pipeline, the accounts, the quotas, the gross profit view, and one opportunity (by id, a UUID, so no view name clashes with one). */
export function SalesSection({ itemId, membership }: { itemId: string | undefined; membership: Membership }) {
  if (itemId === 'gross-profit') return <GrossProfitPage key={membership.org.id} membership={membership} />;
  if (itemId === 'quotas') return <QuotasPage key={membership.org.id} membership={membership} />;
  if (itemId === 'accounts') return <AccountsPage key={membership.org.id} membership={membership} />;
  if (itemId) return <OpportunityPage key={itemId} membership={membership} opportunityId={itemId} />;
  return <SalesPage key={membership.org.id} membership={membership} />;
}
