import { describe, expect, it } from 'vitest';
import { appErrorOf as refusal } from '../../../test/support/app-error.js';
import { normalizeName } from '../names.js';
import {
  assertCanChangeOpportunity,
  assertCanMove,
  assertCanOpenOpportunityFor,
  assertDiscoveryKept,
  assertMoveOnCurrentRead,
  gateChecks,
  isMeasurable,
  mayChangeOpportunity,
  mayOpenOpportunityFor,
  nextStage,
  pressReleaseMarkdown,
  removalRefusal,
  validateObjection,
  validatePressRelease,
  validateSuccessCriterion,
  type DiscoveryFacts,
} from './opportunity-rules.js';
import { lintBuyerPressRelease, pressReleasePartOf } from './press-release-lint.js';

const written: DiscoveryFacts = {
  stage: 'discovery',
  pressRelease: {
    headline: 'Harbor Foods ships every fresh order the day it is placed',
    problem: '"Our pickers walk nine miles a shift and we still miss the evening trucks," says the operations lead.',
    outcome: 'Same-day shipments rose from 61% to 97% within 12 months.',
    quote: '"We stopped apologising to our stores," says Ana Ruiz, Chief Operating Officer.',
  },
  successCriteria: [{ metric: 'Orders shipped the same day', baseline: '61%', target: '97%', dueOn: '2027-11-30' }],
  openObjections: 0,
};

const facts = (change: Partial<DiscoveryFacts>): DiscoveryFacts => ({ ...written, ...change });

