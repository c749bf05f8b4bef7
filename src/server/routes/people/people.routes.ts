import { createRoute, z } from '@hono/zod-openapi';
import { archiveTeam, createInitiative, createTeam, deleteTeam, listInitiatives, listTeams, removeAllocation, restoreTeam, setAllocation, updateInitiative, updateTeam } from '../../../services/people/org-structure.service.js';
import { recordDeparture } from '../../../services/people/departure.service.js';
import { getTeamRecord } from '../../../services/people/team-record.service.js';
import { requireSignedIn } from '../../middleware/authentication.js';
import { exportPeopleCsv, importPeopleCsv } from '../../../services/people/people-import.service.js';
import { addSelfToOrgChart, createPerson, getOrgChart, getOrgHealth, getPerson, listPeople, updatePerson } from '../../../services/people/people.service.js';
import { orgScope } from '../../middleware/org-scope.js';
import { createRouter } from '../../router.js';
import { errorResponses, json, jsonBody, OrgParamsSchema } from '../common/common.schema.js';
import {
  AddSelfSchema,
  AllocationParamsSchema,
  CreateInitiativeSchema,
  CreatePersonSchema,
  CreateTeamSchema,
  TeamRecordSchema,
  DeleteTeamQuerySchema,
  DepartureSchema,
  ImportPeopleSchema,
  ImportSummarySchema,
  InitiativeParamsSchema,
  InitiativeSchema,
  ListPeopleQuerySchema,
  ListTeamsQuerySchema,
  OrgChartNodeSchema,
  PersonParamsSchema,
  PersonSchema,
  PersonSummarySchema,
  RemoveAllocationQuerySchema,
  SetAllocationSchema,
  TeamArchiveSchema,
  TeamParamsSchema,
  TeamSchema,
  UpdateInitiativeSchema,
  UpdatePersonSchema,
  UpdateTeamSchema,
  ViolationSchema,
} from './people.schema.js';

const tags = ['People'];
/** The stale-write check these edits share (see the `editToken` each record gives). */
/** `place`: where the route takes the token, as a refusal names it (a removal has no body: `?baseToken=`). */
const STALE_NOTE = (what: string, place: 'body' | 'query' = 'body') => `With \`${place === 'query' ? '?baseToken=' : 'baseToken'}\` (the ${what}'s \`editToken\` as you read it), a ${what} changed since is refused with 409 (\`field\` is \`${place}.baseToken\`, \`data.token\` the current token) and nothing is written; without it the change is not checked.`;
const ruleResponses = { ...errorResponses, 409: errorResponses[400], 422: { description: 'A single-threaded or reporting rule refuses the change; `rule` names it.', content: errorResponses[400].content } };

export const peopleRoutes = createRouter();
for (const prefix of ['people', 'org-chart', 'org-health', 'teams', 'initiatives', 'allocations']) {
  peopleRoutes.use(`/orgs/:orgId/${prefix}`, orgScope);
  peopleRoutes.use(`/orgs/:orgId/${prefix}/*`, orgScope);
}

peopleRoutes.openapi(
  createRoute({ method: 'get', path: '/orgs/{orgId}/people', tags, request: { params: OrgParamsSchema, query: ListPeopleQuerySchema }, responses: { 200: json(z.object({ people: z.array(PersonSummarySchema) }), 'Everyone in the org, by name (those who left only with includeLeft).'), ...errorResponses } }),
  async (c) => c.json({ people: await listPeople(c.get('deps').db, c.get('actor'), { includeLeft: c.req.valid('query').includeLeft === 'true' }) }, 200),
);

peopleRoutes.openapi(
  createRoute({ method: 'post', path: '/orgs/{orgId}/people', tags, request: { params: OrgParamsSchema, ...jsonBody(CreatePersonSchema) }, responses: { 201: json(z.object({ person: PersonSchema }), 'The new person.'), ...ruleResponses } }),
  async (c) => c.json({ person: await createPerson(c.get('deps').db, c.get('actor'), c.req.valid('json')) }, 201),
);

peopleRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/orgs/{orgId}/people/me',
    tags,
    description: 'Puts you on the org chart: a person with your account\'s name and email, linked to your login, with no manager yet. Any role may add themself, once: a second time answers 422 with rule `people.already_on_chart`; someone already on the chart with your email but not linked answers 409 with rule `people.email_on_chart`.',
    request: { params: OrgParamsSchema, ...jsonBody(AddSelfSchema) },
    responses: { 201: json(z.object({ person: PersonSchema }), 'You, on the org chart.'), ...ruleResponses },
  }),
  async (c) => c.json({ person: await addSelfToOrgChart(c.get('deps').db, c.get('actor'), c.req.valid('json')) }, 201),
);

