import { useState } from 'react';
import { filterPlaybooks, isMechanism, MECHANISM_KEYS, MECHANISMS } from '../../../../src/domain/playbooks/playbook-catalog.js';
import { Button } from '../../components/button.js';
import { SelectField, TextField } from '../../components/field.js';
import { ErrorNote, LoadingNote, Page } from '../../components/page.js';
import type { Membership } from '../../lib/api-types.js';
import { Link, navigate, useLocation } from '../../lib/router.js';
import { useResource } from '../../lib/use-resource.js';
import { helpfulText, lengthText, playbookPath, playbooksApi, viewsText } from './playbooks-api.js';
import './playbooks.css';

const MECHANISM_OPTIONS = [{ value: '', label: 'All mechanisms' }, ...MECHANISM_KEYS.map((key) => ({ value: key, label: MECHANISMS[key] }))];

/** The library: every playbook Pulse ships, filtered as the reader types (the list is short, so it is filtered here). */
export function PlaybooksPage({ membership }: { membership: Membership }) {
  const orgId = membership.org.id;
  const { search } = useLocation();
  const [query, setQuery] = useState(() => search.get('q') ?? '');
  const [mechanism, setMechanism] = useState(() => search.get('mechanism') ?? '');
  const playbooks = useResource((signal) => playbooksApi(orgId).list(signal), orgId);

  // The filters live in the address too (replaced, not pushed), so a filtered list can be shared or reloaded.
  const applyFilters = (next: { query: string; mechanism: string }) => {
    setQuery(next.query);
    setMechanism(next.mechanism);
    const params = new URLSearchParams(Object.entries({ q: next.query, mechanism: next.mechanism }).filter(([, value]) => value.trim() !== ''));
    navigate(`/o/${orgId}/playbooks${params.size > 0 ? `?${params.toString()}` : ''}`, { replace: true });
  };
  const isFiltered = query.trim() !== '' || mechanism !== '';
  const shown = playbooks.data ? filterPlaybooks(playbooks.data, { mechanism: isMechanism(mechanism) ? mechanism : undefined, query }) : [];

  return (
    <Page title="Playbooks" context={membership.org.name} lead="How to run each mechanism well: the steps, the traps, a worked example, and a button into the tool where you apply it. Written by the Pulse team.">
      <form className="form form--inline playbook-filters" role="search" aria-label="Filter the playbooks" onSubmit={(event) => event.preventDefault()}>
        <TextField label="Search titles and summaries" name="q" type="search" value={query} onChange={(event) => applyFilters({ query: event.target.value, mechanism })} autoComplete="off" />
        <SelectField label="Mechanism" name="mechanism" value={mechanism} options={MECHANISM_OPTIONS} onChange={(value) => applyFilters({ query, mechanism: value })} />
        {isFiltered && (
          <Button variant="quiet" className="form__inline-submit" onClick={() => applyFilters({ query: '', mechanism: '' })}>
            Clear filters
          </Button>
        )}
      </form>
      {playbooks.isLoading && !playbooks.data && <LoadingNote label="Loading the library…" />}
      {playbooks.error && <ErrorNote message={playbooks.error} onRetry={playbooks.reload} />}
      {playbooks.data && (
        <>
          <p className="section-lead playbook-count" role="status">
            {shown.length === playbooks.data.length ? `${shown.length} playbooks` : shown.length === 0 ? 'No playbook matches the filters.' : `${shown.length} of ${playbooks.data.length} playbooks match the filters`}
          </p>
          <ul className="playbook-list" aria-label="Playbooks">
            {shown.map((playbook) => {
              const helpful = helpfulText(playbook.helpful);
              return (
                <li key={playbook.slug} className="playbook-card">
                  <h2 className="playbook-card__title">
                    <Link to={playbookPath(orgId, playbook.slug)}>{playbook.title}</Link>
                  </h2>
                  <p className="playbook-card__summary">{playbook.summary}</p>
                  <p className="playbook-card__meta">
                    <span className="playbook-card__mechanism">{MECHANISMS[playbook.mechanism]}</span> · {lengthText(playbook)} · {viewsText(playbook.views)}
                    {helpful && ` · ${helpful}`}
                  </p>
                </li>
              );
            })}
          </ul>
        </>
      )}
    </Page>
  );
}
