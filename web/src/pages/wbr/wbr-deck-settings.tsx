import { useState } from 'react';
import { Button } from '../../components/button.js';
import { DataTable } from '../../components/data-table.js';
import { ConfirmDialog } from '../../components/confirm-dialog.js';
import { FormMessage, SelectField, TextField } from '../../components/field.js';
import { api, apiText } from '../../lib/api-client.js';
import { formatDateTime } from '../../lib/format.js';
import { Link } from '../../lib/router.js';
import { useApiForm } from '../../lib/use-api-form.js';
import { useDraftOverNewer, type OverNewerOutcome } from '../../lib/use-draft-over-newer.js';
import type { Role } from '../../../../src/domain/accounts/roles.js';
import { mayChangeMetricAlerts } from '../../../../src/domain/wbr-review/review-rules.js';
import type { PersonSummary } from '../people/people-types.js';
import { ConfigField } from './wbr-config-field.js';
import { CsvUploadForm } from './csv-upload-form.js';
import { alertInputs, alertsFromInputs, catalogMetricPath, describeAnomalyOwner, describeGoodDirection, formatDataSpan, formatRows, ownerOptions, placeWbrError, type AlertInputs } from './wbr-format.js';
import type { WbrDeck } from './wbr-types.js';

const CONFIG_FIELDS = ['config'] as const;
const DECK_FIELDS = ['name', 'ownerPersonId'] as const;
const ALERT_FIELDS = ['alerts'] as const;

/** What the deck's data is: the file, its size in rows, the days it covers and who uploaded it when. */
export function DataFacts({ deck }: { deck: WbrDeck }) {
  if (!deck.data) return <p className="section-lead">No data yet. Upload a CSV to build the deck.</p>;
  const { data } = deck;
  return (
    <dl className="wbr-facts">
      <dt>File</dt>
      <dd>{data.fileName}</dd>
      <dt>Rows</dt>
      <dd>{formatRows(data.rows)}</dd>
      <dt>Covers</dt>
      <dd>{formatDataSpan(data)}</dd>
      <dt>Uploaded</dt>
      <dd>
        {formatDateTime(data.uploadedAt)}
        {data.uploadedBy ? ` by ${data.uploadedBy.name}` : ''}
      </dd>
      {deck.rowsAfterToday && (
        <>
          <dt>Dated after today</dt>
          <dd>
            <p className="wbr-data-warning" role="note">
              {deck.rowsAfterToday.message}
            </p>
          </dd>
        </>
      )}
      {deck.shortRows && (
        <>
          <dt>Short rows</dt>
          <dd>
            <p className="wbr-data-warning" role="note">
              {deck.shortRows.message}
            </p>
          </dd>
        </>
      )}
    </dl>
  );
}

/** Uploads the deck's CSV as it is (not as JSON): the server reads it in a stream and names the line of a bad cell. */
export function DataUploadForm({ orgId, deck, onSaved }: { orgId: string; deck: WbrDeck; onSaved(deck: WbrDeck): void }) {
  return (
    <CsvUploadForm
      name="Upload data"
      label={deck.data ? 'Replace the data (CSV)' : 'Data (CSV)'}
      hint="A Date column and one column per number, daily or weekly. It replaces the current data; published weeks keep what they showed."
      fieldName="data"
      placeError={placeWbrError}
      upload={async (file) => {
        const { deck: saved } = await apiText<{ deck: WbrDeck }>('PUT', `/orgs/${orgId}/wbr/decks/${deck.id}/data?fileName=${encodeURIComponent(file.name)}`, file, 'text/csv');
        onSaved(saved);
        // Rows dated after today, and rows that lost cells, are taken, but the owner hears of them at once: often a typo.
        return `Uploaded ${file.name}: ${formatRows(saved.data?.rows ?? 0)}.${saved.rowsAfterToday ? ` ${saved.rowsAfterToday.message}` : ''}${saved.shortRows ? ` ${saved.shortRows.message}` : ''}`;
      }}
    />
  );
}

