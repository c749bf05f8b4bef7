import { can, type Role } from '../accounts/roles.js';
import { AppError, ruleViolation } from '../errors.js';
import { assertNotChangedSince, fieldsToken } from '../stale-write.js';

/**
 * Sales discovery worked backwards. A seller earns the right to propose only after writing down, in the buyer's
 * words, what the buyer's executive will read about them in a year (the buyer's press release) and how the buyer
 * will judge it (success criteria with a baseline, a target and a date). A proposal goes out only when every
 * objection the buyer raised has an answer: an open objection at proposal time is the deal's likeliest way to die.
 */

export const OPEN_STAGES = ['discovery', 'solution', 'proposal'] as const;
export const OPPORTUNITY_STAGES = [...OPEN_STAGES, 'won', 'lost'] as const;
export type OpenStage = (typeof OPEN_STAGES)[number];
export type OpportunityStage = (typeof OPPORTUNITY_STAGES)[number];

export const OBJECTION_STATUSES = ['open', 'answered'] as const;
export type ObjectionStatus = (typeof OBJECTION_STATUSES)[number];

export const SALES_RULES = {
  'sales.closed': 'A won or lost opportunity stays where it is.',
  'sales.one_stage': 'An opportunity moves forward one stage at a time (discovery, solution, proposal, won); it may go back, or be lost from any open stage.',
  'sales.same_stage': 'A move goes to another stage.',
  'sales.press_release': 'Leaving discovery needs the buyer\'s press release with its headline and its outcome in measurable terms (a number).',
  'sales.success_criterion': 'Leaving discovery needs at least one complete success criterion: a metric, a baseline and a target given as figures, and a date.',
  'sales.objections_answered': 'Proposal and won need every objection answered.',
  'sales.lost_reason': 'A lost opportunity needs the reason it was lost.',
  'sales.back_reason': 'Moving an opportunity back needs the reason (what the buyer reopened), kept in its history.',
  'sales.discovery_kept': 'Past discovery, the press release and the last complete success criterion stay: they are what the deal is judged by.',
  'sales.answer_needed': 'An objection is answered only with an answer written.',
} as const;

export type SalesRule = keyof typeof SALES_RULES;

/** Limits shared by the API schemas, the web forms and these rules. */
export const SALES_LIMITS = {
  nameMaxLength: 120,
  /** The database's check (migration 2026-11-26T08-00) holds the same bound. */
  territoryMaxLength: 60,
  headlineMaxLength: 200,
  pressReleasePartMaxLength: 4000,
  criterionFieldMaxLength: 200,
  questionMaxLength: 500,
  answerMaxLength: 4000,
  reasonMaxLength: 2000,
} as const;

/** The buyer's future press release, in four parts a reader expects and the gate can check one by one. */
export interface BuyerPressRelease {
  headline: string;
  /** The buyer's problem, in the buyer's words. */
  problem: string;
  /** What changed for the buyer, in measurable terms. */
  outcome: string;
  /** What the buyer's executive says. */
  quote: string;
}

/** The press release as its editor read it (see fieldsToken): sent back with a save, a newer one refuses it. */
export function pressReleaseToken(pressRelease: BuyerPressRelease): string {
  return fieldsToken([pressRelease.headline, pressRelease.problem, pressRelease.outcome, pressRelease.quote]);
}

export interface SuccessCriterion {
  metric: string;
  baseline: string;
  target: string;
  /** 'YYYY-MM-DD', the day the buyer will judge it; null while unknown. */
  dueOn: string | null;
}

/** One success criterion as its editor read it (see fieldsToken): sent back with a change, a newer one refuses it. */
export function successCriterionToken(criterion: SuccessCriterion): string {
  return fieldsToken([criterion.metric, criterion.baseline, criterion.target, criterion.dueOn]);
}

/** What a removal refused for a colleague's change says about it: the newer content, in words (see removalRefusal). */
function quoted(text: string, max = 80): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return `“${line.length > max ? `${line.slice(0, max - 1)}…` : line}”`;
}

function criterionInWords(criterion: SuccessCriterion): string {
  return `${quoted(criterion.metric)} from ${criterion.baseline.trim() === '' ? 'no baseline' : quoted(criterion.baseline, 40)} to ${criterion.target.trim() === '' ? 'no target' : quoted(criterion.target, 40)}, ${criterion.dueOn === null ? 'no date' : `by ${criterion.dueOn}`}`;
}

