import { z } from '@hono/zod-openapi';
import { INITIATIVE_STAGES } from '../../../domain/initiatives/stages.js';
import { INITIATIVE_STATUSES, PEOPLE_LIMITS } from '../../../domain/people/people-rules.js';
import { STL_RULES } from '../../../domain/people/single-threaded-rules.js';
import { baseToken, EmailInput, OrgParamsSchema, storableDate, Uuid } from '../common/common.schema.js';

const pathId = (name: string) => Uuid.openapi({ param: { name, in: 'path' } });
export const PersonParamsSchema = OrgParamsSchema.extend({ personId: pathId('personId') });
export const TeamParamsSchema = OrgParamsSchema.extend({ teamId: pathId('teamId') });
export const InitiativeParamsSchema = OrgParamsSchema.extend({ initiativeId: pathId('initiativeId') });
export const AllocationParamsSchema = OrgParamsSchema.extend({ allocationId: pathId('allocationId') });
export const RemoveAllocationQuerySchema = z.object({ baseToken: baseToken('allocation', 'editToken') });
export const DeleteTeamQuerySchema = z.object({ baseToken: baseToken('team', 'editToken') });
export const ListTeamsQuerySchema = z.object({
  includeArchived: z.enum(['true', 'false']).optional().openapi({ description: 'Also list the archived teams (each with its `archivedAt`).' }),
});
export const TeamArchiveSchema = z.strictObject({ baseToken: baseToken('team', 'editToken') }).openapi('TeamArchive');

export const PersonSummarySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    email: z.string(),
    role: z.string(),
    level: z.number().int(),
    managerId: z.string().nullable(),
    dottedLineManagerId: z.string().nullable(),
    userId: z.string().nullable(),
    leftOn: z.string().nullable().openapi({ description: 'The day they left the company (YYYY-MM-DD); null while they are here.' }),
  })
  .openapi('PersonSummary');

export const ListPeopleQuerySchema = z.object({
  includeLeft: z.enum(['true', 'false']).optional().openapi({ description: 'Also list the people who left the company.' }),
});

export const DepartureSchema = z
  .strictObject({
    leftOn: storableDate('2026-11-30').openapi({ description: 'Their last day: today or earlier, where today is the newest day anywhere (at UTC+14), so a reader ahead of UTC may record their own today.' }),
    successorId: Uuid.nullable().optional().openapi({ description: 'Who their reports report to from now on; by default their own manager, null for nobody.' }),
  })
  .openapi('Departure');

/** What the web app and scripts send back as `baseToken`, so a change made from a stale read is refused, not written over. */
const editToken = (what: string) => z.string().openapi({ description: `Send it back as \`baseToken\` when changing the ${what}: if it was changed since you read it, the change is refused (409).` });

export const PersonSchema = PersonSummarySchema.extend({
  editToken: editToken('person'),
  allocationsToken: z.string().openapi({ description: 'Send it back as `baseToken` when setting one of their allocations: if any of theirs was set or removed since you read them, the change is refused (409).' }),
  allocations: z.array(z.object({ id: z.string(), teamId: z.string().nullable(), initiativeId: z.string().nullable(), targetName: z.string(), percent: z.number().int(), editToken: z.string().openapi({ description: 'Send it back as `baseToken` when removing it: if its percent changed since you read it, the removal is refused (409).' }) })),
  leads: z.array(z.object({ id: z.string(), name: z.string(), status: z.string(), stage: z.enum(INITIATIVE_STAGES) })),
  metricsOwned: z.array(z.object({ id: z.string(), name: z.string(), kind: z.enum(['input', 'output']), controllable: z.boolean() })).openapi({ description: 'The catalog metrics they own.' }),
  anomaliesToAnswer: z
    .array(z.object({ id: z.string(), deckId: z.string(), deckName: z.string(), metric: z.string(), status: z.enum(['open', 'explained']), firstWeekEnding: z.string() }))
    .openapi({ description: 'Business review anomalies they own that are not resolved, oldest first.' }),
  openDeals: z
    .array(z.object({ id: z.string(), accountName: z.string(), name: z.string(), stage: z.enum(['discovery', 'solution', 'proposal']) }))
    .openapi({ description: 'Their open sales opportunities (not won or lost), by account; empty for a role that does not see sales.' }),
}).openapi('Person');

