import { AppError, ruleViolation } from '../errors.js';
import type { MeetingDecision } from '../documents/reading-meeting.js';
import { compellingVerdictProblem, type VoteTally } from '../documents/review-rules.js';
import { PIPELINE_STAGES, type InitiativeStage, type PipelineStage } from './stages.js';

/**
 * The initiative pipeline as rules. An initiative moves forward one stage at a time, and only through the gate of
 * the stage it enters: the evidence each gate reads (a compelling verdict, an answered FAQ, a memo without lint
 * errors, an approving reading meeting, a leader, a team, an input metric) lives in the other mechanisms, and the
 * service gathers it into `PipelineFacts`. It may go back to an earlier stage (the reviewers asked for another
 * draft), or be killed at any stage, a launched one included (retired); both need a reason, because the people who
 * wrote the documents will ask why.
 */

export const PIPELINE_RULES = {
  'pipeline.closed': 'A killed initiative stays where it is; a launched one only ends, killed with a reason (the product is retired).',
  'pipeline.one_stage': 'An initiative moves forward one stage at a time.',
  'pipeline.same_stage': 'A move goes to another stage.',
  'pipeline.reason': 'Killing an initiative or sending it back needs a reason.',
  'pipeline.prfaq_linked': 'The press release stage works on a PR/FAQ document linked to the initiative.',
  'pipeline.press_release_compelling': 'The FAQ stage starts once reviewers judged the press release compelling.',
  'pipeline.faq_answered': 'The memo stage starts once the FAQ answers at least one customer and one internal question, and every question has an answer.',
  'pipeline.memo_checks': 'A reading review is scheduled for a linked memo that passes the hard memo checks.',
  'pipeline.reading_approved': 'Approval is the approving decision of a reading meeting on the memo.',
  'pipeline.stl': 'Staffing starts with exactly one single-threaded leader, full time on the initiative.',
  'pipeline.team': 'Building starts with a single-threaded team working on the initiative.',
  'pipeline.input_metric': 'Launch needs at least one controllable input metric linked to the initiative.',
  'pipeline.launched_input': 'A launched initiative keeps at least one controllable input metric.',
  'pipeline.document_of_one_initiative': 'A PR/FAQ or memo belongs to one initiative: its verdict and its reading decide that initiative alone.',
  'pipeline.document_judged': 'Once a gate has read a document (the PR/FAQ at the FAQ stage, the memo at its reading review), it stays linked: to work on another, send the initiative back first.',
  'pipeline.paused': 'Only an active initiative moves forward: a paused or done one goes through no gate until it is resumed.',
  'pipeline.reading_under_way': 'While a reading of its memo is under way, an initiative at its reading review waits for the approvers\' decision: it is not moved by hand, except killed.',
} as const;

export type PipelineRule = keyof typeof PIPELINE_RULES;

/**
 * A document linked to another initiative that is still alive cannot be linked here: its compelling verdict or its
 * reading would move two initiatives, one of which nobody reviewed. A killed initiative's documents are free again.
 */
export function assertDocumentFree(kind: 'prfaq' | 'memo', field: string, holder: { name: string; stage: InitiativeStage } | undefined): void {
  if (holder === undefined || holder.stage === 'killed') return;
  throw new AppError('rule_violation', `This ${kind === 'prfaq' ? 'PR/FAQ' : 'memo'} is already the one of "${holder.name}": write one for this initiative (or kill that one first).`, { rule: 'pipeline.document_of_one_initiative', field });
}

/**
 * The stage from which a gate has read each kind of document: entering the FAQ stage read the PR/FAQ's verdict, and
 * entering the reading review read the memo's checks (then its reading decides). From there on, a swapped or
 * unlinked document would carry the initiative on evidence about another text, so it changes only after a move back
 * (which needs a reason, and sends the new document through the same gates).
 */
const JUDGED_FROM: Record<'prfaq' | 'memo', PipelineStage> = { prfaq: 'faq', memo: 'reading_review' };

/**
 * Why the initiative's document of this kind cannot change at its stage (killed, or a gate has read the one linked),
 * in the words the refusal and the form's hint use; null while it may change. With none linked, no gate read one:
 * work recorded at a later stage (from before Pulse) links its documents there.
 */