/** The deck's config, edited as YAML; the server checks it against the data and names the line it stops at. */
export function ConfigForm({ orgId, deck, canWrite, onSaved }: { orgId: string; deck: WbrDeck; canWrite: boolean; onSaved(deck: WbrDeck): void }) {
  const [config, setConfig] = useState(deck.config);
  // The config as this form read it: a config saved by someone else meanwhile refuses the save instead of being lost.
  const [baseConfigToken, setBaseConfigToken] = useState(deck.configToken);
  const [savedNote, setSavedNote] = useState<string | undefined>();
  const form = useApiForm(CONFIG_FIELDS, placeWbrError);
  const isChanged = config !== deck.config;
  return (
    <form
      className="form"
      noValidate
      aria-label="Deck config"
      onSubmit={form.handleSubmit(async () => {
        setSavedNote(undefined);
        const { deck: saved } = await api<{ deck: WbrDeck }>('PATCH', `/orgs/${orgId}/wbr/decks/${deck.id}`, { config, baseConfigToken });
        setBaseConfigToken(saved.configToken);
        setSavedNote('Config saved. The next week you publish uses it.');
        onSaved(saved);
      })}
    >
      <FormMessage message={form.formError} />
      <ConfigField
        value={config}
        onChange={(value) => {
          setConfig(value);
          setSavedNote(undefined);
        }}
        error={form.errorFor('config')}
        isReadOnly={!canWrite}
      />
      {canWrite && (
        <div className="form__row">
          <Button type="submit" variant="primary" isBusy={form.isPending} disabled={!isChanged}>
            Save config
          </Button>
          {isChanged && (
            <Button variant="quiet" onClick={() => setConfig(deck.config)}>
              Undo changes
            </Button>
          )}
          <FormMessage tone="success" message={savedNote} />
        </div>
      )}
    </form>
  );
}

/** The deck's settings forms, each with its own token over only the fields it writes. */
export type DeckSettingsForm = 'details' | 'alerts' | 'refresh';

const BASE_TOKEN_FIELD = { details: 'baseDetailsToken', alerts: 'baseAlertsToken', refresh: 'baseRefreshToken' } as const satisfies Record<DeckSettingsForm, string>;

/**
 * The token of one settings form's fields: a colleague's save of another form (a rename while the alerts are open)
 * neither refuses this form's save nor replaces what it shows.
 */
export const deckTokenOf = (which: DeckSettingsForm) => (deck: WbrDeck) => deck.settingsTokens[which];
const detailsTokenOf = deckTokenOf('details');
const alertsTokenOf = deckTokenOf('alerts');

const NEWER_DECK_NOTE = 'Someone saved this deck’s settings while you had it open: their change is shown, and yours is kept here. Save again to apply yours.';

/**
 * A change to the deck's settings from the deck the form read (`read`, whose token goes with it), for the form's
 * `submit` (useDraftOverNewer): the deck saved becomes the form's base, or, when someone else saved this form's fields
 * since (409, nothing written), the newer deck does, with what was typed kept over it and a note saying so. Saving
 * again then applies this person's change without undoing the colleague's.
 */
export function deckSettingsSave(orgId: string, which: DeckSettingsForm, read: WbrDeck, change: Record<string, unknown>) {
  const path = `/orgs/${orgId}/wbr/decks/${read.id}`;
  return {
    save: async () => (await api<{ deck: WbrDeck }>('PATCH', path, { ...change, [BASE_TOKEN_FIELD[which]]: read.settingsTokens[which] })).deck,
    savedRecord: (deck: WbrDeck) => deck,
    readLatest: async () => (await api<{ deck: WbrDeck }>('GET', path)).deck,
    tokenField: BASE_TOKEN_FIELD[which],
    note: () => NEWER_DECK_NOTE,
  };
}

/** The deck a settings form now shows: the one saved, or the newer one a stale refusal read. */
export const deckAfter = (outcome: OverNewerOutcome<WbrDeck, WbrDeck>) => (outcome.isNewer ? outcome.latest : outcome.saved);

const detailsOf = (deck: WbrDeck) => ({ name: deck.name, ownerPersonId: deck.owner?.id ?? '' });

/**
 * The deck's name and owner. Only the owner or an admin hands the deck over (`canHandOver`, from the review rule the
 * server applies): the owner chairs its review and answers for its anomalies.
 */
