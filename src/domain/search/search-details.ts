import { formatDay } from '../dates.js';
import { stageLabel as initiativeStageLabel } from '../initiatives/pipeline-rules.js';
import type { InitiativeStage } from '../initiatives/stages.js';
import { MECHANISMS, type Mechanism } from '../playbooks/playbook-catalog.js';
import { stageLabel as opportunityStageLabel, type OpportunityStage } from '../sales/opportunity-rules.js';

/**
 * The one line under a search result's title: what the thing is and the fact that tells two alike apart. Built
 * from the same labels the pages use, so a result reads as its page does.
 */

export interface NamedPerson {
  name: string;
  /** The day they left, if they have. */
  leftOn: string | null;
}

const who = (person: NamedPerson) => (person.leftOn === null ? person.name : `${person.name} (left)`);
const join = (parts: readonly (string | null | false)[]) => parts.filter((part): part is string => typeof part === 'string' && part !== '').join(' · ');
const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

export function initiativeDetail(stage: InitiativeStage, leader: NamedPerson | null): string {
  return join(['Initiative', `Stage: ${capitalized(initiativeStageLabel(stage))}`, leader && `led by ${who(leader)}`]);
}

export function documentDetail(kind: 'prfaq' | 'memo', version: number, visibility: 'org' | 'readers'): string {
  return join([kind === 'prfaq' ? 'PR/FAQ' : 'Memo', `version ${version}`, visibility === 'readers' && 'named readers only']);
}

export function personDetail(role: string, level: number, leftOn: string | null): string {
  return join([role.trim() === '' ? 'Person' : role, `level ${level}`, leftOn !== null && `left on ${formatDay(leftOn)}`]);
}

/** An archived team is still found (its history stays), marked so: it takes no new people or work. */
export function teamDetail(isSingleThreaded: boolean, initiativeName: string | null, isArchived = false): string {
  return join([isArchived ? 'Archived team' : 'Team', isSingleThreaded && 'single-threaded', initiativeName !== null && `${isArchived ? 'last on' : 'on'} ${initiativeName}`]);
}

export function metricDetail(kind: 'input' | 'output', owner: NamedPerson | null): string {
  return join([kind === 'input' ? 'Input metric' : 'Output metric', owner && `owner ${who(owner)}`]);
}

export function deckDetail(owner: NamedPerson | null): string {
  return join(['Business review deck', owner && `owner ${who(owner)}`]);
}

export function dealDetail(stage: OpportunityStage, accountName: string, owner: NamedPerson | null): string {
  return join(['Deal', `Stage: ${opportunityStageLabel(stage)}`, accountName, owner && `owner ${who(owner)}`]);
}

export function accountDetail(isStrategic: boolean, owner: NamedPerson | null): string {
  return join(['Account', isStrategic && 'strategic', owner && `owner ${who(owner)}`]);
}

export function playbookDetail(mechanism: Mechanism, readMinutes: number): string {
  return join(['Playbook', MECHANISMS[mechanism], `${readMinutes} min read`]);
}

export function candidateDetail(requisitionRole: string, level: number): string {
  return join(['Candidate', `${requisitionRole} (level ${level})`]);
}

export function principleDetail(status: 'active' | 'retired'): string {
  return join(['Leadership principle', status === 'retired' && 'retired']);
}
