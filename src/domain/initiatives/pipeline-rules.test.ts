import { describe, expect, it } from 'vitest';
import { isAppError } from '../errors.js';
import { assertCanMove, assertDocumentLinkChangeable, assertNotAwaitingReading, assertStageAsSeen, assertInitiativeNotKilled, assertLaunchKeepsInput, GATE_EVIDENCE, gateChecks, gatedStage, nextStage, standingProblems, type PipelineFacts, readingDecisionReason, REASON_MAX_LENGTH, stageAfterReading } from './pipeline-rules.js';
import { PIPELINE_STAGES } from './stages.js';

const ready: PipelineFacts = {
  stage: 'idea',
  status: 'active',
  prfaq: { title: 'Robot', currentVersion: 1, verdict: 'compelling', verdictTally: { version: 1, compelling: 2, notYet: 1, reviewers: 3 }, judgedEarlierVersion: null, faq: { external: 2, internal: 1, unanswered: 0 } },
  memo: { title: 'Refunds', lintErrors: 0, readingDecision: 'approve', currentVersion: 2, readingVersion: 2, isReadingBeforeReview: false },
  leadership: { stlName: 'Lee', problems: [] },
  singleThreadedTeams: 1,
  controllableInputMetrics: 1,
};

function ruleOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    if (isAppError(error)) return error.details.rule ?? error.code;
    throw error;
  }
  return undefined;
}

