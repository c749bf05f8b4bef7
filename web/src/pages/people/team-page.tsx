import type { z } from '@hono/zod-openapi';
import type { TeamRecordSchema } from '../../../../src/server/routes/people/people.schema.js';
import { DataTable } from '../../components/data-table.js';
import { ErrorNote, LoadingNote, Page } from '../../components/page.js';
import { api } from '../../lib/api-client.js';
import type { Membership } from '../../lib/api-types.js';
import { formatDate } from '../../lib/format.js';
import { Link } from '../../lib/router.js';
import { useResource } from '../../lib/use-resource.js';
import { STAGE_LABELS } from '../pipeline/pipeline-types.js';
import '../pipeline/pipeline.css';
import './people.css';

// The same schema the server answers with, so a renamed field is a type error here.
type TeamRecord = z.infer<typeof TeamRecordSchema>;

/**
 * One team, read-only, for anyone in the org: who is on it and with how much of their time, what it works on and
 * who leads that, and whom it is hiring. Changes are made on Teams & initiatives, where the rules answer.
 */
export function TeamPage({ membership, teamId }: { membership: Membership; teamId: string }) {
  const orgId = membership.org.id;
  const data = useResource((signal) => api<{ team: TeamRecord }>('GET', `/orgs/${orgId}/teams/${teamId}`, undefined, { signal }), `${orgId}/${teamId}`);
  const team = data.data?.team;
  if (data.isLoading && !team) return <LoadingNote label="Loading the team…" />;
  if (data.error || !team) return <ErrorNote message={data.error ?? 'Not found.'} onRetry={data.reload} />;
  return (
    <Page
      title={team.name}
      context={membership.org.name}
      lead={
        <p>
          {team.isSingleThreaded ? 'Single-threaded team' : 'Team'}
          {team.archivedAt !== null && <span className="badge">Archived on {formatDate(team.archivedAt)}: it takes no people or new work until restored</span>}
        </p>
      }
      actions={<Link to={`/o/${orgId}/teams?team=${team.id}`}>Teams &amp; initiatives</Link>}
    >
      <dl className="facts">
        <dt>{team.archivedAt === null ? 'Works on' : 'Last worked on'}</dt>
        <dd>
          {team.initiative ? (
            <>
              <Link to={`/o/${orgId}/pipeline/${team.initiative.id}`}>{team.initiative.name}</Link> <span className="table__muted">({STAGE_LABELS[team.initiative.stage].toLowerCase()}{team.initiative.status === 'active' ? '' : `, ${team.initiative.status}`})</span>
            </>
          ) : (
            <span className="table__muted">no initiative</span>
          )}
        </dd>
        <dt>Led by</dt>
        <dd>{team.leader ? <Link to={`/o/${orgId}/people/${team.leader.id}`}>{team.leader.name}</Link> : <span className="table__muted">{team.initiative ? 'its initiative has no single-threaded leader yet' : 'nobody: it leads through the initiative it works on'}</span>}</dd>
      </dl>
      <section aria-labelledby="team-members-heading">
        <h2 id="team-members-heading" className="section-title">
          Members ({team.members.length})
        </h2>
        {team.members.length === 0 ? (
          <p className="section-lead">Nobody is allocated to it{team.archivedAt === null ? '.' : ': an archived team keeps no people.'}</p>
        ) : (
          <DataTable columns={['Person', 'Role', 'Time on this team']}>
            {team.members.map((member) => (
              <tr key={member.personId}>
                <td>
                  <Link to={`/o/${orgId}/people/${member.personId}`}>{member.name}</Link>
                </td>
                <td>{member.role}</td>
                <td>{member.percent}%</td>
              </tr>
            ))}
          </DataTable>
        )}
      </section>
      {team.openRequisitions !== null && (
        <section aria-labelledby="team-hiring-heading">
          <h2 id="team-hiring-heading" className="section-title">
            Open requisitions
          </h2>
          {team.openRequisitions.length === 0 ? (
            <p className="section-lead">It is not hiring.</p>
          ) : (
            <DataTable columns={['Role', 'Level', 'Hiring manager']}>
              {team.openRequisitions.map((requisition) => (
                <tr key={requisition.id}>
                  <td>
                    <Link to={`/o/${orgId}/hiring/${requisition.id}`}>{requisition.role}</Link>
                  </td>
                  <td>L{requisition.level}</td>
                  <td>
                    <Link to={`/o/${orgId}/people/${requisition.hiringManager.id}`}>{requisition.hiringManager.name}</Link>
                  </td>
                </tr>
              ))}
            </DataTable>
          )}
        </section>
      )}
    </Page>
  );
}