export function documentLinkLock(initiative: { name: string; stage: InitiativeStage }, kind: 'prfaq' | 'memo', isLinked: boolean): { rule: PipelineRule; message: string } | null {
  if (initiative.stage === 'killed') return { rule: 'pipeline.closed', message: `"${initiative.name}" was killed: its documents stay as they were when it ended.` };
  const judgedFrom = JUDGED_FROM[kind];
  if (!isLinked || PIPELINE_STAGES.indexOf(initiative.stage) < PIPELINE_STAGES.indexOf(judgedFrom)) return null;
  const what = kind === 'prfaq' ? 'PR/FAQ' : 'memo';
  const backTo = kind === 'prfaq' ? 'press release' : 'memo';
  return { rule: 'pipeline.document_judged', message: `"${initiative.name}" passed the ${stageLabel(judgedFrom)} gate on this ${what}: to work on another ${what}, send it back to the ${backTo} stage first, with a reason.` };
}

/** Refuses a change to the initiative's linked documents that a gate it passed has already read, or on a killed one. */
export function assertDocumentLinkChangeable(initiative: { name: string; stage: InitiativeStage }, kind: 'prfaq' | 'memo', isLinked: boolean, field: string): void {
  const lock = documentLinkLock(initiative, kind, isLinked);
  if (lock !== null) throw new AppError('rule_violation', lock.message, { rule: lock.rule, field });
}

/**
 * Refuses a change that would put work into a killed initiative (a leader, an allocation, a team, a status other
 * than done): killing it released its people, and bringing it back to life would skip every gate it failed.
 */
export function assertInitiativeNotKilled(initiative: { name: string; stage: InitiativeStage }, field: string): void {
  if (initiative.stage !== 'killed') return;
  throw new AppError('rule_violation', `"${initiative.name}" was killed: nobody leads it or works on it any more. Propose a new idea to start again.`, { rule: 'pipeline.closed', field });
}

/** The most a reason may hold; it is shown in the history and the audit log. */
export const REASON_MAX_LENGTH = 2000;

/** What the gates read, about one initiative, at one moment. */
export interface PipelineFacts {
  stage: InitiativeStage;
  /** Paused and done initiatives may go back or be killed, never forward. */
  status: 'active' | 'paused' | 'done';
  prfaq: null | {
    title: string;
    /** The document's current version: the draft the gate judges. */
    currentVersion: number;
    /** The latest verdict on the current version (null: that draft has not been judged). */
    verdict: 'compelling' | 'not_yet' | null;
    /** The reviewers' votes, as they stand now, on the current version (null: no verdict on it). */
    verdictTally: VoteTally | null;
    /**
     * The version the latest earlier verdict judged, when the current version has none: a new draft was saved after
     * it, and a verdict on one draft does not speak for the next (null: no verdict on an earlier version either).
     */
    judgedEarlierVersion: number | null;
    faq: { external: number; internal: number; unanswered: number };
  };
  memo: null | {
    title: string;
    /** Lint errors in force on the current version (the hard memo checks are errors). */
    lintErrors: number;
    /** The decision of the latest reading meeting on the memo that reached one. */
    readingDecision: 'approve' | 'iterate' | 'kill' | null;
    /** The memo's current version, and the version that reading read (null: no decided reading). */
    currentVersion: number;
    readingVersion: number | null;
    /** That reading began before the initiative last came to its reading review: it decided an earlier round. */
    isReadingBeforeReview: boolean;
  };
  /** Single-threaded leadership problems the initiative would have once staffed (messages of the STL rules). */
  leadership: { stlName: string | null; problems: readonly string[] };
  singleThreadedTeams: number;
  controllableInputMetrics: number;
}

/** The evidence each stage's gate reads: the service gathers only that (a memo's lint, the org's allocations). */
export const GATE_EVIDENCE: Record<PipelineStage, ReadonlyArray<Exclude<keyof PipelineFacts, 'stage'>>> = {
  idea: [],
  press_release: ['prfaq'],
  faq: ['prfaq'],
  memo: ['prfaq'],
  reading_review: ['memo'],
  approved: ['memo'],
  staffing: ['leadership'],
  building: ['singleThreadedTeams'],
  launched: ['controllableInputMetrics'],
};

/** The stage whose gate a move to `to` must pass, if any: only a move one stage forward has one. */
export function gatedStage(from: InitiativeStage, to: InitiativeStage): PipelineStage | null {
  const next = nextStage(from);
  return next !== null && next === to ? next : null;
}

