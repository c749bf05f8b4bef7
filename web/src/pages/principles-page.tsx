import { useRef, useState } from 'react';
import { Button } from '../components/button.js';
import { NEW_ITEM_MARK } from '../components/panel.js';
import { EmptyState, ErrorNote, LoadingNote, Page } from '../components/page.js';
import { api, messageOf } from '../lib/api-client.js';
import type { Membership, Principle } from '../lib/api-types.js';
import { Link } from '../lib/router.js';
import { isStaleWriteRefusal } from '../lib/stale-draft.js';
import { useResource } from '../lib/use-resource.js';
import { hasPermission } from '../shell/sections.js';
import { principlesOrderToken } from '../../../src/domain/principles/principle-rules.js';
import { PrincipleEditor } from './principle-editor.js';
import { principlesChangeNote } from './principles-changes.js';

type EditorState = { isOpen: false } | { isOpen: true; principle: Principle | undefined };

/** Puts keyboard focus back on the moved principle's button, or its twin when the item reached an end. */
function refocusMoveButton(principleId: string, direction: 'up' | 'down') {
  requestAnimationFrame(() => {
    const preferred = document.getElementById(`move-${direction}-${principleId}`) as HTMLButtonElement | null;
    const other = document.getElementById(`move-${direction === 'up' ? 'down' : 'up'}-${principleId}`) as HTMLButtonElement | null;
    (preferred && !preferred.disabled ? preferred : other)?.focus();
  });
}