export function DeckDetailsForm({ orgId, deck, people, canHandOver, onSaved }: { orgId: string; deck: WbrDeck; people: PersonSummary[]; canHandOver: boolean; onSaved(deck: WbrDeck): void }) {
  // A rename or handover saved by a colleague while this form is open becomes its base; what was typed here stays.
  const { read, values, setValues, newerNote, submit } = useDraftOverNewer(deck, detailsTokenOf, detailsOf);
  const { name, ownerPersonId } = values;
  const form = useApiForm(DECK_FIELDS);
  const changes = { ...(name !== read.name && { name }), ...(canHandOver && ownerPersonId !== (read.owner?.id ?? '') && ownerPersonId !== '' && { ownerPersonId }) };
  const ownerHint = canHandOver ? undefined : deck.owner ? `Only ${deck.owner.name} or an admin can hand the deck over.` : 'Nobody owns it: an admin can give it an owner.';
  return (
    <form
      className="form form--inline"
      noValidate
      aria-label="Name and owner"
      onSubmit={form.handleSubmit(async () => {
        onSaved(deckAfter(await submit(deckSettingsSave(orgId, 'details', read, changes))));
      })}
    >
      <FormMessage message={form.formError} />
      <FormMessage message={newerNote} />
      <TextField label="Name" name="name" value={name} onChange={(event) => setValues((current) => ({ ...current, name: event.target.value }))} error={form.errorFor('name')} />
      <SelectField label="Owner" name="ownerPersonId" value={ownerPersonId} options={ownerOptions(people, read.owner, read.owner ? undefined : 'Nobody')} onChange={(value) => setValues((current) => ({ ...current, ownerPersonId: value }))} disabled={!canHandOver} hint={ownerHint} error={form.errorFor('ownerPersonId')} />
      <Button type="submit" className="form__inline-submit" isBusy={form.isPending} disabled={Object.keys(changes).length === 0}>
        Save
      </Button>
    </form>
  );
}

/** Who answers for a metric's anomalies, and, when it is not the catalog metric's owner, why. */
function AnomalyOwnerCell({ metric }: { metric: WbrDeck['metrics'][number] }) {
  const { who, why } = describeAnomalyOwner(metric);
  return (
    <>
      {who}
      {why !== null && (
        <p className="form__note" role="note">
          {why}
        </p>
      )}
    </>
  );
}

/**
 * Each WBR metric beside the catalog metric of the same name, so a reviewer knows what the number counts and who
 * answers for it, with its alerts on the week's change (for those who build the review, editable here).
 */
export function DeckMetrics({ orgId, deck, canWrite, viewer, onSaved }: { orgId: string; deck: WbrDeck; canWrite: boolean; viewer: { role: Role; personId: string | null }; onSaved(deck: WbrDeck): void }) {
  const unlinked = deck.metrics.filter((metric) => metric.catalogMetric === null).length;
  // The server's rule (review-rules.ts), on the catalog links the deck lists: a metric's alerts are its owner's, the
  // deck owner's or an admin's to change, so the others see them without a field that would only be refused.
  const catalog = deck.metrics.flatMap((metric) =>
    metric.catalogMetric === null ? [] : [{ id: metric.catalogMetric.id, name: metric.catalogMetric.name, ownerPersonId: metric.catalogMetric.owner?.id ?? null, ownerHasLeft: metric.anomalyOwner.reason === 'catalog_owner_left' }],
  );
  const mayChangeAlerts = (metric: string) => canWrite && mayChangeMetricAlerts(viewer, metric, deck.owner?.id ?? null, catalog);
  const lockedCount = deck.metrics.filter((metric) => !mayChangeAlerts(metric.name)).length;
  // Alerts a colleague saved while this form is open become its base; the thresholds typed here stay over them.
  const { read, values, setValues, newerNote, submit } = useDraftOverNewer(deck, alertsTokenOf, flatAlertInputs);
  const [savedNote, setSavedNote] = useState<string | undefined>();
  const form = useApiForm(ALERT_FIELDS);
  const isChanged = JSON.stringify(values) !== JSON.stringify(flatAlertInputs(read));
  const setValue = (metric: string, which: 'wow' | 'yoy', value: string) => {
    setSavedNote(undefined);
    setValues((current) => ({ ...current, [alertKey(metric, which)]: value }));
  };
  return (
    <form
      className="form"
      noValidate
      aria-label="Metrics and alerts"
      onSubmit={form.handleSubmit(async () => {
        const outcome = await submit(deckSettingsSave(orgId, 'alerts', read, { alerts: alertsFromInputs(read.metrics, nestedAlertInputs(read.metrics, values)) }));
        if (!outcome.isNewer) setSavedNote('Alerts saved: they apply from the next published week.');
        onSaved(deckAfter(outcome));
      })}
    >
      <p className="section-lead">
        A metric of the deck is linked to the <Link to={`/o/${orgId}/metrics`}>catalog</Link> metric of the same name (capitals and spacing do not matter), which says what it counts, who answers for its
        anomalies and, where the config sets no good_direction, which way is good: the name in the config is the whole link, so a metric renamed in the config leaves its catalog metric.
        {unlinked > 0 && ` ${unlinked === 1 ? 'One matches' : `${unlinked} match`} no catalog metric: ${unlinked === 1 ? 'its anomalies go' : 'their anomalies go'} to the deck’s owner.`} An alert raises a signal when the week’s change goes beyond it the bad way (either way without
        a good direction), beside the process-limit signals.
        {canWrite && lockedCount > 0 && ' A metric’s alerts are changed by its owner in the catalog, the deck’s owner or an admin.'}
      </p>
      <FormMessage message={form.formError} />
      <FormMessage message={newerNote} />
      {deck.metrics.length > 0 && (
        // On a phone each metric is a block, its alert fields in sight rather than off to the side.
        <DataTable stacksOnPhones columns={['Metric in the deck', 'In the catalog', 'Anomalies go to', 'Good direction', 'Alert: week over week', 'Alert: year over year']}>
          {deck.metrics.map((metric) => (
            <tr key={metric.name}>
              <td>
                <code>{metric.name}</code>
              </td>
              <td data-label="In the catalog">{metric.catalogMetric ? <Link to={catalogMetricPath(orgId, metric.catalogMetric.id)}>{metric.catalogMetric.name}</Link> : <span className="table__muted">No catalog metric of this name</span>}</td>
              <td data-label="Anomalies go to">
                <AnomalyOwnerCell metric={metric} />
              </td>
              <td data-label="Good direction">
                {describeGoodDirection(metric)}
                {metric.goodDirectionConflict && (
                  <p className="form__note" role="note">
                    {metric.goodDirectionConflict}
                  </p>
                )}
              </td>
              {(['wow', 'yoy'] as const).map((which) => (
                <td key={which} data-label={which === 'wow' ? 'Alert: week over week' : 'Alert: year over year'}>
                  <label className="wbr-alert">
                    <span className="visually-hidden">{`${metric.name}: ${which === 'wow' ? 'week-over-week' : 'year-over-year'} alert, in ${metric.changeUnit === 'bps' ? 'basis points' : 'percent'}`}</span>
                    <input
                      className="wbr-alert__input"
                      type="number"
                      min="0"
                      step="any"
                      inputMode="decimal"
                      placeholder="off"
                      value={values[alertKey(metric.name, which)] ?? ''}
                      disabled={!mayChangeAlerts(metric.name)}
                      onChange={(event) => setValue(metric.name, which, event.target.value)}
                    />
                    <span className="wbr-alert__unit" aria-hidden="true">
                      {metric.changeUnit}
                    </span>
                  </label>
                </td>
              ))}
            </tr>
          ))}
        </DataTable>
      )}
      {canWrite && lockedCount < deck.metrics.length && (
        <div className="form__row">
          <Button type="submit" isBusy={form.isPending} disabled={!isChanged}>
            Save alerts
          </Button>
          <FormMessage tone="success" message={savedNote} />
        </div>
      )}
    </form>
  );
}

