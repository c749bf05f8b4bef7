// Shared by the linter's unit tests: lint a text and keep one rule's findings.
import { lintMarkdown } from '../../src/domain/writing/lint.js';
import type { LintFinding } from '../../src/domain/writing/lint.js';
import type { DocumentKind } from '../../src/domain/writing/document-model.js';
import { resolveLintSettings } from '../../src/domain/writing/lint-settings.js';
import type { RuleId } from '../../src/domain/writing/lint-settings.js';

export function findingsOf(markdown: string, ruleId: RuleId, kind: DocumentKind = 'memo', settings: unknown = {}): LintFinding[] {
  return lintMarkdown(markdown, { kind, settings: resolveLintSettings(settings) }).findings.filter((finding) => finding.ruleId === ruleId);
}

/** The flagged texts of one rule, as written. */
export function flagged(markdown: string, ruleId: RuleId, kind: DocumentKind = 'memo', settings: unknown = {}): string[] {
  return findingsOf(markdown, ruleId, kind, settings).map((finding) => markdown.slice(finding.start, finding.end));
}

/** A complete, clean PR/FAQ to change one part of at a time. */
export const COMPLETE_PRFAQ = `# Plotwise tells gardeners what to plant this week

*A weekly planting list for each gardener's own yard.*

## Summary

Plotwise sends home gardeners a short list every Monday: what to sow, what to move and what to pick.

## Problem

Seed packets speak to the average garden, and no garden is average.

## Solution

Plotwise turns the gardener's notes and the local forecast into one list.

## Quote from the leader

"Every gardener has a drawer of notes," said Maya Ortiz, who leads Plotwise.

## How it works

Gardeners type their postcode and pick their beds.

## Customer quote

"I planted beans two weeks early and missed the frost," said Tom Reyes.

## Call to action

Gardeners can try Plotwise free at plotwise.example.

## External FAQ

### What does it cost?

Four dollars a month after a free season.

## Internal FAQ

### How good is the forecast?

Frost dates were right within three days in nine towns out of ten.
`;
