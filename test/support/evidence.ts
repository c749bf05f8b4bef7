/**
 * Written evidence that the evidence rules take (at least EVIDENCE_MIN_WORDS words, src/domain/hiring/feedback-rules.ts):
 * one real sentence, with `detail` at the end when a test needs to tell pieces of evidence apart.
 */
export function writtenEvidence(detail?: string): string {
  return `Told of a decision they owned end to end, with the numbers${detail === undefined ? '' : ` (${detail})`}.`;
}
