import { nameKey } from '../../../../src/domain/names.js';
import { SALES_DECK_METRICS } from '../../../../src/domain/sales/sales-kpis.js';
import { Button } from '../../components/button.js';
import { FormMessage } from '../../components/field.js';
import { api, isApiError } from '../../lib/api-client.js';
import { navigate } from '../../lib/router.js';
import { useApiForm } from '../../lib/use-api-form.js';
import { RefreshDataForm } from './wbr-refresh-data.js';
import type { WbrDeck, WbrDeckSummary } from './wbr-types.js';

/** The name the sales deck is made with; deck names are unique in an org, so there is one sales deck. */
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

/**
 * The sales deck's id: made (its config and its data up to today) on the first press, the one already made on any
 * later press. The server refuses a second one as a name clash on a field this button has no input for; the deck of
 * that name is opened instead, when it is the sales deck. A deck of the user's own under that name is not opened in
 * its place: the refusal then says what to do.
 */
async function salesDeckId(orgId: string): Promise<string> {
  try {
    const { deck } = await api<{ deck: WbrDeck }>('POST', `/orgs/${orgId}/wbr/decks/from-sales`, { name: SALES_DECK_NAME });
    return deck.id;
  } catch (error) {
    if (!isApiError(error) || error.code !== 'conflict' || error.field !== 'body.name') throw error;
  }
  const { decks } = await api<{ decks: WbrDeckSummary[] }>('GET', `/orgs/${orgId}/wbr/decks`);
  // Names clash as the server compares them: case, spacing and look-alike characters aside.
  const named = decks.find((deck) => nameKey(deck.name) === nameKey(SALES_DECK_NAME));
  if (named !== undefined) {
    const { deck } = await api<{ deck: WbrDeck }>('GET', `/orgs/${orgId}/wbr/decks/${named.id}`);
    if (readsSalesPipeline(deck)) return deck.id;
  }
  throw new Error(`A deck named "${SALES_DECK_NAME}" already exists and does not read the sales pipeline: rename it, then make the sales deck.`);
}

/** Opens the sales pipeline's deck, made on first use. */
export function ReviewSalesPipeline({ orgId }: { orgId: string }) {
  const form = useApiForm([]);
  return (
    <form
      className="wbr-sales-action"
      aria-label="Review the sales pipeline"
      onSubmit={form.handleSubmit(async () => {
        navigate(`/o/${orgId}/wbr/${await salesDeckId(orgId)}`);
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