describe('stage moves', () => {
  it('refuses a move made on a stale read, naming the stage the deal is in now; one on the current read, or with no read, passes', () => {
    const deal = { name: 'Same-day fulfilment', stage: 'discovery' as const, updatedAt: new Date('2026-11-20T10:00:00.123Z') };
    expect(() => assertMoveOnCurrentRead(deal, '2026-11-20T10:00:00.123Z')).not.toThrow();
    // The same instant written with an offset is the same read.
    expect(() => assertMoveOnCurrentRead(deal, '2026-11-20T11:00:00.123+01:00')).not.toThrow();
    expect(() => assertMoveOnCurrentRead(deal, undefined)).not.toThrow();
    const stale = refusal(() => assertMoveOnCurrentRead(deal, '2026-11-19T09:00:00.000Z'));
    expect(stale).toMatchObject({ code: 'conflict', details: { field: 'baseUpdatedAt', data: { stage: 'discovery', updatedAt: '2026-11-20T10:00:00.123Z' } } });
    expect(stale.message).toBe('"Same-day fulfilment" changed after you opened it, so it was not moved: it is now in discovery. Look at it again, then move it if you still mean to.');
  });

  it('lets a written discovery move to solution, then proposal, then won, one stage at a time', () => {
    expect(() => assertCanMove(written, 'solution', '')).not.toThrow();
    expect(() => assertCanMove(facts({ stage: 'solution' }), 'proposal', '')).not.toThrow();
    expect(() => assertCanMove(facts({ stage: 'proposal' }), 'won', '')).not.toThrow();
    expect(nextStage('discovery')).toBe('solution');
    expect(nextStage('won')).toBeNull();
  });

  it('refuses to leave discovery without a headline, or with an outcome that holds no number (sales.press_release)', () => {
    const noHeadline = refusal(() => assertCanMove(facts({ pressRelease: { ...written.pressRelease, headline: ' ' } }), 'solution', ''));
    expect(noHeadline).toMatchObject({ code: 'rule_violation', details: { rule: 'sales.press_release' } });
    expect(noHeadline.message).toMatch(/headline/);
    const vague = refusal(() => assertCanMove(facts({ pressRelease: { ...written.pressRelease, outcome: 'Shipping got much faster.' } }), 'solution', ''));
    expect(vague.details.rule).toBe('sales.press_release');
    expect(vague.message).toMatch(/number in the outcome/);
  });

  it('refuses to leave discovery without a complete success criterion (sales.success_criterion)', () => {
    expect(refusal(() => assertCanMove(facts({ successCriteria: [] }), 'solution', '')).details.rule).toBe('sales.success_criterion');
    const incomplete = refusal(() => assertCanMove(facts({ successCriteria: [{ metric: 'Orders shipped', baseline: '61%', target: '', dueOn: '2027-01-01' }] }), 'solution', ''));
    expect(incomplete.details.rule).toBe('sales.success_criterion');
    expect(incomplete.message).toMatch(/complete/);
    expect(() => assertCanMove(facts({ successCriteria: [...written.successCriteria, { metric: 'Picker miles', baseline: '9', target: '', dueOn: null }] }), 'solution', '')).not.toThrow();
    // Words where the figures belong check nothing on the date.
    const vague = refusal(() => assertCanMove(facts({ successCriteria: [{ metric: 'Orders shipped', baseline: 'today', target: 'better', dueOn: '2027-01-01' }] }), 'solution', ''));
    expect(vague.details.rule).toBe('sales.success_criterion');
    expect(() => assertCanMove(facts({ successCriteria: [{ metric: 'Orders shipped', baseline: 'half of them', target: 'nine in ten', dueOn: '2027-01-01' }] }), 'solution', '')).not.toThrow();
  });

  it('refuses proposal and won with an objection still open (sales.objections_answered)', () => {
    const proposal = refusal(() => assertCanMove(facts({ stage: 'solution', openObjections: 2 }), 'proposal', ''));
    expect(proposal.details.rule).toBe('sales.objections_answered');
    expect(proposal.message).toBe('2 objections still open: answer them first.');
    expect(refusal(() => assertCanMove(facts({ stage: 'proposal', openObjections: 1 }), 'won', '')).details.rule).toBe('sales.objections_answered');
    // Solution may start with objections open: they are what the solution stage works through.
    expect(() => assertCanMove(facts({ openObjections: 3 }), 'solution', '')).not.toThrow();
  });

  it('refuses lost without a reason (sales.lost_reason), naming the field', () => {
    expect(refusal(() => assertCanMove(written, 'lost', '  ')).details).toEqual({ rule: 'sales.lost_reason', field: 'reason' });
    expect(() => assertCanMove(facts({ stage: 'proposal', openObjections: 4 }), 'lost', 'Chose to build it in-house.')).not.toThrow();
  });

  it('refuses skipping a stage, staying put, and moving a closed opportunity; allows going back', () => {
    expect(refusal(() => assertCanMove(written, 'proposal', '')).details.rule).toBe('sales.one_stage');
    expect(refusal(() => assertCanMove(written, 'won', '')).details.rule).toBe('sales.one_stage');
    expect(refusal(() => assertCanMove(written, 'discovery', '')).details.rule).toBe('sales.same_stage');
    expect(refusal(() => assertCanMove(facts({ stage: 'won' }), 'proposal', '')).details.rule).toBe('sales.closed');
    expect(refusal(() => assertCanMove(facts({ stage: 'lost' }), 'discovery', '')).details.rule).toBe('sales.closed');
    expect(() => assertCanMove(facts({ stage: 'proposal', successCriteria: [], openObjections: 1 }), 'discovery', 'The buyer changed their success metric.')).not.toThrow();
  });

  it('refuses going back without a reason (sales.back_reason), naming the field', () => {
    expect(refusal(() => assertCanMove(facts({ stage: 'proposal' }), 'solution', ' ')).details).toEqual({ rule: 'sales.back_reason', field: 'reason' });
    expect(refusal(() => assertCanMove(facts({ stage: 'solution' }), 'discovery', '')).message).toMatch(/goes back to discovery: what did the buyer reopen\?/);
  });

  it('lists what each gate reads, met or not, for the page to show', () => {
    const checks = gateChecks(facts({ successCriteria: [], openObjections: 1 }), 'proposal');
    expect(checks.map((check) => [check.rule, check.met])).toEqual([['sales.press_release', true], ['sales.success_criterion', false], ['sales.objections_answered', false]]);
    expect(gateChecks(written, 'lost')).toEqual([]);
  });
});

describe('assertDiscoveryKept', () => {
  it('refuses, past discovery, a record that would no longer pass the discovery gate (sales.discovery_kept)', () => {
    expect(refusal(() => assertDiscoveryKept(facts({ stage: 'solution', successCriteria: [] }))).details.rule).toBe('sales.discovery_kept');
    expect(refusal(() => assertDiscoveryKept(facts({ stage: 'won', pressRelease: { ...written.pressRelease, headline: '' } }))).details.rule).toBe('sales.discovery_kept');
    expect(() => assertDiscoveryKept(facts({ successCriteria: [] }))).not.toThrow();
    expect(() => assertDiscoveryKept(facts({ stage: 'lost', successCriteria: [] }))).not.toThrow();
  });
});

