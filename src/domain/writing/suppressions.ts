/**
 * Suppressions: an author may silence one finding, by rule id and anchor, with a reason. The
 * finding is not dropped: it moves to the `suppressed` list with its reason, so reviewers see what
 * was waved through and why. A suppression that matches nothing any more (the text changed) is
 * reported as stale rather than silently kept.
 */
import { AppError } from '../errors.js';
import type { LintFinding } from './lint-rule.js';
import { isHardRule, RULE_IDS } from './lint-settings.js';
import type { RuleId } from './lint-settings.js';

export interface Suppression {
  readonly ruleId: RuleId;
  /** The finding's anchor (`section-key/flagged words`): stable while that text stays. */
  readonly anchor: string;
  readonly reason: string;
  /** Who suppressed it, when known (kept with the document for reviewers). */
  readonly author?: string;
}

export interface SuppressedFinding {
  readonly finding: LintFinding;
  readonly suppression: Suppression;
}

export interface SuppressionResult {
  /** Findings still in force, in their ranked order. */
  readonly active: readonly LintFinding[];
  /** Findings a suppression covers, each with its reason. */
  readonly suppressed: readonly SuppressedFinding[];
  /** Suppressions that match no finding (the text they were about has changed). */
  readonly stale: readonly Suppression[];
}

export function applySuppressions(findings: readonly LintFinding[], suppressions: readonly Suppression[]): SuppressionResult {
  const byKey = new Map<string, Suppression>();
  // A hard check is never silenced (see HARD_MEMO_RULES): its suppression covers nothing, so it is listed as stale.
  for (const suppression of suppressions) if (!isHardRule(suppression.ruleId)) byKey.set(keyOf(suppression.ruleId, suppression.anchor), suppression);
  const used = new Set<Suppression>();
  const active: LintFinding[] = [];
  const suppressed: SuppressedFinding[] = [];
  for (const finding of findings) {
    const suppression = byKey.get(keyOf(finding.ruleId, finding.anchor));
    if (suppression === undefined) {
      active.push(finding);
      continue;
    }
    used.add(suppression);
    suppressed.push({ finding, suppression });
  }
  return { active, suppressed, stale: suppressions.filter((suppression) => !used.has(suppression)) };
}

/** Refuses to suppress a hard check of a memo: the text has to change instead. */
export function assertSuppressible(ruleId: RuleId, field = 'ruleId'): void {
  if (isHardRule(ruleId)) {
    throw new AppError('rule_violation', `${ruleId} is a hard check of a memo and cannot be suppressed: rewrite the text (it gates the reading review).`, { field, rule: 'memo.hard_checks' });
  }
}

/** Builds a suppression for a finding, refusing one without a reason (the reason is the point). */
export function suppressFinding(finding: Pick<LintFinding, 'ruleId' | 'anchor'>, reason: string, author?: string): Suppression {
  const trimmed = reason.trim();
  if (trimmed === '') throw new AppError('validation_failed', `A suppression of ${finding.ruleId} needs a reason that reviewers will read.`, { field: 'reason' });
  return author === undefined ? { ruleId: finding.ruleId, anchor: finding.anchor, reason: trimmed } : { ruleId: finding.ruleId, anchor: finding.anchor, reason: trimmed, author };
}

/** Checks suppressions that come from outside (stored with a document, or a file). */
export function parseSuppressions(input: unknown, where = 'suppressions'): Suppression[] {
  if (!Array.isArray(input)) throw new AppError('validation_failed', `${where} must be a list of { ruleId, anchor, reason }.`, { field: where });
  return input.map((item: unknown, index) => parseSuppression(item, `${where}[${index}]`));
}

/** Checks one suppression from outside; `field` names it in errors (`body` for one sent alone, so `body.ruleId`). */
export function parseSuppression(item: unknown, field = 'suppression'): Suppression {
  if (typeof item !== 'object' || item === null) throw new AppError('validation_failed', `${field} must be an object { ruleId, anchor, reason }.`, { field });
  const { ruleId, anchor, reason, author } = item as Record<string, unknown>;
  if (typeof ruleId !== 'string' || !(RULE_IDS as readonly string[]).includes(ruleId)) throw new AppError('validation_failed', `${field}.ruleId must be a rule id (see docs/writing-checks.md).`, { field: `${field}.ruleId` });
  if (typeof anchor !== 'string' || anchor.trim() === '') throw new AppError('validation_failed', `${field}.anchor must be the anchor of a finding.`, { field: `${field}.anchor` });
  if (typeof reason !== 'string' || reason.trim() === '') throw new AppError('validation_failed', `${field}.reason must say why the finding does not apply.`, { field: `${field}.reason` });
  if (author !== undefined && typeof author !== 'string') throw new AppError('validation_failed', `${field}.author must be a text.`, { field: `${field}.author` });
  return suppressFinding({ ruleId: ruleId as RuleId, anchor }, reason, author);
}

/**
 * Suppressions written in the Markdown itself, for documents kept in git:
 * `<!-- lint-ignore style.passive-voice: the actor is unknown -->` silences that rule for the
 * next block (paragraph, list, heading). Returns suppressions for the findings it covers.
 */
export function inlineSuppressions(findings: readonly LintFinding[], comments: ReadonlyArray<{ readonly end: number; readonly text: string; readonly line: number }>, blockStarts: readonly number[]): Suppression[] {
  const result: Suppression[] = [];
  for (const comment of comments) {
    const directive = /^lint-ignore\s+([^\s:]+)(?:\s*[:—]\s*([\s\S]*))?$/.exec(comment.text);
    if (directive === null) continue;
    const ruleId = directive[1] as string;
    if (!(RULE_IDS as readonly string[]).includes(ruleId)) throw new AppError('validation_failed', `lint-ignore names an unknown rule "${ruleId}".`, { line: comment.line, field: 'lint-ignore' });
    const reason = (directive[2] ?? '').trim();
    if (reason === '') throw new AppError('validation_failed', `lint-ignore ${ruleId} needs a reason after a colon.`, { line: comment.line, field: 'lint-ignore' });
    if (isHardRule(ruleId as RuleId)) {
      throw new AppError('rule_violation', `lint-ignore cannot silence ${ruleId}: it is a hard check of a memo; rewrite the text instead.`, { line: comment.line, field: 'lint-ignore', rule: 'memo.hard_checks' });
    }
    const blockStart = blockStarts.find((start) => start >= comment.end);
    if (blockStart === undefined) continue;
    const blockEnd = blockStarts.find((start) => start > blockStart) ?? Number.POSITIVE_INFINITY;
    for (const finding of findings) {
      if (finding.ruleId === ruleId && finding.start >= blockStart && finding.start < blockEnd) result.push({ ruleId: finding.ruleId, anchor: finding.anchor, reason });
    }
  }
  return result;
}

function keyOf(ruleId: string, anchor: string): string {
  return `${ruleId}\u0000${anchor}`;
}
