import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { assertCanDecide, type DebriefDecisionInput } from './debrief-rules.js';

const open = { isBarRaiser: true, isDebriefOpen: true, alreadyDecided: false };
const because = 'Owned the outage end to end, yet shrugged off every question on how the team was told.';

/** The refusal assertCanDecide throws for this input, or undefined if it takes it. */
function refusalOf(input: DebriefDecisionInput): AppError | undefined {
  try {
    assertCanDecide(input, open);
    return undefined;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
}

describe('the debrief decision against the bar', () => {
  it('refuses a hire the bar raiser judged not better than half: the bar is the rule', () => {
    expect(refusalOf({ decision: 'hire', isBetterThanHalf: false, justification: because })?.details).toMatchObject({ rule: 'debrief.raise_the_bar' });
  });

  it('takes a no for a candidate above the bar, since a veto may rest on something else, with its justification', () => {
    expect(assertCanDecide({ decision: 'no_hire', isBetterThanHalf: true, justification: `  ${because}  ` }, open)).toEqual({ decision: 'no_hire', isBetterThanHalf: true, justification: because });
    expect(refusalOf({ decision: 'no_hire', isBetterThanHalf: true, justification: 'No.' })?.details).toMatchObject({ field: 'justification' });
  });
});