function objectionInWords(objection: Objection): string {
  return `${quoted(objection.question)}, ${objection.status}${objection.answer.trim() === '' ? ', no answer' : `, answered ${quoted(objection.answer)}`}`;
}

/**
 * The refusal of a removal made from a stale read: it names what the colleague's change made of the item, so the
 * remover decides again on what is there now instead of deleting a newer edit unseen.
 */
export function removalRefusal(item: { kind: 'criterion'; criterion: SuccessCriterion } | { kind: 'objection'; objection: Objection }): string {
  const [what, words] = item.kind === 'criterion' ? ['success criterion', criterionInWords(item.criterion)] : ['objection', objectionInWords(item.objection)];
  return `Someone changed this ${what} after you opened it, so it was not removed. It now reads: ${words}. Remove it again if you still mean to.`;
}

/** What the stage gates read about one opportunity, at one moment. */
export interface DiscoveryFacts {
  stage: OpportunityStage;
  pressRelease: BuyerPressRelease;
  successCriteria: readonly SuccessCriterion[];
  openObjections: number;
}

export interface GateCheck {
  rule: SalesRule;
  met: boolean;
  /** What is there, or what is missing, in words a seller understands. */
  message: string;
}

export function stageLabel(stage: OpportunityStage): string {
  return stage.charAt(0).toUpperCase() + stage.slice(1);
}

export function isOpenStage(stage: OpportunityStage): stage is OpenStage {
  return (OPEN_STAGES as readonly string[]).includes(stage);
}

/** The stage after `stage` on the way to won, or null when it is closed. */
export function nextStage(stage: OpportunityStage): OpportunityStage | null {
  if (stage === 'discovery') return 'solution';
  if (stage === 'solution') return 'proposal';
  if (stage === 'proposal') return 'won';
  return null;
}

/** A month's name or its abbreviation, as a whole word ("mar" in "marks" is not March). */
const MONTH = '(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)(?!\\p{L})\\.?';
const DAY_NUMBER = '(?:0?[1-9]|[12]\\d|3[01])';
const DAY = `${DAY_NUMBER}(?:st|nd|rd|th)?`;
const MONTH_NUMBER = '(?:0?[1-9]|1[0-2])';
const YEAR = '(?:19|20)\\d\\d';
/** Nothing that continues a number: a date's last digits are not the start of "2027.5" or "30%". */
const END = '(?![\\p{L}\\p{N}%]|[.,]\\d)';
const dates = (...patterns: string[]) => patterns.map((pattern) => new RegExp(`(?<![\\p{L}\\p{N}])${pattern}${END}`, 'giu'));

/**
 * What holds digits but measures nothing: Markdown list markers, link targets and URLs, and dates (a "by when" is
 * not a "how much"). Dates are taken out whole, the longest forms first: "30 June 2027" before "June 2027", or its
 * day would be left behind as a figure.
 */
const NOT_A_FIGURE: readonly RegExp[] = [
  /^\s*\d+[.)](?=\s)/gm,
  /\]\([^)]*\)/g,
  /<?https?:\/\/\S+/gi,
  ...dates(
    // 2027-06-30, 2027/6/30, 2027.06.30; 30/06/2027, 06/30/2027, 30.06.27 (day and month in either order).
    `${YEAR}([-/.])${MONTH_NUMBER}\\1${DAY_NUMBER}`,
    `${DAY_NUMBER}([-/.])${DAY_NUMBER}\\1(?:${YEAR}|\\d\\d)`,
    // 30 June 2027, 30th of June, 2027; June 30, 2027, June 30th 2027.
    `${DAY}(?:\\s+of)?\\s+${MONTH},?\\s+${YEAR}`,
    `${MONTH}\\s+${DAY},?\\s+${YEAR}`,
    // June 2027; 2027-06, 2027/06; 06/2027 (not with a point: "2000.5" is a number).
    `${MONTH},?\\s+${YEAR}`,
    `${YEAR}[-/]${MONTH_NUMBER}`,
    `${MONTH_NUMBER}[-/]${YEAR}`,
    // Quarters and halves: Q3 2027, Q3-2027, Q3 FY27, Q3'27, 2027-Q3, H1 2028, the third quarter of 2027. A two-digit
    // year only with FY or an apostrophe: "Q1 50 new stores" keeps its figure.
    `[QH][1-4](?:\\s*[-/]?\\s*(?:FY\\s*'?)?${YEAR}|\\s*'\\d\\d|\\s*[-/]?\\s*FY\\s*'?\\d\\d)`,
    `${YEAR}\\s*[-/]?\\s*[QH][1-4]`,
    `(?:first|second|third|fourth|1st|2nd|3rd|4th)\\s+(?:quarter|half)\\s+(?:of\\s+)?(?:FY\\s*'?)?(?:${YEAR}|\\d\\d)`,
    // Fiscal years: FY2027, FY 2027, FY27, FY'27, FY2027/28.
    `FY\\s*'?(?:${YEAR}|\\d\\d)(?:[-/](?:${YEAR}|\\d\\d))?`,
    // A day and a month without the year: 30 June, 30th of June, June 30th.
    `${DAY}(?:\\s+of)?\\s+${MONTH}`,
    `${MONTH}\\s+${DAY}`,
  ),
  // "by 2027." is a date; "grew by 2000 orders" is not, so only a year of this era that ends its clause.
  /\b(?:in|by|before|until|since|after)\s+(?:(?:the\s+)?(?:end|start|spring|summer|autumn|fall|winter)\s+(?:of\s+)?)?20[2-9]\d(?=\s*(?:[.,;:!?)]|$))/gim,
];
/**
 * A figure: a number that starts where no word or other number does ("B2B", "S3", "ISO9001" name things; "FY2027"
 * is a year), or a number written out.
 */
