import { Link } from '../lib/router.js';

export interface ViewTab {
  key: string;
  label: string;
  to: string;
}

/**
 * Views of one thing (a document's write, review and history; the sales pipeline and its gross profit) as links in
 * a named navigation: each view has its own address, and the shown one says so with aria-current.
 */
export function ViewTabs({ label, tabs, current }: { label: string; tabs: readonly ViewTab[]; current: string | undefined }) {
  return (
    <nav aria-label={label}>
      <ul className="view-tabs">
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
