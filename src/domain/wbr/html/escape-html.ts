const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const NEEDS_ESCAPE = /[&<>"']/;
const ESCAPABLE = /[&<>"']/g;

/**
 * Escapes text for HTML element content and for quoted attribute values (both quote kinds), so a
 * string from a deck config — a title, a legend name, an annotation — can never become markup.
 */
export function escapeHtml(text: string | null | undefined): string {
  if (text === null || text === undefined) return '';
  const value = String(text);
  // Most deck strings need nothing; testing first skips building a new string for them.
  return NEEDS_ESCAPE.test(value) ? value.replace(ESCAPABLE, (character) => HTML_ESCAPES[character] ?? character) : value;
}