export function PrinciplesPage({ membership }: { membership: Membership }) {
  const orgId = membership.org.id;
  const canManage = hasPermission(membership, 'principles.manage');
  const principles = useResource(async (signal) => (await api<{ principles: Principle[] }>('GET', `/orgs/${orgId}/principles?includeRetired=true`, undefined, { signal })).principles, orgId);
  const [editor, setEditor] = useState<EditorState>({ isOpen: false });
  const isBusy = useRef(false);
  const [actionError, setActionError] = useState<string | undefined>();
  const [announcement, setAnnouncement] = useState('');

  const all = principles.data ?? [];
  const active = all.filter((principle) => principle.status === 'active');
  const retired = all.filter((principle) => principle.status === 'retired');

  const replace = (updated: Principle) => principles.setData((current = []) => (current.some((item) => item.id === updated.id) ? current.map((item) => (item.id === updated.id ? updated : item)) : [...current, updated]));

  const runAction = async (action: () => Promise<void>) => {
    // Buttons stay enabled while a change runs (disabling the focused one would drop keyboard focus); a press during a change is ignored here.
    if (isBusy.current) return;
    isBusy.current = true;
    setActionError(undefined);
    const read = all;
    try {
      await action();
    } catch (error) {
      if (isStaleWriteRefusal(error) || isStaleWriteRefusal(error, 'baseUpdatedAt')) {
        // A colleague changed the list first: theirs is read and shown, and what they changed is named.
        try {
          const latest = (await api<{ principles: Principle[] }>('GET', `/orgs/${orgId}/principles?includeRetired=true`)).principles;
          principles.setData(latest);
          setActionError(principlesChangeNote(read, latest));
        } catch (failure) {
          setActionError(messageOf(failure));
          principles.reload();
        }
      } else {
        setActionError(messageOf(error));
        principles.reload();
      }
    } finally {
      isBusy.current = false;
    }
  };

  const move = (principle: Principle, direction: 'up' | 'down') =>
    runAction(async () => {
      const index = active.findIndex((item) => item.id === principle.id);
      const target = direction === 'up' ? index - 1 : index + 1;
      if (index < 0 || target < 0 || target >= active.length) return;
      const reordered = [...active];
      [reordered[index], reordered[target]] = [reordered[target]!, reordered[index]!];
      // The server wants every principle of the org, retired ones included, in the new order, with the order this
      // page read: one a colleague changed meanwhile is refused rather than written over.
      const ids = [...reordered, ...retired].map((item) => item.id);
      const baseToken = principlesOrderToken(all);
      principles.setData([...reordered, ...retired]);
      refocusMoveButton(principle.id, direction);
      const answer = await api<{ principles: Principle[] }>('PUT', `/orgs/${orgId}/principles/order`, { ids, baseToken });
      principles.setData(answer.principles);
      setAnnouncement(`${principle.title} moved to position ${target + 1} of ${active.length}.`);
      refocusMoveButton(principle.id, direction);
    });

  const setStatus = (principle: Principle, action: 'retire' | 'restore') =>
    runAction(async () => {
      // With the principle as this page shows it: one a colleague reworded, retired or restored meanwhile stays as they left it.
      const answer = await api<{ principle: Principle }>('POST', `/orgs/${orgId}/principles/${principle.id}/${action}?baseUpdatedAt=${encodeURIComponent(principle.updatedAt)}`, {});
      replace(answer.principle);
      setAnnouncement(`${principle.title} ${action === 'retire' ? 'retired' : 'restored'}.`);
    });

  return (
    <Page
      title="Leadership principles"
      context={membership.org.name}
      lead={
        <p>
          The shared vocabulary of {membership.org.name}. Interviews, reviews and promotion cases are judged against these principles by name, and every wording is kept, so a record always shows the exact words it
          was judged by.
        </p>
      }
      actions={
        canManage && (
          <Button variant="primary" onClick={() => setEditor({ isOpen: true, principle: undefined })} {...NEW_ITEM_MARK}>
            Add a principle
          </Button>
        )
      }
    >
      <p className="visually-hidden" role="status">
        {announcement}
      </p>
      {actionError && <ErrorNote message={actionError} />}
      {principles.isLoading && !principles.data && <LoadingNote label="Loading the principles…" />}
      {principles.error && <ErrorNote message={principles.error} onRetry={principles.reload} />}
      {principles.data && active.length === 0 && (
        <EmptyState
          title="No active principles"
          action={
            canManage && (
              <Button variant="primary" onClick={() => setEditor({ isOpen: true, principle: undefined })}>
                Write the first principle
              </Button>
            )
          }
        >
          <p>
            Principles say how people here decide when nobody is there to ask. A good one is a short name and a sentence or two that an interviewer can hold a story against: “Ownership: act for the whole company,
            for the long term”.
          </p>
          {!canManage && <p>An admin of this org writes them.</p>}
        </EmptyState>
      )}
      {active.length > 0 && (
        <ol className="principle-list" aria-label="Active principles">
          {active.map((principle, index) => (
            <li key={principle.id} className="principle">
              <span className="principle__number" aria-hidden="true">
                {index + 1}
              </span>
              <div className="principle__text">
                <h2 className="principle__title">{principle.title}</h2>
                <p className="principle__summary">{principle.summary}</p>
                <div className="principle__meta">
                  <Link to={`/o/${orgId}/principles/${principle.id}`} className="principle__history">
                    History<span className="visually-hidden"> of {principle.title}</span>
                    {principle.version > 1 && ` · ${principle.version} versions`}
                  </Link>
                </div>
              </div>
              {canManage && (
                <div className="principle__actions" role="group" aria-label={`Actions for ${principle.title}`}>
                  <Button size="small" variant="quiet" onClick={() => setEditor({ isOpen: true, principle })} aria-label={`Edit ${principle.title}`}>
                    Edit
                  </Button>
                  <Button id={`move-up-${principle.id}`} size="small" variant="quiet" disabled={index === 0} onClick={() => void move(principle, 'up')} aria-label={`Move ${principle.title} up`}>
                    ↑
                  </Button>
                  <Button
                    id={`move-down-${principle.id}`}
                    size="small"
                    variant="quiet"
                    disabled={index === active.length - 1}
                    onClick={() => void move(principle, 'down')}
                    aria-label={`Move ${principle.title} down`}
                  >
                    ↓
                  </Button>
                  <Button size="small" variant="quiet" onClick={() => void setStatus(principle, 'retire')} aria-label={`Retire ${principle.title}`}>
                    Retire
                  </Button>
                </div>
              )}
            </li>
          ))}
        </ol>
      )}
      {retired.length > 0 && (
        <section className="retired" aria-labelledby="retired-heading">
          <h2 id="retired-heading" className="section-title">
            Retired principles
          </h2>
          <p className="section-lead">No longer used for new records. Older interviews and reviews that cite them still show their words.</p>
          <ul className="principle-list principle-list--retired">
            {retired.map((principle) => (
              <li key={principle.id} className="principle principle--retired">
                <div className="principle__text">
                  <h3 className="principle__title">{principle.title}</h3>
                  <p className="principle__summary">{principle.summary}</p>
                  <div className="principle__meta">
                    <Link to={`/o/${orgId}/principles/${principle.id}`}>
                      History<span className="visually-hidden"> of {principle.title}</span>
                    </Link>
                  </div>
                </div>
                {canManage && (
                  <div className="principle__actions">
                    <Button size="small" variant="quiet" onClick={() => void setStatus(principle, 'restore')} aria-label={`Restore ${principle.title}`}>
                      Restore
                    </Button>
                  </div>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
      <PrincipleEditor
        orgId={orgId}
        isOpen={editor.isOpen}
        principle={editor.isOpen ? editor.principle : undefined}
        onClose={() => setEditor({ isOpen: false })}
        onSaved={(saved) => {
          replace(saved);
          setEditor({ isOpen: false });
          setAnnouncement(`${saved.title} saved (version ${saved.version}).`);
        }}
      />
    </Page>
  );
}
