import { EmptyState, ErrorNote, LoadingNote, Page } from '../components/page.js';
import { WordDiffView } from '../components/word-diff-view.js';
import { api } from '../lib/api-client.js';
import type { Membership, Principle, PrincipleVersion } from '../lib/api-types.js';
import { formatDateTime } from '../lib/format.js';
import { Link } from '../lib/router.js';
import { useResource } from '../lib/use-resource.js';

interface History {
  principle: Principle;
  versions: PrincipleVersion[];
}

/** Every wording a principle has had, newest first, each with who saved it and what changed. */
export function PrincipleHistoryPage({ membership, principleId }: { membership: Membership; principleId: string }) {
  const orgId = membership.org.id;
  const history = useResource<History>(async (signal) => {
    const [{ principle }, { versions }] = await Promise.all([
      api<{ principle: Principle }>('GET', `/orgs/${orgId}/principles/${principleId}`, undefined, { signal }),
      api<{ versions: PrincipleVersion[] }>('GET', `/orgs/${orgId}/principles/${principleId}/versions`, undefined, { signal }),
    ]);
    return { principle, versions };
  }, `${orgId}/${principleId}`);

  const back = (
    <Link to={`/o/${orgId}/principles`} className="back-link">
      ← All principles
    </Link>
  );

  if (!history.data) {
    return (
      <Page title="Principle history" context={membership.org.name} lead={back}>
        {history.isLoading ? <LoadingNote /> : <ErrorNote message={history.error ?? 'The principle could not be loaded.'} onRetry={history.reload} />}
      </Page>
    );
  }

  const { principle, versions } = history.data;
  return (
    <Page
      title={principle.title}
      context={membership.org.name}
      lead={
        <>
          {back}
          <p>
            {principle.status === 'retired' ? <span className="badge badge--leading badge--muted">Retired</span> : <span className="badge badge--leading">Active</span>} Version {principle.version} is current. Earlier wordings stay here for
            the records that cite them.
          </p>
        </>
      }
    >
      {versions.length === 0 ? (
        <EmptyState title="No versions">
          <p>This principle has no saved wording yet.</p>
        </EmptyState>
      ) : (
        <ol className="versions" aria-label="Versions, newest first">
          {versions.map((version, index) => {
            const previous = versions[index + 1];
            const isCurrent = version.version === principle.version;
            return (
              <li key={version.version} className="version">
                <header className="version__header">
                  <h2 className="version__title">
                    Version {version.version}
                    {isCurrent && <span className="badge">Current</span>}
                  </h2>
                  <p className="version__meta">
                    {version.createdBy ? `Saved by ${version.createdBy.name}` : 'From the default set'} · <time dateTime={version.createdAt}>{formatDateTime(version.createdAt)}</time>
                  </p>
                </header>
                <div className="version__wording">
                  <p className="version__wording-title">{version.title}</p>
                  <p>{version.summary}</p>
                </div>
                {previous ? (
                  <div className="version__diff">
                    <h3 className="version__diff-title">Changes from version {previous.version}</h3>
                    {previous.title !== version.title && (
                      <p>
                        <span className="version__diff-label">Title: </span>
                        <WordDiffView before={previous.title} after={version.title} />
                      </p>
                    )}
                    {previous.summary !== version.summary ? (
                      <p>
                        <span className="version__diff-label">Meaning: </span>
                        <WordDiffView before={previous.summary} after={version.summary} />
                      </p>
                    ) : (
                      <p className="version__diff-none">The meaning did not change.</p>
                    )}
                  </div>
                ) : (
                  <p className="version__first">The first wording.</p>
                )}
              </li>
            );
          })}
        </ol>
      )}
    </Page>
  );
}
