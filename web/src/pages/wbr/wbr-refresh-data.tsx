import { useState, type ReactNode } from 'react';
import { Button } from '../../components/button.js';
import { FormMessage, SelectField } from '../../components/field.js';
import { api } from '../../lib/api-client.js';
import { formatDateTime } from '../../lib/format.js';
import { REFRESH_HOURS, refreshHourLabel } from '../../../../src/domain/wbr-review/refresh-schedule.js';
import { useApiForm } from '../../lib/use-api-form.js';
import { useDraftOverNewer } from '../../lib/use-draft-over-newer.js';
import { deckAfter, deckSettingsSave, deckTokenOf } from './wbr-deck-settings.js';
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
      className="form wbr-refresh no-print"
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

const refreshTokenOf = deckTokenOf('refresh');
const scheduleOf = (deck: WbrDeck) => ({ hour: deck.refresh === null ? '' : String(deck.refresh.hourUtc) });

const HOUR_OPTIONS = [{ value: '', label: 'Off: refresh by hand' }, ...Array.from({ length: REFRESH_HOURS }, (_, hour) => ({ value: String(hour), label: `Every day at ${refreshHourLabel(hour)}` }))];

/**
 * The deck's daily refresh from its queries: the hour (UTC), and how the last one went. The server runs it with
 * the rights of whoever set it, so the form says whose.
 */
export function RefreshSchedule({ orgId, deck, onSaved }: { orgId: string; deck: WbrDeck; onSaved(deck: WbrDeck): void }) {
  // A schedule a colleague saved while this form is open becomes its base; an hour chosen here stays over it.
  const { read, values, setValues, newerNote, submit } = useDraftOverNewer(deck, refreshTokenOf, scheduleOf);
  const { hour } = values;
  const [savedNote, setSavedNote] = useState<string | undefined>();
  const form = useApiForm(['refreshHourUtc']);
  const { refresh } = deck;
  return (
    <form
      className="form wbr-refresh"
      aria-label="Daily refresh"
      onSubmit={form.handleSubmit(async () => {
        setSavedNote(undefined);
        const outcome = await submit(deckSettingsSave(orgId, 'refresh', read, { refreshHourUtc: hour === '' ? null : Number(hour) }));
        const saved = deckAfter(outcome);
        if (!outcome.isNewer) setSavedNote(saved.refresh === null ? 'The daily refresh is off.' : `Saved: the next refresh runs ${formatDateTime(saved.refresh.nextAt)}.`);
        onSaved(saved);
      })}
    >
      <SelectField
        label="Daily refresh"
        name="refreshHourUtc"
        value={hour}
        options={HOUR_OPTIONS}
        onChange={(value) => setValues({ hour: value })}
        error={form.errorFor('refreshHourUtc')}
        hint="Runs the queries once a day at this hour, with the rights of whoever saves it, so the data is fresh before the review."
      />
      {refresh !== null && (
        <p className="field__hint wbr-refresh__status" role="status">
          Next: {formatDateTime(refresh.nextAt)}
          {refresh.by !== null ? `, as ${refresh.by.name}` : ''}.{' '}
          {refresh.lastAt === null ? 'It has not run yet.' : refresh.lastError === null ? `The last one (${formatDateTime(refresh.lastAt)}) replaced the data.` : `The last one (${formatDateTime(refresh.lastAt)}) left the data as it was: ${refresh.lastError}`}
        </p>
      )}
      <FormMessage message={form.formError} />
      <FormMessage message={newerNote} />
      <div className="form__row">
        <Button type="submit" isBusy={form.isPending}>
          Save schedule
        </Button>
      </div>
      <FormMessage tone="success" message={savedNote} />
    </form>
  );
}
