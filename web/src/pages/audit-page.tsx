import { useState } from 'react';
import { Button } from '../components/button.js';
import { SelectField, TextField } from '../components/field.js';
import { EmptyState, ErrorNote, LoadingNote, Page } from '../components/page.js';
import { api, messageOf } from '../lib/api-client.js';
import type { ApiToken, AuditActor, AuditEvent, Member, Membership, Principle } from '../lib/api-types.js';
import { describeAuditEvent, type AuditLookups } from '../lib/audit-descriptions.js';
import { formatDate, formatDateTime, formatTime } from '../lib/format.js';
import { Link, navigate, useLocation } from '../lib/router.js';
import { useResource } from '../lib/use-resource.js';
import { auditActionGroups, auditActorOptions, auditAddressQuery, auditApiParams, auditFiltersFrom, auditPeriodError, hasAuditFilters, NO_AUDIT_FILTERS, type AuditFilters } from './audit-filters.js';

const PAGE_SIZE = 50;

interface AuditState {
  events: AuditEvent[];
  hasMore: boolean;
}

interface Lookups extends AuditLookups {
  /** For the filters: everyone who acted (former members too, since the log keeps what they did), and the org's tokens (revoked ones too). */
  actors: AuditActor[];
  tokens: ApiToken[];
}

async function loadLookups(orgId: string): Promise<Lookups> {
  // Names make the log readable; if one list fails, the log still shows with generic wording.
  const [principles, members, actors, tokens] = await Promise.all([
    api<{ principles: Principle[] }>('GET', `/orgs/${orgId}/principles?includeRetired=true`).catch(() => ({ principles: [] })),
    api<{ members: Member[] }>('GET', `/orgs/${orgId}/members`).catch(() => ({ members: [] })),
    api<{ actors: AuditActor[] }>('GET', `/orgs/${orgId}/audit-events/actors`).catch(() => null),
    api<{ apiTokens: ApiToken[] }>('GET', `/orgs/${orgId}/api-tokens`).catch(() => ({ apiTokens: [] })),
  ]);
  // Without the list of who acted, the members still make a useful "Who" filter.
  const whoActed = actors?.actors ?? members.members.map((member) => ({ userId: member.userId, name: member.name, email: member.email, isMember: true }));
  return {
    principleTitles: new Map(principles.principles.map((principle) => [principle.id, principle.title])),
    // Someone removed is still named where an event is about them, as long as they once acted.
    memberNames: new Map([...whoActed.map((actor) => [actor.userId, actor.name] as const), ...members.members.map((member) => [member.userId, member.name] as const)]),
    tokenNames: new Map(tokens.apiTokens.map((token) => [token.id, token.name])),
    actors: whoActed,
    tokens: tokens.apiTokens,
  };
}

const ACTION_GROUPS = auditActionGroups();
const isOffered = (action: string) => ACTION_GROUPS.some((group) => group.options.some((option) => option.value === action));

const NO_LOOKUPS: Lookups = { principleTitles: new Map(), memberNames: new Map(), tokenNames: new Map(), actors: [], tokens: [] };

function fetchEvents(orgId: string, filters: URLSearchParams, before?: number, signal?: AbortSignal) {
  const params = new URLSearchParams(filters);
  params.set('limit', String(PAGE_SIZE));
  if (before !== undefined) params.set('before', String(before));
  return api<{ events: AuditEvent[] }>('GET', `/orgs/${orgId}/audit-events?${params.toString()}`, undefined, { signal });
}

