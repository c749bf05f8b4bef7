import { useState, type ReactNode } from 'react';
import { Button } from '../../components/button.js';
import { FormMessage } from '../../components/field.js';
import { api } from '../../lib/api-client.js';
import { useApiForm } from '../../lib/use-api-form.js';
import { formatRows } from './wbr-format.js';
import type { WbrDeck } from './wbr-types.js';

/**
 * A button that replaces the deck's data from where it comes from (the sales pipeline, the config's queries):
 * the server reads the source and stores the result through an upload's checks; a refusal shows its message
 * (for a query: its name, connection and config line) and the data stays as it was.
 */
export function RefreshDataForm({ orgId, deck, source, label, done, children, onSaved }: {
  orgId: string;
  deck: WbrDeck;
  /** The route's last segment: `from-sales` or `from-sources`. */
  source: 'from-sales' | 'from-sources';
  /** The button's words. */
  label: string;
  /** The start of the note after a refresh ("Refreshed from ..."). */
  done: string;
  /** What the refresh reads, shown above the button. */
  children?: ReactNode;
  onSaved(deck: WbrDeck): void;
}) {
  const [savedNote, setSavedNote] = useState<string | undefined>();
  const form = useApiForm([]);
  return (
    <form
      className="form wbr-refresh"
      aria-label={label}
      onSubmit={form.handleSubmit(async () => {
        setSavedNote(undefined);
        const { deck: saved } = await api<{ deck: WbrDeck }>('PUT', `/orgs/${orgId}/wbr/decks/${deck.id}/data/${source}`, {});
        setSavedNote(`${done}: ${formatRows(saved.data?.rows ?? 0)}.`);
        onSaved(saved);
      })}
    >
      {children}
      <FormMessage message={form.formError} />
      <div className="form__row">
        <Button type="submit" isBusy={form.isPending}>
          {label}
        </Button>
      </div>
      <FormMessage tone="success" message={savedNote} />
    </form>
  );
}

/** Runs the config's data_sources queries (docs/wbr-sql.md) and replaces the deck's data with their rows. */
export function RefreshFromDatabase({ orgId, deck, onSaved }: { orgId: string; deck: WbrDeck; onSaved(deck: WbrDeck): void }) {
  const queries = deck.dataSources.filter((source) => source.kind === 'query');
  return (
    <RefreshDataForm orgId={orgId} deck={deck} source="from-sources" label="Refresh from the database" done="Refreshed from the database" onSaved={onSaved}>
      <p className="field__hint">
        Or run the config’s queries: {queries.map((query, index) => (
          <span key={`${query.connection}.${query.name}`}>
            {index > 0 ? ', ' : ''}
            <code>{query.name}</code> on <code>{query.connection}</code>
          </span>
        ))}
        . They run read-only on the databases this Pulse server’s operator named, and their rows replace the data.
      </p>
    </RefreshDataForm>
  );
}
