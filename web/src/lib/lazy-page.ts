import { createElement, lazy, useState, type ComponentType, type FunctionComponent } from 'react';

/**
 * A page's code could not be fetched: after a deploy the tab still asks for the old hashed chunk, which is gone,
 * or the connection dropped. Marked at the loader so the error boundary need not guess from browser wording.
 */
export class PageCodeLoadError extends Error {
  constructor(cause: unknown) {
    super('The page\'s code could not be loaded.', { cause });
    this.name = 'PageCodeLoadError';
  }
}

export type LazyPage<Props> = FunctionComponent<Props> & {
  /** Starts fetching the page's chunk now (e.g. while the session is still loading), without rendering it. */
  preload(): void;
};

/**
 * A page loaded on first use, so a visit downloads only the pages it opens. `load` is an `import()` of the page's
 * module (Vite makes each one a chunk); the fetch is shared by `preload` and the first render, and a failed fetch
 * stays failed until the page is reloaded, which is what fixes it.
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
        throw new PageCodeLoadError(cause);
      },
    ));
  const LoadingPage = lazy(loadOnce);
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