export function AuditPage({ membership }: { membership: Membership }) {
  const orgId = membership.org.id;
  const { search } = useLocation();
  const [filters, setFiltersState] = useState<AuditFilters>(() => auditFiltersFrom(search));
  const periodError = auditPeriodError(filters);
  const filterParams = auditApiParams(filters);
  const filterQuery = filterParams.toString();
  const isFiltered = hasAuditFilters(filters);
  // The filters live in the address too (replaced, not pushed), so a filtered view can be shared and survives a reload.
  const setFilters = (next: AuditFilters) => {
    setFiltersState(next);
    navigate(`/o/${orgId}/audit${auditAddressQuery(next)}`, { replace: true });
  };
  const setFilter = (key: keyof AuditFilters) => (value: string) => setFilters({ ...filters, [key]: value });
  const lookups = useResource<Lookups>(() => loadLookups(orgId), orgId);
  // A filter changed while the last answer was on its way cancels it (see useResource).
  const audit = useResource<AuditState>(async (signal) => {
    // A period that ends before it starts is said at its field; there is nothing to ask the server.
    if (periodError) return { events: [], hasMore: false };
    const { events } = await fetchEvents(orgId, filterParams, undefined, signal);
    return { events, hasMore: events.length === PAGE_SIZE };
  }, `${orgId}?${filterQuery}`);
  const [isLoadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<string | undefined>();

  const loadMore = async () => {
    const current = audit.data;
    const oldest = current?.events[current.events.length - 1];
    if (!current || !oldest) return;
    setLoadingMore(true);
    setMoreError(undefined);
    try {
      const { events } = await fetchEvents(orgId, filterParams, oldest.id);
      audit.setData({ ...current, events: [...current.events, ...events], hasMore: events.length === PAGE_SIZE });
    } catch (error) {
      setMoreError(messageOf(error));
    } finally {
      setLoadingMore(false);
    }
  };

  const days: { day: string; events: AuditEvent[] }[] = [];
  // After a failed load the previous filter's events would be wrong: only the error shows.
  const shownEvents = audit.error ? [] : (audit.data?.events ?? []);
  for (const event of shownEvents) {
    const day = formatDate(event.createdAt);
    const last = days[days.length - 1];
    if (last && last.day === day) last.events.push(event);
    else days.push({ day, events: [event] });
  }

  return (
    <Page title="Audit log" context={membership.org.name} lead={<p>Every decision and change in {membership.org.name}: members and tokens, principles, people and teams, initiatives and their stages, documents and reading decisions, hiring loops and vetoes, metrics and business reviews. Who did it and when, newest first. Entries cannot be edited or deleted.</p>}>
      <form className="form form--inline audit-filters" role="search" aria-label="Filter the audit log" onSubmit={(event) => event.preventDefault()}>
        <SelectField label="Action" name="filter-action" value={filters.action} options={withChoiceShown([{ value: '', label: 'Any action' }], isOffered(filters.action) ? '' : filters.action, 'Not an action')} groups={ACTION_GROUPS} onChange={setFilter('action')} />
        <SelectField
          label="Who"
          name="filter-actor"
          value={filters.actor}
          options={withChoiceShown([{ value: '', label: 'Anyone' }, ...auditActorOptions((lookups.data ?? NO_LOOKUPS).actors)], filters.actor, lookups.data ? 'Someone with nothing in the log' : 'Loading names…')}
          onChange={setFilter('actor')}
        />
        <SelectField
          label="Made with"
          name="filter-via"
          value={filters.via}
          options={withChoiceShown(
            [
              { value: '', label: 'Anything' },
              { value: 'none', label: 'No token (signed in)' },
              { value: 'any', label: 'Any API token' },
              ...(lookups.data ?? NO_LOOKUPS).tokens.map((token) => ({ value: token.id, label: `Token “${token.name}”${token.revokedAt ? ' (revoked)' : ''}` })),
            ],
            filters.via,
            lookups.data ? 'A token no longer listed' : 'Loading tokens…',
          )}
          onChange={setFilter('via')}
        />
        <TextField label="From" name="filter-from" type="date" value={filters.from} max={filters.to || undefined} error={periodError} onChange={(event) => setFilter('from')(event.target.value)} />
        <TextField label="To" name="filter-to" type="date" value={filters.to} min={filters.from || undefined} onChange={(event) => setFilter('to')(event.target.value)} />
        <div className="audit-filters__actions">
          {isFiltered && (
            <Button variant="quiet" onClick={() => setFilters(NO_AUDIT_FILTERS)}>
              Clear filters
            </Button>
          )}
          {/* A plain link: the browser downloads the file itself, with the session, however long the log is. Not for a
              period that ends before it starts, which the server would refuse. */}
          {!periodError && (
            <a className="button button--secondary audit-filters__download" href={`/api/v1/orgs/${orgId}/audit-events/export?${new URLSearchParams([['format', 'csv'], ...filterParams]).toString()}`} download>
              Download CSV
            </a>
          )}
        </div>
      </form>
      {audit.isLoading && !audit.data && <LoadingNote label="Loading the audit log…" />}
      {audit.error && <ErrorNote message={audit.error} onRetry={audit.reload} />}
      {audit.data && !audit.error && audit.data.events.length === 0 && !isFiltered && (
        <EmptyState title="Nothing recorded yet">
          <p>When someone invites a member, rewords a principle, moves an initiative, decides a reading, vetoes a hire or publishes a week, it shows here.</p>
        </EmptyState>
      )}
      {audit.data && !audit.error && audit.data.events.length === 0 && isFiltered && (
        <EmptyState title="No events match the filters" action={<Button onClick={() => setFilters(NO_AUDIT_FILTERS)}>Clear filters</Button>}>
          <p>Nothing in the log matches all of these filters{periodError ? ': the period ends before it starts' : ''}. Widen the period, pick another action or person, or clear the filters to see the whole log.</p>
        </EmptyState>
      )}
      {days.map(({ day, events }) => (
        <section key={day} className="audit-day" aria-label={day}>
          <h2 className="audit-day__title">{day}</h2>
          <ul className="audit-list">
            {events.map((event) => {
              const described = describeAuditEvent(event, lookups.data ?? NO_LOOKUPS);
              return (
                <li key={event.id} className="audit-entry">
                  <p className="audit-entry__text">
                    <strong>{event.actor?.name ?? 'Pulse'}</strong> {described.text}
                    {event.via && <span> via token “{event.via.tokenName}”</span>}
                    {described.principleId && (
                      <>
                        {' · '}
                        <Link to={`/o/${orgId}/principles/${described.principleId}`}>see history</Link>
                      </>
                    )}
                  </p>
                  <time className="audit-entry__time" dateTime={event.createdAt} title={formatDateTime(event.createdAt)}>
                    {formatTime(event.createdAt)}
                  </time>
                </li>
              );
            })}
          </ul>
        </section>
      ))}
      {moreError && <ErrorNote message={moreError} />}
      {audit.data?.hasMore && !audit.error && (
        <div className="load-more">
          <Button onClick={() => void loadMore()} isBusy={isLoadingMore}>
            {isLoadingMore ? 'Loading…' : 'Load older entries'}
          </Button>
        </div>
      )}
      {audit.data && !audit.error && !audit.data.hasMore && audit.data.events.length > 0 && <p className="list-end">{isFiltered ? 'These are all the events that match the filters.' : 'This is the beginning of the log.'}</p>}
    </Page>
  );
}

type Choice = { value: string; label: string };

/** A shared address can name someone (or a token) the lists no longer hold: the select still shows that it is set. */
function withChoiceShown(options: Choice[], value: string, unlistedLabel: string): Choice[] {
  return options.some((option) => option.value === value) ? options : [...options, { value, label: unlistedLabel }];
}
