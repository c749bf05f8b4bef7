import { useEffect, useId, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import { Dialog } from '../components/dialog.js';
import { SearchResultBody } from '../components/search-result.js';
import { Link, navigate } from '../lib/router.js';
import type { Membership } from '../lib/api-types.js';
import { countAll, groupByKind, isApplePlatform, KIND_LABELS, kindsInWords, resultCountText, searchableKinds, searchPageHref, searchResultHref } from '../lib/search.js';
import { useSearch } from '../lib/use-search.js';
import { isTyping } from './keyboard-shortcuts.js';

/** Results the dialog shows at most: enough to pick from; the results page has the rest. */
const DIALOG_LIMIT = 20;
/** Typing must pause this long before a request goes, so "launch" costs one request, not six. */
const TYPING_PAUSE_MS = 150;

/**
 * Ctrl-K (⌘-K on a Mac) opens the search even while typing in a field, as in most apps that have one; `/` opens it
 * only when the key would not type a slash. Neither is taken while another dialog is open: a second modal over an
 * unfinished form would hide it. With the search already open, Ctrl-K selects its query again.
 */
export function useSearchShortcut(isEnabled: boolean, isOpen: boolean, open: () => void): void {
  useEffect(() => {
    if (!isEnabled) return;
    const onKeyDown = (event: globalThis.KeyboardEvent) => {
      const isCommandK = (event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey && event.key.toLowerCase() === 'k';
      const isSlash = event.key === '/' && !event.ctrlKey && !event.metaKey && !event.altKey && !isTyping(event.target);
      if (!isCommandK && !isSlash) return;
      if (isOpen) {
        if (!isCommandK) return;
        event.preventDefault();
        const input = document.querySelector<HTMLInputElement>('.search-dialog__input');
        input?.focus();
        input?.select();
        return;
      }
      if (document.querySelector('dialog[open]')) return;
      event.preventDefault();
      open();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [isEnabled, isOpen, open]);
}

/** The shortcut as this computer's keyboard names it. */
export function searchShortcutLabel(): string {
  return isApplePlatform() ? '⌘K' : 'Ctrl K';
}

interface SearchDialogProps {
  membership: Membership;
  isOpen: boolean;
  onClose(): void;
}

interface Option {
  key: string;
  href: string;
}

/**
 * Finds anything in the org by name or text: a combobox (the caret stays in the field; the arrow keys move the active
 * row, which aria-activedescendant names) over a listbox of results grouped by kind. Each row is a real link, so a
 * middle click or Ctrl/⌘-click opens it in a new tab; Ctrl/⌘-Enter does the same from the keyboard.
 */
export function SearchDialog({ membership, isOpen, onClose }: SearchDialogProps) {
  const orgId = membership.org.id;
  const [query, setQuery] = useState('');
  const [activeIndex, setActiveIndex] = useState(0);
  const inputRef = useRef<HTMLInputElement>(null);
  // The page chosen, visited once the dialog has closed: the dialog hands focus back to its opener when it closes,
  // and that must come before the new page puts the focus on its heading.
  const chosenHref = useRef<string | undefined>(undefined);
  const baseId = useId();
  const listboxId = `${baseId}-results`;
  // Closed, the dialog searches nothing: a request still on its way is cancelled (useSearch), the query kept for next time.
  const search = useSearch(orgId, isOpen ? query : '', { debounceMs: TYPING_PAUSE_MS, limit: DIALOG_LIMIT });
  const trimmed = query.trim();
  const results = trimmed === '' ? [] : (search.response?.results ?? []);
  const groups = groupByKind(results);
  const options: Option[] = groups.flatMap((group) => group.results.map((result) => ({ key: `${result.kind}:${result.id}`, href: searchResultHref(orgId, result) })));
  const seeAllHref = searchPageHref(orgId, search.answeredQuery || trimmed);
  if (results.length > 0) options.push({ key: 'see-all', href: seeAllHref });
  const active = options.length === 0 ? -1 : Math.min(activeIndex, options.length - 1);
  const optionId = (index: number) => `${baseId}-option-${index}`;

  useEffect(() => {
    if (isOpen) {
      // The dialog has just opened (its own effect ran first) and focused its first button: the field comes first.
      inputRef.current?.focus();
      inputRef.current?.select();
      return;
    }
    const href = chosenHref.current;
    chosenHref.current = undefined;
    if (href) navigate(href);
  }, [isOpen]);

  // A new answer starts at its first row.
  useEffect(() => setActiveIndex(0), [search.response]);

  useEffect(() => {
    if (active >= 0) document.getElementById(optionId(active))?.scrollIntoView({ block: 'nearest' });
    // optionId depends on baseId alone, which never changes.
  }, [active]);

  const choose = (href: string) => {
    chosenHref.current = href;
    onClose();
  };
  const openInNewTab = (href: string) => window.open(href, '_blank', 'noopener');

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (options.length === 0) return;
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActiveIndex((active + step + options.length) % options.length);
      return;
    }
    if (event.key === 'Enter' && !event.nativeEvent.isComposing) {
      event.preventDefault();
      // The rows shown may answer what was typed before (the answer to the latest words is on its way): Enter then
      // opens the results page for what is typed now, never a row picked for an older query.
      const isAnswered = search.answeredQuery === trimmed;
      const option = isAnswered ? options[active] : undefined;
      const href = option?.href ?? (trimmed === '' ? undefined : searchPageHref(orgId, trimmed));
      if (!href) return;
      if (event.ctrlKey || event.metaKey) openInNewTab(href);
      else choose(href);
    }
  };

  const onOptionClick = (event: MouseEvent<HTMLAnchorElement>, href: string) => {
    // Modified clicks are the browser's (a new tab or window); a plain click opens the page here.
    if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    choose(href);
  };

  let status: string;
  if (trimmed === '') status = '';
  else if (search.failure) status = '';
  else if (search.isLoading && !search.response) status = 'Searching…';
  else if (search.response && results.length === 0) status = search.isLoading ? 'Searching…' : `Nothing found for “${search.answeredQuery}”.`;
  else if (search.response) status = resultCountText(search.response.results.length, countAll(search.response.counts));
  else status = '';

  let optionIndex = 0;
  return (
    <Dialog title="Search" isOpen={isOpen} onClose={onClose}>
      <div className="search-dialog">
        <div className="search-dialog__field">
          <label className="visually-hidden" htmlFor={`${baseId}-input`}>
            Search {membership.org.name}
          </label>
          <input
            ref={inputRef}
            id={`${baseId}-input`}
            className="input search-dialog__input"
            type="text"
            role="combobox"
            aria-expanded={results.length > 0}
            aria-controls={listboxId}
            aria-autocomplete="list"
            aria-activedescendant={active >= 0 ? optionId(active) : undefined}
            aria-describedby={`${baseId}-keys`}
            autoComplete="off"
            autoCapitalize="off"
            spellCheck={false}
            enterKeyHint="go"
            placeholder="Documents, initiatives, people, metrics, deals…"
            value={query}
            onChange={(event) => setQuery(event.target.value)}
            onKeyDown={onKeyDown}
          />
        </div>
        <p className="search-dialog__status" role="status">
          {status}
        </p>
        {trimmed === '' && (
          <p className="search-dialog__hint">
            Type a few letters of a title or a name, or words from the text. You can find {kindsInWords(searchableKinds(membership))}: whatever you may see.
          </p>
        )}
        {trimmed !== '' && search.failure && (
          <p className={search.failure.kind === 'too-long' ? 'search-dialog__hint' : 'search-dialog__error'} role="alert">
            {search.failure.message}
          </p>
        )}
        <div role="listbox" id={listboxId} aria-label="Results" className="search-options" hidden={results.length === 0}>
          {groups.map((group) => (
            <div role="group" key={group.kind} aria-labelledby={`${baseId}-group-${group.kind}`} className="search-options__group">
              <div role="presentation" id={`${baseId}-group-${group.kind}`} className="search-options__heading">
                {KIND_LABELS[group.kind].many}
              </div>
              {group.results.map((result) => {
                const index = optionIndex++;
                const href = options[index]!.href;
                return (
                  <Link
                    key={options[index]!.key}
                    to={href}
                    id={optionId(index)}
                    role="option"
                    tabIndex={-1}
                    aria-selected={index === active}
                    className="search-option"
                    onMouseMove={() => index !== active && setActiveIndex(index)}
                    onClick={(event) => onOptionClick(event, href)}
                  >
                    <SearchResultBody result={result} />
                  </Link>
                );
              })}
            </div>
          ))}
          {results.length > 0 && (
            <Link
              to={seeAllHref}
              id={optionId(options.length - 1)}
              role="option"
              tabIndex={-1}
              aria-selected={active === options.length - 1}
              className="search-option search-option--all"
              onMouseMove={() => active !== options.length - 1 && setActiveIndex(options.length - 1)}
              onClick={(event) => onOptionClick(event, seeAllHref)}
            >
              See all results for “{search.answeredQuery}”
            </Link>
          )}
        </div>
        <p className="search-dialog__keys" id={`${baseId}-keys`}>
          <kbd>↑</kbd> <kbd>↓</kbd> to move, <kbd>Enter</kbd> to open, <kbd>{isApplePlatform() ? '⌘' : 'Ctrl'}</kbd> + <kbd>Enter</kbd> for a new tab, <kbd>Esc</kbd> to close
        </p>
      </div>
    </Dialog>
  );
}