export const name = z.string().trim().min(1, 'must not be empty').max(PEOPLE_LIMITS.nameMaxLength, `must be at most ${PEOPLE_LIMITS.nameMaxLength} characters`);
const role = z.string().trim().min(1, 'must not be empty').max(PEOPLE_LIMITS.roleMaxLength, `must be at most ${PEOPLE_LIMITS.roleMaxLength} characters`);
const level = z.number().int('must be a whole number').min(PEOPLE_LIMITS.minLevel, `must be at least ${PEOPLE_LIMITS.minLevel}`).max(PEOPLE_LIMITS.maxLevel, `must be at most ${PEOPLE_LIMITS.maxLevel}`);
const email = EmailInput;

export const CreatePersonSchema = z
  .strictObject({
    name,
    email,
    role,
    level,
    managerId: Uuid.nullable().optional(),
    dottedLineManagerId: Uuid.nullable().optional(),
    userId: Uuid.nullable().optional().openapi({ description: 'The login of a member to link; by default a member with the same email is linked.' }),
  })
  .openapi('CreatePerson');

export const AddSelfSchema = z
  .strictObject({
    role: role.openapi({ description: 'Your role, as the org chart shows it (Founder, Engineer, Recruiter…).' }),
    level: level.openapi({ description: `Your level, ${PEOPLE_LIMITS.minLevel} to ${PEOPLE_LIMITS.maxLevel}.` }),
  })
  .openapi('AddSelf');

export const UpdatePersonSchema = CreatePersonSchema.partial().extend({ baseToken: baseToken('person', 'editToken') }).openapi('UpdatePerson');

export const ImportPeopleSchema = z
  .strictObject({
    csv: z.string().min(1, 'must not be empty').max(5_000_000, 'must be at most 5 MB'),
    fileName: z.string().max(200).optional(),
  })
  .openapi('ImportPeople');

export const ViolationSchema = z
  .object({
    rule: z.enum(Object.keys(STL_RULES) as [keyof typeof STL_RULES, ...(keyof typeof STL_RULES)[]]),
    message: z.string(),
    personId: z.string().optional(),
    teamId: z.string().optional(),
    initiativeId: z.string().optional(),
  })
  .openapi('OrgViolation');

export const ImportSummarySchema = z.object({ created: z.number().int(), updated: z.number().int(), teamsCreated: z.number().int(), violations: z.array(ViolationSchema) }).openapi('ImportSummary');

const OrgChartPersonSchema = z.object({ id: z.string(), name: z.string(), role: z.string(), level: z.number().int(), managerId: z.string().nullable() });
export interface OrgChartNodeShape {
  person: z.infer<typeof OrgChartPersonSchema>;
  reports: OrgChartNodeShape[];
}
export const OrgChartNodeSchema: z.ZodType<OrgChartNodeShape> = z
  .object({
    person: OrgChartPersonSchema,
    get reports() {
      return z.array(OrgChartNodeSchema);
    },
  })
  .openapi('OrgChartNode');

const MemberSchema = z.object({
  personId: z.string(),
  name: z.string(),
  percent: z.number().int(),
  allocationId: z.string().openapi({ description: 'The allocation that puts them here: `DELETE …/allocations/{allocationId}` removes them.' }),
  editToken: z.string().openapi({ description: 'The allocation\'s token: send it as `?baseToken=` when removing it; a share changed since refuses the removal (409).' }),
});
const InitiativeTeamMemberSchema = MemberSchema.extend({ teamId: z.string(), teamName: z.string() });

