import { createElement, lazy, useState, type ComponentType, type FunctionComponent } from 'react';

/**
 * A page's code could not be fetched: after a deploy the tab still asks for the old hashed chunk, which is gone,
 * or the connection dropped. Marked at the loader so the error boundary need not guess from browser wording.
 */
export class PageCodeLoadError extends Error {
  /**
   * Lets the page's next visit fetch its code again. Called by the boundary once the failure is on the screen, not
   * sooner: the render that shows it must still meet the failure, or a page with no connection would retry in a loop.
   */
  readonly retryOnNextVisit: () => void;

  constructor(cause: unknown, retryOnNextVisit: () => void) {
    super('The page\'s code could not be loaded.', { cause });
    this.name = 'PageCodeLoadError';
    this.retryOnNextVisit = retryOnNextVisit;
  }
}

export type LazyPage<Props> = FunctionComponent<Props> & {
  /** Starts fetching the page's chunk now (e.g. while the session is still loading), without rendering it. */
  preload(): void;
};

/**
 * A page loaded on first use, so a visit downloads only the pages it opens. `load` is an `import()` of the page's
 * module (Vite makes each one a chunk); the fetch is shared by `preload` and the first render. A failed fetch is not
 * kept: after a dropped connection, the page opened again (from elsewhere, or at another query) fetches its code anew
 * without reloading Pulse (a browser that still keeps failed modules, as the HTML standard said until 2024, fails
 * again). A deploy's missing chunk stays missing, and the boundary says so again: reloading fixes that.
 *
 * Once the code is there the page renders at once: `React.lazy` alone would suspend on every first mount, even of code
 * already fetched, and show its loading state for a frame. Each mount keeps the way it started, since swapping the
 * component under a mounted page would remount it and lose what was typed.
 */
export function lazyPage<Props extends object, Name extends string>(load: () => Promise<{ [key in Name]: ComponentType<Props> }>, name: Name): LazyPage<Props> {
  let loaded: ComponentType<Props> | undefined;
  let loading: Promise<{ default: ComponentType<Props> }> | undefined;
  const loadOnce = () =>
    (loading ??= load().then(
      (module) => {
        loaded = module[name];
        return { default: module[name] };
      },
      (cause: unknown) => {
        loading = undefined;
        // React.lazy keeps its failure and throws it on every render after: a fresh one for the next visit.
        throw new PageCodeLoadError(cause, () => {
          LoadingPage = lazy(loadOnce);
        });
      },
    ));
  let LoadingPage = lazy(loadOnce);
  function LazyPage(props: Props) {
    const [LoadedPage] = useState(() => loaded);
    return LoadedPage ? createElement(LoadedPage, props) : createElement(LoadingPage, props);
  }
  LazyPage.displayName = name;
  return Object.assign(LazyPage, {
    preload() {
      // A failure here surfaces where the page renders; a preload has no one to tell.
      loadOnce().catch(() => undefined);
    },
  });
}
