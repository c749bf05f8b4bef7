import { useEffect, useRef, type ReactNode } from 'react';

interface PageProps {
  title: string;
  /** Words after the title in the browser tab, e.g. the org name. */
  context?: string | undefined;
  lead?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
}

/**
 * A page with its heading. The heading takes focus when the page opens, so keyboard and screen-reader
 * users start at the new content after a client-side navigation, as they would after a page load.
 */
export function Page({ title, context, lead, actions, children }: PageProps) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = context ? `${title} · ${context} · Pulse` : `${title} · Pulse`;
  }, [title, context]);
  useEffect(() => {
    headingRef.current?.focus({ preventScroll: true });
  }, []);
  return (
    <div className="page">
      <header className="page__header">
        <div className="page__heading">
          <h1 ref={headingRef} tabIndex={-1} className="page__title">
            {title}
          </h1>
          {lead && <div className="page__lead">{lead}</div>}
        </div>
        {actions && <div className="page__actions">{actions}</div>}
      </header>
      {children}
    </div>
  );
}

/**
 * The open page's heading (the `h1` that {@link Page} draws), where the keyboard goes after a confirmed action took its
 * opener away or moved it: a screen reader then starts again from the page's name, not from the top of the document.
 * For a `focusAfterConfirm`: `focusAfterConfirm={pageHeading}`.
 */
export function pageHeading(): HTMLElement | null {
  return document.querySelector<HTMLElement>('.page__title') ?? document.querySelector('h1');
}

export function EmptyState({ title, children, action }: { title: string; children: ReactNode; action?: ReactNode }) {
  return (
    <section className="empty-state" aria-label={title}>
      <h2 className="empty-state__title">{title}</h2>
      <div className="empty-state__text">{children}</div>
      {action && <div className="empty-state__action">{action}</div>}
    </section>
  );
}

export function LoadingNote({ label = 'Loading…' }: { label?: string }) {
  return (
    <p className="loading-note" role="status">
      {label}
    </p>
  );
}

export function ErrorNote({ message, onRetry }: { message: string; onRetry?: () => void }) {
  return (
    <div className="error-note" role="alert">
      <p>{message}</p>
      {onRetry && (
        <button type="button" className="button button--secondary button--small" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}