export const TeamSchema = z
  .object({ id: z.string(), name: z.string(), isSingleThreaded: z.boolean(), initiativeId: z.string().nullable(), members: z.array(MemberSchema), archivedAt: z.string().nullable().openapi({ description: 'When it was archived; null while in use.' }), editToken: editToken('team') })
  .openapi('Team');

const PersonRef = z.object({ id: z.string(), name: z.string() });
export const TeamRecordSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    isSingleThreaded: z.boolean(),
    archivedAt: z.string().nullable().openapi({ description: 'When it was archived; null while in use.' }),
    initiative: z.object({ id: z.string(), name: z.string(), stage: z.enum(INITIATIVE_STAGES), status: z.enum(INITIATIVE_STATUSES) }).nullable().openapi({ description: 'The initiative it works on (for an archived team, the last one); null for none.' }),
    leader: PersonRef.nullable().openapi({ description: 'The single-threaded leader of its initiative: a team is led by the leader of what it builds. Null without one.' }),
    members: z.array(z.object({ personId: z.string(), name: z.string(), role: z.string(), percent: z.number().int() })),
    openRequisitions: z.array(z.object({ id: z.string(), role: z.string(), level: z.number().int(), hiringManager: PersonRef })).nullable().openapi({ description: 'Its open requisitions, newest first; null for a role that may not read hiring.' }),
  })
  .openapi('TeamRecord');

export const CreateTeamSchema = z.strictObject({ name, isSingleThreaded: z.boolean().default(false), initiativeId: Uuid.nullable().optional() }).openapi('CreateTeam');
export const UpdateTeamSchema = z.strictObject({ name: name.optional(), isSingleThreaded: z.boolean().optional(), initiativeId: Uuid.nullable().optional(), baseToken: baseToken('team', 'editToken') }).openapi('UpdateTeam');

export const InitiativeSchema = z
  .object({ id: z.string(), name: z.string(), status: z.enum(INITIATIVE_STATUSES), stage: z.enum(INITIATIVE_STAGES), stl: z.object({ id: z.string(), name: z.string() }).nullable(),
    members: z.array(MemberSchema).openapi({ description: 'People allocated to the initiative itself (its leader among them).' }),
    teams: z.array(z.object({ id: z.string(), name: z.string(), isSingleThreaded: z.boolean() })).openapi({ description: 'The teams set to work on it.' }),
    teamMembers: z.array(InitiativeTeamMemberSchema).openapi({ description: 'The people of those teams, team by team: who works on it besides `members`.' }),
    editToken: editToken('initiative') })
  .openapi('Initiative');

export const CreateInitiativeSchema = z
  .strictObject({
    name,
    status: z.enum(INITIATIVE_STATUSES).default('active'),
    stage: z.enum(INITIATIVE_STAGES, { message: `must be one of ${INITIATIVE_STAGES.join(', ')}` }).default('idea').openapi({ description: 'Where it starts in the pipeline: `idea` for a new one; a later stage records work that was under way before Pulse (the gates are not checked, the audit log says so).' }),
    stlPersonId: Uuid.nullable().openapi({ description: 'The single-threaded leader; they are allocated 100% to the initiative in the same change.' }),
  })
  .openapi('CreateInitiative');
export const UpdateInitiativeSchema = z.strictObject({ name: name.optional(), status: z.enum(INITIATIVE_STATUSES).optional(), stlPersonId: Uuid.nullable().optional(), baseToken: baseToken('initiative', 'editToken') }).openapi('UpdateInitiative');

export const SetAllocationSchema = z
  .strictObject({
    personId: Uuid,
    teamId: Uuid.nullable().optional(),
    initiativeId: Uuid.nullable().optional(),
    percent: z.number().int('must be a whole number').min(1, 'must be at least 1').max(100, 'must be at most 100'),
    baseToken: baseToken('person\'s allocations', 'allocationsToken'),
  })
  .openapi('SetAllocation');
