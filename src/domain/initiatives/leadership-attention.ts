import { nextStage, stageLabel } from './pipeline-rules.js';
import { isStaffedStage, type InitiativeStage, type PipelineStage } from './stages.js';

/**
 * What the leadership is asked about an initiative across the pipeline, beyond the gates: how long it has waited at a
 * gate, and what puts it at risk. Pure: the pipeline service reads the facts (its list rows), Home says them.
 */

/**
 * How long an initiative may sit at a stage whose next gate is a decision before the leadership hears of it: 30 days,
 * a month of weekly reviews in which nobody moved it on, sent it back or killed it.
 */
export const GATE_WAIT_DAYS = 30;

const DAY_MS = 86_400_000;

/** What the rules read of an initiative: a line of the pipeline list. */
export interface InitiativeOverview {
  stage: InitiativeStage;
  status: 'active' | 'paused' | 'done';
  stl: { id: string; name: string } | null;
  stageChangedAt: string;
  /** Open requisitions of its teams; null when the viewer may not read hiring. */
  openRoles: number | null;
  /** Open anomalies on its metrics in the latest published business review week; null when none is charted. */
  metrics: { openAnomalies: number | null };
}

/**
 * Stages whose next gate waits on a decision or a document: building is the team's work (its end is a launch, not a
 * wait), and launched and killed have no gate ahead.
 */
function isAtDecisionGate(stage: InitiativeStage): stage is Exclude<PipelineStage, 'building' | 'launched'> {
  return stage !== 'building' && stage !== 'launched' && stage !== 'killed';
}

export interface GateWait {
  days: number;
  nextStage: PipelineStage;
  message: string;
}

/** An active initiative that has waited at its stage for `GATE_WAIT_DAYS` or more; null otherwise. */
export function gateWait(initiative: Pick<InitiativeOverview, 'stage' | 'status' | 'stageChangedAt'>, now: Date): GateWait | null {
  if (initiative.status !== 'active' || !isAtDecisionGate(initiative.stage)) return null;
  const next = nextStage(initiative.stage);
  const days = Math.floor((now.getTime() - new Date(initiative.stageChangedAt).getTime()) / DAY_MS);
  if (next === null || days < GATE_WAIT_DAYS) return null;
  return {
    days,
    nextStage: next,
    message: `At the ${stageLabel(initiative.stage)} stage for ${days} days (${GATE_WAIT_DAYS} or more is too long a wait): move it through the ${stageLabel(next)} gate, send it back or kill it.`,
  };
}

/** `stage_unsupported`: what the pipeline's "Needs attention" says its stage stands on and it lacks (standingProblems). */
export const INITIATIVE_RISKS = ['no_leader', 'paused_without_leader', 'stage_unsupported', 'open_anomalies', 'open_roles'] as const;
export type InitiativeRisk = (typeof INITIATIVE_RISKS)[number];

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/**
 * Why a living initiative is at risk, each reason in the words Home shows. A done one (launched and finished, or
 * killed) is at risk of nothing. An active one past its staffing gate needs its single-threaded leader; a paused one
 * with no leader at any stage has nobody to decide whether it resumes or is killed, so it would wait forever.
 */
export function initiativeRisks(initiative: InitiativeOverview): Array<{ risk: InitiativeRisk; message: string }> {
  if (initiative.status === 'done') return [];
  const risks: Array<{ risk: InitiativeRisk; message: string }> = [];
  if (initiative.stl === null && initiative.status === 'active' && isStaffedStage(initiative.stage)) {
    risks.push({ risk: 'no_leader', message: `Active at the ${stageLabel(initiative.stage)} stage with no single-threaded leader: name one.` });
  }
  if (initiative.stl === null && initiative.status === 'paused') {
    risks.push({ risk: 'paused_without_leader', message: 'Paused with no leader: nobody owns deciding whether it resumes or is killed.' });
  }
  const anomalies = initiative.metrics.openAnomalies ?? 0;
  if (anomalies > 0) risks.push({ risk: 'open_anomalies', message: `${anomalies === 1 ? '1 open anomaly' : `${anomalies} open anomalies`} on its metrics in the latest business review.` });
  const roles = initiative.openRoles ?? 0;
  if (roles > 0) risks.push({ risk: 'open_roles', message: `${plural(roles, 'open role')} on its teams: it is not fully staffed.` });
  return risks;
}
