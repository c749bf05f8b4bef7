import { useEffect, useId, useState } from 'react';
import { Button } from '../components/button.js';
import { ErrorNote, LoadingNote, Page } from '../components/page.js';
import { SearchResultBody } from '../components/search-result.js';
import { ViewTabs, type ViewTab } from '../components/view-tabs.js';
import type { Membership } from '../lib/api-types.js';
import { Link, navigate, useLocation } from '../lib/router.js';
import { countAll, groupByKind, isSearchKind, KIND_LABELS, resultCountText, RESULTS_PAGE_LIMIT, SEARCH_KINDS, searchPageHref, searchResultHref, type SearchKind, type SearchResult } from '../lib/search.js';
import { useSearch } from '../lib/use-search.js';
import { searchShortcutLabel } from '../shell/search-dialog.js';

/**
 * Every result for a query, up to the API's 50, narrowed by kind. The query and the kind live in the address
 * (`?q=…&kind=…`), so a search can be shared, bookmarked and reloaded.
 */
export function SearchPage({ membership }: { membership: Membership }) {
  const orgId = membership.org.id;
  const { search } = useLocation();
  const query = (search.get('q') ?? '').trim();
  const kinds = search.getAll('kind').filter(isSearchKind);
  const [draft, setDraft] = useState(query);
  const fieldId = useId();
  // Back and forward change the address under the page: the field follows it.
  useEffect(() => setDraft(query), [query]);

  const found = useSearch(orgId, query, { debounceMs: 0, kinds, limit: RESULTS_PAGE_LIMIT });
  // Narrowed to a kind, the answer counts that kind only; the filter still shows every kind's count, so ask for those too.
  const everyKind = useSearch(orgId, kinds.length > 0 ? query : '', { debounceMs: 0, limit: 1 });
  const counts = (kinds.length > 0 ? everyKind.response?.counts : found.response?.counts) ?? {};
  const total = countAll(counts);

  const tabs: ViewTab[] = [
    { key: 'all', label: `All (${total})`, to: searchPageHref(orgId, query) },
    ...SEARCH_KINDS.filter((kind) => (counts[kind] ?? 0) > 0 || kinds.includes(kind)).map((kind) => ({
      key: kind,
      label: `${KIND_LABELS[kind].many} (${counts[kind] ?? 0})`,
      to: searchPageHref(orgId, query, [kind]),
    })),
  ];
  const currentTab = kinds.length === 0 ? 'all' : kinds.length === 1 ? kinds[0] : undefined;
  const response = found.response && found.answeredQuery === query && found.answeredKinds === kinds.join(',') ? found.response : undefined;
  const shownTotal = kinds.length === 0 ? total : kinds.reduce((sum, kind) => sum + (counts[kind] ?? 0), 0);

  return (
    <Page title="Search" context={membership.org.name} lead={<p>Find anything in {membership.org.name} you may see, by its name or by words in it. On any page, {searchShortcutLabel()} or / opens the search.</p>}>
      <form
        role="search"
        aria-label={`Search ${membership.org.name}`}
        className="form form--inline search-page__form"
        onSubmit={(event) => {
          event.preventDefault();
          navigate(searchPageHref(orgId, draft.trim(), kinds));
        }}
      >
        <div className="field search-page__field">
          <label className="field__label" htmlFor={fieldId}>
            Search for
          </label>
          <input id={fieldId} className="input" type="search" name="q" autoComplete="off" spellCheck={false} value={draft} onChange={(event) => setDraft(event.target.value)} />
        </div>
        <Button type="submit" variant="primary" className="form__inline-submit">
          Search
        </Button>
      </form>

      {query === '' && <p className="section-lead">Type a few letters of a title or a name, or words from a document, and press Enter.</p>}
      {query !== '' && found.failure && !found.isLoading && (found.failure.kind === 'too-long' ? <p className="section-lead" role="alert">{found.failure.message}</p> : <ErrorNote message={found.failure.message} onRetry={found.retry} />)}
      {query !== '' && !found.failure && !response && <LoadingNote label="Searching…" />}
      {query !== '' && response && (
        <>
          <ViewTabs label="Kinds of result" tabs={tabs} current={currentTab} />
          <div role="status">
            <h2 className="section-title search-page__count">
              {response.results.length === 0 ? `Nothing found for “${response.query}”` : `${resultCountText(response.results.length, shownTotal)} for “${response.query}”`}
            </h2>
          </div>
          {response.results.length === 0 && kinds.length > 0 && total > 0 && <p className="section-lead">Other kinds have results: choose All above.</p>}
          {response.results.length < shownTotal && <p className="section-lead">Only the best {response.results.length} are shown: choose a kind above, or add a word to narrow the search.</p>}
          {groupByKind(response.results).map((group) => (
            <ResultGroupSection key={group.kind} orgId={orgId} kind={group.kind} results={group.results} />
          ))}
        </>
      )}
    </Page>
  );
}

function ResultGroupSection({ orgId, kind, results }: { orgId: string; kind: SearchKind; results: SearchResult[] }) {
  const headingId = useId();
  return (
    <section className="search-page__group" aria-labelledby={headingId}>
      <h3 id={headingId} className="search-page__group-title">
        {KIND_LABELS[kind].many}
      </h3>
      <ul className="search-page__results">
        {results.map((result) => (
          <li key={`${result.kind}:${result.id}`}>
            <Link to={searchResultHref(orgId, result)} className="search-result">
              <SearchResultBody result={result} />
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
