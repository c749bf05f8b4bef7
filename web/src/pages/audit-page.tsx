import { useState } from 'react';
import { Button } from '../components/button.js';
import { EmptyState, ErrorNote, LoadingNote, Page } from '../components/page.js';
import { api, messageOf } from '../lib/api-client.js';
import type { ApiToken, AuditEvent, Member, Membership, Principle } from '../lib/api-types.js';
import { describeAuditEvent, type AuditLookups } from '../lib/audit-descriptions.js';
import { formatDate, formatDateTime } from '../lib/format.js';
import { Link } from '../lib/router.js';
import { useResource } from '../lib/use-resource.js';

const PAGE_SIZE = 50;

interface AuditState {
  events: AuditEvent[];
  hasMore: boolean;
  lookups: AuditLookups;
}

async function loadLookups(orgId: string): Promise<AuditLookups> {
  // Names make the log readable; if one list fails, the log still shows with generic wording.
  const [principles, members, tokens] = await Promise.all([
    api<{ principles: Principle[] }>('GET', `/orgs/${orgId}/principles?includeRetired=true`).catch(() => ({ principles: [] })),
    api<{ members: Member[] }>('GET', `/orgs/${orgId}/members`).catch(() => ({ members: [] })),
    api<{ apiTokens: ApiToken[] }>('GET', `/orgs/${orgId}/api-tokens`).catch(() => ({ apiTokens: [] })),
  ]);
  return {
    principleTitles: new Map(principles.principles.map((principle) => [principle.id, principle.title])),
    memberNames: new Map(members.members.map((member) => [member.userId, member.name])),
    tokenNames: new Map(tokens.apiTokens.map((token) => [token.id, token.name])),
  };
}

const fetchEvents = (orgId: string, before?: number) => api<{ events: AuditEvent[] }>('GET', `/orgs/${orgId}/audit-events?limit=${PAGE_SIZE}${before === undefined ? '' : `&before=${before}`}`);

export function AuditPage({ membership }: { membership: Membership }) {
  const orgId = membership.org.id;
  const audit = useResource<AuditState>(async () => {
    const [{ events }, lookups] = await Promise.all([fetchEvents(orgId), loadLookups(orgId)]);
    return { events, hasMore: events.length === PAGE_SIZE, lookups };
  }, orgId);
  const [isLoadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<string | undefined>();

  const loadMore = async () => {
    const current = audit.data;
    const oldest = current?.events[current.events.length - 1];
    if (!current || !oldest) return;
    setLoadingMore(true);
    setMoreError(undefined);
    try {
      const { events } = await fetchEvents(orgId, oldest.id);
      audit.setData({ ...current, events: [...current.events, ...events], hasMore: events.length === PAGE_SIZE });
    } catch (error) {
      setMoreError(messageOf(error));
    } finally {
      setLoadingMore(false);
    }
  };

  const days: { day: string; events: AuditEvent[] }[] = [];
  for (const event of audit.data?.events ?? []) {
    const day = formatDate(event.createdAt);
    const last = days[days.length - 1];
    if (last && last.day === day) last.events.push(event);
    else days.push({ day, events: [event] });
  }

  return (
    <Page title="Audit log" context={membership.org.name} lead={<p>Every decision and change in {membership.org.name}: members and tokens, principles, people and teams, initiatives and their stages, documents and reading decisions, hiring loops and vetoes, metrics and business reviews. Who did it and when, newest first. Entries cannot be edited or deleted.</p>}>
      {audit.isLoading && !audit.data && <LoadingNote label="Loading the audit log…" />}
      {audit.error && <ErrorNote message={audit.error} onRetry={audit.reload} />}
      {audit.data && audit.data.events.length === 0 && (
        <EmptyState title="Nothing recorded yet">
          <p>When someone invites a member, rewords a principle, moves an initiative, decides a reading, vetoes a hire or publishes a week, it shows here.</p>
        </EmptyState>
      )}
      {days.map(({ day, events }) => (
        <section key={day} className="audit-day" aria-label={day}>
          <h2 className="audit-day__title">{day}</h2>
          <ul className="audit-list">
            {events.map((event) => {
              const described = describeAuditEvent(event, audit.data!.lookups);
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
                    {new Date(event.createdAt).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })}
                  </time>
                </li>
              );
            })}
          </ul>
        </section>
      ))}
      {moreError && <ErrorNote message={moreError} />}
      {audit.data?.hasMore && (
        <div className="load-more">
          <Button onClick={() => void loadMore()} isBusy={isLoadingMore}>
            {isLoadingMore ? 'Loading…' : 'Load older entries'}
          </Button>
        </div>
      )}
      {audit.data && !audit.data.hasMore && audit.data.events.length > 0 && <p className="list-end">This is the beginning of the log.</p>}
    </Page>
  );
}
