import type { KeyboardEvent } from 'react';
import { Link } from '../lib/router.js';

export interface ViewTab {
  key: string;
  label: string;
  to: string;
}

/** The keys that move the focus along the row, as in a row of tabs, and where each takes it. */
const ARROW_MOVES: Record<string, (index: number, count: number) => number> = {
  ArrowRight: (index, count) => (index + 1) % count,
  ArrowLeft: (index, count) => (index - 1 + count) % count,
  Home: () => 0,
  End: (_, count) => count - 1,
};

/** Left and Right move the focus to the next or previous tab (round the ends), Home and End to the first or last. */
function moveFocusAlong(event: KeyboardEvent<HTMLUListElement>): void {
  const move = ARROW_MOVES[event.key];
  if (!move || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
  const links = [...event.currentTarget.querySelectorAll<HTMLAnchorElement>('a')];
  const index = links.findIndex((link) => link === document.activeElement);
  if (index === -1) return;
  event.preventDefault();
  links[move(index, links.length)]?.focus();
}

/**
 * Views of one thing (a document's write, review and history; the sales section's; the kinds of a search's results) as
 * links in a named navigation: each view has its own address, and the shown one says so with aria-current.
 *
 * Every tab is always in sight: where they do not fit on one row (a phone), the tabs sit closer and go on to a second
 * row. A row that scrolled sideways inside itself hid its last tabs, and people did not find them. Each tab is a link,
 * so Tab reaches every one; the arrow keys also move along the row, as in tabs.
 */
export function ViewTabs({ label, tabs, current }: { label: string; tabs: readonly ViewTab[]; current: string | undefined }) {
  return (
    <nav aria-label={label}>
      <ul className="view-tabs" onKeyDown={moveFocusAlong}>
        {tabs.map((tab) => (
          <li key={tab.key}>
            <Link to={tab.to} aria-current={tab.key === current ? 'page' : undefined}>
              {tab.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
