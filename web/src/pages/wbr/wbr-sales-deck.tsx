import { SALES_DECK_METRICS } from '../../../../src/domain/sales/sales-kpis.js';
import { Button } from '../../components/button.js';
import { FormMessage } from '../../components/field.js';
import { api } from '../../lib/api-client.js';
import { navigate } from '../../lib/router.js';
import { useApiForm } from '../../lib/use-api-form.js';
import { RefreshDataForm } from './wbr-refresh-data.js';
import type { WbrDeck } from './wbr-types.js';

/** The name the sales deck is made with; a second one is refused as a name clash, which the message explains. */
const SALES_DECK_NAME = 'Sales pipeline';

/**
 * A deck reads the sales pipeline when its config has every metric the sales deck's config defines. The page only
 * has the metrics' names, not their columns: a renamed metric hides the button, and the server still checks the
 * columns on refresh.
 */
export function readsSalesPipeline(deck: Pick<WbrDeck, 'metrics'>): boolean {
  const names = new Set(deck.metrics.map((metric) => metric.name));
  return SALES_DECK_METRICS.every((name) => names.has(name));
}

/** Makes the sales pipeline's deck (its config and its data up to today) and opens it. */
export function ReviewSalesPipeline({ orgId }: { orgId: string }) {
  const form = useApiForm([]);
  return (
    <form
      className="wbr-sales-action"
      aria-label="Review the sales pipeline"
      onSubmit={form.handleSubmit(async () => {
        const { deck } = await api<{ deck: WbrDeck }>('POST', `/orgs/${orgId}/wbr/decks/from-sales`, { name: SALES_DECK_NAME });
        navigate(`/o/${orgId}/wbr/${deck.id}`);
      })}
    >
      <Button type="submit" size="small" isBusy={form.isPending}>
        Review the sales pipeline
      </Button>
      <FormMessage message={form.formError} />
    </form>
  );
}

/** Replaces the deck's data with the sales pipeline's daily data as of today. */
export function RefreshFromSales({ orgId, deck, onSaved }: { orgId: string; deck: WbrDeck; onSaved(deck: WbrDeck): void }) {
  return <RefreshDataForm orgId={orgId} deck={deck} source="from-sales" label="Refresh from the sales pipeline" done="Refreshed from the sales pipeline" onSaved={onSaved} />;
}