export interface GateCheck {
  rule: PipelineRule;
  met: boolean;
  /** What is there, or what is missing, in the words a reader of the pipeline understands. */
  message: string;
}

export function nextStage(stage: InitiativeStage): PipelineStage | null {
  if (stage === 'killed') return null;
  return PIPELINE_STAGES[PIPELINE_STAGES.indexOf(stage) + 1] ?? null;
}

export function stageLabel(stage: InitiativeStage): string {
  return stage === 'press_release' ? 'press release' : stage === 'faq' ? 'FAQ' : stage === 'reading_review' ? 'reading review' : stage;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** The checks of the gate into `stage`: every one must be met to enter it. */
export function gateChecks(facts: PipelineFacts, stage: PipelineStage): GateCheck[] {
  const { prfaq, memo } = facts;
  switch (stage) {
    case 'idea':
      return [];
    case 'press_release':
      return [{ rule: 'pipeline.prfaq_linked', met: prfaq !== null, message: prfaq ? `PR/FAQ "${prfaq.title}" is linked.` : 'Link the PR/FAQ document the press release is drafted in.' }];
    case 'faq': {
      const verdict = prfaq?.verdict ?? null;
      const earlier = prfaq?.judgedEarlierVersion ?? null;
      // The verdict's own rule, read again now: votes cast after it may have turned against it.
      const votesProblem = verdict === 'compelling' && prfaq?.verdictTally ? compellingVerdictProblem(prfaq.verdictTally) : null;
      return [{
        rule: 'pipeline.press_release_compelling',
        met: verdict === 'compelling' && votesProblem === null,
        message: prfaq === null ? 'Link a PR/FAQ document first.'
          : verdict === null && earlier !== null ? `Reviewers judged version ${earlier}, and version ${prfaq.currentVersion} is a new draft: a new draft needs a verdict of its own before the FAQ stage. Ask reviewers to vote on version ${prfaq.currentVersion} and record its verdict.`
          : votesProblem !== null ? `The compelling verdict no longer has the reviewers' votes behind it. ${votesProblem.message}`
          : verdict === 'compelling' ? 'Reviewers judged the press release compelling.'
          : verdict === 'not_yet' ? 'Reviewers judged the press release not yet compelling: write another draft and ask again.'
          : 'Reviewers have not judged the press release yet.',
      }];
    }
    case 'memo': {
      const faq = prfaq?.faq;
      const met = faq !== undefined && faq.external > 0 && faq.internal > 0 && faq.unanswered === 0;
      const missing = faq === undefined ? ['a linked PR/FAQ'] : [
        ...(faq.external === 0 ? ['a customer (external) question'] : []),
        ...(faq.internal === 0 ? ['an internal (stakeholder) question'] : []),
        ...(faq.unanswered > 0 ? [`answers to ${plural(faq.unanswered, 'unanswered question')}`] : []),
      ];
      return [{
        rule: 'pipeline.faq_answered',
        met,
        message: met ? `The FAQ answers ${plural(faq.external, 'customer question')} and ${plural(faq.internal, 'internal question')}.` : `The FAQ still needs ${missing.join(', ')}.`,
      }];
    }
    case 'reading_review':
      return [{
        rule: 'pipeline.memo_checks',
        met: memo !== null && memo.lintErrors === 0,
        message: memo === null ? 'Link the narrative memo to be read.' : memo.lintErrors === 0 ? `Memo "${memo.title}" passes the hard memo checks.`
          : `Memo "${memo.title}" fails ${plural(memo.lintErrors, 'hard memo check')} (lists, length or sentence fragments): fix them before the reading.`,
      }];
    case 'approved': {
      const decision = memo?.readingDecision ?? null;
      // An approval speaks for the draft it read, in the round it was held for: a memo rewritten since, or an
      // initiative sent back and brought to its review again, needs a reading of what is there now.
      const isStaleDraft = memo !== null && decision !== null && memo.readingVersion !== memo.currentVersion;
      const isEarlierRound = memo !== null && decision !== null && memo.isReadingBeforeReview;
      return [{
        rule: 'pipeline.reading_approved',
        met: decision === 'approve' && !isStaleDraft && !isEarlierRound,
        message: memo === null ? 'Link the memo and hold its reading meeting.'
          : decision === null ? 'No reading meeting on the memo has reached a decision yet.'
          : decision !== 'approve' ? `The latest reading meeting decided to ${decision}, not to approve.`
          : isStaleDraft ? `The latest reading meeting approved version ${memo.readingVersion} of the memo; it is at version ${memo.currentVersion} now: hold a reading of the current version.`
          : isEarlierRound ? 'The latest reading meeting approved the memo in a reading that began before the initiative came to this reading review: hold a reading for this round.'
          : 'The reading meeting approved the memo.',
      }];
    }
    case 'staffing': {
      const { stlName, problems } = facts.leadership;
      return [{
        rule: 'pipeline.stl',
        met: stlName !== null && problems.length === 0,
        message: stlName === null ? 'Name the single-threaded leader.' : problems.length === 0 ? `${stlName} leads it, full time.` : problems.join(' '),
      }];
    }
    case 'building':
      return [{
        rule: 'pipeline.team',
        met: facts.singleThreadedTeams > 0,
        message: facts.singleThreadedTeams > 0 ? `${plural(facts.singleThreadedTeams, 'single-threaded team')} working on it.` : 'Link a single-threaded team to the initiative.',
      }];
    case 'launched':
      return [{
        rule: 'pipeline.input_metric',
        met: facts.controllableInputMetrics > 0,
        message: facts.controllableInputMetrics > 0 ? `${plural(facts.controllableInputMetrics, 'controllable input metric')} will show whether it works.`
          : 'Link a controllable input metric from the metric catalog: the one the team will move.',
      }];
  }
}

/**
 * Refuses a move asked from a stale page (409): `seen` is the stage the mover saw the initiative at. Without it, a
 * form opened before a colleague's move or a reading review's decision would undo that move without a word (send an
 * approved initiative back to its memo, or kill one that was sent back for another draft). A caller that sends none
 * (a script) is not checked.
 */
export function assertStageAsSeen(stage: InitiativeStage, seen: InitiativeStage | undefined): void {
  if (seen === undefined || seen === stage) return;
  throw new AppError('conflict', `The initiative moved from the ${stageLabel(seen)} stage to the ${stageLabel(stage)} stage after you opened it: reload it to see why, then decide again.`, { field: 'from', data: { stage } });
}

/**
 * Refuses to move an initiative out of its reading review by hand while a reading of its memo is under way (started,
 * not ended or cancelled): the approvers' decision is coming and moves it. Sent back meanwhile, it would escape that
 * decision (a facilitator who has seen the votes could send it back before a kill is recorded, then hold another
 * reading with other approvers). Killing it stays open: it never gets it past a gate.
 */
export function assertNotAwaitingReading(from: InitiativeStage, to: InitiativeStage, readingUnderWay: { meetingId: string } | null): void {
  if (from !== 'reading_review' || to === 'killed' || readingUnderWay === null) return;
  throw ruleViolation(
    'pipeline.reading_under_way',
    `A reading of its memo is under way (meeting ${readingUnderWay.meetingId}): the approvers' decision will move it. Wait for the facilitator to end the meeting, or cancel it, before moving it by hand (killing it stays possible).`,
    { meetingId: readingUnderWay.meetingId },
  );
}

/** Refuses a move the pipeline does not allow, naming the rule; returns the reason to record (trimmed). */
/**
 * Where a reading review's decision takes an initiative waiting at its reading review: the approvers approve it
 * (on to approved, through the gate that reads their decision), ask for another draft (back to the memo), or kill it.
 */
export function stageAfterReading(decision: MeetingDecision): InitiativeStage {
  return decision === 'approve' ? 'approved' : decision === 'iterate' ? 'memo' : 'killed';
}

/**
 * The reason a move made by a reading review's decision records: the decision, then the meeting's notes, cut to the
 * length a reason may have (the whole notes stay with the meeting).
 */
export function readingDecisionReason(decision: MeetingDecision, documentTitle: string, notes: string): string {
  const what = decision === 'approve' ? 'approved' : decision === 'iterate' ? 'asked for another draft of' : 'killed the initiative behind';
  const reason = `The reading review ${what} "${documentTitle}": ${notes}`;
  return reason.length <= REASON_MAX_LENGTH ? reason : `${reason.slice(0, REASON_MAX_LENGTH - 1)}…`;
}

export function assertCanMove(facts: PipelineFacts, to: InitiativeStage, reason: string): string {
  const from = facts.stage;
  const why = reason.trim();
  if (why.length > REASON_MAX_LENGTH) throw new AppError('validation_failed', `reason: must be at most ${REASON_MAX_LENGTH} characters.`, { field: 'reason' });
  if (from === 'killed') throw ruleViolation('pipeline.closed', 'This initiative was killed; it does not move any more.');
  // A launched product can still be retired ("killed from anywhere"), never sent back through the gates it passed.
  if (from === 'launched' && to !== 'killed') throw ruleViolation('pipeline.closed', 'This initiative was launched; it can only be killed (retired), with a reason.');
  if (to === from) throw ruleViolation('pipeline.same_stage', `The initiative is already at the ${stageLabel(from)} stage.`);
  const isBack = to !== 'killed' && PIPELINE_STAGES.indexOf(to) < PIPELINE_STAGES.indexOf(from);
  if (to === 'killed' || isBack) {
    if (why === '') throw ruleViolation('pipeline.reason', to === 'killed' ? 'Say why the initiative is killed.' : `Say why it goes back to the ${stageLabel(to)} stage.`);
    return why;
  }
  if (facts.status !== 'active') throw ruleViolation('pipeline.paused', `The initiative is ${facts.status}: resume it (make it active) before it moves forward.`);
  const expected = nextStage(from);
  if (to !== expected) throw ruleViolation('pipeline.one_stage', `From the ${stageLabel(from)} stage the next stage is ${expected === null ? 'none' : stageLabel(expected)}, not ${stageLabel(to)}.`);
  const checks = gateChecks(facts, to);
  const unmet = checks.find((check) => !check.met);
  if (unmet) throw ruleViolation(unmet.rule, unmet.message);
  // A move forward without a word of its own records the gate it passed, so the history says why it moved. The
  // rule, not the check's message: the history is read by people who may not read the documents the message names.
  return why !== '' ? why : `Passed the gate: ${checks.map((check) => PIPELINE_RULES[check.rule]).join(' ')}`;
}

/** A metric as the launch rule sees it: which initiative it counts for, if it is a controllable input. */
export interface LaunchInput {
  initiativeId: string | null;
  kind: 'input' | 'output';
  controllable: boolean;
}

function countsForLaunch(metric: LaunchInput | null, initiativeId: string): boolean {
  return metric !== null && metric.initiativeId === initiativeId && metric.kind === 'input' && metric.controllable;
}

/**
 * Refuses a change to a metric (an edit, or a deletion when `after` is null) that would leave a launched
 * initiative without a controllable input metric: the gate that let it launch keeps holding after launch, or a
 * launched initiative could end up with nothing the team is watched on. `othersLinked` counts the initiative's
 * other controllable inputs.
 */
export function assertLaunchKeepsInput(initiative: { id: string; name: string; stage: InitiativeStage }, before: LaunchInput, after: LaunchInput | null, othersLinked: number): void {
  if (initiative.stage !== 'launched' || !countsForLaunch(before, initiative.id) || countsForLaunch(after, initiative.id) || othersLinked > 0) return;
  throw ruleViolation('pipeline.launched_input', `"${initiative.name}" is launched and this is its only controllable input metric: link another one to it first.`);
}

/**
 * What an active initiative lacks of what its stage stands on, after the move: a building initiative without a
 * single-threaded team (the team was moved or changed since), a launched one without a controllable input metric
 * (created at `launched` by an admin). The pipeline lists these as needing attention; nothing is refused.
 */
export function standingProblems(initiative: { stage: InitiativeStage; status: 'active' | 'paused' | 'done' }, evidence: { singleThreadedTeams: number; controllableInputMetrics: number }): GateCheck[] {
  if (initiative.status !== 'active') return [];
  const problems: GateCheck[] = [];
  if (initiative.stage === 'building' && evidence.singleThreadedTeams === 0) {
    problems.push({ rule: 'pipeline.team', met: false, message: 'It is being built, but no single-threaded team works on it.' });
  }
  if (initiative.stage === 'launched' && evidence.controllableInputMetrics === 0) {
    problems.push({ rule: 'pipeline.input_metric', met: false, message: 'It is launched, but no controllable input metric shows whether it works.' });
  }
  return problems;
}
