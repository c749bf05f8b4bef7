import { AUDIT_ACTIONS } from '../../../src/domain/audit/audit-actions.js';
import { formatDay } from '../../../src/domain/dates.js';
import { stageLabel } from '../../../src/domain/initiatives/pipeline-rules.js';
import { INITIATIVE_STAGES, type InitiativeStage } from '../../../src/domain/initiatives/stages.js';

/** Names the audit page already knows, so a description says "Ownership" rather than an id. */
export interface AuditLookups {
  principleTitles: ReadonlyMap<string, string>;
  memberNames: ReadonlyMap<string, string>;
  tokenNames: ReadonlyMap<string, string>;
}

export interface AuditEventLike {
  action: string;
  subjectId: string | null;
  data: Record<string, unknown>;
}

export interface AuditDescription {
  /** What the actor did, to follow their name: "edited the principle “Ownership” (version 1 → 2)". */
  text: string;
  /** The principle the event is about, when there is one to link to. */
  principleId?: string;
}

const quoted = (name: string) => `“${name}”`;

function stringField(data: Record<string, unknown>, key: string): string | undefined {
  const value = data[key];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function wordingTitle(value: unknown): string | undefined {
  if (value && typeof value === 'object' && 'title' in value && typeof value.title === 'string') return value.title;
  return undefined;
}

/** A sentence for one audit event; unknown actions fall back to the action's name so nothing is hidden. */
export function describeAuditEvent(event: AuditEventLike, lookups: AuditLookups): AuditDescription {
  const { data, subjectId } = event;
  const principleTitle = (subjectId && lookups.principleTitles.get(subjectId)) || stringField(data, 'title') || wordingTitle(data.after);
  const principle = (verb: string): AuditDescription => ({
    text: principleTitle ? `${verb} the principle ${quoted(principleTitle)}` : `${verb} a principle`,
    ...(subjectId && { principleId: subjectId }),
  });

  switch (event.action) {
    case 'org.created':
      return { text: stringField(data, 'name') ? `created the org ${quoted(stringField(data, 'name')!)}` : AUDIT_ACTIONS['org.created'] };
    case 'account.owner_changed': {
      const name = stringField(data, 'name');
      const owner = stringField(data, 'toOwnerName');
      if (!name) return { text: AUDIT_ACTIONS[event.action] };
      if (data.reason === 'departure') return { text: `handed the account ${quoted(name)} to a successor when its owner left` };
      return { text: owner ? `made ${owner} the owner of the account ${quoted(name)}` : `left the account ${quoted(name)} without an owner` };
    }
    case 'account.strategic_changed': {
      const name = stringField(data, 'name');
      if (!name) return { text: AUDIT_ACTIONS[event.action] };
      return { text: data.isStrategic === true ? `made the account ${quoted(name)} strategic` : `made the account ${quoted(name)} no longer strategic` };
    }
    case 'org.imported': {
      const exportedAt = stringField(data, 'exportedAt');
      return { text: exportedAt ? `imported the org from an export made on ${formatDay(new Date(exportedAt))}` : AUDIT_ACTIONS['org.imported'] };
    }
    case 'member.invited': {
      const email = stringField(data, 'email');
      const role = stringField(data, 'role');
      return { text: email ? `invited ${email}${role ? ` as ${role}` : ''}` : AUDIT_ACTIONS['member.invited'] };
    }
    case 'member.invitation_revoked': {
      const email = stringField(data, 'email');
      return { text: email ? `revoked the invitation for ${email}` : AUDIT_ACTIONS['member.invitation_revoked'] };
    }
    case 'member.invitation_resent': {
      const email = stringField(data, 'email');
      return { text: email ? `sent a new invitation link to ${email}${data.wasExpired === true ? ' (the previous one had expired)' : ''}` : AUDIT_ACTIONS['member.invitation_resent'] };
    }
    case 'member.joined': {
      const role = stringField(data, 'role');
      return { text: role ? `joined the org as ${role}` : AUDIT_ACTIONS['member.joined'] };
    }
    case 'member.removed': {
      const name = stringField(data, 'name') ?? ((subjectId && lookups.memberNames.get(subjectId)) || undefined);
      return { text: name ? `removed ${name} from the org` : AUDIT_ACTIONS['member.removed'] };
    }
    case 'member.role_changed': {
      const name = (subjectId && lookups.memberNames.get(subjectId)) || 'a member';
      const from = stringField(data, 'from');
      const to = stringField(data, 'to');
      return { text: from && to ? `changed ${name}’s role from ${from} to ${to}` : `changed ${name}’s role` };
    }
    case 'api_token.created':
    case 'api_token.revoked': {
      const verb = event.action === 'api_token.created' ? 'created' : 'revoked';
      const name = stringField(data, 'name') ?? (subjectId ? lookups.tokenNames.get(subjectId) : undefined);
      return { text: name ? `${verb} the API token ${quoted(name)}` : `${verb} an API token` };
    }
    case 'principle.created':
      return principle('added');
    case 'principle.edited': {
      const before = wordingTitle(data.before);
      const after = wordingTitle(data.after);
      const fromVersion = data.fromVersion;
      const toVersion = data.toVersion;
      const versions = typeof fromVersion === 'number' && typeof toVersion === 'number' ? ` (version ${fromVersion} → ${toVersion})` : '';
      if (before && after && before !== after) return { text: `renamed the principle ${quoted(before)} to ${quoted(after)}${versions}`, ...(subjectId && { principleId: subjectId }) };
      const described = principle('edited');
      return { ...described, text: `${described.text}${versions}` };
    }
    case 'principle.retired':
      return principle('retired');
    case 'principle.restored':
      return principle('restored');
    case 'metric.created':
    case 'metric.updated':
    case 'metric.deleted': {
      const verb = { 'metric.created': 'added', 'metric.updated': 'changed', 'metric.deleted': 'deleted' }[event.action];
      const name = stringField(data, 'name');
      // An owner change is worth saying: the metric now answers to someone else.
      const handedOver = event.action === 'metric.updated' && typeof data.toOwnerPersonId === 'string' ? ' and handed it to a new owner' : '';
      return { text: name ? `${verb} the metric ${quoted(name)}${handedOver}` : AUDIT_ACTIONS[event.action] };
    }
    case 'initiative.stage_changed': {
      const name = stringField(data, 'name');
      const from = stringField(data, 'from');
      const to = stringField(data, 'to');
      const reason = stringField(data, 'reason');
      if (!from || !to) return { text: AUDIT_ACTIONS['initiative.stage_changed'] };
      const what = name ? `the initiative ${quoted(name)}` : 'an initiative';
      const stage = (value: string) => ((INITIATIVE_STAGES as readonly string[]).includes(value) ? stageLabel(value as InitiativeStage) : value);
      const move = to === 'killed' ? `killed ${what} at the ${stage(from)} stage` : `moved ${what} from ${stage(from)} to ${stage(to)}`;
      return { text: reason ? `${move}: ${reason}` : move };
    }
    case 'wbr_deck.created':
    case 'wbr_deck.updated':
    case 'wbr_deck.deleted': {
      const verb = { 'wbr_deck.created': 'created', 'wbr_deck.updated': 'changed', 'wbr_deck.deleted': 'deleted' }[event.action];
      const name = stringField(data, 'name');
      return { text: name ? `${verb} the business review deck ${quoted(name)}` : AUDIT_ACTIONS[event.action] };
    }
    case 'wbr_week.published': {
      const name = stringField(data, 'name');
      const weekEnding = stringField(data, 'weekEnding');
      const opened = typeof data.anomaliesOpened === 'number' ? data.anomaliesOpened : 0;
      if (!name || !weekEnding) return { text: AUDIT_ACTIONS['wbr_week.published'] };
      const anomalies = opened === 0 ? '' : ` (${opened} new ${opened === 1 ? 'anomaly' : 'anomalies'})`;
      return { text: `published the week ending ${formatDay(weekEnding)} of the deck ${quoted(name)}${anomalies}` };
    }
    case 'wbr_week.corrected': {
      const name = stringField(data, 'name');
      const weekEnding = stringField(data, 'weekEnding');
      const reason = stringField(data, 'reason');
      if (!name || !weekEnding) return { text: AUDIT_ACTIONS['wbr_week.corrected'] };
      // What the correction did to the anomaly list, by metric, so the log reads without opening the versions.
      const anomalies = typeof data.anomalies === 'object' && data.anomalies !== null ? (data.anomalies as Record<string, unknown>) : {};
      const metricsOf = (key: string) => {
        const entry = anomalies[key] as { metrics?: unknown } | undefined;
        return Array.isArray(entry?.metrics) ? entry.metrics.filter((metric): metric is string => typeof metric === 'string') : [];
      };
      const changes = ([['raised', 'raised'], ['withdrawn', 'withdrew'], ['reinstated', 'reinstated']] as const)
        .filter(([key]) => metricsOf(key).length > 0)
        .map(([key, verb]) => `${verb} ${metricsOf(key).map(quoted).join(', ')}`);
      const anomalyText = changes.length === 0 ? '' : ` (anomalies: ${changes.join('; ')})`;
      return { text: `corrected the week ending ${formatDay(weekEnding)} of the deck ${quoted(name)}${reason ? `: ${reason}` : ''}${anomalyText}` };
    }
    case 'wbr_deck.data_uploaded': {
      const name = stringField(data, 'name');
      const fileName = stringField(data, 'fileName');
      const lastDate = stringField(data, 'lastDate');
      if (!name || !fileName) return { text: AUDIT_ACTIONS['wbr_deck.data_uploaded'] };
      return { text: `uploaded ${fileName} to the deck ${quoted(name)}${lastDate ? ` (data to ${formatDay(lastDate)})` : ''}` };
    }
    case 'wbr_anomaly.updated': {
      const metric = stringField(data, 'metric');
      const toStatus = stringField(data, 'toStatus');
      if (!metric) return { text: AUDIT_ACTIONS['wbr_anomaly.updated'] };
      // A status change is what the review reads in the log: who explained or resolved what.
      const what = toStatus ? `marked the anomaly on ${quoted(metric)} ${toStatus}` : `changed the anomaly on ${quoted(metric)}`;
      return { text: typeof data.toOwnerPersonId === 'string' ? `${what} and handed it to a new owner` : what };
    }
    case 'wbr_anomaly.withdrawn':
    case 'wbr_anomaly.reinstated': {
      const metric = stringField(data, 'metric');
      const weekEnding = stringField(data, 'weekEnding');
      if (!metric || !weekEnding) return { text: AUDIT_ACTIONS[event.action] };
      const verb = event.action === 'wbr_anomaly.withdrawn' ? 'withdrew' : 'reinstated';
      return { text: `${verb} the anomaly on ${quoted(metric)} by correcting the week ending ${formatDay(weekEnding)}` };
    }
    case 'opportunity.created':
    case 'opportunity.updated':
    case 'opportunity.press_release_saved':
    case 'opportunity.criterion_added':
    case 'opportunity.criterion_changed':
    case 'opportunity.criterion_removed':
    case 'opportunity.objection_added':
    case 'opportunity.objection_changed':
    case 'opportunity.objection_removed':
    case 'opportunity.stage_changed':
      return { text: describeOpportunityEvent(event.action, data) };
    case 'person.created':
    case 'person.updated':
    case 'person.left':
    case 'team.created':
    case 'team.updated':
    case 'team.deleted':
    case 'team.archived':
    case 'team.restored':
    case 'initiative.created':
    case 'initiative.updated':
    case 'allocation.set':
    case 'allocation.removed':
      return { text: describePeopleEvent(event.action, data) };
    case 'principles.reordered':
      return { text: AUDIT_ACTIONS['principles.reordered'] };
    case 'meeting.reading_time_changed': {
      const meeting = meetingOf(data);
      if (typeof data.fromMinutes !== 'number' || typeof data.toMinutes !== 'number') return { text: AUDIT_ACTIONS[event.action] };
      return { text: `changed the reading time of ${meeting} from ${minutes(data.fromMinutes)} to ${minutes(data.toMinutes)}` };
    }
    case 'meeting.attendees_changed': {
      const clauses = [
        namesIn(data.added).length > 0 && `added ${listWords(namesIn(data.added))}`,
        namesIn(data.removed).length > 0 && `removed ${listWords(namesIn(data.removed))}`,
        namesIn(data.madeApprovers).length > 0 && `made ${listWords(namesIn(data.madeApprovers))} ${namesIn(data.madeApprovers).length === 1 ? 'an approver' : 'approvers'}`,
        namesIn(data.noLongerApprovers).length > 0 && `made ${listWords(namesIn(data.noLongerApprovers))} no longer ${namesIn(data.noLongerApprovers).length === 1 ? 'an approver' : 'approvers'}`,
      ].filter((clause): clause is string => clause !== false);
      if (clauses.length === 0) return { text: AUDIT_ACTIONS[event.action] };
      return { text: `changed who attends ${meetingOf(data)}: ${listWords(clauses)}` };
    }
    default:
      // Actions without a special sentence use the audit list's own description.
      return { text: (AUDIT_ACTIONS as Record<string, string>)[event.action] ?? `did ${event.action}` };
  }
}

/** "the reading meeting on “Refunds”", or without a stored title "a reading meeting". */
function meetingOf(data: Record<string, unknown>): string {
  const title = stringField(data, 'documentTitle');
  return title ? `the reading meeting on ${quoted(title)}` : 'a reading meeting';
}

const minutes = (count: number) => `${count} ${count === 1 ? 'minute' : 'minutes'}`;

/** The names of a stored list of people ({ id, name }), in its order; a person stored without a name is left out. */
function namesIn(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((person: unknown) => (person && typeof person === 'object' && 'name' in person && typeof person.name === 'string' && person.name !== '' ? [person.name] : []));
}

type OpportunityAction = Extract<keyof typeof AUDIT_ACTIONS, `opportunity.${string}`>;

/** A sales event names the deal as sellers do, "Account: opportunity", and what happened to its discovery record. */
function describeOpportunityEvent(action: OpportunityAction, data: Record<string, unknown>): string {
  const name = stringField(data, 'name');
  const account = stringField(data, 'accountName');
  if (!name) return AUDIT_ACTIONS[action];
  const deal = `the opportunity ${quoted(account ? `${account}: ${name}` : name)}`;
  const metric = stringField(data, 'metric');
  const question = stringField(data, 'question');
  switch (action) {
    case 'opportunity.created':
      return `opened ${deal}`;
    case 'opportunity.updated':
      return typeof data.toOwnerPersonId === 'string' ? `changed ${deal} and handed it to a new owner` : `changed ${deal}`;
    case 'opportunity.press_release_saved':
      return `wrote the buyer’s press release of ${deal}`;
    case 'opportunity.criterion_added':
      return metric ? `added the success criterion ${quoted(metric)} to ${deal}` : `added a success criterion to ${deal}`;
    case 'opportunity.criterion_changed':
      return metric ? `changed the success criterion ${quoted(metric)} of ${deal}` : `changed a success criterion of ${deal}`;
    case 'opportunity.criterion_removed':
      return metric ? `removed the success criterion ${quoted(metric)} from ${deal}` : `removed a success criterion from ${deal}`;
    case 'opportunity.objection_added':
      return question ? `added the objection ${quoted(question)} to ${deal}` : `added an objection to ${deal}`;
    case 'opportunity.objection_changed': {
      const toStatus = stringField(data, 'toStatus');
      const what = question ? `the objection ${quoted(question)}` : 'an objection';
      return toStatus ? `marked ${what} of ${deal} ${toStatus}` : `changed ${what} of ${deal}`;
    }
    case 'opportunity.objection_removed':
      return question ? `removed the objection ${quoted(question)} from ${deal}` : `removed an objection from ${deal}`;
    case 'opportunity.stage_changed': {
      const from = stringField(data, 'from');
      const to = stringField(data, 'to');
      const reason = stringField(data, 'reason');
      if (!from || !to) return `moved ${deal}`;
      const move = to === 'lost' ? `marked ${deal} lost at ${from}` : to === 'won' ? `marked ${deal} won` : `moved ${deal} from ${from} to ${to}`;
      return reason ? `${move}: ${reason}` : move;
    }
  }
}

type PeopleAction = 'person.created' | 'person.updated' | 'person.left' | 'team.created' | 'team.updated' | 'team.deleted' | 'team.archived' | 'team.restored' | 'initiative.created' | 'initiative.updated' | 'allocation.set' | 'allocation.removed';

/** "name", "name and role", "name, role and level". */
function listWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

/** A name stored as data, null meaning nobody (a leader or manager removed). Undefined: the event did not say. */
function nameOrNobody(data: Record<string, unknown>, key: string): string | null | undefined {
  if (!(key in data)) return undefined;
  return stringField(data, key) ?? null;
}

function changedFields(data: Record<string, unknown>): string[] {
  return Array.isArray(data.changed) ? data.changed.filter((field): field is string => typeof field === 'string') : [];
}

/** The words for the fields a change lists; events before names were stored list columns, later ones the same. */
const PERSON_FIELDS: Record<string, string> = { name: 'name', email: 'email', role: 'role', level: 'level', manager_id: 'manager', managerId: 'manager', dotted_line_manager_id: 'dotted-line manager', dottedLineManagerId: 'dotted-line manager', user_id: 'login', userId: 'login' };
const TEAM_FIELDS: Record<string, string> = { name: 'name', is_single_threaded: 'single-threaded setting', isSingleThreaded: 'single-threaded setting', initiative_id: 'initiative', initiativeId: 'initiative' };
const INITIATIVE_FIELDS: Record<string, string> = { name: 'name', status: 'status', stl_person_id: 'single-threaded leader', stlPersonId: 'single-threaded leader' };
const fieldWords = (fields: readonly string[], words: Record<string, string>) => [...new Set(fields.map((field) => words[field] ?? field.replace(/_/g, ' ')))];

/** "(was Kofi Mensah)", "(was nobody)", or nothing when the event did not keep the value before. */
const was = (before: string | null | undefined) => (before === undefined ? '' : ` (was ${before ?? 'nobody'})`);

/**
 * People, teams, initiatives and allocations by name: who leads what, who is allocated where and what changed. Ownership
 * is what a reader of the log looks for here, so a change of single-threaded leader says who was and who is. Events
 * recorded before names were stored keep a general sentence (what kind of thing, which fields).
 */
function describePeopleEvent(action: PeopleAction, data: Record<string, unknown>): string {
  const name = stringField(data, 'name');
  switch (action) {
    case 'person.created':
      return name ? `added ${name} to the org` : AUDIT_ACTIONS[action];
    case 'person.left': {
      const leftOn = stringField(data, 'leftOn');
      const successor = stringField(data, 'successorName');
      const who = name ?? 'a person';
      if (!leftOn) return name ? `recorded that ${name} left the company` : AUDIT_ACTIONS[action];
      return `recorded that ${who} left the company on ${formatDay(leftOn)}${successor ? ` (${successor} took over their reports and work)` : ''}`;
    }
    case 'person.updated': {
      const fields = changedFields(data);
      if (fields.length === 0) return name ? `changed ${name}’s record` : AUDIT_ACTIONS[action];
      const parts = fieldWords(fields, PERSON_FIELDS).map((word) => {
        if (word === 'name' && stringField(data, 'fromName')) return `name (was ${stringField(data, 'fromName')})`;
        if (word === 'role' && stringField(data, 'toRole')) return `role to ${stringField(data, 'toRole')}${was(stringField(data, 'fromRole'))}`;
        if (word === 'level' && typeof data.toLevel === 'number') return `level to ${data.toLevel}${typeof data.fromLevel === 'number' ? ` (was ${data.fromLevel})` : ''}`;
        if (word === 'manager' && 'toManagerName' in data) return `manager to ${nameOrNobody(data, 'toManagerName') ?? 'nobody'}${was(nameOrNobody(data, 'fromManagerName'))}`;
        if (word === 'dotted-line manager' && 'toDottedLineManagerName' in data) return `dotted-line manager to ${nameOrNobody(data, 'toDottedLineManagerName') ?? 'nobody'}${was(nameOrNobody(data, 'fromDottedLineManagerName'))}`;
        return word;
      });
      return `changed ${name ?? 'a person'}’s ${listWords(parts)}`;
    }
    case 'team.created':
      return name ? `created the team ${quoted(name)}${data.isSingleThreaded === true ? ' (single-threaded)' : ''}` : AUDIT_ACTIONS[action];
    case 'team.updated': {
      const fields = changedFields(data);
      if (!name) return fields.length === 0 ? AUDIT_ACTIONS[action] : `changed the ${listWords(fieldWords(fields, TEAM_FIELDS))} of a team`;
      const team = `the team ${quoted(name)}`;
      const clauses = fields.map((field) => {
        const fromName = stringField(data, 'fromName');
        if (field === 'name' && fromName) return `renamed the team ${quoted(fromName)} to ${quoted(name)}`;
        if (field === 'is_single_threaded' && typeof data.isSingleThreaded === 'boolean') return data.isSingleThreaded ? `made ${team} single-threaded` : `made ${team} no longer single-threaded`;
        if (field === 'initiative_id' && 'initiativeName' in data) {
          const initiative = stringField(data, 'initiativeName');
          return initiative ? `set ${team} to work on ${quoted(initiative)}` : `set ${team} to work on no initiative`;
        }
        return `changed the ${TEAM_FIELDS[field] ?? field} of ${team}`;
      });
      return clauses.length === 0 ? `changed ${team}` : clauses.join(' and ');
    }
    case 'team.deleted':
      return name ? `deleted the team ${quoted(name)}` : AUDIT_ACTIONS[action];
    case 'team.archived':
      return name ? `archived the team ${quoted(name)}` : AUDIT_ACTIONS[action];
    case 'team.restored':
      return name ? `restored the archived team ${quoted(name)}` : AUDIT_ACTIONS[action];
    case 'initiative.created': {
      if (!name) return AUDIT_ACTIONS[action];
      const stage = stringField(data, 'stage');
      const leader = stringField(data, 'stlName');
      const at = stage && stage !== 'idea' && (INITIATIVE_STAGES as readonly string[]).includes(stage) ? ` at the ${stageLabel(stage as InitiativeStage)} stage` : '';
      return `created the initiative ${quoted(name)}${at}${leader ? ` with ${leader} as its single-threaded leader` : ''}`;
    }
    case 'initiative.updated': {
      const fields = changedFields(data);
      if (!name) return fields.length === 0 ? AUDIT_ACTIONS[action] : `changed the ${listWords(fieldWords(fields, INITIATIVE_FIELDS))} of an initiative`;
      const initiative = quoted(name);
      const clauses = fields.map((field) => {
        const fromName = stringField(data, 'fromName');
        if (field === 'name' && fromName) return `renamed the initiative ${quoted(fromName)} to ${initiative}`;
        if (field === 'status' && stringField(data, 'toStatus')) return `marked the initiative ${initiative} ${stringField(data, 'toStatus')}${was(stringField(data, 'fromStatus'))}`;
        if (field === 'stl_person_id' && 'toStlName' in data) {
          const leader = nameOrNobody(data, 'toStlName');
          const before = nameOrNobody(data, 'fromStlName');
          return leader ? `made ${leader} the single-threaded leader of ${initiative}${before ? ` (was ${before})` : ''}` : `left ${initiative} without a single-threaded leader${before ? ` (was ${before})` : ''}`;
        }
        return `changed the ${INITIATIVE_FIELDS[field] ?? field} of the initiative ${initiative}`;
      });
      return clauses.length === 0 ? `changed the initiative ${initiative}` : clauses.join(' and ');
    }
    case 'allocation.set':
    case 'allocation.removed': {
      const percent = typeof data.percent === 'number' ? data.percent : undefined;
      const teamName = stringField(data, 'teamName');
      const initiativeName = stringField(data, 'initiativeName');
      const target = teamName ? `the team ${quoted(teamName)}` : initiativeName ? `the initiative ${quoted(initiativeName)}` : typeof data.teamId === 'string' ? 'a team' : typeof data.initiativeId === 'string' ? 'an initiative' : undefined;
      if (percent === undefined || target === undefined) return AUDIT_ACTIONS[action];
      if (action === 'allocation.removed') return name ? `removed ${name}’s ${percent}% allocation to ${target}` : `removed a ${percent}% allocation to ${target}`;
      const before = typeof data.fromPercent === 'number' ? ` (was ${data.fromPercent}%)` : '';
      return `allocated ${name ?? 'a person'} ${percent}% to ${target}${before}`;
    }
  }
}
