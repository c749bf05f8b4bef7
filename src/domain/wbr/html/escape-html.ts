const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const ESCAPABLE = /[&<>"']/g;

/**
 * Escapes text for HTML element content and for quoted attribute values (both quote kinds), so a
 * string from a deck config — a title, a legend name, an annotation — can never become markup.
 */
export function escapeHtml(text: string | null | undefined): string {
  if (text === null || text === undefined) return '';
  const value = String(text);
  // Most deck strings need nothing; a character scan is cheaper than a regular expression for them.
  for (let i = 0; i < value.length; i += 1) {
    const code = value.charCodeAt(i);
    // & " ' < >
    if (code === 38 || code === 34 || code === 39 || code === 60 || code === 62) {
      return value.replace(ESCAPABLE, (character) => HTML_ESCAPES[character] ?? character);
    }
  }
  return value;
}