// Registered before `/people/{personId}` so "export" and "import" are never read as ids.
peopleRoutes.openapi(
  createRoute({ method: 'get', path: '/orgs/{orgId}/people/export', tags, request: { params: OrgParamsSchema }, responses: { 200: json(z.object({ csv: z.string() }), 'Everyone as CSV, in the import format.'), ...errorResponses } }),
  async (c) => c.json({ csv: await exportPeopleCsv(c.get('deps').db, c.get('actor')) }, 200),
);

peopleRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/orgs/{orgId}/people/import',
    tags,
    description: 'All or nothing: any problem refuses the file with `invalid_data`. Every problem found in one attempt (unreadable rows, and the other rows checked against the org) is named by line and field, sorted by line: the first 100 in `data.errors`, how many in all in `data.total`.',
    request: { params: OrgParamsSchema, ...jsonBody(ImportPeopleSchema) },
    responses: { 200: json(ImportSummarySchema, 'What was imported, and the single-threaded rules the org now breaks.'), ...ruleResponses },
  }),
  async (c) => {
    const { csv, fileName } = c.req.valid('json');
    return c.json(await importPeopleCsv(c.get('deps').db, c.get('actor'), csv, fileName ?? 'people.csv'), 200);
  },
);

peopleRoutes.openapi(
  createRoute({ method: 'get', path: '/orgs/{orgId}/people/{personId}', tags, request: { params: PersonParamsSchema }, responses: { 200: json(z.object({ person: PersonSchema }), 'The person, with allocations.'), ...errorResponses } }),
  async (c) => c.json({ person: await getPerson(c.get('deps').db, c.get('actor'), c.req.valid('param').personId) }, 200),
);

peopleRoutes.openapi(
  createRoute({ method: 'patch', path: '/orgs/{orgId}/people/{personId}', tags, description: `Changes only the fields sent. ${STALE_NOTE('person')}`, request: { params: PersonParamsSchema, ...jsonBody(UpdatePersonSchema) }, responses: { 200: json(z.object({ person: PersonSchema }), 'The person after the change.'), ...ruleResponses } }),
  async (c) => c.json({ person: await updatePerson(c.get('deps').db, c.get('actor'), c.req.valid('param').personId, c.req.valid('json')) }, 200),
);

peopleRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/orgs/{orgId}/people/{personId}/departure',
    tags,
    description: 'Records that someone left the company: their reports move to the successor, their allocations and bar-raiser seat end, their login loses the org. Refused (`rule`) while they lead an initiative, hire for an open requisition or sit in an undecided loop.',
    request: { params: PersonParamsSchema, ...jsonBody(DepartureSchema) },
    responses: { 200: json(z.object({ person: PersonSchema, reportsMoved: z.number().int(), accessRevoked: z.boolean(), revokedUserId: z.string().nullable().openapi({ description: 'The login that lost the org, if any.' }), metricsHandedOver: z.number().int().openapi({ description: 'Catalog metrics they owned that the successor owns now.' }), decksHandedOver: z.number().int().openapi({ description: 'Business review decks they owned that the successor owns now.' }), anomaliesHandedOver: z.number().int().openapi({ description: 'Unresolved business review anomalies they owned that the successor owns now.' }), opportunitiesHandedOver: z.number().int().openapi({ description: 'Open sales opportunities (not won or lost) they owned that the successor owns now.' }), accountsHandedOver: z.number().int().openapi({ description: 'Accounts they owned (a strategic account always has one owner) that the successor owns now.' }) }), 'The person as they left, and what changed.'), ...ruleResponses },
  }),
  async (c) => {
    // A departure ends the person's login in the org and revokes their tokens: an access change, made by a person.
    requireSignedIn(c.get('auth'), 'record a departure (it ends that person\'s access)');
    const departed = await recordDeparture(c.get('deps').db, c.get('actor'), c.req.valid('param').personId, c.req.valid('json'));
    // This instance forgets their role and tokens now, not when its own change notice comes back (as a role change does).
    if (departed.revokedUserId !== null) c.get('deps').caches.apply({ topic: 'membership', orgId: c.get('actor').orgId, userId: departed.revokedUserId });
    return c.json(departed, 200);
  },
);