describe('the pipeline rules', () => {
  it('walks every stage in order when every gate is met, and stops after launch', () => {
    for (const [index, stage] of PIPELINE_STAGES.slice(0, -1).entries()) {
      const to = PIPELINE_STAGES[index + 1]!;
      expect(nextStage(stage)).toBe(to);
      expect(assertCanMove({ ...ready, stage }, to, '  ok  ')).toBe('ok');
    }
    expect(nextStage('launched')).toBeNull();
    expect(nextStage('killed')).toBeNull();
  });

  it('refuses a reason too long to keep, naming the field in its message as well as in its details', () => {
    expect(() => assertCanMove(ready, 'press_release', 'x'.repeat(REASON_MAX_LENGTH + 1))).toThrow(
      expect.objectContaining({ code: 'validation_failed', message: `reason: must be at most ${REASON_MAX_LENGTH} characters.`, details: { field: 'reason' } }),
    );
  });

  it('names the gate that is not met, one per stage', () => {
    const cases: Array<[PipelineFacts, (typeof PIPELINE_STAGES)[number], string]> = [
      [{ ...ready, prfaq: null }, 'press_release', 'pipeline.prfaq_linked'],
      [{ ...ready, stage: 'press_release', prfaq: { ...ready.prfaq!, verdict: 'not_yet' } }, 'faq', 'pipeline.press_release_compelling'],
      // Judged compelling, then a new draft saved: the verdict was on another draft, and the current one has none.
      [{ ...ready, stage: 'press_release', prfaq: { ...ready.prfaq!, currentVersion: 2, verdict: null, verdictTally: null, judgedEarlierVersion: 1 } }, 'faq', 'pipeline.press_release_compelling'],
      // Judged compelling, then outvoted: more "not yet" votes than compelling ones on the judged version since.
      [{ ...ready, stage: 'press_release', prfaq: { ...ready.prfaq!, verdictTally: { version: 1, compelling: 1, notYet: 2, reviewers: 3 } } }, 'faq', 'pipeline.press_release_compelling'],
      [{ ...ready, stage: 'faq', prfaq: { ...ready.prfaq!, faq: { external: 1, internal: 0, unanswered: 0 } } }, 'memo', 'pipeline.faq_answered'],
      [{ ...ready, stage: 'faq', prfaq: { ...ready.prfaq!, faq: { external: 1, internal: 1, unanswered: 1 } } }, 'memo', 'pipeline.faq_answered'],
      [{ ...ready, stage: 'memo', memo: { ...ready.memo!, lintErrors: 2 } }, 'reading_review', 'pipeline.memo_checks'],
      [{ ...ready, stage: 'reading_review', memo: { ...ready.memo!, readingDecision: 'iterate' } }, 'approved', 'pipeline.reading_approved'],
      // An approval of an earlier draft, or from a reading held before this round of review, approves nothing now.
      [{ ...ready, stage: 'reading_review', memo: { ...ready.memo!, readingVersion: 1 } }, 'approved', 'pipeline.reading_approved'],
      [{ ...ready, stage: 'reading_review', memo: { ...ready.memo!, isReadingBeforeReview: true } }, 'approved', 'pipeline.reading_approved'],
      [{ ...ready, stage: 'approved', leadership: { stlName: 'Lee', problems: ['Lee is 50% on it.'] } }, 'staffing', 'pipeline.stl'],
      [{ ...ready, stage: 'approved', leadership: { stlName: null, problems: [] } }, 'staffing', 'pipeline.stl'],
      [{ ...ready, stage: 'staffing', singleThreadedTeams: 0 }, 'building', 'pipeline.team'],
      [{ ...ready, stage: 'building', controllableInputMetrics: 0 }, 'launched', 'pipeline.input_metric'],
    ];
    for (const [facts, to, rule] of cases) {
      expect(ruleOf(() => assertCanMove(facts, to, ''))).toBe(rule);
      expect(gateChecks(facts, to)).toEqual([expect.objectContaining({ rule, met: false })]);
    }
  });

  it('reads the verdict on the press release\'s current version only, and says a new draft needs a verdict of its own', () => {
    const redrafted = { ...ready, stage: 'press_release' as const, prfaq: { ...ready.prfaq!, currentVersion: 3, verdict: null, verdictTally: null, judgedEarlierVersion: 2 } };
    expect(gateChecks(redrafted, 'faq')[0]!.message).toBe('Reviewers judged version 2, and version 3 is a new draft: a new draft needs a verdict of its own before the FAQ stage. Ask reviewers to vote on version 3 and record its verdict.');
    // Judged on the new draft, the gate opens; never judged at all, it says so.
    expect(gateChecks({ ...redrafted, prfaq: { ...redrafted.prfaq, verdict: 'compelling', verdictTally: { version: 3, compelling: 1, notYet: 0, reviewers: 1 } } }, 'faq')[0]!.met).toBe(true);
    expect(gateChecks({ ...redrafted, prfaq: { ...redrafted.prfaq, judgedEarlierVersion: null } }, 'faq')[0]!.message).toBe('Reviewers have not judged the press release yet.');
  });

  it('moves a paused or done initiative back or kills it, never forward', () => {
    for (const status of ['paused', 'done'] as const) {
      expect(ruleOf(() => assertCanMove({ ...ready, status, stage: 'staffing' }, 'building', ''))).toBe('pipeline.paused');
      expect(assertCanMove({ ...ready, status, stage: 'staffing' }, 'approved', 'Leader left.')).toBe('Leader left.');
      expect(assertCanMove({ ...ready, status, stage: 'staffing' }, 'killed', 'No budget.')).toBe('No budget.');
    }
  });

  it('records what the gate read when a move forward gives no reason of its own', () => {
    expect(assertCanMove({ ...ready, stage: 'building' }, 'launched', '')).toBe('Passed the gate: Launch needs at least one controllable input metric linked to the initiative.');
    expect(assertCanMove({ ...ready, stage: 'building' }, 'launched', ' Live in Seattle. ')).toBe('Live in Seattle.');
  });

  it('keeps a document a gate has read linked until the initiative goes back, and a killed one as it ended', () => {
    const at = (stage: PipelineFacts['stage']) => ({ name: 'Robot', stage });
    for (const stage of ['idea', 'press_release'] as const) expect(ruleOf(() => assertDocumentLinkChangeable(at(stage), 'prfaq', true, 'prfaqDocumentId'))).toBeUndefined();
    for (const stage of ['faq', 'memo', 'reading_review', 'approved', 'staffing', 'building', 'launched'] as const) {
      expect(ruleOf(() => assertDocumentLinkChangeable(at(stage), 'prfaq', true, 'prfaqDocumentId'))).toBe('pipeline.document_judged');
    }
    for (const stage of ['idea', 'press_release', 'faq', 'memo'] as const) expect(ruleOf(() => assertDocumentLinkChangeable(at(stage), 'memo', true, 'memoDocumentId'))).toBeUndefined();
    for (const stage of ['reading_review', 'approved', 'launched'] as const) {
      expect(ruleOf(() => assertDocumentLinkChangeable(at(stage), 'memo', true, 'memoDocumentId'))).toBe('pipeline.document_judged');
    }
    expect(ruleOf(() => assertDocumentLinkChangeable(at('killed'), 'memo', false, 'memoDocumentId'))).toBe('pipeline.closed');
    // With none linked no gate read one: work recorded at a later stage links its documents there.
    expect(ruleOf(() => assertDocumentLinkChangeable(at('reading_review'), 'memo', false, 'memoDocumentId'))).toBeUndefined();
    expect(ruleOf(() => assertInitiativeNotKilled(at('killed'), 'status'))).toBe('pipeline.closed');
    expect(ruleOf(() => assertInitiativeNotKilled(at('launched'), 'status'))).toBeUndefined();
  });

  it('decides each gate on the evidence GATE_EVIDENCE names for it, which is all the service loads', () => {
    const nothing: Omit<PipelineFacts, 'stage' | 'status'> = { prfaq: null, memo: null, leadership: { stlName: null, problems: [] }, singleThreadedTeams: 0, controllableInputMetrics: 0 };
    for (const stage of PIPELINE_STAGES) {
      const partial = { ...ready, ...nothing, ...Object.fromEntries(GATE_EVIDENCE[stage].map((key) => [key, ready[key]])) };
      expect(gateChecks(partial, stage)).toEqual(gateChecks(ready, stage));
      if (stage !== 'idea') expect(gateChecks({ ...ready, ...nothing }, stage).some((check) => !check.met)).toBe(true);
    }
    expect(gatedStage('memo', 'reading_review')).toBe('reading_review');
    expect(gatedStage('memo', 'faq')).toBeNull();
    expect(gatedStage('memo', 'killed')).toBeNull();
    expect(gatedStage('launched', 'killed')).toBeNull();
  });

  it('says what the FAQ still lacks, and what a leadership problem is', () => {
    const faq = gateChecks({ ...ready, prfaq: { ...ready.prfaq!, faq: { external: 0, internal: 0, unanswered: 3 } } }, 'memo')[0]!;
    expect(faq.message).toBe('The FAQ still needs a customer (external) question, an internal (stakeholder) question, answers to 3 unanswered questions.');
    expect(gateChecks({ ...ready, leadership: { stlName: 'Lee', problems: ['Lee is 50% on it.'] } }, 'staffing')[0]!.message).toBe('Lee is 50% on it.');
  });

  it('moves back or kills only with a reason, never skips forward, keeps killed where it is, and lets a launched one only be retired', () => {
    expect(ruleOf(() => assertCanMove({ ...ready, stage: 'idea' }, 'faq', ''))).toBe('pipeline.one_stage');
    expect(ruleOf(() => assertCanMove({ ...ready, stage: 'memo' }, 'faq', ' '))).toBe('pipeline.reason');
    expect(assertCanMove({ ...ready, stage: 'memo', prfaq: null }, 'faq', 'The FAQ missed pricing.')).toBe('The FAQ missed pricing.');
    expect(ruleOf(() => assertCanMove({ ...ready, stage: 'memo' }, 'killed', ''))).toBe('pipeline.reason');
    expect(assertCanMove({ ...ready, stage: 'building' }, 'killed', 'No market.')).toBe('No market.');
    expect(ruleOf(() => assertCanMove({ ...ready, stage: 'memo' }, 'memo', 'x'))).toBe('pipeline.same_stage');
    expect(assertCanMove({ ...ready, stage: 'launched' }, 'killed', ' Retired: customers moved to the new app. ')).toBe('Retired: customers moved to the new app.');
    expect(ruleOf(() => assertCanMove({ ...ready, stage: 'launched' }, 'killed', ''))).toBe('pipeline.reason');
    expect(ruleOf(() => assertCanMove({ ...ready, stage: 'launched' }, 'building', 'x'))).toBe('pipeline.closed');
    expect(ruleOf(() => assertCanMove({ ...ready, stage: 'killed' }, 'idea', 'x'))).toBe('pipeline.closed');
    expect(ruleOf(() => assertCanMove({ ...ready, stage: 'memo' }, 'killed', 'x'.repeat(2001)))).toBe('validation_failed');
  });

  it('keeps a launched initiative with a controllable input: its last one may not go, another may', () => {
    const launched = { id: 'robot', name: 'Robot', stage: 'launched' as const };
    const input = { initiativeId: 'robot', kind: 'input' as const, controllable: true };
    expect(ruleOf(() => assertLaunchKeepsInput(launched, input, null, 0))).toBe('pipeline.launched_input');
    expect(ruleOf(() => assertLaunchKeepsInput(launched, input, { ...input, initiativeId: null }, 0))).toBe('pipeline.launched_input');
    expect(ruleOf(() => assertLaunchKeepsInput(launched, input, { ...input, controllable: false }, 0))).toBe('pipeline.launched_input');
    expect(ruleOf(() => assertLaunchKeepsInput(launched, input, null, 1))).toBeUndefined();
    expect(ruleOf(() => assertLaunchKeepsInput(launched, input, { ...input, definition: 'x' } as typeof input, 0))).toBeUndefined();
    expect(ruleOf(() => assertLaunchKeepsInput({ ...launched, stage: 'building' }, input, null, 0))).toBeUndefined();
    expect(ruleOf(() => assertLaunchKeepsInput(launched, { ...input, kind: 'output', controllable: false }, null, 0))).toBeUndefined();
  });

  it('flags an active building initiative without a team and a launched one without an input, nothing else', () => {
    const none = { singleThreadedTeams: 0, controllableInputMetrics: 0 };
    expect(standingProblems({ stage: 'building', status: 'active' }, none).map((problem) => problem.rule)).toEqual(['pipeline.team']);
    expect(standingProblems({ stage: 'launched', status: 'active' }, none).map((problem) => problem.rule)).toEqual(['pipeline.input_metric']);
    expect(standingProblems({ stage: 'launched', status: 'done' }, none)).toEqual([]);
    expect(standingProblems({ stage: 'building', status: 'active' }, { singleThreadedTeams: 1, controllableInputMetrics: 0 })).toEqual([]);
    expect(standingProblems({ stage: 'memo', status: 'active' }, none)).toEqual([]);
  });
});