describe('validation', () => {
  it('trims the press release and names a part that is too long', () => {
    expect(validatePressRelease({ ...written.pressRelease, headline: '  Harbor   Foods ships ' }).headline).toBe('Harbor Foods ships');
    expect(refusal(() => validatePressRelease({ ...written.pressRelease, outcome: 'x'.repeat(4001) })).details.field).toBe('outcome');
  });

  it('needs a metric in a success criterion, the rest may come later', () => {
    expect(refusal(() => validateSuccessCriterion({ metric: ' ', baseline: '', target: '', dueOn: null })).details.field).toBe('metric');
    expect(validateSuccessCriterion({ metric: ' Orders ', baseline: '', target: '', dueOn: null }).metric).toBe('Orders');
  });

  it('refuses an objection marked answered without an answer (sales.answer_needed)', () => {
    expect(refusal(() => validateObjection({ question: 'Will it work with our WMS?', answer: ' ', status: 'answered' })).details).toEqual({ rule: 'sales.answer_needed', field: 'answer' });
    expect(refusal(() => validateObjection({ question: '', answer: '', status: 'open' })).details.field).toBe('question');
  });

  it('treats an outcome with a figure as measurable, and normalises names', () => {
    expect(isMeasurable('from 6 days to 24 hours')).toBe(true);
    expect(isMeasurable('a lot faster')).toBe(false);
    expect(normalizeName('  Harbor   Foods ')).toBe('Harbor Foods');
  });

  it('is not fooled by a digit that measures nothing (a list marker, a link, a product name, a date)', () => {
    expect(isMeasurable('1. Faster refunds for every store')).toBe(false);
    expect(isMeasurable('Refunds are [much faster](https://example.test/case-2)')).toBe(false);
    expect(isMeasurable('Our B2B buyers love the new S3 exports')).toBe(false);
    expect(isMeasurable('Refunds are faster by 2027.')).toBe(false);
    expect(isMeasurable('By March 2027, refunds are faster.')).toBe(false);
    expect(isMeasurable('Refunds are faster from 2027-03-31')).toBe(false);
  });

  it('takes no date for a figure, in any of the ways sellers write one', () => {
    const dates = [
      'faster by 30 June 2027', 'faster by 30th June 2027', 'faster by the 30th of June, 2027', 'faster by June 30, 2027', 'faster by June 30th 2027',
      'faster by 30 June', 'faster by June 30th', 'faster by June 2027', 'faster by Sept. 2027',
      'faster by Q3 2027', 'faster by Q3-2027', "faster by Q3'27", 'faster by Q3 FY27', 'faster by 2027-Q3', 'faster by H1 2028', 'faster by the third quarter of 2027',
      'faster in FY2027', 'faster in FY27', 'faster in FY 2027', "faster in FY'27", 'faster in FY2027/28',
      'faster by 06/2027', 'faster in 2027-06', 'faster by 2027/06', 'faster by 30/06/2027', 'faster by 06/30/2027', 'faster by 30.06.2027', 'faster by 30-06-27',
      'faster by 2027-06-30', 'faster from 2027-06-30 on', 'faster in 2027.', 'faster by the end of 2027',
    ];
    expect(dates.filter((text) => isMeasurable(text))).toEqual([]);
  });

  it('still finds the figure beside a date, and takes no month for a date inside a word', () => {
    const figures = [
      'cut by 30%', '30% faster by 30 June 2027', 'orders picked in 2 hours', 'a $1.2M saving', 'Pickers are 3x faster', '500 orders a day by Q3 2027',
      'from 6 days to 24 hours by 06/2027', 'Q1 50 new stores', '2 mayors back it', 'orders rose 20 marks', 'grew 1,500 orders in FY2027', 'cost down to $2000.5 a month',
    ];
    expect(figures.filter((text) => !isMeasurable(text))).toEqual([]);
  });

  it('reads a real outcome as measurable, figures in words included', () => {
    expect(isMeasurable('Refund time halved, from six days to three, by March 2027.')).toBe(true);
    expect(isMeasurable('Same-day shipments rose from 61% to 97% within 12 months.')).toBe(true);
    expect(isMeasurable('Pickers are 3x faster')).toBe(true);
    expect(isMeasurable('Returns grew by 2000 orders a week')).toBe(true);
    expect(isMeasurable('Returns grew by 2000.')).toBe(true);
    expect(isMeasurable('Twice as many stores reorder online')).toBe(true);
    expect(isMeasurable('1. Refunds paid in 24 hours, down from 6 days')).toBe(true);
  });
});