peopleRoutes.openapi(
  createRoute({ method: 'get', path: '/orgs/{orgId}/org-chart', tags, request: { params: OrgParamsSchema }, responses: { 200: json(z.object({ roots: z.array(OrgChartNodeSchema) }), 'The reporting lines as a forest.'), ...errorResponses } }),
  async (c) => c.json({ roots: await getOrgChart(c.get('deps').db, c.get('actor')) }, 200),
);

peopleRoutes.openapi(
  createRoute({ method: 'get', path: '/orgs/{orgId}/org-health', tags, request: { params: OrgParamsSchema }, responses: { 200: json(z.object({ violations: z.array(ViolationSchema) }), 'Single-threaded rules the data breaks now.'), ...errorResponses } }),
  async (c) => c.json({ violations: await getOrgHealth(c.get('deps').db, c.get('actor')) }, 200),
);

peopleRoutes.openapi(
  createRoute({ method: 'get', path: '/orgs/{orgId}/teams', tags, request: { params: OrgParamsSchema, query: ListTeamsQuerySchema }, responses: { 200: json(z.object({ teams: z.array(TeamSchema) }), 'Teams with their members, by name (archived ones only with includeArchived).'), ...errorResponses } }),
  async (c) => c.json({ teams: await listTeams(c.get('deps').db, c.get('actor'), { includeArchived: c.req.valid('query').includeArchived === 'true' }) }, 200),
);

peopleRoutes.openapi(
  createRoute({ method: 'post', path: '/orgs/{orgId}/teams', tags, request: { params: OrgParamsSchema, ...jsonBody(CreateTeamSchema) }, responses: { 201: json(z.object({ team: TeamSchema }), 'The new team.'), ...ruleResponses } }),
  async (c) => c.json({ team: await createTeam(c.get('deps').db, c.get('actor'), c.req.valid('json')) }, 201),
);

peopleRoutes.openapi(
  createRoute({ method: 'get', path: '/orgs/{orgId}/teams/{teamId}', tags, description: 'One team, read-only, archived or not: its members and their share, the initiative it works on and its leader, its open requisitions.', request: { params: TeamParamsSchema }, responses: { 200: json(z.object({ team: TeamRecordSchema }), 'The team.'), ...errorResponses } }),
  async (c) => c.json({ team: await getTeamRecord(c.get('deps').db, c.get('actor'), c.req.valid('param').teamId) }, 200),
);

peopleRoutes.openapi(
  createRoute({ method: 'patch', path: '/orgs/{orgId}/teams/{teamId}', tags, description: `Changes only the fields sent. ${STALE_NOTE('team')}`, request: { params: TeamParamsSchema, ...jsonBody(UpdateTeamSchema) }, responses: { 200: json(z.object({ team: TeamSchema }), 'The team after the change.'), ...ruleResponses } }),
  async (c) => c.json({ team: await updateTeam(c.get('deps').db, c.get('actor'), c.req.valid('param').teamId, c.req.valid('json')) }, 200),
);

peopleRoutes.openapi(
  createRoute({
    method: 'delete',
    path: '/orgs/{orgId}/teams/{teamId}',
    tags,
    description: `Deletes a team nothing depends on. Refused (422, \`field\` is \`param.teamId\`) while people are allocated to it (rule \`team.has_people\`: remove them first), while a requisition names it (\`team.has_requisitions\`: its hiring record keeps the team; archive it instead) or while it works on an initiative (\`team.works_on_initiative\`: set it to work on none first). ${STALE_NOTE('team', 'query')}`,
    request: { params: TeamParamsSchema, query: DeleteTeamQuerySchema },
    responses: { 204: { description: 'Deleted.' }, ...ruleResponses },
  }),
  async (c) => {
    await deleteTeam(c.get('deps').db, c.get('actor'), c.req.valid('param').teamId, c.req.valid('query').baseToken);
    return c.body(null, 204);
  },
);

peopleRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/orgs/{orgId}/teams/{teamId}/archive',
    tags,
    description: `Archives a team that is done: it keeps its requisitions, past initiatives and audit history, leaves the pickers and the default team list, and takes no new people, requisitions or initiatives (refused with rule \`team.archived\`) until restored. Refused (422, \`field\` is \`param.teamId\`) while people are allocated to it (\`team.has_people\`), while an open requisition is for it (\`team.has_open_requisition\`: close it first) or while it works on an active or paused initiative (\`team.works_on_initiative\`). An archived team is answered as it is. ${STALE_NOTE('team')}`,
    request: { params: TeamParamsSchema, ...jsonBody(TeamArchiveSchema) },
    responses: { 200: json(z.object({ team: TeamSchema }), 'The team, archived.'), ...ruleResponses },
  }),
  async (c) => c.json({ team: await archiveTeam(c.get('deps').db, c.get('actor'), c.req.valid('param').teamId, c.req.valid('json').baseToken) }, 200),
);

peopleRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/orgs/{orgId}/teams/{teamId}/restore',
    tags,
    description: `Brings an archived team back into use (the lists, the pickers, new people and work). A team in use is answered as it is. ${STALE_NOTE('team')}`,
    request: { params: TeamParamsSchema, ...jsonBody(TeamArchiveSchema) },
    responses: { 200: json(z.object({ team: TeamSchema }), 'The team, in use again.'), ...ruleResponses },
  }),
  async (c) => c.json({ team: await restoreTeam(c.get('deps').db, c.get('actor'), c.req.valid('param').teamId, c.req.valid('json').baseToken) }, 200),
);

peopleRoutes.openapi(
  createRoute({ method: 'get', path: '/orgs/{orgId}/initiatives', tags, request: { params: OrgParamsSchema }, responses: { 200: json(z.object({ initiatives: z.array(InitiativeSchema) }), 'Initiatives with their leader and people.'), ...errorResponses } }),
  async (c) => c.json({ initiatives: await listInitiatives(c.get('deps').db, c.get('actor')) }, 200),
);

peopleRoutes.openapi(
  createRoute({ method: 'post', path: '/orgs/{orgId}/initiatives', tags, request: { params: OrgParamsSchema, ...jsonBody(CreateInitiativeSchema) }, responses: { 201: json(z.object({ initiative: InitiativeSchema }), 'The new initiative.'), ...ruleResponses } }),
  async (c) => c.json({ initiative: await createInitiative(c.get('deps').db, c.get('actor'), c.req.valid('json')) }, 201),
);

peopleRoutes.openapi(
  createRoute({ method: 'patch', path: '/orgs/{orgId}/initiatives/{initiativeId}', tags, description: `Changes only the fields sent. ${STALE_NOTE('initiative')}`, request: { params: InitiativeParamsSchema, ...jsonBody(UpdateInitiativeSchema) }, responses: { 200: json(z.object({ initiative: InitiativeSchema }), 'The initiative after the change.'), ...ruleResponses } }),
  async (c) => c.json({ initiative: await updateInitiative(c.get('deps').db, c.get('actor'), c.req.valid('param').initiativeId, c.req.valid('json')) }, 200),
);

peopleRoutes.openapi(
  createRoute({
    method: 'put',
    path: '/orgs/{orgId}/allocations',
    tags,
    description: 'Sets the share of a person\'s time on one team or initiative. With `baseToken` (the person\'s `allocationsToken` as you read it), a change to any of their allocations since is refused with 409 (`field` is `body.baseToken`, `data.token` the current token) and nothing is written; without it the change is not checked.',
    request: { params: OrgParamsSchema, ...jsonBody(SetAllocationSchema) },
    responses: { 200: json(z.object({ id: z.string() }), 'The allocation.'), ...ruleResponses },
  }),
  async (c) => c.json(await setAllocation(c.get('deps').db, c.get('actor'), c.req.valid('json')), 200),
);

peopleRoutes.openapi(
  createRoute({
    method: 'delete',
    path: '/orgs/{orgId}/allocations/{allocationId}',
    tags,
    description: 'Removes one allocation. With `?baseToken=` (the allocation\'s `editToken` as you read it), one changed since is refused with 409 (`field` is `query.baseToken`, `data.token` the current token) and stays; one already removed answers 404.',
    request: { params: AllocationParamsSchema, query: RemoveAllocationQuerySchema },
    responses: { 204: { description: 'Removed.' }, ...ruleResponses },
  }),
  async (c) => {
    await removeAllocation(c.get('deps').db, c.get('actor'), c.req.valid('param').allocationId, c.req.valid('query').baseToken);
    return c.body(null, 204);
  },
);