const alertKey = (metric: string, which: 'wow' | 'yoy') => `${metric}\u0000${which}`;

/**
 * The alert inputs one field a key (metric and which change), every metric of the deck listed: the shape a draft is
 * kept over a newer deck in (keepDraftOverNewer compares field by field).
 */
function flatAlertInputs(deck: WbrDeck): Record<string, string> {
  const inputs = alertInputs(deck);
  return Object.fromEntries(deck.metrics.flatMap((metric) => (['wow', 'yoy'] as const).map((which) => [alertKey(metric.name, which), inputs[metric.name]?.[which] ?? ''])));
}

function nestedAlertInputs(metrics: ReadonlyArray<{ name: string }>, flat: Record<string, string>): AlertInputs {
  return Object.fromEntries(metrics.map((metric) => [metric.name, { wow: flat[alertKey(metric.name, 'wow')] ?? '', yoy: flat[alertKey(metric.name, 'yoy')] ?? '' }]));
}

/** Deletes the deck, after a dialog that says what goes with it. */
export function DeleteDeck({ orgId, deck, onDeleted }: { orgId: string; deck: WbrDeck; onDeleted(): void }) {
  const [isOpen, setOpen] = useState(false);
  const remove = async () => {
    await api('DELETE', `/orgs/${orgId}/wbr/decks/${deck.id}`);
    onDeleted();
  };
  const weeks = deck.snapshots.length === 1 ? 'its published week' : `its ${deck.snapshots.length} published weeks`;
  return (
    <>
      <Button variant="danger" onClick={() => setOpen(true)}>
        Delete deck
      </Button>
      {/* Once deleted, the page goes to the list of decks, which puts the keyboard on its title. */}
      <ConfirmDialog
        title={`Delete “${deck.name}”?`}
        isOpen={isOpen}
        description={<p>The deck goes with its data, {deck.snapshots.length === 0 ? 'its config' : weeks} and its anomalies. This cannot be undone.</p>}
        confirmLabel="Delete deck"
        cancelLabel="Keep it"
        onConfirm={remove}
        onClose={() => setOpen(false)}
      />
    </>
  );
}