describe('who may change an opportunity', () => {
  const opportunity = { name: 'Harbor Foods fulfilment', ownerPersonId: 'kofi' };
  it('lets an admin and the owner change it, and refuses any other member', () => {
    expect(() => assertCanChangeOpportunity({ role: 'admin', personId: null }, opportunity)).not.toThrow();
    expect(() => assertCanChangeOpportunity({ role: 'member', personId: 'kofi' }, opportunity)).not.toThrow();
    const error = refusal(() => assertCanChangeOpportunity({ role: 'member', personId: 'sam' }, opportunity));
    expect(error).toMatchObject({ code: 'forbidden', message: 'Only the owner of "Harbor Foods fulfilment" or an admin may change it.' });
    expect(mayChangeOpportunity({ role: 'member', personId: null }, { ownerPersonId: null })).toBe(false);
  });
});

describe('the buyer\'s press release and the writing linter', () => {
  it('builds Markdown with the headline first and reads it with the PR/FAQ style checks, not the whole-document ones', () => {
    expect(pressReleaseMarkdown(written.pressRelease).startsWith('# Harbor Foods ships every fresh order')).toBe(true);
    const clean = lintBuyerPressRelease(written.pressRelease);
    expect(clean.findings.map((finding) => finding.ruleId)).not.toContain('prfaq.missing-section');
    expect(clean.findings.map((finding) => finding.ruleId)).not.toContain('prfaq.faq-coverage');
    const weasel = lintBuyerPressRelease({ ...written.pressRelease, outcome: 'Shipping was significantly improved by various synergies.' });
    expect(weasel.findings.length).toBeGreaterThan(clean.findings.length);
  });

  it('names the part a finding is in, not a line of the Markdown the seller never sees', () => {
    const vague = lintBuyerPressRelease({
      headline: 'Harbor Foods leverages synergies',
      problem: 'It is very bad and was done by them.',
      outcome: 'Shipping was significantly improved.',
      quote: '"It was arguably better," says Ana Ruiz, COO.',
    });
    const parts = new Set(vague.findings.map((finding) => pressReleasePartOf(finding)));
    expect(parts).toEqual(new Set(['headline', 'problem', 'outcome', 'quote']));
    expect(pressReleasePartOf({ sectionKey: 'document' })).toBeNull();
  });
});

describe('who a deal may be opened for', () => {
  it('lets an admin open one for anyone and a member only for themself; a member with no person opens none', () => {
    expect(mayOpenOpportunityFor({ role: 'admin', personId: null }, 'p-kofi')).toBe(true);
    expect(mayOpenOpportunityFor({ role: 'member', personId: 'p-mia' }, 'p-mia')).toBe(true);
    expect(mayOpenOpportunityFor({ role: 'member', personId: 'p-mia' }, 'p-kofi')).toBe(false);
    expect(mayOpenOpportunityFor({ role: 'member', personId: null }, 'p-kofi')).toBe(false);
    expect(refusal(() => assertCanOpenOpportunityFor({ role: 'member', personId: 'p-mia' }, 'p-kofi')).details).toMatchObject({ rule: 'sales.own_deals', field: 'ownerPersonId' });
    expect(refusal(() => assertCanOpenOpportunityFor({ role: 'member', personId: null }, 'p-kofi')).message).toMatch(/not linked to a person/);
    expect(() => assertCanOpenOpportunityFor({ role: 'admin', personId: 'p-dana' }, 'p-kofi')).not.toThrow();
  });
});

describe('a removal refused for a colleague\'s change', () => {
  it('says what the item now reads, shortening a long answer', () => {
    expect(removalRefusal({ kind: 'criterion', criterion: { metric: 'Pick rate', baseline: '', target: '97%', dueOn: null } })).toBe(
      'Someone changed this success criterion after you opened it, so it was not removed. It now reads: “Pick rate” from no baseline to “97%”, no date. Remove it again if you still mean to.',
    );
    const message = removalRefusal({ kind: 'objection', objection: { question: 'Price?', answer: `Yes, ${'a'.repeat(200)}`, status: 'answered' } });
    expect(message).toMatch(/“Price\?”, answered, answered “Yes, a+…”\./);
  });
});
