import type { ReactNode } from 'react';

/** Marks a page's new-item form (see `Panel`); the `n` shortcut goes to the element `NEW_ITEM_SELECTOR` finds. */
export const NEW_ITEM_MARK = { 'data-new-item': '' } as const;
export const NEW_ITEM_SELECTOR = '[data-new-item]';

/**
 * A titled panel: a section named by its heading, so screen readers announce what the panel is for. `isNewItemForm`
 * marks the form that starts the page's main new item (an idea, a deal, a deck): the `n` shortcut goes to it.
 */
export function Panel({ headingId, title, children, isNewItemForm = false }: { headingId: string; title: ReactNode; children: ReactNode; isNewItemForm?: boolean }) {
  return (
    <section className="panel" aria-labelledby={headingId} {...(isNewItemForm && NEW_ITEM_MARK)}>
      <h2 id={headingId} className="panel__title">
        {title}
      </h2>
      {children}
    </section>
  );
}