const FIGURE = /(?<![\p{L}\p{N}])\d|\b(?:zero|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundreds?|thousands?|millions?|billions?|dozens?|half|halved|halves|double[ds]?|twice|triple[ds]?|percent)\b/iu;

/**
 * A measurable outcome holds a figure: "cut refund time from 6 days to 24 hours" can be checked in a year; "faster
 * refunds" cannot. Digits that measure nothing (a list marker "1.", a link, "B2B", a bare "by 2027") do not count,
 * and a figure written in words ("from six days to three", "halved") does.
 */
export function isMeasurable(text: string): boolean {
  const prose = NOT_A_FIGURE.reduce((rest, pattern) => rest.replace(pattern, ' '), text);
  return FIGURE.test(prose);
}

/**
 * A complete criterion is one the buyer can check on its date: what is measured, where it stands now and where it
 * must get to, both as figures ("58%" to "96%"; "today" to "better" checks nothing), and by when.
 */
export function isCriterionComplete(criterion: SuccessCriterion): boolean {
  return criterion.metric.trim() !== '' && isMeasurable(criterion.baseline) && isMeasurable(criterion.target) && criterion.dueOn !== null;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function pressReleaseCheck(pressRelease: BuyerPressRelease): GateCheck {
  const missing = [
    ...(pressRelease.headline.trim() === '' ? ['a headline'] : []),
    ...(pressRelease.outcome.trim() === '' ? ['the outcome'] : !isMeasurable(pressRelease.outcome) ? ['a number in the outcome (how much, by when)'] : []),
  ];
  return {
    rule: 'sales.press_release',
    met: missing.length === 0,
    message: missing.length === 0 ? `The buyer's press release has its headline and a measurable outcome.` : `The buyer's press release still needs ${missing.join(' and ')}.`,
  };
}

function successCriterionCheck(criteria: readonly SuccessCriterion[]): GateCheck {
  const complete = criteria.filter(isCriterionComplete).length;
  return {
    rule: 'sales.success_criterion',
    met: complete > 0,
    message: complete > 0 ? `${complete} complete success ${complete === 1 ? 'criterion' : 'criteria'}.`
      : criteria.length === 0 ? 'Add a success criterion: the metric the buyer will judge it by, its baseline, its target and the date.'
      : 'No success criterion is complete yet: each needs a metric, a baseline, a target and a date.',
  };
}

function objectionsCheck(openObjections: number): GateCheck {
  return {
    rule: 'sales.objections_answered',
    met: openObjections === 0,
    message: openObjections === 0 ? 'Every objection has an answer.' : `${plural(openObjections, 'objection')} still open: answer ${openObjections === 1 ? 'it' : 'them'} first.`,
  };
}

/** The checks of the gate into `stage`: all must be met to enter it (moves back and lost have none). */
export function gateChecks(facts: DiscoveryFacts, stage: OpportunityStage): GateCheck[] {
  switch (stage) {
    case 'solution':
      return [pressReleaseCheck(facts.pressRelease), successCriterionCheck(facts.successCriteria)];
    case 'proposal':
    case 'won':
      return [pressReleaseCheck(facts.pressRelease), successCriterionCheck(facts.successCriteria), objectionsCheck(facts.openObjections)];
    default:
      return [];
  }
}

/**
 * Checks a stage move and refuses it with the rule it breaks. Forward moves go one stage at a time through the
 * next stage's gate; moving back is allowed with a reason (the buyer reopened discovery); lost is allowed from any
 * open stage with a reason, so the team learns why deals die.
 */
export function assertCanMove(facts: DiscoveryFacts, to: OpportunityStage, reason: string): void {
  const from = facts.stage;
  if (!isOpenStage(from)) throw ruleViolation('sales.closed', `This opportunity is ${from}: it stays where it is.`);
  if (to === from) throw ruleViolation('sales.same_stage', `The opportunity is already in ${stageLabel(from).toLowerCase()}.`);
  if (to === 'lost') {
    if (reason.trim() === '') throw new AppError('rule_violation', 'Say why the opportunity was lost: the team learns from every deal it loses.', { rule: 'sales.lost_reason', field: 'reason' });
    return;
  }
  const order: readonly OpportunityStage[] = [...OPEN_STAGES, 'won'];
  if (order.indexOf(to) < order.indexOf(from)) {
    // A deal that goes back lost ground: the forecast and the team need to know why, as for an initiative sent back.
    if (reason.trim() === '') throw new AppError('rule_violation', `Say why the opportunity goes back to ${stageLabel(to).toLowerCase()}: what did the buyer reopen?`, { rule: 'sales.back_reason', field: 'reason' });
    return;
  }
  if (to !== nextStage(from)) throw ruleViolation('sales.one_stage', `From ${stageLabel(from).toLowerCase()} the next stage is ${nextStage(from)}: an opportunity moves forward one stage at a time.`);
  const failed = gateChecks(facts, to).find((check) => !check.met);
  if (failed) throw ruleViolation(failed.rule, failed.message);
}

/**
 * A move is made on what its mover saw. Chosen on a stale view it would land as another move: "back to solution" from
 * proposal moves a deal forward once a colleague has sent it back to discovery, undoing their decision, and "Mark won"
 * closes a deal on an amount its mover never read. `baseUpdatedAt` is the deal's `updatedAt` as the mover read it;
 * a move sent without one (a script) is not checked. The refusal names the stage the deal is in now.
 */
export function assertMoveOnCurrentRead(current: { name: string; stage: OpportunityStage; updatedAt: Date | string }, baseUpdatedAt: string | undefined): void {
  assertNotChangedSince(current.updatedAt, baseUpdatedAt, 'opportunity', {
    message: `"${current.name}" changed after you opened it, so it was not moved: it is now in ${stageLabel(current.stage).toLowerCase()}. Look at it again, then move it if you still mean to.`,
    data: { stage: current.stage },
  });
}

/**
 * A won or lost opportunity is the record of what was sold, or of why not: its fields and its discovery record stay
 * as they were when it closed, so the pipeline's history can be trusted.
 */
export function assertOpen(opportunity: { name: string; stage: OpportunityStage }): void {
  if (!isOpenStage(opportunity.stage)) throw ruleViolation('sales.closed', `"${opportunity.name}" is ${opportunity.stage}: its record stays as it was when it closed.`);
}

/**
 * Past discovery, the evidence that let the opportunity leave it must stay: a change that blanks the headline or
 * removes the last complete success criterion is refused, or the pipeline would show deals that never passed the gate.
 */
export function assertDiscoveryKept(facts: DiscoveryFacts): void {
  if (facts.stage === 'discovery' || facts.stage === 'lost') return;
  for (const check of [pressReleaseCheck(facts.pressRelease), successCriterionCheck(facts.successCriteria)]) {
    if (!check.met) throw ruleViolation('sales.discovery_kept', `This opportunity is past discovery: ${check.message.charAt(0).toLowerCase()}${check.message.slice(1)} Move it back to discovery first if the buyer reopened it.`);
  }
}

const invalid = (field: string, message: string) => new AppError('validation_failed', `${field}: ${message}`, { field });

function limited(value: string, field: string, max: number, isRequired: boolean): string {
  const text = value.trim();
  if (isRequired && text === '') throw invalid(field, 'must not be empty.');
  if (text.length > max) throw invalid(field, `must be at most ${max} characters.`);
  return text;
}

export function validatePressRelease(pressRelease: BuyerPressRelease): BuyerPressRelease {
  return {
    headline: limited(pressRelease.headline.replace(/\s+/g, ' '), 'headline', SALES_LIMITS.headlineMaxLength, false),
    problem: limited(pressRelease.problem, 'problem', SALES_LIMITS.pressReleasePartMaxLength, false),
    outcome: limited(pressRelease.outcome, 'outcome', SALES_LIMITS.pressReleasePartMaxLength, false),
    quote: limited(pressRelease.quote, 'quote', SALES_LIMITS.pressReleasePartMaxLength, false),
  };
}

export function validateSuccessCriterion(criterion: SuccessCriterion): SuccessCriterion {
  const max = SALES_LIMITS.criterionFieldMaxLength;
  return {
    metric: limited(criterion.metric, 'metric', max, true),
    baseline: limited(criterion.baseline, 'baseline', max, false),
    target: limited(criterion.target, 'target', max, false),
    dueOn: criterion.dueOn,
  };
}

export interface Objection {
  question: string;
  answer: string;
  status: ObjectionStatus;
}

/** One objection as its editor read it (see fieldsToken): sent back with a change, a newer answer refuses it. */
export function objectionToken(objection: Objection): string {
  return fieldsToken([objection.question, objection.answer, objection.status]);
}

export function validateObjection(objection: Objection): Objection {
  const question = limited(objection.question, 'question', SALES_LIMITS.questionMaxLength, true);
  const answer = limited(objection.answer, 'answer', SALES_LIMITS.answerMaxLength, false);
  if (objection.status === 'answered' && answer === '') {
    throw new AppError('rule_violation', 'Write the answer before marking the objection answered.', { rule: 'sales.answer_needed', field: 'answer' });
  }
  return { question, answer, status: objection.status };
}

/**
 * Who may change an opportunity and its discovery record: an admin, or its owner (through the login linked to
 * their person). The owner answers for the deal; others read it and talk to the owner.
 */
export function assertCanChangeOpportunity(actor: { role: Role; personId: string | null }, opportunity: { name: string; ownerPersonId: string | null }): void {
  if (can(actor.role, 'sales.manage')) return;
  if (actor.personId !== null && actor.personId === opportunity.ownerPersonId) return;
  throw new AppError('forbidden', `Only the owner of "${opportunity.name}" or an admin may change it.`);
}

/** Whether the viewer may change it, for pages that hide what the server would refuse. */
export function mayChangeOpportunity(actor: { role: Role; personId: string | null }, opportunity: { ownerPersonId: string | null }): boolean {
  return can(actor.role, 'sales.manage') || (actor.personId !== null && actor.personId === opportunity.ownerPersonId);
}

/**
 * In whose name a deal may be opened. A seller opens deals as their own owner: the owner answers for the deal, and
 * only its owner or an admin may change it afterwards, so a member who opened one in a colleague's name could not
 * even correct its amount. Naming someone else as owner is assigning them work, which is a sales leader's (an
 * admin's) decision, as is handing an existing deal over.
 */
export function assertCanOpenOpportunityFor(actor: { role: Role; personId: string | null }, ownerPersonId: string): void {
  if (mayOpenOpportunityFor(actor, ownerPersonId)) return;
  const message = actor.personId === null
    ? 'ownerPersonId: you open deals as their owner, and your login is not linked to a person of this org. Add yourself to the org chart first (or ask an admin to open it for you).'
    : 'ownerPersonId: you open deals as their owner; only an admin opens one in someone else\'s name.';
  throw new AppError('forbidden', message, { rule: 'sales.own_deals', field: 'ownerPersonId' });
}

/** Whether the viewer may open a deal owned by `ownerPersonId`, for forms that offer only what the server accepts. */
export function mayOpenOpportunityFor(actor: { role: Role; personId: string | null }, ownerPersonId: string): boolean {
  return can(actor.role, 'sales.manage') || (actor.personId !== null && actor.personId === ownerPersonId);
}

/**
 * The press release as Markdown, with the section headings the writing linter recognises (headline, problem,
 * quote), so the same checks that read a PR/FAQ read the buyer's press release.
 */
export function pressReleaseMarkdown(pressRelease: BuyerPressRelease): string {
  return [
    `# ${pressRelease.headline.trim() || 'Headline'}`,
    '## The problem',
    pressRelease.problem.trim(),
    '## Summary of the outcome',
    pressRelease.outcome.trim(),
    '## Quote from the executive',
    pressRelease.quote.trim(),
  ].join('\n\n') + '\n';
}