describe('a reading review\'s decision in the pipeline', () => {
  it('takes an approval on, another draft back to the memo, a kill to killed', () => {
    expect([stageAfterReading('approve'), stageAfterReading('iterate'), stageAfterReading('kill')]).toEqual(['approved', 'memo', 'killed']);
  });

  it('gives the move the decision and the notes as its reason, cut to the length a reason may have', () => {
    expect(readingDecisionReason('iterate', 'Same-day refunds', 'Add the fraud data.')).toBe('The reading review asked for another draft of "Same-day refunds": Add the fraud data.');
    const long = readingDecisionReason('kill', 'Same-day refunds', 'x'.repeat(4000));
    expect(long).toHaveLength(REASON_MAX_LENGTH);
    expect(long.endsWith('…')).toBe(true);
  });

  it('refuses a move from a stale page (conflict, field from) and checks nothing when the caller saw no stage', () => {
    expect(() => assertStageAsSeen('approved', 'approved')).not.toThrow();
    expect(() => assertStageAsSeen('approved', undefined)).not.toThrow();
    try {
      assertStageAsSeen('approved', 'reading_review');
      expect.unreachable();
    } catch (error) {
      expect(isAppError(error) && { code: error.code, field: error.details.field, data: error.details.data, message: error.message }).toEqual({
        code: 'conflict',
        field: 'from',
        data: { stage: 'approved' },
        message: 'The initiative moved from the reading review stage to the approved stage after you opened it: reload it to see why, then decide again.',
      });
    }
  });

  it('keeps an initiative at its reading review while a reading of its memo is under way, except for a kill', () => {
    const underWay = { meetingId: 'm1' };
    expect(() => assertNotAwaitingReading('reading_review', 'memo', underWay)).toThrow(expect.objectContaining({ details: { rule: 'pipeline.reading_under_way', data: { meetingId: 'm1' } } }));
    expect(() => assertNotAwaitingReading('reading_review', 'approved', underWay)).toThrow(expect.objectContaining({ details: expect.objectContaining({ rule: 'pipeline.reading_under_way' }) }));
    expect(() => assertNotAwaitingReading('reading_review', 'killed', underWay)).not.toThrow();
    expect(() => assertNotAwaitingReading('reading_review', 'memo', null)).not.toThrow();
    // A reading of the memo started before the initiative reached its review holds nothing else back.
    expect(() => assertNotAwaitingReading('memo', 'reading_review', underWay)).not.toThrow();
  });
});
