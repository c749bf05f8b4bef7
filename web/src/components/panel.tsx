import type { ReactNode } from 'react';

/** A titled panel: a section named by its heading, so screen readers announce what the panel is for. */
export function Panel({ headingId, title, children }: { headingId: string; title: ReactNode; children: ReactNode }) {
  return (
    <section className="panel" aria-labelledby={headingId}>
      <h2 id={headingId} className="panel__title">
        {title}
      </h2>
      {children}
    </section>
  );
}
