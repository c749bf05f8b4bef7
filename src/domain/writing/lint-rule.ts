/**
 * What a writing rule is and what it reports. Rules are pure: they read the document model and
 * the settings, and report findings through the context; the engine (lint.ts) adds positions,
 * anchors, severities and the ranking.
 */
import type { DocumentKind, DocumentSection, LintZone, WritingDocument } from './document-model.js';
import type { LintSettings, RuleId, Severity } from './lint-settings.js';
import type { PhraseMatcher } from './phrase-matcher.js';

export interface LintFinding {
  readonly ruleId: RuleId;
  readonly severity: Severity;
  readonly message: string;
  /** One line: why the rule matters. */
  readonly why: string;
  /** Source offsets of the flagged text. */
  readonly start: number;
  readonly end: number;
  /** 1-based line and column of the start and end. */
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  /** The section the finding is in, or 'document' for findings about the whole document: an id for machines. */
  readonly sectionKey: string;
  /** The section's heading as the writer wrote it (markup removed), for people; '' when it has none (the whole document, or text before any heading). */
  readonly sectionTitle: string;
  readonly zone: LintZone | 'document';
  /** The flagged text as written (at most 80 characters). */
  readonly excerpt: string;
  /** Stable identity of the finding across versions: section key and flagged words, no offsets. */
  readonly anchor: string;
  /** Findings of this rule per 100 words of the section: used to rank warnings. */
  readonly density: number;
}

export interface TextRange {
  readonly start: number;
  readonly end: number;
}

/** The vocabularies of one settings object, compiled once. */
export interface CompiledVocabulary {
  readonly jargon: PhraseMatcher;
  readonly weasel: PhraseMatcher;
  readonly hedge: PhraseMatcher;
  readonly technicalTerms: PhraseMatcher;
  readonly knownAcronyms: ReadonlySet<string>;
}

export interface RuleContext {
  readonly document: WritingDocument;
  readonly settings: LintSettings;
  readonly vocabulary: CompiledVocabulary;
  /**
   * Reports a finding. `section` undefined means the whole document; `anchorText` replaces the
   * flagged text in the anchor where that text is not stable (e.g. a word count).
   */
  report(range: TextRange, section: DocumentSection | undefined, message: string, anchorText?: string): void;
}

export interface LintRule {
  readonly id: RuleId;
  readonly defaultSeverity: Severity;
  /** The document kinds the rule applies to. */
  readonly kinds: readonly DocumentKind[];
  /** What the rule catches, in a few words. */
  readonly title: string;
  /** One line: why it matters. */
  readonly why: string;
  check(context: RuleContext): void;
}
