import { Component, Suspense, type ReactNode } from 'react';
import { PageCodeLoadError } from '../lib/lazy-page.js';
import { Button } from './button.js';

interface PageBoundaryProps {
  /**
   * The address shown, path and query: a new one clears a failure, so another page (or the same page at another query,
   * which may not fail as this one did) can be opened without reloading.
   */
  resetKey: string;
  /** What shows while a page's code is on its way. */
  fallback?: ReactNode;
  children: ReactNode;
}

interface PageBoundaryState {
  failure: 'code-missing' | 'crashed' | undefined;
  resetKey: string;
}

/**
 * Where pages load and fail: a page whose code is still downloading shows a quiet note (see {@link PageLoading}),
 * and one whose code could not be fetched (a deploy replaced its chunk, or the connection dropped) or that failed
 * while drawing says so with a way out, instead of leaving a blank screen. Inside the shell, the navigation stays.
 */
export class PageBoundary extends Component<PageBoundaryProps, PageBoundaryState> {
  override state: PageBoundaryState = { failure: undefined, resetKey: this.props.resetKey };

  static getDerivedStateFromError(error: unknown): Partial<PageBoundaryState> {
    return { failure: error instanceof PageCodeLoadError ? 'code-missing' : 'crashed' };
  }

  override componentDidCatch(error: unknown) {
    // The failure is on the screen: the page's next visit (a new address) fetches its code again, as after a dropped
    // connection it may now arrive.
    if (error instanceof PageCodeLoadError) error.retryOnNextVisit();
  }

  static getDerivedStateFromProps(props: PageBoundaryProps, state: PageBoundaryState): Partial<PageBoundaryState> | null {
    return props.resetKey === state.resetKey ? null : { failure: undefined, resetKey: props.resetKey };
  }

  override render() {
    const { failure } = this.state;
    if (failure) return <PageFailure isCodeMissing={failure === 'code-missing'} />;
    return <Suspense fallback={this.props.fallback ?? <PageLoading />}>{this.props.children}</Suspense>;
  }
}

/**
 * Shown while a page's code downloads. Usually that takes less time than the note's delay, so nothing flashes;
 * it stays invisible (and out of the accessibility tree) until then, and takes no more room than a line.
 */
export function PageLoading() {
  return (
    <p className="loading-note loading-note--after-a-moment" role="status">
      Loading…
    </p>
  );
}

function PageFailure({ isCodeMissing }: { isCodeMissing: boolean }) {
  return (
    <div className="empty-state page-failure" role="alert">
      <h1 className="empty-state__title">{isCodeMissing ? 'Pulse was updated' : 'This page ran into a problem'}</h1>
      <p className="empty-state__text">
        {isCodeMissing
          ? 'This page could not be loaded, most likely because a newer version of Pulse was installed since you opened it (or the connection dropped). Reload to continue; what you saved is kept.'
          : 'Something went wrong while showing this page. Reloading usually fixes it; what you saved is kept.'}
      </p>
      <div className="empty-state__action">
        <Button variant="primary" onClick={() => window.location.reload()}>
          Reload Pulse
        </Button>
      </div>
    </div>
  );
}
