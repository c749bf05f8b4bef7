import { ErrorNote, EmptyState, LoadingNote, Page } from '../../components/page.js';
import { api } from '../../lib/api-client.js';
import type { Membership } from '../../lib/api-types.js';
import { Link } from '../../lib/router.js';
import { useResource } from '../../lib/use-resource.js';
import type { OrgChartNode, Violation } from './people-types.js';
import { Panel } from '../../components/panel.js';
import './people.css';

/** Levels shown open at first; deeper ones open on demand, so a large org stays readable and light. */
const OPEN_LEVELS = 2;

function ChartBranch({ nodes, orgId, depth }: { nodes: readonly OrgChartNode[]; orgId: string; depth: number }) {
  return (
    <ul>
      {nodes.map((node) => {
        const reports = `${node.reports.length} direct report${node.reports.length === 1 ? '' : 's'}`;
        return (
          <li key={node.person.id}>
            <Link to={`/o/${orgId}/people/${node.person.id}`}>{node.person.name}</Link>
            <span className="org-tree__role">
              {node.person.role} · L{node.person.level}
            </span>
            {node.reports.length > 0 && (
              // The toggle is its own control next to the link: a link inside <summary> would nest two controls.
              <details open={depth < OPEN_LEVELS}>
                <summary className="org-tree__toggle">{reports}</summary>
                <ChartBranch nodes={node.reports} orgId={orgId} depth={depth + 1} />
              </details>
            )}
          </li>
        );
      })}
    </ul>
  );
}

/** The org chart (reporting lines) and the org-health list of single-threaded rules the data breaks. */
export function OrgChartPage({ membership }: { membership: Membership }) {
  const orgId = membership.org.id;
  const data = useResource(async (signal) => {
    const [{ roots }, { violations }] = await Promise.all([api<{ roots: OrgChartNode[] }>('GET', `/orgs/${orgId}/org-chart`, undefined, { signal }), api<{ violations: Violation[] }>('GET', `/orgs/${orgId}/org-health`, undefined, { signal })]);
    return { roots, violations };
  }, orgId);
  return (
    <Page title="Org chart" context={membership.org.name} lead={<p>Who reports to whom, and whether the org keeps single-threaded leadership: one leader 100% on each initiative, and single-threaded teams with no shared members.</p>}>
      {data.isLoading && !data.data && <LoadingNote label="Loading the org chart…" />}
      {data.error && <ErrorNote message={data.error} onRetry={data.reload} />}
      {data.data && (
        <>
          <Panel headingId="health-heading" title="Org health">
            {data.data.violations.length === 0 ? (
              <p>No single-threaded rule is broken. Changes that would break one are refused, naming the rule.</p>
            ) : (
              <>
                <p>
                  {data.data.violations.length} rule break{data.data.violations.length === 1 ? '' : 's'} in the data (usually from an import). Edits that leave them alone, reduce them or fix them are allowed; edits that add new ones or make one of these worse are refused.
                </p>
                <ul className="rule-list">
                  {data.data.violations.map((violation, index) => (
                    <li key={index}>
                      <code>{violation.rule}</code> — {violation.message} {violation.personId && <Link to={`/o/${orgId}/people/${violation.personId}`}>Open person</Link>}
                    </li>
                  ))}
                </ul>
              </>
            )}
          </Panel>
          <section aria-labelledby="chart-heading">
            <h2 id="chart-heading" className="section-title">
              Reporting lines
            </h2>
            {data.data.roots.length === 0 ? (
              <EmptyState title="No people yet" action={<Link to={`/o/${orgId}/people`}>Add or import people</Link>}>
                <p>Add people one by one or import a CSV of people and their managers; the chart draws itself from the reporting lines.</p>
              </EmptyState>
            ) : (
              <nav aria-label="Org chart" className="org-tree">
                <ChartBranch nodes={data.data.roots} orgId={orgId} depth={0} />
              </nav>
            )}
          </section>
        </>
      )}
    </Page>
  );
}
