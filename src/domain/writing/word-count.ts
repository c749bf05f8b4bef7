import { scanMarkdown } from './markdown-scanner.js';
import { tokenize } from './text-analysis.js';

/**
 * The words a reader reads in a Markdown text, counted once for all of Pulse as the writing checks count them: prose
 * only (heading marks, list markers, emphasis, link targets, code, diagrams' source and HTML left out), a hyphenated
 * word or a contraction one word. Playbooks' read time, a document's versions list and the writing checks' page
 * count all agree on it.
 */
export function countReadableWords(markdown: string): number {
  const { masked } = scanMarkdown(markdown);
  return tokenize(masked, 0, masked.length).length;
}
