import { useEffect, useRef, useState } from 'react';
import { Link } from '../lib/router.js';

export interface ViewTab {
  key: string;
  label: string;
  to: string;
}

/** Which ends of the row of tabs have tabs scrolled out of sight, so the row can fade there and show there is more. */
type HiddenEnds = 'none' | 'start' | 'end' | 'both';

/** About the width of the fade at a scrolled row's ends (2.5rem in styles.css): a tab brought into sight clears it. */
const FADE_CLEARANCE_PX = 40;

/**
 * Scrolls the row, and only the row, so the tab is whole and clear of the fade. The browser's own scrolling on focus
 * leaves a tab that is partly in sight where it is, cut off; scrollIntoView would move the page too.
 */
function bringIntoSight(row: HTMLElement, tab: HTMLElement): void {
  const start = tab.offsetLeft;
  const end = tab.offsetLeft + tab.offsetWidth;
  // The browser keeps scrollLeft within the row, so the first and last tabs end up flush with its ends.
  if (start < row.scrollLeft + FADE_CLEARANCE_PX) row.scrollLeft = start - FADE_CLEARANCE_PX;
  else if (end > row.scrollLeft + row.clientWidth - FADE_CLEARANCE_PX) row.scrollLeft = end - row.clientWidth + FADE_CLEARANCE_PX;
}

function hiddenEndsOf(row: HTMLElement): HiddenEnds {
  // Half a pixel of slack: scroll positions are fractional on zoomed and high-density screens.
  const hasBefore = row.scrollLeft > 0.5;
  const hasAfter = row.scrollLeft + row.clientWidth < row.scrollWidth - 0.5;
  return hasBefore && hasAfter ? 'both' : hasBefore ? 'start' : hasAfter ? 'end' : 'none';
}

/**
 * Views of one thing (a document's write, review and history; the sales pipeline and its gross profit) as links in
 * a named navigation: each view has its own address, and the shown one says so with aria-current.
 *
 * The tabs stay on one row, as tabs read; where they do not fit (a phone), the row scrolls sideways inside itself
 * and fades at the end that has more. Each tab is a link, so Tab reaches every one, and a tab that takes the focus
 * is scrolled whole into sight, as the shown tab is when the page opens. With `wraps`, for a short set of views a
 * person moves between often (the sales section's), the tabs sit closer and go onto a second row rather than scroll,
 * so none is cut off at the screen's edge.
 */
export function ViewTabs({ label, tabs, current, wraps = false }: { label: string; tabs: readonly ViewTab[]; current: string | undefined; wraps?: boolean }) {
  const rowRef = useRef<HTMLUListElement>(null);
  const [hiddenEnds, setHiddenEnds] = useState<HiddenEnds>('none');

  useEffect(() => {
    const row = rowRef.current;
    const shown = row?.querySelector<HTMLElement>('[aria-current="page"]');
    if (row && shown) bringIntoSight(row, shown);
  }, [current]);

  useEffect(() => {
    const row = rowRef.current;
    if (!row) return;
    const update = () => setHiddenEnds(hiddenEndsOf(row));
    update();
    const resizes = new ResizeObserver(update);
    resizes.observe(row);
    row.addEventListener('scroll', update, { passive: true });
    return () => {
      resizes.disconnect();
      row.removeEventListener('scroll', update);
    };
  }, []);

  return (
    <nav aria-label={label}>
      <ul ref={rowRef} className={wraps ? 'view-tabs view-tabs--wraps' : 'view-tabs'} data-hidden-ends={hiddenEnds} onFocus={(event) => event.target instanceof HTMLElement && bringIntoSight(event.currentTarget, event.target)}>
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
